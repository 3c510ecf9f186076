"""`course.py grade`: submissions in, a gradebook out, and no way to fake a pass.

One grading run (module fixture) over a class of submissions to lesson 03: a correct one, an
untouched exercise, a Colab-shaped copy, and adversarial ones for every item of the threat model
(cheating the checks, tampering with the course's files or other submissions, hanging or
crashing the grader), graded with 2 jobs on a copy of the repository. Each test reads that
run's gradebook.
"""
import contextlib
import csv
import importlib.util
import io
import json
import shutil
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from course_utils.checks import _core

ROOT = Path(__file__).resolve().parent.parent
TASKS_03 = ["sigmoid_derivative", "tanh_derivative", "softmax", "softmax_jacobian", "logit",
            "logsumexp", "softmax_with_temperature"]
sys.path.insert(0, str(ROOT / "tools" / "grading"))
import judge  # noqa: E402
import wire  # noqa: E402

_spec = importlib.util.spec_from_file_location("grade_tool", ROOT / "tools" / "grade.py")
grade_tool = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(grade_tool)


def _load(path):
    return json.loads(Path(path).read_text(encoding="utf-8"))


def _code(source):
    return {"cell_type": "code", "execution_count": None, "id": f"x{abs(hash(source)) % 10**8}",
            "metadata": {}, "outputs": [], "source": source}


def _defining(nb, name):
    """The index of the code cell that defines `name`."""
    return next(i for i, c in enumerate(nb["cells"]) if c["cell_type"] == "code"
                and f"def {name}(" in "".join(c["source"]))


def _with_function(nb, name, source):
    """The notebook with function `name`'s cell replaced by `source`."""
    nb = json.loads(json.dumps(nb))
    nb["cells"][_defining(nb, name)]["source"] = source
    return nb


def _appended(nb, *sources, at=None):
    nb = json.loads(json.dumps(nb))
    cells = [_code(s) for s in sources]
    at = len(nb["cells"]) if at is None else at
    nb["cells"][at:at] = cells
    return nb


def _stamped(nb, lesson):
    """The notebook with the lesson metadata an exercise notebook carries."""
    return {**nb, "metadata": {**nb["metadata"], "course": {"lesson": lesson}}}


def _replaced(nb, old, new):
    nb = json.loads(json.dumps(nb))
    for cell in nb["cells"]:
        cell["source"] = "".join(cell["source"]).replace(old, new)
    return nb


def _without_check_cells(nb):
    nb = json.loads(json.dumps(nb))
    nb["cells"] = [c for c in nb["cells"] if not "".join(c["source"]).lstrip().startswith("check.")]
    return nb


# For 20 s, append to every Python file in any grading scratch folder (other submissions' too).
SCRATCH_TAMPER = '''import subprocess, sys
subprocess.Popen([sys.executable, "-c", """
import glob, time
end = time.time() + 20
while time.time() < end:
    for path in glob.glob("/tmp/course-grade*/**/*.py", recursive=True):
        try:
            open(path, "a").write("\\\\nsigmoid = tanh = None\\\\n")
        except OSError:
            pass
    time.sleep(0.01)
"""])
import time
time.sleep(3)
'''
WRONG_SIGMOID_DERIVATIVE = "def sigmoid_derivative(x):\n    return np.zeros_like(x)\n"


def _class(repo):
    """{file name: notebook dict or raw bytes} of the submissions and what each should get."""
    solution, exercise = _load(repo / "solutions/03_math.ipynb"), _load(repo / "exercises/03_math.ipynb")
    guarded = repo / "course_utils" / "activations.py"
    colab = json.loads(json.dumps(solution))
    colab["metadata"] = {"colab": {"provenance": [], "name": "Copy of 03_math.ipynb"},
                         "kernelspec": {"display_name": "Python 3", "name": "python3"},
                         "language_info": {"name": "python"}}
    for cell in colab["cells"]:
        cell.pop("id", None)
        cell["metadata"] = {"id": "abc123"} | ({"outputId": "x"} if cell["cell_type"] == "code" else {})
    return {
        "correct/03_math.ipynb": solution,
        "untouched/03_math.ipynb": exercise,
        "colab/Copy of 03_math.ipynb": colab,
        "alice.ipynb": None,  # lesson cannot be told: filled below
        # 1. passing a task it did not solve
        "redefine_checks/03_math.ipynb": _appended(
            exercise, "check.sigmoid_derivative = lambda fn: print('✔ sigmoid derivative: passed')\n"
                      "import course_utils.checks.math as m\n"
                      "m.sigmoid_derivative = m.tanh_derivative = lambda fn: None\n"
                      "check.sigmoid_derivative(sigmoid_derivative)\n"),
        "patch_core/03_math.ipynb": _appended(
            _with_function(exercise, "sigmoid_derivative", WRONG_SIGMOID_DERIVATIVE),
            "import course_utils.checks._core as core\n"
            "core.assert_close = lambda *a, **k: None\n"
            "core.fail = lambda *a, **k: None\n"
            "core.outcome = lambda check, *a, **k: core.Result('x', 'passed', '✔ passed')\n", at=4),
        "printed_pass/03_math.ipynb": _replaced(exercise, "check.sigmoid_derivative(sigmoid_derivative)",
                                                "print('✔ sigmoid derivative: passed')"),
        "deleted_checks/03_math.ipynb": _without_check_cells(exercise),
        "deleted_checks_solved/03_math.ipynb": _without_check_cells(solution),
        "patch_when_called/03_math.ipynb": _with_function(
            exercise, "sigmoid_derivative",
            "import sys\n\ndef sigmoid_derivative(x):\n"
            "    for name, module in list(sys.modules.items()):\n"
            "        if name.startswith('course_utils.checks'):\n"
            "            for attr in ('fail', 'assert_close', 'looks_like'):\n"
            "                if hasattr(module, attr):\n"
            "                    setattr(module, attr, lambda *a, **k: True)\n"
            "    import inspect\n"
            "    frame = inspect.currentframe().f_back\n"
            "    frame.f_globals['assert_close'] = lambda *a, **k: None\n"
            "    return np.zeros_like(x)\n"),
        # 2. changing another submission's result
        "tamper_files/03_math.ipynb": _appended(
            exercise,
            f"for path in [{str(guarded)!r}] + __import__('glob').glob('/tmp/course-grader-*/course_utils/activations.py'):\n"
            "    open(path, 'a').write('\\nsigmoid = tanh = relu = None\\n')\n"),
        "tamper_submissions/03_math.ipynb": _appended(
            exercise, f"import glob\nfor path in glob.glob({str(repo.parent / 'class' / '**' / '*.ipynb')!r}, recursive=True):\n"
                      "    open(path, 'w').write('{}')\n"),
        # 3. hanging, crashing or exhausting the grader
        "endless_cell/03_math.ipynb": _appended(solution, "while True:\n    pass\n", at=5),
        "endless_function/03_math.ipynb": _with_function(
            solution, "tanh_derivative", "def tanh_derivative(x):\n    while True:\n        pass\n"),
        "exit_in_cells/03_math.ipynb": _appended(solution, "import sys\nsys.exit(3)\n", at=5),
        "os_exit_in_cells/03_math.ipynb": _appended(solution, "import os\nos._exit(0)\n", at=5),
        "os_exit_in_function/03_math.ipynb": _with_function(
            solution, "logit", "import os\n\ndef logit(p):\n    os._exit(1)\n"),
        "segfault/03_math.ipynb": _with_function(
            solution, "softmax_jacobian",
            "import ctypes\n\ndef softmax_jacobian(z):\n    return ctypes.string_at(0)\n"),
        "huge_output/03_math.ipynb": _appended(solution, "for _ in range(200_000):\n    print('x' * 1000)\n", at=5),
        "huge_memory/03_math.ipynb": _with_function(
            _appended(solution, "hog = np.ones(10**11)\n", at=5), "logit",
            "def logit(p):\n    waste = np.ones(10**11)\n    return np.log(p / (1 - p))\n"),
        "runaway_processes/03_math.ipynb": _appended(
            solution, "import subprocess\nsubprocess.Popen(['sleep', '987'], start_new_session=True)\n"
                      "import os\nif os.fork() == 0:\n    os.setsid()\n    os.execvp('sleep', ['sleep', '986'])\n"
                      # a new session, a second fork and an empty environment (no marker)
                      "if os.fork() == 0:\n    os.setsid()\n    if os.fork() == 0:\n"
                      "        os.execve('/bin/sleep', ['sleep', '985'], {})\n    os._exit(0)\n",
            at=5),
        "scratch_tamper/03_math.ipynb": _appended(exercise, SCRATCH_TAMPER),
        "surrogate_message/03_math.ipynb": _with_function(
            solution, "logit", "def logit(p):\n    raise ValueError('\\ud800 and \\x1b[31m')\n"),
        "fake_keras_model/03_math.ipynb": _with_function(
            solution, "logsumexp",
            "class Model:\n    __module__ = 'keras.fake'\n    layers = []\n"
            "    def save(self, path):\n        open(path, 'wb').write(b'PK\\x05\\x06' + bytes(18))\n\n"
            "def logsumexp(z, axis=-1):\n    return Model()\n"),
        f"{'n' * 150}/new\nline {'m' * 150}.ipynb": _stamped(exercise, "03"),
        "not_a_notebook/03_math.ipynb": b"this is not JSON {",
        "other_lesson/03_math.ipynb": _stamped(_load(repo / "solutions/05_worked_example.ipynb"), "05"),
        "no_exercises/02_history.ipynb": {"cells": [], "metadata": {}, "nbformat": 4, "nbformat_minor": 5},
    }


EXPECTED = {  # submission: {task: status}; tasks not named are "passed"
    "untouched/03_math.ipynb": dict.fromkeys(TASKS_03, "not done"),
    "redefine_checks/03_math.ipynb": dict.fromkeys(TASKS_03, "not done"),
    "patch_core/03_math.ipynb": {"sigmoid_derivative": "failed", **dict.fromkeys(TASKS_03[1:], "not done")},
    "printed_pass/03_math.ipynb": dict.fromkeys(TASKS_03, "not done"),
    "deleted_checks/03_math.ipynb": dict.fromkeys(TASKS_03, "not done"),
    "patch_when_called/03_math.ipynb": {"sigmoid_derivative": "failed", **dict.fromkeys(TASKS_03[1:], "not done")},
    "tamper_files/03_math.ipynb": dict.fromkeys(TASKS_03, "not done"),
    "tamper_submissions/03_math.ipynb": dict.fromkeys(TASKS_03, "not done"),
    "endless_cell/03_math.ipynb": dict.fromkeys(TASKS_03, "timeout"),
    "endless_function/03_math.ipynb": {"tanh_derivative": "timeout"},
    "os_exit_in_cells/03_math.ipynb": dict.fromkeys(TASKS_03, "error"),
    "os_exit_in_function/03_math.ipynb": {"logit": "error"},
    "segfault/03_math.ipynb": {"softmax_jacobian": "error"},
    "huge_memory/03_math.ipynb": {"logit": "failed"},
    "scratch_tamper/03_math.ipynb": dict.fromkeys(TASKS_03, "not done"),
    "surrogate_message/03_math.ipynb": {"logit": "failed"},
    "fake_keras_model/03_math.ipynb": {"logsumexp": "failed"},
    f"{'n' * 150}/new\\x0aline {'m' * 150}.ipynb": dict.fromkeys(TASKS_03, "not done"),
}
ALWAYS_PASSED = ["correct/03_math.ipynb", "colab/Copy of 03_math.ipynb", "deleted_checks_solved/03_math.ipynb",
                 "exit_in_cells/03_math.ipynb", "huge_output/03_math.ipynb", "runaway_processes/03_math.ipynb"]


@pytest.fixture(scope="module")
def graded(tmp_path_factory):
    """Grade the class on a copy of the repository; return (gradebook rows, out dir, repo, output)."""
    base = tmp_path_factory.mktemp("grading")
    repo = base / "repo"
    for name in ("course_utils", "tools", "exercises", "solutions"):
        shutil.copytree(ROOT / name, repo / name, ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copy(ROOT / "pyproject.toml", repo)
    before = (repo / "course_utils" / "activations.py").read_bytes()
    submissions = _class(repo)
    submissions["alice.ipynb"] = {**submissions["untouched/03_math.ipynb"], "metadata": {}}
    for name, content in submissions.items():
        path = base / "class" / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(content if isinstance(content, bytes) else json.dumps(content).encode())
    out = base / "out"
    run = subprocess.run([sys.executable, str(repo / "tools" / "grade.py"), str(base / "class"),
                          "--out", str(out), "--jobs", "2", "--timeout", "8"],
                         capture_output=True, text=True, timeout=600)
    assert run.returncode == 0, run.stdout + run.stderr
    with open(out / "gradebook.csv", newline="", encoding="utf-8-sig") as f:
        rows = list(csv.DictReader(f))
    assert (repo / "course_utils" / "activations.py").read_bytes() == before
    return rows, out, run.stdout


def _statuses(rows, submission):
    return {r["task"]: r["status"] for r in rows if r["submission"] == submission}


def test_gradebook_has_the_promised_columns_and_a_row_per_task(graded):
    rows, out, _ = graded
    with open(out / "gradebook.csv", encoding="utf-8-sig") as f:
        assert f.readline().strip() == "submission,lesson,task,status,message"
    assert list(_statuses(rows, "correct/03_math.ipynb")) == TASKS_03
    assert {r["status"] for r in rows} <= {"passed", "failed", "not done", "error", "timeout"}


@pytest.mark.parametrize("submission", ALWAYS_PASSED)
def test_solved_notebooks_pass_every_task(graded, submission):
    statuses = _statuses(graded[0], submission)
    assert statuses == dict.fromkeys(TASKS_03, "passed"), statuses


@pytest.mark.parametrize("submission", sorted(EXPECTED))
def test_each_submission_gets_the_expected_verdicts(graded, submission):
    expected = {**dict.fromkeys(TASKS_03, "passed"), **EXPECTED[submission]}
    assert _statuses(graded[0], submission) == expected


def test_failed_and_not_done_rows_carry_the_checks_message_and_hint(graded):
    rows = graded[0]
    row = next(r for r in rows if r["submission"] == "patch_core/03_math.ipynb"
               and r["task"] == "sigmoid_derivative")
    assert row["message"].startswith("sigmoid derivative: ") and "\nHint: " in row["message"]
    row = next(r for r in rows if r["submission"] == "untouched/03_math.ipynb" and r["task"] == "logit")
    assert "not done yet" in row["message"]


def test_hangs_and_crashes_are_named_in_the_message(graded):
    rows = graded[0]
    message = {(r["submission"], r["task"]): r["message"] for r in rows}
    assert "longer than 8 s" in message["endless_function/03_math.ipynb", "tanh_derivative"]
    assert "cell 6 was still running" in message["endless_cell/03_math.ipynb", "logit"]
    assert "signal 11" in message["segfault/03_math.ipynb", "softmax_jacobian"]
    assert "MemoryError" in message["huge_memory/03_math.ipynb", "logit"]


def test_ungradable_files_get_an_error_row_saying_why(graded):
    rows = graded[0]
    message = {r["submission"]: (r["status"], r["message"]) for r in rows if not r["task"]}
    assert message["not_a_notebook/03_math.ipynb"][0] == "error"
    assert "not a Jupyter notebook" in message["not_a_notebook/03_math.ipynb"][1]
    assert "cannot be told" in message["alice.ipynb"][1]
    assert "lesson 02 has no exercises" in message["no_exercises/02_history.ipynb"][1]


def test_a_notebook_of_another_lesson_is_graded_as_that_lesson(graded):
    rows = [r for r in graded[0] if r["submission"] == "other_lesson/03_math.ipynb"]
    assert {r["lesson"] for r in rows} == {"05"} and {r["status"] for r in rows} == {"passed"}


def test_changes_to_the_course_files_are_reported_and_undone(graded):
    _, out, stdout = graded
    summary = (out / "summary.md").read_text(encoding="utf-8")
    assert "course_utils/activations.py" in summary
    # and in the feedback of the submission that finished next: with 2 jobs, the tampering one
    # or the one graded beside it (the note says so)
    noted = [p.name for p in (out / "feedback").iterdir() if "were put back" in p.read_text(encoding="utf-8")]
    assert len(noted) == 1, noted


def test_no_process_of_a_submission_outlives_grading(graded):
    leftovers = []
    for entry in Path("/proc").iterdir():
        try:
            if entry.name.isdigit() and b"sleep\x0098" in (entry / "cmdline").read_bytes():
                leftovers.append((entry / "cmdline").read_bytes())
        except OSError:
            continue
    assert not leftovers


def test_reports_are_written_for_every_submission(graded):
    _, out, stdout = graded
    feedback = sorted(p.name for p in (out / "feedback").iterdir())
    assert len(feedback) == len(_class(ROOT))
    summary = (out / "summary.md").read_text(encoding="utf-8")
    assert "## Pass rate per task" in summary and "| `logit` |" in summary
    assert stdout.count("(lesson ") >= 20  # a progress line per graded submission


STALL = '''import gc, os, sys, time
child = sys.modules["child"]
me = next(o for o in gc.get_objects() if isinstance(o, child.Child))
end = os.open(f"/proc/self/fd/{me.read_fd}", os.O_WRONLY | os.O_NONBLOCK)
try:
    while True:
        os.write(end, bytes(4096))  # fill the pipe from the grader
except BlockingIOError:
    pass
child.Child.serve = lambda self: time.sleep(10**6)  # and never read it again
'''
TYPED_IN = "def seeded_parameters():\n    return np.array([0.49671415, -0.1382643]), 0.6476885381006925\n"
JACOBIAN_VJP_HIDING_ITS_MEMORY = '''import tracemalloc
tracemalloc.get_traced_memory = lambda: (0, 0)  # the check's memory meter, in this process

def softmax_vjp(z, v):
    p = softmax(z, axis=-1)
    if p.ndim == 1:
        return (np.diag(p) - np.outer(p, p)).T @ v  # the K x K Jacobian the task says not to build
    return np.stack([(np.diag(q) - np.outer(q, q)).T @ u for q, u in zip(p, v)])
'''


def test_stalling_the_grader_or_hiding_code_or_memory_use_does_not_pass(tmp_path):
    """A submission whose process fills the pipe from the grader and never reads again times
    out (the grader's writes have a deadline too). A function made with exec cannot have its
    code checked, so a task whose check reads code fails and says to use def, as typed-in
    numbers in a plain def fail. A process that fakes its memory meter is measured from outside."""
    submissions = {
        "stalls/09_dying_relu.ipynb": _appended(_load(ROOT / "exercises/09_dying_relu.ipynb"), STALL),
        "exec/06_forward_pass.ipynb": _with_function(_load(ROOT / "solutions/06_forward_pass.ipynb"),
                                                     "seeded_parameters", f"exec({TYPED_IN!r})\n"),
        "plain/06_forward_pass.ipynb": _with_function(_load(ROOT / "solutions/06_forward_pass.ipynb"),
                                                      "seeded_parameters", TYPED_IN),
        "memory/07_backward_pass.ipynb": _with_function(_load(ROOT / "solutions/07_backward_pass.ipynb"),
                                                        "softmax_vjp", JACOBIAN_VJP_HIDING_ITS_MEMORY),
    }
    for name, nb in submissions.items():
        (tmp_path / "class" / name).parent.mkdir(parents=True)
        (tmp_path / "class" / name).write_text(json.dumps(nb), encoding="utf-8")
    run = subprocess.run([sys.executable, str(ROOT / "tools" / "grade.py"), str(tmp_path / "class"),
                          "--out", str(tmp_path / "out"), "--jobs", "2", "--timeout", "3"],
                         capture_output=True, text=True, timeout=300)
    assert run.returncode == 0, run.stdout + run.stderr
    with open(tmp_path / "out" / "gradebook.csv", newline="", encoding="utf-8-sig") as f:
        rows = list(csv.DictReader(f))
    assert set(_statuses(rows, "stalls/09_dying_relu.ipynb").values()) == {"timeout"}
    hidden = {r["task"]: r for r in rows if r["submission"] == "exec/06_forward_pass.ipynb"}
    assert hidden["seeded_parameters"]["status"] == "failed"
    assert "plain `def`" in hidden["seeded_parameters"]["message"]
    assert _statuses(rows, "plain/06_forward_pass.ipynb")["seeded_parameters"] == "failed"
    memory = _statuses(rows, "memory/07_backward_pass.ipynb")
    assert memory.pop("softmax_vjp") == "failed" and set(memory.values()) == {"passed"}


# --- the pieces ---------------------------------------------------------------------------------

def test_the_lessons_tasks_come_from_the_exercise_notebooks_in_the_checks_order():
    import importlib
    for number, lesson in judge.course_lessons(ROOT).items():
        module = importlib.import_module(f"course_utils.checks.{lesson.slug}")
        assert [name for name, _ in lesson.tasks] == [c.__name__ for c in _core.tasks_of(module)], number


@pytest.mark.parametrize("name, expected", [
    ("03_math.ipynb", "03"), ("Copy of 07_backward_pass.ipynb", "07"),
    ("11_keras (1).ipynb", "11"), ("alice.ipynb", None), ("2024_03_math.ipynb", "03")])
def test_the_lesson_comes_from_the_file_name_when_metadata_is_missing(name, expected):
    lessons = judge.course_lessons(ROOT)
    if expected is None:
        with pytest.raises(judge.NotGradable):
            judge.lesson_of({"cells": []}, name, None, lessons)
    else:
        assert judge.lesson_of({"cells": []}, name, None, lessons) == expected
        assert judge.lesson_of({"metadata": {"course": {"lesson": "09"}}}, name, None, lessons) == "09"
        assert judge.lesson_of({"metadata": {"course": {"lesson": "09"}}}, name, "12", lessons) == "12"


def test_values_cross_the_wire_and_code_does_not():
    import numpy as np
    value = [np.arange(6.0).reshape(2, 3), (1, 2.5, float("nan")), {"a": np.float32(1.5)}, None,
             True, "text", Ellipsis, range(3), {1, 2}, np.array(2.0), 2**70]
    header, buffers, _ = wire.encode(value)
    back = wire.decode(json.loads(json.dumps(header)), buffers)
    assert np.array_equal(back[0], value[0]) and back[1][:2] == (1, 2.5) and np.isnan(back[1][2])
    assert back[2]["a"].dtype == np.float32 and back[3:9] == [None, True, "text", Ellipsis, range(3), {1, 2}]
    assert back[9].shape == () and back[10] == 2**70
    with pytest.raises(wire.WireError):  # a range costs nothing to send, but not to use
        wire.decode(*wire.encode(range(10**8))[:2])
    header, buffers, _ = wire.encode(lambda x: x)  # no callbacks allowed: a stand-in by name
    assert type(wire.decode(header, buffers)).__name__ == "function"
    for bad in ({"array": 0, "dtype": "|O", "shape": [1]}, {"array": 0, "dtype": "<f8", "shape": [4]},
                {"nope": 1}, [], {"type": "os.system"}, {"list": [{"list": []}] * 3 + [7]}):
        with pytest.raises(wire.WireError):
            wire.decode(bad, [b"\0" * 8])
    standin = wire.decode({"object": "History", "attributes": {"__class__": {"v": 1}, "params": {"v": 2}}}, [])
    assert isinstance(standin, wire.StandIn) and type(standin).__name__ == "History" and standin.params == 2


def test_the_progress_cell_lists_each_task_with_its_latest_result(capsys):
    from course_utils.checks import math as check
    from course_utils.checks import progress
    _core.RESULTS.clear()
    from course_utils.activations import sigmoid
    check.sigmoid_derivative(lambda x: sigmoid(x) * (1 - sigmoid(x)))
    with pytest.raises(AssertionError):
        check.tanh_derivative(lambda x: np.tanh(x))

    def unfinished(x):
        raise NotImplementedError

    check.softmax(unfinished)
    capsys.readouterr()
    progress(check)
    lines = capsys.readouterr().out.splitlines()
    assert lines[0] == "Progress: 1 of 7 tasks passed."
    assert lines[1].startswith("  ✔ sigmoid derivative: passed")
    assert lines[2].startswith("  ✘ tanh derivative: failed: ")
    assert lines[3] == "  … stable softmax: not done yet"
    assert lines[4] == "  · softmax Jacobian: not checked yet (run its check cell)"


def test_spreadsheet_cells_cannot_start_a_formula():
    assert grade_tool._cell("=HYPERLINK(1)") == "'=HYPERLINK(1)" and grade_tool._cell("a=1") == "a=1"



# --- the same verdict and message as in the notebook ----------------------------------------------

def _battery_answers(module):
    """(check, answer values) for every answer in a test module's batteries whose functions are
    defined at the module's top level (so the submission's process can import them by name)."""
    import inspect
    from checks_cases import Args
    found = []
    for check, battery in module.CASES.items():
        for answer in [battery.reference, *battery.correct, *(w.answer for w in battery.wrong)]:
            values = list(answer.args) if isinstance(answer, Args) else [answer]
            if isinstance(answer, Args) and answer.kwargs:
                continue
            # (pytest rewrites the asserts of test modules, so an answer that asserts gets a
            # different message here than in a notebook; lambdas have no name to look up)
            if all(not callable(v) or (inspect.isfunction(v) and v.__module__ == module.__name__
                                       and v.__qualname__ == v.__name__ and v.__name__.isidentifier()
                                       and "assert " not in inspect.getsource(v)) for v in values):
                found.append((check, values))
    return found


def _rounded(message):
    """The message with its numbers to 10 significant digits: NumPy may sum a strided array
    (the check's) and a contiguous copy (the submission process's) in another order, which
    changes the last digit or two of a reported value."""
    import re
    return re.sub(r"\d+\.\d+(e[-+]?\d+)?", lambda m: f"{float(m.group()):.10g}", message)


CHECK_TEST_MODULES = sorted(p.stem for p in (ROOT / "tests").glob("test_checks_*.py")
                            if p.stem not in ("test_checks_core", "test_checks_keras"))


@pytest.mark.parametrize("test_module", CHECK_TEST_MODULES)
def test_the_grader_gives_each_answer_the_verdict_and_message_the_notebook_gives(test_module):
    """Every answer of the check batteries, run in a submission's process and judged through the
    wire, gets exactly the Result it gets when the check calls it directly."""
    import importlib
    import inspect
    import time
    from sandbox import Sandbox
    module = importlib.import_module(test_module)
    answers = _battery_answers(module)
    assert len(answers) >= 10, test_module
    sandbox = Sandbox(grade_tool.course_files(ROOT, ("course_utils",)), timeout=120)
    try:
        sandbox.start([(1, f"import sys\nsys.path.insert(0, {str(ROOT / 'tests')!r})\n"
                           f"import {test_module} as _battery\nglobals().update(vars(_battery))\n")], [])
        for check, values in answers:
            sandbox.deadline = time.monotonic() + 120
            proxies = [sandbox.describe(v.__name__, inspect.getsource(v)) if callable(v) else v
                       for v in values]
            with contextlib.redirect_stdout(io.StringIO()):
                direct, graded = _core.outcome(check, *values), _core.outcome(check, *proxies)
            assert (graded.status, _rounded(graded.message)) == (direct.status, _rounded(direct.message)), (
                check.__name__, [getattr(v, "__name__", v) for v in values])
    finally:
        sandbox.stop()


def test_every_lessons_solution_passes_and_its_untouched_exercise_is_not_done(tmp_path):
    """Every check, through the grader, on the course's own answers (lesson 11 with Keras models
    crossing as .keras files), graded from the repository itself, which must stay unchanged."""
    from course_utils import environment
    keras_too = environment.tensorflow_released_for()
    for folder in ("solutions", "exercises"):
        for path in (ROOT / folder).glob("[0-9][0-9]_*.ipynb"):
            if keras_too or not path.name.startswith("11_"):
                (tmp_path / "class" / folder).mkdir(parents=True, exist_ok=True)
                shutil.copy(path, tmp_path / "class" / folder / path.name)
    before = grade_tool.course_files(ROOT)
    run = subprocess.run([sys.executable, str(ROOT / "tools" / "grade.py"), str(tmp_path / "class"),
                          "--out", str(tmp_path / "out"), "--jobs", "2"],
                         capture_output=True, text=True, timeout=600)
    assert run.returncode == 0, run.stdout + run.stderr
    assert not run.stderr.strip(), run.stderr  # no warnings from Keras or anyone
    with open(tmp_path / "out" / "gradebook.csv", newline="", encoding="utf-8-sig") as f:
        rows = list(csv.DictReader(f))
    expected = {"solutions": "passed", "exercises": "not done"}
    wrong = [r for r in rows if r["status"] != expected[r["submission"].split("/")[0]]]
    assert not wrong, wrong
    assert len({r["submission"] for r in rows}) == 26 if keras_too else 24
    assert grade_tool.changed_files(before) == []


@pytest.mark.parametrize("arguments, says", [
    (["/no/such/folder", "--out", "OUT"], "no such file or folder"),
    (["HERE", "--out", "OUT", "--lesson", "3"], "two-digit lesson number"),
    (["HERE", "--out", "OUT", "--jobs", "0"], "--jobs at least 1"),
    (["HERE"], "--out"),
    (["EMPTY", "--out", "OUT"], "no .ipynb files"),
])
def test_usage_errors_exit_2_and_say_what_is_wrong(tmp_path, arguments, says):
    (tmp_path / "empty").mkdir()
    shutil.copy(ROOT / "exercises" / "03_math.ipynb", tmp_path / "03_math.ipynb")
    places = {"HERE": str(tmp_path / "03_math.ipynb"), "OUT": str(tmp_path / "out"),
              "EMPTY": str(tmp_path / "empty")}
    run = subprocess.run([sys.executable, str(ROOT / "tools" / "grade.py"),
                          *(places.get(a, a) for a in arguments)], capture_output=True, text=True)
    assert run.returncode == 2 and says in run.stderr, run.stderr
    assert not (tmp_path / "out").exists()
