"""Every exercise notebook in JupyterLab in headless Chromium, as a student meets it (unfinished):
opens unmodified, Run All goes through, only cells tagged `raises-exception` raise, nothing
else on stderr, every image loads, all math is typeset. Screenshots: build/browser/."""
import pytest
from browser_checks import check_notebook, notebooks


@pytest.mark.parametrize("path", notebooks("exercises"))
def test_exercise_in_the_browser(page, lab, path):
    check_notebook(page, lab, path)
