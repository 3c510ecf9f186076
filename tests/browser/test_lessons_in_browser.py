"""Every lesson in JupyterLab in headless Chromium, as a student meets it: opens unmodified,
no stored widget shown as text, Run All runs every cell without errors or stderr, widgets
render, every image loads, all math is typeset. Screenshots: build/browser/."""
import pytest
from browser_checks import check_notebook, notebooks


@pytest.mark.parametrize("path", notebooks("notebooks"))
def test_lesson_in_the_browser(page, lab, path):
    check_notebook(page, lab, path)
