"""Checks for the exercises of Lesson 06 · Manual forward pass."""
import numpy as np

from ..activations import relu, sigmoid
from ._core import as_array, assert_close, call, fail, looks_like, run, task

# The seeded neuron of the lesson: np.random.seed(42); w = randn(2); b = randn().
_W = np.array([0.4967141530112327, -0.13826430117118466])
_B = 0.6476885381006925
_X0 = np.array([0.5, -1.2])

_SHAPE_HINT = ("X @ w + b gives one number per row of X, shape (n,); don't reshape w into a "
               "column and don't multiply elementwise (X * w keeps the (n, d) shape).")


def _batches():
    """(X, w, b) cases: the lesson's batch with x in row 0, then random sizes."""
    rng = np.random.default_rng(3)
    lesson = np.vstack([_X0, rng.normal(size=(4, 2))])
    return [(lesson, _W, _B), (rng.normal(size=(6, 3)), rng.normal(size=3), -0.25),
            (rng.normal(size=(1, 2)), rng.normal(size=2), 0.75)]


def _check_batch(forward_fn, activation, row0, name):
    other = "relu" if activation is sigmoid else "sigmoid"
    for X, w, b in _batches():
        got = call(forward_fn, X, w, b, shape=(len(X),), shape_hint=_SHAPE_HINT)
        z = X @ w + b
        assert_close(got, activation(z), X, label="X", hint=(
            f"compute z = X @ w + b (shape (n,)), then apply {name} elementwise."), mistakes=[
            (looks_like(got, activation(z - b)), "you forgot the bias: z = X @ w + b."),
            (looks_like(got, z), f"you returned z; apply {name} to it."),
            (looks_like(got, relu(z) if other == "relu" else sigmoid(z)),
             f"that is the {other} output; this task asks for {name}."),
        ])
    got = call(forward_fn, _batches()[0][0], _W, _B, shape=(5,), shape_hint=_SHAPE_HINT)
    if not np.isclose(got[0], row0, rtol=1e-12, atol=0):
        fail(f"row 0 (x = [0.5, -1.2]) gave {float(got[0])!r}, expected {row0!r}.",
             "row 0 must reproduce the single-neuron result of the lesson.")
    return f"row 0 gives {row0!r}"


@task("vectorised forward pass")
def forward_batch(forward_fn):
    """Check forward_batch(X, w, b) = relu(X @ w + b) for X of shape (n, d)."""
    return _check_batch(forward_fn, relu, 1.0619627760117303, "ReLU")


@task("sigmoid instead of ReLU")
def forward_batch_sigmoid(forward_fn):
    """Check forward_batch_sigmoid(X, w, b) = sigmoid(X @ w + b)."""
    return _check_batch(forward_fn, sigmoid, 0.7430654556407625, "the sigmoid")


@task("dense layer")
def dense_forward(dense_fn):
    """Check dense_forward(X, W, b) = relu(X @ W + b) with W (d, k), b (k,), result (n, k)."""
    rng = np.random.default_rng(8)
    for n, d, k in [(4, 3, 3), (5, 2, 3), (4, 3, 2), (1, 4, 5)]:  # square W first: W.T runs
        X, W, b = rng.normal(size=(n, d)), rng.normal(size=(d, k)), rng.normal(size=k)
        got = call(dense_fn, X, W, b, shape=(n, k), shape_hint=(
            "a layer maps X (n, d) to (n, k): X @ W + b, with b added to every row."))
        Z = X @ W + b
        assert_close(got, relu(Z), X, label="X", hint="return relu(X @ W + b).", mistakes=[
            (looks_like(got, relu(Z - b)), "you forgot the bias b (shape (k,), added to every row)."),
            (looks_like(got, Z), "you returned Z; apply ReLU to it."),
            (d == k and looks_like(got, relu(X @ W.T + b)),
             "W has shape (d, k), one column per neuron: use X @ W, not X @ W.T."),
        ])
    return "checked 4 layer sizes"


@task("seeded parameters")
def seeded_parameters(parameters_fn):
    """Check seeded_parameters() returns (w, b) drawn as in the lesson with the legacy API."""
    result = run(parameters_fn)
    if not isinstance(result, tuple) or len(result) != 2:
        fail(f"seeded_parameters() returned {type(result).__name__}; expected a pair (w, b).",
             "end with `return w, b`.")
    w = as_array(result[0], shape=(2,), what="w")
    b = as_array(result[1], shape=(), what="b", dtype=None)
    if np.array_equal(w, _W) and b == _B:
        return "w = [0.49671415, -0.1382643], b = 0.6476885381006925"
    rng = np.random.default_rng(42)
    modern_w, modern_b = rng.standard_normal(2), rng.standard_normal()
    legacy = np.random.RandomState(42)
    first_b, then_w = legacy.randn(), legacy.randn(2)
    hint = "seed the legacy generator with 42, then draw w = randn(2), then b = randn()."
    if np.allclose(w, modern_w) or np.isclose(b, modern_b):
        hint = ("default_rng(42) is a different generator (PCG64, ziggurat normals); use the "
                "legacy API: np.random.seed(42) or np.random.RandomState(42).")
    elif np.isclose(b, first_b) or np.allclose(w, then_w):
        hint = "the order matters: draw the two weights first, then the bias."
    elif np.all((w >= 0) & (w < 1)) and 0 <= b < 1:
        hint = "randn draws standard normal numbers; rand draws uniform numbers in [0, 1)."
    fail(f"got w = {w}, b = {float(b)!r}; expected w = {_W}, b = {_B!r}.", hint)
