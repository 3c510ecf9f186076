"""The floating-point formats of deep learning, and where activations round in them (lesson 13).

float16, float32 and float64 are NumPy's own. bfloat16 comes from the ml_dtypes package (it is
installed with TensorFlow and JAX, and listed in requirements.txt); it is imported only when a
bfloat16 is asked for, so `import course_utils` never loads it.
"""
from functools import lru_cache

import numpy as np

from .activations import ACTIVATIONS

FORMATS = ("float16", "bfloat16", "float32", "float64")  # from the narrowest range to the widest


def dtype(number_format):
    """The NumPy dtype of a format named in FORMATS ('bfloat16' needs the ml_dtypes package)."""
    if number_format not in FORMATS:
        raise ValueError(f"number_format must be one of {', '.join(FORMATS)}; got {number_format!r}")
    if number_format == "bfloat16":
        try:
            import ml_dtypes
        except ImportError:
            raise ImportError("bfloat16 needs the ml_dtypes package: python -m pip install ml_dtypes "
                              "(it comes with TensorFlow and JAX).") from None
        return np.dtype(ml_dtypes.bfloat16)
    return np.dtype(number_format)


def finfo(number_format):
    """np.finfo of the format (ml_dtypes.finfo for bfloat16): eps, max, smallest_normal, nmant, ..."""
    if number_format == "bfloat16":
        import ml_dtypes

        return ml_dtypes.finfo(dtype(number_format))
    return np.finfo(dtype(number_format))


def in_format(values, number_format):
    """Values rounded to the format (round to nearest, ties to even; beyond its largest value,
    ±inf), then held as float64."""
    with np.errstate(over="ignore"):
        return np.asarray(values, dtype=np.float64).astype(dtype(number_format)).astype(np.float64)


@lru_cache(maxsize=None)
def rounds_to_one_from(name, number_format):
    """The smallest z > 0 from which φ(z), rounded to the format, is exactly 1 (sigmoid, tanh).

    φ(z) is the course's float64 value, so in float64 this is where that value reaches 1
    (sigmoid: 53 ln 2 ≈ 36.74); the exact σ would round to 1 only from 54 ln 2 ≈ 37.43.
    """
    def is_one(z):
        return in_format(ACTIVATIONS[name].fn(z), number_format) == 1.0

    low, high = 0.0, 60.0
    for _ in range(80):  # bisection to float64 resolution
        middle = (low + high) / 2
        low, high = (low, middle) if is_one(middle) else (middle, high)
    return high
