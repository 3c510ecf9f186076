"""Checks for the exercises of Lesson 03 · The mathematics of activation functions."""
import numpy as np

from ..activations import logit as _logit, sigmoid as _sigmoid, softmax as _softmax
from ..activations import softmax_jacobian as _softmax_jacobian, tanh as _tanh
from ..gradcheck import numerical_derivative, relative_error
from ._core import assert_close, call, fail, grid, has_nonfinite, looks_like, task

FD_THRESHOLD = 1e-7  # the finite-difference criterion of the exercises (float64, h = 1e-5)
_FAR = np.array([-1000.0, -50.0, 50.0, 1000.0])  # saturated inputs that must not overflow


def _fd_points():
    """40 random points in [-4, 4] (further out tanh' is so small that the rounding error of a
    finite difference, ~1e-11, exceeds 1e-7 of it), none within 0.01 of 0."""
    x = np.random.default_rng(3).uniform(-4.0, 4.0, 40)
    return x[np.abs(x) > 0.01]


def _derivative_task(fn, ref, from_f, name, formula, mistakes):
    """Shared body of the sigmoid' and tanh' checks: value at 0, finite differences, tails."""
    x = _fd_points()
    got = call(fn, x, shape=x.shape, shape_hint="work elementwise: one value per input.")
    err = relative_error(got, numerical_derivative(ref, x))
    if err.max() >= FD_THRESHOLD:
        detected = [(looks_like(got, from_f(x)),
                     f"the formula uses f(x) = {name}(x), not x itself: compute f = {name}(x) "
                     f"first, then return {formula}.")]
        detected += [(mistake(got, x), hint) for mistake, hint in mistakes]
        worst = int(np.argmax(err))
        hint = next((h for found, h in detected if found), f"{name}'(x) = {formula} with f = {name}(x).")
        fail(f"at x = {float(x[worst])!r} your derivative is {float(got[worst])!r}, but the finite-difference "
             f"slope of {name} is {float(numerical_derivative(ref, x[worst]))!r} (relative error "
             f"{err.max():.1e}, must be < {FD_THRESHOLD:.0e}).", hint)
    at_zero = float(call(fn, np.array(0.0), shape=(), shape_hint="work elementwise: one value per input."))
    if at_zero != float(ref.grad(0.0)):
        fail(f"{name}'(0) gave {at_zero!r}, expected exactly {float(ref.grad(0.0))!r}.",
             f"at x = 0, f = {float(ref(0.0))!r}; put it into {formula}.")
    z = np.concatenate([grid(-20.0, 20.0, 81), _FAR])
    got = call(fn, z, shape=z.shape, warning_hint=(
        f"exp or cosh of a large number overflows; compute f = {name}(x) with the course's stable "
        f"function and return {formula}, which stays finite for every x."))
    if has_nonfinite(got):
        fail(f"{name}' gave inf or nan for large |x| (e.g. x = ±1000).",
             f"write the derivative from f = {name}(x): {formula} is finite for every x.")
    assert_close(got, ref.grad(z), z, hint=f"{name}'(x) = {formula} with f = {name}(x).")
    return f"{name}'(0) = {at_zero!r}; max relative error vs finite differences {err.max():.1e}"


@task("sigmoid derivative")
def sigmoid_derivative(sigmoid_derivative_fn):
    """Check sigmoid'(x) = f (1 - f) with f = sigmoid(x): FD error < 1e-7, exact 1/4 at 0, finite tails."""
    return _derivative_task(
        sigmoid_derivative_fn, _sigmoid, lambda f: f * (1 - f), "sigmoid", "f * (1 - f)",
        [(lambda got, x: looks_like(got, _sigmoid(x) * (1 + _sigmoid(x))),
          "mind the sign: sigmoid' = f * (1 - f), not f * (1 + f)."),
         (lambda got, x: looks_like(got, _sigmoid(x)),
          "you returned the sigmoid itself; return its derivative f * (1 - f).")])


@task("tanh derivative")
def tanh_derivative(tanh_derivative_fn):
    """Check tanh'(x) = 1 - f**2 with f = tanh(x): FD error < 1e-7, exactly 1 at 0, finite tails."""
    return _derivative_task(
        tanh_derivative_fn, _tanh, lambda f: 1 - f * f, "tanh", "1 - f**2",
        [(lambda got, x: looks_like(got, 1 - _tanh(x)),
          "square f: tanh' = 1 - f**2, not 1 - f."),
         (lambda got, x: looks_like(got, 1 + _tanh(x) ** 2),
          "mind the sign: tanh' = 1 - f**2.")])


_MAX_HINT = ("subtract the maximum first: softmax(z) = softmax(z - max(z)), so that no exponent is "
             "positive and exp cannot overflow (exp(1000) is inf).")
_AXIS_HINT = ("normalise along `axis` only: e = np.exp(z - z.max(axis=axis, keepdims=True)), then "
              "e / e.sum(axis=axis, keepdims=True). keepdims=True keeps the summed axis, so the "
              "division lines up with the right rows or columns.")


def _check_softmax_matrix(fn, scores, axis):
    got = call(fn, scores, axis, shape=scores.shape, shape_hint=(
        "softmax keeps the shape of its input: one probability per score."), warning_hint=_MAX_HINT)
    e = np.exp(scores - scores.max())
    try:
        assert_close(got, _softmax(scores, axis=axis), hint=_AXIS_HINT, mistakes=[
            (looks_like(got, e / e.sum()),
             "you normalised over the whole array; sum along `axis` only, with keepdims=True."),
            (looks_like(got, _softmax(scores, axis=1 - axis % 2)),
             f"this normalises along the other axis; use axis={axis}, as given."),
        ])
    except AssertionError as err:
        raise AssertionError(f"softmax(Z, {axis}) for a 3 x 3 matrix Z is {err}") from None


@task("stable softmax")
def softmax(softmax_fn):
    """Check softmax(z, axis=-1): values, large scores without overflow, 2-D input on both axes."""
    z = np.array([1.0, 2.0, 3.0])
    got = call(softmax_fn, z, shape=z.shape)
    assert_close(got, _softmax(z), z, rows=True, label="z", hint="softmax(z)_i = exp(z_i) / sum_j exp(z_j).",
                 rtol=1e-12, atol=0.0)
    big = np.array([1000.0, 1001.0, 1002.0])
    got = call(softmax_fn, big, shape=big.shape, warning_hint=_MAX_HINT)
    if has_nonfinite(got):
        fail("softmax([1000, 1001, 1002]) gave inf or nan.", _MAX_HINT)
    assert_close(got, _softmax(big), big, rows=True, label="z", hint=_MAX_HINT)
    scores = np.random.default_rng(7).normal(0.0, 3.0, size=(3, 3))  # square: a wrong axis cannot hide
    for axis in (-1, 0):
        _check_softmax_matrix(softmax_fn, scores, axis)
    return "exact for [1, 2, 3], no overflow at 1000, rows and columns of a matrix"


@task("softmax Jacobian")
def softmax_jacobian(jacobian_fn):
    """Check softmax_jacobian(z) = diag(p) - p p^T for 1-D z of several lengths."""
    rng = np.random.default_rng(11)
    cases = [np.array([1.0, 2.0, 3.0]), np.array([0.5, -0.5])] + [rng.normal(size=k) for k in (4, 6)]
    for z in cases:
        k = z.size
        got = call(jacobian_fn, z, shape=(k, k), shape_hint=(
            f"the Jacobian of softmax on {k} scores is a {k} x {k} matrix: J[i, j] = d p_i / d z_j."))
        p = _softmax(z)
        assert_close(got, _softmax_jacobian(z), label=f"z = {np.round(z, 3).tolist()}; J", hint=(
            "J[i, j] = p_i (delta_ij - p_j): J = np.diag(p) - np.outer(p, p), with p = softmax(z)."),
            mistakes=[
                (looks_like(got, p[:, None] * (np.eye(k) - p[:, None])),
                 "this is p_i (delta_ij - p_i), the form with the wrong index: the bracket holds "
                 "p_j, the output of the score you differentiate by, so off the diagonal "
                 "J[i, j] = -p_i p_j. Your rows do not sum to 0."),
                (looks_like(got, -np.outer(p, p)),
                 "the diagonal is missing its p_i term: J = np.diag(p) - np.outer(p, p)."),
                (looks_like(got, np.outer(p, p) - np.diag(p)),
                 "the sign is flipped: J = np.diag(p) - np.outer(p, p)."),
            ])
    return "symmetric, rows sum to 0, matches diag(p) - p p^T on 4 score vectors"


@task("logit")
def logit(logit_fn):
    """Check logit(p) = log(p / (1 - p)): logit(1/2) = 0, values on (0, 1), and logit(sigmoid(x)) = x."""
    half = call(logit_fn, np.array(0.5), shape=(), shape_hint="work elementwise: one value per p.")
    p = np.concatenate([[1e-12, 1e-6], np.linspace(0.01, 0.99, 99), [1 - 1e-6]])
    got = call(logit_fn, p, shape=p.shape)
    assert_close(got, _logit(p), p, label="p", hint=(
        "logit(p) = log(p / (1 - p)) with the natural log; log(p) - log1p(-p) is the same."),
        mistakes=[
            (looks_like(got, _logit(p) / np.log(10)),
             "use the natural logarithm np.log, not np.log10: sigmoid uses e^x."),
            (looks_like(got, -_logit(p)), "the fraction is upside down: log(p / (1 - p))."),
            (looks_like(got, np.log(p / (1 + p))), "the denominator is 1 - p, the probability of the other outcome."),
            (looks_like(got, _sigmoid(p)), "you applied the sigmoid; the logit is its inverse."),
        ])
    if float(half) != 0.0:
        fail(f"logit(0.5) gave {float(half)!r}, expected 0.0.", "p = 1/2 means even odds: log(1) = 0.")
    x = np.linspace(-15.0, 15.0, 61)
    back = call(logit_fn, _sigmoid(x), shape=x.shape)
    assert_close(back, x, x, label="x; logit(sigmoid(x))", rtol=1e-9, atol=1e-9,
                 hint="logit must undo the sigmoid: logit(sigmoid(x)) = x.")
    return "logit(0.5) = 0.0 and logit(sigmoid(x)) = x on [-15, 15]"
