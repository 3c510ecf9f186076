"""The submission's side of grading: runs a student's notebook and answers calls to its functions.

This runs in a child process of its own, in a scratch folder that holds a private copy of
course_utils, with resource limits, and talks to the grader only through two pipes (wire.py).
Everything here may be tampered with by the student's code, and that is fine: the checks run in
the grader, and only values cross back.

Started as: python -I -c BOOT SCRATCH READ_FD WRITE_FD LIMITS_JSON (see sandbox.py); BOOT has
read this module, wire.py and course_utils from the pipe and imports them from memory.
"""
import contextlib
import io
import json
import os
import resource
import sys
import tracemalloc
import types
import warnings

MAX_PRINTED = 64 * 1024  # characters of a call's printed output passed back to the check


def _limit(limits):
    for name, value in limits.items():
        kind = getattr(resource, name)
        hard = resource.getrlimit(kind)[1]
        value = value if hard == resource.RLIM_INFINITY else min(value, hard)
        resource.setrlimit(kind, (value, value))


def _silence():
    """Point stdout and stderr at /dev/null: a notebook may print without end."""
    null = os.open(os.devnull, os.O_WRONLY)
    os.dup2(null, 1)
    os.dup2(null, 2)


class _Capped(io.StringIO):
    def write(self, text):
        room = MAX_PRINTED - self.tell()
        return super().write(text[:max(room, 0)]) if room > 0 else len(text)


class _NoChecks(types.ModuleType):
    """Stands in for course_utils.checks modules while the notebook runs: its check cells do
    nothing here (the grader runs the checks itself)."""

    def __getattr__(self, name):
        if name.startswith("__"):
            raise AttributeError(name)
        return lambda *args, **kwargs: None


def _stub_checks(modules):
    import course_utils.checks as package
    for name in modules:
        full = f"course_utils.checks.{name}"
        sys.modules[full] = _NoChecks(full)
        setattr(package, name, sys.modules[full])


class Child:
    def __init__(self, read_fd, write_fd, scratch):
        self.read_fd, self.write_fd, self.scratch = read_fd, write_fd, scratch
        self.namespace = None

    def send(self, message, origins=None, **values):
        """Send `message` with `values` encoded into it; a value that cannot cross is replaced
        by the reason, so the grader reports it. Values the grader sent (`origins`) are named,
        not copied, in the "result" value: the arguments go back whole, so the grader sees what
        the call changed in them."""
        from wire import encode, send, shifted
        buffers = []
        for key, item in values.items():
            try:
                header, more, _ = encode(item, save_model=self._save_model,
                                         origins=origins if key == "result" else None)
            except Exception as err:  # noqa: BLE001 - e.g. a model Keras cannot save
                header, more = {"unreadable": str(err)}, []
            message[key] = shifted(header, len(buffers))
            buffers += more
        send(self.write_fd, message, buffers)

    def receive(self):
        from wire import receive
        return receive(lambda n: os.read(self.read_fd, n))

    _models = 0

    def _save_model(self, model):
        Child._models += 1
        name = f"model-{os.getpid()}-{Child._models}.keras"
        model.save(os.path.join(self.scratch, name))
        return name

    def _load_model(self, name):
        import keras
        return keras.saving.load_model(os.path.join(self.scratch, os.path.basename(name)))

    def run_notebook(self, cells, check_modules):
        from IPython.core.interactiveshell import InteractiveShell
        _stub_checks(check_modules)
        shell = InteractiveShell.instance()
        errors = []
        for number, source in cells:
            self.send({"running": number})
            result = shell.run_cell(source, store_history=False, silent=True)
            error = result.error_before_exec or result.error_in_exec
            if error is not None:
                errors.append([number, f"{type(error).__name__}: {str(error)[:300]}"])
        self.namespace = shell.user_ns
        self.send({"ready": True, "errors": errors})

    def describe(self, name):
        if name not in self.namespace:
            return self.send({"defined": False})
        obj = self.namespace[name]
        if not callable(obj):
            return self.send({"defined": True, "callable": False}, value=obj)
        import inspect
        try:
            parameters = [[p.name, p.kind.value, p.default is not p.empty]
                          for p in inspect.signature(obj).parameters.values()]
        except (TypeError, ValueError):
            parameters = None
        code = getattr(obj, "__code__", None)
        names = [n for n in getattr(code, "co_names", ()) if _is_array(getattr(obj, "__globals__", {}).get(n))]
        self.send({"defined": True, "callable": True, "name": getattr(obj, "__name__", name),
                   "parameters": parameters, "array_globals": names},
                  globals=self._globals(obj, names))

    def _globals(self, obj, names):
        scope = getattr(obj, "__globals__", {})
        return {n: scope[n] for n in names if _is_array(scope.get(n))}

    def call(self, message, buffers):
        import numpy as np
        from wire import decode
        fn = self.namespace.get(message["name"])
        received = {}
        args, kwargs = decode(message["arguments"], buffers, self._load_model, _resolve,
                              received=received, callback=self._callback)
        printed, caught, error, result, peak = _Capped(), [], None, None, None
        np.random.set_state(decode(message["random_state"], buffers))
        if message.get("trace_memory"):
            tracemalloc.start()
        try:
            with warnings.catch_warnings(record=True) as caught, \
                    np.errstate(**message["errstate"]), contextlib.redirect_stdout(printed):
                warnings.simplefilter("always")
                before = tracemalloc.get_traced_memory()[0]
                result = fn(*args, **kwargs)
        except BaseException as err:  # noqa: BLE001 - the student's code, whatever it raised
            error = _describe_error(err)
        if tracemalloc.is_tracing():
            peak = tracemalloc.get_traced_memory()[1] - before
            tracemalloc.stop()
        names = message.get("array_globals", [])
        runtime = [w for w in caught if issubclass(w.category, RuntimeWarning)]
        self.send({"error": error, "printed": printed.getvalue(), "peak_memory": peak,
                   "warnings": [[w.category.__name__, str(w.message)[:500]] for w in runtime[:20]]},
                  origins=received, result=result, arguments=[args, kwargs],
                  globals=self._globals(fn, names), random_state=np.random.get_state())

    def _callback(self, number, name, attributes=None):
        """A stand-in for a callable of the check (for example the activation a task works on):
        calling it asks the grader to call the real one, with values only."""
        child = self

        def call_the_grader(*args, **kwargs):
            from wire import decode
            child.send({"callback": number}, arguments=[list(args), kwargs])
            reply, buffers = child.receive()
            if reply.get("error"):
                raise _ERRORS.get(reply["error"][0], Exception)(reply["error"][1])
            return decode(reply["result"], buffers, child._load_model, _resolve,
                          callback=child._callback)

        call_the_grader.__name__ = call_the_grader.__qualname__ = name or "function"
        call_the_grader.__dict__.update(attributes or {})
        return call_the_grader

    def serve(self):
        while True:
            message, buffers = self.receive()
            op = message.get("op")
            if op == "describe":
                self.describe(message["name"])
            elif op == "call":
                self.call(message, buffers)
            else:
                return


_ERRORS = {e.__name__: e for e in (ValueError, TypeError, ZeroDivisionError, OverflowError,
                                   FloatingPointError, ArithmeticError, IndexError, KeyError)}


def _resolve(reference):
    """The course object named "course_utils.module:name[.attribute]"."""
    import importlib
    module, _, path = reference.partition(":")
    obj = importlib.import_module(module)
    for part in path.split("."):
        obj = getattr(obj, part)
    return obj


def _is_array(value):
    import numpy as np
    return isinstance(value, np.ndarray) and value.dtype.kind in "biufc" and value.size <= 10**6


def _describe_error(err):
    """What crosses back of an exception: its class names (the first builtin one is rebuilt),
    its message, and for NotImplementedError whether code sits below the stub's raise."""
    from course_utils.checks._core import _code_below_raise
    classes = [c.__name__ for c in type(err).__mro__]
    below = _code_below_raise(err) if isinstance(err, NotImplementedError) else None
    return {"classes": classes[:10], "message": str(err)[:2000], "code_below_raise": below}


def _private():
    """No other process of this user may read this one's memory or open its pipes through
    /proc (Linux's PR_SET_DUMPABLE; root can still)."""
    try:
        import ctypes
        ctypes.CDLL(None).prctl(4, 0, 0, 0, 0)  # PR_SET_DUMPABLE, 0
    except (OSError, AttributeError):
        pass


def main(argv):
    scratch, read_fd, write_fd, limits = argv[0], int(argv[1]), int(argv[2]), json.loads(argv[3])
    _private()
    _limit(limits)
    _silence()
    os.chdir(scratch)
    child = Child(read_fd, write_fd, scratch)
    message, _ = child.receive()
    child.run_notebook(message["cells"], message["check_modules"])
    child.serve()
