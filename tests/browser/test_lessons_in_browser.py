"""Lessons 01-07 in JupyterLab in headless Chromium, as a student meets them: opens unmodified,
no stored widget shown as text, Run All runs every cell without errors or stderr, widgets
render, every image loads and has an alt text, all math is typeset. Screenshots: build/browser/.
Lessons 08 onwards are in test_later_lessons_in_browser.py, so that pytest-xdist (--dist
loadfile) can run the two halves on different workers."""
import pytest
from browser_checks import check_notebook, notebooks


@pytest.mark.parametrize("path", notebooks("notebooks", range(1, 8)))
def test_lesson_in_the_browser(page, lab, path):
    check_notebook(page, lab, path)
