"""Checks for the exercises of Lesson 04 · Plotting activations: reading numbers off the curves.

Students write a root finder `crossing(g, level, lo, hi)`, a maximiser `argmax(g, lo, hi)` and
`minimum_value(f, lo, hi)`, then use them to pin down where sigmoid and tanh saturate, where
GELU and SiLU are steepest, and how far SiLU dips below zero.
"""
import math

from ..activations import mish, sigmoid, softplus, tanh
from ._core import as_array, fail, run, task

# The canonical answers (course reference, float64) and how closely each must be matched.
ANSWERS = {
    "sigmoid_flat_from": (4.584863339122353, 1e-9),  # |x| where sigmoid'(x) = 0.01
    "tanh_flat_from": (2.993222846126382, 1e-6),     # |x| where tanh'(x) = 0.01
    "gelu_steepest_at": (math.sqrt(2.0), 1e-6),      # argmax of GELU'
    "silu_steepest_at": (2.3993573, 1e-5),           # argmax of SiLU'
    "silu_minimum": (-0.2784645428, 1e-9),           # min of SiLU (at x = -1.2784645428)
}
_PRECISION_HINT = ("your answer is close but not precise enough: keep halving the interval until it "
                   "is shorter than about 1e-10 (roughly 40-60 steps), then return its midpoint.")


def _number(fn, args, what):
    return float(as_array(run(fn, *args), shape=(), what=what, dtype=None))


def _compare(got, expected, tol, where, hint, mistakes=(), close=0.05):
    """Fail unless |got - expected| <= tol; the first detected mistake chooses the hint, else an
    answer within `close` gets the precision hint."""
    if abs(got - expected) <= tol:
        return
    if abs(got - expected) < close:
        hint = _PRECISION_HINT
    hint = next((h for detected, h in mistakes if detected), hint)
    fail(f"{where} gave {got!r}, expected {expected!r} (within {tol:g}).", hint)


@task("crossing by bisection")
def crossing(crossing_fn):
    """Check crossing(g, level, lo, hi): the x in [lo, hi] with g(x) = level, g monotonic there."""
    cases = [  # (g, level, lo, hi, exact x, description)
        (sigmoid, 0.9, -10.0, 10.0, math.log(9.0), "sigmoid, 0.9, -10, 10"),
        (tanh, -0.5, -5.0, 5.0, math.atanh(-0.5), "tanh, -0.5, -5, 5"),
        (sigmoid.grad, 0.1, 0.0, 10.0, math.log((1 + math.sqrt(0.6)) / (1 - math.sqrt(0.6))),
         "sigmoid.grad, 0.1, 0, 10"),
        (softplus, 1.0, -5.0, 5.0, math.log(math.e - 1.0), "softplus, 1.0, -5, 5"),
    ]
    for g, level, lo, hi, exact, text in cases:
        got = _number(crossing_fn, (g, level, lo, hi), f"crossing({text})")
        decreasing = float(g(hi)) < float(g(lo))
        _compare(got, exact, 1e-9, f"crossing({text})",
                 "bisection: keep the half [lo, mid] or [mid, hi] on which g(x) - level changes sign.",
                 mistakes=[
                     (abs(got - level) < 1e-6,
                      "return the position x where g(x) = level, not the value g(x)."),
                     (decreasing and (abs(got - lo) < 1e-6 or abs(got - hi) < 1e-6),
                      "g may decrease (like sigmoid' for x > 0): don't assume g(lo) < level; keep "
                      "the half on which g(x) - level changes sign, e.g. test "
                      "(g(lo) - level) * (g(mid) - level) <= 0."),
                 ])
    return "exact to 1e-9 on increasing and decreasing functions"


@task("argmax of a slope")
def argmax(argmax_fn):
    """Check argmax(g, lo, hi): where g is largest on [lo, hi], for g with a single peak there."""
    cases = [  # (g, lo, hi, exact x, description)
        (sigmoid.grad, -3.0, 5.0, 0.0, "sigmoid.grad, -3, 5"),
        (mish.grad, 0.0, 4.0, 1.4905711982, "mish.grad, 0, 4"),
        (lambda x: 2.0 - (x - 1.3) ** 2, -2.0, 4.0, 1.3, "lambda x: 2 - (x - 1.3)**2, -2, 4"),
    ]
    for g, lo, hi, exact, text in cases:
        got = _number(argmax_fn, (g, lo, hi), f"argmax({text})")
        peak = float(g(exact))
        _compare(got, exact, 1e-6, f"argmax({text})",
                 "compare g at two interior points and drop the part of [lo, hi] beyond the lower "
                 "one (golden-section search), until the interval is tiny; or maximise with "
                 "scipy.optimize.minimize_scalar(lambda x: -g(x), bounds=(lo, hi), "
                 "method='bounded', options={'xatol': 1e-10}).",
                 mistakes=[
                     (abs(got - peak) < 1e-6 and abs(exact - peak) > 1e-3,
                      "return where g is largest (the x), not the largest value g(x)."),
                     (abs(got - lo) < 1e-6 or abs(got - hi) < 1e-6,
                      "your answer is an end of the interval: check that you keep the part with the "
                      "larger g (a maximum, not a minimum)."),
                 ])
    return "located three peaks to 1e-6"


@task("minimum value")
def minimum_value(minimum_fn):
    """Check minimum_value(f, lo, hi): the smallest value of f on [lo, hi] (a number, not a position)."""
    cases = [  # (f, lo, hi, minimum value, where it is, description)
        (mish, -4.0, 0.0, -0.3088434130172504, -1.1924312145, "mish, -4, 0"),
        (lambda x: (x - 2.0) ** 2 + 0.5, 0.0, 5.0, 0.5, 2.0, "lambda x: (x - 2)**2 + 0.5, 0, 5"),
        (tanh, -1.0, 1.0, math.tanh(-1.0), -1.0, "tanh, -1, 1"),
    ]
    for f, lo, hi, lowest, where, text in cases:
        got = _number(minimum_fn, (f, lo, hi), f"minimum_value({text})")
        _compare(got, lowest, 1e-9, f"minimum_value({text})",
                 "the minimum of f is minus the maximum of -f: find where f is smallest, then "
                 "return f there.",
                 mistakes=[
                     (abs(got - where) < 1e-5 and abs(lowest - where) > 1e-3,
                      "return the smallest value f(x), not the position x where it occurs."),
                     (got > lowest + 1e-2,
                      "that is not the smallest value: check that you look for a minimum of f, "
                      "not a maximum."),
                 ], close=1e-2)
    return "found three minima to 1e-9"


@task("reading numbers off the curves")
def saturation_and_extremes(answers_fn):
    """Check the dict of the five canonical numbers of the Lesson 04 exercises."""
    answers = run(answers_fn)
    if not isinstance(answers, dict):
        fail(f"saturation_and_extremes() returned {type(answers).__name__}; expected a dict.",
             "return a dict with the keys " + ", ".join(ANSWERS) + ".")
    missing = [key for key in ANSWERS if key not in answers]
    if missing:
        fail(f"the dict has no key(s) {', '.join(missing)}.",
             "use exactly these keys: " + ", ".join(ANSWERS) + ".")
    for key, (expected, tol) in ANSWERS.items():
        got = float(as_array(answers[key], shape=(), what=f"answers[{key!r}]", dtype=None))
        _compare(got, expected, tol, f"answers[{key!r}]",
                 "use your functions from the tasks above on the course's activations, e.g. "
                 "crossing(sigmoid.grad, 0.01, 0.0, 20.0).",
                 mistakes=[
                     (key.endswith("flat_from") and abs(got + expected) <= tol,
                      "|x| is asked for: search on the positive side, e.g. [0, 20]."),
                     (key == "silu_minimum" and abs(got + 1.2784645428) < 1e-4,
                      "that is where SiLU is smallest; the task asks for the value there."),
                     (key.endswith("steepest_at") and abs(got - 1.1) < 0.05,
                      "that looks like the largest slope itself; the task asks for where it occurs."),
                     (key.endswith("steepest_at") and abs(got) < 1e-3,
                      "search the derivative of the activation (gelu.grad, swish.grad), not of the sigmoid."),
                 ])
    return ", ".join(f"{key} = {float(answers[key]):.10g}" for key in ANSWERS)
