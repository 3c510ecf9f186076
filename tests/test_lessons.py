"""tools/lessons.py: the course's lesson sequence is in step (README's table, next-lesson links,
exercise titles and prerequisite links), and the tool finds and repairs each kind of drift on a
tiny course of three lessons."""
import sys
from pathlib import Path

import nbformat
import pytest
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook, new_output

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tools"))  # as when run as `python tools/lessons.py`
import lessons  # noqa: E402


def test_the_course_is_in_step():
    drifts = [message for message, _ in lessons.check_tree(ROOT)]
    assert drifts == [], "run `python3 tools/course.py lessons`:\n" + "\n".join(drifts)


def test_the_course_tool_runs_it():
    import course

    assert "lessons" in course.COMMANDS and "course.py lessons [--check]" in course.__doc__


# --- a tiny course ------------------------------------------------------------------------------

def lesson(number, title, closing):
    return new_notebook(cells=[
        new_markdown_cell(f"# Lesson {number} · {title}\n\nText."),
        new_code_cell(f'print("Lesson {number} completed")', execution_count=1, outputs=[
            new_output("stream", name="stdout", text=f"Lesson {number} completed\n")]),
        new_markdown_cell(f"## Key takeaways\n\n- One.\n\n{closing}")])


def solution(number, title, name, closing):
    return new_notebook(cells=[
        new_markdown_cell(f"# Exercises {number} · {title}\n\n**Prerequisites.** "
                          f"[Lesson {number} · {title}](../notebooks/{name})."),
        new_markdown_cell(f"## Done?\n\nWell done. {closing}.")])


@pytest.fixture
def course(tmp_path):
    """Lessons 01 alpha (with exercises), 02 beta, 03 gamma, and README.md, all in step."""
    (tmp_path / "pyproject.toml").write_text(
        '[tool.course]\nrepository = "https://github.com/o/r"\nbranch = "main"\n')
    for folder in ("notebooks", "solutions"):
        (tmp_path / folder).mkdir()
    write(tmp_path / "notebooks/01_alpha.ipynb",
          lesson("01", "Alpha", "Next: [Lesson 02 · Beta](02_beta.ipynb)"))
    write(tmp_path / "notebooks/02_beta.ipynb",
          lesson("02", "Beta", "Next: [Lesson 03 · Gamma](03_gamma.ipynb)\n\nSee [Lesson 01](01_alpha.ipynb#Key-takeaways)."))
    write(tmp_path / "notebooks/03_gamma.ipynb", lesson(
        "03", "Gamma", "This is the last lesson. Back to the start: [Lesson 01 · Alpha](01_alpha.ipynb)"))
    write(tmp_path / "solutions/01_alpha.ipynb",
          solution("01", "Alpha", "01_alpha.ipynb", "Next: [Lesson 02 · Beta](../notebooks/02_beta.ipynb)"))
    table = lessons.readme_table(lessons.sequence(tmp_path), "https://github.com/o/r", "main")
    (tmp_path / "README.md").write_text(f"# Course\n\n{table}\n\nMore.\n")
    assert lessons.check_tree(tmp_path) == []
    return tmp_path


def write(path, nb):
    nbformat.write(nb, path)


def edit(path, old, new):
    nb = nbformat.read(path, as_version=4)
    assert any(old in cell.source for cell in nb.cells), old
    for cell in nb.cells:
        cell.source = cell.source.replace(old, new)
    nbformat.write(nb, path)


def drifts(root):
    return [message for message, _ in lessons.check_tree(root)]


def text(path):
    return "\n".join(cell.source for cell in nbformat.read(path, as_version=4).cells)


def test_the_readme_table_has_a_row_per_lesson_with_badges_and_exercises(course):
    readme = (course / "README.md").read_text()
    assert ("| 01 | [Alpha](notebooks/01_alpha.ipynb) | [![Open In Colab](https://colab.research"
            ".google.com/assets/colab-badge.svg)](https://colab.research.google.com/github/o/r/blob/"
            "main/notebooks/01_alpha.ipynb) | [exercises](exercises/01_alpha.ipynb) · [Colab]("
            "https://colab.research.google.com/github/o/r/blob/main/exercises/01_alpha.ipynb) |") in readme
    assert "| 02 | [Beta](notebooks/02_beta.ipynb) |" in readme and "02_beta.ipynb) |  |" in readme


def test_a_renumbered_lesson_is_followed_everywhere(course):
    (course / "notebooks/03_gamma.ipynb").rename(course / "notebooks/05_gamma.ipynb")
    found = drifts(course)
    assert "notebooks/05_gamma.ipynb: heading says Lesson 03, the file is lesson 05" in found
    assert ("notebooks/02_beta.ipynb: closing line should read: "
            "Next: [Lesson 05 · Gamma](05_gamma.ipynb)") in found
    assert any("Lesson 03 completed" in m and "re-execute" in m for m in found)
    assert "README.md: the table's row of Lesson 05 · Gamma is missing or differs" in found
    assert any(m.startswith("README.md: the table's row '| 03 | [Gamma]") for m in found)

    lessons.check_tree(course, write=True)
    assert "# Lesson 05 · Gamma" in text(course / "notebooks/05_gamma.ipynb")
    assert "Next: [Lesson 05 · Gamma](05_gamma.ipynb)" in text(course / "notebooks/02_beta.ipynb")
    assert "| 05 | [Gamma](notebooks/05_gamma.ipynb)" in (course / "README.md").read_text()
    assert "| 03 |" not in (course / "README.md").read_text()
    # What only re-executing can repair stays listed.
    assert drifts(course) == ["notebooks/05_gamma.ipynb: a stored output says another lesson "
                              "completed; re-execute it: python tools/course.py execute "
                              "notebooks/05_gamma.ipynb"]


def test_links_follow_a_renamed_lesson_by_its_topic(course):
    (course / "notebooks/01_alpha.ipynb").rename(course / "notebooks/04_alpha.ipynb")
    (course / "solutions/01_alpha.ipynb").rename(course / "solutions/04_alpha.ipynb")
    found = drifts(course)
    assert ("notebooks/02_beta.ipynb: link '[Lesson 01](01_alpha.ipynb' should be "
            "'[Lesson 04](04_alpha.ipynb'") in found
    assert ("solutions/04_alpha.ipynb: heading should be # Exercises 04 · Alpha") in found
    assert ("solutions/04_alpha.ipynb: prerequisite link should be "
            "[Lesson 04 · Alpha](../notebooks/04_alpha.ipynb)") in found
    lessons.check_tree(course, write=True)
    beta = text(course / "notebooks/02_beta.ipynb")
    assert "[Lesson 04](04_alpha.ipynb#Key-takeaways)" in beta  # the anchor is kept
    # 04 is now last: it closes the course, and 03 points on to it.
    assert "This is the last lesson. Back to the start: [Lesson 02 · Beta](02_beta.ipynb)" in \
        text(course / "notebooks/04_alpha.ipynb")
    assert "Next: [Lesson 04 · Alpha](04_alpha.ipynb)" in text(course / "notebooks/03_gamma.ipynb")
    solution_text = text(course / "solutions/04_alpha.ipynb")
    assert "# Exercises 04 · Alpha" in solution_text
    assert "This is the last lesson. Back to the start: [Lesson 02 · Beta](../notebooks/02_beta.ipynb)" \
        in solution_text


def test_a_missing_next_link_is_reported_and_left_to_a_person(course):
    edit(course / "notebooks/01_alpha.ipynb", "Next: [Lesson 02 · Beta](02_beta.ipynb)", "The end.")
    expected = ("notebooks/01_alpha.ipynb: 0 closing lines; expected one: "
                "Next: [Lesson 02 · Beta](02_beta.ipynb)")
    assert lessons.check_tree(course, write=True) == [(expected, False)]
    assert lessons.main(["--check"], root=course) == 1


def test_a_wrong_readme_row_is_named_and_rewritten(course):
    readme = course / "README.md"
    readme.write_text(readme.read_text().replace("[Beta](notebooks", "[Bēta](notebooks"))
    found = drifts(course)
    assert "README.md: the table's row of Lesson 02 · Beta is missing or differs" in found
    assert any(m.startswith("README.md: the table's row '| 02 | [Bēta]") for m in found)
    assert lessons.main([], root=course) == 0
    assert "[Beta](notebooks" in readme.read_text() and readme.read_text().endswith("\n\nMore.\n")


def test_a_readme_without_the_markers_is_reported(course):
    (course / "README.md").write_text("# Course\n")
    assert drifts(course) == ["README.md: no lesson table between the LESSON_TABLE markers"]


def test_a_title_or_number_mismatch_is_named(course):
    edit(course / "notebooks/02_beta.ipynb", "# Lesson 02 · Beta", "# Lesson 07 · Beta")
    edit(course / "notebooks/03_gamma.ipynb", "[Lesson 01 · Alpha]", "[Lesson 01 · Alfa]")
    edit(course / "solutions/01_alpha.ipynb", "# Exercises 01 · Alpha", "# Exercises 01 · Old title")
    found = drifts(course)
    assert "notebooks/02_beta.ipynb: heading says Lesson 07, the file is lesson 02" in found
    assert "solutions/01_alpha.ipynb: heading should be # Exercises 01 · Alpha" in found
    assert any(m.startswith("notebooks/03_gamma.ipynb: closing line should read") for m in found)


def test_a_lesson_without_a_heading_stops_the_other_checks(course):
    edit(course / "notebooks/02_beta.ipynb", "# Lesson 02 · Beta", "# Beta")
    assert drifts(course) == ["notebooks/02_beta.ipynb: no '# Lesson NN · Title' heading"]


def test_exercises_without_a_lesson_are_reported(course):
    write(course / "solutions/09_orphan.ipynb", solution("09", "Orphan", "09_orphan.ipynb", "Next: nothing"))
    assert "solutions/09_orphan.ipynb: no lesson notebooks/09_orphan.ipynb for these exercises" in drifts(course)


def test_next_line_of_solutions_says_whether_the_next_lesson_has_exercises(course):
    write(course / "solutions/02_beta.ipynb",
          solution("02", "Beta", "02_beta.ipynb", "Next: [Lesson 03](../notebooks/03_gamma.ipynb)"))
    edit(course / "solutions/01_alpha.ipynb", "(../notebooks/02_beta.ipynb)",
         "(../notebooks/02_beta.ipynb) and its\nexercises")
    lessons.check_tree(course, write=True)
    assert "Next: [Lesson 03 · Gamma](../notebooks/03_gamma.ipynb)." in text(course / "solutions/02_beta.ipynb")
    assert "Next: [Lesson 02 · Beta](../notebooks/02_beta.ipynb) and its exercises." in \
        text(course / "solutions/01_alpha.ipynb")


def test_running_twice_changes_nothing(course):
    (course / "notebooks/02_beta.ipynb").rename(course / "notebooks/04_beta.ipynb")
    lessons.check_tree(course, write=True)
    before = {p: p.read_bytes() for p in course.rglob("*") if p.is_file()}
    lessons.check_tree(course, write=True)
    assert {p: p.read_bytes() for p in course.rglob("*") if p.is_file()} == before


def test_check_changes_nothing_and_exits_1_on_drift(course, capsys):
    edit(course / "notebooks/01_alpha.ipynb", "Lesson 02 · Beta", "Lesson 02 · Bet")
    before = {p: p.read_bytes() for p in course.rglob("*") if p.is_file()}
    assert lessons.main(["--check"], root=course) == 1
    assert {p: p.read_bytes() for p in course.rglob("*") if p.is_file()} == before
    assert "notebooks/01_alpha.ipynb: closing line should read" in capsys.readouterr().out
    assert lessons.main([], root=course) == 0 and lessons.main(["--check"], root=course) == 0
