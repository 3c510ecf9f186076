"""The activation explorer of lesson 04: pick an activation, move its parameters, watch φ and φ′.

    from course_utils.widgets import explorer
    explorer()

In Jupyter or Colab this shows a static preview of the default view (kept in the saved notebook,
so GitHub and nbviewer show something) followed by the live widget. Without a widget frontend
(no ipywidgets, or a plain `python` script) it prints one line and returns a static figure.

Only ipywidgets APIs present in both 7.7 (Colab) and 8.1 are used. ipywidgets is imported when
the explorer is built, never at import time; TensorFlow is never imported.
"""
from dataclasses import dataclass
from typing import NamedTuple, Union

import matplotlib.pyplot as plt

from . import plotting
from .activations import ACTIVATIONS

SOFTMAX = "softmax"
SOFTMAX_SCORES = (1.0, 2.0, 3.0)  # the fixed example z whose softmax(z / T) the explorer shows
DEFAULT_VIEW = "sigmoid"
FIGSIZE = (6.0, 3.6)


@dataclass(frozen=True)
class Parameter:
    """One explorer control: a slider (number) or a checkbox (True/False)."""

    activation: str
    name: str
    label: str
    default: Union[float, bool]
    bounds: Union[tuple, None]  # (min, max, step) for a slider, None for a checkbox

    @property
    def key(self):
        return f"{self.activation}.{self.name}"


# How each parameter is shown. Which parameters exist, and their defaults, come from
# Activation.defaults in activations.py (plus the softmax temperature), so they cannot drift.
_PRESENTATION = {
    ("leaky_relu", "alpha"): ("slope α", (0.0, 1.0, 0.01)),
    ("elu", "alpha"): ("α", (0.0, 3.0, 0.05)),
    ("swish", "beta"): ("β", (0.0, 5.0, 0.1)),
    ("gelu", "approximate"): ("tanh approximation", None),
    (SOFTMAX, "temperature"): ("temperature T", (0.1, 5.0, 0.1)),
}
_SOFTMAX_DEFAULTS = {"temperature": 1.0}


def _parameter_table():
    defaults = {name: act.defaults for name, act in ACTIVATIONS.items()}
    defaults[SOFTMAX] = _SOFTMAX_DEFAULTS
    table = []
    for activation, params in defaults.items():
        for name, default in params.items():
            if (activation, name) not in _PRESENTATION:
                raise RuntimeError(f"widgets._PRESENTATION has no entry for {activation}.{name}; add one.")
            label, bounds = _PRESENTATION[(activation, name)]
            table.append(Parameter(activation, name, label, default, bounds))
    return tuple(table)


PARAMETERS = _parameter_table()
VIEWS = tuple(ACTIVATIONS) + (SOFTMAX,)


def explorer_figure(name=DEFAULT_VIEW, show_derivative=True, params=None):
    """The figure the explorer shows for one choice of activation and parameters."""
    func_name = "explorer_figure"
    if name not in VIEWS:
        raise ValueError(f"{func_name}() got unknown view {name!r}; choose one of: {', '.join(VIEWS)}.")
    params = dict(params or {})
    accepted = {p.name for p in PARAMETERS if p.activation == name}
    unknown = set(params) - accepted
    if unknown:
        raise TypeError(f"{func_name}() got parameter(s) {', '.join(sorted(unknown))} for {name!r}; "
                        f"it accepts: {', '.join(sorted(accepted)) or 'none'}.")
    fig, ax = plt.subplots(figsize=FIGSIZE, layout="constrained")
    try:
        if name == SOFTMAX:
            plotting.plot_softmax_bars(SOFTMAX_SCORES, ax=ax, **params)
        else:
            plotting.plot_activation(name, ax=ax, params=params, show_derivative=show_derivative)
    except Exception:
        plt.close(fig)
        raise
    return fig


class Explorer(NamedTuple):
    """The live explorer: `ui` to display, its `controls` by name, and the `output` it draws in."""

    ui: object
    controls: dict
    output: object


def build_explorer(name=DEFAULT_VIEW):
    """Build the explorer widgets (needs ipywidgets) without displaying them."""
    import ipywidgets as w
    from IPython.display import display

    if name not in VIEWS:
        raise ValueError(f"build_explorer() got unknown view {name!r}; choose one of: {', '.join(VIEWS)}.")
    wide = {"description_width": "initial"}
    options = [(act.title, key) for key, act in ACTIVATIONS.items()] + [("Softmax (temperature)", SOFTMAX)]
    choice = w.Dropdown(options=options, value=name, description="activation", style=wide)
    derivative = w.Checkbox(value=True, description="show derivative φ′", style=wide)
    sliders = {p.key: _control(w, p, wide) for p in PARAMETERS}
    controls = {"name": choice, "show_derivative": derivative, **sliders}

    def redraw(name, show_derivative, **values):
        own = {key.split(".", 1)[1]: v for key, v in values.items() if key.split(".", 1)[0] == name}
        fig = explorer_figure(name, show_derivative, own)
        display(fig)
        plt.close(fig)

    output = w.interactive_output(redraw, controls)
    relevant = w.HBox()

    def show_relevant_controls(change=None):
        relevant.children = tuple(s for key, s in sliders.items() if key.split(".", 1)[0] == choice.value)
        derivative.disabled = choice.value == SOFTMAX

    choice.observe(show_relevant_controls, "value")
    show_relevant_controls()
    ui = w.VBox([w.HBox([choice, derivative]), relevant, output])
    return Explorer(ui, controls, output)


def _control(w, param, style):
    if param.bounds is None:
        return w.Checkbox(value=param.default, description=param.label, style=style)
    low, high, step = param.bounds
    return w.FloatSlider(value=param.default, min=low, max=high, step=step, description=param.label,
                         continuous_update=False, readout_format=".2f", style=style)


def _in_kernel():
    try:
        from IPython import get_ipython
    except ImportError:
        return False
    shell = get_ipython()
    return shell is not None and getattr(shell, "kernel", None) is not None


def _why_no_live_widgets():
    """None when live widgets can work here, else the reason they cannot."""
    try:
        import ipywidgets  # noqa: F401
    except ImportError:
        return "ipywidgets is not installed"
    return None if _in_kernel() else "this is not running in a Jupyter kernel"


def explorer(name=DEFAULT_VIEW):
    """Show the activation explorer: a static preview of `name`, then the live widget.

    The preview is what saved notebooks show on GitHub or nbviewer, where widgets do not render.
    Without a widget frontend it prints one line saying so; in a kernel it still displays the
    static figure, and in a plain script it returns it (to show or save). Otherwise returns None.
    """
    reason = _why_no_live_widgets()
    live = build_explorer(name) if reason is None else None  # first: building flushes open inline figures
    preview = explorer_figure(name)
    if reason is not None:
        title = preview.axes[0].get_title()
        print(f"Static figure of the explorer's default view ({title}): {reason}, so no live widgets.")
    if not _in_kernel():
        return preview
    from IPython.display import display

    display(preview)
    plt.close(preview)
    if live is not None:
        display(live.ui)
    return None
