"""The checks of the Lesson 10 exercises accept the reference answers and reject typical mistakes."""
import numpy as np

from checks_cases import cases_test
from course_utils.checks import why_nonlinearity as check
from course_utils.network import MLP, train

W_XOR = np.array([[1.0, 1.0], [1.0, 1.0]])
C_XOR = np.array([0.0, -1.0])
W_OUT = np.array([1.0, -2.0])


def compose_affine(W1, b1, W2, b2):
    return W2 @ W1, W2 @ b1 + b2


def compose_affine_swapped(W1, b1, W2, b2):
    return W1 @ W2, W2 @ b1 + b2


def compose_affine_bias_b2_only(W1, b1, W2, b2):
    return W2 @ W1, b2


def compose_affine_biases_added(W1, b1, W2, b2):
    return W2 @ W1, b1 + b2


def xor_network(X):
    return np.maximum(X @ W_XOR.T + C_XOR, 0.0) @ W_OUT


def xor_network_without_relu(X):
    return (X @ W_XOR.T + C_XOR) @ W_OUT


def xor_network_without_c(X):
    return np.maximum(X @ W_XOR.T, 0.0) @ W_OUT


def xor_network_column(X):
    return (np.maximum(X @ W_XOR.T + C_XOR, 0.0) @ W_OUT)[:, None]


def _fit(sizes, activation, X_train, y_train):
    model = MLP(sizes, activation=activation, output="sigmoid", init="he", seed=0)
    train(model, X_train, y_train, epochs=400, lr=0.03, optimizer="adam")
    return model


def circle_accuracies(X_train, y_train, X_val, y_val):
    linear = _fit([2, 1], "relu", X_train, y_train)
    mlp = _fit([2, 16, 16, 1], "relu", X_train, y_train)
    return linear.accuracy(X_val, y_val), mlp.accuracy(X_val, y_val)


def circle_accuracies_linear_hidden(X_train, y_train, X_val, y_val):
    linear = _fit([2, 1], "relu", X_train, y_train)
    mlp = _fit([2, 16, 16, 1], "identity", X_train, y_train)
    return linear.accuracy(X_val, y_val), mlp.accuracy(X_val, y_val)


def circle_accuracies_swapped(X_train, y_train, X_val, y_val):
    return tuple(reversed(circle_accuracies(X_train, y_train, X_val, y_val)))


def circle_accuracies_in_percent(X_train, y_train, X_val, y_val):
    return tuple(100 * a for a in circle_accuracies(X_train, y_train, X_val, y_val))


CASES = {
    check.compose_affine: (compose_affine, [
        (compose_affine_swapped, "not W1 @ W2"),
        (compose_affine_bias_b2_only, "not just b2"),
        (compose_affine_biases_added, "not b1 + b2"),
    ]),
    check.xor_network: (xor_network, [
        (xor_network_without_relu, "apply ReLU to the hidden layer"),
        (xor_network_without_c, "add the hidden bias"),
        (xor_network_column, "shape (n,)"),
    ]),
    check.circle_accuracies: (circle_accuracies, [
        (circle_accuracies_linear_hidden, "still a linear model"),
        (circle_accuracies_swapped, "look swapped"),
        (circle_accuracies_in_percent, "a fraction between 0 and 1"),
    ]),
}
test_cases = cases_test(CASES)
