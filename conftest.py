"""pytest hooks for the whole suite: tests/ and the notebook folders.

TensorFlow has no release yet for the newest Python the course supports
(course_utils.environment). On such a Python the Keras notebooks are skipped with that reason;
on every other Python they run, and fail if TensorFlow is missing.

`browser_context`: one headless Chromium per pytest worker (tools/browser.py), for the browser
suite and the website's checks. Without Chromium (or Playwright) those tests are skipped with one
plain reason; in CI (the environment variable CI is set) that is a failure instead, since CI must
run them.
"""
import os
import sys
from pathlib import Path

import pytest

from course_utils import environment

sys.path.insert(0, str(Path(__file__).resolve().parent / "tools"))
import browser  # noqa: E402  (tools/browser.py)


@pytest.fixture(scope="session")
def browser_context():
    missing = browser.missing_browser()
    if missing and os.environ.get("CI"):
        pytest.fail(f"{missing[0]}: CI must run the browser tests; {missing[1]}.", pytrace=False)
    if missing:
        pytest.skip(f"{missing[0]}: the browser tests were skipped; {missing[1]} to run them")
    with browser.chromium() as context:
        yield context


def pytest_collection_modifyitems(items):
    if environment.tensorflow_released_for():
        return
    skip = pytest.mark.skip(reason=environment.python_problem())
    for item in items:
        if item.path.suffix == ".ipynb" and item.path.name.startswith("11_"):
            item.add_marker(skip)
