"""Notebooks open in JupyterLab unmodified: every stored kernelspec is the one JupyterLab writes,
and course_utils/lab.py serves notebooks with this Python's language_info. The last test starts
JupyterLab the way `python tools/course.py lab` does and asks its server what a student's
browser would get."""
import asyncio
import json
import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import nbformat
import pytest
from jupyter_client.kernelspec import KernelSpecManager

from course_utils import lab

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tools"))  # as when run as `python tools/course.py`
import course  # noqa: E402

NOTEBOOKS = sorted(p for folder in course.NOTEBOOK_DIRS for p in (ROOT / folder).glob("*.ipynb"))
OLD_LANGUAGE_INFO = {"name": "python", "version": "3.0.1", "file_extension": ".py"}


def test_kernelspec_is_the_one_jupyter_starts_for_python3():
    spec = KernelSpecManager().get_kernel_spec("python3")
    assert lab.kernelspec() == {"display_name": spec.display_name, "language": spec.language,
                                "name": "python3"}


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.relative_to(ROOT).as_posix())
def test_every_notebook_stores_that_kernelspec(path):
    stored = json.loads(path.read_text(encoding="utf-8"))["metadata"].get("kernelspec")
    folder = path.parent.name
    fix = ("python tools/course.py exercises" if folder == "exercises"
           else f"python tools/course.py execute {folder}/{path.name}")
    assert stored == lab.kernelspec(), (
        f"{folder}/{path.name} stores kernelspec {stored}, so JupyterLab marks it modified on "
        f"open; fix with: {fix}")


@pytest.fixture
def contents(tmp_path):
    """A CourseContentsManager over a folder with an old notebook, a text file and a folder."""
    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell("1 + 1")],
                                  metadata={"language_info": OLD_LANGUAGE_INFO})
    nbformat.write(nb, tmp_path / "old.ipynb")
    (tmp_path / "notes.txt").write_text("language_info stays\n")
    (tmp_path / "folder").mkdir()
    return lab.CourseContentsManager(root_dir=str(tmp_path))


def get(manager, path, **kwargs):
    return asyncio.run(manager.get(path, **kwargs))


def test_a_notebook_is_served_with_this_pythons_language_info(contents, tmp_path):
    before = (tmp_path / "old.ipynb").read_bytes()
    model = get(contents, "old.ipynb")
    assert model["type"] == "notebook"
    assert model["content"]["metadata"]["language_info"] == lab.language_info()
    assert lab.language_info()["version"] == sys.version.split()[0]
    assert model["content"]["cells"][0]["source"] == "1 + 1"
    assert (tmp_path / "old.ipynb").read_bytes() == before  # the file on disk is untouched


def test_everything_else_passes_through(contents, tmp_path):
    assert get(contents, "old.ipynb", content=False)["content"] is None
    assert get(contents, "old.ipynb", type="file", format="text")["content"] == (
        tmp_path / "old.ipynb").read_text()
    assert get(contents, "notes.txt")["content"] == "language_info stays\n"
    assert [item["name"] for item in get(contents, "folder")["content"]] == []


def _free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture
def server(tmp_path):
    """JupyterLab started with course.jupyterlab_arguments over a copy of lesson 01 stored by an
    older Python, isolated from the user's Jupyter configuration; yields a function that GETs
    a path and returns (final URL, body)."""
    lesson = nbformat.read(ROOT / course.FIRST_LESSON, as_version=4)
    lesson.metadata.language_info = OLD_LANGUAGE_INFO
    (tmp_path / "course" / "notebooks").mkdir(parents=True)
    nbformat.write(lesson, tmp_path / "course" / course.FIRST_LESSON)
    port, token = _free_port(), "course-test-token"
    env = dict(os.environ)
    for name in ("JUPYTER_CONFIG_DIR", "JUPYTER_DATA_DIR", "JUPYTER_RUNTIME_DIR",
                 "JUPYTERLAB_SETTINGS_DIR", "JUPYTERLAB_WORKSPACES_DIR", "IPYTHONDIR"):
        env[name] = str(tmp_path / name)
    command = [sys.executable, "-m", "jupyterlab",
               *course.jupyterlab_arguments(tmp_path / "course"),
               "--ServerApp.ip=127.0.0.1", f"--ServerApp.port={port}",
               f"--IdentityProvider.token={token}", "--no-browser"]
    log = tmp_path / "lab.log"
    with open(log, "w") as log_file:
        process = subprocess.Popen(command, env=env, stdout=log_file, stderr=subprocess.STDOUT)

    def fetch(path):
        with urllib.request.urlopen(f"http://127.0.0.1:{port}{path}?token={token}") as reply:
            return reply.url, reply.read().decode("utf-8")

    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                fetch("/api/status")
                break
            except OSError:
                if process.poll() is not None or time.monotonic() > deadline:
                    pytest.fail(f"JupyterLab did not start:\n{log.read_text()}")
                time.sleep(0.25)
        yield fetch
    finally:
        process.terminate()
        process.wait(timeout=30)


def test_the_lab_command_opens_lesson_01_unmodified_and_without_a_news_prompt(server):
    url, _ = server("/")
    assert url.split("?")[0].endswith("/lab/tree/notebooks/01_intuition.ipynb")
    _, body = server("/api/contents/notebooks/01_intuition.ipynb")
    metadata = json.loads(body)["content"]["metadata"]
    assert metadata["language_info"] == lab.language_info()
    assert metadata["kernelspec"] == lab.kernelspec()
    _, body = server("/lab/api/settings/@jupyterlab/apputils-extension:notification")
    fetch_news = json.loads(body)["schema"]["properties"]["fetchNews"]
    assert fetch_news["default"] == "false"  # "never" by default: JupyterLab asks nothing
