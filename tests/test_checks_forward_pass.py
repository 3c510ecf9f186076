"""The checks of the Lesson 06 exercises accept answers written in many styles and reject wrong
ones, each with a message naming the input and a hint that fits the mistake."""
import math

import numpy as np
from scipy.special import expit

from checks_cases import HARDCODED, MUTATES, VISIBLE_ONLY, Battery, Wrong, cases_test
from course_utils.activations import relu, sigmoid
from course_utils.checks import forward_pass as check

SEEDED_W = np.array([0.4967141530112327, -0.13826430117118466])
SEEDED_B = 0.6476885381006925


# Task 1 · forward_batch

def forward_batch(X, w, b):
    return relu(X @ w + b)


def forward_batch_maximum(X, w, b):
    return np.maximum(0, np.dot(X, w) + b)


def forward_batch_where_as_list(X, w, b):
    z = np.sum(X * w, axis=1) + b
    return np.where(z > 0, z, 0.0).tolist()


def forward_batch_own_copy_in_place(X, w, b):
    z = w @ X.T
    z += b
    z[z < 0] = 0
    return z


def forward_batch_without_bias(X, w, b):
    return relu(X @ w)


def forward_batch_column(X, w, b):
    return relu(X @ w.reshape(-1, 1) + b)


def forward_batch_keepdims(X, w, b):
    return relu(np.sum(X * w, axis=1, keepdims=True) + b)


def forward_batch_elementwise(X, w, b):
    return relu(X * w + b)


def forward_batch_no_activation(X, w, b):
    return X @ w + b


def forward_batch_sigmoid(X, w, b):
    return sigmoid(X @ w + b)


def forward_batch_w_first(X, w, b):
    return relu(w @ X + b)


def forward_batch_squeezed(X, w, b):
    return np.squeeze(relu(X @ w + b))


def forward_batch_seeded_numbers(X, w, b):
    return relu(X @ np.array([0.4967141530112327, -0.13826430117118466]) + 0.6476885381006925)


def forward_batch_by_hand(X, w, b):
    return relu(X[:, 0] * w[0] + X[:, 1] * w[1] + b)


def forward_batch_scales_X_in_place(X, w, b):
    X *= w
    return relu(X.sum(axis=1) + b)


def forward_batch_loop(X, w, b):
    return np.array([relu(np.dot(row, w) + b) for row in X])


def forward_batch_vectorized(X, w, b):
    return np.vectorize(lambda z: max(z, 0.0))(X @ w + b)


# Task 2 · forward_batch_sigmoid

def forward_batch_sigmoid_naive(X, w, b):
    return 1 / (1 + np.exp(-(X @ w + b)))


def forward_batch_sigmoid_expit(X, w, b):
    return expit(np.dot(X, w) + b)


def forward_batch_sigmoid_math_per_row(X, w, b):
    return [0.5 * (1 + math.tanh((row @ w + b) / 2)) for row in X]


def forward_batch_sigmoid_without_bias(X, w, b):
    return sigmoid(X @ w)


def forward_batch_sigmoid_sign(X, w, b):
    return 1 / (1 + np.exp(X @ w + b))


def forward_batch_sigmoid_lesson_outputs(X, w, b):
    return [0.7430654556407625, 0.882342162535836, 0.7178590395942581, 0.6112716335300763,
            0.4197988482361411]


def forward_batch_sigmoid_by_hand(X, w, b):
    return sigmoid(X[:, 0] * w[0] + X[:, 1] * w[1] + b)


def forward_batch_sigmoid_in_place(X, w, b):
    np.multiply(X, w, out=X)
    return sigmoid(X.sum(axis=1) + b)


# Task 3 · dense_forward

def dense_forward(X, W, b):
    return relu(X @ W + b)


def dense_per_neuron(X, W, b):
    return np.column_stack([np.maximum(X @ W[:, j] + b[j], 0) for j in range(W.shape[1])])


def dense_einsum_tuple(X, W, b):
    Z = np.einsum("nd,dk->nk", X, W) + b[np.newaxis, :]
    return tuple(map(tuple, np.clip(Z, 0, None)))


def dense_transposed_twice(X, W, b):
    return relu((W.T @ X.T).T + b)


def dense_without_bias(X, W, b):
    return relu(X @ W)


def dense_transposed(X, W, b):
    return relu(X @ W.T + b)


def dense_bias_as_column(X, W, b):
    return relu(X @ W + b.reshape(-1, 1))


def dense_no_activation(X, W, b):
    return X @ W + b


def dense_result_transposed(X, W, b):
    return relu(W.T @ X.T + b[:, None])


def dense_squeezed(X, W, b):
    return relu(X @ W + b).squeeze()


def dense_lesson_layer(X, W, b):
    layer_rng = np.random.default_rng(1)
    lesson_W = np.column_stack([SEEDED_W, layer_rng.normal(size=(2, 2))])
    lesson_b = np.concatenate([[SEEDED_B], layer_rng.normal(size=2)])
    return relu(X @ lesson_W + lesson_b)


def dense_two_inputs_by_hand(X, W, b):
    return relu(X[:, [0]] * W[0] + X[:, [1]] * W[1] + b)


def dense_bias_made_a_row_in_place(X, W, b):
    b.shape = (1, b.size)  # a row, to broadcast over the rows of X @ W
    return relu(X @ W + b)


# Task 4 · seeded_parameters

def seeded_parameters():
    legacy = np.random.RandomState(42)
    w = legacy.randn(2)
    b = legacy.randn()
    return w, b


def seeded_globally_as_list():
    np.random.seed(42)
    return [np.random.randn(2), np.random.randn()]


def seeded_three_at_once():
    values = np.random.RandomState(42).randn(3)
    return values[:2], float(values[2])


def seeded_with_normal():
    legacy = np.random.RandomState(seed=42)
    return [legacy.normal(), legacy.normal()], legacy.normal(0, 1)


def seeded_with_default_rng():
    rng = np.random.default_rng(42)
    return rng.standard_normal(2), rng.standard_normal()


def seeded_with_generator_of_the_legacy_bits():
    rng = np.random.Generator(np.random.MT19937(42))
    return rng.standard_normal(2), rng.standard_normal()


def seeded_bias_first():
    legacy = np.random.RandomState(42)
    b = legacy.randn()
    return legacy.randn(2), b


def seeded_uniform():
    legacy = np.random.RandomState(42)
    return legacy.rand(2), legacy.rand()


def seeded_typed_in():
    return np.array([0.4967141530112327, -0.13826430117118466]), 0.6476885381006925


def seeded_elsewhere():  # np.random.seed(42) ran in a cell above
    return np.random.randn(2), np.random.randn()


def seeded_rounded():
    legacy = np.random.RandomState(42)
    return np.round(legacy.randn(2), 4), round(legacy.randn(), 4)


def seeded_as_one_array():
    return np.random.RandomState(42).randn(3)


def seeded_bias_of_size_one():
    legacy = np.random.RandomState(42)
    return legacy.randn(2), legacy.randn(1)


SQUARE_BATCH = "X of shape (2, 2), w = [0.9, 0.3], b = 0.1: "

CASES = {
    check.forward_batch: Battery(
        reference=forward_batch,
        correct=[forward_batch_maximum, forward_batch_where_as_list,
                 forward_batch_own_copy_in_place],
        wrong=[
            Wrong(forward_batch_without_bias, hint="you forgot the bias", names=SQUARE_BATCH),
            Wrong(forward_batch_column, hint="axes of length 1 added",
                  names="returned shape (2, 1)"),
            Wrong(forward_batch_keepdims, hint="keepdims=True", names="returned shape (2, 1)"),
            Wrong(forward_batch_elementwise, hint="X * w multiplies elementwise",
                  names="returned shape (2, 2); expected an array of shape (2,)"),
            Wrong(forward_batch_no_activation, hint="apply ReLU",
                  names="worst X[1] = [-1.1,  0.4]: got -0.77"),
            Wrong(forward_batch_sigmoid, hint="that is the sigmoid output", names="worst X[1] = "),
            Wrong(forward_batch_squeezed, hint="a batch of one row still gives shape (1,)",
                  names="X of shape (1, 3), w = ["),
            Wrong(forward_batch_w_first, hint="use X @ w", names=SQUARE_BATCH),
            Wrong(forward_batch_seeded_numbers, hint="use the arguments w and b",
                  names=SQUARE_BATCH, kind=HARDCODED),
            Wrong(forward_batch_by_hand, hint="use all d = 4 features",
                  names="X of shape (6, 4)", kind=VISIBLE_ONLY),
            Wrong(forward_batch_scales_X_in_place, hint="don't modify `X`",
                  names="changed its input `X` in place (X[0, 0]: 0.8 became", kind=MUTATES),
            Wrong(forward_batch_loop, hint="drop the loop", names="for X of shape (n, d)"),
            Wrong(forward_batch_vectorized, hint="drop the loop", names="for X of shape (n, d)"),
        ]),
    check.forward_batch_sigmoid: Battery(
        reference=forward_batch_sigmoid,
        correct=[forward_batch_sigmoid_naive, forward_batch_sigmoid_expit,
                 forward_batch_sigmoid_math_per_row],
        wrong=[
            Wrong(forward_batch, hint="that is the relu output", names=SQUARE_BATCH),
            Wrong(forward_batch_sigmoid_without_bias, hint="you forgot the bias", names="worst X["),
            Wrong(forward_batch_no_activation, hint="apply the sigmoid", names="worst X["),
            Wrong(forward_batch_sigmoid_sign, hint="then apply the sigmoid elementwise",
                  names=SQUARE_BATCH),
            Wrong(forward_batch_sigmoid_lesson_outputs, hint="outputs for the lesson's batch",
                  names="returned shape (5,); expected an array of shape (2,)", kind=HARDCODED),
            Wrong(forward_batch_sigmoid_by_hand, hint="use all d = 4 features",
                  names="X of shape (6, 4)", kind=VISIBLE_ONLY),
            Wrong(forward_batch_sigmoid_in_place, hint="don't modify `X`",
                  names="changed its input `X` in place", kind=MUTATES),
        ]),
    check.dense_forward: Battery(
        reference=dense_forward,
        correct=[dense_per_neuron, dense_einsum_tuple, dense_transposed_twice],
        wrong=[
            Wrong(dense_without_bias, hint="you forgot the bias b", names="W of shape (2, 2)"),
            Wrong(dense_transposed, hint="not X @ W.T",
                  names="X of shape (2, 2), W of shape (2, 2)"),
            Wrong(dense_bias_as_column, hint="add b, shape (k,), to every row",
                  names="X of shape (2, 2)"),
            Wrong(dense_no_activation, hint="apply ReLU", names="worst X["),
            Wrong(dense_result_transposed, hint="don't transpose", names="worst X["),
            Wrong(dense_squeezed, hint="keep the shape (n, k) when n or k is 1",
                  names="X of shape (1, 4), W of shape (4, 1)"),
            Wrong(dense_lesson_layer, hint="use the arguments W and b",
                  names="X of shape (2, 2), W of shape (2, 2)", kind=HARDCODED),
            Wrong(dense_two_inputs_by_hand, hint="use all d = 4 inputs",
                  names="X of shape (2, 4)", kind=VISIBLE_ONLY),
            Wrong(dense_bias_made_a_row_in_place, hint="don't modify `b`",
                  names="changed its input `b` in place (b was replaced or reshaped)",
                  kind=MUTATES),
        ]),
    check.seeded_parameters: Battery(
        reference=seeded_parameters,
        correct=[seeded_globally_as_list, seeded_three_at_once, seeded_with_normal],
        wrong=[
            Wrong(seeded_with_default_rng, hint="default_rng(42) is a different generator",
                  names="got w = [ 0.304717"),
            Wrong(seeded_with_generator_of_the_legacy_bits, hint="seeds through SeedSequence",
                  names="got w = ["),
            Wrong(seeded_bias_first, hint="the order matters", names="got w = [-0.138264"),
            Wrong(seeded_uniform, hint="rand draws uniform numbers", names="got w = [0.37454"),
            Wrong(seeded_rounded, hint="without rounding", names="got w = [ 0.4967, -0.1383]"),
            Wrong(seeded_as_one_array, hint="return w, b", names="returned an array of shape (3,)"),
            Wrong(seeded_bias_of_size_one, hint="return one number, not an array holding one",
                  names="b returned shape (1,)"),
            Wrong(seeded_typed_in, hint="type no numbers in",
                  names="from numbers typed into its code", kind=HARDCODED),
            Wrong(seeded_elsewhere, hint="without seeding it", names="got w = [ 1.690526",
                  kind=VISIBLE_ONLY),
        ],
        exempt={MUTATES: "seeded_parameters() takes no arguments, so there is no input it "
                         "could modify (seeding the global generator, as the lesson does, is "
                         "allowed)."}),
}
test_cases = cases_test(CASES)
