"""The checks of the Lesson 10 exercises accept correct answers written in several styles and
reject wrong ones with a message that names the failing input and a hint that fits the mistake."""
import numpy as np

from checks_cases import HARDCODED, MUTATES, VISIBLE_ONLY, Battery, Wrong, cases_test
from course_utils.checks import why_nonlinearity as check
from course_utils.network import MLP, train

# The notebook's own example of Task 1, and the numbers a student could copy from it.
_rng = np.random.default_rng(0)
NB_W1, NB_b1 = _rng.standard_normal((5, 3)), _rng.standard_normal(5)
NB_W2, NB_b2 = _rng.standard_normal((2, 5)), _rng.standard_normal(2)
NB_W_PRINTED, NB_b_PRINTED = (NB_W2 @ NB_W1).round(8), (NB_W2 @ NB_b1 + NB_b2).round(8)

W_XOR = np.array([[1.0, 1.0], [1.0, 1.0]])
C_XOR = np.array([0.0, -1.0])
W_OUT = np.array([1.0, -2.0])


# Task 1 · compose_affine

def compose_affine(W1, b1, W2, b2):
    return W2 @ W1, W2 @ b1 + b2


def compose_affine_dot_as_list(W1, b1, W2, b2):
    return [np.dot(W2, W1), np.dot(W2, b1) + b2]


def compose_affine_einsum(W1, b1, W2, b2):
    return np.einsum("oh,hi->oi", W2, W1), np.einsum("oh,h->o", W2, b1) + b2


def compose_affine_from_images_of_basis_vectors(W1, b1, W2, b2):
    def layers(x):
        return W2 @ (W1 @ x + b1) + b2
    b = layers(np.zeros(W1.shape[1]))
    W = np.column_stack([layers(e) - b for e in np.eye(W1.shape[1])])
    return W, b


def compose_affine_in_place_on_a_copy(W1, b1, W2, b2):
    b = b2.copy()
    b += W2 @ b1
    return W2 @ W1, b


def compose_affine_swapped(W1, b1, W2, b2):
    return W1 @ W2, W2 @ b1 + b2


def compose_affine_bias_b2_only(W1, b1, W2, b2):
    return W2 @ W1, b2


def compose_affine_biases_added(W1, b1, W2, b2):
    return W2 @ W1, b1 + b2


def compose_affine_transposed(W1, b1, W2, b2):
    return W1.T @ W2.T, W2 @ b1 + b2


def compose_affine_copied_from_the_example(W1, b1, W2, b2):
    return NB_W_PRINTED, NB_b_PRINTED


def compose_affine_of_the_notebook_variables(W1, b1, W2, b2):
    return NB_W2 @ NB_W1, NB_W2 @ NB_b1 + NB_b2  # the notebook's globals, not the arguments


def compose_affine_into_b2(W1, b1, W2, b2):
    b2 += W2 @ b1
    return W2 @ W1, b2


# Task 2 · xor_network

def xor_network(X):
    return np.maximum(X @ W_XOR.T + C_XOR, 0.0) @ W_OUT


def xor_network_loop(X):
    return [max(0.0, x0 + x1) - 2 * max(0.0, x0 + x1 - 1) for x0, x1 in X]


def xor_network_clip_and_dot(X):
    hidden = np.clip(np.dot(X, W_XOR.T) + C_XOR, 0, None)
    return np.dot(hidden, W_OUT)


def xor_network_per_unit(X):
    s = X.sum(axis=1)
    return tuple(np.maximum(s, 0) - 2 * np.maximum(s - 1, 0))


def xor_network_without_relu(X):
    return (X @ W_XOR.T + C_XOR) @ W_OUT


def xor_network_without_c(X):
    return np.maximum(X @ W_XOR.T, 0.0) @ W_OUT


def xor_network_relu_after_output(X):
    return np.maximum((X @ W_XOR.T + C_XOR) @ W_OUT, 0.0)


def xor_network_column(X):
    return (np.maximum(X @ W_XOR.T + C_XOR, 0.0) @ W_OUT)[:, None]


def xor_network_hidden_layer_only(X):
    return np.maximum(X @ W_XOR.T + C_XOR, 0.0)


def xor_network_truth_table(X):
    return np.array([0.0, 1.0, 1.0, 0.0])


def xor_network_xor_formula(X):
    return np.abs(X[:, 0] - X[:, 1])


def xor_network_sums_into_X(X):
    s = X
    s[:, 0] += X[:, 1]
    return np.maximum(s[:, 0], 0) - 2 * np.maximum(s[:, 0] - 1, 0)


# Task 3 · circle_accuracies

def _fit(sizes, activation, X_train, y_train, optimizer="adam"):
    model = MLP(sizes, activation=activation, output="sigmoid", init="he", seed=0)
    train(model, X_train, y_train, epochs=400, lr=0.03, optimizer=optimizer)
    return model


def circle_accuracies(X_train, y_train, X_val, y_val):
    linear = MLP([2, 1], output="sigmoid", seed=0)
    mlp = MLP([2, 16, 16, 1], activation="relu", output="sigmoid", init="he", seed=0)
    for model in (linear, mlp):
        train(model, X_train, y_train, epochs=400, lr=0.03, optimizer="adam")
    return linear.accuracy(X_val, y_val), mlp.accuracy(X_val, y_val)


def circle_accuracies_counted_by_hand(X_train, y_train, X_val, y_val):
    accuracies = []
    for sizes in ([2, 1], [2, 16, 16, 1]):
        model = _fit(sizes, "relu", X_train, y_train)
        accuracies.append(np.mean(model.predict(X_val) == y_val))
    return accuracies


def circle_accuracies_from_the_history(X_train, y_train, X_val, y_val):
    histories = [train(MLP(sizes, seed=0), X_train, y_train, 400, 0.03, X_val=X_val, y_val=y_val,
                       optimizer="adam") for sizes in ([2, 1], [2, 16, 16, 1])]
    return np.array([h["val_accuracy"][-1] for h in histories])


def circle_accuracies_mlp_first_with_probabilities(X_train, y_train, X_val, y_val):
    mlp = _fit([2, 16, 16, 1], "relu", X_train, y_train)
    linear = _fit([2, 1], "relu", X_train, y_train)
    return tuple(float(np.mean((m.predict_proba(X_val) >= 0.5) == y_val)) for m in (linear, mlp))


def circle_accuracies_linear_hidden(X_train, y_train, X_val, y_val):
    linear = _fit([2, 1], "relu", X_train, y_train)
    mlp = _fit([2, 16, 16, 1], "identity", X_train, y_train)
    return linear.accuracy(X_val, y_val), mlp.accuracy(X_val, y_val)


def circle_accuracies_swapped(X_train, y_train, X_val, y_val):
    return tuple(reversed(circle_accuracies(X_train, y_train, X_val, y_val)))


def circle_accuracies_in_percent(X_train, y_train, X_val, y_val):
    return tuple(100 * a for a in circle_accuracies(X_train, y_train, X_val, y_val))


def circle_accuracies_as_counts(X_train, y_train, X_val, y_val):
    return tuple(round(a * len(y_val)) for a in circle_accuracies(X_train, y_train, X_val, y_val))


def circle_accuracies_tanh(X_train, y_train, X_val, y_val):
    models = [_fit(sizes, "tanh", X_train, y_train) for sizes in ([2, 1], [2, 16, 16, 1])]
    return tuple(m.accuracy(X_val, y_val) for m in models)


def circle_accuracies_on_training_data(X_train, y_train, X_val, y_val):
    models = [_fit(sizes, "relu", X_train, y_train) for sizes in ([2, 1], [2, 16, 16, 1])]
    return tuple(m.accuracy(X_train, y_train) for m in models)


def circle_accuracies_one_hidden_layer(X_train, y_train, X_val, y_val):
    models = [_fit(sizes, "relu", X_train, y_train) for sizes in ([2, 1], [2, 16, 1])]
    return tuple(m.accuracy(X_val, y_val) for m in models)


def circle_accuracies_with_sgd(X_train, y_train, X_val, y_val):
    models = [_fit(sizes, "relu", X_train, y_train, "sgd") for sizes in ([2, 1], [2, 16, 16, 1])]
    return tuple(m.accuracy(X_val, y_val) for m in models)


def circle_accuracies_both_with_hidden_layers(X_train, y_train, X_val, y_val):
    mlp = _fit([2, 16, 16, 1], "relu", X_train, y_train)
    return mlp.accuracy(X_val, y_val), mlp.accuracy(X_val, y_val)


def circle_accuracies_rounded(X_train, y_train, X_val, y_val):
    return tuple(round(a, 2) for a in circle_accuracies(X_train, y_train, X_val, y_val))


def circle_accuracies_copied_from_the_notebook(X_train, y_train, X_val, y_val):
    return 0.5733333333333334, 0.9733333333333334


def circle_accuracies_of_the_notebook_variables(X_train, y_train, X_val, y_val):
    X_train, X_val, y_train, y_val = check.circles_split()  # the notebook's globals
    return circle_accuracies(X_train, y_train, X_val, y_val)


def circle_accuracies_centring_in_place(X_train, y_train, X_val, y_val):
    mean = X_train.mean(axis=0)
    X_train -= mean
    X_val -= mean
    return circle_accuracies(X_train, y_train, X_val, y_val)


NOISY = "X_val of shape (150, 2)"  # the data set the notebook does not show
SHOWN = "X_val of shape (75, 2)"

CASES = {
    check.compose_affine: Battery(
        reference=compose_affine,
        correct=[compose_affine_dot_as_list, compose_affine_einsum,
                 compose_affine_from_images_of_basis_vectors, compose_affine_in_place_on_a_copy],
        wrong=[
            Wrong(compose_affine_swapped, hint="not W1 @ W2", names="W1 of shape (3, 3)"),
            Wrong(compose_affine_bias_b2_only, hint="not just b2", names="W1 of shape (3, 3)"),
            Wrong(compose_affine_biases_added, hint="not b1 + b2", names="W1 of shape (3, 3)"),
            Wrong(compose_affine_transposed, hint="W2 @ W1", names="W1 of shape (3, 3)"),
            Wrong(compose_affine_copied_from_the_example, hint="compute it from the arguments",
                  names="W1 of shape (3, 3), W2 of shape (3, 3): W returned shape (2, 3)",
                  kind=HARDCODED),
            Wrong(compose_affine_of_the_notebook_variables, hint="compute it from the arguments",
                  names="W1 of shape (3, 3), W2 of shape (3, 3): W returned shape (2, 3)",
                  kind=VISIBLE_ONLY),
            Wrong(compose_affine_into_b2, hint="don't modify `b2`",
                  names="changed its input `b2` in place", kind=MUTATES),
        ]),
    check.xor_network: Battery(
        reference=xor_network,
        correct=[xor_network_loop, xor_network_clip_and_dot, xor_network_per_unit],
        wrong=[
            Wrong(xor_network_without_relu, hint="apply ReLU to the hidden layer",
                  names="the four corners: x[0] = [0., 0.]: got 2.0, expected 0.0"),
            Wrong(xor_network_without_c, hint="add the hidden bias", names="the four corners: x["),
            Wrong(xor_network_relu_after_output, hint="not after them", names="the four corners: x[0]"),
            Wrong(xor_network_column, hint="axes of length 1 added", names="returned shape (4, 1)"),
            Wrong(xor_network_hidden_layer_only, hint="that is the hidden layer",
                  names="X of shape (4, 2) returned shape (4, 2)"),
            Wrong(xor_network_truth_table, hint="whatever X holds",
                  names="X of shape (25, 2) returned shape (4,)", kind=HARDCODED),
            Wrong(xor_network_xor_formula, hint="right on the four corners, but not on other inputs",
                  names="25 points of [-1, 2]²: x[", kind=VISIBLE_ONLY),
            Wrong(xor_network_sums_into_X, hint="don't modify `X`",
                  names="changed its input `X` in place", kind=MUTATES),
        ]),
    check.circle_accuracies: Battery(
        reference=circle_accuracies,
        correct=[circle_accuracies_counted_by_hand, circle_accuracies_from_the_history,
                 circle_accuracies_mlp_first_with_probabilities],
        wrong=[
            Wrong(circle_accuracies_linear_hidden, hint="still a linear model",
                  names=f"{SHOWN}): the MLP's validation accuracy is 0.5733"),
            Wrong(circle_accuracies_swapped, hint="look swapped", names=SHOWN),
            Wrong(circle_accuracies_in_percent, hint="don't multiply by 100", names=SHOWN),
            Wrong(circle_accuracies_as_counts, hint="divide by len(y_val) = 75", names=SHOWN),
            Wrong(circle_accuracies_tanh, hint="activation='relu'", names=f"{NOISY}): the MLP's"),
            Wrong(circle_accuracies_on_training_data, hint="accuracy on the training data",
                  names=f"{SHOWN}): the linear model's validation accuracy is 0.5822"),
            Wrong(circle_accuracies_one_hidden_layer, hint="build exactly the task's model",
                  names=f"{NOISY}): the MLP's"),
            Wrong(circle_accuracies_with_sgd, hint="optimizer='adam'", names=SHOWN),
            Wrong(circle_accuracies_both_with_hidden_layers, hint="the linear model has no hidden layer",
                  names=f"{SHOWN}): the linear model's"),
            Wrong(circle_accuracies_rounded, hint="without rounding", names=SHOWN),
            Wrong(circle_accuracies_copied_from_the_notebook, hint="numbers of the notebook's data",
                  names=NOISY, kind=HARDCODED),
            Wrong(circle_accuracies_of_the_notebook_variables, hint="not from copied numbers or the "
                  "notebook's variables", names=NOISY, kind=VISIBLE_ONLY),
            Wrong(circle_accuracies_centring_in_place, hint="don't modify `X_train`",
                  names="changed its input `X_train` in place", kind=MUTATES),
        ]),
}
test_cases = cases_test(CASES)
