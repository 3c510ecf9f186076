"""Checks for the exercises of Lesson 06 · Manual forward pass."""
import dis
import types

import numpy as np

from ..activations import relu, sigmoid
from ._core import (about, as_array, assert_close, describe, detected, fail, looks_like, name_of,
                    run, show, task)

# The seeded neuron of the lesson: np.random.seed(42); w = randn(2); b = randn().
_W = np.array([0.4967141530112327, -0.13826430117118466])
_B = 0.6476885381006925
_X0 = np.array([0.5, -1.2])
# The lesson's batch (x in row 0) and its layer of three neurons (column 0 is the seeded one).
_LESSON_X = np.vstack([_X0, np.random.default_rng(3).normal(size=(4, 2))])
_LAYER_RNG = np.random.default_rng(1)
_LESSON_W = np.column_stack([_W, _LAYER_RNG.normal(size=(2, 2))])
_LESSON_B = np.concatenate([[_B], _LAYER_RNG.normal(size=2)])

# What makes a function loop in Python: for/while loops and comprehensions (in bytecode, a
# jump backwards, and FOR_ITER), and the helpers that call a Python function once per element.
_LOOP_HELPERS = {"map", "vectorize", "apply_along_axis", "fromiter", "frompyfunc"}


def _loops_in_python(fn):
    """True if fn's own code loops in Python: a for or while loop, a comprehension, map(),
    np.vectorize, ... (also in lambdas and functions defined inside it)."""
    code = getattr(fn, "__code__", None)
    codes = [code] if isinstance(code, types.CodeType) else []
    while codes:
        code = codes.pop()
        if _LOOP_HELPERS & set(code.co_names) or any(
                op.opname == "FOR_ITER" or "BACKWARD" in op.opname
                for op in dis.get_instructions(code)):
            return True
        codes += [c for c in code.co_consts if isinstance(c, types.CodeType)]
    return False


def _batches():
    """(X, w, b): a square X first (so that w @ X runs), the lesson's batch with the seeded
    neuron, a batch of its size with other parameters, and batches with more features."""
    rng = np.random.default_rng(5)
    return [(np.array([[0.8, -1.5], [-1.1, 0.4]]), np.array([0.9, 0.3]), 0.1),  # z = 0.37, -0.77
            (_LESSON_X, _W, _B),
            (rng.normal(size=(5, 2)), rng.normal(size=2), -0.3),
            (rng.normal(size=(6, 4)), rng.normal(size=4), 0.25),
            (rng.normal(size=(1, 3)), rng.normal(size=3), 0.75)]


def _check_batch(forward_fn, activation, name, other):
    """Compare forward_fn(X, w, b) with activation(X @ w + b) on every batch."""
    for X, w, b in _batches():
        n, d = X.shape
        z = X @ w + b
        mistakes = [
            (activation(X * w + b), "X * w multiplies elementwise and keeps the shape (n, d) of "
                                    "X; X @ w also sums over the d features: one number per row."),
            (activation(_LESSON_X @ _W + _B), "those are the outputs for the lesson's batch: "
                                              "compute them from the X, w and b passed in."),
            (activation(w @ X + b) if n == d else None,
             "w @ X combines the rows of X; each row of X is one example, so use X @ w."),
            (activation(X @ _W + _B) if d == 2 else None,
             "use the arguments w and b: these are the lesson's seeded parameters."),
            (activation(X[:, :2] @ w[:2] + b) if d > 2 else None,
             f"use all d = {d} features: X @ w sums over every column of X."),
            (activation(z - b), "you forgot the bias: z = X @ w + b."),
            (activation(z - b) + b, f"add b before the activation: {name} of (X @ w + b), not "
                                    f"{name} of (X @ w), plus b."),
            (activation(z).squeeze(), "a batch of one row still gives shape (1,): don't "
                                      "squeeze the result or turn it into a number."),
            (z, f"you returned z; apply {name} to it."),
            (other(z), f"that is the {other.name} output; this task asks for {name}."),
        ]
        with about(f"X of shape {X.shape}, w = {show(w)}, b = {b!r}"):
            got = as_array(run(forward_fn, X, w, b), (n,), f"{name_of(forward_fn)}()",
                           mistakes=mistakes)
            assert_close(got, activation(z), X, label="X", rows=True, hint=(
                f"compute z = X @ w + b (shape (n,)), then apply {name} elementwise."),
                mistakes=detected(got, mistakes))
    return f"row 0 gives {float(activation(_X0 @ _W + _B))!r}"


@task("vectorised forward pass")
def forward_batch(forward_fn):
    """Check forward_batch(X, w, b) = relu(X @ w + b) for X of shape (n, d), without a loop."""
    detail = _check_batch(forward_fn, relu, "ReLU", sigmoid)
    if _loops_in_python(forward_fn):
        fail(f"{name_of(forward_fn)}() gives the right outputs for X of shape (n, d), but it loops "
             "in Python (a for or while loop, a comprehension, map or np.vectorize); the task "
             "asks for one computation on the whole batch.",
             "drop the loop: X @ w + b gives every row's z at once (shape (n,)), and relu works "
             "elementwise on it.")
    return detail


@task("sigmoid instead of ReLU")
def forward_batch_sigmoid(forward_fn):
    """Check forward_batch_sigmoid(X, w, b) = sigmoid(X @ w + b)."""
    return _check_batch(forward_fn, sigmoid, "the sigmoid", relu)


def _layers():
    """(X, W, b): a square layer first (so that X @ W.T runs and b can be added as a column),
    the lesson's layer, then layers of other sizes, with more inputs than 2."""
    rng = np.random.default_rng(8)
    cases = [(rng.normal(size=(n, d)), rng.normal(size=(d, k)), rng.normal(size=k))
             for n, d, k in [(2, 2, 2), (5, 2, 3), (2, 4, 5), (4, 3, 2), (1, 4, 1)]]
    return cases[:1] + [(_LESSON_X, _LESSON_W, _LESSON_B)] + cases[1:]


@task("dense layer")
def dense_forward(dense_fn):
    """Check dense_forward(X, W, b) = relu(X @ W + b) with W (d, k), b (k,), result (n, k)."""
    for X, W, b in _layers():
        (n, d), k = X.shape, W.shape[1]
        Z = X @ W + b
        mistakes = [
            (relu(X @ W.T + b) if d == k else None,
             "W has shape (d, k), one column per neuron: use X @ W, not X @ W.T."),
            (relu(X @ W + b[:, None]) if n == k else None,
             "b[j] is the bias of neuron j (column j): add b, shape (k,), to every row."),
            (relu(X @ _LESSON_W + _LESSON_B) if d == 2 else None,
             "use the arguments W and b: these are the lesson's layer."),
            (relu(X[:, :2] @ W[:2] + b) if d > 2 else None,
             f"use all d = {d} inputs: X @ W sums over every column of X."),
            (relu(Z).T, "row i holds the outputs for X[i], shape (n, k): don't transpose "
                        "(W.T @ X.T gives the transpose, (k, n))."),
            (relu(Z - b), "you forgot the bias b (shape (k,), added to every row)."),
            (relu(Z - b) + b, "add b before the activation: relu(X @ W + b), not relu(X @ W) + b."),
            (relu(Z).squeeze(), "keep the shape (n, k) when n or k is 1: don't squeeze the "
                                "result."),
            (Z, "you returned Z; apply ReLU to it."),
        ]
        with about(f"X of shape {X.shape}, W of shape {W.shape}, b = {show(b)}"):
            got = as_array(run(dense_fn, X, W, b), (n, k), f"{name_of(dense_fn)}()",
                           mistakes=mistakes)
            assert_close(got, relu(Z), X, label="X", rows=True, hint=(
                "return relu(X @ W + b): row i holds the k neurons' outputs for X[i]."),
                mistakes=detected(got, mistakes))
    return f"checked {len(_layers())} layers"


def _typed_in(fn, numbers):
    """True if fn's code holds one of `numbers` (to about 4 digits, either sign) as a literal."""
    code = getattr(fn, "__code__", None)
    codes, found = ([code] if isinstance(code, types.CodeType) else []), []
    while codes:
        code = codes.pop()
        found += [c for c in code.co_consts if isinstance(c, float)]
        codes += [c for c in code.co_consts if isinstance(c, types.CodeType)]
    return any(np.isclose(abs(c), abs(numbers), rtol=5e-4, atol=0).any() for c in found)


@task("seeded parameters")
def seeded_parameters(parameters_fn):
    """Check seeded_parameters() returns (w, b) drawn as in the lesson with the legacy API."""
    saved = np.random.get_state()
    np.random.seed(7)  # whatever ran before: an answer that does not seed itself draws seed 7's
    try:
        result = run(parameters_fn)
    finally:
        np.random.set_state(saved)
    if not isinstance(result, (tuple, list)) or len(result) != 2:
        fail(f"seeded_parameters() returned {describe(result)}; expected a pair (w, b).",
             "end with `return w, b`.")
    w = as_array(result[0], shape=(2,), what="w")
    b = as_array(result[1], shape=(), what="b")
    expected, got = np.append(_W, _B), np.append(w, b)
    if _typed_in(parameters_fn, expected):
        fail(f"seeded_parameters() returned w = {show(w)}, b = {float(b)!r} from numbers typed "
             "into its code; the task is to draw them.",
             "type no numbers in: seed the legacy generator with 42 (np.random.seed(42) or "
             "legacy = np.random.RandomState(42)), then draw randn(2), then randn().")
    if np.array_equal(w, _W) and b == _B:
        return "w = [0.49671415, -0.1382643], b = 0.6476885381006925"
    modern = np.random.default_rng(42).standard_normal(3)
    legacy_state = np.random.MT19937()
    legacy_state.state = np.random.RandomState(42).get_state(legacy=False)
    generators = [np.random.Generator(bits).standard_normal(3)
                  for bits in (np.random.MT19937(42), legacy_state)]
    unseeded = np.random.RandomState(7).randn(3)
    bias_first = np.roll(np.random.RandomState(42).randn(3), -1)
    hint = next((h for detected, h in [
        (looks_like(got, unseeded), "your function draws from the global generator without "
                                    "seeding it, so its numbers depend on what ran before: seed "
                                    "inside the function, np.random.seed(42) or "
                                    "legacy = np.random.RandomState(42)."),
        (looks_like(got, modern), "default_rng(42) is a different generator (PCG64, ziggurat "
                                  "normals); use the legacy API: np.random.seed(42) or "
                                  "np.random.RandomState(42)."),
        (any(looks_like(got, g) for g in generators),
         "a Generator draws normals with the ziggurat method, and Generator(MT19937(42)) also "
         "seeds through SeedSequence: other numbers from the same bit generator. Use "
         "np.random.seed(42) or np.random.RandomState(42)."),
        (looks_like(got, bias_first), "the order matters: draw the two weights first, then the "
                                      "bias."),
        (np.allclose(got, expected, rtol=0, atol=1e-3), "return the numbers as drawn, without "
                                                        "rounding them."),
        (np.all((got >= 0) & (got < 1)), "randn draws standard normal numbers; rand draws "
                                         "uniform numbers in [0, 1)."),
    ] if detected), "seed the legacy generator with 42, then draw w = randn(2), then b = randn().")
    fail(f"got w = {show(w)}, b = {float(b)!r}; expected w = {show(_W)}, b = {_B!r}.", hint)
