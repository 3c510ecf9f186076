"""Re-execute notebooks in place, each on a fresh kernel, so their stored outputs are fresh.

    python tools/execute.py                      every notebook in notebooks/ and solutions/
    python tools/execute.py notebooks/03_*.ipynb  just these

Exercises are not executed: they are written from solutions/ with outputs cleared
(python tools/course.py exercises). Cells tagged `raises-exception` may raise.
"""
import sys
import time
from pathlib import Path

import nbformat
from nbclient import NotebookClient

from course import ROOT
from course_utils.lab import kernelspec


def _merge_streams(outputs):
    """Join consecutive stdout (or stderr) chunks: how text is chunked varies from run to run."""
    merged = []
    for out in outputs:
        previous = merged[-1] if merged else None
        if (out.output_type == "stream" and previous is not None
                and previous.output_type == "stream" and previous.name == out.name):
            previous.text += out.text
        else:
            merged.append(out)
    return merged


def tidy(nb):
    """Drop what changes on every run or bloats git: widget state, timings, stream chunking.
    Store the kernelspec JupyterLab writes, so that opening the notebook does not modify it."""
    nb.metadata.pop("widgets", None)
    nb.metadata.kernelspec = kernelspec()
    for cell in nb.cells:
        cell.metadata.pop("execution", None)
        if cell.cell_type == "code":
            cell.outputs = _merge_streams(cell.outputs)


def run_notebook(nb, path):
    """Execute `nb` (read from `path`) top to bottom on a fresh kernel started in its folder."""
    NotebookClient(nb, timeout=600, kernel_name="python3", record_timing=False,
                   resources={"metadata": {"path": str(path.parent)}}).execute()


def execute(path):
    nb = nbformat.read(path, as_version=4)
    run_notebook(nb, path)
    tidy(nb)
    nbformat.write(nb, path)


def main(args):
    paths = [Path(a).resolve() for a in args] or sorted(
        p for folder in ("notebooks", "solutions") for p in (ROOT / folder).glob("[0-9][0-9]_*.ipynb"))
    for path in paths:
        start = time.perf_counter()
        shown = path.relative_to(ROOT) if path.is_relative_to(ROOT) else path
        print(f"executing {shown} ...", end=" ", flush=True)
        execute(path)
        print(f"{time.perf_counter() - start:.1f} s", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
