"""The checks of the Lesson 12 exercises accept correct answers in several styles and reject
typical mistakes with a message that names the failing input."""
import numpy as np
from scipy.special import expit

from checks_cases import HARDCODED, MUTATES, UNSTABLE, VISIBLE_ONLY, Battery, Wrong, cases_test
from course_utils.activations import gated, gated_grad, relu, sigmoid, swish
from course_utils.checks import gated_activations as check


# Task 1 · SwiGLU backward pass

def swiglu_backward(z, upstream):
    a, b = np.split(z, 2, axis=-1)
    s = sigmoid(b)
    return np.concatenate([upstream * b * s, upstream * a * (s + b * s * (1 - s))], axis=-1)


def swiglu_backward_with_library(z, upstream):
    return np.concatenate([upstream, upstream], axis=-1) * gated_grad(z, "swiglu")


def swiglu_backward_with_expit(z, upstream):
    half = z.shape[-1] // 2
    a, b = z[..., :half], z[..., half:]
    s = expit(b)
    swish_b = b * s
    return np.concatenate([upstream * swish_b, upstream * a * (swish_b + s * (1 - swish_b))], axis=-1)


def swiglu_backward_with_tanh(z, upstream):
    a, b = np.split(z, 2, axis=-1)
    s = 0.5 * (1.0 + np.tanh(0.5 * b))   # sigmoid(b), written with tanh (stable)
    grad_a = upstream * b * s
    grad_b = upstream * a * (s + b * s * (1.0 - s))
    return np.concatenate((grad_a, grad_b), axis=z.ndim - 1)


def swiglu_backward_as_list(z, upstream):
    return swiglu_backward(z, upstream).tolist()


def swiglu_local_only(z, upstream):
    return gated_grad(z, "swiglu")


def swiglu_halves_swapped(z, upstream):
    b, a = np.split(z, 2, axis=-1)   # the gate taken from the first half
    return np.concatenate([upstream * a * swish.grad(b), upstream * swish(b)], axis=-1)


def swiglu_sigmoid_as_derivative(z, upstream):
    a, b = np.split(z, 2, axis=-1)
    return np.concatenate([upstream * swish(b), upstream * a * sigmoid(b)], axis=-1)


def swiglu_without_a(z, upstream):
    a, b = np.split(z, 2, axis=-1)
    return np.concatenate([upstream * swish(b), upstream * swish.grad(b)], axis=-1)


def swiglu_only_the_gate_half(z, upstream):
    a, b = np.split(z, 2, axis=-1)
    return upstream * a * swish.grad(b)


def swiglu_naive_sigmoid(z, upstream):
    a, b = np.split(z, 2, axis=-1)
    s = 1 / (1 + np.exp(-b))
    return np.concatenate([upstream * b * s, upstream * a * (s + b * s * (1 - s))], axis=-1)


def swiglu_in_place(z, upstream):
    a, b = np.split(z, 2, axis=-1)  # views into z
    s = sigmoid(b)
    grad_b = upstream * a * (s + b * s * (1 - s))
    a[...] = upstream * b * s
    b[...] = grad_b
    return z


SHOWN_GRADIENT = swiglu_backward(check.SHOWN_Z, check.SHOWN_UPSTREAM)


def swiglu_hard_coded(z, upstream):
    return SHOWN_GRADIENT.copy()


def swiglu_width_three(z, upstream):
    # the shown example has three units per row; other widths go wrong
    a, b = z[..., :3], z[..., 3:6]
    s = sigmoid(b)
    return np.concatenate([upstream * b * s, upstream * a * (s + b * s * (1 - s))], axis=-1)


# Task 2 · PReLU slope gradient

def prelu_slope_grad(z, upstream):
    return np.sum(upstream * np.minimum(z, 0.0))


def prelu_slope_grad_with_where(z, upstream):
    return float((upstream * np.where(z < 0, z, 0.0)).sum())


def prelu_slope_grad_by_masking(z, upstream):
    mask = z < 0
    return np.dot(upstream[mask], z[mask])


def prelu_slope_grad_from_relu(z, upstream):
    return np.sum(upstream * (z - relu(z)))   # min(0, z) = z - max(0, z)


def prelu_without_upstream(z, upstream):
    return np.sum(np.minimum(z, 0.0))


def prelu_positive_part(z, upstream):
    return np.sum(upstream * np.maximum(z, 0.0))


def prelu_indicator(z, upstream):
    return np.sum(upstream * (z < 0))


def prelu_mean(z, upstream):
    return np.mean(upstream * np.minimum(z, 0.0))


def prelu_not_summed(z, upstream):
    return upstream * np.minimum(z, 0.0)


def prelu_in_place(z, upstream):
    z[z > 0] = 0.0
    return np.sum(upstream * z)


SHOWN_SLOPE_GRAD = prelu_slope_grad(check.SHOWN_PRELU_Z, check.SHOWN_PRELU_UPSTREAM)


def prelu_hard_coded(z, upstream):
    return SHOWN_SLOPE_GRAD


def prelu_one_dimensional_only(z, upstream):
    return np.dot(upstream, np.minimum(z, 0.0))   # right for vectors, a matrix product for matrices


# Task 3 · hard-swish

def hard_swish(z):
    return z * np.clip(z + 3.0, 0.0, 6.0) / 6.0


def hard_swish_with_min_max(z):
    return z * np.minimum(np.maximum(z + 3.0, 0.0), 6.0) / 6.0


def hard_swish_piecewise(z):
    return np.where(z <= -3.0, 0.0, np.where(z >= 3.0, z, z * (z + 3.0) / 6.0))


def hard_swish_from_relu(z):
    return z * (relu(z + 3.0) - relu(z - 3.0)) / 6.0


def hard_swish_uncapped(z):
    return z * np.maximum(z + 3.0, 0.0) / 6.0


def hard_sigmoid_only(z):
    return np.clip(z + 3.0, 0.0, 6.0) / 6.0


def hard_swish_keras2(z):
    return z * np.clip(0.2 * z + 0.5, 0.0, 1.0)


def hard_swish_is_swish(z):
    return z * expit(z)


def hard_swish_not_divided(z):
    return z * np.clip(z + 3.0, 0.0, 6.0)


def hard_swish_in_place(z):
    gate = np.clip(z + 3.0, 0.0, 6.0) / 6.0
    z *= gate
    return z


SHOWN_HARD_SWISH = hard_swish(check.SHOWN_HS_Z)


def hard_swish_hard_coded(z):
    return SHOWN_HARD_SWISH.copy()


def hard_swish_five_entries(z):
    return np.array([z[i] * min(max(z[i] + 3.0, 0.0), 6.0) / 6.0 for i in range(5)])


SHOWN, OTHER = "z of shape (2, 6)", "z of shape (8,)"  # the shown example; the first one not shown

CASES = {
    check.swiglu_backward: Battery(
        reference=swiglu_backward,
        correct=[swiglu_backward_with_library, swiglu_backward_with_expit, swiglu_backward_with_tanh,
                 swiglu_backward_as_list],
        wrong=[
            Wrong(swiglu_local_only, hint="multiply both halves by the upstream gradient", names=SHOWN),
            Wrong(swiglu_halves_swapped, hint="the halves are swapped", names=SHOWN),
            Wrong(swiglu_sigmoid_as_derivative, hint="Swish's derivative is not sigmoid(b)", names=SHOWN),
            Wrong(swiglu_without_a, hint="the value a multiplies", names=SHOWN),
            Wrong(swiglu_only_the_gate_half, hint="both halves, dL/da and dL/db", names=SHOWN),
            Wrong(swiglu_naive_sigmoid, hint="overflows for b = -800", names="z of shape (1, 4)", kind=UNSTABLE),
            Wrong(swiglu_in_place, hint="don't modify `z`", names=SHOWN, kind=MUTATES),
            Wrong(swiglu_hard_coded, hint="shape", names=OTHER, kind=HARDCODED),
            Wrong(swiglu_width_three, hint="read the last line of the error", names=OTHER, kind=VISIBLE_ONLY),
        ],
        stability=True),
    check.prelu_slope_grad: Battery(
        reference=prelu_slope_grad,
        correct=[prelu_slope_grad_with_where, prelu_slope_grad_by_masking, prelu_slope_grad_from_relu],
        wrong=[
            Wrong(prelu_without_upstream, hint="multiply by the upstream gradient", names="z of shape (5,)"),
            Wrong(prelu_positive_part, hint="use min(0, z), not max(0, z)", names="z of shape (5,)"),
            Wrong(prelu_indicator, hint="not an indicator", names="z of shape (5,)"),
            Wrong(prelu_mean, hint="sum, don't average", names="z of shape (5,)"),
            Wrong(prelu_not_summed, hint="its gradient is one number too", names="z of shape (5,)"),
            Wrong(prelu_in_place, hint="don't modify `z`", names="z of shape (5,)", kind=MUTATES),
            Wrong(prelu_hard_coded, hint="df/da = min(0, z)", names="z of shape (7,)", kind=HARDCODED),
            Wrong(prelu_one_dimensional_only, hint="read the last line of the error", names="z of shape (6, 4)",
                  kind=VISIBLE_ONLY),
        ]),
    check.hard_swish: Battery(
        reference=hard_swish,
        correct=[hard_swish_with_min_max, hard_swish_piecewise, hard_swish_from_relu],
        wrong=[
            Wrong(hard_swish_uncapped, hint="ReLU6 caps at 6", names="z = 4.0"),
            Wrong(hard_sigmoid_only, hint="multiply it by z", names="z = "),
            Wrong(hard_swish_keras2, hint="not Keras 2's", names="z = "),
            Wrong(hard_swish_is_swish, hint="that is Swish", names="z = "),
            Wrong(hard_swish_not_divided, hint="divide by 6", names="z = "),
            Wrong(hard_swish_in_place, hint="don't modify `z`", names="z of shape (5,)", kind=MUTATES),
            Wrong(hard_swish_hard_coded, hint="elementwise", names="z of shape (321,)", kind=HARDCODED),
            Wrong(hard_swish_five_entries, hint="elementwise", names="z of shape (321,)", kind=VISIBLE_ONLY),
        ]),
}

test_cases = cases_test(CASES)


def test_the_references_match_the_course_library():
    rng = np.random.default_rng(0)
    z, g = rng.normal(size=(3, 8)), rng.normal(size=(3, 4))
    np.testing.assert_allclose(check.swiglu_backward_reference(z, g), swiglu_backward(z, g), rtol=1e-12)
    np.testing.assert_allclose(gated(z, "swiglu"), z[:, :4] * swish(z[:, 4:]), rtol=1e-12)
    assert check.prelu_slope_grad_reference(check.SHOWN_PRELU_Z, check.SHOWN_PRELU_UPSTREAM) == SHOWN_SLOPE_GRAD
