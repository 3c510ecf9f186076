"""course_utils.widgets: the explorer's controls, one plot, and its fallbacks."""
import base64
import subprocess
import sys

import matplotlib
import pytest

from course_utils import explorer as model
from course_utils import plotting, widgets


def visible(live):
    return {key for key, c in live.controls.items() if c.layout.display != "none"}


def another_value(control, taken=()):
    """A value a student could pick that differs from the current one."""
    if hasattr(control, "options"):
        values = [o[1] if isinstance(o, tuple) else o for o in control.options]
        return next(v for v in reversed(values) if v != control.value and v not in taken)
    if isinstance(control.value, bool):
        return not control.value
    if isinstance(control.value, str):
        return "0.5, 3, -1"
    step = control.step if control.__class__.__name__ != "FloatLogSlider" else 0.3
    return control.value + 3 * step if control.value + 3 * step <= control.max else control.value - 3 * step


def test_controls_are_labelled_and_classed_for_the_browser_tests():
    live = widgets.build_explorer()
    assert live.controls["activation"].value == widgets.DEFAULT_VIEW
    assert [v for _, v in live.controls["activation"].options] == list(model.VIEWS)
    for key, control in live.controls.items():
        assert control.description, key
        assert widgets.CSS["control"] in control._dom_classes, key
    assert len({id(c.layout) for c in live.controls.values()}) == len(live.controls)  # hidden one by one
    assert widgets.CSS["root"] in live.ui._dom_classes
    assert widgets.CSS["plot"] in live.plot._dom_classes and live.plot.value[:4] == b"\x89PNG"


@pytest.mark.parametrize("name", model.VIEWS)
def test_each_visible_control_changes_the_plot(name):
    live = widgets.build_explorer(name)
    shown = visible(live)
    expected = ({"activation", "number_format", "logits", "temperature"} if name == "softmax" else
                {"activation", "compare_1", "compare_2", "show_derivative", "number_format", "z", "mean", "std"}
                | {p.key for p in model.PARAMETERS if p.activation == name})
    assert shown == expected
    for key in sorted(shown - {"activation"}):
        control, before = live.controls[key], live.plot.value
        taken = {live.controls["compare_1"].value, name} if key == "compare_2" else {name}
        control.value = another_value(control, taken)
        assert live.plot.value != before, f"{name}: changing {key} did not redraw"
    live.controls["activation"].value = "relu" if name != "relu" else "tanh"
    assert live.plot.value != before


def test_switching_activation_fits_the_z_slider_to_its_axis():
    live = widgets.build_explorer("sigmoid")
    live.controls["z"].value = 8.0
    live.controls["activation"].value = "relu"
    z = live.controls["z"]
    assert (z.min, z.max) == model.z_range("relu") and z.value == 5.0
    assert live.view().z == 5.0


def test_unreadable_logits_keep_the_picture_and_say_why():
    live = widgets.build_explorer("softmax")
    before = live.plot.value
    live.controls["logits"].value = "1, two"
    assert live.plot.value == before
    assert "Not redrawn" in live.readout.value and "like 2, 1, 0.1" in live.readout.value
    live.controls["logits"].value = "1, 2"
    assert live.plot.value != before and "ln 2" in live.readout.value


def test_readout_follows_the_controls():
    live = widgets.build_explorer("relu")
    live.controls["z"].value = 2.0
    assert "at z = 2.00: φ(z) = 2, φ′(z) = 1 (float64)" in live.readout.value
    live.controls["mean"].value = -5.0
    assert "dead 100.0%" in live.readout.value


def test_build_explorer_rejects_unknown_activation():
    with pytest.raises(ValueError, match="unknown activation 'banana'"):
        widgets.build_explorer("banana")
    with pytest.raises(ValueError, match="unknown activation 'banana'"):
        widgets.explorer("banana")


def test_explorer_in_a_kernel_is_one_output_with_its_static_preview(monkeypatch):
    import IPython.display

    shown = []
    monkeypatch.setattr(widgets, "_in_kernel", lambda: True)
    monkeypatch.setattr(IPython.display, "display", lambda *objs, **kw: shown.append((objs, kw)))
    assert widgets.explorer("elu") is None
    assert len(shown) == 1
    (bundle,), options = shown[0]
    alt = model.describe(model.View("elu"))  # the preview's view, in words
    assert options == {"raw": True, "metadata": {"image/png": {"alt": alt}}}
    assert set(bundle) == {widgets.WIDGET_VIEW, "image/png", "text/html", "text/plain"}
    assert base64.b64decode(bundle["image/png"])[:4] == b"\x89PNG"
    assert bundle[widgets.WIDGET_VIEW]["version_major"] == 2  # ipywidgets 7 and 8 both speak 2.0
    assert bundle["text/plain"] == f"{widgets.LIVE_NOTE} {alt}"  # sentences, not a widget repr
    # JupyterLab draws image/png without alt; the same picture as HTML carries it
    assert bundle["text/html"] == plotting.img_html("image/png", bundle["image/png"], alt)
    assert alt.startswith("Activation explorer, ELU (α = 1.00) in float64: φ(z) (solid) and φ′(z) (dashed)")


def test_explorer_outside_a_kernel_returns_static_figure(capsys):
    fig = widgets.explorer()
    printed = capsys.readouterr().out.strip().splitlines()
    assert printed == ["Static figure of the explorer (Sigmoid in float64): "
                       "this is not running in a Jupyter kernel, so no controls."]
    assert isinstance(fig, matplotlib.figure.Figure)


def test_explorer_without_ipywidgets_falls_back(monkeypatch, capsys):
    monkeypatch.setitem(sys.modules, "ipywidgets", None)  # makes `import ipywidgets` fail
    fig = widgets.explorer("relu")
    printed = capsys.readouterr().out.strip().splitlines()
    assert len(printed) == 1 and "ipywidgets is not installed" in printed[0] and "ReLU" in printed[0]
    assert fig.axes[0].get_title() == "ReLU in float64"
    with pytest.raises(ImportError):
        widgets.build_explorer()


def test_explorer_in_a_kernel_without_ipywidgets_displays_static_figure(monkeypatch, capsys):
    import IPython.display

    shown = []
    monkeypatch.setitem(sys.modules, "ipywidgets", None)
    monkeypatch.setattr(widgets, "_in_kernel", lambda: True)
    monkeypatch.setattr(plotting, "show", lambda fig, alt: shown.append((fig, alt)))
    assert widgets.explorer() is None
    assert len(capsys.readouterr().out.strip().splitlines()) == 1
    [(fig, alt)] = shown
    assert isinstance(fig, matplotlib.figure.Figure)
    assert alt == model.describe(model.View())


def test_importing_widgets_is_light():
    code = ("import sys, course_utils.widgets; "
            "print(*(m in sys.modules for m in ('tensorflow', 'keras', 'ipywidgets')))")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert result.stdout.split() == ["False", "False", "False"]
