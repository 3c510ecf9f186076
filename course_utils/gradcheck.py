"""Gradient checking: central differences, the relative error, and a verdict.

Always check in float64, with h around 1e-5, and never exactly at a kink (for ReLU, keep |z|
away from 0): there the two one-sided slopes differ and no finite difference can agree.
"""
from dataclasses import dataclass

import numpy as np

from ._validation import as_float_array

DEFAULT_H = 1e-5
DEFAULT_THRESHOLD = 1e-7
_TINY = 1e-12


def _checked_point(x, func_name):
    arr = as_float_array(x, func_name)
    if not np.all(np.isfinite(arr)):
        raise ValueError(f"{func_name}() needs a finite point to differentiate at; x contains inf or NaN.")
    return arr


def _call(f, x, func_name):
    value = np.asarray(f(x), dtype=np.float64)
    if not np.all(np.isfinite(value)):
        raise ValueError(f"{func_name}(): f returned inf or NaN at the point given.")
    return value


def numerical_jacobian(f, x, h=DEFAULT_H):
    """Central-difference Jacobian of f at x, with shape f(x).shape + x.shape.

    f takes a float64 array shaped like x and returns a number or an array.
    """
    x = _checked_point(x, "numerical_jacobian")
    out_shape = _call(f, x.copy(), "numerical_jacobian").shape
    jac = np.empty(out_shape + x.shape)
    for idx in np.ndindex(x.shape):
        bumped = x.copy()
        bumped[idx] = x[idx] + h
        f_plus = _call(f, bumped, "numerical_jacobian")
        bumped[idx] = x[idx] - h
        f_minus = _call(f, bumped, "numerical_jacobian")
        jac[(Ellipsis,) + idx] = (f_plus - f_minus) / (2 * h)
    return jac


def numerical_gradient(f, x, h=DEFAULT_H):
    """Central-difference gradient of a scalar-valued f at x (same shape as x)."""
    x = _checked_point(x, "numerical_gradient")
    if _call(f, x.copy(), "numerical_gradient").size != 1:
        raise ValueError(
            "numerical_gradient() needs f to return a single number (a loss); "
            "for vector-valued f use numerical_jacobian()."
        )
    return numerical_jacobian(lambda v: np.asarray(f(v), dtype=np.float64).reshape(()), x, h)


def numerical_derivative(f, x, h=DEFAULT_H):
    """Elementwise central difference (f(x+h) - f(x-h)) / 2h, for elementwise f such as activations."""
    x = _checked_point(x, "numerical_derivative")
    return (_call(f, x + h, "numerical_derivative") - _call(f, x - h, "numerical_derivative")) / (2 * h)


def relative_error(analytic, numeric):
    """Elementwise |a - n| / max(|a|, |n|, 1e-12): near 0 where they agree, near 1 where they do not."""
    a = as_float_array(analytic, "relative_error")
    n = as_float_array(numeric, "relative_error")
    if a.shape != n.shape:
        raise ValueError(
            f"relative_error() needs two arrays of the same shape; got {a.shape} and {n.shape}."
        )
    return np.abs(a - n) / np.maximum(np.maximum(np.abs(a), np.abs(n)), _TINY)


@dataclass(frozen=True)
class GradCheckResult:
    """What check_gradient found: the two gradients, the worst relative error, and the verdict."""

    analytic: np.ndarray
    numeric: np.ndarray
    max_relative_error: float
    threshold: float

    @property
    def passed(self):
        return self.max_relative_error < self.threshold

    def __bool__(self):
        return self.passed


def check_gradient(f, analytic, x, h=DEFAULT_H, threshold=DEFAULT_THRESHOLD, name="gradient",
                   verbose=True):
    """Compare an analytic gradient (array, or function of x) with the central difference of f at x.

    f may be scalar-valued (the gradient has x's shape) or array-valued (then `analytic` is the
    Jacobian, shape f(x).shape + x.shape). Prints both, the max relative error and the verdict
    when `verbose`; returns a GradCheckResult, which is truthy when the check passed.
    """
    x = _checked_point(x, "check_gradient")
    numeric = numerical_jacobian(f, x, h)
    given = analytic(x.copy()) if callable(analytic) else analytic
    given = as_float_array(given, "check_gradient")
    if given.shape != numeric.shape:
        raise ValueError(
            f"check_gradient(): the analytic {name} has shape {given.shape}, but the numerical one "
            f"has shape {numeric.shape} (f(x).shape + x.shape)."
        )
    err = float(relative_error(given, numeric).max()) if given.size else 0.0
    result = GradCheckResult(given, numeric, err, threshold)
    if verbose:
        with np.printoptions(precision=8, suppress=False, threshold=20, edgeitems=3):
            print(f"{name}: analytic {given.ravel()}")
            print(f"{' ' * len(name)}  numeric  {numeric.ravel()}")
        verdict = "PASS" if result.passed else "FAIL"
        sign = "<" if result.passed else ">="
        print(f"max relative error {err:.2e} {sign} {threshold:.0e}: {verdict}")
    return result
