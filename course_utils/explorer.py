"""What lesson 04's activation explorer draws and reads out, with no widgets involved.

A `View` is everything a student can set; `draw(view, fig)` paints it and `readout(view)` gives
the numbers beside it. `course_utils.widgets` wires these to controls; tests call them directly.

Two views exist. For an elementwise activation φ: its curve and derivative on fixed axes (so a
change is visible), the default curve as a faint reference, up to two other activations to
compare, φ and φ′ read out at one z, and what φ does to inputs z ~ N(μ, σ²) (histograms of φ(z)
and φ′(z), with mean, variance, E[φ′], % saturated and % dead, as in lessons 08 and 09).
For softmax: probabilities of editable logits at temperature T, with entropy and top probability.

Both can be computed in float64, float32 or float16, to see where sigmoid and tanh round to 1.
"""
import io
from dataclasses import dataclass, field, replace
from functools import lru_cache
from typing import Union

import numpy as np

from .activations import ACTIVATIONS, softmax
from .plotting import COLORS, REFERENCE_GREY, activation_color
from .precision import in_format, rounds_to_one_from

SOFTMAX = "softmax"
VIEWS = tuple(ACTIVATIONS) + (SOFTMAX,)
FORMATS = ("float64", "float32", "float16")
SATURATED_BELOW = 0.01  # 0 < |φ′(z)| < 0.01: saturated (lesson 04's "flat"); φ′(z) = 0: dead
SAMPLES = 20_000  # inputs drawn for the distribution panel
MAX_COMPARED = 2  # activations drawn beside the chosen one
MAX_LOGITS = 8
TEMPERATURES = np.geomspace(0.05, 20.0, 161)  # the x axis of the entropy-versus-T panel
FIGSIZE = (9.6, 3.4)


@dataclass(frozen=True)
class Parameter:
    """One setting of an activation, as a control shows it: a slider, or a checkbox for a bool."""

    activation: str
    name: str
    label: str
    default: Union[float, bool]
    bounds: Union[tuple, None]  # (min, max, step) for a slider; None for a checkbox

    @property
    def key(self):
        return f"{self.activation}.{self.name}"


# How each activation parameter is shown. Which parameters exist, and their defaults, come from
# Activation.defaults in activations.py, so they cannot drift.
_PRESENTATION = {
    ("leaky_relu", "alpha"): ("negative slope α", (0.0, 1.0, 0.01)),
    ("elu", "alpha"): ("saturation level α", (0.0, 3.0, 0.05)),
    ("swish", "beta"): ("sharpness β", (0.0, 5.0, 0.1)),
    ("gelu", "approximate"): ("tanh approximation", None),
}


def _parameter_table():
    table = []
    for activation, act in ACTIVATIONS.items():
        for name, default in act.defaults.items():
            if (activation, name) not in _PRESENTATION:
                raise RuntimeError(f"explorer._PRESENTATION has no entry for {activation}.{name}; add one.")
            label, bounds = _PRESENTATION[(activation, name)]
            table.append(Parameter(activation, name, label, default, bounds))
    return tuple(table)


PARAMETERS = _parameter_table()


@dataclass(frozen=True)
class View:
    """Everything the explorer shows is a function of these settings."""

    activation: str = "sigmoid"
    params: dict = field(default_factory=dict)  # overrides of the activation's defaults
    compare: tuple = ()  # other activations, drawn with their defaults
    show_derivative: bool = True
    number_format: str = "float64"
    z: float = 1.0  # where φ(z) and φ′(z) are read out
    mean: float = 0.0  # inputs z ~ N(mean, std²)
    std: float = 1.0
    logits: tuple = (2.0, 1.0, 0.1)
    temperature: float = 1.0

    def __post_init__(self):
        problems = _problems(self)
        if problems:
            raise ValueError("View(): " + "; ".join(problems) + ".")


def _problems(view):
    problems = []
    if view.activation not in VIEWS:
        problems.append(f"unknown activation {view.activation!r} (choose one of: {', '.join(VIEWS)})")
        return problems
    accepted = {p.name for p in PARAMETERS if p.activation == view.activation}
    unknown = set(view.params) - accepted
    if unknown:
        problems.append(f"{view.activation} has no parameter(s) {', '.join(sorted(unknown))} "
                        f"(it accepts: {', '.join(sorted(accepted)) or 'none'})")
    strange = [c for c in view.compare if c not in ACTIVATIONS]
    if strange or len(view.compare) > MAX_COMPARED:
        problems.append(f"compare takes up to {MAX_COMPARED} of: {', '.join(ACTIVATIONS)}; got {view.compare}")
    if view.number_format not in FORMATS:
        problems.append(f"number_format must be one of {', '.join(FORMATS)}; got {view.number_format!r}")
    if not view.std > 0:
        problems.append(f"std must be > 0; got {view.std}")
    if not view.temperature > 0:
        problems.append(f"temperature must be > 0; got {view.temperature}")
    if not 2 <= len(view.logits) <= MAX_LOGITS or not np.all(np.isfinite(view.logits)):
        problems.append(f"logits must be 2 to {MAX_LOGITS} finite numbers; got {view.logits}")
    return problems


def parse_logits(text):
    """'2, 1, 0.1' -> (2.0, 1.0, 0.1); a ValueError says what was wrong with the text."""
    parts = [p for p in text.replace(";", ",").replace(" ", ",").split(",") if p]
    try:
        values = tuple(float(p) for p in parts)
    except ValueError:
        raise ValueError(f"logits must be numbers separated by commas, like 2, 1, 0.1; got {text!r}") from None
    if not 2 <= len(values) <= MAX_LOGITS or not np.all(np.isfinite(values)):
        raise ValueError(f"give 2 to {MAX_LOGITS} finite numbers, like 2, 1, 0.1; got {text!r}")
    return values


# --- numbers ----------------------------------------------------------------------------------

def phi(name, z, params=None, number_format="float64"):
    """φ(z), exact, then rounded to the format: what a tensor of that format stores."""
    return in_format(ACTIVATIONS[name].fn(z, **(params or {})), number_format)


def phi_prime(name, z, params=None, number_format="float64"):
    """φ′(z) as frameworks compute it in that format.

    Sigmoid and tanh backpropagate from their stored output y: σ′ = y(1 − y) and tanh′ = 1 − y²
    (TensorFlow's SigmoidGrad and TanhGrad). Once y has rounded to exactly 1, that is exactly 0.
    The other activations: the exact derivative, rounded.
    """
    if name in ("sigmoid", "tanh") and number_format != "float64":
        y = phi(name, z, params, number_format).astype(number_format)
        return (y * (1 - y) if name == "sigmoid" else 1 - y * y).astype(np.float64)
    return in_format(ACTIVATIONS[name].grad(z, **(params or {})), number_format)


@lru_cache(maxsize=1)
def _standard_normal_draws():
    return np.random.default_rng(0).standard_normal(SAMPLES)  # seeded: the same picture every time


def input_sample(view):
    """The inputs z ~ N(mean, std²) of the distribution panel (fixed draws, shifted and scaled)."""
    return view.mean + view.std * _standard_normal_draws()


def distribution_summary(view):
    """What φ does to inputs z ~ N(μ, σ²): mean and variance of φ(z), E[φ′], % saturated, % dead."""
    z = input_sample(view)
    y = phi(view.activation, z, view.params, view.number_format)
    dy = np.abs(phi_prime(view.activation, z, view.params, view.number_format))
    return {"mean": y.mean(), "variance": y.var(), "mean_slope": dy.mean(),
            "saturated": 100 * np.mean((dy > 0) & (dy < SATURATED_BELOW)), "dead": 100 * np.mean(dy == 0)}


def softmax_summary(view):
    """Probabilities softmax(logits / T) in the format, their entropy (nats) and the largest."""
    p = in_format(softmax(np.asarray(view.logits) / view.temperature), view.number_format)
    return {"probabilities": p, "entropy": _entropy(p), "top": p.max(), "max_entropy": np.log(p.size)}


def _entropy(p):
    p = p[p > 0]  # 0 log 0 = 0
    return float(-(p * np.log(p)).sum())


def readout(view):
    """The numbers beside the plot, as short lines of text."""
    fmt = view.number_format
    if view.activation == SOFTMAX:
        s = softmax_summary(view)
        probs = ", ".join(f"{p:.3f}" for p in s["probabilities"])
        return [f"softmax(z / T) at T = {view.temperature:.3g}: [{probs}] ({fmt})",
                f"entropy H = {s['entropy']:.3f} nats (0 = certain, at most ln {len(view.logits)} = "
                f"{s['max_entropy']:.3f}: uniform); top probability {s['top']:.3f}"]
    y, dy = (f(view.activation, view.z, view.params, fmt) for f in (phi, phi_prime))
    s = distribution_summary(view)
    lines = [f"at z = {view.z:.2f}: φ(z) = {float(y):.6g}, φ′(z) = {float(dy):.6g} ({fmt})",
             f"for z ~ N({view.mean:.2f}, {view.std:.2f}²): mean φ = {s['mean']:.3f}, "
             f"variance φ = {s['variance']:.3f}, E[|φ′|] = {s['mean_slope']:.3f}, "
             f"saturated {s['saturated']:.1f}% (0 < |φ′| < {SATURATED_BELOW}), "
             f"dead {s['dead']:.1f}% (φ′ = 0 exactly)"]
    if view.activation in ("sigmoid", "tanh"):
        where = ", ".join(f"{f} from z ≈ {rounds_to_one_from(view.activation, f):.2f}" for f in FORMATS)
        lines.append(f"{view.activation}(z) rounds to exactly 1 in {where}")
    return lines


def describe(view):
    """The picture of `view` in words, one or two sentences: its alt text, for readers who
    cannot see it (the numbers are those of `readout`)."""
    fmt = view.number_format
    if view.activation == SOFTMAX:
        s = softmax_summary(view)
        logits = ", ".join(f"{v:g}" for v in view.logits)
        probs = ", ".join(f"{p:.3f}" for p in s["probabilities"])
        return (f"Activation explorer, softmax of the logits [{logits}] at temperature T = {view.temperature:.3g} "
                f"in {fmt}: bars of the probabilities [{probs}] over grey bars for T = 1, and beside them the "
                f"entropy ({s['entropy']:.3f} nats here, at most ln {len(view.logits)} = {s['max_entropy']:.3f}) "
                f"and the top probability ({s['top']:.3f} here) as T runs from {TEMPERATURES[0]:g} to "
                f"{TEMPERATURES[-1]:g} on a log scale.")
    name, act = view.activation, ACTIVATIONS[view.activation]
    low, high = z_range(name)
    curves = "φ(z) (solid) and φ′(z) (dashed)" if view.show_derivative else "φ(z)"
    extras = []
    if any(view.params.get(k, v) != v for k, v in act.defaults.items()):
        extras.append("the default curve in grey")
    if view.compare:
        extras.append(" and ".join(ACTIVATIONS[c].title for c in view.compare) + " dotted for comparison")
    if name in ("sigmoid", "tanh") and rounds_to_one_from(name, fmt) < high:
        extras.append(f"a hatched band where φ is exactly 1 in {fmt}, from z ≈ {rounds_to_one_from(name, fmt):.2f}")
    extras = "".join(f", {e}" for e in extras)
    y, dy = (float(f(name, view.z, view.params, fmt)) for f in (phi, phi_prime))
    s = distribution_summary(view)
    return (f"Activation explorer, {act.title}{_param_text(act, view.params)} in {fmt}: {curves} for z from "
            f"{low:g} to {high:g}{extras}, read at z = {view.z:.2f}, where φ = {y:.4g} and φ′ = {dy:.4g}. "
            f"Beside it, histograms of φ(z) and φ′(z) for {SAMPLES:,} inputs z ~ N({view.mean:.1f}, "
            f"{view.std:.1f}²) (shaded μ ± σ on the curve): mean φ = {s['mean']:.3f}, E[|φ′|] = "
            f"{s['mean_slope']:.3f}, {s['saturated']:.1f}% saturated and {s['dead']:.1f}% dead (φ′ = 0).")


# --- fixed axes -------------------------------------------------------------------------------

def z_range(name):
    """The z axis of an activation: wider for sigmoid and tanh, to show where float16 rounds to 1."""
    return (-10.0, 10.0) if name in ("sigmoid", "tanh") else (-5.0, 5.0)


@lru_cache(maxsize=None)
def value_range(name, slope_only=False):
    """Limits that fit φ and φ′ (or φ′ alone) over the z axis, for every setting of the sliders."""
    z = np.linspace(*z_range(name), 401)
    act = ACTIVATIONS[name]
    curves = []
    for params in _extreme_params(name):
        curves += [act.grad(z, **params)] if slope_only else [act.fn(z, **params), act.grad(z, **params)]
    low, high = min(c.min() for c in curves), max(c.max() for c in curves)
    pad = 0.06 * max(high - low, 1.0)
    return float(low - pad), float(high + pad)


def _extreme_params(name):
    settings = [{}]
    for p in PARAMETERS:
        if p.activation == name:
            ends = (False, True) if p.bounds is None else p.bounds[:2]
            settings += [{p.name: v} for v in ends]
    return settings


# --- drawing ----------------------------------------------------------------------------------
# Each view is drawn in two steps: `_frame_*` sets up what depends only on the activation (axes,
# limits, labels), `_paint_*` draws what the controls change and returns those artists. A static
# figure does both; `Canvas` keeps the frame as a bitmap and repaints only the artists.

def _layout(view):
    """What the frame depends on: the activation, or for softmax the logits (its tick labels)."""
    return (SOFTMAX, view.logits) if view.activation == SOFTMAX else (view.activation,)


def _frame(view, fig):
    if view.activation == SOFTMAX:
        axes = fig.subplots(1, 2, width_ratios=(1.3, 1))
        _frame_softmax(view, *axes)
    else:
        axes = fig.subplots(1, 3, width_ratios=(2.1, 1, 1))
        _frame_activation(view, *axes)
    return axes


def _paint(view, axes):
    return (_paint_softmax if view.activation == SOFTMAX else _paint_activation)(view, *axes)


def draw(view):
    """The explorer's picture of `view` as a Matplotlib figure (not registered with pyplot)."""
    from matplotlib.figure import Figure

    fig = Figure(figsize=FIGSIZE, dpi=80, layout="constrained")
    _paint(view, _frame(view, fig))
    return fig


class Canvas:
    """The explorer's figure, redrawn quickly for one view after another: `png(view)`.

    Plainly, a redraw is `draw(view).savefig(...)`: about 150 ms on a slow machine, most of it
    laying out and rasterising tick labels, which only change with the activation. So the frame
    (axes, ticks, labels) is rasterised once per activation and kept as a bitmap; a redraw puts
    that bitmap back and draws only the curves, histograms, titles and legends on top of it
    ("blitting"), then encodes the pixels as PNG. The picture is the same as draw(view)'s.
    """

    def __init__(self):
        from matplotlib.backends.backend_agg import FigureCanvasAgg
        from matplotlib.figure import Figure

        self.figure = Figure(figsize=FIGSIZE, dpi=80)
        self._agg = FigureCanvasAgg(self.figure)
        self._layout = self._frame_bitmap = None
        self._axes, self._artists = (), []

    def png(self, view):
        if _layout(view) != self._layout:
            self._new_frame(view)
        for artist in self._artists:
            if artist is not artist.axes.title:  # titles stay; the next paint sets their text
                artist.remove()
        self._agg.restore_region(self._frame_bitmap)
        self._artists = self._painted(view)
        for artist in self._artists:
            self.figure.draw_artist(artist)
        return self._encode()

    def _painted(self, view):
        artists = _paint(view, self._axes)
        for artist in artists:
            artist.set_animated(True)  # left out of the frame bitmap; drawn by png()
        return artists

    def _new_frame(self, view):
        fig = self.figure
        fig.clear()
        fig.set_layout_engine("constrained")
        self._axes = _frame(view, fig)
        self._artists = self._painted(view)  # present, so the layout leaves room for them
        self._agg.draw()  # lays out once, rasterises everything but the animated artists
        fig.set_layout_engine("none")  # keep that layout: the frame bitmap must stay valid
        self._frame_bitmap = self._agg.copy_from_bbox(fig.bbox)
        self._layout = _layout(view)

    def _encode(self):
        from PIL import Image  # Pillow comes with Matplotlib

        width, height = self._agg.get_width_height()
        image = Image.frombuffer("RGBA", (width, height), self._agg.buffer_rgba(), "raw", "RGBA", 0, 1)
        buffer = io.BytesIO()
        image.save(buffer, format="png", compress_level=1)  # fast; the picture is small anyway
        return buffer.getvalue()


def _frame_activation(view, ax, ax_out, ax_slope):
    name = view.activation
    ax.axhline(0.0, color=REFERENCE_GREY, linewidth=0.8)
    ax.axvline(0.0, color=REFERENCE_GREY, linewidth=0.8)
    ax.set_xlim(*z_range(name))
    ax.set_ylim(*value_range(name))
    ax.set_xlabel("z (pre-activation)")
    ax.set_ylabel("φ(z), φ′(z)")
    for panel, label, limits in ((ax_out, "φ(z)", value_range(name)),
                                 (ax_slope, "φ′(z)", value_range(name, slope_only=True))):
        panel.set_xlim(*limits)
        # A square-root scale, so that a 2% bar is visible beside a 100% one.
        panel.set_yscale("function", functions=(np.sqrt, np.square))
        panel.set_ylim(0, 100)
        panel.set_yticks([1, 5, 10, 25, 50, 100])
        panel.set_xlabel(label)
        panel.set_ylabel("% of inputs (√ scale)")


def _paint_activation(view, ax, ax_out, ax_slope):
    name, fmt, act = view.activation, view.number_format, ACTIVATIONS[view.activation]
    low, high = z_range(name)
    z = np.linspace(low, high, 801)  # odd: contains 0, where kinks are
    color = activation_color(name)
    drawn = [ax.axvspan(view.mean - view.std, view.mean + view.std, color=COLORS["sky_blue"], alpha=0.12,
                        label="inputs: μ ± σ")]
    if any(view.params.get(k, v) != v for k, v in act.defaults.items()):
        drawn += ax.plot(z, phi(name, z), color=REFERENCE_GREY, alpha=0.5, linewidth=3, label="φ, default")
    for other in view.compare:
        drawn += ax.plot(z, phi(other, z, number_format=fmt), color=activation_color(other), linewidth=1.5,
                         linestyle=":", label=ACTIVATIONS[other].title)
    drawn += ax.plot(z, phi(name, z, view.params, fmt), color=color, label="φ(z)")
    if view.show_derivative:
        drawn += ax.plot(z, phi_prime(name, z, view.params, fmt), color=color, linestyle="--", label="φ′(z)")
    if name in ("sigmoid", "tanh") and rounds_to_one_from(name, fmt) < high:
        drawn.append(ax.axvspan(rounds_to_one_from(name, fmt), high, color=COLORS["vermillion"], alpha=0.15,
                                hatch="//", label=f"φ = 1 exactly in {fmt}"))
    drawn.append(ax.axvline(view.z, color=COLORS["black"], linewidth=0.8, linestyle=":"))
    drawn += ax.plot([view.z], phi(name, view.z, view.params, fmt).reshape(1), "o", color=color, markersize=5)
    drawn.append(ax.set_title(f"{act.title}{_param_text(act, view.params)} in {fmt}"))
    drawn.append(ax.legend(loc="upper left", fontsize=7, framealpha=0.85))

    sample = input_sample(view)
    drawn += _histogram(ax_out, phi(name, sample, view.params, fmt), value_range(name), color,
                        f"φ(z), z ~ N({view.mean:.1f}, {view.std:.1f}²)")
    slopes = phi_prime(name, sample, view.params, fmt)
    drawn += _histogram(ax_slope, slopes, value_range(name, slope_only=True), COLORS["vermillion"],
                        "φ′(z), same inputs")
    drawn.append(ax_slope.text(0.97, 0.95, f"dead: {100 * np.mean(slopes == 0):.0f}%",
                               transform=ax_slope.transAxes, ha="right", va="top", fontsize=8))
    return drawn


def _histogram(ax, values, limits, color, title):
    counts, edges = np.histogram(values, bins=40, range=limits)
    return [ax.stairs(100 * counts / values.size, edges, fill=True, color=color, alpha=0.7),
            ax.set_title(title, fontsize=9)]


def _param_text(act, params):
    shown = {**act.defaults, **params}
    if not shown:
        return ""
    symbols = {"alpha": "α", "beta": "β"}
    return " (" + ", ".join(("tanh form" if v else "exact") if isinstance(v, bool) else
                            f"{symbols.get(k, k)} = {v:.2f}" for k, v in shown.items()) + ")"


def _frame_softmax(view, ax, ax_t):
    index = np.arange(len(view.logits))
    ax.set_xticks(index, [f"z{i} = {v:g}" for i, v in enumerate(view.logits)], fontsize=8)
    ax.set_xlim(-0.6, len(view.logits) - 0.4)
    ax.set_ylim(0, 1.05)
    ax.set_xlabel("class (logit)")
    ax.set_ylabel("probability")
    ax_t.set_xscale("log")
    ax_t.set_xlim(TEMPERATURES[0], TEMPERATURES[-1])
    ax_t.set_ylim(0, max(1.05, 1.1 * np.log(len(view.logits))))
    ax_t.set_xlabel("temperature T (log scale)")


def _bars(ax, heights, width, **style):
    """Bars at 0, 1, 2, ... as one filled step outline (one artist, quick to redraw)."""
    edges = np.ravel([(i - width / 2, i + width / 2) for i in range(len(heights))])
    values = np.ravel([(h, 0.0) for h in heights])[:-1]  # 0 in the gaps between bars
    return ax.stairs(values, edges, fill=True, **style)


def _paint_softmax(view, ax, ax_t):
    s = softmax_summary(view)
    reference = softmax_summary(replace(view, temperature=1.0))["probabilities"]
    color = activation_color("softmax")
    drawn = [_bars(ax, reference, 0.8, color=REFERENCE_GREY, alpha=0.35, label="T = 1"),
             _bars(ax, s["probabilities"], 0.5, color=color, label=f"T = {view.temperature:.3g}"),
             ax.set_title(f"softmax(z / T), T = {view.temperature:.3g}, in {view.number_format}"),
             ax.legend(loc="upper left", fontsize=8)]

    curves = [softmax_summary(replace(view, temperature=t)) for t in TEMPERATURES]
    drawn += ax_t.plot(TEMPERATURES, [c["entropy"] for c in curves], color=color, label="entropy H (nats)")
    drawn += ax_t.plot(TEMPERATURES, [c["top"] for c in curves], color=COLORS["vermillion"], linestyle="--",
                       label="top probability")
    drawn += [ax_t.axhline(s["max_entropy"], color=REFERENCE_GREY, linewidth=0.8, linestyle=":",
                           label="ln K: uniform"),
              ax_t.axvline(view.temperature, color=COLORS["black"], linewidth=0.8),
              ax_t.set_title("as T changes", fontsize=9),
              ax_t.legend(loc="center left", fontsize=7)]
    return drawn
