"""Checks for the exercises of Lesson 11 · Comparing activations in Keras.

The checks inspect the Keras model objects your functions return (layers, activations, input shape,
loss); this module itself never imports Keras or TensorFlow. `train_model` trains a model built by
your `build_model` with your `train` on the lesson's moons data and measures it on held-out points.
"""
import numpy as np

from ..data import moons, train_val_split
from ._core import fail, run, task

THRESHOLD = 0.9  # validation accuracy the trained ReLU model must exceed on moons


def moons_split():
    """The lesson's data: 300 moons points (noise 0.2, seed 0), 30 % held out (seed 0), float32."""
    X, y = moons(n=300, noise=0.2, seed=0)
    return tuple(a.astype("float32") for a in train_val_split(X, y, val_fraction=0.3, seed=0))


# --- reading a Keras model without importing Keras -----------------------------------------

def _model(fn, *args):
    """Call the student's builder and make sure it returned something model-like."""
    model = run(fn, *args)
    shown = ", ".join(map(repr, args))
    if model is None:
        fail(f"{fn.__name__}({shown}) returned None; expected a Keras model.",
             "end the function with `return model`.")
    if not hasattr(model, "layers") or not hasattr(model, "input_shape"):
        fail(f"{fn.__name__}({shown}) returned {type(model).__name__}; expected a Keras model.",
             "build it with keras.Sequential([keras.Input(shape=(2,)), ...]) and return it.")
    return model


def _activation_name(layer):
    activation = getattr(layer, "activation", None)
    return getattr(activation, "__name__", None) if activation is not None else None


def _loss_name(loss):
    """'binary_crossentropy' for the string, the function or a BinaryCrossentropy object."""
    if isinstance(loss, str):
        return loss
    return getattr(loss, "name", None) or getattr(loss, "__name__", None) or type(loss).__name__


def _from_logits(loss):
    config = loss.get_config() if hasattr(loss, "get_config") else {}
    return bool(config.get("from_logits", False))


def _is_binary_crossentropy(loss):
    return _loss_name(loss).lower().replace("_", "") == "binarycrossentropy"


def _check_structure(model, call_text):
    """Input shape (2,), and a compiled model."""
    if tuple(model.input_shape) != (None, 2):
        fail(f"{call_text}: the model's input shape is {tuple(model.input_shape)}; expected (None, 2).",
             "start the layer list with keras.Input(shape=(2,)): two input features per example.")
    if not getattr(model, "compiled", False) or getattr(model, "optimizer", None) is None:
        fail(f"{call_text}: the model is not compiled.",
             "call model.compile(optimizer=..., loss=..., metrics=[\"accuracy\"]) before returning it.")


def _check_hidden(model, activation, call_text):
    hidden = [_activation_name(layer) for layer in model.layers[:-1]]
    if not hidden:
        fail(f"{call_text}: the model has no hidden layer (only {len(model.layers)} layer).",
             f"put a hidden keras.layers.Dense(16, activation=activation) between the input and the output.")
    if activation not in hidden:
        fail(f"{call_text}: no hidden layer uses the activation {activation!r} "
             f"(hidden activations: {', '.join(map(str, hidden))}).",
             "pass the function's `activation` argument to the hidden Dense layer: "
             "keras.layers.Dense(16, activation=activation).")


def _built_models(build_fn, fn_name):
    """(call text, model) for a ReLU and a tanh model from the student's builder, each already
    checked for its input shape, compilation and hidden activation."""
    for activation in ("relu", "tanh"):
        call_text = f"{fn_name}({activation!r})"
        model = _model(build_fn, activation)
        _check_structure(model, call_text)
        _check_hidden(model, activation, call_text)
        yield call_text, model


# --- the checks -------------------------------------------------------------------------------

@task("building the binary classifier")
def build_model(build_model_fn):
    """Check build_model(activation): Input (2,), hidden layer with that activation, one sigmoid
    output unit, compiled with binary cross-entropy on probabilities."""
    for call_text, model in _built_models(build_model_fn, "build_model"):
        last = model.layers[-1]
        units = getattr(last, "units", None)
        output = _activation_name(last)
        if units != 1:
            fail(f"{call_text}: the output layer has {units} units; expected 1.",
                 "a binary classifier needs a single output unit giving P(class 1); a 2-unit softmax is "
                 "an over-parameterised sigmoid.")
        if output != "sigmoid":
            hint = ("the last layer outputs logits: use activation=\"sigmoid\" to get probabilities, "
                    "which is what the default loss expects." if output == "linear" else
                    "for binary labels the output is one unit with activation=\"sigmoid\"; softmax over a "
                    "single unit is always 1." if output == "softmax" else
                    "the output of a binary classifier is a probability: activation=\"sigmoid\".")
            fail(f"{call_text}: the output activation is {output!r}; expected 'sigmoid'.", hint)
        loss = getattr(model, "loss", None)
        if loss is None or not _is_binary_crossentropy(loss):
            fail(f"{call_text}: the loss is {_loss_name(loss) if loss is not None else None!r}; "
                 "expected binary cross-entropy.",
                 "labels 0/1 with one sigmoid output go with loss=\"binary_crossentropy\" "
                 "(categorical losses are for several classes, mean squared error for regression).")
        if _from_logits(loss):
            fail(f"{call_text}: the loss has from_logits=True, but the sigmoid output gives probabilities.",
                 "keep from_logits=False (the default) when the last layer already applies the sigmoid; "
                 "otherwise the sigmoid is applied twice.")
    return "output, input shape, hidden activation and loss"


@task("training past 0.9 on held-out points")
def train_model(train_fn, build_model_fn):
    """Check train(model, X_train, y_train): after it, build_model('relu') must score above
    THRESHOLD on the held-out moons points."""
    X_train, X_val, y_train, y_val = moons_split()
    model = _model(build_model_fn, "relu")
    before = [w.copy() for w in model.get_weights()]
    run(train_fn, model, X_train, y_train)
    if all(np.array_equal(a, b) for a, b in zip(before, model.get_weights())):
        fail("the model's weights did not change: train() did not train it.",
             "call model.fit(X_train, y_train, epochs=..., batch_size=..., verbose=0) inside train().")
    p = np.asarray(model.predict(X_val, verbose=0), dtype=np.float64).reshape(-1)
    accuracy = float(np.mean((p >= 0.5) == (y_val == 1)))
    if accuracy <= THRESHOLD:
        fail(f"validation accuracy {accuracy:.3f}; expected more than {THRESHOLD} on the moons data.",
             "train longer: about 30 epochs with batch_size=16 (or more epochs / a larger learning rate); "
             "one pass over 210 points is far too little.")
    return f"validation accuracy {accuracy:.3f} > {THRESHOLD}"


@task("a model that outputs logits")
def build_logit_model(build_logit_model_fn):
    """Check build_logit_model(activation): like build_model, but the output layer has no
    activation (it outputs a logit) and the loss is told so with from_logits=True."""
    for call_text, model in _built_models(build_logit_model_fn, "build_logit_model"):
        last = model.layers[-1]
        if getattr(last, "units", None) != 1 or _activation_name(last) != "linear":
            fail(f"{call_text}: the output layer is {getattr(last, 'units', None)} unit(s) with activation "
                 f"{_activation_name(last)!r}; expected 1 unit with no activation ('linear').",
                 "leave the activation out of the last layer, keras.layers.Dense(1): it then outputs the "
                 "logit z, and the loss applies the sigmoid itself.")
        loss = getattr(model, "loss", None)
        if loss is None or not _is_binary_crossentropy(loss):
            fail(f"{call_text}: the loss is {_loss_name(loss) if loss is not None else None!r}; "
                 "expected binary cross-entropy.",
                 "use keras.losses.BinaryCrossentropy(from_logits=True).")
        if not _from_logits(loss):
            fail(f"{call_text}: the loss expects probabilities (from_logits=False), but the model outputs logits.",
                 "the string \"binary_crossentropy\" means from_logits=False; pass the object "
                 "keras.losses.BinaryCrossentropy(from_logits=True) instead.")
    return "logit output and from_logits=True"
