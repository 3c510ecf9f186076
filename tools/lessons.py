"""Keep the lesson sequence in step: README's table, next-lesson links, exercise titles and links.

    python tools/course.py lessons           rewrite whatever has drifted from the sequence
    python tools/course.py lessons --check   change nothing; list every drift, exit 1 if any

The sequence is the numbered files in notebooks/, in order: lesson NN is notebooks/NN_topic.ipynb,
titled by its heading "# Lesson NN · Title". From it follow
  - README.md's lesson table, between the two LESSON_TABLE marker comments;
  - each lesson's last line, "Next: [Lesson NN · Title](NN_topic.ipynb)"; the last lesson says
    "This is the last lesson. Back to the start: [Lesson 01 · …](01_….ipynb)";
  - each solutions/NN_topic.ipynb: its heading "# Exercises NN · Title", its prerequisite link
    to the lesson, and its "Next:" link (with "and its exercises" when the next lesson has some);
  - every link between notebooks: a link to NN_topic.ipynb follows the file when it is renumbered
    (found by its topic), and a link text "Lesson NN" or "Lesson NN · Title" names that lesson;
  - "Lesson NN completed" in a lesson's code says its own number.
To renumber, `git mv` the files and run this. What it cannot repair (a lesson without a heading or
a "Next:" line, stale stored outputs) is listed, and it exits 1. exercises/ is generated from
solutions/: run `python tools/course.py exercises` afterwards.
"""
import argparse
import re
import sys
from pathlib import Path
from typing import NamedTuple

import nbformat

from colab import badge_source, colab_url, read_settings
from course import ROOT

TABLE_START = ("<!-- LESSON_TABLE: written by `python3 tools/course.py lessons` "
               "from the notebooks -->")
TABLE_END = "<!-- /LESSON_TABLE -->"
TABLE_HEAD = "| # | Lesson | Run on Colab | Exercises |\n|---|---|---|---|"

LESSON_HEADING = re.compile(r"^# Lesson (\d+) · (.+?)[ \t]*$", re.M)
EXERCISES_HEADING = re.compile(r"^# Exercises (\d+) · (.+?)[ \t]*$", re.M)
# A link to a numbered notebook: [text](dir/NN_topic.ipynb#anchor). Only text and file are matched;
# the anchor (which may hold parentheses) is left alone.
LINK = re.compile(r"\[(?P<text>[^\]]*)\]\((?P<dir>(?:\.\./(?:notebooks|solutions|exercises)/)?)"
                  r"(?P<number>\d\d)_(?P<topic>[\w-]+)\.ipynb(?=[#)])")
# A link text that starts with a lesson number: "Lesson 03 · Title", "Lesson 03", "03 §2".
LINK_TEXT = re.compile(r"(?P<prefix>(?:Lesson |Exercises )?)(?P<number>\d\d)\b(?P<rest>.*)", re.S)
# The closing line of a lesson or a solution, prose before it untouched.
END_LINE = re.compile(r"(?:This is the last lesson\.\s+)?(?:Next|Back to the start):\s*"
                      r"\[Lesson [^\]]*\]\([^)\s]*\)(?:\s+and its\s+exercises)?")
PREREQUISITES = re.compile(r"\*\*Prerequisites[.:]\*\*[^\n]*?(\[Lesson [^\]]*\]\([^)\s]*\))")
COMPLETED = re.compile(r"Lesson (\d\d) completed")


class Lesson(NamedTuple):
    number: str        # "01"
    name: str          # "01_intuition.ipynb"
    title: str | None  # "What an activation function does"; None without a "# Lesson" heading
    exercises: bool    # solutions/<name> exists

    @property
    def label(self):
        return f"Lesson {self.number} · {self.title}"


def sequence(root=ROOT):
    """The lessons in order, read from notebooks/."""
    lessons = []
    for path in sorted((Path(root) / "notebooks").glob("[0-9][0-9]_*.ipynb")):
        nb = nbformat.read(path, as_version=4)
        heading = next((m for c in nb.cells if c.cell_type == "markdown"
                        for m in [LESSON_HEADING.search(c.source)] if m), None)
        lessons.append(Lesson(path.name[:2], path.name, heading and heading[2],
                              (Path(root) / "solutions" / path.name).exists()))
    return lessons


def readme_table(lessons, repository, branch):
    """README's lesson table, marker lines included."""
    rows = [TABLE_START, TABLE_HEAD]
    for lesson in lessons:
        lesson_path, exercise_path = f"notebooks/{lesson.name}", f"exercises/{lesson.name}"
        exercises = "" if not lesson.exercises else (
            f"[exercises]({exercise_path}) · [Colab]({colab_url(exercise_path, repository, branch)})")
        rows.append(f"| {lesson.number} | [{lesson.title}]({lesson_path}) | "
                    f"{badge_source(lesson_path, repository, branch)} | {exercises} |")
    return "\n".join(rows + [TABLE_END])


def end_line(lessons, index, folder):
    """Lesson `index`'s closing line, as written in `folder` ("notebooks" or "solutions")."""
    prefix = "" if folder == "notebooks" else "../notebooks/"
    if index + 1 == len(lessons):
        first = lessons[0]
        return f"This is the last lesson. Back to the start: [{first.label}]({prefix}{first.name})"
    following = lessons[index + 1]
    extra = " and its exercises" if folder == "solutions" and following.exercises else ""
    return f"Next: [{following.label}]({prefix}{following.name}){extra}"


class _Notebook:
    """One notebook being checked: collects its drifts and the repaired cells."""

    def __init__(self, root, path):
        self.path, self.relpath = path, path.relative_to(root).as_posix()
        self.nb = nbformat.read(path, as_version=4)
        self.problems, self.changed = [], False

    def report(self, what, fixed=True):
        self.problems.append((f"{self.relpath}: {what}", fixed))

    def markdown(self):
        return [c for c in self.nb.cells if c.cell_type == "markdown"]

    def replace(self, cell, old, new, what):
        if old != new and old in cell.source:
            self.report(what)
            cell.source = cell.source.replace(old, new)
            self.changed = True


def _check_links(notebook, by_topic, folder):
    """Links to renumbered notebooks, and link texts naming the wrong lesson number or title."""
    for cell in notebook.markdown():
        for link in list(LINK.finditer(cell.source)):
            lesson = by_topic.get(link["topic"])
            if lesson is None:
                continue  # no such lesson: test_notebooks' link test reports a missing file
            text = link["text"].replace(f"{link['number']}_{link['topic']}.ipynb", lesson.name)
            label = LINK_TEXT.fullmatch(text)
            if label:
                rest = label["rest"]
                to_lesson = (link["dir"] or f"../{folder}/") == "../notebooks/"
                if to_lesson and label["prefix"] == "Lesson " and rest.startswith(" · "):
                    rest = f" · {lesson.title}"
                text = f"{label['prefix']}{lesson.number}{rest}"
            new = f"[{text}]({link['dir']}{lesson.name}"
            notebook.replace(cell, link[0], new, f"link '{link[0]}' should be '{new}'")


def _check_end_line(notebook, expected):
    found = [(c, m) for c in notebook.markdown() for m in END_LINE.finditer(c.source)]
    if len(found) != 1:
        notebook.report(f"{len(found)} closing lines; expected one: {expected}", fixed=False)
    else:
        cell, match = found[0]
        notebook.replace(cell, match[0], expected, f"closing line should read: {expected}")


def _check_lesson(notebook, lessons, index):
    lesson = lessons[index]
    cell, heading = next((c, m) for c in notebook.markdown()
                         for m in [LESSON_HEADING.search(c.source)] if m)
    notebook.replace(cell, heading[0], f"# {lesson.label}",
                     f"heading says Lesson {heading[1]}, the file is lesson {lesson.number}")
    _check_end_line(notebook, end_line(lessons, index, "notebooks"))
    for cell in notebook.nb.cells:
        if cell.cell_type != "code":
            continue
        for number in set(COMPLETED.findall(cell.source)) - {lesson.number}:
            notebook.replace(cell, f"Lesson {number} completed",
                             f"Lesson {lesson.number} completed", f"prints 'Lesson {number} completed'; re-execute it: "
                             f"python tools/course.py execute {notebook.relpath}")
        shown = "".join(o.get("text", "") for o in cell.get("outputs", []))
        if set(COMPLETED.findall(shown)) - {lesson.number}:
            notebook.report(f"a stored output says another lesson completed; re-execute it: "
                            f"python tools/course.py execute {notebook.relpath}", fixed=False)


def _check_solution(notebook, lessons):
    index = next((i for i, lesson in enumerate(lessons) if lesson.name == notebook.path.name), None)
    if index is None:
        notebook.report(f"no lesson notebooks/{notebook.path.name} for these exercises",
                        fixed=False)
        return
    lesson = lessons[index]
    for pattern, expected, what in (
            (EXERCISES_HEADING, f"# Exercises {lesson.number} · {lesson.title}", "heading"),
            (PREREQUISITES, f"[{lesson.label}](../notebooks/{lesson.name})", "prerequisite link")):
        found = next(((c, m) for c in notebook.markdown()
                      for m in [pattern.search(c.source)] if m), None)
        if found is None:
            notebook.report(f"no {what}; expected {expected}", fixed=False)
        else:
            cell, match = found
            old = match[0] if pattern is EXERCISES_HEADING else match[1]
            notebook.replace(cell, old, expected, f"{what} should be {expected}")
    _check_end_line(notebook, end_line(lessons, index, "solutions"))


def _check_readme(root, lessons, write):
    readme = Path(root) / "README.md"
    text = readme.read_text(encoding="utf-8")
    start, end = text.find(TABLE_START), text.find(TABLE_END)
    if start < 0 or end < start:
        return [("README.md: no lesson table between the LESSON_TABLE markers", False)]
    expected = readme_table(lessons, *read_settings(Path(root) / "pyproject.toml"))
    current = text[start:end + len(TABLE_END)]
    rows = current.splitlines()
    problems = [(f"README.md: the table's row of {lesson.label} is missing or differs", True)
                for lesson, row in zip(lessons, expected.splitlines()[3:]) if row not in rows]
    problems += [(f"README.md: the table's row '{row[:40]}…' belongs to no lesson", True)
                 for row in rows if row not in expected.splitlines()]
    if problems and write:
        readme.write_text(text[:start] + expected + text[end + len(TABLE_END):], encoding="utf-8")
    return problems


def check_tree(root=ROOT, write=False):
    """Every drift under `root` as (message, fixable) pairs; with `write`, repair what can be."""
    root = Path(root)
    lessons = sequence(root)
    problems = []
    numbers = [lesson.number for lesson in lessons]
    for number in sorted({n for n in numbers if numbers.count(n) > 1}):
        problems.append((f"notebooks/: more than one lesson is numbered {number}", False))
    untitled = [f"notebooks/{lesson.name}: no '# Lesson NN · Title' heading" for lesson in lessons
                if lesson.title is None]
    if untitled:  # every other check needs the titles
        return problems + [(message, False) for message in untitled]
    by_topic = {lesson.name[3:-6]: lesson for lesson in lessons}
    for index, lesson in enumerate(lessons):
        notebook = _Notebook(root, root / "notebooks" / lesson.name)
        _check_lesson(notebook, lessons, index)
        _check_links(notebook, by_topic, "notebooks")
        problems += notebook.problems
        if write and notebook.changed:
            nbformat.write(notebook.nb, notebook.path)
    for path in sorted((root / "solutions").glob("[0-9][0-9]_*.ipynb")):
        notebook = _Notebook(root, path)
        _check_solution(notebook, lessons)
        _check_links(notebook, by_topic, "solutions")
        problems += notebook.problems
        if write and notebook.changed:
            nbformat.write(notebook.nb, notebook.path)
    return problems + _check_readme(root, lessons, write)


def main(argv, root=ROOT):
    parser = argparse.ArgumentParser(prog="python tools/course.py lessons", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--check", action="store_true",
                        help="change nothing; list every drift and exit 1 if any")
    args = parser.parse_args(argv)
    problems = check_tree(root, write=not args.check)
    for message, fixable in problems:
        print(message + (" (fixed)" if fixable and not args.check else ""))
    left = [message for message, fixable in problems if args.check or not fixable]
    if left:
        print(f"{len(left)} drift(s); " + ("`python tools/course.py lessons` repairs what it can "
                                          "and names the rest" if args.check else "see above"))
        return 1
    print("The lessons, solutions/ and README.md's table are in step."
          + ("" if args.check else " Then run: python tools/course.py exercises"))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
