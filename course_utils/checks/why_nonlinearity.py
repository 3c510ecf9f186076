"""Checks for the exercises of Lesson 10 · Why nonlinearity matters."""
import numpy as np

from ..activations import relu
from ..data import circles, train_val_split
from ._core import as_array, assert_close, call, fail, looks_like, run, task

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


def _affine_cases():
    """(W1, b1, W2, b2): square layers first (so a swapped product is caught with a hint), then
    layers of different widths."""
    rng = np.random.default_rng(10)
    cases = []
    for n_in, n_hidden, n_out in [(3, 3, 3), (3, 5, 2), (4, 1, 6), (2, 7, 1)]:
        cases.append((rng.normal(size=(n_hidden, n_in)), rng.normal(size=n_hidden),
                      rng.normal(size=(n_out, n_hidden)), rng.normal(size=n_out)))
    return cases


@task("collapsing two affine layers")
def compose_affine(compose_affine_fn):
    """Check compose_affine(W1, b1, W2, b2) = (W2 @ W1, W2 @ b1 + b2)."""
    for W1, b1, W2, b2 in _affine_cases():
        shapes = f"W1 {W1.shape}, W2 {W2.shape}"
        result = run(compose_affine_fn, W1, b1, W2, b2)
        if not isinstance(result, tuple) or len(result) != 2:
            fail(f"compose_affine() returned {type(result).__name__}; expected a pair (W, b).",
                 "end with `return W, b`.")
        W = as_array(result[0], shape=(W2.shape[0], W1.shape[1]), what=f"compose_affine() with {shapes}: W",
                     dtype=None, shape_hint=(
                         "x goes through W1 first, then W2, so the combined matrix is W2 @ W1: "
                         "(outputs x hidden) @ (hidden x inputs)."))
        b = as_array(result[1], shape=(W2.shape[0],), what=f"compose_affine() with {shapes}: b",
                     dtype=None, shape_hint="the combined bias has one entry per output: W2 @ b1 + b2.")
        assert_close(W, W2 @ W1, hint="the combined weight matrix is W2 @ W1.", label=f"{shapes}: W",
                     mistakes=[(W1.shape[1] == W2.shape[0] and looks_like(W, W1 @ W2),
                                "order matters: x meets W1 first, so W = W2 @ W1, not W1 @ W2.")])
        assert_close(b, W2 @ b1 + b2, hint="expand W2 (W1 x + b1) + b2: the bias is W2 @ b1 + b2.",
                     label=f"{shapes}: b", mistakes=[
                         (looks_like(b, b2), "b1 passes through the second layer too: b = W2 @ b1 + b2, "
                                             "not just b2."),
                         (b1.shape == b2.shape and looks_like(b, b1 + b2),
                          "b1 is multiplied by W2 on its way through the second layer: "
                          "b = W2 @ b1 + b2, not b1 + b2."),
                     ])
    return f"checked {len(_affine_cases())} pairs of layers"


@task("the XOR network")
def xor_network(xor_network_fn):
    """Check xor_network(X) = relu(X @ W.T + c) @ w for the hand-built weights: [0, 1, 1, 0]."""
    rng = np.random.default_rng(12)
    for X in (XOR_CORNERS, rng.uniform(-1.0, 2.0, size=(25, 2))):
        got = call(xor_network_fn, X, shape=(len(X),), dtype=None, shape_hint=(
            "return one output per row of X, shape (n,): the hidden layer has shape (n, 2) and "
            "the output weights w turn each row into one number (h @ w)."))
        hidden = X @ XOR_W.T + XOR_C
        assert_close(got, xor_reference(X), X, label="x", hint=(
            "h = relu(X @ W.T + c) with W = [[1, 1], [1, 1]] and c = [0, -1], then output h @ w "
            "with w = [1, -2]."), mistakes=[
            (looks_like(got, hidden @ XOR_OUT),
             "apply ReLU to the hidden layer: without it the network is affine and cannot give XOR."),
            (looks_like(got, relu(X @ XOR_W.T) @ XOR_OUT),
             "add the hidden bias c = [0, -1] before the ReLU."),
            (looks_like(got, relu(hidden @ XOR_OUT)),
             "ReLU belongs to the hidden layer, before the output weights, not after them."),
        ])
    return "outputs [0, 1, 1, 0] on the four corners, and 25 more points"


@task("linear model vs MLP on circles")
def circle_accuracies(circle_accuracies_fn):
    """Check circle_accuracies(X_train, y_train, X_val, y_val) = (linear accuracy < 0.8,
    MLP accuracy > 0.95) on the circles validation set."""
    X_train, X_val, y_train, y_val = circles_split()
    result = run(circle_accuracies_fn, X_train, y_train, X_val, y_val)
    if not isinstance(result, tuple) or len(result) != 2:
        fail(f"circle_accuracies() returned {type(result).__name__}; expected a pair "
             "(linear_accuracy, mlp_accuracy).",
             "end with `return linear.accuracy(X_val, y_val), mlp.accuracy(X_val, y_val)`.")
    linear_acc, mlp_acc = (float(as_array(v, shape=(), what="circle_accuracies()", dtype=None))
                           for v in result)
    for name, value in [("linear", linear_acc), ("MLP", mlp_acc)]:
        if not 0 <= value <= 1:
            fail(f"the {name} accuracy is {value!r}; an accuracy is a fraction between 0 and 1.",
                 "use model.accuracy(X_val, y_val), the fraction of correct predictions.")
    if linear_acc > 0.95 and mlp_acc < 0.8:
        fail(f"got linear {linear_acc:.3f} and MLP {mlp_acc:.3f}: the two look swapped.",
             "return the pair in the order (linear_accuracy, mlp_accuracy).")
    if linear_acc >= 0.8:
        fail(f"the linear model scored {linear_acc:.3f} on validation; a straight line cannot "
             "separate two circles, expected below 0.8.",
             "the linear model is MLP([2, 1]): no hidden layer at all.")
    if mlp_acc <= 0.95:
        fail(f"the MLP scored {mlp_acc:.3f} on validation; expected above 0.95.",
             "give the MLP hidden layers with a nonlinear activation, e.g. MLP([2, 16, 16, 1], "
             "activation='relu'), and train it long enough (Adam, lr 0.03, 400 epochs); a hidden "
             "layer with activation='identity' is still a linear model.")
    return f"linear {linear_acc:.3f} < 0.8, MLP {mlp_acc:.3f} > 0.95"
