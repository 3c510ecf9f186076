"""Import modules from source held in memory, never from files another process could change.

The grader's workers import course_utils this way, and so does each submission's process (which
also gets its own code, child.py and wire.py, through its pipe): nothing they run lies in a
folder that a submission could write to while others are graded.
"""
import importlib.abc
import importlib.util


def modules_of(files):
    """{module name: [is package, source, file name]} for the .py files of {path: bytes}."""
    modules = {}
    for name, data in files.items():
        if name.endswith(".py"):
            dotted = name[:-3].replace("/", ".")
            package = dotted.endswith(".__init__")
            modules[dotted.removesuffix(".__init__")] = [package, data.decode("utf-8"), f"<memory>/{name}"]
    return modules


class FromMemory(importlib.abc.MetaPathFinder, importlib.abc.Loader):
    """A finder and loader for the modules in `modules` (as modules_of returns them); put it
    first in sys.meta_path and it wins over files on disk."""

    def __init__(self, modules):
        self.modules = modules

    def find_spec(self, name, path=None, target=None):
        if name in self.modules:
            return importlib.util.spec_from_loader(name, self, is_package=self.modules[name][0])
        return None

    def create_module(self, spec):
        return None  # the default module object

    def exec_module(self, module):
        is_package, source, filename = self.modules[module.__name__]
        if is_package:
            module.__path__ = []
        module.__file__ = filename
        exec(compile(source, filename, "exec"), module.__dict__)  # noqa: S102 - the course's own code
