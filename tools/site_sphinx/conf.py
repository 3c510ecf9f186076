"""Sphinx configuration of the course's website; built by tools/website.py (`course.py site`)
from the prepared copies of the notebooks in build/site-source/. Nothing is executed, and
nothing on the pages comes from the web."""
import html
import sys
from pathlib import Path

from docutils import nodes
from sphinx.transforms.post_transforms import SphinxPostTransform

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "tools"))
from colab import read_settings  # noqa: E402
from website import TITLE  # noqa: E402

REPOSITORY, BRANCH = read_settings(ROOT / "pyproject.toml")

project = TITLE
author = "the course's contributors (MIT License)"
html_show_copyright = False
extensions = ["myst_nb", "sphinx.ext.mathjax"]
exclude_patterns = ["_mathjax", "**.ipynb_checkpoints"]

# The notebooks' stored outputs, never re-executed.
nb_execution_mode = "off"
# The lesson-04 explorer: its stored PNG (the static picture), not the widget, which needs a kernel.
# A figure stored as a PNG and as an <img> in HTML shows as the PNG: one file in _images/ rather
# than base64 inside the page, with the alt text stored with the output (see below).
nb_mime_priority_overrides = [("html", "application/vnd.jupyter.widget-view+json", None),
                              ("html", "image/png", 25)]
myst_enable_extensions = ["dollarmath", "amsmath"]
# Headings get JupyterLab's anchors, so `03_math.ipynb#2.-Sigmoid` lands on its section.
myst_heading_anchors = 6
myst_heading_slug_func = "course_utils.glossary.heading_anchor"

html_theme = "sphinx_book_theme"
html_title = TITLE
html_static_path = ["_static"]  # and the MathJax copy in the sources (setup, below)
html_css_files = ["course.css"]
html_copy_source = False
html_show_sourcelink = False
html_last_updated_fmt = None
html_theme_options = {
    "repository_url": REPOSITORY,
    "repository_branch": BRANCH,
    "use_repository_button": True,
    "use_download_button": False,  # each page links to its own .ipynb instead
    "use_fullscreen_button": False,
    "show_toc_level": 2,
    "navigation_with_keys": False,
}
# MathJax 3 from the local copy (build/site/_static/mathjax/), never from a CDN.
mathjax_path = "mathjax/tex-chtml.js"


def _output_alt_texts(app):
    """A figure's alt text is stored with its output (metadata {"image/png": {"alt": ...}});
    MyST-NB reads only width and height from there, so the alt is set here as well."""
    from myst_nb.core.render import NbElementRenderer

    render_image = NbElementRenderer.render_image
    if getattr(render_image, "course_alt", False):
        return

    def with_alt(self, data):
        nodes = render_image(self, data)
        alt = data.output_metadata.get(data.mime_type, {}).get("alt")
        if alt:
            for node in nodes:
                node["alt"] = str(alt)
        return nodes

    with_alt.course_alt = True
    NbElementRenderer.render_image = with_alt


def _local_mathjax(app, config):
    """The MathJax files tools/website.py put into the sources, served from _static/mathjax/."""
    config.html_static_path.append(str(Path(app.srcdir) / "_mathjax"))


class EscapeSectionAnchors(SphinxPostTransform):
    """A heading's JupyterLab anchor (a section's second id, see myst_heading_slug_func) may hold
    a quotation mark (`9.-Kinks:-what-the-derivative-"is"-...`); the HTML writer writes ids into
    attributes unescaped, so escape it here and the id stays the anchor JupyterLab uses."""
    default_priority = 999
    formats = ("html",)

    def run(self, **kwargs):
        for section in self.document.findall(nodes.section):
            section["ids"][1:] = [html.escape(anchor) for anchor in section["ids"][1:]]


def setup(app):
    _output_alt_texts(app)
    app.add_post_transform(EscapeSectionAnchors)
    app.connect("config-inited", _local_mathjax)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
