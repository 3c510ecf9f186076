"""Checks for the exercises of Lesson 09 · Dying ReLU."""
import numbers

import numpy as np

from ..activations import LEAKY_RELU_SLOPE, identity, leaky_relu, relu
from ..network import count_dead_units
from ._core import as_array, assert_close, fail, looks_like, run, task


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


def _unit_cases():
    """(name, X, w, b, t): the dead unit, live units, and a unit with z == 0 exactly on one row."""
    rng = np.random.default_rng(19)
    cases = [("the dead unit", *dead_unit_example())]
    for n, d in [(30, 2), (40, 3), (25, 5)]:
        cases.append((f"a random unit with {d} inputs", rng.normal(size=(n, d)), rng.normal(size=d),
                      float(rng.normal()), rng.normal(size=n)))
    X_kink = np.array([[1.0, 2.0], [0.0, 0.0], [2.0, -1.0], [-1.0, 0.5]])
    cases.append(("a unit with z = 0 on the second row", X_kink, np.array([1.0, 1.0]), 0.0,
                  np.array([1.0, 2.0, 0.5, -1.0])))
    return cases


def _gradients(fn, X, w, b, t, what, **params):
    """Run the student's gradient function; return (grad_w, grad_b) as float64 arrays."""
    result = run(fn, X, w, b, t, **params)
    if not isinstance(result, tuple) or len(result) != 2:
        fail(f"{what} returned {type(result).__name__}; expected a pair (grad_w, grad_b).",
             "end with `return grad_w, grad_b`.")
    grad_w = as_array(result[0], shape=w.shape, what=f"{what} (grad_w)", dtype=None, shape_hint=(
        "grad_w has one entry per weight: X.T @ dz, summing over the examples."))
    grad_b = as_array(result[1], shape=(), what=f"{what} (grad_b)", dtype=None, shape_hint=(
        "grad_b is one number: the bias enters every example, so sum dz over the examples."))
    return np.r_[grad_w, grad_b]


def _check_unit(fn, activation, slope_hint, mistakes_for, **params):
    for name, X, w, b, t in _unit_cases():
        got = _gradients(fn, X, w, b, t, f"{getattr(fn, '__name__', 'your function')}() on {name}",
                         **params)
        expected = np.r_[unit_gradients(X, w, b, t, activation, **params)]
        try:
            assert_close(got, expected, hint=slope_hint, mistakes=mistakes_for(got, X, w, b, t))
        except AssertionError as err:
            raise AssertionError(f"on {name}, (dL/dw..., dL/db) is {err}") from None
    return len(_unit_cases())


def _relu_mistakes(got, X, w, b, t):
    z = X @ w + b
    linear = np.r_[unit_gradients(X, w, b, t, identity)]
    with_ge = _with_slope(X, z, t, relu(z), (z >= 0).astype(float))
    no_factor_two = np.r_[unit_gradients(X, w, b, t, relu)] / 2
    summed = np.r_[unit_gradients(X, w, b, t, relu)] * len(t)
    return [
        (looks_like(got, linear),
         "you left out relu'(z): dL/dz = 2 (a - t) / n * relu'(z), and relu'(z) = 0 wherever "
         "z <= 0. On a dead unit that makes every gradient exactly 0."),
        (looks_like(got, with_ge),
         "at z = 0 exactly the course (like TensorFlow and PyTorch) uses relu'(0) = 0: write the "
         "slope as (z > 0), not (z >= 0)."),
        (looks_like(got, no_factor_two), "the derivative of (a - t)**2 is 2 (a - t): keep the 2."),
        (looks_like(got, summed), "L is a mean over the n examples: divide by n."),
    ]


def _with_slope(X, z, t, a, slope):
    """(dL/dw, dL/db) given the unit's outputs a and per-example slopes: what a slip produces."""
    dz = 2.0 * (a - t) / len(t) * slope
    return np.r_[X.T @ dz, dz.sum()]


@task("gradient of a ReLU unit")
def relu_unit_gradients(relu_unit_gradients_fn):
    """Check relu_unit_gradients(X, w, b, t) = (dL/dw, dL/db) for L = mean((relu(Xw + b) - t)^2),
    exactly 0 on the dead unit."""
    X, w, b, t = dead_unit_example()
    got = _gradients(relu_unit_gradients_fn, X, w, b, t, "relu_unit_gradients() on the dead unit")
    if not np.all(got == 0):
        fail(f"on the dead unit (z <= -1 on every row) got gradients {np.round(got, 6).tolist()}; "
             "expected exactly 0 for every weight and the bias.",
             "multiply by relu'(z) = (z > 0): it is 0 on every row of a dead unit, so nothing "
             "flows back, whatever the targets are." if not np.allclose(got, 0, atol=1e-12) else
             "compute with the slope (z > 0) as a 0/1 array so the zeros are exact, not tiny.")
    count = _check_unit(relu_unit_gradients_fn, relu,
                        "dz = 2 * (relu(z) - t) / n * (z > 0); grad_w = X.T @ dz, grad_b = dz.sum().",
                        _relu_mistakes)
    return f"exactly 0 on the dead unit; checked {count} units"


def _leaky_mistakes(got, X, w, b, t, alpha=LEAKY_RELU_SLOPE):
    z = X @ w + b
    a = leaky_relu(z, alpha=alpha)
    return [
        (alpha != LEAKY_RELU_SLOPE and looks_like(got, np.r_[unit_gradients(X, w, b, t, leaky_relu)]),
         f"use the alpha argument you are given (here {alpha}), not a fixed slope of {LEAKY_RELU_SLOPE}."),
        (looks_like(got, _with_slope(X, z, t, a, (z > 0).astype(float))),
         "for z <= 0 the slope of Leaky ReLU is alpha, not 0: that is what keeps the unit alive."),
        (looks_like(got, _with_slope(X, z, t, relu(z), np.where(z > 0, 1.0, alpha))),
         "the forward value changes too: leaky_relu(z) = alpha * z for z <= 0, not 0."),
        (looks_like(got, _with_slope(X, z, t, np.where(z > 0, alpha * z, z), np.where(z > 0, alpha, 1.0))),
         "alpha belongs to the negative side: f(z) = z for z > 0 and alpha * z for z <= 0."),
        (looks_like(got, _with_slope(X, z, t, a, np.where(z >= 0, 1.0, alpha))),
         "at z = 0 exactly the course (like TensorFlow and PyTorch) uses the slope alpha: "
         "write np.where(z > 0, 1.0, alpha)."),
    ]


@task("gradient of a Leaky ReLU unit")
def leaky_unit_gradients(leaky_unit_gradients_fn):
    """Check leaky_unit_gradients(X, w, b, t, alpha) = (dL/dw, dL/db) with Leaky ReLU; non-zero on
    the dead unit."""
    X, w, b, t = dead_unit_example()
    got = _gradients(leaky_unit_gradients_fn, X, w, b, t, "leaky_unit_gradients() on the dead unit",
                     alpha=LEAKY_RELU_SLOPE)
    if np.all(got == 0):
        fail("on the ReLU-dead unit the Leaky ReLU gradient came out exactly 0; expected a small "
             "non-zero gradient.",
             "for z <= 0 the slope of Leaky ReLU is alpha, not 0: that is what keeps the unit alive.")
    count = 0
    for alpha in (LEAKY_RELU_SLOPE, 0.2):
        count += _check_unit(leaky_unit_gradients_fn, leaky_relu,
                             "dz = 2 * (leaky_relu(z) - t) / n * np.where(z > 0, 1.0, alpha); "
                             "grad_w = X.T @ dz, grad_b = dz.sum().",
                             lambda got, X, w, b, t, a=alpha: _leaky_mistakes(got, X, w, b, t, a),
                             alpha=alpha)
    return f"non-zero on the dead unit; checked {count} units with alpha = 0.01 and 0.2"


def _dead_cases():
    """(X, W, b) cases with known dead units, including z == 0 exactly and partly inactive units."""
    rng = np.random.default_rng(29)
    X = rng.normal(size=(64, 2))
    W = rng.normal(size=(2, 16))
    cases = [(X, W, np.full(16, -3.0)), (X, W, np.zeros(16)), (X, W, rng.uniform(-6, 1, size=16))]
    # Unit 0 has z = -x2: 0 on the first two rows, negative on the others (dead). Unit 1 is
    # inactive on some rows only (alive), unit 2 is active everywhere, unit 3 has z = 0 on every
    # row (dead). Two dead units.
    X_small = np.array([[1.0, 0.0], [2.0, 0.0], [0.5, 1.0], [3.0, 2.0]])
    W_small = np.array([[0.0, 1.0, 1.0, 0.0], [-1.0, -2.0, 1.0, 0.0]])
    cases.append((X_small, W_small, np.array([0.0, 0.0, 0.5, 0.0])))
    return cases


@task("counting dead units")
def count_dead(count_dead_fn):
    """Check count_dead(X, W, b) = the number of units with z = X @ W + b <= 0 on every row."""
    for X, W, b in _dead_cases():
        got = run(count_dead_fn, X, W, b)
        if isinstance(got, (bool, np.bool_)) or not isinstance(got, numbers.Integral):
            fail(f"count_dead() returned {got!r}; expected a whole number of units (an int).",
                 "build a True/False mask with one entry per unit, then return int(mask.sum()).")
        Z = X @ W + b
        expected = count_dead_units(Z)
        if got == expected:
            continue
        hint = ("compute Z = X @ W + b (one row per example, one column per unit); a unit is dead "
                "when its whole column is <= 0: np.all(Z <= 0, axis=0).")
        if got == int(np.sum(np.any(Z <= 0, axis=0))):
            hint = ("dead means inactive on EVERY input (np.all); a unit inactive on only some "
                    "inputs (np.any) is normal sparsity, not dead.")
        elif got == int(np.sum(np.all(Z < 0, axis=0))):
            hint = ("z = 0 also gives output 0 and slope 0, so it counts as inactive: use Z <= 0, "
                    "not Z < 0.")
        elif got == int(np.sum(np.all(Z <= 0, axis=1))):
            hint = ("the units are the columns of Z: reduce over the examples with axis=0, "
                    "not axis=1.")
        elif got == count_dead_units(X @ W):
            hint = "add the bias: Z = X @ W + b."
        fail(f"for {len(X)} inputs and {W.shape[1]} units got {got} dead units, expected {expected}.",
             hint)
    return f"checked {len(_dead_cases())} layers, including units with z == 0 exactly"
