"""Fixtures for the browser suite: one JupyterLab (serving a temporary copy of the course) per
pytest worker, in the headless Chromium of the root conftest's `browser_context`, a fresh page
per test.
"""
import pytest

import browser  # tools/browser.py, on the path from the root conftest


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
