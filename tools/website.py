"""Build the course as a static website from the notebooks' stored outputs (nothing is executed).

    python tools/course.py site        build build/site/ (entry: build/site/index.html)

Sphinx with MyST-NB and sphinx-book-theme (pinned in requirements-site.txt; its configuration is
tools/site_sphinx/conf.py), with warnings as errors. Pages mirror the repository:
build/site/notebooks/NN_topic.html, exercises/NN_topic.html and solutions/NN_topic.html, each
with the .ipynb beside it to download. The site works with no network at all, from file:// and
from any static host: math is typeset by a local copy of MathJax, and no font or script comes
from the web.

The notebooks are first copied into build/site-source/ and prepared there for the web:
  - the Colab badge (an image from the web) becomes a line of links under the title: Open in
    Colab, Open in Binder, Download the notebook (.ipynb);
  - the glossary's entries (lesson 15, cells tagged `glossary`) become a Sphinx glossary, and a
    term set in bold in a lesson links to its entry;
  - the Colab setup cell is folded away (shown on a click);
  - below the lesson-04 explorer, whose stored output is a static picture, a line says how to
    run it live.
Links between notebooks (`02_history.ipynb`, `03_math.ipynb#2.-Sigmoid`) become links between
pages; headings get JupyterLab's anchors (course_utils.glossary.heading_anchor) as their ids.
tests/test_site.py builds the site and checks every link, anchor, image and formula in it.
"""
import json
import re
import shutil
import subprocess
import sys
import time
from pathlib import Path

from colab import binder_url, colab_url, read_settings
from course_utils.widgets import WIDGET_VIEW
from course import NOTEBOOK_DIRS, ROOT
from lessons import sequence

SITE = ROOT / "build" / "site"
SOURCE = ROOT / "build" / "site-source"
CONF = ROOT / "tools" / "site_sphinx"
TITLE = "Activation Functions in Neural Networks"
GLOSSARY = "15_glossary.ipynb"
GLOSSARY_TAG = "glossary"
# MathJax 3 from the sphinx-mathjax-offline package: only what tex-chtml.js loads (the TeX
# extensions it autoloads, its fonts, the menu and its accessibility parts).
MATHJAX_PARTS = ("tex-chtml.js", "input/tex/extensions", "output/chtml/fonts/woff-v2", "ui",
                 "a11y", "sre/mathmaps/base.json", "sre/mathmaps/en.json")
LIVE_NOTE = (
    "*A static picture of the explorer.* It is interactive in Jupyter: open this lesson in Colab "
    "or Binder (links at the top of the page), or locally with `python3 tools/course.py lab`, "
    "run the cells, and move its controls.")
SETUP_CELL = "# Setup: on Google Colab"
BADGE_CELL = re.compile(r"colab-badge\.svg\)\]\((?P<url>https://colab\.research\.google\.com/\S+?)\)")
BOLD = re.compile(r"(?<![\[\w*])\*\*(?P<phrase>[^*\n`$<>\[\]]+?)\*\*(?![\]\w*])")


def _source(cell):
    return "".join(cell["source"])


def _links_line(relpath, repository, branch):
    """The line of links under each page's title (raw HTML: no image from the web)."""
    name = Path(relpath).name
    return ('<p class="course-links">'
            f'<a class="course-link course-colab" href="{colab_url(relpath, repository, branch)}">'
            'Open in Colab</a> '
            f'<a class="course-link course-binder" href="{binder_url(relpath, repository, branch)}">'
            'Open in Binder</a> '
            f'<a class="course-link course-download" href="{name}" download>'
            'Download the notebook (.ipynb)</a></p>')


def _outside_code(markdown, change):
    """Apply `change` to the lines of `markdown` outside fenced code blocks and headings."""
    lines, fenced = [], False
    for line in markdown.split("\n"):
        if line.lstrip().startswith("```"):
            fenced = not fenced
        lines.append(line if fenced or line.startswith("#") else change(line))
    return "\n".join(lines)


def link_terms(markdown, glossary):
    """Bold phrases that name a glossary entry become links to it (Sphinx's term role)."""
    def link(match):
        phrase = match["phrase"]
        if not glossary.term_candidates(f"**{phrase}**"):
            return match[0]
        entry = glossary.entry_for(phrase)
        return match[0] if entry is None else f"**{{term}}`{phrase} <{entry.term}>`**"
    return _outside_code(markdown, lambda line: BOLD.sub(link, line))


def glossary_directive(markdown):
    """A glossary cell ('### Group' and '- **Term**: definition' lines) as a Sphinx glossary."""
    heading, *rest = markdown.strip().split("\n")
    entries = []
    for line in rest:
        if not line.strip():
            continue
        found = re.fullmatch(r"- \*\*(?P<term>.+?)\*\*: (?P<definition>.+)", line)
        if not found:
            raise ValueError(f"{GLOSSARY}: a glossary line not of the form '- **Term**: ...': {line!r}")
        entries.append(f"{found['term']}\n   {found['definition']}\n")
    # '##': the groups are the page's sections (the lesson's '###' skips a level under its title)
    return "\n".join([heading.replace("### ", "## ", 1), "", "```{glossary}", *entries, "```"])


def prepare_notebook(nb, relpath, repository, branch, glossary):
    """The notebook `nb` (JSON) as the site shows it; see the module's docstring."""
    cells = [cell for cell in nb["cells"]
             if not (cell["cell_type"] == "markdown" and BADGE_CELL.search(_source(cell)))]
    title = next(i for i, cell in enumerate(cells)
                 if cell["cell_type"] == "markdown" and _source(cell).startswith("# "))
    first, _, rest = _source(cells[title]).partition("\n")
    cells[title]["source"] = f"{first}\n\n{_links_line(relpath, repository, branch)}\n{rest}"
    prepared = []
    for cell in cells:
        prepared.append(cell)
        if cell["cell_type"] == "markdown":
            source = _source(cell)
            if GLOSSARY_TAG in cell["metadata"].get("tags", []) and relpath.endswith(GLOSSARY):
                source = glossary_directive(source)
            elif relpath.startswith("notebooks/") and not relpath.endswith(GLOSSARY):
                source = link_terms(source, glossary)
            cell["source"] = source
        elif _source(cell).startswith(SETUP_CELL):  # Colab's install cell: folded away
            cell["metadata"]["tags"] = [*cell["metadata"].get("tags", []), "hide-input"]
        elif any(WIDGET_VIEW in output.get("data", {}) for output in cell.get("outputs", [])):
            prepared.append({"cell_type": "markdown", "metadata": {}, "source": LIVE_NOTE,
                             **({"id": f"{cell['id']}-live"} if "id" in cell else {})})
    nb["cells"] = prepared
    return nb


def index_page(lessons, repository, branch):
    """The home page: the lessons in order with their exercises and solutions, how to run the
    course live, and (hidden) the navigation in lesson order."""
    rows = ["| # | Lesson | Exercises | Solutions |", "|---|---|---|---|"]
    for lesson in lessons:
        exercises = f"[exercises](exercises/{lesson.name})" if lesson.exercises else ""
        solutions = f"[solutions](solutions/{lesson.name})" if lesson.exercises else ""
        rows.append(f"| {lesson.number} | [{lesson.title}](notebooks/{lesson.name}) | {exercises} "
                    f"| {solutions} |")
    tocs = []
    for caption, folder in (("Lessons", "notebooks"), ("Exercises", "exercises"),
                            ("Solutions", "solutions")):
        names = [lesson.name for lesson in lessons if folder == "notebooks" or lesson.exercises]
        tocs += ["```{toctree}", f":caption: {caption}", ":hidden:", "",
                 *(f"{folder}/{Path(name).stem}" for name in names), "```", ""]
    return "\n".join([
        f"# {TITLE}", "",
        "An open course in short Jupyter notebooks: from what a single neuron does with its "
        "pre-activation, through the history and mathematics of activation functions, forward "
        "and backward passes by hand with gradient checking, vanishing gradients and dying ReLU, "
        "to a Keras comparison, gated activations and low-precision arithmetic.", "",
        "These pages show each notebook with its stored outputs. To run one, use the links at "
        "the top of its page: **Open in Colab** (nothing to install), **Open in Binder** "
        f"([the whole course in JupyterLab]({binder_url('', repository, branch)}), on "
        "mybinder.org), or **Download the notebook**; to run the course on your own computer, "
        f"clone [the repository]({repository}) and run `python3 tools/course.py lab`.", "",
        "Search the whole course with the search box; the "
        f"[glossary](notebooks/{GLOSSARY}) defines every term the lessons set in bold.", "",
        "## The lessons", "", *rows, "", *tocs])


def _mathjax_source():
    import importlib.util
    spec = importlib.util.find_spec("sphinx-mathjax-offline")
    if spec is None:
        raise SystemExit("site: sphinx-mathjax-offline is not installed; "
                         "run `python3 tools/course.py test --co -q` once to install requirements-test.txt.")
    return Path(spec.origin).parent / "static" / "mathjax"


def stage(source=SOURCE, root=ROOT):
    """Write the Sphinx sources into `source`: prepared copies of every notebook, the home page
    and the MathJax files."""
    from course_utils import glossary

    repository, branch = read_settings(Path(root) / "pyproject.toml")
    if source.exists():
        shutil.rmtree(source)
    for folder in NOTEBOOK_DIRS:
        (source / folder).mkdir(parents=True)
        for path in sorted((Path(root) / folder).glob("[0-9][0-9]_*.ipynb")):
            relpath = f"{folder}/{path.name}"
            nb = prepare_notebook(json.loads(path.read_text(encoding="utf-8")), relpath,
                                  repository, branch, glossary)
            (source / relpath).write_text(json.dumps(nb, ensure_ascii=False, indent=1),
                                          encoding="utf-8")
    (source / "index.md").write_text(index_page(sequence(root), repository, branch), encoding="utf-8")
    mathjax = _mathjax_source()
    for part in MATHJAX_PARTS:
        target = source / "_mathjax" / "mathjax" / part
        target.parent.mkdir(parents=True, exist_ok=True)
        (shutil.copytree if (mathjax / part).is_dir() else shutil.copyfile)(mathjax / part, target)


def build(site=SITE, source=SOURCE, root=ROOT, quiet=True):
    """Stage and build the site into `site`; raise SystemExit with Sphinx's messages on a
    warning or an error. Returns the seconds it took."""
    start = time.perf_counter()
    stage(source, root)
    if site.exists():
        shutil.rmtree(site)
    command = [sys.executable, "-m", "sphinx", "-b", "html", "-W", "--keep-going", "-j", "auto",
               "-c", str(CONF), "-d", str(source.with_name(f"{source.name}-doctrees")), *(["-q"] if quiet else []),
               str(source), str(site)]
    result = subprocess.run(command, cwd=root, capture_output=True, text=True)
    if result.returncode != 0:
        raise SystemExit(f"{result.stdout}{result.stderr}\nsite: the build failed "
                         f"(sphinx-build exit code {result.returncode}); its messages are above.")
    for folder in NOTEBOOK_DIRS:  # the notebooks themselves, to download, beside their pages
        for path in sorted((Path(root) / folder).glob("[0-9][0-9]_*.ipynb")):
            shutil.copyfile(path, site / folder / path.name)
    (site / ".nojekyll").write_text("")  # GitHub Pages: serve _static/ and the like as they are
    (site / ".buildinfo").unlink(missing_ok=True)
    for template in (site / "_static").glob("*.html"):  # the themes' Jinja macros, not pages
        template.unlink()
    return time.perf_counter() - start


def size_bytes(site=SITE):
    return sum(path.stat().st_size for path in site.rglob("*") if path.is_file())


def main(argv):
    if argv:
        print(__doc__)
        return 2
    seconds = build(quiet=False)
    print(f"Built {SITE.relative_to(ROOT)}/ in {seconds:.0f} s ({size_bytes() / 1e6:.1f} MB); "
          f"open {(SITE / 'index.html').relative_to(ROOT)} in a browser.")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
