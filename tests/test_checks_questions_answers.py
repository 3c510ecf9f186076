"""The checks of the Lesson 14 exercises accept correct answers written in several styles and
reject wrong ones with a message that names the failing question or input and a hint that fits
the mistake."""
import math

import numpy as np
from scipy.special import log_expit

from checks_cases import HARDCODED, MUTATES, UNSTABLE, VISIBLE_ONLY, Battery, Wrong, cases_test
from course_utils.activations import sigmoid
from course_utils.checks import questions_answers as check

RIGHT = {"q1": "b", "q2": "c", "q3": "b", "q4": "c", "q5": "a", "q6": "b"}
NO_INPUT = ("the function takes no arguments and returns constants, so there is no input it "
            "could modify")

# Task 1 · multiple choice


def answers():
    return {"q1": "b", "q2": "c", "q3": "b", "q4": "c", "q5": "a", "q6": "b"}


def answers_in_capitals():
    return {q: a.upper() for q, a in RIGHT.items()}


def answers_zipped_with_spaces():
    return dict(zip([f"q{i}" for i in range(1, 7)], [" b", "c ", "b", "c", " a ", "b"]))


def answers_keyword_dict():
    return dict(q1="b", q2="c", q3="b", q4="c", q5="a", q6="b")


def answers_seed_75_percent():
    return {**RIGHT, "q2": "b"}


def answers_relu_grad_one_and_dead():
    return {**RIGHT, "q3": "a", "q4": "a"}


def answers_from_logits_default():
    return {**RIGHT, "q6": "a"}


def answers_list():
    return list(RIGHT.values())


def answers_missing_key():
    return {k: v for k, v in RIGHT.items() if k != "q6"}


def answers_not_a_letter():
    return {**RIGHT, "q1": "affine"}


def answers_numbered_options():
    return {**RIGHT, "q5": 1}


def answers_the_template():
    return {"q1": ..., "q2": ..., "q3": ..., "q4": ..., "q5": ..., "q6": ...}


def answers_the_hints_example():
    return {q: "a" for q in RIGHT}


def answers_fixed_where_the_messages_pointed():
    """Right on q1-q5, which earlier messages named, but q6 still wrong."""
    return {**RIGHT, "q6": "c"}


# Task 2 · output activations

def output_activation():
    return {"binary": "sigmoid", "multi_label": "sigmoid", "multi_class": "softmax", "regression": "identity"}


def output_activation_linear():
    return {"binary": "sigmoid", "multi_label": "sigmoid", "multi_class": "softmax", "regression": "linear"}


def output_activation_capitals_and_none():
    return dict(binary="Sigmoid", multi_label="SIGMOID", multi_class="Softmax", regression=None)


def output_activation_logistic_spaces():
    return {"binary": "logistic", "multi_label": " sigmoid ", "multi_class": "softmax", "regression": "none"}


def output_activation_multilabel_softmax():
    return {"binary": "sigmoid", "multi_label": "softmax", "multi_class": "softmax", "regression": "identity"}


def output_activation_regression_relu():
    return {"binary": "sigmoid", "multi_label": "sigmoid", "multi_class": "softmax", "regression": "relu"}


def output_activation_regression_tanh():
    return {"binary": "sigmoid", "multi_label": "sigmoid", "multi_class": "softmax", "regression": "tanh"}


def output_activation_binary_softmax():
    return {"binary": "softmax", "multi_label": "sigmoid", "multi_class": "softmax", "regression": "identity"}


def output_activation_multiclass_sigmoid():
    return {"binary": "sigmoid", "multi_label": "sigmoid", "multi_class": "sigmoid", "regression": "identity"}


def output_activation_typo():
    return {"binary": "sigmod", "multi_label": "sigmoid", "multi_class": "softmax", "regression": "identity"}


def output_activation_functions():
    return {"binary": sigmoid, "multi_label": sigmoid, "multi_class": "softmax", "regression": "identity"}


def output_activation_the_template():
    return {"binary": ..., "multi_label": ..., "multi_class": ..., "regression": ...}


def output_activation_fixed_where_the_messages_pointed():
    """Right on the first three task types, which earlier messages named; regression still wrong."""
    return {"binary": "sigmoid", "multi_label": "sigmoid", "multi_class": "softmax", "regression": "sigmoid"}


# Task 3 · binary cross-entropy from logits

def bce_from_logits(z, y):
    return np.logaddexp(0.0, z) - y * z


def bce_relu_plus_log1p(z, y):
    return np.maximum(z, 0) - y * z + np.log1p(np.exp(-np.abs(z)))


def bce_weighted_softplus_loop(z, y):
    def softplus(t):
        return max(t, 0.0) + math.log1p(math.exp(-abs(t)))
    return [yi * softplus(-zi) + (1 - yi) * softplus(zi) for zi, yi in zip(z, y)]


def bce_scipy_log_expit(z, y):
    return -(y * log_expit(z) + (1 - y) * log_expit(-z))


def bce_softplus_of_minus_z(z, y):
    loss = np.logaddexp(0.0, -z)
    loss += (1 - y) * z
    return tuple(loss)


def bce_naive(z, y):
    p = sigmoid(z)
    return -(y * np.log(p) + (1 - y) * np.log(1 - p))


def bce_clipped_probabilities(z, y):
    p = np.clip(sigmoid(z), 1e-7, 1 - 1e-7)
    return -(y * np.log(p) + (1 - y) * np.log(1 - p))


def bce_mean(z, y):
    return np.mean(np.logaddexp(0.0, z) - y * z)


def bce_sign(z, y):
    return np.logaddexp(0.0, z) + y * z


def bce_labels_swapped(z, y):
    return np.logaddexp(0.0, z) - (1 - y) * z


def bce_without_label(z, y):
    return np.logaddexp(0.0, z)


def bce_overflowing_softplus(z, y):
    return np.log(1 + np.exp(z)) - y * z


def bce_stable_for_positive_z_only(z, y):
    return z - y * z + np.log1p(np.exp(-z))


def bce_overflowing_math_loop(z, y):
    return np.array([math.log(1 + math.exp(zi)) - yi * zi for zi, yi in zip(z, y)])


def bce_silently_infinite(z, y):
    with np.errstate(over="ignore"):
        return np.log1p(np.exp(z)) - y * z


def bce_clipped_logits(z, y):
    z = np.clip(z, -100, 100)  # right for the notebook's example, whose largest |z| is 40
    return np.log1p(np.exp(z)) - y * z


def bce_of_the_example(z, y):
    return np.array([2.1269, 0.6931, 0.0486, 40.0])


def bce_into_z(z, y):
    z *= 1 - 2 * y  # z for y = 0, -z for y = 1
    return np.logaddexp(0.0, z)


CASES = {
    check.multiple_choice: Battery(
        reference=answers,
        correct=[answers_in_capitals, answers_zipped_with_spaces, answers_keyword_dict],
        wrong=[
            Wrong(answers_seed_75_percent, hint="misreads the bound", names="q2: you chose 'b'"),
            Wrong(answers_relu_grad_one_and_dead, hint="every training example",
                  names="q3: you chose 'a'"),
            Wrong(answers_from_logits_default, hint="from_logits=False", names="q6: you chose 'a'"),
            Wrong(answers_list, hint="return a dict", names="returned a list of length 6"),
            Wrong(answers_missing_key, hint="missing: q6", names="returned keys"),
            Wrong(answers_not_a_letter, hint="single letter", names="q1 is 'affine'"),
            Wrong(answers_numbered_options, hint="as a string", names="q5 is 1"),
            Wrong(answers_the_template, hint="replace each ...", names="q1 is still the template's",
                  kind=HARDCODED),
            Wrong(answers_the_hints_example, hint="it is linear (or logistic) regression",
                  names="q1: you chose 'a'"),
            Wrong(answers_fixed_where_the_messages_pointed, hint="cannot tell logits from probabilities",
                  names="q6: you chose 'c'", kind=VISIBLE_ONLY),
        ],
        exempt={MUTATES: NO_INPUT}),
    check.output_activations: Battery(
        reference=output_activation,
        correct=[output_activation_linear, output_activation_capitals_and_none,
                 output_activation_logistic_spaces],
        wrong=[
            Wrong(output_activation_multilabel_softmax, hint="compete", names="'multi_label'"),
            Wrong(output_activation_regression_relu, hint="below 0 °C", names="'regression'"),
            Wrong(output_activation_regression_tanh, hint="squash the range", names="'regression'"),
            Wrong(output_activation_binary_softmax, hint="always gives 1", names="'binary'"),
            Wrong(output_activation_multiclass_sigmoid, hint="need not sum to 1", names="'multi_class'"),
            Wrong(output_activation_typo, hint="check the spelling", names="'sigmod'"),
            Wrong(output_activation_functions, hint="write the name in quotes",
                  names="for 'binary' you gave an object of type Activation"),
            Wrong(output_activation_the_template, hint="replace each ...",
                  names="for 'binary' you left the template's", kind=HARDCODED),
            Wrong(output_activation_fixed_where_the_messages_pointed, hint="unbounded output",
                  names="for 'regression' you chose 'sigmoid'", kind=VISIBLE_ONLY),
        ],
        exempt={MUTATES: NO_INPUT}),
    check.bce_from_logits: Battery(
        reference=bce_from_logits,
        correct=[bce_relu_plus_log1p, bce_weighted_softplus_loop, bce_scipy_log_expit,
                 bce_softplus_of_minus_z],
        wrong=[
            Wrong(bce_naive, hint="np.logaddexp(0, z)", names="RuntimeWarning: divide by zero",
                  kind=UNSTABLE),
            Wrong(bce_overflowing_softplus, hint="If you used np.where", names="RuntimeWarning: overflow",
                  kind=UNSTABLE),
            Wrong(bce_stable_for_positive_z_only, hint="np.logaddexp(0, z)",
                  names="RuntimeWarning: overflow"),
            Wrong(bce_overflowing_math_loop, hint="np.logaddexp(0, z)", names="raised OverflowError"),
            Wrong(bce_silently_infinite, hint="some losses are inf or nan", names="(z, y)["),
            Wrong(bce_clipped_probabilities, hint="right for |z| < 30 but wrong for large |z|",
                  names="(z, y)["),
            Wrong(bce_clipped_logits, hint="clipping z", names="(z, y)[", kind=VISIBLE_ONLY),
            Wrong(bce_mean, hint="not one number", names="returned a single number"),
            Wrong(bce_sign, hint="check the sign", names="(z, y)["),
            Wrong(bce_labels_swapped, hint="labels swapped", names="(z, y)["),
            Wrong(bce_without_label, hint="the label matters", names="(z, y)["),
            Wrong(bce_of_the_example, hint="losses of the notebook's example",
                  names="z of shape (50,) returned shape (4,)", kind=HARDCODED),
            Wrong(bce_into_z, hint="don't modify `z`", names="changed its input `z` in place",
                  kind=MUTATES),
        ],
        stability=True),
}

test_cases = cases_test(CASES)
