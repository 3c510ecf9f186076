"""course_utils.widgets: the explorer builds, redraws for every choice, and falls back cleanly."""
import subprocess
import sys

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import pytest  # noqa: E402

from course_utils import widgets  # noqa: E402
from course_utils.activations import ACTIVATIONS  # noqa: E402


@pytest.fixture(autouse=True)
def close_figures():
    yield
    plt.close("all")


@pytest.fixture
def drawn(monkeypatch):
    """Record every figure the explorer draws: (view, title, number of lines)."""
    calls = []
    original = widgets.explorer_figure

    def recording(name, show_derivative=True, params=None):
        fig = original(name, show_derivative, params)
        ax = fig.axes[0]
        calls.append((name, ax.get_title(), len(ax.get_lines()), show_derivative, dict(params or {})))
        return fig

    monkeypatch.setattr(widgets, "explorer_figure", recording)
    return calls


def test_parameter_table_follows_activation_defaults():
    from_activations = {(n, p): v for n, a in ACTIVATIONS.items() for p, v in a.defaults.items()}
    table = {(p.activation, p.name): p.default for p in widgets.PARAMETERS}
    assert table == {**from_activations, ("softmax", "temperature"): 1.0}
    for p in widgets.PARAMETERS:
        if isinstance(p.default, bool):
            assert p.bounds is None
        else:
            low, high, step = p.bounds
            assert low <= p.default <= high and step > 0


def test_explorer_figure_for_every_view():
    for name in widgets.VIEWS:
        fig = widgets.explorer_figure(name)
        ax = fig.axes[0]
        assert ax.get_title() and ax.get_xlabel() and ax.get_legend() is not None
        plt.close(fig)
    fig = widgets.explorer_figure("softmax", params={"temperature": 0.5})
    assert fig.axes[0].get_title().endswith("T = 0.5")


def test_explorer_figure_rejects_bad_input():
    with pytest.raises(ValueError, match="unknown view 'banana'"):
        widgets.explorer_figure("banana")
    with pytest.raises(TypeError, match="accepts: alpha"):
        widgets.explorer_figure("elu", params={"beta": 1.0})
    with pytest.raises(TypeError, match="accepts: none"):
        widgets.explorer_figure("relu", params={"alpha": 1.0})
    with pytest.raises(ValueError, match="T > 0"):
        widgets.explorer_figure("softmax", params={"temperature": -1.0})
    assert plt.get_fignums() == []  # a failed draw leaves no figure behind


def test_build_explorer_widgets_and_layout(drawn):
    live = widgets.build_explorer()
    ui = live.ui
    header, relevant, output = ui.children
    assert output is live.output
    assert live.controls["name"].value == widgets.DEFAULT_VIEW
    assert [v for _, v in live.controls["name"].options] == list(widgets.VIEWS)
    assert set(live.controls) == {"name", "show_derivative"} | {p.key for p in widgets.PARAMETERS}
    assert drawn[-1][:2] == ("sigmoid", "Sigmoid")  # drawn once on creation
    assert relevant.children == ()  # sigmoid has no parameters
    assert plt.get_fignums() == []  # every drawn figure is closed after display


def test_explorer_redraws_for_every_view_and_parameter(drawn):
    live = widgets.build_explorer()
    controls = live.controls
    for name in widgets.VIEWS:
        controls["name"].value = name
        assert drawn[-1][0] == name
        shown = {c.description for c in live.ui.children[1].children}
        assert shown == {p.label for p in widgets.PARAMETERS if p.activation == name}
        assert controls["show_derivative"].disabled == (name == "softmax")
        for p in widgets.PARAMETERS:
            if p.activation != name:
                continue
            control = controls[p.key]
            control.value = (not p.default) if p.bounds is None else p.bounds[1]
            assert drawn[-1][4][p.name] == control.value
            control.value = p.default
        if name != "softmax":
            controls["show_derivative"].value = False
            assert drawn[-1][2] == 3  # the two zero lines and phi only
            controls["show_derivative"].value = True
    assert plt.get_fignums() == []


def test_explorer_slider_values_reach_the_title(drawn):
    live = widgets.build_explorer("leaky_relu")
    live.controls["leaky_relu.alpha"].value = 0.25
    assert drawn[-1][1] == "Leaky ReLU (α = 0.25)"
    live.controls["name"].value = "softmax"
    live.controls["softmax.temperature"].value = 2.0
    assert drawn[-1][1].endswith("T = 2")
    live.controls["name"].value = "gelu"
    live.controls["gelu.approximate"].value = True
    assert drawn[-1][1] == "GELU (tanh approximation)"


def test_build_explorer_rejects_unknown_view():
    with pytest.raises(ValueError, match="unknown view"):
        widgets.build_explorer("banana")


def test_explorer_outside_a_kernel_returns_static_figure(capsys):
    fig = widgets.explorer()
    printed = capsys.readouterr().out.strip().splitlines()
    assert printed == ["Static figure of the explorer's default view (Sigmoid): "
                       "this is not running in a Jupyter kernel, so no live widgets."]
    assert fig.axes[0].get_title() == "Sigmoid"


def test_explorer_without_ipywidgets_falls_back(monkeypatch, capsys):
    monkeypatch.setitem(sys.modules, "ipywidgets", None)  # makes `import ipywidgets` fail
    fig = widgets.explorer("relu")
    printed = capsys.readouterr().out.strip().splitlines()
    assert len(printed) == 1 and "ipywidgets is not installed" in printed[0] and "ReLU" in printed[0]
    assert len(fig.axes) == 1 and fig.axes[0].get_title() == "ReLU"
    with pytest.raises(ImportError):
        widgets.build_explorer()


def test_explorer_in_a_kernel_displays_preview_then_widget(monkeypatch):
    import IPython.display

    shown = []
    monkeypatch.setattr(widgets, "_in_kernel", lambda: True)
    monkeypatch.setattr(IPython.display, "display", lambda obj: shown.append(obj))
    assert widgets.explorer("elu") is None
    preview, ui = shown[-2:]
    assert isinstance(preview, matplotlib.figure.Figure) and preview.axes[0].get_title() == "ELU (α = 1)"
    assert ui.children[0].children[0].value == "elu"
    assert plt.get_fignums() == []


def test_explorer_in_a_kernel_without_ipywidgets_displays_static_figure(monkeypatch, capsys):
    import IPython.display

    shown = []
    monkeypatch.setitem(sys.modules, "ipywidgets", None)
    monkeypatch.setattr(widgets, "_in_kernel", lambda: True)
    monkeypatch.setattr(IPython.display, "display", lambda obj: shown.append(obj))
    assert widgets.explorer() is None
    assert len(capsys.readouterr().out.strip().splitlines()) == 1
    assert len(shown) == 1 and isinstance(shown[0], matplotlib.figure.Figure)


def test_importing_widgets_is_light():
    code = ("import sys, course_utils.widgets; "
            "print(*(m in sys.modules for m in ('tensorflow', 'keras', 'ipywidgets')))")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert result.stdout.split() == ["False", "False", "False"]
