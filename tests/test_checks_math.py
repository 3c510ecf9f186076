"""The checks of the Lesson 03 exercises accept correct answers in several styles and reject
wrong ones with a message that names the input and a hint that fits the mistake."""
import math

import numpy as np
import scipy.special

from checks_cases import HARDCODED, MUTATES, UNSTABLE, VISIBLE_ONLY, Battery, Wrong, cases_test
from course_utils.activations import sigmoid, tanh
from course_utils.checks import math as check
from course_utils.gradcheck import numerical_derivative, numerical_jacobian

# Task 1 · sigmoid'


def sigmoid_derivative(x):
    f = sigmoid(x)
    return f * (1 - f)


def sigmoid_derivative_expit(x):
    return scipy.special.expit(x) * scipy.special.expit(-x)


def sigmoid_derivative_symmetric_exp(x):
    e = np.exp(-np.abs(x))
    return e / (1 + e) ** 2


def _math_sigmoid(v):
    return 1 / (1 + math.exp(-v)) if v >= 0 else math.exp(v) / (1 + math.exp(v))


def sigmoid_derivative_per_number(x):
    return np.vectorize(lambda v: _math_sigmoid(v) * (1 - _math_sigmoid(v)), otypes=[float])(x)


def sigmoid_derivative_in_place_on_own_array(x):
    f = sigmoid(x)
    g = 1 - f
    g *= f
    return g.tolist()


def sigmoid_derivative_in_x(x):
    return x * (1 - x)


def sigmoid_derivative_plus(x):
    f = sigmoid(x)
    return f * (1 + f)


def sigmoid_derivative_naive_exp(x):
    return np.exp(-x) / (1 + np.exp(-x)) ** 2


def sigmoid_derivative_naive_exp_silenced(x):
    with np.errstate(all="ignore"):
        return np.exp(-x) / (1 + np.exp(-x)) ** 2


def sigmoid_derivative_cosh(x):
    return 0.25 / np.cosh(x / 2) ** 2


def sigmoid_derivative_hard_coded(x):
    return np.full_like(x, 0.25)


def sigmoid_derivative_reusing_x(x):
    x[...] = sigmoid(x)  # saves an array, but overwrites the caller's
    return x * (1 - x)


def sigmoid_derivative_clipped(x):
    f = sigmoid(np.clip(x, -5, 5))
    return f * (1 - f)


def sigmoid_derivative_finite_difference(x):
    return numerical_derivative(sigmoid, x)


def sigmoid_derivative_vectors_only(x):
    return np.array([s * (1 - s) for s in map(float, sigmoid(x))])


# Task 2 · tanh'


def tanh_derivative(x):
    return 1 - tanh(x) ** 2


def tanh_derivative_factored(x):
    f = np.tanh(x)
    return (1 - f) * (1 + f)


def tanh_derivative_per_number(x):
    return np.vectorize(lambda v: 1 - math.tanh(v) ** 2, otypes=[float])(x)


def tanh_derivative_stable_exp(x):
    e = np.exp(-2 * np.abs(x))
    return 4 * e / (1 + e) ** 2


def tanh_derivative_in_place_on_own_array(x):
    f = np.tanh(x)
    f *= f
    np.subtract(1, f, out=f)
    return f


def tanh_derivative_in_x(x):
    return 1 - x**2


def tanh_derivative_unsquared(x):
    return 1 - tanh(x)


def tanh_derivative_plus(x):
    return 1 + tanh(x) ** 2


def tanh_derivative_cosh(x):
    return 1 / np.cosh(x) ** 2


def tanh_derivative_exp_quotient(x):
    f = (np.exp(x) - np.exp(-x)) / (np.exp(x) + np.exp(-x))
    return 1 - f**2


def tanh_derivative_hard_coded(x):
    return np.ones_like(x)


def tanh_derivative_tanh_into_x(x):
    np.tanh(x, out=x)
    return 1 - x**2


def tanh_derivative_clipped(x):
    return 1 - np.tanh(np.clip(x, -5, 5)) ** 2


def tanh_derivative_finite_difference(x):
    return numerical_derivative(tanh, x)


# Task 3 · softmax


def softmax(z, axis=-1):
    e = np.exp(z - np.max(z, axis=axis, keepdims=True))
    return e / np.sum(e, axis=axis, keepdims=True)


def softmax_scipy(z, axis=-1):
    return scipy.special.softmax(z, axis=axis)


def softmax_logsumexp(z, axis=-1):
    return np.exp(z - scipy.special.logsumexp(z, axis=axis, keepdims=True))


def softmax_loop_per_vector(z, axis=-1):
    def one_vector(scores):
        top = max(scores)
        e = [math.exp(s - top) for s in scores]
        return [v / sum(e) for v in e]
    return np.apply_along_axis(one_vector, axis, z)


def softmax_expand_dims_in_place_on_own_array(z, axis=-1):
    e = z - np.expand_dims(np.max(z, axis), axis)
    np.exp(e, out=e)
    e /= np.expand_dims(e.sum(axis), axis)
    return e.tolist()


def softmax_without_max(z, axis=-1):
    e = np.exp(z)
    return e / np.sum(e, axis=axis, keepdims=True)


def softmax_without_max_silenced(z, axis=-1):
    with np.errstate(all="ignore"):
        e = np.exp(z)
        return e / np.sum(e, axis=axis, keepdims=True)


def softmax_minus_min(z, axis=-1):
    e = np.exp(z - np.min(z, axis=axis, keepdims=True))
    return e / np.sum(e, axis=axis, keepdims=True)


def softmax_minus_mean(z, axis=-1):
    e = np.exp(z - np.mean(z, axis=axis, keepdims=True))
    return e / np.sum(e, axis=axis, keepdims=True)


def softmax_minus_median(z, axis=-1):
    e = np.exp(z - np.median(z, axis=axis, keepdims=True))
    return e / np.sum(e, axis=axis, keepdims=True)


def softmax_minus_global_max(z, axis=-1):
    e = np.exp(z - np.max(z))
    return e / np.sum(e, axis=axis, keepdims=True)


def softmax_shifting_z_in_place(z, axis=-1):
    z -= z.max(axis=axis, keepdims=True)
    e = np.exp(z)
    return e / e.sum(axis=axis, keepdims=True)


def softmax_hard_coded(z, axis=-1):
    return np.array([0.09003057317038046, 0.24472847105479764, 0.6652409557748218])


def softmax_whole_array(z, axis=-1):
    e = np.exp(z - np.max(z))
    return e / np.sum(e)


def softmax_without_keepdims(z, axis=-1):
    e = np.exp(z - np.max(z))
    return e / np.sum(e, axis=axis)


def softmax_max_without_keepdims(z, axis=-1):
    e = np.exp(z - np.max(z, axis=axis))
    return e / np.sum(e, axis=axis)


def softmax_fixed_axis(z, axis=-1):
    e = np.exp(z - np.max(z, axis=0, keepdims=True))
    return e / np.sum(e, axis=0, keepdims=True)


def softmax_over_sum_of_scores(z, axis=-1):
    return np.exp(z) / np.sum(z, axis=axis, keepdims=True)


# Task 4 · the softmax Jacobian


def softmax_jacobian(z):
    p = softmax(z)
    return np.diag(p) - np.outer(p, p)


def softmax_jacobian_loops(z):
    p = softmax(z)
    k = len(p)
    jacobian = np.empty((k, k))
    for i in range(k):
        for j in range(k):
            jacobian[i, j] = p[i] * ((i == j) - p[j])
    return jacobian


def softmax_jacobian_broadcast(z):
    p = scipy.special.softmax(z)
    return p[:, None] * (np.eye(p.size) - p[None, :])


def softmax_jacobian_einsum(z):
    p = softmax(z)
    return np.diagflat(p) - np.einsum("i,j->ij", p, p)


def softmax_jacobian_nested_lists(z):
    p = softmax(z).tolist()
    return [[p_i * ((i == j) - p_j) for j, p_j in enumerate(p)] for i, p_i in enumerate(p)]


def softmax_jacobian_column_times_row(z):
    column = softmax(z).reshape(-1, 1)
    return np.diagflat(column) - column @ column.T


def softmax_jacobian_seed_form(z):
    p = softmax(z)
    return p[:, None] * (np.eye(p.size) - p[:, None])


def softmax_jacobian_no_diagonal(z):
    p = softmax(z)
    return -np.outer(p, p)


def softmax_jacobian_flipped(z):
    p = softmax(z)
    return np.outer(p, p) - np.diag(p)


def softmax_jacobian_diagonal_matrix(z):
    p = softmax(z)
    return np.diag(p * (1 - p))


def softmax_jacobian_diagonal_vector(z):
    p = softmax(z)
    return p * (1 - p)


def softmax_jacobian_squares_broadcast(z):
    p = softmax(z)
    return np.diag(p) - p * p


def softmax_jacobian_dot_transpose(z):
    p = softmax(z)
    return np.diag(p) - p @ p.T


def softmax_jacobian_printed(z):
    return np.array([[0.081925, -0.022033, -0.059892],
                     [-0.022033, 0.184836, -0.162803],
                     [-0.059892, -0.162803, 0.222695]])


def softmax_jacobian_copied_in_full(z):
    return softmax_jacobian(np.array([1.0, 2.0, 3.0]))


def softmax_jacobian_shifting_z_in_place(z):
    z -= z.max()
    p = np.exp(z) / np.exp(z).sum()
    return np.diag(p) - np.outer(p, p)


def softmax_jacobian_finite_differences(z):
    return numerical_jacobian(softmax, z)


def softmax_jacobian_three_scores(z):
    p = softmax(z)
    return np.array([[p[0] * (1 - p[0]), -p[0] * p[1], -p[0] * p[2]],
                     [-p[1] * p[0], p[1] * (1 - p[1]), -p[1] * p[2]],
                     [-p[2] * p[0], -p[2] * p[1], p[2] * (1 - p[2])]])


# Task 5 · the logit


def logit(p):
    return np.log(p) - np.log1p(-p)


def logit_quotient(p):
    return np.log(p / (1 - p))


def logit_reciprocal(p):
    return -np.log(1 / p - 1)


def logit_scipy(p):
    return scipy.special.logit(p)


def logit_per_number(p):
    return np.vectorize(lambda q: math.log(q) - math.log1p(-q), otypes=[float])(p)


def logit_artanh(p):
    return 2 * np.arctanh(2 * p - 1)


def logit_log10(p):
    return np.log10(p / (1 - p))


def logit_upside_down(p):
    return np.log((1 - p) / p)


def logit_plus(p):
    return np.log(p / (1 + p))


def logit_ratio_of_logs(p):
    return np.log(p) / np.log(1 - p)


def logit_without_brackets(p):
    return np.log(p / 1 - p)


def logit_with_epsilon(p):
    return np.log((p + 1e-12) / (1 - p + 1e-12))


def logit_hard_coded(p):
    return np.zeros_like(p)


def logit_odds_in_place(p):
    p /= 1 - p
    return np.log(p)


def logit_math(p):
    return math.log(p / (1 - p))


# Task 6 · log-sum-exp


def logsumexp(z, axis=-1):
    m = np.max(z, axis=axis, keepdims=True)
    return np.squeeze(m, axis=axis) + np.log(np.sum(np.exp(z - m), axis=axis))


def logsumexp_scipy(z, axis=-1):
    return scipy.special.logsumexp(z, axis=axis)


def logsumexp_logaddexp_reduce(z, axis=-1):
    return np.logaddexp.reduce(z, axis=axis)


def logsumexp_per_vector(z, axis=-1):
    def one(v):
        m = max(v)
        return m + math.log(sum(math.exp(x - m) for x in v))
    return np.apply_along_axis(one, axis, z)


def logsumexp_moveaxis_log1p(z, axis=-1):
    z = np.moveaxis(z, axis, -1)
    order = np.sort(z, axis=-1)
    m = order[..., -1]
    return m + np.log1p(np.exp(order[..., :-1] - m[..., None]).sum(axis=-1))


def logsumexp_naive(z, axis=-1):
    return np.log(np.sum(np.exp(z), axis=axis))


def logsumexp_naive_silenced(z, axis=-1):
    with np.errstate(all="ignore"):
        return np.log(np.sum(np.exp(z), axis=axis))


def logsumexp_minus_mean(z, axis=-1):
    m = np.mean(z, axis=axis, keepdims=True)
    return np.squeeze(m, axis=axis) + np.log(np.sum(np.exp(z - m), axis=axis))


def logsumexp_global_max(z, axis=-1):
    m = np.max(z)
    return m + np.log(np.sum(np.exp(z - m), axis=axis))


def logsumexp_without_adding_max(z, axis=-1):
    m = np.max(z, axis=axis, keepdims=True)
    return np.log(np.sum(np.exp(z - m), axis=axis))


def logsumexp_hard_max(z, axis=-1):
    return np.max(z, axis=axis)


def logsumexp_of_mean(z, axis=-1):
    m = np.max(z, axis=axis, keepdims=True)
    return np.squeeze(m, axis=axis) + np.log(np.mean(np.exp(z - m), axis=axis))


def logsumexp_keepdims(z, axis=-1):
    m = np.max(z, axis=axis, keepdims=True)
    return m + np.log(np.sum(np.exp(z - m), axis=axis, keepdims=True))


def logsumexp_fixed_axis(z, axis=-1):
    return scipy.special.logsumexp(z, axis=-1)


def logsumexp_hard_coded(z, axis=-1):
    return 3.4076059644443806


def logsumexp_shifting_z_in_place(z, axis=-1):
    m = np.max(z, axis=axis, keepdims=True)
    z -= m
    return np.squeeze(m, axis=axis) + np.log(np.sum(np.exp(z), axis=axis))


def logsumexp_vector_only(z, axis=-1):
    m = np.max(z)
    return m + np.log(np.sum(np.exp(z - m)))


# Task 7 · softmax with temperature


def softmax_with_temperature(z, T):
    if T <= 0:
        raise ValueError(f"T must be positive; got {T}")
    s = z / T
    e = np.exp(s - np.max(s, axis=-1, keepdims=True))
    return e / np.sum(e, axis=-1, keepdims=True)


def softmax_with_temperature_shift_first(z, T):
    if not T > 0:
        raise ValueError("the temperature T must be > 0")
    e = np.exp((z - z.max(axis=-1, keepdims=True)) / T)
    return e / e.sum(axis=-1, keepdims=True)


def softmax_with_temperature_scipy(z, T):
    if T <= 0:
        raise ValueError(f"T = {T} is not a temperature")
    return scipy.special.softmax(z / T, axis=-1)


def softmax_with_temperature_log_space(z, T):
    if T <= 0:
        raise ValueError("T must be positive")
    s = np.asarray(z) / T
    return np.exp(s - scipy.special.logsumexp(s, axis=-1, keepdims=True)).tolist()


def softmax_with_temperature_naive(z, T):
    if T <= 0:
        raise ValueError("T must be positive")
    e = np.exp(z / T)
    return e / e.sum(axis=-1, keepdims=True)


def softmax_with_temperature_times_T(z, T):
    if T <= 0:
        raise ValueError("T must be positive")
    return scipy.special.softmax(z * T, axis=-1)


def softmax_with_temperature_exponentials_over_T(z, T):
    if T <= 0:
        raise ValueError("T must be positive")
    e = np.exp(z - z.max(axis=-1, keepdims=True)) / T
    return e / e.sum(axis=-1, keepdims=True)


def softmax_with_temperature_power_unnormalised(z, T):
    if T <= 0:
        raise ValueError("T must be positive")
    return scipy.special.softmax(z, axis=-1) ** (1 / T)


def softmax_with_temperature_hard_coded(z, T):
    return np.array([0.09003057317038046, 0.24472847105479764, 0.6652409557748218])


def softmax_with_temperature_in_place(z, T):
    if T <= 0:
        raise ValueError("T must be positive")
    z /= T
    return scipy.special.softmax(z, axis=-1)


def softmax_with_temperature_whole_array(z, T):
    if T <= 0:
        raise ValueError("T must be positive")
    s = z / T
    e = np.exp(s - s.max())
    return e / e.sum()


def softmax_with_temperature_unchecked(z, T):
    s = z / T
    e = np.exp(s - np.max(s, axis=-1, keepdims=True))
    return e / np.sum(e, axis=-1, keepdims=True)


def softmax_with_temperature_only_zero(z, T):
    if T == 0:
        raise ValueError("T must not be 0")
    return scipy.special.softmax(z / T, axis=-1)


def softmax_with_temperature_assert(z, T):
    assert T > 0, "T must be positive"
    return scipy.special.softmax(z / T, axis=-1)


def softmax_with_temperature_vague_error(z, T):
    if T <= 0:
        raise ValueError("bad input")
    return scipy.special.softmax(z / T, axis=-1)



CASES = {
    check.sigmoid_derivative: Battery(
        reference=sigmoid_derivative,
        correct=[sigmoid_derivative_expit, sigmoid_derivative_symmetric_exp,
                 sigmoid_derivative_per_number, sigmoid_derivative_in_place_on_own_array],
        wrong=[
            Wrong(sigmoid_derivative_in_x, hint="not x itself", names="at x = "),
            Wrong(sigmoid_derivative_plus, hint="mind the sign", names="at x = "),
            Wrong(sigmoid, hint="you returned the sigmoid itself", names="at x = "),
            Wrong(sigmoid_derivative_naive_exp, hint="exp or cosh of a large |x| overflows",
                  names="x = [-1000.0, -50.0, 50.0, 1000.0]: sigmoid_derivative_naive_exp(an array of "
                        "shape (4,)) gave a RuntimeWarning", kind=UNSTABLE),
            Wrong(sigmoid_derivative_naive_exp_silenced, hint="exp or cosh of a large |x| overflows",
                  names="x = [-1000.0, -50.0, 50.0, 1000.0]: got [nan", kind=UNSTABLE),
            Wrong(sigmoid_derivative_cosh, hint="compute f = sigmoid(x) with the course's sigmoid",
                  names="x = [-1000.0, -50.0, 50.0, 1000.0]", kind=UNSTABLE),
            Wrong(sigmoid_derivative_hard_coded, hint="returns 0.25 for every x", names="at x = ",
                  kind=HARDCODED),
            Wrong(sigmoid_derivative_reusing_x, hint="don't modify `x`", names="changed its input `x`",
                  kind=MUTATES),
            Wrong(sigmoid_derivative_clipped, hint="right for |x| <= 4 but not further out",
                  names="worst x = ", kind=VISIBLE_ONLY),
            Wrong(sigmoid_derivative_finite_difference, hint="off only in its last digits",
                  names="x = 0.0: got 0.24999"),
            Wrong(sigmoid_derivative_vectors_only, hint="float() only takes single numbers",
                  names="for a 3 x 4 array x"),
        ],
        stability=True),
    check.tanh_derivative: Battery(
        reference=tanh_derivative,
        correct=[tanh_derivative_factored, tanh_derivative_per_number, tanh_derivative_stable_exp,
                 tanh_derivative_in_place_on_own_array],
        wrong=[
            Wrong(tanh_derivative_in_x, hint="not x itself", names="at x = "),
            Wrong(tanh_derivative_unsquared, hint="square f", names="at x = "),
            Wrong(tanh_derivative_plus, hint="mind the sign", names="at x = "),
            Wrong(tanh, hint="you returned tanh itself", names="at x = "),
            Wrong(tanh_derivative_cosh, hint="cosh of a large |x| overflows",
                  names="x = [-1000.0, -50.0, 50.0, 1000.0]", kind=UNSTABLE),
            Wrong(tanh_derivative_exp_quotient, hint="compute f = tanh(x) with the course's tanh",
                  names="x = [-1000.0, -50.0, 50.0, 1000.0]", kind=UNSTABLE),
            Wrong(tanh_derivative_hard_coded, hint="returns 1.0 for every x", names="at x = ",
                  kind=HARDCODED),
            Wrong(tanh_derivative_tanh_into_x, hint="don't modify `x`", names="changed its input `x`",
                  kind=MUTATES),
            Wrong(tanh_derivative_clipped, hint="right for |x| <= 4 but not further out",
                  names="worst x = ", kind=VISIBLE_ONLY),
            Wrong(tanh_derivative_finite_difference, hint="off only in its last digits",
                  names="x = 0.0: got 0.99999"),
        ],
        stability=True),
    check.softmax: Battery(
        reference=softmax,
        correct=[softmax_scipy, softmax_logsumexp, softmax_loop_per_vector,
                 softmax_expand_dims_in_place_on_own_array],
        wrong=[
            Wrong(softmax_without_max, hint="shift each score vector by its own maximum",
                  names="softmax(z) for z = [1000.0, 1001.0, 1002.0]: softmax_without_max(an array of "
                        "shape (3,)) gave a RuntimeWarning: overflow", kind=UNSTABLE),
            Wrong(softmax_without_max_silenced, hint="shift each score vector by its own maximum",
                  names="softmax(z) for z = [1000.0, 1001.0, 1002.0]: got [nan", kind=UNSTABLE),
            Wrong(softmax_minus_min, hint="Any other shift (the minimum, the mean, the median",
                  names="softmax(z) for z = [-1000.0, 1000.0, 999.0, -999.0, 0.0]", kind=UNSTABLE),
            Wrong(softmax_minus_mean, hint="shift each score vector by its own maximum",
                  names="softmax(z) for z = [-1000.0, 1000.0, 999.0, -999.0, 0.0]", kind=UNSTABLE),
            Wrong(softmax_minus_median, hint="shift each score vector by its own maximum",
                  names="softmax(z) for z = [-1000.0, 1000.0, 999.0, -999.0, 0.0]", kind=UNSTABLE),
            Wrong(softmax_minus_global_max, hint="shift each score vector by its own maximum",
                  names="softmax(Z, -1) for Z = [[1000.0, 1001.0, 1002.0], [-1000.0", kind=UNSTABLE),
            Wrong(softmax_shifting_z_in_place, hint="don't modify `z`",
                  names="softmax(z) for z = [1.0, 2.0, 3.0]: softmax_shifting_z_in_place(an array of "
                        "shape (3,)) changed its input `z` in place", kind=MUTATES),
            Wrong(softmax_hard_coded, hint="these are the probabilities of z = [1, 2, 3], whatever z is",
                  names="softmax(z) for z = [-1000.0, -1001.0, -999.0]", kind=HARDCODED),
            Wrong(softmax_whole_array, hint="you normalised over the whole array",
                  names="softmax(Z) for Z = [[1.0, 2.0, 3.0]", kind=VISIBLE_ONLY),
            Wrong(softmax_without_keepdims, hint="keepdims=True is missing",
                  names="softmax(Z) for Z = [[1.0, 2.0, 3.0]"),
            Wrong(softmax_max_without_keepdims, hint="keepdims=True is missing",
                  names="softmax(Z) for Z = [[1.0, 2.0, 3.0]"),
            Wrong(softmax_fixed_axis, hint="use axis=-1, the default in the function's first line",
                  names="softmax(Z) for Z = [[1.0, 2.0, 3.0]"),
            Wrong(softmax_over_sum_of_scores, hint="not by the sum of the scores",
                  names="softmax(z) for z = [1.0, 2.0, 3.0]"),
        ],
        stability=True),
    check.softmax_jacobian: Battery(
        reference=softmax_jacobian,
        correct=[softmax_jacobian_loops, softmax_jacobian_broadcast, softmax_jacobian_einsum,
                 softmax_jacobian_nested_lists, softmax_jacobian_column_times_row],
        wrong=[
            Wrong(softmax_jacobian_seed_form, hint="the form with the wrong index",
                  names="z = [1.0, 2.0, 3.0]"),
            Wrong(softmax_jacobian_no_diagonal, hint="the diagonal is missing", names="z = [1.0, 2.0, 3.0]"),
            Wrong(softmax_jacobian_flipped, hint="the sign is flipped", names="z = [1.0, 2.0, 3.0]"),
            Wrong(softmax_jacobian_diagonal_matrix, hint="only the diagonal is there",
                  names="z = [1.0, 2.0, 3.0]"),
            Wrong(softmax_jacobian_diagonal_vector, hint="these are only the diagonal entries",
                  names="z = [1.0, 2.0, 3.0]: got the vector"),
            Wrong(softmax_jacobian_squares_broadcast, hint="it is -p_i p_j, the outer product",
                  names="z = [1.0, 2.0, 3.0]"),
            Wrong(softmax_jacobian_dot_transpose, hint="p @ p.T of a 1-D p is a single number",
                  names="z = [1.0, 2.0, 3.0]"),
            Wrong(softmax_jacobian_printed, hint="your values are the Jacobian rounded",
                  names="z = [1.0, 2.0, 3.0]", kind=HARDCODED),
            Wrong(softmax_jacobian_copied_in_full,
                  hint="this is the Jacobian of z = [1, 2, 3], whatever z is",
                  names="z = [0.5, -1.5, 2.0]", kind=HARDCODED),
            Wrong(softmax_jacobian_shifting_z_in_place, hint="don't modify `z`",
                  names="changed its input `z` in place", kind=MUTATES),
            Wrong(softmax_jacobian_finite_differences, hint="off only in their last digits",
                  names="z = [1.0, 2.0, 3.0]"),
            Wrong(softmax_jacobian_three_scores, hint="for any length of z",
                  names="z = [2.0, -1.0, 0.5, 0.0]: softmax_jacobian_three_scores() returned shape (3, 3)",
                  kind=VISIBLE_ONLY),
        ]),
    check.logit: Battery(
        reference=logit,
        correct=[logit_quotient, logit_reciprocal, logit_scipy, logit_per_number, logit_artanh],
        wrong=[
            Wrong(logit_log10, hint="not np.log10", names="worst p = "),
            Wrong(logit_upside_down, hint="upside down", names="worst p = "),
            Wrong(logit_plus, hint="the denominator is 1 - p", names="worst p = "),
            Wrong(logit_ratio_of_logs, hint="the log of a ratio is a difference", names="worst p = "),
            Wrong(sigmoid, hint="the logit is its inverse", names="worst p = "),
            Wrong(logit_without_brackets, hint="check the brackets",
                  names="logit_without_brackets(an array of shape (103,)) gave a RuntimeWarning"),
            Wrong(logit_with_epsilon, hint="logit(p) = log(p / (1 - p))", names="worst p = 1e-12"),
            Wrong(logit_hard_coded, hint="returns 0.0 for every p", names="worst p = ", kind=HARDCODED),
            Wrong(logit_odds_in_place, hint="don't modify `p`", names="changed its input `p` in place",
                  kind=MUTATES),
            Wrong(logit_math, hint="use the NumPy version",
                  names="logit_math(an array of shape (103,)) raised",
                  kind=VISIBLE_ONLY),
        ]),
    check.logsumexp: Battery(
        reference=logsumexp,
        correct=[logsumexp_scipy, logsumexp_logaddexp_reduce, logsumexp_per_vector, logsumexp_moveaxis_log1p],
        wrong=[
            Wrong(logsumexp_naive, hint="shift each score vector by its own maximum",
                  names="logsumexp(z) for z = [1000.0, 1001.0, 1002.0]: logsumexp_naive(an array of shape "
                        "(3,)) gave a RuntimeWarning: overflow", kind=UNSTABLE),
            Wrong(logsumexp_naive_silenced, hint="shift each score vector by its own maximum",
                  names="logsumexp(z) for z = [1000.0, 1001.0, 1002.0]: got inf", kind=UNSTABLE),
            Wrong(logsumexp_minus_mean, hint="Any other shift (the minimum, the mean",
                  names="logsumexp(z) for z = [-1000.0, 1000.0, 999.0, -999.0, 0.0]", kind=UNSTABLE),
            Wrong(logsumexp_global_max, hint="shift each score vector by its own maximum",
                  names="logsumexp(Z, -1) for Z = [[1000.0, 1001.0, 1002.0], [-1000.0", kind=UNSTABLE),
            Wrong(logsumexp_without_adding_max, hint="did not add it back", names="z = [1.0, 2.0, 3.0]"),
            Wrong(logsumexp_hard_max, hint="this is the hard maximum", names="z = [1.0, 2.0, 3.0]"),
            Wrong(logsumexp_of_mean, hint="the log of the *mean*", names="z = [1.0, 2.0, 3.0]"),
            Wrong(logsumexp_keepdims, hint="the result has `axis` removed",
                  names="logsumexp(z) for z = [1.0, 2.0, 3.0]: logsumexp_keepdims() returned shape (1,)"),
            Wrong(logsumexp_fixed_axis, hint="this reduces along axis 1; use axis=0, as given",
                  names="logsumexp(Z, 0) for Z = [[1.0, 2.0, 3.0]"),
            Wrong(logsumexp_hard_coded, hint="this is LSE([1, 2, 3]), whatever z is",
                  names="logsumexp(z) for z = [1000.0, 1001.0, 1002.0]", kind=HARDCODED),
            Wrong(logsumexp_shifting_z_in_place, hint="don't modify `z`",
                  names="logsumexp(z) for z = [1.0, 2.0, 3.0]: logsumexp_shifting_z_in_place(an array of "
                        "shape (3,)) changed its input `z` in place", kind=MUTATES),
            Wrong(logsumexp_vector_only, hint="you reduced the whole array to one number",
                  names="logsumexp(Z) for Z = [[1.0, 2.0, 3.0]", kind=VISIBLE_ONLY),
        ],
        stability=True),
    check.softmax_with_temperature: Battery(
        reference=softmax_with_temperature,
        correct=[softmax_with_temperature_shift_first, softmax_with_temperature_scipy,
                 softmax_with_temperature_log_space],
        wrong=[
            Wrong(softmax_with_temperature_naive, hint="subtract the maximum of z / T",
                  names="z = [2.0, 1.0, 0.5, -1.0], T = 0.001: softmax_with_temperature_naive(an array of "
                        "shape (4,), 0.001) gave a RuntimeWarning: overflow", kind=UNSTABLE),
            Wrong(softmax_with_temperature_times_T, hint="don't multiply", names="z = [0.5, -1.5, 2.0], T = 4.0"),
            Wrong(softmax_with_temperature_exponentials_over_T, hint="does not depend on T",
                  names="z = [0.5, -1.5, 2.0], T = 4.0"),
            Wrong(softmax_with_temperature_power_unnormalised, hint="normalise it again",
                  names="z = [0.5, -1.5, 2.0], T = 4.0"),
            Wrong(softmax_with_temperature_hard_coded, hint="whatever z and T are",
                  names="z = [0.5, -1.5, 2.0], T = 4.0", kind=HARDCODED),
            Wrong(softmax_with_temperature_in_place, hint="don't modify `z`",
                  names="changed its input `z` in place", kind=MUTATES),
            Wrong(softmax_with_temperature_whole_array, hint="you normalised over the whole matrix",
                  names="z = [[1.0, 2.0, 3.0]", kind=VISIBLE_ONLY),
            Wrong(softmax_with_temperature_unchecked, hint="if T <= 0: raise ValueError",
                  names="T = 0.0 gave a RuntimeWarning"),
            Wrong(softmax_with_temperature_only_zero, hint="a negative T would reverse",
                  names="T = -1.0 returned an array"),
            Wrong(softmax_with_temperature_assert, hint="if T <= 0: raise ValueError",
                  names="T = 0.0 raised AssertionError"),
            Wrong(softmax_with_temperature_vague_error, hint="name the parameter in the message",
                  names="raised ValueError('bad input')"),
        ],
        stability=True),
}
test_cases = cases_test(CASES)
