"""Checks for the exercises of Lesson 07 · Manual backward pass."""
import math
import tracemalloc

import numpy as np

from ..activations import ACTIVATIONS, log_softmax, relu, softmax, softmax_jacobian, tanh
from ..autodiff import Value
from ..gradcheck import numerical_derivative, numerical_gradient, relative_error
from ..network import MLP
from ._core import (ATOL, RTOL, about, as_array, assert_close, describe, detected, fail, grid,
                    has_nonfinite, looks_like, name_of, run, show, task)

_GRADCHECK_THRESHOLD = 1e-7
_SIGMOID = ACTIVATIONS["sigmoid"]


def _values(result, what, names):
    """The student's result as a tuple of len(names) values, or a clear failure."""
    if not isinstance(result, (tuple, list)) or len(result) != len(names):
        fail(f"{what} returned {describe(result)}; expected {len(names)} values "
             f"({', '.join(names)}).", f"end with `return {', '.join(names)}`.")
    return result


def _tanh_cases():
    """(z, grad_a): a grid up to saturation (tanh(±20) is exactly ±1), then a square and a
    non-square batch, each with a random upstream gradient."""
    rng = np.random.default_rng(2)
    z = np.concatenate([[-20.0], grid(-4.0, 4.0, 81), [20.0]])
    return [(z, rng.normal(size=z.shape)),
            (rng.normal(scale=2, size=(4, 4)), rng.normal(size=(4, 4))),
            (rng.normal(scale=2, size=(3, 5)), rng.normal(size=(3, 5)))]


_SATURATED_HINT = ("a holds saturated units, a = ±1 exactly (tanh(20) rounds to 1): there "
                   "arctanh(a) is infinite and 1 / (1 - a**2) divides by 0. Write tanh' with the "
                   "output, 1 - a**2, which needs neither.")


@task("tanh backward pass")
def tanh_backward(backward_fn):
    """Check tanh_backward(a, grad_a) = grad_a * (1 - a**2), with a = tanh(z), for arrays of
    any shape, also against finite differences."""
    cases = _tanh_cases()
    for z, grad_a in cases:
        a = tanh(z)
        mistakes = [
            (np.diag(1 - a**2) @ grad_a if a.ndim == 2 and a.shape[0] == a.shape[1] else None,
             "np.diag(1 - a**2) @ grad_a works for one vector only; tanh acts elementwise, so "
             "multiply elementwise: grad_a * (1 - a**2) works for any shape."),
            (grad_a * (1 - tanh(a) ** 2), "a is already tanh(z): use 1 - a**2, don't apply tanh "
                                          "again."),
            (1 - a**2, "multiply by the upstream gradient grad_a (the chain rule)."),
            (grad_a * a * (1 - a), "a * (1 - a) is the sigmoid's derivative; tanh's is 1 - a**2."),
            (grad_a * (1 - a) ** 2, "(1 - a)**2 is not 1 - a**2: square a, then subtract."),
        ]
        with about(f"a = tanh(z) of shape {a.shape} and a random grad_a"):
            saturated = {"warning_hint": _SATURATED_HINT} if np.any(np.abs(a) == 1) else {}
            got = as_array(run(backward_fn, a, grad_a, **saturated), a.shape,
                           f"{name_of(backward_fn)}()", mistakes=mistakes)
            ratio = got.flat[0] / grad_a.flat[0]
            mistakes.append((ratio * grad_a if np.isfinite(ratio) else None,
                             f"your result is grad_a times the same number ({ratio:.6g}) "
                             "everywhere; tanh'(z) = 1 - a**2 changes with a."))
            assert_close(got.ravel(), (grad_a * (1 - a**2)).ravel(),
                         np.column_stack([a.ravel(), grad_a.ravel()]), label="(a, grad_a)",
                         rows=True, mistakes=detected(got, mistakes), hint=(
                             "chain rule: grad_z = grad_a * tanh'(z), and tanh'(z) = "
                             "1 - tanh(z)**2 = 1 - a**2."))
            inside = np.abs(z) <= 4  # beyond, tanh' < 1e-3 and finite differences lose digits
            numeric = grad_a[inside] * numerical_derivative(tanh, z[inside])
            error = float(relative_error(got[inside], numeric).max())
            if error >= _GRADCHECK_THRESHOLD:
                fail(f"max relative error against finite differences (where |z| <= 4) is "
                     f"{error:.1e}.", "grad_z = grad_a * (1 - a**2).")
    points = sum(z.size for z, _ in cases)
    return (f"{points} points in {len(cases)} arrays; max relative error vs finite differences "
            f"< {_GRADCHECK_THRESHOLD:.0e}")


def _neuron_cases():
    """(x, w, b, y): the seeded neuron, the lesson's inactive example and its kink (z = 0),
    then active neurons with more inputs and other targets."""
    rng = np.random.default_rng(4)
    example = np.array([2.0, -1.0]), np.array([0.5, 1.0])
    cases = [(np.array([0.5, -1.2]), np.array([0.4967141530112327, -0.13826430117118466]),
              0.6476885381006925, 1.0), (*example, -0.5, 1.0), (*example, 0.0, 1.0)]
    for d, y in [(3, -0.3), (4, 2.5)]:
        x, w = rng.normal(size=d), rng.normal(size=d)
        cases.append((x, w, abs(float(w @ x)) + 0.5 - float(w @ x), y))  # active: z >= 0.5
    return cases


def _neuron_gradients(x, w, b, y, relu_grad=relu.grad):
    """(dL/dw, dL/db) of L = (relu(w.x + b) - y)**2 / 2, with relu'(z) from `relu_grad`."""
    z = float(w @ x + b)
    dz = (float(relu(z)) - y) * float(relu_grad(z))
    return dz * x + 0.0, dz + 0.0  # + 0.0: no -0.0 in messages


# The kink case comes after an active and an inactive neuron with the same formulas: an answer
# that passed those and fails here treats z = 0 differently.
_KINK_HINT = ("at z = 0 exactly the course (like TensorFlow and PyTorch) uses relu'(0) = 0, so "
              "the gradients there are 0.")


@task("neuron gradients")
def neuron_gradients(gradients_fn):
    """Check neuron_gradients(x, w, b, y) = (dL/dw, dL/db) for L = (relu(w.x + b) - y)**2 / 2."""
    seeded = _neuron_gradients(*_neuron_cases()[0])
    for x, w, b, y in _neuron_cases():
        z = float(w @ x + b)
        dw, db = _neuron_gradients(x, w, b, y)
        no_relu_grad = _neuron_gradients(x, w, b, y, relu_grad=np.ones_like)
        mistakes = [  # (dL/dw, dL/db) of the mistake, hint
            (seeded, "these are the seeded neuron's numbers: compute the gradients from the x, "
                     "w, b and y passed in."),
            (_neuron_gradients(x, w, b, 1.0) if y != 1 else None,
             f"use the target y passed in (here y = {y}), not 1."),
            (no_relu_grad, "multiply by relu'(z), which is 0 when z <= 0: an inactive ReLU "
                           "passes no gradient."),
            ((-dw, -db), "check the sign: dL/da = a - y."),
            ((2 * dw, 2 * db), "the 1/2 in the loss cancels the 2 from the square: dL/da = a - y."),
            ((np.full_like(x, db), db), "dz/dw = x: multiply dL/dz by the input x."),
            ((db * w, db), "dz/dw = x, the input; w is what you differentiate with respect to."),
        ]
        case = f"x = {show(x)}, w = {show(w)}, b = {b!r}, y = {y!r} (z = {z:.6g})"
        with about(case):
            result = _values(run(gradients_fn, x, w, b, y), "neuron_gradients()",
                             ["dL_dw", "dL_db"])
            got_dw = as_array(result[0], x.shape, "dL_dw", mistakes=[
                (db, "dL_dw has the shape of w, one number per weight: dL/dz * x.")])
            got_db = as_array(result[1], shape=(), what="dL_db")
        if not (looks_like(got_dw, dw) and looks_like(got_db, db)):
            detected = [h for wrong, h in mistakes if wrong is not None
                        and looks_like(got_dw, wrong[0]) and looks_like(got_db, wrong[1])]
            hint = _KINK_HINT if z == 0 else next(iter(detected), (
                "dL/dz = (a - y) * relu'(z); then dL/dw = dL/dz * x and dL/db = dL/dz."))
            fail(f"{case}: got dL_dw = {show(got_dw)}, dL_db = {show(got_db)}; expected "
                 f"dL_dw = {show(dw)}, dL_db = {show(db)}.", hint)
    return "the seeded neuron: dL/dw = [0.030981..., -0.074355...], dL/db = 0.061962..."


_UNSTABLE_HINT = ("for logits far from 0, exp(z) overflows and softmax(z) underflows to 0: "
                  "subtract max(z) (not the minimum or the mean) before exponentiating, and "
                  "don't divide by p or take log(p); the gradient simplifies to p - y.")


def _cross_entropy_cases():
    """(z, y): the lesson's example, then other lengths, soft labels (y sums to 1), and logits
    far from 0 both ways, with spreads far beyond exp's range: a softmax that subtracts
    anything but max(z) overflows or divides 0 by 0."""
    rng = np.random.default_rng(6)
    return [(np.array([1.0, 2.0, 3.0]), np.array([1.0, 0.0, 0.0])),
            (np.array([0.5, -1.5, 2.0]), np.array([0.0, 0.0, 1.0])),
            (rng.normal(size=5), np.eye(5)[3]),
            (rng.normal(size=4), np.array([0.1, 0.2, 0.3, 0.4])),
            (np.array([1000.0, 1001.0, 1002.0]), np.array([0.0, 1.0, 0.0])),
            (np.array([-1000.0, -1002.0, -1001.0]), np.array([0.5, 0.0, 0.5])),
            (np.array([-800.0, 0.0, 800.0, 5.0]), np.array([0.25, 0.25, 0.25, 0.25])),
            (np.array([750.0, -750.0, 740.0]), np.array([0.0, 1.0, 0.0]))]


@task("softmax + cross-entropy gradient")
def softmax_cross_entropy_grad(grad_fn):
    """Check grad(z, y) = softmax(z) - y, the gradient of -sum(y * log softmax(z)) w.r.t. z,
    also for logits far from 0."""
    lesson = softmax(np.array([1.0, 2.0, 3.0])) - np.array([1.0, 0.0, 0.0])
    for z, y in _cross_entropy_cases():
        p, large = softmax(z), np.abs(z).max() > 100
        with np.errstate(all="ignore"):
            mistakes = [
                (lesson, "these are the lesson's numbers for z = [1, 2, 3], y = [1, 0, 0]: "
                         "compute p - y from the z and y passed in."),
                (y - p, "check the sign: the gradient is p - y, not y - p."),
                (p, "subtract the target: the gradient is p - y."),
                (log_softmax(z) - y, "p is softmax(z) itself, not its log: p - y."),
                (-y / p, "-y / p is dL/dp; chain it through the softmax Jacobian and it "
                         "simplifies to p - y."),
                (p - np.eye(len(y))[np.argmax(y)] if np.count_nonzero(y) > 1 else None,
                 "y can be any distribution (a soft label), not only one-hot: subtract y "
                 "itself."),
            ]
        with about(f"z = {show(z)}, y = {show(y)}"):
            result = run(grad_fn, z, y, **({"warning_hint": _UNSTABLE_HINT} if large else {}))
            got = as_array(result, z.shape, f"{name_of(grad_fn)}()", mistakes=mistakes)
            if not looks_like(got, p - y):
                hint = _UNSTABLE_HINT if large and has_nonfinite(got) else next(
                    (h for seen, h in detected(got, mistakes) if seen),
                    "dL/dz = p - y with p = softmax(z).")
                fail(f"got {show(got)}, expected {show(p - y)}.", hint)
        if not large:
            numeric = numerical_gradient(lambda v: -np.sum(y * log_softmax(v)), z)
            error = float(relative_error(got, numeric).max())
            if error >= _GRADCHECK_THRESHOLD:
                fail(f"z = {show(z)}, y = {show(y)}: max relative error against finite "
                     f"differences is {error:.1e}.", "dL/dz = softmax(z) - y.")
    return "p - y, also for soft labels and logits up to ±1000"


def _mlp_case(n, d, h, k, seed, classes_seen):
    """A batch of n examples with labels drawn from the first `classes_seen` of the k classes,
    and a network d -> h (tanh) -> k (softmax) with non-zero biases."""
    rng = np.random.default_rng(seed)
    X, labels = rng.normal(size=(n, d)), rng.integers(0, classes_seen, size=n)
    model = MLP([d, h, k], activation="tanh", output="softmax", init="glorot", seed=seed)
    for layer in model.layers:  # non-zero biases, so that a wrong bias gradient shows
        layer.b[:] = rng.normal(scale=0.5, size=layer.b.shape)
    return X, labels, model


_MLP_NAMES = ["dW1", "db1", "dW2", "db2"]


def _mlp_gradients(X, labels, params, *, axis=1, one_hot=True, derivative=lambda Z1, H: 1 - H**2):
    """{name: gradient} of the two-layer network, written the lesson's way; the options make
    the usual mistakes. Also G1 and G2, the gradients of Z1 and Z2 (one row per example)."""
    W1, b1, W2, b2 = params
    Z1 = X @ W1 + b1
    H = np.tanh(Z1)
    Y = np.eye(len(b2))[labels] if one_hot else labels[:, None]
    G2 = (softmax(H @ W2 + b2, axis=axis) - Y) / len(X)
    G1 = (G2 @ W2.T) * derivative(Z1, H)
    return dict(zip(_MLP_NAMES, [X.T @ G1, G1.sum(axis=0), H.T @ G2, G2.sum(axis=0)])), G1, G2


@task("two-layer MLP backward pass")
def mlp_backward(backward_fn):
    """Check mlp_backward(X, labels, params) = [dW1, db1, dW2, db2] of the mean cross-entropy
    of a tanh hidden layer and softmax outputs."""
    cases = [(6, 2, 4, 3, 1, 3), (9, 3, 5, 4, 2, 4), (5, 4, 3, 5, 3, 4)]  # the last: no class 4
    for n, d, h, k, seed, classes_seen in cases:
        X, labels, model = _mlp_case(n, d, h, k, seed, classes_seen)
        params = [p.copy() for p in model.parameters()]
        _, library = model.loss_and_gradients(X, labels)
        expected = dict(zip(_MLP_NAMES, library))
        _, G1, G2 = _mlp_gradients(X, labels, params)
        variants = [
            (_mlp_gradients(X, labels, params, axis=0)[0],
             "softmax normalises each row of the logits (one example): axis=1, not axis=0."),
            (_mlp_gradients(X, labels, params, one_hot=False)[0],
             "subtract the one-hot targets Y = np.eye(K)[labels], not the labels themselves."),
            (_mlp_gradients(X, labels, params, derivative=lambda Z1, H: 1)[0],
             "multiply by the activation's derivative: G1 = (G2 @ W2.T) * (1 - H**2)."),
            (_mlp_gradients(X, labels, params, derivative=lambda Z1, H: 1 - Z1**2)[0],
             "tanh' in f-reuse form is 1 - H**2 with H = tanh(Z1), not 1 - Z1**2."),
            (_mlp_gradients(X, labels, params, derivative=lambda Z1, H: 1 - np.tanh(H) ** 2)[0],
             "H is already tanh(Z1): use 1 - H**2, don't apply tanh again."),
        ]
        batch = (f"X of shape {X.shape}, labels = {labels.tolist()}, W1 {params[0].shape}, "
                 f"W2 {params[2].shape}")
        with about(batch):
            result = _values(run(backward_fn, X, labels, [p.copy() for p in params]),
                             "mlp_backward()", _MLP_NAMES)
            for name, value, ref, G in zip(_MLP_NAMES, result, library, [G1, G1, G2, G2]):
                if value is None:
                    fail(f"{name} is None; expected an array of shape {ref.shape}.",
                         "return all four gradients: [dW1, db1, dW2, db2].")
                mistakes = [(ref.T, "transposed: a gradient has its parameter's shape, "
                                    "dW = (layer input).T @ G, e.g. X.T @ G1."),
                            (G if name.startswith("db") else None,
                             "a bias added to every row gets the sum of their gradients: "
                             "G.sum(axis=0)."),
                            (np.zeros_like(ref) if name.startswith("db") else None,
                             "the bias gradient is not 0: it is the sum over the batch rows of G."),
                            *((other, f"that is {other_name}: return [dW1, db1, dW2, db2], in "
                                      "this order.")
                              for other_name, other in expected.items() if other_name != name),
                            *((variant[name], hint) for variant, hint in variants)]
                got = as_array(value, ref.shape, name, mistakes=mistakes)
                _assert_entries(got, ref, name, mistakes=mistakes, n=n)
        flat = np.concatenate([np.asarray(g, dtype=float).ravel() for g in result])
        numeric = numerical_gradient(model.loss_function(X, labels), model.flat_parameters())
        error = float(relative_error(flat, numeric).max())
        if error >= _GRADCHECK_THRESHOLD:
            fail(f"{batch}: max relative error against finite differences is {error:.1e}.",
                 "compare each gradient with the formulas of the lesson's table.")
    return (f"{len(cases)} random batches; max relative error vs finite differences "
            f"< {_GRADCHECK_THRESHOLD:.0e}")


def _assert_entries(got, expected, name, *, mistakes, n):
    """Like assert_close, naming the worst entry `name[i, j]`; a result that is the expected
    one times a constant gets a hint about the sign or about dividing by the batch size n."""
    bad = ~np.isclose(got, expected, rtol=RTOL, atol=ATOL, equal_nan=True)
    if not bad.any():
        return
    with np.errstate(all="ignore"):
        error = np.where(bad, np.nan_to_num(np.abs(got - expected), nan=np.inf), 0.0)
        biggest = np.unravel_index(np.argmax(np.abs(expected)), expected.shape)
        ratio = got[biggest] / expected[biggest]
    worst = np.unravel_index(np.argmax(error), got.shape)
    scaled = f"your {name} is {ratio:.6g} times the expected one: "
    mistakes = mistakes + [(ratio * expected if np.isfinite(ratio) and ratio != 0 else None,
                            scaled + "check the sign, G2 = (P - Y) / n, not (Y - P) / n."
                            if ratio < 0 else scaled + "the loss is the mean over the batch, so "
                            f"divide by n = len(labels) = {n}, exactly once: G2 = (P - Y) / n.")]
    hint = next((h for seen, h in detected(got, mistakes) if seen), (
        "G2 = (softmax(Z2) - Y) / n; dW2 = H.T @ G2; db2 = G2.sum(axis=0); "
        "G1 = (G2 @ W2.T) * (1 - H**2); dW1 = X.T @ G1; db1 = G1.sum(axis=0)."))
    fail(f"{name} is wrong at {int(bad.sum())} of {bad.size} entries; worst "
         f"{name}[{', '.join(map(str, worst))}]: got {show(got[worst])}, expected "
         f"{show(expected[worst])}.", hint)


def _softplus(x):
    """softplus(x) = log(1 + e^x), stable for any x."""
    return float(np.logaddexp(0.0, x))


def _sigmoid(x):
    """sigma(x), stable for any x."""
    return float(_SIGMOID(np.float64(x)))


_SOFTPLUS_POINTS = [0.0, 2.0, -0.5, 0.7, -3.0, 30.0, -30.0, 800.0, -800.0]
_SOFTPLUS_FD_POINTS = [x for x in _SOFTPLUS_POINTS if abs(x) <= 3]  # digits enough for a check
_SOFTPLUS_UNSTABLE = ("for large |x|, exp(x) or exp(-x) overflows: write softplus(x) = "
                      "max(x, 0) + log1p(exp(-|x|)) and sigma(x) with exp(-|x|) only (as the "
                      "engine's sigmoid does), so no exponent is ever positive.")
_SOFTPLUS_SHAPE = "return Value(data, [(v, local_derivative)]): the new node and its edge to v."


def _call_op(op_fn, v):
    """Call the student's op on a Value; overflow in any form gets the stability hint."""
    try:
        return run(op_fn, v, warning_hint=_SOFTPLUS_UNSTABLE)
    except AssertionError as err:
        problem, _, hint = str(err).partition("\nHint: ")
        if "OverflowError" in problem or "math range error" in problem:
            fail(problem, _SOFTPLUS_UNSTABLE)
        raise


def _reaches(node, target):
    """True if `target` is `node` or one of its ancestors in the graph."""
    stack, seen = [node], set()
    while stack:
        current = stack.pop()
        if current is target:
            return True
        if id(current) not in seen:
            seen.add(id(current))
            stack.extend(parent for parent, _ in current.parents)
    return False


@task("softplus for the engine")
def softplus_op(op_fn):
    """Check op_fn(v) for a Value v: a new Value with data softplus(v.data) whose backward()
    gives v.grad = sigma(v.data); also against finite differences of the answer's own forward."""
    for x in _SOFTPLUS_POINTS:
        v = Value(x)
        with about(f"v = Value({x!r})"):
            out = _call_op(op_fn, v)
            if (v.data, v.grad, v.parents) != (x, 0.0, ()):
                fail(f"{name_of(op_fn)}() changed v (now {v!r}, with {len(v.parents)} parents); "
                     "it must stay as it was.",
                     "don't assign to v.data or v.grad: an op only creates a new Value; "
                     "backward() fills in the grads later.")
            if not isinstance(out, Value):
                fail(f"{name_of(op_fn)}() returned {describe(out)}; expected a Value.",
                     _SOFTPLUS_SHAPE)
            if out is v:
                fail(f"{name_of(op_fn)}() returned v itself; expected a new Value.",
                     _SOFTPLUS_SHAPE)
            data, local = _softplus(x), _sigmoid(x)
            if not looks_like(out.data, data):
                hint = next((h for seen, h in detected(out.data, [
                    (max(x, 0.0), "that is relu(x): softplus is its smooth version, "
                                  "log(1 + exp(x))."),
                    (local, "that is sigma(x), softplus's derivative: the data is "
                            "log(1 + exp(x))."),
                ]) if seen), "softplus(x) = log(1 + exp(x)) = max(x, 0) + log1p(exp(-|x|)).")
                fail(f"got data {show(out.data)}, expected softplus({x!r}) = {show(data)}.", hint)
            if not _reaches(out, v):
                fail("backward() from the result cannot reach v: the result has no path back "
                     "to it.", "list v itself among the parents: Value(data, [(v, local)]); "
                     "a parent that is a copy of v, or no parent, stops the chain rule.")
            out.backward()
            grad = v.grad
            if not looks_like(grad, local):
                hint = next((h for seen, h in detected(grad, [
                    (data, "the local derivative of softplus is sigma(x), not softplus(x) "
                           "itself (exp is the function that is its own derivative)."),
                    (local * (1 - local), "sigma(x) * (1 - sigma(x)) is the sigmoid's "
                                          "derivative; softplus' = sigma(x)."),
                    (math.exp(x) if x < 700 else None,
                     "d log(1 + e^x)/dx = e^x / (1 + e^x): the chain rule through the log "
                     "divides by 1 + e^x."),
                    (_sigmoid(2 * x), "that is sigma(2x): sigma(x) = (1 + tanh(x / 2)) / 2, "
                                      "mind the x / 2."),
                    (2 * local, "twice sigma(x): list v once among the parents, with local "
                                "derivative sigma(x)."),
                ]) if seen), "the local derivative d softplus(x)/dx is sigma(x) = "
                             "1 / (1 + exp(-x)).")
                fail(f"after backward(), v.grad = {show(grad)}; expected sigma({x!r}) = "
                     f"{show(local)}.", hint)
            if x in _SOFTPLUS_FD_POINTS:
                h = 1e-5
                ends = [_call_op(op_fn, Value(x + s * h)) for s in (1, -1)]
                if not all(isinstance(end, Value) for end in ends):
                    fail(f"{name_of(op_fn)}() returned a Value at {x!r} but not at "
                         f"{x!r} ± {h}.", _SOFTPLUS_SHAPE)
                numeric = (ends[0].data - ends[1].data) / (2 * h)
                error = float(relative_error(grad, numeric))
                if error >= _GRADCHECK_THRESHOLD:
                    constant = ends[0].data == ends[1].data == out.data
                    fail(f"v.grad = {show(grad)}, but the central difference of your data is "
                         f"{show(numeric)} (relative error {error:.1e}).",
                         "your op returns the same data whatever v is: compute the data and the "
                         "local derivative from v.data (ln 2 and 1/2 hold at v = 0 only)."
                         if constant else "the data and the local derivative must describe the "
                         "same function: softplus and its derivative sigma.")
    return (f"{len(_SOFTPLUS_POINTS)} values from -800 to 800; v.grad = sigma(v.data), and "
            "matches finite differences")


_BCE_UNSTABLE = ("for large |z|, sigma(z) rounds to exactly 0 or 1, and exp(-z) overflows for "
                 "z far below 0: don't go through log(p), 1/p or 1/(1 - p) (and don't clip p, "
                 "which makes the gradient 0); the fused gradient is sigma(z) - y, with a stable "
                 "sigma such as ACTIVATIONS['sigmoid'].")


def _bce_cases():
    """(z, y): the lesson's example, hard and soft labels, a batch of several labels per row
    (multi-label), and logits far from 0 both ways, with the label on either side."""
    rng = np.random.default_rng(8)
    return [(np.array([0.8]), np.array([1.0])),
            (np.array([-2.0, 0.5, 3.0, -0.1]), np.array([1.0, 0.0, 0.0, 1.0])),
            (rng.normal(scale=2, size=5), np.array([0.3, 0.9, 0.5, 0.0, 0.25])),
            (rng.normal(scale=2, size=(3, 4)), (rng.random((3, 4)) < 0.5).astype(float)),
            (np.array([40.0, -40.0, 800.0, -800.0]), np.array([0.0, 1.0, 0.0, 1.0])),
            (np.array([[1000.0, -1000.0], [20.0, -20.0]]), np.array([[1.0, 0.0], [0.0, 1.0]]))]


@task("binary cross-entropy gradient from logits")
def bce_with_logits_grad(grad_fn):
    """Check grad(z, y) = sigmoid(z) - y elementwise, the gradient of the binary cross-entropy
    -[y log sigma(z) + (1 - y) log(1 - sigma(z))] with respect to the logits, for any shape,
    soft labels and |z| up to 1000."""
    lesson = float(_SIGMOID(0.8)) - 1.0
    for z, y in _bce_cases():
        p, large = _SIGMOID(z), np.abs(z).max() > 30
        with np.errstate(all="ignore"):
            mistakes = [
                (np.full(z.shape, lesson) if z.size > 1 else None,
                 "that is the lesson's number for z = 0.8, y = 1: compute sigma(z) - y from the "
                 "z and y passed in."),
                (y - p, "check the sign: the gradient is sigma(z) - y, not y - sigma(z)."),
                (p, "subtract the target: the gradient is sigma(z) - y."),
                (p * (1 - p), "sigma(z) * (1 - sigma(z)) is dp/dz alone; chained with dL/dp of "
                              "the cross-entropy it simplifies to sigma(z) - y."),
                ((p - y) * p * (1 - p), "don't multiply by sigma'(z) again: with cross-entropy "
                                        "it cancels, leaving sigma(z) - y ((p - y) * p(1 - p) "
                                        "belongs to the squared error)."),
                ((p - y) / z.size, "return one gradient per element, without averaging over "
                                   "the batch."),
                (p - np.round(y) if np.any((y > 0) & (y < 1)) else None,
                 "y can be a soft label between 0 and 1: subtract y itself, not its rounded "
                 "value."),
            ]
        with about(f"z = {show(z)}, y = {show(y)}"):
            result = run(grad_fn, z, y, **({"warning_hint": _BCE_UNSTABLE} if large else {}))
            got = as_array(result, z.shape, f"{name_of(grad_fn)}()", mistakes=mistakes)
            if large and has_nonfinite(got):
                fail(f"got {show(got)}, expected {show(p - y)}.", _BCE_UNSTABLE)
            vanished = large and bool(np.any((got == 0) & (np.abs(p - y) > 0.5)))
            assert_close(got, p - y, z, label="z", mistakes=[(vanished, _BCE_UNSTABLE)] + detected(
                got, mistakes), hint="dL/dz = sigma(z) - y, elementwise.")
        if not large:
            def loss(t, y=y):
                return np.sum(np.logaddexp(0.0, t) - y * t)  # softplus(z) - y z, summed
            error = float(relative_error(got, numerical_gradient(loss, z)).max())
            if error >= _GRADCHECK_THRESHOLD:
                fail(f"z = {show(z)}, y = {show(y)}: max relative error against finite "
                     f"differences is {error:.1e}.", "dL/dz = sigma(z) - y.")
    return "sigma(z) - y for hard and soft labels, batches, and |z| up to 1000"


_VJP_K = 2000  # J would hold K**2 = 4 million numbers (32 MB); p and v hold 2000 each (16 kB)
_VJP_MEMORY_LIMIT = 8 * _VJP_K**2 // 16  # 2 MB: far above an O(K) answer, far below J
_VJP_JACOBIAN_HINT = ("don't build the K x K Jacobian (np.diag, np.outer, softmax_jacobian, "
                      "np.eye(K)): backprop uses J^T v = p * (v - p . v), which needs only "
                      "vectors of length K.")
_VJP_BATCH_HINT = ("for a batch, p . v is one number per row: (p * v).sum(axis=-1, "
                   "keepdims=True), and softmax(z, axis=-1) normalises each row; p @ v and "
                   "np.dot work for one vector only.")


def _vjp(z, v):
    p = softmax(z, axis=-1)
    return p * (v - np.sum(p * v, axis=-1, keepdims=True))


def _vjp_columns(z, v):
    """The product with softmax taken over the columns by mistake."""
    p = softmax(z, axis=0)
    return p * (v - np.sum(p * v, axis=-1, keepdims=True))


def _vjp_cases():
    """(z, v): small vectors first, then logits far from 0, then batches of rows."""
    rng = np.random.default_rng(10)
    return [(np.array([1.0, 2.0, 3.0]), np.array([0.5, -1.0, 2.0])),
            (rng.normal(size=5), rng.normal(size=5)),
            (np.array([1000.0, 1001.0, 998.0, -1000.0]), rng.normal(size=4)),
            (rng.normal(size=(3, 4)), rng.normal(size=(3, 4))),
            (rng.normal(scale=3, size=(2, 6)), rng.normal(size=(2, 6)))]


def _peak_memory(fn, *args):
    """fn's result through `run`, and the most memory (bytes) Python and NumPy held during the
    call beyond what was allocated before it."""
    started = not tracemalloc.is_tracing()
    if started:
        tracemalloc.start()
    tracemalloc.reset_peak()
    before = tracemalloc.get_traced_memory()[0]
    try:
        result = run(fn, *args)
        return result, tracemalloc.get_traced_memory()[1] - before
    finally:
        if started:
            tracemalloc.stop()


_VJP_UNSTABLE = ("exp(z) overflows for logits far from 0: subtract each row's max(z) before "
                 "exponentiating, or use softmax(z, axis=-1) from course_utils.activations.")


def _run_vjp(vjp_fn, z, v):
    """run() for a batch: an error gets the batch hint (p @ v is for one vector only)."""
    try:
        return run(vjp_fn, z, v, warning_hint=_VJP_UNSTABLE)
    except AssertionError as err:
        problem = str(err).partition("\nHint: ")[0]
        if z.ndim == 2 and " raised " in problem:
            fail(problem, _VJP_BATCH_HINT)
        raise


@task("softmax vector-Jacobian product")
def softmax_vjp(vjp_fn):
    """Check vjp(z, v) = J^T v = p * (v - p . v) with p = softmax(z) along the last axis, for
    one vector or a batch of rows, against the full Jacobian and finite differences; then, at
    K = 2000, that the call never holds anything near the K x K Jacobian in memory. (J at
    K = 2000 is 32 MB, so an answer that builds it anyway cannot exhaust memory; a row-by-row
    product with O(K) memory but O(K^2) time is not detected.)"""
    lesson = _vjp(*_vjp_cases()[0])
    for z, v in _vjp_cases():
        p, expected = softmax(z, axis=-1), _vjp(z, v)
        pv = np.sum(p * v, axis=-1, keepdims=True)
        mistakes = [
            (lesson if z.shape != lesson.shape or not np.array_equal(z, [1.0, 2.0, 3.0])
             else None, "these are the numbers for z = [1, 2, 3], v = [0.5, -1, 2]: compute "
                        "p * (v - p . v) from the z and v passed in."),
            (p * v, "subtract p . v inside the bracket: J^T v = p * (v - p . v); p * v alone "
                    "is only the diagonal part of J."),
            (v - pv, "multiply by p: J^T v = p * (v - p . v)."),
            (p * v - pv, "the second term is p * (p . v), scaled by p too: p * (v - p . v)."),
            (-expected, "check the sign: J = diag(p) - p p^T, so J^T v = p * v - p (p . v)."),
            (p * (v - np.sum(p * v)) if z.ndim == 2 else None,
             "p . v is one number per row: sum over the last axis only, with keepdims=True."),
            (_vjp_columns(z, v) if z.ndim == 2 else None,
             "softmax normalises each row (axis=-1), not each column."),
        ]
        with about(f"z = {show(z)}, v = {show(v)}" if z.ndim == 1 else
                   f"a batch z of shape {z.shape} (one softmax per row), v of the same shape"):
            got = as_array(_run_vjp(vjp_fn, z, v), z.shape, f"{name_of(vjp_fn)}()",
                           mistakes=mistakes)
            assert_close(got, expected, z, label="z", rows=True, mistakes=detected(got, mistakes),
                         hint="J^T v = p * (v - p . v), with p = softmax(z) and p . v = "
                              "sum(p * v) over the last axis.")
            if z.ndim == 1 and np.abs(z).max() < 100:
                via_jacobian = softmax_jacobian(z).T @ v
                numeric = numerical_gradient(lambda t: v @ softmax(t), z)
                error = float(relative_error(got, numeric).max())
                if not looks_like(got, via_jacobian) or error >= _GRADCHECK_THRESHOLD:
                    fail(f"got {show(got)}; the Jacobian gives {show(via_jacobian)} "
                         f"(relative error against finite differences {error:.1e}).",
                         "J^T v = p * (v - p . v).")
    rng = np.random.default_rng(12)
    z, v = rng.normal(size=_VJP_K), rng.normal(size=_VJP_K)
    with about(f"z and v of length K = {_VJP_K}"):
        result, peak = _peak_memory(vjp_fn, z, v)
        got = as_array(result, z.shape, f"{name_of(vjp_fn)}()")
        if peak > _VJP_MEMORY_LIMIT:
            fail(f"the call held {peak / 1e6:.0f} MB at its peak; the K x K Jacobian alone "
                 f"is {8 * _VJP_K**2 / 1e6:.0f} MB, the vectors p and v {8 * _VJP_K / 1e3:.0f} kB "
                 f"each.", _VJP_JACOBIAN_HINT)
        assert_close(got, _vjp(z, v), hint="J^T v = p * (v - p . v).")
    return (f"vectors and batches, logits up to ±1000; at K = {_VJP_K}, under "
            f"{_VJP_MEMORY_LIMIT / 1e6:.0f} MB (J alone would be {8 * _VJP_K**2 / 1e6:.0f} MB)")
