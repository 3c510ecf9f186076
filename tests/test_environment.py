"""course_utils.check_environment: versions without imports, a stated window, warnings not
errors, Colab detection, and nothing that identifies a person or a machine."""
import getpass
import platform
import re
import socket
import subprocess
import sys
import types
import uuid
from importlib import metadata
from pathlib import Path

import pytest
from packaging.requirements import Requirement

import course_utils
from course_utils import environment
from course_utils.environment import LIBRARIES, check_environment, environment_report, on_colab

ROOT = Path(__file__).resolve().parent.parent


def pins(filename):
    """{distribution: version} for every `name==version` line of a requirements file."""
    found = {}
    for line in (ROOT / filename).read_text().splitlines():
        if "==" in line and not line.startswith("#"):
            requirement = Requirement(line)
            found[requirement.name.lower()] = next(iter(requirement.specifier)).version
    return found


def installed_version(distributions):
    for name in distributions:
        try:
            return metadata.version(name)
        except metadata.PackageNotFoundError:
            pass
    return None


def fake_versions(monkeypatch, **versions):
    """Pretend these libraries (by display name) are installed at these versions, on a Python
    that can run the whole course."""
    monkeypatch.setattr(environment, "python_problem", lambda: None)
    by_distribution = {lib.distributions[0]: versions.get(lib.name) for lib in LIBRARIES}
    monkeypatch.setattr(environment, "_installed_version", lambda names: by_distribution[names[0]])


def test_reports_installed_versions_and_window(capsys):
    report = environment_report()
    assert check_environment() is None
    out = capsys.readouterr().out
    assert out.startswith(f"Python      {platform.python_version()} ")
    assert "(supported 3.11 to 3.14)" in out
    for lib in LIBRARIES:
        version = report.versions[lib.name]
        assert version == installed_version(lib.distributions)
        if version:
            assert re.search(rf"^{lib.name} +{re.escape(version)} +\(tested {lib.lowest} ", out,
                             re.M)
    assert "Running on Google Colab: no" in out
    assert report.on_colab is False and report.python == platform.python_version()


def test_is_exported_from_the_package():
    assert course_utils.check_environment is check_environment
    assert "check_environment" in course_utils.__all__


def test_never_imports_tensorflow_or_keras():
    code = ("import sys, course_utils; course_utils.check_environment(); "
            "assert not {'tensorflow', 'keras'} & set(sys.modules), 'imported'")
    subprocess.run([sys.executable, "-c", code], check=True, capture_output=True)


def test_versions_outside_the_window_give_warning_lines_not_errors(monkeypatch, capsys):
    fake_versions(monkeypatch, numpy="1.26.4", scipy="1.16.3", matplotlib="3.99.0",
                  ipywidgets="8.1.9", IPython="99.0", keras=None, tensorflow=None)
    report = environment_report()
    assert check_environment() is None
    out = capsys.readouterr().out
    assert report.warnings == (
        "numpy 1.26.4 is older than the tested window (2.0.2 to 2.4.6); "
        "the course may still work, but outputs can differ.",
        "matplotlib 3.99.0 is newer than the tested window (3.10.0 to 3.11.2); "
        "the course may still work, but outputs can differ.",
    )
    assert f"WARNING: {report.warnings[0]}" in out and f"WARNING: {report.warnings[1]}" in out
    assert "keras       not installed (only lesson 11 needs it)" in out
    assert "IPython     99.0      (tested 7.34.0 or newer)" in out  # requirements.txt pins none


def test_missing_required_library_is_a_warning(monkeypatch, capsys):
    fake_versions(monkeypatch, numpy="2.0.2", scipy="1.16.3", matplotlib="3.10.0",
                  IPython="7.34.0")
    report = environment_report()
    assert check_environment() is None
    assert report.warnings == ("ipywidgets is not installed.",)
    assert "ipywidgets  missing" in capsys.readouterr().out


def test_in_window_prints_all_clear(monkeypatch, capsys):
    fake_versions(monkeypatch, numpy="2.4.6", scipy="1.17.1", matplotlib="3.10.0",
                  ipywidgets="7.7.1", IPython="7.34.0", keras="3.10.0rc1", tensorflow="2.21.0")
    assert environment_report().warnings == ()
    check_environment()
    assert capsys.readouterr().out.rstrip().endswith("All versions are inside the tested window.")


@pytest.mark.parametrize("version", [(3, 10), (3, 15), (4, 0)])
def test_python_outside_the_window_is_named(version):
    problem = environment.python_problem(version)
    assert problem.startswith(f"Python {version[0]}.{version[1]} is outside the supported window "
                              "(3.11 to 3.14)")


def test_python_without_tensorflow_is_told_which_lesson_needs_which_python():
    assert environment.python_problem((3, 14)) == (
        "TensorFlow has no release for Python 3.14 yet, so lesson 11 (Keras) needs Python "
        "3.11 to 3.13 or Google Colab; every other lesson runs here.")


@pytest.mark.parametrize("version", [(3, 11), (3, 12), (3, 13)])
def test_pythons_with_tensorflow_have_no_problem(version):
    assert environment.python_problem(version) is None


def test_the_running_pythons_problem_is_a_warning(monkeypatch):
    monkeypatch.setattr(environment, "python_problem", lambda: "Python 9.9 is odd.")
    report = environment_report()
    assert report.warnings[0] == "Python 9.9 is odd."
    assert "WARNING: Python 9.9 is odd." in report.lines


def test_colab_is_detected(monkeypatch, capsys):
    monkeypatch.delitem(sys.modules, "google.colab", raising=False)
    assert on_colab() is False
    monkeypatch.setitem(sys.modules, "google.colab", types.ModuleType("google.colab"))
    assert on_colab() is True
    assert environment_report().on_colab is True
    check_environment()
    assert "Running on Google Colab: yes" in capsys.readouterr().out


def test_window_matches_the_requirement_files():
    lowest, highest = pins("requirements-colab.txt"), pins("requirements.txt")
    for lib in LIBRARIES:
        pinned_low = {lowest[d] for d in lib.distributions if d in lowest}
        pinned_high = {highest[d] for d in lib.distributions if d in highest}
        assert pinned_low == {lib.lowest}, (lib.name, pinned_low)
        assert pinned_high == ({lib.highest} if lib.highest else set()), (lib.name, pinned_high)


def test_package_dependencies_leave_colabs_packages_untouched():
    # pip leaves an already satisfied requirement alone, so the notebooks' setup cell changes
    # none of Colab's packages as long as each dependency is a bare lower bound Colab meets.
    import tomllib
    dependencies = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]["dependencies"]
    colab = pins("requirements-colab.txt")
    for text in dependencies:
        requirement = Requirement(text)
        assert all(spec.operator == ">=" for spec in requirement.specifier), text
        assert requirement.name in colab, f"{requirement.name}: not in requirements-colab.txt"
        assert requirement.specifier.contains(colab[requirement.name]), text


def test_prints_nothing_identifying(capsys):
    check_environment()
    out = capsys.readouterr().out
    secrets = {socket.gethostname(), getpass.getuser(), str(Path.home()), platform.node(),
               platform.release(), platform.version(), f"{uuid.getnode():012x}",
               ":".join(re.findall("..", f"{uuid.getnode():012x}"))}
    for secret in secrets:
        if len(secret) >= 4:
            assert secret.lower() not in out.lower(), "an identifying value was printed"
    assert not re.search(r"\b\d{1,3}(\.\d{1,3}){3}\b", out), "something like an IP address"
    assert "/" not in out and "\\" not in out, "a path was printed"


@pytest.mark.parametrize("text, release", [("2.0.2", (2, 0, 2)), ("2.21.0rc1", (2, 21, 0)),
                                           ("9", (9,)), ("dev", None)])
def test_release_numbers(text, release):
    assert environment._release(text) == release


def test_require_tensorflow_says_what_to_do_when_it_is_missing(monkeypatch):
    import importlib.util

    monkeypatch.setattr(importlib.util, "find_spec", lambda name: None)
    monkeypatch.setattr(environment, "tensorflow_released_for", lambda: False)
    monkeypatch.setattr(environment, "python_problem", lambda: "TensorFlow has no release here.")
    with pytest.raises(ModuleNotFoundError, match="^TensorFlow has no release here.$"):
        environment.require_tensorflow()
    monkeypatch.setattr(environment, "tensorflow_released_for", lambda: True)
    with pytest.raises(ModuleNotFoundError, match=r"TensorFlow is not installed\. Install .*"
                                                  r"python tools/course.py lab.*Google Colab"):
        environment.require_tensorflow()


def test_require_tensorflow_is_silent_where_it_is_installed(monkeypatch):
    import importlib.util

    monkeypatch.setattr(importlib.util, "find_spec", lambda name: object())
    assert environment.require_tensorflow() is None
