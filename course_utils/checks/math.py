"""Checks for the exercises of Lesson 03 · The mathematics of activation functions."""

import re
import warnings

import numpy as np

from ..activations import logit as _logit, logsumexp as _logsumexp, sigmoid as _sigmoid, softmax as _softmax
from ..activations import softmax_jacobian as _softmax_jacobian, tanh as _tanh
from ..gradcheck import numerical_derivative, relative_error
from ._core import (about, as_array, assert_close, describe, fail, grid, has_nonfinite, looks_like, run,
                    task)

FD_THRESHOLD = 1e-7  # the finite-difference criterion of the exercises (float64, h = 1e-5)
_FAR = np.array([-1000.0, -50.0, 50.0, 1000.0])  # saturated inputs that must not overflow
_WIDE = grid(-20.0, 20.0, 81)  # 0, and beyond [-4, 4], where the finite-difference points lie
_ANY_SHAPE = np.linspace(-3.0, 3.0, 12).reshape(3, 4)  # "x (any shape)"


# Helpers shared by the checks below.

def _show(values):
    """Numbers for a message, as a (nested) list rounded to 6 decimals."""
    return str(np.round(np.asarray(values, dtype=float), 6).tolist())


def _elementwise(fn, x, label="x", **run_options):
    """fn(x) as a float64 array of x's shape: the task's functions work elementwise."""
    what = f"{getattr(fn, '__name__', 'your function')}({label}) for {label} of shape {x.shape}"
    return as_array(run(fn, x, **run_options), x.shape, what)


def _constant(got):
    """True if every value is the same: an answer that does not depend on its input."""
    got = np.asarray(got, dtype=float)
    return got.size > 1 and bool(np.all(got == got.flat[0]))


def _copied(got, shown):
    """True if `got` is the numbers a notebook shows, in full or rounded to 2-12 decimals."""
    copies = [shown] + [np.round(shown, decimals) for decimals in range(2, 13)]
    return any(looks_like(got, copy, rtol=1e-14, atol=0.0) for copy in copies)


# Tasks 1 and 2: sigmoid' and tanh' from f.

def _fd_points():
    """40 random points in [-4, 4] (further out tanh' is so small that the rounding error of a
    finite difference, ~1e-11, exceeds 1e-7 of it), none within 0.01 of 0."""
    x = np.random.default_rng(3).uniform(-4.0, 4.0, 40)
    return x[np.abs(x) > 0.01]


def _derivative_task(fn, ref, from_f, name, formula, mistakes):
    """Shared body of the sigmoid' and tanh' checks: finite differences on [-4, 4], the values
    on [-20, 20] (exact at 0) and at ±1000 (no overflow), and a 2-D input."""
    answer = f"{name}'(x) = {formula} with f = {name}(x)."
    stable = (f"exp or cosh of a large |x| overflows (exp(1000) is inf); compute f = {name}(x) with "
              f"the course's {name}, which is stable for any x, and return {formula}: it is finite "
              "for every x.")

    def ignores_x(got):
        return (_constant(got), f"your function returns {float(got.flat[0])!r} for every x; "
                                f"compute it from x: f = {name}(x), then {formula}.")

    x = _fd_points()
    got = _elementwise(fn, x)
    err = relative_error(got, numerical_derivative(ref, x))
    if err.max() >= FD_THRESHOLD:
        detected = [ignores_x(got),
                    (looks_like(got, from_f(x)), f"the formula uses f(x) = {name}(x), not x itself: "
                                                 f"compute f = {name}(x) first, then return {formula}.")]
        detected += [(mistake(got, x), hint) for mistake, hint in mistakes]
        worst = int(np.argmax(err))
        fail(f"at x = {float(x[worst])!r} your derivative is {float(got[worst])!r}, but the "
             f"finite-difference slope of {name} is {float(numerical_derivative(ref, x[worst]))!r} "
             f"(relative error {err.max():.1e}, must be < {FD_THRESHOLD:.0e}).",
             next((h for found, h in detected if found), answer))

    got = _elementwise(fn, _WIDE, warning_hint=stable)
    near = np.abs(_WIDE) <= 4.0
    assert_close(got, ref.grad(_WIDE), _WIDE, hint=answer, mistakes=[
        ignores_x(got),
        (looks_like(got[near], ref.grad(_WIDE[near])),
         f"your derivative is right for |x| <= 4 but not further out: use one formula for every x, "
         f"{formula} with the course's {name} (stable for any x), without clipping or cutting off x."),
    ])
    exact, at_zero = float(ref.grad(0.0)), float(got[_WIDE == 0.0][0])
    if at_zero != exact:
        close = abs(at_zero - exact) < 1e-9
        fail(f"x = 0.0: got {at_zero!r}, expected exactly {exact!r}.",
             f"your value is off only in its last digits, as an approximation such as a finite "
             f"difference is; return the formula {formula}, which at x = 0 (f = {float(ref(0.0))!r}) "
             f"gives exactly {exact!r}." if close else
             f"at x = 0, f = {name}(0) = {float(ref(0.0))!r}; put it into {formula}.")

    with about(f"x = {_show(_FAR)}"):
        got = _elementwise(fn, _FAR, warning_hint=stable)
        if has_nonfinite(got):
            fail(f"got {_show(got)}, expected {_show(ref.grad(_FAR))}.", stable)
        assert_close(got, ref.grad(_FAR), _FAR, hint=answer)

    with about(f"for a 3 x 4 array x (the task promises any shape), x = {_show(_ANY_SHAPE)}"):
        got = _elementwise(fn, _ANY_SHAPE)
        assert_close(got, ref.grad(_ANY_SHAPE), _ANY_SHAPE, hint=(
            f"work elementwise with NumPy operations on the whole array, {formula} with f = {name}(x), "
            "so that any shape works, not only vectors."))
    return f"{name}'(0) = {at_zero!r}; max relative error vs finite differences {err.max():.1e}"


@task("sigmoid derivative")
def sigmoid_derivative(sigmoid_derivative_fn):
    """Check sigmoid'(x) = f (1 - f) with f = sigmoid(x): FD error < 1e-7, exactly 1/4 at 0,
    right where it saturates (±1000 included), any shape."""
    return _derivative_task(
        sigmoid_derivative_fn, _sigmoid, lambda f: f * (1 - f), "sigmoid", "f * (1 - f)",
        [(lambda got, x: looks_like(got, _sigmoid(x) * (1 + _sigmoid(x))),
          "mind the sign: sigmoid' = f * (1 - f), not f * (1 + f)."),
         (lambda got, x: looks_like(got, _sigmoid(x)),
          "you returned the sigmoid itself; return its derivative f * (1 - f).")])


@task("tanh derivative")
def tanh_derivative(tanh_derivative_fn):
    """Check tanh'(x) = 1 - f**2 with f = tanh(x): FD error < 1e-7, exactly 1 at 0, right where
    it saturates (±1000 included), any shape."""
    return _derivative_task(
        tanh_derivative_fn, _tanh, lambda f: 1 - f * f, "tanh", "1 - f**2",
        [(lambda got, x: looks_like(got, 1 - _tanh(x)),
          "square f: tanh' = 1 - f**2, not 1 - f."),
         (lambda got, x: looks_like(got, 1 + _tanh(x) ** 2),
          "mind the sign: tanh' = 1 - f**2."),
         (lambda got, x: looks_like(got, _tanh(x)),
          "you returned tanh itself; return its derivative 1 - f**2.")])


# Task 3: a stable softmax along any axis.

_SHOWN_Z = np.array([1.0, 2.0, 3.0])  # the lesson prints softmax([1, 2, 3])
_SOFTMAX_VECTORS = [  # after [1, 2, 3]; length 3 first, so that copied numbers fail on values
    np.array([1000.0, 1001.0, 1002.0]),  # large: exp overflows without a shift
    np.array([-1000.0, -1001.0, -999.0]),  # very negative: every exp is 0, and 0/0, without a shift
    # Both ways: a shift by the min, mean, median, midrange, first or last score leaves an exponent
    # of 1000 or more (overflow), whereas exp(709) is still finite.
    np.array([-1000.0, 1000.0, 999.0, -999.0, 0.0]),
]
_SCORES = np.array([[1.0, 2.0, 3.0], [0.5, -1.0, 2.0], [-2.0, 0.0, 1.5]])  # square: a wrong axis cannot hide
_SPREAD = np.array([[1000.0, 1001.0, 1002.0],  # vectors at different scales (so the maximum of the
                    [-1000.0, -999.0, -1001.0],  # whole array is no shift for the second), one spread
                    [-1000.0, 1000.0, 0.0]])  # in both directions
_MAX_HINT = ("shift each score vector by its own maximum, e = np.exp(z - z.max(axis=axis, keepdims=True)): "
             "then the largest exponent along `axis` is 0, so nothing overflows (exp(1000) is inf) and the "
             "sum is at least 1 (no 0/0). Any other shift (the minimum, the mean, the median, the maximum "
             "of the whole array) can leave some exponents far above 0, or all of them far below.")
_SOFTMAX = ("softmax(z)_i = exp(z_i) / sum_k exp(z_k), computed as "
            "exp(z_i - max z) / sum_k exp(z_k - max z).")
_AXIS_HINT = ("normalise along `axis` only: e = np.exp(z - z.max(axis=axis, keepdims=True)), then "
              "e / e.sum(axis=axis, keepdims=True). keepdims=True keeps the summed axis, so the "
              "division lines up with the right rows or columns.")


def _softmax_mistakes(got, z, axis, given):
    """(detected, hint) pairs for a wrong softmax(z, axis); `given` says how the axis was given."""
    with np.errstate(all="ignore"):
        e_global = np.exp(z - z.max())
        shifts = (z.max(axis=axis), z.max(axis=axis, keepdims=True), z.max())
        shifted = [np.exp(z - shift) for shift in shifts]
        lost_keepdims = [e / e.sum(axis=axis, keepdims=keep) for e in shifted for keep in (True, False)]
        shown = _softmax(_SHOWN_Z)
        mistakes = [
            (_copied(got, shown) and np.array_equal(z, _SHOWN_Z),
             "your values are softmax([1, 2, 3]) rounded, as the lesson prints it: return the "
             "full-precision probabilities computed from z."),
            (_copied(got, shown) and not np.array_equal(z, _SHOWN_Z),
             "these are the probabilities of z = [1, 2, 3], whatever z is: compute them from z."),
            (looks_like(got, np.exp(z) / z.sum()),
             "divide by the sum of the exponentials, sum_k exp(z_k), not by the sum of the scores."),
            (looks_like(got, z / z.sum()), "take np.exp of the scores first: exp(z_i) / sum_k exp(z_k)."),
        ]
    if z.ndim == 2:
        other = 1 - axis % 2
        mistakes += [
            (looks_like(got, e_global / e_global.sum()),
             "you normalised over the whole array; sum along `axis` only, with keepdims=True."),
            (looks_like(got, _softmax(z, axis=other)),
             f"this normalises along axis {other}; use axis={axis}, {given}."),
            (any(looks_like(got, c) for c in lost_keepdims),
             f"keepdims=True is missing: z.max(axis={axis}) and e.sum(axis={axis}) lose the axis, and "
             "the division then lines up the 3 values with the wrong axis. Write "
             f"z.max(axis=axis, keepdims=True) and e.sum(axis=axis, keepdims=True)."),
        ]
    return mistakes


def _check_softmax(fn, z, *axis, what, exact=False):
    """Compare fn(z, *axis) with the reference softmax; `what` names the call in messages."""
    axis_value = axis[0] if axis else -1
    expected = _softmax(z, axis=axis_value)
    given = "as given" if axis else "the default in the function's first line"
    with about(what):
        got = as_array(run(fn, z, *axis, warning_hint=_MAX_HINT), z.shape,
                       f"{getattr(fn, '__name__', 'your function')}()")
        if has_nonfinite(got):
            fail(f"got {_show(got)}, expected {_show(expected)}.", _MAX_HINT)
        tolerance = {"rtol": 1e-12, "atol": 0.0} if exact else {}
        assert_close(got, expected, hint=_AXIS_HINT if z.ndim == 2 else _SOFTMAX,
                     mistakes=_softmax_mistakes(got, z, axis_value, given), **tolerance)


@task("stable softmax")
def softmax(softmax_fn):
    """Check softmax(z, axis=-1): values for [1, 2, 3]; scores of ±1000 and spreads of 2000
    without overflow or 0/0; a matrix along its default axis, axis 0 and axis 1, also with rows
    and columns at very different scales."""
    _check_softmax(softmax_fn, _SHOWN_Z, what=f"softmax(z) for z = {_show(_SHOWN_Z)}", exact=True)
    for z in _SOFTMAX_VECTORS:
        _check_softmax(softmax_fn, z, what=f"softmax(z) for z = {_show(z)}")
    _check_softmax(softmax_fn, _SCORES, what=f"softmax(Z) for Z = {_show(_SCORES)} (axis left at -1)")
    for scores, axis in ((_SCORES, 0), (_SCORES, 1), (_SPREAD, -1), (_SPREAD.T, 0)):
        _check_softmax(softmax_fn, scores, axis, what=f"softmax(Z, {axis}) for Z = {_show(scores)}")
    return "exact for [1, 2, 3], no overflow for scores of ±1000, every axis of a matrix"


# Task 4: the softmax Jacobian.

_JACOBIAN_Z = [  # [1, 2, 3] as the lesson prints it, then another length 3, then other lengths
    _SHOWN_Z, np.array([0.5, -1.5, 2.0]), np.array([2.0, -1.0, 0.5, 0.0]), np.array([0.5, -0.5]),
    np.array([1.5, -2.0, 0.25, 3.0, -0.5, 1.0])]
_JACOBIAN = "J = np.diag(p) - np.outer(p, p) with p = softmax(z), i.e. J[i, j] = p_i (delta_ij - p_j)."


def _jacobian_mistakes(got, z):
    """(detected, hint) pairs for a wrong Jacobian at z."""
    p, k, shown = _softmax(z), z.size, _softmax_jacobian(_SHOWN_Z)
    same_z = np.array_equal(z, _SHOWN_Z)
    return [
        (same_z and _copied(got, shown),
         "your values are the Jacobian rounded, as the lesson prints it: return the full-precision "
         f"J computed from z, {_JACOBIAN}"),
        (not same_z and _copied(got, shown),
         f"this is the Jacobian of z = [1, 2, 3], whatever z is: compute it from z, {_JACOBIAN}"),
        (looks_like(got, p[:, None] * (np.eye(k) - p[:, None])),
         "this is p_i (delta_ij - p_i), the form with the wrong index: the bracket holds p_j, the "
         "output of the score you differentiate by, so off the diagonal J[i, j] = -p_i p_j. Your "
         "rows do not sum to 0."),
        (looks_like(got, -np.outer(p, p)),
         "the diagonal is missing its p_i term: J = np.diag(p) - np.outer(p, p)."),
        (looks_like(got, np.outer(p, p) - np.diag(p)),
         "the sign is flipped: J = np.diag(p) - np.outer(p, p)."),
        (looks_like(got, np.diag(p * (1 - p))),
         "only the diagonal is there: off the diagonal J[i, j] = -p_i p_j, so "
         "J = np.diag(p) - np.outer(p, p)."),
        (looks_like(got, np.diag(p) - p @ p),
         "p @ p.T of a 1-D p is a single number (a 1-D array has no transpose): the matrix p p^T "
         "is np.outer(p, p)."),
        (looks_like(got, np.diag(p) - p * p),
         "off the diagonal your J[i, j] is -p_j**2, the same down each column; it is -p_i p_j, the "
         "outer product: J = np.diag(p) - np.outer(p, p) (p * p is a vector, which broadcasts along "
         "the rows)."),
        (looks_like(got, _softmax_jacobian(z), rtol=1e-6, atol=1e-9),
         "your values are off only in their last digits, as an approximation such as a "
         f"finite-difference Jacobian is: compute J exactly, {_JACOBIAN}"),
    ]


@task("softmax Jacobian")
def softmax_jacobian(jacobian_fn):
    """Check softmax_jacobian(z) = diag(p) - p p^T for 1-D z of lengths 3, 4, 2 and 6."""
    for z in _JACOBIAN_Z:
        k = z.size
        with about(f"softmax_jacobian(z) for z = {_show(z)}"):
            got = as_array(run(jacobian_fn, z), what=f"{getattr(jacobian_fn, '__name__', 'your function')}()")
            if got.shape == (k,) and looks_like(got, _softmax(z) * (1 - _softmax(z))):
                fail(f"got the vector {_show(got)}, expected a {k} x {k} matrix.",
                     "these are only the diagonal entries p_i (1 - p_i); off the diagonal J[i, j] = "
                     "-p_i p_j: J = np.diag(p) - np.outer(p, p).")
            got = as_array(got, (k, k), f"{getattr(jacobian_fn, '__name__', 'your function')}()", shape_hint=(
                f"the Jacobian of softmax on {k} scores is a {k} x {k} matrix, J[i, j] = d p_i / d z_j, "
                "for any length of z: build it from whole arrays, J = np.diag(p) - np.outer(p, p)."))
            # Exact formulas agree to rounding (~1e-16); a finite-difference Jacobian is off by ~1e-11.
            assert_close(got, _softmax_jacobian(z), hint=_JACOBIAN, mistakes=_jacobian_mistakes(got, z),
                         rtol=1e-10, atol=1e-13)
    return "symmetric, rows sum to 0, matches diag(p) - p p^T on 5 score vectors"


# Task 5: the logit.

_LOGIT = "logit(p) = log(p / (1 - p)) with the natural log; log(p) - log1p(-p) is the same."
_LOGIT_WARNING = ("np.log got 0 or a negative number, or something was divided by 0, although every p "
                  "here lies strictly between 0 and 1, where p / (1 - p) is positive and finite: check "
                  "the brackets, log(p / (1 - p)) (p / 1 - p is 0).")


@task("logit")
def logit(logit_fn):
    """Check logit(p) = log(p / (1 - p)): values on (0, 1) from 1e-12 to 1 - 1e-6,
    logit(sigmoid(x)) = x on [-15, 15], and logit(1/2) = 0 exactly."""
    p = np.concatenate([[1e-12, 1e-6, 0.5], np.linspace(0.01, 0.99, 99), [1 - 1e-6]])
    half = p == 0.5
    got = _elementwise(logit_fn, p, "p", warning_hint=_LOGIT_WARNING)
    with np.errstate(all="ignore"):
        # rtol 1e-6: right formulas that round 1 - p or 2p - 1 (2 artanh(2p - 1)) keep ~1e-6 of logit(1e-12).
        assert_close(got, _logit(p), p, label="p", hint=_LOGIT, rtol=1e-6, mistakes=[
            (_constant(got), f"your function returns {float(got[0])!r} for every p; compute "
                             "log(p / (1 - p)) from p."),
            (looks_like(got, _logit(p) / np.log(10)),
             "use the natural logarithm np.log, not np.log10: sigmoid uses e^x."),
            (looks_like(got, -_logit(p)), "the fraction is upside down: log(p / (1 - p))."),
            (looks_like(got, np.log(p / (1 + p))),
             "the denominator is 1 - p, the probability of the other outcome."),
            (looks_like(got, np.log(p) / np.log1p(-p)) or looks_like(got, np.log(p) / np.log(1 - p)),
             "the log of a ratio is a difference, log(p) - log(1 - p), not the ratio log(p) / log(1 - p)."),
            (looks_like(got, _sigmoid(p)), "you applied the sigmoid; the logit is its inverse."),
        ])
    x = np.linspace(-15.0, 15.0, 61)
    with about("logit(sigmoid(x)), which must give back x"):
        back = _elementwise(logit_fn, _sigmoid(x), "p", warning_hint=_LOGIT_WARNING)
        assert_close(back, x, x, rtol=1e-9, atol=1e-9,
                     hint="logit must undo the sigmoid: logit(sigmoid(x)) = x.")
    if np.any(got[half] != 0.0):
        fail(f"p = 0.5: got {float(got[half][0])!r}, expected exactly 0.0.",
             "p = 1/2 means even odds: log(1) = 0.")
    return "logit(0.5) = 0.0 and logit(sigmoid(x)) = x on [-15, 15]"


# Task 6: log-sum-exp, stable along any axis.

_SHOWN_LSE = float(_logsumexp(_SHOWN_Z))  # the lesson prints LSE([1, 2, 3])
_LSE = ("logsumexp(z) = m + log(sum_k exp(z_k - m)) along `axis`, with m the maximum along `axis` "
        "(keepdims=True for the subtraction, then removed).")
_LSE_SHIFT_HINT = ("shift each score vector by its own maximum before np.exp: m = z.max(axis=axis, "
                   "keepdims=True), then m + log(sum(exp(z - m))). The largest exponent is then 0, so "
                   "nothing overflows (exp(1000) is inf) and the sum is at least 1, so its log is finite "
                   "(log(0) is -inf). Any other shift (the minimum, the mean, the maximum of the whole "
                   "array) can leave exponents far above 0, or all of them far below.")
_LSE_AXIS_HINT = ("reduce along `axis` only: m = z.max(axis=axis, keepdims=True), then "
                  "np.squeeze(m, axis=axis) + np.log(np.exp(z - m).sum(axis=axis)); the result has "
                  "`axis` removed, like z.sum(axis=axis).")


def _lse_mistakes(got, z, axis, given):
    """(detected, hint) pairs for a wrong logsumexp(z, axis); `given` says how the axis was given."""
    expected, k = _logsumexp(z, axis=axis), z.shape[axis]
    mistakes = [
        (_copied(got, _SHOWN_LSE) and np.array_equal(z, _SHOWN_Z),
         "your value is LSE([1, 2, 3]) rounded, as the lesson prints it: return the full-precision "
         "value computed from z."),
        (_copied(got, np.full(np.shape(expected), _SHOWN_LSE)) and not np.array_equal(z, _SHOWN_Z),
         "this is LSE([1, 2, 3]), whatever z is: compute it from z."),
        (looks_like(got, z.max(axis=axis)),
         "this is the hard maximum max z; log-sum-exp adds log(sum_k exp(z_k - max z)), a number "
         "between 0 and log K: m + log(sum(exp(z - m)))."),
        (looks_like(got, expected - z.max(axis=axis)),
         "you shifted by the maximum m but did not add it back: LSE(z) = m + log(sum(exp(z - m)))."),
        (looks_like(got, expected - np.log(k)),
         "this is the log of the *mean* of the exponentials (log(K) too small): take the sum, "
         "np.sum, not np.mean."),
    ]
    if z.ndim == 2:
        other = 1 - axis % 2
        mistakes.append((looks_like(got, _logsumexp(z, axis=other)),
                         f"this reduces along axis {other}; use axis={axis}, {given}."))
    return mistakes


def _check_lse(fn, z, *axis, what, exact=False):
    """Compare fn(z, *axis) with the reference log-sum-exp; `what` names the call in messages."""
    axis_value = axis[0] if axis else -1
    expected = _logsumexp(z, axis=axis_value)
    given = "as given" if axis else "the default in the function's first line"
    name = getattr(fn, "__name__", "your function")
    with about(what):
        got = as_array(run(fn, z, *axis, warning_hint=_LSE_SHIFT_HINT), expected.shape, f"{name}()",
                       mistakes=[(np.expand_dims(expected, axis_value),
                                  "keep the reduced axis only inside the computation (keepdims=True on "
                                  "the maximum, so that z - m lines up); the result has `axis` removed, "
                                  "like z.sum(axis=axis)."),
                                 (_logsumexp(z.ravel()),
                                  "you reduced the whole array to one number; " + _LSE_AXIS_HINT)])
        if has_nonfinite(got):
            fail(f"got {_show(got)}, expected {_show(expected)}.", _LSE_SHIFT_HINT)
        tolerance = {"rtol": 1e-12, "atol": 0.0} if exact else {}
        assert_close(got, expected, hint=_LSE_AXIS_HINT if z.ndim == 2 else _LSE,
                     mistakes=_lse_mistakes(got, z, axis_value, given), **tolerance)


@task("stable log-sum-exp")
def logsumexp(logsumexp_fn):
    """Check logsumexp(z, axis=-1): the value for [1, 2, 3]; scores of ±1000 and spreads of 2000
    without overflow or log(0); a matrix along its default axis, axis 0 and axis 1, also with
    rows and columns at very different scales; the reduced axis removed."""
    _check_lse(logsumexp_fn, _SHOWN_Z, what=f"logsumexp(z) for z = {_show(_SHOWN_Z)}", exact=True)
    for z in _SOFTMAX_VECTORS:
        _check_lse(logsumexp_fn, z, what=f"logsumexp(z) for z = {_show(z)}")
    _check_lse(logsumexp_fn, _SCORES, what=f"logsumexp(Z) for Z = {_show(_SCORES)} (axis left at -1)")
    for scores, axis in ((_SCORES, 0), (_SCORES, 1), (_SPREAD, -1), (_SPREAD.T, 0)):
        _check_lse(logsumexp_fn, scores, axis, what=f"logsumexp(Z, {axis}) for Z = {_show(scores)}")
    return "exact for [1, 2, 3], no overflow or log(0) for scores of ±1000, every axis of a matrix"


# Task 7: softmax with a temperature.

_T_CASES = [  # (z, T): the lesson's [1, 2, 3] at T = 1 first, then other temperatures and limits
    (_SHOWN_Z, 1.0), (np.array([0.5, -1.5, 2.0]), 4.0), (_SHOWN_Z, 0.5), (np.array([0.5, -1.5, 2.0, 1.0]), 0.25),
    (np.array([2.0, 1.0, 0.5, -1.0]), 1e-3),  # T -> 0: one-hot on the argmax (exp(2000) without a shift)
    (np.array([2.0, 2.0, 0.5, -1.0]), 1e-3),  # T -> 0 with a tie: [0.5, 0.5, 0, 0]
    (np.array([2.0, 1.0, 0.5, -1.0]), 1e6),  # T -> infinity: uniform
    (_SCORES, 0.5), (_SPREAD, 0.1),  # matrices, normalised along the last axis; scores of ±10000
]
_TEMPERATURE = ("divide the scores by T, then take a stable softmax along the last axis: "
                "s = z / T; e = np.exp(s - s.max(axis=-1, keepdims=True)); e / e.sum(axis=-1, keepdims=True).")
_T_SHIFT_HINT = ("z / T is huge when T is small (2 / 0.001 = 2000, and exp(2000) is inf): subtract the "
                 "maximum of z / T along the last axis (keepdims=True) before np.exp.")
_T_VALIDATE = ("start with `if T <= 0: raise ValueError(f\"T must be positive; got {T}\")`: at T = 0 the "
               "scores would be divided by 0, and a negative T would reverse the order of the "
               "probabilities.")


def _temperature_mistakes(got, z, T):
    """(detected, hint) pairs for a wrong softmax_with_temperature(z, T)."""
    with np.errstate(all="ignore"):
        p = _softmax(z)
        powered = p ** (1 / T)
        return [
            (_copied(got, _softmax(_SHOWN_Z)) and not (np.array_equal(z, _SHOWN_Z) and T == 1.0),
             "these are the probabilities of z = [1, 2, 3] at T = 1, whatever z and T are: compute "
             "them from z and T."),
            (T != 1.0 and looks_like(got, p),
             "your result does not depend on T: divide the *scores* by T before np.exp. Dividing the "
             "exponentials (or the probabilities) by T cancels out when you normalise."),
            (looks_like(got, _softmax(z * T)), "divide the scores by T, don't multiply: softmax(z / T)."),
            (looks_like(got, p / T), "divide the scores by T before the softmax, not the probabilities after it."),
            (looks_like(got, powered), "p ** (1 / T) sums to 1 only at T = 1: normalise it again, or "
                                       "better, compute softmax(z / T) directly."),
            (z.ndim == 2 and looks_like(got, np.exp(z / T - (z / T).max()) / np.exp(z / T - (z / T).max()).sum()),
             "you normalised over the whole matrix; each row is a score vector of its own: use "
             "axis=-1 and keepdims=True."),
        ]


def _expect_value_error(fn, z, T):
    """Fail unless fn(z, T) raises ValueError with a message that names T."""
    name = getattr(fn, "__name__", "your function")
    called = f"{name}(z, T) for z = {_show(z)}, T = {T!r}"
    try:
        with warnings.catch_warnings(), np.errstate(all="warn"):
            warnings.simplefilter("error", RuntimeWarning)
            result = fn(z.copy(), T)
    except NotImplementedError:
        raise
    except ValueError as err:
        if not re.search(r"\bT\b", str(err)):
            fail(f"{called} raised ValueError({str(err)!r}), which does not say that T is the problem.",
                 "name the parameter in the message, e.g. ValueError(f\"T must be positive; got {T}\"), "
                 "so that the caller sees what to fix.")
        return
    except RuntimeWarning as warning:
        fail(f"{called} gave a RuntimeWarning ({warning}) instead of raising ValueError.", _T_VALIDATE)
    except (Exception, SystemExit) as err:  # the student's code, whatever went wrong in it
        fail(f"{called} raised {type(err).__name__}: {err}; expected ValueError.", _T_VALIDATE)
    fail(f"{called} returned {describe(result)} instead of raising ValueError.", _T_VALIDATE)


@task("softmax with temperature")
def softmax_with_temperature(softmax_with_temperature_fn):
    """Check softmax_with_temperature(z, T) = softmax(z / T) along the last axis: T = 1 equals
    softmax; T = 0.5, 4; T = 0.001 gives the one-hot argmax (a tie shares it equally) without
    overflow; T = 1e6 gives uniform; matrices row by row; ValueError naming T for T = 0 and T < 0."""
    fn = softmax_with_temperature_fn
    for z, T in _T_CASES:
        expected = _softmax(z / T)
        with about(f"softmax_with_temperature(z, T) for z = {_show(z)}, T = {T!r}"):
            got = as_array(run(fn, z, T, warning_hint=_T_SHIFT_HINT), z.shape,
                           f"{getattr(fn, '__name__', 'your function')}()")
            if has_nonfinite(got):
                fail(f"got {_show(got)}, expected {_show(expected)}.", _T_SHIFT_HINT)
            assert_close(got, expected, hint=_TEMPERATURE, mistakes=_temperature_mistakes(got, z, T))
    for T in (0.0, -1.0):
        _expect_value_error(fn, _SHOWN_Z, T)
    return "T -> 0 gives the argmax (ties shared), T -> infinity uniform, T <= 0 refused"
