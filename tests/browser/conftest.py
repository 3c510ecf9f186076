"""Fixtures for the browser suite: one JupyterLab (serving a temporary copy of the course) and
one headless Chromium per pytest worker, a fresh page per test.

Without Chromium (or Playwright) the suite is skipped with one plain reason; in CI (the
environment variable CI is set) that is a failure instead, since CI must run it.
"""
import os
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "tools"))
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


@pytest.fixture(scope="session")
def lab(browser_context):
    with browser.served_copy() as root, browser.jupyterlab(root) as running:
        yield running


@pytest.fixture
def page(browser_context, lab):
    """A new browser page; afterwards it is closed and every kernel shut down, so one
    notebook's kernel (TensorFlow's is 0.8 GB) does not stay for the next."""
    new_page = browser_context.new_page()
    yield new_page
    new_page.close()
    lab.shut_down_kernels()
