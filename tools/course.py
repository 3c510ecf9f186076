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
NOTEBOOK_DIRS = ("notebooks", "solutions", "exercises")


def python_in(venv_dir):
    """The Python interpreter of a virtual environment."""
    return venv_dir / ("Scripts/python.exe" if os.name == "nt" else "bin/python")


PYTHON = python_in(VENV)


def _requirements_digest():
    digest = hashlib.sha256()
    for path in sorted(ROOT.glob("requirements*.txt")) + [ROOT / "pyproject.toml"]:
        digest.update(path.read_bytes())
    return digest.hexdigest()


def ensure_environment(requirements, venv_dir=VENV):
    """Create `venv_dir` and install `requirements` into it, unless that was already done
    (it is redone whenever a requirements file or pyproject.toml changes)."""
    python = python_in(venv_dir)
    stamp = venv_dir / f".installed-{Path(requirements).stem}"
    wanted = _requirements_digest()
    if stamp.exists() and stamp.read_text() == wanted:
        return
    if not python.exists():
        print(f"Creating the virtual environment {venv_dir.name} ...", flush=True)
        venv.EnvBuilder(with_pip=True).create(venv_dir)
    print(f"Installing {requirements} into {venv_dir.name} (the first time takes a few minutes) ...",
          flush=True)
    pip = [str(python), "-m", "pip", "--disable-pip-version-check"]
    subprocess.run(pip + ["install", "--quiet", "--upgrade", "pip"], cwd=ROOT, check=True)
    subprocess.run(pip + ["install", "--quiet", "-r", requirements], cwd=ROOT, check=True)
    stamp.write_text(wanted)


def run_in_venv(args):
    """Run `python ARGS` inside .venv from the repository root; return its exit code."""
    return subprocess.run([str(PYTHON), *args], cwd=ROOT).returncode


def lab(extra):
    ensure_environment("requirements.txt")
    args = ["-m", "jupyterlab", "--notebook-dir", str(ROOT)]
    if hasattr(os, "geteuid") and os.geteuid() == 0:
        args.append("--allow-root")  # JupyterLab refuses to start as root without it
    return run_in_venv(args + ["notebooks/01_intuition.ipynb", *extra])


def test(extra):
    ensure_environment("requirements-test.txt")
    # pytest settings (nbval, sanitizing, timeouts, --dist loadfile) live in pyproject.toml.
    return run_in_venv(["-m", "pytest", "-n", "auto", *extra])


def _tool(module):
    def command(extra):
        ensure_environment("requirements-test.txt")
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
