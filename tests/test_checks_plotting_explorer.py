"""The checks of the Lesson 04 exercises accept the reference answers and reject typical mistakes."""
import numpy as np

from checks_cases import cases_test
from course_utils.activations import gelu, sigmoid, swish, tanh
from course_utils.checks import plotting_explorer as check

GOLDEN = (np.sqrt(5.0) - 1.0) / 2.0


def crossing(g, level, lo, hi):
    below_at_lo = float(g(lo)) < level
    for _ in range(100):
        mid = 0.5 * (lo + hi)
        if (float(g(mid)) < level) == below_at_lo:
            lo = mid
        else:
            hi = mid
    return 0.5 * (lo + hi)


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


def crossing_on_a_grid(g, level, lo, hi):
    x = np.linspace(lo, hi, 1001)
    return float(x[np.argmin(np.abs(g(x) - level))])


def argmax(g, lo, hi):
    for _ in range(200):
        c, d = hi - GOLDEN * (hi - lo), lo + GOLDEN * (hi - lo)
        if float(g(c)) > float(g(d)):
            hi = d
        else:
            lo = c
    return 0.5 * (lo + hi)


def argmax_returning_value(g, lo, hi):
    return float(g(argmax(g, lo, hi)))


def argmin_by_mistake(g, lo, hi):
    return argmax(lambda x: -g(x), lo, hi)


def argmax_on_a_grid(g, lo, hi):
    x = np.linspace(lo, hi, 101)
    return float(x[np.argmax(g(x))])


def minimum_value(f, lo, hi):
    return float(f(argmax(lambda x: -f(x), lo, hi)))


def minimum_position(f, lo, hi):
    return argmax(lambda x: -f(x), lo, hi)


def maximum_value_by_mistake(f, lo, hi):
    return float(f(argmax(f, lo, hi)))


def minimum_on_a_grid(f, lo, hi):
    return float(np.min(f(np.linspace(lo, hi, 101))))


def answers():
    return {
        "sigmoid_flat_from": crossing(sigmoid.grad, 0.01, 0.0, 20.0),
        "tanh_flat_from": crossing(tanh.grad, 0.01, 0.0, 20.0),
        "gelu_steepest_at": argmax(gelu.grad, 0.0, 4.0),
        "silu_steepest_at": argmax(swish.grad, 0.0, 5.0),
        "silu_minimum": minimum_value(swish, -5.0, 0.0),
    }


def answers_negative_side():
    return {**answers(), "sigmoid_flat_from": crossing(sigmoid.grad, 0.01, -20.0, 0.0)}


def answers_minimum_position():
    return {**answers(), "silu_minimum": minimum_position(swish, -5.0, 0.0)}


def answers_steepest_slope_value():
    return {**answers(), "gelu_steepest_at": float(gelu.grad(argmax(gelu.grad, 0.0, 4.0)))}


def answers_missing_key():
    return {key: value for key, value in answers().items() if key != "tanh_flat_from"}


CASES = {
    check.crossing: (crossing, [
        (crossing_returning_value, "not the value g(x)"),
        (crossing_assuming_increasing, "g may decrease"),
        (crossing_on_a_grid, "not precise enough"),
    ]),
    check.argmax: (argmax, [
        (argmax_returning_value, "not the largest value"),
        (argmin_by_mistake, "an end of the interval"),
        (argmax_on_a_grid, "not precise enough"),
    ]),
    check.minimum_value: (minimum_value, [
        (minimum_position, "not the position"),
        (maximum_value_by_mistake, "not a maximum"),
        (minimum_on_a_grid, "not precise enough"),
    ]),
    check.saturation_and_extremes: (answers, [
        (answers_negative_side, "search on the positive side"),
        (answers_minimum_position, "asks for the value there"),
        (answers_steepest_slope_value, "the largest slope itself"),
        (answers_missing_key, "no key(s) tanh_flat_from"),
    ]),
}
test_cases = cases_test(CASES)
