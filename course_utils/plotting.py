"""The course's plots, in one colour-blind-safe style (the Okabe–Ito palette).

Import it where you plot (`from course_utils import plotting`); `import course_utils` does
not load Matplotlib. Call `use_course_style()` once per notebook. Every function draws on the
Axes you pass (or on a new figure), returns that Axes (or the Figure, for multi-panel plots)
and never shows it: the notebook does, with `show(fig, alt="...")`, which stores a sentence
saying what the figure shows next to the picture, for readers who cannot see it.
"""
import base64
import html
import re

import matplotlib as mpl
import matplotlib.pyplot as plt
import numpy as np
from matplotlib.colors import LinearSegmentedColormap
from matplotlib.ticker import MaxNLocator

from ._validation import as_float_array, bool_param, int_param, real_param
from .activations import ACTIVATIONS, gelu, softmax

# Okabe & Ito (2008), "Color Universal Design": distinguishable with every common colour-vision
# deficiency. Yellow is part of the palette but too pale for lines on white, so it is left out
# of the line cycle.
COLORS = {
    "blue": "#0072b2",
    "vermillion": "#d55e00",
    "bluish_green": "#009e73",
    "orange": "#e69f00",
    "reddish_purple": "#cc79a7",
    "sky_blue": "#56b4e9",
    "black": "#000000",
    "yellow": "#f0e442",
}
CYCLE = tuple(c for name, c in COLORS.items() if name != "yellow")
LINESTYLES = ("-", "--", ":", "-.")
REFERENCE_GREY = "0.55"  # axes lines at zero, kinks

# One colour per activation, the same in every lesson. The activations usually compared side by
# side (identity, sigmoid, tanh, ReLU, Leaky ReLU, ELU, GELU, Swish) get different colours.
_ACTIVATION_COLOR_NAMES = {
    "sigmoid": "blue",
    "tanh": "vermillion",
    "relu": "bluish_green",
    "leaky_relu": "orange",
    "elu": "reddish_purple",
    "gelu": "sky_blue",
    "swish": "black",
    "identity": "black",
    "step": "vermillion",
    "arctan": "orange",
    "softsign": "reddish_purple",
    "selu": "blue",
    "softplus": "sky_blue",
    "mish": "bluish_green",
    "softmax": "blue",
}
# Other spellings of activation names that labels in the lessons use.
_ALIASES = {"silu": "swish", "linear": "identity", "heaviside": "step", "leaky relu": "leaky_relu"}

STYLE = {
    "axes.prop_cycle": mpl.cycler(color=CYCLE),
    "figure.dpi": 80,
    "savefig.dpi": 80,
    "figure.figsize": (6.0, 3.75),
    "axes.grid": True,
    "grid.alpha": 0.3,
    "axes.spines.top": False,
    "axes.spines.right": False,
    "font.size": 10,
    "axes.titlesize": 11,
    "axes.labelsize": 10,
    "legend.fontsize": 9,
    "figure.titlesize": 12,
    "lines.linewidth": 2.0,
}

DEFAULT_X = np.linspace(-5.0, 5.0, 1001)  # contains 0 exactly, so kinks show up sharply


def use_course_style():
    """Apply the course style (palette, size, dpi, grid, fonts) to every later figure."""
    mpl.rcParams.update(STYLE)


def show(fig, alt=None):
    """Show `fig` below the cell together with `alt`, a sentence or two saying what it shows.

    Use it instead of `plt.show()`:

        fig, ax = plt.subplots()
        ax.plot(z, relu(z), label="ReLU")
        plotting.show(fig, alt="ReLU is 0 for every negative z and rises with slope 1 after 0.")

    A screen reader cannot read a picture; it reads the alt text instead. So say what a reader
    should take away (the axes, the curves, what they show, key numbers), not the title again.
    The picture is the one the notebook would have shown anyway (same PNG); the alt text goes
    with it into the saved notebook: on the <img> JupyterLab and the course site draw, and as
    the output's plain text. The figure is then closed, so it is not shown a second time.
    Outside a Jupyter kernel (a script) it calls `plt.show()`.
    """
    if isinstance(fig, mpl.axes.Axes):
        raise TypeError("show() expects a Matplotlib Figure; got an Axes: pass its figure, show(ax.figure, alt=...).")
    if not isinstance(fig, mpl.figure.Figure):
        raise TypeError(f"show() expects a Matplotlib Figure (e.g. fig from fig, ax = plt.subplots()); "
                        f"got {type(fig).__name__}.")
    if alt is None:
        raise ValueError("show() needs alt='...': a sentence saying what the figure shows, "
                         "for readers who cannot see it.")
    if not isinstance(alt, str):
        raise TypeError(f"show() expects alt as a str (a sentence saying what the figure shows); "
                        f"got {type(alt).__name__}.")
    alt = " ".join(alt.split())
    if not alt:
        raise ValueError("show() got an empty alt text; write a sentence saying what the figure shows.")

    shell = _kernel_shell()
    if shell is None:
        plt.show()
        return
    from IPython.display import display

    data, metadata = _alt_bundle(shell, fig, alt)
    try:
        display(data, metadata=metadata, raw=True)
    finally:
        plt.close(fig)  # else the inline backend shows it again, without the alt text, after the cell


def _kernel_shell():
    """The IPython shell when this runs in a Jupyter kernel, else None."""
    try:
        from IPython import get_ipython
    except ImportError:
        return None
    shell = get_ipython()
    return shell if getattr(shell, "kernel", None) is not None else None


_IMAGE_TYPES = ("image/png", "image/jpeg", "image/svg+xml")


def _alt_bundle(shell, fig, alt):
    """The mime bundle and metadata the inline backend would display for `fig`, with `alt`.

    The figure is rendered by IPython's own display formatter, the one the inline backend
    uses (its figure formats, dpi and bbox_inches="tight"), so the image is the same. The alt
    text is added three ways: as `alt` in each image's metadata (IPython's `Image(alt=...)`,
    nbconvert's classic template), as text/plain, and as text/html, an <img> of the same PNG
    with alt="...": JupyterLab 4 draws image/png without any alt, but draws text/html in
    preference to it, also in untrusted notebooks (its sanitizer keeps <img alt src=data:>).
    """
    data, metadata = shell.display_formatter.format(fig)
    try:
        from matplotlib_inline.backend_inline import _fetch_figure_metadata
        extra = _fetch_figure_metadata(fig)
    except (ImportError, AttributeError):
        extra = None
    if extra:
        metadata.update(extra)
    images = [mime for mime in _IMAGE_TYPES if mime in data]
    if not images:
        raise RuntimeError("show(): IPython rendered no image of the figure (no PNG, JPEG or SVG "
                           "formatter is active); run `%matplotlib inline` and try again.")
    for mime in images:
        metadata[mime] = {**metadata.get(mime, {}), "alt": alt}
    mime = images[0]
    payload = data[mime]
    if mime == "image/svg+xml":
        payload = payload.encode("utf-8") if isinstance(payload, str) else payload
    if isinstance(payload, bytes):  # IPython before 8 (Colab) returns raw bytes
        payload = base64.b64encode(payload).decode("ascii")
        if mime != "image/svg+xml":
            data[mime] = payload
    size = {key: metadata[mime][key] for key in ("width", "height") if key in metadata[mime]}
    data["text/html"] = img_html(mime, payload, alt, **size)
    data["text/plain"] = alt
    return data, metadata


def img_html(mime, base64_data, alt, **attributes):
    """An HTML <img> of base64-encoded image data with its alt text (escaped)."""
    extra = "".join(f' {key}="{html.escape(str(value))}"' for key, value in attributes.items())
    return f'<img src="data:{mime};base64,{base64_data}" alt="{html.escape(alt)}"{extra}/>'


def activation_color(name):
    """The fixed Okabe–Ito colour of an activation ('relu', 'softmax', 'silu', ...)."""
    key = _activation_key(name)
    if key is None:
        known = ", ".join(_ACTIVATION_COLOR_NAMES)
        raise ValueError(f"activation_color() knows these activations: {known}; got {name!r}.")
    return COLORS[_ACTIVATION_COLOR_NAMES[key]]


def _activation_key(label):
    """The activation a label starts with ('ReLU (He)' -> 'relu'), or None."""
    if not isinstance(label, str):
        return None
    text = label.strip().lower()
    candidates = {**{n: n for n in _ACTIVATION_COLOR_NAMES}, **_ALIASES}
    for word in sorted(candidates, key=len, reverse=True):
        if re.match(re.escape(word) + r"(?![\w])", text):
            return candidates[word]
    return None


def line_styles(labels):
    """Colour and line style per label: an activation keeps its own colour when still free.

    Labels that start with an activation name ('sigmoid (Glorot)') get that activation's colour
    unless an earlier label took it; the others get the next unused palette colour, and once all
    colours are used the line style changes, so every line stays distinguishable.
    """
    styles, used = {}, set()
    for label in labels:
        key = _activation_key(label)
        preferred = COLORS[_ACTIVATION_COLOR_NAMES[key]] if key else None
        if preferred is not None and preferred not in used:
            color = preferred
        else:
            color = next((c for c in CYCLE if c not in used), None)
        if color is None:  # every colour is taken: cycle again with another dash pattern
            n = len(styles)
            color = CYCLE[n % len(CYCLE)]
            linestyle = LINESTYLES[(n // len(CYCLE)) % len(LINESTYLES)]
        else:
            linestyle = "-"
            used.add(color)
        styles[label] = {"color": color, "linestyle": linestyle}
    return styles


# --- input checks ---------------------------------------------------------------------------

def _activation_name(name, func_name):
    if not isinstance(name, str):
        raise TypeError(f"{func_name}() expects an activation name (str); got {type(name).__name__}.")
    if name not in ACTIVATIONS:
        raise ValueError(f"{func_name}() got unknown activation {name!r}; "
                         f"choose one of: {', '.join(ACTIVATIONS)}.")
    return name


def _grid(x, func_name):
    arr = as_float_array(x, func_name)
    if arr.ndim != 1 or arr.size < 2:
        raise ValueError(f"{func_name}() needs x as a 1-D grid of at least 2 points; got shape {arr.shape}.")
    if not np.all(np.isfinite(arr)):
        raise ValueError(f"{func_name}() needs finite x values; the grid contains inf or NaN.")
    return arr


def _params(params, func_name):
    if params is None:
        return {}
    if not isinstance(params, dict):
        raise TypeError(f"{func_name}() expects params as a dict such as {{'alpha': 0.1}}; "
                        f"got {type(params).__name__}.")
    return params


def _axes(ax, func_name, figsize=(6.0, 3.75)):
    if ax is None:
        _, ax = plt.subplots(figsize=figsize, layout="constrained")
        return ax
    if not isinstance(ax, mpl.axes.Axes):
        raise TypeError(f"{func_name}() expects ax to be a Matplotlib Axes or None; got {type(ax).__name__}.")
    return ax


def _param_text(params):
    symbols = {"alpha": "α", "beta": "β"}
    parts = []
    for key, value in params.items():
        if isinstance(value, (bool, np.bool_)):
            parts.append("tanh approximation" if key == "approximate" and value else "")
        else:
            parts.append(f"{symbols.get(key, key)} = {value:g}")
    text = ", ".join(p for p in parts if p)
    return f" ({text})" if text else ""


# --- activations ----------------------------------------------------------------------------

def plot_activation(name, ax=None, params=None, show_derivative=True, x=DEFAULT_X):
    """Draw φ(z) (solid) and φ′(z) (dashed) of one activation; return the Axes.

    `params` overrides the activation's defaults, e.g. {'alpha': 0.1} for Leaky ReLU. Where φ′
    jumps at z = 0, a dot marks the value the course (and TensorFlow) uses there.
    """
    func_name = "plot_activation"
    act = ACTIVATIONS[_activation_name(name, func_name)]
    params = _params(params, func_name)
    show_derivative = bool_param(show_derivative, "show_derivative", func_name)
    z = _grid(x, func_name)
    ax = _axes(ax, func_name)
    color = activation_color(name)

    ax.axhline(0.0, color=REFERENCE_GREY, linewidth=0.8)
    ax.axvline(0.0, color=REFERENCE_GREY, linewidth=0.8)
    ax.plot(z, act.fn(z, **params), color=color, label="φ(z)")
    if show_derivative:
        ax.plot(z, act.grad(z, **params), color=color, linestyle="--", label="φ′(z)")
        left, at_zero, right = act.grad([-1e-9, 0.0, 1e-9], **params)
        if abs(right - left) > 1e-6 and z.min() <= 0.0 <= z.max():
            ax.plot([0.0], [at_zero], "o", color=color, markersize=5,
                    label=f"φ′(0) := {at_zero:.4g}")
    ax.set_title(act.title + _param_text({**act.defaults, **params}))
    ax.set_xlabel("z (pre-activation)")
    ax.set_ylabel("value")
    ax.legend(loc="upper left")
    return ax


def plot_activation_grid(names=None, x=DEFAULT_X, show_derivative=True, params=None):
    """One panel per activation (default: all of ACTIVATIONS) with φ and φ′; return the Figure.

    `params` maps an activation name to its parameters, e.g. {'leaky_relu': {'alpha': 0.1}}.
    """
    func_name = "plot_activation_grid"
    if names is None:
        names = list(ACTIVATIONS)
    elif isinstance(names, str) or not all(isinstance(n, str) for n in names):
        raise TypeError(f"{func_name}() expects names as a list of activation names, e.g. ['relu', 'tanh'].")
    names = [_activation_name(n, func_name) for n in names]
    if not names:
        raise ValueError(f"{func_name}() needs at least one activation name.")
    params = _params(params, func_name)
    for key in params:
        if key not in names:
            raise ValueError(f"{func_name}() got params for {key!r}, which is not among the names plotted.")

    ncols = min(len(names), 5)
    nrows = -(-len(names) // ncols)
    fig, axes = plt.subplots(nrows, ncols, figsize=(2.0 * ncols, 1.9 * nrows + 0.3),
                             sharex=True, layout="constrained", squeeze=False)
    for ax, name in zip(axes.flat, names):
        plot_activation(name, ax=ax, params=params.get(name), show_derivative=show_derivative, x=x)
        ax.set_title(ax.get_title(), fontsize=9)
        ax.legend(loc="upper left", fontsize=6, handlelength=1.5, borderpad=0.3, labelspacing=0.2)
        ax.tick_params(labelsize=7)
        ax.set_xlabel("z", fontsize=8)
        ax.set_ylabel("")
    for ax in axes.flat[len(names):]:
        fig.delaxes(ax)
    what = "φ(z) (solid) and φ′(z) (dashed)" if show_derivative else "φ(z)"
    fig.suptitle(f"Activation functions: {what}")
    return fig


def plot_gelu_approximation(x=np.linspace(-10.0, 10.0, 20001)):
    """GELU exact vs its tanh approximation (left) and their difference (right); return the Figure.

    On the default grid [-10, 10] the largest |difference| is 4.73e-4, at z ≈ ±2.70.
    """
    z = _grid(x, "plot_gelu_approximation")
    exact = gelu(z)
    approx = gelu(z, approximate=True)
    error = exact - approx
    worst = int(np.argmax(np.abs(error)))

    fig, (left, right) = plt.subplots(1, 2, figsize=(10.0, 3.75), layout="constrained")
    near = np.abs(z) <= 4.0
    left.plot(z[near], exact[near], color=COLORS["blue"], label="exact: z Φ(z)")
    left.plot(z[near], approx[near], color=COLORS["vermillion"], linestyle="--", label="tanh approximation")
    left.set_title("GELU: exact and tanh approximation")
    left.set_xlabel("z (pre-activation)")
    left.set_ylabel("GELU(z)")
    left.legend(loc="upper left")

    right.axhline(0.0, color=REFERENCE_GREY, linewidth=0.8)
    right.plot(z, error, color=COLORS["bluish_green"], label="exact − approximation")
    # Both GELU forms satisfy f(z) - f(-z) = z, so the error is even: mark its peak on both sides.
    peak_z = abs(z[worst])
    right.plot([-peak_z, peak_z], [error[worst]] * 2, "o", color=COLORS["black"],
               label=f"max |error| = {abs(error[worst]):.2e} at z = ±{peak_z:.2f}")
    right.set_title("Error of the tanh approximation")
    right.set_xlabel("z (pre-activation)")
    right.set_ylabel("difference")
    right.ticklabel_format(axis="y", style="sci", scilimits=(0, 0))
    span = error.max() - error.min()
    right.set_ylim(error.min() - 0.08 * span, error.max() + 0.45 * span)  # room for the legend
    right.legend(loc="upper right")
    return fig


def plot_softmax_bars(z, temperature=1.0, ax=None):
    """Bar chart of softmax(z / T) for a 1-D score vector z; return the Axes."""
    func_name = "plot_softmax_bars"
    scores = as_float_array(z, func_name)
    if scores.ndim != 1 or scores.size < 2:
        raise ValueError(f"{func_name}() needs z as a 1-D vector of at least 2 scores; "
                         f"got shape {scores.shape}.")
    if not np.all(np.isfinite(scores)):
        raise ValueError(f"{func_name}() needs finite scores; z contains inf or NaN.")
    temperature = real_param(temperature, "temperature", func_name)
    if temperature <= 0:
        raise ValueError(f"{func_name}() needs a temperature T > 0; got {temperature}.")
    ax = _axes(ax, func_name)

    probs = softmax(scores / temperature)
    idx = np.arange(scores.size)
    bars = ax.bar(idx, probs, color=activation_color("softmax"), label=f"T = {temperature:g}")
    for bar, p in zip(bars, probs):
        ax.text(bar.get_x() + bar.get_width() / 2, p + 0.02, f"{p:.3f}", ha="center", fontsize=8)
    ax.set_xticks(idx)
    ax.set_xticklabels([f"{i}\nz={s:g}" for i, s in enumerate(scores)])
    ax.set_ylim(0.0, 1.1)
    ax.set_title(f"softmax(z / T), T = {temperature:g}")
    ax.set_xlabel("class i (score z_i)")
    ax.set_ylabel("probability")
    ax.legend(loc="upper left")
    return ax


# --- training diagnostics -------------------------------------------------------------------

def _two_column_points(X, func_name):
    arr = as_float_array(X, func_name)
    if arr.ndim != 2 or arr.shape[1] != 2 or arr.shape[0] == 0:
        raise ValueError(f"{func_name}() needs X of shape (m, 2) with m >= 1; got shape {arr.shape}.")
    if not np.all(np.isfinite(arr)):
        raise ValueError(f"{func_name}() needs finite X; it contains inf or NaN.")
    return arr


def _binary_labels(y, m, func_name):
    arr = as_float_array(y, func_name)
    if arr.ndim == 2 and arr.shape[1] == 1:
        arr = arr[:, 0]
    if arr.shape != (m,):
        raise ValueError(f"{func_name}() needs y of shape ({m},), one label per row of X; "
                         f"got shape {arr.shape}.")
    if not np.all((arr == 0) | (arr == 1)):
        raise ValueError(f"{func_name}() needs binary labels y in {{0, 1}}; got values {np.unique(arr)[:5]}.")
    return arr.astype(int)


def _class_one_probability(output, n, func_name):
    try:
        p = np.asarray(output, dtype=np.float64)
    except (TypeError, ValueError):
        raise TypeError(f"{func_name}(): predict_fn must return numbers; "
                        f"got {type(output).__name__}.") from None
    if p.ndim == 2 and p.shape[1] == 2:  # softmax over two classes: keep P(class 1)
        p = p[:, 1]
    elif p.ndim == 2 and p.shape[1] == 1:  # Keras Dense(1, activation="sigmoid")
        p = p[:, 0]
    if p.shape != (n,):
        raise ValueError(
            f"{func_name}(): predict_fn was given an array of shape ({n}, 2) and must return {n} "
            f"probabilities or labels (shape ({n},), ({n}, 1) or ({n}, 2)); it returned shape {p.shape}."
        )
    if not np.all(np.isfinite(p)) or p.min() < 0 or p.max() > 1:
        raise ValueError(
            f"{func_name}(): predict_fn must return probabilities or 0/1 labels in [0, 1]; got values "
            f"from {np.nanmin(p):.3g} to {np.nanmax(p):.3g}. Did it return logits? Apply the sigmoid first."
        )
    return p


_PROBABILITY_CMAP = LinearSegmentedColormap.from_list(
    "course_probability", [COLORS["blue"], "#ffffff", COLORS["vermillion"]])


def plot_decision_boundary(predict_fn, X, y, ax=None, title="Decision boundary", resolution=200,
                           legend=True):
    """Shade P(class 1) from predict_fn over the data's bounding box and draw the points.

    predict_fn maps an (m, 2) float array to m probabilities of class 1 (or 0/1 labels); shapes
    (m,), (m, 1) and (m, 2) (softmax, column 1 is used) are accepted, so a NumPy model and a Keras
    model (`lambda X: model.predict(X, verbose=0)`) both work. Returns the Axes.

    With legend=False the panel gets no legend of its own, so that many panels can share one
    outside them: `fig.legend(*ax.get_legend_handles_labels(), loc="outside lower center")`.
    """
    func_name = "plot_decision_boundary"
    if not callable(predict_fn):
        raise TypeError(f"{func_name}() expects predict_fn to be a function of an (m, 2) array; "
                        f"got {type(predict_fn).__name__}.")
    points = _two_column_points(X, func_name)
    labels = _binary_labels(y, len(points), func_name)
    resolution = int_param(resolution, "resolution", func_name, minimum=10)
    legend = bool_param(legend, "legend", func_name)
    if not isinstance(title, str):
        raise TypeError(f"{func_name}() expects title as a str; got {type(title).__name__}.")
    ax = _axes(ax, func_name, figsize=(4.5, 4.0))

    lo, hi = points.min(axis=0), points.max(axis=0)
    pad = 0.1 * np.maximum(hi - lo, 1e-3)
    g0 = np.linspace(lo[0] - pad[0], hi[0] + pad[0], resolution)
    g1 = np.linspace(lo[1] - pad[1], hi[1] + pad[1], resolution)
    G0, G1 = np.meshgrid(g0, g1)
    grid = np.column_stack([G0.ravel(), G1.ravel()])
    prob = _class_one_probability(predict_fn(grid), len(grid), func_name).reshape(G0.shape)

    ax.contourf(G0, G1, prob, levels=np.linspace(0.0, 1.0, 11), cmap=_PROBABILITY_CMAP, alpha=0.6)
    if prob.min() < 0.5 < prob.max():
        ax.contour(G0, G1, prob, levels=[0.5], colors=COLORS["black"], linewidths=1.5)
        ax.plot([], [], color=COLORS["black"], linewidth=1.5, label="boundary (P = 0.5)")
    for cls, color, marker in ((0, COLORS["blue"], "o"), (1, COLORS["vermillion"], "^")):
        sel = labels == cls
        ax.scatter(points[sel, 0], points[sel, 1], c=color, marker=marker, s=22,
                   edgecolors="white", linewidths=0.5, label=f"class {cls}")
    ax.set_title(title)
    ax.set_xlabel("x₁")
    ax.set_ylabel("x₂")
    if legend:
        ax.legend(loc="upper right", fontsize=8, framealpha=0.9)
    return ax


def _finite_series(values, label, func_name):
    arr = as_float_array(values, func_name)
    if arr.ndim != 1 or arr.size == 0:
        raise ValueError(f"{func_name}(): the values for {label!r} must be a non-empty 1-D sequence; "
                         f"got shape {arr.shape}.")
    if not np.all(np.isfinite(arr)):
        raise ValueError(f"{func_name}(): the values for {label!r} contain inf or NaN.")
    return arr


def _labelled_series(mapping, func_name, what):
    if not isinstance(mapping, dict) or not mapping:
        raise TypeError(f"{func_name}() expects a non-empty dict mapping a label to {what}; "
                        f"got {type(mapping).__name__}.")
    for label in mapping:
        if not isinstance(label, str):
            raise TypeError(f"{func_name}() expects str labels as dict keys; got {label!r}.")
    return mapping


def plot_gradient_norms(norms_by_name, ax=None):
    """Semilog-y plot of the gradient norm per layer, one line per configuration; return the Axes.

    norms_by_name maps a label such as 'sigmoid (Glorot)' to the norms of layers 1..L (layer 1 is
    the one nearest the input).
    """
    func_name = "plot_gradient_norms"
    _labelled_series(norms_by_name, func_name, "per-layer gradient norms")
    series = {label: _finite_series(v, label, func_name) for label, v in norms_by_name.items()}
    for label, norms in series.items():
        if np.any(norms <= 0):
            raise ValueError(f"{func_name}(): a log scale needs positive norms, but {label!r} contains "
                             "zeros or negative values (a dead layer?).")
    ax = _axes(ax, func_name)

    styles = line_styles(series)
    for label, norms in series.items():
        ax.plot(np.arange(1, norms.size + 1), norms, marker="o", markersize=3, label=label, **styles[label])
    ax.set_yscale("log")
    ax.xaxis.set_major_locator(MaxNLocator(integer=True))
    ax.set_title("Gradient norm per layer")
    ax.set_xlabel("layer l (1 = nearest the input)")
    ax.set_ylabel("‖∂L/∂W_l‖ (log scale)")
    ax.legend()
    return ax


def _metric_series(history, metric, label, func_name):
    """(train values, validation values or None) of one run."""
    record = getattr(history, "history", history)  # a Keras History object or its .history dict
    if isinstance(record, dict):
        if metric not in record:
            raise ValueError(f"{func_name}(): run {label!r} has no metric {metric!r}; "
                             f"it has: {', '.join(map(str, record))}.")
        val = record.get(f"val_{metric}")
        return (_finite_series(record[metric], label, func_name),
                None if val is None else _finite_series(val, f"{label} (validation)", func_name))
    return _finite_series(record, label, func_name), None


def plot_training_curves(histories, metric="loss", ax=None, legend=True):
    """Plot one metric against epoch for several runs (validation dotted, if present); return the Axes.

    histories maps a label to a Keras History, a dict like History.history, or a sequence of values.
    With legend=False the Axes gets no legend, so that panels can share one figure legend
    (see plot_decision_boundary).
    """
    func_name = "plot_training_curves"
    _labelled_series(histories, func_name, "a training history")
    if not isinstance(metric, str):
        raise TypeError(f"{func_name}() expects metric as a str such as 'loss'; got {type(metric).__name__}.")
    legend = bool_param(legend, "legend", func_name)
    curves = {label: _metric_series(h, metric, label, func_name) for label, h in histories.items()}
    ax = _axes(ax, func_name)

    styles = line_styles(curves)
    for label, (train, val) in curves.items():
        color = styles[label]["color"]
        ax.plot(np.arange(1, train.size + 1), train, label=label, **styles[label])
        if val is not None:
            ax.plot(np.arange(1, val.size + 1), val, color=color, linestyle=":",
                    label=f"{label} (validation)")
    ax.xaxis.set_major_locator(MaxNLocator(integer=True))
    ax.set_title(f"Training curves: {metric}")
    ax.set_xlabel("epoch")
    ax.set_ylabel(metric)
    if legend:
        ax.legend()
    return ax
