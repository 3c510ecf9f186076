"""The machinery every check uses: run the student's code safely and explain what is wrong.

A check is a function decorated with `@task("title")`. Its body calls the student's function
through `call` (or `run`), compares with `assert_close`, and calls `fail(problem, hint)` for
anything else; it may return a short detail for the pass line, e.g. "checked 203 points".

Rules every check follows, so that students meet one behaviour across the course:
- Numbers may come back as a NumPy array, a list or a tuple of numbers, or (where one number is
  expected) a plain Python or NumPy number; all are compared as float64. Only the shape and the
  values count, not the container. Refused: True/False values (convert them with
  .astype(float)) and float16/float32 results (they lose the precision the comparison needs).
- The student's function gets its own copies of the inputs; afterwards the check verifies that
  it left them unchanged, and names the argument it modified.
- It must stay free of RuntimeWarnings (overflow, 0/0, log(0)) on the check's inputs, as the
  course's own functions do; np.where evaluates both branches, so a branch it discards must not
  overflow either.
- Whatever the student's code returns or raises, a check ends in one of three ways: it prints
  "✔ title: passed", prints "title: not done yet", or raises AssertionError "title: what is
  wrong" with a "Hint:" line. A message names the input that failed (or its shape), what came
  back and what was expected.
"""
import ast
import contextlib
import dataclasses
import functools
import inspect
import linecache
import re
import textwrap
import types
import warnings

import numpy as np

NOT_DONE = "{title}: not done yet — fill in the function above, then run this cell again."
CODE_BELOW_RAISE = ("Hint: your code sits below the line `raise NotImplementedError(...)` in "
                    "{function}(), and that line stops the function before your code runs: "
                    "delete it.")
PASSED = "✔ {title}: passed"

# Tolerances of `assert_close` and the mistake detectors: float64 formulas that differ only by
# rounding agree far better than this; a wrong formula differs far more.
RTOL = 1e-7
ATOL = 1e-10

_EXCEPTION_HINTS = (
    # (pattern in "TypeName: message", hint): the usual causes of errors in student code.
    (r"only (length-1|0-dimensional|size-1) arrays|cannot convert the series|must be real number",
     "a function from the `math` module (math.exp, math.tanh, ...) or float() only takes single "
     "numbers; use the NumPy version (np.exp, np.tanh, ...), which works on whole arrays."),
    (r"truth value of an array",
     "`if`, `and`, `or` and max() need single True/False values; on arrays use np.where, "
     "np.maximum or comparisons such as (x > 0)."),
    (r"^NameError",
     "a name used in your function is not defined: check its spelling, and run the cells "
     "above it (for example the imports) first."),
    (r"^OverflowError",
     "a number grew past the largest float (math.exp of a large number, or an integer power): "
     "use NumPy on whole arrays and rewrite the formula so that it stays finite for large "
     "inputs."),
    (r"^SystemExit",
     "your function called exit() or sys.exit(), which would stop the whole notebook; return "
     "the result instead."),
)
_GENERIC_EXCEPTION_HINT = ("try your function on a small input, e.g. np.array([-1.0, 0.0, 2.0]), "
                           "in a cell of its own, and read the last line of the error.")
_WARNING_HINT = ("a RuntimeWarning means overflow (exp of a large number), 0/0 or log(0) "
                 "somewhere; rewrite the formula so that it stays finite for large |x|.")


@dataclasses.dataclass(frozen=True)
class Result:
    """How one check of a task ended: `status` is "passed", "failed" or "not done"; `message`
    is what the student reads (the pass line, the not-done note, or the problem with its Hint
    line)."""
    title: str
    status: str
    message: str


# The latest Result of each task checked in this Python process, by (module, title): what a
# notebook's progress cell shows, and what the grader records.
RESULTS = {}


def task(title):
    """Decorator that turns a check body into a friendly, one-call check named `title`.

    The check prints "✔ title: passed (detail)" when the body returns (its return value, if
    any, is the detail); prints "title: not done yet ..." when the student's code raises
    NotImplementedError; and raises AssertionError "title: what is wrong\\nHint: ..." on a
    wrong answer. It returns None, so a check cell shows only its message. Each call's Result
    is kept in RESULTS for `progress`. Errors in student code are reported by `run`.
    """
    def decorate(body):
        @functools.wraps(body)
        def check(*args, **kwargs):
            result = outcome(check, *args, **kwargs)
            if result.status == "failed":
                raise AssertionError(result.message) from None
            print(result.message)

        check.task_title = title
        return check

    return decorate


def outcome(check, *args, **kwargs):
    """Run the @task `check` on the student's objects and return its Result, printing nothing
    itself (the body's own output, if any, still appears)."""
    title, body = check.task_title, check.__wrapped__
    try:
        detail = body(*args, **kwargs)
    except NotImplementedError as err:
        message = NOT_DONE.format(title=title)
        function = getattr(err, "code_below_raise", None) or _code_below_raise(err)
        if function:
            message += "\n" + CODE_BELOW_RAISE.format(function=function)
        result = Result(title, "not done", message)
    except AssertionError as err:
        result = Result(title, "failed", f"{title}: {err}")
    except Exception as err:  # noqa: BLE001 - what the student returned upset the check
        result = Result(title, "failed", (
            f"{title}: your answer could not be checked: looking at what it returned raised "
            f"{type(err).__name__}: {err}\nHint: return exactly what the task asks for (its "
            "type, shape and number of values); if you do, please report this message."))
    else:
        result = Result(title, "passed", PASSED.format(title=title) + (f" ({detail})" if detail else ""))
    RESULTS[check.__module__, title] = result
    return result


def tasks_of(module):
    """The @task checks defined in `module` (a checks module), in the order of its source: the
    order of the exercise notebook's tasks."""
    found = [obj for obj in vars(module).values()
             if is_task(obj) and obj.__module__ == module.__name__]
    return sorted(found, key=lambda check: check.__wrapped__.__code__.co_firstlineno)


def progress(module):
    """Print this notebook's progress: each task of the checks `module` with its latest result
    in this session (passed, failed, not done, or not checked yet)."""
    marks = {"passed": "✔", "failed": "✘", "not done": "…"}
    checks = tasks_of(module)
    results = [RESULTS.get((module.__name__, check.task_title)) for check in checks]
    passed = sum(r is not None and r.status == "passed" for r in results)
    print(f"Progress: {passed} of {len(checks)} tasks passed.")
    for check, result in zip(checks, results):
        if result is None:
            print(f"  · {check.task_title}: not checked yet (run its check cell)")
            continue
        first_line = result.message.splitlines()[0].removeprefix(f"✔ {check.task_title}: ")
        first_line = first_line.removeprefix(f"{check.task_title}: ")
        if result.status == "failed":
            first_line = "failed: " + first_line
        elif result.status == "not done":
            first_line = "not done yet"
        print(f"  {marks[result.status]} {check.task_title}: {first_line}")


def _code_below_raise(err):
    """The name of the function that raised `err` if statements follow its `raise
    NotImplementedError` line (a student who typed the answer below the stub's raise)."""
    tb = err.__traceback__
    while tb is not None and tb.tb_next is not None:
        tb = tb.tb_next
    if tb is None:
        return None
    code = tb.tb_frame.f_code
    try:
        lines = linecache.getlines(code.co_filename) or inspect.getsourcelines(code)[0]
        source, start = inspect.getblock(lines[code.co_firstlineno - 1:]), code.co_firstlineno
        tree = ast.parse(textwrap.dedent("".join(source)))
    except (OSError, SyntaxError, IndexError, TypeError):
        return None
    for node in ast.walk(tree):
        for field in ("body", "orelse", "finalbody"):
            block = getattr(node, field, None)
            if not isinstance(block, list):
                continue
            for i, statement in enumerate(block[:-1]):
                if (isinstance(statement, ast.Raise) and statement.lineno + start - 1 == tb.tb_lineno
                        and "NotImplementedError" in ast.dump(statement)):
                    return code.co_name
    return None


def is_task(obj):
    """True for a check made with @task."""
    return callable(obj) and hasattr(obj, "task_title")


def fail(problem, hint):
    """Stop the check: raise AssertionError saying what is wrong, with a Hint line."""
    raise AssertionError(f"{problem}\nHint: {hint}") from None


@contextlib.contextmanager
def about(what):
    """Begin the message of any failure inside the block with `what`, the input that failed
    (also for failures that `run` reports: errors, warnings, changed inputs)."""
    try:
        yield
    except AssertionError as err:
        raise AssertionError(f"{what}: {err}") from None


def short_list(values):
    """A short list of numbers for messages: [0.37, 1.099], or [4, 4, 4, ..., 4, 4, 4]."""
    values = [f"{v:.4g}" for v in np.ravel(np.asarray(values, dtype=float))]
    return "[" + ", ".join(values if len(values) <= 8 else [*values[:3], "...", *values[-3:]]) + "]"


def shape_of(value):
    """np.shape(value), or None where NumPy cannot read one (ragged lists, objects)."""
    try:
        return np.shape(value)
    except (ValueError, TypeError):
        return None


def detected(got, mistakes):
    """(detected, hint) pairs for `assert_close` from (what the mistake returns, hint) pairs;
    None stands for a mistake these inputs cannot show."""
    return [(wrong is not None and looks_like(got, wrong), hint) for wrong, hint in mistakes]


def describe(value):
    """A short description of a value for messages: numbers in full, arrays by shape."""
    if isinstance(value, np.ndarray):
        return f"an array of shape {value.shape}" if value.ndim else _number(value)
    if isinstance(value, (list, tuple)):
        return f"a {type(value).__name__} of length {len(value)}"
    if isinstance(value, (bool, int, float, np.generic)) and np.ndim(value) == 0:
        try:
            return _number(value)
        except (TypeError, ValueError, OverflowError):
            return type(value).__name__
    if isinstance(value, str):
        return f"the string {value[:40]!r}"
    if isinstance(value, types.GeneratorType):
        return "a generator"
    return f"a {type(value).__name__}"


def _number(value):
    value = np.asarray(value).item()
    return repr(float(value)) if isinstance(value, float) else repr(value)


def name_of(fn):
    """The name of the student's function, for messages."""
    return getattr(fn, "__name__", "your function")


def _copy(value):
    """A copy of the arrays in `value` (also inside lists, tuples and dicts) that the student's
    code may scribble on. Other objects, such as a Keras model the task trains, are passed as
    they are."""
    if isinstance(value, np.ndarray):
        return value.copy()
    if isinstance(value, dict):
        return {k: _copy(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)) and type(value) in (list, tuple):
        return type(value)(_copy(v) for v in value)
    return value


def _first_change(before, after, where):
    """Where `after` differs from `before` ("w[1]: 0.5 became 0.0"), or None if it does not."""
    if before is after:
        return None
    if isinstance(before, np.ndarray):
        if not isinstance(after, np.ndarray) or after.shape != before.shape:
            return f"{where} was replaced or reshaped"
        with np.errstate(invalid="ignore"):
            differ = ~((before == after) | (np.isnan(before) & np.isnan(after))
                       if before.dtype.kind in "fc" else before == after)
        if not differ.any():
            return None
        index = np.unravel_index(np.argmax(differ), before.shape) if before.ndim else ()
        at = f"{where}[{', '.join(map(str, index))}]" if index else where
        return f"{at}: {show(before[index])} became {show(after[index])}"
    if isinstance(before, dict):
        if not isinstance(after, dict) or before.keys() != after.keys():
            return f"{where} gained or lost keys"
        return next((c for k in before if (c := _first_change(before[k], after[k], f"{where}[{k!r}]"))),
                    None)
    if isinstance(before, (list, tuple)):
        if type(after) is not type(before) or len(after) != len(before):
            return f"{where} changed length"
        return next((c for i, (b, a) in enumerate(zip(before, after))
                     if (c := _first_change(b, a, f"{where}[{i}]"))), None)
    return None  # numbers, strings and other objects cannot be changed in place


def _argument_names(fn, count, keywords):
    """The student's names for the positional arguments, falling back to "argument 1", ..."""
    try:
        names = list(inspect.signature(fn).parameters)
    except (TypeError, ValueError):
        names = []
    names = [n for n in names if n not in keywords]
    return [names[i] if i < len(names) else f"argument {i + 1}" for i in range(count)]


def run(fn, *args, warning_hint=_WARNING_HINT, **kwargs):
    """Call the student's `fn(*args, **kwargs)` and return what it returns, as is.

    `fn` gets copies of the arguments; if it changes one in place, that is a failure naming the
    argument. NotImplementedError passes through (the task reports "not done yet"); any other
    exception, sys.exit(), and any RuntimeWarning (overflow, 0/0, ...), becomes a failure that
    names the function and the input, with a hint (`warning_hint` for warnings).
    """
    if not callable(fn):
        fail(f"expected a function, got {describe(fn)}.",
             "pass the function itself, without calling it: `my_function`, not `my_function(x)`.")
    copies = [_copy(a) for a in args]
    keyword_copies = {k: _copy(v) for k, v in kwargs.items()}
    called = f"{name_of(fn)}({', '.join(describe(a) for a in args)})"
    try:
        with warnings.catch_warnings(), np.errstate(over="warn", divide="warn", invalid="warn",
                                                    under="ignore"):
            warnings.simplefilter("error", RuntimeWarning)
            result = fn(*copies, **keyword_copies)
    except NotImplementedError:
        raise
    except RuntimeWarning as warning:
        fail(f"{called} gave a RuntimeWarning: {warning}.", warning_hint)
    except (Exception, SystemExit) as err:  # the student's code, whatever went wrong in it
        error = f"{type(err).__name__}: {err}"
        hint = next((h for pattern, h in _EXCEPTION_HINTS if re.search(pattern, error)),
                    _GENERIC_EXCEPTION_HINT)
        fail(f"{called} raised {error}", hint)
    names = _argument_names(fn, len(args), kwargs)
    for name, before, after in [*zip(names, args, copies),
                                *((k, kwargs[k], keyword_copies[k]) for k in kwargs)]:
        change = _first_change(before, after, name)
        if change:
            fail(f"{called} changed its input `{name}` in place ({change}); the caller's "
                 "arrays must stay as they were.",
                 f"don't modify `{name}`: an in-place operation such as `{name} *= ...`, "
                 f"`{name} -= ...` or `{name}[...] = ...` changes the caller's array too. Write "
                 f"`new = {name} * ...` (a new array), or start with `{name} = {name}.copy()`.")
    return result


def as_array(value, shape=None, what="your function", dtype=np.float64, shape_hint=None,
             mistakes=()):
    """Return the student's `value` as a float64 array, or fail saying what is off.

    Arrays, lists and tuples of numbers are all accepted (the module's rules); so are plain
    Python and NumPy numbers. `shape`: the expected shape (None: any). `dtype`: np.float64
    refuses float16/float32 results, which lose precision; None accepts any real numbers.
    `shape_hint`: the hint for a wrong shape, for a task that has checked the mistake it names;
    `mistakes`: (what a mistake returns, hint) pairs: a wrong shape that matches one gets its
    hint. Otherwise the hint describes how the shapes differ.
    """
    expected = "a single number" if shape == () else (
        "an array" + (f" of shape {tuple(shape)}" if shape is not None else ""))
    if value is None:
        fail(f"{what} returned None; expected {expected}.",
             "end the function with `return ...`; a function without return gives None.")
    if isinstance(value, (types.GeneratorType, map, filter, range, set, dict, str, bytes)):
        fail(f"{what} returned {describe(value)}; expected {expected}.",
             "a generator or map is computed lazily and a set or dict has no order: return "
             "NumPy operations on the input (or np.array([...]) of the values).")
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error")
            arr = np.asarray(value)
    except (ValueError, TypeError, Warning):  # ragged lists, or objects NumPy cannot read
        arr = np.empty(0, dtype=object)
    if arr.dtype.kind == "b":
        fail(f"{what} returned True/False values; expected {expected} of numbers.",
             "convert the comparison to numbers, e.g. (x > 0).astype(float).")
    if arr.dtype.kind not in "iuf":
        fail(f"{what} returned {describe(value)} holding {_kind_of(arr)}; expected {expected} "
             "of real numbers.",
             "return numbers computed with NumPy operations, not objects, strings or nested "
             "lists of different lengths.")
    if dtype is not None and arr.dtype.kind == "f" and arr.dtype.itemsize < np.dtype(dtype).itemsize:
        fail(f"{what} returned values of dtype {arr.dtype}; expected {np.dtype(dtype)}.",
             f"let NumPy keep {np.dtype(dtype)}: don't convert to a smaller float type, which "
             "rounds away digits.")
    if shape is not None and arr.shape != tuple(shape):
        shape_hint = shape_hint or next(
            (hint for seen, hint in detected(arr.astype(np.float64), mistakes) if seen), None)
        fail(f"{what} returned {'a single number' if arr.ndim == 0 else f'shape {arr.shape}'}; "
             f"expected {expected}.", shape_hint or shape_mismatch_hint(arr.shape, tuple(shape)))
    return arr.astype(np.float64)


def _kind_of(arr):
    return {"O": "Python objects", "U": "strings", "S": "bytes", "c": "complex numbers",
            "M": "dates", "m": "time spans", "V": "records"}.get(arr.dtype.kind, str(arr.dtype))


def shape_mismatch_hint(got, expected):
    """A hint that describes how shape `got` differs from `expected`, without guessing the
    cause."""
    size = int(np.prod(got)) if got else 1
    if expected == () and size == 1:
        return ("return one number, not an array holding one: float(...) or .item() turns a "
                "one-element array into a number.")
    if expected == ():
        return (f"return one number; your result holds {size} values, so a sum, a mean or a "
                "dot product (@) is missing or reduces the wrong thing.")
    if got == ():
        return ("return one value per input, not one number: something reduced the whole "
                "array (a sum, mean, max or dot product), or a scalar-only function was used.")
    if tuple(d for d in got if d != 1) == tuple(d for d in expected if d != 1):
        return (f"same values, but with axes of length 1 {'added' if len(got) > len(expected) else 'lost'}: "
                "keepdims=True, a reshape or [:, None] where it is not needed (or missing).")
    if size == int(np.prod(expected)):
        return (f"the right number of values in another arrangement: a transpose (.T) or "
                f"reshape somewhere; the result should have shape {expected}.")
    return (f"the result should have shape {expected}; check which axes your operations "
            "keep, sum over, or broadcast.")


def call(fn, *args, shape=None, dtype=np.float64, shape_hint=None, warning_hint=_WARNING_HINT):
    """`run` the student's function on `args`, then `as_array` its result."""
    result = run(fn, *args, warning_hint=warning_hint)
    return as_array(result, shape, f"{name_of(fn)}()", dtype, shape_hint)


def grid(lo=-6.0, hi=6.0, n=201, include=(0.0,)):
    """Sorted float64 test points: n evenly spaced in [lo, hi], plus `include` (0 by default)."""
    return np.unique(np.concatenate([np.linspace(lo, hi, n), np.asarray(include, dtype=float)]))


def _mismatch(got, expected, rtol, atol):
    with np.errstate(invalid="ignore", over="ignore"):
        return ~np.isclose(got, expected, rtol=rtol, atol=atol, equal_nan=True)


def show(values):
    """Numbers for a message: one in full, an array with 6 digits and at most 8 shown."""
    values = np.asarray(values, dtype=float)
    if values.ndim == 0:
        return repr(float(values))
    return np.array2string(values, precision=6, separator=", ", threshold=8)


def assert_close(got, expected, at=None, *, hint, label="x", rows=False, mistakes=(),
                 rtol=RTOL, atol=ATOL):
    """Fail unless `got` matches `expected`, reporting the worst point.

    `at`: the inputs. With one input per value (same shape as `got`) the report reads
    "x = 0.0: got 1.0, expected 0.0"; with one input row per leading index (or `rows=True`, for
    functions of whole vectors such as softmax) it reads "z[3] = [...]: got [...], expected
    [...]". `mistakes`: (detected, hint) pairs, e.g. (written_in_x(...), "..."); the first
    detected one gives the hint, otherwise `hint` does.
    """
    got, expected = np.asarray(got, dtype=float), np.asarray(expected, dtype=float)
    if got.shape != expected.shape:
        fail(f"got shape {got.shape}, expected shape {expected.shape}.", hint)
    bad = _mismatch(got, expected, rtol, atol)
    if not bad.any():
        return
    with np.errstate(invalid="ignore"):
        error = np.where(bad, np.abs(got - expected), 0.0)
    worst = np.unravel_index(np.argmax(np.nan_to_num(error, nan=np.inf)), got.shape)
    shape = None if at is None else np.shape(at)
    if shape is not None and got.ndim and shape[:1] == got.shape[:1] and (rows or shape != got.shape):
        where = f"{label}[{worst[0]}] = {show(np.asarray(at)[worst[0]])}"
        got_w, exp_w = got[worst[0]], expected[worst[0]]
    elif shape == got.shape:
        where = f"{label} = {show(np.asarray(at)[worst])}"
        got_w, exp_w = got[worst], expected[worst]
    else:
        where = f"at index {tuple(int(i) for i in worst)}" if got.ndim else "the value"
        got_w, exp_w = got[worst], expected[worst]
    count = f"wrong at {int(bad.sum())} of {bad.size} points; worst " if bad.size > 1 else ""
    hint = next((h for detected, h in mistakes if detected), hint)
    fail(f"{count}{where}: got {show(got_w)}, expected {show(exp_w)}.", hint)


# Detectors of common mistakes, to choose a targeted hint. Each takes the student's values.

def looks_like(got, candidate, rtol=RTOL, atol=ATOL):
    """True if `got` matches `candidate` (what a given mistake would produce) everywhere."""
    got, candidate = np.asarray(got, dtype=float), np.asarray(candidate, dtype=float)
    return got.shape == candidate.shape and not _mismatch(got, candidate, rtol, atol).any()


def written_in_x(got, x, derivative_from_f):
    """True if the student wrote a derivative in x where f(x) belongs: e.g. x * (1 - x) for
    sigmoid' = f(1 - f). `derivative_from_f` is the correct formula as a function of f."""
    with np.errstate(all="ignore"):
        return looks_like(got, derivative_from_f(np.asarray(x, dtype=float)))


def has_nonfinite(got):
    """True if any value is nan or inf, e.g. softmax without subtracting max(z) overflowing."""
    return not np.all(np.isfinite(np.asarray(got, dtype=float)))


def normalised_along(got, axis):
    """True if the values sum to 1 along `axis`: a softmax over the wrong axis when `axis`
    is not the intended one."""
    got = np.asarray(got, dtype=float)
    return got.ndim > 0 and bool(np.allclose(got.sum(axis=axis), 1.0, rtol=0, atol=1e-9))


def wrong_only_at(got, expected, x, point=0.0):
    """True if `got` is wrong exactly where x == point and right elsewhere: e.g. relu'(0)."""
    got, expected, x = (np.asarray(a, dtype=float) for a in (got, expected, x))
    bad = _mismatch(got, expected, RTOL, ATOL)
    return bool(bad.any()) and bool(np.all(bad == (x == point)))


def missing_term(got, expected, term):
    """True if `got` is `expected` without `term`, e.g. a forgotten bias: got = w·x, not w·x + b."""
    with np.errstate(all="ignore"):
        return looks_like(got, np.asarray(expected, dtype=float) - term)
