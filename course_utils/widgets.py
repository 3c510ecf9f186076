"""The activation explorer of lesson 04, as widgets: controls, one plot, and a readout.

    from course_utils.widgets import explorer
    explorer()                      # or explorer("leaky_relu"), explorer("softmax")

The explorer is ONE output. Its PNG is the static preview that GitHub, nbviewer and the course
site show; with a running kernel, JupyterLab and Colab show the live widget in its place (the same
mime bundle holds both, as ipympl's figures do: an untrusted notebook, such as a fresh clone, is
shown with safe renderers only, so the PNG; the widget view is preferred once a kernel runs the
cell). The preview carries an alt text describing its view (explorer.describe), as an HTML
<img alt> that JupyterLab shows in place of the PNG where the widget cannot be shown. Without
ipywidgets or outside a kernel it shows or returns the static figure and says why there are no
controls.

What is drawn and read out lives in course_utils.explorer (no widgets there). Only ipywidgets APIs
present in both 7.7 (Colab) and 8.1 are used. ipywidgets is imported when the explorer is built.
"""
import base64
import html
from typing import Callable, NamedTuple

from . import explorer as model
from . import plotting
from .activations import ACTIVATIONS

DEFAULT_VIEW = "sigmoid"
WIDGET_VIEW = "application/vnd.jupyter.widget-view+json"
LIVE_NOTE = "Activation explorer (interactive): run this cell in Jupyter or Colab to use it."
CSS = {"root": "course-explorer", "plot": "course-explorer-plot", "control": "course-explorer-control",
       "readout": "course-explorer-readout"}  # class names the browser tests look for


class Explorer(NamedTuple):
    """The live explorer: `ui` to display, its `controls` by name, the `plot` and `readout`."""

    ui: object
    controls: dict
    plot: object
    readout: object
    view: Callable  # returns the View the controls describe now


def _controls(w, name):
    wide = {"description_width": "initial"}
    activations = [(act.title, key) for key, act in ACTIVATIONS.items()]
    compare = [("nothing", "")] + activations
    slider = dict(continuous_update=False, readout_format=".2f", style=wide)
    controls = {
        "activation": w.Dropdown(options=activations + [("Softmax (with temperature)", model.SOFTMAX)],
                                 value=name, description="activation φ", style=wide,
                                 layout=w.Layout(width="250px")),
        "compare_1": w.Dropdown(options=compare, value="", description="compare with", style=wide,
                                 layout=w.Layout(width="250px")),
        "compare_2": w.Dropdown(options=compare, value="", description="and with", style=wide,
                                 layout=w.Layout(width="250px")),
        "show_derivative": w.Checkbox(value=True, description="show the slope φ′(z)", style=wide),
        "number_format": w.ToggleButtons(options=model.FORMATS, value="float64", description="number format",
                                         style={**wide, "button_width": "70px"}),
        "z": w.FloatSlider(value=1.0, min=-10.0, max=10.0, step=0.05, description="read φ and φ′ at z =",
                           **slider),
        "mean": w.FloatSlider(value=0.0, min=-5.0, max=5.0, step=0.1, description="inputs: mean μ", **slider),
        "std": w.FloatSlider(value=1.0, min=0.1, max=5.0, step=0.1, description="inputs: spread σ", **slider),
        "logits": w.Text(value=", ".join(f"{v:g}" for v in model.View().logits), continuous_update=False,
                         description="logits z (comma-separated)", style=wide),
        "temperature": w.FloatLogSlider(value=1.0, base=10, min=-1.3, max=1.3, step=0.01,
                                        description="temperature T", **slider),
    }
    for p in model.PARAMETERS:
        if p.bounds is None:
            controls[p.key] = w.Checkbox(value=p.default, description=p.label, style=wide)
        else:
            low, high, step = p.bounds
            controls[p.key] = w.FloatSlider(value=p.default, min=low, max=high, step=step,
                                            description=p.label, **slider)
    for control in controls.values():
        control.add_class(CSS["control"])
    return controls


def _view_of(values):
    """The View that control values describe (raises ValueError for unreadable logits)."""
    name = values["activation"]
    params = {p.name: values[p.key] for p in model.PARAMETERS if p.activation == name}
    compare = tuple(dict.fromkeys(c for c in (values["compare_1"], values["compare_2"]) if c and c != name))
    return model.View(activation=name, params=params, compare=compare,
                      show_derivative=values["show_derivative"], number_format=values["number_format"],
                      z=values["z"], mean=values["mean"], std=values["std"],
                      logits=model.parse_logits(values["logits"]), temperature=values["temperature"])


def _relevant(key, name):
    """Whether a control matters for the chosen activation (the others are hidden)."""
    softmax_only = {"logits", "temperature"}
    shared = {"activation", "number_format"}
    if key in shared:
        return True
    if name == model.SOFTMAX:
        return key in softmax_only
    if "." in key:
        return key.split(".", 1)[0] == name
    return key not in softmax_only


def build_explorer(name=DEFAULT_VIEW):
    """Build the explorer's widgets (needs ipywidgets) without displaying them."""
    import ipywidgets as w

    if name not in model.VIEWS:
        raise ValueError(f"build_explorer() got unknown activation {name!r}; "
                         f"choose one of: {', '.join(model.VIEWS)}.")
    controls = _controls(w, name)
    plot = w.Image(format="png", layout=w.Layout(max_width="100%", height="auto"))
    readout = w.HTML()
    plot.add_class(CSS["plot"])
    readout.add_class(CSS["readout"])
    canvas = model.Canvas()
    state = {"busy": False}

    def view():
        return _view_of({key: c.value for key, c in controls.items()})

    def redraw(change=None):
        if state["busy"]:
            return
        try:
            current = view()
        except ValueError as problem:  # unreadable logits: say so, keep the last picture
            readout.value = f"<b>Not redrawn:</b> {html.escape(str(problem))}"
            return
        plot.value = canvas.png(current)
        readout.value = "<br>".join(html.escape(line) for line in model.readout(current))

    def follow_activation(change=None):
        state["busy"] = True  # one redraw for the whole change, not one per adjusted control
        try:
            chosen = controls["activation"].value
            for key, control in controls.items():
                control.layout.display = None if _relevant(key, chosen) else "none"
            if chosen != model.SOFTMAX:
                low, high = model.z_range(chosen)
                controls["z"].min, controls["z"].max = low, high  # the ranges are nested: any order works
        finally:
            state["busy"] = False
        redraw()

    controls["activation"].observe(follow_activation, "value")
    for key, control in controls.items():
        if key != "activation":
            control.observe(redraw, "value")
    follow_activation()
    rows = [["activation", "compare_1", "compare_2"],
            [p.key for p in model.PARAMETERS] + ["show_derivative", "number_format"],
            ["logits", "temperature"],
            ["z", "mean", "std"]]
    wrap = w.Layout(flex_flow="row wrap")
    ui = w.VBox([w.HBox([controls[k] for k in row], layout=wrap) for row in rows] + [plot, readout])
    ui.add_class(CSS["root"])
    return Explorer(ui, controls, plot, readout, view)


def _in_kernel():
    return plotting._kernel_shell() is not None


def _why_no_live_widgets():
    """None when live widgets can work here, else the reason they cannot."""
    try:
        import ipywidgets  # noqa: F401
    except ImportError:
        return "ipywidgets is not installed"
    return None if _in_kernel() else "this is not running in a Jupyter kernel"


def explorer(name=DEFAULT_VIEW):
    """Show the activation explorer, starting at activation `name` (or "softmax").

    In a Jupyter kernel with ipywidgets: one output, the live explorer, with its first picture
    stored as the static preview. Otherwise it prints why there are no controls and shows (in a
    kernel) or returns (in a script) the static figure.
    """
    if name not in model.VIEWS:
        raise ValueError(f"explorer() got unknown activation {name!r}; choose one of: {', '.join(model.VIEWS)}.")
    reason = _why_no_live_widgets()
    if reason is not None:
        view = model.View(activation=name)
        fig = model.draw(view)
        print(f"Static figure of the explorer ({fig.axes[0].get_title()}): {reason}, so no controls.")
        if not _in_kernel():
            return fig
        plotting.show(fig, alt=model.describe(view))
        return None
    from IPython.display import display

    live = build_explorer(name)
    preview = base64.b64encode(live.plot.value).decode("ascii")  # the picture it starts with
    alt = model.describe(live.view())  # the preview's alt text: what it shows, in words
    view_ref = {"version_major": 2, "version_minor": 0, "model_id": live.ui.model_id}
    bundle = {WIDGET_VIEW: view_ref, "image/png": preview,
              "text/html": plotting.img_html("image/png", preview, alt), "text/plain": f"{LIVE_NOTE} {alt}"}
    display(bundle, metadata={"image/png": {"alt": alt}}, raw=True)
    return None

