"""The checks of the Lesson 12 exercises accept the reference answers and reject typical mistakes."""
import numpy as np

from checks_cases import cases_test
from course_utils.activations import sigmoid
from course_utils.checks import questions_answers as check

RIGHT = {"q1": "b", "q2": "c", "q3": "b", "q4": "c", "q5": "a", "q6": "b"}


def answers():
    return dict(RIGHT)


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


def output_activation():
    return {"binary": "sigmoid", "multi_label": "sigmoid", "multi_class": "softmax", "regression": "linear"}


def output_activation_multilabel_softmax():
    return {"binary": "sigmoid", "multi_label": "softmax", "multi_class": "softmax", "regression": "identity"}


def output_activation_regression_relu():
    return {"binary": "sigmoid", "multi_label": "sigmoid", "multi_class": "softmax", "regression": "relu"}


def output_activation_binary_softmax():
    return {"binary": "softmax", "multi_label": "sigmoid", "multi_class": "softmax", "regression": "identity"}


def bce_from_logits(z, y):
    return np.logaddexp(0.0, z) - y * z


def bce_naive(z, y):
    p = sigmoid(z)
    return -(y * np.log(p) + (1 - y) * np.log(1 - p))


def bce_mean(z, y):
    return np.mean(np.logaddexp(0.0, z) - y * z)


def bce_sign(z, y):
    return np.logaddexp(0.0, z) + y * z


def bce_labels_swapped(z, y):
    return np.logaddexp(0.0, z) - (1 - y) * z


def bce_overflowing_softplus(z, y):
    return np.log(1 + np.exp(z)) - y * z


CASES = {
    check.multiple_choice: (answers, [
        (answers_seed_75_percent, "misreads the bound"),
        (answers_relu_grad_one_and_dead, "every training example"),
        (answers_from_logits_default, "from_logits=False"),
        (answers_list, "expected a dict"),
        (answers_missing_key, "missing: q6"),
        (answers_not_a_letter, "single letter"),
    ]),
    check.output_activations: (output_activation, [
        (output_activation_multilabel_softmax, "compete"),
        (output_activation_regression_relu, "unbounded"),
        (output_activation_binary_softmax, "one unit with sigmoid"),
    ]),
    check.bce_from_logits: (bce_from_logits, [
        (bce_naive, "softplus(z) - y * z"),
        (bce_mean, "one loss per example"),
        (bce_sign, "check the sign"),
        (bce_labels_swapped, "labels swapped"),
        (bce_overflowing_softplus, "np.logaddexp(0, z)"),
    ]),
}

test_cases = cases_test(CASES)
