"""What a student must see in JupyterLab, checked on one notebook at a time (the browser tests
of lessons and exercises call `check_notebook`, the lesson tests `check_explorers`)."""
import json
import re
import time
from pathlib import Path

import pytest

import browser
from course_utils import environment

ROOT = Path(__file__).resolve().parents[2]
SCREENSHOTS = ROOT / "build" / "browser"
COLAB_BADGE = "https://colab.research.google.com/assets/colab-badge.svg"

# JupyterLab writes the kernel's spec and language_info into the notebook once the kernel has
# answered with them; a notebook that would count as modified is marked so right after.
KERNEL_INFO_JS = """async () => {
    const context = window.jupyterapp.shell.currentWidget.sessionContext;
    const answered = async () => {
        await context.ready;  // the session (and its kernel) may not exist yet when cells show
        const kernel = context.session && context.session.kernel;
        if (kernel) { await kernel.info; await kernel.spec; }
    };
    // at most 10 s: a kernel that never answers is caught by the checks that follow
    await Promise.race([answered().catch(() => null), new Promise(done => setTimeout(done, 10000))]);
}"""
DIRTY_SETTLE_SECONDS = 0.5
RENDER_SECONDS = 10  # for images to load and math to typeset after the run
WIDGET_AS_TEXT = re.compile(r"^(VBox|HBox|interactive|Output|IntSlider|FloatSlider|Dropdown)\(", re.M)
VIEW_LABEL = "activation φ"  # the explorer's first drop-down chooses what it shows
RAW_MATH = re.compile(r"\$[^$\n]+\$|\\\(|\\\[")


def notebooks(folder, numbers=range(100)):
    """pytest parameters for the notebooks of `folder` numbered in `numbers` (ids: file names);
    the Keras ones are skipped, with the reason, on a Python TensorFlow has no release for."""
    params = []
    for path in sorted((ROOT / folder).glob("[0-9][0-9]_*.ipynb")):
        if int(path.name[:2]) not in numbers:
            continue
        skip = path.name.startswith("11_") and not environment.tensorflow_released_for()
        marks = [pytest.mark.skip(reason=environment.python_problem())] if skip else []
        params.append(pytest.param(path.relative_to(ROOT).as_posix(), marks=marks, id=path.name))
    return params


def _tagged_raises_exception(path):
    cells = json.loads((ROOT / path).read_text(encoding="utf-8"))["cells"]
    return {i for i, cell in enumerate(cells) if "raises-exception" in cell["metadata"].get("tags", [])}


def _cell(cell):
    """'cell 7': cells counted from 1, as JupyterLab's status bar counts them."""
    return f"cell {cell['index'] + 1}"


def _describe(text, limit=160):
    lines = [line for line in text.strip().splitlines() if line.strip()]
    return repr((lines[-1] if lines else "")[:limit])


def _stored_output_problems(facts):
    problems = []
    for cell in facts:
        shown = WIDGET_AS_TEXT.search(cell["output_text"])
        if shown:
            problems.append(f"{_cell(cell)}: a stored widget shows as text ({shown.group()}...)")
        if "Error displaying widget" in cell["output_text"]:
            problems.append(f"{_cell(cell)}: 'Error displaying widget' before running")
    return problems


def _image_and_math_problems(cell):
    problems = []
    for image in cell["images"]:
        if image["remote"]:
            if image["src"] != COLAB_BADGE or not image["alt"].strip():
                problems.append(f"{_cell(cell)}: remote image {image['src']!r} (alt {image['alt']!r}); "
                                "only the Colab badge, with alt text, may come from the web")
        elif not image["loaded"]:
            problems.append(f"{_cell(cell)}: image did not load ({image['src'][:60]!r})")
        elif not image["alt"].strip() and not image["src"].startswith("blob:"):
            # every figure has an alt text (plotting.show); only a live widget's picture (the
            # explorer's plot, a blob: URL) has none: ipywidgets' Image cannot carry one
            problems.append(f"{_cell(cell)}: image without alt text ({image['src'][:60]!r})")
    raw = RAW_MATH.search(cell["markdown_text"])
    if raw:
        problems.append(f"{_cell(cell)}: math not typeset, shows {raw.group()[:60]!r}")
    problems += [f"{_cell(cell)}: MathJax error {error!r}" for error in cell["math_errors"]]
    return problems


def _run_problems(facts, may_raise):
    problems = []
    for cell in facts:
        if cell["type"] != "code" or not cell["source"].strip():
            continue
        if cell["execution_count"] is None:
            problems.append(f"{_cell(cell)}: did not run (no execution count)")
        if "error" in cell["output_types"] and cell["index"] not in may_raise:
            problems.append(f"{_cell(cell)}: raised {_describe(cell['stderr_text'])}")
        if "stderr" in cell["output_types"]:
            problems.append(f"{_cell(cell)}: wrote to stderr {_describe(cell['stderr_text'])}")
        if "Error displaying widget" in cell["output_text"]:
            problems.append(f"{_cell(cell)}: 'Error displaying widget'")
        if cell["widgets_shown"] < cell["widget_outputs"]:
            problems.append(f"{_cell(cell)}: {cell['widget_outputs']} widget output(s), "
                            f"{cell['widgets_shown']} shown")
        for plots in cell["explorer_plots"]:
            if plots != 1:
                problems.append(f"{_cell(cell)}: an explorer with {plots} plots (exactly one expected)")
    return problems


def _rendered_facts(page):
    """The cells' facts once every image has loaded and all math is typeset, or, after
    RENDER_SECONDS, as they are."""
    deadline = time.monotonic() + RENDER_SECONDS
    while True:
        facts = browser.cell_facts(page)
        if time.monotonic() > deadline or not any(map(_image_and_math_problems, facts)):
            return facts
        page.wait_for_timeout(250)


def screenshot_path(path):
    """build/browser/notebooks-01_intuition.png for notebooks/01_intuition.ipynb."""
    return SCREENSHOTS / Path(path).with_suffix(".png").as_posix().replace("/", "-")


def check_notebook(page, lab, path):
    """Open `path` as a student would, Run All, and assert that it looks right; each failure
    names the notebook, the cell (counted from 1) and what was wrong."""
    browser.open_notebook(page, lab, path)
    problems = _stored_output_problems(browser.cell_facts(page))
    page.evaluate(KERNEL_INFO_JS)
    page.wait_for_timeout(DIRTY_SETTLE_SECONDS * 1000)
    if browser.is_dirty(page):
        problems.append("marked modified as soon as it opened: closing it asks to save changes")
    browser.run_all_cells(page)
    browser.wait_until_idle(page)
    facts = _rendered_facts(page)
    browser.screenshot(page, screenshot_path(path))
    problems += _run_problems(facts, _tagged_raises_exception(path))
    problems += [problem for cell in facts for problem in _image_and_math_problems(cell)]
    assert not problems, f"{path} in JupyterLab ({len(problems)} problems):\n  " + "\n  ".join(problems)


def check_explorers(page, lab, path):
    """Run `path`, then in every explorer, view by view (every option of the first drop-down),
    change each visible control as a person would and assert that the plot's pixels change."""
    browser.open_notebook(page, lab, path)
    browser.run_all_cells(page)
    browser.wait_until_idle(page)
    explorers = page.locator(browser.EXPLORER).all()
    assert explorers, f"{path}: no explorer ({browser.EXPLORER}) on the page after Run All"
    problems = []
    for number, explorer in enumerate(explorers, 1):
        problems += [f"explorer {number}: {problem}" for problem in _explorer_problems(explorer)]
    assert not problems, f"{path} in JupyterLab:\n  " + "\n  ".join(problems)


def _explorer_problems(explorer):
    plot = explorer.locator(browser.PLOT)
    view = explorer.locator(f"{browser.CONTROL}.widget-dropdown").first
    if browser.control_label(view) != VIEW_LABEL:
        return [f"the first drop-down is {browser.control_label(view)!r}, not {VIEW_LABEL!r}"]
    problems, pixels = [], browser.plot_pixels(plot)
    if pixels is None:
        return ["the plot image did not load"]
    if explorer.locator(browser.READOUT).count() != 1:
        problems.append(f"{explorer.locator(browser.READOUT).count()} readouts (one expected)")
    for option in view.locator("select option").all_inner_texts():
        if option != view.locator("select option:checked").inner_text():
            view.locator("select").select_option(label=option)
            pixels = browser.wait_for_new_plot(plot, pixels)
            if pixels is None:
                problems.append(f"choosing view {option!r} did not change the plot")
                pixels = browser.plot_pixels(plot)
        for control, label in browser.visible_controls(explorer):
            if label == VIEW_LABEL:
                continue
            done = browser.change_control(explorer, control)
            new_pixels = browser.wait_for_new_plot(plot, pixels)
            if new_pixels is None:
                problems.append(f"view {option!r}: {label!r} ({done}) did not change the plot "
                                f"within {browser.REDRAW_SECONDS} s")
            pixels = new_pixels or browser.plot_pixels(plot)
    return problems

