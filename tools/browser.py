"""Drive the course in a real browser: JupyterLab from the course's .venv, headless Chromium.

    with served_copy() as root, jupyterlab(root) as lab, chromium() as browser:
        page = browser.new_page()
        open_notebook(page, lab, "notebooks/01_intuition.ipynb")
        run_all_cells(page)
        wait_until_idle(page)
        facts = cell_facts(page)

JupyterLab serves a temporary copy of the course (so nothing is ever written into the
repository) with the arguments students get from `course.py lab`, in throw-away config, data,
runtime, settings and workspace folders. Chromium is Debian's (`apt-get install chromium`),
launched by its path through Playwright's Python package; Playwright's own browser download is
not needed. Used by the browser tests (tests/browser/) and by the benchmark (tools/bench.py).
"""
import contextlib
import json
import os
import re
import secrets
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from dataclasses import dataclass
from pathlib import Path

from course import ROOT, jupyterlab_arguments

# What JupyterLab serves: the lessons, and the exercises they link to (and that link back).
SERVED_FOLDERS = ("notebooks", "exercises")

CHROMIUM_FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                  "--disable-background-networking", "--disable-component-update", "--disable-sync"]

# JupyterLab user settings for the tests, on top of the course's own defaults (no news prompt):
# no autosave, so a served notebook changes only when a test saves it.
SETTINGS = {"@jupyterlab/docmanager-extension/plugin": {"autosave": False}}

SERVER_START_SECONDS = 90
KERNEL_IDLE_SECONDS = 180


def missing_browser():
    """None when Chromium and Playwright are both here, else (what is missing, how to get it)."""
    if shutil.which("chromium") is None:
        return "Chromium not found", "apt-get install chromium"
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        return "Playwright not installed", "pip install -r requirements-test.txt"
    return None


@contextlib.contextmanager
def served_copy():
    """A temporary folder holding a copy of the course's notebook folders; yields its path."""
    with tempfile.TemporaryDirectory(prefix="course-served-") as folder:
        root = Path(folder)
        for name in SERVED_FOLDERS:
            shutil.copytree(ROOT / name, root / name)
        yield root


@dataclass
class Lab:
    """A running JupyterLab: where it listens, its token, and its log file."""
    base_url: str
    token: str
    log: Path

    def url(self, path=""):
        return f"{self.base_url}/{path}"

    def api(self, path, method="GET"):
        """Call the server's REST API; return the decoded JSON (None for an empty answer)."""
        request = urllib.request.Request(self.url(f"api/{path}"), method=method,
                                         headers={"Authorization": f"token {self.token}"})
        with urllib.request.urlopen(request, timeout=30) as response:
            body = response.read()
        return json.loads(body) if body else None

    def shut_down_kernels(self):
        for kernel in self.api("kernels"):
            self.api(f"kernels/{kernel['id']}", method="DELETE")

    def log_tail(self, lines=30):
        return "\n".join(self.log.read_text(errors="replace").splitlines()[-lines:])


def _free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _isolated_environment(home):
    """Environment variables that keep JupyterLab and its kernels out of the user's own Jupyter
    and IPython folders; the venv's data path stays, so the widget extension loads."""
    folders = {name: home / name.lower() for name in (
        "JUPYTER_CONFIG_DIR", "JUPYTER_DATA_DIR", "JUPYTER_RUNTIME_DIR",
        "JUPYTERLAB_SETTINGS_DIR", "JUPYTERLAB_WORKSPACES_DIR", "IPYTHONDIR")}
    for folder in folders.values():
        folder.mkdir()
    for plugin, values in SETTINGS.items():
        settings_file = folders["JUPYTERLAB_SETTINGS_DIR"] / f"{plugin}.jupyterlab-settings"
        settings_file.parent.mkdir(parents=True, exist_ok=True)
        settings_file.write_text(json.dumps(values))
    env = dict(os.environ, **{name: str(folder) for name, folder in folders.items()})
    env["JUPYTER_PATH"] = str(Path(sys.prefix) / "share" / "jupyter")
    return env


def _wait_until_ready(process, lab):
    deadline = time.monotonic() + SERVER_START_SECONDS
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"JupyterLab exited with code {process.returncode} before it was "
                               f"ready. The end of its log:\n{lab.log_tail()}")
        try:
            lab.api("status")
            return
        except OSError:
            time.sleep(0.3)
    raise RuntimeError(f"JupyterLab did not answer at {lab.base_url} within "
                       f"{SERVER_START_SECONDS} s. The end of its log:\n{lab.log_tail()}")


@contextlib.contextmanager
def jupyterlab(root):
    """Start JupyterLab serving `root` on 127.0.0.1 (a free port, a random token, isolated
    folders); yield a Lab once it answers; shut its kernels and the server down afterwards."""
    with tempfile.TemporaryDirectory(prefix="course-jupyter-") as folder:
        home = Path(folder)
        port, token = _free_port(), secrets.token_hex(24)
        lab = Lab(f"http://127.0.0.1:{port}", token, home / "jupyterlab.log")
        command = [sys.executable, "-m", "jupyterlab", *jupyterlab_arguments(root),
                   "--ip=127.0.0.1", f"--port={port}", "--ServerApp.port_retries=0",
                   f"--IdentityProvider.token={token}", "--no-browser",
                   # lets the tests read cells' outputs from the notebook model (window.jupyterapp)
                   "--LabApp.expose_app_in_browser=True"]
        with open(lab.log, "w") as log:
            process = subprocess.Popen(command, cwd=root, env=_isolated_environment(home),
                                       stdin=subprocess.DEVNULL, stdout=log, stderr=subprocess.STDOUT)
        try:
            _wait_until_ready(process, lab)
            yield lab
        finally:
            with contextlib.suppress(OSError):
                lab.shut_down_kernels()
            process.terminate()
            try:
                process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()


@contextlib.contextmanager
def chromium(viewport=(1280, 900)):
    """Headless Chromium with a fresh profile, through Playwright's sync API; yields its
    BrowserContext (make pages with .new_page())."""
    from playwright.sync_api import sync_playwright

    with tempfile.TemporaryDirectory(prefix="course-chromium-") as profile, sync_playwright() as playwright:
        context = playwright.chromium.launch_persistent_context(
            profile, executable_path=shutil.which("chromium"), headless=True, args=CHROMIUM_FLAGS,
            viewport={"width": viewport[0], "height": viewport[1]})
        try:
            yield context
        finally:
            context.close()


# --- pages ---------------------------------------------------------------------------------

NOTEBOOK = ".jp-NotebookPanel:not(.lm-mod-hidden)"
# The lesson-04 explorer's parts (CSS classes, see course_utils/widgets.py).
EXPLORER, PLOT, CONTROL, READOUT = (".course-explorer", ".course-explorer-plot",
                                    ".course-explorer-control", ".course-explorer-readout")


def open_notebook(page, lab, path):
    """Open `path` (relative to the served root) in a fresh JupyterLab workspace and wait until
    its kernel is idle."""
    page.goto(lab.url(f"lab/tree/{path}?reset&token={lab.token}"))
    page.wait_for_function(_ALL_CELLS_ATTACHED_JS, timeout=60_000)
    wait_until_idle(page)


# JupyterLab attaches a long notebook's cells to the page a few at a time.
_ALL_CELLS_ATTACHED_JS = f"""() => {{
    const notebook = window.jupyterapp && window.jupyterapp.shell.currentWidget;
    return notebook && notebook.context && notebook.context.isReady &&
        document.querySelectorAll('{NOTEBOOK} .jp-Notebook .jp-Cell').length ===
        notebook.content.model.cells.length;
}}"""


def is_dirty(page):
    """Whether JupyterLab marks the open notebook modified (its tab's `jp-mod-dirty` class)."""
    return page.locator(".lm-DockPanel .lm-TabBar-tab.jp-mod-current.jp-mod-dirty").count() > 0


def run_all_cells(page):
    """Run -> Run All Cells, clicked in the menu bar as a person would."""
    page.locator(".lm-MenuBar-item", has_text="Run").first.click()
    page.get_by_role("menuitem", name="Run All Cells", exact=True).click()
    page.wait_for_function(_BUSY_OR_DONE_JS, timeout=10_000)


_QUEUED_JS = f"""() => [...document.querySelectorAll('{NOTEBOOK} .jp-InputPrompt')]
    .some(prompt => prompt.textContent.includes('[*]'))"""
_IDLE_JS = f"""() => {{
    const indicator = document.querySelector('{NOTEBOOK} .jp-Notebook-ExecutionIndicator');
    return indicator !== null && indicator.dataset.status === 'idle' && !({_QUEUED_JS})();
}}"""
# Right after Run All, either a cell is queued or (a very short notebook) all have run already.
_BUSY_OR_DONE_JS = f"""() => ({_QUEUED_JS})() || [...document.querySelectorAll(
    '{NOTEBOOK} .jp-CodeCell .jp-InputPrompt')].every(prompt => /\\[\\d+\\]/.test(prompt.textContent))"""


def wait_until_idle(page, timeout=KERNEL_IDLE_SECONDS, settle=0.5):
    """Wait until the kernel is idle and no cell is queued (`[*]`), and it stays so for `settle`
    seconds (a cell's outputs may still arrive just after its prompt changes)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        page.wait_for_function(_IDLE_JS, timeout=max(1, deadline - time.monotonic()) * 1000)
        page.wait_for_timeout(settle * 1000)
        if page.evaluate(_IDLE_JS):
            return
    raise TimeoutError(f"the kernel was still busy after {timeout} s")


# One dictionary per cell, in notebook order: what the student sees in it.
_CELL_FACTS_JS = f"""() => {{
    const panel = document.querySelector('{NOTEBOOK}');
    const model = window.jupyterapp.shell.currentWidget.content.model;
    const textOf = element => {{  // rendered text, without code and typeset math
        const copy = element.cloneNode(true);
        copy.querySelectorAll('code, pre, mjx-container, .MathJax').forEach(e => e.remove());
        return copy.textContent;
    }};
    return [...panel.querySelectorAll('.jp-Notebook .jp-Cell')].map((cell, index) => {{
            const outputs = cell.querySelectorAll('.jp-OutputArea-output');
            const markdown = cell.querySelector('.jp-RenderedMarkdown');
            const prompt = cell.querySelector('.jp-InputPrompt');
            const count = prompt && prompt.textContent.match(/\\[(\\d+)\\]/);
            const cellModel = model.cells.get(index);
            return {{
                index,
                type: cellModel.type,
                source: cellModel.sharedModel.getSource(),
                execution_count: count ? Number(count[1]) : null,
                output_types: cell.classList.contains('jp-CodeCell')
                    ? cellModel.outputs.toJSON().map(o => o.output_type === 'stream' ? o.name : o.output_type)
                    : [],
                stderr_text: [...cell.querySelectorAll(
                    '.jp-OutputArea-output[data-mime-type="application/vnd.jupyter.stderr"]')]
                    .map(e => e.textContent).join('\\n'),
                output_text: [...outputs].map(e => e.innerText).join('\\n'),
                widget_outputs: cell.classList.contains('jp-CodeCell') ? cellModel.outputs.toJSON()
                    .filter(o => o.data && o.data['application/vnd.jupyter.widget-view+json']).length : 0,
                widgets_shown: cell.querySelectorAll('.jp-OutputArea-output > .jupyter-widgets').length,
                explorer_plots: [...cell.querySelectorAll('{EXPLORER}')]
                    .map(explorer => explorer.querySelectorAll('{PLOT}').length),
                markdown_text: markdown ? textOf(markdown) : '',
                math_errors: [...new Set([...cell.querySelectorAll('mjx-merror, [data-mjx-error]')]
                    .map(e => e.getAttribute('data-mjx-error') || e.textContent))],
                images: [...cell.querySelectorAll('img')].map(img => ({{
                    src: img.currentSrc || img.src,
                    alt: img.alt,
                    loaded: img.complete && img.naturalWidth > 0,
                    remote: /^https?:/.test(img.src) && !img.src.startsWith(location.origin),
                }})),
            }};
        }});
}}"""


def cell_facts(page):
    """Per cell, in order: index, type, source, execution_count (None if it did not run),
    output_types ('stdout', 'stderr', 'error', 'display_data', ...), stderr_text, output_text,
    widget_outputs (outputs holding a widget view), widgets_shown (widget views on the page),
    explorer_plots (per lesson-04 explorer in the cell, how many plots it has),
    markdown_text (rendered, without code and typeset math: raw `$` here was not typeset),
    math_errors, images (src, alt, loaded, remote)."""
    return page.evaluate(_CELL_FACTS_JS)


def screenshot(page, path):
    """Save a PNG of the whole open notebook, however long: the viewport is stretched to the
    notebook's height for the shot (JupyterLab scrolls inside its panel, not the page). Cells
    off screen have estimated heights until drawn, so it stretches until the height holds."""
    viewport = page.viewport_size
    height = viewport["height"]
    try:
        for _ in range(8):
            needed = page.evaluate(_PAGE_HEIGHT_JS)
            if needed <= height:
                break
            height = needed
            page.set_viewport_size({"width": viewport["width"], "height": height})
            page.wait_for_timeout(300)  # layout, drawing and image decoding after the resize
        Path(path).parent.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(path))
    finally:
        page.set_viewport_size(viewport)


# The window height at which the open notebook needs no scrolling (without the blank space
# JupyterLab adds below the last cell, which grows with the window).
_PAGE_HEIGHT_JS = f"""() => {{
    const scroller = document.querySelector('{NOTEBOOK} .jp-WindowedPanel-outer');
    scroller.scrollTop = 0;
    const cells = scroller.querySelectorAll('.jp-Cell');
    const below = window.innerHeight - scroller.getBoundingClientRect().bottom;
    return Math.ceil(cells[cells.length - 1].getBoundingClientRect().bottom + below + 24);
}}"""


# --- the lesson-04 explorer (DOM contract: course_utils/widgets.py) ------------------------

REDRAW_SECONDS = 5

# A fingerprint of the pixels the plot <img> shows now (null until an image is loaded).
_PLOT_PIXELS_JS = """img => {
    if (!img.complete || img.naturalWidth === 0) return null;
    const canvas = document.createElement('canvas');
    canvas.width = img.naturalWidth;
    canvas.height = img.naturalHeight;
    const context = canvas.getContext('2d');
    context.drawImage(img, 0, 0);
    const pixels = new Uint32Array(context.getImageData(0, 0, canvas.width, canvas.height).data.buffer);
    let hash = 2166136261;
    for (let i = 0; i < pixels.length; i++) hash = Math.imul(hash ^ pixels[i], 16777619);
    return `${canvas.width}x${canvas.height}:${hash >>> 0}`;
}"""
# True once the plot shows other pixels than `before` and the kernel is idle again (one change
# may redraw twice); pixels are fingerprinted once per new image source.
_NEW_PLOT_JS = f"""([img, before]) => {{
    if (img.dataset.fingerprintOf !== img.src) {{
        const pixels = ({_PLOT_PIXELS_JS})(img);
        if (pixels === null) return false;
        img.dataset.fingerprint = pixels;
        img.dataset.fingerprintOf = img.src;
    }}
    return img.dataset.fingerprint !== before && ({_IDLE_JS})();
}}"""


def plot_pixels(plot):
    """A fingerprint of the pixels the explorer's plot shows (a Playwright Locator of the img)."""
    return plot.evaluate(_PLOT_PIXELS_JS)


def wait_for_new_plot(plot, before, seconds=REDRAW_SECONDS):
    """Wait until the plot shows other pixels than `before` and the kernel is idle; return the
    new fingerprint, or None if the picture did not change within `seconds`."""
    from playwright.sync_api import TimeoutError as PlaywrightTimeout

    try:
        plot.page.wait_for_function(_NEW_PLOT_JS, arg=[plot.element_handle(), before],
                                    polling=25, timeout=seconds * 1000)
    except PlaywrightTimeout:
        return None
    return plot.get_attribute("data-fingerprint")


_LABEL_JS = """control => [...control.querySelectorAll('.widget-label, .widget-label-basic')]
    .map(label => label.textContent.replace(/\\u200b/g, '').trim()).find(text => text) || '(no label)'"""


def control_label(control):
    """The label a student reads next to an explorer control."""
    return control.evaluate(_LABEL_JS)


def visible_controls(explorer):
    """(control, label) for each explorer control shown now, in page order."""
    controls = explorer.locator(CONTROL)
    shown = controls.evaluate_all(f"all => all.map(c => c.offsetParent !== null ? ({_LABEL_JS})(c) : null)")
    return [(controls.nth(i), label) for i, label in enumerate(shown) if label is not None]


def change_control(explorer, control):
    """Change an explorer control as a person would: pick another option of a drop-down, tick a
    checkbox, press an arrow key on a slider's handle, edit the first number in a text box and
    press Enter, click another toggle button. Returns what was done, for messages."""
    kind = control.get_attribute("class")
    if "widget-dropdown" in kind:
        select = control.locator("select")
        options = select.locator("option").all_inner_texts()
        current = select.evaluate("s => s.selectedIndex")
        unchanging = _options_that_change_nothing(explorer, options)
        for step in range(1, len(options)):
            choice = options[(current + step) % len(options)]
            if choice not in unchanging:
                select.select_option(label=choice)
                return f"picked {choice!r}"
        raise AssertionError(f"drop-down {control_label(control)!r} has no other option")
    if "widget-checkbox" in kind:
        control.locator("input[type=checkbox]").click()
        return "clicked the checkbox"
    if "widget-slider" in kind:
        handle = control.locator("[role=slider]").first
        at_max = handle.get_attribute("aria-valuenow") == handle.get_attribute("aria-valuemax")
        key = "ArrowLeft" if at_max else "ArrowRight"
        handle.focus()
        handle.press(key)
        return f"pressed {key} on the slider"
    if "widget-text" in kind:
        box = control.locator("input[type=text]")
        text = box.input_value()
        number = re.search(r"-?\d+(\.\d+)?", text)
        if number is None:
            raise AssertionError(f"text box {control_label(control)!r} holds no number to change: {text!r}")
        new = text[:number.start()] + f"{float(number.group()) + 1:g}" + text[number.end():]
        box.fill(new)
        box.press("Enter")
        return f"typed {new!r} and Enter"
    if "widget-toggle-buttons" in kind:
        control.locator("button:not(.mod-active)").first.click()
        return "clicked another toggle button"
    raise AssertionError(f"explorer control {control_label(control)!r} of an unknown kind ({kind})")


def _options_that_change_nothing(explorer, options):
    """Drop-down options that may leave the plot as it is: a curve already chosen in any
    drop-down, and the first option ('nothing': removing a curve that repeats the main one)."""
    chosen = explorer.locator("select").evaluate_all("all => all.map(s => s.selectedOptions[0].text)")
    return {*chosen, options[0]}


# Times, in the page (performance.now()), the first event of a control change and the decoding
# of the next plot image after it.
_REDRAW_CLOCK_JS = f"""explorer => {{
    const clock = window.courseRedrawClock = {{changedAt: null, drawnAt: null}};
    for (const type of ['keydown', 'click', 'input', 'change']) {{
        explorer.addEventListener(type, event => {{ clock.changedAt ??= event.timeStamp; }}, {{capture: true}});
    }}
    const plot = explorer.querySelector('{PLOT}');
    new MutationObserver(() => plot.decode().then(() => {{
        if (clock.changedAt !== null) clock.drawnAt ??= performance.now();
    }})).observe(plot, {{attributes: true, attributeFilter: ['src']}});
}}"""


def redraw_milliseconds(explorer, controls):
    """Change each of `controls` in turn (see change_control) and return, for each change, the
    milliseconds from its first DOM event to the new plot image decoded in the page."""
    page = explorer.page
    explorer.evaluate(_REDRAW_CLOCK_JS)
    times = []
    for control in controls:
        page.evaluate("() => { courseRedrawClock.changedAt = courseRedrawClock.drawnAt = null; }")
        change_control(explorer, control)
        page.wait_for_function("() => courseRedrawClock.drawnAt !== null", timeout=REDRAW_SECONDS * 1000)
        times.append(page.evaluate("() => courseRedrawClock.drawnAt - courseRedrawClock.changedAt"))
        page.wait_for_function(_IDLE_JS)
    return times
