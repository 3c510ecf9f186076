"""The checks of the Lesson 07 exercises accept the reference answers and reject typical mistakes."""
import numpy as np

from checks_cases import cases_test
from course_utils.activations import relu, softmax
from course_utils.checks import backward_pass as check


def tanh_backward(a, grad_a):
    return grad_a * (1 - a**2)


def tanh_backward_tanh_again(a, grad_a):
    return grad_a * (1 - np.tanh(a) ** 2)


def tanh_backward_no_upstream(a, grad_a):
    return 1 - a**2


def tanh_backward_sigmoid_form(a, grad_a):
    return grad_a * a * (1 - a)


def neuron_gradients(x, w, b, y):
    z = np.dot(w, x) + b
    dz = (relu(z) - y) * relu.grad(z)
    return dz * x, dz


def neuron_gradients_no_relu_grad(x, w, b, y):
    dz = relu(np.dot(w, x) + b) - y
    return dz * x, dz


def neuron_gradients_relu_grad_one_at_zero(x, w, b, y):
    z = np.dot(w, x) + b
    dz = (relu(z) - y) * (z >= 0)
    return dz * x, dz


def neuron_gradients_wrong_sign(x, w, b, y):
    z = np.dot(w, x) + b
    dz = (y - relu(z)) * relu.grad(z)
    return dz * x, dz


def neuron_gradients_factor_two(x, w, b, y):
    z = np.dot(w, x) + b
    dz = 2 * (relu(z) - y) * relu.grad(z)
    return dz * x, dz


def neuron_gradients_without_x(x, w, b, y):
    z = np.dot(w, x) + b
    dz = (relu(z) - y) * relu.grad(z)
    return dz * np.ones_like(x), dz


def cross_entropy_grad(z, y):
    return softmax(z) - y


def cross_entropy_grad_wrong_sign(z, y):
    return y - softmax(z)


def cross_entropy_grad_without_target(z, y):
    return softmax(z)


def cross_entropy_grad_naive_softmax(z, y):
    e = np.exp(z)
    return e / e.sum() - y


def cross_entropy_grad_wrt_p(z, y):
    return -y / softmax(z)


def _forward(X, params):
    W1, b1, W2, b2 = params
    Z1 = X @ W1 + b1
    H = np.tanh(Z1)
    return H @ W2 + b2, Z1, H


def _backward(X, labels, params, scale=1.0, bias=True, derivative=True, in_z=False,
              transpose=False, unsummed=False):
    W1, b1, W2, b2 = params
    logits, Z1, H = _forward(X, params)
    G2 = scale * (softmax(logits, axis=1) - np.eye(logits.shape[1])[labels]) / len(labels)
    dH = G2 @ W2.T
    if derivative:
        G1 = dH * (1 - (Z1 if in_z else H) ** 2)
    else:
        G1 = dH
    dW1, dW2 = X.T @ G1, H.T @ G2
    db1, db2 = (G1, G2) if unsummed else (G1.sum(axis=0), G2.sum(axis=0))
    if not bias:
        db1, db2 = np.zeros_like(b1), np.zeros_like(b2)
    if transpose:
        dW1, dW2 = dW1.T, dW2.T
    return [dW1, db1, dW2, db2]


def mlp_backward(X, labels, params):
    return _backward(X, labels, params)


def mlp_backward_sum_not_mean(X, labels, params):
    return _backward(X, labels, params, scale=len(labels))


def mlp_backward_divided_twice(X, labels, params):
    return _backward(X, labels, params, scale=1 / len(labels))


def mlp_backward_no_bias_gradient(X, labels, params):
    return _backward(X, labels, params, bias=False)


def mlp_backward_bias_not_summed(X, labels, params):
    return _backward(X, labels, params, unsummed=True)


def mlp_backward_transposed(X, labels, params):
    return _backward(X, labels, params, transpose=True)


def mlp_backward_no_activation_derivative(X, labels, params):
    return _backward(X, labels, params, derivative=False)


def mlp_backward_derivative_in_z(X, labels, params):
    return _backward(X, labels, params, in_z=True)


CASES = {
    check.tanh_backward: (tanh_backward, [
        (tanh_backward_tanh_again, "don't apply tanh again"),
        (tanh_backward_no_upstream, "multiply by the upstream gradient"),
        (tanh_backward_sigmoid_form, "sigmoid's derivative"),
    ]),
    check.neuron_gradients: (neuron_gradients, [
        (neuron_gradients_no_relu_grad, "an inactive ReLU passes no gradient"),
        (neuron_gradients_relu_grad_one_at_zero, "relu'(0) = 0"),
        (neuron_gradients_wrong_sign, "check the sign"),
        (neuron_gradients_factor_two, "the 1/2 in the loss cancels"),
        (neuron_gradients_without_x, "dz/dw = x"),
    ]),
    check.softmax_cross_entropy_grad: (cross_entropy_grad, [
        (cross_entropy_grad_wrong_sign, "not y - p"),
        (cross_entropy_grad_without_target, "subtract the target"),
        (cross_entropy_grad_naive_softmax, "subtract max(z)"),
        (cross_entropy_grad_wrt_p, "-y / p is dL/dp"),
    ]),
    check.mlp_backward: (mlp_backward, [
        (mlp_backward_sum_not_mean, "divide by n (once)"),
        (mlp_backward_divided_twice, "you divided by n twice"),
        (mlp_backward_no_bias_gradient, "the bias gradient is not 0"),
        (mlp_backward_bias_not_summed, "G.sum(axis=0)"),
        (mlp_backward_transposed, "transposed"),
        (mlp_backward_no_activation_derivative, "multiply by the activation's derivative"),
        (mlp_backward_derivative_in_z, "not 1 - Z1**2"),
    ]),
}
test_cases = cases_test(CASES)
