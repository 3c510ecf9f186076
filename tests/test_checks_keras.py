"""The checks of the Lesson 11 exercises accept the reference answers and reject typical mistakes.

These need TensorFlow and Keras (skipped only on a Python that TensorFlow has no release for). The models are tiny; the one real training
(30 epochs on 210 points) takes a few seconds.
"""
import os
import sys

import pytest

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
os.environ.setdefault("TF_ENABLE_ONEDNN_OPTS", "0")
os.environ.setdefault("KERAS_BACKEND", "tensorflow")
from course_utils.environment import python_problem, tensorflow_released_for  # noqa: E402

if not tensorflow_released_for():
    pytest.skip(python_problem(), allow_module_level=True)
import keras  # noqa: E402

from checks_cases import Args, cases_test  # noqa: E402
from course_utils.checks import keras as check  # noqa: E402


def test_checks_module_does_not_import_keras():
    """The check module inspects models; importing it must not pull in Keras (a fresh interpreter)."""
    import subprocess

    code = "import sys, course_utils.checks.keras; print('keras' in sys.modules or 'tensorflow' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "False"


def _model(activation, output="sigmoid", loss="binary_crossentropy", units_in=2, compiled=True):
    keras.utils.set_random_seed(0)
    model = keras.Sequential([
        keras.Input(shape=(units_in,)),
        keras.layers.Dense(16, activation=activation),
        keras.layers.Dense(1, activation=output),
    ])
    if compiled:
        model.compile(optimizer=keras.optimizers.Adam(0.03), loss=loss, metrics=["accuracy"])
    return model


def build_model(activation):
    return _model(activation)


def build_model_softmax_output(activation):
    return _model(activation, output="softmax")


def build_model_not_compiled(activation):
    return _model(activation, compiled=False)


def build_model_ignores_activation(activation):
    return _model("linear")


def build_model_mse(activation):
    return _model(activation, loss="mse")


def build_model_three_inputs(activation):
    return _model(activation, units_in=3)


def build_model_sigmoid_from_logits(activation):
    return _model(activation, loss=keras.losses.BinaryCrossentropy(from_logits=True))


def train(model, X_train, y_train):
    return model.fit(X_train, y_train, epochs=30, batch_size=16, verbose=0)


def train_without_fit(model, X_train, y_train):
    return None


def train_one_epoch(model, X_train, y_train):
    return model.fit(X_train, y_train, epochs=1, batch_size=210, verbose=0)


def build_logit_model(activation):
    return _model(activation, output=None, loss=keras.losses.BinaryCrossentropy(from_logits=True))


def build_logit_model_string_loss(activation):
    return _model(activation, output=None)


CASES = {
    check.build_model: (build_model, [
        (build_model_softmax_output, "softmax over a"),
        (build_model_not_compiled, "model.compile"),
        (build_model_ignores_activation, "pass the function's `activation`"),
        (build_model_mse, "binary_crossentropy"),
        (build_model_three_inputs, "keras.Input(shape=(2,))"),
        (build_model_sigmoid_from_logits, "applied twice"),
    ]),
    check.train_model: (Args(train, build_model), [
        (Args(train_without_fit, build_model), "call model.fit"),
        (Args(train_one_epoch, build_model), "train longer"),
    ]),
    check.build_logit_model: (build_logit_model, [
        (build_model, "leave the activation out"),
        (build_logit_model_string_loss, "from_logits=True) instead"),
    ]),
}

test_cases = cases_test(CASES)
