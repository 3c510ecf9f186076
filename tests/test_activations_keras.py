"""course_utils.activations against keras.activations / tf.nn values and tf.GradientTape
gradients, in float64, including the conventions at kinks."""
import os

import numpy as np
import pytest

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
os.environ.setdefault("KERAS_BACKEND", "tensorflow")
from course_utils.environment import python_problem, tensorflow_released_for  # noqa: E402

if not tensorflow_released_for():
    pytest.skip(python_problem(), allow_module_level=True)
import keras  # noqa: E402
import tensorflow as tf  # noqa: E402

from course_utils import activations as A  # noqa: E402

X = np.concatenate([np.linspace(-12, 12, 241), [-1e4, -60.0, 60.0, 1e4]])

# name, our params, the framework function of a float64 tensor, rtol, atol.
# TF passes slopes and beta through float32, so the parameters here are exact in float32.
# TF's GELU passes its constants through float32 (an error of ~4e-9 at x = 1, CONTENT.md §2.2),
# and Keras' tanh form computes 1 + tanh(u), which cancels in the left tail where ours does not,
# so for GELU the agreement is to 1e-8, absolute. (test_activations.py checks ours to 1e-12.)
FRAMEWORK = [
    ("identity", {}, keras.activations.linear, 1e-12, 1e-15),
    ("sigmoid", {}, keras.activations.sigmoid, 1e-12, 1e-15),
    ("tanh", {}, keras.activations.tanh, 1e-12, 1e-15),
    ("arctan", {}, tf.math.atan, 1e-12, 1e-15),
    ("softsign", {}, keras.activations.softsign, 1e-12, 1e-15),
    ("relu", {}, keras.activations.relu, 1e-12, 1e-15),
    ("leaky_relu", {"alpha": 0.25}, lambda t: keras.activations.leaky_relu(t, negative_slope=0.25), 1e-12, 1e-15),
    ("leaky_relu", {"alpha": 0.125}, lambda t: tf.nn.leaky_relu(t, alpha=0.125), 1e-12, 1e-15),
    ("elu", {"alpha": 1.0}, keras.activations.elu, 1e-12, 1e-15),
    ("elu", {"alpha": 0.5}, lambda t: keras.activations.elu(t, alpha=0.5), 1e-12, 1e-15),
    ("selu", {}, keras.activations.selu, 1e-12, 1e-15),
    ("softplus", {}, keras.activations.softplus, 1e-12, 1e-15),
    ("swish", {"beta": 1.0}, keras.activations.silu, 1e-12, 1e-15),
    ("swish", {"beta": 1.5}, lambda t: tf.nn.silu(t, beta=1.5), 1e-12, 1e-15),
    ("gelu", {"approximate": False}, keras.activations.gelu, 1e-8, 1e-8),
    ("gelu", {"approximate": True}, lambda t: keras.activations.gelu(t, approximate=True), 1e-8, 1e-8),
    ("mish", {}, keras.activations.mish, 1e-12, 1e-15),
]


def _value_and_gradient(framework_fn, x):
    t = tf.constant(x, dtype=tf.float64)
    with tf.GradientTape() as tape:
        tape.watch(t)
        y = framework_fn(t)
    return y.numpy(), tape.gradient(y, t).numpy()


@pytest.mark.parametrize("name,params,framework_fn,rtol,atol", FRAMEWORK, ids=lambda v: v if isinstance(v, str) else "")
def test_values_and_gradients_agree_with_tensorflow(name, params, framework_fn, rtol, atol):
    y, dy = _value_and_gradient(framework_fn, X)
    act = A.ACTIVATIONS[name]
    np.testing.assert_allclose(act.fn(X, **params), y, rtol=rtol, atol=atol)
    np.testing.assert_allclose(act.grad(X, **params), dy, rtol=rtol, atol=atol)


@pytest.mark.parametrize("name,params,framework_fn", [
    row[:3] for row in FRAMEWORK if row[0] in ("relu", "leaky_relu", "elu", "selu")
], ids=lambda v: v if isinstance(v, str) else "")
def test_derivative_at_exactly_zero_is_the_tensorflow_convention(name, params, framework_fn):
    _, dy = _value_and_gradient(framework_fn, np.array([0.0]))
    assert float(A.ACTIVATIONS[name].grad(0.0, **params)) == dy[0]


def test_step_has_no_useful_gradient_in_tensorflow_either():
    _, dy = _value_and_gradient(tf.math.sign, np.array([-1.0, 0.0, 1.0]))
    np.testing.assert_array_equal(A.step.grad([-1.0, 0.0, 1.0]), dy)


@pytest.mark.parametrize("axis", [-1, 0])
def test_softmax_and_log_softmax_agree_with_keras(axis):
    z = np.random.default_rng(1).normal(scale=5, size=(4, 6))
    zt = tf.constant(z, dtype=tf.float64)
    np.testing.assert_allclose(A.softmax(z, axis=axis), keras.activations.softmax(zt, axis=axis).numpy(),
                               rtol=1e-13)
    np.testing.assert_allclose(A.log_softmax(z, axis=axis),
                               keras.activations.log_softmax(zt, axis=axis).numpy(), rtol=1e-13)


def test_softmax_jacobian_agrees_with_gradient_tape():
    z = tf.constant([0.3, -1.2, 2.0, 0.7], dtype=tf.float64)
    with tf.GradientTape() as tape:
        tape.watch(z)
        s = tf.nn.softmax(z)
    np.testing.assert_allclose(A.softmax_jacobian(z.numpy()), tape.jacobian(s, z).numpy(), atol=1e-15)


# The gate of each GLU variant, written with TensorFlow ops (Keras has GLU itself).
TF_GATES = {"glu": tf.math.sigmoid, "reglu": tf.nn.relu, "geglu": lambda t: tf.nn.gelu(t, approximate=False),
            "swiglu": tf.nn.silu}


@pytest.mark.parametrize("axis", [-1, 0])
def test_glu_agrees_with_keras(axis):
    z = np.random.default_rng(2).normal(scale=4, size=(6, 8))
    expected = keras.activations.glu(tf.constant(z, dtype=tf.float64), axis=axis).numpy()
    np.testing.assert_allclose(A.glu(z, axis=axis), expected, rtol=1e-12, atol=1e-15)


@pytest.mark.parametrize("gate", list(TF_GATES))
def test_gated_values_and_backward_agree_with_gradient_tape(gate):
    rng = np.random.default_rng(5)
    z = rng.normal(scale=3, size=(5, 8))
    upstream = rng.normal(size=(5, 4))
    t = tf.constant(z, dtype=tf.float64)
    with tf.GradientTape() as tape:
        tape.watch(t)
        a, b = tf.split(t, 2, axis=-1)
        y = a * TF_GATES[gate](b)
    dz = tape.gradient(y, t, output_gradients=tf.constant(upstream)).numpy()
    tolerance = 1e-7 if gate == "geglu" else 1e-12  # TF's GELU constants pass through float32
    np.testing.assert_allclose(A.gated(z, gate), y.numpy(), rtol=tolerance, atol=tolerance)
    np.testing.assert_allclose(np.concatenate([upstream, upstream], axis=-1) * A.gated_grad(z, gate), dz,
                               rtol=tolerance, atol=tolerance)
