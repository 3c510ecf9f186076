"""Lock the course's whole dependency set: the exact version and hashes of every package.

    python tools/course.py lock           re-resolve every lock (needs PyPI)
    python tools/course.py lock --check   list the stale locks, offline; exit 1 if any

The requirements files name the packages the course uses; their locks in locks/ add every
package those pull in, pinned with the hashes of every wheel, so the same commit installs the
same files next month. `course.py lab` and `test` and tools/colab_stack.py install from the
locks; students who install by hand keep the plain requirements.txt.

uv resolves the students' and the test locks "universally": one file for every supported Python
and platform, with environment markers where they differ (on Python 3.14 the TensorFlow lines do
not apply). The Colab lock is resolved for Colab's own Python and platform. Each lock starts with
a digest of everything its resolution read; a lock whose digest disagrees is stale
(tests/test_locks.py fails on it). Only the standard library is needed to start this; uv itself
is installed into .venv-lock.
"""
import hashlib
import re
import subprocess
import sys
import venv
from pathlib import Path
from typing import NamedTuple

from course import ROOT, python_in

UV = "uv==0.13.9"
UV_VENV = ROOT / ".venv-lock"
# Every supported Python from the oldest (pyproject's requires-python), on every platform.
UNIVERSAL = ["--universal", "--python-version", "3.11"]
# Google Colab's runtime exactly: Linux on x86_64, Python 3.12.
COLAB = ["--python-platform", "x86_64-manylinux_2_28", "--python-version", "3.12"]
LOCKS = {  # requirements file: (its lock, for which Pythons and platforms)
    "requirements.txt": ("locks/requirements.lock", UNIVERSAL),
    "requirements-test.txt": ("locks/requirements-test.lock", UNIVERSAL),
    "requirements-site.txt": ("locks/requirements-site.lock", UNIVERSAL),
    "requirements-colab.txt": ("locks/requirements-colab.lock", COLAB),
}
DIGEST_LINE = re.compile(r"^# inputs sha256: ([0-9a-f]{64})$", re.M)
INCLUDE = re.compile(r"^\s*-[rc]\s+(\S+)", re.M)
PIN = re.compile(r"^([A-Za-z0-9][\w.-]*)==(\S+?)(?:\s*;\s*(.+?))?\s*\\?$")
HASH = re.compile(r"--hash=(sha256:[0-9a-f]{64})")


class Pin(NamedTuple):
    """One package of a lock: `name==version ; marker` and the hashes of its files."""
    name: str
    version: str
    marker: str  # "" where it applies everywhere
    hashes: tuple


def normalise(name):
    """A package name as PyPI compares names: 'jupyter_client' and 'Jupyter-Client' are one."""
    return re.sub(r"[-_.]+", "-", name).lower()


def read_lock(path):
    """The pins of a lock file, in file order."""
    pins = []
    for line in Path(path).read_text(encoding="utf-8").splitlines():
        pin = PIN.match(line)
        if pin:
            pins.append(Pin(normalise(pin[1]), pin[2], pin[3] or "", ()))
        elif pins and HASH.search(line):
            pins[-1] = pins[-1]._replace(hashes=pins[-1].hashes + tuple(HASH.findall(line)))
    return pins


def uv_arguments(requirements):
    """What uv is asked, after `uv pip compile`, to lock `requirements` (no output path)."""
    return [requirements, *LOCKS[requirements][1], "--generate-hashes",
            # the course's own package installs from the checkout (pip install -e .) after the
            # lock, since pip's hash-checking mode refuses editable requirements
            "--no-emit-package", "course-utils", "--no-header"]


def read_files(requirements, root):
    """`requirements` and every file it includes with -r or -c, in the order read."""
    seen, pending = [], [requirements]
    while pending:
        name = pending.pop(0)
        if name in seen:
            continue
        seen.append(name)
        pending += INCLUDE.findall((Path(root) / name).read_text(encoding="utf-8"))
    return seen


def _project_metadata(root):
    """The parts of pyproject.toml that the resolution reads (via `-e .`)."""
    text = (Path(root) / "pyproject.toml").read_text(encoding="utf-8")
    project = re.search(r"^\[project\]\n(.*?)(?=^\[)", text, re.M | re.S)
    return "\n".join(line for line in project[1].splitlines()
                     if not line.startswith(("#", "description", "readme")))


def inputs_digest(requirements, root=ROOT):
    """A digest of everything that decides `requirements`'s lock: its files, pyproject's
    dependencies, the uv version and its arguments."""
    digest = hashlib.sha256()
    for name in read_files(requirements, root):
        digest.update(name.encode() + b"\0" + (Path(root) / name).read_bytes() + b"\0")
    digest.update(_project_metadata(root).encode())
    digest.update(" ".join([UV, *uv_arguments(requirements)]).encode())
    return digest.hexdigest()


def header(requirements, root=ROOT):
    return (f"# Lock of {requirements}: written by `python tools/course.py lock`; do not edit.\n"
            f"# uv pip compile {' '.join(uv_arguments(requirements))}  ({UV})\n"
            f"# inputs sha256: {inputs_digest(requirements, root)}\n")


def stale_locks(root=ROOT):
    """The requirements files whose lock is missing or older than they are, each with a reason."""
    stale = {}
    for requirements, (lock, _) in LOCKS.items():
        path = Path(root) / lock
        if not path.exists():
            stale[requirements] = f"{lock} is missing"
            continue
        found = DIGEST_LINE.search(path.read_text(encoding="utf-8"))
        if not found or found[1] != inputs_digest(requirements, root):
            stale[requirements] = f"{lock} was resolved from other inputs"
    return stale


def _uv():
    """The uv executable, installed into .venv-lock the first time."""
    executable = UV_VENV / ("Scripts/uv.exe" if sys.platform == "win32" else "bin/uv")
    marker = UV_VENV / f".installed-{UV}"
    if not marker.exists():
        print(f"Installing {UV} into {UV_VENV.name} ...", flush=True)
        venv.EnvBuilder(with_pip=True, clear=True).create(UV_VENV)
        subprocess.run([str(python_in(UV_VENV)), "-m", "pip", "install", "--quiet",
                        "--disable-pip-version-check", UV], check=True)
        marker.write_text(UV)
    return str(executable)


def write_locks(root=ROOT):
    uv = _uv()
    for requirements, (lock, _) in LOCKS.items():
        print(f"Locking {requirements} -> {lock} ...", flush=True)
        resolved = subprocess.run([uv, "pip", "compile", "--quiet", *uv_arguments(requirements)],
                                  cwd=root, check=True, capture_output=True, text=True).stdout
        path = Path(root) / lock
        path.parent.mkdir(exist_ok=True)
        path.write_text(header(requirements, root) + resolved, encoding="utf-8")


def main(argv):
    if argv not in ([], ["--check"]):
        print(__doc__)
        return 2
    if not argv:
        try:
            write_locks()
        except subprocess.CalledProcessError as err:
            print(f"lock: {' '.join(err.cmd[:3])} failed (exit {err.returncode}).\n"
                  f"{err.stderr or ''}It needs PyPI; nothing was changed for the lock it stopped at.")
            return 1
    stale = stale_locks()
    for reason in stale.values():
        print(f"stale: {reason}; run `python tools/course.py lock`")
    if not stale:
        print(f"All {len(LOCKS)} locks are up to date.")
    return 1 if stale else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
