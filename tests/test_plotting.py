"""course_utils.plotting: every plot has its panels, lines, titles, labels, legend and palette."""
import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pytest  # noqa: E402
from matplotlib.colors import to_hex  # noqa: E402

from course_utils import plotting  # noqa: E402
from course_utils.activations import ACTIVATIONS  # noqa: E402

PALETTE = set(plotting.COLORS.values())


@pytest.fixture(autouse=True)
def close_figures():
    yield
    plt.close("all")


def assert_labelled(ax):
    assert ax.get_title() and ax.get_xlabel() and ax.get_ylabel()
    assert ax.get_legend() is not None and ax.get_legend().get_texts()


def data_lines(ax):
    """Lines with more than one point (not the zero/kink reference lines or single markers)."""
    return [ln for ln in ax.get_lines() if len(ln.get_xdata()) > 2]


def line_colors(ax):
    return {to_hex(ln.get_color()) for ln in data_lines(ax)}


def test_use_course_style_sets_palette_and_dpi():
    with matplotlib.rc_context():
        plotting.use_course_style()
        cycle = [to_hex(c) for c in matplotlib.rcParams["axes.prop_cycle"].by_key()["color"]]
        assert set(cycle) <= PALETTE and len(cycle) >= 7
        assert matplotlib.rcParams["figure.dpi"] <= 100


def test_every_activation_and_softmax_has_a_palette_colour():
    for name in list(ACTIVATIONS) + ["softmax", "SiLU", "ReLU (He)", "linear"]:
        assert plotting.activation_color(name) in PALETTE
    assert plotting.activation_color("leaky ReLU (0.2)") == plotting.activation_color("leaky_relu")
    with pytest.raises(ValueError, match="activation_color"):
        plotting.activation_color("banana")


def test_line_styles_keep_activation_colours_and_stay_distinct():
    styles = plotting.line_styles(["sigmoid (Glorot)", "tanh (Glorot)", "sigmoid (naive)"])
    assert styles["sigmoid (Glorot)"]["color"] == plotting.activation_color("sigmoid")
    assert styles["tanh (Glorot)"]["color"] == plotting.activation_color("tanh")
    assert styles["sigmoid (naive)"]["color"] not in {plotting.activation_color("sigmoid"),
                                                       plotting.activation_color("tanh")}
    many = plotting.line_styles([f"run {i}" for i in range(12)])
    pairs = {(s["color"], s["linestyle"]) for s in many.values()}
    assert len(pairs) == 12 and {s["color"] for s in many.values()} <= PALETTE


def test_plot_activation_draws_function_and_derivative():
    ax = plotting.plot_activation("leaky_relu", params={"alpha": 0.1})
    assert len(data_lines(ax)) == 2
    assert data_lines(ax)[1].get_linestyle() == "--"
    assert ax.get_title() == "Leaky ReLU (α = 0.1)"
    assert_labelled(ax)
    assert line_colors(ax) == {plotting.activation_color("leaky_relu")}
    # the kink: f'(0) is marked with the convention value alpha
    marker = [ln for ln in ax.get_lines() if ln.get_marker() == "o"]
    assert len(marker) == 1 and marker[0].get_ydata()[0] == pytest.approx(0.1)


def test_plot_activation_without_derivative_and_smooth_has_no_kink_marker():
    ax = plotting.plot_activation("tanh", show_derivative=False)
    assert len(data_lines(ax)) == 1
    ax = plotting.plot_activation("tanh")
    assert not [ln for ln in ax.get_lines() if ln.get_marker() == "o"]


def test_plot_activation_on_given_axes_returns_it():
    fig, ax = plt.subplots()
    assert plotting.plot_activation("relu", ax=ax) is ax
    assert len(fig.axes) == 1


@pytest.mark.parametrize("kwargs, error, match", [
    ({"name": "banana"}, ValueError, "unknown activation 'banana'"),
    ({"name": 3}, TypeError, "activation name"),
    ({"name": "elu", "params": {"beta": 1.0}}, TypeError, "unexpected parameter"),
    ({"name": "elu", "params": [1.0]}, TypeError, "params as a dict"),
    ({"name": "relu", "x": [[1.0, 2.0]]}, ValueError, "1-D grid"),
    ({"name": "relu", "x": "abc"}, TypeError, "plot_activation"),
    ({"name": "relu", "x": [0.0, np.inf]}, ValueError, "finite"),
    ({"name": "relu", "ax": "left"}, TypeError, "Matplotlib Axes"),
    ({"name": "relu", "show_derivative": "yes"}, TypeError, "True or False"),
])
def test_plot_activation_rejects_bad_input(kwargs, error, match):
    with pytest.raises(error, match=match):
        plotting.plot_activation(**kwargs)


def test_activation_grid_has_one_labelled_panel_per_activation():
    fig = plotting.plot_activation_grid()
    assert len(fig.axes) == len(ACTIVATIONS)
    titles = [ax.get_title() for ax in fig.axes]
    assert all(t.startswith(a.title) for t, a in zip(titles, ACTIVATIONS.values()))
    assert fig.get_suptitle()
    for ax, name in zip(fig.axes, ACTIVATIONS):
        assert len(data_lines(ax)) == 2
        assert ax.get_xlabel() and ax.get_legend() is not None
        assert line_colors(ax) == {plotting.activation_color(name)}
    width, height = fig.get_size_inches()
    assert width <= 10.5 and height <= 7


def test_activation_grid_subset_params_and_errors():
    fig = plotting.plot_activation_grid(["relu", "leaky_relu"], show_derivative=False,
                                        params={"leaky_relu": {"alpha": 0.2}})
    assert len(fig.axes) == 2
    assert fig.axes[1].get_title() == "Leaky ReLU (α = 0.2)"
    assert all(len(data_lines(ax)) == 1 for ax in fig.axes)
    with pytest.raises(TypeError, match="list of activation names"):
        plotting.plot_activation_grid("relu")
    with pytest.raises(ValueError, match="at least one"):
        plotting.plot_activation_grid([])
    with pytest.raises(ValueError, match="not among the names"):
        plotting.plot_activation_grid(["relu"], params={"elu": {"alpha": 2.0}})


def test_gelu_approximation_error_panel_peaks_at_4_73e_4():
    fig = plotting.plot_gelu_approximation()
    left, right = fig.axes
    assert len(data_lines(left)) == 2
    assert_labelled(left)
    assert_labelled(right)
    (error_line,) = data_lines(right)
    error = np.abs(error_line.get_ydata())
    assert error.max() == pytest.approx(4.73e-4, abs=1e-6)
    assert abs(error_line.get_xdata()[np.argmax(error)]) == pytest.approx(2.70, abs=0.01)
    assert line_colors(left) | line_colors(right) <= PALETTE


def two_blobs():
    rng = np.random.default_rng(0)
    X = np.vstack([rng.normal(-1.0, 0.5, (20, 2)), rng.normal(1.0, 0.5, (20, 2))])
    y = np.repeat([0, 1], 20)
    return X, y


def logistic(X):
    return 1.0 / (1.0 + np.exp(-(X[:, 0] + X[:, 1])))


@pytest.mark.parametrize("predict", [
    logistic,
    lambda X: logistic(X)[:, None],  # Keras Dense(1, sigmoid)
    lambda X: np.column_stack([1 - logistic(X), logistic(X)]),  # two-class softmax
    lambda X: (X.sum(axis=1) > 0).astype(int),  # hard labels
])
def test_decision_boundary_accepts_probabilities_and_labels(predict):
    X, y = two_blobs()
    ax = plotting.plot_decision_boundary(predict, X, y, title="blobs", resolution=30)
    assert ax.get_title() == "blobs"
    assert_labelled(ax)
    legend = [t.get_text() for t in ax.get_legend().get_texts()]
    assert legend == ["boundary (P = 0.5)", "class 0", "class 1"]
    faces = {to_hex(c.get_facecolors()[0]) for c in ax.collections if hasattr(c, "get_offsets")
             and len(c.get_offsets()) == 20}
    assert faces == {plotting.COLORS["blue"], plotting.COLORS["vermillion"]}


@pytest.mark.parametrize("args, error, match", [
    (("not callable",), TypeError, "predict_fn to be a function"),
    ((logistic, np.zeros((5, 3))), ValueError, r"shape \(m, 2\)"),
    ((logistic, None, np.zeros(3)), ValueError, r"y of shape \(40,\)"),
    ((logistic, None, np.full(40, 2)), ValueError, "binary labels"),
    ((lambda X: X.sum(axis=1) * 10, None, None), ValueError, "logits"),
    ((lambda X: np.zeros(3), None, None), ValueError, "returned shape"),
    ((lambda X: "yes", None, None), TypeError, "must return numbers"),
])
def test_decision_boundary_rejects_bad_input(args, error, match):
    X, y = two_blobs()
    predict = args[0]
    X = X if len(args) < 2 or args[1] is None else args[1]
    y = y if len(args) < 3 or args[2] is None else args[2]
    with pytest.raises(error, match=match):
        plotting.plot_decision_boundary(predict, X, y, resolution=20)


def test_gradient_norms_semilog_one_line_per_configuration():
    layers = np.arange(1, 11)
    norms = {"sigmoid (Glorot)": 0.25 ** (10 - layers), "tanh (Glorot)": 0.9 ** (10 - layers),
             "ReLU (He)": np.ones(10)}
    ax = plotting.plot_gradient_norms(norms)
    assert ax.get_yscale() == "log"
    assert len(ax.get_lines()) == 3
    assert [t.get_text() for t in ax.get_legend().get_texts()] == list(norms)
    assert list(ax.get_lines()[0].get_xdata()) == list(layers)
    assert_labelled(ax)
    assert line_colors(ax) == {plotting.activation_color(n) for n in ("sigmoid", "tanh", "relu")}
    with pytest.raises(ValueError, match="positive"):
        plotting.plot_gradient_norms({"relu": [1.0, 0.0]})
    with pytest.raises(TypeError, match="non-empty dict"):
        plotting.plot_gradient_norms([1.0, 2.0])
    with pytest.raises(ValueError, match="1-D"):
        plotting.plot_gradient_norms({"relu": [[1.0]]})


class FakeHistory:
    """Stands in for keras.callbacks.History (the tests never import Keras)."""

    def __init__(self, history):
        self.history = history


def test_training_curves_accept_history_dict_and_list():
    runs = {"relu": FakeHistory({"loss": [0.7, 0.4, 0.3], "val_loss": [0.8, 0.5, 0.4]}),
            "sigmoid": {"loss": [0.7, 0.6, 0.55]}, "linear": [0.7, 0.69, 0.69]}
    ax = plotting.plot_training_curves(runs)
    assert len(ax.get_lines()) == 4  # relu has a validation curve
    assert [t.get_text() for t in ax.get_legend().get_texts()] == [
        "relu", "relu (validation)", "sigmoid", "linear"]
    assert ax.get_ylabel() == "loss" and ax.get_xlabel() == "epoch"
    assert line_colors(ax) <= PALETTE
    assert list(ax.get_lines()[0].get_xdata()) == [1, 2, 3]
    ax = plotting.plot_training_curves({"relu": FakeHistory({"accuracy": [0.5, 0.9]})}, metric="accuracy")
    assert ax.get_title().endswith("accuracy")


def test_legend_false_draws_no_legend_but_keeps_the_labels_for_a_figure_legend():
    X = np.array([[0.0, 0.0], [1.0, 1.0], [0.0, 1.0], [1.0, 0.0]])
    y = np.array([0, 1, 0, 1])
    ax = plotting.plot_decision_boundary(lambda g: (g[:, 0] > 0.5).astype(float), X, y,
                                         resolution=20, legend=False)
    assert ax.get_legend() is None
    assert ax.get_legend_handles_labels()[1] == ["boundary (P = 0.5)", "class 0", "class 1"]
    ax = plotting.plot_training_curves({"relu": [0.7, 0.3], "tanh": [0.7, 0.5]}, legend=False)
    assert ax.get_legend() is None
    assert ax.get_legend_handles_labels()[1] == ["relu", "tanh"]
    with pytest.raises(TypeError, match="legend"):
        plotting.plot_training_curves({"relu": [0.7]}, legend="no")


def test_training_curves_reject_bad_input():
    with pytest.raises(ValueError, match="no metric 'accuracy'"):
        plotting.plot_training_curves({"relu": {"loss": [1.0]}}, metric="accuracy")
    with pytest.raises(TypeError, match="non-empty dict"):
        plotting.plot_training_curves({})
    with pytest.raises(TypeError, match="str labels"):
        plotting.plot_training_curves({1: [1.0]})
    with pytest.raises(TypeError, match="metric as a str"):
        plotting.plot_training_curves({"relu": [1.0]}, metric=None)


def test_softmax_bars_heights_match_softmax_with_temperature():
    ax = plotting.plot_softmax_bars([1.0, 2.0, 3.0], temperature=1.0)
    heights = [p.get_height() for p in ax.patches]
    assert heights == pytest.approx([0.09003057317038046, 0.24472847105479764, 0.6652409557748218])
    assert_labelled(ax)
    assert {to_hex(p.get_facecolor()) for p in ax.patches} <= PALETTE
    hot = [p.get_height() for p in plotting.plot_softmax_bars([1.0, 2.0, 3.0], temperature=100.0).patches]
    assert max(hot) - min(hot) < 0.01  # high temperature: nearly uniform


@pytest.mark.parametrize("z, temperature, error, match", [
    ([1.0], 1.0, ValueError, "at least 2 scores"),
    ([[1.0, 2.0]], 1.0, ValueError, "1-D vector"),
    ([1.0, np.nan], 1.0, ValueError, "finite"),
    ([1.0, 2.0], 0.0, ValueError, "T > 0"),
    ([1.0, 2.0], "hot", TypeError, "temperature must be a real number"),
    ("abc", 1.0, TypeError, "plot_softmax_bars"),
])
def test_softmax_bars_reject_bad_input(z, temperature, error, match):
    with pytest.raises(error, match=match):
        plotting.plot_softmax_bars(z, temperature=temperature)


def test_importing_course_utils_does_not_import_matplotlib():
    import subprocess
    import sys

    code = "import sys, course_utils; print('matplotlib' in sys.modules, 'tensorflow' in sys.modules)"
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert result.stdout.split() == ["False", "False"]


# --- show(fig, alt): the figure with its alt text ---------------------------------------------

ALT = 'ReLU is 0 for z < 0 and rises with slope 1 after 0 ("the ramp") & more.'


class FakeKernelShell:
    """What show() needs of IPython in a kernel: a kernel, and the display formatter that the
    inline backend configures (PNG, bbox_inches="tight")."""

    def __init__(self, formats=("png",)):
        from IPython.core.formatters import DisplayFormatter
        from IPython.core.pylabtools import select_figure_formats

        self.kernel = object()
        self.display_formatter = DisplayFormatter()
        select_figure_formats(self, set(formats))


@pytest.fixture
def shown(monkeypatch):
    """Run show() as in a kernel; returns the list of (data, metadata) it displayed."""
    import IPython.display

    outputs = []
    shell = FakeKernelShell()
    monkeypatch.setattr(plotting, "_kernel_shell", lambda: shell)
    monkeypatch.setattr(IPython.display, "display",
                        lambda data, metadata=None, raw=False: outputs.append((data, metadata, raw)))
    return outputs


def small_figure():
    fig, ax = plt.subplots(figsize=(2.0, 1.5))
    ax.plot([0.0, 1.0], [0.0, 1.0], label="line")
    return fig


def test_show_displays_the_inline_png_with_the_alt_text_and_closes_the_figure(shown):
    from IPython.core.pylabtools import print_figure

    fig = small_figure()
    expected_png = print_figure(fig, "png", bbox_inches="tight", base64=True)  # what the inline backend shows
    plotting.show(fig, alt=ALT)
    [(data, metadata, raw)] = shown
    assert raw and data["image/png"] == expected_png
    assert data["text/plain"] == ALT  # not '<Figure size ...>'
    assert metadata["image/png"]["alt"] == ALT
    escaped = ALT.replace("&", "&amp;").replace("<", "&lt;").replace('"', "&quot;")
    assert data["text/html"] == f'<img src="data:image/png;base64,{expected_png}" alt="{escaped}"/>'
    assert not plt.fignum_exists(fig.number)  # closed: the inline backend will not show it again


def test_show_tidies_the_alt_texts_whitespace(shown):
    plotting.show(small_figure(), alt="  Two lines\n   of alt text.  ")
    assert shown[0][0]["text/plain"] == "Two lines of alt text."


def test_show_passes_width_and_height_of_retina_figures_to_the_html(monkeypatch, shown):
    shell = FakeKernelShell(formats=("retina",))
    monkeypatch.setattr(plotting, "_kernel_shell", lambda: shell)
    plotting.show(small_figure(), alt=ALT)
    data, metadata, _ = shown[0]
    width, height = metadata["image/png"]["width"], metadata["image/png"]["height"]
    assert data["text/html"].endswith(f' width="{width}" height="{height}"/>')
    assert metadata["image/png"]["alt"] == ALT


def test_show_accepts_the_bytes_older_ipython_returns(monkeypatch, shown):
    import base64

    class OldFormatter:  # IPython 7 (Colab): PNG as raw bytes
        def format(self, fig):
            return {"image/png": b"\x89PNG fake", "text/plain": "<Figure>"}, {}

    shell = FakeKernelShell()
    shell.display_formatter = OldFormatter()
    monkeypatch.setattr(plotting, "_kernel_shell", lambda: shell)
    plotting.show(small_figure(), alt=ALT)
    data = shown[0][0]
    encoded = base64.b64encode(b"\x89PNG fake").decode("ascii")
    assert data["image/png"] == encoded and f"base64,{encoded}" in data["text/html"]


def test_show_outside_a_kernel_calls_plt_show(monkeypatch):
    calls = []
    monkeypatch.setattr(plotting, "_kernel_shell", lambda: None)
    monkeypatch.setattr(plt, "show", lambda: calls.append("shown"))
    plotting.show(small_figure(), alt=ALT)
    assert calls == ["shown"]


@pytest.mark.parametrize("fig, alt, error, match", [
    ("figure", ALT, TypeError, "expects a Matplotlib Figure"),
    (None, ALT, TypeError, "got NoneType"),
    ("axes", ALT, TypeError, r"pass its figure, show\(ax.figure"),
    ("ok", None, ValueError, "needs alt="),
    ("ok", "", ValueError, "empty alt text"),
    ("ok", "  \n ", ValueError, "empty alt text"),
    ("ok", 42, TypeError, "alt as a str"),
])
def test_show_rejects_a_missing_alt_text_or_a_non_figure(shown, fig, alt, error, match):
    figure = small_figure()
    arg = {"ok": figure, "axes": figure.axes[0]}.get(fig, fig) if isinstance(fig, str) else fig
    with pytest.raises(error, match=match):
        plotting.show(arg, alt=alt)
    assert shown == []
