"""Checks for the exercises of Lesson 11 · Comparing activations in Keras.

The checks use the Keras models your functions return the way Keras does: they read the layers,
run each layer's activation and the whole model on test inputs, call `model.evaluate` (whose loss
and metric are compared with binary cross-entropy and accuracy computed here), and train. So any
correct way of writing the model passes: `keras.Input` or `keras.layers.Input`, Sequential or
functional, an `activation=` argument or an `Activation` layer, a loss given as a string, a
function or an object. This module never imports Keras or TensorFlow itself; your notebook has.

`train_model` trains `build_model("relu")` with your `train` on its own copy of the lesson's moons
training points with the labels 0 and 1 swapped (so `train` must use its arguments, not the
notebook's variables), and measures it on held-out points.
"""
import contextlib
import io
import logging
import warnings

import numpy as np

from ..data import moons, train_val_split
from ._core import describe, fail, run, task

THRESHOLD = 0.9  # validation accuracy the trained ReLU model must exceed on moons
OPTIMIZER, LEARNING_RATE = "Adam", 0.03  # what the task text asks for
DEFAULT_HIDDEN_UNITS = 16
# The calls each builder is checked with: (activation,), (activation, hidden_units), (..., seed).
BUILDS = (("relu",), ("tanh", 5), ("sigmoid", 32, 1))
Z = np.linspace(-4.0, 4.0, 17, dtype=np.float32).reshape(-1, 1)  # where activations are compared
ACTIVATIONS = {  # what Keras's activation names compute
    "relu": lambda z: np.maximum(z, 0.0),
    "tanh": np.tanh,
    "sigmoid": lambda z: 1.0 / (1.0 + np.exp(-z)),
    "linear": lambda z: z,
    "softmax over one unit": np.ones_like,
}
ACTIVATION_LAYERS = ("Activation", "ReLU", "ELU", "LeakyReLU", "PReLU", "Softmax", "Lambda")
EPSILON = 1e-7  # Keras clips probabilities to [EPSILON, 1 - EPSILON] in its losses


def moons_split():
    """The lesson's data: 300 moons points (noise 0.2, seed 0), 30 % held out (seed 0), float32."""
    X, y = moons(n=300, noise=0.2, seed=0)
    return tuple(a.astype("float32") for a in train_val_split(X, y, val_fraction=0.3, seed=0))


# --- reading a Keras model without importing Keras -----------------------------------------

def _call_text(fn_name, args):
    """How a builder call reads in messages: build_model('tanh', hidden_units=5)."""
    shown = [repr(args[0])] + [f"{k}={v!r}" for k, v in zip(("hidden_units", "seed"), args[1:])]
    return f"{fn_name}({', '.join(shown)})"


def _model(fn, args, call_text):
    """Call the student's builder and make sure it returned something model-like."""
    model = run(fn, *args)
    if model is None:
        fail(f"{call_text} returned None; expected a Keras model.",
             "end the function with `return model`.")
    if not hasattr(model, "layers") or not callable(getattr(model, "get_weights", None)):
        fail(f"{call_text} returned {describe(model)}; expected a Keras model.",
             "build it with keras.Sequential([keras.Input(shape=(2,)), ...]) and return it.")
    return model


def _values(tensor):
    return np.asarray(tensor, dtype=np.float64)


def _layers(model):
    """The model's layers in order, models inside it opened, the input layer left out."""
    for layer in model.layers:
        if hasattr(layer, "layers"):
            yield from _layers(layer)
        elif type(layer).__name__ != "InputLayer":
            yield layer


def _dense_blocks(model, call_text):
    """[(Dense layer, [Activation layers right after it]), ...]; any other layer fails."""
    blocks = []
    for layer in _layers(model):
        kind = type(layer).__name__
        if kind == "Dense":
            blocks.append((layer, []))
        elif kind in ACTIVATION_LAYERS and blocks:
            blocks[-1][1].append(layer)
        else:
            fail(f"{call_text}: the model contains a layer of type {kind}; expected Dense layers "
                 "only (each possibly followed by an Activation layer).",
                 "the task's network is keras.Input(shape=(2,)), one hidden keras.layers.Dense and "
                 "an output keras.layers.Dense; leave other layers out.")
    return blocks


@contextlib.contextmanager
def _keras_quiet():
    """Keep Keras's warnings and TensorFlow's notes about retracing (the check evaluates new
    models) out of the cell while the check probes a model; its messages say what is wrong."""
    logger = logging.getLogger("tensorflow")
    level = logger.level
    logger.setLevel(logging.ERROR)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            yield
    finally:
        logger.setLevel(level)


def _applied(block):
    """What the block's activation(s) give on Z: the Dense layer's, then its Activation layers'."""
    dense, activation_layers = block
    try:
        with _keras_quiet():  # e.g. Keras's note that softmax over one unit is always 1
            values = dense.activation(Z) if dense.activation is not None else Z
            for layer in activation_layers:
                values = layer(values)
        return _values(values)
    except Exception:  # noqa: BLE001 - an activation Keras itself could not run on numbers
        return None


def _behaves_like(block):
    """The name of the known activation the block computes, or a description of its parts."""
    values = _applied(block)
    for name, fn in ACTIVATIONS.items():
        if values is not None and values.shape == Z.shape and np.allclose(values, fn(Z), atol=1e-5):
            return repr(name)  # e.g. "'relu'"
    dense, activation_layers = block
    parts = [getattr(dense.activation, "__name__", "?")]
    parts += [getattr(getattr(a, "activation", None), "__name__", type(a).__name__)
              for a in activation_layers]
    return f"{' then '.join(parts)} (none of {', '.join(map(repr, list(ACTIVATIONS)[:4]))})"


def _from_logits(loss):
    """True for a loss object configured with from_logits=True."""
    config = loss.get_config() if callable(getattr(loss, "get_config", None)) else {}
    return isinstance(config, dict) and bool(config.get("from_logits", False))


def _loss_name(loss):
    """The string, or the function's or loss object's name: 'binary_crossentropy', 'bce', ..."""
    if loss is None or isinstance(loss, str):
        return str(loss)
    return str(getattr(loss, "name", None) or getattr(loss, "__name__", None) or type(loss).__name__)


def _learning_rate(optimizer):
    rate = optimizer.get_config().get("learning_rate")
    return float(rate) if isinstance(rate, (int, float, np.number)) else None


def _bce(y, p):
    p = np.clip(p, EPSILON, 1 - EPSILON)
    return float(np.mean(-(y * np.log(p) + (1 - y) * np.log(1 - p))))


def _bce_from_logits(y, z):
    return float(np.mean(np.maximum(z, 0) - z * y + np.log1p(np.exp(-np.abs(z)))))


def _close(a, b):
    return bool(np.isclose(a, b, rtol=1e-4, atol=1e-6))




# --- what Tasks 1 and 3 ask of the model ----------------------------------------------------

OUTPUTS = {  # the output layer's activation and the loss, as Tasks 1 and 3 state them
    "sigmoid": dict(
        activation="sigmoid", probability=lambda out: out,
        loss_hint=("labels 0/1 with one sigmoid output go with loss=\"binary_crossentropy\" "
                   "(categorical losses are for several classes, mean squared error for regression).")),
    "logit": dict(
        activation="linear", probability=lambda out: 1 / (1 + np.exp(-out)),
        loss_hint="use keras.losses.BinaryCrossentropy(from_logits=True)."),
}


def _check_input_and_compiled(model, call_text):
    try:
        shape = tuple(model.input_shape)
    except (AttributeError, ValueError, TypeError):
        fail(f"{call_text}: the model has no input shape (no input layer).",
             "start the layer list with keras.Input(shape=(2,)): two input features per example.")
    if shape[1:] != (2,):
        fail(f"{call_text}: the model's input shape is {shape}; expected (None, 2).",
             "start the layer list with keras.Input(shape=(2,)): two input features per example.")
    if not getattr(model, "compiled", False) or getattr(model, "optimizer", None) is None:
        fail(f"{call_text}: the model is not compiled.",
             "call model.compile(optimizer=..., loss=..., metrics=[\"accuracy\"]) before returning it.")


def _check_layers(model, call_text, activation, hidden_units, output):
    """One hidden Dense(hidden_units) with `activation`, one output unit with the task's activation."""
    blocks = _dense_blocks(model, call_text)
    if len(blocks) < 2:
        fail(f"{call_text}: the model has {len(blocks)} Dense layer(s); expected a hidden one and an "
             "output one.",
             "put a hidden keras.layers.Dense(hidden_units, activation=activation) between the input "
             "and the output layer.")
    if len(blocks) > 2:
        fail(f"{call_text}: the model has {len(blocks) - 1} hidden Dense layers; expected one.",
             "the task's network has a single hidden layer, keras.layers.Dense(hidden_units, "
             "activation=activation), then the output layer.")
    hidden, last = blocks
    if hidden[0].units != hidden_units:
        fail(f"{call_text}: the hidden layer has {hidden[0].units} units; expected {hidden_units}.",
             "use the argument: keras.layers.Dense(hidden_units, ...), not a fixed number.")
    behaves = _behaves_like(hidden)
    if behaves != repr(activation):
        fail(f"{call_text}: the hidden layer's activation is {behaves}; expected {activation!r}.",
             "pass the function's `activation` argument to the hidden Dense layer: "
             "keras.layers.Dense(hidden_units, activation=activation).")
    wanted = OUTPUTS[output]["activation"]
    if last[0].units != 1:
        fail(f"{call_text}: the output layer has {last[0].units} units; expected 1.",
             "a binary classifier needs a single output unit giving P(class 1); a 2-unit softmax is "
             "an over-parameterised sigmoid.")
    behaves = _behaves_like(last)
    if behaves != repr(wanted):
        if output == "logit":
            hint = ("leave the activation out of the last layer, keras.layers.Dense(1): it then "
                    "outputs the logit z, and the loss applies the sigmoid itself.")
        elif behaves == "'linear'":
            hint = ("the last layer outputs logits: use activation=\"sigmoid\" to get probabilities, "
                    "which is what the default loss expects.")
        elif behaves == "'softmax over one unit'":
            hint = ("for binary labels the output is one unit with activation=\"sigmoid\"; softmax "
                    "over a single unit is always 1.")
        else:
            hint = "the output of a binary classifier is a probability: activation=\"sigmoid\"."
        fail(f"{call_text}: the output layer's activation is {behaves}; expected {wanted!r}.", hint)


def _check_optimizer(model, call_text):
    optimizer = model.optimizer
    name = type(optimizer).__name__
    if name != OPTIMIZER:
        fail(f"{call_text}: the optimizer is {name}; expected {OPTIMIZER}.",
             f"compile with optimizer=keras.optimizers.Adam({LEARNING_RATE}), as the task states.")
    rate = _learning_rate(optimizer)
    if rate is None or not np.isclose(rate, LEARNING_RATE, rtol=1e-6):
        shown = "a schedule" if rate is None else f"{rate:.6g}"
        hint = f"a constant learning rate of {LEARNING_RATE}: keras.optimizers.Adam({LEARNING_RATE})."
        if rate is not None and np.isclose(rate, 0.001, rtol=1e-6):
            hint = ("the string \"adam\" (or Adam() without argument) uses the default learning rate "
                    f"0.001; pass keras.optimizers.Adam({LEARNING_RATE}).")
        fail(f"{call_text}: the optimizer's learning rate is {shown}; expected {LEARNING_RATE}.", hint)


def _check_loss_and_metric(model, call_text, output):
    """`loss, accuracy = model.evaluate(X_val, y_val)` gives binary cross-entropy and accuracy."""
    _, X, _, y = moons_split()
    where = f"{call_text}: model.evaluate(X_val, y_val) on the lesson's {len(y)} validation points"
    try:
        with _keras_quiet():
            results = model.evaluate(X, y, batch_size=len(y), verbose=0)
        out = _values(model(X, training=False)).reshape(-1)
    except Exception as err:  # noqa: BLE001 - a loss or metric Keras cannot use on 0/1 labels
        fail(f"{where} raised {type(err).__name__}: {err}", OUTPUTS[output]["loss_hint"])
    if out.size != len(y):
        fail(f"{where}: the model gives {out.size} outputs for {len(y)} points; expected one each.",
             "end the model with a single output layer, keras.layers.Dense(1, ...).")
    results = np.ravel(np.asarray(results, dtype=np.float64))
    if results.size != 2:
        fail(f"{where} returned {results.size} number(s); expected 2, the loss and the accuracy.",
             "compile with metrics=[\"accuracy\"] (exactly that one metric): the notebook unpacks "
             "`loss, accuracy = model.evaluate(...)`.")
    loss, accuracy = results
    y = y.astype(np.float64)
    expected = _bce(y, OUTPUTS[output]["probability"](out))
    if not _close(loss, expected):
        name = _loss_name(getattr(model, "loss", None))
        if output == "sigmoid" and _close(loss, _bce_from_logits(y, out)):
            hint = ("keep from_logits=False (the default) when the last layer already applies the "
                    "sigmoid; with from_logits=True the sigmoid is applied twice.")
        elif output == "logit" and _close(loss, _bce(y, out)):
            hint = ("the loss expects probabilities (from_logits=False), but the model outputs "
                    "logits: the string \"binary_crossentropy\" means from_logits=False; pass the "
                    "object keras.losses.BinaryCrossentropy(from_logits=True) instead.")
        elif _close(loss, expected * len(y)):
            hint = ("the loss sums over the batch instead of averaging: keep the default reduction "
                    "(\"sum_over_batch_size\"); a sum makes the steps grow with the batch size.")
        elif name.lower().replace("_", "") in ("binarycrossentropy", "bce"):
            hint = ("your binary cross-entropy is set up differently from the default "
                    "(label_smoothing? a custom formula?): leave its settings at their defaults"
                    + (", except from_logits=True." if output == "logit" else "."))
        else:
            hint = OUTPUTS[output]["loss_hint"]
        fail(f"{where}: the loss ({name!r}) gives {loss:.6f}; binary cross-entropy of these "
             f"outputs is {expected:.6f}.", hint)
    if output == "sigmoid" and _from_logits(getattr(model, "loss", None)):
        fail(f"{call_text}: the loss ({_loss_name(model.loss)!r}) has from_logits=True, but the sigmoid "
             "output layer gives probabilities.",
             "keep from_logits=False (the default) when the last layer already applies the sigmoid; "
             "with from_logits=True the sigmoid is applied twice (Keras on TensorFlow notices, warns "
             "and undoes it, other backends do not).")
    thresholds = (0.5, 0.0) if output == "logit" else (0.5,)
    if not any(_close(accuracy, np.mean((out > t) == (y == 1))) for t in thresholds):
        right = np.mean((OUTPUTS[output]["probability"](out) > 0.5) == (y == 1))
        hint = ("compile with metrics=[\"accuracy\"]: the metric must be the fraction of points "
                "classified correctly.")
        if _close(accuracy, np.mean(out == y)):
            hint = ("keras.metrics.Accuracy() counts outputs exactly equal to the labels, which "
                    "probabilities never are; use metrics=[\"accuracy\"] (or "
                    "keras.metrics.BinaryAccuracy()).")
        fail(f"{where}: the metric gives {accuracy:.4f}; the model's accuracy is {right:.4f}.", hint)


def _check_model(model, call_text, activation, hidden_units, output, evaluate=True):
    """Everything Task 1 (output="sigmoid") or Task 3 (output="logit") states about one model;
    `evaluate`: also its loss and metric (they do not depend on the builder's arguments)."""
    _check_input_and_compiled(model, call_text)
    _check_layers(model, call_text, activation, hidden_units, output)
    _check_optimizer(model, call_text)
    if evaluate:
        _check_loss_and_metric(model, call_text, output)


def _check_builder(build_fn, fn_name, output):
    """Check the builder on each of BUILDS (loss and metric on the first), then its seeding: the
    same seed repeats the initial weights, another seed changes them."""
    for args in BUILDS:
        call_text = _call_text(fn_name, args)
        model = _model(build_fn, args, call_text)
        hidden_units = args[1] if len(args) > 1 else DEFAULT_HIDDEN_UNITS
        _check_model(model, call_text, args[0], hidden_units, output, evaluate=args is BUILDS[0])
    call_text, other_seed = _call_text(fn_name, BUILDS[0]), (BUILDS[0][0], DEFAULT_HIDDEN_UNITS, 1)
    first, again, reseeded = (_model(build_fn, args, _call_text(fn_name, args)).get_weights()
                              for args in (BUILDS[0], BUILDS[0], other_seed))
    if not all(np.array_equal(a, b) for a, b in zip(first, again)):
        fail(f"{call_text}, called twice, gave different initial weights.",
             "keep the given first line, keras.utils.set_random_seed(seed), before the layers are made.")
    if all(np.array_equal(a, b) for a, b in zip(first, reseeded)):
        fail(f"{_call_text(fn_name, other_seed)} has the same initial weights as seed=0.",
             "seed with the argument: keras.utils.set_random_seed(seed), not a fixed number.")
    return f"checked {len(BUILDS) + 2} calls: layers, optimizer, loss, metric and seeding"


# --- the checks -------------------------------------------------------------------------------

@task("building the binary classifier")
def build_model(build_model_fn):
    """Check build_model(activation, hidden_units=16, seed=0): input (2,), one hidden Dense layer
    with those units and activation, one sigmoid output unit, compiled with Adam(0.03), binary
    cross-entropy on probabilities and the accuracy metric; the seed makes the weights repeat."""
    return _check_builder(build_model_fn, "build_model", "sigmoid")


@task("training past 0.9 on held-out points")
def train_model(train_fn, build_model_fn):
    """Check train(model, X_train, y_train): it trains build_model('relu') in place, quietly, and
    returns the History; the model then scores above THRESHOLD on held-out moons points. The
    labels are swapped (0 <-> 1), so a train() that fits the notebook's variables fails."""
    X_train, X_val, y_train, y_val = moons_split()
    y_train, y_val = 1 - y_train, 1 - y_val
    call_text = _call_text("build_model", ("relu",))
    model = _model(build_model_fn, ("relu",), call_text)
    try:
        _check_model(model, call_text, "relu", DEFAULT_HIDDEN_UNITS, "sigmoid")
    except AssertionError as err:
        raise AssertionError(f"Task 1 is not right yet, so train() cannot be judged: {err}") from None
    before = [w.copy() for w in model.get_weights()]
    printed = io.StringIO()
    with contextlib.redirect_stdout(printed), _keras_quiet():
        history = run(train_fn, model, X_train, y_train)
    called = f"train(model, X_train, y_train) on {len(y_train)} training points"
    if all(np.array_equal(a, b) for a, b in zip(before, model.get_weights())):
        fail(f"{called} left the model's weights as they were: it did not train the model it was given.",
             "call model.fit(X_train, y_train, epochs=..., batch_size=..., verbose=0) on the `model` "
             "argument inside train() (not on a new model).")
    if type(history).__name__ != "History":
        fail(f"{called} returned {describe(history)}; expected the History that model.fit returns.",
             "end train() with `return model.fit(...)` (or keep fit's result and return it).")
    lines = printed.getvalue().strip().splitlines()
    if lines:
        fail(f"{called} printed {len(lines)} line(s) of progress, starting {lines[0].strip()[:60]!r}; "
             "expected no output.", "pass verbose=0 to model.fit.")
    p = _values(model(X_val, training=False)).reshape(-1)
    accuracy = float(np.mean((p > 0.5) == (y_val == 1)))
    if accuracy <= THRESHOLD:
        if 1 - accuracy > THRESHOLD:
            fail(f"{called} (the check's copy, labels 0 and 1 swapped): validation accuracy "
                 f"{accuracy:.3f}, but {1 - accuracy:.3f} with the notebook's labels.",
                 "the model predicts the opposite classes: train() fitted the notebook's X_train "
                 "and y_train (or flipped the labels) instead of its arguments; inside train() use "
                 "only its parameters model, X_train and y_train.")
        epochs = (getattr(history, "params", None) or {}).get("epochs")
        fail(f"{called}{f' for {epochs} epoch(s)' if epochs else ''}: validation accuracy "
             f"{accuracy:.3f} on {len(y_val)} held-out points; expected more than {THRESHOLD}.",
             "train longer: about 30 epochs with batch_size=16 (or more epochs)"
             + ("; one pass over the 210 points is far too little." if epochs == 1 else "."))
    return f"validation accuracy {accuracy:.3f} > {THRESHOLD}"


@task("a model that outputs logits")
def build_logit_model(build_logit_model_fn):
    """Check build_logit_model(activation, hidden_units=16, seed=0): like build_model, but the
    output layer has no activation (it outputs a logit) and the loss is told so, from_logits=True."""
    return _check_builder(build_logit_model_fn, "build_logit_model", "logit")
