"""Checks for the exercises of Lesson 04 · Plotting activations: reading numbers off the curves.

Students write a root finder `crossing(g, level, lo, hi)`, a maximiser `argmax(g, lo, hi)` and
`minimum_value(f, lo, hi)`, then use them to pin down where sigmoid and tanh saturate, where
GELU and SiLU are steepest, and how far SiLU dips below zero.

The tools are tried on functions the notebook does not use, each keeping the task's promise (one
crossing, one peak, one dip, inside the interval). Before a hint names a mistake, it is confirmed
by calling the student's function on further inputs: "not precise enough", for example, only if
the function lands much closer to the answer when given a narrower interval around it.
"""
import math
import warnings

import numpy as np

from ..activations import gelu, mish, sigmoid, softplus, swish, tanh
from ._core import as_array, fail, run, task

SILU_DIP_AT = -1.2784645427610738  # where SiLU is smallest; the value there is this + 1
GELU_TANH_STEEPEST_AT = 1.4185040087908284  # argmax of GELU' in the tanh approximation

# The canonical answers (course reference, float64) and how closely each must be matched.
ANSWERS = {
    "sigmoid_flat_from": (4.584863339122353, 1e-9),  # |z| where sigmoid'(z) = 0.01
    "tanh_flat_from": (2.993222846126382, 1e-6),     # |z| where tanh'(z) = 0.01
    "gelu_steepest_at": (math.sqrt(2.0), 1e-6),      # argmax of GELU'
    "silu_steepest_at": (2.3993572805154677, 1e-5),  # argmax of SiLU'
    "silu_minimum": (SILU_DIP_AT + 1.0, 1e-9),       # min of SiLU
}
RECIPES = {  # how the task's own functions compute each answer
    "sigmoid_flat_from": "crossing(sigmoid.grad, 0.01, 0.0, 20.0)",
    "tanh_flat_from": "crossing(tanh.grad, 0.01, 0.0, 20.0)",
    "gelu_steepest_at": "argmax(gelu.grad, 0.0, 4.0)",
    "silu_steepest_at": "argmax(swish.grad, 0.0, 5.0)",
    "silu_minimum": "minimum_value(swish, -5.0, 0.0)",
}
# Where each activation itself (not its slope) reaches 0.99: "saturates" read the other way.
_REACHES_099 = {"sigmoid_flat_from": math.log(99.0), "tanh_flat_from": math.atanh(0.99)}
_PEAK_SLOPES = {"gelu_steepest_at": float(gelu.grad(math.sqrt(2.0))),
                "silu_steepest_at": float(swish.grad(ANSWERS["silu_steepest_at"][0]))}

_HARD_CODED = ("your function returns {got!r} for other inputs too: compute the answer from "
               "its arguments; a number typed in answers one question only.")
_OUTSIDE = ("your answer lies outside [lo, hi]: search the interval given, starting from its lo "
            "and hi.")
_PRECISE_CROSSING = ("your answer is close but not precise enough: keep halving until the "
                     "interval is shorter than about 1e-10 (60 halvings), then return its "
                     "midpoint.")
_PRECISE_ARGMAX = ("your answer is close but not precise enough: keep shrinking the interval "
                   "(100 golden-section steps); with scipy, pass options={'xatol': 1e-10}, as "
                   "the default tolerance is only 1e-5.")
_PRECISE_MINIMUM = ("your answer is close but not precise enough: locate the dip precisely (your "
                    "argmax on -f), then return f there; a grid of points is too coarse.")


def _number(fn, args, what, answer):
    """The student's fn(*args) as one number; `answer` says what that number is."""
    return _one_number(run(fn, *args), what, answer)


def _one_number(value, what, answer):
    """`value` as a float, or fail: one value in an array gets the core's hint (.item()), several
    values a hint saying what to return."""
    try:
        count = np.asarray(value, dtype=float).size
    except (TypeError, ValueError):  # not numbers: as_array explains
        count = 1
    return float(as_array(value, shape=(), what=what, dtype=None, shape_hint=None if count == 1
                          else f"return only {answer}, as a single number."))


def _probe(fn, *args):
    """The student's number for `args`, or None if that call fails: probes test a suspected
    mistake and must not fail for reasons of their own."""
    try:
        return _number(fn, args, "probe", "")
    except AssertionError:
        return None


def _near(got, target, tol=1e-6):
    return got is not None and abs(got - target) <= tol


def _at(g, x):
    """g(x) for a message, whatever x is."""
    with warnings.catch_warnings(), np.errstate(all="ignore"):
        warnings.simplefilter("ignore")
        try:
            return f"{float(g(x)) + 0.0:.10g}"
        except (TypeError, ValueError, OverflowError, ZeroDivisionError):
            return "undefined"


def _fail(problem, hint, mistakes):
    """Fail with the hint of the first confirmed mistake; each is (confirm, hint), where
    confirm() runs only if no earlier mistake was confirmed."""
    fail(problem, next((h for confirm, h in mistakes if confirm()), hint))


def _homes_in(solve, exact, got, lo, hi):
    """True if the student's function, on a narrower interval [a, b] around `exact` that leaves
    `got` outside, lands far closer to `exact`: the right quantity, computed too coarsely. An
    answer to another question lands at an end of [a, b] instead. `solve(a, b)` runs it."""
    miss = abs(got - exact)
    if not miss < 0.1 * (hi - lo):  # also False for nan
        return False
    a, b = max(lo, exact - 0.7 * miss), min(hi, exact + 0.35 * miss)
    return _near(solve(a, b), exact, (b - a) / 10)


def _homes_in_on_value(solve, lowest, where, got, lo, hi):
    """Like `_homes_in` for a smallest value: a coarse minimum is a value f takes, so never below
    `lowest`, and on a tenth of [lo, hi] around the dip at `where` it comes ten times closer."""
    miss = got - lowest
    if not 0 < miss < 0.01:
        return False
    span = (hi - lo) / 10
    closer = solve(max(lo, where - 0.7 * span), min(hi, where + 0.35 * span))
    return closer is not None and lowest - 1e-12 <= closer <= lowest + miss / 10


CROSSING_CASES = [  # (g, level, lo, hi, exact x, the call as the message shows it)
    (sigmoid, 0.9, -10.0, 10.0, math.log(9.0), "sigmoid, 0.9, -10, 10"),
    (tanh, -0.5, -5.0, 5.0, math.atanh(-0.5), "tanh, -0.5, -5, 5"),
    (sigmoid.grad, 0.1, 0.0, 10.0, math.log((1 + math.sqrt(0.6)) / (1 - math.sqrt(0.6))),
     "sigmoid.grad, 0.1, 0, 10"),
    (softplus, 1.0, -5.0, 5.0, math.log(math.e - 1.0), "softplus, 1.0, -5, 5"),
    (tanh.grad, 0.5, 0.25, 3.0, math.atanh(math.sqrt(0.5)), "tanh.grad, 0.5, 0.25, 3"),
]


@task("crossing by bisection")
def crossing(crossing_fn):
    """Check crossing(g, level, lo, hi): the x in [lo, hi] with g(x) = level, g monotonic there."""
    for i, (g, level, lo, hi, exact, text) in enumerate(CROSSING_CASES):
        got = _number(crossing_fn, (g, level, lo, hi), f"crossing({text})",
                      "the x where g(x) = level")
        if abs(got - exact) <= 1e-9:
            continue
        other = CROSSING_CASES[i - 1]
        _fail(f"crossing({text}) gave x = {got!r}, where g(x) = {_at(g, got)}; expected "
              f"x = {exact!r} (within 1e-9), where g(x) = {level}.",
              "bisection: start from the lo and hi given, and keep the half [lo, mid] or "
              "[mid, hi] on which g(x) - level changes sign.", [
                  (lambda: _near(got, level) and not _near(exact, level, 1e-3),
                   "return the position x where g(x) = level, not the value g(x)."),
                  (lambda: _probe(crossing_fn, *other[:4]) == got, _HARD_CODED.format(got=got)),
                  (lambda: not lo <= got <= hi, _OUTSIDE),
                  (lambda: _near(got, lo) or _near(got, hi),
                   "your answer is an end of [lo, hi], but g crosses the level inside: keep the "
                   "half on which g(x) - level changes sign. g may increase or decrease "
                   "(sigmoid' decreases for x > 0), so don't assume g(lo) < level; test "
                   "(g(lo) - level) * (g(mid) - level) <= 0."),
                  (lambda: _homes_in(lambda a, b: _probe(crossing_fn, g, level, a, b),
                                     exact, got, lo, hi), _PRECISE_CROSSING),
              ])
    return f"exact to 1e-9 on {len(CROSSING_CASES)} increasing and decreasing functions"


ARGMAX_CASES = [  # (g, lo, hi, exact x, the call as the message shows it)
    (sigmoid.grad, -3.0, 5.0, 0.0, "sigmoid.grad, -3, 5"),
    (mish.grad, 0.0, 4.0, 1.4905711794854285, "mish.grad, 0, 4"),
    (lambda x: 2.0 - (x - 1.3) ** 2, -2.0, 4.0, 1.3, "lambda x: 2 - (x - 1.3)**2, -2, 4"),
    (lambda x: -swish(x), -5.0, 0.0, SILU_DIP_AT, "lambda x: -swish(x), -5, 0"),
]


@task("argmax of a slope")
def argmax(argmax_fn):
    """Check argmax(g, lo, hi): where g is largest on [lo, hi], for g with a single peak there."""
    for i, (g, lo, hi, exact, text) in enumerate(ARGMAX_CASES):
        got = _number(argmax_fn, (g, lo, hi), f"argmax({text})", "the x where g is largest")
        if abs(got - exact) <= 1e-6:
            continue
        peak, other = float(g(exact)), ARGMAX_CASES[i - 1]
        _fail(f"argmax({text}) gave x = {got!r}, where g(x) = {_at(g, got)}; expected "
              f"x = {exact!r} (within 1e-6), where g(x) = {peak:.6g} is largest.",
              "compare g at two interior points and drop the part of [lo, hi] beyond the lower "
              "one (golden-section search), until the interval is tiny; or maximise with "
              "scipy.optimize.minimize_scalar(lambda x: -g(x), bounds=(lo, hi), "
              "method='bounded', options={'xatol': 1e-10}).", [
                  (lambda: _near(got, peak) and not _near(exact, peak, 1e-3),
                   "return where g is largest (the x), not the largest value g(x)."),
                  (lambda: _probe(argmax_fn, *other[:3]) == got, _HARD_CODED.format(got=got)),
                  (lambda: _near(_probe(argmax_fn, lambda x: -g(x), lo, hi), exact),
                   "your function finds where g is smallest: keep the part with the larger g "
                   "(if g(c) > g(d), continue with [lo, d])."),
                  (lambda: not lo <= got <= hi, _OUTSIDE),
                  (lambda: _near(got, lo) or _near(got, hi),
                   "your answer is an end of [lo, hi], but g peaks inside: start from the lo "
                   "and hi given, and keep the part with the larger g at each step."),
                  (lambda: _homes_in(lambda a, b: _probe(argmax_fn, g, a, b), exact, got, lo, hi),
                   _PRECISE_ARGMAX),
              ])
    return f"located {len(ARGMAX_CASES)} peaks to 1e-6"


MINIMUM_CASES = [  # (f, lo, hi, smallest value, where it is, the call as the message shows it)
    (mish, -4.0, 0.0, -0.3088434130172504, -1.1924312145154952, "mish, -4, 0"),
    (lambda x: (x - 2.0) ** 2 + 0.5, 0.0, 5.0, 0.5, 2.0, "lambda x: (x - 2)**2 + 0.5, 0, 5"),
    (lambda x: x * np.log(x), 0.1, 2.0, -1.0 / math.e, 1.0 / math.e,
     "lambda x: x * np.log(x), 0.1, 2"),
]


@task("minimum value")
def minimum_value(minimum_fn):
    """Check minimum_value(f, lo, hi): the smallest value of f on [lo, hi] (a number, not a
    position), for f with a single dip inside [lo, hi]."""
    for i, (f, lo, hi, lowest, where, text) in enumerate(MINIMUM_CASES):
        got = _number(minimum_fn, (f, lo, hi), f"minimum_value({text})",
                      "the smallest value of f")
        if abs(got - lowest) <= 1e-9:
            continue
        other = MINIMUM_CASES[i - 1]
        _fail(f"minimum_value({text}) gave {got!r}; expected {lowest!r} (within 1e-9), the value "
              f"of f at x = {where:.6g}.",
              "the minimum of f is minus the maximum of -f: find where f is smallest, then "
              "return f there.", [
                  (lambda: _near(got, where, 1e-5) and not _near(lowest, where, 1e-3),
                   "return the smallest value f(x), not the position x where it occurs."),
                  (lambda: _near(got, -lowest) and not _near(lowest, 0.0, 1e-3),
                   "that is the largest value of -f, which is minus the smallest value of f: "
                   "return f at that position (or negate it back)."),
                  (lambda: _probe(minimum_fn, *other[:3]) == got, _HARD_CODED.format(got=got)),
                  (lambda: got - lowest > 1e-3
                   and _near(_probe(minimum_fn, lambda x: -f(x), lo, hi), -lowest),
                   "your function finds the largest value of f: look for a minimum, e.g. where "
                   "-f is largest."),
                  (lambda: _homes_in_on_value(lambda a, b: _probe(minimum_fn, f, a, b),
                                              lowest, where, got, lo, hi), _PRECISE_MINIMUM),
              ])
    return f"found {len(MINIMUM_CASES)} minima to 1e-9"


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
        got = _one_number(answers[key], f"answers[{key!r}]", f"the number {RECIPES[key]} gives")
        if abs(got - expected) <= tol:
            continue
        _fail(f"answers[{key!r}] is {got!r}; expected {expected!r} (within {tol:g}).",
              f"compute it with your functions from the tasks above: {RECIPES[key]}.",
              _reading_mistakes(key, got, expected))
    return ", ".join(f"{key} = {float(answers[key]):.10g}" for key in ANSWERS)


def _reading_mistakes(key, got, expected):
    """(confirm, hint) for the mistakes in reading `key` off the curves; each confirms that
    `got` is exactly what the mistake gives."""
    others = [other for other in ANSWERS if other != key and _near(got, ANSWERS[other][0])]
    mistakes = [
        (lambda: bool(others), f"that is the answer for {' and '.join(map(repr, others))}."),
        (lambda: key.endswith("flat_from") and _near(got, -expected),
         "|z| is asked for: search on the positive side, e.g. [0, 20]."),
        (lambda: _near(got, _REACHES_099.get(key, math.nan)),
         "that is where the activation itself reaches 0.99; the task asks where its slope "
         f"falls to 0.01: {RECIPES[key]}."),
        (lambda: _near(got, _PEAK_SLOPES.get(key, math.nan)),
         "that is the largest slope itself; the task asks where it occurs."),
        (lambda: key == "gelu_steepest_at" and _near(got, GELU_TANH_STEEPEST_AT),
         "that is where the tanh approximation of GELU is steepest; use the exact gelu.grad "
         "(approximate=False, the default)."),
        (lambda: key == "silu_minimum" and _near(got, SILU_DIP_AT),
         "that is where SiLU is smallest; the task asks for the value there."),
        (lambda: key == "silu_minimum" and got < expected,
         "SiLU never goes that low, so this is not a value of SiLU: apply "
         f"{RECIPES[key]} to SiLU itself (swish)."),
    ]
    coarse = (0 < got - expected <= 1e-3) if key == "silu_minimum" else abs(got - expected) <= 1e-2
    mistakes.append((lambda: coarse,
                     "close, but not to the digits asked: a plot, a grid of points or rounded "
                     f"numbers are too coarse; compute it with your functions: {RECIPES[key]}."))
    return mistakes
