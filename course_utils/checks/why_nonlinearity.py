"""Checks for the exercises of Lesson 10 · Why nonlinearity matters."""
import functools

import numpy as np

from ..activations import relu
from ..data import circles, train_val_split
from ..network import MLP, train
from ._core import as_array, assert_close, describe, fail, looks_like, run, shape_mismatch_hint, task

# The hand-built XOR network of Goodfellow, Bengio & Courville (2016, section 6.1).
XOR_W = np.array([[1.0, 1.0], [1.0, 1.0]])
XOR_C = np.array([0.0, -1.0])
XOR_OUT = np.array([1.0, -2.0])
XOR_CORNERS = np.array([[0.0, 0.0], [0.0, 1.0], [1.0, 0.0], [1.0, 1.0]])


def xor_reference(X):
    """Outputs of the hand-built network, relu(X @ W.T + c) @ w, one per row of X."""
    return relu(X @ XOR_W.T + XOR_C) @ XOR_OUT


def circles_split():
    """The circles data of the exercise (300 points, noise 0.1, seed 0), split 75/25 with seed 0."""
    X, y = circles(n=300, noise=0.1, seed=0)
    return train_val_split(X, y, val_fraction=0.25, seed=0)


def _noisy_circles_split():
    """Data the notebook does not show: noisier circles, split in halves, where models that differ
    from the task's (other layers, seed, optimizer, epochs) reach other validation accuracies."""
    X, y = circles(n=300, noise=0.3, seed=4)
    return train_val_split(X, y, val_fraction=0.5, seed=4)


# --- Task 1 ---------------------------------------------------------------------------------

def _affine_cases():
    """(W1, b1, W2, b2): square layers first (so a swapped product is caught with a hint), then
    layers of different widths."""
    rng = np.random.default_rng(10)
    cases = []
    for n_in, n_hidden, n_out in [(3, 3, 3), (3, 5, 2), (4, 1, 6), (2, 7, 1)]:
        cases.append((rng.normal(size=(n_hidden, n_in)), rng.normal(size=n_hidden),
                      rng.normal(size=(n_out, n_hidden)), rng.normal(size=n_out)))
    return cases


def _assert_close_named(name, got, expected, **kwargs):
    """assert_close for values without one input per entry, its message starting with `name`."""
    try:
        assert_close(got, expected, **kwargs)
    except AssertionError as err:
        raise AssertionError(f"{name}: {err}") from None


@task("collapsing two affine layers")
def compose_affine(compose_affine_fn):
    """Check compose_affine(W1, b1, W2, b2) = (W2 @ W1, W2 @ b1 + b2)."""
    for W1, b1, W2, b2 in _affine_cases():
        shapes = f"W1 of shape {W1.shape}, W2 of shape {W2.shape}"
        result = run(compose_affine_fn, W1, b1, W2, b2)
        if not isinstance(result, (tuple, list)) or len(result) != 2:
            fail(f"compose_affine() with {shapes} returned {describe(result)}; expected a pair "
                 "(W, b).", "end with `return W, b`.")
        W_shape, b_shape = (W2.shape[0], W1.shape[1]), (W2.shape[0],)
        W = as_array(result[0], shape=W_shape, what=f"compose_affine() with {shapes}: W",
                     shape_hint=f"W maps the {W1.shape[1]} inputs to the {W2.shape[0]} outputs, so "
                                f"its shape is {W_shape}: compute it from the arguments, W2 @ W1.")
        b = as_array(result[1], shape=b_shape, what=f"compose_affine() with {shapes}: b",
                     shape_hint=f"the combined bias has one entry per output, shape {b_shape}: "
                                "compute it from the arguments, W2 @ b1 + b2.")
        _assert_close_named(
            f"with {shapes}: W", W, W2 @ W1,
            hint="the combined weight matrix is W2 @ W1, computed from the arguments.",
            mistakes=[(W1.shape == W2.shape and looks_like(W, W1 @ W2),
                       "order matters: x meets W1 first, so W = W2 @ W1, not W1 @ W2.")])
        _assert_close_named(
            f"with {shapes}: b", b, W2 @ b1 + b2,
            hint="expand W2 (W1 x + b1) + b2: the bias is W2 @ b1 + b2.",
            mistakes=[(looks_like(b, b2),
                       "b1 passes through the second layer too: b = W2 @ b1 + b2, not just b2."),
                      (b1.shape == b2.shape and looks_like(b, b1 + b2),
                       "b1 is multiplied by W2 on its way through the second layer: "
                       "b = W2 @ b1 + b2, not b1 + b2.")])
    return f"checked {len(_affine_cases())} pairs of layers"


# --- Task 2 ---------------------------------------------------------------------------------

_XOR_HINT = ("h = relu(X @ W.T + c) with W = [[1, 1], [1, 1]] and c = [0, -1], then output h @ w "
             "with w = [1, -2].")


@task("the XOR network")
def xor_network(xor_network_fn):
    """Check xor_network(X) = relu(X @ W.T + c) @ w for the hand-built weights: [0, 1, 1, 0] on
    the corners, and the same network's outputs on points the notebook does not show."""
    batches = [("the four corners", XOR_CORNERS),
               ("25 points of [-1, 2]²", np.random.default_rng(12).uniform(-1.0, 2.0, size=(25, 2)))]
    outputs = []
    for _, X in batches:
        what = f"xor_network(X) with X of shape {X.shape}"
        got = as_array(run(xor_network_fn, X), what=what)
        if got.shape != (len(X),):
            if len(X) != 4 and looks_like(got, [0.0, 1.0, 1.0, 0.0]):
                hint = ("your function returns the corners' outputs [0, 1, 1, 0] whatever X "
                        "holds: compute the outputs from X, one per row.")
            elif got.shape == (len(X), 2):
                hint = ("that is the hidden layer, shape (n, 2): the output weights w turn each "
                        "row into one number, h @ w.")
            else:
                hint = shape_mismatch_hint(got.shape, (len(X),))
            fail(f"{what} returned shape {got.shape}; expected an array of shape ({len(X)},), "
                 "one output per row.", hint)
        outputs.append(got)
    X_all, got_all = np.vstack([X for _, X in batches]), np.concatenate(outputs)
    hidden = X_all @ XOR_W.T + XOR_C
    mistakes = [  # judged on all the points, where these mistakes give different outputs
        (looks_like(got_all, hidden @ XOR_OUT),
         "apply ReLU to the hidden layer: without it the network is affine and cannot give XOR."),
        (looks_like(got_all, relu(X_all @ XOR_W.T) @ XOR_OUT),
         "add the hidden bias c = [0, -1] before the ReLU."),
        (looks_like(got_all, relu(hidden @ XOR_OUT)),
         "ReLU belongs to the hidden layer, before the output weights, not after them."),
    ]
    (corners_name, corners), (points_name, points) = batches
    assert_close(outputs[0], xor_reference(corners), corners, label=f"{corners_name}: x",
                 hint=_XOR_HINT, mistakes=mistakes)
    assert_close(outputs[1], xor_reference(points), points, label=f"{points_name}: x", mistakes=mistakes,
                 hint="right on the four corners, but not on other inputs: compute the network, "
                      + _XOR_HINT + " Rounding, thresholds or a formula for XOR itself agree only "
                      "at the corners.")
    return "outputs [0, 1, 1, 0] on the four corners, and the network's outputs on 25 more points"


# --- Task 3 ---------------------------------------------------------------------------------

_TRAIN = dict(epochs=400, lr=0.03, optimizer="adam")
_LINEAR_SPEC = "MLP([2, 1], output='sigmoid', seed=0)"
_MLP_SPEC = "MLP([2, 16, 16, 1], activation='relu', output='sigmoid', init='he', seed=0)"
_TRAIN_SPEC = "train(model, X_train, y_train, epochs=400, lr=0.03, optimizer='adam')"
_DATASETS = (("the notebook's circles data", circles_split),
             ("a noisier circles data set", _noisy_circles_split))


def _trained(X_train, y_train, sizes, activation="relu"):
    model = MLP(sizes, activation=activation, output="sigmoid", init="he", seed=0)
    train(model, X_train, y_train, **_TRAIN)
    return model


@functools.lru_cache(maxsize=None)
def _reference(dataset):
    """For data set number `dataset`: the task's (linear, MLP) accuracies on the validation data
    and on the training data."""
    X_train, X_val, y_train, y_val = _DATASETS[dataset][1]()
    models = [_trained(X_train, y_train, [2, 1]), _trained(X_train, y_train, [2, 16, 16, 1])]
    return (np.array([m.accuracy(X_val, y_val) for m in models]),
            np.array([m.accuracy(X_train, y_train) for m in models]))


@functools.lru_cache(maxsize=None)
def _identity_mlp_accuracy(dataset):
    """The validation accuracy of the task's MLP with activation='identity' (a linear model)."""
    X_train, X_val, y_train, y_val = _DATASETS[dataset][1]()
    return _trained(X_train, y_train, [2, 16, 16, 1], "identity").accuracy(X_val, y_val)


def _scaled_by(got, expected, n_val, same):
    """The end of the hint for accuracies outside [0, 1]: what they were scaled by, if anything."""
    if same(got, 100 * expected):
        return " (don't multiply by 100)."
    if same(got, n_val * expected):
        return f" (you returned counts of right predictions; divide by len(y_val) = {n_val})."
    return "."


@task("linear model vs MLP on circles")
def circle_accuracies(circle_accuracies_fn):
    """Check circle_accuracies(X_train, y_train, X_val, y_val) against the task's computation:
    the validation accuracies of the seeded linear model and MLP, on the notebook's data and on
    data the notebook does not show. Training is seeded, so the numbers must match exactly (to
    the number of validation points classified right)."""
    for dataset, (data_name, make_data) in enumerate(_DATASETS):
        X_train, X_val, y_train, y_val = make_data()
        where = (f"on {data_name} (X_train of shape {X_train.shape}, X_val of shape "
                 f"{X_val.shape})")
        result = run(circle_accuracies_fn, X_train, y_train, X_val, y_val)
        got = as_array(result, shape=(2,), what=f"circle_accuracies() {where}", dtype=None,
                       shape_hint="return the pair (linear_accuracy, mlp_accuracy): two numbers.")
        expected, on_training_data = _reference(dataset)
        same = functools.partial(looks_like, rtol=0, atol=0.25 / len(y_val))  # same count right
        pair_hint = next((hint for detected, hint in [
            (not np.all(np.isfinite(got)) or np.any((got < 0) | (got > 1)),
             "an accuracy is a fraction between 0 and 1: model.accuracy(X_val, y_val) gives it "
             "directly" + _scaled_by(got, expected, len(y_val), same)),
            (expected[0] != expected[1] and same(got, expected[::-1]),
             "the two look swapped: return the pair in the order (linear_accuracy, mlp_accuracy)."),
            (dataset > 0 and same(got, _reference(0)[0]) and not same(expected, _reference(0)[0]),
             "your function returns the numbers of the notebook's data for other data too: "
             "compute them from its arguments X_train, y_train, X_val, y_val, not from copied "
             "numbers or the notebook's variables."),
        ] if detected), None)
        for i, model, spec in [(0, "linear model", _LINEAR_SPEC), (1, "MLP", _MLP_SPEC)]:
            if same(got[i], expected[i]):
                continue
            hint = pair_hint or next((hint for detected, hint in [
                (on_training_data[i] != expected[i] and same(got[i], on_training_data[i]),
                 "that is the accuracy on the training data: measure on the validation data, "
                 "model.accuracy(X_val, y_val)."),
                (any(looks_like(got[i], round(expected[i], k)) for k in (1, 2, 3)),
                 "return the accuracy as it is, without rounding it."),
                (i == 0 and same(got[0], expected[1]),
                 f"the linear model has no hidden layer: {_LINEAR_SPEC}."),
                (i == 1 and _identity_mlp_accuracy(dataset) != expected[1]
                 and same(got[1], _identity_mlp_accuracy(dataset)),
                 "a hidden layer with activation='identity' is still a linear model: use "
                 "activation='relu'."),
            ] if detected), f"build exactly the task's model, {spec}, train it with {_TRAIN_SPEC} "
                            "on the training data only, and return model.accuracy(X_val, y_val).")
            n = len(y_val)
            shown = f" ({got[i] * n:.4g} of {n} right)" if 0 <= got[i] <= 1 else ""
            fail(f"{where}: the {model}'s validation accuracy is {float(got[i])!r}{shown}; expected "
                 f"{float(expected[i])!r} ({expected[i] * n:.4g} of {n}).", hint)
    linear, mlp = _reference(0)[0]
    return f"linear {linear:.3f}, MLP {mlp:.3f} on the notebook's data; a second data set agrees too"
