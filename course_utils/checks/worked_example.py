"""Checks for the exercises of Lesson 05 · Worked example (one neuron by hand).

Before a hint names a mistake, the student's function is run on further neurons on which the
mistakes give different results from each other and from the right answer, and the hint is
given only if the function makes that mistake on all of them. On the lesson's own numbers many
mistakes coincide: w·x = 0 there, so forgetting the bias, and adding it outside the activation,
look alike.
"""
import numpy as np

from ..activations import identity, relu, sigmoid as _sigmoid, tanh
from ._core import as_array, assert_close, call, fail, grid, looks_like, run, task

# The worked example of the lesson: z = 0.5*2 + 1*(-1) + b.
_X = np.array([2.0, -1.0])
_W = np.array([0.5, 1.0])

_HARD_CODED = ("your function returns {got} for other inputs too: compute the result from its "
               "arguments; a number typed in fits one example only.")


def _show(vector):
    return np.array2string(np.asarray(vector), precision=3, separator=", ")


def _probe(fn, *args, shape=()):
    """The student's result for `args`, or None if that call fails: probes test a suspected
    mistake and must not fail for reasons of their own."""
    try:
        return call(fn, *args, shape=shape)
    except AssertionError:
        return None


def _does_on(fn, mistake, probes, shape=()):
    """True if `fn` gives what `mistake` gives on every probe (a tuple of arguments)."""
    got = [_probe(fn, *args, shape=shape) for args in probes]
    return all(g is not None and looks_like(g, mistake(*args)) for g, args in zip(got, probes))


def _neuron_cases():
    """(x, w, b, activation) cases: the worked example, then random neurons of other sizes."""
    rng = np.random.default_rng(5)
    cases = [(_X, _W, -0.5, relu), (_X, _W, 0.5, relu), (_X, _W, -0.5, _sigmoid)]
    for d, act in [(3, tanh), (5, identity), (4, relu), (1, _sigmoid)]:
        cases.append((rng.normal(size=d), rng.normal(size=d), float(rng.normal()), act))
    return cases


# Neurons on which each mistake below gives its own result: w·x and b nonzero, z of both signs,
# activations that are neither ReLU nor linear, more than two inputs.
_NEURON_PROBES = [
    (np.array([1.0, -2.0, 0.5]), np.array([0.3, -0.4, 1.1]), -0.9, tanh),
    (np.array([0.5, 1.5]), np.array([-1.2, 0.8]), 0.4, _sigmoid),
    (np.array([2.0, 1.0, -1.0]), np.array([-0.7, 0.25, 0.5]), 0.3, _sigmoid),
]
_NEURON_MISTAKES = [  # (what the mistake computes, hint)
    (lambda x, w, b, act: act(w @ x),
     "you forgot the bias: z = w @ x + b, and the bias is added before the activation."),
    (lambda x, w, b, act: act(w @ x) + b,
     "the bias goes inside the activation: activation(w @ x + b), not activation(w @ x) + b."),
    (lambda x, w, b, act: act(w @ x - b), "the bias is added, not subtracted: z = w @ x + b."),
    (lambda x, w, b, act: w @ x + b,
     "you returned the pre-activation z; apply the activation to it."),
    (lambda x, w, b, act: relu(w @ x + b),
     "apply the activation passed in as the argument `activation`, not ReLU every time."),
    (lambda x, w, b, act: act(w[:2] @ x[:2] + b),
     "use every input, not only the first two: w @ x sums over all of them, whatever their "
     "number."),
]


@task("neuron")
def neuron(neuron_fn):
    """Check neuron(x, w, b, activation) = activation(w . x + b), a single number."""
    for x, w, b, act in _neuron_cases():
        called = f"neuron(x = {_show(x)}, w = {_show(w)}, b = {b:.3g}, {act.name})"
        result = run(neuron_fn, x, w, b, act)
        got = as_array(result, shape=(), what=called, shape_hint=_shape_hint(
            result, act(w * x + b), "a neuron has one output: use the dot product w @ x (one "
            "number), not the elementwise product w * x (one number per input).",
            "activation(w @ x + b)"))
        expected = float(act(w @ x + b))
        if looks_like(got, expected):
            continue
        hard_coded = (lambda *args: got, _HARD_CODED.format(got=float(got)))
        hint = next((hint for mistake, hint in [hard_coded, *_NEURON_MISTAKES]
                     if looks_like(got, mistake(x, w, b, act))
                     and _does_on(neuron_fn, mistake, _NEURON_PROBES)),
                    "compute z = w @ x + b, then return activation(z).")
        fail(f"{called} gave {float(got)!r}; expected {expected!r} = {act.name}({w @ x + b:.6g}).",
             hint)
    return f"checked {len(_neuron_cases())} neurons"


def _shape_hint(result, elementwise, hint, answer):
    """The hint for a result that is not one number: `hint` if it is exactly `elementwise` (what
    w * x in place of w @ x gives); for one value in an array, None (the core's hint: .item());
    otherwise what to return."""
    try:
        values = np.asarray(result, dtype=float)
    except (TypeError, ValueError):  # not numbers: as_array explains
        return None
    if looks_like(values, elementwise):
        return hint
    return None if values.size == 1 else f"return only {answer}, as a single number."


def _notebook_arrays(fn):
    """{name: (array, copy)} for the arrays among the global names `fn` uses, such as the
    notebook's x_example and w_example."""
    names = getattr(getattr(fn, "__code__", None), "co_names", ())
    found = {name: getattr(fn, "__globals__", {}).get(name) for name in names}
    return {name: (a, a.copy()) for name, a in found.items() if isinstance(a, np.ndarray)}


def _restore_changed(arrays, called):
    """Fail if the call changed one of the notebook's arrays in place; put it back first."""
    for name, (array, before) in arrays.items():
        if not np.array_equal(array, before):
            changed = _show(array)
            np.copyto(array, before)
            fail(f"{called} changed the notebook's array `{name}` in place, from {_show(before)} "
                 f"to {changed} (the check has put it back).",
                 f"don't modify `{name}`: an in-place operation such as `{name} *= ...` or "
                 f"`{name}[...] = ...` changes it for every later cell. Compute new arrays, "
                 f"e.g. `w_example @ x_example + b`.")


_BIASES = [0.5, -0.5, 0.0, 2.25, -3.0, -0.125]


@task("changing the bias")
def z_and_relu_for_bias(z_and_relu_fn):
    """Check z_and_relu(b) = (z, ReLU(z)) for the lesson's x and w, exactly."""
    arrays = _notebook_arrays(z_and_relu_fn)
    for b in _BIASES:
        called = f"z_and_relu({b})"
        result = run(z_and_relu_fn, b)
        _restore_changed(arrays, called)
        z, a = map(float, as_array(result, shape=(2,), what=called, shape_hint=(
            "return the pair (z, a), e.g. `return z, a` with a = ReLU(z).")))
        z_ref, a_ref = b, max(b, 0.0)  # w @ x = 0.5*2 + 1*(-1) = 0 exactly, so z = b
        if z == z_ref and a == a_ref:
            continue
        other = -2.0 if b > 0 else 1.5
        pair = _probe(z_and_relu_fn, other, shape=(2,))
        if pair is not None and np.array_equal(pair, [z, a]):
            hint = _HARD_CODED.format(got=f"({z!r}, {a!r})")
        elif (z, a) == (a_ref, z_ref):
            hint = "the pair is (z, a) in this order: z first, then a = ReLU(z)."
        elif z != z_ref:
            subtracted = z == -b and b != 0 and pair is not None and pair[0] == -other
            hint = ("the bias is added, not subtracted: z = w @ x + b." if subtracted else
                    "z is w1*x1 + w2*x2 + b with x = (2, -1) and w = (0.5, 1): the two "
                    "products cancel, so z equals the bias.")
        elif a == z:
            hint = ("your a equals z, but ReLU(z) = max(0, z) is 0 for negative z: apply ReLU "
                    "to z for a.")
        else:
            hint = "a = ReLU(z) = max(0, z): negative z gives 0, positive z passes unchanged."
        fail(f"{called} returned (z, a) = ({z!r}, {a!r}); expected ({z_ref!r}, {a_ref!r}).", hint)
    return "b = +0.5 gives z = 0.5 and ReLU = 0.5, exactly"


@task("activation threshold")
def activation_threshold(threshold_fn):
    """Check threshold(x, w) = -w . x, the bias above which a ReLU neuron is active."""
    rng = np.random.default_rng(11)
    cases = [(_X, _W)] + [(rng.normal(size=d), rng.normal(size=d)) for d in (2, 3, 6)]
    for x, w in cases:
        called = f"relu_threshold(x = {_show(x)}, w = {_show(w)})"
        result = run(threshold_fn, x, w)
        got = as_array(result, shape=(), what=called, shape_hint=_shape_hint(
            result, -w * x, "the threshold is one number: use the dot product w @ x, not the "
            "elementwise product w * x.", "the threshold bias"))
        expected = -float(w @ x) + 0.0
        if looks_like(got, expected):
            continue
        others = [case for case in cases if case[0] is not x]
        mistakes = [
            (lambda: _does_on(threshold_fn, lambda *args: got, others),
             _HARD_CODED.format(got=float(got))),
            (lambda: looks_like(got, -expected),
             "check the sign: w @ x + b > 0 means b > -(w @ x)."),
            (lambda: looks_like(got, -(w[:2] @ x[:2])) and _does_on(
                threshold_fn, lambda x, w: -(w[:2] @ x[:2]), others),
             "use every input, not only the first two: w @ x sums over all of them."),
        ]
        fail(f"{called} gave {float(got)!r}; expected -(w @ x) = {expected!r}.",
             next((h for confirm, h in mistakes if confirm()),
                  "active means z = w @ x + b > 0; solve for b: b > -(w @ x)."))
    return f"checked {len(cases)} neurons"


_SIGMOID_MISTAKES = [  # (what the mistake computes, hint), confirmed on a whole grid
    (lambda z: _sigmoid(-z), "mind the sign in the exponent: exp(-z), not exp(z)."),
    (np.exp, "the denominator is 1 + exp(-z): don't forget the 1."),
]


@task("sigmoid")
def sigmoid(sigmoid_fn):
    """Check sigmoid(z) = 1 / (1 + exp(-z)) elementwise: at the lesson's z = -0.5, then on a grid
    of points in [-20, 20]."""
    value = float(as_array(run(sigmoid_fn, np.array(-0.5)), shape=(), what="sigmoid(z = -0.5)"))
    z = grid(-20.0, 20.0, 81)
    if not np.isclose(value, 0.3775406687981454, rtol=1e-12, atol=0):
        on_grid = _probe(sigmoid_fn, z, shape=z.shape)  # to tell the mistake, if it runs there
        fail(f"sigmoid(z = -0.5) gave {value!r}, expected 0.3775406687981454.",
             next((hint for mistake, hint in _SIGMOID_MISTAKES
                   if on_grid is not None and looks_like(on_grid, mistake(z))),
                  "sigma(z) = 1 / (1 + exp(-z)); by hand, 1 / (1 + e^0.5) = 1 / 2.6487..."))
    called = f"sigmoid(z of shape {z.shape}, from -20 to 20)"
    result = run(sigmoid_fn, z)
    if _is_constant(result, value, z.size):
        fail(f"{called} gave {value!r} at every point; expected values from {_sigmoid(-20.0):.2g} "
             "to 1.0.", _HARD_CODED.format(got=repr(value)))
    got = as_array(result, shape=z.shape, what=called)
    assert_close(got, _sigmoid(z), z, label="z", hint="sigma(z) = 1 / (1 + np.exp(-z)).",
                 mistakes=[(looks_like(got, mistake(z)), hint)
                           for mistake, hint in _SIGMOID_MISTAKES])
    return f"sigmoid(-0.5) = 0.3775406687981454, and {z.size} points in [-20, 20]"


def _is_constant(result, value, size):
    """True if the student's result for a grid of `size` points is `value` throughout."""
    try:
        values = np.asarray(result, dtype=float)
    except (TypeError, ValueError):  # not numbers: as_array explains
        return False
    return values.size in (1, size) and bool(np.all(values == value))
