"""Which Python and library versions is this running on, and is it Google Colab?

Versions are read from the installed packages' metadata, so nothing is imported (not even
TensorFlow), and nothing that identifies a person or a machine is looked at or printed.

The tested window for each library runs from the version on Google Colab's runtime 2026.01
(the pins in requirements-colab.txt) to the version pinned in requirements.txt.

The supported Python versions are stated here once; README.md, pyproject.toml, requirements.txt
and .ci/run follow them (tests/test_python_versions.py keeps them in agreement). This module uses
only the standard library, so tools/course.py reads these constants before any install.
"""
import platform
import re
import sys
from dataclasses import dataclass
from typing import NamedTuple, Optional

PYTHON_SUPPORTED = ((3, 11), (3, 14))  # oldest and newest Python the course runs on
PYTHON_WITH_TENSORFLOW = (3, 13)  # TensorFlow 2.21 has no wheel for a newer Python yet
PYTHON_COLAB = (3, 12)  # Google Colab's runtime 2026.01


def version_text(version):
    """'3.11' for (3, 11)."""
    return ".".join(str(part) for part in version)


PYTHON_WINDOW = " to ".join(version_text(v) for v in PYTHON_SUPPORTED)
KERAS_PYTHON_WINDOW = f"{version_text(PYTHON_SUPPORTED[0])} to {version_text(PYTHON_WITH_TENSORFLOW)}"


def tensorflow_released_for(version=None):
    """True if TensorFlow has a release for this Python (or `version`, a (major, minor) pair)."""
    return tuple(version or sys.version_info[:2]) <= PYTHON_WITH_TENSORFLOW


def python_problem(version=None):
    """Why this Python (or `version`, a (major, minor) pair) cannot run the whole course, in
    one sentence; None if it can."""
    version = tuple(version or sys.version_info[:2])
    if not PYTHON_SUPPORTED[0] <= version <= PYTHON_SUPPORTED[1]:
        return (f"Python {version_text(version)} is outside the supported window "
                f"({PYTHON_WINDOW}); the course may not install or run.")
    if not tensorflow_released_for(version):
        return (f"TensorFlow has no release for Python {version_text(version)} yet, so lesson 11 "
                f"(Keras) needs Python {KERAS_PYTHON_WINDOW} or Google Colab; every other "
                "lesson runs here.")
    return None


class Library(NamedTuple):
    name: str
    distributions: tuple  # names on PyPI; the first one installed is reported
    lowest: str  # Google Colab runtime 2026.01
    highest: Optional[str]  # pinned in requirements.txt; None where it pins nothing
    optional: bool = False  # only lesson 11 (Keras) needs it


LIBRARIES = (
    Library("numpy", ("numpy",), "2.0.2", "2.4.6"),
    Library("scipy", ("scipy",), "1.16.3", "1.17.1"),
    Library("matplotlib", ("matplotlib",), "3.10.0", "3.11.2"),
    Library("ipywidgets", ("ipywidgets",), "7.7.1", "8.1.9"),
    Library("IPython", ("ipython",), "7.34.0", None),
    Library("keras", ("keras",), "3.10.0", "3.15.1", optional=True),
    Library("tensorflow", ("tensorflow", "tensorflow-cpu"), "2.19.0", "2.21.0", optional=True),
)


@dataclass(frozen=True)
class EnvironmentReport:
    """What environment_report() found: versions (None = not installed), warnings, and the
    lines check_environment() prints."""
    python: str
    on_colab: bool
    versions: dict
    warnings: tuple
    lines: tuple


def on_colab():
    """True inside a Google Colab runtime (the same test the notebooks' setup cell uses)."""
    return "google.colab" in sys.modules


def _installed_version(distributions):
    from importlib import metadata  # imported here: it would add ~20 ms to `import course_utils`

    for name in distributions:
        try:
            return metadata.version(name)
        except metadata.PackageNotFoundError:
            continue
    return None


def _release(version):
    """(2, 0, 2) for '2.0.2' or '2.0.2rc1'; None if it does not start with a number."""
    match = re.match(r"\d+(\.\d+)*", version)
    return tuple(int(part) for part in match[0].split(".")) if match else None


def _window_warning(library, version):
    """A warning line if `version` of `library` lies outside its tested window, else None."""
    if version is None:
        return None if library.optional else f"{library.name} is not installed."
    release = _release(version)
    if release is None:
        return None
    if release < _release(library.lowest):
        side = "older"
    elif library.highest and release > _release(library.highest):
        side = "newer"
    else:
        return None
    return (f"{library.name} {version} is {side} than the tested window "
            f"({_window_text(library)}); the course may still work, but outputs can differ.")


def _window_text(library):
    if library.highest is None:
        return f"{library.lowest} or newer"
    return f"{library.lowest} to {library.highest}"


def environment_report():
    """The Python and library versions, whether this is Colab, and any version warnings."""
    python = platform.python_version()
    lines = [f"{'Python':<11} {python:<9} (supported {PYTHON_WINDOW})"]
    problem = python_problem()
    warnings = [problem] if problem else []
    versions = {}
    for library in LIBRARIES:
        version = versions[library.name] = _installed_version(library.distributions)
        if version is None and library.optional:
            lines.append(f"{library.name:<11} not installed (only lesson 11 needs it)")
        else:
            lines.append(f"{library.name:<11} {version or 'missing':<9} "
                         f"(tested {_window_text(library)})")
        warning = _window_warning(library, version)
        if warning:
            warnings.append(warning)
    colab = on_colab()
    lines.append(f"Running on Google Colab: {'yes' if colab else 'no'}")
    lines += [f"WARNING: {w}" for w in warnings] or ["All versions are inside the tested window."]
    return EnvironmentReport(python, colab, versions, tuple(warnings), tuple(lines))


def require_tensorflow():
    """Raise ModuleNotFoundError with what to do if TensorFlow cannot be imported here; lesson 11
    calls this before `import keras`, so a student sees the reason, not a bare import error."""
    from importlib.util import find_spec

    if find_spec("tensorflow") is not None:
        return
    if not tensorflow_released_for():
        raise ModuleNotFoundError(python_problem())
    raise ModuleNotFoundError("TensorFlow is not installed. Install the course's packages with "
                              "`python tools/course.py lab` (or `python -m pip install -r "
                              "requirements.txt`) from the repository root, or run this "
                              "notebook on Google Colab.")


def check_environment():
    """Print the Python and library versions, whether this is Colab, and any version warnings.

    Returns nothing, so a notebook cell shows just the printout; environment_report() gives the data.
    """
    print("\n".join(environment_report().lines))
