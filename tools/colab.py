"""Stamp every notebook's "Open in Colab" badge and Colab setup cell from pyproject.toml.

The course repository and branch live in one place: [tool.course] in pyproject.toml.
README.md's Colab links, Binder badge and course-utils requirements are stamped too.

    python tools/course.py stamp                    re-stamp notebooks/, solutions/, exercises/
    python tools/course.py stamp --repository URL --branch NAME
                                                    change [tool.course] first, then re-stamp
    python tools/course.py stamp --check            list notebooks that disagree; exit 1 if any

Each notebook starts with a badge cell linking to the notebook itself, then its title cell, then
the setup cell, which installs course_utils on Colab only and fails, saying why, if it cannot.
Missing cells are inserted there; stamping twice changes nothing.
"""
import argparse
import re
import sys
from pathlib import Path
from urllib.parse import quote

import nbformat

from course import NOTEBOOK_DIRS, ROOT

BADGE = "[![Open In Colab](https://colab.research.google.com/assets/colab-badge.svg)]({target})"
COLAB_TARGET = "https://colab.research.google.com/github/{owner_repo}/blob/{branch}/{path}"
SETUP = """\
# Setup: on Google Colab, install the course helpers (course_utils) from the course repository,
# leaving Colab's preinstalled packages untouched. Locally this cell does nothing.
import subprocess
import sys

if "google.colab" in sys.modules:
    requirement = "{requirement}"
    install = subprocess.run([sys.executable, "-m", "pip", "install", "--quiet", requirement],
                             capture_output=True, text=True)
    if install.returncode != 0:
        print(install.stderr, file=sys.stderr)
        raise RuntimeError(
            "Installing the course helpers failed (pip's error is printed above). Usually this "
            "runtime has no internet connection or cannot reach GitHub, or the branch after '@' "
            f"in {{requirement!r}} no longer exists. Check the connection and run this cell "
            "again; if it still fails, open the lesson anew from the course's README.")"""

GITHUB_URL = re.compile(r"https://github\.com/([\w.-]+)/([\w.-]+?)(?:\.git)?/?")
BRANCH_NAME = re.compile(r"\w[\w./-]*")
COURSE_SECTION = re.compile(r"^\[tool\.course\][ \t]*\n(.*?)(?=^\[|\Z)", re.M | re.S)
BADGE_LINK = re.compile(r"\]\((https://colab\.research\.google\.com/github/[^)\s]*)\)")
# In README.md: Colab links to the course's notebooks, and pip requirements for course_utils.
README_COLAB_LINK = re.compile(r"https://colab\.research\.google\.com/github/[\w.-]+/[\w.-]+/"
                               rf"blob/\S+?/((?:{'|'.join(NOTEBOOK_DIRS)})/[\w.-]+\.ipynb)")
# ... and its Binder badge: mybinder.org's launch URL for the course's repository and branch.
README_BINDER_LINK = re.compile(r"https://mybinder\.org/v2/gh/[\w.-]+/[\w.-]+/[\w.%-]+(?:\?urlpath=([^)\s]*))?")
README_REQUIREMENT = re.compile(r"course-utils @ git\+https://github\.com/[\w./-]*@[\w./-]*[\w-]")


def normalise_repository(url):
    """Return `url` as https://github.com/OWNER/NAME, or raise ValueError (Colab needs GitHub)."""
    match = GITHUB_URL.fullmatch(url.strip())
    if not match:
        raise ValueError(f"repository must look like https://github.com/OWNER/NAME; got {url!r}.")
    return f"https://github.com/{match[1]}/{match[2]}"


def check_branch(name):
    """Return the branch name, or raise ValueError if it cannot be a git branch in a URL."""
    if not BRANCH_NAME.fullmatch(name) or ".." in name or name.endswith((".", "/", ".lock")):
        raise ValueError(f"branch must be a plain git branch name such as 'main'; got {name!r}.")
    return name


def read_settings(pyproject):
    """Return (repository, branch) from the [tool.course] table of `pyproject`."""
    text = Path(pyproject).read_text(encoding="utf-8")
    try:
        import tomllib
    except ModuleNotFoundError:  # Python 3.10: the table holds only simple 'key = "text"' lines
        section = COURSE_SECTION.search(text)
        table = dict(re.findall(r'^(\w+)\s*=\s*"([^"]*)"', section[1] if section else "", re.M))
    else:
        table = tomllib.loads(text).get("tool", {}).get("course", {})
    missing = {"repository", "branch"} - table.keys()
    if missing:
        raise ValueError(f"{pyproject}: [tool.course] lacks {', '.join(sorted(missing))}.")
    return normalise_repository(table["repository"]), check_branch(table["branch"])


def write_settings(pyproject, **values):
    """Set string keys of [tool.course] in `pyproject`, editing only their lines."""
    path = Path(pyproject)
    text = path.read_text(encoding="utf-8")
    section = COURSE_SECTION.search(text)
    if not section:
        raise ValueError(f"{path}: no [tool.course] table to update.")
    body = section[1]
    for key, value in values.items():
        body, found = re.subn(rf"""^({key}\s*=\s*)("[^"]*"|'[^']*')""",
                              lambda match: f'{match[1]}"{value}"', body, count=1, flags=re.M)
        if not found:
            body = f'{key} = "{value}"\n{body}'
    path.write_text(text[:section.start(1)] + body + text[section.end(1):], encoding="utf-8")


def colab_url(relpath, repository, branch):
    """Where Colab opens the notebook at `relpath` (relative to the repository root)."""
    owner_repo = normalise_repository(repository).removeprefix("https://github.com/")
    return COLAB_TARGET.format(owner_repo=owner_repo, branch=branch, path=relpath)


def binder_url(relpath, repository, branch):
    """mybinder.org's URL that builds the course (binder/) and opens JupyterLab at `relpath`
    (relative to the repository root), or at its default page when `relpath` is empty."""
    owner_repo = normalise_repository(repository).removeprefix("https://github.com/")
    url = f"https://mybinder.org/v2/gh/{owner_repo}/{quote(branch, safe='')}"
    return f"{url}?urlpath=lab/tree/{relpath}" if relpath else url


def badge_source(relpath, repository, branch):
    """The badge cell's text for the notebook at `relpath`."""
    return BADGE.format(target=colab_url(relpath, repository, branch))


def requirement(repository, branch):
    """The pip requirement that installs course_utils from the course repository."""
    return f"course-utils @ git+{repository}@{branch}"


def setup_source(repository, branch):
    """The setup cell's code."""
    return SETUP.format(requirement=requirement(repository, branch))


def stamp_readme(text, repository, branch):
    """README text with its Colab links and course_utils requirements following [tool.course]."""
    text = README_COLAB_LINK.sub(lambda link: colab_url(link[1], repository, branch), text)
    text = README_BINDER_LINK.sub(
        lambda link: binder_url((link[1] or "").removeprefix("lab/tree/"), repository, branch), text)
    return README_REQUIREMENT.sub(lambda _: requirement(repository, branch), text)


def _is_badge(cell):
    return cell.cell_type == "markdown" and "colab-badge.svg" in cell.source


def _is_setup(cell):
    return cell.cell_type == "code" and (
        cell.source.startswith("# Setup:") or "course-utils @ git+" in cell.source)


def _pop_first(cells, is_wanted):
    """Remove the first cell that `is_wanted` and return (its index, it), or (None, None)."""
    for index, cell in enumerate(cells):
        if is_wanted(cell):
            return index, cells.pop(index)
    return None, None


def _new_cell(nb, make, cell_id):
    """A new cell from nbformat's `make`, with a fixed id where the notebook format has ids."""
    cell = make()
    if nb.nbformat_minor >= 5:
        cell.id = cell_id
    else:
        cell.pop("id", None)
    return cell


def stamp(nb, relpath, repository, branch):
    """Put the canonical badge (first cell) and setup cell (after the title) into `nb`, in place.

    Returns what was wrong, one short phrase per fix; an empty list means `nb` was already right.
    """
    fixes = []
    badge = badge_source(relpath, repository, branch)
    index, cell = _pop_first(nb.cells, _is_badge)
    if cell is None:
        fixes.append("no Colab badge cell")
        cell = _new_cell(nb, nbformat.v4.new_markdown_cell, "colab-badge")
    else:
        if index != 0:
            fixes.append(f"badge is cell {index + 1}, not the first")
        if cell.source != badge:
            found, wanted = BADGE_LINK.search(cell.source), BADGE_LINK.search(badge)[1]
            if found and found[1] != wanted:
                fixes.append(f"badge links to {found[1]}, expected {wanted}")
            else:
                fixes.append("badge text differs from the stamped one")
    cell.source = badge
    nb.cells.insert(0, cell)

    setup = setup_source(repository, branch)
    index, cell = _pop_first(nb.cells, _is_setup)
    position = 2 if len(nb.cells) > 1 and nb.cells[1].cell_type == "markdown" else 1
    if cell is None:
        fixes.append("no setup cell")
        cell = _new_cell(nb, nbformat.v4.new_code_cell, "colab-setup")
    else:
        if index != position:
            fixes.append(f"setup cell is cell {index + 1}, expected cell {position + 1}")
        if cell.source != setup:
            fixes.append("setup cell differs from the stamped one")
    cell.source = setup
    nb.cells.insert(position, cell)
    return fixes


def _out_of_order(nb):
    """True if `nb` was executed but its execution counts no longer run 1, 2, 3, ..."""
    counts = [c.execution_count for c in nb.cells if c.cell_type == "code" and c.source.strip()]
    return any(counts) and counts != list(range(1, len(counts) + 1))


def notebooks(root):
    """Every notebook in the three notebook folders under `root`, sorted."""
    return sorted(p for folder in NOTEBOOK_DIRS for p in (Path(root) / folder).glob("*.ipynb"))


def stamp_tree(root, check=False):
    """Stamp (or with `check`, only inspect) every notebook and README.md under `root`.

    Returns how many files were looked at, and the paths (relative to `root`) of those that
    disagreed.
    """
    repository, branch = read_settings(Path(root) / "pyproject.toml")
    disagreeing = []
    readme = Path(root) / "README.md"
    if readme.exists():
        text = readme.read_text(encoding="utf-8")
        stamped = stamp_readme(text, repository, branch)
        if stamped != text:
            disagreeing.append(readme.name)
            print(f"{readme.name}: Colab links or course-utils requirements point elsewhere"
                  + ("" if check else " (re-stamped)"))
            if not check:
                readme.write_text(stamped, encoding="utf-8")
    for path in notebooks(root):
        relpath = path.relative_to(root).as_posix()
        nb = nbformat.read(path, as_version=4)
        fixes = stamp(nb, relpath, repository, branch)
        if fixes:
            disagreeing.append(relpath)
            print(f"{relpath}: {'; '.join(fixes)}" + ("" if check else " (re-stamped)"))
            if not check:
                nbformat.write(nb, path)
                if _out_of_order(nb):
                    print(f"  its stored outputs are now out of order; re-execute it: "
                          f"python tools/course.py execute {relpath}")
    return len(notebooks(root)) + readme.exists(), disagreeing


def main(argv, root=ROOT):
    parser = argparse.ArgumentParser(prog="python tools/course.py stamp", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--repository", help="GitHub URL, https://github.com/OWNER/NAME")
    parser.add_argument("--branch", help="git branch the badges and setup cells point at")
    parser.add_argument("--check", action="store_true",
                        help="change nothing; list disagreeing notebooks and exit 1 if any")
    args = parser.parse_args(argv)
    if args.check and (args.repository or args.branch):
        parser.error("--check changes nothing, so it takes no --repository or --branch")
    try:
        new = {}
        if args.repository:
            new["repository"] = normalise_repository(args.repository)
        if args.branch:
            new["branch"] = check_branch(args.branch)
        if new:
            write_settings(Path(root) / "pyproject.toml", **new)
        checked, disagreeing = stamp_tree(root, check=args.check)
    except ValueError as err:
        print(f"stamp: {err}", file=sys.stderr)
        return 2
    if args.check and disagreeing:
        print(f"{len(disagreeing)} of {checked} files disagree with [tool.course] in "
              "pyproject.toml; fix them with: python tools/course.py stamp")
        return 1
    if args.check:
        print(f"All {checked} files agree with [tool.course] in pyproject.toml.")
    else:
        print(f"{checked} files checked, {len(disagreeing)} re-stamped.")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
