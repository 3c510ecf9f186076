"""The checks of the Lesson 07 exercises accept answers written in many styles and reject wrong
ones, each with a message naming the input and a hint that fits the mistake."""
import math

import numpy as np
from scipy.special import expit, log1p, logsumexp
from scipy.special import softmax as scipy_softmax

from checks_cases import (HARDCODED, MUTATES, UNSTABLE, VISIBLE_ONLY, Battery, Wrong,
                          cases_test)
from course_utils.activations import ACTIVATIONS, relu, softmax, softmax_jacobian
from course_utils.autodiff import Value
from course_utils.checks import backward_pass as check

sigmoid = ACTIVATIONS["sigmoid"]


# Task 1 · tanh_backward

def tanh_backward(a, grad_a):
    return grad_a * (1 - a**2)


def tanh_backward_factored(a, grad_a):
    return grad_a * (1 - a) * (1 + a)


def tanh_backward_own_copy_in_place(a, grad_a):
    grad_z = grad_a.copy()
    grad_z *= 1 - np.square(a)
    return grad_z


def tanh_backward_math_per_element(a, grad_a):
    return np.vectorize(lambda a_i, g_i: g_i * (1 - math.pow(a_i, 2)))(a, grad_a)


def tanh_backward_in_place(a, grad_a):
    grad_a *= 1 - a**2
    return grad_a


def tanh_backward_tanh_again(a, grad_a):
    return grad_a * (1 - np.tanh(a) ** 2)


def tanh_backward_no_upstream(a, grad_a):
    return 1 - a**2


def tanh_backward_sigmoid_form(a, grad_a):
    return grad_a * a * (1 - a)


def tanh_backward_precedence(a, grad_a):
    return grad_a * (1 - a) ** 2


def tanh_backward_lesson_slope(a, grad_a):
    return grad_a * 0.9151369618266293  # tanh'(0.3), from the lesson's finite-difference cell


def tanh_backward_jacobian(a, grad_a):
    return np.diag(1 - a**2) @ grad_a


def tanh_backward_float32(a, grad_a):
    return (grad_a * (1 - a**2)).astype(np.float32)


# Task 2 · neuron_gradients

SEEDED = "x = [ 0.5, -1.2], w = [ 0.496714, -0.138264], b = 0.6476885381006925, y = 1.0"
INACTIVE = "x = [ 2., -1.], w = [0.5, 1. ], b = -0.5, y = 1.0 (z = -0.5)"
AT_THE_KINK = "x = [ 2., -1.], w = [0.5, 1. ], b = 0.0, y = 1.0 (z = 0)"


def neuron_gradients(x, w, b, y):
    z = np.dot(w, x) + b
    dz = (relu(z) - y) * relu.grad(z)
    return dz * x, dz


def neuron_gradients_if_else(x, w, b, y):
    z = w @ x + b
    if z > 0:
        return [(z - y) * x_i for x_i in x], z - y
    return [0.0] * len(x), 0.0


def neuron_gradients_where(x, w, b, y):
    z = sum(w_i * x_i for w_i, x_i in zip(w, x)) + b
    dL_dz = np.where(z > 0, max(z, 0.0) - y, 0.0)
    return np.multiply(dL_dz, x), float(dL_dz)


def neuron_gradients_heaviside(x, w, b, y):
    z = x.dot(w) + b
    dL_dz = (np.maximum(z, 0) - y) * np.heaviside(z, 0.0)
    return tuple(dL_dz * x), dL_dz


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


def neuron_gradients_scalar_dw(x, w, b, y):
    z = np.dot(w, x) + b
    dz = (relu(z) - y) * relu.grad(z)
    return dz, dz


def neuron_gradients_times_w(x, w, b, y):
    z = np.dot(w, x) + b
    dz = (relu(z) - y) * relu.grad(z)
    return dz * w, dz


def neuron_gradients_seeded_numbers(x, w, b, y):
    return np.array([0.03098138800586514, -0.07435533121407634]), 0.06196277601173028


def neuron_gradients_target_one(x, w, b, y):
    z = np.dot(w, x) + b
    dz = (relu(z) - 1.0) * relu.grad(z)
    return dz * x, dz


def neuron_gradients_scales_x_in_place(x, w, b, y):
    z = np.dot(w, x) + b
    x *= (relu(z) - y) * relu.grad(z)
    return x, (relu(z) - y) * relu.grad(z)


def neuron_gradients_dict(x, w, b, y):
    dz = (relu(w @ x + b) - y) * relu.grad(w @ x + b)
    return {"dL_dw": dz * x, "dL_db": dz}


# Task 3 · softmax_cross_entropy_grad

def cross_entropy_grad(z, y):
    return softmax(z) - y


def cross_entropy_grad_max_shift(z, y):
    e = np.exp(z - np.max(z))
    return e / e.sum() - y


def cross_entropy_grad_logsumexp_list(z, y):
    return list(np.exp(z - logsumexp(z)) - np.asarray(y))


def cross_entropy_grad_scipy(z, y):
    return np.subtract(scipy_softmax(z), y)


def cross_entropy_grad_wrong_sign(z, y):
    return y - softmax(z)


def cross_entropy_grad_without_target(z, y):
    return softmax(z)


def cross_entropy_grad_naive_softmax(z, y):
    e = np.exp(z)
    return e / e.sum() - y


def cross_entropy_grad_naive_silenced(z, y):
    with np.errstate(all="ignore"):
        e = np.exp(z)
        return e / e.sum() - y


def cross_entropy_grad_min_shift(z, y):
    e = np.exp(z - z.min())
    return e / e.sum() - y


def cross_entropy_grad_mean_shift(z, y):
    e = np.exp(z - z.mean())
    return e / e.sum() - y


def cross_entropy_grad_clipped(z, y):
    e = np.exp(np.clip(z, -500, 500))
    return e / e.sum() - y


def cross_entropy_grad_via_jacobian(z, y):
    return softmax_jacobian(z).T @ (-y / softmax(z))


def cross_entropy_grad_wrt_p(z, y):
    return -y / softmax(z)


def cross_entropy_grad_log_softmax(z, y):
    return z - logsumexp(z) - y


def cross_entropy_grad_one_hot_only(z, y):
    grad = softmax(z)
    grad[np.argmax(y)] -= 1
    return grad


def cross_entropy_grad_lesson_numbers(z, y):
    return np.array([-0.9099694311549065, 0.24472847105479767, 0.6652409557748219])


def cross_entropy_grad_shifts_z_in_place(z, y):
    z -= z.max()
    e = np.exp(z)
    return e / e.sum() - y


# Task 4 · mlp_backward

def _forward(X, params):
    W1, b1, W2, b2 = params
    Z1 = X @ W1 + b1
    H = np.tanh(Z1)
    return H @ W2 + b2, Z1, H


def _backward(X, labels, params, scale=1.0, bias=True, derivative=True, in_z=False,
              transpose=False, unsummed=False, classes=None, n=None):
    W1, b1, W2, b2 = params
    logits, Z1, H = _forward(X, params)
    K = classes or logits.shape[1]
    G2 = scale * (softmax(logits, axis=1) - np.eye(K)[labels]) / (n or len(labels))
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


def mlp_backward_einsum_tuple(X, labels, params):
    W1, b1, W2, b2 = params
    H = np.tanh(np.einsum("nd,dh->nh", X, W1) + b1)
    logits = H @ W2 + b2
    P = np.exp(logits - logits.max(axis=1, keepdims=True))
    P /= P.sum(axis=1, keepdims=True)
    P[np.arange(len(labels)), labels] -= 1
    G2 = P / X.shape[0]
    G1 = np.dot(G2, W2.T) * (1 - H) * (1 + H)
    return (np.einsum("nd,nh->dh", X, G1), np.sum(G1, axis=0), np.dot(H.T, G2), np.sum(G2, axis=0))


def mlp_backward_per_example(X, labels, params):
    W1, b1, W2, b2 = params
    grads = [np.zeros_like(p) for p in params]
    for x, label in zip(X, labels):
        h = np.tanh(x @ W1 + b1)
        g2 = softmax(h @ W2 + b2)
        g2[label] -= 1.0
        g1 = (W2 @ g2) * (1 - h**2)
        for total, g in zip(grads, [np.outer(x, g1), g1, np.outer(h, g2), g2]):
            total += g / len(X)
    return grads


def mlp_backward_mean_over_rows(X, labels, params):
    W1, b1, W2, b2 = params
    logits, Z1, H = _forward(X, params)
    Y = np.zeros_like(logits)
    Y[np.arange(len(labels)), labels] = 1
    D2 = softmax(logits, axis=1) - Y
    D1 = (D2 @ W2.T) * (1 - H**2)
    return [X.T @ D1 / len(X), D1.mean(axis=0), H.T @ D2 / len(X), D2.mean(axis=0)]


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


def mlp_backward_lesson_batch_size(X, labels, params):
    return _backward(X, labels, params, n=8)  # the lesson's batch has 8 rows


def mlp_backward_three_classes(X, labels, params):
    return _backward(X, labels, params, classes=3)  # the lesson's network has K = 3


def mlp_backward_classes_from_labels(X, labels, params):
    return _backward(X, labels, params, classes=labels.max() + 1)


def mlp_backward_wrong_sign(X, labels, params):
    return [-g for g in _backward(X, labels, params)]


def mlp_backward_softmax_over_columns(X, labels, params):
    W1, b1, W2, b2 = params
    logits, Z1, H = _forward(X, params)
    G2 = (softmax(logits, axis=0) - np.eye(logits.shape[1])[labels]) / len(labels)
    G1 = (G2 @ W2.T) * (1 - H**2)
    return [X.T @ G1, G1.sum(axis=0), H.T @ G2, G2.sum(axis=0)]


def mlp_backward_swapped_layers(X, labels, params):
    dW1, db1, dW2, db2 = _backward(X, labels, params)
    return [dW2, db2, dW1, db1]


def mlp_backward_keepdims_bias(X, labels, params):
    dW1, db1, dW2, db2 = _backward(X, labels, params)
    return [dW1, db1[None, :], dW2, db2[None, :]]


def mlp_backward_into_params(X, labels, params):
    grads = _backward(X, labels, params)
    for i, g in enumerate(grads):
        params[i] = g  # reuses the caller's list
    return params


# Task 5 · softplus_op (an operation of the autodiff engine)

def softplus_op(v):
    x = v.data
    data = max(x, 0.0) + math.log1p(math.exp(-abs(x)))
    return Value(data, [(v, v.sigmoid().data)])


def softplus_op_numpy(v):
    return Value(np.logaddexp(0.0, v.data), [(v, expit(v.data))])


def softplus_op_composed(v):
    if v.data >= 0:
        return v + (1 + (-v).exp()).log()
    return (1 + v.exp()).log()


def softplus_op_split_edges(v):
    x = v.data
    e = math.exp(-abs(x))
    s = 1 / (1 + e) if x >= 0 else e / (1 + e)
    return Value(max(x, 0.0) + log1p(e), [(v, s / 2), (v, s / 2)])


def softplus_op_naive(v):
    return Value(math.log(1 + math.exp(v.data)), [(v, 1 / (1 + math.exp(-v.data)))])


def softplus_op_naive_numpy(v):
    x = np.float64(v.data)
    return Value(np.log1p(np.exp(x)), [(v, 1 / (1 + np.exp(-x)))])


def softplus_op_composed_naive(v):
    return (1 + v.exp()).log()


def softplus_op_derivative_itself(v):
    data = float(np.logaddexp(0.0, v.data))
    return Value(data, [(v, data)])


def softplus_op_sigmoid_derivative(v):
    s = v.sigmoid().data
    return Value(float(np.logaddexp(0.0, v.data)), [(v, s * (1 - s))])


def softplus_op_exp_derivative(v):
    return Value(float(np.logaddexp(0.0, v.data)), [(v, math.exp(min(v.data, 700.0)))])


def softplus_op_tanh_form(v):
    return Value(float(np.logaddexp(0.0, v.data)), [(v, 0.5 * (1 + math.tanh(v.data)))])


def softplus_op_no_parent(v):
    return Value(float(np.logaddexp(0.0, v.data)))


def softplus_op_copy_as_parent(v):
    return Value(float(np.logaddexp(0.0, v.data)), [(Value(v.data), expit(v.data))])


def softplus_op_returns_float(v):
    return float(np.logaddexp(0.0, v.data))


def softplus_op_relu_data(v):
    return Value(max(v.data, 0.0), [(v, expit(v.data))])


def softplus_op_sets_grad(v):
    v.grad = expit(v.data)
    return Value(float(np.logaddexp(0.0, v.data)), [(v, v.grad)])


def softplus_op_example_numbers(v):
    return Value(0.6931471805599453, [(v, 0.5)])  # softplus(0) = ln 2, sigma(0) = 1/2


# Task 6 · bce_with_logits_grad

def bce_grad(z, y):
    return sigmoid(z) - y


def bce_grad_expit_list(z, y):
    return (expit(z) - np.asarray(y)).tolist()


def bce_grad_tanh(z, y):
    return 0.5 * (1 + np.tanh(z / 2)) - y


def bce_grad_masked(z, y):
    p = np.empty_like(z)
    pos = z >= 0
    p[pos] = 1 / (1 + np.exp(-z[pos]))
    e = np.exp(z[~pos])
    p[~pos] = e / (1 + e)
    return p - y


def bce_grad_wrong_sign(z, y):
    return y - sigmoid(z)


def bce_grad_without_target(z, y):
    return sigmoid(z)


def bce_grad_sigmoid_derivative_only(z, y):
    return sigmoid.grad(z)


def bce_grad_times_derivative(z, y):
    return (sigmoid(z) - y) * sigmoid.grad(z)


def bce_grad_mean(z, y):
    return (sigmoid(z) - y) / z.size


def bce_grad_rounded_labels(z, y):
    return sigmoid(z) - np.round(y)


def bce_grad_unfused(z, y):
    p = sigmoid(z)
    with np.errstate(all="ignore"):
        return (-y / p + (1 - y) / (1 - p)) * p * (1 - p)


def bce_grad_unfused_warns(z, y):
    p = sigmoid(z)
    return (-y / p + (1 - y) / (1 - p)) * p * (1 - p)


def bce_grad_clipped(z, y):
    eps = 1e-7
    p = sigmoid(z)
    pc = np.clip(p, eps, 1 - eps)
    inside = (p > eps) & (p < 1 - eps)
    return (pc - y) / (pc * (1 - pc)) * inside * sigmoid.grad(z)


def bce_grad_naive_sigmoid(z, y):
    return 1 / (1 + np.exp(-z)) - y


def bce_grad_lesson_number(z, y):
    return np.full(np.shape(z), -0.31002551887238755)  # sigma(0.8) - 1


def bce_grad_in_place(z, y):
    z -= 0.0
    np.negative(z, out=z)
    return 1 / (1 + np.exp(np.clip(z, -700, 700))) - y


# Task 7 · softmax_vjp

def vjp(z, v):
    p = softmax(z, axis=-1)
    return p * (v - np.sum(p * v, axis=-1, keepdims=True))


def vjp_two_terms_einsum(z, v):
    p = scipy_softmax(z, axis=-1)
    return p * v - p * np.einsum("...k,...k->...", p, v)[..., None]


def vjp_per_row(z, v):
    rows = [softmax(r) * (w - softmax(r) @ w) for r, w in zip(np.atleast_2d(z), np.atleast_2d(v))]
    return np.reshape(rows, np.shape(z))


def vjp_log_space(z, v):
    logp = z - logsumexp(z, axis=-1, keepdims=True)
    p = np.exp(logp)
    return p * v - p * (p * v).sum(-1, keepdims=True)


def vjp_jacobian(z, v):
    return np.reshape([softmax_jacobian(r).T @ w for r, w in
                       zip(np.atleast_2d(z), np.atleast_2d(v))], np.shape(z))


def vjp_outer(z, v):
    p = softmax(z, axis=-1)
    if p.ndim == 1:
        return (np.diag(p) - np.outer(p, p)) @ v
    return np.einsum("nij,nj->ni", p[:, :, None] * np.eye(p.shape[1]) - p[:, :, None] * p[:, None, :], v)


def vjp_diagonal_only(z, v):
    return softmax(z, axis=-1) * v


def vjp_without_p(z, v):
    p = softmax(z, axis=-1)
    return v - np.sum(p * v, axis=-1, keepdims=True)


def vjp_unscaled_second_term(z, v):
    p = softmax(z, axis=-1)
    return p * v - np.sum(p * v, axis=-1, keepdims=True)


def vjp_wrong_sign(z, v):
    return -vjp(z, v)


def vjp_one_vector_only(z, v):
    p = softmax(z)
    return p * (v - p @ v)


def vjp_whole_batch_sum(z, v):
    p = softmax(z, axis=-1)
    return p * (v - np.sum(p * v))


def vjp_columns(z, v):
    p = softmax(z, axis=0)
    return p * (v - np.sum(p * v, axis=-1, keepdims=True))


def vjp_naive_softmax(z, v):
    e = np.exp(z)
    p = e / e.sum(axis=-1, keepdims=True)
    return p * (v - np.sum(p * v, axis=-1, keepdims=True))


def vjp_lesson_numbers(z, v):
    return vjp(np.array([1.0, 2.0, 3.0]), np.array([0.5, -1.0, 2.0]))


def vjp_in_place(z, v):
    p = softmax(z, axis=-1)
    v -= np.sum(p * v, axis=-1, keepdims=True)
    return p * v


FIRST_BATCH = "X of shape (6, 2), labels = [2, 0, 1, 2, 0, 0], W1 (2, 4), W2 (4, 3)"

CASES = {
    check.tanh_backward: Battery(
        reference=tanh_backward,
        correct=[tanh_backward_factored, tanh_backward_own_copy_in_place,
                 tanh_backward_math_per_element],
        wrong=[
            Wrong(tanh_backward_tanh_again, hint="don't apply tanh again",
                  names="wrong at 82 of 83 points; worst (a, grad_a)[3] = [-0.999   , -2.441467]"),
            Wrong(tanh_backward_no_upstream, hint="multiply by the upstream gradient",
                  names="a = tanh(z) of shape (83,) and a random grad_a: wrong at 81 of 83 "
                        "points; worst (a, grad_a)[43]"),
            Wrong(tanh_backward_sigmoid_form, hint="sigmoid's derivative",
                  names="worst (a, grad_a)["),
            Wrong(tanh_backward_precedence, hint="(1 - a)**2 is not 1 - a**2",
                  names="worst (a, grad_a)["),
            Wrong(tanh_backward_float32, hint="don't convert to a smaller float type",
                  names="returned values of dtype float32"),
            Wrong(tanh_backward_lesson_slope, hint="grad_a times the same number (0.915137)",
                  names="worst (a, grad_a)[", kind=HARDCODED),
            Wrong(tanh_backward_jacobian, hint="works for one vector only",
                  names="a = tanh(z) of shape (4, 4) and a random grad_a: tanh_backward_jacobian() "
                        "returned shape (4,)", kind=VISIBLE_ONLY),
            Wrong(tanh_backward_in_place, hint="don't modify `grad_a`",
                  names="changed its input `grad_a` in place (grad_a[0]: ", kind=MUTATES),
        ]),
    check.neuron_gradients: Battery(
        reference=neuron_gradients,
        correct=[neuron_gradients_if_else, neuron_gradients_where, neuron_gradients_heaviside],
        wrong=[
            Wrong(neuron_gradients_no_relu_grad, hint="an inactive ReLU passes no gradient",
                  names=INACTIVE + ": got dL_dw = [-2.,  1.], dL_db = -1.0; expected "
                                   "dL_dw = [0., 0.], dL_db = 0.0."),
            Wrong(neuron_gradients_relu_grad_one_at_zero, hint="relu'(0) = 0", names=AT_THE_KINK),
            Wrong(neuron_gradients_wrong_sign, hint="check the sign", names=SEEDED),
            Wrong(neuron_gradients_factor_two, hint="the 1/2 in the loss cancels", names=SEEDED),
            Wrong(neuron_gradients_without_x, hint="dz/dw = x: multiply", names=SEEDED),
            Wrong(neuron_gradients_times_w, hint="dz/dw = x, the input", names=SEEDED),
            Wrong(neuron_gradients_scalar_dw, hint="dL_dw has the shape of w",
                  names="dL_dw returned a single number; expected an array of shape (2,)"),
            Wrong(neuron_gradients_dict, hint="end with `return dL_dw, dL_db`",
                  names="neuron_gradients() returned a dict"),
            Wrong(neuron_gradients_seeded_numbers, hint="these are the seeded neuron's numbers",
                  names=INACTIVE, kind=HARDCODED),
            Wrong(neuron_gradients_target_one, hint="use the target y passed in (here y = -0.3)",
                  names="y = -0.3", kind=VISIBLE_ONLY),
            Wrong(neuron_gradients_scales_x_in_place, hint="don't modify `x`",
                  names="changed its input `x` in place (x[0]: 0.5 became", kind=MUTATES),
        ]),
    check.softmax_cross_entropy_grad: Battery(
        reference=cross_entropy_grad,
        correct=[cross_entropy_grad_max_shift, cross_entropy_grad_logsumexp_list,
                 cross_entropy_grad_scipy],
        stability=True,
        wrong=[
            Wrong(cross_entropy_grad_wrong_sign, hint="not y - p",
                  names="z = [1., 2., 3.], y = [1., 0., 0.]"),
            Wrong(cross_entropy_grad_without_target, hint="subtract the target",
                  names="z = [1., 2., 3.]"),
            Wrong(cross_entropy_grad_wrt_p, hint="-y / p is dL/dp", names="z = [1., 2., 3.]"),
            Wrong(cross_entropy_grad_log_softmax, hint="not its log", names="z = [1., 2., 3.]"),
            Wrong(cross_entropy_grad_one_hot_only, hint="not only one-hot",
                  names="y = [0.1, 0.2, 0.3, 0.4]: got [", kind=VISIBLE_ONLY),
            Wrong(cross_entropy_grad_lesson_numbers, hint="these are the lesson's numbers",
                  names="z = [ 0.5, -1.5,  2. ], y = [0., 0., 1.]: got [-0.909969", kind=HARDCODED),
            Wrong(cross_entropy_grad_shifts_z_in_place, hint="don't modify `z`",
                  names="changed its input `z` in place (z[0]: 1.0 became -2.0)", kind=MUTATES),
            Wrong(cross_entropy_grad_naive_softmax,
                  hint="subtract max(z) (not the minimum or the mean)",
                  names="z = [1000., 1001., 1002.], y = [0., 1., 0.]: "
                        "cross_entropy_grad_naive_softmax(an array of shape (3,), an array of "
                        "shape (3,)) gave a RuntimeWarning: overflow", kind=UNSTABLE),
            Wrong(cross_entropy_grad_naive_silenced, hint="subtract max(z) (not the minimum",
                  names="z = [1000., 1001., 1002.], y = [0., 1., 0.]: got [nan, nan, nan]",
                  kind=UNSTABLE),
            Wrong(cross_entropy_grad_min_shift, hint="subtract max(z) (not the minimum",
                  names="z = [-800.,    0.,  800.,    5.]", kind=UNSTABLE),
            Wrong(cross_entropy_grad_mean_shift, hint="subtract max(z) (not the minimum",
                  names="z = [-800.,    0.,  800.,    5.]", kind=UNSTABLE),
            Wrong(cross_entropy_grad_clipped, hint="dL/dz = p - y with p = softmax(z)",
                  names="z = [1000., 1001., 1002.], y = [0., 1., 0.]: got [", kind=UNSTABLE),
            Wrong(cross_entropy_grad_via_jacobian, hint="don't divide by p",
                  names="z = [-800.,    0.,  800.,    5.]", kind=UNSTABLE),
        ]),
    check.mlp_backward: Battery(
        reference=mlp_backward,
        correct=[mlp_backward_einsum_tuple, mlp_backward_per_example, mlp_backward_mean_over_rows],
        wrong=[
            Wrong(mlp_backward_sum_not_mean, hint="divide by n = len(labels) = 6, exactly once",
                  names=FIRST_BATCH + ": dW1 is wrong at 8 of 8 entries; worst dW1["),
            Wrong(mlp_backward_wrong_sign, hint="-1 times the expected one: check the sign",
                  names=FIRST_BATCH + ": dW1 is wrong"),
            Wrong(mlp_backward_divided_twice, hint="is 0.166667 times the expected one",
                  names=FIRST_BATCH + ": dW1 is wrong"),
            Wrong(mlp_backward_no_bias_gradient, hint="the bias gradient is not 0",
                  names=FIRST_BATCH + ": db1 is wrong at 4 of 4 entries; worst db1["),
            Wrong(mlp_backward_bias_not_summed, hint="G.sum(axis=0)",
                  names="db1 returned shape (6, 4); expected an array of shape (4,)"),
            Wrong(mlp_backward_keepdims_bias, hint="keepdims=True",
                  names="db1 returned shape (1, 4); expected an array of shape (4,)"),
            Wrong(mlp_backward_transposed, hint="transposed",
                  names="dW1 returned shape (4, 2); expected an array of shape (2, 4)"),
            Wrong(mlp_backward_swapped_layers, hint="that is dW2: return [dW1, db1, dW2, db2]",
                  names="dW1 returned shape (4, 3)"),
            Wrong(mlp_backward_no_activation_derivative,
                  hint="multiply by the activation's derivative",
                  names=FIRST_BATCH + ": dW1 is wrong"),
            Wrong(mlp_backward_derivative_in_z, hint="not 1 - Z1**2", names=FIRST_BATCH),
            Wrong(mlp_backward_softmax_over_columns, hint="axis=1, not axis=0", names=FIRST_BATCH),
            Wrong(mlp_backward_lesson_batch_size,
                  hint="0.75 times the expected one: the loss is the mean",
                  names=FIRST_BATCH + ": dW1 is wrong", kind=HARDCODED),
            Wrong(mlp_backward_three_classes, hint="try your function on a small input",
                  names="X of shape (9, 3), labels = [", kind=VISIBLE_ONLY),
            Wrong(mlp_backward_classes_from_labels, hint="try your function on a small input",
                  names="X of shape (5, 4), labels = [", kind=VISIBLE_ONLY),
            Wrong(mlp_backward_into_params, hint="don't modify `params`",
                  names="changed its input `params` in place (params[0][0, 0]: ",
                  kind=MUTATES),
        ]),
    check.softplus_op: Battery(
        reference=softplus_op,
        correct=[softplus_op_numpy, softplus_op_composed, softplus_op_split_edges],
        stability=True,
        wrong=[
            Wrong(softplus_op_derivative_itself, hint="not softplus(x) itself",
                  names="v = Value(0.0): after backward(), v.grad = 0.6931471805599453"),
            Wrong(softplus_op_sigmoid_derivative, hint="is the sigmoid's derivative",
                  names="v = Value(0.0): after backward(), v.grad = 0.25"),
            Wrong(softplus_op_exp_derivative, hint="the chain rule through the log",
                  names="v = Value(0.0): after backward(), v.grad = 1.0"),
            Wrong(softplus_op_no_parent, hint="list v itself among the parents",
                  names="v = Value(0.0): backward() from the result cannot reach v"),
            Wrong(softplus_op_copy_as_parent, hint="a parent that is a copy of v",
                  names="v = Value(0.0): backward() from the result cannot reach v"),
            Wrong(softplus_op_returns_float, hint="return Value(data, [(v, local_derivative)])",
                  names="v = Value(0.0): softplus_op_returns_float() returned 0.6931471805599453; "
                        "expected a Value"),
            Wrong(softplus_op_relu_data, hint="that is relu(x)",
                  names="v = Value(0.0): got data 0.0, expected softplus(0.0)"),
            Wrong(softplus_op_example_numbers, hint="returns the same data whatever v is",
                  names="v = Value(0.0): v.grad = 0.5, but the central difference of your data "
                        "is 0.0", kind=HARDCODED),
            Wrong(softplus_op_tanh_form, hint="mind the x / 2",
                  names="v = Value(2.0): after backward()", kind=VISIBLE_ONLY),
            Wrong(softplus_op_sets_grad, hint="don't assign to v.data or v.grad",
                  names="v = Value(0.0): softplus_op_sets_grad() changed v", kind=MUTATES),
            Wrong(softplus_op_naive, hint="max(x, 0) + log1p(exp(-|x|))",
                  names="v = Value(800.0): softplus_op_naive(a Value) raised OverflowError",
                  kind=UNSTABLE),
            Wrong(softplus_op_naive_numpy, hint="max(x, 0) + log1p(exp(-|x|))",
                  names="v = Value(800.0): softplus_op_naive_numpy(a Value) gave a "
                        "RuntimeWarning: overflow", kind=UNSTABLE),
            Wrong(softplus_op_composed_naive, hint="so no exponent is ever positive",
                  names="v = Value(800.0)", kind=UNSTABLE),
        ]),
    check.bce_with_logits_grad: Battery(
        reference=bce_grad,
        correct=[bce_grad_expit_list, bce_grad_tanh, bce_grad_masked],
        stability=True,
        wrong=[
            Wrong(bce_grad_wrong_sign, hint="not y - sigma(z)", names="z = [0.8], y = [1.]"),
            Wrong(bce_grad_without_target, hint="subtract the target", names="z = [0.8], y = [1.]"),
            Wrong(bce_grad_sigmoid_derivative_only, hint="is dp/dz alone",
                  names="z = [0.8], y = [1.]: z = 0.8: got 0.2139096965"),
            Wrong(bce_grad_times_derivative, hint="don't multiply by sigma'(z) again",
                  names="z = [0.8], y = [1.]"),
            Wrong(bce_grad_mean, hint="without averaging over the batch",
                  names="z = [-2. ,  0.5,  3. , -0.1], y = [1., 0., 0., 1.]"),
            Wrong(bce_grad_lesson_number, hint="that is the lesson's number for z = 0.8",
                  names="z = [-2. ,  0.5,  3. , -0.1]", kind=HARDCODED),
            Wrong(bce_grad_rounded_labels, hint="y can be a soft label",
                  names="y = [0.3 , 0.9 , 0.5 , 0.  , 0.25]", kind=VISIBLE_ONLY),
            Wrong(bce_grad_in_place, hint="don't modify `z`",
                  names="changed its input `z` in place (z[0]: 0.8 became -0.8)", kind=MUTATES),
            Wrong(bce_grad_unfused, hint="don't go through log(p), 1/p or 1/(1 - p)",
                  names="z = [  40.,  -40.,  800., -800.], y = [0., 1., 0., 1.]: got [",
                  kind=UNSTABLE),
            Wrong(bce_grad_unfused_warns, hint="don't go through log(p), 1/p or 1/(1 - p)",
                  names="z = [  40.,  -40.,  800., -800.], y = [0., 1., 0., 1.]: "
                        "bce_grad_unfused_warns(an array of shape (4,), an array of shape (4,)) "
                        "gave a RuntimeWarning", kind=UNSTABLE),
            Wrong(bce_grad_clipped, hint="don't clip p, which makes the gradient 0",
                  names="z = [  40.,  -40.,  800., -800.], y = [0., 1., 0., 1.]: wrong at 4 of 4",
                  kind=UNSTABLE),
            Wrong(bce_grad_naive_sigmoid, hint="exp(-z) overflows",
                  names="z = [  40.,  -40.,  800., -800.], y = [0., 1., 0., 1.]: "
                        "bce_grad_naive_sigmoid(", kind=UNSTABLE),
        ]),
    check.softmax_vjp: Battery(
        reference=vjp,
        correct=[vjp_two_terms_einsum, vjp_per_row, vjp_log_space],
        stability=True,
        wrong=[
            Wrong(vjp_diagonal_only, hint="subtract p . v inside the bracket",
                  names="z = [1., 2., 3.], v = [ 0.5, -1. ,  2. ]: wrong at 3 of 3"),
            Wrong(vjp_without_p, hint="multiply by p", names="z = [1., 2., 3.]"),
            Wrong(vjp_unscaled_second_term, hint="scaled by p too", names="z = [1., 2., 3.]"),
            Wrong(vjp_wrong_sign, hint="check the sign", names="z = [1., 2., 3.]"),
            Wrong(vjp_whole_batch_sum, hint="sum over the last axis only",
                  names="a batch z of shape (3, 4) (one softmax per row)"),
            Wrong(vjp_columns, hint="not each column",
                  names="a batch z of shape (3, 4) (one softmax per row)"),
            Wrong(vjp_jacobian, hint="don't build the K x K Jacobian",
                  names="z and v of length K = 2000: the call held"),
            Wrong(vjp_outer, hint="don't build the K x K Jacobian",
                  names="z and v of length K = 2000: the call held"),
            Wrong(vjp_lesson_numbers, hint="these are the numbers for z = [1, 2, 3]",
                  names="returned shape (3,); expected an array of shape (5,)", kind=HARDCODED),
            Wrong(vjp_one_vector_only, hint="p @ v and np.dot work for one vector only",
                  names="a batch z of shape (3, 4) (one softmax per row), v of the same shape: "
                        "vjp_one_vector_only(an array of shape (3, 4), an array of shape (3, 4)) "
                        "raised ValueError", kind=VISIBLE_ONLY),
            Wrong(vjp_in_place, hint="don't modify `v`", names="changed its input `v` in place",
                  kind=MUTATES),
            Wrong(vjp_naive_softmax, hint="subtract each row's max(z) before exponentiating",
                  names="z = [ 1000.,  1001.,   998., -1000.]", kind=UNSTABLE),
        ]),
}
test_cases = cases_test(CASES)
