"""The checks of the Lesson 08 exercises accept the reference answers and reject typical mistakes."""
import math

import numpy as np

from checks_cases import cases_test
from course_utils.activations import sigmoid
from course_utils.checks import vanishing_gradients as check
from course_utils.network import MLP


def smallest_depth(threshold, factor=0.25):
    depth, product = 1, factor
    while product >= threshold:
        depth, product = depth + 1, product * factor
    return depth


def smallest_depth_with_le(threshold, factor=0.25):
    depth, product = 1, factor
    while product > threshold:
        depth, product = depth + 1, product * factor
    return depth


def smallest_depth_off_by_one(threshold, factor=0.25):
    depth, product = 0, 1.0
    while product >= threshold:
        depth, product = depth + 1, product * factor
    return depth - 1


def smallest_depth_as_float(threshold, factor=0.25):
    return float(smallest_depth(threshold, factor))


def path_gradient(weights, z):
    s = sigmoid(z)
    return float(np.prod(weights * s * (1 - s)))


def path_gradient_without_weights(weights, z):
    s = sigmoid(z)
    return float(np.prod(s * (1 - s)))


def path_gradient_with_sigmoid_values(weights, z):
    return float(np.prod(weights * sigmoid(z)))


def path_gradient_summed(weights, z):
    s = sigmoid(z)
    return float(np.sum(weights * s * (1 - s)))


def path_gradient_per_layer(weights, z):
    s = sigmoid(z)
    return weights * s * (1 - s)


def _norms(activation, init, X, y):
    model = MLP([64] * 20 + [1], activation=activation, init=init, output="sigmoid", seed=0)
    model.loss_and_gradients(X, y)
    return model.gradient_norms()


def gradient_ratio(activation, init, X, y):
    norms = _norms(activation, init, X, y)
    return norms[0] / norms[-1]


def gradient_ratio_inverted(activation, init, X, y):
    norms = _norms(activation, init, X, y)
    return norms[-1] / norms[0]


def gradient_ratio_ignoring_arguments(activation, init, X, y):
    norms = _norms("relu", "he", X, y)
    return norms[0] / norms[-1]


def gradient_norms_only(activation, init, X, y):
    return _norms(activation, init, X, y)


CASES = {
    check.smallest_depth: (smallest_depth, [
        (smallest_depth_with_le, "strictly below the threshold"),
        (smallest_depth_off_by_one, "off by one"),
        (smallest_depth_as_float, "an int"),
        (lambda t, f=0.25: math.ceil(math.log(t) / math.log(f)), "strictly below the threshold"),
    ]),
    check.path_gradient: (path_gradient, [
        (path_gradient_without_weights, "the weights multiply in too"),
        (path_gradient_with_sigmoid_values, "not the value sigma(z)"),
        (path_gradient_summed, "np.prod, not np.sum"),
        (path_gradient_per_layer, "return one number"),
    ]),
    check.gradient_ratio: (gradient_ratio, [
        (gradient_ratio_inverted, "looks inverted"),
        (gradient_ratio_ignoring_arguments, "pass the activation and init"),
        (gradient_norms_only, "return one number"),
    ]),
}
test_cases = cases_test(CASES)
