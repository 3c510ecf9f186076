"""Checks for the exercises of Lesson 12 · Gated activations: GLU, SwiGLU and friends."""
import numpy as np

from ..activations import gated_grad, sigmoid, swish
from ._core import about, as_array, assert_close, fail, looks_like, run, shape_mismatch_hint, show, task

# --- Task 1: SwiGLU's backward pass --------------------------------------------------------------

SHOWN_Z = np.array([[1.0, -2.0, 0.5, 0.3, 1.2, -0.7],
                    [-1.5, 0.4, 2.0, -1.0, 0.0, 2.5]])  # the notebook prints this example
SHOWN_UPSTREAM = np.array([[1.0, 0.5, -2.0], [0.3, -1.0, 1.5]])

_SWIGLU_HINT = ("for z = [a, b] (halves of the last axis) and y = a * swish(b): dL/da = g * swish(b) "
                "and dL/db = g * a * swish'(b), with swish'(b) = sigmoid(b) + b * sigmoid(b) * "
                "(1 - sigmoid(b)); return the two halves side by side, np.concatenate([...], axis=-1).")
_STABLE_HINT = ("sigmoid(b) written as 1 / (1 + np.exp(-b)) overflows for b = -800: use a stable "
                "form, e.g. course_utils.activations.sigmoid (or swish and swish.grad).")


def swiglu_backward_reference(z, upstream):
    """dL/dz for y = swiglu(z), z = [a, b] along the last axis, upstream gradient g = dL/dy."""
    return np.concatenate([upstream, upstream], axis=-1) * gated_grad(z, "swiglu")


def _swiglu_cases():
    """(z, upstream): the shown example, then shapes and widths the notebook does not show, and a
    row with gate pre-activations of ±800 where a naive sigmoid overflows."""
    rng = np.random.default_rng(12)
    cases = [(SHOWN_Z, SHOWN_UPSTREAM)]
    for shape in [(8,), (4, 10), (2, 3, 4)]:
        cases.append((rng.normal(scale=2.0, size=shape), rng.normal(size=shape[:-1] + (shape[-1] // 2,))))
    cases.append((np.array([[2.0, -3.0, 800.0, -800.0]]), np.array([[1.5, -0.5]])))
    return cases


def _swiglu_mistakes(got, z, g):
    """(matches, hint) for the usual slips, judged on this input."""
    a, b = np.split(z, 2, axis=-1)
    s = sigmoid(b)
    return [
        (looks_like(got, gated_grad(z, "swiglu")),
         "that is the local derivative only: multiply both halves by the upstream gradient g."),
        (looks_like(got, np.concatenate([g * swish.grad(a) * b, g * swish(a)], axis=-1)),
         "the halves are swapped: the first half a is the value and the second half b goes through "
         "Swish, y = a * swish(b)."),
        (looks_like(got, np.concatenate([g * swish(b), g * a * s], axis=-1)),
         "Swish's derivative is not sigmoid(b): by the product rule, swish'(b) = sigmoid(b) + "
         "b * sigmoid(b) * (1 - sigmoid(b))."),
        (looks_like(got, np.concatenate([g * swish(b), g * swish.grad(b)], axis=-1)),
         "the product rule: dy/db = a * swish'(b); the value a multiplies the gate's derivative."),
        (looks_like(got, np.concatenate([g * swish(b), g * a * swish(b)], axis=-1)),
         "dy/db needs the derivative of Swish, swish'(b), not swish(b) itself."),
    ]


@task("SwiGLU backward pass")
def swiglu_backward(swiglu_backward_fn):
    """Check swiglu_backward(z, upstream) = [g * swish(b), g * a * swish'(b)] for z = [a, b]:
    the shown example, 1-D, 2-D and 3-D inputs of other widths, and b = ±800 without warnings."""
    cases = _swiglu_cases()
    for z, g in cases:
        with about(f"z of shape {z.shape}" + (f" = {show(z)}" if z.size <= 6 else "")):
            result = run(swiglu_backward_fn, z, g, warning_hint=_STABLE_HINT)
            got = as_array(result, what="swiglu_backward(z, upstream)")
            if got.shape != z.shape:
                half = got.shape == g.shape
                fail(f"swiglu_backward(z, upstream) returned shape {got.shape}; expected z's shape "
                     f"{z.shape}.",
                     "dL/dz has one entry per entry of z: both halves, dL/da and dL/db, "
                     "concatenated along the last axis." if half
                     else shape_mismatch_hint(got.shape, z.shape))
            assert_close(got, swiglu_backward_reference(z, g), z, label="z", hint=_SWIGLU_HINT,
                         mistakes=_swiglu_mistakes(got, z, g))
    return f"checked {len(cases)} inputs, up to 3-D, b = ±800 included"


# --- Task 2: PReLU's slope gradient -------------------------------------------------------------

SHOWN_PRELU_Z = np.array([-2.0, -0.5, 0.0, 1.0, 3.0])
SHOWN_PRELU_UPSTREAM = np.array([1.5, 2.0, 0.5, 1.0, -1.0])
_PRELU_HINT = ("f(z) = max(0, z) + a * min(0, z), so df/da = min(0, z); one a is shared by every "
               "entry, so dL/da = np.sum(upstream * np.minimum(0, z)), a single number.")


def prelu_slope_grad_reference(z, upstream):
    """dL/da = sum of upstream * min(0, z) over every entry (one shared slope a)."""
    return float(np.sum(upstream * np.minimum(z, 0.0)))


def _prelu_cases():
    rng = np.random.default_rng(21)
    cases = [(SHOWN_PRELU_Z, SHOWN_PRELU_UPSTREAM)]
    for shape in [(7,), (6, 4), (2, 3, 5)]:
        cases.append((rng.normal(scale=2.0, size=shape), rng.normal(size=shape)))
    return cases


def _prelu_mistakes(got, z, g):
    neg = np.minimum(z, 0.0)
    return [
        (looks_like(got, np.sum(neg)),
         "multiply by the upstream gradient: dL/da = sum(upstream * min(0, z))."),
        (looks_like(got, np.sum(g * np.maximum(z, 0.0))),
         "the slope a only acts on negative pre-activations: use min(0, z), not max(0, z)."),
        (looks_like(got, np.sum(g * (z < 0))),
         "df/da is min(0, z), the pre-activation itself where it is negative, not an indicator 1[z < 0]."),
        (looks_like(got, np.mean(g * neg)),
         "every entry that shares a adds its contribution: sum, don't average."),
    ]


@task("PReLU slope gradient")
def prelu_slope_grad(prelu_slope_grad_fn):
    """Check prelu_slope_grad(z, upstream) = sum(upstream * min(0, z)), a single number, for the
    shown example and 1-D, 2-D and 3-D inputs."""
    cases = _prelu_cases()
    for z, g in cases:
        with about(f"z of shape {z.shape}" + (f" = {show(z)}" if z.size <= 6 else "")):
            result = run(prelu_slope_grad_fn, z, g)
            got = as_array(result, shape=(), what="prelu_slope_grad(z, upstream)",
                           mistakes=[(g * np.minimum(z, 0.0),
                                      "a is one number shared by all the entries, so its gradient is "
                                      "one number too: sum the contributions upstream * min(0, z).")])
            assert_close(got, prelu_slope_grad_reference(z, g), hint=_PRELU_HINT,
                         mistakes=_prelu_mistakes(got, z, g))
    return f"checked {len(cases)} inputs, up to 3-D"


# --- Task 3: hard-swish -------------------------------------------------------------------------

SHOWN_HS_Z = np.array([-4.0, -1.0, 0.0, 1.0, 4.0])
_HS_HINT = "hard_swish(z) = z * ReLU6(z + 3) / 6, with ReLU6(u) = min(max(0, u), 6), elementwise."


def hard_swish_reference(z):
    return z * np.clip(z + 3.0, 0.0, 6.0) / 6.0


def _hs_mistakes(got, z):
    return [
        (looks_like(got, z * np.maximum(z + 3.0, 0.0) / 6.0),
         "ReLU6 caps at 6: without the cap the output grows like z²/6 above z = 3."),
        (looks_like(got, np.clip(z + 3.0, 0.0, 6.0) / 6.0),
         "that is the hard sigmoid alone: multiply it by z."),
        (looks_like(got, z * np.clip(0.2 * z + 0.5, 0.0, 1.0)),
         "MobileNetV3's hard sigmoid is ReLU6(z + 3) / 6 (slope 1/6), not Keras 2's "
         "clip(0.2 z + 0.5, 0, 1)."),
        (looks_like(got, swish(z)),
         "that is Swish, z * sigmoid(z); hard-swish replaces sigmoid(z) by ReLU6(z + 3) / 6."),
        (looks_like(got, z * np.clip(z + 3.0, 0.0, 6.0)), "divide by 6: ReLU6(z + 3) / 6 runs from 0 to 1."),
    ]


@task("hard-swish")
def hard_swish(hard_swish_fn):
    """Check hard_swish(z) = z * ReLU6(z + 3) / 6 elementwise: the shown example, a fine grid on
    [-8, 8] with ±3 included, a matrix and values of ±1e4."""
    rng = np.random.default_rng(3)
    cases = [SHOWN_HS_Z, np.unique(np.r_[np.linspace(-8, 8, 321), -3.0, 3.0, 0.0]),
             rng.normal(scale=4.0, size=(5, 6)), np.array([-1e4, -3.0, 3.0, 1e4])]
    for z in cases:
        with about(f"z of shape {z.shape}"):
            got = as_array(run(hard_swish_fn, z), what="hard_swish(z)")
            if got.shape != z.shape:
                fail(f"hard_swish(z) returned shape {got.shape}; expected z's shape {z.shape}.",
                     "hard-swish acts elementwise: compute it with NumPy operations on the whole "
                     "array z, not on a fixed number of entries.")
            assert_close(got, hard_swish_reference(z), z, label="z", hint=_HS_HINT,
                         mistakes=_hs_mistakes(got, z))
    return f"checked {sum(z.size for z in cases)} points, ±3 and ±1e4 included"
