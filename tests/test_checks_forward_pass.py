"""The checks of the Lesson 06 exercises accept the reference answers and reject typical mistakes."""
import numpy as np

from checks_cases import cases_test
from course_utils.activations import relu, sigmoid
from course_utils.checks import forward_pass as check


def forward_batch(X, w, b):
    return relu(X @ w + b)


def forward_batch_without_bias(X, w, b):
    return relu(X @ w)


def forward_batch_column(X, w, b):
    return relu(X @ w.reshape(-1, 1) + b)


def forward_batch_no_activation(X, w, b):
    return X @ w + b


def forward_batch_sigmoid(X, w, b):
    return sigmoid(X @ w + b)


def forward_batch_sigmoid_without_bias(X, w, b):
    return sigmoid(X @ w)


def dense_forward(X, W, b):
    return relu(X @ W + b)


def dense_without_bias(X, W, b):
    return relu(X @ W)


def dense_transposed(X, W, b):
    return relu(X @ W.T + b)


def dense_no_activation(X, W, b):
    return X @ W + b


def seeded_parameters():
    legacy = np.random.RandomState(42)
    w = legacy.randn(2)
    b = legacy.randn()
    return w, b


def seeded_with_default_rng():
    rng = np.random.default_rng(42)
    return rng.standard_normal(2), rng.standard_normal()


def seeded_bias_first():
    legacy = np.random.RandomState(42)
    b = legacy.randn()
    return legacy.randn(2), b


def seeded_uniform():
    legacy = np.random.RandomState(42)
    return legacy.rand(2), legacy.rand()


CASES = {
    check.forward_batch: (forward_batch, [
        (forward_batch_without_bias, "you forgot the bias"),
        (forward_batch_column, "don't reshape w into a column"),
        (forward_batch_no_activation, "apply ReLU"),
        (forward_batch_sigmoid, "that is the sigmoid output"),
    ]),
    check.forward_batch_sigmoid: (forward_batch_sigmoid, [
        (forward_batch, "that is the relu output"),
        (forward_batch_sigmoid_without_bias, "you forgot the bias"),
    ]),
    check.dense_forward: (dense_forward, [
        (dense_without_bias, "you forgot the bias"),
        (dense_transposed, "not X @ W.T"),
        (dense_no_activation, "apply ReLU"),
    ]),
    check.seeded_parameters: (seeded_parameters, [
        (seeded_with_default_rng, "default_rng(42) is a different generator"),
        (seeded_bias_first, "the order matters"),
        (seeded_uniform, "rand draws uniform numbers"),
    ]),
}
test_cases = cases_test(CASES)
