"""course_utils.activations against exact arithmetic (mpmath), finite differences, its own
stated properties, the canonical numbers of CONTENT.md §5, extremes, and bad input."""
import warnings

import mpmath as mp
import numpy as np
import pytest
import scipy.special
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

from course_utils import activations as A
from course_utils.activations import ACTIVATIONS
from course_utils.gradcheck import numerical_derivative, numerical_gradient, numerical_jacobian

mp.mp.dps = 60
REQUIRED = {"step", "identity", "sigmoid", "tanh", "arctan", "softsign", "relu", "leaky_relu",
            "elu", "selu", "softplus", "swish", "gelu", "mish"}
KINKED = {"step", "relu", "leaky_relu", "elu", "selu", "softsign"}
LAM, ALPHA = mp.mpf("1.0507009873554804934193349852946"), mp.mpf("1.6732632423543772848170429916717")


def _sig(x):
    return 1 / (1 + mp.exp(-x))


def _phi_cdf(x):
    return mp.erfc(-x / mp.sqrt(2)) / 2


def _sp(x):
    return mp.log1p(mp.exp(x))


# Exact (60-digit) references: name -> (f, f'), each a function of an mpf and the parameters.
EXACT = {
    "identity": (lambda x: x, lambda x: mp.mpf(1)),
    "sigmoid": (_sig, lambda x: _sig(x) * _sig(-x)),
    "tanh": (mp.tanh, lambda x: mp.sech(x) ** 2),
    "arctan": (mp.atan, lambda x: 1 / (1 + x * x)),
    "softsign": (lambda x: x / (1 + abs(x)), lambda x: 1 / (1 + abs(x)) ** 2),
    "relu": (lambda x: max(x, 0), lambda x: mp.mpf(x > 0)),
    "leaky_relu": (lambda x, alpha: x if x > 0 else alpha * x, lambda x, alpha: 1 if x > 0 else alpha),
    "elu": (lambda x, alpha: x if x > 0 else alpha * mp.expm1(x),
            lambda x, alpha: 1 if x > 0 else alpha * mp.exp(x)),
    "selu": (lambda x: LAM * (x if x > 0 else ALPHA * mp.expm1(x)),
             lambda x: LAM if x >= 0 else LAM * ALPHA * mp.exp(x)),
    "softplus": (_sp, _sig),
    "swish": (lambda x, beta: x * _sig(beta * x),
              lambda x, beta: _sig(beta * x) + beta * x * _sig(beta * x) * _sig(-beta * x)),
    "gelu": (lambda x, approximate: x * _phi_cdf(x),
             lambda x, approximate: _phi_cdf(x) + x * mp.npdf(x)),
    "mish": (lambda x: x * mp.tanh(_sp(x)),
             lambda x: mp.tanh(_sp(x)) + x * _sig(x) * mp.sech(_sp(x)) ** 2),
}
C, K = mp.sqrt(2 / mp.pi), mp.mpf("0.044715")


def _gelu_tanh(x):
    return x * _sig(2 * C * (x + K * x**3))  # = x/2 (1 + tanh u), the form without cancellation


def _gelu_tanh_grad(x):
    u, du = C * (x + K * x**3), C * (1 + 3 * K * x**2)
    return _sig(2 * u) + 2 * x * du * _sig(2 * u) * _sig(-2 * u)


POINTS = np.concatenate([np.linspace(-30, 30, 241), [-1e4, -700.0, -100.0, -37.5, 37.5, 100.0, 700.0, 1e4]])
POINTS = POINTS[np.abs(POINTS) > 1e-9]  # the kinks are tested on their own below
CASES = [(name, {}) for name in EXACT if not ACTIVATIONS[name].defaults] + [
    ("leaky_relu", {"alpha": 0.01}), ("leaky_relu", {"alpha": 0.2}), ("leaky_relu", {"alpha": 1.5}),
    ("elu", {"alpha": 1.0}), ("elu", {"alpha": 0.5}),
    ("swish", {"beta": 1.0}), ("swish", {"beta": 2.5}),
    ("gelu", {"approximate": False}),
]


def _assert_close(got, exact, rtol):
    exact = np.array([float(v) for v in exact])
    err = np.abs(got - exact)
    bad = err > rtol * np.abs(exact) + 1e-300
    assert not bad.any(), f"worst at x={POINTS[bad][:3]}: got {got[bad][:3]}, exact {exact[bad][:3]}"


def test_catalogue_is_complete_and_self_describing():
    assert REQUIRED <= set(ACTIVATIONS)
    for name, act in ACTIVATIONS.items():
        assert act.name == name
        assert act.latex.startswith("f(x)") and act.grad_latex.startswith("f'(x)")
        lo, hi = act.output_range
        assert lo < hi and act.range_latex


@pytest.mark.parametrize("name,params", CASES, ids=lambda v: str(v))
def test_value_and_derivative_match_exact_arithmetic(name, params):
    f, df = EXACT[name]
    rtol = 5e-13 if name == "gelu" else 1e-13  # erfc's argument is rounded, and erfc magnifies that in the tail
    pts = [mp.mpf(float(x)) for x in POINTS]
    _assert_close(ACTIVATIONS[name].fn(POINTS, **params), [f(x, **params) for x in pts], rtol)
    _assert_close(ACTIVATIONS[name].grad(POINTS, **params), [df(x, **params) for x in pts], rtol)


def test_gelu_tanh_form_matches_exact_arithmetic():
    pts = [mp.mpf(float(x)) for x in POINTS]
    _assert_close(A.gelu(POINTS, approximate=True), [_gelu_tanh(x) for x in pts], 1e-12)
    _assert_close(A.gelu.grad(POINTS, approximate=True), [_gelu_tanh_grad(x) for x in pts], 1e-12)


@pytest.mark.parametrize("name,params", CASES + [
    ("step", {}), ("gelu", {"approximate": True}),
], ids=lambda v: str(v))
def test_derivative_matches_central_differences(name, params):
    act = ACTIVATIONS[name]
    x = np.linspace(-8, 8, 1601)
    x = x[np.abs(x) > 1e-3]  # never difference across a kink
    numeric = numerical_derivative(lambda v: act.fn(v, **params), x)
    analytic = act.grad(x, **params)
    # Relative error 1e-7, plus the difference quotient's own rounding floor eps*|f|/h ~ 1e-10,
    # which dominates where f' is tiny next to f (saturated tails).
    scale = np.maximum(np.abs(analytic), np.abs(numeric))
    assert np.all(np.abs(analytic - numeric) <= 1e-7 * scale + 1e-9)


@pytest.mark.parametrize("name,expected", [
    ("step", 0.0), ("relu", 0.0), ("leaky_relu", A.LEAKY_RELU_SLOPE), ("elu", 1.0), ("selu", A.SELU_LAMBDA),
])
def test_derivative_at_the_kink_follows_the_frameworks(name, expected):
    assert float(ACTIVATIONS[name].grad(0.0)) == expected


def test_leaky_relu_slope_at_zero_is_alpha_for_any_alpha():
    assert float(A.leaky_relu.grad(0.0, alpha=0.3)) == 0.3


def test_step_derivative_is_zero_everywhere():
    assert not A.step.grad(np.linspace(-5, 5, 101)).any()


# --- canonical numbers (CONTENT.md §5) ---------------------------------------------------

@pytest.mark.parametrize("name,params,expected", [
    ("sigmoid", {}, 0.3775406687981454),
    ("tanh", {}, -0.46211715726000974),
    ("leaky_relu", {"alpha": 0.01}, -0.005),
    ("elu", {}, -0.3934693402873666),
    ("softplus", {}, 0.4740769841801067),
    ("gelu", {}, -0.15426876936299344),
    ("swish", {}, -0.1887703343990727),
    ("relu", {}, 0.0),
])
def test_worked_example_values_at_minus_half(name, params, expected):
    assert float(ACTIVATIONS[name].fn(-0.5, **params)) == pytest.approx(expected, rel=1e-15, abs=0)


def test_canonical_constants():
    assert float(A.sigmoid.grad(0.0)) == 0.25
    assert float(A.tanh.grad(0.0)) == 1.0
    assert float(A.softplus(0.0)) == pytest.approx(0.6931471805599453, rel=1e-16)
    assert float(A.gelu(1.0)) == pytest.approx(0.8413447460685429, rel=1e-15)
    assert float(A.gelu(1.0, approximate=True)) == pytest.approx(0.8411919906082768, rel=1e-15)
    assert float(A.gelu.grad(np.sqrt(2))) == pytest.approx(1.1289041451851547, rel=1e-15)
    assert float(A.selu(-1000.0)) == pytest.approx(-1.7580993408473768, rel=1e-15)
    assert float(A.selu(1.0)) == 1.0507009873554805


@pytest.mark.parametrize("name,x_min,f_min", [
    ("swish", -1.2784645428, -0.2784645428),
    ("gelu", -0.7517915247, -0.1699712075),
    ("mish", -1.1924312145, -0.3088434130),
])
def test_minima_of_the_non_monotonic_activations(name, x_min, f_min):
    act = ACTIVATIONS[name]
    assert float(act(x_min)) == pytest.approx(f_min, abs=1e-10)
    assert float(act.grad(x_min)) == pytest.approx(0.0, abs=1e-9)
    assert act.output_range[0] == pytest.approx(f_min, abs=1e-10)


def test_softmax_canonical_example():
    z = [1.0, 2.0, 3.0]
    np.testing.assert_allclose(A.softmax(z), [0.09003057317038046, 0.24472847105479764, 0.6652409557748218],
                               rtol=1e-15)
    np.testing.assert_allclose(A.log_softmax(z), [-2.4076059644443806, -1.4076059644443804, -0.4076059644443804],
                               rtol=1e-15)
    expected = [[0.081925, -0.022033, -0.059892], [-0.022033, 0.184836, -0.162803],
                [-0.059892, -0.162803, 0.222695]]
    np.testing.assert_array_equal(np.round(A.softmax_jacobian(z), 6), expected)


def test_softmax_is_shift_invariant_and_stable_for_huge_scores():
    np.testing.assert_allclose(A.softmax([1000.0, 1001.0, 1002.0]), A.softmax([0.0, 1.0, 2.0]), rtol=1e-15)
    np.testing.assert_array_equal(A.log_softmax([1000.0, 0.0, -1000.0]), [0.0, -1000.0, -2000.0])


def test_softmax_axis():
    z = np.arange(6.0).reshape(2, 3)
    np.testing.assert_allclose(A.softmax(z, axis=-1).sum(axis=1), 1.0)
    np.testing.assert_allclose(A.softmax(z, axis=0).sum(axis=0), 1.0)
    np.testing.assert_allclose(A.softmax(z, axis=0), A.softmax(z.T).T)


def test_logsumexp_is_stable_for_huge_and_tiny_scores():
    with warnings.catch_warnings(), np.errstate(all="raise"):
        warnings.simplefilter("error")
        assert float(A.logsumexp([1000.0, 1000.0])) == pytest.approx(1000.0 + np.log(2.0), rel=1e-15)
        assert float(A.logsumexp([-1000.0, -1000.0])) == pytest.approx(-1000.0 + np.log(2.0), rel=1e-15)
        assert float(A.logsumexp([1e4, 0.0, -1e4])) == 1e4  # the others add e^-1e4: nothing in float64
        assert float(A.logsumexp([-745.2, -800.0])) == pytest.approx(-745.2, rel=1e-15)  # exp underflows


def test_logsumexp_is_a_smooth_maximum():
    z = np.random.default_rng(1).normal(scale=5.0, size=(50, 7))
    lse = A.logsumexp(z)
    assert np.all(z.max(axis=-1) <= lse) and np.all(lse <= z.max(axis=-1) + np.log(7))
    assert float(A.logsumexp(np.full(7, 2.5))) == pytest.approx(2.5 + np.log(7), rel=1e-15)  # equal scores: + ln K


def test_two_class_softmax_is_the_sigmoid_of_the_difference():
    for z1, z2 in [(0.3, -1.2), (5.0, 5.0), (-20.0, 3.0)]:
        assert float(A.softmax([z1, z2])[0]) == pytest.approx(float(A.sigmoid(z1 - z2)), rel=1e-14)


def test_tanh_is_a_rescaled_sigmoid():
    x = np.linspace(-10, 10, 201)
    np.testing.assert_allclose(A.tanh(x), 2 * A.sigmoid(2 * x) - 1, atol=1e-15)


def test_selu_constants_normalise_a_standard_normal():
    mean = mp.quad(lambda t: float(A.selu(float(t))) * mp.npdf(t), [-mp.inf, 0, mp.inf])
    second = mp.quad(lambda t: float(A.selu(float(t))) ** 2 * mp.npdf(t), [-mp.inf, 0, mp.inf])
    assert abs(mean) < 1e-12 and abs(second - 1) < 1e-12


def test_logit_inverts_the_sigmoid():
    x = np.linspace(-30, 8, 77)  # beyond ~8, sigmoid(x) rounds so close to 1 that x is lost
    np.testing.assert_allclose(A.logit(A.sigmoid(x)), x, rtol=1e-9, atol=1e-12)
    assert float(A.logit_grad(0.5)) == 4.0
    assert float(A.logit(0.0)) == -np.inf and float(A.logit(1.0)) == np.inf


def test_maxout_takes_the_max_of_each_group_and_generalises_relu():
    z = np.array([[1.0, -2.0, 3.0, 0.5]])
    np.testing.assert_array_equal(A.maxout(z, pieces=2), [[1.0, 3.0]])
    np.testing.assert_array_equal(A.maxout_grad(z, pieces=2), [[1.0, 0.0, 1.0, 0.0]])
    x = np.linspace(-3, 3, 13)
    np.testing.assert_array_equal(A.maxout(np.stack([x, 0 * x], axis=-1), pieces=2)[:, 0], A.relu(x))
    np.testing.assert_array_equal(A.maxout(np.stack([x, -x], axis=-1), pieces=2)[:, 0], np.abs(x))


def test_maxout_gradient_matches_finite_differences_away_from_ties():
    z = np.array([0.3, -1.0, 2.0, 1.1, -0.4, 0.9])
    numeric = numerical_jacobian(lambda v: A.maxout(v, 3), z)
    np.testing.assert_allclose(numeric.sum(axis=0), A.maxout_grad(z, 3), atol=1e-9)


# --- extremes: no warning, no NaN, no inf for |x| up to 1e4 ------------------------------

EXTREMES = np.array([-1e4, -1e3, -745.2, -709.8, -88.8, -40.0, 0.0, 40.0, 88.8, 709.8, 745.2, 1e3, 1e4])


@pytest.mark.parametrize("name", sorted(ACTIVATIONS))
def test_extremes_raise_no_warning_and_stay_finite(name):
    act = ACTIVATIONS[name]
    variants = [{"approximate": False}, {"approximate": True}] if name == "gelu" else [{}]
    with warnings.catch_warnings(), np.errstate(over="raise", invalid="raise", divide="raise"):
        warnings.simplefilter("error")
        for params in variants:
            for out in (act.fn(EXTREMES, **params), act.grad(EXTREMES, **params)):
                assert np.isfinite(out).all()


def test_vector_functions_at_extremes_raise_no_warning():
    z = np.array([-1e4, 0.0, 1e4])
    with warnings.catch_warnings(), np.errstate(over="raise", invalid="raise", divide="raise"):
        warnings.simplefilter("error")
        for out in (A.softmax(z), A.log_softmax(z), A.logsumexp(z), A.softmax_jacobian(z), A.maxout(z, 3)):
            assert np.isfinite(out).all()


# --- properties (hypothesis) ---------------------------------------------------------------

finite = st.floats(min_value=-1e4, max_value=1e4, allow_nan=False)


@settings(max_examples=60, deadline=None)
@given(x=hnp.arrays(np.float64, hnp.array_shapes(max_dims=3, max_side=5), elements=finite))
def test_outputs_keep_shape_and_stay_in_range(x):
    for name, act in ACTIVATIONS.items():
        y = act(x)
        assert y.shape == x.shape and y.dtype == np.float64
        lo, hi = act.output_range
        if name not in ("elu", "swish"):  # their stated ranges are for the default parameters, used here
            assert np.all((y >= lo) & (y <= hi)), name


@settings(max_examples=60, deadline=None)
@given(a=finite, b=finite)
def test_monotonic_activations_are_monotonic(a, b):
    lo, hi = min(a, b), max(a, b)
    for act in ACTIVATIONS.values():
        if act.monotonic:
            assert float(act(lo)) <= float(act(hi)), act.name


@settings(max_examples=60, deadline=None)
@given(z=hnp.arrays(np.float64, hnp.array_shapes(min_dims=1, max_dims=2, max_side=6), elements=finite),
       shift=finite)
def test_softmax_normalises_and_ignores_shifts(z, shift):
    p = A.softmax(z)
    assert np.all(p >= 0)
    np.testing.assert_allclose(p.sum(axis=-1), 1.0, rtol=1e-12)
    np.testing.assert_allclose(A.softmax(z + shift), p, atol=1e-12)


@settings(max_examples=40, deadline=None)
@given(z=hnp.arrays(np.float64, st.integers(1, 6), elements=st.floats(-20, 20)))
def test_softmax_jacobian_matches_finite_differences(z):
    jac = A.softmax_jacobian(z)
    np.testing.assert_allclose(jac, numerical_jacobian(A.softmax, z), atol=1e-8)
    np.testing.assert_allclose(jac, jac.T, atol=1e-15)
    np.testing.assert_allclose(jac.sum(axis=1), 0.0, atol=1e-15)


@settings(max_examples=40, deadline=None)
@given(z=hnp.arrays(np.float64, hnp.array_shapes(min_dims=1, max_dims=3, max_side=5), elements=finite),
       axis=st.integers(0, 2))
def test_logsumexp_agrees_with_scipy_along_any_axis(z, axis):
    axis = axis % z.ndim
    expected = scipy.special.logsumexp(z, axis=axis)
    got = A.logsumexp(z, axis=axis)
    assert got.shape == np.shape(expected)
    np.testing.assert_allclose(got, expected, rtol=1e-13, atol=1e-13)
    np.testing.assert_allclose(A.log_softmax(z, axis=axis), z - np.expand_dims(got, axis), rtol=1e-13,
                               atol=1e-12)


@settings(max_examples=40, deadline=None)
@given(z=hnp.arrays(np.float64, st.integers(1, 6), elements=st.floats(-20, 20)))
def test_logsumexp_gradient_is_softmax(z):
    np.testing.assert_allclose(numerical_gradient(A.logsumexp, z), A.softmax(z), atol=1e-9)


def test_the_seed_softmax_derivative_fails_the_finite_difference_check():
    z = np.random.default_rng(0).normal(size=5)
    s = A.softmax(z)
    seed_form = np.diag(s) - s[:, None] * s[:, None]  # f_i (delta_ij - f_i): wrong
    assert np.abs(seed_form - numerical_jacobian(A.softmax, z)).max() > 1e-2


# --- input handling ---------------------------------------------------------------------

def test_scalars_lists_and_arrays():
    assert A.relu(2).shape == () and A.relu(2).dtype == np.float64
    assert A.sigmoid([[0, 1], [2, 3]]).shape == (2, 2)
    assert A.tanh(np.ones((2, 3, 4), dtype=np.float32)).dtype == np.float64
    assert float(A.relu(True)) == 1.0


def test_inputs_are_not_modified():
    x = np.array([-1.0, 2.0])
    A.relu(x)
    A.softmax(x)
    np.testing.assert_array_equal(x, [-1.0, 2.0])


@pytest.mark.parametrize("bad", ["1.0", None, {"x": 1}, np.array(["a"]), np.array([1j]),
                                 np.array([object()]), [1, [2, 3]]])
@pytest.mark.parametrize("func", [A.sigmoid, A.sigmoid.grad, A.softmax, A.log_softmax, A.logsumexp, A.logit])
def test_bad_input_gets_a_clear_message(func, bad):
    name = getattr(func, "__name__", "")
    with pytest.raises((TypeError, ValueError)) as info:
        func(bad)
    message = str(info.value)
    assert "expects" in message or "needs" in message
    assert (name or "sigmoid") in message


def test_bad_parameters_get_clear_messages():
    with pytest.raises(TypeError, match="leaky_relu.*accepts: alpha"):
        A.leaky_relu(1.0, beta=2)
    with pytest.raises(TypeError, match="alpha must be a real number"):
        A.elu(1.0, alpha="big")
    with pytest.raises(ValueError, match="finite"):
        A.swish(1.0, beta=float("nan"))
    with pytest.raises(TypeError, match="True or False"):
        A.gelu(1.0, approximate="yes")
    with pytest.raises(ValueError, match="axis=2"):
        A.softmax([[1.0, 2.0]], axis=2)
    with pytest.raises(ValueError, match="single number"):
        A.softmax(3.0)
    with pytest.raises(ValueError, match="1-D"):
        A.softmax_jacobian([[1.0, 2.0]])
    with pytest.raises(ValueError, match=r"logsumexp\(\) got axis=1"):
        A.logsumexp([1.0, 2.0], axis=1)
    with pytest.raises(ValueError, match="logsumexp.*single number"):
        A.logsumexp(3.0)
    with pytest.raises(ValueError, match="multiple of pieces=3"):
        A.maxout([1.0, 2.0], pieces=3)
    with pytest.raises(ValueError, match=r"\[0, 1\]"):
        A.logit(1.5)


# --- gated activations ----------------------------------------------------------------------

GATED = ["glu", "reglu", "geglu", "swiglu"]


@pytest.mark.parametrize("gate", GATED)
def test_gated_is_value_times_gate_of_the_second_half(gate):
    z = np.random.default_rng(3).normal(size=(4, 6)) * 3
    a, b = z[:, :3], z[:, 3:]
    phi = A.ACTIVATIONS[A.GATES[gate]]
    assert np.array_equal(A.gated(z, gate), a * phi(b))
    assert np.array_equal(getattr(A, gate)(z), A.gated(z, gate))
    assert np.array_equal(A.gated(z.T, gate, axis=0), A.gated(z, gate).T)


@pytest.mark.parametrize("gate", GATED)
@pytest.mark.parametrize("axis", [0, -1])
def test_gated_backward_by_the_product_rule_matches_finite_differences(gate, axis):
    rng = np.random.default_rng(4)
    z = rng.normal(size=(4, 6)) * 2
    z[np.abs(z) < 0.05] = 0.3  # keep ReGLU's gate away from its kink
    upstream = rng.normal(size=A.gated(z, gate, axis).shape)
    jacobian = numerical_jacobian(lambda x: A.gated(x, gate, axis), z)
    expected = np.tensordot(upstream, jacobian, axes=upstream.ndim)
    tiled = np.concatenate([upstream, upstream], axis=axis)
    assert np.allclose(tiled * A.gated_grad(z, gate, axis), expected, rtol=1e-6, atol=1e-8)


def test_gated_refuses_what_it_cannot_split():
    with pytest.raises(ValueError, match="even length; got shape \\(2, 3\\)"):
        A.gated(np.ones((2, 3)))
    with pytest.raises(ValueError, match="knows the gates glu, reglu, geglu, swiglu; got 'tanh'"):
        A.gated(np.ones(4), "tanh")
    with pytest.raises(ValueError, match="not a single number"):
        A.swiglu(1.0)
    with pytest.raises(ValueError, match="axis=2"):
        A.gated_grad(np.ones((2, 4)), axis=2)
