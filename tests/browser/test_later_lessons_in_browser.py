"""Lessons 08 onwards in JupyterLab in headless Chromium: the checks of
test_lessons_in_browser.py, in a file of their own so that pytest-xdist can run them beside it."""
import pytest
from browser_checks import check_notebook, notebooks


@pytest.mark.parametrize("path", notebooks("notebooks", range(8, 100)))
def test_later_lesson_in_the_browser(page, lab, path):
    check_notebook(page, lab, path)
