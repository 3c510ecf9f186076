"""tools/course.py's set-up: environments made for the running Python from the locks, and every
failure told in a sentence with what to do, never a traceback."""
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tools"))  # as when run as `python tools/course.py`
import course  # noqa: E402


@pytest.fixture
def installs(monkeypatch):
    """Record what would be installed instead of running pip or creating a real environment."""
    calls = []
    monkeypatch.setattr(course, "_pip", lambda python, args, what: calls.append(args))

    def create(builder, venv_dir):
        python = course.python_in(Path(venv_dir))
        python.parent.mkdir(parents=True)
        python.write_text("")
        minor = f"{sys.version_info[0]}.{sys.version_info[1]}"
        (Path(venv_dir) / "pyvenv.cfg").write_text(f"home = /x\nversion = {minor}.7\n")

    monkeypatch.setattr(course.venv.EnvBuilder, "create", create)
    return calls


def test_installs_the_lock_with_hashes_then_the_course_package(installs, tmp_path):
    course.ensure_environment("requirements.txt", tmp_path / "env")
    lock = str(ROOT / "locks" / "requirements.lock")
    assert installs == [["install", "--quiet", "--require-hashes", "-r", lock],
                        ["install", "--quiet", "--no-deps", "-e", "."]]
    course.ensure_environment("requirements.txt", tmp_path / "env")
    assert len(installs) == 2, "installed again although nothing changed"


def test_an_environment_of_another_python_is_remade(installs, tmp_path, capsys):
    env = tmp_path / "env"
    course.python_in(env).parent.mkdir(parents=True)
    course.python_in(env).write_text("")
    (env / "pyvenv.cfg").write_text("home = /x\nversion_info = 3.9.18.final.0\n")
    (env / "old-file").write_text("")
    course.ensure_environment("requirements-test.txt", env)
    assert "env was made with Python 3.9; remaking it for Python" in capsys.readouterr().out
    assert not (env / "old-file").exists()
    assert course._venv_python_version(env) == f"{sys.version_info[0]}.{sys.version_info[1]}"


def test_too_old_a_python_is_refused_before_anything_is_installed(installs, tmp_path, monkeypatch):
    monkeypatch.setattr(sys, "version_info", (3, 10, 12, "final", 0))
    with pytest.raises(course.SetupError, match=r"Python 3\.10 is outside the supported window "
                                                r"\(3\.11 to 3\.14\).*Install Python 3\.11 to 3\.14"):
        course.ensure_environment("requirements.txt", tmp_path / "env")
    assert installs == [] and not (tmp_path / "env").exists()


def test_a_python_without_tensorflow_is_told_once_what_it_cannot_run(installs, tmp_path,
                                                                      monkeypatch, capsys):
    monkeypatch.setattr(sys, "version_info", (3, 14, 0, "final", 0))
    course.ensure_environment("requirements.txt", tmp_path / "env")
    course._say_what_this_python_cannot_run()
    out = capsys.readouterr().out
    assert out.count("TensorFlow has no release for Python 3.14 yet, so lesson 11 (Keras) needs "
                     "Python 3.11 to 3.13 or Google Colab") == 2  # at install, and before running


def test_a_failing_pip_is_explained_in_words(monkeypatch):
    failed = subprocess.CompletedProcess([], 1, stdout="Collecting numpy\n",
                                         stderr="ERROR: No matching distribution found for numpy==2.4.6\n")
    monkeypatch.setattr(course.subprocess, "run", lambda *args, **kwargs: failed)
    with pytest.raises(course.SetupError) as raised:
        course._pip(sys.executable, ["install", "-r", "x.lock"], "the packages of requirements.txt")
    message = str(raised.value)
    assert message.startswith("Collecting numpy\nERROR: No matching distribution found for numpy")
    assert "pip could not install the packages of requirements.txt (exit code 1)" in message
    assert "no connection to PyPI" in message and "Google Colab" in message


def test_setup_errors_end_the_command_with_a_message_not_a_traceback(monkeypatch, capsys):
    def fail(extra):
        raise course.SetupError("pip could not install X; here is what to do.")

    monkeypatch.setitem(course.COMMANDS, "lab", fail)
    assert course.main(["lab"]) == 1
    err = capsys.readouterr().err
    assert err.strip() == "pip could not install X; here is what to do."


def test_venv_python_version_reads_pyvenv_cfg(tmp_path):
    assert course._venv_python_version(tmp_path) is None
    (tmp_path / "pyvenv.cfg").write_text("home = /usr/bin\nversion = 3.12.1\n")
    assert course._venv_python_version(tmp_path) == "3.12"


def test_jupyterlab_arguments_serve_the_course_as_students_see_it(monkeypatch, tmp_path):
    monkeypatch.setattr(course.os, "geteuid", lambda: 1000, raising=False)
    args = course.jupyterlab_arguments(tmp_path)
    assert f"--ServerApp.root_dir={tmp_path}" in args
    assert "--LabApp.default_url=/lab/tree/notebooks/01_intuition.ipynb" in args
    assert "--ServerApp.contents_manager_class=course_utils.lab.CourseContentsManager" in args
    assert "--allow-root" not in args
    assert not [a for a in args if a.split("=")[0] in ("--port", "--ip", "--no-browser")]
    monkeypatch.setattr(course.os, "geteuid", lambda: 0, raising=False)
    assert "--allow-root" in course.jupyterlab_arguments(tmp_path)


def test_lab_serves_the_checkout_with_those_arguments(monkeypatch):
    monkeypatch.setattr(course, "ensure_environment", lambda requirements: None)
    ran = []
    monkeypatch.setattr(course, "run_in_venv", lambda args: ran.append(args) or 0)
    assert course.lab(["--port=9999"]) == 0
    assert ran == [["-m", "jupyterlab", *course.jupyterlab_arguments(course.ROOT), "--port=9999"]]
