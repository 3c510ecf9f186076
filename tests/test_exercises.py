"""tools/exercises.py on small sample notebooks, and the gates between solutions/ and exercises/:
in sync, no solution code leaked, every check passing in the solutions, every region stubbed.

(That solutions are executed in one fresh run with no stored errors is tests/test_notebooks.py;
that they pass and exercises run top to bottom is the nbval run over solutions/ and exercises/.)
"""
import ast
import importlib.util
import json
import re
from pathlib import Path

import nbformat
import pytest
from nbclient import NotebookClient
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook, new_output

from course_utils.checks._core import is_task
from course_utils.lab import kernelspec

ROOT = Path(__file__).resolve().parent.parent
_spec = importlib.util.spec_from_file_location("exercises_tool", ROOT / "tools" / "exercises.py")
tool = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(tool)

SOLUTIONS = tool.solution_notebooks(ROOT)
EXERCISES = sorted((ROOT / "exercises").glob("[0-9][0-9]_*.ipynb"))
BADGE = ("[![Open In Colab](https://colab.research.google.com/assets/colab-badge.svg)]"
         "(https://colab.research.google.com/github/o/r/blob/main/solutions/03_math.ipynb)")
SAMPLE_CODE = '''import numpy as np


def sigmoid(x):
    """The logistic sigmoid."""
    # BEGIN SOLUTION
    return 1 / (1 + np.exp(-x))
    # END SOLUTION


def sigmoid_derivative(x):
    f = sigmoid(x)
    # BEGIN SOLUTION: return the derivative, written with f
    slope = f * (1 - f)
    # END SOLUTION
    return slope


class Layer:
    def forward(self, x):
        if x is not None:
            # BEGIN SOLUTION
            return x
            # END SOLUTION'''


def _ids(paths):
    return [p.name for p in paths]


def write_solution(folder, cells, name="03_math.ipynb", **metadata):
    nb = new_notebook(cells=cells, metadata=metadata)
    for number, cell in enumerate(nb.cells):
        cell["id"] = f"cell{number}"
    path = Path(folder) / "solutions" / name
    path.parent.mkdir(exist_ok=True)
    nbformat.write(nb, path)
    return path


def sample(folder):
    return write_solution(folder, [
        new_markdown_cell(BADGE),
        new_markdown_cell("# Exercises 03 · Maths"),
        new_code_cell('import sys\n\nif "google.colab" in sys.modules:\n    %pip install --quiet x'),
        new_code_cell(SAMPLE_CODE, execution_count=2,
                      metadata={"execution": {"iopub.status.idle": "2026-01-01T00:00:00Z"}}),
        new_code_cell("print(sigmoid(0.0))", execution_count=3,
                      outputs=[new_output("stream", text="0.5\n")]),
        new_code_cell("def table(xs):\n    return [sigmoid_derivative(x) for x in xs]"),
        new_code_cell("xs = [0.0]\nrows = table(xs)\nprint(len(rows))"),
        new_code_cell("print(xs)"),
        new_code_cell("print(rows)"),
        new_code_cell("check.sigmoid(sigmoid)\ncheck.shifted(lambda x: sigmoid(x - 1))"),
        new_markdown_cell("Why is it symmetric?\n\n<!-- BEGIN SOLUTION -->\nBecause σ(-x) = 1 - σ(x)."
                          "\n<!-- END SOLUTION -->\n\nMore prose."),
        new_code_cell("print(sigmoid(2.0))", metadata={"tags": ["solution-only"]}),
    ], widgets={"state": {}}, kernelspec={"name": "python3", "display_name": "Python 3"})


def cells_of(path):
    return json.loads(tool.exercise_text(path))["cells"]


def source(cell):
    return "".join(cell["source"])


def test_code_regions_become_stubs(tmp_path):
    code = source(cells_of(sample(tmp_path))[3])
    assert code == '''import numpy as np


def sigmoid(x):
    """The logistic sigmoid."""
    # YOUR CODE HERE
    raise NotImplementedError("write the body of sigmoid()")


def sigmoid_derivative(x):
    f = sigmoid(x)
    # YOUR CODE HERE
    raise NotImplementedError("return the derivative, written with f")
    return slope


class Layer:
    def forward(self, x):
        if x is not None:
            # YOUR CODE HERE
            raise NotImplementedError("write the missing part of forward()")'''
    ast.parse(code)


def test_markdown_regions_become_placeholders(tmp_path):
    assert source(cells_of(sample(tmp_path))[10]) == (
        "Why is it symmetric?\n\n*Write your answer here.*\n\nMore prose.")


def test_everything_else_is_kept_and_cleaned(tmp_path):
    nb = json.loads(tool.exercise_text(sample(tmp_path)))
    nbformat.validate(nbformat.from_dict(nb))
    # the kernelspec JupyterLab writes, and the lesson the grader reads
    assert nb["metadata"] == {"kernelspec": kernelspec(), "course": {"lesson": "03"}}
    assert [c["id"] for c in nb["cells"]] == [f"cell{n}" for n in range(11)]  # solution-only gone
    assert source(nb["cells"][0]) == BADGE.replace("/solutions/", "/exercises/")
    assert source(nb["cells"][1]) == "# Exercises 03 · Maths"
    for cell in nb["cells"]:
        if cell["cell_type"] == "code":
            assert cell["outputs"] == [] and cell["execution_count"] is None
            assert "execution" not in cell["metadata"]


def test_cells_calling_an_unfinished_function_may_raise(tmp_path):
    tags = [c["metadata"].get("tags", []) for c in cells_of(sample(tmp_path))]
    raising = [n for n, t in enumerate(tags) if tool.RAISES in t]
    # print(sigmoid(0.0)), table(xs) (through table -> sigmoid_derivative) and print(rows)
    # (rows never assigned) raise; print(xs), passing functions to checks, and defining
    # functions or lambdas that call them do not.
    assert raising == [4, 6, 8]


def test_regenerating_is_byte_identical_and_check_mode_writes_nothing(tmp_path, capsys):
    path = sample(tmp_path)
    target = tool.exercise_path(path)
    assert tool.main(["--check", str(path)]) == 1 and not target.exists()
    assert "would write" in capsys.readouterr().out
    assert tool.main([str(path)]) == 0
    first = target.read_bytes()
    assert tool.main([str(path)]) == 0 and target.read_bytes() == first
    assert tool.main(["--check", str(path)]) == 0
    assert first.decode("utf-8") == tool.exercise_text(path)


def test_an_exercise_that_imports_its_checks_ends_with_the_progress_cell(tmp_path):
    plain = cells_of(write_solution(tmp_path, [new_code_cell("x = 1")], name="05_a.ipynb"))
    assert [c["id"] for c in plain] == ["cell0"]
    checked = cells_of(write_solution(tmp_path, [
        new_code_cell("from course_utils.checks import math as check"),
        new_code_cell("check.sigmoid(sigmoid)")], name="05_b.ipynb"))
    assert checked[-1]["id"] == "progress" and source(checked[-1]).endswith("progress(check)")
    for path in EXERCISES:
        nb = json.loads(path.read_text(encoding="utf-8"))
        assert nb["metadata"]["course"] == {"lesson": path.name[:2]}, path.name
        assert source(nb["cells"][-1]).endswith("\nprogress(check)"), path.name


def test_the_progress_cell_shows_each_tasks_result(tmp_path):
    solution = write_solution(tmp_path, [
        new_code_cell("from course_utils.checks import math as check"),
        new_code_cell("import numpy as np\nfrom course_utils.activations import sigmoid\n"
                      "def sigmoid_derivative(x):\n    # BEGIN SOLUTION\n    return sigmoid(x)\n"
                      "    # END SOLUTION\n\ndef tanh_derivative(x):\n    f = np.tanh(x)\n"
                      "    return 1 - f**2"),
        new_code_cell("check.sigmoid_derivative(sigmoid_derivative)"),
        new_code_cell("check.tanh_derivative(tanh_derivative)"),
    ])
    nb = nbformat.reads(tool.exercise_text(solution), as_version=4)
    NotebookClient(nb, timeout=60, kernel_name="python3").execute()
    shown = "".join(o.get("text", "") for o in nb.cells[-1].outputs).splitlines()
    assert shown[:3] == ["Progress: 1 of 7 tasks passed.", "  … sigmoid derivative: not done yet",
                         shown[2]] and shown[2].startswith("  ✔ tanh derivative: passed")
    assert shown[3] == "  · stable softmax: not checked yet (run its check cell)"


def test_generated_exercise_runs_top_to_bottom(tmp_path):
    solution = write_solution(tmp_path, [
        new_code_cell("import numpy as np\nfrom course_utils.checks._core import call, fail, task"),
        new_code_cell("def double(x):\n    # BEGIN SOLUTION\n    return 2 * x\n    # END SOLUTION"),
        new_code_cell('@task("double")\ndef check_double(fn):\n    if call(fn, np.ones(2))[0] != 2:\n'
                      '        fail("wrong", "times two")'),
        new_code_cell("check_double(double)"),
        new_code_cell("doubled = double(np.arange(3))\nprint(doubled)"),
        new_code_cell("total = doubled.sum()"),
        new_code_cell("print('still running')"),
    ])
    nb = nbformat.reads(tool.exercise_text(solution), as_version=4)
    NotebookClient(nb, timeout=60, kernel_name="python3").execute()  # raises on unexpected errors
    printed = ["".join(o.get("text", "") for o in c.outputs) for c in nb.cells]
    assert printed[3].startswith("double: not done yet") and printed[6] == "still running\n"
    assert [o.ename for o in nb.cells[4].outputs] == ["NotImplementedError"]


def test_without_arguments_every_solution_is_done_and_stale_exercises_go(tmp_path, monkeypatch, capsys):
    monkeypatch.setattr(tool, "ROOT", tmp_path)
    sample(tmp_path)
    stale = tmp_path / "exercises" / "04_gone.ipynb"
    stale.parent.mkdir()
    stale.write_text("{}")
    assert tool.main(["--check"]) == 1
    assert capsys.readouterr().out.splitlines()[:2] == [
        "would write exercises/03_math.ipynb", "would remove exercises/04_gone.ipynb"]
    assert tool.main([]) == 0 and not stale.exists()
    assert tool.main(["--check"]) == 0


MALFORMED = [
    ("def f():\n    # BEGIN SOLUTION\n    return 1", 2, "never closed"),
    ("def f():\n    # BEGIN SOLUTION\n    # BEGIN SOLUTION\n    return 1\n    # END SOLUTION", 3,
     "cannot nest"),
    ("def f():\n    return 1\n    # END SOLUTION", 3, "without a BEGIN SOLUTION"),
    ("# BEGIN SOLUTION\nx = 1\n# END SOLUTION", 1, "inside a function body"),
    ("class A:\n    # BEGIN SOLUTION\n    x = 1\n    # END SOLUTION", 2, "inside a function body"),
    ("def f():\n    # BEGIN SOLUTION:\n    return 1\n    # END SOLUTION", 2, "malformed marker"),
    ("def f():\n    #BEGIN SOLUTION\n    return 1\n    # END SOLUTION", 2, "malformed marker"),
    ("def f():\n    # <!-- BEGIN SOLUTION -->\n    return 1", 2, "malformed marker"),
    ("def f():\n    # BEGIN SOLUTION\n\n    # END SOLUTION", 2, "empty"),
    ("def f():\n    # BEGIN SOLUTION\n    return 1\n  # END SOLUTION", 4, "indented differently"),
    ("def f():\n    if True:\n        # BEGIN SOLUTION\n        x = 1\n    return 1\n"
     "        # END SOLUTION", 5, "indented less"),
    ("def f():\n        # BEGIN SOLUTION\n        return 1\n        # END SOLUTION\n    return 2", 2,
     "not valid Python"),
]


@pytest.mark.parametrize("code, line, problem", MALFORMED, ids=[m[2] for m in MALFORMED])
def test_malformed_code_markers_are_errors_naming_the_place(tmp_path, code, line, problem):
    path = write_solution(tmp_path, [new_markdown_cell("# Exercises 03"), new_code_cell(code)])
    with pytest.raises(tool.MarkerError) as info:
        tool.exercise_text(path)
    assert str(info.value).startswith(f"{path}, cell 2 (id cell1), line {line}: ")
    assert problem in str(info.value)


@pytest.mark.parametrize("text, problem", [
    ("<!-- BEGIN SOLUTION -->\nanswer", "never closed"),
    ("answer\n<!-- END SOLUTION -->", "without a BEGIN"),
    ("# BEGIN SOLUTION\nanswer\n# END SOLUTION", "malformed marker"),
    ("<!-- BEGIN SOLUTION: why -->\nanswer\n<!-- END SOLUTION -->", "malformed marker"),
])
def test_malformed_markdown_markers_are_errors(tmp_path, text, problem):
    path = write_solution(tmp_path, [new_markdown_cell(text)])
    with pytest.raises(tool.MarkerError, match=problem):
        tool.exercise_text(path)


def test_markers_in_solution_only_cells_are_checked_too(tmp_path):
    cell = new_code_cell("# END SOLUTION", metadata={"tags": ["solution-only"]})
    with pytest.raises(tool.MarkerError, match="without a BEGIN"):
        tool.exercise_text(write_solution(tmp_path, [cell]))


def test_command_line_reports_marker_errors(tmp_path, capsys):
    path = write_solution(tmp_path, [new_code_cell("# BEGIN SOLUTION\nx = 1\n# END SOLUTION")])
    assert tool.main([str(path)]) == 2
    assert f"error: {path}, cell 1 (id cell0), line 1:" in capsys.readouterr().err
    assert not tool.exercise_path(path).exists()


# Gates on the course's own notebooks.

def load(path):
    return json.loads(path.read_text(encoding="utf-8"))


def exercise_of(solution):
    path = tool.exercise_path(solution)
    assert path.exists(), f"no exercises/{path.name}: run `python tools/course.py exercises`"
    return load(path)


def marked_cells(path):
    """(cell, lines, regions) for each code and markdown cell of a solution that the exercise keeps."""
    for number, cell in enumerate(load(path)["cells"], 1):
        if cell["cell_type"] in ("code", "markdown") \
                and tool.SOLUTION_ONLY not in cell["metadata"].get("tags", []):
            lines = source(cell).split("\n")
            yield cell, lines, tool.find_regions(lines, cell["cell_type"], tool.Place(path, number, cell))


def test_every_solution_has_an_exercise_and_vice_versa():
    assert _ids(SOLUTIONS) == _ids(EXERCISES), "run `python tools/course.py exercises`"


@pytest.mark.parametrize("path", SOLUTIONS, ids=_ids(SOLUTIONS))
def test_exercise_is_in_sync_with_its_solution(path):
    exercise = tool.exercise_path(path)
    assert exercise.exists() and exercise.read_bytes() == tool.exercise_text(path).encode("utf-8"), (
        f"exercises/{path.name} is stale: run `python tools/course.py exercises` (never edit it by hand)")


@pytest.mark.parametrize("path", SOLUTIONS, ids=_ids(SOLUTIONS))
def test_no_solution_code_in_the_exercise(path):
    inside, outside = set(), set()
    for _, lines, found in marked_cells(path):
        marked = set()
        for begin, end, _ in found:
            marked.update(range(begin, end + 1))
            inside.update(line.strip() for line in lines[begin + 1:end])
        outside.update(line.strip() for n, line in enumerate(lines) if n not in marked)
    exercise_lines = {line.strip() for cell in exercise_of(path)["cells"]
                      for line in source(cell).split("\n")}
    leaked = sorted((inside - outside - {""}) & exercise_lines)
    assert not leaked, f"exercises/{path.name} contains solution lines: {leaked}"


@pytest.mark.parametrize("path", SOLUTIONS, ids=_ids(SOLUTIONS))
def test_every_region_became_a_stub(path):
    regions = {"code": 0, "markdown": 0}
    for cell, _, found in marked_cells(path):
        regions[cell["cell_type"]] += len(found)
    exercise = {t: "\n".join(source(c) for c in exercise_of(path)["cells"]
                             if c["cell_type"] == t) for t in regions}
    stubs = re.findall(r"^([ \t]*)# YOUR CODE HERE\n\1raise NotImplementedError\(", exercise["code"], re.M)
    assert len(stubs) == regions["code"] >= 1, f"{path.name}: {regions['code']} regions, {len(stubs)} stubs"
    assert exercise["markdown"].count(tool.ANSWER_PLACEHOLDER) >= regions["markdown"]


def check_calls(tree, modules):
    """How many calls `alias.task(...)` of @task checks the cell makes; `modules` maps the aliases
    of the modules imported from course_utils.checks so far to the modules (updated)."""
    modules.update({alias.asname or alias.name: importlib.import_module(f"course_utils.checks.{alias.name}")
                    for node in ast.walk(tree)
                    if isinstance(node, ast.ImportFrom) and node.module == "course_utils.checks"
                    for alias in node.names})
    return sum(isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)
               and isinstance(node.func.value, ast.Name) and node.func.value.id in modules
               and is_task(getattr(modules[node.func.value.id], node.func.attr, None))
               for node in ast.walk(tree))


@pytest.mark.parametrize("path", SOLUTIONS, ids=_ids(SOLUTIONS))
def test_every_check_passes_in_the_solution(path):
    modules, total = {}, 0
    for number, cell in enumerate(load(path)["cells"], 1):
        if cell["cell_type"] != "code":
            continue
        calls = check_calls(ast.parse(tool.MAGIC_LINE.sub(r"\1pass", source(cell))), modules)
        text = "".join("".join(out.get("text", "")) for out in cell["outputs"])
        assert "not done yet" not in text, f"{path.name}, cell {number}: a check says 'not done yet':\n{text}"
        assert text.count("✔ ") >= calls, \
            f"{path.name}, cell {number}: {calls} check call(s), but printed:\n{text}"
        total += calls
    assert total >= 1, f"{path.name} calls no check from course_utils.checks"
