"""The course's notebooks as JupyterLab sees them, so that opening a lesson never marks it modified.

When a kernel starts, JupyterLab writes two things into the open notebook's metadata: the
kernelspec (the kernel's name, language and display name) and the kernel's `language_info`
(including Python's full version). If either differs from what the file stores, the notebook
counts as modified: closing it asks "Save changes?" and autosave rewrites the file.

- The stored kernelspec is the one ipykernel installs, the same on every machine:
  `kernelspec()` (the course's tools write it into every notebook).
- `language_info` carries the patch version (3.11.7), which differs between students, so it is
  made to agree when the notebook is served: `CourseContentsManager` (`tools/course.py lab` uses it).

Needs jupyter_server, so `import course_utils` never imports this module.
"""
import copy

from ipykernel.ipkernel import IPythonKernel
from ipykernel.kernelspec import KERNEL_NAME, get_kernel_dict
from jupyter_server.services.contents.largefilemanager import AsyncLargeFileManager


def kernelspec():
    """The notebook metadata `kernelspec` JupyterLab writes for ipykernel's Python kernel."""
    spec = get_kernel_dict()
    return {"display_name": spec["display_name"], "language": spec["language"],
            "name": KERNEL_NAME}


def language_info():
    """The `language_info` this Python's ipykernel announces (a fresh copy)."""
    return copy.deepcopy(IPythonKernel.language_info)


class CourseContentsManager(AsyncLargeFileManager):
    """Jupyter server's default contents manager, except that a notebook is served with the
    `language_info` of this Python's kernel in place of the stored one. The file on disk is
    untouched; saving writes what JupyterLab holds, as always."""

    async def get(self, path, content=True, type=None, format=None, **kwargs):
        model = await super().get(path, content=content, type=type, format=format, **kwargs)
        if model["type"] == "notebook" and model["content"] is not None:
            model["content"]["metadata"]["language_info"] = language_info()
        return model
