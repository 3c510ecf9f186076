"""The course's one entry point: set up the environment, open JupyterLab, run the tests, and
keep notebooks fresh.

    python tools/course.py lab          create .venv if needed, then open the course in JupyterLab
    python tools/course.py test [ARGS]  create .venv (with test tools) if needed, then run the suite
    python tools/course.py execute [NOTEBOOK ...]   re-execute notebooks in place (default: all)
    python tools/course.py exercises [--check]      write exercises/ from solutions/
    python tools/course.py stamp [--repository URL] [--branch NAME]   re-stamp Colab badges
    python tools/course.py bench        measure the budgets, write benchmarks/RESULTS.md

Only the standard library is needed to start it; everything else runs inside .venv.
"""
import hashlib
import os
import subprocess
import sys
import venv
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
VENV = ROOT / ".venv"
BIN = VENV / ("Scripts" if os.name == "nt" else "bin")
PYTHON = BIN / ("python.exe" if os.name == "nt" else "python")
NOTEBOOK_DIRS = ("notebooks", "solutions", "exercises")


def _requirements_digest(files):
    digest = hashlib.sha256()
    for name in files:
        digest.update((ROOT / name).read_bytes())
    digest.update((ROOT / "pyproject.toml").read_bytes())
    return digest.hexdigest()


def ensure_environment(with_tests):
    """Create .venv and install the requirements into it, unless that was already done."""
    files = ["requirements.txt"] + (["requirements-test.txt"] if with_tests else [])
    stamp = VENV / f".installed-{'test' if with_tests else 'lab'}"
    wanted = _requirements_digest(files)
    if stamp.exists() and stamp.read_text() == wanted:
        return
    if not PYTHON.exists():
        print(f"Creating the virtual environment {VENV.relative_to(ROOT)} ...", flush=True)
        venv.EnvBuilder(with_pip=True).create(VENV)
    print(f"Installing {' + '.join(files)} (the first time takes a few minutes) ...", flush=True)
    subprocess.run([str(PYTHON), "-m", "pip", "install", "--upgrade", "--quiet", "pip"],
                   cwd=ROOT, check=True)
    subprocess.run([str(PYTHON), "-m", "pip", "install", "--quiet", "-r", files[-1]],
                   cwd=ROOT, check=True)
    stamp.write_text(wanted)


def run_in_venv(args):
    """Run `python ARGS` inside .venv from the repository root; return its exit code."""
    return subprocess.run([str(PYTHON), *args], cwd=ROOT).returncode


def lab(extra):
    ensure_environment(with_tests=False)
    args = ["-m", "jupyterlab", "--notebook-dir", str(ROOT)]
    if hasattr(os, "geteuid") and os.geteuid() == 0:
        args.append("--allow-root")  # JupyterLab refuses to start as root without it
    return run_in_venv(args + ["notebooks/01_intuition.ipynb", *extra])


def test(extra):
    ensure_environment(with_tests=True)
    # pytest settings (nbval, sanitizing, timeouts) live in pyproject.toml.
    # --dist loadfile keeps all cells of a notebook in one worker, hence in one kernel.
    return run_in_venv(["-m", "pytest", "-n", "auto", "--dist", "loadfile", *extra])


def _tool(module):
    def command(extra):
        ensure_environment(with_tests=True)
        return run_in_venv([str(ROOT / "tools" / f"{module}.py"), *extra])
    return command


COMMANDS = {
    "lab": lab,
    "test": test,
    "execute": _tool("execute"),
    "exercises": _tool("exercises"),
    "stamp": _tool("colab"),
    "bench": _tool("bench"),
}


def main(argv):
    if not argv or argv[0] not in COMMANDS:
        print(__doc__)
        return 2
    return COMMANDS[argv[0]](argv[1:])


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
