"""course_utils.gradcheck: numbers it must get right, verdicts it must give, errors it must explain."""
import numpy as np
import pytest

from course_utils import activations as A
from course_utils.gradcheck import (check_gradient, numerical_derivative, numerical_gradient,
                                    numerical_jacobian, relative_error)


def test_numerical_gradient_of_a_quadratic_is_exact_enough():
    M = np.array([[2.0, 1.0], [1.0, 3.0]])
    x = np.array([0.5, -1.5])
    grad = numerical_gradient(lambda v: 0.5 * v @ M @ v, x)
    np.testing.assert_allclose(grad, M @ x, rtol=1e-9)


def test_numerical_jacobian_shape_is_output_then_input():
    W = np.arange(6.0).reshape(3, 2)
    jac = numerical_jacobian(lambda v: W @ v, np.ones(2))
    assert jac.shape == (3, 2)
    np.testing.assert_allclose(jac, W, atol=1e-9)


def test_numerical_derivative_is_elementwise():
    x = np.array([-2.0, 0.5, 3.0])
    np.testing.assert_allclose(numerical_derivative(np.sin, x), np.cos(x), rtol=1e-9)


def test_does_not_modify_the_point():
    x = np.array([1.0, 2.0])
    numerical_gradient(lambda v: (v**2).sum(), x)
    np.testing.assert_array_equal(x, [1.0, 2.0])


def test_relative_error_definition():
    np.testing.assert_allclose(relative_error([1.0, 0.0, 2.0], [1.1, 0.0, -2.0]), [0.1 / 1.1, 0.0, 2.0])


def test_check_gradient_passes_a_correct_gradient_and_prints_the_verdict(capsys):
    z = np.array([0.3, -1.2, 2.0])
    result = check_gradient(lambda v: A.sigmoid(v).sum(), A.sigmoid.grad, z, name="dL/dz")
    out = capsys.readouterr().out
    assert result.passed and bool(result)
    assert result.max_relative_error < 1e-9
    assert "dL/dz: analytic" in out and "numeric" in out and "PASS" in out


def test_check_gradient_fails_the_seed_softmax_derivative(capsys):
    z = np.random.default_rng(0).normal(size=5)
    s = A.softmax(z)
    seed_form = np.diag(s) - (s * s)[:, None] * np.ones(5)
    result = check_gradient(A.softmax, seed_form, z, name="softmax Jacobian")
    assert not result.passed and result.max_relative_error > 1e-2
    assert "FAIL" in capsys.readouterr().out


def test_check_gradient_at_a_kink_fails_as_it_should():
    result = check_gradient(lambda v: A.relu(v).sum(), A.relu.grad, np.array([0.0]), verbose=False)
    assert not result.passed  # central difference gives 1/2, the convention says 0


def test_float32_gradients_are_too_noisy_to_check():
    f32 = lambda v: np.tanh(v.astype(np.float32)).astype(np.float64).sum()  # noqa: E731
    result = check_gradient(f32, A.tanh.grad, np.array([0.3]), h=1e-6, verbose=False)
    assert not result.passed


def test_clear_errors():
    with pytest.raises(ValueError, match="single number"):
        numerical_gradient(lambda v: v, np.ones(2))
    with pytest.raises(ValueError, match="finite point"):
        numerical_gradient(lambda v: v.sum(), [np.nan])
    with pytest.raises(ValueError, match=r"shape \(3,\).*\(2,\)"):
        check_gradient(lambda v: v.sum(), np.ones(3), np.ones(2), verbose=False)
    with pytest.raises(ValueError, match="inf or NaN"):
        numerical_gradient(lambda v: np.full((), np.inf), [0.0])
    with pytest.raises(TypeError, match="numerical_gradient"):
        numerical_gradient(lambda v: v.sum(), "1, 2")
