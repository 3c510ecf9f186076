"""The checks of the Lesson 09 exercises accept correct answers in several styles and reject
typical mistakes with a message that names the failing input."""
import numpy as np

from checks_cases import HARDCODED, MUTATES, VISIBLE_ONLY, Battery, Wrong, cases_test
from course_utils.activations import leaky_relu, relu
from course_utils.checks import dying_relu as check


# Task 1 · the gradient of a ReLU unit

def relu_unit_gradients(X, w, b, t):
    z = X @ w + b
    a = np.maximum(z, 0.0)
    dz = 2 * (a - t) / len(t) * (z > 0)
    return X.T @ dz, dz.sum()


def relu_unit_gradients_in_a_loop(X, w, b, t):
    n, grad_w, grad_b = len(t), np.zeros(len(w)), 0.0
    for x_i, t_i in zip(X, t):
        z_i = float(x_i @ w + b)
        if z_i > 0:
            dz_i = 2 * (z_i - t_i) / n
            grad_w += dz_i * x_i
            grad_b += dz_i
    return grad_w, grad_b


def relu_unit_gradients_with_heaviside(X, w, b, t):
    z = np.dot(X, w) + b
    dz = 2 * (relu(z) - t) * np.heaviside(z, 0.0) / len(t)
    return [list(dz @ X), float(np.sum(dz))]


def relu_unit_gradients_in_place_on_own_array(X, w, b, t):
    z = X @ w + b
    dz = relu(z)
    dz -= t
    dz *= 2 / len(t)
    dz[z <= 0] = 0.0
    return np.einsum("i,ij->j", dz, X), dz.sum()


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


def relu_unit_gradients_summed(X, w, b, t):
    z = X @ w + b
    dz = 2 * (np.maximum(z, 0.0) - t) * (z > 0)
    return X.T @ dz, dz.sum()


def relu_unit_gradients_target_minus_output(X, w, b, t):
    z = X @ w + b
    dz = 2 * (t - np.maximum(z, 0.0)) / len(t) * (z > 0)
    return X.T @ dz, dz.sum()


def relu_unit_gradients_bias_per_example(X, w, b, t):
    z = X @ w + b
    dz = 2 * (np.maximum(z, 0.0) - t) / len(t) * (z > 0)
    return X.T @ dz, dz


def relu_unit_gradients_in_one_array(X, w, b, t):
    grad_w, grad_b = relu_unit_gradients(X, w, b, t)
    return np.r_[grad_w, grad_b]


def relu_unit_gradients_hard_coded(X, w, b, t):
    return np.array([0.0, 0.0]), 0.0


def relu_unit_gradients_dead_only(X, w, b, t):
    return np.zeros_like(w), 0.0 * b


def relu_unit_gradients_error_in_t(X, w, b, t):
    z = X @ w + b
    t -= relu(z)  # t now holds t - a
    dz = -2 * t / len(t) * (z > 0)
    return X.T @ dz, dz.sum()


# Task 2 · the gradient of a Leaky ReLU unit

def leaky_unit_gradients(X, w, b, t, alpha=0.01):
    z = X @ w + b
    a = np.where(z > 0, z, alpha * z)
    dz = 2 * (a - t) / len(t) * np.where(z > 0, 1.0, alpha)
    return X.T @ dz, dz.sum()


def leaky_unit_gradients_with_course_functions(X, w, b, t, alpha=0.01):
    z = X @ w + b
    dz = 2 * (leaky_relu(z, alpha=alpha) - t) / len(t) * leaky_relu.grad(z, alpha=alpha)
    return X.T @ dz, float(dz.sum())


def leaky_unit_gradients_in_a_loop(X, w, b, t, alpha=0.01):
    n, grad_w, grad_b = len(t), np.zeros(len(w)), 0.0
    for x_i, t_i in zip(X, t):
        z_i = float(x_i @ w + b)
        slope = 1.0 if z_i > 0 else alpha
        dz_i = 2 * (slope * z_i - t_i) / n * slope
        grad_w = grad_w + dz_i * x_i
        grad_b += dz_i
    return tuple(grad_w), grad_b


def leaky_unit_gradients_from_the_slope(X, w, b, t, alpha=0.01):
    z = X @ w + b
    slope = np.where(z > 0, 1.0, alpha)
    dz = 2 * (slope * z - t) * slope / len(t)
    return (dz @ X).tolist(), np.sum(dz)


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


def leaky_unit_gradients_sides_swapped(X, w, b, t, alpha=0.01):
    z = X @ w + b
    a = np.where(z > 0, alpha * z, z)
    dz = 2 * (a - t) / len(t) * np.where(z > 0, alpha, 1.0)
    return X.T @ dz, dz.sum()


def leaky_unit_gradients_without_two(X, w, b, t, alpha=0.01):
    grad_w, grad_b = leaky_unit_gradients(X, w, b, t, alpha)
    return grad_w / 2, grad_b / 2


def leaky_unit_gradients_hard_coded(X, w, b, t, alpha=0.01):
    return np.array([-0.011264, -0.010697]), -0.020538


def leaky_unit_gradients_slope_folded_into_X(X, w, b, t, alpha=0.01):
    z = X @ w + b
    slope = np.where(z > 0, 1.0, alpha)
    X *= slope[:, None]
    dz = 2 * (slope * z - t) / len(t)
    return X.T @ dz, float((dz * slope).sum())


# Task 3 · counting dead units

def count_dead(X, W, b):
    Z = X @ W + b
    return int(np.sum(np.all(Z <= 0, axis=0)))


def count_dead_unit_by_unit(X, W, b):
    return sum(1 for j in range(W.shape[1]) if all(X @ W[:, j] + b[j] <= 0))


def count_dead_from_the_column_maxima(X, W, b):
    return int((np.max(X @ W + b, axis=0) <= 0).sum())


def count_dead_with_count_nonzero(X, W, b):
    return np.count_nonzero(~np.any(np.dot(X, W) + b > 0, axis=0))


def count_dead_as_numpy_int(X, W, b):
    return (X @ W + b <= 0).all(axis=0).sum()


def count_dead_any(X, W, b):
    Z = X @ W + b
    return int(np.sum(np.any(Z <= 0, axis=0)))


def count_dead_strict(X, W, b):
    Z = X @ W + b
    return int(np.sum(np.all(Z < 0, axis=0)))


def count_dead_over_rows(X, W, b):
    Z = X @ W + b
    return int(np.sum(np.all(Z <= 0, axis=1)))


def count_dead_mask(X, W, b):
    return np.all(X @ W + b <= 0, axis=0)


def count_dead_without_bias(X, W, b):
    return int(np.sum(np.all(X @ W <= 0, axis=0)))


def count_dead_first_bias_only(X, W, b):
    return int(np.sum(np.all(X @ W + b[0] <= 0, axis=0)))


def count_dead_hard_coded(X, W, b):
    return 3


def count_dead_shuffling_rows_first(X, W, b):
    np.random.default_rng(0).shuffle(X)  # the order of the examples does not matter...
    return count_dead(X, W, b)


DEAD = "on the dead unit (z <= -1 on every row)"
RANDOM = "on a random unit (X of shape (30, 2), w = [0.3701, 1.099], b = 0.548)"
KINK = "on a unit with z = 0 on the second row"
SIXTEEN = "count_dead(X, W, b) with X of shape (64, 2), W of shape (2, 16)"

CASES = {
    check.relu_unit_gradients: Battery(
        reference=relu_unit_gradients,
        correct=[relu_unit_gradients_in_a_loop, relu_unit_gradients_with_heaviside,
                 relu_unit_gradients_in_place_on_own_array],
        wrong=[
            Wrong(relu_unit_gradients_linear, hint="multiply by relu'(z)", names=DEAD),
            Wrong(relu_unit_gradients_slope_one_at_zero, hint="relu'(0) = 0", names=KINK),
            Wrong(relu_unit_gradients_without_two, hint="keep the 2", names=RANDOM),
            Wrong(relu_unit_gradients_summed, hint="divide by n", names=RANDOM),
            Wrong(relu_unit_gradients_target_minus_output, hint="the sign is flipped", names=RANDOM),
            Wrong(relu_unit_gradients_bias_per_example, hint="grad_b is one number",
                  names="on the dead unit (its grad_b) returned shape (50,)"),
            Wrong(relu_unit_gradients_in_one_array, hint="return grad_w, grad_b",
                  names="on the dead unit returned an array of shape (3,)"),
            Wrong(relu_unit_gradients_hard_coded, hint="this unit is alive", names=RANDOM,
                  kind=HARDCODED),
            Wrong(relu_unit_gradients_dead_only, hint="this unit is alive", names=RANDOM,
                  kind=VISIBLE_ONLY),
            Wrong(relu_unit_gradients_error_in_t, hint="don't modify `t`",
                  names="changed its input `t` in place", kind=MUTATES),
        ]),
    check.leaky_unit_gradients: Battery(
        reference=leaky_unit_gradients,
        correct=[leaky_unit_gradients_with_course_functions, leaky_unit_gradients_in_a_loop,
                 leaky_unit_gradients_from_the_slope],
        wrong=[
            Wrong(leaky_unit_gradients_relu_slope, hint="the slope of Leaky ReLU is alpha, not 0",
                  names=f"alpha=0.01) {DEAD} returned exactly 0"),
            Wrong(leaky_unit_gradients_relu_forward, hint="the forward value changes too",
                  names=f"alpha=0.01) {DEAD}"),
            Wrong(leaky_unit_gradients_slope_one_at_zero, hint="uses the slope alpha",
                  names=f"alpha=0.01) {KINK}"),
            Wrong(leaky_unit_gradients_sides_swapped, hint="alpha belongs to the negative side",
                  names=f"alpha=0.01) {DEAD}"),
            Wrong(leaky_unit_gradients_without_two, hint="keep the 2", names=f"alpha=0.01) {DEAD}"),
            Wrong(leaky_unit_gradients_hard_coded, hint="not typed-in numbers",
                  names=f"alpha=0.01) {DEAD}: wrong in 3 of 3 entries", kind=HARDCODED),
            Wrong(leaky_unit_gradients_fixed_slope, hint="use the alpha argument",
                  names=f"alpha=0.2) {DEAD}", kind=VISIBLE_ONLY),
            Wrong(leaky_unit_gradients_slope_folded_into_X, hint="don't modify `X`",
                  names="changed its input `X` in place", kind=MUTATES),
        ]),
    check.count_dead: Battery(
        reference=count_dead,
        correct=[count_dead_unit_by_unit, count_dead_from_the_column_maxima,
                 count_dead_with_count_nonzero, count_dead_as_numpy_int],
        wrong=[
            Wrong(count_dead_any, hint="inactive on EVERY input", names="count_dead(X, W, b) with X"),
            Wrong(count_dead_strict, hint="use Z <= 0", names="W of shape (2, 4) and b = [0, 0, 0.5, 0]"),
            Wrong(count_dead_over_rows, hint="not axis=1", names="count_dead(X, W, b) with X"),
            Wrong(count_dead_mask, hint="an int", names="returned an array of shape (16,)"),
            Wrong(count_dead_without_bias, hint="add the bias",
                  names="with X of shape (256, 2), W of shape (2, 16) and b = [-2, -2, -2, ..., -2, -2, -2]"),
            Wrong(count_dead_first_bias_only, hint="its own bias b[j]", names=SIXTEEN,
                  kind=VISIBLE_ONLY),
            Wrong(count_dead_hard_coded, hint="returns 3 whatever X, W and b", names=SIXTEEN,
                  kind=HARDCODED),
            Wrong(count_dead_shuffling_rows_first, hint="don't modify `X`",
                  names="changed its input `X` in place", kind=MUTATES),
        ]),
}
test_cases = cases_test(CASES)
