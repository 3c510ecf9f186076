"""course_utils.explorer: what the lesson-04 explorer computes and draws, without widgets."""
import io
import math

import numpy as np
import pytest
from PIL import Image

from course_utils import explorer as model
from course_utils.activations import ACTIVATIONS


def pixels(png):
    return np.asarray(Image.open(io.BytesIO(png)).convert("RGB"), dtype=float)


def test_parameter_table_follows_activation_defaults():
    from_activations = {(n, p): v for n, a in ACTIVATIONS.items() for p, v in a.defaults.items()}
    assert {(p.activation, p.name): p.default for p in model.PARAMETERS} == from_activations
    for p in model.PARAMETERS:
        if isinstance(p.default, bool):
            assert p.bounds is None
        else:
            low, high, step = p.bounds
            assert low <= p.default <= high and step > 0


@pytest.mark.parametrize("settings, named", [
    (dict(activation="banana"), "unknown activation 'banana'"),
    (dict(activation="elu", params={"beta": 1.0}), "accepts: alpha"),
    (dict(activation="relu", params={"alpha": 1.0}), "accepts: none"),
    (dict(compare=("relu", "tanh", "elu")), "up to 2"),
    (dict(compare=("softmax",)), "compare takes"),
    (dict(number_format="bfloat16"), "float64, float32, float16"),
    (dict(std=0.0), "std must be > 0"),
    (dict(temperature=-1.0), "temperature must be > 0"),
    (dict(logits=(1.0,)), "logits must be 2 to"),
    (dict(logits=(1.0, float("nan"))), "logits must be 2 to"),
])
def test_view_refuses_settings_it_cannot_draw(settings, named):
    with pytest.raises(ValueError, match=named):
        model.View(**settings)


@pytest.mark.parametrize("text, values", [
    ("2, 1, 0.1", (2.0, 1.0, 0.1)), ("2 1 0.1", (2.0, 1.0, 0.1)), ("-1;1e1", (-1.0, 10.0)),
    (" 3 ,, 4 ", (3.0, 4.0)),
])
def test_parse_logits_reads_what_students_type(text, values):
    assert model.parse_logits(text) == values


@pytest.mark.parametrize("text", ["1", "", "a, b", "1, nan", "1, inf", ", ".join(["1"] * 9)])
def test_parse_logits_says_what_is_wrong(text):
    with pytest.raises(ValueError, match=r"like 2, 1, 0\.1"):
        model.parse_logits(text)


# CONTENT.md §8.2: where the exact sigmoid and tanh round to 1 in each format.
@pytest.mark.parametrize("name, number_format, expected, tolerance", [
    ("sigmoid", "float16", 12 * math.log(2), 0.01), ("sigmoid", "float32", 25 * math.log(2), 0.01),
    ("sigmoid", "float64", 36.74, 0.01), ("tanh", "float16", 4.505, 0.005), ("tanh", "float32", 9.011, 0.005),
    # NumPy's float64 tanh returns exactly 1 slightly before the exact value would round (19.06).
    ("tanh", "float64", 19.06, 0.1),
])
def test_rounds_to_one_from_matches_the_checked_thresholds(name, number_format, expected, tolerance):
    z = model.rounds_to_one_from(name, number_format)
    assert z == pytest.approx(expected, abs=tolerance)
    assert model.phi(name, z, number_format=number_format) == 1.0
    assert model.phi(name, z - 1e-3, number_format=number_format) < 1.0


def test_low_precision_slope_is_exactly_zero_where_the_output_rounded_to_one():
    for name in ("sigmoid", "tanh"):
        z = model.rounds_to_one_from(name, "float16") + 0.01
        assert model.phi_prime(name, z, number_format="float16") == 0.0
        assert model.phi_prime(name, z) > 1e-5  # float64: small but alive


def test_distribution_summary_known_values():
    relu = model.distribution_summary(model.View(activation="relu"))
    # z ~ N(0, 1): E[relu] = 1/sqrt(2 pi), Var = 1/2 - 1/(2 pi), half the inputs dead.
    assert relu["mean"] == pytest.approx(1 / math.sqrt(2 * math.pi), abs=0.01)
    assert relu["variance"] == pytest.approx(0.5 - 1 / (2 * math.pi), abs=0.01)
    assert relu["dead"] == pytest.approx(50, abs=1.5) and relu["saturated"] == 0
    sigmoid = model.distribution_summary(model.View())
    assert sigmoid["mean"] == pytest.approx(0.5, abs=0.01)
    assert sigmoid["mean_slope"] == pytest.approx(0.2066, abs=0.003)
    far = dict(mean=10.0, std=1.0)
    assert model.distribution_summary(model.View(**far))["saturated"] > 99
    assert model.distribution_summary(model.View(**far))["dead"] == 0
    assert model.distribution_summary(model.View(number_format="float16", **far))["dead"] > 90
    leaky = model.distribution_summary(model.View(activation="leaky_relu", mean=-3.0))
    assert leaky["dead"] == 0 and leaky["saturated"] == 0  # slope 0.01 is not < 0.01


def test_softmax_summary_limits_and_monotone_entropy():
    entropies = [model.softmax_summary(model.View(temperature=t))["entropy"] for t in model.TEMPERATURES]
    assert np.all(np.diff(entropies) >= -1e-12)
    cold = model.softmax_summary(model.View(temperature=0.05))
    hot = model.softmax_summary(model.View(temperature=1e6))
    assert cold["top"] > 0.999 and hot["entropy"] == pytest.approx(math.log(3), abs=1e-6)
    p = model.softmax_summary(model.View(logits=(0.0, 0.0)))["probabilities"]
    assert np.allclose(p, 0.5)


def test_readout_lines():
    lines = model.readout(model.View(z=0.0))
    assert lines[0] == "at z = 0.00: φ(z) = 0.5, φ′(z) = 0.25 (float64)"
    assert "dead 0.0% (φ′ = 0 exactly)" in lines[1]
    assert "float16 from z ≈ 8.32" in lines[2]
    assert len(model.readout(model.View(activation="relu"))) == 2  # no rounding line for ReLU
    softmax = model.readout(model.View(activation="softmax", logits=(1.0, 1.0)))
    assert "[0.500, 0.500]" in softmax[0] and "at most ln 2 = 0.693" in softmax[1]


def test_describe_says_in_words_what_the_picture_shows():
    text = model.describe(model.View(activation="leaky_relu"))
    assert text == ("Activation explorer, Leaky ReLU (α = 0.01) in float64: φ(z) (solid) and φ′(z) (dashed) for z "
                    "from -5 to 5, read at z = 1.00, where φ = 1 and φ′ = 1. Beside it, histograms of φ(z) and "
                    "φ′(z) for 20,000 inputs z ~ N(0.0, 1.0²) (shaded μ ± σ on the curve): mean φ = 0.397, "
                    "E[|φ′|] = 0.503, 0.0% saturated and 0.0% dead (φ′ = 0).")
    busy = model.describe(model.View(number_format="float16", compare=("tanh", "relu"), mean=9.0,
                                     show_derivative=False))
    assert "Sigmoid in float16: φ(z) for z from -10 to 10, Tanh and ReLU dotted for comparison" in busy
    assert "a hatched band where φ is exactly 1 in float16, from z ≈ 8.32" in busy
    assert "z ~ N(9.0, 1.0²)" in busy and "75.5% dead" in busy
    assert "the default curve in grey" in model.describe(model.View(activation="elu", params={"alpha": 0.5}))
    softmax = model.describe(model.View(activation="softmax", logits=(1.0, 1.0)))
    assert "[0.500, 0.500]" in softmax and "at most ln 2 = 0.693" in softmax
    for view in (model.View(activation=name) for name in model.VIEWS):  # a sentence or two, every view
        assert model.describe(view).endswith(".") and len(model.describe(view).split()) >= 20


def test_every_activation_fits_its_fixed_axes_for_every_slider_setting():
    for name in ACTIVATIONS:
        low, high = model.value_range(name)
        z = np.linspace(*model.z_range(name), 201)
        for params in model._extreme_params(name):
            for curve in (model.phi(name, z, params), model.phi_prime(name, z, params)):
                assert low <= curve.min() and curve.max() <= high, (name, params)


def test_draw_every_view_has_titles_labels_and_legend():
    for name in model.VIEWS:
        fig = model.draw(model.View(activation=name, compare=("relu",) if name != "softmax" else ()))
        main = fig.axes[0]
        assert main.get_title() and main.get_xlabel() and main.get_ylabel() and main.get_legend()
        assert all(ax.get_title() and ax.get_xlabel() for ax in fig.axes)


def test_canvas_matches_the_plain_drawing_and_repaints_exactly():
    first = model.View(activation="elu", params={"alpha": 2.0}, compare=("relu",), mean=1.0)
    canvas = model.Canvas()
    png = canvas.png(first)
    plain = io.BytesIO()
    model.draw(first).savefig(plain, format="png")
    assert np.abs(pixels(png) - pixels(plain.getvalue())).mean() < 0.5
    canvas.png(model.View(activation="elu", number_format="float16", z=-3.0, std=3.0))
    canvas.png(model.View(activation="softmax"))
    assert np.array_equal(pixels(canvas.png(first)), pixels(png))


def test_every_setting_changes_the_picture():
    canvas = model.Canvas()
    base = model.View(activation="leaky_relu")
    before = pixels(canvas.png(base))
    changes = [dict(params={"alpha": 0.5}), dict(compare=("tanh",)), dict(show_derivative=False),
               dict(number_format="float16", activation="sigmoid"), dict(z=-2.0), dict(mean=2.0), dict(std=3.0)]
    for change in changes:
        view = model.View(**{**base.__dict__, **change})
        reference = before if "activation" not in change else pixels(canvas.png(model.View(activation="sigmoid")))
        assert not np.array_equal(pixels(canvas.png(view)), reference), change
    softmax = model.View(activation="softmax")
    before = pixels(canvas.png(softmax))
    for change in (dict(temperature=2.0), dict(logits=(3.0, 1.0, 0.2)), dict(number_format="float16")):
        assert not np.array_equal(pixels(canvas.png(model.View(**{**softmax.__dict__, **change}))), before), change
