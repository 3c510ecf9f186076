"""One truth about the supported Pythons: course_utils.environment states them, and README.md,
pyproject.toml, requirements.txt, the locks and .ci/run follow."""
import importlib.util
import re
import sys
import tomllib
from pathlib import Path

from packaging.requirements import Requirement

from course_utils.environment import (PYTHON_COLAB, PYTHON_SUPPORTED, PYTHON_WITH_TENSORFLOW,
                                      version_text)

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tools"))
import lock  # noqa: E402

OLDEST, NEWEST = (version_text(v) for v in PYTHON_SUPPORTED)
WITH_TF, COLAB = version_text(PYTHON_WITH_TENSORFLOW), version_text(PYTHON_COLAB)


def test_the_window_is_ordered():
    assert PYTHON_SUPPORTED[0] <= PYTHON_COLAB <= PYTHON_WITH_TENSORFLOW <= PYTHON_SUPPORTED[1]


def test_pyproject_requires_the_oldest_supported_python():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    assert project["requires-python"] == f">={OLDEST}"


def test_readme_states_the_window_and_what_needs_tensorflow():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert f"You need Python {OLDEST} to {NEWEST}" in readme
    assert f"lesson 11 (Keras) needs Python {OLDEST} to {WITH_TF}" in readme
    assert f"(Python {COLAB}," in readme  # the Colab runtime the course is tested against
    stated = set(re.findall(r"Python (3\.\d+)", readme))
    assert stated <= {OLDEST, NEWEST, WITH_TF, COLAB}, f"README names other Pythons: {stated}"


def test_tensorflow_is_required_exactly_where_it_has_a_release():
    for line in (ROOT / "requirements.txt").read_text().splitlines():
        if line.startswith(("tensorflow", "keras")):
            marker = str(Requirement(line).marker)
            assert f'python_version < "{PYTHON_WITH_TENSORFLOW[0]}.{PYTHON_WITH_TENSORFLOW[1] + 1}"' \
                in marker, line


def test_the_locks_cover_the_supported_pythons():
    assert lock.UNIVERSAL == ["--universal", "--python-version", OLDEST]
    assert lock.COLAB[lock.COLAB.index("--python-version") + 1] == COLAB


def test_ci_runs_the_oldest_the_newest_with_tensorflow_and_colabs_python():
    ci = (ROOT / ".ci" / "run").read_text()
    assert re.search(rf"^NEWER_PYTHON={re.escape(WITH_TF)}$", ci, re.M)
    assert re.search(rf"^COLAB_PYTHON={re.escape(COLAB)}$", ci, re.M)
    assert "python3 tools/course.py test" in ci  # python3 is the oldest, 3.11, on CI's machines


class FakeItem:
    def __init__(self, path):
        self.path, self.markers = Path(path), []

    def add_marker(self, marker):
        self.markers.append(marker)


def _root_conftest():
    """The repository's conftest.py, by path: `import conftest` may find tests/browser/'s."""
    spec = importlib.util.spec_from_file_location("root_conftest", ROOT / "conftest.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _collected(monkeypatch, released):
    conftest = _root_conftest()
    monkeypatch.setattr(conftest.environment, "tensorflow_released_for", lambda: released)
    monkeypatch.setattr(conftest.environment, "python_problem", lambda: "no TensorFlow here")
    items = [FakeItem(ROOT / folder / name) for folder in ("notebooks", "solutions", "exercises")
             for name in ("03_math.ipynb", "11_keras.ipynb")] + [FakeItem(__file__)]
    conftest.pytest_collection_modifyitems(items)
    return {item.path.relative_to(ROOT).as_posix(): item.markers for item in items}


def test_without_tensorflow_exactly_the_keras_notebooks_are_skipped_with_the_reason(monkeypatch):
    for path, markers in _collected(monkeypatch, released=False).items():
        if "11_keras" in path:
            assert [m.kwargs["reason"] for m in markers] == ["no TensorFlow here"], path
        else:
            assert markers == [], path


def test_with_tensorflow_nothing_is_skipped(monkeypatch):
    assert all(markers == [] for markers in _collected(monkeypatch, released=True).values())
