"""Grade students' exercise notebooks with the course's own checks: a gradebook, feedback per
student, and a summary of the class.

    python tools/course.py grade SUBMISSION [SUBMISSION ...] --out DIR [--lesson NN]
                                 [--timeout SECONDS] [--jobs N]

SUBMISSION: an .ipynb file, or a folder searched recursively for them. Each notebook's lesson
comes from its metadata (stamped by the exercise generator), else from an NN_ in its file name;
--lesson NN overrides both. Writes DIR/gradebook.csv, DIR/feedback/<submission>.md and
DIR/summary.md. Exits 0 when everything given was graded (failed tasks are results), 2 on a
usage error.

Submissions are untrusted. Each one's code runs only in a child process of its own (a scratch
folder, course_utils handed over in memory, resource limits, a timeout); the checks run in the
grader's worker processes, which imported them before any submission ran, and only values
cross back (grading/sandbox.py). The course's files are fingerprinted before grading and
checked after every submission: a change is reported and undone. See the README's "Grading"
section for what this does not defend against.
"""
import argparse
import concurrent.futures
import csv
import hashlib
import multiprocessing
import os
import re
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(Path(__file__).resolve().parent / "grading"))

import judge  # noqa: E402 - needs the path above

STATUSES = ("passed", "failed", "not done", "error", "timeout")
GUARDED = ("course_utils", "tools", "notebooks", "solutions", "exercises", "pyproject.toml")


# --- the course's files: a snapshot, what changed, undoing it ------------------------------------

def course_files(root=ROOT, tops=GUARDED):
    """{relative path: bytes} of the files a submission could tamper with to change grades."""
    files = {}
    for top in tops:
        path = root / top
        paths = [path] if path.is_file() else sorted(p for p in path.rglob("*") if p.is_file()
                                                       and "__pycache__" not in p.parts)
        for p in paths:
            files[p.relative_to(root).as_posix()] = p.read_bytes()
    return files


def changed_files(snapshot, root=ROOT):
    """The guarded files that differ from `snapshot` now (changed, added or removed)."""
    now = course_files(root)
    return sorted(name for name in snapshot.keys() | now.keys() if snapshot.get(name) != now.get(name))


def restore(snapshot, names, root=ROOT):
    """Put the files `names` back as they are in `snapshot` (removing those it does not hold)."""
    for name in names:
        path = root / name
        if name in snapshot:
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(snapshot[name])
        elif path.exists():
            path.unlink()


# --- finding submissions ------------------------------------------------------------------------

def find_submissions(arguments):
    """[(path, name)]: every .ipynb given or under a folder given, with a unique, readable name
    (its path below the folder given)."""
    found = []
    for argument in arguments:
        path = Path(argument)
        if path.is_dir():
            found += [(p, p.relative_to(path).as_posix()) for p in sorted(path.rglob("*.ipynb"))
                      if ".ipynb_checkpoints" not in p.parts]
        elif path.is_file():
            found.append((path, path.name))
        else:
            raise ValueError(f"{argument}: no such file or folder")
    seen, unique = {}, []
    for path, name in ((path, one_line(name)) for path, name in found):
        seen[name] = seen.get(name, 0) + 1
        unique.append((path, name if seen[name] == 1 else f"{name} ({seen[name]})"))
    return unique


# --- the work -----------------------------------------------------------------------------------

def _worker_setup(course_files, preload_keras):
    # TensorFlow's start-up notes would fill the instructor's terminal.
    os.environ.update(TF_CPP_MIN_LOG_LEVEL="3", TF_ENABLE_ONEDNN_OPTS="0")
    judge.prepare(course_files, preload_keras)


def _warm(_):
    return os.getpid()


def _grade_one(cells, slug, tasks, timeout):
    start = time.monotonic()
    rows, notes = judge.grade(cells, slug, tasks, timeout)
    return rows, notes, time.monotonic() - start


def grade_all(submissions, lesson_override, timeout, jobs, snapshot, say=print):
    """Grade [(path, name)]; return [judge.Graded] in the order given."""
    lessons = judge.course_lessons(ROOT)
    graded, pending = [], []
    for path, name in submissions:
        try:
            nb = judge.read_notebook(judge.read_submission(path))
            lesson = judge.lesson_of(nb, name, lesson_override, lessons)
        except (judge.NotGradable, OSError) as err:
            graded.append(judge.Graded(name, "", [judge.Row("", "error", f"{name}: {err}")]))
            continue
        graded.append(judge.Graded(name, lesson, []))
        pending.append((len(graded) - 1, judge.code_cells(nb), lessons[lesson]))
    for graded_one in graded:
        if graded_one.rows:
            say(f"{graded_one.submission}: not graded: {graded_one.rows[0].message}")
    if not pending:
        return graded
    keras = any(lesson.slug == "keras" for _, _, lesson in pending)
    context = multiprocessing.get_context("spawn")
    jobs = max(1, min(jobs, len(pending)))
    utils = {name: data for name, data in snapshot.items() if name.startswith("course_utils/")}
    with concurrent.futures.ProcessPoolExecutor(jobs, mp_context=context, initializer=_worker_setup,
                                                initargs=(utils, keras)) as pool:
        # Start every worker now, before any submission runs: each imports the checks then.
        list(pool.map(_warm, range(jobs)))
        futures = {pool.submit(_grade_one, cells, lesson.slug, lesson.tasks, timeout): index
                   for index, cells, lesson in pending}
        for done, future in enumerate(concurrent.futures.as_completed(futures), 1):
            one = graded[futures[future]]
            try:
                one.rows, one.notes, one.seconds = future.result()
            except Exception as err:  # noqa: BLE001 - a grader bug must not lose the others
                one.rows = [judge.Row(task[1][0], "error", f"the grader failed: {type(err).__name__}: {err}")
                            for task in lessons[one.lesson].tasks]
            tampered = changed_files(snapshot)
            if tampered:
                restore(snapshot, tampered)
                one.notes.append("the course's files changed while this submission was graded "
                                 f"(with up to {jobs} in parallel) and were put back: "
                                 + ", ".join(tampered[:10]))
            counts = {s: sum(r.status == s for r in one.rows) for s in STATUSES}
            say(f"[{done}/{len(pending)}] {one.submission} (lesson {one.lesson}): "
                + ", ".join(f"{n} {s}" for s, n in counts.items() if n) + f" ({one.seconds:.1f} s)")
    return graded


# --- reports ------------------------------------------------------------------------------------

CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f]")


def clean(text):
    """Text safe to write and print: what UTF-8 cannot hold (a lone surrogate from a student's
    message, an undecodable byte in a file name) is escaped."""
    return str(text).encode("utf-8", "backslashreplace").decode("utf-8")


def one_line(text):
    """clean() text with control characters (newlines, terminal escapes) made visible: for names."""
    return CONTROL.sub(lambda c: f"\\x{ord(c[0]):02x}", clean(text))


def _cell(text):
    """A spreadsheet-safe cell: text a spreadsheet would run as a formula gets a leading '."""
    text = clean(text)
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text


def feedback_name(submission):
    """A file name for the submission's feedback: its letters, digits, dots, dashes and
    underscores, cut to 100 characters plus a short hash of the whole name when longer."""
    stem = re.sub(r"\.ipynb$", "", clean(submission))
    name = re.sub(r"[^A-Za-z0-9._-]+", "_", stem).strip("._") or "submission"
    if len(name) > 100:
        name = f"{name[:100]}-{hashlib.sha256(stem.encode()).hexdigest()[:8]}"
    return name


def write_reports(graded, out):
    out = Path(out)
    (out / "feedback").mkdir(parents=True, exist_ok=True)
    with open(out / "gradebook.csv", "w", newline="", encoding="utf-8-sig") as f:
        writer = csv.writer(f, quoting=csv.QUOTE_MINIMAL)
        writer.writerow(["submission", "lesson", "task", "status", "message"])
        for one in graded:
            for row in one.rows:
                writer.writerow([_cell(one.submission), one.lesson, row.task, row.status, _cell(row.message)])
    used = set()
    for one in graded:
        name = feedback_name(one.submission)
        while name in used:
            name += "_"
        used.add(name)
        (out / "feedback" / f"{name}.md").write_text(clean(_feedback(one)), encoding="utf-8")
    (out / "summary.md").write_text(clean(_summary(graded)), encoding="utf-8")


def _feedback(one):
    passed = sum(r.status == "passed" for r in one.rows)
    lines = [f"# Feedback: {one.submission}", ""]
    if one.lesson:
        lines += [f"Lesson {one.lesson}: {passed} of {len(one.rows)} tasks passed.", ""]
    for row in one.rows:
        lines += [f"## {row.task or 'the notebook'}: {row.status}", "", "```text", row.message, "```", ""]
    if one.notes:
        lines += ["## Notes", ""] + [f"- {note}" for note in one.notes] + [""]
    return "\n".join(lines)


def _summary(graded):
    tasks = []
    for one in graded:
        tasks += [r.task for r in one.rows if r.task and r.task not in tasks]
    mark = {"passed": "✔", "failed": "✘", "not done": "…", "error": "error", "timeout": "timeout"}
    lines = ["# Grading summary", "", f"{len(graded)} submission(s). ✔ passed · ✘ failed · … not done.", "",
             "| submission | lesson | " + " | ".join(f"`{t}`" for t in tasks) + " |",
             "|---|---|" + "---|" * len(tasks)]
    for one in graded:
        status = {r.task: r.status for r in one.rows}
        cells = [mark.get(status[t], status[t]) if t in status else "" for t in tasks]
        if not one.lesson:
            cells = [f"not graded: {one.rows[0].message}"] + [""] * (len(tasks) - 1) if tasks else []
        lines.append(f"| {one.submission.replace('|', '/')} | {one.lesson} | " + " | ".join(cells) + " |")
    lines += ["", "## Pass rate per task", "", "| task | passed | of | rate |", "|---|---|---|---|"]
    for t in tasks:
        statuses = [r.status for one in graded for r in one.rows if r.task == t]
        passed = statuses.count("passed")
        lines.append(f"| `{t}` | {passed} | {len(statuses)} | {passed / len(statuses):.0%} |")
    notes = [(one.submission, note) for one in graded for note in one.notes if "course's files" in note]
    if notes:
        lines += ["", "## Changes to the course's files", ""] + [f"- {s}: {n}" for s, n in notes]
    return "\n".join(lines) + "\n"


def main(argv):
    parser = argparse.ArgumentParser(prog="course.py grade", description=__doc__.splitlines()[0])
    parser.add_argument("submissions", nargs="+", metavar="SUBMISSION",
                        help="an .ipynb file or a folder of them (searched recursively)")
    parser.add_argument("--out", required=True, metavar="DIR", help="where the reports go")
    parser.add_argument("--lesson", metavar="NN", help="grade every submission as lesson NN")
    parser.add_argument("--timeout", type=float, default=60.0, metavar="SECONDS",
                        help="limit for running a notebook's cells, and for each task's check (default 60)")
    parser.add_argument("--jobs", type=int, default=os.cpu_count() or 1, metavar="N",
                        help="submissions graded at once (default: the number of cores)")
    args = parser.parse_args(argv)
    if args.lesson is not None and not re.fullmatch(r"[0-9]{2}", args.lesson):
        parser.error(f"--lesson takes a two-digit lesson number such as 03, not {args.lesson!r}")
    if args.timeout <= 0 or args.jobs < 1:
        parser.error("--timeout must be positive and --jobs at least 1")
    try:
        submissions = find_submissions(args.submissions)
    except ValueError as err:
        parser.error(str(err))
    if not submissions:
        parser.error("no .ipynb files found in " + ", ".join(args.submissions))
    snapshot = course_files()
    start = time.monotonic()
    print(f"Grading {len(submissions)} submission(s) with {args.jobs} job(s) ...", flush=True)
    graded = grade_all(submissions, args.lesson, args.timeout, args.jobs, snapshot,
                       say=lambda line: print(clean(line), flush=True))
    write_reports(graded, args.out)
    out = Path(args.out)
    print(f"Done in {time.monotonic() - start:.0f} s: {out / 'gradebook.csv'}, {out / 'summary.md'}, "
          f"{out / 'feedback'}/", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
