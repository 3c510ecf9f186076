"""The checks of the Lesson 05 exercises accept correct answers written in several styles and
reject wrong ones with a message naming the failing input and a hint that fits the mistake."""
import math

import numpy as np
import scipy.special

from checks_cases import HARDCODED, MUTATES, VISIBLE_ONLY, Battery, Wrong, cases_test
from course_utils.activations import relu
from course_utils.checks import worked_example as check

X_EXAMPLE = np.array([2.0, -1.0])
W_EXAMPLE = np.array([0.5, 1.0])
# The notebook's own arrays, as an answer that scribbles on them finds them.
x_example = X_EXAMPLE.copy()
w_example = W_EXAMPLE.copy()


# Task 1 · neuron

def neuron(x, w, b, activation):
    return activation(np.dot(w, x) + b)


def neuron_with_a_loop(x, w, b, activation):
    z = b
    for xi, wi in zip(x, w):
        z += xi * wi
    return activation(z)


def neuron_with_sum_and_float(x, w, b, activation):
    return float(activation(float(np.sum(w * x)) + b))


def neuron_with_inner(x, w, b, activation):
    return activation(np.inner(x, w) + b)


def neuron_without_bias(x, w, b, activation):
    return activation(np.dot(w, x))


def neuron_elementwise(x, w, b, activation):
    return activation(w * x + b)


def neuron_bias_outside(x, w, b, activation):
    return activation(np.dot(w, x)) + b


def neuron_subtracting_bias(x, w, b, activation):
    return activation(np.dot(w, x) - b)


def neuron_without_activation(x, w, b, activation):
    return np.dot(w, x) + b


def neuron_always_relu(x, w, b, activation):
    return relu(np.dot(w, x) + b)


def neuron_of_two_inputs(x, w, b, activation):
    """Right for the lesson's two inputs only."""
    return activation(w[0] * x[0] + w[1] * x[1] + b)


def neuron_returning_z_and_a(x, w, b, activation):
    z = np.dot(w, x) + b
    return z, activation(z)


def neuron_in_a_list(x, w, b, activation):
    return activation(np.atleast_1d(np.dot(w, x) + b))


def neuron_scaling_x_in_place(x, w, b, activation):
    x *= w
    return activation(x.sum() + b)


def neuron_hard_coded(x, w, b, activation):
    return 0.0


# Task 2 · z_and_relu

def z_and_relu(b):
    z = float(W_EXAMPLE @ X_EXAMPLE + b)
    return z, float(relu(z))


def z_and_relu_as_list(b):
    z = 0.5 * 2.0 + 1.0 * (-1.0) + b
    return [z, max(z, 0.0)]


def z_and_relu_as_array(b):
    z = np.dot(X_EXAMPLE, W_EXAMPLE) + b
    return np.array([z, relu(z)])


def z_and_relu_with_if(b):
    z = W_EXAMPLE[0] * X_EXAMPLE[0] + W_EXAMPLE[1] * X_EXAMPLE[1] + b
    a = z if z > 0 else 0.0
    return z, a


def z_and_relu_subtracting_bias(b):
    z = float(W_EXAMPLE @ X_EXAMPLE - b)
    return z, float(relu(z))


def z_and_z(b):
    """Right at the lesson's b = +0.5 only."""
    z = float(W_EXAMPLE @ X_EXAMPLE + b)
    return z, z


def z_and_absolute_value(b):
    z = float(W_EXAMPLE @ X_EXAMPLE + b)
    return z, abs(z)


def z_with_swapped_weights(b):
    z = float(W_EXAMPLE[::-1] @ X_EXAMPLE + b)
    return z, float(relu(z))


def a_and_z(b):
    z = float(W_EXAMPLE @ X_EXAMPLE + b)
    return float(relu(z)), z


def relu_only(b):
    return float(relu(W_EXAMPLE @ X_EXAMPLE + b))


def z_and_relu_hard_coded(b):
    return 0.5, 0.5


def z_and_relu_scaling_the_notebooks_x(b):
    global x_example
    x_example *= w_example
    z = float(x_example.sum() + b)
    return z, max(z, 0.0)


# Task 3 · relu_threshold

def threshold(x, w):
    return -float(np.dot(w, x))


def threshold_with_a_generator(x, w):
    return -sum(wi * xi for wi, xi in zip(w, x))


def threshold_with_matmul(x, w):
    return -(x @ w)


def threshold_with_fsum(x, w):
    return -math.fsum(w * x)


def threshold_wrong_sign(x, w):
    return float(np.dot(w, x))


def threshold_always_zero(x, w):
    return 0.0


def threshold_elementwise(x, w):
    return -w * x


def threshold_of_two_inputs(x, w):
    """Right for the lesson's two inputs only."""
    return -(w[0] * x[0] + w[1] * x[1])


def threshold_negating_w_in_place(x, w):
    w *= -1
    return float(w @ x)


def threshold_divided_by_the_norm(x, w):
    return -float(w @ x) / float(np.linalg.norm(w))


# Task 4 · sigmoid

def sigmoid(z):
    return 1.0 / (1.0 + np.exp(-z))


def sigmoid_with_expit(z):
    return scipy.special.expit(z)


def sigmoid_with_tanh(z):
    return 0.5 * (1.0 + np.tanh(z / 2.0))


def sigmoid_as_exp_over_one_plus_exp(z):
    return np.exp(z) / (1.0 + np.exp(z))


sigmoid_vectorized = np.vectorize(lambda v: 1.0 / (1.0 + math.exp(-v)))


def sigmoid_sign_flipped(z):
    return 1.0 / (1.0 + np.exp(z))


def sigmoid_without_one(z):
    return 1.0 / np.exp(-z)


def sigmoid_as_tanh(z):
    return np.tanh(z)


def sigmoid_minus_in_the_denominator(z):
    return 1.0 / (1.0 - np.exp(-z))


def sigmoid_with_math_exp(z):
    """Works on the lesson's single z = -0.5, not on arrays."""
    return 1.0 / (1.0 + math.exp(-z))


def sigmoid_hard_coded(z):
    return 0.3775406687981454


def sigmoid_negating_z_in_place(z):
    z *= -1
    return 1.0 / (1.0 + np.exp(z))


def sigmoid_in_float32(z):
    return (1.0 / (1.0 + np.exp(-z))).astype(np.float32)


EXAMPLE_NEURON = "neuron(x = [ 2., -1.], w = [0.5, 1. ], b = 0.5, relu)"
EXAMPLE_SIGMOID = "neuron(x = [ 2., -1.], w = [0.5, 1. ], b = -0.5, sigmoid)"
CASES = {
    check.neuron: Battery(
        reference=neuron,
        correct=[neuron_with_a_loop, neuron_with_sum_and_float, neuron_with_inner],
        wrong=[
            Wrong(neuron_without_bias, hint="you forgot the bias", names=EXAMPLE_NEURON),
            Wrong(neuron_elementwise, hint="not the elementwise product w * x",
                  names="returned shape (2,)"),
            Wrong(neuron_bias_outside, hint="the bias goes inside the activation",
                  names="b = -0.5, relu) gave -0.5"),
            Wrong(neuron_subtracting_bias, hint="added, not subtracted",
                  names="b = -0.5, relu) gave 0.5"),
            Wrong(neuron_without_activation, hint="returned the pre-activation z",
                  names="b = -0.5, relu) gave -0.5"),
            Wrong(neuron_always_relu, hint="not ReLU every time", names=EXAMPLE_SIGMOID),
            Wrong(neuron_in_a_list, hint="not an array holding one", names="returned shape (1,)"),
            Wrong(neuron_returning_z_and_a, hint="return only activation(w @ x + b)",
                  names="returned shape (2,)"),
            Wrong(neuron_of_two_inputs, hint="not only the first two", names="tanh) gave",
                  kind=VISIBLE_ONLY),
            Wrong(neuron_scaling_x_in_place, hint="don't modify `x`",
                  names="changed its input `x` in place", kind=MUTATES),
            Wrong(neuron_hard_coded, hint="returns 0.0 for other inputs too",
                  names=EXAMPLE_NEURON, kind=HARDCODED),
        ]),
    check.z_and_relu_for_bias: Battery(
        reference=z_and_relu,
        correct=[z_and_relu_as_list, z_and_relu_as_array, z_and_relu_with_if],
        wrong=[
            Wrong(z_and_relu_subtracting_bias, hint="the bias is added, not subtracted",
                  names="z_and_relu(0.5) returned (z, a) = (-0.5, 0.0)"),
            Wrong(z_and_z, hint="your a equals z", names="z_and_relu(-0.5) returned",
                  kind=VISIBLE_ONLY),
            Wrong(z_and_absolute_value, hint="a = ReLU(z) = max(0, z)", names="z_and_relu(-0.5)"),
            Wrong(z_with_swapped_weights, hint="the two products cancel",
                  names="z_and_relu(0.5) returned (z, a) = (2.0, 2.0)"),
            Wrong(relu_only, hint="return z, a", names="z_and_relu(0.5) returned a single number"),
            Wrong(a_and_z, hint="in this order",
                  names="z_and_relu(-0.5) returned (z, a) = (0.0, -0.5)"),
            Wrong(z_and_relu_hard_coded, hint="returns (0.5, 0.5) for other inputs too",
                  names="z_and_relu(-0.5)", kind=HARDCODED),
            Wrong(z_and_relu_scaling_the_notebooks_x, hint="don't modify `x_example`",
                  names="changed the notebook's array `x_example`", kind=MUTATES),
        ]),
    check.activation_threshold: Battery(
        reference=threshold,
        correct=[threshold_with_a_generator, threshold_with_matmul, threshold_with_fsum],
        wrong=[
            Wrong(threshold_wrong_sign, hint="check the sign", names="relu_threshold(x = ["),
            Wrong(threshold_elementwise, hint="not the elementwise product w * x",
                  names="returned shape (2,)"),
            Wrong(threshold_divided_by_the_norm, hint="solve for b", names="relu_threshold(x = ["),
            Wrong(threshold_of_two_inputs, hint="not only the first two",
                  names="relu_threshold(x = [", kind=VISIBLE_ONLY),
            Wrong(threshold_negating_w_in_place, hint="don't modify `w`",
                  names="changed its input `w` in place", kind=MUTATES),
            Wrong(threshold_always_zero, hint="returns 0.0 for other inputs too",
                  names="relu_threshold(x = [", kind=HARDCODED),
        ]),
    check.sigmoid: Battery(
        reference=sigmoid,
        correct=[sigmoid_with_expit, sigmoid_with_tanh, sigmoid_as_exp_over_one_plus_exp,
                 sigmoid_vectorized],
        wrong=[
            Wrong(sigmoid_sign_flipped, hint="mind the sign in the exponent",
                  names="sigmoid(z = -0.5) gave 0.622"),
            Wrong(sigmoid_without_one, hint="don't forget the 1", names="sigmoid(z = -0.5)"),
            Wrong(sigmoid_as_tanh, hint="1 / (1 + e^0.5)", names="sigmoid(z = -0.5)"),
            Wrong(sigmoid_minus_in_the_denominator, hint="1 / (1 + e^0.5)",
                  names="sigmoid(z = -0.5) gave -1.54"),
            Wrong(sigmoid_in_float32, hint="don't convert to a smaller float type",
                  names="dtype float32"),
            Wrong(sigmoid_with_math_exp, hint="use the NumPy version",
                  names="an array of shape (81,)", kind=VISIBLE_ONLY),
            Wrong(sigmoid_negating_z_in_place, hint="don't modify `z`",
                  names="changed its input `z` in place", kind=MUTATES),
            Wrong(sigmoid_hard_coded, hint="returns 0.3775406687981454 for other inputs too",
                  names="at every point", kind=HARDCODED),
        ]),
}
test_cases = cases_test(CASES)
