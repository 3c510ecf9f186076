"""Checks for the exercises of Lesson 08 · Vanishing gradients."""
import numbers

import numpy as np

from ..activations import sigmoid
from ..network import MLP
from ._core import assert_close, call, fail, looks_like, run, task

# The lesson's depth experiment: 20 dense layers of width 64, 256 inputs from N(0, I_64) with
# random 0/1 labels, everything seeded with 0.
DEPTH, WIDTH, N_SAMPLES = 20, 64, 256


def experiment_data():
    """The inputs X (256, 64) and labels y (256,) of the lesson's depth experiment."""
    rng = np.random.default_rng(0)
    return rng.standard_normal((N_SAMPLES, WIDTH)), rng.integers(0, 2, size=N_SAMPLES)


def reference_ratio(activation, init, X, y, depth=DEPTH):
    """||dL/dW_1|| / ||dL/dW_depth|| for the lesson's network (first layer over last)."""
    model = MLP([X.shape[1]] * depth + [1], activation=activation, init=init, output="sigmoid", seed=0)
    model.loss_and_gradients(X, y)
    norms = model.gradient_norms()
    return float(norms[0] / norms[-1])


def _smallest_depth(threshold, factor):
    depth, product = 1, factor
    while not product < threshold:
        depth, product = depth + 1, product * factor
    return depth


@task("smallest depth")
def smallest_depth(smallest_depth_fn):
    """Check smallest_depth(threshold, factor) = the smallest L >= 1 with factor**L < threshold."""
    cases = [(1e-6, 0.25), (1e-3, 0.25), (1e-12, 0.25), (0.01, 0.5), (0.5, 0.9),
             (0.25**10, 0.25), (0.5**7, 0.5)]  # the last two: thresholds that are exact powers
    for threshold, factor in cases:
        got = run(smallest_depth_fn, threshold, factor)
        if got is None:
            fail(f"smallest_depth({threshold!r}, {factor}) returned None; expected an int.",
                 "end the function with `return L`; a function without return gives None.")
        if isinstance(got, bool) or not isinstance(got, numbers.Integral):
            fail(f"smallest_depth({threshold!r}, {factor}) returned {got!r}; expected a whole "
                 f"number of layers (an int).",
                 "count layers in a loop and return the counter; if you used logarithms, turn the "
                 "result into an int with int(...).")
        expected = _smallest_depth(threshold, factor)
        if got != expected:
            hint = ("start at L = 1 and multiply by the factor until the product is below the "
                    "threshold; return that L.")
            if got == expected - 1 and factor**got == threshold:
                hint = ("the product must be strictly below the threshold: at an exact power, "
                        "factor**L == threshold is not enough (use <, not <=). Logarithms "
                        "(ceil(log t / log f)) land on the power itself, or miss it by rounding.")
            elif abs(got - expected) == 1:
                hint = ("off by one: check that factor**L < threshold holds for your L but not "
                        "for L - 1.")
            fail(f"smallest_depth({threshold!r}, {factor}) returned {got}, expected {expected} "
                 f"({factor}**{expected} = {factor**expected:.4g}).", hint)
    return "0.25**L < 1e-6 first at L = 10"


def _path_cases():
    rng = np.random.default_rng(8)
    cases = [(np.full(20, 4.0), np.zeros(20)), (np.ones(10), np.zeros(10))]
    for length in (1, 3, 7, 12):
        cases.append((rng.uniform(-3, 3, size=length), rng.normal(0, 2, size=length)))
    return cases


@task("gradient along a path")
def path_gradient(path_gradient_fn):
    """Check path_gradient(weights, z) = prod_l weights[l] * sigmoid'(z[l]), a single number."""
    for weights, z in _path_cases():
        got = call(path_gradient_fn, weights, z, shape=(), shape_hint=(
            "return one number: the product over all layers (np.prod), not one factor per layer."))
        expected = float(np.prod(weights * sigmoid.grad(z)))
        s = sigmoid(z)
        label = f"weights = {np.array2string(weights, precision=2)}, z = {np.array2string(z, precision=2)}; result"
        assert_close(got, expected, hint=(
            "multiply, over the layers, the weight times the sigmoid slope: "
            "np.prod(weights * s * (1 - s)) with s = sigmoid(z)."), label=label, mistakes=[
            (looks_like(got, np.prod(sigmoid.grad(z))),
             "the weights multiply in too: each layer contributes w_l * sigma'(z_l), not "
             "sigma'(z_l) alone. Leaving them out is exactly the '75% smaller per layer' mistake."),
            (looks_like(got, np.prod(weights * s)),
             "use the slope sigma'(z) = s * (1 - s), not the value sigma(z)."),
            (looks_like(got, np.prod(weights * z * (1 - z))),
             "sigma'(z) = s * (1 - s) with s = sigmoid(z): apply the sigmoid first, not z * (1 - z)."),
            (looks_like(got, np.sum(weights * sigmoid.grad(z))),
             "the chain rule multiplies the factors of the layers: np.prod, not np.sum."),
        ])
    return f"checked {len(_path_cases())} paths; w = 4, z = 0 passes the gradient unchanged"


@task("vanishing-gradient experiment")
def gradient_ratio(gradient_ratio_fn):
    """Check gradient_ratio(activation, init, X, y): sigmoid/Glorot < 1e-6, ReLU/He > 1e-2."""
    X, y = experiment_data()
    results = {}
    for activation, init in [("sigmoid", "glorot"), ("relu", "he")]:
        got = call(gradient_ratio_fn, activation, init, X, y, shape=(), dtype=None, shape_hint=(
            "return one number, norms[0] / norms[-1], not the whole array of norms."))
        if not np.isfinite(got) or got <= 0:
            fail(f"gradient_ratio({activation!r}, {init!r}) returned {float(got)!r}; a ratio of "
                 "two norms is a positive number.",
                 "divide the first layer's gradient norm by the last layer's.")
        results[activation] = float(got)

    sigmoid_ratio, relu_ratio = results["sigmoid"], results["relu"]
    if sigmoid_ratio >= 1e-6:
        hint = ("build MLP([64] * 20 + [1], activation=activation, init=init, output='sigmoid', "
                "seed=0), call loss_and_gradients(X, y), then use gradient_norms().")
        if np.isclose(sigmoid_ratio, reference_ratio("relu", "he", X, y), rtol=1e-6):
            hint = "pass the activation and init arguments on to MLP(...); they seem to be ignored."
        elif sigmoid_ratio > 1e3:
            hint = ("the ratio is layer 1 (nearest the input) over layer 20: norms[0] / norms[-1]. "
                    "Yours looks inverted.")
        fail(f"for sigmoid with Glorot init got a first/last ratio of {sigmoid_ratio:.3g}; "
             "expected below 1e-6 (the gradient vanishes).", hint)
    if relu_ratio <= 1e-2:
        fail(f"for ReLU with He init got a first/last ratio of {relu_ratio:.3g}; expected above "
             "1e-2 (the gradient survives).",
             "use init='he' for ReLU and the network of the lesson: 20 layers of width 64.")
    return f"sigmoid (Glorot) {sigmoid_ratio:.1e} < 1e-6, ReLU (He) {relu_ratio:.2g} > 1e-2"
