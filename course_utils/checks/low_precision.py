"""Checks for the exercises of Lesson 13 · Low precision.

Each check runs the student's function on the inputs the notebook shows and on others it does
not (other activations and formats; 2-D batches; soft labels and extreme logits). Thresholds are
compared to 1e-6 absolute; float16 probabilities to what 10 mantissa bits allow (1% relative,
1e-6 absolute); float32 losses to 1e-5 relative. Detectors of typical mistakes name one only
when it explains what the student's function returned.
"""
import numpy as np

from ..activations import sigmoid, softmax, softplus, tanh
from ..precision import dtype as _dtype, in_format
from ._core import about, as_array, assert_close, describe, fail, looks_like, normalised_along, run, task


def _shown(z):
    """Logits for a message: their values when there are few, otherwise the shape."""
    if z.size > 9:
        return f"an array of shape {z.shape}"
    return str(np.array([float(f"{v:.6g}") for v in np.ravel(z)]).reshape(z.shape).tolist())


# Task 1 · where an activation rounds to 1

THRESHOLD_ATOL = 1e-6


def _erf(z):
    from scipy.special import erf

    return erf(z)


def _threshold(f, number_format):
    """Smallest z in (0, 100] from which f(z) rounded to the format is 1, to float64 resolution."""
    lo, hi = 0.0, 100.0
    while (mid := (lo + hi) / 2) not in (lo, hi):
        lo, hi = (lo, mid) if in_format(f(mid), number_format) == 1.0 else (mid, hi)
    return hi


def _threshold_cases():
    """(f, its name, format): the notebook's two examples first, then tanh, erf and float32."""
    return [(sigmoid, "sigmoid", "float16"), (sigmoid, "sigmoid", "bfloat16"), (tanh, "tanh", "float16"),
            (sigmoid, "sigmoid", "float32"), (tanh, "tanh", "bfloat16"), (_erf, "erf", "float32"),
            (_erf, "erf", "float16")]


def _threshold_mistake(results, cases):
    """The hint for a mistake that explains every result, or None."""
    formats = [fmt for _, _, fmt in cases]
    if len(set(results)) == 1:
        return (f"your function returns {results[0]!r} whatever f and dtype: compute the threshold "
                "from them by bisection, not from the example's answer.")
    sigmoid_closed = [np.log(4 / float(np.finfo(np.float32).eps if f == "float32" else 2.0**-7 if
                                       f == "bfloat16" else 2.0**-10) - 1) for f in formats]
    if all(abs(r - s) < 1e-4 for r, s in zip(results, sigmoid_closed)):
        return ("your answer is the sigmoid's closed form ln(4/eps - 1) for every f: it is right for "
                "the sigmoid only. Bisect on f itself, so that any increasing f works.")
    bits = {"float16": 11, "bfloat16": 8, "float32": 24}
    if all(abs(r - bits[f] * np.log(2)) < 0.05 for r, (fn, name, f) in zip(results, cases) if name == "sigmoid"):
        return ("that is where sigma computed in the format (1 + e^-z rounding to 1) is 1; the task asks "
                "where the exact value f(z), computed in float64 and then rounded with .astype(dtype), is 1.")
    if all(abs(r - e) < 0.05 for r, e in zip(results, (_threshold(fn, f) for fn, _, f in cases))):
        return ("close, but not to 1e-6: keep halving [lo, hi] until it is tiny (for example 60 "
                "halvings, or until the midpoint equals lo or hi).")
    if any(r < 20 and abs(r - round(r)) < 1e-12 for r in results):
        return ("the search interval must contain the answer: start with f(lo) < 1 and f(hi) == 1 "
                "after rounding, e.g. lo = 0 and hi = 100.")
    return None


@task("where an activation rounds to 1")
def rounds_to_one_from(rounds_to_one_from_fn):
    """Check rounds_to_one_from(f, dtype): the smallest z > 0 with f(z).astype(dtype) == 1."""
    cases, results = _threshold_cases(), []
    for f, name, number_format in cases:
        what = f"rounds_to_one_from({name}, {number_format})"
        dtype = _dtype(number_format).type
        results.append(float(as_array(run(rounds_to_one_from_fn, f, dtype), (), what)))
    for (f, name, number_format), got in zip(cases, results):
        expected = _threshold(f, number_format)
        if not abs(got - expected) <= THRESHOLD_ATOL:
            fail(f"rounds_to_one_from({name}, {number_format}) returned {got!r}, expected {expected!r}.",
                 _threshold_mistake(results, cases) or (
                     "bisect: keep lo with f(lo) rounded to dtype below 1 and hi with it equal to 1, "
                     "halve [lo, hi] until it is tiny, and return hi."))
    return (f"checked {len(cases)} activations and formats; sigmoid rounds to 1 in float16 from "
            f"z = {_threshold(sigmoid, 'float16'):.4f}")


# Task 2 · softmax in float16

SOFTMAX_RTOL, SOFTMAX_ATOL = 1e-2, 1e-6
_SOFTMAX_UNSTABLE = ("exp overflowed (float16 stops at 65504, e^11.1) or a whole row underflowed to 0: "
                     "subtract each row's own maximum, z.max(axis=-1, keepdims=True), before np.exp, so "
                     "that every exponent is at most 0 and each row keeps a 1.")


def _softmax_cases():
    """float16 logits: the notebook's two vectors, then batches (one row per example) of very
    different scales, ties, and random rows."""
    rng = np.random.default_rng(13)
    cases = [np.array([1.0, 2.0, 3.0]), np.array([12.0, 10.0, 3.0]),
             np.array([[100.0, 99.0, 0.0], [-20.0, -21.0, -30.0], [5.0, 5.0, 5.0]]),
             np.array([[30000.0, -30000.0], [0.5, -0.25]]), rng.normal(0.0, 8.0, size=(4, 6))]
    return [c.astype(np.float16) for c in cases]


def _softmax_mistakes(z):
    """(what a mistake returns, hint) on these logits."""
    z64 = z.astype(np.float64)
    mistakes = [(softmax(z64, axis=0),
                 "normalise along the last axis: one distribution per row (axis=-1), not per column.")]
    if z.ndim == 2:
        mistakes.append((np.exp(z64 - z64.max(axis=-1, keepdims=True)),
                         "divide by the sum of each row, so that the probabilities add up to 1."))
    return mistakes


@task("softmax in float16")
def stable_softmax_float16(softmax_fn):
    """Check stable_softmax_float16(z): softmax along the last axis of float16 logits, as float16."""
    cases = _softmax_cases()
    shown = [np.asarray(softmax(c.astype(np.float64)).astype(np.float16), dtype=np.float64) for c in cases[:2]]
    for k, z in enumerate(cases):
        what = f"stable_softmax_float16(z = {_shown(z)})"
        with about(what):
            result = run(softmax_fn, z, warning_hint=_SOFTMAX_UNSTABLE)
        got = as_array(result, z.shape, what, dtype=None)
        if np.asarray(result).dtype != np.float16:
            fail(f"{what} returned values of dtype {np.asarray(result).dtype}; expected float16.",
                 "the task keeps activations in float16: return the probabilities with "
                 ".astype(np.float16) (computing in float32 inside is fine).")
        if any(looks_like(got, s, rtol=1e-3, atol=0) for i, s in enumerate(shown) if i != k):
            fail(f"{what} returned {describe(got)} equal to the notebook's example output.",
                 "compute the probabilities from z: a copy of the example's numbers is right only there.")
        expected = softmax(z.astype(np.float64))
        if not np.all(np.isfinite(got)):
            fail(f"{what} returned inf or NaN.", _SOFTMAX_UNSTABLE)
        mistakes = [(looks_like(got, wrong, rtol=SOFTMAX_RTOL, atol=SOFTMAX_ATOL)
                     or (hint.startswith("normalise") and z.ndim == 2 and normalised_along(got, 0)), hint)
                    for wrong, hint in _softmax_mistakes(z)]
        try:
            assert_close(got, expected, z, label="z", rows=True, mistakes=mistakes,
                         rtol=SOFTMAX_RTOL, atol=SOFTMAX_ATOL,
                         hint="softmax(z) = exp(z - max z) / sum exp(z - max z) along the last axis, "
                              "each row with its own max.")
        except AssertionError as err:
            raise AssertionError(f"{what}: {err}") from None
    return f"checked {len(cases)} inputs, 1-D and batches of rows, logits up to 30000"


# Task 3 · binary cross-entropy from logits, in float32

BCE_RTOL, BCE_ATOL = 1e-5, 1e-30
_BCE_UNSTABLE = ("a log of 0 or an exp that overflowed: never form the probability sigma(z) first. "
                 "From the logit, loss = max(z, 0) - z*y + log1p(exp(-|z|)) never exponentiates "
                 "anything above e^0.")


def _bce(z, y):
    z, y = np.asarray(z, dtype=np.float64), np.asarray(y, dtype=np.float64)
    return softplus(z) - z * y


def _bce_cases():
    """(z, y) in float32: the notebook's example, then extreme logits, soft labels and a batch."""
    rng = np.random.default_rng(31)
    cases = [([2.0, 9.0, 12.0, -20.0], [1.0, 1.0, 0.0, 1.0]),
             ([20.0, -30.0, 0.0, 50.0, -200.0, 200.0], [1.0, 0.0, 1.0, 0.0, 1.0, 1.0]),
             ([3.0, -3.0, 25.0, -40.0, 0.5], [0.9, 0.1, 0.95, 0.2, 0.5]),
             (rng.normal(0.0, 6.0, 50), rng.uniform(0.0, 1.0, 50))]
    return [(np.asarray(z, dtype=np.float32), np.asarray(y, dtype=np.float32)) for z, y in cases]


def _bce_mistakes(z, y):
    """(what a mistake returns, hint) on these inputs."""
    z64, y64 = z.astype(np.float64), y.astype(np.float64)
    with np.errstate(all="ignore"):
        log_not_log1p = (np.maximum(z, 0) - z * y + np.log(1 + np.exp(-np.abs(z)))).astype(np.float64)
        cancelling = (np.logaddexp(np.float32(0), z) - z * y).astype(np.float64)
        p = (1 / (1 + np.exp(-z))).astype(np.float32)
        from_probability = (-(y * np.log(p) + (1 - y) * np.log(1 - p))).astype(np.float64)
        return [
            (from_probability, "never form the probability p = sigma(z) first: in float32, 1 - p keeps few "
                               "digits once p is near 1 (and is 0 from z = 17 on). From the logit, "
                               "loss = max(z, 0) - z*y + log1p(exp(-|z|))."),
            (cancelling, "softplus(z) - z*y cancels where the loss is small: for z = 9, y = 1 both terms "
                         "are about 9 and float32 keeps only 3 digits of their difference. Compute "
                         "max(z, 0) - z*y + log1p(exp(-|z|)): the small part log1p(...) on its own."),
            (log_not_log1p, "np.log(1 + x) loses the digits of a small x (in float32, 1 + 2e-9 is "
                            "exactly 1). Use np.log1p(x), which is accurate for small x."),
            (np.maximum(z64, 0) - z64 * y64,
             "the term log1p(exp(-|z|)) is missing: loss = max(z, 0) - z*y + log1p(exp(-|z|))."),
            (softplus(z64) + z64 * y64, "the sign of z*y: loss = max(z, 0) - z*y + log1p(exp(-|z|))."),
            *((np.where(y_is_one, softplus(-z64), softplus(z64)),
               "y can be any value in [0, 1] (soft labels, e.g. label smoothing): use the formula with "
               "z*y, not a choice between the y = 1 and y = 0 cases.") for y_is_one in (y64 == 1, y64 >= 0.5)),
        ]


@task("binary cross-entropy from logits")
def bce_from_logits(bce_fn):
    """Check bce_from_logits(z, y): per-example binary cross-entropy from float32 logits."""
    cases = _bce_cases()
    shown = _bce(*cases[0])
    for k, (z, y) in enumerate(cases):
        what = f"bce_from_logits(z = {_shown(z)}, y = {_shown(y)})"
        extreme = bool(np.any(np.abs(z) > 15))
        with about(what):
            result = run(bce_fn, z, y, **({"warning_hint": _BCE_UNSTABLE} if extreme else {}))
        if k and looks_like(as_array(result, None, what, dtype=np.float32), shown, rtol=1e-6, atol=0):
            fail(f"{what} returned the notebook's example losses.",
                 "compute the losses from z and y: a copy of the example's numbers is right only there.")
        got = as_array(result, z.shape, what, dtype=np.float32)
        mistakes = [(looks_like(got, wrong, rtol=BCE_RTOL, atol=BCE_ATOL), hint)
                    for wrong, hint in _bce_mistakes(z, y)]
        if not np.all(np.isfinite(got)):
            fail(f"{what} returned inf or NaN.", _BCE_UNSTABLE)
        try:
            assert_close(got, _bce(z, y), z, label="z", mistakes=mistakes, rtol=BCE_RTOL, atol=BCE_ATOL,
                         hint="loss = max(z, 0) - z*y + log1p(exp(-|z|)), elementwise, one loss per example.")
        except AssertionError as err:
            raise AssertionError(f"{what}: {err}") from None
    return f"checked {len(cases)} batches, logits up to ±200, hard and soft labels"
