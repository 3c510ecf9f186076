"""Small two-dimensional toy data sets for classification, in NumPy only.

Every generator returns `X` (float64, shape (n, 2)) and `y` (int64 labels 0/1, shape (n,)).
The same arguments always give the same arrays: randomness comes from
`np.random.default_rng(seed)` (or, for `seed_linear`, a private legacy `RandomState(42)`),
so NumPy's global random state is neither used nor changed.
"""
import numpy as np

from ._validation import as_float_array, int_param, real_param


def _size(n, func_name, minimum=1):
    return int_param(n, "n", func_name, minimum=minimum)


def _noise(noise, func_name):
    noise = real_param(noise, "noise", func_name)
    if noise < 0:
        raise ValueError(
            f"{func_name}() parameter noise must be >= 0 (a standard deviation); got {noise}."
        )
    return noise


def _rng(seed, func_name):
    return np.random.default_rng(int_param(seed, "seed", func_name, minimum=0))


def _jitter(X, noise, rng):
    """Add Gaussian noise N(0, noise^2) to every coordinate (nothing is drawn when noise is 0)."""
    return X + rng.normal(0.0, noise, size=X.shape) if noise > 0 else X


def _shuffled(X, y, rng):
    order = rng.permutation(len(y))
    return X[order], y[order]


def xor(n=200, noise=0.0, seed=0):
    """XOR data: points uniform in [-1, 1]^2, label 1 when x0 and x1 have opposite signs.

    The label is (x0 > 0) XOR (x1 > 0), computed before the optional Gaussian noise
    (standard deviation `noise`) is added to the points. No straight line separates the classes.
    """
    n = _size(n, "xor")
    noise = _noise(noise, "xor")
    rng = _rng(seed, "xor")
    X = rng.uniform(-1.0, 1.0, size=(n, 2))
    y = ((X[:, 0] > 0) ^ (X[:, 1] > 0)).astype(np.int64)
    return _jitter(X, noise, rng), y


def circles(n=200, noise=0.1, factor=0.5, seed=0):
    """Two concentric circles: outer radius 1 (label 0), inner radius `factor` (label 1).

    Half of the n points (rounded down) lie on the inner circle, at uniformly random angles,
    then Gaussian noise (standard deviation `noise`) is added. Rows are shuffled.
    """
    n = _size(n, "circles", minimum=2)
    noise = _noise(noise, "circles")
    factor = real_param(factor, "factor", "circles")
    if not 0 < factor < 1:
        raise ValueError(
            f"circles() parameter factor (inner radius) must be between 0 and 1; got {factor}."
        )
    rng = _rng(seed, "circles")
    n_inner = n // 2
    y = np.r_[np.zeros(n - n_inner, dtype=np.int64), np.ones(n_inner, dtype=np.int64)]
    radius = np.where(y == 1, factor, 1.0)
    angle = rng.uniform(0.0, 2 * np.pi, size=n)
    X = radius[:, None] * np.column_stack([np.cos(angle), np.sin(angle)])
    return _shuffled(_jitter(X, noise, rng), y, rng)


def moons(n=200, noise=0.1, seed=0):
    """Two interleaving half circles ("two moons").

    Label 0: the upper half of the unit circle, (cos t, sin t) for t in [0, pi].
    Label 1: the same arc flipped and shifted, (1 - cos t, 1/2 - sin t).
    Half of the points (rounded down) get label 1; Gaussian noise (standard deviation
    `noise`) is added, and rows are shuffled.
    """
    n = _size(n, "moons", minimum=2)
    noise = _noise(noise, "moons")
    rng = _rng(seed, "moons")
    n_lower = n // 2
    y = np.r_[np.zeros(n - n_lower, dtype=np.int64), np.ones(n_lower, dtype=np.int64)]
    t = rng.uniform(0.0, np.pi, size=n)
    upper = np.column_stack([np.cos(t), np.sin(t)])
    lower = np.column_stack([1.0 - np.cos(t), 0.5 - np.sin(t)])
    X = np.where(y[:, None] == 1, lower, upper)
    return _shuffled(_jitter(X, noise, rng), y, rng)


def seed_linear(n=100):
    """The seed notebook's data: uniform points in [0, 1]^2 labelled x0 + x1 > 1.

    Identical to `np.random.seed(42); X = np.random.rand(n, 2)` but drawn from a private
    RandomState(42), so the global state is untouched. With n = 100: first row
    [0.37454012, 0.95071431] (label 1), 43 positives, smallest margin |x0 + x1 - 1| = 8.9e-5.
    One straight line (the labelling rule) separates the classes perfectly.
    """
    n = _size(n, "seed_linear")
    X = np.random.RandomState(42).rand(n, 2)
    y = (X[:, 0] + X[:, 1] > 1).astype(np.int64)
    return X, y


def train_val_split(X, y, val_fraction=0.25, seed=0):
    """Shuffle the rows, then hold out round(n * val_fraction) of them for validation.

    Returns X_train, X_val, y_train, y_val (in that order). X has one row per example;
    y keeps its dtype. Both parts get at least one row.
    """
    X = as_float_array(X, "train_val_split")
    y = np.asarray(y)
    if X.ndim != 2:
        raise ValueError(f"train_val_split() needs X of shape (n, features); got shape {X.shape}.")
    if y.ndim != 1 or len(y) != len(X):
        raise ValueError(
            f"train_val_split() needs y of shape (n,) with n = {len(X)} (one label per row of X); "
            f"got shape {y.shape}."
        )
    val_fraction = real_param(val_fraction, "val_fraction", "train_val_split")
    if not 0 < val_fraction < 1:
        raise ValueError(
            f"train_val_split() parameter val_fraction must be between 0 and 1; got {val_fraction}."
        )
    n_val = int(round(len(X) * val_fraction))
    if not 0 < n_val < len(X):
        raise ValueError(
            f"train_val_split(): {len(X)} rows with val_fraction={val_fraction} leave "
            f"{n_val} for validation and {len(X) - n_val} for training; both need at least one."
        )
    order = _rng(seed, "train_val_split").permutation(len(X))
    val, train = order[:n_val], order[n_val:]
    return X[train], X[val], y[train], y[val]
