"""The checks of the Lesson 05 exercises accept the reference answers and reject typical mistakes."""
import numpy as np

from checks_cases import cases_test
from course_utils.activations import relu
from course_utils.checks import worked_example as check

X_EXAMPLE = np.array([2.0, -1.0])
W_EXAMPLE = np.array([0.5, 1.0])


def neuron(x, w, b, activation):
    return activation(np.dot(w, x) + b)


def neuron_without_bias(x, w, b, activation):
    return activation(np.dot(w, x))


def neuron_elementwise(x, w, b, activation):
    return activation(w * x + b)


def neuron_bias_outside(x, w, b, activation):
    return activation(np.dot(w, x)) + b


def z_and_relu(b):
    z = float(W_EXAMPLE @ X_EXAMPLE + b)
    return z, float(relu(z))


def z_and_relu_subtracting_bias(b):
    z = float(W_EXAMPLE @ X_EXAMPLE - b)
    return z, float(relu(z))


def z_and_z(b):
    z = float(W_EXAMPLE @ X_EXAMPLE + b)
    return z, z


def relu_only(b):
    return float(relu(W_EXAMPLE @ X_EXAMPLE + b))


def threshold(x, w):
    return -float(np.dot(w, x))


def threshold_wrong_sign(x, w):
    return float(np.dot(w, x))


def threshold_always_zero(x, w):
    return 0.0


def sigmoid(z):
    return 1.0 / (1.0 + np.exp(-z))


def sigmoid_sign_flipped(z):
    return 1.0 / (1.0 + np.exp(z))


def sigmoid_without_one(z):
    return 1.0 / np.exp(-z)


def sigmoid_as_tanh(z):
    return np.tanh(z)


CASES = {
    check.neuron: (neuron, [
        (neuron_without_bias, "you forgot the bias"),
        (neuron_elementwise, "use the dot product"),
        (neuron_bias_outside, "the bias goes inside the activation"),
    ]),
    check.z_and_relu_for_bias: (z_and_relu, [
        (z_and_relu_subtracting_bias, "the bias is added, not subtracted"),
        (z_and_z, "apply ReLU"),
        (relu_only, "return z, a"),
    ]),
    check.activation_threshold: (threshold, [
        (threshold_wrong_sign, "check the sign"),
        (threshold_always_zero, "solve for b"),
    ]),
    check.sigmoid: (sigmoid, [
        (sigmoid_sign_flipped, "mind the sign in the exponent"),
        (sigmoid_without_one, "1 / (1 + exp(-z))"),
        (sigmoid_as_tanh, "expected 0.3775406687981454"),
    ]),
}
test_cases = cases_test(CASES)
