"""The checks of the Lesson 08 exercises accept correct answers in several styles and reject
typical mistakes with a message that names the failing input."""
import itertools
import math

import numpy as np
from scipy.special import expit

from checks_cases import HARDCODED, MUTATES, VISIBLE_ONLY, Battery, Wrong, cases_test
from course_utils.activations import sigmoid
from course_utils.checks import vanishing_gradients as check
from course_utils.network import MLP


# Task 1 · smallest depth

def smallest_depth(threshold, factor=0.25):
    depth, product = 1, factor
    while product >= threshold:
        depth, product = depth + 1, product * factor
    return depth


def smallest_depth_with_powers(threshold, factor=0.25):
    L = 1
    while factor**L >= threshold:
        L += 1
    return L


def smallest_depth_with_count(threshold, factor=0.25):
    return next(L for L in itertools.count(1) if factor**L < threshold)


def smallest_depth_from_logarithms(threshold, factor=0.25):
    L = max(1, math.ceil(math.log(threshold) / math.log(factor)))
    while factor**L >= threshold:  # the logarithm can land on an exact power
        L += 1
    while L > 1 and factor ** (L - 1) < threshold:
        L -= 1
    return np.int64(L)


def smallest_depth_recursive(threshold, factor=0.25, L=1):
    return L if factor**L < threshold else smallest_depth_recursive(threshold, factor, L + 1)


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


def smallest_depth_ceil_log(threshold, factor=0.25):
    return math.ceil(math.log(threshold) / math.log(factor))


def smallest_depth_hard_coded(threshold, factor=0.25):
    return 10


def smallest_depth_for_quarter_only(threshold, factor=0.25):
    L = 1
    while 0.25**L >= threshold:
        L += 1
    return L


# Task 2 · the gradient along a path

def path_gradient(weights, z):
    s = sigmoid(z)
    return float(np.prod(weights * s * (1 - s)))


def path_gradient_in_a_loop(weights, z):
    gradient = 1.0
    for w_l, z_l in zip(weights, z):
        s = 1 / (1 + math.exp(-z_l))
        gradient *= w_l * s * (1 - s)
    return gradient


def path_gradient_with_math_prod(weights, z):
    return math.prod(weights * sigmoid.grad(z))


def path_gradient_two_products(weights, z):
    return np.prod(weights) * np.prod(expit(z) * expit(-z))  # np.float64


def path_gradient_as_zero_d_array(weights, z):
    s = sigmoid(z)
    return np.multiply.reduce(np.asarray(weights) * s * (1 - s), keepdims=True).reshape(())


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


def path_gradient_hard_coded(weights, z):
    return 1.0


def path_gradient_with_slope_at_zero(weights, z):
    return float(np.prod(weights) * 0.25 ** len(z))


def path_gradient_scaling_weights_in_place(weights, z):
    s = sigmoid(z)
    weights *= s * (1 - s)
    return float(np.prod(weights))


def path_gradient_in_z(weights, z):
    return float(np.prod(weights * z * (1 - z)))


# Task 3 · the depth experiment

def _model(activation, init, X, y, depth=20):
    model = MLP([64] * depth + [1], activation=activation, init=init, output="sigmoid", seed=0)
    model.loss_and_gradients(X, y)
    return model


def gradient_ratio(activation, init, X, y):
    norms = _model(activation, init, X, y).gradient_norms()
    return float(norms[0] / norms[-1])


def gradient_ratio_from_the_returned_gradients(activation, init, X, y):
    model = MLP([64] * 20 + [1], activation=activation, init=init, seed=0)
    _, grads = model.loss_and_gradients(X, y)
    return np.linalg.norm(grads[0]) / np.linalg.norm(grads[-2])


def gradient_ratio_from_the_layers(activation, init, X, y):
    model = _model(activation, init, X, y)
    first, last = model.layers[0].dW, model.layers[-1].dW
    return np.sqrt(np.sum(first**2)) / np.sqrt(np.sum(last**2))


def gradient_ratio_positional(activation, init, X, y):
    model = MLP([X.shape[1]] * 20 + [1], activation, "sigmoid", init, 0)
    model.loss_and_gradients(X.tolist(), list(y))
    first, *_, last = model.gradient_norms()
    return first / last


def gradient_ratio_inverted(activation, init, X, y):
    norms = _model(activation, init, X, y).gradient_norms()
    return norms[-1] / norms[0]


def gradient_ratio_ignoring_arguments(activation, init, X, y):
    norms = _model("relu", "he", X, y).gradient_norms()
    return norms[0] / norms[-1]


def gradient_ratio_ignoring_init(activation, init, X, y):
    norms = _model(activation, "glorot", X, y).gradient_norms()
    return norms[0] / norms[-1]


def gradient_norms_only(activation, init, X, y):
    return _model(activation, init, X, y).gradient_norms()


def gradient_ratio_hard_coded(activation, init, X, y):
    return {"sigmoid": 2.1e-12, "relu": 1.6}[activation]


def gradient_ratio_on_the_lessons_data(activation, init, X, y):
    rng = np.random.default_rng(0)
    X, y = rng.standard_normal((256, 64)), rng.integers(0, 2, size=256)
    return gradient_ratio(activation, init, X, y)


def gradient_ratio_standardising_in_place(activation, init, X, y):
    X -= X.mean(axis=0)
    X /= X.std(axis=0)
    return gradient_ratio(activation, init, X, y)


def gradient_ratio_with_a_bias_gradient(activation, init, X, y):
    _, grads = _model(activation, init, X, y).loss_and_gradients(X, y)
    return np.linalg.norm(grads[0]) / np.linalg.norm(grads[-1])


def gradient_ratio_second_layer(activation, init, X, y):
    norms = _model(activation, init, X, y).gradient_norms()
    return norms[1] / norms[-1]


def gradient_ratio_21_layers(activation, init, X, y):
    norms = _model(activation, init, X, y, depth=21).gradient_norms()
    return norms[0] / norms[-1]


LESSON = "with the lesson's X (256, 64) and y"
OTHER = "with another X (100, 64) and y, drawn with seed 8"

CASES = {
    check.smallest_depth: Battery(
        reference=smallest_depth,
        correct=[smallest_depth_with_powers, smallest_depth_with_count,
                 smallest_depth_from_logarithms, smallest_depth_recursive],
        wrong=[
            Wrong(smallest_depth_with_le, hint="strictly below the threshold",
                  names="smallest_depth(9.5367431640625e-07, 0.25) returned 10, expected 11"),
            Wrong(smallest_depth_ceil_log, hint="strictly below the threshold",
                  names="smallest_depth(9.5367431640625e-07, 0.25) returned 10"),
            Wrong(smallest_depth_off_by_one, hint="off by one",
                  names="smallest_depth(1e-06, 0.25) returned 9, expected 10"),
            Wrong(smallest_depth_as_float, hint="an int",
                  names="smallest_depth(1e-06, 0.25) returned 10.0"),
            Wrong(smallest_depth_hard_coded, hint="returns 10 whatever the threshold and factor",
                  names="smallest_depth(9.5367431640625e-07, 0.25) returned 10", kind=HARDCODED),
            Wrong(smallest_depth_for_quarter_only, hint="use the factor argument",
                  names="smallest_depth(0.01, 0.5) returned 4, expected 7", kind=VISIBLE_ONLY),
        ],
        exempt={MUTATES: "threshold and factor are plain Python numbers, which a function "
                         "cannot change in place"}),
    check.path_gradient: Battery(
        reference=path_gradient,
        correct=[path_gradient_in_a_loop, path_gradient_with_math_prod,
                 path_gradient_two_products, path_gradient_as_zero_d_array],
        wrong=[
            Wrong(path_gradient_without_weights, hint="the weights multiply in too",
                  names="path_gradient(weights = [4, 4, 4, ..., 4, 4, 4], z = [0, 0, 0, ..., 0, 0, 0])"),
            Wrong(path_gradient_with_sigmoid_values, hint="not the value sigma(z)",
                  names="path_gradient(weights = [4, 4, 4"),
            Wrong(path_gradient_summed, hint="np.prod, not np.sum", names="returned 20.0, expected 1.0"),
            Wrong(path_gradient_per_layer, hint="not one factor per layer", names="shape (20,)"),
            Wrong(path_gradient_in_z, hint="apply the sigmoid first", names="z = [0, 0, 0"),
            Wrong(path_gradient_hard_coded, hint="returns 1.0 whatever the weights and z",
                  names="path_gradient(weights = [1, 1, 1", kind=HARDCODED),
            Wrong(path_gradient_with_slope_at_zero, hint="0.25 only at z = 0",
                  names="path_gradient(weights = [-1.038], z = [-2.673])", kind=VISIBLE_ONLY),
            Wrong(path_gradient_scaling_weights_in_place, hint="don't modify `weights`",
                  names="changed its input `weights` in place", kind=MUTATES),
        ]),
    check.gradient_ratio: Battery(
        reference=gradient_ratio,
        correct=[gradient_ratio_from_the_returned_gradients, gradient_ratio_from_the_layers,
                 gradient_ratio_positional],
        wrong=[
            Wrong(gradient_ratio_inverted, hint="over layer 20: norms[0] / norms[-1]",
                  names=f"gradient_ratio('sigmoid', 'glorot', X, y) {LESSON}: got 4.8"),
            Wrong(gradient_ratio_ignoring_arguments, hint="pass the activation and init",
                  names=f"gradient_ratio('sigmoid', 'glorot', X, y) {LESSON}"),
            Wrong(gradient_ratio_ignoring_init, hint="activation='relu', init='glorot'",
                  names=f"gradient_ratio('relu', 'he', X, y) {LESSON}"),
            Wrong(gradient_norms_only, hint="not the whole array of norms", names="shape (20,)"),
            Wrong(gradient_ratio_with_a_bias_gradient, hint="uses a bias gradient",
                  names=f"gradient_ratio('sigmoid', 'glorot', X, y) {LESSON}"),
            Wrong(gradient_ratio_second_layer, hint="||dL/dW_2|| / ||dL/dW_20||",
                  names=f"gradient_ratio('sigmoid', 'glorot', X, y) {LESSON}"),
            Wrong(gradient_ratio_21_layers, hint="your network has 21 layers",
                  names=f"gradient_ratio('sigmoid', 'glorot', X, y) {LESSON}"),
            Wrong(gradient_ratio_hard_coded, hint="typed in rather than computed",
                  names=f"gradient_ratio('sigmoid', 'glorot', X, y) {LESSON}: got 2.1e-12",
                  kind=HARDCODED),
            Wrong(gradient_ratio_on_the_lessons_data, hint="use the X and y passed",
                  names=f"gradient_ratio('tanh', 'glorot', X, y) {OTHER}", kind=VISIBLE_ONLY),
            Wrong(gradient_ratio_standardising_in_place, hint="don't modify `X`",
                  names="changed its input `X` in place", kind=MUTATES),
        ]),
}
test_cases = cases_test(CASES)
