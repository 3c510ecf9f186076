"""The checks of the Lesson 01 exercises accept answers written in many styles and reject typical
mistakes, each with a message that names the input and a hint that fits the mistake."""
import math

import numpy as np

from checks_cases import HARDCODED, MUTATES, VISIBLE_ONLY, Battery, Wrong, cases_test
from course_utils.activations import relu, step
from course_utils.checks import intuition as check


# Task 1 · z and a of a neuron

def z_and_a(x, w, b, activation):
    z = np.dot(w, x) + b
    return z, activation(z)


def z_and_a_with_a_loop(x, w, b, activation):
    z = b
    for x_i, w_i in zip(x, w):
        z += w_i * x_i
    return z, activation(z)


def z_and_a_as_a_list(x, w, b, activation):
    z = float(np.sum(w * x) + b)
    return [z, float(activation(z))]


def z_and_a_as_an_array(x, w, b, activation):
    z = x @ w + b
    return np.array([z, activation(z)])


def z_and_a_with_fsum(x, w, b, activation):
    z = math.fsum(w_i * x_i for w_i, x_i in zip(x, w)) + b
    return (z, activation(np.array(z)))


def z_and_a_activating_a_list(x, w, b, activation):
    z = sum(w_i * x_i for w_i, x_i in zip(w, x)) + b
    return z, activation([z])[0]


def z_and_a_lesson_numbers(x, w, b, activation):
    return 0.7, 0.7


def z_and_a_always_relu(x, w, b, activation):
    z = w @ x + b
    return z, relu(z)


def z_and_a_scaling_x_in_place(x, w, b, activation):
    x *= w
    z = x.sum() + b
    return z, activation(z)


def z_and_a_without_bias(x, w, b, activation):
    z = w @ x
    return z, activation(z + b)


def z_and_a_elementwise(x, w, b, activation):
    z = w * x + b
    return z, activation(z)


def z_and_a_two_inputs_only(x, w, b, activation):
    z = w[0] * x[0] + w[1] * x[1] + b
    return z, activation(z)


def z_and_a_swapped(x, w, b, activation):
    z = w @ x + b
    return activation(z), z


def z_and_z(x, w, b, activation):
    z = w @ x + b
    return z, z


def z_and_a_bias_outside(x, w, b, activation):
    return w @ x + b, activation(w @ x) + b


def a_only(x, w, b, activation):
    return activation(w @ x + b)


# Task 2 · graded or binary

def is_graded(activation):
    outputs = activation(np.linspace(-5, 5, 101))
    return np.unique(outputs).size > 2


def is_graded_with_a_set(activation):
    return len({float(activation(z)) for z in np.arange(-5.0, 5.5, 0.5)}) > 2


def is_graded_by_its_jumps(activation):
    outputs = activation(np.linspace(-10, 10, 2001))
    return bool(np.max(np.abs(np.diff(outputs))) < 0.5)


def is_graded_counting_with_a_loop(activation):
    seen = []
    for z in np.linspace(-4, 4, 33):
        value = float(activation(z))
        if value not in seen:
            seen.append(value)
    return len(seen) >= 3


def is_graded_lesson_table(activation):
    return {"step": False, "sigmoid": True, "tanh": True, "relu": True}.get(activation.name, True)


def is_graded_unless_zero_or_one(activation):
    outputs = activation(np.linspace(-5, 5, 101))
    return not set(np.unique(outputs)) <= {0.0, 1.0}


def is_graded_unless_step(activation):
    return activation is not step


def is_graded_from_two_points(activation):
    return np.unique(activation(np.array([-1.0, 1.0]))).size > 2


def is_graded_if_between_zero_and_one(activation):
    outputs = activation(np.linspace(-5, 5, 101))
    return bool(np.any((outputs > 0) & (outputs < 1)))


def is_binary(activation):
    return np.unique(activation(np.linspace(-5, 5, 101))).size <= 2


def is_graded_as_text(activation):
    return "graded" if np.unique(activation(np.linspace(-5, 5, 101))).size > 2 else "binary"


def number_of_levels(activation):
    return np.unique(activation(np.linspace(-5, 5, 101))).size


def is_graded_unless_from_zero_to_one(activation):
    outputs = activation(np.linspace(-5, 5, 101))
    return not (outputs.min() == 0 and outputs.max() == 1)


# Task 3 · ReLU is not additive

def break_additivity(u):
    return -u


def break_additivity_with_where(u):
    return np.where(u > 0, -1.0, 1.0)


def break_additivity_twice_as_far(u):
    return -2 * u


def break_additivity_as_a_list(u):
    return [-value for value in u]


def break_additivity_with_a_loop(u):
    v = np.empty_like(u)
    for i, value in enumerate(u):
        v[i] = -value / 2
    return v


def break_additivity_with_sign(u):
    return -np.sign(u)


def break_additivity_lesson_number(u):
    return np.array([1.0])


def break_additivity_always_one(u):
    return np.ones_like(u)


def break_additivity_negating_in_place(u):
    u *= -1
    return u


def break_additivity_with_zero(u):
    return np.zeros_like(u)


def break_additivity_with_u_itself(u):
    return u.copy()


def break_additivity_with_abs(u):
    return np.abs(u)


def break_additivity_with_nan(u):
    return np.full_like(u, np.nan)


def break_additivity_by_a_hair(u):
    return -np.sign(u) * 1e-20


def break_additivity_for_one_number(u):
    return -1.0 if u > 0 else 1.0


# Task 4 · a sum of ReLU ramps

def ramp_sum(x, knots, weights):
    total = np.zeros_like(x)
    for knot, weight in zip(knots, weights):
        total += weight * relu(x - knot)
    return total


def ramp_sum_as_a_matrix_product(x, knots, weights):
    return relu(x[:, None] - knots) @ weights


def ramp_sum_with_outer_and_maximum(x, knots, weights):
    return np.sum(weights * np.maximum(np.subtract.outer(x, knots), 0.0), axis=1)


def ramp_sum_point_by_point(x, knots, weights):
    return [sum(w * max(0.0, xi - k) for k, w in zip(knots, weights)) for xi in x]


def ramp_sum_with_abs(x, knots, weights):
    shifted = x[:, None] - knots
    return (shifted + np.abs(shifted)) / 2 @ weights


def ramp_sum_lesson_triangle(x, knots, weights):
    return relu(x + 1) - 2 * relu(x) + relu(x - 1)


def ramp_sum_three_ramps(x, knots, weights):
    return (weights[0] * relu(x - knots[0]) + weights[1] * relu(x - knots[1])
            + weights[2] * relu(x - knots[2]))


def ramp_sum_shifting_in_place(x, knots, weights):
    total = np.zeros_like(x)
    previous = 0.0
    for knot, weight in zip(knots, weights):
        x -= knot - previous
        previous = knot
        total += weight * relu(x)
    return total


def ramp_sum_knot_outside(x, knots, weights):
    return sum(w * (relu(x) - k) for k, w in zip(knots, weights))


def ramp_sum_plus_knot(x, knots, weights):
    return relu(x[:, None] + knots) @ weights


def ramp_sum_without_weights(x, knots, weights):
    return relu(x[:, None] - knots).sum(axis=1)


def ramp_sum_weight_inside(x, knots, weights):
    return relu(weights * (x[:, None] - knots)).sum(axis=1)


def ramp_sum_pairwise(x, knots, weights):
    return weights * relu(x - knots)


def ramp_sum_over_the_points(x, knots, weights):
    return (relu(x[:, None] - knots) * weights).sum(axis=0)


# Task 5 · the weights of a triangle

def triangle_weights(knots, height):
    left, peak, right = knots
    up, down = height / (peak - left), height / (right - peak)
    return np.array([up, -(up + down), down])


def triangle_weights_from_slopes(knots, height):
    rising, falling = height / (knots[1] - knots[0]), height / (knots[2] - knots[1])
    slopes = np.array([0.0, rising, -falling, 0.0])
    return np.diff(slopes)


def triangle_weights_as_a_list(knots, height):
    left, peak, right = (float(k) for k in knots)
    rise, fall = peak - left, right - peak
    return [height / rise, -height * (rise + fall) / (rise * fall), height / fall]


def triangle_weights_by_solving(knots, height):
    # Ask for the right value at the peak and at right, and for a flat end: three equations.
    ramps = lambda x: relu(x - knots)  # noqa: E731
    equations = np.array([ramps(knots[1]), ramps(knots[2]), [1.0, 1.0, 1.0]])
    return np.linalg.solve(equations, np.array([height, 0.0, 0.0]))


def triangle_weights_lesson_numbers(knots, height):
    return np.array([1.0, -2.0, 1.0])


def triangle_weights_symmetric(knots, height):
    slope = height / (knots[1] - knots[0])
    return np.array([slope, -2 * slope, slope])


def triangle_weights_measured_from_left(knots, height):
    knots -= knots[0]
    up, down = height / knots[1], height / (knots[2] - knots[1])
    return np.array([up, -(up + down), down])


def triangle_weights_without_the_last_ramp(knots, height):
    up, down = height / (knots[1] - knots[0]), height / (knots[2] - knots[1])
    return np.array([up, -(up + down), 0.0])


def triangle_weights_middle_is_the_falling_slope(knots, height):
    up, down = height / (knots[1] - knots[0]), height / (knots[2] - knots[1])
    return np.array([up, -down, down])


def triangle_weights_without_height(knots, height):
    up, down = 1 / (knots[1] - knots[0]), 1 / (knots[2] - knots[1])
    return np.array([up, -(up + down), down])


def triangle_weights_run_over_rise(knots, height):
    up, down = (knots[1] - knots[0]) / height, (knots[2] - knots[1]) / height
    return np.array([up, -(up + down), down])


def triangle_weights_with_abs(knots, height):
    up, down = abs(height) / (knots[1] - knots[0]), abs(height) / (knots[2] - knots[1])
    return np.array([up, -(up + down), down])


def triangle_weights_with_a_nan(knots, height):
    return np.array([np.nan, 0.0, 0.0])


def triangle_weights_two_slopes(knots, height):
    return np.array([height / (knots[1] - knots[0]), -height / (knots[2] - knots[1])])


CASES = {
    check.z_and_a: Battery(
        reference=z_and_a,
        correct=[z_and_a_with_a_loop, z_and_a_as_a_list, z_and_a_as_an_array, z_and_a_with_fsum,
                 z_and_a_activating_a_list],
        wrong=[
            Wrong(z_and_a_lesson_numbers, hint="are the lesson's numbers",
                  names="x = [1.5, -0.5], w = [0.8, 0.4], b = -2, activation relu", kind=HARDCODED),
            Wrong(z_and_a_always_relu, hint="not always ReLU",
                  names="b = -0.3, activation step", kind=VISIBLE_ONLY),
            Wrong(z_and_a_scaling_x_in_place, hint="don't modify `x`",
                  names="changed its input `x`", kind=MUTATES),
            Wrong(z_and_a_without_bias, hint="add the bias", names="x = [1.5, -0.5], w = [0.8, 0.4]"),
            Wrong(z_and_a_elementwise, hint="w * x only multiplies",
                  names="activation relu: z returned shape (2,)"),
            Wrong(z_and_a_two_inputs_only, hint="not just the first two",
                  names="x = [1.05312, 1.77649, -2.55329]"),
            Wrong(z_and_a_swapped, hint="return z first, then a", names="b = -2, activation relu"),
            Wrong(z_and_z, hint="you returned z as a too", names="b = -2, activation relu"),
            Wrong(z_and_a_bias_outside, hint="the bias belongs inside the activation",
                  names="b = -2, activation relu: z = -0.9999999999999998 is right"),
            Wrong(a_only, hint="`return z, a`", names="b = -0.3, activation relu: z_and_a() "
                                                    "returned 0.7"),
        ]),
    check.is_graded: Battery(
        reference=is_graded,
        correct=[is_graded_with_a_set, is_graded_by_its_jumps, is_graded_counting_with_a_loop],
        wrong=[
            Wrong(is_graded_lesson_table, hint="decide from the outputs alone",
                  names="the bipolar step", kind=HARDCODED),
            Wrong(is_graded_unless_zero_or_one, hint="don't look for 0 and 1",
                  names="the bipolar step", kind=VISIBLE_ONLY),
            Wrong(is_graded_unless_step, hint="decide from the outputs alone", names="the bipolar step"),
            Wrong(is_graded_from_two_points, hint="a handful of points can miss some",
                  names="for sigmoid"),
            Wrong(is_graded_if_between_zero_and_one, hint="whatever their range",
                  names="min(z, 0)"),
            Wrong(is_binary, hint="swap your answers round", names="for step"),
            Wrong(is_graded_as_text, hint="return True for graded",
                  names="for step: is_graded() returned the string 'binary'"),
            Wrong(number_of_levels, hint="`np.unique(outputs).size > 2`", names="for step"),
            Wrong(is_graded_unless_from_zero_to_one, hint="don't look for 0 and 1",
                  names="the bipolar step"),
        ],
        exempt={MUTATES: "is_graded() receives an activation function, not an array: it has "
                         "nothing of the caller's that it could change in place"}),
    check.break_additivity: Battery(
        reference=break_additivity,
        correct=[break_additivity_with_where, break_additivity_twice_as_far,
                 break_additivity_as_a_list, break_additivity_with_a_loop,
                 break_additivity_with_sign],
        wrong=[
            Wrong(break_additivity_lesson_number, hint="one v for each value of u",
                  names="u = [2, -3, 0.5, -0.25, 1000, -0.001]", kind=HARDCODED),
            Wrong(break_additivity_always_one, hint="the same sign",
                  names="u = 2.0: you returned v = 1.0", kind=VISIBLE_ONLY),
            Wrong(break_additivity_negating_in_place, hint="don't modify `u`",
                  names="changed its input `u`", kind=MUTATES),
            Wrong(break_additivity_with_zero, hint="v = 0 never works", names="u = -1.0"),
            Wrong(break_additivity_with_u_itself, hint="the same sign",
                  names="u = -1.0: you returned v = -1.0"),
            Wrong(break_additivity_with_abs, hint="the same sign", names="u = 2.0"),
            Wrong(break_additivity_with_nan, hint="nan compares unequal",
                  names="u = -1.0: you returned v = nan"),
            Wrong(break_additivity_by_a_hair, hint="rounds to the larger one", names="u = 2.0"),
            Wrong(break_additivity_for_one_number, hint="one v for each value of u",
                  names="for u = [-1]: "),
        ]),
    check.ramp_sum: Battery(
        reference=ramp_sum,
        correct=[ramp_sum_as_a_matrix_product, ramp_sum_with_outer_and_maximum,
                 ramp_sum_point_by_point, ramp_sum_with_abs],
        wrong=[
            Wrong(ramp_sum_lesson_triangle, hint="that is the lesson's triangle",
                  names="for five ramps", kind=HARDCODED),
            Wrong(ramp_sum_three_ramps, hint="add up every ramp, however many",
                  names="for five ramps", kind=VISIBLE_ONLY),
            Wrong(ramp_sum_shifting_in_place, hint="don't modify `x`",
                  names="changed its input `x`", kind=MUTATES),
            Wrong(ramp_sum_knot_outside, hint="the knot goes inside the ReLU",
                  names="for the lesson's triangle"),
            Wrong(ramp_sum_plus_knot, hint="relu(x + knot) bends at x = -knot",
                  names="for five ramps"),
            Wrong(ramp_sum_without_weights, hint="multiply each ramp by its weight",
                  names="for the lesson's triangle"),
            Wrong(ramp_sum_weight_inside, hint="the weight multiplies the ramp's output",
                  names="for the lesson's triangle"),
            Wrong(ramp_sum_pairwise, hint="every point of x needs every ramp",
                  names="for the lesson's triangle, knots = [-1, 0, 1], weights = [1, -2, 1]"),
            Wrong(ramp_sum_over_the_points, hint="you summed over the points of x",
                  names="for the lesson's triangle, knots = [-1, 0, 1], weights = [1, -2, 1]: "
                        "ramp_sum() returned shape (3,)"),
        ]),
    check.triangle_weights: Battery(
        reference=triangle_weights,
        correct=[triangle_weights_from_slopes, triangle_weights_as_a_list,
                 triangle_weights_by_solving],
        wrong=[
            Wrong(triangle_weights_lesson_numbers, hint="are the lesson's weights",
                  names="for knots = [0, 1, 4], height = 2", kind=HARDCODED),
            Wrong(triangle_weights_symmetric, hint="different slopes",
                  names="for knots = [0, 1, 4], height = 2", kind=VISIBLE_ONLY),
            Wrong(triangle_weights_measured_from_left, hint="don't modify `knots`",
                  names="changed its input `knots`", kind=MUTATES),
            Wrong(triangle_weights_without_the_last_ramp, hint="the three weights add up to 0",
                  names="for knots = [-1, 0, 1], height = 1: your weights [1, -2, 0]"),
            Wrong(triangle_weights_middle_is_the_falling_slope, hint="a change of minus their sum",
                  names="your weights [1, -1, 1], adding up their ramps: wrong at"),
            Wrong(triangle_weights_without_height, hint="multiply by `height`",
                  names="for knots = [0, 1, 4], height = 2"),
            Wrong(triangle_weights_run_over_rise, hint="not (peak - left) / height",
                  names="for knots = [0, 1, 4], height = 2"),
            Wrong(triangle_weights_with_abs, hint="keep the sign of `height`",
                  names="for knots = [-3, 2, 3], height = -0.5"),
            Wrong(triangle_weights_with_a_nan, hint="rise over run",
                  names="your weights are [nan, 0, 0]"),
            Wrong(triangle_weights_two_slopes, hint="return the three weights",
                  names="returned shape (2,)"),
        ]),
}
test_cases = cases_test(CASES)
