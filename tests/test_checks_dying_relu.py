"""The checks of the Lesson 09 exercises accept the reference answers and reject typical mistakes."""
import numpy as np

from checks_cases import cases_test
from course_utils.checks import dying_relu as check


def relu_unit_gradients(X, w, b, t):
    z = X @ w + b
    a = np.maximum(z, 0.0)
    dz = 2 * (a - t) / len(t) * (z > 0)
    return X.T @ dz, dz.sum()


def relu_unit_gradients_linear(X, w, b, t):
    z = X @ w + b
    dz = 2 * (np.maximum(z, 0.0) - t) / len(t)
    return X.T @ dz, dz.sum()


def relu_unit_gradients_slope_one_at_zero(X, w, b, t):
    z = X @ w + b
    dz = 2 * (np.maximum(z, 0.0) - t) / len(t) * (z >= 0)
    return X.T @ dz, dz.sum()


def relu_unit_gradients_without_two(X, w, b, t):
    z = X @ w + b
    dz = (np.maximum(z, 0.0) - t) / len(t) * (z > 0)
    return X.T @ dz, dz.sum()


def relu_unit_gradients_bias_per_example(X, w, b, t):
    z = X @ w + b
    dz = 2 * (np.maximum(z, 0.0) - t) / len(t) * (z > 0)
    return X.T @ dz, dz


def leaky_unit_gradients(X, w, b, t, alpha=0.01):
    z = X @ w + b
    a = np.where(z > 0, z, alpha * z)
    dz = 2 * (a - t) / len(t) * np.where(z > 0, 1.0, alpha)
    return X.T @ dz, dz.sum()


def leaky_unit_gradients_relu_slope(X, w, b, t, alpha=0.01):
    z = X @ w + b
    a = np.where(z > 0, z, alpha * z)
    dz = 2 * (a - t) / len(t) * (z > 0)
    return X.T @ dz, dz.sum()


def leaky_unit_gradients_relu_forward(X, w, b, t, alpha=0.01):
    z = X @ w + b
    dz = 2 * (np.maximum(z, 0.0) - t) / len(t) * np.where(z > 0, 1.0, alpha)
    return X.T @ dz, dz.sum()


def leaky_unit_gradients_fixed_slope(X, w, b, t, alpha=0.01):
    return leaky_unit_gradients(X, w, b, t, alpha=0.01)


def leaky_unit_gradients_slope_one_at_zero(X, w, b, t, alpha=0.01):
    z = X @ w + b
    a = np.where(z > 0, z, alpha * z)
    dz = 2 * (a - t) / len(t) * np.where(z >= 0, 1.0, alpha)
    return X.T @ dz, dz.sum()


def count_dead(X, W, b):
    Z = X @ W + b
    return int(np.sum(np.all(Z <= 0, axis=0)))


def count_dead_any(X, W, b):
    Z = X @ W + b
    return int(np.sum(np.any(Z <= 0, axis=0)))


def count_dead_strict(X, W, b):
    Z = X @ W + b
    return int(np.sum(np.all(Z < 0, axis=0)))


def count_dead_mask(X, W, b):
    return np.all(X @ W + b <= 0, axis=0)


def count_dead_without_bias(X, W, b):
    return int(np.sum(np.all(X @ W <= 0, axis=0)))


CASES = {
    check.relu_unit_gradients: (relu_unit_gradients, [
        (relu_unit_gradients_linear, "multiply by relu'(z)"),
        (relu_unit_gradients_slope_one_at_zero, "relu'(0) = 0"),
        (relu_unit_gradients_without_two, "keep the 2"),
        (relu_unit_gradients_bias_per_example, "grad_b is one number"),
    ]),
    check.leaky_unit_gradients: (leaky_unit_gradients, [
        (leaky_unit_gradients_relu_slope, "the slope of Leaky ReLU is alpha, not 0"),
        (leaky_unit_gradients_relu_forward, "the forward value changes too"),
        (leaky_unit_gradients_fixed_slope, "use the alpha argument"),
        (leaky_unit_gradients_slope_one_at_zero, "uses the slope alpha"),
    ]),
    check.count_dead: (count_dead, [
        (count_dead_any, "inactive on EVERY input"),
        (count_dead_strict, "use Z <= 0"),
        (count_dead_mask, "an int"),
        (count_dead_without_bias, "add the bias"),
    ]),
}
test_cases = cases_test(CASES)
