"""The machinery every check uses: run the student's code safely and explain what is wrong.

A check is a function decorated with `@task("title")`. Its body calls the student's function
through `call` (or `run`), compares with `assert_close`, and calls `fail(problem, hint)` for
anything else; it may return a short detail for the pass line, e.g. "checked 203 points".
"""
import functools
import re
import warnings

import numpy as np

NOT_DONE = "{title}: not done yet — fill in the function above, then run this cell again."
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
)
_GENERIC_EXCEPTION_HINT = ("try your function on a small input, e.g. np.array([-1.0, 0.0, 2.0]), "
                           "in a cell of its own, and read the last line of the error.")
_WARNING_HINT = ("a RuntimeWarning means overflow (exp of a large number), 0/0 or log(0) "
                 "somewhere; rewrite the formula so that it stays finite for large |x|.")


def task(title):
    """Decorator that turns a check body into a friendly, one-call check named `title`.

    The check prints "✔ title: passed (detail)" when the body returns (its return value, if
    any, is the detail); prints "title: not done yet ..." when the student's code raises
    NotImplementedError; and raises AssertionError "title: what is wrong\\nHint: ..." on a
    wrong answer. It returns None, so a check cell shows only its message. Other exceptions
    are bugs in the check and are not caught; errors in student code are reported by `run`.
    """
    def decorate(body):
        @functools.wraps(body)
        def check(*args, **kwargs):
            try:
                detail = body(*args, **kwargs)
            except NotImplementedError:
                print(NOT_DONE.format(title=title))
                return
            except AssertionError as err:
                raise AssertionError(f"{title}: {err}") from None
            print(PASSED.format(title=title) + (f" ({detail})" if detail else ""))

        check.task_title = title
        return check

    return decorate


def is_task(obj):
    """True for a check made with @task."""
    return callable(obj) and hasattr(obj, "task_title")


def fail(problem, hint):
    """Stop the check: raise AssertionError saying what is wrong, with a Hint line."""
    raise AssertionError(f"{problem}\nHint: {hint}") from None


def describe(value):
    """A short description of a value for messages: numbers in full, arrays by shape."""
    if isinstance(value, np.ndarray):
        return f"an array of shape {value.shape}" if value.ndim else _number(value)
    if isinstance(value, (list, tuple)):
        return f"a {type(value).__name__} of length {len(value)}"
    if isinstance(value, (bool, int, float, np.generic)):
        return _number(value)
    return type(value).__name__


def _number(value):
    value = np.asarray(value).item()
    return repr(float(value)) if isinstance(value, float) else repr(value)


def _name(fn):
    return getattr(fn, "__name__", "your function")


def run(fn, *args, warning_hint=_WARNING_HINT, **kwargs):
    """Call the student's `fn(*args, **kwargs)` and return what it returns, as is.

    Array arguments are passed as copies. NotImplementedError passes through (the task reports
    "not done yet"); any other exception, and any RuntimeWarning (overflow, 0/0, ...), becomes
    a failure that names the function and the input, with a hint (`warning_hint` for warnings).
    """
    if not callable(fn):
        fail(f"expected a function, got {describe(fn)}.",
             "pass the function itself, without calling it: `my_function`, not `my_function(x)`.")
    args = [a.copy() if isinstance(a, np.ndarray) else a for a in args]
    called = f"{_name(fn)}({', '.join(describe(a) for a in args)})"
    try:
        with warnings.catch_warnings(), np.errstate(over="warn", divide="warn", invalid="warn",
                                                    under="ignore"):
            warnings.simplefilter("error", RuntimeWarning)
            return fn(*args, **kwargs)
    except NotImplementedError:
        raise
    except RuntimeWarning as warning:
        fail(f"{called} gave a RuntimeWarning: {warning}.", warning_hint)
    except Exception as err:  # the student's code, whatever went wrong in it
        error = f"{type(err).__name__}: {err}"
        hint = next((h for pattern, h in _EXCEPTION_HINTS if re.search(pattern, error)),
                    _GENERIC_EXCEPTION_HINT)
        fail(f"{called} raised {error}", hint)


def as_array(value, shape=None, what="your function", dtype=np.float64, shape_hint=None):
    """Return the student's `value` as a float64 array, or fail saying what is off.

    `shape`: the expected shape (None: any). `dtype`: the expected dtype (None: any real
    numbers, converted). Plain Python numbers are fine where a single number is expected.
    """
    expected = "a single number" if shape == () else (
        "a NumPy array" + (f" of shape {shape}" if shape is not None else ""))
    if value is None:
        fail(f"{what} returned None; expected {expected}.",
             "end the function with `return ...`; a function without return gives None.")
    if isinstance(value, (list, tuple)) and shape != ():
        fail(f"{what} returned a {type(value).__name__} of shape {np.shape(value)}; "
             f"expected {expected}.",
             "compute with NumPy operations on the whole array (np.exp, np.maximum, ...), "
             "which return arrays, rather than building a list.")
    scalar = isinstance(value, (int, float)) and not isinstance(value, bool)
    if not (scalar or isinstance(value, (np.ndarray, np.generic))):
        fail(f"{what} returned {describe(value)}; expected {expected}.",
             "return the result of NumPy operations on the input.")
    arr = np.asarray(value)
    if arr.dtype.kind not in "biuf":
        fail(f"{what} returned values of dtype {arr.dtype}; expected real numbers.",
             "return numbers, computed with NumPy operations.")
    if dtype is not None and not scalar and arr.dtype != dtype:
        hint = ("convert the comparison to numbers, e.g. (x > 0).astype(float)."
                if arr.dtype.kind == "b" else
                f"let NumPy keep {np.dtype(dtype)}: don't convert to another type.")
        fail(f"{what} returned values of dtype {arr.dtype}; expected {np.dtype(dtype)}.", hint)
    if shape is not None and arr.shape != tuple(shape):
        fail(f"{what} returned {'a single number' if arr.ndim == 0 else f'shape {arr.shape}'}; "
             f"expected {expected}.",
             shape_hint or "work elementwise, keeping the input's shape: no sum, mean, max or "
                           "reshape over the whole array.")
    return arr.astype(np.float64)


def call(fn, *args, shape=None, dtype=np.float64, shape_hint=None, warning_hint=_WARNING_HINT):
    """`run` the student's function on `args`, then `as_array` its result."""
    result = run(fn, *args, warning_hint=warning_hint)
    return as_array(result, shape, f"{_name(fn)}()", dtype, shape_hint)


def grid(lo=-6.0, hi=6.0, n=201, include=(0.0,)):
    """Sorted float64 test points: n evenly spaced in [lo, hi], plus `include` (0 by default)."""
    return np.unique(np.concatenate([np.linspace(lo, hi, n), np.asarray(include, dtype=float)]))


def _mismatch(got, expected, rtol, atol):
    with np.errstate(invalid="ignore", over="ignore"):
        return ~np.isclose(got, expected, rtol=rtol, atol=atol, equal_nan=True)


def _show(values):
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
        where = f"{label}[{worst[0]}] = {_show(np.asarray(at)[worst[0]])}"
        got_w, exp_w = got[worst[0]], expected[worst[0]]
    elif shape == got.shape:
        where = f"{label} = {_show(np.asarray(at)[worst])}"
        got_w, exp_w = got[worst], expected[worst]
    else:
        where = f"at index {tuple(int(i) for i in worst)}" if got.ndim else "the value"
        got_w, exp_w = got[worst], expected[worst]
    count = f"wrong at {int(bad.sum())} of {bad.size} points; worst " if bad.size > 1 else ""
    hint = next((h for detected, h in mistakes if detected), hint)
    fail(f"{count}{where}: got {_show(got_w)}, expected {_show(exp_w)}.", hint)


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
