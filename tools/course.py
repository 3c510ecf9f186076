"""The course's one entry point: set up the environment, open JupyterLab, run the tests, and
keep notebooks fresh.

    python tools/course.py lab          create .venv if needed, then open JupyterLab at lesson 01
    python tools/course.py test [ARGS]  create .venv (with test tools) if needed, then run the suite
    python tools/course.py execute [NOTEBOOK ...]   re-execute notebooks in place (default: all)
    python tools/course.py exercises [--check]      write exercises/ from solutions/
    python tools/course.py lessons [--check]        keep README's table and the links between lessons in step
    python tools/course.py stamp [--repository URL] [--branch NAME]   re-stamp Colab badges
    python tools/course.py site         build the course as a static website into build/site/
    python tools/course.py bench        measure the budgets, write benchmarks/RESULTS.md
    python tools/course.py grade SUBMISSION... --out DIR [--lesson NN] [--timeout S] [--jobs N]
                                        grade students' exercise notebooks (see the README)
    python tools/course.py lock [--check]  re-resolve locks/ from the requirements files (uv)

Environments install from locks/ (exact versions and hashes), for the Python that runs this.

Only the standard library is needed to start it; everything else runs inside .venv.
"""
import hashlib
import importlib.util
import os
import shutil
import subprocess
import sys
import venv
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
VENV = ROOT / ".venv"
NOTEBOOK_DIRS = ("notebooks", "solutions", "exercises")
FIRST_LESSON = "notebooks/01_intuition.ipynb"
# JupyterLab setting defaults for the course (overrides.json): no "fetch Jupyter news?" prompt,
# no news fetched from the web. A student's own settings win (Settings > Notifications).
LAB_SETTINGS = ROOT / "tools" / "lab_settings"


def _load_environment_module():
    """course_utils/environment.py, loaded on its own: it states the supported Pythons and needs
    only the standard library, whereas `import course_utils` needs NumPy."""
    spec = importlib.util.spec_from_file_location(
        "course_environment", ROOT / "course_utils" / "environment.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


environment = _load_environment_module()


class SetupError(Exception):
    """Setting up an environment failed; the message says why and what to do."""


def python_in(venv_dir):
    """The Python interpreter of a virtual environment."""
    return venv_dir / ("Scripts/python.exe" if os.name == "nt" else "bin/python")


PYTHON = python_in(VENV)


def lock_for(requirements):
    """The lock of a requirements file: locks/NAME.lock (written by `course.py lock`)."""
    return ROOT / "locks" / f"{Path(requirements).stem}.lock"


def _install_digest(lock):
    """What an environment's packages depend on: its lock, pyproject.toml and the Python."""
    digest = hashlib.sha256(f"Python {sys.version_info[0]}.{sys.version_info[1]}".encode())
    for path in (lock, ROOT / "pyproject.toml"):
        digest.update(path.read_bytes())
    return digest.hexdigest()


def _venv_python_version(venv_dir):
    """'3.11' for the Python a virtual environment was made with; None if unknown."""
    config = venv_dir / "pyvenv.cfg"
    if not config.exists():
        return None
    for line in config.read_text(encoding="utf-8").splitlines():
        key, _, value = line.partition("=")
        if key.strip() in ("version", "version_info"):
            return ".".join(value.strip().split(".")[:2])
    return None


def _pip(python, args, what):
    """Run pip in an environment; raise SetupError saying what failed and what to do."""
    command = [str(python), "-m", "pip", "--disable-pip-version-check", *args]
    result = subprocess.run(command, cwd=ROOT, capture_output=True, text=True)
    if result.returncode != 0:
        tail = "\n".join((result.stdout + result.stderr).strip().splitlines()[-15:])
        raise SetupError(
            f"{tail}\n\npip could not install {what} (exit code {result.returncode}); its last "
            f"lines are above. Usual causes: no connection to PyPI (check your network or proxy), "
            f"or a Python outside {environment.PYTHON_WINDOW} (this is "
            f"{sys.version.split()[0]}). The course also runs on Google Colab with nothing "
            "to install.")


def ensure_environment(requirements, venv_dir=VENV):
    """Create `venv_dir` for this Python and install the lock of `requirements` into it, then the
    course's own package from the checkout, unless that was already done (it is redone when the
    lock, pyproject.toml or the Python changes)."""
    problem = environment.python_problem()
    if sys.version_info[:2] < environment.PYTHON_SUPPORTED[0]:
        raise SetupError(f"{problem} Install Python {environment.PYTHON_WINDOW} and run this "
                         "command with it, or use Google Colab.")
    lock = lock_for(requirements)
    python = python_in(venv_dir)
    stamp = venv_dir / f".installed-{Path(requirements).stem}"
    wanted = _install_digest(lock)
    if stamp.exists() and stamp.read_text() == wanted:
        return
    this_python = f"{sys.version_info[0]}.{sys.version_info[1]}"
    made_for = _venv_python_version(venv_dir)
    if python.exists() and made_for != this_python:
        print(f"{venv_dir.name} was made with Python {made_for}; remaking it for Python "
              f"{this_python} ...", flush=True)
        shutil.rmtree(venv_dir)
    if not python.exists():
        print(f"Creating the virtual environment {venv_dir.name} (Python {this_python}) ...",
              flush=True)
        venv.EnvBuilder(with_pip=True).create(venv_dir)
    print(f"Installing {lock.relative_to(ROOT).as_posix()} into {venv_dir.name} "
          "(the first time takes a few minutes) ...", flush=True)
    if problem:
        print(f"Note: {problem}", flush=True)
    # Hash-checking mode: every package at the locked version, from a file with a locked hash.
    _pip(python, ["install", "--quiet", "--require-hashes", "-r", str(lock)],
         f"the packages of {requirements}")
    # Then the course's own package, editable, from this checkout (its dependencies are locked
    # above). pip's output is shown only on failure: setuptools' notes about editable installs
    # are noise here.
    _pip(python, ["install", "--quiet", "--no-deps", "-e", "."], "course_utils from this checkout")
    stamp.write_text(wanted)


def run_in_venv(args, cwd=ROOT):
    """Run `python ARGS` inside .venv (from the repository root); return its exit code."""
    return subprocess.run([str(PYTHON), *args], cwd=cwd).returncode


def jupyterlab_arguments(root):
    """Arguments for `python -m jupyterlab` that serve the course at `root` as students see it:
    the URL JupyterLab prints opens lesson 01; notebooks open unmodified on any Python patch
    version (course_utils/lab.py); the course's setting defaults (LAB_SETTINGS) apply."""
    args = [f"--ServerApp.root_dir={root}",
            f"--LabApp.default_url=/lab/tree/{FIRST_LESSON}",
            "--ServerApp.contents_manager_class=course_utils.lab.CourseContentsManager",
            f"--LabApp.app_settings_dir={LAB_SETTINGS}"]
    if hasattr(os, "geteuid") and os.geteuid() == 0:
        args.append("--allow-root")  # JupyterLab refuses to start as root without it
    return args


def lab(extra):
    ensure_environment("requirements.txt")
    _say_what_this_python_cannot_run()
    return run_in_venv(["-m", "jupyterlab", *jupyterlab_arguments(ROOT), *extra])


def test(extra):
    ensure_environment("requirements-test.txt")
    _say_what_this_python_cannot_run()
    # pytest settings (nbval, sanitizing, timeouts, --dist loadfile) live in pyproject.toml.
    return run_in_venv(["-m", "pytest", "-n", "auto", *extra])


def _say_what_this_python_cannot_run():
    if not environment.tensorflow_released_for():
        print(environment.python_problem(), flush=True)


def _tool(module, cwd=ROOT):
    def command(extra):
        ensure_environment("requirements-test.txt")
        return run_in_venv([str(ROOT / "tools" / f"{module}.py"), *extra], cwd=cwd)
    return command


def lock(extra):
    """Runs with this Python: the lock tool needs only the standard library and uv."""
    return subprocess.run([sys.executable, str(ROOT / "tools" / "lock.py"), *extra]).returncode


COMMANDS = {
    "lab": lab,
    "test": test,
    "execute": _tool("execute"),
    "exercises": _tool("exercises"),
    "lessons": _tool("lessons"),
    "stamp": _tool("colab"),
    "site": _tool("website"),
    "bench": _tool("bench"),
    "grade": _tool("grade", cwd=None),  # paths are the instructor's, from where they run it
    "lock": lock,
}


def main(argv):
    if not argv or argv[0] not in COMMANDS:
        print(__doc__)
        return 2
    try:
        return COMMANDS[argv[0]](argv[1:])
    except SetupError as err:
        print(f"\n{err}", file=sys.stderr)
        return 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
