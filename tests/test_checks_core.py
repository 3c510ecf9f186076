"""Tests of the check machinery (course_utils.checks._core), of the harness in checks_cases.py,
and the registry gate: every @task check of every lesson module is tested with at least two wrong
answers (its other public functions, e.g. data for the exercises, are not checks)."""
import importlib
import math
import pkgutil
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

import course_utils.checks
from checks_cases import MIN_WRONG_ANSWERS, Args, assert_check_behaviour, cases_test
from course_utils.activations import ACTIVATIONS, softmax
from course_utils.checks._core import (
    as_array, assert_close, call, fail, grid, has_nonfinite, is_task, looks_like, missing_term,
    normalised_along, run, task, written_in_x, wrong_only_at,
)

TESTS = Path(__file__).resolve().parent
SIGMOID, RELU = ACTIVATIONS["sigmoid"], ACTIVATIONS["relu"]


# Tiny example checks, written the way lesson checks are.

@task("sigmoid derivative")
def sigmoid_derivative(fn):
    x = grid()
    got = call(fn, x, shape=x.shape)
    assert_close(got, SIGMOID.grad(x), x, hint="use f'(x) = f(x)(1 - f(x)) with f = sigmoid(x).",
                 mistakes=[(written_in_x(got, x, lambda f: f * (1 - f)),
                            "you wrote the derivative in x: compute f = sigmoid(x) first.")])
    return f"checked {x.size} points"


@task("relu derivative")
def relu_derivative(fn):
    x = grid(-3, 3, 61)
    got = call(fn, x, shape=x.shape)
    assert_close(got, RELU.grad(x), x, hint="relu'(z) is 1 where z > 0 and 0 elsewhere.",
                 mistakes=[(wrong_only_at(got, RELU.grad(x), x, 0.0),
                            "at exactly 0 use relu'(0) = 0, as TensorFlow and PyTorch do.")])


Z_ROWS = np.array([[1.0, 2.0, 3.0], [1000.0, 1001.0, 1002.0], [-5.0, 0.0, 5.0]])


@task("softmax")
def softmax_rows(fn):
    got = call(fn, Z_ROWS, shape=Z_ROWS.shape,
               warning_hint="subtract max(z) from each row before np.exp.")
    assert_close(got, softmax(Z_ROWS), Z_ROWS, label="z", rows=True,
                 hint="softmax(z)_i = exp(z_i) / sum_j exp(z_j).",
                 mistakes=[(has_nonfinite(got), "subtract max(z) from each row before np.exp."),
                           (normalised_along(got, 0), "normalise each row (axis=-1), not each column.")])


W, B, X = np.array([0.5, 1.0]), -0.5, np.array([[2.0, -1.0], [1.0, 1.0], [0.0, 3.0]])


@task("pre-activation")
def pre_activation(fn):
    got = call(fn, X, W, B, shape=(3,))
    expected = X @ W + B
    assert_close(got, expected, X, label="x", hint="z = w·x + b for each row x.",
                 mistakes=[(missing_term(got, expected, B), "add the bias b.")])


@task("depth")
def depth(answer):
    value = as_array(answer, shape=(), what="your answer", dtype=None)
    if value != 10:
        fail(f"your answer is {value:g}.", "0.25**L < 1e-6 first holds at L = 10.")


def naive_sigmoid(x):
    return 1 / (1 + np.exp(-x))


def stub(*args):
    raise NotImplementedError("write the body of stub()")


def run_check(check, *args, capsys):
    result = check(*args)
    return result, capsys.readouterr().out


# task

def test_pass_prints_one_line_with_detail(capsys):
    result, out = run_check(sigmoid_derivative, lambda x: naive_sigmoid(x) * (1 - naive_sigmoid(x)),
                            capsys=capsys)
    assert result is None
    assert out == "✔ sigmoid derivative: passed (checked 201 points)\n"


def test_pass_without_detail(capsys):
    assert run_check(relu_derivative, lambda x: (x > 0).astype(float), capsys=capsys) == (
        None, "✔ relu derivative: passed\n")


def test_not_done_yet_prints_and_does_not_raise(capsys):
    result, out = run_check(sigmoid_derivative, stub, capsys=capsys)
    assert result is None
    assert out == ("sigmoid derivative: not done yet — fill in the function above, "
                   "then run this cell again.\n")


def test_not_done_yet_from_a_stub_called_inside(capsys):
    def derivative(x):
        return stub(x) * 2
    assert "not done yet" in run_check(sigmoid_derivative, derivative, capsys=capsys)[1]


def test_wrong_answer_says_what_and_hints():
    with pytest.raises(AssertionError) as info:
        sigmoid_derivative(lambda x: x * (1 - x))
    message = str(info.value)
    assert message.startswith("sigmoid derivative: wrong at ")
    assert "Hint: you wrote the derivative in x" in message
    assert info.value.__suppress_context__


def test_default_hint_when_no_mistake_detected():
    with pytest.raises(AssertionError, match="Hint: use f'\\(x\\) = f\\(x\\)"):
        sigmoid_derivative(naive_sigmoid)


def test_relu_at_zero_detected():
    with pytest.raises(AssertionError) as info:
        relu_derivative(lambda x: (x >= 0).astype(float))
    assert "wrong at 1 of 61 points; worst x = 0.0: got 1.0, expected 0.0." in str(info.value)
    assert "relu'(0) = 0" in str(info.value)


def test_bug_in_a_check_is_not_hidden():
    @task("buggy")
    def buggy(fn):
        return 1 / 0
    with pytest.raises(ZeroDivisionError):
        buggy(naive_sigmoid)


# run: errors and warnings in student code

@pytest.mark.parametrize("student, fragment", [
    (lambda x: math.exp(x), "use the NumPy version"),
    (lambda x: x if x > 0 else 0.0, "np.where"),
    (lambda x: undefined_name * x, "is not defined"),  # noqa: F821
    (lambda x: x @ np.ones(5), "try your function on a small input"),
])
def test_exception_in_student_code_becomes_explained_failure(student, fragment):
    with pytest.raises(AssertionError) as info:
        sigmoid_derivative(student)
    message = str(info.value)
    assert "<lambda>(an array of shape (201,)) raised " in message
    assert fragment in message
    assert "Traceback" not in message


def test_student_assert_is_reported_as_raised():
    def derivative(x):
        assert False, "my own assert"
    with pytest.raises(AssertionError, match="raised AssertionError: my own assert"):
        sigmoid_derivative(derivative)


def test_runtime_warning_is_reported_with_the_check_hint():
    def softmax_without_max(z):
        e = np.exp(z)
        return e / e.sum(axis=-1, keepdims=True)
    with pytest.raises(AssertionError) as info:
        softmax_rows(softmax_without_max)
    assert "gave a RuntimeWarning: overflow encountered in exp" in str(info.value)
    assert "Hint: subtract max(z)" in str(info.value)


def test_silent_overflow_is_detected():
    def softmax_without_max(z):
        with np.errstate(all="ignore"):
            e = np.exp(z)
            return e / e.sum(axis=-1, keepdims=True)
    with pytest.raises(AssertionError) as info:
        softmax_rows(softmax_without_max)
    assert "z[1] = [1000., 1001., 1002.]: got [nan, nan, nan]" in str(info.value)
    assert "subtract max(z)" in str(info.value)


def test_wrong_axis_is_detected():
    with pytest.raises(AssertionError, match="not each column"):
        softmax_rows(lambda z: softmax(z, axis=0))


def test_forgotten_bias_is_detected():
    with pytest.raises(AssertionError, match="add the bias"):
        pre_activation(lambda x, w, b: x @ w)


def test_arguments_are_copies():
    def scribbles(x, w, b):
        x[:] = 0
        w[:] = 0
        return np.zeros(3)
    with pytest.raises(AssertionError):
        pre_activation(scribbles)
    assert X[0, 0] == 2.0 and W[0] == 0.5


def test_not_a_function():
    with pytest.raises(AssertionError, match="expected a function, got 0.25.\nHint: pass the function"):
        sigmoid_derivative(0.25)


def test_run_returns_raw_result():
    assert run(lambda a, b: (a, b), 1, b=2) == (1, 2)


# as_array: types, shapes and dtypes

@pytest.mark.parametrize("value, shape, fragment", [
    ([0.1, 0.2, 0.3], (3,), "returned a list of shape (3,); expected a NumPy array of shape (3,)"),
    (None, (3,), "returned None"),
    (np.array([True, False, True]), (3,), "dtype bool; expected float64.\nHint: convert"),
    (np.array([1, 0, 1]), (3,), "dtype int64; expected float64"),
    (np.ones(3, dtype=np.float32), (3,), "dtype float32"),
    (np.ones((3, 1)), (3,), "returned shape (3, 1); expected a NumPy array of shape (3,)"),
    (np.float64(1.0), (3,), "returned a single number; expected a NumPy array of shape (3,)"),
    (np.array(["a", "b", "c"]), (3,), "dtype <U1; expected real numbers"),
    ("0.5", (), "returned str; expected a single number"),
    ([0.5], (), "returned a list of length 1; expected a single number"),
    (True, (), "returned True"),
])
def test_as_array_reports_what_is_off(value, shape, fragment):
    with pytest.raises(AssertionError) as info:
        as_array(value, shape, "f()")
    assert fragment in str(info.value)
    assert "\nHint: " in str(info.value)


@pytest.mark.parametrize("value", [0.5, 1, np.float64(0.5), np.array(0.5)])
def test_as_array_accepts_single_numbers(value):
    result = as_array(value, shape=())
    assert result.dtype == np.float64 and result.shape == () and result == float(value)


def test_as_array_with_any_dtype_converts():
    assert as_array(np.array([1, 0]), dtype=None).dtype == np.float64


def test_value_check(capsys):
    assert run_check(depth, 10, capsys=capsys) == (None, "✔ depth: passed\n")
    with pytest.raises(AssertionError, match="your answer is 11"):
        depth(11)


# assert_close and the detectors

def test_assert_close_reports_worst_point():
    x = np.array([-1.0, 0.0, 1.0])
    with pytest.raises(AssertionError) as info:
        assert_close(np.array([0.0, 1.0, 1.0]), np.array([0.0, 0.0, 1.0]), x, hint="h")
    assert str(info.value) == "wrong at 1 of 3 points; worst x = 0.0: got 1.0, expected 0.0.\nHint: h"


def test_assert_close_without_inputs_and_shape_mismatch():
    with pytest.raises(AssertionError, match=r"at index \(1, 0\): got 5.0, expected 0.0"):
        assert_close([[0.0], [5.0]], [[0.0], [0.0]], hint="h")
    with pytest.raises(AssertionError, match=r"^the value: got 2.0, expected 1.0"):
        assert_close(2.0, 1.0, hint="h")
    with pytest.raises(AssertionError, match=r"got shape \(2,\), expected shape \(3,\)"):
        assert_close(np.zeros(2), np.zeros(3), hint="h")


def test_assert_close_passes_within_rounding():
    x = grid()
    assert_close(naive_sigmoid(x) * (1 - naive_sigmoid(x)), SIGMOID.grad(x), x, hint="h")


def test_detectors():
    x = np.array([-2.0, 0.0, 2.0])
    assert written_in_x(x * (1 - x), x, lambda f: f * (1 - f))
    assert not written_in_x(SIGMOID.grad(x), x, lambda f: f * (1 - f))
    assert has_nonfinite([1.0, np.nan]) and has_nonfinite([np.inf]) and not has_nonfinite([1.0])
    z = np.array([[1.0, 2.0], [3.0, 5.0]])
    assert normalised_along(softmax(z, axis=0), 0) and not normalised_along(softmax(z), 0)
    assert wrong_only_at([0.0, 1.0, 1.0], [0.0, 0.0, 1.0], x, 0.0)
    assert not wrong_only_at([1.0, 1.0, 1.0], [0.0, 0.0, 1.0], x, 0.0)
    assert not wrong_only_at([0.0, 0.0, 1.0], [0.0, 0.0, 1.0], x, 0.0)
    assert missing_term([1.0, 2.0], [1.5, 2.5], 0.5) and not missing_term([1.5, 2.5], [1.5, 2.5], 0.5)
    assert looks_like([1.0, 2.0], [1.0, 2.0 + 1e-12]) and not looks_like([1.0], [1.0, 1.0])


def test_grid_is_sorted_and_contains_its_points():
    points = grid(-1, 1, 4, include=(0.0, 7.0))
    assert np.all(np.diff(points) > 0) and 0.0 in points and 7.0 in points and points.size == 6


def test_package_import_is_light():
    code = ("import sys, course_utils.checks, course_utils.checks._core; "
            "print(sorted(m for m in ('tensorflow', 'keras', 'matplotlib') if m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


# The harness itself

def test_harness_accepts_a_good_check():
    assert_check_behaviour(pre_activation, lambda x, w, b: x @ w + b, [
        (lambda x, w, b: x @ w, "add the bias"),
        (lambda x, w, b: list(x @ w + b), "returned a list"),
    ])
    assert_check_behaviour(depth, 10, [(11, "L = 10"), ("10", "returned str")])


def test_harness_stubs_functions_inside_args():
    @task("apply")
    def apply(fn, x):
        assert_close(call(fn, x), np.tanh(x), x, hint="use np.tanh.")
    x = np.array([0.0, 1.0])
    assert_check_behaviour(apply, Args(np.tanh, x), [(Args(np.sin, x), "np.tanh"),
                                                      (Args(lambda v: v, x), "np.tanh")])


@pytest.mark.parametrize("reference, wrong, complaint", [
    (SIGMOID.grad, [(SIGMOID.grad, ""), (naive_sigmoid, "")], "DID NOT RAISE"),
    (lambda x: x * (1 - x), [(naive_sigmoid, "")] * 2, "rejects the reference"),
    (SIGMOID.grad, [(naive_sigmoid, "no such hint"), (naive_sigmoid, "")], "no such hint"),
    (SIGMOID.grad, [(naive_sigmoid, "")], "at least 2"),
])
def test_harness_catches_weak_checks(reference, wrong, complaint):
    with pytest.raises(BaseException) as info:  # pytest.fail raises a BaseException
        assert_check_behaviour(sigmoid_derivative, reference, wrong)
    assert complaint in str(info.value)


def test_cases_test_is_a_parametrized_test():
    cases = {pre_activation: (lambda x, w, b: x @ w + b, [])}
    test = cases_test(cases)
    assert test.cases is cases
    assert [m.name for m in test.pytestmark] == ["parametrize"]


# Gate: every public check in every course_utils.checks module has registered cases

def check_modules():
    return sorted(m.name for m in pkgutil.iter_modules(course_utils.checks.__path__)
                  if not m.name.startswith("_"))


def registered_cases():
    """{check: number of wrong answers} over the CASES of every tests/test_checks_<slug>.py."""
    found = {}
    for path in sorted(TESTS.glob("test_checks_*.py")):
        module = importlib.import_module(path.stem)
        cases = getattr(module, "CASES", None)
        if path.stem == Path(__file__).stem:
            continue
        assert isinstance(cases, dict), f"{path.name} has no CASES dict"
        assert any(getattr(v, "cases", None) is cases for v in vars(module).values()), \
            f"{path.name} does not run its CASES: add `test_cases = cases_test(CASES)`"
        for check, (_, wrong_answers) in cases.items():
            found[check] = max(found.get(check, 0), len(wrong_answers))
    return found


@pytest.mark.parametrize("slug", check_modules())
def test_every_check_is_tested(slug):
    module = importlib.import_module(f"course_utils.checks.{slug}")
    checks = [obj for name, obj in vars(module).items() if not name.startswith("_")
              and is_task(obj) and obj.__module__ == module.__name__]
    assert checks, f"course_utils.checks.{slug} defines no @task check"
    cases = registered_cases()
    untested = [f.__name__ for f in checks if cases.get(f, 0) < MIN_WRONG_ANSWERS]
    assert not untested, (f"checks.{slug}: no CASES entry with >= {MIN_WRONG_ANSWERS} wrong answers "
                          f"in tests/test_checks_{slug}.py for {untested}")
