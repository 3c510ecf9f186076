"""A tiny multilayer perceptron written from scratch in NumPy (float64, vectorised).

Conventions
- A batch X has one example per row, shape (n, n_in). A layer computes z = x @ W + b (the
  pre-activation) and a = phi(z), with W of shape (n_in, n_out) and b of shape (n_out,).
- The last layer has no activation: the network outputs logits. `output` says how to read
  them and which loss goes with them:
      "sigmoid"   one unit, labels 0/1, binary cross-entropy
      "softmax"   K >= 2 units, labels 0..K-1, softmax cross-entropy
      "identity"  any number of units, real targets, mean squared error
  The losses are computed from the logits (stable log-sigmoid / log-softmax forms) and are
  means over the batch, so their gradients carry a factor 1/n.
- Initialisations draw W from a normal distribution with mean 0 (b starts at 0):
      "he"      variance 2 / n_in            (He et al. 2015; for ReLU-like units)
      "glorot"  variance 2 / (n_in + n_out)  (Glorot & Bengio 2010, normal form; for sigmoid/tanh)
      "lecun"   variance 1 / n_in            (LeCun et al. 1998; for SELU)
      "normal"  a fixed standard deviation `weight_std` (a naive choice, for comparison)

    model = MLP([2, 16, 16, 1], activation="relu", output="sigmoid", init="he", seed=0)
    history = train(model, X, y, epochs=500, lr=0.5, report_every=100)
"""
import numpy as np

from ._validation import as_float_array, int_param, real_param
from .activations import ACTIVATIONS, Activation, log_softmax, sigmoid, softmax, softplus

INITS = ("he", "glorot", "lecun", "normal")
OUTPUTS = ("sigmoid", "softmax", "identity")
OPTIMIZERS = ("sgd", "adam")


# --- argument checks --------------------------------------------------------------------

def _choice(value, options, name, func_name):
    if value not in options:
        raise ValueError(
            f"{func_name}() got {name}={value!r}; valid values: {', '.join(map(repr, options))}."
        )
    return value


def _activation(activation, params, func_name):
    """Look the activation up by name and check its parameters once, here."""
    if not isinstance(activation, Activation):
        if not isinstance(activation, str) or activation not in ACTIVATIONS:
            raise ValueError(
                f"{func_name}() got activation={activation!r}; "
                f"valid names: {', '.join(ACTIVATIONS)}."
            )
        activation = ACTIVATIONS[activation]
    params = dict(params or {})
    activation.fn(0.0, **params)  # raises a clear TypeError for an unknown or bad parameter
    return activation, params


def _positive(value, name, func_name):
    value = real_param(value, name, func_name)
    if value <= 0:
        raise ValueError(f"{func_name}() parameter {name} must be > 0; got {value}.")
    return value


def _batch(X, n_features, func_name, name="X"):
    arr = as_float_array(X, func_name)
    if arr.ndim != 2 or arr.shape[1] != n_features or len(arr) == 0:
        raise ValueError(
            f"{func_name}() needs {name} of shape (n, {n_features}): one row per example, "
            f"{n_features} columns; got shape {arr.shape}."
        )
    if not np.all(np.isfinite(arr)):
        raise ValueError(f"{func_name}(): {name} contains inf or NaN.")
    return arr


def _upstream_gradient(grad, z, func_name, name):
    """Check a gradient passed to backward(): the forward pass must exist, and shapes match z."""
    if z is None:
        raise RuntimeError(
            f"{func_name}() needs a forward() call first (it reuses the cached values)."
        )
    grad = _batch(grad, z.shape[1], func_name, name)
    if grad.shape != z.shape:
        raise ValueError(
            f"{func_name}() needs {name} shaped like the last forward output {z.shape}; "
            f"got {grad.shape}."
        )
    return grad


def _generator(rng, func_name):
    if isinstance(rng, np.random.Generator):
        return rng
    seed = int_param(rng, "rng (a seed or a numpy Generator)", func_name, minimum=0)
    return np.random.default_rng(seed)


# --- losses: value and gradient with respect to the logits ------------------------------

def _loss_inputs(logits, y, func_name):
    z = as_float_array(logits, func_name)
    t = as_float_array(y, func_name)
    if z.ndim not in (1, 2) or len(z) == 0:
        raise ValueError(
            f"{func_name}() needs logits of shape (n,) or (n, k); got shape {z.shape}."
        )
    if t.ndim not in (1, 2) or len(t) != len(z):
        raise ValueError(
            f"{func_name}() needs one target per row of the logits ({len(z)}); "
            f"got y of shape {t.shape}."
        )
    if not np.all(np.isfinite(t)):
        raise ValueError(f"{func_name}(): y contains inf or NaN.")
    return z, t


def _binary_inputs(logits, y, func_name):
    z, t = _loss_inputs(logits, y, func_name)
    if (z.ndim == 2 and z.shape[1] != 1) or t.ndim != 1:
        raise ValueError(
            f"{func_name}() needs logits of shape (n,) or (n, 1) and y of shape (n,); "
            f"got {z.shape} and {t.shape}."
        )
    if np.any((t < 0) | (t > 1)):
        raise ValueError(f"{func_name}() needs labels y in [0, 1] (class 1 = 1).")
    return z, t.reshape(z.shape)


def _class_inputs(logits, y, func_name):
    z, t = _loss_inputs(logits, y, func_name)
    if z.ndim != 2 or z.shape[1] < 2 or t.ndim != 1:
        raise ValueError(
            f"{func_name}() needs logits of shape (n, K) with K >= 2 classes and integer labels "
            f"y of shape (n,); got {z.shape} and {t.shape}."
        )
    if np.any((t != np.round(t)) | (t < 0) | (t >= z.shape[1])):
        raise ValueError(f"{func_name}() needs integer labels y in 0..{z.shape[1] - 1}.")
    return z, t.astype(np.int64)


def _regression_inputs(pred, y, func_name):
    z, t = _loss_inputs(pred, y, func_name)
    if t.size != z.size:
        raise ValueError(
            f"{func_name}() needs one target per prediction; "
            f"got predictions {z.shape} and y {t.shape}."
        )
    return z, t.reshape(z.shape)


def binary_cross_entropy(logits, y):
    """Mean over the batch of -[y log sigma(z) + (1 - y) log(1 - sigma(z))] = softplus(z) - y z."""
    z, t = _binary_inputs(logits, y, "binary_cross_entropy")
    return float(np.mean(softplus(z) - t * z))


def binary_cross_entropy_grad(logits, y):
    """d(binary_cross_entropy)/dz = (sigma(z) - y) / n, shaped like the logits."""
    z, t = _binary_inputs(logits, y, "binary_cross_entropy_grad")
    return (sigmoid(z) - t) / len(z)


def softmax_cross_entropy(logits, y):
    """Mean over the batch of -log softmax(z)_y, with integer class labels y."""
    z, t = _class_inputs(logits, y, "softmax_cross_entropy")
    return float(-np.mean(log_softmax(z, axis=1)[np.arange(len(z)), t]))


def softmax_cross_entropy_grad(logits, y):
    """d(softmax_cross_entropy)/dz = (softmax(z) - onehot(y)) / n, i.e. (p - y) / n."""
    z, t = _class_inputs(logits, y, "softmax_cross_entropy_grad")
    grad = softmax(z, axis=1)
    grad[np.arange(len(z)), t] -= 1.0
    return grad / len(z)


def mean_squared_error(pred, y):
    """Mean of (pred - y)^2 over all entries (over the batch and over the outputs, as in Keras)."""
    z, t = _regression_inputs(pred, y, "mean_squared_error")
    return float(np.mean((z - t) ** 2))


def mean_squared_error_grad(pred, y):
    """d(mean_squared_error)/dpred = 2 (pred - y) / (number of entries)."""
    z, t = _regression_inputs(pred, y, "mean_squared_error_grad")
    return 2.0 * (z - t) / z.size


LOSSES = {  # output -> (loss, gradient with respect to the logits)
    "sigmoid": (binary_cross_entropy, binary_cross_entropy_grad),
    "softmax": (softmax_cross_entropy, softmax_cross_entropy_grad),
    "identity": (mean_squared_error, mean_squared_error_grad),
}
_TARGET_CHECKS = {
    "sigmoid": _binary_inputs, "softmax": _class_inputs, "identity": _regression_inputs,
}


# --- layers and the network ---------------------------------------------------------------

def init_std(init, n_in, n_out, weight_std=0.01):
    """The standard deviation of the initial weights for `init` (see the module docstring)."""
    _choice(init, INITS, "init", "init_std")
    if init == "he":
        return float(np.sqrt(2.0 / n_in))
    if init == "glorot":
        return float(np.sqrt(2.0 / (n_in + n_out)))
    if init == "lecun":
        return float(np.sqrt(1.0 / n_in))
    return _positive(weight_std, "weight_std", "init_std")


class Dense:
    """A fully connected layer: z = x @ W + b, a = activation(z).

    `forward` caches x, z and a; `backward(grad_a)` stores dW, db (and grad_z = dL/dz) and
    returns dL/dx. `rng` is a seed or a numpy Generator (pass one Generator to several layers
    to draw them from one stream). `activation_params` go to the activation, e.g.
    {"alpha": 0.01} for "leaky_relu".
    """

    def __init__(self, n_in, n_out, activation="relu", init="he", rng=0, activation_params=None,
                 weight_std=0.01):
        self.n_in = int_param(n_in, "n_in", "Dense", minimum=1)
        self.n_out = int_param(n_out, "n_out", "Dense", minimum=1)
        self.activation, self.activation_params = _activation(
            activation, activation_params, "Dense")
        self.init = _choice(init, INITS, "init", "Dense")
        std = init_std(init, self.n_in, self.n_out, weight_std)
        self.W = _generator(rng, "Dense").normal(0.0, std, size=(self.n_in, self.n_out))
        self.b = np.zeros(self.n_out)
        self.x = self.z = self.a = None
        self.dW = self.db = self.grad_z = None

    def __repr__(self):
        return f"Dense({self.n_in} -> {self.n_out}, {self.activation.name}, init={self.init!r})"

    def forward(self, x):
        """a = activation(x @ W + b) for a batch x of shape (n, n_in)."""
        return self._forward(_batch(x, self.n_in, "Dense.forward", "x"))

    def backward(self, grad_a):
        """Given dL/da, store dW = x^T dL/dz and db = sum over rows of dL/dz; return dL/dx."""
        return self._backward(_upstream_gradient(grad_a, self.z, "Dense.backward", "grad_a"))

    # The unchecked steps, used by MLP once it has checked its own inputs.
    def _forward(self, x):
        self.x = x
        self.z = x @ self.W + self.b
        self.a = self.activation.fn(self.z, **self.activation_params)
        return self.a

    def _backward(self, grad_a):
        self.grad_z = grad_a * self.activation.grad(self.z, **self.activation_params)
        self.dW = self.x.T @ self.grad_z
        self.db = self.grad_z.sum(axis=0)
        return self.grad_z @ self.W.T


def count_dead_units(z):
    """The number of units (columns of z, shape (n, units)) with z <= 0 for every example."""
    arr = as_float_array(z, "count_dead_units")
    if arr.ndim != 2 or len(arr) == 0:
        raise ValueError(
            "count_dead_units() needs pre-activations of shape (n examples, units); "
            f"got shape {arr.shape}."
        )
    return int(np.sum(np.all(arr <= 0, axis=0)))


class MLP:
    """A multilayer perceptron: Dense layers of the given sizes, hidden `activation`, logits out.

    sizes = [n_in, hidden_1, ..., n_out]; [2, 1] is logistic regression (no hidden layer).
    All layers use `init`; their weights come from np.random.default_rng(seed), layer by layer.
    """

    def __init__(self, sizes, activation="relu", output="sigmoid", init="he", seed=0,
                 activation_params=None, weight_std=0.01):
        if isinstance(sizes, (str, bytes)) or not hasattr(sizes, "__len__") or len(sizes) < 2:
            raise ValueError(
                "MLP() needs sizes = [n_in, hidden sizes..., n_out], at least two layer sizes; "
                f"got {sizes!r}."
            )
        self.sizes = [int_param(s, "sizes[i]", "MLP", minimum=1) for s in sizes]
        _activation(activation, activation_params, "MLP")
        self.init = _choice(init, INITS, "init", "MLP")
        self.output = _choice(output, OUTPUTS, "output", "MLP")
        if output == "sigmoid" and self.sizes[-1] != 1:
            raise ValueError(
                f"MLP(output='sigmoid') needs 1 output unit; got sizes[-1]={self.sizes[-1]}."
            )
        if output == "softmax" and self.sizes[-1] < 2:
            raise ValueError(
                f"MLP(output='softmax') needs >= 2 output units; got sizes[-1]={self.sizes[-1]}."
            )
        rng = np.random.default_rng(int_param(seed, "seed", "MLP", minimum=0))
        n_layers = len(self.sizes) - 1
        self.layers = [
            Dense(n_in, n_out, activation if i < n_layers - 1 else "identity", init, rng,
                  activation_params if i < n_layers - 1 else None, weight_std)
            for i, (n_in, n_out) in enumerate(zip(self.sizes[:-1], self.sizes[1:]))
        ]
        self.activation = self.layers[0].activation.name if n_layers > 1 else None
        self._loss, self._loss_grad = LOSSES[output]

    def __repr__(self):
        return (f"MLP(sizes={self.sizes}, activation={self.activation!r}, "
                f"output={self.output!r}, init={self.init!r})")

    # forward and backward
    def forward(self, X):
        """The logits (outputs before the output function), shape (n, n_out)."""
        return self._forward(_batch(X, self.sizes[0], "MLP.forward"))

    def backward(self, grad_logits):
        """Backpropagate dL/dlogits through every layer (storing dW, db); return dL/dX."""
        grad_logits = _upstream_gradient(
            grad_logits, self.layers[-1].z, "MLP.backward", "grad_logits")
        return self._backward(grad_logits)

    def _forward(self, a):
        for layer in self.layers:
            a = layer._forward(a)
        return a

    def _backward(self, grad):
        for layer in reversed(self.layers):
            grad = layer._backward(grad)
        return grad

    def loss(self, X, y):
        """The loss of the model on (X, y): a mean over the batch, as a float."""
        return self._loss(self.forward(X), y)

    def loss_and_gradients(self, X, y):
        """One forward and one backward pass: returns (loss, gradients()) ."""
        logits = self.forward(X)
        loss = self._loss(logits, y)
        self.backward(self._loss_grad(logits, y))
        return loss, self.gradients()

    # parameters as lists [W1, b1, W2, b2, ...] or as one flat vector
    def parameters(self):
        """[W1, b1, W2, b2, ...]: the model's own arrays (updating them in place trains it)."""
        return [p for layer in self.layers for p in (layer.W, layer.b)]

    def gradients(self):
        """[dW1, db1, dW2, db2, ...] from the last backward pass."""
        if self.layers[0].dW is None:
            raise RuntimeError(
                "MLP.gradients() needs a backward pass first (e.g. loss_and_gradients(X, y))."
            )
        return [g for layer in self.layers for g in (layer.dW, layer.db)]

    def flat_parameters(self):
        """All parameters in one new vector (W1 row by row, b1, W2, ...)."""
        return np.concatenate([p.ravel() for p in self.parameters()])

    def flat_gradients(self):
        """All gradients in one vector, in the order of flat_parameters()."""
        return np.concatenate([g.ravel() for g in self.gradients()])

    def set_flat_parameters(self, theta):
        """Copy a vector laid out like flat_parameters() into the model's arrays."""
        theta = as_float_array(theta, "MLP.set_flat_parameters")
        size = sum(p.size for p in self.parameters())
        if theta.shape != (size,):
            raise ValueError(
                f"MLP.set_flat_parameters() needs a vector of {size} numbers; "
                f"got shape {theta.shape}."
            )
        start = 0
        for p in self.parameters():
            p[...] = theta[start:start + p.size].reshape(p.shape)
            start += p.size

    def loss_function(self, X, y):
        """theta -> the loss at flat parameters theta, for gradient checks; the model's own
        parameters are restored after each call. After loss_and_gradients(X, y):
            check_gradient(model.loss_function(X, y), model.flat_gradients(),
                           model.flat_parameters())
        """
        def loss_at(theta):
            saved = self.flat_parameters()
            self.set_flat_parameters(theta)
            try:
                return self.loss(X, y)
            finally:
                self.set_flat_parameters(saved)
        return loss_at

    # predictions
    def predict_proba(self, X):
        """Probabilities: P(class 1), shape (n,), for "sigmoid"; shape (n, K) for "softmax"."""
        if self.output == "identity":
            raise ValueError(
                "MLP.predict_proba() needs a classifier; this model has output='identity' "
                "(use predict)."
            )
        logits = self.forward(X)
        return sigmoid(logits[:, 0]) if self.output == "sigmoid" else softmax(logits, axis=1)

    def predict(self, X):
        """Class labels (int64, shape (n,)) for classifiers; outputs (n, n_out) for "identity"."""
        logits = self.forward(X)
        if self.output == "sigmoid":
            return (logits[:, 0] >= 0).astype(np.int64)  # p >= 0.5 exactly when z >= 0
        if self.output == "softmax":
            return logits.argmax(axis=1).astype(np.int64)
        return logits

    def accuracy(self, X, y):
        """The fraction of rows whose predicted class equals the label y."""
        predicted = self.predict(X)
        labels = as_float_array(y, "MLP.accuracy")
        if self.output == "identity" or labels.shape != predicted.shape:
            raise ValueError(
                f"MLP.accuracy() needs a classifier and one label per row ({predicted.shape}); "
                f"got output={self.output!r} and y of shape {labels.shape}."
            )
        return float(np.mean(predicted == labels))

    # diagnostics
    def pre_activations(self, X):
        """[z1, z2, ..., logits]: every layer's pre-activations for the batch X."""
        self.forward(X)
        return [layer.z for layer in self.layers]

    def dead_units(self, X):
        """For each hidden layer, the number of units with z <= 0 on every row of X."""
        return [count_dead_units(z) for z in self.pre_activations(X)[:-1]]

    def gradient_norms(self):
        """||dL/dW_l|| (Frobenius norm) for each layer l = 1..L, from the last backward pass."""
        return np.array([np.linalg.norm(dW) for dW in self.gradients()[::2]])


# --- training -------------------------------------------------------------------------------

class _SGD:
    """Gradient descent with optional (heavy-ball) momentum: v = momentum v - lr g; p += v."""

    def __init__(self, params, lr, momentum):
        self.params, self.lr, self.momentum = params, lr, momentum
        self.velocity = [np.zeros_like(p) for p in params]

    def step(self, grads):
        for p, g, v in zip(self.params, grads, self.velocity):
            v *= self.momentum
            v -= self.lr * g
            p += v


class _Adam:
    """Adam (Kingma & Ba 2015) with the Keras defaults beta1 = 0.9, beta2 = 0.999, eps = 1e-7."""

    def __init__(self, params, lr, beta1=0.9, beta2=0.999, eps=1e-7):
        self.params, self.lr, self.beta1, self.beta2, self.eps = params, lr, beta1, beta2, eps
        self.m = [np.zeros_like(p) for p in params]
        self.v = [np.zeros_like(p) for p in params]
        self.t = 0

    def step(self, grads):
        self.t += 1
        for p, g, m, v in zip(self.params, grads, self.m, self.v):
            m += (1 - self.beta1) * (g - m)
            v += (1 - self.beta2) * (g * g - v)
            m_hat = m / (1 - self.beta1**self.t)
            v_hat = v / (1 - self.beta2**self.t)
            p -= self.lr * m_hat / (np.sqrt(v_hat) + self.eps)


def _metrics(model, X, y, prefix=""):
    logits = model._forward(X)
    values = {prefix + "loss": model._loss(logits, y)}
    if model.output != "identity":
        predicted = logits.argmax(axis=1) if model.output == "softmax" else logits[:, 0] >= 0
        values[prefix + "accuracy"] = float(np.mean(predicted == y))
    return values


def _progress_line(epoch, epochs, values):
    names = {"loss": "loss", "accuracy": "acc", "val_loss": "val_loss", "val_accuracy": "val_acc"}
    parts = [f"{names[k]} {v:.4f}" if k.endswith("loss") else f"{names[k]} {v:.3f}"
             for k, v in values.items()]
    return f"epoch {epoch:>{len(str(epochs))}}/{epochs}  " + "  ".join(parts)


def train(model, X, y, epochs, lr, batch_size=None, X_val=None, y_val=None, seed=0,
          report_every=None, optimizer="sgd", momentum=0.0, target_accuracy=None):
    """Train `model` in place with mini-batch gradient descent; return the history.

    batch_size=None means full-batch gradient descent; otherwise the rows are reshuffled every
    epoch with np.random.default_rng(seed). optimizer is "sgd" (with optional momentum) or
    "adam". After every epoch the loss (and, for classifiers, accuracy) is measured on the
    whole training set and, when given, on (X_val, y_val). Every `report_every` epochs (and at
    the last one) a line such as
        epoch 100/500  loss 0.3123  acc 0.875  val_loss 0.3301  val_acc 0.850
    is printed; report_every=None prints nothing. With `target_accuracy`, training stops after the
    first epoch whose validation accuracy (training accuracy without validation data) reaches it.

    Returns {"loss": [...], "accuracy": [...], "val_loss": [...], "val_accuracy": [...]}, one
    float per epoch run (accuracy keys only for classifiers, val_ keys only with validation data).
    """
    if not isinstance(model, MLP):
        raise TypeError(f"train() needs an MLP as its first argument; got {type(model).__name__}.")
    check_targets = _TARGET_CHECKS[model.output]  # checks y against the logits for X
    X = _batch(X, model.sizes[0], "train")
    check_targets(model.forward(X), y, "train")
    y = as_float_array(y, "train")
    validate = X_val is not None or y_val is not None
    if validate:
        if X_val is None or y_val is None:
            raise ValueError("train() needs both X_val and y_val for validation, or neither.")
        X_val = _batch(X_val, model.sizes[0], "train", "X_val")
        check_targets(model.forward(X_val), y_val, "train")
        y_val = as_float_array(y_val, "train")
    epochs = int_param(epochs, "epochs", "train", minimum=1)
    lr = _positive(lr, "lr", "train")
    n = len(X)
    batch_size = n if batch_size is None else int_param(batch_size, "batch_size", "train", 1)
    batch_size = min(batch_size, n)
    if report_every is not None:
        report_every = int_param(report_every, "report_every", "train", minimum=1)
    _choice(optimizer, OPTIMIZERS, "optimizer", "train")
    momentum = real_param(momentum, "momentum", "train")
    if not 0 <= momentum < 1 or (optimizer == "adam" and momentum):
        raise ValueError(
            f"train() parameter momentum must be in [0, 1), and 0 with adam; got {momentum}."
        )
    if target_accuracy is not None:
        target_accuracy = _positive(target_accuracy, "target_accuracy", "train")
        if model.output == "identity" or target_accuracy > 1:
            raise ValueError(
                "train() parameter target_accuracy needs a classifier and a value in (0, 1]."
            )

    params = model.parameters()
    step = (_SGD(params, lr, momentum) if optimizer == "sgd" else _Adam(params, lr)).step
    rng = np.random.default_rng(int_param(seed, "seed", "train", minimum=0))
    history = {}
    for epoch in range(1, epochs + 1):
        order = rng.permutation(n) if batch_size < n else slice(None)
        Xs, ys = X[order], y[order]
        with np.errstate(over="ignore", invalid="ignore"):  # divergence is reported just below
            for start in range(0, n, batch_size):
                logits = model._forward(Xs[start:start + batch_size])
                model._backward(model._loss_grad(logits, ys[start:start + batch_size]))
                step(model.gradients())
            values = _metrics(model, X, y)
            if validate:
                values.update(_metrics(model, X_val, y_val, "val_"))
        if not np.isfinite(values["loss"]):
            raise FloatingPointError(
                f"train(): the training loss became {values['loss']} at epoch {epoch}; "
                f"lr={lr} is probably too large."
            )
        for key, value in values.items():
            history.setdefault(key, []).append(value)
        watched = values.get("val_accuracy" if validate else "accuracy")
        reached = target_accuracy is not None and watched >= target_accuracy
        if report_every is not None and (epoch % report_every == 0 or epoch == epochs or reached):
            print(_progress_line(epoch, epochs, values))
        if reached:
            break
    return history
