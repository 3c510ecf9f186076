"""Harness for the tests of the exercise checks in course_utils/checks/.

Each `tests/test_checks_<slug>.py` registers its cases and turns them into a test:

    from checks_cases import cases_test
    from course_utils.checks import math as check

    CASES = {
        check.sigmoid_derivative: (reference_answer, [
            (wrong_answer_1, "fragment of the expected hint"),
            (wrong_answer_2, "another fragment"),
        ]),
    }
    test_cases = cases_test(CASES)

An answer is what the student passes to the check (usually a function); wrap several arguments
as `Args(a, b, key=c)`. tests/test_checks_core.py fails if a public check has no case with at
least two wrong answers.
"""
import contextlib
import inspect
import io

import pytest

from course_utils.checks._core import is_task

MIN_WRONG_ANSWERS = 2


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


def assert_check_behaviour(check, reference, wrong_answers):
    """Assert that `check` passes `reference`, rejects each wrong answer with a hint containing
    its fragment, and reports an unfinished stub as "not done yet" without raising."""
    name = getattr(check, "__name__", repr(check))
    assert is_task(check), f"{name} is not a check made with @task"
    title = check.task_title
    try:
        result, printed = _call(check, reference)
    except AssertionError as err:
        pytest.fail(f"{name} rejects the reference answer:\n{err}")
    assert result is None and printed.startswith(f"✔ {title}: passed"), printed
    assert len(wrong_answers) >= MIN_WRONG_ANSWERS, \
        f"{name}: give at least {MIN_WRONG_ANSWERS} plausible wrong answers"
    for answer, fragment in wrong_answers:
        with pytest.raises(AssertionError) as info:
            _call(check, answer)
        message = str(info.value)
        assert message.startswith(f"{title}: "), message
        assert "\nHint: " in message, f"{name}: no hint for {answer!r}:\n{message}"
        assert fragment in message, f"{name}: expected {fragment!r} in the message:\n{message}"
    stub = _stubbed(reference)
    if stub is not None:
        result, printed = _call(check, stub)
        assert result is None and printed.startswith(f"{title}: not done yet"), printed


def cases_test(cases):
    """A pytest test running `assert_check_behaviour` on each check of `cases`."""
    @pytest.mark.parametrize("check", list(cases), ids=lambda check: check.__name__)
    def test_check_behaviour(check):
        reference, wrong_answers = cases[check]
        assert_check_behaviour(check, reference, wrong_answers)

    test_check_behaviour.cases = cases
    return test_check_behaviour
