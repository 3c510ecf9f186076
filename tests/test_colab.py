"""Colab readiness: every notebook carries the stamped badge and setup cell, the setup cell
installs course_utils from [tool.course] on Colab only and fails, saying why, when it cannot,
and tools/colab.py stamps correctly."""
import json
import subprocess
import sys
import types
from pathlib import Path

import nbformat
import pytest

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tools"))  # as when run as `python tools/colab.py`
import colab  # noqa: E402

REPOSITORY, BRANCH = colab.read_settings(ROOT / "pyproject.toml")
NOTEBOOKS = [p.relative_to(ROOT).as_posix() for p in colab.notebooks(ROOT)]


def first_code_cell(nb):
    return next(cell for cell in nb.cells if cell.cell_type == "code")


def run_setup(setup_code, monkeypatch, colab_present, pip=None):
    """Run the setup cell's code (plain Python: no IPython magic) with or without Colab.

    With `pip` given, subprocess.run is replaced by it; returns the commands it was called with.
    """
    if colab_present:
        monkeypatch.setitem(sys.modules, "google.colab", types.ModuleType("google.colab"))
    else:
        monkeypatch.delitem(sys.modules, "google.colab", raising=False)
    calls = []
    if pip is not None:
        def run(command, **kwargs):
            calls.append(command)
            return pip(command)

        monkeypatch.setattr(subprocess, "run", run)
    exec(compile(setup_code, "<setup cell>", "exec"), {})
    return calls


def pip_succeeds(command):
    return subprocess.CompletedProcess(command, 0, stdout="", stderr="")


def pip_fails(command):
    return subprocess.CompletedProcess(command, 1, stdout="", stderr=(
        "  fatal: unable to access 'https://github.com/...': Could not resolve host: github.com\n"
        "ERROR: Failed to build installable wheels for some pyproject.toml based projects\n"))


# --- the course's notebooks -------------------------------------------------------------------

@pytest.mark.parametrize("relpath", NOTEBOOKS)
def test_notebook_has_the_stamped_badge_and_setup_cell(relpath):
    nb = nbformat.read(ROOT / relpath, as_version=4)
    fixes = colab.stamp(nb, relpath, REPOSITORY, BRANCH)
    assert not fixes, f"{relpath}: {'; '.join(fixes)}. Fix with: python tools/course.py stamp"


@pytest.mark.parametrize("relpath", NOTEBOOKS)
def test_setup_cell_installs_course_utils_on_colab_only(relpath, monkeypatch):
    setup_code = first_code_cell(nbformat.read(ROOT / relpath, as_version=4)).source
    calls = run_setup(setup_code, monkeypatch, colab_present=True, pip=pip_succeeds)
    assert calls == [[sys.executable, "-m", "pip", "install", "--quiet",
                      f"course-utils @ git+{REPOSITORY}@{BRANCH}"]]
    assert run_setup(setup_code, monkeypatch, colab_present=False, pip=pip_succeeds) == []


@pytest.mark.parametrize("relpath", NOTEBOOKS)
def test_only_the_setup_cell_depends_on_colab(relpath):
    # Colab guards the installation, never behaviour: lessons run the same everywhere.
    code_cells = [c for c in nbformat.read(ROOT / relpath, as_version=4).cells
                  if c.cell_type == "code"]
    for number, cell in enumerate(code_cells[1:], 2):
        assert "google.colab" not in cell.source and "on_colab(" not in cell.source, (
            f"{relpath}, code cell {number} behaves differently on Colab")


# --- tools/colab.py on synthetic notebooks ----------------------------------------------------

PYPROJECT = """\
[project]
name = "x"

# where the course lives
[tool.course]
repository = "https://github.com/someone/course"  # the course repository
branch = "main"

[tool.pytest.ini_options]
addopts = ""
"""


@pytest.fixture
def tree(tmp_path):
    """A tiny course: pyproject.toml, one bare lesson and its solution in nbformat 4.4."""
    (tmp_path / "pyproject.toml").write_text(PYPROJECT)
    for folder in colab.NOTEBOOK_DIRS:
        (tmp_path / folder).mkdir()
    lesson = nbformat.v4.new_notebook(cells=[
        nbformat.v4.new_markdown_cell("# Lesson 02 · History"),
        nbformat.v4.new_code_cell("import numpy as np"),
    ])
    nbformat.write(lesson, tmp_path / "notebooks" / "02_history.ipynb")
    solution = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell("x = 1")])
    solution.nbformat_minor = 4
    for cell in solution.cells:
        del cell["id"]
    nbformat.write(solution, tmp_path / "solutions" / "02_history.ipynb", version=4)
    return tmp_path


def stamp(root, *args):
    return colab.main(list(args), root=root)


def cells(path):
    return nbformat.read(path, as_version=4).cells


def test_stamp_inserts_badge_and_setup_cell_in_place(tree, capsys):
    assert stamp(tree, "--check") == 1
    assert "no Colab badge cell; no setup cell" in capsys.readouterr().out
    assert stamp(tree) == 0
    lesson = cells(tree / "notebooks" / "02_history.ipynb")
    assert [c.cell_type for c in lesson] == ["markdown", "markdown", "code", "code"]
    assert lesson[0].source == (
        "[![Open In Colab](https://colab.research.google.com/assets/colab-badge.svg)]"
        "(https://colab.research.google.com/github/someone/course/blob/main/"
        "notebooks/02_history.ipynb)")
    assert 'requirement = "course-utils @ git+https://github.com/someone/course@main"' in (
        lesson[2].source)
    solution = cells(tree / "solutions" / "02_history.ipynb")  # no title: setup right after
    assert [c.cell_type for c in solution] == ["markdown", "code", "code"]
    assert "blob/main/solutions/02_history.ipynb" in solution[0].source
    assert "id" not in solution[0]  # nbformat 4.4 has no cell ids
    assert stamp(tree, "--check") == 0


def test_stamp_asks_to_re_execute_a_notebook_whose_outputs_it_put_out_of_order(tree, capsys):
    path = tree / "notebooks" / "02_history.ipynb"
    nb = nbformat.read(path, as_version=4)
    nb.cells[1].execution_count = 1  # executed before it had a setup cell
    nbformat.write(nb, path)
    stamp(tree)
    out = capsys.readouterr().out
    assert "re-execute it: python tools/course.py execute notebooks/02_history.ipynb" in out
    assert "solutions/02_history.ipynb" in out and "execute solutions" not in out


def test_stamping_twice_changes_nothing(tree):
    stamp(tree)
    before = {p: p.read_bytes() for p in colab.notebooks(tree)}
    assert stamp(tree) == 0
    assert {p: p.read_bytes() for p in colab.notebooks(tree)} == before


def test_check_names_a_badge_pointing_at_another_file_and_changes_nothing(tree, capsys):
    stamp(tree)
    path = tree / "notebooks" / "02_history.ipynb"
    nb = nbformat.read(path, as_version=4)
    nb.cells[0].source = nb.cells[0].source.replace("02_history", "01_intuition")
    nbformat.write(nb, path)
    before = path.read_bytes()
    capsys.readouterr()
    assert stamp(tree, "--check") == 1
    out = capsys.readouterr().out
    assert "notebooks/02_history.ipynb: badge links to" in out and "01_intuition" in out
    assert "1 of 2 files disagree" in out
    assert path.read_bytes() == before


@pytest.mark.parametrize("change, message", [
    (lambda c: c.insert(1, c.pop(2)), "setup cell is cell 2, expected cell 3"),
    (lambda c: setattr(c[2], "source", c[2].source.replace("--quiet", "--quiet --upgrade")),
     "setup cell differs"),
    (lambda c: c.pop(2), "no setup cell"),
    (lambda c: c.append(c.pop(0)), "badge is cell 4, not the first"),
    (lambda c: setattr(c[0], "source", "[![Open In Colab](https://colab.research.google.com/"
                                       "assets/colab-badge.svg)](somewhere)"),
     "badge text differs"),
])
def test_stamp_reports_and_repairs_each_kind_of_damage(tree, capsys, change, message):
    stamp(tree)
    path = tree / "notebooks" / "02_history.ipynb"
    good = path.read_bytes()
    nb = nbformat.read(path, as_version=4)
    change(nb.cells)
    nbformat.write(nb, path)
    capsys.readouterr()
    assert stamp(tree) == 0
    assert message in capsys.readouterr().out
    assert json.loads(path.read_bytes()) == json.loads(good)


def test_repository_and_branch_options_edit_only_their_lines_then_restamp(tree):
    stamp(tree)
    assert stamp(tree, "--repository", "https://github.com/fork/course.git/", "--branch",
                 "spring-2027") == 0
    text = (tree / "pyproject.toml").read_text()
    assert text == PYPROJECT.replace(
        'repository = "https://github.com/someone/course"  # the course repository',
        'repository = "https://github.com/fork/course"  # the course repository').replace(
        'branch = "main"', 'branch = "spring-2027"')
    assert colab.read_settings(tree / "pyproject.toml") == (
        "https://github.com/fork/course", "spring-2027")
    lesson = cells(tree / "notebooks" / "02_history.ipynb")
    assert "github/fork/course/blob/spring-2027/notebooks/02_history.ipynb" in lesson[0].source
    assert "git+https://github.com/fork/course@spring-2027" in lesson[2].source
    assert stamp(tree, "--check") == 0


@pytest.mark.parametrize("args", [
    ["--repository", "https://gitlab.com/someone/course"],
    ["--branch", "bad branch"],
    ["--branch=-x"],
    ["--branch", "a..b"],
])
def test_bad_repository_or_branch_is_refused_before_anything_changes(tree, capsys, args):
    before = (tree / "pyproject.toml").read_text()
    assert stamp(tree, *args) == 2
    assert capsys.readouterr().err.startswith("stamp: ")
    assert (tree / "pyproject.toml").read_text() == before
    assert stamp(tree, "--check") == 1  # nothing was stamped either


def test_check_refuses_to_change_settings(tree):
    with pytest.raises(SystemExit):
        stamp(tree, "--check", "--branch", "dev")


def test_settings_reader_without_tomllib_agrees(tree, monkeypatch):
    with_tomllib = colab.read_settings(tree / "pyproject.toml")
    monkeypatch.setitem(sys.modules, "tomllib", None)  # as on Python 3.10
    assert colab.read_settings(tree / "pyproject.toml") == with_tomllib
    assert colab.read_settings(ROOT / "pyproject.toml") == (REPOSITORY, BRANCH)


def test_setup_cell_of_a_stamped_notebook_follows_pyproject(tree, monkeypatch):
    stamp(tree, "--branch", "dev")
    setup_code = first_code_cell(nbformat.read(tree / "notebooks" / "02_history.ipynb", 4)).source
    calls = run_setup(setup_code, monkeypatch, colab_present=True, pip=pip_succeeds)
    assert calls[0][-1] == "course-utils @ git+https://github.com/someone/course@dev"


def test_a_failing_install_fails_the_setup_cell_saying_why(monkeypatch, capsys):
    setup_code = colab.setup_source(REPOSITORY, BRANCH)
    with pytest.raises(RuntimeError) as raised:
        run_setup(setup_code, monkeypatch, colab_present=True, pip=pip_fails)
    assert "Could not resolve host: github.com" in capsys.readouterr().err  # pip's own words
    message = str(raised.value)
    assert message.startswith("Installing the course helpers failed (pip's error is printed above)")
    for cause_or_remedy in ("no internet connection", "cannot reach GitHub", f"@{BRANCH}'",
                            "no longer exists", "run this cell again"):
        assert cause_or_remedy in message


def test_an_unreachable_repository_fails_the_setup_cell_with_real_pip(tmp_path, monkeypatch):
    # pip really runs, on a git repository that does not exist (no network needed).
    missing = (tmp_path / "no-such-repository").as_uri()
    setup_code = colab.SETUP.format(requirement=f"course-utils @ git+{missing}@main")
    with pytest.raises(RuntimeError, match="Installing the course helpers failed"):
        run_setup(setup_code, monkeypatch, colab_present=True)


README = """\
Open [lesson 01](https://colab.research.google.com/github/old/place/blob/v1/notebooks/01_intuition.ipynb)
or [its exercises](https://colab.research.google.com/github/someone/course/blob/main/exercises/01_intuition.ipynb).
Install: pip install "course-utils @ git+https://github.com/old/place@v1"
Other projects stay: https://colab.research.google.com/github/other/project/blob/main/demo.ipynb
"""


def test_readme_links_follow_pyproject(tree, capsys):
    (tree / "README.md").write_text(README)
    stamp(tree)
    capsys.readouterr()
    assert stamp(tree, "--branch", "spring-2027") == 0
    assert "README.md: Colab links" in capsys.readouterr().out
    assert (tree / "README.md").read_text() == README.replace(
        "old/place/blob/v1", "someone/course/blob/spring-2027").replace(
        "course/blob/main/exercises", "course/blob/spring-2027/exercises").replace(
        "git+https://github.com/old/place@v1", "git+https://github.com/someone/course@spring-2027")
    assert stamp(tree, "--check") == 0


def test_readme_of_the_course_follows_pyproject_and_links_existing_notebooks():
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    assert colab.stamp_readme(text, REPOSITORY, BRANCH) == text, (
        "README.md's Colab links disagree with pyproject; run python tools/course.py stamp")
    for link in colab.README_COLAB_LINK.finditer(text):
        assert (ROOT / link[1]).is_file(), f"README.md opens {link[1]} in Colab; it does not exist"
