"""Run every notebook on Google Colab's library versions, in .venv-colab.

    python3.12 tools/colab_stack.py [PYTEST ARGS]

Creates .venv-colab if needed, with the Python that runs this (Colab's is 3.12), and installs
locks/requirements-colab.lock into it (again only when the lock or pyproject.toml changed), then
runs every notebook in notebooks/, solutions/ and exercises/ top to bottom on a fresh kernel
under `pytest --nbval-lax`: any error fails, outputs are not compared (they were stored with the
newer versions of requirements.txt). The notebooks run as copies in an otherwise empty folder, as
on Colab. Prints how long the install and the run took. Only the standard library is needed to start it.
"""
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from course import NOTEBOOK_DIRS, ROOT, SetupError, ensure_environment, environment, python_in

REQUIREMENTS = "requirements-colab.txt"
VENV = ROOT / ".venv-colab"
PYTHON = python_in(VENV)


def run_notebooks(extra):
    """Run copies of the notebooks with pytest in .venv-colab; return pytest's exit code.

    As on Colab, the copies sit in a folder holding nothing but notebooks, so a notebook that
    reads a file from the repository fails here as it would there.
    """
    sources = [p for folder in NOTEBOOK_DIRS for p in sorted((ROOT / folder).glob("*.ipynb"))]
    if not sources:
        print("No notebooks to run.")
        return 0
    with tempfile.TemporaryDirectory(prefix="colab-stack-") as scratch:
        for path in sources:
            copy = Path(scratch) / path.relative_to(ROOT)
            copy.parent.mkdir(exist_ok=True)
            shutil.copyfile(path, copy)
        folders = sorted({path.parent.name for path in sources})
        # Not pyproject's strict --nbval: stored outputs come from requirements.txt's versions.
        command = [str(PYTHON), "-m", "pytest", "-p", "no:cacheprovider", "--rootdir", scratch,
                   "-o", "addopts=", "--nbval-lax", "--nbval-current-env",
                   "--nbval-cell-timeout", "300", "-n", "auto", "--dist", "loadfile", "-q",
                   # jupyter_client 7.4 on Python 3.12, hundreds of times: not the course's code
                   "-W", "ignore:datetime.datetime.utcnow:DeprecationWarning",
                   *folders, *extra]
        # Quiets the debugger's "frozen modules" notice that ipykernel 6.17 prints at each start.
        env = dict(os.environ, PYDEVD_DISABLE_FILE_VALIDATION="1")
        return subprocess.run(command, cwd=scratch, env=env).returncode


def main(extra):
    if sys.version_info[:2] != environment.PYTHON_COLAB:
        colab = environment.version_text(environment.PYTHON_COLAB)
        print(f"The Colab stack is locked for Colab's own Python, {colab}; this is "
              f"{sys.version.split()[0]}. Run it as: python{colab} tools/colab_stack.py",
              file=sys.stderr)
        return 2
    start = time.perf_counter()
    try:
        ensure_environment(REQUIREMENTS, VENV)
    except SetupError as err:
        print(err, file=sys.stderr)
        return 1
    installed = time.perf_counter()
    code = run_notebooks(extra)
    done = time.perf_counter()
    print(f"Colab stack: install {installed - start:.1f} s, notebooks {done - installed:.1f} s.")
    return code


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
