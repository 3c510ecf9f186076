"""The checks of the Lesson 04 exercises accept correct answers written in several styles and
reject wrong ones with a message naming the failing call and a hint that fits the mistake."""
import math

import numpy as np
import scipy.optimize
import scipy.special

from checks_cases import HARDCODED, MUTATES, VISIBLE_ONLY, Battery, Wrong, cases_test
from course_utils.activations import gelu, mish, sigmoid, swish, tanh
from course_utils.checks import plotting_explorer as check

GOLDEN = (np.sqrt(5.0) - 1.0) / 2.0
ONLY_NUMBERS = ("its arguments are a function and numbers, which cannot be changed in place, "
                "and the check passes functions of its own")


# Task 1 · crossing

def _bisection(g, level, lo, hi, halvings):
    below_at_lo = float(g(lo)) < level
    for _ in range(halvings):
        mid = 0.5 * (lo + hi)
        if (float(g(mid)) < level) == below_at_lo:
            lo = mid
        else:
            hi = mid
    return 0.5 * (lo + hi)


def crossing(g, level, lo, hi):
    return _bisection(g, level, lo, hi, halvings=100)


def crossing_with_brentq(g, level, lo, hi):
    return scipy.optimize.brentq(lambda x: float(g(x)) - level, lo, hi)


def crossing_until_tiny(g, level, lo, hi):
    while hi - lo > 1e-12:
        mid = (lo + hi) / 2
        if (g(lo) - level) * (g(mid) - level) <= 0:
            hi = mid
        else:
            lo = mid
    return (lo + hi) / 2


def crossing_recursive(g, level, lo, hi, steps=60):
    mid = (lo + hi) / 2
    if steps == 0:
        return mid
    if np.sign(g(mid) - level) == np.sign(g(lo) - level):
        return crossing_recursive(g, level, mid, hi, steps - 1)
    return crossing_recursive(g, level, lo, mid, steps - 1)


def crossing_root_scalar(g, level, lo, hi):
    return scipy.optimize.root_scalar(lambda x: g(x) - level, bracket=(lo, hi), method="bisect",
                                      xtol=1e-13).root


def crossing_returning_value(g, level, lo, hi):
    return float(g(crossing(g, level, lo, hi)))


def crossing_assuming_increasing(g, level, lo, hi):
    for _ in range(100):
        mid = 0.5 * (lo + hi)
        if float(g(mid)) < level:
            lo = mid
        else:
            hi = mid
    return 0.5 * (lo + hi)


def crossing_assuming_decreasing(g, level, lo, hi):
    """Right for sigmoid.grad and tanh.grad on [0, 20], the notebook's uses."""
    for _ in range(100):
        mid = 0.5 * (lo + hi)
        if float(g(mid)) > level:
            lo = mid
        else:
            hi = mid
    return 0.5 * (lo + hi)


def crossing_on_the_notebooks_interval(g, level, lo, hi):
    return crossing(g, level, 0.0, 20.0)


def crossing_on_a_grid(g, level, lo, hi):
    x = np.linspace(lo, hi, 1001)
    return float(x[np.argmin(np.abs(g(x) - level))])


def crossing_after_20_halvings(g, level, lo, hi):
    return _bisection(g, level, lo, hi, halvings=20)


def crossing_of_a_nudged_level(g, level, lo, hi):
    """Precise, but for another level: close to the answer, yet not a coarse version of it."""
    return crossing(g, level + 1e-3, lo, hi)


def crossing_hard_coded(g, level, lo, hi):
    return 4.584863339122353


# Task 2 · argmax

def argmax(g, lo, hi):
    for _ in range(200):
        c, d = hi - GOLDEN * (hi - lo), lo + GOLDEN * (hi - lo)
        if float(g(c)) > float(g(d)):
            hi = d
        else:
            lo = c
    return 0.5 * (lo + hi)


def argmax_with_scipy(g, lo, hi):
    return scipy.optimize.minimize_scalar(lambda x: -g(x), bounds=(lo, hi), method="bounded",
                                          options={"xatol": 1e-10}).x


def argmax_ternary(g, lo, hi):
    while hi - lo > 1e-9:
        third = (hi - lo) / 3
        if g(lo + third) < g(hi - third):
            lo += third
        else:
            hi -= third
    return (lo + hi) / 2


def argmax_with_fminbound(g, lo, hi):
    return float(scipy.optimize.fminbound(lambda x: -float(g(x)), lo, hi, xtol=1e-10))


def argmax_grid_then_golden(g, lo, hi):
    x = np.linspace(lo, hi, 41)
    best = int(np.argmax(g(x)))
    return argmax(g, x[max(best - 1, 0)], x[min(best + 1, 40)])


def argmax_returning_value(g, lo, hi):
    return float(g(argmax(g, lo, hi)))


def argmin_by_mistake(g, lo, hi):
    return argmax(lambda x: -g(x), lo, hi)


def argmax_and_its_value(g, lo, hi):
    x = argmax(g, lo, hi)
    return x, g(x)


def argmax_on_a_grid(g, lo, hi):
    x = np.linspace(lo, hi, 101)
    return float(x[np.argmax(g(x))])


def argmax_with_scipy_default_tolerance(g, lo, hi):
    return scipy.optimize.minimize_scalar(lambda x: -g(x), bounds=(lo, hi), method="bounded").x


def argmax_from_zero(g, lo, hi):
    """Right when lo = 0, as in the notebook's uses."""
    return argmax(g, 0.0, hi)


def argmax_hard_coded(g, lo, hi):
    return math.sqrt(2.0)


# Task 3 · minimum_value

def minimum_value(f, lo, hi):
    return float(f(argmax(lambda x: -f(x), lo, hi)))


def minimum_with_scipy_defaults(f, lo, hi):
    return scipy.optimize.minimize_scalar(f, bounds=(lo, hi), method="bounded").fun


def minimum_ternary_on_f(f, lo, hi):
    for _ in range(200):
        third = (hi - lo) / 3
        if f(lo + third) > f(hi - third):
            lo += third
        else:
            hi -= third
    return f((lo + hi) / 2)


def minus_the_maximum_of_minus_f(f, lo, hi):
    def negated(x):
        return -f(x)
    return -negated(argmax(negated, lo, hi))


def minimum_position(f, lo, hi):
    return argmax(lambda x: -f(x), lo, hi)


def maximum_of_minus_f(f, lo, hi):
    def negated(x):
        return -f(x)
    return float(negated(argmax(negated, lo, hi)))


def maximum_value_by_mistake(f, lo, hi):
    return float(f(argmax(f, lo, hi)))


def minimum_on_a_grid(f, lo, hi):
    return float(np.min(f(np.linspace(lo, hi, 101))))


def minimum_where_a_forward_difference_vanishes(f, lo, hi):
    """A stationary point of f, with the offset of a forward difference: not a maximiser."""
    return float(f(crossing(lambda x: (f(x + 1e-3) - f(x)) / 1e-3, 0.0, lo, hi - 1e-3)))


def minimum_as_position_plus_one(f, lo, hi):
    """SiLU's minimum value is its position + 1: true for SiLU only."""
    return argmax(lambda x: -f(x), lo, hi) + 1.0


def minimum_hard_coded(f, lo, hi):
    return -0.27846


# Task 4 · saturation_and_extremes

def answers():
    return {
        "sigmoid_flat_from": crossing(sigmoid.grad, 0.01, 0.0, 20.0),
        "tanh_flat_from": crossing(tanh.grad, 0.01, 0.0, 20.0),
        "gelu_steepest_at": argmax(gelu.grad, 0.0, 4.0),
        "silu_steepest_at": argmax(swish.grad, 0.0, 5.0),
        "silu_minimum": minimum_value(swish, -5.0, 0.0),
    }


def answers_with_scipy():
    return {
        "sigmoid_flat_from": crossing_with_brentq(sigmoid.grad, 0.01, 0.0, 20.0),
        "tanh_flat_from": crossing_with_brentq(tanh.grad, 0.01, 0.0, 20.0),
        "gelu_steepest_at": argmax_with_scipy(gelu.grad, 0.0, 4.0),
        "silu_steepest_at": argmax_with_scipy(swish.grad, 0.0, 5.0),
        "silu_minimum": minimum_with_scipy_defaults(swish, -5.0, 0.0),
    }


def silu_curvature(z):
    return (swish.grad(z + 1e-6) - swish.grad(z - 1e-6)) / 2e-6


def answers_in_closed_form():
    slope_level = (1 + math.sqrt(1 - 4 * 0.01)) / 2  # sigmoid(z) where sigma(1 - sigma) = 0.01
    return {
        "sigmoid_flat_from": math.log(slope_level / (1 - slope_level)),
        "tanh_flat_from": math.atanh(math.sqrt(0.99)),
        "gelu_steepest_at": math.sqrt(2),
        "silu_steepest_at": crossing_with_brentq(silu_curvature, 0.0, 1.0, 4.0),
        "silu_minimum": -float(scipy.special.lambertw(1 / math.e).real),
    }


def answers_as_arrays():
    return {key: np.array(value) for key, value in answers().items()}


def answers_negative_side():
    return {**answers(), "sigmoid_flat_from": crossing(sigmoid.grad, 0.01, -20.0, 0.0)}


def answers_sigmoid_itself():
    return {**answers(), "sigmoid_flat_from": crossing(sigmoid, 0.99, 0.0, 20.0)}


def answers_minimum_position():
    return {**answers(), "silu_minimum": minimum_position(swish, -5.0, 0.0)}


def answers_minimum_of_mish():
    return {**answers(), "silu_minimum": minimum_value(mish, -5.0, 0.0)}


def answers_steepest_slope_value():
    return {**answers(), "gelu_steepest_at": float(gelu.grad(argmax(gelu.grad, 0.0, 4.0)))}


def answers_gelu_tanh_approximation():
    steepest = argmax(lambda z: gelu.grad(z, approximate=True), 0.0, 4.0)
    return {**answers(), "gelu_steepest_at": steepest}


def answers_swapped():
    found = answers()
    return {**found, "gelu_steepest_at": found["silu_steepest_at"],
            "silu_steepest_at": found["gelu_steepest_at"]}


def answers_missing_key():
    return {key: value for key, value in answers().items() if key != "tanh_flat_from"}


def answers_read_off_the_plot():
    """The notebook's plot grid: right to its spacing of 0.01 only."""
    z = np.linspace(-6, 6, 1201)
    right = z >= 0
    return {
        "sigmoid_flat_from": float(z[right][np.argmin(np.abs(sigmoid.grad(z[right]) - 0.01))]),
        "tanh_flat_from": float(z[right][np.argmin(np.abs(tanh.grad(z[right]) - 0.01))]),
        "gelu_steepest_at": float(z[np.argmax(gelu.grad(z))]),
        "silu_steepest_at": float(z[np.argmax(swish.grad(z))]),
        "silu_minimum": float(np.min(swish(z))),
    }


def answers_copied_from_the_text():
    return {"sigmoid_flat_from": 4.5849, "tanh_flat_from": 2.9932, "gelu_steepest_at": 1.4142,
            "silu_steepest_at": 2.3994, "silu_minimum": -0.27846}


SIGMOID_CALL = "crossing(sigmoid, 0.9, -10, 10)"
CASES = {
    check.crossing: Battery(
        reference=crossing,
        correct=[crossing_with_brentq, crossing_until_tiny, crossing_recursive,
                 crossing_root_scalar],
        wrong=[
            Wrong(crossing_returning_value, hint="not the value g(x)", names=SIGMOID_CALL),
            Wrong(crossing_assuming_increasing, hint="g may increase or decrease",
                  names="crossing(sigmoid.grad, 0.1, 0, 10)"),
            Wrong(crossing_assuming_decreasing, hint="don't assume g(lo) < level",
                  names=SIGMOID_CALL, kind=VISIBLE_ONLY),
            Wrong(crossing_on_the_notebooks_interval, hint="lies outside [lo, hi]",
                  names="crossing(tanh, -0.5, -5, 5) gave x = "),
            Wrong(crossing_on_a_grid, hint="not precise enough", names=SIGMOID_CALL),
            Wrong(crossing_after_20_halvings, hint="not precise enough", names=SIGMOID_CALL),
            Wrong(crossing_of_a_nudged_level, hint="changes sign", names="where g(x) = 0.901"),
            Wrong(crossing_hard_coded, hint="returns 4.584863339122353 for other inputs too",
                  names=SIGMOID_CALL, kind=HARDCODED),
        ],
        exempt={MUTATES: "crossing(g, level, lo, hi): " + ONLY_NUMBERS}),
    check.argmax: Battery(
        reference=argmax,
        correct=[argmax_with_scipy, argmax_ternary, argmax_with_fminbound, argmax_grid_then_golden],
        wrong=[
            Wrong(argmax_returning_value, hint="not the largest value g(x)",
                  names="argmax(sigmoid.grad, -3, 5)"),
            Wrong(argmin_by_mistake, hint="finds where g is smallest",
                  names="argmax(sigmoid.grad, -3, 5)"),
            Wrong(argmax_on_a_grid, hint="not precise enough", names="argmax(sigmoid.grad, -3, 5)"),
            Wrong(argmax_and_its_value, hint="return only the x where g is largest",
                  names="argmax(sigmoid.grad, -3, 5) returned shape (2,)"),
            Wrong(argmax_with_scipy_default_tolerance, hint="'xatol': 1e-10", names="argmax("),
            Wrong(argmax_from_zero, hint="start from the lo and hi given",
                  names="argmax(lambda x: -swish(x), -5, 0)", kind=VISIBLE_ONLY),
            Wrong(argmax_hard_coded, hint="returns 1.4142135623730951 for other inputs too",
                  names="argmax(sigmoid.grad, -3, 5)", kind=HARDCODED),
        ],
        exempt={MUTATES: "argmax(g, lo, hi): " + ONLY_NUMBERS}),
    check.minimum_value: Battery(
        reference=minimum_value,
        correct=[minimum_with_scipy_defaults, minimum_ternary_on_f, minus_the_maximum_of_minus_f],
        wrong=[
            Wrong(minimum_position, hint="not the position", names="minimum_value(mish, -4, 0)"),
            Wrong(maximum_of_minus_f, hint="negate it back", names="minimum_value(mish, -4, 0)"),
            Wrong(maximum_value_by_mistake, hint="finds the largest value of f",
                  names="minimum_value(mish, -4, 0)"),
            Wrong(minimum_on_a_grid, hint="not precise enough", names="minimum_value(mish, -4, 0)"),
            Wrong(minimum_where_a_forward_difference_vanishes, hint="find where f is smallest",
                  names="minimum_value(mish, -4, 0)"),
            Wrong(minimum_as_position_plus_one, hint="return f there",
                  names="minimum_value(mish, -4, 0)", kind=VISIBLE_ONLY),
            Wrong(minimum_hard_coded, hint="returns -0.27846 for other inputs too",
                  names="minimum_value(mish, -4, 0)", kind=HARDCODED),
        ],
        exempt={MUTATES: "minimum_value(f, lo, hi): " + ONLY_NUMBERS}),
    check.saturation_and_extremes: Battery(
        reference=answers,
        correct=[answers_with_scipy, answers_in_closed_form, answers_as_arrays],
        wrong=[
            Wrong(answers_negative_side, hint="search on the positive side",
                  names="answers['sigmoid_flat_from']"),
            Wrong(answers_sigmoid_itself, hint="the activation itself reaches 0.99",
                  names="answers['sigmoid_flat_from']"),
            Wrong(answers_minimum_position, hint="asks for the value there",
                  names="answers['silu_minimum']"),
            Wrong(answers_minimum_of_mish, hint="SiLU never goes that low",
                  names="answers['silu_minimum']"),
            Wrong(answers_steepest_slope_value, hint="the largest slope itself",
                  names="answers['gelu_steepest_at']"),
            Wrong(answers_gelu_tanh_approximation, hint="tanh approximation of GELU",
                  names="answers['gelu_steepest_at']"),
            Wrong(answers_swapped, hint="the answer for 'silu_steepest_at'",
                  names="answers['gelu_steepest_at']"),
            Wrong(answers_missing_key, hint="use exactly these keys",
                  names="no key(s) tanh_flat_from"),
            Wrong(answers_read_off_the_plot, hint="not to the digits asked",
                  names="answers['sigmoid_flat_from'] is 4.58", kind=VISIBLE_ONLY),
            Wrong(answers_copied_from_the_text, hint="not to the digits asked",
                  names="answers['sigmoid_flat_from'] is 4.5849", kind=HARDCODED),
        ],
        exempt={MUTATES: "saturation_and_extremes() takes no inputs, so it has nothing to "
                         "change in place"}),
}
test_cases = cases_test(CASES)
