"""Write exercises/NN_slug.ipynb from solutions/NN_slug.ipynb: the solutions are the one source.

    python tools/exercises.py                          every solution notebook; stale exercises go
    python tools/exercises.py solutions/03_math.ipynb  just this one
    python tools/exercises.py --check                  write nothing: list what would change, exit 1

In a solution notebook, mark what students must write:
- code cells: the lines between `# BEGIN SOLUTION` and `# END SOLUTION`, inside a function body.
  They become `# YOUR CODE HERE` and `raise NotImplementedError("<what to write>")`, indented like
  the BEGIN marker. Say what to write after a colon, `# BEGIN SOLUTION: return f * (1 - f)`, or
  get "write the body of f()" / "write the missing part of f()".
- markdown cells: the lines between `<!-- BEGIN SOLUTION -->` and `<!-- END SOLUTION -->` become
  `*Write your answer here.*`
- a cell tagged `solution-only` is left out.
The exercise keeps everything else (prose, checks, cell ids, tags) with outputs and execution
counts cleared, no widget state, the kernelspec JupyterLab writes, and its Colab badge pointing
at exercises/, and the metadata {"course": {"lesson": "NN"}}, by which `course.py grade` tells a
renamed copy's lesson. If it imports its checks (`from course_utils.checks import NAME as check`),
it gains a last cell that shows the student's progress: each task's latest check result, the
records the grader uses too. Cells that raise while the student's functions are unfinished
(they call one by name, or use a variable such a cell was to assign) get the tag
`raises-exception`, so that nbval and "Run all" go on; tag a solution cell `raises-exception`
yourself if the generator misses one (tags carry over).
"""
import argparse
import ast
import json
import re
import sys
from pathlib import Path

from course_utils.lab import kernelspec

ROOT = Path(__file__).resolve().parent.parent

CODE_BEGIN = re.compile(r"^(?P<indent>[ \t]*)# BEGIN SOLUTION(?::[ \t]*(?P<what>\S.*?))?[ \t]*$")
CODE_END = re.compile(r"^(?P<indent>[ \t]*)# END SOLUTION[ \t]*$")
MARKDOWN_BEGIN = re.compile(r"^[ \t]*<!-- BEGIN SOLUTION -->[ \t]*$")
MARKDOWN_END = re.compile(r"^[ \t]*<!-- END SOLUTION -->[ \t]*$")
ANY_MARKER = re.compile(r"(BEGIN|END)[ \t]+SOLUTION", re.IGNORECASE)
MARKER_SYNTAX = {
    "code": "`# BEGIN SOLUTION` (or `# BEGIN SOLUTION: what to write`) ... `# END SOLUTION`",
    "markdown": "`<!-- BEGIN SOLUTION -->` ... `<!-- END SOLUTION -->`",
}
STUB_COMMENT = "# YOUR CODE HERE"
ANSWER_PLACEHOLDER = "*Write your answer here.*"
SOLUTION_ONLY = "solution-only"
RAISES = "raises-exception"
CHECKS_IMPORT = re.compile(r"^from course_utils\.checks import \w+ as check$", re.MULTILINE)
PROGRESS_CELL = {  # the last cell of an exercise notebook that imports its checks as `check`
    "cell_type": "code", "execution_count": None, "id": "progress", "metadata": {}, "outputs": [],
    "source": ("# Your progress in this notebook: each task's latest check result. Run the check\n"
               "# cells above first (or Run All); the grader records the same results.\n"
               "from course_utils.checks import progress\n"
               "\n"
               "progress(check)"),
}
COLAB_SOLUTION_LINK = re.compile(r"(https://colab\.research\.google\.com/github/\S*?/)solutions/")
MAGIC_LINE = re.compile(r"^([ \t]*)[%!].*$", re.MULTILINE)
_FUNCTIONS = (ast.FunctionDef, ast.AsyncFunctionDef)
_DEFINITIONS = (*_FUNCTIONS, ast.Lambda)


class MarkerError(ValueError):
    """A solution notebook whose markers cannot be turned into an exercise."""


class Place:
    """Where we are, for error messages: notebook, cell number (1-based) and id."""

    def __init__(self, path, number, cell):
        self.label = f"{_shown(path)}, cell {number}" + (f" (id {cell['id']})" if "id" in cell else "")

    def error(self, line, problem):
        return MarkerError(f"{self.label}, line {line + 1}: {problem}")


def _shown(path):
    try:
        return str(Path(path).resolve().relative_to(ROOT))
    except ValueError:
        return str(path)


def find_regions(lines, cell_type, where):
    """Return (begin, end, begin_match) line indices of each marked region, checking the markers."""
    begin, end = (CODE_BEGIN, CODE_END) if cell_type == "code" else (MARKDOWN_BEGIN, MARKDOWN_END)
    regions, opened = [], None
    for i, line in enumerate(lines):
        if cell_type in MARKER_SYNTAX and begin.match(line):
            if opened is not None:
                raise where.error(i, f"BEGIN SOLUTION inside the region opened on line "
                                     f"{opened[0] + 1}; regions cannot nest.")
            opened = (i, begin.match(line))
        elif cell_type in MARKER_SYNTAX and end.match(line):
            if opened is None:
                raise where.error(i, "END SOLUTION without a BEGIN SOLUTION before it.")
            regions.append((opened[0], i, opened[1]))
            opened = None
        elif ANY_MARKER.search(line):
            expected = MARKER_SYNTAX.get(cell_type, "no markers (only code and markdown cells)")
            raise where.error(i, f"malformed marker {line.strip()!r}; a {cell_type} cell takes "
                                 f"{expected}, each on a line of its own.")
    if opened is not None:
        raise where.error(opened[0], "BEGIN SOLUTION is never closed by END SOLUTION.")
    return regions


def _check_region(lines, begin, end, indent, where):
    body = [(i, line) for i, line in enumerate(lines[begin + 1:end], begin + 1) if line.strip()]
    if not body:
        raise where.error(begin, "the solution region is empty.")
    if CODE_END.match(lines[end])["indent"] != indent:
        raise where.error(end, f"END SOLUTION is indented differently from its BEGIN SOLUTION "
                               f"(line {begin + 1}).")
    for i, line in body:
        if not line.startswith(indent):
            raise where.error(i, f"this line is indented less than its BEGIN SOLUTION marker "
                                 f"(line {begin + 1}).")


def stub_markdown(source, where):
    """Replace each marked region of a markdown cell by the answer placeholder."""
    lines = source.split("\n")
    for begin, end, _ in reversed(find_regions(lines, "markdown", where)):
        lines[begin:end + 1] = [ANSWER_PLACEHOLDER]
    return "\n".join(lines)


def stub_code(source, where):
    """Replace each marked region of a code cell by a stub; return (new source, function names).

    Each region must sit inside a function body; the stub raises NotImplementedError saying
    what to write.
    """
    lines = source.split("\n")
    regions = find_regions(lines, "code", where)
    if not regions:
        return source, set()
    stubs = []  # (line of the raise in the new source, begin line in the solution, instruction)
    for begin, end, match in reversed(regions):
        _check_region(lines, begin, end, match["indent"], where)
        lines[begin:end + 1] = [match["indent"] + STUB_COMMENT, match["indent"] + "raise"]
        stubs = [(line - (end - begin - 1), b, what) for line, b, what in stubs]
        stubs.append((begin + 2, begin, match["what"]))
    try:
        tree = ast.parse(MAGIC_LINE.sub(r"\1pass", "\n".join(lines)))
    except SyntaxError as err:
        raise where.error(regions[0][0], f"with its solution regions replaced by stubs the cell "
                                         f"is not valid Python ({err.msg}, stub line {err.lineno}); "
                                         f"indent each BEGIN SOLUTION like the code it replaces.")
    functions = _enclosing_functions(tree)
    names = set()
    for raise_line, begin, what in stubs:
        function = functions.get(raise_line)
        if function is None:
            raise where.error(begin, "solution regions must sit inside a function body, so that "
                                     "the exercise raises only when the student's function is "
                                     "called; this one is outside any function.")
        names.add(function.name)
        what = what or _default_instruction(function)
        indent = lines[raise_line - 1][:-len("raise")]
        lines[raise_line - 1] = f"{indent}raise NotImplementedError({json.dumps(what, ensure_ascii=False)})"
    return "\n".join(lines), names


def _enclosing_functions(tree):
    """Map the line of each `raise` statement to its innermost enclosing function (or None)."""
    found = {}

    def visit(node, function):
        for child in ast.iter_child_nodes(node):
            if isinstance(child, ast.Raise):
                found[child.lineno] = function
            inner = child if isinstance(child, _FUNCTIONS) else function
            visit(child, inner)

    visit(tree, None)
    return found


def _default_instruction(function):
    body = function.body
    if body and isinstance(body[0], ast.Expr) and isinstance(body[0].value, ast.Constant) \
            and isinstance(body[0].value.value, str):
        body = body[1:]  # the docstring
    whole = len(body) == 1 and isinstance(body[0], ast.Raise)
    return f"write the {'body' if whole else 'missing part'} of {function.name}()"


def _runs(node):
    """The nodes that run when `node` runs: not the bodies of the functions and lambdas it
    defines (nor their decorators and defaults, which hardly ever call student code)."""
    if isinstance(node, _DEFINITIONS):
        return
    yield node
    for child in ast.iter_child_nodes(node):
        yield from _runs(child)


def _needs_unfinished(statements, raising, missing):
    """True if the statements call a function in `raising` or read a variable in `missing`."""
    for node in (n for statement in statements for n in _runs(statement)):
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id in raising:
            return True
        if isinstance(node, ast.Name) and isinstance(node.ctx, ast.Load) and node.id in missing:
            return True
    return False


def _bound(statements):
    """The names the statements assign or define at the top level."""
    names = set()
    for statement in statements:
        if isinstance(statement, (*_FUNCTIONS, ast.ClassDef)):
            names.add(statement.name)
        names |= {node.id for node in _runs(statement)
                  if isinstance(node, ast.Name) and isinstance(node.ctx, ast.Store)}
    return names


def _parse(source):
    try:
        return ast.parse(MAGIC_LINE.sub(r"\1pass", source))
    except SyntaxError:  # a cell magic such as %%capture: not Python, nothing to analyse
        return None


def tag_raising_cells(cells, stubbed):
    """Tag `raises-exception` each code cell that would raise while the stubs are unfinished:
    it calls a stubbed function (directly or through functions of the notebook that call one),
    or reads a variable that such a cell was to assign."""
    trees = [_parse(cell["source"]) if cell["cell_type"] == "code" else None for cell in cells]
    definitions = [node for tree in trees if tree for node in ast.walk(tree)
                   if isinstance(node, _FUNCTIONS)]
    raising, missing, tagged = set(stubbed), set(), set()
    while True:
        before = (len(raising), len(missing))
        raising |= {node.name for node in definitions if _needs_unfinished(node.body, raising, missing)}
        for number, tree in enumerate(trees):
            for first, statement in enumerate(tree.body if tree else []):
                if _needs_unfinished([statement], raising, missing):
                    tagged.add(number)
                    missing |= _bound(tree.body[first:])  # never assigned once it raises
                    break
        if (len(raising), len(missing)) == before:
            break
    for number in sorted(tagged):
        tags = cells[number]["metadata"].get("tags", [])
        if RAISES not in tags:
            cells[number]["metadata"]["tags"] = [*tags, RAISES]


def exercise_notebook(solution_path):
    """Return the exercise notebook (a dict) generated from the solution notebook at the path."""
    solution_path = Path(solution_path)
    nb = json.loads(solution_path.read_text(encoding="utf-8"))
    cells, stubbed = [], set()
    for number, cell in enumerate(nb["cells"], 1):
        where = Place(solution_path, number, cell)
        source = "".join(cell["source"]) if isinstance(cell["source"], list) else cell["source"]
        metadata = {k: v for k, v in cell.get("metadata", {}).items() if k != "execution"}
        if SOLUTION_ONLY in metadata.get("tags", []):
            find_regions(source.split("\n"), cell["cell_type"], where)  # still reject bad markers
            continue
        cell = {**cell, "metadata": metadata}
        if cell["cell_type"] == "code":
            source, names = stub_code(source, where)
            stubbed |= names
            cell.update(outputs=[], execution_count=None)
        elif cell["cell_type"] == "markdown":
            source = COLAB_SOLUTION_LINK.sub(r"\1exercises/", stub_markdown(source, where))
        else:
            find_regions(source.split("\n"), cell["cell_type"], where)
        cell["source"] = source
        cells.append(cell)
    tag_raising_cells(cells, stubbed)
    if any(cell["cell_type"] == "code" and CHECKS_IMPORT.search(cell["source"]) for cell in cells):
        cells.append(dict(PROGRESS_CELL))
    for cell in cells:
        cell["source"] = cell["source"].splitlines(keepends=True)
    metadata = {k: v for k, v in nb.get("metadata", {}).items() if k != "widgets"}
    lesson = {"lesson": solution_path.name[:2]}
    return {**nb, "cells": cells, "metadata": {**metadata, "kernelspec": kernelspec(), "course": lesson}}


def exercise_text(solution_path):
    """The exact text of the exercise file, formatted as nbformat writes notebooks."""
    nb = exercise_notebook(solution_path)
    return json.dumps(nb, sort_keys=True, indent=1, ensure_ascii=False) + "\n"


def exercise_path(solution_path):
    """solutions/NN_slug.ipynb -> exercises/NN_slug.ipynb (a sibling folder)."""
    solution_path = Path(solution_path)
    return solution_path.parent.parent / "exercises" / solution_path.name


def solution_notebooks(root):
    """The numbered solution notebooks under `root`, sorted."""
    return sorted((Path(root) / "solutions").glob("[0-9][0-9]_*.ipynb"))


def main(argv):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("notebooks", nargs="*", type=Path,
                        help="solution notebooks (default: all in solutions/)")
    parser.add_argument("--check", action="store_true",
                        help="write nothing; list the files that would change and exit 1 if any")
    args = parser.parse_args(argv)
    solutions = args.notebooks or solution_notebooks(ROOT)
    changes = []  # (exercise path, new text or None to delete)
    try:
        for solution in solutions:
            target, text = exercise_path(solution), exercise_text(solution)
            if not target.exists() or target.read_bytes() != text.encode("utf-8"):
                changes.append((target, text))
    except MarkerError as err:
        print(f"error: {err}", file=sys.stderr)
        return 2
    if not args.notebooks:
        wanted = {exercise_path(s).name for s in solutions}
        changes += [(p, None) for p in sorted((ROOT / "exercises").glob("[0-9][0-9]_*.ipynb"))
                    if p.name not in wanted]
    for target, text in changes:
        verb = "remove" if text is None else "write"
        if args.check:
            print(f"would {verb} {_shown(target)}")
        elif text is None:
            target.unlink()
            print(f"removed {_shown(target)} (no solution notebook)")
        else:
            target.parent.mkdir(exist_ok=True)
            target.write_bytes(text.encode("utf-8"))
            print(f"wrote {_shown(target)}")
    if args.check and changes:
        print("exercises/ is out of date: run `python tools/course.py exercises`.")
        return 1
    print(f"{len(solutions)} solution notebook(s): "
          f"{'all exercises up to date' if not changes else f'{len(changes)} file(s) changed'}.")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
