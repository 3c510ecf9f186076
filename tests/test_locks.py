"""locks/: complete, fresh against the requirements files, hashed, and installable on every
supported Python (pip resolves each lock for each Python without installing it)."""
import os
import shutil
import subprocess
import sys
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
from packaging.markers import Marker
from packaging.requirements import Requirement

from course_utils import environment

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tools"))  # as when run as `python tools/lock.py`
import lock  # noqa: E402

SUPPORTED = [(3, minor) for minor in range(environment.PYTHON_SUPPORTED[0][1],
                                           environment.PYTHON_SUPPORTED[1][1] + 1)]
PLATFORMS = ("linux", "darwin", "win32")
# Linux x86_64 as pip names it: wheels built for glibc 2.28 or older (as on Colab and CI).
MANYLINUX = [f"--platform={tag}_x86_64" for tag in (
    "manylinux_2_28", "manylinux_2_27", "manylinux_2_24", "manylinux_2_17", "manylinux2014",
    "manylinux_2_12", "manylinux2010", "manylinux_2_5", "manylinux1")]


def marker_environment(python, platform="linux"):
    """The values environment markers see on `python` ((3, 14)) and `platform` (sys.platform)."""
    version = environment.version_text(python)
    return {"python_version": version, "python_full_version": f"{version}.0",
            "sys_platform": platform, "platform_system": {"linux": "Linux", "darwin": "Darwin",
                                                          "win32": "Windows"}[platform],
            "os_name": "nt" if platform == "win32" else "posix",
            "platform_machine": "x86_64", "implementation_name": "cpython",
            "platform_python_implementation": "CPython"}


def applies(marker, python, platform="linux"):
    return not marker or Marker(marker).evaluate(marker_environment(python, platform))


def pins_for(lock_path, python, platform="linux"):
    """{name: version} of the lock's pins that apply on `python` and `platform`."""
    found = {}
    for pin in lock.read_lock(lock_path):
        if applies(pin.marker, python, platform):
            assert pin.name not in found, f"{lock_path.name}: two pins of {pin.name} apply on {python}"
            found[pin.name] = pin.version
    return found


def requirement_pins(requirements):
    """The `name==version` requirements that `requirements` and the files it includes name."""
    found = []
    for name in lock.read_files(requirements, ROOT):
        for line in (ROOT / name).read_text(encoding="utf-8").splitlines():
            line = line.split(" #")[0].strip()
            if line and not line.startswith(("#", "-")):
                found.append(Requirement(line))
    return found


def lock_path(requirements):
    return ROOT / lock.LOCKS[requirements][0]


def pythons_of(requirements):
    """The Pythons a lock is for: every supported one, or Colab's alone."""
    return [environment.PYTHON_COLAB] if lock.LOCKS[requirements][1] == lock.COLAB else SUPPORTED


def platforms_of(requirements):
    """The platforms a lock is for: every one, or Colab's Linux alone."""
    return ("linux",) if lock.LOCKS[requirements][1] == lock.COLAB else PLATFORMS


def test_every_lock_is_fresh():
    assert lock.stale_locks() == {}, "run `python tools/course.py lock`"


def test_the_commands_install_from_the_locks():
    import course

    for requirements in lock.LOCKS:
        assert course.lock_for(requirements) == lock_path(requirements)


def test_a_changed_input_makes_its_lock_stale(tmp_path):
    for name in ["pyproject.toml", *lock.LOCKS, "locks"]:
        source = ROOT / name
        (shutil.copytree if source.is_dir() else shutil.copyfile)(source, tmp_path / name)
    assert lock.stale_locks(tmp_path) == {}
    with open(tmp_path / "requirements.txt", "a", encoding="utf-8") as file:
        file.write("packaging==24.0\n")
    # requirements-test.txt includes requirements.txt, so its lock is stale too
    assert set(lock.stale_locks(tmp_path)) == {"requirements.txt", "requirements-test.txt"}
    (tmp_path / "locks" / "requirements-colab.lock").unlink()
    assert lock.stale_locks(tmp_path)["requirements-colab.txt"] == (
        "locks/requirements-colab.lock is missing")


def test_editing_pyprojects_dependencies_makes_every_lock_stale(tmp_path):
    for name in ["pyproject.toml", *lock.LOCKS, "locks"]:
        source = ROOT / name
        (shutil.copytree if source.is_dir() else shutil.copyfile)(source, tmp_path / name)
    pyproject = tmp_path / "pyproject.toml"
    pyproject.write_text(pyproject.read_text().replace('"numpy>=1.24"', '"numpy>=1.25"'))
    assert set(lock.stale_locks(tmp_path)) == set(lock.LOCKS)


@pytest.mark.parametrize("requirements", list(lock.LOCKS))
def test_every_pin_is_hashed(requirements):
    pins = lock.read_lock(lock_path(requirements))
    assert len(pins) > 50
    assert all(pin.hashes for pin in pins), [pin.name for pin in pins if not pin.hashes]


@pytest.mark.parametrize("requirements", list(lock.LOCKS))
def test_each_lock_keeps_the_versions_its_requirements_pin(requirements):
    for python in pythons_of(requirements):
        for platform in platforms_of(requirements):
            locked = pins_for(lock_path(requirements), python, platform)
            for wanted in requirement_pins(requirements):
                if wanted.marker and not wanted.marker.evaluate(marker_environment(python, platform)):
                    assert lock.normalise(wanted.name) not in locked, (python, platform, wanted.name)
                    continue
                found = locked.get(lock.normalise(wanted.name))
                assert found and wanted.specifier.contains(found), (
                    f"{requirements} on Python {python} ({platform}): {wanted} but the lock has "
                    f"{found}")


def test_tensorflow_is_locked_exactly_where_it_has_a_release():
    for python in SUPPORTED:
        locked = pins_for(lock_path("requirements.txt"), python)
        has_tensorflow = environment.tensorflow_released_for(python)
        assert ("tensorflow-cpu" in locked) == has_tensorflow, python
        assert ("keras" in locked) == has_tensorflow, python
        assert {"numpy", "scipy", "matplotlib", "ipywidgets", "jupyterlab"} <= locked.keys()


def test_students_install_the_versions_the_tests_ran():
    # So the install check below need only try the test lock, and the suite tests what
    # `course.py lab` installs.
    for python in SUPPORTED:
        for platform in PLATFORMS:
            students = pins_for(lock_path("requirements.txt"), python, platform)
            tests = pins_for(lock_path("requirements-test.txt"), python, platform)
            differ = {name: (version, tests.get(name)) for name, version in students.items()
                      if tests.get(name) != version}
            assert not differ, f"Python {python} ({platform}): requirements.lock vs test lock {differ}"


def _index_reachable():
    try:
        urllib.request.urlopen("https://pypi.org/simple/pip/", timeout=10).close()
        return True
    except OSError:
        return False


@pytest.fixture(scope="module")
def index():
    """PyPI must be reachable in CI; elsewhere, without it, these tests are skipped."""
    if not _index_reachable():
        if os.environ.get("CI"):
            pytest.fail("PyPI is not reachable, and CI must check that the locks install")
        pytest.skip("PyPI is not reachable: the locks' install check needs it")


def _pip_dry_run(requirements, python, folder):
    """pip's complaint if it cannot install the lock of `requirements` on `python`, else None.

    pip evaluates markers for the Python running it, so the lines for `python` are chosen here;
    pip then finds a wheel for `python` with the locked hash for every one of them."""
    lines = [f"{pin.name}=={pin.version} " + " ".join(f"--hash={h}" for h in pin.hashes)
             for pin in lock.read_lock(lock_path(requirements)) if applies(pin.marker, python)]
    folder.mkdir()
    (folder / "lock.txt").write_text("\n".join(lines) + "\n")
    result = subprocess.run(
        [sys.executable, "-m", "pip", "install", "--dry-run", "--quiet", "--ignore-installed",
         "--disable-pip-version-check", "--no-deps", "--require-hashes", "--only-binary=:all:",
         "--python-version", environment.version_text(python), *MANYLINUX,
         "--target", str(folder / "target"), "-r", str(folder / "lock.txt")],
        capture_output=True, text=True)
    return None if result.returncode == 0 else result.stderr[-2000:]


def test_pip_can_install_each_lock_on_each_of_its_pythons(index, tmp_path):
    runs = [(requirements, python) for requirements in ("requirements-test.txt",
                                                        "requirements-colab.txt")
            for python in pythons_of(requirements)]
    # pip mostly waits for downloads and hashes big wheels, so the runs share the time
    with ThreadPoolExecutor(max_workers=len(runs)) as pool:
        complaints = pool.map(lambda run: _pip_dry_run(*run, tmp_path / f"{run[0]}-{run[1][1]}"),
                              runs)
        failed = {f"{requirements} on Python {environment.version_text(python)}": complaint
                  for (requirements, python), complaint in zip(runs, complaints) if complaint}
    assert not failed, failed
