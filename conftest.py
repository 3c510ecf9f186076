"""pytest hooks for the whole suite: tests/ and the notebook folders.

TensorFlow has no release yet for the newest Python the course supports
(course_utils.environment). On such a Python the Keras notebooks are skipped with that reason;
on every other Python they run, and fail if TensorFlow is missing.
"""
import pytest

from course_utils import environment


def pytest_collection_modifyitems(items):
    if environment.tensorflow_released_for():
        return
    skip = pytest.mark.skip(reason=environment.python_problem())
    for item in items:
        if item.path.suffix == ".ipynb" and item.path.name.startswith("11_"):
            item.add_marker(skip)
