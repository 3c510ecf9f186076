"""course_utils.precision: the formats, rounding to them, and where sigmoid and tanh round to 1,
against closed forms and (for float64, which cannot round its own values) mpmath."""
import math
import subprocess
import sys

import mpmath
import numpy as np
import pytest

from course_utils import precision


@pytest.mark.parametrize("number_format, exponent_bits, mantissa_bits, eps, largest", [
    ("float16", 5, 10, 2.0**-10, 65504.0), ("bfloat16", 8, 7, 2.0**-7, 3.3895313892515355e38),
    ("float32", 8, 23, 2.0**-23, 3.4028234663852886e38), ("float64", 11, 52, 2.0**-52, 1.7976931348623157e308),
])
def test_the_four_formats(number_format, exponent_bits, mantissa_bits, eps, largest):
    info = precision.finfo(number_format)
    assert (info.nexp, info.nmant, float(info.eps), float(info.max)) == (exponent_bits, mantissa_bits, eps, largest)
    assert 1 + exponent_bits + mantissa_bits == 8 * precision.dtype(number_format).itemsize


def test_unknown_format_is_refused_with_the_choices():
    with pytest.raises(ValueError, match="float16, bfloat16, float32, float64"):
        precision.dtype("float8")


def test_in_format_rounds_to_nearest_even():
    assert precision.in_format(1 + 2.0**-11, "float16") == 1.0  # a tie: to the even neighbour
    assert precision.in_format(1 + 3 * 2.0**-11, "float16") == 1 + 2.0**-9
    assert precision.in_format(1 + 2.0**-8, "bfloat16") == 1.0
    assert precision.in_format(70000.0, "float16") == np.inf
    assert precision.in_format(1e-8, "float16") == 0.0 and precision.in_format(3e-8, "float16") == 2.0**-24


# Where the exact value rounds to 1: 1 - phi(z) <= half the gap below 1, i.e. eps / 4.
@pytest.mark.parametrize("number_format", ["float16", "bfloat16", "float32"])
def test_rounds_to_one_from_matches_the_closed_forms(number_format):
    quarter_eps = float(precision.finfo(number_format).eps) / 4
    sigmoid_from = math.log(1 / quarter_eps - 1)  # sigma(-z) = eps / 4
    tanh_from = math.atanh(1 - quarter_eps)
    assert precision.rounds_to_one_from("sigmoid", number_format) == pytest.approx(sigmoid_from, abs=1e-6)
    assert precision.rounds_to_one_from("tanh", number_format) == pytest.approx(tanh_from, abs=1e-6)


def test_float64_thresholds_against_mpmath():
    mpmath.mp.prec = 200
    half_gap = mpmath.mpf(2) ** -54
    exact_sigmoid = mpmath.findroot(lambda z: 1 / (1 + mpmath.exp(z)) - half_gap, 37.4)
    exact_tanh = mpmath.findroot(lambda z: 1 - mpmath.tanh(z) - half_gap, 19.0)
    assert float(exact_sigmoid) == pytest.approx(54 * math.log(2), abs=1e-12)  # 37.43
    assert float(exact_tanh) == pytest.approx(19.0615, abs=1e-4)
    # The course's float64 sigmoid is computed in float64: it reaches 1 earlier, at 53 ln 2.
    assert precision.rounds_to_one_from("sigmoid", "float64") == pytest.approx(53 * math.log(2), abs=1e-6)


def test_import_course_utils_leaves_ml_dtypes_alone():
    code = "import sys, course_utils, course_utils.precision; print('ml_dtypes' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"
