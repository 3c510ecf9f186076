"""course_utils.network: every gradient against finite differences, losses against their
direct formulas, training on nonlinear data, determinism, progress lines, diagnostics and
clear errors."""
import re

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from course_utils import data
from course_utils.activations import ACTIVATIONS
from course_utils.gradcheck import check_gradient, relative_error
from course_utils.network import (
    LOSSES, MLP, Dense, binary_cross_entropy, binary_cross_entropy_grad, count_dead_units,
    init_std, mean_squared_error, mean_squared_error_grad, softmax_cross_entropy,
    softmax_cross_entropy_grad, train,
)

SMOOTH = ["sigmoid", "tanh", "gelu", "swish", "softplus", "mish", "elu"]
KINKED = ["relu", "leaky_relu", "selu"]  # checked only where no |z| is near the kink at 0
KINK_MARGIN = 1e-3  # >> h = 1e-5, so the central difference never straddles z = 0


def gradcheck(f, analytic, x):
    """check_gradient's verdict, except for entries so close to 0 that |analytic - numeric| is
    below 1e-9: there the relative error only measures the round-off in f (about 1e-16 |f| / h)."""
    result = check_gradient(f, analytic, x, verbose=False)
    wrong = (relative_error(result.analytic, result.numeric) >= result.threshold) & (
        np.abs(result.analytic - result.numeric) >= 1e-9)
    assert not wrong.any(), f"max relative error {result.max_relative_error:.2e}"


def away_from_kinks(zs):
    return all(np.abs(z).min() > KINK_MARGIN for z in zs)


def random_batch(n, d, seed):
    return np.random.default_rng(seed).normal(size=(n, d))


# --- losses ------------------------------------------------------------------------------

def test_binary_cross_entropy_matches_the_direct_formula():
    z = np.array([-3.0, -0.5, 0.0, 0.7, 4.0])
    y = np.array([0, 1, 1, 0, 1])
    p = 1 / (1 + np.exp(-z))
    direct = -np.mean(y * np.log(p) + (1 - y) * np.log(1 - p))
    assert binary_cross_entropy(z, y) == pytest.approx(direct, rel=1e-14)
    assert binary_cross_entropy(z[:, None], y) == pytest.approx(direct, rel=1e-14)
    assert np.allclose(binary_cross_entropy_grad(z, y), (p - y) / len(z), rtol=1e-14, atol=0)


def test_binary_cross_entropy_is_stable_for_huge_logits():
    # log(1 - sigmoid(1000)) would be log(0) = -inf; the softplus form gives the exact 1000.
    assert binary_cross_entropy([1000.0, -1000.0], [0, 1]) == 1000.0
    assert binary_cross_entropy([1000.0, -1000.0], [1, 0]) == 0.0
    assert binary_cross_entropy([40.0], [1]) == pytest.approx(np.exp(-40.0), rel=1e-12)
    assert np.array_equal(binary_cross_entropy_grad([1000.0, -1000.0], [0, 1]), [0.5, -0.5])


def test_softmax_cross_entropy_matches_the_direct_formula():
    z = random_batch(6, 4, seed=0)
    y = np.array([0, 3, 1, 2, 3, 0])
    p = np.exp(z) / np.exp(z).sum(axis=1, keepdims=True)
    direct = -np.mean(np.log(p[np.arange(6), y]))
    assert softmax_cross_entropy(z, y) == pytest.approx(direct, rel=1e-14)
    onehot = np.eye(4)[y]
    assert np.allclose(softmax_cross_entropy_grad(z, y), (p - onehot) / 6, rtol=1e-13, atol=1e-17)


def test_softmax_cross_entropy_is_stable_and_two_classes_equal_the_sigmoid_form():
    assert softmax_cross_entropy([[1000.0, 0.0]], [1]) == 1000.0
    z = random_batch(5, 1, seed=1)[:, 0]
    y = np.array([0, 1, 1, 0, 1])
    logits = np.column_stack([np.zeros(5), z])  # softmax([0, z])_1 = sigmoid(z)
    assert softmax_cross_entropy(logits, y) == pytest.approx(binary_cross_entropy(z, y), rel=1e-13)


def test_mean_squared_error_matches_the_direct_formula():
    pred = np.array([[1.0, 2.0], [3.0, -1.0]])
    y = np.array([[0.0, 2.0], [1.0, 1.0]])
    assert mean_squared_error(pred, y) == (1 + 0 + 4 + 4) / 4
    assert np.array_equal(mean_squared_error_grad(pred, y), 2 * (pred - y) / 4)
    assert mean_squared_error([[1.0], [3.0]], [0.0, 1.0]) == 2.5  # (n, 1) predictions, (n,) targets


# Logits in [-2, 2] and targets at least 0.1 from the predictions keep every gradient entry
# well away from 0, where a relative error would only measure round-off.
@settings(max_examples=15, deadline=None, derandomize=True)
@given(n=st.integers(1, 8), k=st.integers(2, 5), seed=st.integers(0, 10**6))
def test_loss_gradients_pass_the_finite_difference_check(n, k, seed):
    rng = np.random.default_rng(seed)
    z1 = rng.uniform(-2, 2, size=n)
    y1 = rng.integers(0, 2, size=n)
    gradcheck(lambda z: binary_cross_entropy(z, y1), binary_cross_entropy_grad(z1, y1), z1)
    zk = rng.uniform(-2, 2, size=(n, k))
    yk = rng.integers(0, k, size=n)
    gradcheck(lambda z: softmax_cross_entropy(z, yk), softmax_cross_entropy_grad(zk, yk), zk)
    t = zk + rng.choice([-1, 1], size=zk.shape) * rng.uniform(0.1, 1, size=zk.shape)
    gradcheck(lambda z: mean_squared_error(z, t), mean_squared_error_grad(zk, t), zk)


def test_each_output_has_its_loss():
    assert LOSSES["sigmoid"][0] is binary_cross_entropy
    assert LOSSES["softmax"][0] is softmax_cross_entropy
    assert LOSSES["identity"][0] is mean_squared_error


# --- one Dense layer -------------------------------------------------------------------------

def dense_checks(activation, seed=0, params=None):
    """Check dL/dW, dL/db and dL/dx of one layer for L = sum(R * a), R random."""
    layer = Dense(3, 4, activation, init="glorot", rng=seed, activation_params=params)
    layer.b[:] = np.random.default_rng(seed + 1).normal(size=4) * 0.5
    x = random_batch(5, 3, seed + 2)
    R = random_batch(5, 4, seed + 3)
    grad_x = layer.backward(R) if layer.forward(x) is not None else None
    if not away_from_kinks([layer.z]):
        return False
    W, b = layer.W.copy(), layer.b.copy()

    def loss_with(W_=W, b_=b, x_=x):
        layer.W, layer.b = W_, b_
        try:
            return float(np.sum(R * layer.forward(x_)))
        finally:
            layer.W, layer.b = W, b

    gradcheck(lambda v: loss_with(W_=v), layer.dW, W)
    gradcheck(lambda v: loss_with(b_=v), layer.db, b)
    gradcheck(lambda v: loss_with(x_=v), grad_x, x)
    return True


@pytest.mark.parametrize("activation", SMOOTH + KINKED + ["identity", "arctan", "softsign"])
def test_dense_layer_gradients(activation):
    checked = [dense_checks(activation, seed) for seed in range(0, 18, 3)]
    assert sum(checked) >= 4  # most seeds keep every z away from the kink


def test_dense_layer_with_activation_parameters():
    assert dense_checks("leaky_relu", params={"alpha": 0.2})
    assert dense_checks("elu", params={"alpha": 0.5})
    assert dense_checks("swish", params={"beta": 2.0})


def test_dense_forward_and_backward_formulas():
    layer = Dense(2, 3, "relu", rng=0)
    x = np.array([[1.0, -2.0], [0.5, 0.25]])
    a = layer.forward(x)
    assert np.array_equal(layer.z, x @ layer.W + layer.b)
    assert np.array_equal(a, np.maximum(layer.z, 0))
    g = np.ones((2, 3))
    dx = layer.backward(g)
    assert np.array_equal(layer.grad_z, (layer.z > 0) * 1.0)
    assert np.array_equal(layer.dW, x.T @ layer.grad_z)
    assert np.array_equal(layer.db, layer.grad_z.sum(0))
    assert np.array_equal(dx, layer.grad_z @ layer.W.T)
    assert layer.W.shape == (2, 3) and layer.b.shape == (3,) and not layer.b.any()
    assert repr(layer) == "Dense(2 -> 3, relu, init='he')"


# --- the whole network -------------------------------------------------------------------------

def mlp_check(sizes, activation, output, seed, n=6):
    model = MLP(sizes, activation=activation, output=output, init="glorot", seed=seed)
    for layer in model.layers:
        layer.b[:] = np.random.default_rng(seed + 7).normal(size=layer.b.shape) * 0.3
    X = random_batch(n, sizes[0], seed + 1)
    rng = np.random.default_rng(seed + 2)
    y = {"sigmoid": rng.integers(0, 2, n), "softmax": rng.integers(0, sizes[-1], n),
         "identity": rng.normal(size=(n, sizes[-1]))}[output]
    loss, grads = model.loss_and_gradients(X, y)
    if not away_from_kinks(model.pre_activations(X)):
        return False
    assert loss == model.loss(X, y)
    gradcheck(model.loss_function(X, y), model.flat_gradients(), model.flat_parameters())
    # dL/dX: backward's return value
    grad_X = model.backward(model._loss_grad(model.forward(X), y))
    gradcheck(lambda v: model.loss(v, y), grad_X, X)
    return True


@pytest.mark.parametrize("output", ["sigmoid", "softmax", "identity"])
@pytest.mark.parametrize("activation", ["sigmoid", "tanh", "gelu", "relu"])
def test_mlp_gradients_for_every_output(activation, output):
    n_out = {"sigmoid": 1, "softmax": 3, "identity": 2}[output]
    checked = [mlp_check([3, 5, 4, n_out], activation, output, seed) for seed in range(6)]
    assert sum(checked) >= 3


@settings(max_examples=10, deadline=None, derandomize=True)
@given(hidden=st.lists(st.integers(1, 6), min_size=0, max_size=3),
       activation=st.sampled_from(SMOOTH), seed=st.integers(0, 10**6))
def test_mlp_gradients_for_random_architectures(hidden, activation, seed):
    assert mlp_check([2] + hidden + [1], activation, "sigmoid", seed, n=4)


def test_loss_function_restores_the_parameters():
    model = MLP([2, 3, 1], seed=0)
    theta = model.flat_parameters()
    f = model.loss_function(*data.xor(n=10))
    assert f(theta + 1.0) != f(theta)
    assert np.array_equal(model.flat_parameters(), theta)


def test_flat_parameters_round_trip_and_share_memory():
    model = MLP([2, 4, 3, 1], seed=0)
    params = model.parameters()
    assert [p.shape for p in params] == [(2, 4), (4,), (4, 3), (3,), (3, 1), (1,)]
    theta = np.arange(model.flat_parameters().size, dtype=float)
    model.set_flat_parameters(theta)
    assert np.array_equal(model.flat_parameters(), theta)
    assert params[0] is model.layers[0].W and params[0][0, 0] == 0.0  # updated in place


def test_logistic_regression_is_an_mlp_without_hidden_layers():
    model = MLP([2, 1], seed=0)
    assert len(model.layers) == 1 and model.layers[0].activation.name == "identity"
    X, y = data.seed_linear()
    train(model, X, y, epochs=300, lr=2.0)
    assert model.accuracy(X, y) >= 0.95


def test_predictions():
    X, _ = data.moons(n=20)
    binary = MLP([2, 4, 1], seed=0)
    p = binary.predict_proba(X)
    assert p.shape == (20,) and np.all((p > 0) & (p < 1))
    assert np.array_equal(binary.predict(X), (p >= 0.5).astype(int))
    assert binary.predict(X).dtype == np.int64
    multi = MLP([2, 4, 3], output="softmax", seed=0)
    P = multi.predict_proba(X)
    assert P.shape == (20, 3) and np.allclose(P.sum(axis=1), 1)
    assert np.array_equal(multi.predict(X), P.argmax(axis=1))
    regression = MLP([2, 4, 2], output="identity", seed=0)
    assert np.array_equal(regression.predict(X), regression.forward(X))


# --- initialisation -----------------------------------------------------------------------------

def test_init_standard_deviations():
    assert init_std("he", 50, 10) == np.sqrt(2 / 50)
    assert init_std("glorot", 50, 10) == np.sqrt(2 / 60)
    assert init_std("lecun", 50, 10) == np.sqrt(1 / 50)
    assert init_std("normal", 50, 10) == 0.01 and init_std("normal", 50, 10, weight_std=1.0) == 1.0
    assert init_std("he", 50, 10, weight_std=0) == np.sqrt(2 / 50)  # only "normal" uses it
    for init in ("he", "glorot", "lecun", "normal"):
        W = Dense(400, 300, init=init, rng=0).W
        assert np.std(W) == pytest.approx(init_std(init, 400, 300), rel=0.01)
        assert abs(np.mean(W)) < 0.01 * np.std(W) * 10


def test_same_seed_same_weights():
    first, again, other = (MLP([2, 8, 8, 1], seed=s) for s in (5, 5, 6))
    assert np.array_equal(first.flat_parameters(), again.flat_parameters())
    assert not np.array_equal(first.flat_parameters(), other.flat_parameters())


def test_an_activation_object_works_like_its_name():
    by_name, by_object = Dense(2, 3, "tanh", rng=1), Dense(2, 3, ACTIVATIONS["tanh"], rng=1)
    x = random_batch(4, 2, 0)
    assert np.array_equal(by_name.forward(x), by_object.forward(x))


def test_layers_draw_from_one_stream():
    model = MLP([3, 3, 3, 3], output="identity", seed=0)
    assert not np.array_equal(model.layers[0].W, model.layers[1].W)
    rng = np.random.default_rng(0)
    expected = [Dense(3, 3, rng=rng).W for _ in range(3)]
    assert all(np.array_equal(a.W, b) for a, b in zip(model.layers, expected))


# --- training ----------------------------------------------------------------------------------

@pytest.mark.parametrize("which", [data.xor, data.circles])
def test_training_reaches_high_accuracy_on_nonlinear_data(which):
    X, y = which(n=200, seed=0)
    X_train, X_val, y_train, y_val = data.train_val_split(X, y)
    model = MLP([2, 16, 16, 1], activation="relu", seed=0)
    history = train(model, X_train, y_train, epochs=500, lr=0.5, X_val=X_val, y_val=y_val)
    assert history["accuracy"][-1] > 0.95 and history["val_accuracy"][-1] > 0.95
    assert history["loss"][-1] < history["loss"][0]
    assert set(history) == {"loss", "accuracy", "val_loss", "val_accuracy"}
    assert all(len(v) == 500 and isinstance(v[0], float) for v in history.values())


def test_a_linear_model_cannot_learn_circles():
    X, y = data.circles(n=200, seed=0)
    model = MLP([2, 1], seed=0)
    history = train(model, X, y, epochs=300, lr=1.0)
    assert history["accuracy"][-1] < 0.8


@pytest.mark.parametrize("options", [
    dict(batch_size=32, lr=0.3), dict(momentum=0.9, lr=0.1), dict(optimizer="adam", lr=0.02),
])
def test_minibatches_momentum_and_adam_train_too(options):
    X, y = data.moons(n=200, seed=1)
    model = MLP([2, 16, 1], activation="relu", init="he", seed=0)
    history = train(model, X, y, epochs=200, **options)
    assert history["accuracy"][-1] > 0.95


def test_softmax_training_on_three_classes():
    X, y = data.moons(n=150, seed=0)
    y3 = np.where(X[:, 0] > 1.5, 2, y)
    model = MLP([2, 16, 3], activation="tanh", output="softmax", init="glorot", seed=0)
    assert train(model, X, y3, epochs=300, lr=0.05, optimizer="adam")["accuracy"][-1] > 0.9


def test_regression_history_has_no_accuracy():
    X = random_batch(40, 2, 0)
    y = np.sin(X[:, 0])
    model = MLP([2, 8, 1], activation="tanh", output="identity", seed=0)
    history = train(model, X, y, epochs=50, lr=0.1, X_val=X[:10], y_val=y[:10])
    assert set(history) == {"loss", "val_loss"} and history["loss"][-1] < history["loss"][0]


def test_training_is_deterministic_and_leaves_global_state_alone():
    X, y = data.xor(n=100, seed=2)
    saved = np.random.get_state()
    runs = []
    for _ in range(2):
        model = MLP([2, 8, 1], seed=3)
        history = train(model, X, y, epochs=20, lr=0.3, batch_size=16, seed=4)
        runs.append((history, model.flat_parameters()))
    after = np.random.get_state()
    assert runs[0][0] == runs[1][0] and np.array_equal(runs[0][1], runs[1][1])
    assert np.array_equal(saved[1], after[1]) and saved[2:] == after[2:]
    other = MLP([2, 8, 1], seed=3)
    train(other, X, y, epochs=20, lr=0.3, batch_size=16, seed=5)  # another shuffling order
    assert not np.array_equal(other.flat_parameters(), runs[0][1])


def test_progress_lines(capsys):
    X, y = data.xor(n=40)
    train(MLP([2, 4, 1], seed=0), X, y, epochs=10, lr=0.1, X_val=X, y_val=y, report_every=4)
    lines = capsys.readouterr().out.splitlines()
    assert [line[:11] for line in lines] == ["epoch  4/10", "epoch  8/10", "epoch 10/10"]
    pattern = r"epoch +\d+/10  loss \d\.\d{4}  acc \d\.\d{3}  val_loss \d\.\d{4}  val_acc \d\.\d{3}"
    assert all(re.fullmatch(pattern, line) for line in lines)
    train(MLP([2, 4, 1], seed=0), X, y, epochs=10, lr=0.1)
    assert capsys.readouterr().out == ""


def test_progress_line_format_exactly(capsys):
    X, y = data.xor(n=40)
    history = train(MLP([2, 4, 1], seed=0), X, y, epochs=3, lr=0.1, report_every=3)
    expected = f"epoch 3/3  loss {history['loss'][-1]:.4f}  acc {history['accuracy'][-1]:.3f}\n"
    assert capsys.readouterr().out == expected


def test_target_accuracy_stops_early(capsys):
    X, y = data.circles(n=200, seed=0)
    X_train, X_val, y_train, y_val = data.train_val_split(X, y)
    history = train(MLP([2, 16, 1], seed=0), X_train, y_train, epochs=2000, lr=0.5,
                    X_val=X_val, y_val=y_val, target_accuracy=0.9, report_every=1000)
    assert len(history["val_accuracy"]) < 2000
    assert history["val_accuracy"][-1] >= 0.9 > max(history["val_accuracy"][:-1])
    assert capsys.readouterr().out.startswith(f"epoch {len(history['loss']):>4}/2000")


def test_divergence_is_reported_not_hidden_in_nans():
    X = random_batch(30, 2, 0) * 10
    with pytest.raises(FloatingPointError, match=r"train\(\): the training loss became .* lr=10.0"):
        train(MLP([2, 8, 1], output="identity", seed=0), X, X[:, 0] * 100, epochs=50, lr=10.0)


# --- diagnostics ---------------------------------------------------------------------------------

def test_gradient_norms_are_the_frobenius_norms_of_dW():
    model = MLP([2, 8, 8, 8, 1], activation="sigmoid", init="glorot", seed=0)
    model.loss_and_gradients(*data.xor(n=64))
    norms = model.gradient_norms()
    assert norms.shape == (4,)
    expected = [np.sqrt(np.sum(layer.dW ** 2)) for layer in model.layers]
    assert np.allclose(norms, expected, rtol=1e-14)


def test_sigmoid_gradients_vanish_with_depth_but_relu_with_he_do_not():
    X, y = data.xor(n=128, seed=0)

    def first_to_last(activation, init):
        model = MLP([2] + [32] * 12 + [1], activation=activation, init=init, seed=0)
        model.loss_and_gradients(X, y)
        norms = model.gradient_norms()
        return norms[0] / norms[-1]

    assert first_to_last("sigmoid", "glorot") < 1e-4
    assert first_to_last("relu", "he") > 1e-2


def test_dead_units():
    z = np.array([[-1.0, 0.0, 2.0], [-3.0, 0.0, -1.0]])
    assert count_dead_units(z) == 2  # z <= 0 everywhere in the first two columns
    X = random_batch(200, 2, 0)
    model = MLP([2, 16, 16, 1], seed=0)
    assert model.dead_units(X) == [0, 0] or sum(model.dead_units(X)) <= 2
    model.layers[0].b[:] = -5.0
    dead = model.dead_units(X)
    assert len(dead) == 2 and dead[0] >= 12
    zs = model.pre_activations(X)
    assert [z.shape for z in zs] == [(200, 16), (200, 16), (200, 1)]
    assert dead[0] == count_dead_units(zs[0])


def test_a_dead_relu_unit_gets_exactly_zero_gradient():
    X = np.random.default_rng(0).uniform(0, 1, size=(50, 2))
    model = MLP([2, 3, 1], seed=0)
    model.layers[0].W[:, 0] = [0.7, -0.4]
    model.layers[0].b[0] = -3.0  # z <= 0.7 - 3 < 0 on [0, 1]^2
    model.loss_and_gradients(X, (X[:, 0] > 0.5).astype(int))
    assert np.all(model.layers[0].dW[:, 0] == 0) and model.layers[0].db[0] == 0
    leaky = MLP([2, 3, 1], activation="leaky_relu", seed=0)
    leaky.set_flat_parameters(model.flat_parameters())
    leaky.loss_and_gradients(X, (X[:, 0] > 0.5).astype(int))
    assert np.all(leaky.layers[0].dW[:, 0] != 0)


# --- bad input -----------------------------------------------------------------------------

def fresh():
    return MLP([2, 3, 1], seed=0)


def after_forward(model, n=4):
    model.forward(np.zeros((n, 2)))
    return model


def train_tiny(**options):
    """train() on two rows, one epoch, lr 0.1, with the given keyword arguments changed."""
    arguments = dict(model=fresh(), X=np.zeros((2, 2)), y=[0, 1], epochs=1, lr=0.1) | options
    return train(**arguments)


ZEROS = np.zeros((2, 2))

BAD_MODELS = [
    (lambda: MLP([2, 3, 1], activation="rleu"), ValueError,
     rf"MLP\(\) got activation='rleu'; valid names: {', '.join(ACTIVATIONS)}\."),
    (lambda: Dense(2, 3, activation="swiglu"), ValueError,
     r"Dense\(\) got activation='swiglu'; valid names: step"),
    (lambda: MLP([2, 3, 1], activation="leaky_relu", activation_params={"slope": 0.1}), TypeError,
     r"leaky_relu\(\) got unexpected parameter\(s\) slope; it accepts: alpha"),
    (lambda: MLP([2, 3, 1], init="xavier"), ValueError,
     r"MLP\(\) got init='xavier'; valid values: 'he', 'glorot', 'lecun', 'normal'"),
    (lambda: MLP([2, 3, 1], output="tanh"), ValueError,
     r"valid values: 'sigmoid', 'softmax', 'identity'"),
    (lambda: MLP([2, 3, 2]), ValueError, r"MLP\(output='sigmoid'\) needs 1 output unit"),
    (lambda: MLP([2, 3, 1], output="softmax"), ValueError, r"needs >= 2 output units"),
    (lambda: MLP([2]), ValueError, r"at least two layer sizes"),
    (lambda: MLP(5), ValueError, r"MLP\(\) needs sizes = \[n_in"),
    (lambda: MLP([2, 0, 1]), ValueError, r"MLP\(\) parameter sizes\[i\] must be at least 1"),
    (lambda: MLP([2, 3, 1], seed=-2), ValueError, r"MLP\(\) parameter seed must be at least 0"),
    (lambda: Dense(2, 3, init="normal", weight_std=0), ValueError, r"weight_std must be > 0"),
    (lambda: Dense(2, 3, rng="zero"), TypeError,
     r"Dense\(\) parameter rng \(a seed or a numpy Generator\)"),
]

BAD_PASSES = [
    (lambda: fresh().forward(np.zeros((4, 3))), ValueError,
     r"MLP.forward\(\) needs X of shape \(n, 2\): one row per example, 2 columns; "
     r"got shape \(4, 3\)"),
    (lambda: fresh().forward([1.0, 2.0]), ValueError,
     r"needs X of shape \(n, 2\).*got shape \(2,\)"),
    (lambda: fresh().forward([[np.nan, 1.0]]), ValueError,
     r"MLP.forward\(\): X contains inf or NaN"),
    (lambda: fresh().forward("xy"), TypeError, r"MLP.forward\(\) expects"),
    (lambda: Dense(2, 3).forward(np.zeros((1, 4))), ValueError,
     r"Dense.forward\(\) needs x of shape \(n, 2\)"),
    (lambda: Dense(2, 3).backward(np.zeros((1, 3))), RuntimeError,
     r"Dense.backward\(\) needs a forward\(\) call"),
    (lambda: fresh().backward(np.zeros((1, 1))), RuntimeError,
     r"MLP.backward\(\) needs a forward\(\) call"),
    (lambda: after_forward(fresh()).backward(np.zeros((3, 1))), ValueError,
     r"MLP.backward\(\) needs grad_logits shaped like the last forward output \(4, 1\); "
     r"got \(3, 1\)"),
    (lambda: fresh().gradients(), RuntimeError, r"MLP.gradients\(\) needs a backward pass first"),
    (lambda: fresh().gradient_norms(), RuntimeError, r"needs a backward pass first"),
    (lambda: fresh().set_flat_parameters(np.zeros(3)), ValueError,
     r"MLP.set_flat_parameters\(\) needs a vector of 13 numbers; got shape \(3,\)"),
    (lambda: MLP([2, 3, 2], output="identity").predict_proba(np.zeros((1, 2))), ValueError,
     r"predict_proba\(\) needs a classifier"),
    (lambda: fresh().accuracy(np.zeros((3, 2)), [0, 1]), ValueError,
     r"MLP.accuracy\(\) needs a classifier and one label per row"),
    (lambda: count_dead_units([1.0, -1.0]), ValueError,
     r"count_dead_units\(\) needs pre-activations of shape"),
]

BAD_LOSSES = [
    (lambda: fresh().loss(np.zeros((4, 2)), [0, 1, 0]), ValueError,
     r"binary_cross_entropy\(\) needs one target per row of the logits \(4\); "
     r"got y of shape \(3,\)"),
    (lambda: fresh().loss(ZEROS, [0, 2]), ValueError, r"needs labels y in \[0, 1\]"),
    (lambda: MLP([2, 3], output="softmax").loss(ZEROS, [0, 3]), ValueError,
     r"softmax_cross_entropy\(\) needs integer labels y in 0..2"),
    (lambda: softmax_cross_entropy([[0.0, 1.0]], [0.5]), ValueError, r"needs integer labels"),
    (lambda: softmax_cross_entropy([0.0, 1.0], [0, 1]), ValueError,
     r"needs logits of shape \(n, K\) with K >= 2"),
    (lambda: binary_cross_entropy(ZEROS, [0, 1]), ValueError,
     r"needs logits of shape \(n,\) or \(n, 1\)"),
    (lambda: mean_squared_error(ZEROS, [0, 1]), ValueError,
     r"mean_squared_error\(\) needs one target per prediction"),
    (lambda: mean_squared_error([1.0], [np.inf]), ValueError,
     r"mean_squared_error\(\): y contains inf or NaN"),
]

BAD_TRAINING = [
    (lambda: train_tiny(model="model"), TypeError, r"train\(\) needs an MLP"),
    (lambda: train_tiny(X=np.zeros((2, 3))), ValueError, r"train\(\) needs X of shape \(n, 2\)"),
    (lambda: train_tiny(y=[0, 1, 1]), ValueError,
     r"train\(\) needs one target per row of the logits \(2\); got y of shape \(3,\)"),
    (lambda: train_tiny(y=[0, np.nan]), ValueError, r"train\(\): y contains inf or NaN"),
    (lambda: train_tiny(X_val=ZEROS, y_val=[0, 5]), ValueError,
     r"train\(\) needs labels y in \[0, 1\]"),
    (lambda: train_tiny(X_val=ZEROS), ValueError, r"train\(\) needs both X_val and y_val"),
    (lambda: train_tiny(X_val=np.zeros((2, 1)), y_val=[0, 1]), ValueError,
     r"train\(\) needs X_val of shape \(n, 2\)"),
    (lambda: train_tiny(epochs=0), ValueError, r"train\(\) parameter epochs must be at least 1"),
    (lambda: train_tiny(lr=-0.1), ValueError, r"train\(\) parameter lr must be > 0"),
    (lambda: train_tiny(batch_size=0), ValueError, r"batch_size must be at least 1"),
    (lambda: train_tiny(optimizer="rmsprop"), ValueError,
     r"train\(\) got optimizer='rmsprop'; valid values: 'sgd', 'adam'"),
    (lambda: train_tiny(momentum=1.0), ValueError, r"momentum must be in \[0, 1\)"),
    (lambda: train_tiny(optimizer="adam", momentum=0.5), ValueError, r"and 0 with adam"),
    (lambda: train_tiny(report_every=0), ValueError, r"report_every must be at least 1"),
    (lambda: train_tiny(target_accuracy=1.5), ValueError,
     r"target_accuracy needs a classifier and a value in \(0, 1\]"),
]


@pytest.mark.parametrize("call, error, message",
                         BAD_MODELS + BAD_PASSES + BAD_LOSSES + BAD_TRAINING)
def test_bad_input_names_the_function_and_what_it_expected(call, error, message):
    with pytest.raises(error, match=message):
        call()
