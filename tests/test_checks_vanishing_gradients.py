"""The checks of the Lesson 08 exercises accept correct answers in several styles and reject
typical mistakes with a message that names the failing input."""
import itertools
import math

import numpy as np
from scipy import integrate, stats
from scipy.special import expit

from checks_cases import HARDCODED, MUTATES, UNSTABLE, VISIBLE_ONLY, Battery, Wrong, cases_test
from course_utils.activations import relu, sigmoid, tanh
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


# Task 4 · the gain of an activation

def _density(z):
    return np.exp(-z * z / 2) / np.sqrt(2 * np.pi)


def gain_for(phi):
    second = sum(integrate.quad(lambda z: phi(z) ** 2 * _density(z), lo, hi)[0]
                 for lo, hi in [(-np.inf, 0), (0, np.inf)])
    return 1 / np.sqrt(second)


def gain_for_with_scipy_stats(phi):
    second, _ = integrate.quad(lambda z: float(phi(z)) ** 2 * stats.norm.pdf(z), -np.inf, np.inf)
    return second ** -0.5


def gain_for_gauss_hermite(phi):
    nodes, weights = np.polynomial.hermite_e.hermegauss(80)
    return float(1 / np.sqrt(np.sum(weights * phi(nodes) ** 2) / weights.sum()))


def gain_for_trapezoid(phi):
    z = np.linspace(-12, 12, 240_001)
    return 1 / math.sqrt(np.trapezoid(phi(z) ** 2 * _density(z), z))


def gain_for_second_moment_only(phi):
    return gain_for(phi) ** -2


def gain_for_square_root(phi):
    return 1 / gain_for(phi)


def gain_for_without_square_root(phi):
    return gain_for(phi) ** 2


def gain_for_without_the_mean(phi):
    mean = integrate.quad(lambda z: phi(z) * _density(z), -np.inf, np.inf)[0]
    return 1 / np.sqrt(gain_for(phi) ** -2 - mean**2)


def gain_for_unnormalised_density(phi):
    second = integrate.quad(lambda z: phi(z) ** 2 * np.exp(-z * z / 2), -np.inf, np.inf)[0]
    return 1 / np.sqrt(second)


def gain_for_narrow_density(phi):
    second = integrate.quad(lambda z: phi(z) ** 2 * np.exp(-z * z) / np.sqrt(2 * np.pi),
                            -np.inf, np.inf)[0]
    return 1 / np.sqrt(second)


def gain_for_hard_coded(phi):
    return 1.5925


def gain_for_known_values(phi):
    if phi is relu:
        return math.sqrt(2)
    return 1.5925374197228312 if phi is tanh else 1.0


def gain_for_by_sampling(phi):
    z = np.random.default_rng(0).standard_normal(100_000)
    return 1 / np.sqrt(np.mean(phi(z) ** 2))


# Task 5 · the update-to-data ratio

def update_to_data_ratio(weights, grads, lr):
    return np.array([np.std(lr * g) / np.std(w) for w, g in zip(weights, grads)])


def update_to_data_ratio_in_a_loop(weights, grads, lr):
    ratios = []
    for W, dW in zip(weights, grads):
        ratios.append(lr * np.std(dW, ddof=1) / np.std(W, ddof=1))  # ddof cancels: same sizes
    return ratios


def update_to_data_ratio_by_hand(weights, grads, lr):
    def spread(x):
        return math.sqrt(np.mean((x - x.mean()) ** 2))
    return tuple(spread(lr * g) / spread(w) for w, g in zip(weights, grads))


def update_to_data_ratio_from_updates(weights, grads, lr):
    updates = [-lr * g for g in grads]
    return np.fromiter((u.std() / w.std() for u, w in zip(updates, weights)), dtype=float)


def update_to_data_ratio_without_lr(weights, grads, lr):
    return np.array([np.std(g) / np.std(w) for w, g in zip(weights, grads)])


def update_to_data_ratio_inverted(weights, grads, lr):
    return 1 / update_to_data_ratio(weights, grads, lr)


def update_to_data_ratio_log10(weights, grads, lr):
    return np.log10(update_to_data_ratio(weights, grads, lr))


def update_to_data_ratio_of_variances(weights, grads, lr):
    return np.array([np.var(lr * g) / np.var(w) for w, g in zip(weights, grads)])


def update_to_data_ratio_of_norms(weights, grads, lr):
    return np.array([np.linalg.norm(lr * g) / np.linalg.norm(w) for w, g in zip(weights, grads)])


def update_to_data_ratio_elementwise(weights, grads, lr):
    return np.array([np.mean(np.abs(lr * g / w)) for w, g in zip(weights, grads)])


def update_to_data_ratio_for_all_layers(weights, grads, lr):
    return np.std(lr * np.concatenate([g.ravel() for g in grads])) / \
        np.std(np.concatenate([w.ravel() for w in weights]))


def update_to_data_ratio_scaling_in_place(weights, grads, lr):
    for g in grads:
        g *= lr
    return np.array([np.std(g) / np.std(w) for w, g in zip(weights, grads)])


def update_to_data_ratio_with_lr_01(weights, grads, lr):
    return update_to_data_ratio(weights, grads, 0.1)


EXAMPLE_RATIOS = [float(f"{r:.2g}") for r in update_to_data_ratio(*check.update_ratio_example())]


def update_to_data_ratio_hard_coded(weights, grads, lr):
    return EXAMPLE_RATIOS


EXAMPLE = "with the notebook's example (20 layers, lr 0.1)"
SMALL = "with 4 layers of shapes (3, 5), (5, 5), (5, 2), (2, 1), lr 0.01"

CASES.update({
    check.gain_for: Battery(
        reference=gain_for,
        correct=[gain_for_with_scipy_stats, gain_for_gauss_hermite, gain_for_trapezoid],
        wrong=[
            Wrong(gain_for_second_moment_only, hint="E[phi(z)^2] itself", names="gain_for(relu) returned 0.5"),
            Wrong(gain_for_square_root, hint="without taking 1 / ...", names="gain_for(relu) returned 0.7071"),
            Wrong(gain_for_without_square_root, hint="take the square root", names="gain_for(relu) returned 2"),
            Wrong(gain_for_without_the_mean, hint="you removed the mean", names="gain_for(relu)"),
            Wrong(gain_for_unnormalised_density, hint="the 1 / sqrt(2 pi) is missing", names="gain_for(relu)"),
            Wrong(gain_for_narrow_density, hint="a narrower Gaussian", names="gain_for(relu)"),
            Wrong(gain_for_hard_coded, hint="returns 1.5925 whatever phi is",
                  names="gain_for(relu) returned 1.5925", kind=HARDCODED),
            Wrong(gain_for_known_values, hint="right for ReLU and tanh, which the notebook shows",
                  names="gain_for(softplus) returned 1, expected 1.0418668", kind=VISIBLE_ONLY),
            Wrong(gain_for_by_sampling, hint="not to 4 significant digits", names="gain_for(", kind=UNSTABLE),
        ],
        exempt={MUTATES: "the only argument is a function, which the student's code has no "
                         "array of the caller's to change"}),
    check.update_to_data_ratio: Battery(
        reference=update_to_data_ratio,
        correct=[update_to_data_ratio_in_a_loop, update_to_data_ratio_by_hand,
                 update_to_data_ratio_from_updates],
        wrong=[
            Wrong(update_to_data_ratio_without_lr, hint="multiply the gradient by the learning rate",
                  names=EXAMPLE),
            Wrong(update_to_data_ratio_inverted, hint="not the inverse", names=EXAMPLE),
            Wrong(update_to_data_ratio_log10, hint="not its log10", names=EXAMPLE),
            Wrong(update_to_data_ratio_of_variances, hint="not the variance", names=EXAMPLE),
            Wrong(update_to_data_ratio_of_norms, hint="a norm also counts the mean", names=f"{EXAMPLE}: wrong for 19 of 20 layers"),
            Wrong(update_to_data_ratio_elementwise, hint="not the arrays element by element", names=EXAMPLE),
            Wrong(update_to_data_ratio_for_all_layers, hint="one ratio per layer", names="a single number"),
            Wrong(update_to_data_ratio_hard_coded, hint="typed in rather than computed", names=EXAMPLE,
                  kind=HARDCODED),
            Wrong(update_to_data_ratio_with_lr_01, hint="use the lr argument", names=SMALL,
                  kind=VISIBLE_ONLY),
            Wrong(update_to_data_ratio_scaling_in_place, hint="don't modify `grads`",
                  names="changed its input `grads` in place", kind=MUTATES),
        ]),
})
test_cases = cases_test(CASES)
