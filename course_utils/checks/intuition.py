"""Checks for the exercises of Lesson 01 · What an activation function does.

Each check tries the student's function on the inputs the notebook shows and on others it does
not: other neurons and activations, activations the lesson never names, inputs on both sides of
0, ramp sums far outside their knots. Answers are compared with the course's own computation; a
counterexample is accepted whatever it is, as long as it really is one. Detectors of typical
mistakes name one only when it explains what came back.

`is_graded` answers a yes/no question, so it returns True or False (a Python or NumPy bool);
everything else follows the rules of `_core`.
"""

import numpy as np

from ..activations import identity, relu, sigmoid, step, tanh
from ._core import (about, as_array, assert_close, call, describe, detected, fail, looks_like, run,
                    task)


def _show(values):
    values = np.asarray(values, dtype=float)
    if values.ndim == 0:
        return f"{float(values):g}"
    return np.array2string(values, separator=", ", threshold=8, edgeitems=3,
                           formatter={"float_kind": lambda v: f"{v:g}"})


# Task 1 · z and a of one neuron

# The lesson's neuron: z = 0.8 * 1.5 + 0.4 * (-0.5) - 0.3 = 0.7, and relu(0.7) = 0.7.
_X = np.array([1.5, -0.5])
_W = np.array([0.8, 0.4])
_B = -0.3


def _neuron_cases():
    """(x, w, b, activation, its name): the lesson's neuron with each of its four activations and
    with a bias that makes z negative, then random neurons of other sizes."""
    rng = np.random.default_rng(6)
    cases = [(_X, _W, _B, relu, "relu"), (_X, _W, -2.0, relu, "relu"), (_X, _W, _B, step, "step"),
             (_X, _W, _B, sigmoid, "sigmoid"), (_X, _W, _B, tanh, "tanh")]
    for size, activation, name in [(3, tanh, "tanh"), (1, sigmoid, "sigmoid"), (4, relu, "relu"),
                                   (5, identity, "identity"), (3, step, "step")]:
        x, w = rng.normal(size=size), rng.normal(size=size)
        cases.append((x, w, float(rng.normal()), activation, name))
    return cases


# Mistakes, each as what it returns for a neuron (x, w, b, activation): z (and a, where the
# mistake fixes it too), with its hint. A hint is given only if its mistake explains what came
# back for every neuron.
_Z_MISTAKES = [
    (lambda x, w, b, act: 0.7, lambda x, w, b, act: 0.7,
     "(0.7, 0.7) are the lesson's numbers: compute z and a from the arguments x, w, b and "
     "activation, since the check tries other neurons too."),
    (lambda x, w, b, act: w @ x, None, "add the bias: z = w @ x + b."),
    (lambda x, w, b, act: w @ x - b, None, "the bias is added, not subtracted: z = w @ x + b."),
    (lambda x, w, b, act: w[:2] @ x[:2] + b, None,
     "the sum runs over every input, not just the first two: w @ x (or np.dot(w, x)) works for "
     "any number of inputs."),
    (lambda x, w, b, act: act(w @ x + b), lambda x, w, b, act: w @ x + b,
     "return z first, then a: `return z, a`."),
]
_A_MISTAKES = [
    (lambda x, w, b, act: w @ x + b,
     "you returned z as a too: a = activation(z) applies the activation to z."),
    (lambda x, w, b, act: relu(w @ x + b),
     "use the activation the function receives, `activation`, not always ReLU: a = activation(z)."),
    (lambda x, w, b, act: act(w @ x) + b,
     "the bias belongs inside the activation: a = activation(w @ x + b), not activation(w @ x) + b."),
]


def _explains(answers, predict, part):
    """True if `predict(x, w, b, activation)` is what came back (part 0: z, 1: a) for every
    neuron in `answers`, a list of (neuron, (z, a))."""
    return all(looks_like(got[part], float(predict(*neuron))) for neuron, got in answers)


def _z_hint(answers):
    return next((hint for predict_z, predict_a, hint in _Z_MISTAKES
                 if _explains(answers, predict_z, 0)
                 and (predict_a is None or _explains(answers, predict_a, 1))),
                "z = w @ x + b: multiply each input by its weight, add them up, then add the bias.")


def _a_hint(answers):
    return next((hint for predict_a, hint in _A_MISTAKES if _explains(answers, predict_a, 1)),
                "a = activation(z): call the activation function you are given on your z.")


def _scalar(value, what, x):
    """`value` as a single float, or a failure; a vector the size of x means w * x was used."""
    hint = None
    if np.shape(value) == x.shape and x.size > 1:
        hint = ("z is one number: the dot product w @ x (or np.dot(w, x)) multiplies and sums; "
                "w * x only multiplies, elementwise.")
    return float(as_array(value, shape=(), what=what, shape_hint=hint))


def _answer(z_and_a_fn, neuron, label):
    """The student's (z, a) for one neuron as two floats, or the failure saying what is off."""
    x = neuron[0]
    result = run(z_and_a_fn, *neuron)
    is_pair = (isinstance(result, (tuple, list)) or (
        isinstance(result, np.ndarray) and result.ndim == 1)) and len(result) == 2
    if not is_pair:
        fail(f"{label}: z_and_a() returned {describe(result)}; expected the pair (z, a).",
             "end the function with `return z, a`: the pre-activation, then the activation.")
    return _scalar(result[0], f"{label}: z", x), _scalar(result[1], f"{label}: a", x)


@task("z and a of a neuron")
def z_and_a(z_and_a_fn):
    """Check z_and_a(x, w, b, activation) = (z, a) with z = w . x + b and a = activation(z)."""
    cases = _neuron_cases()
    # Every neuron is tried first, so that a hint can be checked against all the answers.
    answers = []
    for x, w, b, activation, name in cases:
        label = f"x = {_show(x)}, w = {_show(w)}, b = {b:g}, activation {name}"
        try:
            answers.append((label, _answer(z_and_a_fn, (x, w, b, activation), label)))
        except AssertionError as failure:
            answers.append((label, failure))
    computed = [(case[:4], got) for case, (_, got) in zip(cases, answers)
                if not isinstance(got, AssertionError)]
    for (x, w, b, activation, name), (label, got) in zip(cases, answers):
        if isinstance(got, AssertionError):
            raise got
        z, a = got
        z_expected = float(w @ x + b)
        a_expected = float(activation(z_expected))
        if not looks_like(z, z_expected):
            fail(f"{label}: got z = {z!r}, expected {z_expected!r}.", _z_hint(computed))
        if not looks_like(a, a_expected):
            fail(f"{label}: z = {z!r} is right, but got a = {a!r}, expected {name}(z) = "
                 f"{a_expected!r}.", _a_hint(computed))
    return f"checked {len(cases)} neurons"


# Task 2 · graded or binary outputs

class HiddenActivation:
    """An activation the notebook does not show: code can learn about it only from its outputs.

    Called like the course's activations: a number, list or array in, a float64 array of the
    same shape out. Its `name` is "hidden", so an answer that goes by names gets a verdict
    checked, not an AttributeError.
    """

    name = "hidden"

    def __init__(self, formula):
        self._formula = formula

    def __call__(self, z):
        return np.asarray(self._formula(np.asarray(z, dtype=float)), dtype=float)


# (label in messages, activation, graded?): the lesson's four, then activations it does not show.
_ACTIVATIONS = [
    ("step", step, False), ("sigmoid", sigmoid, True), ("tanh", tanh, True), ("relu", relu, True),
    ("a hidden activation, the bipolar step (-1 for z < 0, +1 for z >= 0)",
     HiddenActivation(lambda z: np.where(z >= 0, 1.0, -1.0)), False),
    ("a hidden activation, hard sigmoid = clip(0.2 z + 0.5, 0, 1)",
     HiddenActivation(lambda z: np.clip(0.2 * z + 0.5, 0.0, 1.0)), True),
    ("a hidden activation, hard tanh = clip(z, -1, 1)",
     HiddenActivation(lambda z: np.clip(z, -1.0, 1.0)), True),
    ("a hidden activation, Leaky ReLU with slope 0.01",
     HiddenActivation(lambda z: np.where(z > 0, z, 0.01 * z)), True),
    ("a hidden activation, the identity", HiddenActivation(lambda z: z + 0.0), True),
    ("a hidden activation, ReLU's mirror image min(z, 0)",
     HiddenActivation(lambda z: np.minimum(z, 0.0)), True),
    ("a hidden activation, the step at z = 2 with outputs 0 and 1",
     HiddenActivation(lambda z: np.where(z >= 2, 1.0, 0.0)), False),
]
_EVIDENCE_Z = np.array([-1.0, -0.5, 0.5, 1.0])  # every graded activation here gives 3+ values


def _levels(activation):
    """The different values an activation takes on 1001 points of [-5, 5]."""
    return np.unique(activation(np.linspace(-5.0, 5.0, 1001)))


def _verdict(result, label):
    """The student's True/False, or a failure saying what came back instead."""
    if isinstance(result, (bool, np.bool_)) or (
            isinstance(result, np.ndarray) and result.shape == () and result.dtype.kind == "b"):
        return bool(result)
    fail(f"for {label}: is_graded() returned {describe(result)}; expected True or False.",
         "return True for graded outputs and False for binary ones; a comparison such as "
         "`np.unique(outputs).size > 2` gives exactly that.")


def _graded_mistake(label, activation, graded, zero_one_right):
    """The message for a wrong verdict on one activation; `zero_one_right`: the verdicts on the
    binary activations with outputs 0 and 1 are all right."""
    if graded:
        outputs = ", ".join(f"{float(activation(z)):g}" for z in _EVIDENCE_Z)
        fail(f"for {label}: your function said binary (False), but its outputs take many "
             f"values: at z = {_show(_EVIDENCE_Z)} it gives {outputs}.",
             "graded means more than two different output values, whatever their range. Probe "
             "the activation at many z, e.g. activation(np.linspace(-5, 5, 101)), and count the "
             "different outputs with np.unique (a handful of points can miss some: ReLU at "
             "z = -1 and 1 gives only 0 and 1).")
    values = _levels(activation)
    shown = " and ".join(f"{v:g}" for v in values)
    if set(values) != {0.0, 1.0} and zero_one_right:
        hint = ("binary means at most two different output values, whichever they are: this "
                f"one gives only {shown}, not 0 and 1. Count the different outputs (np.unique); "
                "don't look for 0 and 1.")
    else:
        hint = ("decide from the outputs alone: evaluate the activation at many z (e.g. "
                "np.linspace(-5, 5, 101)), count the different values with np.unique, and call "
                "it graded only if there are more than two.")
    fail(f"for {label}: your function said graded (True), but on z in [-5, 5] its outputs are "
         f"only {shown}.", hint)


@task("graded or binary")
def is_graded(is_graded_fn):
    """Check is_graded(activation): True for graded outputs, False for binary ones (at most two
    different values), on the lesson's four activations and on hidden ones."""
    verdicts = []
    for label, activation, _ in _ACTIVATIONS:
        with about(f"for {label}"):
            result = run(is_graded_fn, activation)
        verdicts.append(_verdict(result, label))
    expected = [graded for _, _, graded in _ACTIVATIONS]
    if all(v != e for v, e in zip(verdicts, expected)):
        fail("every answer is the wrong way round: e.g. for step your function said "
             f"{'graded (True)' if verdicts[0] else 'binary (False)'}.",
             "swap your answers round: is_graded() returns True for graded outputs (more than "
             "two different values) and False for binary ones.")
    zero_one_right = all(verdict == graded for (_, activation, graded), verdict
                         in zip(_ACTIVATIONS, verdicts)
                         if not graded and set(_levels(activation)) == {0.0, 1.0})
    for (label, activation, graded), verdict in zip(_ACTIVATIONS, verdicts):
        if verdict != graded:
            _graded_mistake(label, activation, graded, zero_one_right)
    return f"checked {len(_ACTIVATIONS)} activations, {len(_ACTIVATIONS) - 4} of them hidden"


# Task 3 · ReLU is not additive

def _u_cases():
    """Nonzero u between 1e-6 and 1e6 in size: the lesson's -1, then both signs and many sizes."""
    rng = np.random.default_rng(3)
    sizes = 10.0 ** rng.uniform(-6, 6, size=20)
    return [np.array([-1.0]), np.array([2.0, -3.0, 0.5, -0.25, 1e3, -1e-3]),
            np.where(rng.random(20) < 0.5, -sizes, sizes)]


def _additivity_hint(u, v):
    """The hint for a pair (u, v) of numbers that is not a counterexample."""
    if v == 0:
        return ("v = 0 never works: relu(u + 0) = relu(u) + relu(0). Pick v with the opposite "
                "sign to u.")
    if u * v > 0:
        return ("u and v have the same sign, and on one side of 0 ReLU is linear (the identity "
                "for positive numbers, 0 for negative ones), so there it does add up. Pick v "
                "with the opposite sign to u.")
    # Opposite signs, yet equal: u + v rounded to u (u > 0) or to v (v > 0).
    return ("one of u and v is so small next to the other that u + v rounds to the larger one "
            "in float64, so both sides come out equal. Pick v of a size comparable to u.")


@task("ReLU is not additive")
def break_additivity(break_additivity_fn):
    """Check break_additivity(u): for each nonzero u, a v with relu(u + v) != relu(u) + relu(v)
    in float64. Every such v is accepted."""
    cases = _u_cases()
    for u in cases:
        with about(f"for u = {_show(u)}"):
            v = call(break_additivity_fn, u, shape=u.shape, shape_hint=(
                "return one v for each value of u, an array of u's shape: compute it from the "
                "whole array u with NumPy operations (arithmetic, np.where, ...)."))
        if not np.isfinite(v).all():
            i = int(np.argmin(np.isfinite(v)))
            fail(f"u = {float(u[i])!r}: you returned v = {float(v[i])!r}; a counterexample needs "
                 "finite numbers.",
                 "nan compares unequal to everything, even to itself, so `!=` with nan proves "
                 "nothing; inf is not a real number. Return ordinary numbers.")
        with np.errstate(over="ignore"):
            left, right = relu(u + v), relu(u) + relu(v)
        broken = left != right
        if not broken.all():
            i = int(np.argmin(broken))
            fail(f"u = {float(u[i])!r}: you returned v = {float(v[i])!r}; relu(u + v) = "
                 f"{float(left[i])!r} and relu(u) + relu(v) = {float(right[i])!r}, so (u, v) is "
                 "not a counterexample.",
                 _additivity_hint(u[i], v[i]))
    return f"checked {sum(u.size for u in cases)} values of u"


# Task 4 · a sum of ReLU ramps

def _ramps(x, knots, weights):
    """The course's ramp sum: weights[j] * relu(x - knots[j]), added up over j."""
    total = np.zeros_like(x)
    for knot, weight in zip(knots, weights):
        total += weight * relu(x - knot)
    return total


def _ramp_cases():
    """(label, x, knots, weights): the lesson's triangle, then ramp sums the notebook does not show:
    five unsorted knots with points far outside them, a single ramp, and as many points as knots
    (where pairing the i-th x with the i-th knot runs without an error)."""
    rng = np.random.default_rng(4)
    five_x = np.concatenate([np.linspace(-5.0, 5.0, 41), [-1e3, 1e3]])
    return [
        ("the lesson's triangle", np.linspace(-3.0, 3.0, 13), np.array([-1.0, 0.0, 1.0]),
         np.array([1.0, -2.0, 1.0])),
        ("five ramps", five_x, rng.uniform(-4.0, 4.0, 5).round(2), rng.normal(size=5).round(2)),
        ("one ramp", np.array([-2.0, 0.5, 3.0]), np.array([0.5]), np.array([2.0])),
        ("two ramps at two points", np.array([-1.0, 4.0]), np.array([0.0, 2.0]),
         np.array([1.0, -1.0])),
    ]


_PAIRWISE_HINT = ("x - knots pairs the i-th x with the i-th knot, but every point of x needs every "
                  "ramp: loop over zip(knots, weights) and add weight * relu(x - knot), or build "
                  "one column per ramp with x[:, None] - knots.")


def _ramp_mistakes(x, knots, weights):
    """(what a mistake returns, hint) for one case; None where the case cannot show it."""
    with np.errstate(all="ignore"):
        return [
            (relu(x + 1) - 2 * relu(x) + relu(x - 1),
             "that is the lesson's triangle whatever the knots and weights: add up "
             "weights[j] * relu(x - knots[j]) for the knots and weights you are given."),
            (_ramps(x, knots[:3], weights[:3]) if knots.size > 3 else None,
             "add up every ramp, however many there are: loop over zip(knots, weights), or build "
             "a matrix with one column per ramp."),
            (sum(w * (relu(x) - k) for k, w in zip(knots, weights)),
             "the knot goes inside the ReLU: relu(x - knot) bends at x = knot, while "
             "relu(x) - knot only moves the whole curve down."),
            (_ramps(x, -knots, weights),
             "relu(x - knot) bends at x = knot; relu(x + knot) bends at x = -knot."),
            (_ramps(x, knots, np.ones_like(weights)),
             "multiply each ramp by its weight: weight * relu(x - knot)."),
            (sum(relu(w * (x - k)) for k, w in zip(knots, weights)),
             "the weight multiplies the ramp's output, weight * relu(x - knot); inside the ReLU a "
             "negative weight turns the ramp round to the other side of its knot."),
            (weights * relu(x - knots) if x.shape == knots.shape else None, _PAIRWISE_HINT),
        ]


@task("a sum of ReLU ramps")
def ramp_sum(ramp_sum_fn):
    """Check ramp_sum(x, knots, weights) = sum over j of weights[j] * relu(x - knots[j]), at
    every point of x."""
    cases = _ramp_cases()
    for label, x, knots, weights in cases:
        with about(f"for {label}, knots = {_show(knots)}, weights = {_show(weights)}"):
            try:
                result = run(ramp_sum_fn, x, knots, weights)
            except AssertionError as failure:
                problem = str(failure).partition("\nHint: ")[0]
                if "could not be broadcast" in problem:
                    fail(problem, _PAIRWISE_HINT)
                raise
            mistakes = [(wrong, hint) for wrong, hint in _ramp_mistakes(x, knots, weights)
                        if wrong is not None]
            over_points = (relu(np.subtract.outer(x, knots)) * weights).sum(axis=0)
            got = as_array(result, x.shape, "ramp_sum()", mistakes=[
                (over_points, "you summed over the points of x instead of over the ramps: with "
                              "one row per point and one column per ramp, add up along axis=1 "
                              "(or multiply by the weights with @)."), *mistakes])
            # Far from the knots the ramps are large and cancel: allow for their rounding.
            scale = np.abs(weights).sum() * (np.abs(x).max() + np.abs(knots).max())
            assert_close(got, _ramps(x, knots, weights), x, hint=(
                "add up weights[j] * relu(x - knots[j]) over all the ramps j, at every point of "
                "x."), mistakes=detected(got, mistakes), atol=1e-12 * scale + 1e-10)
    return f"checked {len(cases)} ramp sums at {sum(case[1].size for case in cases)} points"


# Task 5 · the weights of a triangle

def _triangle_weights(knots, height):
    """The weights of the ramps at left, peak and right: the changes of slope there."""
    left, peak, right = knots
    up, down = height / (peak - left), height / (right - peak)
    return np.array([up, -(up + down), down])


# (knots = (left, peak, right), height): the lesson's hat first, then triangles it does not show:
# off-centre, far from 0, upside down (a dip) and narrow.
_TRIANGLES = [
    (np.array([-1.0, 0.0, 1.0]), 1.0),
    (np.array([0.0, 1.0, 4.0]), 2.0),
    (np.array([100.0, 101.0, 103.0]), 1.0),
    (np.array([-3.0, 2.0, 3.0]), -0.5),
    (np.array([-0.002, 0.0, 0.004]), 3.0),
]


def _triangle_points(knots):
    """Points before, on, between and after the corners, some a thousand widths away."""
    width = knots[2] - knots[0]
    near = np.linspace(knots[0] - 2 * width, knots[2] + 2 * width, 81)
    far = [knots[0] - 1e3 * width, knots[2] + 1e3 * width]
    return np.unique(np.concatenate([near, knots, far]))


def _triangle_mistakes(knots, height):
    """(weights a mistake returns, hint) for one triangle."""
    left, peak, right = knots
    up, down = height / (peak - left), height / (right - peak)
    return [
        ([1.0, -2.0, 1.0],
         "[1, -2, 1] are the lesson's weights, for its hat on [-1, 1] with height 1: compute the "
         "weights from `knots` and `height`."),
        ([up, -2 * up, up],
         "the two sides of an off-centre triangle have different slopes: it rises with slope "
         "height / (peak - left) and falls with slope height / (right - peak)."),
        ([up, -(up + down), 0.0],
         "beyond the right corner your sum keeps falling: the third ramp, at `right`, must cancel "
         "the falling slope, so that the three weights add up to 0."),
        ([up, -down, down],
         "a weight is a change of slope: at the peak the slope goes from "
         "+height / (peak - left) to -height / (right - peak), a change of minus their sum."),
        ([up / height, -(up + down) / height, down / height],
         "each slope is rise over run: multiply by `height`, e.g. height / (peak - left)."),
        ([1 / up, -(1 / up + 1 / down), 1 / down],
         "slope = rise / run = height / (peak - left), not (peak - left) / height."),
        ([abs(up), -(abs(up) + abs(down)), abs(down)],
         "keep the sign of `height`: a negative height turns the triangle upside down, and every "
         "weight changes sign with it."),
    ]


@task("the weights of a triangle")
def triangle_weights(triangle_weights_fn):
    """Check triangle_weights(knots, height): the weights w such that
    w[0] relu(x - left) + w[1] relu(x - peak) + w[2] relu(x - right) is the triangle with corners
    (left, 0), (peak, height), (right, 0), everywhere."""
    points = 0
    for knots, height in _TRIANGLES:
        with about(f"for knots = {_show(knots)}, height = {height:g}"):
            weights = call(triangle_weights_fn, knots, height, shape=(3,), shape_hint=(
                "return the three weights, one per ramp (at left, peak and right), e.g. "
                "np.array([w_left, w_peak, w_right])."))
            if not np.isfinite(weights).all():
                fail(f"your weights are {_show(weights)}.",
                     "a weight is a change of slope, rise over run: height / (peak - left) and "
                     "height / (right - peak) are finite because the corners are different.")
            x = _triangle_points(knots)
            points += x.size
            triangle = np.interp(x, knots, [0.0, height, 0.0])  # 0 beyond the corners
            with np.errstate(all="ignore"):
                got = _ramps(x, knots, weights)
            mistakes = [(looks_like(weights, wrong), hint)
                        for wrong, hint in _triangle_mistakes(knots, height)]
            scale = np.abs(weights).sum() * (np.abs(x).max() + np.abs(knots).max())
            with about(f"your weights {_show(weights)}, adding up their ramps"):
                assert_close(got, triangle, x, mistakes=mistakes, atol=1e-12 * scale + 1e-10,
                             hint="each weight is the change of slope at its corner: from 0 to "
                                  "the rising slope at left, from rising to falling at the peak, "
                                  "from falling back to 0 at right.")
    return f"checked {len(_TRIANGLES)} triangles at {points} points"
