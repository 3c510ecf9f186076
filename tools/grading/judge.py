"""Grade one submission: which lesson it is, run its notebook in a sandbox, run every task's check.

Runs in the grader's worker processes, which import the course's checks from memory
before any submission runs; the checks judge values that come back from the submission's
process (sandbox.py), so nothing in a submission can change a check or fake its result.
"""
import contextlib
import dataclasses
import importlib
import io
import json
import re
import resource
import sys
import time
from pathlib import Path

MAX_NOTEBOOK_BYTES = 20 * 2**20
LESSON_IN_NAME = re.compile(r"(?<![0-9])([0-9]{2})_[A-Za-z]")
METADATA_KEY = "course"  # notebook metadata the exercise generator stamps: {"lesson": "03", ...}


@dataclasses.dataclass
class Row:
    task: str
    status: str  # passed, failed, not done, error, timeout
    message: str


@dataclasses.dataclass
class Graded:
    submission: str
    lesson: str
    rows: list
    notes: list = dataclasses.field(default_factory=list)
    seconds: float = 0.0


@dataclasses.dataclass
class Lesson:
    number: str
    slug: str
    tasks: list  # [(check name, [names of the notebook's objects it is given]), ...]


class NotGradable(Exception):
    """A submission that cannot be graded at all; the message says why."""


def reference_tasks(exercise_path):
    """The tasks of an exercise notebook, from its check calls `check.NAME(arg, ...)`."""
    import ast
    tasks = []
    for cell in json.loads(Path(exercise_path).read_text(encoding="utf-8"))["cells"]:
        if cell["cell_type"] != "code":
            continue
        try:
            tree = ast.parse("".join(cell["source"]))
        except SyntaxError:
            continue
        for node in ast.walk(tree):
            if (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)
                    and isinstance(node.func.value, ast.Name) and node.func.value.id == "check"
                    and node.args and all(isinstance(a, ast.Name) for a in node.args)):
                tasks.append((node.func.attr, [a.id for a in node.args]))
    return tasks


def course_lessons(root):
    """{"03": Lesson(...)} for every exercise notebook of the course at `root`."""
    lessons = {}
    for path in sorted((Path(root) / "exercises").glob("[0-9][0-9]_*.ipynb")):
        number, slug = path.stem.split("_", 1)
        lessons[number] = Lesson(number, slug, reference_tasks(path))
    return lessons


def read_submission(path):
    """The bytes of a submission, read before any submission runs (so none can change another),
    or NotGradable for a file too large to be a notebook."""
    path = Path(path)
    if path.stat().st_size > MAX_NOTEBOOK_BYTES:
        raise NotGradable(f"the file is {path.stat().st_size / 2**20:.0f} MB; a notebook is "
                          f"expected to be under {MAX_NOTEBOOK_BYTES // 2**20} MB.")
    return path.read_bytes()


def read_notebook(data):
    """The notebook in `data` (bytes) as a dict, or NotGradable saying what is wrong with it."""
    try:
        nb = json.loads(data.decode("utf-8-sig"))
    except (UnicodeDecodeError, json.JSONDecodeError, RecursionError):
        raise NotGradable("the file is not a Jupyter notebook (not JSON); download it from "
                          "Jupyter or Colab with File > Download > .ipynb.") from None
    if not isinstance(nb, dict) or not isinstance(nb.get("cells"), list) or not all(
            isinstance(c, dict) and _is_text(c.get("source", "")) for c in nb["cells"]):
        raise NotGradable("the file is JSON but not a Jupyter notebook (no list of cells, each "
                          "with its source as text).")
    return nb


def _is_text(source):
    return isinstance(source, str) or isinstance(source, list) and all(isinstance(s, str) for s in source)


def lesson_of(nb, name, override, lessons):
    """The lesson number: --lesson, else the notebook's metadata, else an NN_ in the file name."""
    stamped = nb.get("metadata", {}).get(METADATA_KEY, {}) if isinstance(nb.get("metadata"), dict) else {}
    stamped = stamped.get("lesson") if isinstance(stamped, dict) else None
    in_name = LESSON_IN_NAME.search(Path(name).name)
    lesson = override or (stamped if isinstance(stamped, str) else None) or (in_name and in_name[1])
    if not lesson:
        raise NotGradable("its lesson cannot be told: the notebook carries no course metadata and "
                          "its file name has no NN_ lesson number; grade it with --lesson NN.")
    if lesson not in lessons:
        raise NotGradable(f"lesson {lesson} has no exercises to grade (lessons with exercises: "
                          f"{', '.join(sorted(lessons))}).")
    return lesson


def code_cells(nb):
    """[(cell number counted from 1, source)] of the notebook's code cells."""
    cells = []
    for number, cell in enumerate(nb["cells"], 1):
        if cell.get("cell_type") == "code":
            source = cell.get("source", "")
            cells.append((number, "".join(source) if isinstance(source, list) else source))
    return cells


def function_sources(cells):
    """{name: source} of the functions the cells define with `def` or `name = lambda` (the last
    definition wins, as when the cells run in order), read from the notebook itself: what a
    check that reads a function's code (its loops, the numbers typed into it) is given,
    whatever the submission's process would claim."""
    from IPython.core.inputtransformer2 import TransformerManager
    import ast
    import textwrap
    sources, to_python = {}, TransformerManager()
    for _, cell in cells:
        try:
            python = to_python.transform_cell(cell)  # %magics and !commands to Python
            tree = ast.parse(python)
        except (SyntaxError, ValueError, RecursionError):
            continue
        for node in ast.walk(tree):
            if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
                name = node.name
            elif (isinstance(node, ast.Assign) and isinstance(node.value, ast.Lambda)
                  and len(node.targets) == 1 and isinstance(node.targets[0], ast.Name)):
                name = node.targets[0].id  # name = lambda ...: its code is the lambda's
            else:
                continue
            segment = ast.get_source_segment(python, node, padded=True)
            if segment:
                sources[name] = textwrap.dedent(segment)
    return sources


# --- in a worker --------------------------------------------------------------------------------

COURSE_FILES = {}  # course_utils as it was when grading started: what each child gets
WORKER_MEMORY = 6 * 2**30  # bytes of address space for a grader worker (what it decodes, loads)


def prepare(course_files, preload_keras):
    """Import all of course_utils (and Keras if needed) from memory, once, before any submission
    runs, and keep its files for the children; make this worker adopt orphaned processes of
    the submissions and limit its memory."""
    from memory_import import FromMemory, modules_of
    from sandbox import become_subreaper
    COURSE_FILES.update(course_files)
    become_subreaper()
    # A soft limit: the submissions' processes, started from here, set their own.
    resource.setrlimit(resource.RLIMIT_AS, (WORKER_MEMORY, resource.getrlimit(resource.RLIMIT_AS)[1]))
    modules = modules_of(course_files)
    sys.meta_path.insert(0, FromMemory(modules))
    for name in sorted(modules):
        if name != "course_utils.lab":  # JupyterLab's contents manager: not for grading
            importlib.import_module(name)
    if preload_keras:
        import keras  # noqa: F401 - imported before any submission could change it on disk


def grade(cells, slug, tasks, timeout):
    """Grade the notebook's code `cells` (code_cells) against `tasks` of the checks module `slug`;
    return (rows, notes): a Row per task, and notes for the feedback (errors the cells raised)."""
    from course_utils.checks._core import outcome
    from sandbox import NoSource, Sandbox, SandboxError, Unreadable
    module = importlib.import_module(f"course_utils.checks.{slug}")
    sources = function_sources(cells)
    sandbox = Sandbox(COURSE_FILES, timeout, memory_gib=8.0 if slug == "keras" else 4.0,
                      keras=slug == "keras", reap=True)
    rows, notes = [], []
    try:
        for check_name, names in tasks:
            task, check = names[0], getattr(module, check_name)
            if not sandbox.alive():
                try:
                    errors = sandbox.start(cells, [slug])
                except SandboxError as err:
                    rows += [Row(n[0], err.status, _setup_failed(err, timeout)) for _, n in
                             tasks[len(rows):]]
                    break
                notes = notes or [f"cell {number} raised {error}" for number, error in errors]
            try:
                sandbox.deadline = time.monotonic() + timeout
                with _watchdog(timeout + GRACE):
                    objects = [sandbox.describe(n, sources.get(n)) for n in names]
                    if objects[0] is None:
                        rows.append(Row(task, "not done", f"{check.task_title}: the notebook defines "
                                        f"no `{task}`; write it in the task's code cell and run that cell."))
                        continue
                    with contextlib.redirect_stdout(io.StringIO()):
                        result = outcome(check, *objects)
                rows.append(Row(task, result.status, result.message))
            except SandboxError as err:
                rows.append(Row(task, err.status, f"{check.task_title}: " + (
                    f"checking `{task}` took longer than {timeout:g} s: an endless loop, or far "
                    f"too much work, in `{task}` or in what it calls." if err.status == "timeout"
                    else f"the notebook's Python process {err} while `{task}` was checked.")))
                sandbox.stop()
            except NoSource as err:
                rows.append(Row(task, "failed", f"{check.task_title}: {err}"))
            except Unreadable as err:
                rows.append(Row(task, "failed", f"{check.task_title}: `{task}` returned something the "
                                f"grader cannot read: {err}.\nHint: return NumPy arrays, numbers, "
                                "lists, tuples, dicts or strings, as the task asks."))
    finally:
        sandbox.stop()
    return rows, notes


GRACE = 10.0  # seconds the grader's own side of a task may take beyond the submission's timeout


@contextlib.contextmanager
def _watchdog(seconds):
    """Raise SandboxError("timeout") in this (main) thread after `seconds`: a bound on the work a
    task makes the grader itself do (decoding, loading a model, a check's callbacks)."""
    import signal
    from sandbox import SandboxError

    def expire(signum, frame):
        raise SandboxError("timeout", f"did not finish within {seconds:g} s")

    previous = signal.signal(signal.SIGALRM, expire)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def _setup_failed(err, timeout):
    cell = f"cell {err.cell}" if err.cell else "a cell"
    if err.status == "timeout":
        return (f"running the notebook's code cells took longer than {timeout:g} s ({cell} was "
                "still running: an endless loop?), so nothing could be checked.")
    return f"the notebook's Python process {err} while {cell} ran, so nothing could be checked."
