"""Run every notebook on Google Colab's library versions, in .venv-colab.

    python tools/colab_stack.py [PYTEST ARGS]

Creates .venv-colab if needed and installs requirements-colab.txt into it (again only when that
file or pyproject.toml changed), then runs every notebook in notebooks/, solutions/ and
exercises/ top to bottom on a fresh kernel under `pytest --nbval-lax`: any error fails, outputs
are not compared (they were stored with the newer versions of requirements.txt). The notebooks
run as copies in an otherwise empty folder, as on Colab. Prints how long the install and the run
took. Only the standard library is needed to start it.
"""
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from course import NOTEBOOK_DIRS, ROOT, ensure_environment, python_in

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
                   *folders, *extra]
        # Quiets the debugger's "frozen modules" notice that ipykernel 6.17 prints at each start.
        env = dict(os.environ, PYDEVD_DISABLE_FILE_VALIDATION="1")
        return subprocess.run(command, cwd=scratch, env=env).returncode


def main(extra):
    start = time.perf_counter()
    try:
        ensure_environment(REQUIREMENTS, VENV)
    except subprocess.CalledProcessError as err:
        print(f"Installing {REQUIREMENTS} failed (pip exited with {err.returncode}).")
        return err.returncode
    installed = time.perf_counter()
    code = run_notebooks(extra)
    done = time.perf_counter()
    print(f"Colab stack: install {installed - start:.1f} s, notebooks {done - installed:.1f} s.")
    return code


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
