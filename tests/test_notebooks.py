"""What nbval cannot see: notebooks that were never executed, stale or oversized files, leaked
machine details, TensorFlow where it does not belong, and lessons missing their structure."""
import html
import json
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
LESSONS = sorted((ROOT / "notebooks").glob("[0-9][0-9]_*.ipynb"))
SOLUTIONS = sorted((ROOT / "solutions").glob("[0-9][0-9]_*.ipynb"))
EXERCISES = sorted((ROOT / "exercises").glob("[0-9][0-9]_*.ipynb"))
GLOSSARY = ROOT / "notebooks" / "15_glossary.ipynb"
EXECUTED = LESSONS + SOLUTIONS  # exercises are stored with outputs cleared, by design
ALL = EXECUTED + EXERCISES


def _load(path):
    return json.loads(path.read_text(encoding="utf-8"))


def _code_cells(nb):
    return [c for c in nb["cells"] if c["cell_type"] == "code" and "".join(c["source"]).strip()]


def _source(nb, cell_type=None):
    return "\n".join("".join(c["source"]) for c in nb["cells"] if cell_type in (None, c["cell_type"]))


def _ids(paths):
    return [str(p.relative_to(ROOT)) for p in paths]


def test_the_lessons_start_at_01_and_end_with_the_glossary():
    # Their order, titles and the links between them: tests/test_lessons.py.
    assert LESSONS[0].name == "01_intuition.ipynb" and LESSONS[-1] == GLOSSARY


@pytest.mark.parametrize("path", EXECUTED, ids=_ids(EXECUTED))
def test_every_code_cell_was_executed_in_one_fresh_run(path):
    # Strict nbval silently passes cells with no stored output, so an unexecuted notebook
    # would check nothing: insist on execution counts 1, 2, 3, ... in order.
    counts = [c["execution_count"] for c in _code_cells(_load(path))]
    assert counts == list(range(1, len(counts) + 1)), (
        f"{path.name}: execution counts {counts}; re-run `python tools/course.py execute {path.relative_to(ROOT)}`"
    )


@pytest.mark.parametrize("path", EXECUTED, ids=_ids(EXECUTED))
def test_stored_outputs_have_no_errors_or_stderr(path):
    for cell in _code_cells(_load(path)):
        expected_error = "raises-exception" in cell["metadata"].get("tags", [])
        for out in cell["outputs"]:
            assert out["output_type"] != "error" or expected_error, f"{path.name}: a stored error"
            assert not (out["output_type"] == "stream" and out["name"] == "stderr"), (
                f"{path.name}: stored stderr output (log lines differ between runs): {''.join(out['text'])[:200]}"
            )


@pytest.mark.parametrize("path", EXERCISES, ids=_ids(EXERCISES))
def test_exercises_are_stored_without_outputs(path):
    for cell in _code_cells(_load(path)):
        assert cell["outputs"] == [] and cell["execution_count"] is None


@pytest.mark.parametrize("path", ALL, ids=_ids(ALL))
def test_small_and_without_widget_state(path):
    assert path.stat().st_size < 1_000_000, f"{path.name} is {path.stat().st_size // 1024} KB"
    assert "widgets" not in _load(path)["metadata"]


def _image_outputs(nb):
    for cell in _code_cells(nb):
        for out in cell["outputs"]:
            images = [mime for mime in out.get("data", {}) if mime.startswith("image/")]
            if images:
                yield cell, out, images


FILE_NAME = re.compile(r"^\S+\.(png|jpe?g|svg|gif)$", re.I)


@pytest.mark.parametrize("path", EXECUTED, ids=_ids(EXECUTED))
def test_every_figure_has_a_real_alt_text(path):
    # Figures are shown with plotting.show(fig, alt="..."): the alt text is stored with the picture
    # (output metadata, text/plain, and an <img alt> in text/html, which JupyterLab shows).
    for cell, out, images in _image_outputs(_load(path)):
        where = f"{path.name}, cell {''.join(cell['source'])[:60]!r}"
        for mime in images:
            alt = out.get("metadata", {}).get(mime, {}).get("alt", "")
            assert len(alt.split()) >= 6 and alt.endswith(".") and not FILE_NAME.match(alt), (
                f"{where}: the {mime} output needs an alt text, a sentence saying what the figure shows "
                f"(plotting.show(fig, alt=...)); it has {alt!r}")
            assert not alt.startswith("<Figure size"), f"{where}: alt text {alt!r}"
            assert f'alt="{html.escape(alt)}"' in "".join(out["data"].get("text/html", "")), (
                f"{where}: no <img alt=...> in text/html, so JupyterLab shows the figure without its alt text")
        assert "<Figure size" not in "".join(out["data"].get("text/plain", "")), f"{where}: text/plain is a repr"


@pytest.mark.parametrize("path", EXECUTED, ids=_ids(EXECUTED))
def test_figures_are_shown_with_their_alt_text_not_plt_show(path):
    for cell in _code_cells(_load(path)):
        assert "plt.show(" not in "".join(cell["source"]), (
            f"{path.name}: a cell calls plt.show(); show figures with plotting.show(fig, alt='a sentence "
            f"saying what it shows') instead, so that they get an alt text")


IDENTITY = re.compile(r"getnode|gethostname|gethostbyname|platform\.node|getpass|getlogin|getuser|"
                      r"platform\.uname|platform\.release")
ABSOLUTE_PATH = re.compile(r"(/work/|/root/|/home/|/Users/|[A-Z]:\\\\)")


@pytest.mark.parametrize("path", ALL, ids=_ids(ALL))
def test_nothing_reads_machine_identity_or_uses_absolute_paths(path):
    text = path.read_text(encoding="utf-8")
    assert not IDENTITY.search(_source(_load(path), "code")), f"{path.name} reads machine identity"
    assert not ABSOLUTE_PATH.search(text), f"{path.name} contains an absolute path"


def test_the_package_never_reads_machine_identity():
    for source in (ROOT / "course_utils").rglob("*.py"):
        assert not IDENTITY.search(source.read_text(encoding="utf-8")), source.name


VERSION_READ = re.compile(r"__version__|sys\.version|python_version|metadata\.version|"
                          r"check_environment|environment_report")
PYTHON_VERSION_TEXT = re.compile(r"\b3\.1\d\.\d+\b")


@pytest.mark.parametrize("path", ALL, ids=_ids(ALL))
def test_versions_are_shown_only_where_nbval_ignores_them(path):
    # Stored outputs must not depend on the interpreter or library versions, or the test
    # command would pass on one Python only. Where versions are the point, tag the cell.
    for cell in _code_cells(_load(path)):
        if "nbval-ignore-output" in cell["metadata"].get("tags", []):
            continue
        reads = [line for line in "".join(cell["source"]).splitlines() if VERSION_READ.search(line)]
        assert not reads, (f"{path.name}: a cell shows versions; drop them, or tag the cell "
                           f"nbval-ignore-output where they are the point: {reads[0].strip()}")
        shown = json.dumps(cell["outputs"])
        assert not PYTHON_VERSION_TEXT.search(shown), f"{path.name}: a stored output names a Python version"


TF_IMPORT = re.compile(r"^\s*(import|from)\s+(tensorflow|keras)\b", re.MULTILINE)


@pytest.mark.parametrize("path", ALL, ids=_ids(ALL))
def test_only_the_keras_notebooks_import_tensorflow(path):
    imports_tf = bool(TF_IMPORT.search(_source(_load(path), "code")))
    assert imports_tf == path.name.startswith("11_"), f"{path.name}: imports TensorFlow/Keras = {imports_tf}"


@pytest.mark.parametrize("path", LESSONS, ids=_ids(LESSONS))
def test_lesson_structure(path):
    nb = _load(path)
    markdown = _source(nb, "markdown")
    number = path.name[:2]
    assert f"# Lesson {number}" in "".join(nb["cells"][1]["source"])
    for heading in ("Learning objectives", "Prerequisites", "Estimated time", "Key takeaways"):
        assert heading in markdown, f"{path.name} lacks '{heading}'"
    # Its title, number and link to the next lesson are tests/test_lessons.py's.


@pytest.mark.parametrize("path", ALL, ids=_ids(ALL))
def test_relative_links_point_at_existing_files(path):
    markdown = _source(_load(path), "markdown")
    for target in re.findall(r"\]\(([^)#:\s]+\.(?:ipynb|md|py))(?:#[^)]*)?\)", markdown):
        assert (path.parent / target).resolve().exists(), f"{path.name} links to missing {target}"


def test_glossary_cells_are_rendered_from_course_utils_glossary():
    # Lesson 15 shows the glossary as Markdown; the data live in course_utils/glossary.py.
    # After editing the data: python -m course_utils.glossary notebooks/15_glossary.ipynb
    from course_utils import glossary

    cells = [c for c in _load(GLOSSARY)["cells"]
             if glossary.GLOSSARY_CELL_TAG in c["metadata"].get("tags", [])]
    assert ["".join(c["source"]) for c in cells] == glossary.render_glossary(), (
        "lesson 15 is out of date: run `python -m course_utils.glossary notebooks/15_glossary.ipynb`")
    assert all(c["cell_type"] == "markdown" for c in cells)


def test_every_term_a_lesson_sets_in_bold_has_a_glossary_entry():
    # A bold phrase is a term unless it is a formula, a sentence (4+ words) or listed in
    # course_utils.glossary.NOT_TERMS; terms match entries by whole words ("ELU" is not "ReLU").
    from course_utils import glossary

    assert glossary.unlisted_terms(ROOT / "notebooks") == {}, (
        "add an entry (or an alias) to course_utils/glossary.py, or, for plain emphasis, "
        "use *italics* or extend NOT_TERMS")


def test_glossary_links_lead_to_sections_that_name_the_term():
    from course_utils import glossary

    report = glossary.check_links(ROOT / "notebooks")
    assert report.checked and not report.absent_lessons
    assert not report.bad_anchors, f"links to headings that do not exist: {report.bad_anchors}"
    assert not report.not_mentioned, f"sections that never name the linked term: {report.not_mentioned}"


def test_glossary_links_within_the_glossary_exist():
    from course_utils import glossary

    nb = _load(GLOSSARY)
    anchors = set(glossary.lesson_sections(nb))
    local = re.findall(r"\]\(#([^)\s]+)\)", _source(nb, "markdown"))
    assert local and set(local) <= anchors, sorted(set(local) - anchors)


@pytest.mark.parametrize("path", ALL, ids=_ids(ALL))
def test_links_to_a_section_land_on_a_heading(path):
    # Anchors as JupyterLab makes them (course_utils.glossary.heading_anchor): a link such as
    # 08_vanishing_gradients.ipynb#7.-Initialisation-from-first-principles must name a heading.
    from course_utils import glossary

    markdown = _source(_load(path), "markdown")
    # an anchor may hold balanced parentheses, as in #2-·-Why-np.random.default_rng(42)-...
    for target, anchor in re.findall(r"\]\(([^)#:\s]*\.ipynb)?#((?:[^()\s]|\([^()\s]*\))+)\)", markdown):
        linked = (path.parent / target).resolve() if target else path
        if linked.exists():
            assert anchor in glossary.lesson_sections(_load(linked)), (
                f"{path.name} links to a section {target}#{anchor} that has no such heading")
