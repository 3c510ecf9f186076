"""course_utils.data: shapes and dtypes, the defining geometry of each data set, the seed
notebook's canonical facts, determinism, untouched global random state, and clear errors."""
import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from course_utils import data

GENERATORS = [data.xor, data.circles, data.moons]
sizes = st.integers(min_value=2, max_value=300)
seeds = st.integers(min_value=0, max_value=2**32 - 1)
noises = st.floats(min_value=0.0, max_value=1.0)


@pytest.fixture
def global_state_unchanged():
    """Fail the test if it changed NumPy's legacy global random state."""
    before = np.random.get_state()
    yield
    after = np.random.get_state()
    assert before[0] == after[0] and np.array_equal(before[1], after[1]) and before[2:] == after[2:]


# --- every generator ----------------------------------------------------------------------

@settings(max_examples=30, deadline=None)
@given(n=sizes, seed=seeds, noise=noises, which=st.sampled_from(GENERATORS))
def test_shapes_dtypes_and_determinism(n, seed, noise, which):
    X, y = which(n=n, noise=noise, seed=seed)
    assert X.shape == (n, 2) and X.dtype == np.float64
    assert y.shape == (n,) and y.dtype == np.int64
    assert set(np.unique(y)) <= {0, 1}
    assert np.all(np.isfinite(X))
    X2, y2 = which(n=n, noise=noise, seed=seed)
    assert np.array_equal(X, X2) and np.array_equal(y, y2)


@pytest.mark.parametrize("which", GENERATORS)
def test_different_seeds_give_different_data(which):
    assert not np.array_equal(which(seed=0)[0], which(seed=1)[0])


@pytest.mark.parametrize("which", GENERATORS + [data.seed_linear])
def test_global_random_state_is_not_used(which):
    saved = np.random.get_state()
    try:
        np.random.seed(123)
        first = which()
        np.random.seed(7)
        second = which()
    finally:
        np.random.set_state(saved)
    assert all(np.array_equal(a, b) for a, b in zip(first, second))


def test_global_random_state_is_not_changed(global_state_unchanged):
    for which in GENERATORS:
        which(n=50, seed=3)
    data.seed_linear()
    data.train_val_split(*data.xor(), seed=5)


# --- the geometry of each data set --------------------------------------------------------

@settings(max_examples=20, deadline=None)
@given(n=sizes, seed=seeds)
def test_xor_labels_follow_the_signs(n, seed):
    X, y = data.xor(n=n, seed=seed)
    assert np.all(np.abs(X) <= 1)
    assert np.array_equal(y, ((X[:, 0] > 0) != (X[:, 1] > 0)).astype(int))


def test_xor_noise_moves_points_but_keeps_labels():
    X0, y0 = data.xor(n=100, seed=4)
    X1, y1 = data.xor(n=100, noise=0.2, seed=4)
    assert np.array_equal(y0, y1)
    assert 0.1 < np.std(X1 - X0) < 0.3


@settings(max_examples=20, deadline=None)
@given(n=sizes, seed=seeds, factor=st.floats(min_value=0.05, max_value=0.95))
def test_circles_radii_and_balance(n, seed, factor):
    X, y = data.circles(n=n, noise=0.0, factor=factor, seed=seed)
    radius = np.hypot(X[:, 0], X[:, 1])
    assert np.allclose(radius[y == 1], factor) and np.allclose(radius[y == 0], 1.0)
    assert y.sum() == n // 2


@settings(max_examples=20, deadline=None)
@given(n=sizes, seed=seeds)
def test_moons_lie_on_their_arcs_and_are_balanced(n, seed):
    X, y = data.moons(n=n, noise=0.0, seed=seed)
    upper, lower = X[y == 0], X[y == 1]
    assert np.allclose(np.hypot(upper[:, 0], upper[:, 1]), 1.0) and np.all(upper[:, 1] >= -1e-12)
    assert np.allclose(np.hypot(lower[:, 0] - 1, lower[:, 1] - 0.5), 1.0)
    assert np.all(lower[:, 1] <= 0.5 + 1e-12)
    assert y.sum() == n // 2


def test_rows_are_shuffled_not_grouped_by_class():
    for which in (data.circles, data.moons):
        y = which(n=200)[1]
        assert 0 < y[:100].sum() < 100


# --- the seed notebook's data (CONTENT.md §5) ------------------------------------------------

def test_seed_linear_canonical_facts():
    X, y = data.seed_linear()
    assert X.shape == (100, 2) and X.dtype == np.float64 and y.dtype == np.int64
    assert np.allclose(X[0], [0.37454012, 0.95071431], atol=5e-9) and y[0] == 1
    assert y.sum() == 43
    margin = np.abs(X[:, 0] + X[:, 1] - 1).min()
    assert f"{margin:.1e}" == "8.9e-05"
    assert np.array_equal(y, (X.sum(axis=1) > 1).astype(int))  # the rule is 100 % accurate


def test_seed_linear_matches_the_legacy_global_calls_exactly():
    saved = np.random.get_state()
    try:
        np.random.seed(42)
        expected = np.random.rand(100, 2)
    finally:
        np.random.set_state(saved)
    assert np.array_equal(data.seed_linear()[0], expected)
    assert np.array_equal(data.seed_linear(n=10)[0], expected[:10])


# --- train_val_split --------------------------------------------------------------------------

@settings(max_examples=30, deadline=None)
@given(n=st.integers(min_value=2, max_value=200),
       fraction=st.floats(min_value=0.05, max_value=0.95), seed=seeds)
def test_split_is_a_shuffled_partition(n, fraction, seed):
    X = np.column_stack([np.arange(n), -np.arange(n)]).astype(float)
    y = np.arange(n) % 3
    n_val = int(round(n * fraction))
    if not 0 < n_val < n:
        with pytest.raises(ValueError, match="both need at least one"):
            data.train_val_split(X, y, fraction, seed)
        return
    X_train, X_val, y_train, y_val = data.train_val_split(X, y, fraction, seed)
    assert len(X_val) == len(y_val) == n_val and len(X_train) == len(y_train) == n - n_val
    rows = np.concatenate([X_train[:, 0], X_val[:, 0]]).astype(int)
    assert sorted(rows) == list(range(n))
    assert np.array_equal(y_train, rows[: n - n_val] % 3) and y_train.dtype == y.dtype
    again = data.train_val_split(X, y, fraction, seed)
    assert np.array_equal(again[1], X_val)


def test_split_default_is_a_quarter():
    X_train, X_val, y_train, y_val = data.train_val_split(*data.moons(n=200))
    assert X_train.shape == (150, 2) and X_val.shape == (50, 2)
    assert y_train.shape == (150,) and y_val.shape == (50,)


# --- bad input --------------------------------------------------------------------------------

@pytest.mark.parametrize("call, error, message", [
    (lambda: data.xor(n=0), ValueError, r"xor\(\) parameter n must be at least 1"),
    (lambda: data.xor(n=2.5), TypeError, r"xor\(\) parameter n must be an integer"),
    (lambda: data.xor(n="10"), TypeError, r"xor\(\) parameter n must be an integer; got str"),
    (lambda: data.circles(n=1), ValueError, r"circles\(\) parameter n must be at least 2"),
    (lambda: data.moons(n=True), TypeError, r"moons\(\) parameter n must be an integer"),
    (lambda: data.xor(noise=-0.1), ValueError, r"xor\(\) parameter noise must be >= 0"),
    (lambda: data.moons(noise=float("nan")), ValueError,
     r"moons\(\) parameter noise must be finite"),
    (lambda: data.circles(noise="a"), TypeError,
     r"circles\(\) parameter noise must be a real number"),
    (lambda: data.circles(factor=1.0), ValueError,
     r"circles\(\) parameter factor .* between 0 and 1"),
    (lambda: data.circles(factor=0), ValueError, r"circles\(\) parameter factor"),
    (lambda: data.xor(seed=-1), ValueError, r"xor\(\) parameter seed must be at least 0"),
    (lambda: data.moons(seed=1.5), TypeError, r"moons\(\) parameter seed must be an integer"),
    (lambda: data.seed_linear(n=0), ValueError, r"seed_linear\(\) parameter n must be at least 1"),
    (lambda: data.train_val_split([1, 2, 3], [0, 1, 0]), ValueError,
     r"train_val_split\(\) needs X of shape \(n, features\); got shape \(3,\)"),
    (lambda: data.train_val_split(np.zeros((4, 2)), [0, 1, 0]), ValueError,
     r"train_val_split\(\) needs y of shape \(n,\) with n = 4"),
    (lambda: data.train_val_split(np.zeros((4, 2)), np.zeros((4, 1))), ValueError,
     r"train_val_split\(\) needs y of shape \(n,\)"),
    (lambda: data.train_val_split(np.zeros((4, 2)), [0] * 4, val_fraction=1.0), ValueError,
     r"val_fraction must be between 0 and 1"),
    (lambda: data.train_val_split(np.zeros((2, 2)), [0, 1], val_fraction=0.1), ValueError,
     r"leave 0 for validation and 2 for training"),
    (lambda: data.train_val_split("abc", [0]), TypeError, r"train_val_split\(\) expects"),
])
def test_bad_input_names_the_function_and_what_it_expected(call, error, message):
    with pytest.raises(error, match=message):
        call()
