"""course_utils.autodiff: every operation's gradient against central differences and against
TensorFlow's GradientTape, the sum over paths, stability, and clear errors for bad input."""
import math
import os

import numpy as np
import pytest

from course_utils.activations import ACTIVATIONS
from course_utils.autodiff import Value
from course_utils.gradcheck import check_gradient

# Scalar functions of two inputs written with the engine's operations; `apply` gets a pair of
# Values (engine) or of float64 tensors (TensorFlow), `ops` the matching exp, log, tanh, ...
FUNCTIONS = {
    "add": lambda a, b, ops: a + b + 2.0,
    "radd and rmul": lambda a, b, ops: 3.0 * a + (1.5 + b),
    "mul": lambda a, b, ops: a * b,
    "sub and rsub": lambda a, b, ops: (a - b) - (4.0 - a),
    "div and rdiv": lambda a, b, ops: a / b + 2.0 / a,
    "neg": lambda a, b, ops: -a * b,
    "pow": lambda a, b, ops: a ** 3 + b ** -2 + a ** 0.5,
    "exp": lambda a, b, ops: ops.exp(a * b),
    "log": lambda a, b, ops: ops.log(a + b * b),
    "tanh": lambda a, b, ops: ops.tanh(a - b),
    "sigmoid": lambda a, b, ops: ops.sigmoid(a * b),
    "relu": lambda a, b, ops: ops.relu(a - b) + ops.relu(b - a) * 0.5,
    "reuse": lambda a, b, ops: a * a + a * b + ops.tanh(a) * a,
    "neuron with bce": lambda a, b, ops: -(ops.log(ops.sigmoid(a * 0.7 + b))),
}
POINTS = [(1.3, 0.4), (0.6, -0.8), (2.2, 1.1)]  # a > 0 and a + b*b > 0; a != b (relu kink)


class EngineOps:
    exp, log, tanh = Value.exp, Value.log, Value.tanh
    sigmoid, relu = Value.sigmoid, Value.relu


class MathOps:
    exp, log, tanh = staticmethod(np.exp), staticmethod(np.log), staticmethod(np.tanh)
    sigmoid = staticmethod(ACTIVATIONS["sigmoid"])
    relu = staticmethod(lambda t: np.maximum(t, 0.0))


def engine_gradient(f, point):
    a, b = Value(point[0]), Value(point[1])
    out = f(a, b, EngineOps)
    out.backward()
    return out.data, np.array([a.grad, b.grad])


@pytest.mark.parametrize("name", FUNCTIONS)
@pytest.mark.parametrize("point", POINTS)
def test_gradients_match_central_differences(name, point):
    f = FUNCTIONS[name]
    value, grad = engine_gradient(f, point)
    assert value == pytest.approx(f(*np.array(point), MathOps), rel=1e-13)
    result = check_gradient(lambda t: f(t[0], t[1], MathOps), grad, np.array(point),
                            threshold=1e-8, verbose=False)
    assert result.passed, (name, point, result)


def test_gradients_match_tensorflow():
    os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
    from course_utils.environment import tensorflow_released_for
    if not tensorflow_released_for():
        pytest.skip("no TensorFlow for this Python")
    tf = pytest.importorskip("tensorflow")

    class TFOps:
        exp, log, tanh, sigmoid = tf.exp, tf.math.log, tf.tanh, tf.sigmoid
        relu = tf.nn.relu

    for name, f in FUNCTIONS.items():
        for point in POINTS:
            a, b = (tf.Variable(p, dtype=tf.float64) for p in point)
            with tf.GradientTape() as tape:
                out = f(a, b, TFOps)
            expected = np.array([g.numpy() for g in tape.gradient(out, [a, b])])
            np.testing.assert_allclose(engine_gradient(f, point)[1], expected, rtol=1e-12,
                                       atol=1e-15, err_msg=f"{name} at {point}")


def test_a_value_used_twice_collects_both_paths():
    x = Value(3.0)
    y = x * x + x  # dy/dx = 2x + 1
    y.backward()
    assert x.grad == 7.0


def test_backward_twice_gives_the_same_gradients():
    x = Value(0.5)
    y = (x * 2.0).tanh() * x
    y.backward()
    first = x.grad
    y.backward()
    assert x.grad == first


def test_sigmoid_is_stable_and_exact_far_from_zero():
    for z in (-1000.0, -40.0, 40.0, 1000.0):
        v = Value(z)
        s = v.sigmoid()
        s.backward()
        assert s.data == pytest.approx(float(ACTIVATIONS["sigmoid"](z)), rel=1e-15, abs=0)
        assert v.grad == pytest.approx(float(ACTIVATIONS["sigmoid"].grad(z)), rel=1e-12, abs=0)
    assert Value(-40.0).sigmoid().data == pytest.approx(math.exp(-40.0), rel=1e-15)


def test_bce_through_the_engine_is_sigmoid_minus_y():
    for z, y in [(0.8, 1.0), (-2.0, 0.0), (0.3, 0.25)]:
        v = Value(z)
        p = v.sigmoid()
        loss = -(y * p.log() + (1 - y) * (1 - p).log())
        loss.backward()
        assert v.grad == pytest.approx(float(ACTIVATIONS["sigmoid"](z)) - y, rel=1e-12)


def test_relu_uses_the_convention_zero_at_the_kink():
    v = Value(0.0)
    v.relu().backward()
    assert v.grad == 0.0


@pytest.mark.parametrize("bad, fragment", [("3", "one real number"), (np.ones(2), "one real number"),
                                           (True, "one real number"), (1j, "one real number")])
def test_bad_data_is_refused_clearly(bad, fragment):
    with pytest.raises(TypeError, match=fragment):
        Value(bad)


def test_bad_parents_and_operations_are_refused_clearly():
    with pytest.raises(TypeError, match=r"\(Value, local derivative\) pairs"):
        Value(1.0, [(1.0, 2.0)])
    with pytest.raises(TypeError, match="unsupported operand"):  # the exponent must be a number
        Value(2.0) ** Value(3.0)
    with pytest.raises(ValueError, match="log needs a positive number"):
        Value(0.0).log()
    with pytest.raises(TypeError, match="one real number"):
        Value(1.0) + "2"


def test_numpy_numbers_are_accepted_on_either_side():
    w = Value(0.5)
    out = np.float64(2.0) * w + w * np.int64(3)
    assert isinstance(out, Value) and out.data == 2.5
