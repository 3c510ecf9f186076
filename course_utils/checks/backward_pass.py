"""Checks for the exercises of Lesson 07 · Manual backward pass."""
from contextlib import contextmanager

import numpy as np

from ..activations import log_softmax, relu, softmax, tanh
from ..gradcheck import numerical_derivative, numerical_gradient, relative_error
from ..network import MLP
from ._core import as_array, assert_close, call, fail, grid, has_nonfinite, looks_like, run, task

_GRADCHECK_THRESHOLD = 1e-7


def _pair(result, what, names):
    """The student's result as a tuple of len(names) values, or a clear failure."""
    if not isinstance(result, (tuple, list)) or len(result) != len(names):
        fail(f"{what} returned {type(result).__name__}"
             + (f" of length {len(result)}" if isinstance(result, (tuple, list)) else "")
             + f"; expected {len(names)} values ({', '.join(names)}).",
             f"end with `return {', '.join(names)}`.")
    return result


@contextmanager
def _about(prefix):
    """Prefix the failure message of the block with `prefix` (which value was wrong)."""
    try:
        yield
    except AssertionError as err:
        raise AssertionError(f"{prefix}: {err}") from None


@task("tanh backward pass")
def tanh_backward(backward_fn):
    """Check tanh_backward(a, grad_a) = grad_a * (1 - a**2), with a = tanh(z), by finite differences."""
    z = grid(-4.0, 4.0, 161)
    a = tanh(z)
    upstream = np.random.default_rng(2).normal(size=z.shape)
    got = call(backward_fn, a, upstream, shape=z.shape)
    numeric = upstream * numerical_derivative(tanh, z)
    assert_close(got, upstream * tanh.grad(z), z, label="z", hint=(
        "chain rule: grad_z = grad_a * tanh'(z), and tanh'(z) = 1 - tanh(z)**2 = 1 - a**2."),
        mistakes=[
            (looks_like(got, upstream * (1 - tanh(a) ** 2)),
             "a is already tanh(z): use 1 - a**2, don't apply tanh again."),
            (looks_like(got, 1 - a ** 2),
             "multiply by the upstream gradient grad_a (the chain rule)."),
            (looks_like(got, upstream * a * (1 - a)),
             "a * (1 - a) is the sigmoid's derivative; tanh's is 1 - a**2."),
        ])
    error = float(relative_error(got, numeric).max())
    if error >= _GRADCHECK_THRESHOLD:
        fail(f"max relative error against finite differences is {error:.1e}.",
             "grad_z = grad_a * (1 - a**2).")
    return f"{z.size} points; max relative error vs finite differences < {_GRADCHECK_THRESHOLD:.0e}"


def _neuron_cases():
    """(x, w, b, y): the seeded neuron, the worked example (inactive), its kink, random ones."""
    rng = np.random.default_rng(4)
    seeded = (np.array([0.5, -1.2]), np.array([0.4967141530112327, -0.13826430117118466]),
              0.6476885381006925, 1.0)
    example = np.array([2.0, -1.0]), np.array([0.5, 1.0])
    cases = [seeded, (*example, -0.5, 1.0), (*example, 0.0, 1.0)]
    for d in (3, 4):
        x, w = rng.normal(size=d), rng.normal(size=d)
        cases.append((x, w, abs(float(w @ x)) + 0.5 - float(w @ x), -0.3))  # active: z >= 0.5
    return cases


@task("neuron gradients")
def neuron_gradients(gradients_fn):
    """Check neuron_gradients(x, w, b, y) = (dL/dw, dL/db) for L = (relu(w.x + b) - y)**2 / 2."""
    for x, w, b, y in _neuron_cases():
        result = _pair(run(gradients_fn, x, w, b, y), "neuron_gradients()", ["dL_dw", "dL_db"])
        dw = as_array(result[0], shape=x.shape, what="dL_dw", shape_hint=(
            "dL/dw has the shape of w: dL/dz * x."))
        db = as_array(result[1], shape=(), what="dL_db", dtype=None)
        z = float(w @ x + b)
        a = float(relu(z))
        dz = (a - y) * float(relu.grad(z))
        got, expected = np.append(dw, db), np.append(dz * x, dz) + 0.0  # no -0.0 in messages
        no_relu_grad = np.append((a - y) * x, a - y)
        with _about(f"x = {x}, w = {np.round(w, 4)}, b = {b!r}, y = {y} (z = {z:.4g}); "
                    f"(dL/dw..., dL/db)"):
            assert_close(got, expected, hint=(
                "dL/dz = (a - y) * relu'(z); then dL/dw = dL/dz * x and dL/db = dL/dz."), mistakes=[
                (z == 0 and looks_like(got, no_relu_grad),
                 "at z = 0 exactly the course (like TensorFlow and PyTorch) uses relu'(0) = 0."),
                (looks_like(got, no_relu_grad),
                 "multiply by relu'(z), which is 0 when z <= 0: an inactive ReLU passes no gradient."),
                (looks_like(got, -expected), "check the sign: dL/da = a - y."),
                (looks_like(got, 2 * expected),
                 "the 1/2 in the loss cancels the 2 from the square: dL/da = a - y."),
                (looks_like(dw, np.full_like(x, dz)), "dz/dw = x: multiply dL/dz by the input."),
            ])
    return "the seeded neuron: dL/dw = [0.030981..., -0.074355...], dL/db = 0.061962..."


def _cross_entropy_cases():
    rng = np.random.default_rng(6)
    return [(np.array([1.0, 2.0, 3.0]), np.array([1.0, 0.0, 0.0])),
            (rng.normal(size=5), np.eye(5)[3]),
            (rng.normal(size=4), np.array([0.1, 0.2, 0.3, 0.4])),  # a soft label
            (np.array([1000.0, 1001.0, 1002.0]), np.array([0.0, 1.0, 0.0]))]


@task("softmax + cross-entropy gradient")
def softmax_cross_entropy_grad(grad_fn):
    """Check grad(z, y) = softmax(z) - y, the gradient of -sum(y * log softmax(z)) w.r.t. z."""
    for z, y in _cross_entropy_cases():
        got = call(grad_fn, z, y, shape=z.shape, warning_hint=(
            "exp overflows for large logits: subtract max(z) before exponentiating "
            "(or use softmax from course_utils.activations)."))
        p = softmax(z)
        if has_nonfinite(got):
            fail(f"for z = {z} the result contains inf or nan.",
                 "subtract max(z) before exponentiating (softmax is shift-invariant).")
        with _about(f"z = {z}, y = {y}"):
            assert_close(got, p - y, hint="dL/dz = p - y with p = softmax(z).", mistakes=[
                (looks_like(got, y - p), "check the sign: the gradient is p - y, not y - p."),
                (looks_like(got, p), "subtract the target: the gradient is p - y."),
                (looks_like(got, -y / p),
                 "-y / p is dL/dp; chain it through the softmax Jacobian and it simplifies to p - y."),
            ])
        if abs(z).max() < 100:
            numeric = numerical_gradient(lambda v: -np.sum(y * log_softmax(v)), z)
            error = float(relative_error(got, numeric).max())
            if error >= _GRADCHECK_THRESHOLD:
                fail(f"max relative error against finite differences is {error:.1e}.",
                     "dL/dz = softmax(z) - y.")
    return "p - y, also for soft labels and logits near 1000"


def _mlp_case(n, d, h, k, seed):
    rng = np.random.default_rng(seed)
    X, labels = rng.normal(size=(n, d)), rng.integers(0, k, size=n)
    model = MLP([d, h, k], activation="tanh", output="softmax", init="glorot", seed=seed)
    for layer in model.layers:  # non-zero biases, so that a wrong bias gradient shows
        layer.b[:] = rng.normal(scale=0.5, size=layer.b.shape)
    return X, labels, model


@task("two-layer MLP backward pass")
def mlp_backward(backward_fn):
    """Check mlp_backward(X, labels, params) = [dW1, db1, dW2, db2] (tanh hidden, softmax, mean CE)."""
    names = ["dW1", "db1", "dW2", "db2"]
    for n, d, h, k, seed in [(6, 2, 4, 3, 1), (9, 3, 5, 4, 2)]:
        X, labels, model = _mlp_case(n, d, h, k, seed)
        params = [p.copy() for p in model.parameters()]
        result = _pair(run(backward_fn, X, labels, [p.copy() for p in params]), "mlp_backward()", names)
        _, expected = model.loss_and_gradients(X, labels)
        W1, b1, W2, b2 = params
        H = np.tanh(X @ W1 + b1)
        G2 = (softmax(H @ W2 + b2, axis=1) - np.eye(k)[labels]) / n
        for name, value, param, ref in zip(names, result, params, expected):
            if value is None:
                fail(f"{name} is None.", "return all four gradients; the bias gradient is the "
                     "sum over the batch rows of the gradient of the pre-activation.")
            arr = np.asarray(value)
            if arr.shape == (n,) + param.shape[-1:] and param.ndim == 1:
                fail(f"{name} has shape {arr.shape}, one row per example; expected {param.shape}.",
                     "a bias added to every row gets the sum of their gradients: G.sum(axis=0).")
            if arr.shape == param.shape[::-1] and param.ndim == 2 and param.shape[0] != param.shape[1]:
                fail(f"{name} has shape {arr.shape}, transposed; expected {param.shape}.",
                     "a gradient has its parameter's shape: dW = (layer input).T @ G, e.g. X.T @ G1.")
            got = as_array(value, shape=param.shape, what=name)
            with _about(name):
                _assert_mlp_gradient(got, ref, name, X, W1, b1, W2, H, G2)
        flat = np.concatenate([np.asarray(g, dtype=float).ravel() for g in result])
        numeric = numerical_gradient(model.loss_function(X, labels), model.flat_parameters())
        error = float(relative_error(flat, numeric).max())
        if error >= _GRADCHECK_THRESHOLD:
            fail(f"max relative error against finite differences is {error:.1e}.",
                 "compare each gradient with the formulas of the lesson's table.")
    return f"2 random batches; max relative error vs finite differences < {_GRADCHECK_THRESHOLD:.0e}"


def _assert_mlp_gradient(got, ref, name, X, W1, b1, W2, H, G2):
    """Compare one MLP gradient with the library's, with hints for the usual mistakes."""
    n = len(X)
    dH = G2 @ W2.T
    first_layer = {"dW1": X.T, "db1": np.ones(n)}.get(name)
    in_z = first_layer is not None and looks_like(got, first_layer @ (dH * (1 - (X @ W1 + b1) ** 2)))
    assert_close(got, ref, hint=(
        "G2 = (softmax(Z2) - Y) / n; dW2 = H.T @ G2; db2 = G2.sum(axis=0); "
        "G1 = (G2 @ W2.T) * (1 - H**2); dW1 = X.T @ G1; db1 = G1.sum(axis=0)."), mistakes=[
        (looks_like(got, n * ref), "the loss is the mean over the batch: divide by n (once)."),
        (looks_like(got, ref / n), "you divided by n twice."),
        (name in ("db1", "db2") and looks_like(got, np.zeros_like(ref)),
         "the bias gradient is not 0: it is the sum over the batch rows of G."),
        (first_layer is not None and looks_like(got, first_layer @ dH),
         "multiply by the activation's derivative: G1 = (G2 @ W2.T) * (1 - H**2)."),
        (in_z, "tanh' in f-reuse form is 1 - H**2 with H = tanh(Z1), not 1 - Z1**2."),
    ])
