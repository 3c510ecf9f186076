"""Harness for the tests of the exercise checks in course_utils/checks/.

Each `tests/test_checks_<slug>.py` registers an adversarial battery per check and turns the
batteries into a test:

    from checks_cases import Battery, Wrong, cases_test
    from course_utils.checks import math as check

    CASES = {
        check.sigmoid_derivative: Battery(
            reference=sigmoid_derivative,
            correct=[written_with_expit, written_with_tanh, from_the_quotient_rule],
            wrong=[
                Wrong(in_x, hint="the formula uses f(x)", names="at x = ", kind=None),
                Wrong(hard_coded, hint="...", names="x = ", kind=HARDCODED),
                ...,
            ]),
    }
    test_cases = cases_test(CASES)

An answer is what the student passes to the check (usually a function); wrap several arguments
as `Args(a, b, key=c)`. Every correct answer must pass; every wrong one must be rejected with a
message whose problem part contains `names` (the failing input, or its shape) and whose hint
contains `hint`. tests/test_checks_core.py gates the batteries: at least MIN_CORRECT_ANSWERS
correct answers written differently from the reference and MIN_WRONG_ANSWERS wrong ones, among
them one of each kind in REQUIRED_KINDS (unless the battery exempts it, saying why).
"""
import contextlib
import inspect
import io
from typing import NamedTuple

import pytest

from course_utils.checks._core import is_task

MIN_CORRECT_ANSWERS = 3
MIN_WRONG_ANSWERS = 6
# The kinds of wrong answer every battery holds:
HARDCODED = "a hard-coded copy of the visible example's numbers"
MUTATES = "an answer that modifies its input in place"
VISIBLE_ONLY = "an answer right only on the inputs the notebook shows"
UNSTABLE = "a numerically unstable variant"  # required where `stability` is part of the task
REQUIRED_KINDS = (HARDCODED, MUTATES, VISIBLE_ONLY)


class Wrong(NamedTuple):
    """A wrong answer, what its rejection must say, and which required kind it is (if any)."""
    answer: object
    hint: str  # a fragment of the hint
    names: str  # a fragment of the problem text: the input that failed, or its shape
    kind: str = None


class Battery(NamedTuple):
    """The answers a check is tried with."""
    reference: object
    correct: list
    wrong: list
    stability: bool = False  # the task asks for a numerically stable computation
    exempt: dict = {}  # {kind: why this task cannot have such a wrong answer}


class Args:
    """Several arguments for one call of a check."""

    def __init__(self, *args, **kwargs):
        self.args, self.kwargs = args, kwargs

    def __repr__(self):
        return f"Args{self.args!r}"


def _call(check, answer):
    """Call the check on the answer; return (its result, what it printed)."""
    args, kwargs = (answer.args, answer.kwargs) if isinstance(answer, Args) else ((answer,), {})
    printed = io.StringIO()
    with contextlib.redirect_stdout(printed):
        result = check(*args, **kwargs)
    return result, printed.getvalue()


def _stub(*args, **kwargs):
    raise NotImplementedError("write the body of stub()")


def _stubbed(answer):
    """The answer with its functions replaced by an unfinished stub, or None if it has none."""
    def swap(value):
        return _stub if inspect.isfunction(value) else value

    if isinstance(answer, Args):
        values = (*answer.args, *answer.kwargs.values())
        if any(map(inspect.isfunction, values)):
            return Args(*map(swap, answer.args), **{k: swap(v) for k, v in answer.kwargs.items()})
        return None
    return _stub if inspect.isfunction(answer) else None


def _label(answer):
    return getattr(answer, "__name__", None) or repr(answer)


def assert_passes(check, answer, what="the reference answer"):
    name, title = getattr(check, "__name__", repr(check)), check.task_title
    try:
        result, printed = _call(check, answer)
    except AssertionError as err:
        pytest.fail(f"{name} rejects {what} {_label(answer)}:\n{err}")
    assert result is None and printed.startswith(f"✔ {title}: passed"), printed


def assert_rejects(check, wrong):
    """Assert that `check` rejects `wrong.answer`, naming the input and hinting as promised."""
    name, title = getattr(check, "__name__", repr(check)), check.task_title
    loose = not isinstance(wrong, Wrong)  # (answer, fragment anywhere in the message): core tests
    if loose:
        wrong = Wrong(*wrong, names="")
    try:
        _, printed = _call(check, wrong.answer)
    except AssertionError as err:
        message = str(err)
    else:
        pytest.fail(f"{name} accepts the wrong answer {_label(wrong.answer)}:\n{printed}")
    assert message.startswith(f"{title}: "), message
    problem, _, hint = message.partition("\nHint: ")
    assert hint, f"{name}: no hint for {_label(wrong.answer)}:\n{message}"
    assert wrong.hint in (message if loose else hint), (
        f"{name}, {_label(wrong.answer)}: expected {wrong.hint!r} in the hint:\n{message}")
    assert wrong.names in problem, (f"{name}, {_label(wrong.answer)}: expected the message to "
                                    f"name {wrong.names!r}:\n{message}")


def assert_check_behaviour(check, reference, wrong_answers, correct_answers=()):
    """Assert that `check` passes `reference` and every correct answer, rejects each wrong answer
    as promised, and reports an unfinished stub as "not done yet" without raising."""
    name = getattr(check, "__name__", repr(check))
    assert is_task(check), f"{name} is not a check made with @task"
    title = check.task_title
    assert_passes(check, reference)
    for answer in correct_answers:
        assert_passes(check, answer, "the correct answer")
    assert wrong_answers, f"{name}: give plausible wrong answers"
    for wrong in wrong_answers:
        assert_rejects(check, wrong)
    stub = _stubbed(reference)
    if stub is not None:
        result, printed = _call(check, stub)
        assert result is None and printed.startswith(f"{title}: not done yet"), printed


def cases_test(cases):
    """A pytest test running `assert_check_behaviour` on each check of `cases`."""
    @pytest.mark.parametrize("check", list(cases), ids=lambda check: check.__name__)
    def test_check_behaviour(check):
        case = cases[check]
        if isinstance(case, Battery):
            assert_check_behaviour(check, case.reference, case.wrong, case.correct)
        else:  # (reference, [(wrong answer, hint fragment), ...])
            assert_check_behaviour(check, *case)

    test_check_behaviour.cases = cases
    return test_check_behaviour
