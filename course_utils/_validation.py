"""Input checking shared by the course helpers: clear messages instead of NumPy tracebacks."""
import numbers

import numpy as np

ACCEPTED = "a real number, a list of real numbers, or a NumPy array of int, float or bool dtype"


def as_float_array(x, func_name, copy=True):
    """Return `x` as a float64 array, or raise TypeError/ValueError naming `func_name`.

    With copy=False a float64 array comes back as it is (the caller must not modify it).
    """
    if isinstance(x, (str, bytes, dict, set)) or x is None:
        raise TypeError(f"{func_name}() expects {ACCEPTED}; got {type(x).__name__}.")
    try:
        arr = np.asarray(x)
    except ValueError as err:  # ragged nested lists
        raise ValueError(
            f"{func_name}() expects a rectangular array of numbers; "
            f"the nested lists given have different lengths ({err})."
        ) from None
    if arr.dtype.kind not in "biuf":
        raise TypeError(
            f"{func_name}() expects {ACCEPTED}; got an array of dtype {arr.dtype}."
        )
    return arr.astype(np.float64, copy=copy)


def real_param(value, name, func_name):
    """Return a keyword parameter as a finite float, or raise a clear error."""
    if isinstance(value, bool) or not isinstance(value, numbers.Real):
        raise TypeError(
            f"{func_name}() parameter {name} must be a real number; got {type(value).__name__}."
        )
    value = float(value)
    if not np.isfinite(value):
        raise ValueError(f"{func_name}() parameter {name} must be finite; got {value}.")
    return value


def bool_param(value, name, func_name):
    """Return a keyword parameter as a bool, or raise a clear error (1 and 0 are not accepted)."""
    if not isinstance(value, (bool, np.bool_)):
        raise TypeError(f"{func_name}() parameter {name} must be True or False; got {value!r}.")
    return bool(value)


def int_param(value, name, func_name, minimum=None):
    """Return a keyword parameter as an int, or raise a clear error."""
    if isinstance(value, bool) or not isinstance(value, numbers.Integral):
        raise TypeError(
            f"{func_name}() parameter {name} must be an integer; got {type(value).__name__}."
        )
    value = int(value)
    if minimum is not None and value < minimum:
        raise ValueError(f"{func_name}() parameter {name} must be at least {minimum}; got {value}.")
    return value
