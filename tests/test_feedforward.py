"""course_utils.feedforward: plain and gated blocks, their gradients by finite differences,
parameter matching, LLaMA's formula, training, and clear errors."""
import numpy as np
import pytest

from course_utils.activations import GATES, gelu, relu, sigmoid, swish
from course_utils.feedforward import FeedForward, fit
from course_utils.gradcheck import numerical_gradient

UNITS = ["relu", "gelu", "tanh", *GATES]


def _data(seed=0, n=6, d_in=3, d_out=2):
    rng = np.random.default_rng(seed)
    return rng.normal(size=(n, d_in)), rng.normal(size=(n, d_out))


@pytest.mark.parametrize("unit", UNITS)
def test_weight_and_input_gradients_match_central_differences(unit):
    X, T = _data()
    block = FeedForward(3, 4, 2, unit=unit, seed=1)
    block.loss_and_gradients(X, T)
    for name in block.params:
        def loss(W, name=name):
            saved, block.params[name] = block.params[name], W
            value = np.mean((block.forward(X) - T) ** 2)
            block.params[name] = saved
            return value
        numeric = numerical_gradient(loss, block.params[name])
        # relative 1e-6, absolute 1e-9: entries near 0 carry the differences' rounding noise
        np.testing.assert_allclose(block.grads[name], numeric, rtol=1e-6, atol=1e-9, err_msg=name)
    block.forward(X)
    dY = 2 * (block.forward(X) - T) / T.size
    dX = block.backward(dY)
    numeric = numerical_gradient(lambda V: np.mean((block.forward(V) - T) ** 2), X)
    np.testing.assert_allclose(dX, numeric, rtol=1e-6, atol=1e-9)


@pytest.mark.parametrize("unit, phi", [("glu", sigmoid), ("reglu", relu), ("geglu", gelu), ("swiglu", swish)])
def test_gated_block_is_the_papers_formula(unit, phi):
    X, _ = _data()
    block = FeedForward(3, 5, 2, unit=unit, seed=2)
    W1, W2, W3 = (block.params[k] for k in ("W1", "W2", "W3"))
    np.testing.assert_allclose(block.forward(X), (phi(X @ W1) * (X @ W3)) @ W2, rtol=1e-12)


def test_plain_block_and_parameter_matching():
    X, _ = _data()
    block = FeedForward(3, 6, 2, unit="relu", seed=0)
    np.testing.assert_allclose(block.forward(X), relu(X @ block.params["W1"]) @ block.params["W2"])
    assert FeedForward(8, 24, 8, "gelu").n_parameters == FeedForward(8, 16, 8, "swiglu").n_parameters == 384
    assert "384 parameters" in repr(FeedForward(8, 16, 8, "swiglu"))


def test_initialisation_is_seeded_and_scaled_by_fan_in():
    a, b = FeedForward(64, 128, 64, "swiglu", seed=5), FeedForward(64, 128, 64, "swiglu", seed=5)
    assert all(np.array_equal(a.params[k], b.params[k]) for k in a.params)
    assert abs(a.params["W1"].std() - 1 / 8) < 0.01
    assert abs(a.params["W2"].std() - 1 / np.sqrt(128)) < 0.01


def test_fit_reduces_the_loss_and_is_reproducible():
    X, _ = _data(n=40)
    T = np.sin(X[:, :2])   # a target the blocks can learn
    losses = [fit(FeedForward(3, 6, 2, unit, seed=0), X, T, steps=50, lr=0.02) for unit in ("gelu", "swiglu")]
    for curve in losses:
        assert curve.shape == (50,) and curve[-1] < 0.5 * curve[0]
    np.testing.assert_array_equal(losses[1], fit(FeedForward(3, 6, 2, "swiglu", seed=0), X, T, steps=50, lr=0.02))


X5, T5 = np.ones((5, 3)), np.ones((5, 2))


@pytest.mark.parametrize("call, error, fragment", [
    (lambda: FeedForward(3, 4, 2, unit="swish_glu"), ValueError, "unit must be an activation"),
    (lambda: FeedForward(3, 0, 2), ValueError, "hidden must be at least 1"),
    (lambda: FeedForward(3, 4.5, 2), TypeError, "must be an integer"),
    (lambda: FeedForward(3, 4, 2).forward(np.ones((5, 4))), ValueError, "shape (n, 3)"),
    (lambda: FeedForward(3, 4, 2).forward(np.ones(3)), ValueError, "one input per row"),
    (lambda: FeedForward(3, 4, 2).backward(np.ones((5, 2))), RuntimeError, "forward() call first"),
    (lambda: FeedForward(3, 4, 2).loss_and_gradients(X5, np.ones((5, 3))), ValueError, "targets T"),
    (lambda: fit(FeedForward(3, 4, 2), X5, T5, steps=10, lr=-0.1), ValueError, "positive"),
    (lambda: fit(FeedForward(3, 4, 2), X5, T5, steps=0, lr=0.1), ValueError, "at least 1"),
])
def test_bad_input_is_explained(call, error, fragment):
    with pytest.raises(error) as info:
        call()
    assert fragment in str(info.value)


def test_backward_checks_the_upstream_shape():
    block = FeedForward(3, 4, 2)
    block.forward(np.ones((5, 3)))
    with pytest.raises(ValueError, match="shaped like the output"):
        block.backward(np.ones((5, 3)))
