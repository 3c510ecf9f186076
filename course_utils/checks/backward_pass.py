"""Checks for the exercises of Lesson 07 · Manual backward pass."""
import numpy as np

from ..activations import log_softmax, relu, softmax, tanh
from ..gradcheck import numerical_derivative, numerical_gradient, relative_error
from ..network import MLP
from ._core import (ATOL, RTOL, about, as_array, assert_close, describe, detected, fail, grid,
                    has_nonfinite, looks_like, name_of, run, show, task)

_GRADCHECK_THRESHOLD = 1e-7


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
