"""Tests of the check machinery (course_utils.checks._core), of the harness in checks_cases.py,
and the registry gate: every @task check of every lesson module is tested with at least two wrong
answers (its other public functions, e.g. data for the exercises, are not checks)."""
import functools
import importlib
import math
import pkgutil
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

import course_utils.checks
from checks_cases import (MIN_CORRECT_ANSWERS, MIN_WRONG_ANSWERS, REQUIRED_KINDS, UNSTABLE, Args,
                          Battery, Wrong, _call, assert_check_behaviour, cases_test)
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


def test_an_error_inside_a_check_is_reported_not_raised():
    @task("buggy")
    def buggy(fn):
        return 1 / 0
    with pytest.raises(AssertionError, match="^buggy: your answer could not be checked: looking "
                                             "at what it returned raised ZeroDivisionError: "
                                             "division by zero\nHint: return exactly"):
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


def test_an_answer_that_modifies_its_input_is_named_even_when_its_result_is_right():
    def shifts_in_place(z):
        z -= z.max(axis=-1, keepdims=True)
        np.exp(z, out=z)
        return z / z.sum(axis=-1, keepdims=True)
    with pytest.raises(AssertionError) as info:
        softmax_rows(shifts_in_place)
    message = str(info.value)
    assert "shifts_in_place(an array of shape (3, 3)) changed its input `z` in place (z[0, 0]: " \
           "1.0 became 0.1353352832366127); the caller's arrays must stay as they were." in message
    assert "Hint: don't modify `z`: an in-place operation such as `z *= ...`" in message


def test_modified_containers_are_found_inside_dicts_and_lists():
    @task("params")
    def params(fn):
        run(fn, {"W": np.zeros((2, 2)), "b": [np.zeros(2), 1.0]})

    def pokes_bias(p):
        p["b"][0][1] = 7.0

    with pytest.raises(AssertionError, match=r"changed its input `p` in place \(p\['b'\]\[0\]\[1\]: "
                                             r"0.0 became 7.0\)"):
        params(pokes_bias)
    params(lambda p: {**p, "W": p["W"] + 1})  # a new dict: fine


def test_code_below_the_stubs_raise_is_pointed_out(capsys):
    def derivative(x):
        raise NotImplementedError("compute sigmoid'")
        f = naive_sigmoid(x)  # noqa: F841 - the student's answer, never reached
        return f * (1 - f)
    assert run_check(sigmoid_derivative, derivative, capsys=capsys)[1] == (
        "sigmoid derivative: not done yet — fill in the function above, then run this cell again.\n"
        "Hint: your code sits below the line `raise NotImplementedError(...)` in derivative(), "
        "and that line stops the function before your code runs: delete it.\n")


def test_a_plain_stub_gets_no_hint_about_code_below(capsys):
    out = run_check(sigmoid_derivative, stub, capsys=capsys)[1]
    assert "below" not in out


def test_sys_exit_in_student_code_is_a_failure_not_an_exit():
    def quits(x):
        sys.exit(0)
    with pytest.raises(AssertionError, match=r"raised SystemExit: 0\nHint: your function called exit"):
        sigmoid_derivative(quits)


@pytest.mark.parametrize("returned, fragment", [
    (None, "returned None"), ("abc", "returned the string 'abc'"), (np.nan, "returned a single number"),
    ((x for x in range(3)), "returned a generator"), (np.zeros(10**6), "returned shape (1000000,)"),
    ({"a": 1}, "returned a dict"), (object(), "holding Python objects"),
    (np.zeros((201, 1)), "axes of length 1 added"),
])
def test_whatever_the_student_returns_the_check_explains(returned, fragment):
    with pytest.raises(AssertionError) as info:
        sigmoid_derivative(lambda x: returned)
    assert fragment in str(info.value) and "\nHint: " in str(info.value)


def test_not_a_function():
    with pytest.raises(AssertionError, match="expected a function, got 0.25.\nHint: pass the function"):
        sigmoid_derivative(0.25)


def test_run_returns_raw_result():
    assert run(lambda a, b: (a, b), 1, b=2) == (1, 2)


# as_array: types, shapes and dtypes

@pytest.mark.parametrize("value, shape, fragment", [
    ([0.1, 0.2], (3,), "returned shape (2,); expected an array of shape (3,)"),
    (None, (3,), "returned None"),
    (np.array([True, False, True]), (3,), "True/False values; expected an array of shape (3,) of "
                                          "numbers.\nHint: convert"),
    (True, (), "returned True/False values; expected a single number"),
    (np.ones(3, dtype=np.float32), (3,), "dtype float32"),
    (np.ones((3, 1)), (3,), "returned shape (3, 1); expected an array of shape (3,).\nHint: same "
                            "values, but with axes of length 1 added"),
    (np.ones((2, 3)), (3, 2), "Hint: the right number of values in another arrangement"),
    (np.float64(1.0), (3,), "returned a single number; expected an array of shape (3,).\nHint: "
                            "return one value per input"),
    (np.array(["a", "b", "c"]), (3,), "holding strings; expected an array of shape (3,) of real"),
    ("0.5", (), "returned the string '0.5'; expected a single number"),
    ([0.5], (), "returned shape (1,); expected a single number.\nHint: return one number, not an "
                "array holding one"),
    (np.ones(4), (), "Hint: return one number; your result holds 4 values"),
    ((x for x in [1.0]), (1,), "returned a generator"),
    ([[1.0], [2.0, 3.0]], (2,), "holding Python objects"),
    ({0.5}, (1,), "returned a set"),
])
def test_as_array_reports_what_is_off(value, shape, fragment):
    with pytest.raises(AssertionError) as info:
        as_array(value, shape, "f()")
    assert fragment in str(info.value)
    assert "\nHint: " in str(info.value)


@pytest.mark.parametrize("value", [0.5, 1, np.float64(0.5), np.array(0.5), np.int64(1)])
def test_as_array_accepts_single_numbers(value):
    result = as_array(value, shape=())
    assert result.dtype == np.float64 and result.shape == () and result == float(value)


@pytest.mark.parametrize("value", [[0.5, 1.0], (0.5, 1.0), np.array([0.5, 1.0]), [np.float64(0.5), 1]])
def test_as_array_accepts_any_container_of_numbers(value):
    result = as_array(value, shape=(2,))
    assert result.dtype == np.float64 and result.tolist() == [0.5, 1.0]


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
        (lambda x, w, b: [x @ w + b], "returned shape (1, 3)"),
    ])
    assert_check_behaviour(depth, 10, [(11, "L = 10"), ("10", "returned the string '10'")])


def test_harness_stubs_functions_inside_args():
    @task("apply")
    def apply(fn, x):
        assert_close(call(fn, x), np.tanh(x), x, hint="use np.tanh.")
    x = np.array([0.0, 1.0])
    assert_check_behaviour(apply, Args(np.tanh, x), [(Args(np.sin, x), "np.tanh"),
                                                      (Args(lambda v: v, x), "np.tanh")])


@pytest.mark.parametrize("reference, wrong, correct, complaint", [
    (SIGMOID.grad, [(SIGMOID.grad, ""), (naive_sigmoid, "")], [], "accepts the wrong answer"),
    (lambda x: x * (1 - x), [(naive_sigmoid, "")] * 2, [], "rejects the reference"),
    (SIGMOID.grad, [(naive_sigmoid, "no such hint"), (naive_sigmoid, "")], [], "no such hint"),
    (SIGMOID.grad, [Wrong(naive_sigmoid, "use f'", names="x = 99")], [], "to name 'x = 99'"),
    (SIGMOID.grad, [Wrong(naive_sigmoid, "x = ", names="x = ")], [], "in the hint"),
    (SIGMOID.grad, [], [], "give plausible wrong answers"),
    (SIGMOID.grad, [(naive_sigmoid, "")], [lambda x: x * (1 - x)], "rejects the correct answer"),
])
def test_harness_catches_weak_checks(reference, wrong, correct, complaint):
    with pytest.raises(BaseException) as info:  # pytest.fail raises a BaseException
        assert_check_behaviour(sigmoid_derivative, reference, wrong, correct)
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


@functools.cache
def registered_cases():
    """{check: Battery} over the CASES of every tests/test_checks_<slug>.py."""
    found = {}
    for path in sorted(TESTS.glob("test_checks_*.py")):
        if path.stem == Path(__file__).stem:
            continue
        module = importlib.import_module(path.stem)
        cases = getattr(module, "CASES", None)
        assert isinstance(cases, dict), f"{path.name} has no CASES dict"
        assert any(getattr(v, "cases", None) is cases for v in vars(module).values()), \
            f"{path.name} does not run its CASES: add `test_cases = cases_test(CASES)`"
        found.update(cases)
    return found


def lesson_checks(slug):
    module = importlib.import_module(f"course_utils.checks.{slug}")
    return [obj for name, obj in vars(module).items() if not name.startswith("_")
            and is_task(obj) and obj.__module__ == module.__name__]


@pytest.mark.parametrize("slug", check_modules())
def test_every_check_has_an_adversarial_battery(slug):
    checks = lesson_checks(slug)
    assert checks, f"course_utils.checks.{slug} defines no @task check"
    cases, problems = registered_cases(), []
    for check in checks:
        battery = cases.get(check)
        if not isinstance(battery, Battery):
            problems.append(f"{check.__name__}: no Battery in tests/test_checks_{slug}.py")
            continue
        if len(battery.correct) < MIN_CORRECT_ANSWERS:
            problems.append(f"{check.__name__}: {len(battery.correct)} correct answers, "
                            f"need {MIN_CORRECT_ANSWERS}")
        if len(battery.wrong) < MIN_WRONG_ANSWERS:
            problems.append(f"{check.__name__}: {len(battery.wrong)} wrong answers, "
                            f"need {MIN_WRONG_ANSWERS}")
        required = set(REQUIRED_KINDS) | ({UNSTABLE} if battery.stability else set())
        missing = required - {w.kind for w in battery.wrong} - set(battery.exempt)
        problems += [f"{check.__name__}: no wrong answer of the kind '{kind}'" for kind in missing]
        problems += [f"{check.__name__}: a wrong answer does not say what its message names"
                     for w in battery.wrong if not w.names]
        problems += [f"{check.__name__}: exempt from '{kind}' without a reason"
                     for kind, why in battery.exempt.items() if len(why) < 20]
    assert not problems, "\n".join(problems)


# Whatever a student returns or raises, a check ends in a message with a hint

def _returns(value):
    def answer(*args, **kwargs):
        return value() if callable(value) else value
    answer.__name__ = "answer"
    return answer


def _raises(error):
    def answer(*args, **kwargs):
        raise error
    answer.__name__ = "answer"
    return answer


ODD_VALUES = {"None": None, "a string": "0.5", "nan": np.nan, "-inf": -np.inf,
              "a generator": lambda: (v for v in [1.0, 2.0]), "a huge array": lambda: np.zeros(10**6),
              "a 3-D array": lambda: np.zeros((2, 3, 4)), "a dict": {"a": 1.0},
              "an object": object(), "an empty list": [], "a ragged list": [[1.0], [1.0, 2.0]]}
ODD_ANSWERS = {**{f"returns {k}": _returns(v) for k, v in ODD_VALUES.items()},
               "raises ValueError": _raises(ValueError("boom")), "calls sys.exit": _raises(SystemExit(3)),
               "raises TypeError": _raises(TypeError("unsupported operand"))}


def odd_versions(reference):
    """The reference answer with each function in it (or, for a value, the value itself)
    replaced by each odd answer."""
    if isinstance(reference, Args):
        for i, value in enumerate(reference.args):
            if callable(value) or len(reference.args) == 1:
                for label, odd in ODD_ANSWERS.items():
                    args = list(reference.args)
                    args[i] = odd if callable(value) else odd(None)
                    yield f"argument {i + 1} {label}", Args(*args, **reference.kwargs)
    elif callable(reference):
        yield from ODD_ANSWERS.items()
    else:
        for label, value in ODD_VALUES.items():
            yield f"is {label}", value() if callable(value) and label != "None" else value


@pytest.mark.parametrize("check", list(registered_cases()), ids=lambda check: check.__name__)
def test_no_odd_answer_escapes_as_anything_but_a_message_with_a_hint(check):
    battery = registered_cases()[check]
    reference = battery.reference if isinstance(battery, Battery) else battery[0]
    for label, answer in odd_versions(reference):
        try:
            _, printed = _call(check, answer)
        except AssertionError as err:
            message = str(err)
            assert "\nHint: " in message, f"{check.__name__}, {label}: no hint:\n{message}"
            assert "could not be checked" not in message, (
                f"{check.__name__}, {label}: the check itself broke:\n{message}")
        else:
            pytest.fail(f"{check.__name__} accepted an answer that {label}:\n{printed}")
