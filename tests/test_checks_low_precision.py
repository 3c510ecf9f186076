"""The checks of the Lesson 13 exercises accept correct answers in several styles and reject
typical mistakes with a message that names the failing input."""
import math

import numpy as np
from scipy.special import expit, log_expit

from checks_cases import HARDCODED, MUTATES, UNSTABLE, VISIBLE_ONLY, Battery, Wrong, cases_test
from course_utils.activations import sigmoid, softplus
from course_utils.checks import low_precision as check


# Task 1 · where an activation rounds to 1

def rounds_to_one_from(f, dtype):
    lo, hi = 0.0, 100.0
    while (mid := (lo + hi) / 2) not in (lo, hi):
        if np.float64(f(mid)).astype(dtype) == 1:
            hi = mid
        else:
            lo = mid
    return hi


def rounds_to_one_from_in_a_counted_loop(f, dtype):
    lo, hi = 0.0, 100.0
    for _ in range(100):
        mid = 0.5 * (lo + hi)
        lo, hi = (lo, mid) if np.asarray(f(mid)).astype(dtype) == 1.0 else (mid, hi)
    return np.float64(hi)


def rounds_to_one_from_recursive(f, dtype, lo=0.0, hi=100.0):
    if hi - lo < 1e-12:
        return (lo + hi) / 2
    mid = (lo + hi) / 2
    if float(np.array([f(mid)]).astype(dtype)[0]) == 1.0:
        return rounds_to_one_from_recursive(f, dtype, lo, mid)
    return rounds_to_one_from_recursive(f, dtype, mid, hi)


def rounds_to_one_from_to_a_tolerance(f, dtype):
    lo, hi = 0.0, 100.0
    while hi - lo > 1e-9:
        mid = lo + (hi - lo) / 2
        if dtype(f(mid)) == dtype(1):
            hi = mid
        else:
            lo = mid
    return (lo + hi) / 2


def rounds_to_one_from_hard_coded(f, dtype):
    return 8.317766166719343


def rounds_to_one_from_sigmoid_closed_form(f, dtype):
    eps = 2.0**-7 if np.dtype(dtype).name == "bfloat16" else float(np.finfo(dtype).eps)
    return math.log(4 / eps - 1)


def rounds_to_one_from_computed_in_format(f, dtype):
    lo, hi = 0.0, 100.0
    for _ in range(100):
        mid = (lo + hi) / 2
        z = np.asarray(mid).astype(dtype)
        one = np.ones_like(z)
        with np.errstate(over="ignore"):
            value = one / (one + np.exp(-z)) if f is sigmoid else np.asarray(f(mid)).astype(dtype)
        lo, hi = (lo, mid) if value == 1 else (mid, hi)
    return hi


def rounds_to_one_from_coarse(f, dtype):
    lo, hi = 0.0, 100.0
    while hi - lo > 0.01:
        mid = (lo + hi) / 2
        lo, hi = (lo, mid) if np.float64(f(mid)).astype(dtype) == 1 else (mid, hi)
    return hi


def rounds_to_one_from_small_interval(f, dtype):
    lo, hi = 0.0, 10.0
    for _ in range(100):
        mid = (lo + hi) / 2
        lo, hi = (lo, mid) if np.float64(f(mid)).astype(dtype) == 1 else (mid, hi)
    return hi


# Task 2 · softmax in float16

def stable_softmax_float16(z):
    e = np.exp(z - z.max(axis=-1, keepdims=True))
    return e / e.sum(axis=-1, keepdims=True)


def softmax_via_float32(z):
    z32 = z.astype(np.float32)
    e = np.exp(z32 - np.max(z32, axis=-1, keepdims=True))
    return (e / np.sum(e, axis=-1, keepdims=True)).astype(np.float16)


def softmax_via_log_softmax(z):
    shifted = z - np.max(z, axis=-1, keepdims=True)
    log_p = shifted - np.log(np.sum(np.exp(shifted), axis=-1, keepdims=True))
    return np.exp(log_p)


def softmax_row_by_row(z):
    rows = np.atleast_2d(z)
    out = np.empty_like(rows)
    for i, row in enumerate(rows):
        e = np.exp(row - row.max())
        out[i] = e / e.sum()
    return out.reshape(z.shape)


def softmax_naive(z):
    e = np.exp(z)
    return e / e.sum(axis=-1, keepdims=True)


def softmax_global_max(z):
    e = np.exp(z - z.max())
    return e / e.sum(axis=-1, keepdims=True)


def softmax_hard_coded(z):
    return np.array([0.09003, 0.2448, 0.665], dtype=np.float16)


def softmax_in_place(z):
    z -= z.max(axis=-1, keepdims=True)
    e = np.exp(z)
    return e / e.sum(axis=-1, keepdims=True)


def softmax_returns_float64(z):
    z = z.astype(np.float64)
    e = np.exp(z - z.max(axis=-1, keepdims=True))
    return e / e.sum(axis=-1, keepdims=True)


def softmax_wrong_axis(z):
    e = np.exp(z - z.max(axis=0, keepdims=True))
    return e / e.sum(axis=0, keepdims=True)


def softmax_shift_by_min(z):
    e = np.exp(z - z.min(axis=-1, keepdims=True))
    return e / e.sum(axis=-1, keepdims=True)


# Task 3 · binary cross-entropy from logits

def bce_from_logits(z, y):
    return np.maximum(z, 0) - z * y + np.log1p(np.exp(-np.abs(z)))


def bce_with_log_expit(z, y):
    return -(y * log_expit(z) + (1 - y) * log_expit(-z))


def bce_with_float64_logaddexp(z, y):
    z64 = z.astype(np.float64)
    return np.logaddexp(0.0, z64) - z64 * y


def bce_with_logaddexp(z, y):
    return np.logaddexp(0, z) - z * y


def bce_with_course_softplus(z, y):
    return softplus(z.astype(np.float64)) - z.astype(np.float64) * y


def bce_from_probabilities(z, y):
    p = expit(z)
    return -(y * np.log(p) + (1 - y) * np.log(1 - p))


def bce_with_log_not_log1p(z, y):
    return np.maximum(z, 0) - z * y + np.log(1 + np.exp(-np.abs(z)))


def bce_hard_labels_only(z, y):
    return np.where(y == 1, np.logaddexp(0, -z), np.logaddexp(0, z))


def bce_hard_coded(z, y):
    return np.array([0.126928, 0.00012340219, 12.000006, 20.0], dtype=np.float32)


def bce_in_place(z, y):
    a = np.abs(z)
    np.maximum(z, 0, out=z)
    return z - z * y + np.log1p(np.exp(-a)) - (z - np.maximum(z, 0))


def bce_in_place_on_z(z, y):
    positive = np.maximum(z, 0)
    z *= y
    return positive - z + np.log1p(np.exp(-np.abs(positive - z)))


def bce_without_log_term(z, y):
    return np.maximum(z, 0) - z * y


def bce_sign_error(z, y):
    return np.maximum(z, 0) + z * y + np.log1p(np.exp(-np.abs(z)))


def bce_mean(z, y):
    return float(np.mean(bce_from_logits(z, y)))


CASES = {
    check.rounds_to_one_from: Battery(
        reference=rounds_to_one_from,
        correct=[rounds_to_one_from_in_a_counted_loop, rounds_to_one_from_recursive,
                 rounds_to_one_from_to_a_tolerance],
        wrong=[
            Wrong(rounds_to_one_from_hard_coded, hint="whatever f and dtype", names="rounds_to_one_from(",
                  kind=HARDCODED),
            Wrong(rounds_to_one_from_sigmoid_closed_form, hint="right for the sigmoid only",
                  names="rounds_to_one_from(tanh, float16)", kind=VISIBLE_ONLY),
            Wrong(rounds_to_one_from_computed_in_format, hint="sigma computed in the format",
                  names="rounds_to_one_from(sigmoid, float16)"),
            Wrong(rounds_to_one_from_coarse, hint="not to 1e-6", names="rounds_to_one_from(sigmoid, float16)"),
            Wrong(rounds_to_one_from_small_interval, hint="must contain the answer",
                  names="rounds_to_one_from(sigmoid, float32)"),
            Wrong(lambda f, dtype: rounds_to_one_from(f, np.float64), hint="bisect",
                  names="rounds_to_one_from(sigmoid, float16)"),
        ],
        exempt={MUTATES: "its inputs are a function and a dtype, which cannot be changed in place"}),
    check.stable_softmax_float16: Battery(
        reference=stable_softmax_float16,
        correct=[softmax_via_float32, softmax_via_log_softmax, softmax_row_by_row],
        wrong=[
            Wrong(softmax_naive, hint="subtract each row's own maximum", names="z = [12", kind=UNSTABLE),
            Wrong(softmax_shift_by_min, hint="before np.exp", names="z = [[", kind=UNSTABLE),
            Wrong(softmax_global_max, hint="each row's own maximum", names="z = [[", kind=VISIBLE_ONLY),
            Wrong(softmax_hard_coded, hint="copy of the example's numbers", names="z = [12", kind=HARDCODED),
            Wrong(softmax_in_place, hint="don't modify `z`", names="z = [1", kind=MUTATES),
            Wrong(softmax_returns_float64, hint=".astype(np.float16)", names="z = [1"),
            Wrong(softmax_wrong_axis, hint="along the last axis", names="z = [[")],
        stability=True),
    check.bce_from_logits: Battery(
        reference=bce_from_logits,
        correct=[bce_with_log_expit, bce_with_float64_logaddexp, bce_with_course_softplus],
        wrong=[
            Wrong(bce_from_probabilities, hint="never form the probability", names="worst z = 12.0", kind=UNSTABLE),
            Wrong(bce_with_log_not_log1p, hint="np.log1p", names="worst z = 9.0", kind=UNSTABLE),
            Wrong(bce_with_logaddexp, hint="cancels where the loss is small", names="z = 9.0", kind=UNSTABLE),
            Wrong(bce_hard_labels_only, hint="soft labels", names="z = [3.0", kind=VISIBLE_ONLY),
            Wrong(bce_hard_coded, hint="copy of the example's numbers", names="z = [20.0", kind=HARDCODED),
            Wrong(bce_in_place_on_z, hint="don't modify `z`", names="z = [", kind=MUTATES),
            Wrong(bce_without_log_term, hint="log1p(exp(-|z|)) is missing", names="z = ["),
            Wrong(bce_sign_error, hint="the sign of z*y", names="z = ["),
            Wrong(bce_mean, hint="one value per input", names="bce_from_logits(z = ["),
        ],
        stability=True),
}
test_cases = cases_test(CASES)
