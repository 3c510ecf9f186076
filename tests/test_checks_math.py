"""The checks of the Lesson 03 exercises accept the reference answers and reject typical mistakes."""
import numpy as np

from checks_cases import cases_test
from course_utils.activations import sigmoid, tanh
from course_utils.checks import math as check


def sigmoid_derivative(x):
    f = sigmoid(x)
    return f * (1 - f)


def sigmoid_derivative_in_x(x):
    return x * (1 - x)


def sigmoid_derivative_plus(x):
    f = sigmoid(x)
    return f * (1 + f)


def sigmoid_derivative_naive_exp(x):
    return np.exp(-x) / (1 + np.exp(-x)) ** 2


def tanh_derivative(x):
    return 1 - tanh(x) ** 2


def tanh_derivative_in_x(x):
    return 1 - x**2


def tanh_derivative_unsquared(x):
    return 1 - tanh(x)


def tanh_derivative_cosh(x):
    return 1 / np.cosh(x) ** 2


def softmax(z, axis=-1):
    e = np.exp(z - np.max(z, axis=axis, keepdims=True))
    return e / np.sum(e, axis=axis, keepdims=True)


def softmax_without_max(z, axis=-1):
    e = np.exp(z)
    return e / np.sum(e, axis=axis, keepdims=True)


def softmax_whole_array(z, axis=-1):
    e = np.exp(z - np.max(z))
    return e / np.sum(e)


def softmax_without_keepdims(z, axis=-1):
    e = np.exp(z - np.max(z))
    return e / np.sum(e, axis=axis)


def softmax_fixed_axis(z, axis=-1):
    e = np.exp(z - np.max(z, axis=0, keepdims=True))
    return e / np.sum(e, axis=0, keepdims=True)


def softmax_jacobian(z):
    p = softmax(z)
    return np.diag(p) - np.outer(p, p)


def softmax_jacobian_seed_form(z):
    p = softmax(z)
    return p[:, None] * (np.eye(p.size) - p[:, None])


def softmax_jacobian_no_diagonal(z):
    p = softmax(z)
    return -np.outer(p, p)


def softmax_jacobian_flipped(z):
    p = softmax(z)
    return np.outer(p, p) - np.diag(p)


def logit(p):
    return np.log(p) - np.log1p(-p)


def logit_log10(p):
    return np.log10(p / (1 - p))


def logit_upside_down(p):
    return np.log((1 - p) / p)


def logit_plus(p):
    return np.log(p / (1 + p))


CASES = {
    check.sigmoid_derivative: (sigmoid_derivative, [
        (sigmoid_derivative_in_x, "not x itself"),
        (sigmoid_derivative_plus, "mind the sign"),
        (sigmoid_derivative_naive_exp, "RuntimeWarning"),
        (sigmoid, "you returned the sigmoid itself"),
    ]),
    check.tanh_derivative: (tanh_derivative, [
        (tanh_derivative_in_x, "not x itself"),
        (tanh_derivative_unsquared, "square f"),
        (tanh_derivative_cosh, "cosh of a large number overflows"),
    ]),
    check.softmax: (softmax, [
        (softmax_without_max, "subtract the maximum first"),
        (softmax_whole_array, "you normalised over the whole array"),
        (softmax_without_keepdims, "keepdims=True"),
        (softmax_fixed_axis, "use axis=-1, as given"),
    ]),
    check.softmax_jacobian: (softmax_jacobian, [
        (softmax_jacobian_seed_form, "the form with the wrong index"),
        (softmax_jacobian_no_diagonal, "the diagonal is missing"),
        (softmax_jacobian_flipped, "the sign is flipped"),
    ]),
    check.logit: (logit, [
        (logit_log10, "not np.log10"),
        (logit_upside_down, "upside down"),
        (logit_plus, "the denominator is 1 - p"),
        (sigmoid, "the logit is its inverse"),
    ]),
}
test_cases = cases_test(CASES)
