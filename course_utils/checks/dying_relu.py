"""Checks for the exercises of Lesson 09 · Dying ReLU.

Each check compares with the course's own computation on the notebook's example and on units and
layers it does not show. Detectors of typical mistakes name one only when it explains what the
student's function returned.
"""
import numbers

import numpy as np

from ..activations import LEAKY_RELU_SLOPE, identity, leaky_relu, relu
from ..network import count_dead_units
from ._core import as_array, describe, fail, looks_like, run, shape_of, short_list, task


def dead_unit_example():
    """The exercise's dead unit: X in [0, 1]^2 (50 rows), w in [-1, 1]^2, b = -3, targets 1.

    z = w.x + b <= |w1| + |w2| - 3 <= -1 for every row, so the unit is dead.
    """
    rng = np.random.default_rng(9)
    X = rng.uniform(0.0, 1.0, size=(50, 2))
    w = rng.uniform(-1.0, 1.0, size=2)
    return X, w, -3.0, np.ones(50)


def unit_gradients(X, w, b, t, activation, **params):
    """(dL/dw, dL/db) of L = mean((activation(X @ w + b) - t)**2) for one unit."""
    z = X @ w + b
    dz = 2.0 * (activation(z, **params) - t) / len(t) * activation.grad(z, **params)
    return X.T @ dz, float(dz.sum())


# Tasks 1 and 2 · the gradient of one unit

def _unit_cases():
    """(name, X, w, b, t): the dead unit, live units, and a unit with z == 0 exactly on one row."""
    rng = np.random.default_rng(19)
    cases = [("the dead unit (z <= -1 on every row)", *dead_unit_example())]
    for n, d in [(30, 2), (40, 3), (25, 5)]:
        X, w, b, t = rng.normal(size=(n, d)), rng.normal(size=d), float(rng.normal()), rng.normal(size=n)
        cases.append((f"a random unit (X of shape {X.shape}, w = {short_list(w)}, b = {b:.3f})", X, w, b, t))
    X_kink = np.array([[1.0, 2.0], [0.0, 0.0], [2.0, -1.0], [-1.0, 0.5]])
    cases.append(("a unit with z = 0 on the second row (X = [[1, 2], [0, 0], [2, -1], [-1, 0.5]], "
                  "w = [1, 1], b = 0)", X_kink, np.array([1.0, 1.0]), 0.0, np.array([1.0, 2.0, 0.5, -1.0])))
    return cases


def _gradients(fn, X, w, b, t, what, **params):
    """Run the student's gradient function; return [*grad_w, grad_b] as one float64 array."""
    result = run(fn, X, w, b, t, **params)
    if not isinstance(result, (tuple, list)) or len(result) != 2:
        fail(f"{what} returned {describe(result)}; expected a pair (grad_w, grad_b).",
             "end with `return grad_w, grad_b`: one array with an entry per weight, then one number.")
    per_example = (len(t),)
    grad_w = as_array(result[0], w.shape, f"{what} (its grad_w)", shape_hint=(
        "grad_w has one entry per weight: X.T @ dz sums over the examples.")
        if shape_of(result[0]) == per_example else None)
    grad_b = as_array(result[1], (), f"{what} (its grad_b)", shape_hint=(
        "grad_b is one number: the bias enters every example, so sum dz over the examples.")
        if shape_of(result[1]) == per_example else None)
    return np.r_[grad_w, grad_b]


def _with_slope(X, t, a, slope):
    """[*dL/dw, dL/db] given the unit's outputs a and per-example slopes: what a slip produces."""
    dz = 2.0 * (a - t) / len(t) * slope
    return np.r_[X.T @ dz, dz.sum()]


def _typed_in(got, expected):
    """True if `got` agrees with `expected` only to the 6 decimals a printout shows."""
    return (np.array_equal(np.round(got, 6), got) and not looks_like(got, expected)
            and bool(np.allclose(got, expected, rtol=0.01, atol=1e-6)))


def _common_mistakes(got, expected, z):
    """Mistakes of either activation, given the unit's pre-activations z: numbers typed in, a
    fixed answer, a lost 2, a sum over the examples instead of a mean, a flipped sign."""
    return [
        (_typed_in(got, expected),
         "your numbers agree with the expected ones only to the decimals a printout shows: "
         "return what your code computes from X, w, b and t, not typed-in numbers."),
        (np.all(got == 0) and np.any(z > 0) and np.any(expected != 0),
         "this unit is alive, so its gradient is not 0: compute it from X, w, b and t, not from "
         "the dead unit's answer."),
        (looks_like(got, expected / 2), "the derivative of (a - t)**2 is 2 (a - t): keep the 2."),
        (looks_like(got, expected * len(z)), "L is a mean over the n examples: divide by n."),
        (looks_like(got, -expected), "the sign is flipped: dL/da = 2 (a - t) / n, prediction minus target."),
    ]


def _compare_unit(got, expected, where, hint, mistakes):
    """Fail naming the input and the worst entry of [*dL/dw, dL/db] unless got == expected."""
    bad = ~np.isclose(got, expected, rtol=1e-7, atol=1e-10)
    if not bad.any():
        return
    worst = int(np.argmax(np.where(bad, np.abs(got - expected), 0.0)))
    entry = "dL/db" if worst == len(got) - 1 else f"dL/dw[{worst}]"
    wrong = f"wrong in {int(bad.sum())} of {bad.size} entries; worst " if bad.sum() > 1 else ""
    fail(f"{where}: {wrong}{entry}: got {float(got[worst])!r}, expected {float(expected[worst])!r}.",
         next((h for detected, h in mistakes if detected), hint))


def _relu_mistakes(got, X, w, b, t):
    z = X @ w + b
    expected = np.r_[unit_gradients(X, w, b, t, relu)]
    return _common_mistakes(got, expected, z) + [
        (looks_like(got, np.r_[unit_gradients(X, w, b, t, identity)]) or
         looks_like(got, _with_slope(X, t, relu(z), 1.0)),
         "you left out relu'(z): dL/dz = 2 (a - t) / n * relu'(z), and relu'(z) = 0 wherever "
         "z <= 0. On a dead unit that makes every gradient exactly 0."),
        (any(looks_like(got, _with_slope(X, t, relu(z), np.where(z == 0, s, z > 0))) for s in (1.0, 0.5)),
         "at z = 0 exactly the course (like TensorFlow and PyTorch) uses relu'(0) = 0: write the "
         "slope as (z > 0), not (z >= 0)."),
    ]


@task("gradient of a ReLU unit")
def relu_unit_gradients(relu_unit_gradients_fn):
    """Check relu_unit_gradients(X, w, b, t) = (dL/dw, dL/db) for L = mean((relu(Xw + b) - t)^2),
    exactly 0 on the dead unit."""
    cases = _unit_cases()
    _, X, w, b, t = cases[0]
    got = _gradients(relu_unit_gradients_fn, X, w, b, t, "relu_unit_gradients(X, w, b, t) on the dead unit")
    if not np.all(got == 0):
        fail(f"relu_unit_gradients(X, w, b, t) on {cases[0][0]} returned (dL/dw..., dL/db) = "
             f"{short_list(got)}; expected exactly 0 for every weight and the bias.",
             "multiply by relu'(z) = (z > 0): it is 0 on every row of a dead unit, so nothing "
             "flows back, whatever the targets are." if not np.allclose(got, 0, atol=1e-12) else
             "compute with the slope (z > 0) as a 0/1 array so the zeros are exact, not tiny.")
    for name, X, w, b, t in cases:
        where = f"relu_unit_gradients(X, w, b, t) on {name}"
        got = _gradients(relu_unit_gradients_fn, X, w, b, t, where)
        _compare_unit(got, np.r_[unit_gradients(X, w, b, t, relu)], where,
                      "dz = 2 * (relu(z) - t) / n * (z > 0); grad_w = X.T @ dz, grad_b = dz.sum().",
                      _relu_mistakes(got, X, w, b, t))
    return f"exactly 0 on the dead unit; checked {len(cases)} units"


def _leaky_mistakes(got, X, w, b, t, alpha):
    z = X @ w + b
    a = leaky_relu(z, alpha=alpha)
    expected = np.r_[unit_gradients(X, w, b, t, leaky_relu, alpha=alpha)]
    return _common_mistakes(got, expected, z) + [
        (alpha != LEAKY_RELU_SLOPE and looks_like(got, np.r_[unit_gradients(X, w, b, t, leaky_relu)]),
         f"use the alpha argument you are given (here {alpha}), not a fixed slope of {LEAKY_RELU_SLOPE}."),
        (looks_like(got, _with_slope(X, t, a, (z > 0).astype(float))),
         "for z <= 0 the slope of Leaky ReLU is alpha, not 0: that is what keeps the unit alive."),
        (looks_like(got, _with_slope(X, t, relu(z), np.where(z > 0, 1.0, alpha))),
         "the forward value changes too: leaky_relu(z) = alpha * z for z <= 0, not 0."),
        (looks_like(got, _with_slope(X, t, np.where(z > 0, alpha * z, z), np.where(z > 0, alpha, 1.0))),
         "alpha belongs to the negative side: f(z) = z for z > 0 and alpha * z for z <= 0."),
        (looks_like(got, _with_slope(X, t, a, np.where(z >= 0, 1.0, alpha))),
         "at z = 0 exactly the course (like TensorFlow and PyTorch) uses the slope alpha: "
         "write np.where(z > 0, 1.0, alpha)."),
    ]


@task("gradient of a Leaky ReLU unit")
def leaky_unit_gradients(leaky_unit_gradients_fn):
    """Check leaky_unit_gradients(X, w, b, t, alpha) = (dL/dw, dL/db) with Leaky ReLU; non-zero on
    the dead unit."""
    cases = _unit_cases()
    _, X, w, b, t = cases[0]
    call = f"leaky_unit_gradients(X, w, b, t, alpha={LEAKY_RELU_SLOPE})"
    got = _gradients(leaky_unit_gradients_fn, X, w, b, t, f"{call} on the dead unit",
                     alpha=LEAKY_RELU_SLOPE)
    if np.all(got == 0):
        fail(f"{call} on {cases[0][0]} returned exactly 0 for every weight and the bias; "
             "expected a small non-zero gradient.",
             "for z <= 0 the slope of Leaky ReLU is alpha, not 0: that is what keeps the unit alive.")
    for alpha in (LEAKY_RELU_SLOPE, 0.2):
        for name, X, w, b, t in cases:
            where = f"leaky_unit_gradients(X, w, b, t, alpha={alpha}) on {name}"
            got = _gradients(leaky_unit_gradients_fn, X, w, b, t, where, alpha=alpha)
            _compare_unit(got, np.r_[unit_gradients(X, w, b, t, leaky_relu, alpha=alpha)], where,
                          "dz = 2 * (leaky_relu(z) - t) / n * np.where(z > 0, 1.0, alpha); "
                          "grad_w = X.T @ dz, grad_b = dz.sum().",
                          _leaky_mistakes(got, X, w, b, t, alpha))
    return f"non-zero on the dead unit; checked {len(cases)} units, each with alpha = 0.01 and 0.2"


# Task 3 · counting dead units

def notebook_layer(bias=-2.0):
    """The layer the notebook counts after the check: 256 inputs, 16 units, one bias for all."""
    rng = np.random.default_rng(0)
    X = rng.standard_normal((256, 2))
    return X, rng.normal(0.0, 1.0, size=(2, 16)), np.full(16, bias)


def _dead_cases():
    """(X, W, b): the notebook's layer, then layers with per-unit biases, z == 0 exactly and
    partly inactive units."""
    rng = np.random.default_rng(29)
    X = rng.normal(size=(64, 2))
    W = rng.normal(size=(2, 16))
    cases = [notebook_layer(), (X, W, np.full(16, -3.0)), (X, W, np.zeros(16)),
             (X, W, rng.uniform(-6, 1, size=16))]
    # Unit 0 has z = -x2: 0 on the first two rows, negative on the others (dead). Unit 1 is
    # inactive on some rows only (alive), unit 2 is active everywhere, unit 3 has z = 0 on every
    # row (dead). Two dead units.
    X_small = np.array([[1.0, 0.0], [2.0, 0.0], [0.5, 1.0], [3.0, 2.0]])
    W_small = np.array([[0.0, 1.0, 1.0, 0.0], [-1.0, -2.0, 1.0, 0.0]])
    cases.append((X_small, W_small, np.array([0.0, 0.0, 0.5, 0.0])))
    return cases


def _count_mistake(results, cases):
    """The hint for the one mistake that explains every result, or None."""
    if len(set(results)) == 1:
        return (f"your function returns {results[0]} whatever X, W and b: count the dead units "
                "of the layer it is given, not the notebook's.")
    mistakes = [
        (lambda X, W, b: np.sum(np.any(X @ W + b <= 0, axis=0)),
         "dead means inactive on EVERY input (np.all); a unit inactive on only some inputs "
         "(np.any) is normal sparsity, not dead."),
        (lambda X, W, b: np.sum(np.all(X @ W + b < 0, axis=0)),
         "z = 0 also gives output 0 and slope 0, so it counts as inactive: use Z <= 0, not Z < 0."),
        (lambda X, W, b: np.sum(np.all(X @ W + b <= 0, axis=1)),
         "the units are the columns of Z: reduce over the examples with axis=0, not axis=1."),
        (lambda X, W, b: count_dead_units(X @ W), "add the bias: Z = X @ W + b."),
        (lambda X, W, b: count_dead_units(X @ W + b[0]),
         "each unit has its own bias b[j]: add the whole vector, Z = X @ W + b, not b[0]."),
    ]
    for mistake, hint in mistakes:
        if results == [int(mistake(X, W, b)) for X, W, b in cases]:
            return hint
    return None


@task("counting dead units")
def count_dead(count_dead_fn):
    """Check count_dead(X, W, b) = the number of units with z = X @ W + b <= 0 on every row."""
    cases, results = _dead_cases(), []
    for X, W, b in cases:
        got = run(count_dead_fn, X, W, b)
        if isinstance(got, (bool, np.bool_)) or not isinstance(got, numbers.Integral):
            fail(f"count_dead(X, W, b) with X of shape {X.shape} and W of shape {W.shape} returned "
                 f"{describe(got)}; expected a whole number of units (an int).",
                 "return the number as an int: build a True/False mask with one entry per unit, "
                 "then return int(mask.sum()).")
        results.append(int(got))
    for (X, W, b), got in zip(cases, results):
        expected = count_dead_units(X @ W + b)
        if got != expected:
            fail(f"count_dead(X, W, b) with X of shape {X.shape}, W of shape {W.shape} and "
                 f"b = {short_list(b)} returned {got}, expected {expected} dead units.",
                 _count_mistake(results, cases) or (
                     "compute Z = X @ W + b (one row per example, one column per unit); a unit is "
                     "dead when its whole column is <= 0: np.all(Z <= 0, axis=0)."))
    return f"checked {len(cases)} layers, including units with z == 0 exactly"
