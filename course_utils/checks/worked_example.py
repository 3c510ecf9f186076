"""Checks for the exercises of Lesson 05 · Worked example (one neuron by hand)."""
import numpy as np

from ..activations import identity, relu, sigmoid as _sigmoid, tanh
from ._core import as_array, assert_close, call, fail, grid, looks_like, run, task

# The worked example of the lesson: z = 0.5*2 + 1*(-1) + b.
_X = np.array([2.0, -1.0])
_W = np.array([0.5, 1.0])


def _neuron_cases():
    """(x, w, b, activation) cases: the worked example, then random neurons of other sizes."""
    rng = np.random.default_rng(5)
    cases = [(_X, _W, -0.5, relu), (_X, _W, 0.5, relu), (_X, _W, -0.5, _sigmoid)]
    for d, act in [(3, tanh), (5, identity), (4, relu), (1, _sigmoid)]:
        cases.append((rng.normal(size=d), rng.normal(size=d), float(rng.normal()), act))
    return cases


@task("neuron")
def neuron(neuron_fn):
    """Check neuron(x, w, b, activation) = activation(w . x + b), a single number."""
    for x, w, b, act in _neuron_cases():
        z = float(w @ x + b)
        got = call(neuron_fn, x, w, b, act, shape=(), shape_hint=(
            "a neuron has one output: use the dot product w @ x (a single number), not the "
            "elementwise product w * x (one number per input)."))
        label = f"x = {np.array2string(x, precision=3)}, b = {b:.3f}, activation {act.name}; output"
        assert_close(got, act(z), hint="compute z = w @ x + b, then return activation(z).",
                     label=label, mistakes=[
                         (looks_like(got, act(z - b)) and b != 0,
                          "you forgot the bias: z = w @ x + b, and the bias is added before the "
                          "activation."),
                         (looks_like(got, act(float(w @ x)) + b) and b != 0,
                          "the bias goes inside the activation: activation(w @ x + b), not "
                          "activation(w @ x) + b."),
                         (looks_like(got, z) and act is not identity,
                          "you returned the pre-activation z; apply the activation to it."),
                     ])
    return f"checked {len(_neuron_cases())} neurons"


@task("changing the bias")
def z_and_relu_for_bias(z_and_relu_fn):
    """Check z_and_relu(b) = (z, ReLU(z)) for the lesson's x and w, exactly."""
    for b in [0.5, -0.5, 0.0, 2.25, -3.0]:
        result = run(z_and_relu_fn, b)
        if not isinstance(result, tuple) or len(result) != 2:
            fail(f"z_and_relu({b}) returned {type(result).__name__}; expected a pair (z, a).",
                 "end with `return z, a`, where a = ReLU(z).")
        z, a = (as_array(v, shape=(), what=f"z_and_relu({b})", dtype=None) for v in result)
        z_ref = 1.0 - 1.0 + b
        if z != z_ref:
            hint = ("z is w1*x1 + w2*x2 + b with x = (2, -1) and w = (0.5, 1): the two products "
                    "cancel, so z equals the bias.")
            if z == -b:
                hint = "the bias is added, not subtracted: z = w @ x + b."
            fail(f"for b = {b}: got z = {float(z)!r}, expected {z_ref!r}.", hint)
        if a != max(z_ref, 0.0):
            hint = ("a = ReLU(z) = max(0, z): negative z gives 0, positive z passes unchanged."
                    if a != z else "you returned z twice; apply ReLU for a.")
            fail(f"for b = {b}: got a = {float(a)!r}, expected {max(z_ref, 0.0)!r}.", hint)
    return "b = +0.5 gives z = 0.5 and ReLU = 0.5, exactly"


@task("activation threshold")
def activation_threshold(threshold_fn):
    """Check threshold(x, w) = -w . x, the bias above which a ReLU neuron is active."""
    rng = np.random.default_rng(11)
    cases = [(_X, _W)] + [(rng.normal(size=d), rng.normal(size=d)) for d in (2, 3, 6)]
    for x, w in cases:
        got = call(threshold_fn, x, w, shape=(), shape_hint=(
            "return one number, the threshold bias; use the dot product w @ x."))
        expected = -float(w @ x)
        assert_close(got + 0.0, expected + 0.0, hint=(
            "active means z = w @ x + b > 0; solve for b: b > -(w @ x)."),
            label=f"x = {np.array2string(x, precision=3)}; threshold", mistakes=[
                (looks_like(got, -expected) and expected != 0,
                 "check the sign: w @ x + b > 0 means b > -(w @ x)."),
            ])
    return f"checked {len(cases)} neurons"


@task("sigmoid")
def sigmoid(sigmoid_fn):
    """Check sigmoid(z) = 1 / (1 + exp(-z)) elementwise, including sigmoid(-0.5)."""
    value = call(sigmoid_fn, np.array(-0.5), shape=(), shape_hint="work elementwise.")
    if not np.isclose(value, 0.3775406687981454, rtol=1e-12, atol=0):
        if np.isclose(value, float(_sigmoid(0.5)), rtol=1e-12, atol=0):
            fail(f"sigmoid(-0.5) gave {float(value)!r}, which is sigmoid(+0.5).",
                 "mind the sign in the exponent: sigma(z) = 1 / (1 + exp(-z)).")
        fail(f"sigmoid(-0.5) gave {float(value)!r}, expected 0.3775406687981454.",
             "sigma(z) = 1 / (1 + exp(-z)); by hand, 1 / (1 + e^0.5) = 1 / 2.6487...")
    z = grid(-20.0, 20.0, 81)
    got = call(sigmoid_fn, z, shape=z.shape)
    assert_close(got, _sigmoid(z), z, label="z", hint="sigma(z) = 1 / (1 + np.exp(-z)).", mistakes=[
        (looks_like(got, _sigmoid(-z)), "mind the sign in the exponent: exp(-z), not exp(z)."),
        (looks_like(got, np.exp(z)), "the denominator is 1 + exp(-z): don't forget the 1."),
    ])
    return "sigmoid(-0.5) = 0.3775406687981454, and 82 more points"
