"""The checks of the Lesson 11 exercises accept the reference answers and reject typical mistakes.

These need TensorFlow and Keras (skipped only on a Python that TensorFlow has no release for). The models are tiny;
each training (30 epochs on 210 points) takes a few seconds.
"""
import os
import sys

import numpy as np
import pytest

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
os.environ.setdefault("TF_ENABLE_ONEDNN_OPTS", "0")
os.environ.setdefault("KERAS_BACKEND", "tensorflow")
from course_utils.environment import python_problem, tensorflow_released_for  # noqa: E402

if not tensorflow_released_for():
    pytest.skip(python_problem(), allow_module_level=True)
import keras  # noqa: E402
import tensorflow as tf  # noqa: E402

from checks_cases import (HARDCODED, MUTATES, UNSTABLE, VISIBLE_ONLY, Args, Battery, Wrong,  # noqa: E402
                          cases_test)
from course_utils.checks import keras as check  # noqa: E402

X_train, X_val, y_train, y_val = check.moons_split()  # the notebook's variables


def test_checks_module_does_not_import_keras():
    """The check module inspects models; importing it must not pull in Keras (a fresh interpreter)."""
    import subprocess

    code = "import sys, course_utils.checks.keras; print('keras' in sys.modules or 'tensorflow' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "False"


def _model(activation, hidden_units=16, seed=0, output="sigmoid", loss="binary_crossentropy",
           optimizer=None, metrics=("accuracy",), inputs=2, hidden_layers=1, compiled=True):
    """The reference network with one thing changed: the wrong answers below are made with it."""
    keras.utils.set_random_seed(seed)
    model = keras.Sequential([
        keras.Input(shape=(inputs,)),
        *(keras.layers.Dense(hidden_units, activation=activation) for _ in range(hidden_layers)),
        keras.layers.Dense(1, activation=output),
    ])
    if compiled:
        model.compile(optimizer=optimizer or keras.optimizers.Adam(0.03), loss=loss,
                      metrics=list(metrics))
    return model


# --- Task 1: build_model ----------------------------------------------------------------------

def build_model(activation, hidden_units=16, seed=0):
    keras.utils.set_random_seed(seed)
    model = keras.Sequential([
        keras.Input(shape=(2,)),
        keras.layers.Dense(hidden_units, activation=activation),
        keras.layers.Dense(1, activation="sigmoid"),
    ])
    model.compile(optimizer=keras.optimizers.Adam(0.03), loss="binary_crossentropy", metrics=["accuracy"])
    return model


def build_model_activation_layers(activation, hidden_units=16, seed=0):
    keras.utils.set_random_seed(seed)
    model = keras.Sequential([
        keras.layers.Input(shape=(2,)),
        keras.layers.Dense(hidden_units),
        keras.layers.Activation(activation),
        keras.layers.Dense(1),
        keras.layers.Activation("sigmoid"),
    ])
    model.compile(optimizer=keras.optimizers.Adam(learning_rate=0.03), loss="binary_crossentropy",
                  metrics=["acc"])
    return model


def build_model_functional(activation, hidden_units=16, seed=0):
    keras.utils.set_random_seed(seed)
    inputs = keras.layers.Input(shape=(2,))
    hidden = keras.layers.Dense(units=hidden_units, activation=activation)(inputs)
    outputs = keras.layers.Dense(1, activation=keras.activations.sigmoid)(hidden)
    model = keras.Model(inputs, outputs)
    model.compile(optimizer=keras.optimizers.Adam(learning_rate=0.03),
                  loss=keras.losses.BinaryCrossentropy(name="bce"),
                  metrics=[keras.metrics.BinaryAccuracy()])
    return model


def build_model_with_add(activation, hidden_units=16, seed=0):
    keras.utils.set_random_seed(seed)
    model = tf.keras.Sequential()
    model.add(tf.keras.Input(shape=(2,)))
    model.add(tf.keras.layers.Dense(hidden_units, activation=activation))
    model.add(tf.keras.layers.Dense(1, activation=tf.nn.sigmoid))
    model.compile(tf.keras.optimizers.Adam(0.03), keras.losses.binary_crossentropy,
                  metrics=["binary_accuracy"])
    return model


def build_model_without_metrics(activation, hidden_units=16, seed=0):
    return _model(activation, hidden_units, seed, metrics=())


def build_model_two_metrics(activation, hidden_units=16, seed=0):
    return _model(activation, hidden_units, seed, metrics=("accuracy", "AUC"))


def build_model_exact_accuracy(activation, hidden_units=16, seed=0):
    return _model(activation, hidden_units, seed, metrics=(keras.metrics.Accuracy(),))


def build_model_sgd(activation, hidden_units=16, seed=0):
    return _model(activation, hidden_units, seed, optimizer="sgd")


def build_model_adam_string(activation, hidden_units=16, seed=0):
    return _model(activation, hidden_units, seed, optimizer="adam")


def build_model_sixteen_units(activation, hidden_units=16, seed=0):
    return _model(activation, 16, seed)


def build_model_lesson_activations_only(activation, hidden_units=16, seed=0):
    return _model({"relu": "relu", "tanh": "tanh"}.get(activation, "relu"), hidden_units, seed)


def build_model_seed_zero(activation, hidden_units=16, seed=0):
    return _model(activation, hidden_units, 0)


def build_model_ignores_activation(activation, hidden_units=16, seed=0):
    return _model("relu", hidden_units, seed)


def build_model_softmax_output(activation, hidden_units=16, seed=0):
    return _model(activation, hidden_units, seed, output="softmax")


def build_model_two_softmax_units(activation, hidden_units=16, seed=0):
    keras.utils.set_random_seed(seed)
    model = keras.Sequential([keras.Input(shape=(2,)),
                              keras.layers.Dense(hidden_units, activation=activation),
                              keras.layers.Dense(2, activation="softmax")])
    model.compile(optimizer=keras.optimizers.Adam(0.03), loss="sparse_categorical_crossentropy",
                  metrics=["accuracy"])
    return model


def build_model_not_compiled(activation, hidden_units=16, seed=0):
    return _model(activation, hidden_units, seed, compiled=False)


def build_model_mse(activation, hidden_units=16, seed=0):
    return _model(activation, hidden_units, seed, loss="mse")


def build_model_three_inputs(activation, hidden_units=16, seed=0):
    return _model(activation, hidden_units, seed, inputs=3)


def build_model_sigmoid_from_logits(activation, hidden_units=16, seed=0):
    return _model(activation, hidden_units, seed,
                  loss=keras.losses.BinaryCrossentropy(from_logits=True))


def build_model_two_hidden_layers(activation, hidden_units=16, seed=0):
    return _model(activation, hidden_units, seed, hidden_layers=2)


def build_model_no_hidden_layer(activation, hidden_units=16, seed=0):
    return _model(activation, hidden_units, seed, hidden_layers=0)


def build_model_without_input(activation, hidden_units=16, seed=0):
    keras.utils.set_random_seed(seed)
    model = keras.Sequential([keras.layers.Dense(hidden_units, activation=activation),
                              keras.layers.Dense(1, activation="sigmoid")])
    model.compile(optimizer=keras.optimizers.Adam(0.03), loss="binary_crossentropy", metrics=["accuracy"])
    return model


def build_model_with_dropout(activation, hidden_units=16, seed=0):
    keras.utils.set_random_seed(seed)
    model = keras.Sequential([keras.Input(shape=(2,)),
                              keras.layers.Dense(hidden_units, activation=activation),
                              keras.layers.Dropout(0.2), keras.layers.Dense(1, activation="sigmoid")])
    model.compile(optimizer=keras.optimizers.Adam(0.03), loss="binary_crossentropy", metrics=["accuracy"])
    return model


BUILDS_NOT_MUTABLE = ("the builder's arguments are a string and two integers, which cannot be changed "
                      "in place; each call builds a new model")

# --- Task 2: train ----------------------------------------------------------------------------

def train(model, X_train, y_train):
    return model.fit(X_train, y_train, epochs=30, batch_size=16, verbose=0)


def train_keywords(model, X_train, y_train):
    history = model.fit(x=X_train, y=y_train, batch_size=32, epochs=60, shuffle=True, verbose=0)
    return history


def train_shuffled_copy(model, X, y):
    order = np.random.default_rng(1).permutation(len(X))
    X, y = X.copy(), y.copy()
    X[:], y[:] = X[order], y[order]
    return model.fit(X, y, epochs=40, batch_size=16, verbose=0)


def train_in_rounds(model, X_train, y_train):
    for _ in range(3):
        history = model.fit(X_train, y_train, epochs=10, batch_size=16, verbose=0)
    return history


def train_without_fit(model, X_train, y_train):
    return None


def train_one_epoch(model, X_train, y_train):
    return model.fit(X_train, y_train, epochs=1, batch_size=210, verbose=0)


def train_on_the_notebooks_data(model, X, y):
    return model.fit(X_train, y_train, epochs=30, batch_size=16, verbose=0)


def train_shuffles_in_place(model, X_train, y_train):
    order = np.random.default_rng(1).permutation(len(X_train))
    X_train[:], y_train[:] = X_train[order], y_train[order]
    return model.fit(X_train, y_train, epochs=30, batch_size=16, verbose=0)


def train_with_progress_bar(model, X_train, y_train):
    return model.fit(X_train, y_train, epochs=30, batch_size=16, verbose=2)


def train_returns_model(model, X_train, y_train):
    model.fit(X_train, y_train, epochs=30, batch_size=16, verbose=0)
    return model


def train_a_new_model(model, X_train, y_train):
    fresh = build_model("relu")
    return fresh.fit(X_train, y_train, epochs=30, batch_size=16, verbose=0)


# --- Task 3: build_logit_model ----------------------------------------------------------------

def build_logit_model(activation, hidden_units=16, seed=0):
    keras.utils.set_random_seed(seed)
    model = keras.Sequential([
        keras.Input(shape=(2,)),
        keras.layers.Dense(hidden_units, activation=activation),
        keras.layers.Dense(1),
    ])
    model.compile(optimizer=keras.optimizers.Adam(0.03),
                  loss=keras.losses.BinaryCrossentropy(from_logits=True), metrics=["accuracy"])
    return model


def build_logit_model_named_loss(activation, hidden_units=16, seed=0):
    keras.utils.set_random_seed(seed)
    model = keras.Sequential([keras.layers.Input(shape=(2,)),
                              keras.layers.Dense(hidden_units, activation=activation),
                              keras.layers.Dense(1, activation=None)])
    model.compile(optimizer=keras.optimizers.Adam(learning_rate=0.03),
                  loss=keras.losses.BinaryCrossentropy(from_logits=True, name="logit_bce"),
                  metrics=[keras.metrics.BinaryAccuracy(threshold=0.0)])
    return model


def build_logit_model_functional(activation, hidden_units=16, seed=0):
    keras.utils.set_random_seed(seed)
    inputs = keras.Input(shape=(2,))
    hidden = keras.layers.Dense(hidden_units, activation=activation)(inputs)
    logits = keras.layers.Dense(1, activation="linear")(hidden)
    model = keras.Model(inputs=inputs, outputs=logits)
    model.compile(optimizer=keras.optimizers.Adam(0.03), metrics=["accuracy"],
                  loss=lambda y, z: keras.losses.binary_crossentropy(y, z, from_logits=True))
    return model


def build_logit_model_linear_activation_layer(activation, hidden_units=16, seed=0):
    keras.utils.set_random_seed(seed)
    model = keras.Sequential([keras.Input(shape=(2,)), keras.layers.Dense(hidden_units),
                              keras.layers.Activation(activation), keras.layers.Dense(1),
                              keras.layers.Activation("linear")])
    model.compile(optimizer=keras.optimizers.Adam(0.03), metrics=["accuracy"],
                  loss=tf.keras.losses.BinaryCrossentropy(from_logits=True))
    return model


def _logit_model(activation, hidden_units=16, seed=0, **changes):
    options = dict(output=None, loss=keras.losses.BinaryCrossentropy(from_logits=True)) | changes
    return _model(activation, hidden_units, seed, **options)


def build_logit_model_string_loss(activation, hidden_units=16, seed=0):
    return _logit_model(activation, hidden_units, seed, loss="binary_crossentropy")


def build_logit_model_sixteen_units(activation, hidden_units=16, seed=0):
    return _logit_model(activation, 16, seed)


def build_logit_model_lesson_activations_only(activation, hidden_units=16, seed=0):
    return _logit_model(activation if activation in ("relu", "tanh") else "relu", hidden_units, seed)


def build_logit_model_without_metrics(activation, hidden_units=16, seed=0):
    return _logit_model(activation, hidden_units, seed, metrics=())


def build_logit_model_adam_string(activation, hidden_units=16, seed=0):
    return _logit_model(activation, hidden_units, seed, optimizer="adam")


def build_logit_model_tanh_output(activation, hidden_units=16, seed=0):
    return _logit_model(activation, hidden_units, seed, output="tanh")


CASES = {
    check.build_model: Battery(
        reference=build_model,
        correct=[build_model_activation_layers, build_model_functional, build_model_with_add],
        wrong=[
            Wrong(build_model_without_metrics, hint="metrics=[\"accuracy\"] (exactly that one",
                  names="build_model('relu'): model.evaluate(X_val, y_val)"),
            Wrong(build_model_two_metrics, hint="exactly that one metric", names="returned 3 number(s)"),
            Wrong(build_model_exact_accuracy, hint="exactly equal to the labels",
                  names="the metric gives 0.0000; the model's accuracy is"),
            Wrong(build_model_sgd, hint="keras.optimizers.Adam(0.03)",
                  names="build_model('relu'): the optimizer is SGD"),
            Wrong(build_model_adam_string, hint="default learning rate 0.001",
                  names="build_model('relu'): the optimizer's learning rate is 0.001"),
            Wrong(build_model_sixteen_units, hint="not a fixed number", kind=HARDCODED,
                  names="build_model('tanh', hidden_units=5): the hidden layer has 16 units"),
            Wrong(build_model_lesson_activations_only, hint="pass the function's `activation`",
                  kind=VISIBLE_ONLY, names="build_model('sigmoid', hidden_units=32, seed=1): "
                                           "the hidden layer's activation is 'relu'"),
            Wrong(build_model_seed_zero, hint="not a fixed number",
                  names="build_model('relu', hidden_units=16, seed=1) has the same initial weights"),
            Wrong(build_model_ignores_activation, hint="pass the function's `activation`",
                  names="build_model('tanh', hidden_units=5): the hidden layer's activation is 'relu'"),
            Wrong(build_model_softmax_output, hint="softmax over a single unit is always 1",
                  names="the output layer's activation is 'softmax over one unit'"),
            Wrong(build_model_two_softmax_units, hint="single output unit", names="the output layer has 2 units"),
            Wrong(build_model_not_compiled, hint="model.compile",
                  names="build_model('relu'): the model is not compiled"),
            Wrong(build_model_mse, hint="loss=\"binary_crossentropy\"", names="the loss ('mse') gives 0.2"),
            Wrong(build_model_three_inputs, hint="keras.Input(shape=(2,))", names="input shape is (None, 3)"),
            Wrong(build_model_sigmoid_from_logits, hint="applied twice",
                  names="has from_logits=True, but the sigmoid"),
            Wrong(build_model_two_hidden_layers, hint="single hidden layer", names="has 2 hidden Dense layers"),
            Wrong(build_model_no_hidden_layer, hint="put a hidden", names="has 1 Dense layer(s)"),
            Wrong(build_model_without_input, hint="keras.Input(shape=(2,))", names="the model has no input shape"),
            Wrong(build_model_with_dropout, hint="leave other layers out",
                  names="the model contains a layer of type Dropout"),
        ],
        exempt={MUTATES: BUILDS_NOT_MUTABLE}),
    check.train_model: Battery(
        reference=Args(train, build_model),
        correct=[Args(train_keywords, build_model), Args(train_shuffled_copy, build_model_functional),
                 Args(train_in_rounds, build_model_activation_layers)],
        wrong=[
            Wrong(Args(train_without_fit, build_model), hint="call model.fit",
                  names="train(model, X_train, y_train) on 210 training points left the model's weights"),
            Wrong(Args(train_one_epoch, build_model), hint="one pass over the 210 points",
                  names="for 1 epoch(s): validation accuracy 0.5"),
            Wrong(Args(train_on_the_notebooks_data, build_model), hint="instead of its arguments",
                  names="labels 0 and 1 swapped", kind=VISIBLE_ONLY),
            Wrong(Args(train_shuffles_in_place, build_model), hint="don't modify `X_train`",
                  names="changed its input `X_train` in place", kind=MUTATES),
            Wrong(Args(train_with_progress_bar, build_model), hint="verbose=0",
                  names="printed 60 line(s) of progress, starting 'Epoch 1/30'"),
            Wrong(Args(train_returns_model, build_model), hint="return model.fit(...)",
                  names="returned a Sequential"),
            Wrong(Args(train_a_new_model, build_model), hint="not on a new model",
                  names="left the model's weights as they were"),
            Wrong(Args(train, build_model_sgd), hint="keras.optimizers.Adam(0.03)",
                  names="Task 1 is not right yet, so train() cannot be judged: build_model('relu'): "
                        "the optimizer is SGD"),
            Wrong(Args(train, build_model_without_metrics), hint="metrics=[\"accuracy\"]",
                  names="Task 1 is not right yet"),
        ],
        exempt={HARDCODED: "train's result is a model the check trains and measures on points the "
                           "notebook never shows, so there are no visible numbers to copy (the lesson's "
                           "epochs=30, batch_size=16 are a right choice, not a result)"}),
    check.build_logit_model: Battery(
        reference=build_logit_model,
        correct=[build_logit_model_named_loss, build_logit_model_functional,
                 build_logit_model_linear_activation_layer],
        wrong=[
            Wrong(build_model, hint="leave the activation out", kind=UNSTABLE,
                  names="build_logit_model('relu'): the output layer's activation is 'sigmoid'"),
            Wrong(build_logit_model_string_loss, hint="from_logits=True) instead",
                  names="the loss ('binary_crossentropy') gives 3.9"),
            Wrong(build_logit_model_sixteen_units, hint="not a fixed number", kind=HARDCODED,
                  names="build_logit_model('tanh', hidden_units=5): the hidden layer has 16 units"),
            Wrong(build_logit_model_lesson_activations_only, hint="pass the function's `activation`",
                  names="build_logit_model('sigmoid', hidden_units=32, seed=1)", kind=VISIBLE_ONLY),
            Wrong(build_logit_model_without_metrics, hint="metrics=[\"accuracy\"]", names="returned 1 number(s)"),
            Wrong(build_logit_model_adam_string, hint="default learning rate 0.001",
                  names="build_logit_model('relu'): the optimizer's learning rate is 0.001"),
            Wrong(build_logit_model_tanh_output, hint="leave the activation out",
                  names="the output layer's activation is 'tanh'"),
        ],
        stability=True,
        exempt={MUTATES: BUILDS_NOT_MUTABLE}),
}

test_cases = cases_test(CASES)
