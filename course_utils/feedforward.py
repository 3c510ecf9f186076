"""Transformer-style feed-forward blocks in NumPy: a plain one and a gated one, with backward passes.

One input per row (X has shape (n, d_in)) and no biases, as in Shazeer (2020):

- plain:  Y = φ(X W1) W2,               W1: (d_in, hidden), W2: (hidden, d_out);
- gated:  Y = (φ(X W1) ⊙ X W3) W2,      W1 and W3: (d_in, hidden), W2: (hidden, d_out).

The gated block is `course_utils.activations.gated` applied to Z = X [W3 | W1] = [a, b]: the value
a = X W3 times the gate φ(b), φ(b) with b = X W1. With φ = Swish this is LLaMA's feed-forward block,
w2(silu(w1(x)) * w3(x)). A gated block has three matrices instead of two, so with d_in = d_out it
matches a plain block's parameter count at ⅔ of the hidden width.
"""
import numpy as np

from ._validation import as_float_array, int_param, real_param
from .activations import ACTIVATIONS, GATES, gated, gated_grad
from .network import _Adam

PLAIN_UNITS = tuple(ACTIVATIONS)
GATED_UNITS = tuple(GATES)


class FeedForward:
    """A feed-forward block whose `unit` is an activation name ('relu', 'gelu', ...: plain block)
    or a gate name ('glu', 'reglu', 'geglu', 'swiglu': gated block).

    Weights start as N(0, 1/fan_in) from `seed`. `forward(X)` remembers what `backward(dY)`
    needs; `backward` returns dL/dX and stores dL/dW in `grads`, keyed like `params`.
    """

    def __init__(self, d_in, hidden, d_out, unit="relu", seed=0):
        if unit not in PLAIN_UNITS + GATED_UNITS:
            raise ValueError(f"FeedForward() unit must be an activation ({', '.join(PLAIN_UNITS)}) "
                             f"or a gate ({', '.join(GATED_UNITS)}); got {unit!r}.")
        d_in, hidden, d_out = (int_param(v, name, "FeedForward", minimum=1)
                               for v, name in [(d_in, "d_in"), (hidden, "hidden"), (d_out, "d_out")])
        self.unit, self.gated = unit, unit in GATED_UNITS
        rng = np.random.default_rng(seed)
        shapes = {"W1": (d_in, hidden), **({"W3": (d_in, hidden)} if self.gated else {}),
                  "W2": (hidden, d_out)}
        self.params = {k: rng.normal(0.0, 1.0 / np.sqrt(s[0]), size=s) for k, s in shapes.items()}
        self.grads = {k: np.zeros_like(w) for k, w in self.params.items()}
        self._cache = None

    def __repr__(self):
        d_in, hidden = self.params["W1"].shape
        return (f"FeedForward({d_in}, {hidden}, {self.params['W2'].shape[1]}, unit={self.unit!r}): "
                f"{self.n_parameters} parameters")

    @property
    def n_parameters(self):
        return sum(w.size for w in self.params.values())

    def forward(self, X):
        X = as_float_array(X, "FeedForward.forward")
        d_in = self.params["W1"].shape[0]
        if X.ndim != 2 or X.shape[1] != d_in:
            raise ValueError(f"FeedForward.forward() needs X of shape (n, {d_in}), one input per row; "
                             f"got shape {X.shape}.")
        if self.gated:
            Z = X @ np.concatenate([self.params["W3"], self.params["W1"]], axis=1)  # [a, b]
            H = gated(Z, self.unit)
        else:
            Z = X @ self.params["W1"]
            H = ACTIVATIONS[self.unit](Z)
        self._cache = X, Z, H
        return H @ self.params["W2"]

    def backward(self, dY):
        if self._cache is None:
            raise RuntimeError("FeedForward.backward() needs a forward() call first.")
        X, Z, H = self._cache
        dY = as_float_array(dY, "FeedForward.backward")
        if dY.shape != (X.shape[0], self.params["W2"].shape[1]):
            raise ValueError(f"FeedForward.backward() needs dY shaped like the output, "
                             f"{(X.shape[0], self.params['W2'].shape[1])}; got {dY.shape}.")
        self.grads["W2"] = H.T @ dY
        dH = dY @ self.params["W2"].T
        if self.gated:
            # product rule: dL/da = dH ⊙ φ(b), dL/db = dH ⊙ a φ'(b)
            dZ = np.concatenate([dH, dH], axis=1) * gated_grad(Z, self.unit)
            dW3, dW1 = np.split(X.T @ dZ, 2, axis=1)
            self.grads["W3"], self.grads["W1"] = dW3, dW1
            return dZ @ np.concatenate([self.params["W3"], self.params["W1"]], axis=1).T
        dZ = dH * ACTIVATIONS[self.unit].grad(Z)
        self.grads["W1"] = X.T @ dZ
        return dZ @ self.params["W1"].T

    def loss_and_gradients(self, X, T):
        """Mean squared error over every output entry, mean((Y - T)²); fills `grads`."""
        Y = self.forward(X)
        T = as_float_array(T, "FeedForward.loss_and_gradients")
        if T.shape != Y.shape:
            raise ValueError(f"FeedForward.loss_and_gradients() needs targets T of shape {Y.shape}; "
                             f"got {T.shape}.")
        diff = Y - T
        self.backward(2.0 * diff / diff.size)
        return float(np.mean(diff**2))


def fit(block, X, T, steps, lr):
    """Train `block` by full-batch Adam on the mean squared error; return the loss before each step."""
    steps = int_param(steps, "steps", "fit", minimum=1)
    lr = real_param(lr, "lr", "fit")
    if lr <= 0:
        raise ValueError(f"fit() parameter lr must be positive; got {lr}.")
    names = list(block.params)
    optimizer = _Adam([block.params[k] for k in names], lr)
    losses = np.empty(steps)
    for i in range(steps):
        losses[i] = block.loss_and_gradients(X, T)
        optimizer.step([block.grads[k] for k in names])
    return losses
