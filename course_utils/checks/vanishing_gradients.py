"""Checks for the exercises of Lesson 08 · Vanishing gradients.

Every task here is a computation with one right answer, so each check compares with the course's
own computation on the inputs the notebook shows and on others it does not (other thresholds and
factors, other paths, other activations, initialisations and data, other learning rates). The gain
is a numerical integral, compared to a relative 1e-4; the rest to 1e-7. Detectors of typical
mistakes name one only when it explains what the student's function returned.
"""
import functools
import numbers

import numpy as np

from ..activations import elu, mish, relu, sigmoid, softplus, tanh
from ..network import MLP
from ._core import as_array, describe, fail, looks_like, run, shape_of, short_list, task

# The lesson's depth experiment: 20 dense layers of width 64, 256 inputs from N(0, I_64) with
# random 0/1 labels, everything seeded with 0.
DEPTH, WIDTH, N_SAMPLES = 20, 64, 256
# Products of many slopes can be 1e-13 and smaller: compare them relative to their size only.
RTOL = 1e-7


def _close(got, expected):
    return looks_like(got, expected, rtol=RTOL, atol=0.0)


def _typed_in(got):
    """True if `got` is a round number (at most 4 significant digits), as typed in from a
    printout or a threshold; a ratio computed from two norms has all 16."""
    got = float(got)
    return got != 0 and float(f"{got:.3e}") == got


# Task 1 · smallest depth

def _smallest_depth(threshold, factor):
    depth, product = 1, factor
    while not product < threshold:
        depth, product = depth + 1, product * factor
    return depth


# (threshold, factor): the notebook's two examples first, then other factors, a threshold above
# the factor (L = 1), and thresholds that are exact powers of the factor.
DEPTH_CASES = [(1e-6, 0.25), (0.25**10, 0.25), (1e-3, 0.25), (1e-12, 0.25), (0.01, 0.5),
               (0.5, 0.9), (0.5, 0.25), (0.5**7, 0.5)]


def _depth_mistake(results):
    """The hint for the one mistake that explains every result, or None."""
    expected = [_smallest_depth(t, f) for t, f in DEPTH_CASES]
    with_le = [e - 1 if f**(e - 1) == t else e for e, (t, f) in zip(expected, DEPTH_CASES)]
    if results == with_le:
        return ("the product must be strictly below the threshold: at an exact power, "
                "factor**L == threshold is not enough (use <, not <=). Logarithms "
                "(ceil(log t / log f)) land on the power itself, or miss it by rounding.")
    if len(set(results)) == 1:
        return (f"your function returns {results[0]} whatever the threshold and factor: compute "
                "L from them, not from the example's answer.")
    if results == [_smallest_depth(t, 0.25) for t, _ in DEPTH_CASES]:
        return "use the factor argument: your answers are those for factor 0.25 every time."
    if all(abs(r - e) <= 1 for r, e in zip(results, expected)):
        return "off by one: check that factor**L < threshold holds for your L but not for L - 1."
    return None


@task("smallest depth")
def smallest_depth(smallest_depth_fn):
    """Check smallest_depth(threshold, factor) = the smallest L >= 1 with factor**L < threshold."""
    results = []
    for threshold, factor in DEPTH_CASES:
        got = run(smallest_depth_fn, threshold, factor)
        if isinstance(got, (bool, np.bool_)) or not isinstance(got, numbers.Integral):
            fail(f"smallest_depth({threshold!r}, {factor}) returned {describe(got)}; expected a "
                 "whole number of layers (an int).",
                 "end with `return L`, L counted in a loop; if you used logarithms, turn the "
                 "result into an int with int(...).")
        results.append(int(got))
    for (threshold, factor), got in zip(DEPTH_CASES, results):
        expected = _smallest_depth(threshold, factor)
        if got != expected:
            fail(f"smallest_depth({threshold!r}, {factor}) returned {got}, expected {expected} "
                 f"({factor}**{expected} = {factor**expected:.4g} is the first power below "
                 f"{threshold:.4g}).",
                 _depth_mistake(results) or ("start at L = 1 and multiply by the factor until the "
                                             "product is below the threshold; return that L."))
    return f"checked {len(DEPTH_CASES)} thresholds and factors; 0.25**L < 1e-6 first at L = 10"


# Task 2 · the gradient along one path

def _path_cases():
    """(weights, z): the notebook's chain (w = 4, z = 0), then random paths of several lengths
    with weights of both signs."""
    rng = np.random.default_rng(8)
    cases = [(np.full(20, 4.0), np.zeros(20)), (np.ones(10), np.zeros(10))]
    for length in (1, 3, 7, 12):
        cases.append((rng.uniform(-3, 3, size=length), rng.normal(0, 2, size=length)))
    return cases


def _path_mistakes(weights, z):
    """(what a mistake returns, hint) for the usual mistakes on this path."""
    s = sigmoid(z)
    return [
        (np.prod(sigmoid.grad(z)),
         "the weights multiply in too: each layer contributes w_l * sigma'(z_l), not sigma'(z_l) "
         "alone. Leaving them out is exactly the '75% smaller per layer' mistake."),
        (np.prod(weights) * 0.25**len(z),
         "sigma'(z) is 0.25 only at z = 0: use each layer's slope s * (1 - s) with s = sigmoid(z)."),
        (np.prod(weights * s), "use the slope sigma'(z) = s * (1 - s), not the value sigma(z)."),
        (np.prod(weights * z * (1 - z)),
         "sigma'(z) = s * (1 - s) with s = sigmoid(z): apply the sigmoid first, not z * (1 - z)."),
        (np.sum(weights * sigmoid.grad(z)),
         "the chain rule multiplies the factors of the layers: np.prod, not np.sum."),
    ]


def _path_mistake(results, cases):
    """The hint for a mistake that explains every result, or None."""
    if len(results) > 1 and len(set(results)) == 1:
        return (f"your function returns {results[0]!r} whatever the weights and z: compute the "
                "product from them, not from the example's answer.")
    per_case = [_path_mistakes(weights, z) for weights, z in cases]
    for k, (_, hint) in enumerate(per_case[0]):
        if all(_close(got, mistakes[k][0]) for got, mistakes in zip(results, per_case)):
            return hint
    return None


@task("gradient along a path")
def path_gradient(path_gradient_fn):
    """Check path_gradient(weights, z) = prod_l weights[l] * sigmoid'(z[l]), a single number."""
    cases, results = _path_cases(), []
    for weights, z in cases:
        result = run(path_gradient_fn, weights, z)
        per_layer = len(z) > 1 and shape_of(result) == z.shape
        got = as_array(result, (), f"path_gradient(weights = {short_list(weights)}, z = {short_list(z)})",
                       shape_hint="return one number: the product over all layers (np.prod), "
                                  "not one factor per layer." if per_layer else None)
        results.append(float(got))
    for (weights, z), got in zip(cases, results):
        expected = float(np.prod(weights * sigmoid.grad(z)))
        if not _close(got, expected):
            fail(f"path_gradient(weights = {short_list(weights)}, z = {short_list(z)}) returned {got!r}, "
                 f"expected {expected!r}.",
                 _path_mistake(results, cases) or (
                     "multiply, over the layers, the weight times the sigmoid slope: "
                     "np.prod(weights * s * (1 - s)) with s = sigmoid(z)."))
    return f"checked {len(cases)} paths; w = 4, z = 0 passes the gradient unchanged"


# Task 3 · the depth experiment

def experiment_data():
    """The inputs X (256, 64) and labels y (256,) of the lesson's depth experiment."""
    rng = np.random.default_rng(0)
    return rng.standard_normal((N_SAMPLES, WIDTH)), rng.integers(0, 2, size=N_SAMPLES)


def other_data():
    """Data the notebook does not show: 100 inputs from N(0, I_64) and 0/1 labels, seed 8."""
    rng = np.random.default_rng(8)
    return rng.standard_normal((100, WIDTH)), rng.integers(0, 2, size=100)


def parameter_gradient_norms(activation, init, X, y, depth=DEPTH):
    """[||dL/dW_1||, ||dL/db_1||, ..., ||dL/dW_depth||, ||dL/db_depth||] for the lesson's network."""
    model = MLP([X.shape[1]] * depth + [1], activation=activation, init=init, output="sigmoid", seed=0)
    model.loss_and_gradients(X, y)
    return [float(np.linalg.norm(g)) for g in model.gradients()]


@functools.lru_cache(maxsize=None)
def _norms(activation, init, data, depth=DEPTH):
    """parameter_gradient_norms on the named data set, computed once per session."""
    return parameter_gradient_norms(activation, init, *DATA[data][0](), depth)


def _ratio(activation, init, data, depth=DEPTH):
    """||dL/dW_1|| / ||dL/dW_depth|| (first layer over last): what gradient_ratio returns."""
    norms = _norms(activation, init, data, depth)
    return norms[0] / norms[-2]


# (activation, init, data): the notebook's two runs, then pairs and data it does not check.
RATIO_CASES = [("sigmoid", "glorot", "lesson"), ("relu", "he", "lesson"),
               ("tanh", "glorot", "other"), ("relu", "glorot", "other"), ("sigmoid", "he", "other")]
DATA = {"lesson": (experiment_data, "the lesson's X (256, 64) and y"),
        "other": (other_data, "another X (100, 64) and y, drawn with seed 8")}


def _norm_name(index):
    layer, kind = index // 2 + 1, "Wb"[index % 2]
    return f"||dL/d{kind}_{layer}||"


def _ratio_mistake(got, activation, init, data):
    """The hint for the mistake that gives exactly `got`, or None."""
    if _typed_in(got):
        return (f"{got!r} is a round number, typed in rather than computed: return the ratio "
                "your code computes. The check compares it with the course's computation, also "
                "for data, activations and initialisations the notebook does not show.")
    norms = _norms(activation, init, data)
    last = len(norms) - 2
    for i, j in ((i, j) for i in range(len(norms)) for j in range(len(norms)) if i != j):
        if not _close(got, norms[i] / norms[j]):
            continue
        if (i, j) == (last, 0):
            return "the ratio is layer 1 (nearest the input) over layer 20: norms[0] / norms[-1]."
        if i % 2 or j % 2:
            return (f"your number is {_norm_name(i)} / {_norm_name(j)}, which uses a bias "
                    "gradient: compare the weight gradients. model.gradients() alternates "
                    "[dW_1, db_1, dW_2, db_2, ...], so the last weight gradient is gradients()[-2]; "
                    "model.gradient_norms() gives the weight norms only.")
        return (f"your number is {_norm_name(i)} / {_norm_name(j)}: the task compares the first "
                "layer with the last, norms[0] / norms[-1].")
    for depth in (DEPTH - 1, DEPTH + 1):
        if _close(got, _ratio(activation, init, data, depth)):
            return (f"your network has {depth} layers, the task's has 20: MLP([64] * 20 + [1]) "
                    "lists 21 sizes, which make 20 layers.")
    pairs = {(a, i) for a, i, _ in RATIO_CASES} | {("relu", "he")}  # MLP's defaults
    for other_activation, other_init in sorted(pairs - {(activation, init)}):
        if _close(got, _ratio(other_activation, other_init, data)):
            return (f"you computed the ratio for activation={other_activation!r}, "
                    f"init={other_init!r}: pass the activation and init arguments on to MLP(...).")
    if data != "lesson" and _close(got, _ratio(activation, init, "lesson")):
        return ("use the X and y passed to your function: yours gives the ratio of the lesson's "
                "data, not of the data it was given.")
    return None


@task("vanishing-gradient experiment")
def gradient_ratio(gradient_ratio_fn):
    """Check gradient_ratio(activation, init, X, y) = ||dL/dW_1|| / ||dL/dW_20|| against the
    course's computation, for the lesson's runs and for activations, inits and data it does not
    show."""
    results = {}
    for activation, init, data in RATIO_CASES:
        X, y = DATA[data][0]()
        called = f"gradient_ratio({activation!r}, {init!r}, X, y) with {DATA[data][1]}"
        result = run(gradient_ratio_fn, activation, init, X, y)
        got = float(as_array(result, (), called, shape_hint=(
            "return one number, norms[0] / norms[-1], not the whole array of norms.")
            if shape_of(result) == (DEPTH,) else None))
        if not np.isfinite(got) or got <= 0:
            fail(f"{called} returned {got!r}; a ratio of two norms is a positive number.",
                 "divide the first layer's gradient norm by the last layer's: norms[0] / norms[-1].")
        expected = _ratio(activation, init, data)
        if not _close(got, expected):
            fail(f"{called}: got {got:.10g}, expected {expected:.10g}.",
                 _ratio_mistake(got, activation, init, data) or (
                     "build MLP([64] * 20 + [1], activation=activation, init=init, "
                     "output='sigmoid', seed=0), call model.loss_and_gradients(X, y) with the X "
                     "and y given, then return norms[0] / norms[-1] from model.gradient_norms()."))
        results[activation, init, data] = got
    sigmoid_ratio, relu_ratio = results["sigmoid", "glorot", "lesson"], results["relu", "he", "lesson"]
    return (f"{len(RATIO_CASES)} runs; sigmoid (Glorot) {sigmoid_ratio:.1e} < 1e-6, "
            f"ReLU (He) {relu_ratio:.2g} > 1e-2")


# Task 4 · the gain of an activation

GAIN_RTOL = 1e-4  # quad gives ~1e-12; 80-node Gauss-Hermite ~1e-4 at kinks; sampling ~1e-3


def _gaussian_mean(f):
    """E[f(z)] for z ~ N(0, 1), by adaptive quadrature on each side of 0 (kinks)."""
    from scipy import integrate  # only when a check runs: keeps `import course_utils` light

    def integrand(z):
        return f(z) * np.exp(-z * z / 2) / np.sqrt(2 * np.pi)

    return sum(integrate.quad(integrand, lo, hi, epsabs=0, epsrel=1e-12, limit=200)[0]
               for lo, hi in ((-np.inf, 0), (0, np.inf)))


def _absolute(z):
    return np.abs(z)


_absolute.__name__ = "abs"
# (name for messages, phi): the notebook's two examples, then activations it does not show
# (softplus, ELU and Mish have a non-zero mean; |z| and ELU have a kink at 0).
GAIN_CASES = [("relu", relu), ("tanh", tanh), ("softplus", softplus), ("elu", elu),
              ("mish", mish), ("abs", _absolute)]
VISIBLE_GAINS = 2


@functools.lru_cache(maxsize=None)
def _moments(name):
    """(E[phi^2], E[phi], E[phi^2] with the density exp(-z^2) / sqrt(2 pi)) for z ~ N(0, 1)."""
    phi = dict(GAIN_CASES)[name]
    from scipy import integrate
    narrow = sum(integrate.quad(lambda z: phi(z) ** 2 * np.exp(-z * z) / np.sqrt(2 * np.pi), lo, hi,
                                epsabs=0, epsrel=1e-12)[0] for lo, hi in ((-np.inf, 0), (0, np.inf)))
    return _gaussian_mean(lambda z: phi(z) ** 2), _gaussian_mean(phi), narrow


def gain(name):
    """1 / sqrt(E[phi(z)^2]) for z ~ N(0, 1), for the activation of GAIN_CASES called `name`."""
    return 1 / np.sqrt(_moments(name)[0])


def _gain_mistakes(name):
    """(what a mistake returns, hint) for the usual mistakes on this activation."""
    second, mean, narrow = _moments(name)
    return [
        (second, "you returned E[phi(z)^2] itself; the gain is 1 / sqrt(E[phi(z)^2])."),
        (np.sqrt(second), "the gain is one over sqrt(E[phi(z)^2]): you returned its square root "
                          "without taking 1 / ..."),
        (1 / second, "take the square root: the gain multiplies the weights' standard deviation, "
                     "and E[phi^2] sets their variance, so g = 1 / sqrt(E[phi(z)^2])."),
        (1 / np.sqrt(second - mean**2) if second > mean**2 else None,
         "you removed the mean: 1 / sqrt(Var phi(z)). The recursion needs the second moment "
         "E[phi(z)^2], mean included, because zero-mean weights turn the mean of phi into "
         "variance of the next layer's z as well."),
        (1 / np.sqrt(second * np.sqrt(2 * np.pi)),
         "the N(0, 1) density is exp(-z**2 / 2) / sqrt(2 pi): the 1 / sqrt(2 pi) is missing."),
        (1 / np.sqrt(narrow), "the N(0, 1) density is exp(-z**2 / 2) / sqrt(2 pi): you used "
                              "exp(-z**2), the density of a narrower Gaussian."),
    ]


def _gain_mistake(results):
    """The hint for a mistake that explains every result, or None."""
    if len(set(results.values())) == 1:
        return (f"your function returns {next(iter(results.values()))!r} whatever phi is: compute "
                "E[phi(z)^2] by integrating phi(z)**2 against the N(0, 1) density.")
    names = list(results)
    per_case = [_gain_mistakes(name) for name in names]
    for k, (_, hint) in enumerate(per_case[0]):
        if all(m[k][0] is not None and _close_gain(results[n], m[k][0]) for n, m in zip(names, per_case)):
            return hint
    wrong = [n for n in names if not _close_gain(results[n], gain(n))]
    if wrong and all(n not in wrong for n, _ in GAIN_CASES[:VISIBLE_GAINS]):
        return ("your function is right for ReLU and tanh, which the notebook shows, but not for "
                f"{wrong[0]}: compute E[phi(z)^2] from the phi it is given, not from known values.")
    if all(abs(results[n] / gain(n) - 1) < 1e-2 for n in names):
        return ("close, but not to 4 significant digits: sampling z at random (Monte Carlo) or a "
                "coarse grid is not accurate enough. Integrate with scipy.integrate.quad over "
                "(-inf, 0) and (0, inf), as the lesson does.")
    return None


def _close_gain(got, expected):
    return looks_like(got, expected, rtol=GAIN_RTOL, atol=0.0)


@task("gain of an activation")
def gain_for(gain_for_fn):
    """Check gain_for(phi) = 1 / sqrt(E[phi(z)^2]), z ~ N(0, 1), to a relative 1e-4, for ReLU
    and tanh and for activations the notebook does not show."""
    results = {}
    for name, phi in GAIN_CASES:
        called = f"gain_for({name})"
        got = float(as_array(run(gain_for_fn, phi), (), called))
        if not np.isfinite(got) or got <= 0:
            fail(f"{called} returned {got!r}; a gain is a positive number.",
                 "E[phi(z)^2] is positive for any phi that is not 0 everywhere: integrate "
                 "phi(z)**2 (squared) against the N(0, 1) density, then return 1 / sqrt(...).")
        results[name] = got
    for name, got in results.items():
        expected = gain(name)
        if not _close_gain(got, expected):
            fail(f"gain_for({name}) returned {got:.8g}, expected {expected:.8g} "
                 f"(E[phi(z)^2] = {_moments(name)[0]:.8g}).",
                 _gain_mistake(results) or (
                     "integrate phi(z)**2 * exp(-z**2 / 2) / sqrt(2 pi) over the real line with "
                     "scipy.integrate.quad (split at 0), then return 1 / sqrt of the result."))
    return (f"checked {len(GAIN_CASES)} activations to a relative {GAIN_RTOL:g}; "
            f"ReLU {results['relu']:.4f}, tanh {results['tanh']:.4f}")


# Task 5 · the update-to-data ratio

def update_ratio_example():
    """(weights, grads, lr) of the notebook's example: the lesson's 20-layer network with tanh
    and gain 5/3 on its data (seed 0), after one backward pass; lr 0.1."""
    X, y = experiment_data()
    model = MLP([WIDTH] * DEPTH + [1], activation="tanh", init="normal", weight_std=(5 / 3) / 8,
                seed=0)
    model.loss_and_gradients(X, y)
    return [layer.W for layer in model.layers], [layer.dW for layer in model.layers], 0.1


def _update_ratio_cases():
    """(description, weights, grads, lr): the notebook's example, then layers of several shapes
    whose gradients have a non-zero mean, with other learning rates."""
    rng = np.random.default_rng(8)
    shapes = [(3, 5), (5, 5), (5, 2), (2, 1)]
    weights = [rng.normal(0.2, 0.5, size=s) for s in shapes]
    grads = [rng.normal(0.05, 0.02, size=s) * 10.0**-k for k, s in enumerate(shapes)]
    return [("the notebook's example (20 layers, lr 0.1)", *update_ratio_example()),
            ("4 layers of shapes (3, 5), (5, 5), (5, 2), (2, 1), lr 0.01", weights, grads, 0.01),
            ("the same layers, lr 3.0", weights, grads, 3.0)]


def _update_ratio(weights, grads, lr):
    return np.array([np.std(lr * g) / np.std(w) for w, g in zip(weights, grads)])


def _update_ratio_mistakes(weights, grads, lr):
    """(what a mistake returns, hint) for the usual mistakes on this case."""
    right = _update_ratio(weights, grads, lr)
    with np.errstate(all="ignore"):
        return [
            (right / lr, "multiply the gradient by the learning rate: the update is lr * dW."),
            (1 / right, "the ratio is update over data: std(lr * dW) / std(W), not the inverse."),
            (np.log10(right), "return the ratio itself, not its log10 (take log10 only for a plot)."),
            (right**2, "use the standard deviation (np.std), not the variance."),
            (np.array([np.linalg.norm(lr * g) / np.linalg.norm(w) for w, g in zip(weights, grads)]),
             "use the standard deviation, as the task says: a norm also counts the mean of the "
             "array, and these gradients and weights have a non-zero mean."),
            (np.array([np.mean(np.abs(lr * g / w)) for w, g in zip(weights, grads)]),
             "divide the two standard deviations, std(lr * dW) / std(W), not the arrays element "
             "by element (a weight near 0 makes that ratio huge)."),
            (_update_ratio(weights, grads, 0.1) if lr != 0.1 else None,
             "use the lr argument: your ratios are those for lr = 0.1, the notebook's value."),
        ]


@task("update-to-data ratio")
def update_to_data_ratio(update_to_data_ratio_fn):
    """Check update_to_data_ratio(weights, grads, lr) = [std(lr * dW_l) / std(W_l) for each l]."""
    for what, weights, grads, lr in _update_ratio_cases():
        called = f"update_to_data_ratio(weights, grads, lr) with {what}"
        expected = _update_ratio(weights, grads, lr)
        mistakes = _update_ratio_mistakes(weights, grads, lr)
        result = run(update_to_data_ratio_fn, weights, grads, lr)
        got = as_array(result, expected.shape, called, mistakes=[m for m in mistakes if m[0] is not None],
                       shape_hint=("return one ratio per layer: compute std(lr * dW) / std(W) for "
                                   "each pair of arrays, not for all layers at once.")
                       if shape_of(result) == () else None)
        if not looks_like(got, expected, rtol=RTOL, atol=0.0):
            if all(map(_typed_in, got)):
                hint = ("your numbers are round, typed in rather than computed: compute the "
                        "ratios from the weights, gradients and lr you are given.")
            else:
                hint = next((h for wrong, h in mistakes if wrong is not None and looks_like(got, wrong)),
                            "for each layer, divide np.std(lr * dW) by np.std(W).")
            bad = ~np.isclose(got, expected, rtol=RTOL, atol=0.0)
            layer = int(np.argmax(bad))
            fail(f"{called}: wrong for {int(bad.sum())} of {len(expected)} layers; layer {layer + 1}: "
                 f"got {float(got[layer])!r}, expected {float(expected[layer])!r}.", hint)
    ratios = _update_ratio(*update_ratio_example())
    return (f"checked {len(_update_ratio_cases())} networks; example: layer 1 {ratios[0]:.1e}, "
            f"layer 20 {ratios[-1]:.1e}")
