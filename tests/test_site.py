"""The course as a website (`python3 tools/course.py site`, tools/website.py): it builds with
warnings as errors, every local link and #anchor in it lands, exercise pages hold no solution,
and in headless Chromium, from file://, every page typesets its math, loads every image, gives
each a real alt text and asks nothing of the network. Every failure names the page.

The site is built once, into a temporary folder; screenshots of a few pages go to
build/site-screenshots/ (git-ignored) for a person to look at.
"""
import html
import json
import os
import re
import sys
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest
import yaml

from course_utils import environment

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tools"))
import website  # noqa: E402  (tools/website.py)
from colab import colab_url, read_settings  # noqa: E402

SCREENSHOTS = ROOT / "build" / "site-screenshots"
SITE_MB = 40  # the budget; tools/bench.py measures it too
FOLDERS = ("notebooks", "exercises", "solutions")
NOTEBOOKS = [f"{folder}/{path.name}" for folder in FOLDERS
             for path in sorted((ROOT / folder).glob("[0-9][0-9]_*.ipynb"))]
REPOSITORY, BRANCH = read_settings(ROOT / "pyproject.toml")


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    folder = tmp_path_factory.mktemp("site")
    try:
        website.build(site=folder / "site", source=folder / "source")
    except SystemExit as failure:
        pytest.fail(f"the site did not build with warnings as errors:\n{failure}", pytrace=False)
    return folder / "site"


def page_of(relpath):
    """'notebooks/03_math.html' for 'notebooks/03_math.ipynb'."""
    return str(Path(relpath).with_suffix(".html").as_posix())


class Page(HTMLParser):
    """The ids, links (tag, attribute, URL, classes) and images (src, alt) of one HTML page."""

    def __init__(self, text):
        super().__init__()
        self.ids, self.links, self.images = set(), [], []
        self.feed(text)

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if attrs.get("id"):
            self.ids.add(attrs["id"])
        if tag == "a" and attrs.get("name"):
            self.ids.add(attrs["name"])
        for attribute in ("href", "src"):
            if attrs.get(attribute) is not None:
                self.links.append((tag, attribute, attrs[attribute], attrs.get("class") or ""))
        if tag == "img":
            self.images.append((attrs.get("src", ""), attrs.get("alt")))


def pages(site):
    return sorted(path.relative_to(site).as_posix() for path in site.rglob("*.html"))


def parsed(site, relpath, cache={}):
    key = (site, relpath)
    if key not in cache:
        cache[key] = Page((site / relpath).read_text(encoding="utf-8"))
    return cache[key]


def is_remote(url):
    return url.startswith("//") or urlsplit(url).scheme in ("http", "https", "ftp", "ws", "wss")


# --- the build ---------------------------------------------------------------------------------

def test_every_notebook_is_a_page_beside_its_ipynb(site):
    missing = [relpath for relpath in NOTEBOOKS
               if not (site / page_of(relpath)).exists() or not (site / relpath).exists()]
    assert (site / "index.html").exists()
    assert not missing, f"no page or no .ipynb to download for: {missing}"
    for relpath in NOTEBOOKS:  # the download is the notebook itself, not the prepared copy
        assert (site / relpath).read_bytes() == (ROOT / relpath).read_bytes(), relpath


def test_the_site_stays_under_its_size_budget(site):
    size = website.size_bytes(site) / 1e6
    assert size <= SITE_MB, f"the site is {size:.1f} MB, over its budget of {SITE_MB} MB"


def test_every_local_link_and_anchor_lands(site):
    problems = []
    for relpath in pages(site):
        for tag, _, url, _ in parsed(site, relpath).links:
            parts = urlsplit(url)
            if is_remote(url) or urlsplit(url).scheme in ("mailto", "javascript", "data"):
                continue
            target = (site / relpath).parent / unquote(parts.path) if parts.path else site / relpath
            if parts.path.endswith("/") or target.is_dir():
                target = target / "index.html"
            if not target.resolve().is_relative_to(site.resolve()):
                problems.append(f"{relpath}: <{tag}> {url!r} leads outside the site")
            elif not target.exists():
                problems.append(f"{relpath}: <{tag}> {url!r}: no such file")
            elif parts.fragment and target.suffix == ".html":
                anchor = unquote(parts.fragment)
                if anchor not in parsed(site, target.resolve().relative_to(site.resolve()).as_posix()).ids:
                    problems.append(f"{relpath}: {url!r}: no element with id {anchor!r} there")
    assert not problems, f"{len(problems)} broken links:\n  " + "\n  ".join(problems)


def test_links_between_notebooks_are_links_between_pages(site):
    # A link to another notebook (`02_history.ipynb`, `03_math.ipynb#2.-Sigmoid`) becomes a
    # link to its page; only the download link of each page points at a .ipynb.
    problems = []
    for relpath in pages(site):
        for tag, _, url, classes in parsed(site, relpath).links:
            if tag == "a" and ".ipynb" in urlsplit(url).path and not is_remote(url) \
                    and "course-download" not in classes:
                problems.append(f"{relpath}: a link to a notebook file, {url!r}")
    assert not problems, "\n  ".join(problems)
    # Every section a notebook links to (`file.ipynb#anchor`, JupyterLab's anchors, as the
    # glossary builds them too) carries that anchor on its page, beside Sphinx's own id that the
    # rendered link uses (checked above to land).
    section_link = re.compile(r"\]\(([^)#:\s]*\.ipynb)?#((?:[^()\s]|\([^()\s]*\))+)\)")
    for relpath in NOTEBOOKS:
        cells = json.loads((ROOT / relpath).read_text(encoding="utf-8"))["cells"]
        markdown = "\n".join("".join(c["source"]) for c in cells if c["cell_type"] == "markdown")
        for target, anchor in section_link.findall(markdown):
            linked = page_of((Path(relpath).parent / target).as_posix() if target else relpath)
            if anchor not in parsed(site, linked).ids:
                problems.append(f"{page_of(relpath)}: links to {target}#{anchor}, not an id of {linked}")
    assert not problems, "\n  ".join(problems)
    glossary = parsed(site, "notebooks/15_glossary.html").links
    assert ("a", "href", "01_intuition.html#a-neuron-in-two-steps", "reference internal") in glossary


def test_every_page_links_to_colab_and_to_its_notebook(site):
    problems = []
    for relpath in NOTEBOOKS:
        hrefs = {url for tag, _, url, _ in parsed(site, page_of(relpath)).links if tag == "a"}
        if colab_url(relpath, REPOSITORY, BRANCH) not in hrefs:
            problems.append(f"{page_of(relpath)}: no 'Open in Colab' link")
        if website.binder_url(relpath, REPOSITORY, BRANCH) not in hrefs:
            problems.append(f"{page_of(relpath)}: no 'Open in Binder' link")
        if Path(relpath).name not in hrefs:
            problems.append(f"{page_of(relpath)}: no download link to {Path(relpath).name}")
    assert not problems, "\n  ".join(problems)


def test_nothing_on_a_page_is_loaded_from_the_web(site):
    # Links (<a>) may lead to the web; nothing the page itself loads may come from there.
    problems = [f"{relpath}: <{tag} {attribute}={url!r}>"
                for relpath in pages(site)
                for tag, attribute, url, _ in parsed(site, relpath).links
                if tag != "a" and is_remote(url)]
    for path in site.rglob("*.css"):
        problems += [f"{path.relative_to(site)}: {url}" for url in
                     re.findall(r"url\(\s*['\"]?(https?:[^'\")]+)", path.read_text(errors="replace"))
                     + re.findall(r"@import\s+['\"]?(https?:[^'\";]+)", path.read_text(errors="replace"))]
    assert not problems, "loaded from the web:\n  " + "\n  ".join(problems)


def _solution_lines(relpath):
    """Code lines between # BEGIN SOLUTION and # END SOLUTION in a solutions notebook that the
    matching exercise notebook does not hold, and prose between the markdown markers."""
    exercise = (ROOT / "exercises" / Path(relpath).name).read_text(encoding="utf-8")
    lines, inside = [], False
    for cell in json.loads((ROOT / relpath).read_text(encoding="utf-8"))["cells"]:
        for line in "".join(cell["source"]).splitlines():
            if re.match(r"\s*(# |<!-- )(BEGIN|END) SOLUTION", line):
                inside = "BEGIN" in line
            elif inside and len(line.strip()) >= 12 and not line.strip().startswith("#") \
                    and json.dumps(line.strip())[1:-1] not in exercise:
                lines.append(line.strip())
    return lines


def _page_text(site, relpath):
    text = re.sub(r"<[^>]+>", "", (site / relpath).read_text(encoding="utf-8"))
    return html.unescape(text)


@pytest.mark.parametrize("relpath", [n for n in NOTEBOOKS if n.startswith("solutions/")],
                         ids=lambda relpath: Path(relpath).name)
def test_exercise_pages_show_the_exercises_never_the_solutions(site, relpath):
    exercise_page = page_of(f"exercises/{Path(relpath).name}")
    text = _page_text(site, exercise_page)
    solutions = _solution_lines(relpath)
    assert solutions, f"{relpath}: no solution region found to look for"
    shown = [line for line in solutions if line in text]
    assert not shown, f"{exercise_page} shows lines of the solution: {shown[:5]}"
    assert "YOUR CODE HERE" in text or "Write your answer here" in text, exercise_page
    # and the solutions page does show them
    assert any(line in _page_text(site, page_of(relpath)) for line in solutions), page_of(relpath)


def test_bold_terms_in_the_lessons_link_to_the_glossary(site):
    for number in ("01", "03", "08"):
        page = next((site / "notebooks").glob(f"{number}_*.html"))
        links = [url for tag, _, url, _ in parsed(site, page.relative_to(site).as_posix()).links
                 if url.startswith("15_glossary.html#term-")]
        assert len(links) >= 5, f"{page.name}: only {len(links)} links to the glossary"
    glossary_ids = parsed(site, "notebooks/15_glossary.html").ids
    assert sum(anchor.startswith("term-") for anchor in glossary_ids) >= 100


def test_the_explorer_is_a_static_picture_with_how_to_run_it_live(site):
    text = _page_text(site, "notebooks/04_plotting_explorer.html")
    assert " ".join(website.LIVE_NOTE.replace("*", "").replace("`", "").split()[:6]) in text
    assert "Activation explorer (interactive)" not in text  # the widget's plain-text stand-in
    for relpath in ("exercises/04_plotting_explorer.html", "solutions/04_plotting_explorer.html"):
        assert "static picture of the explorer" not in _page_text(site, relpath), relpath


def test_the_site_lock_has_the_versions_the_test_command_builds_with():
    # requirements-test.txt includes requirements-site.txt: the site the tests check is built with
    # the same packages as one built from locks/requirements-site.lock alone.
    import lock
    import test_locks

    for python in test_locks.SUPPORTED:
        for platform in test_locks.PLATFORMS:
            site_pins = test_locks.pins_for(ROOT / lock.LOCKS["requirements-site.txt"][0], python, platform)
            test_pins = test_locks.pins_for(ROOT / lock.LOCKS["requirements-test.txt"][0], python, platform)
            differ = {name: (version, test_pins.get(name)) for name, version in site_pins.items()
                      if test_pins.get(name) != version}
            assert not differ, f"Python {python} ({platform}): site lock vs test lock {differ}"


# --- deployment: GitHub Pages and Binder ------------------------------------------------------

def test_the_pages_workflow_builds_with_the_course_tool_and_publishes_build_site():
    workflow = yaml.safe_load((ROOT / ".github" / "workflows" / "pages.yml").read_text())
    steps = [step for job in workflow["jobs"].values() for step in job["steps"]]
    uses = {step.get("uses", "").split("@")[0] for step in steps}
    assert {"actions/configure-pages", "actions/upload-pages-artifact", "actions/deploy-pages"} <= uses
    assert any("tools/course.py site" in step.get("run", "") for step in steps)
    upload = next(s for s in steps if s.get("uses", "").startswith("actions/upload-pages-artifact"))
    assert upload["with"]["path"] == "build/site"
    assert workflow["permissions"] == {"contents": "read", "pages": "write", "id-token": "write"}


def test_binder_uses_a_supported_python_and_installs_course_utils_from_the_checkout():
    runtime = (ROOT / "binder" / "runtime.txt").read_text().strip()
    assert runtime == f"python-{environment.version_text(environment.PYTHON_COLAB)}"
    assert environment.PYTHON_SUPPORTED[0] <= environment.PYTHON_COLAB <= environment.PYTHON_WITH_TENSORFLOW
    requirements = (ROOT / "binder" / "requirements.txt").read_text()
    assert "-r ../requirements.txt" in requirements  # the students' pins ...
    assert "-e ." in (ROOT / "requirements.txt").read_text().splitlines()  # ... and course_utils
    post_build = (ROOT / "binder" / "postBuild").read_text()
    assert "tools/lab_settings/overrides.json" in post_build
    assert "course_utils.lab.CourseContentsManager" in post_build
    assert os.access(ROOT / "binder" / "postBuild", os.X_OK), "binder/postBuild must be executable"


def test_readme_has_the_binder_badge_of_the_course_repository():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    url = website.binder_url("notebooks/01_intuition.ipynb", REPOSITORY, BRANCH)
    assert f"[![Binder](https://mybinder.org/badge_logo.svg)]({url})" in readme


def test_stamp_rewrites_the_binder_badge(tmp_path):
    import colab

    (tmp_path / "pyproject.toml").write_text(
        '[tool.course]\nrepository = "https://github.com/someone/fork"\nbranch = "spring"\n')
    (tmp_path / "README.md").write_text((ROOT / "README.md").read_text(encoding="utf-8"))
    colab.stamp_tree(tmp_path)
    readme = (tmp_path / "README.md").read_text(encoding="utf-8")
    assert website.binder_url("notebooks/01_intuition.ipynb", "https://github.com/someone/fork",
                              "spring") in readme
    assert "mybinder.org/v2/gh/activation-functions-course" not in readme


# --- in the browser ----------------------------------------------------------------------------

LOCAL_SCHEMES = ("file", "data", "blob", "about")
# What a page shows a student once it has loaded and MathJax has finished.
_PAGE_FACTS_JS = """async () => {
    if (window.MathJax && MathJax.startup && MathJax.startup.promise) await MathJax.startup.promise;
    await Promise.all([...document.images].map(img => img.decode().catch(() => null)));
    const article = document.querySelector('article') || document.body;
    const copy = article.cloneNode(true);
    copy.querySelectorAll('pre, code, mjx-container, script, .highlight').forEach(e => e.remove());
    return {
        math: document.querySelectorAll('.math').length,
        typeset: [...document.querySelectorAll('.math')].filter(e => e.querySelector('mjx-container')).length,
        errors: [...document.querySelectorAll('mjx-merror, [data-mjx-error]')]
            .map(e => e.getAttribute('data-mjx-error') || e.textContent),
        raw: (copy.textContent.match(/\\\\\\(|\\\\\\[|\\$\\$[^$]+\\$\\$/) || [null])[0],
        images: [...document.images].map(img => ({src: img.getAttribute('src'), alt: img.alt,
            loaded: img.complete && img.naturalWidth > 0})),
    };
}"""
GENERIC_ALT = re.compile(r"^(image|figure|plot|picture|graph|output|png|chart)\b", re.I)


def real_alt(alt, src):
    """An alt text a person wrote: a few words, not a file name or a single generic word."""
    alt = (alt or "").strip()
    name = Path(src or "").name
    return (len(alt.split()) >= 3 and name not in alt and not re.search(r"\.(png|jpe?g|svg|gif)\b", alt)
            and not GENERIC_ALT.fullmatch(alt))


def _open(context, url, viewport=None):
    """A new page at `url`; everything it asks from outside file:// is refused and recorded,
    and so is every failed load and script error."""
    page = context.new_page()
    if viewport:
        page.set_viewport_size(viewport)
    problems = []

    def route(request_route):
        url_ = request_route.request.url
        if urlsplit(url_).scheme in LOCAL_SCHEMES:
            request_route.continue_()
        else:
            problems.append(f"asked the network for {url_}")
            request_route.abort()

    page.route("**/*", route)
    page.on("requestfailed", lambda request: problems.append(
        f"could not load {request.url} ({request.failure})")
        if urlsplit(request.url).scheme in LOCAL_SCHEMES else None)
    page.on("pageerror", lambda error: problems.append(f"script error: {error}"))
    page.goto(url, wait_until="load")
    return page, problems


def _browser_problems(facts):
    problems = []
    if facts["typeset"] < facts["math"]:
        problems.append(f"math not typeset: {facts['math'] - facts['typeset']} of {facts['math']} formulas")
    if facts["raw"]:
        problems.append(f"raw TeX shows: {facts['raw']!r}")
    problems += [f"MathJax error {error!r}" for error in facts["errors"]]
    for image in facts["images"]:
        if not image["loaded"]:
            problems.append(f"image did not load: {image['src']}")
        if not real_alt(image["alt"], image["src"]):
            problems.append(f"image without a real alt text: {image['src']} (alt {image['alt']!r})")
    return problems


SHOTS = {"notebooks/03_math.html": "lesson-03-math", "notebooks/04_plotting_explorer.html":
         "lesson-04-explorer", "notebooks/15_glossary.html": "glossary",
         "exercises/03_math.html": "exercises-03", "index.html": "index"}


def test_in_chromium_every_page_typesets_its_math_loads_its_images_and_stays_offline(site, browser_context):
    problems, formulas = [], 0
    for relpath in pages(site):
        if relpath in ("genindex.html", "search.html"):
            continue
        page, asked = _open(browser_context, (site / relpath).as_uri())
        facts = page.evaluate(_PAGE_FACTS_JS)
        formulas += facts["typeset"]
        problems += [f"{relpath}: {problem}" for problem in asked + _browser_problems(facts)]
        if relpath in SHOTS:
            page.screenshot(path=str(SCREENSHOTS / f"{SHOTS[relpath]}.png"), full_page=True)
        page.close()
    assert formulas > 500, f"only {formulas} typeset formulas on the whole site"
    assert not problems, f"{len(problems)} problems in Chromium:\n  " + "\n  ".join(problems)


def test_in_chromium_search_finds_a_term_offline(site, browser_context):
    page, asked = _open(browser_context, (site / "search.html").as_uri() + "?q=saturation")
    page.wait_for_function("() => document.querySelectorAll('#search-results li').length > 0",
                           timeout=20_000)
    found = page.locator("#search-results li a").evaluate_all("links => links.map(a => a.getAttribute('href'))")
    page.close()
    assert any("notebooks/" in href for href in found), found
    # fetching a result's page text for its summary is a local request that file:// may refuse
    assert not [problem for problem in asked if "network" in problem], asked


def test_in_chromium_a_phone_sized_page_fits_its_width(site, browser_context):
    page, asked = _open(browser_context, (site / "notebooks" / "03_math.html").as_uri(),
                        viewport={"width": 390, "height": 844})
    page.evaluate(_PAGE_FACTS_JS)
    page.screenshot(path=str(SCREENSHOTS / "phone-lesson-03.png"))
    overflow = page.evaluate("() => document.documentElement.scrollWidth - window.innerWidth")
    page.close()
    assert overflow <= 1, f"notebooks/03_math.html at 390 px: the page is {overflow} px too wide"
    assert not asked, asked
