"""Measure the course's performance budgets on this machine, side by side, in one run.

    python tools/course.py bench [--skip-test-command]

Writes benchmarks/RESULTS.md, prints it, and exits with status 1 when a budget is missed (the
row says by how much). Run it on an otherwise idle machine: it measures wall-clock time.
"""
import json
import os
import platform
import statistics
import subprocess
import sys
import time

import nbformat
import numpy as np

from course import NOTEBOOK_DIRS, ROOT, environment
from execute import run_notebook

RESULTS = ROOT / "benchmarks" / "RESULTS.md"

NOTEBOOK_SECONDS, KERAS_NOTEBOOK_SECONDS, ALL_NOTEBOOKS_SECONDS = 15.0, 60.0, 180.0
NOTEBOOK_BYTES = 1_000_000
REDRAW_MS, REDRAW_CHANGES, BROWSER_SUITE_SECONDS = 150.0, 24, 300.0
EXPLORER_LESSON = "notebooks/04_plotting_explorer.ipynb"
IMPORT_SECONDS = 0.3
SITE_SECONDS, SITE_MB = 90.0, 40.0  # the website: build on 2 cores, and its whole size
GRADE_SUBMISSIONS, GRADE_SECONDS = 30, 90.0  # `course.py grade`: a class of one lesson
THROUGHPUT_RATIO = 2.0
N_VALUES = 10**6

# Appended to each notebook copy: what the kernel used, and whether TensorFlow was loaded.
PROBE = ("import json as _j, resource as _r, sys as _s\n"
         "print(_j.dumps({'peak_mb': _r.getrusage(_r.RUSAGE_SELF).ru_maxrss / 1024,"
         " 'tensorflow': 'tensorflow' in _s.modules}))")


class Report:
    """Markdown sections and the budgets missed along the way."""

    def __init__(self):
        self.lines, self.missed = [], []

    def section(self, title, header, rows, note=""):
        self.lines += [f"## {title}", ""] + ([note, ""] if note else [])
        self.lines += ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
        self.lines += ["| " + " | ".join(str(c) for c in row) + " |" for row in rows] + [""]

    def verdict(self, label, value, budget, unit=""):
        """'ok' or a mark saying by how much `value` misses `budget`, recording the miss."""
        if value <= budget:
            return "ok"
        self.missed.append(label)
        return f"**MISSED** by {value - budget:.3g}{unit} ({value / budget:.2f}× the budget)"


def time_notebook(path):
    nb = nbformat.read(path, as_version=4)
    nb.cells.append(nbformat.v4.new_code_cell(PROBE))
    start = time.perf_counter()
    run_notebook(nb, path)
    seconds = time.perf_counter() - start
    probe = json.loads(nb.cells[-1].outputs[0]["text"])
    return seconds, probe["peak_mb"], probe["tensorflow"]


def bench_notebooks(report):
    rows, total = [], 0.0
    for folder in NOTEBOOK_DIRS:
        for path in sorted((ROOT / folder).glob("[0-9][0-9]_*.ipynb")):
            name = f"{folder}/{path.name}"
            print(f"  {name} ...", flush=True)
            seconds, peak_mb, tensorflow = time_notebook(path)
            total += seconds
            budget = KERAS_NOTEBOOK_SECONDS if path.name.startswith("11_") else NOTEBOOK_SECONDS
            size = path.stat().st_size
            tf_ok = "ok" if tensorflow == path.name.startswith("11_") else report.verdict(
                f"{name} TensorFlow", 1, 0)
            rows.append([name, f"{seconds:.1f}", f"{budget:.0f}", report.verdict(f"{name} time", seconds, budget, " s"),
                         f"{peak_mb:.0f}", "yes" if tensorflow else "no", tf_ok, f"{size / 1024:.0f}",
                         report.verdict(f"{name} size", size / 1024, NOTEBOOK_BYTES / 1024, " KB")])
    rows.append(["**all notebooks, serial**", f"{total:.1f}", f"{ALL_NOTEBOOKS_SECONDS:.0f}",
                 report.verdict("all notebooks", total, ALL_NOTEBOOKS_SECONDS, " s"), "", "", "", "", ""])
    report.section("Notebooks: top to bottom on a fresh kernel",
                   ["notebook", "seconds", "budget", "time", "kernel peak MB", "TensorFlow imported",
                    "TF as expected", "KB", "size (< 1 MB)"], rows)


def bench_import(report):
    code = ("import sys, time; t = time.perf_counter(); import course_utils; "
            "print(time.perf_counter() - t, 'tensorflow' in sys.modules, 'keras' in sys.modules)")
    runs = [subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout.split()
            for _ in range(7)]
    seconds = statistics.median(float(r[0]) for r in runs)
    heavy = any(r[1] == "True" or r[2] == "True" for r in runs)
    report.section("`import course_utils`", ["median of 7 fresh interpreters (s)", "budget", "time",
                                             "imports TensorFlow or Keras"],
                   [[f"{seconds:.3f}", IMPORT_SECONDS, report.verdict("import time", seconds, IMPORT_SECONDS, " s"),
                     report.verdict("import TF", 1, 0) if heavy else "no"]])


BATCH_SECONDS = 0.05  # each timing covers this long at least, however fast one call is
ROUNDS = 7


def _calls_per_batch(fn):
    """How many calls of `fn` take BATCH_SECONDS: sub-millisecond calls, timed one by one,
    swing by 2x with the scheduler and the memory allocator."""
    fn()  # warm up (first-touch of memory, lazy imports)
    calls = 1
    while True:
        start = time.perf_counter()
        for _ in range(calls):
            fn()
        if time.perf_counter() - start >= BATCH_SECONDS:
            return calls
        calls *= 2


def _best_seconds(*fns):
    """Seconds per call of each of `fns`: the best of ROUNDS batches, the functions taking
    turns within each round, so a busy moment of the machine hits them alike."""
    plan = [(fn, _calls_per_batch(fn)) for fn in fns]
    best = [float("inf")] * len(fns)
    for _ in range(ROUNDS):
        for i, (fn, calls) in enumerate(plan):
            start = time.perf_counter()
            for _ in range(calls):
                fn()
            best[i] = min(best[i], (time.perf_counter() - start) / calls)
    return best


def _reference_implementations(x, scipy_special):
    """The best library equivalent of each activation and derivative (SciPy, else plain NumPy)."""
    expit, erf = scipy_special.expit, scipy_special.erf
    a, lam, alpha = 0.01, 1.0507009873554805, 1.6732632423543772
    neg = np.minimum(x, 0.0)
    return {
        "identity": (lambda: x.copy(), lambda: np.ones_like(x)),
        "step": (lambda: np.heaviside(x, 1.0), lambda: np.zeros_like(x)),
        "sigmoid": (lambda: expit(x), lambda: expit(x) * expit(-x)),
        "tanh": (lambda: np.tanh(x), lambda: 1.0 - np.tanh(x) ** 2),
        "arctan": (lambda: np.arctan(x), lambda: 1.0 / (1.0 + x * x)),
        "softsign": (lambda: x / (1.0 + np.abs(x)), lambda: 1.0 / (1.0 + np.abs(x)) ** 2),
        "relu": (lambda: np.maximum(x, 0.0), lambda: (x > 0).astype(np.float64)),
        "leaky_relu": (lambda: np.where(x > 0, x, a * x), lambda: np.where(x > 0, 1.0, a)),
        "elu": (lambda: np.where(x > 0, x, np.expm1(neg)), lambda: np.where(x > 0, 1.0, np.exp(neg))),
        "selu": (lambda: lam * np.where(x > 0, x, alpha * np.expm1(neg)),
                 lambda: np.where(x > 0, lam, lam * alpha * np.exp(neg))),
        "softplus": (lambda: np.logaddexp(0.0, x), lambda: expit(x)),
        "swish": (lambda: x * expit(x), lambda: expit(x) * (1.0 + x * expit(-x))),
        "gelu": (lambda: 0.5 * x * (1.0 + erf(x / np.sqrt(2))),
                 lambda: 0.5 * (1.0 + erf(x / np.sqrt(2))) + x * np.exp(-0.5 * x * x) / np.sqrt(2 * np.pi)),
        "mish": (lambda: x * np.tanh(np.logaddexp(0.0, x)),
                 lambda: np.tanh(np.logaddexp(0.0, x)) + x * expit(x) / np.cosh(np.logaddexp(0.0, x)) ** 2),
    }


def _keras_equivalents(keras, tf):
    acts = keras.activations
    return {"identity": acts.linear, "sigmoid": acts.sigmoid, "tanh": acts.tanh, "arctan": tf.math.atan,
            "softsign": acts.softsign, "relu": acts.relu, "leaky_relu": lambda t: acts.leaky_relu(t, 0.01),
            "elu": acts.elu, "selu": acts.selu, "softplus": acts.softplus, "swish": acts.silu,
            "gelu": acts.gelu, "mish": acts.mish, "softmax": acts.softmax, "log_softmax": acts.log_softmax}


def bench_throughput(report, keras, tf):
    from scipy import special

    from course_utils import activations as A

    x = np.random.default_rng(0).normal(scale=5.0, size=N_VALUES)
    z = x.reshape(1000, 1000)
    refs = _reference_implementations(x, special)
    refs["softmax"] = (lambda: special.softmax(z, axis=-1), None)
    refs["log_softmax"] = (lambda: special.log_softmax(z, axis=-1), None)
    ours = {name: (lambda act=act: act.fn(x), lambda act=act: act.grad(x)) for name, act in A.ACTIVATIONS.items()}
    ours["softmax"] = (lambda: A.softmax(z), None)
    ours["log_softmax"] = (lambda: A.log_softmax(z), None)
    keras_fns = _keras_equivalents(keras, tf) if keras else {}
    x_tf, z_tf = (tf.constant(x), tf.constant(z)) if tf else (None, None)

    rows = []
    for name, (fn, grad) in ours.items():
        for kind, mine, best in (("f", fn, refs[name][0]), ("f'", grad, refs[name][1])):
            if mine is None:
                continue
            t_mine, t_best = _best_seconds(mine, best)
            ratio = t_mine / t_best
            k = keras_fns.get(name) if kind == "f" else None
            keras_ratio = ""
            if k is not None:
                arg = z_tf if name in ("softmax", "log_softmax") else x_tf
                t_keras, = _best_seconds(lambda: k(arg).numpy())
                keras_ratio = f"{t_mine / t_keras:.2f}"
            rows.append([f"{name} {kind}", f"{t_mine * 1e3:.2f}", f"{t_best * 1e3:.2f}", f"{ratio:.2f}",
                         report.verdict(f"{name} {kind} throughput", ratio, THROUGHPUT_RATIO, "×"), keras_ratio])
    report.section(f"Activation throughput on 10^6 float64 values (per call, best of {ROUNDS} "
                   f"batches of ≥ {BATCH_SECONDS * 1e3:.0f} ms, taking turns)",
                   ["function", "course_utils ms", "best equivalent ms", "ratio", f"budget ≤ {THROUGHPUT_RATIO}×",
                    "ratio to keras.activations (CPU, float64)"], rows,
                   "Best equivalents: scipy.special (expit, erf, softmax, log_softmax), else NumPy. "
                   "The course's versions also validate their input and stay warning-free up to |x| = 1e4.")


def bench_scratch_vs_keras(report, keras):
    from course_utils import data, network

    X, y = data.moons(n=400, noise=0.2, seed=0)
    X_train, X_val, y_train, y_val = data.train_val_split(X, y, val_fraction=0.25, seed=0)
    target, max_epochs, lr = 0.95, 2000, 0.01

    start = time.perf_counter()
    model = network.MLP([2, 16, 16, 1], activation="relu", output="sigmoid", init="he", seed=0)
    history = network.train(model, X_train, y_train, epochs=max_epochs, lr=lr, optimizer="adam",
                            X_val=X_val, y_val=y_val, target_accuracy=target)
    t_numpy, e_numpy = time.perf_counter() - start, len(history["loss"])

    class StopAtTarget(keras.callbacks.Callback):
        def on_epoch_end(self, epoch, logs=None):
            if logs["val_accuracy"] >= target:
                self.model.stop_training = True

    keras.utils.set_random_seed(0)
    start = time.perf_counter()
    k_model = keras.Sequential([keras.Input(shape=(2,)), keras.layers.Dense(16, activation="relu"),
                                keras.layers.Dense(16, activation="relu"), keras.layers.Dense(1, activation="sigmoid")])
    k_model.compile(optimizer=keras.optimizers.Adam(lr), loss="binary_crossentropy", metrics=["accuracy"])
    k_history = k_model.fit(X_train, y_train, epochs=max_epochs, batch_size=len(X_train), verbose=0,
                            validation_data=(X_val, y_val), callbacks=[StopAtTarget()])
    t_keras, e_keras = time.perf_counter() - start, len(k_history.history["loss"])
    report.section(f"From-scratch NumPy MLP vs Keras: time to {target:.0%} validation accuracy",
                   ["model", "epochs", "seconds", "ratio (NumPy / Keras)"],
                   [["course_utils.network MLP 2-16-16-1, Adam, full batch", e_numpy, f"{t_numpy:.2f}", f"{t_numpy / t_keras:.3g}"],
                    ["Keras Sequential 2-16-16-1, Adam, full batch", e_keras, f"{t_keras:.2f}", "1.00"]],
                   "Two-moons data (400 points, noise 0.2, 25% validation), ReLU, learning rate 0.01.")


def bench_test_command(report):
    rows = []
    for label, workers in (("serial", ["-n", "0"]), ("pytest-xdist, 2 workers", ["-n", "2"])):
        print(f"  test command, {label} ...", flush=True)
        start = time.perf_counter()
        code = subprocess.run([sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", *workers],
                              cwd=ROOT, capture_output=True, text=True).returncode
        rows.append([label, f"{time.perf_counter() - start:.0f}", "passed" if code == 0 else f"exit code {code}"])
    report.section("The README's test command (after install)", ["run", "seconds", "result"], rows)


def bench_explorer_redraw(report):
    """In JupyterLab in Chromium: from a control change (its first DOM event) to the new plot
    image decoded, over REDRAW_CHANGES changes of the default view's controls in turn."""
    import browser

    with browser.served_copy() as root, browser.jupyterlab(root) as lab, browser.chromium() as context:
        page = context.new_page()
        browser.open_notebook(page, lab, EXPLORER_LESSON)
        browser.run_all_cells(page)
        browser.wait_until_idle(page)
        explorer = page.locator(browser.EXPLORER).first
        controls = [control for control, _ in browser.visible_controls(explorer)[1:]]  # not the view
        times = browser.redraw_milliseconds(explorer, [controls[i % len(controls)] for i in range(REDRAW_CHANGES)])
    median = statistics.median(times)
    report.section("Explorer redraw in the browser (lesson 04, JupyterLab, headless Chromium)",
                   ["changes", "median ms", "slowest ms", "budget ms", "time"],
                   [[len(times), f"{median:.0f}", f"{max(times):.0f}", f"{REDRAW_MS:.0f}",
                     report.verdict("explorer redraw", median, REDRAW_MS, " ms")]],
                   "Measured in the page with performance.now(): from the first DOM event of a change "
                   "(key press, click, selection) to the new plot image decoded; each visible control "
                   "of the default view in turn.")


def bench_site(report):
    """`course.py site`: the whole build (staging, Sphinx, copies) into a temporary folder."""
    import tempfile
    from pathlib import Path

    import website

    with tempfile.TemporaryDirectory(prefix="course-site-") as folder:
        seconds = website.build(site=Path(folder) / "site", source=Path(folder) / "source")
        megabytes = website.size_bytes(Path(folder) / "site") / 1e6
    report.section("The course as a website (`course.py site`, Sphinx with warnings as errors)",
                   ["seconds", "budget s", "time", "MB", "budget MB", "size"],
                   [[f"{seconds:.0f}", f"{SITE_SECONDS:.0f}", report.verdict("site build", seconds, SITE_SECONDS, " s"),
                     f"{megabytes:.1f}", f"{SITE_MB:.0f}", report.verdict("site size", megabytes, SITE_MB, " MB")]],
                   f"On {os.cpu_count()} cores, from the notebooks' stored outputs (nothing executed).")


def bench_grading(report):
    """`course.py grade` on GRADE_SUBMISSIONS submissions of lesson 03, as a class hands them in:
    a third solved, a third untouched, a third with one wrong function; 2 jobs."""
    import tempfile
    from pathlib import Path

    solved = json.loads((ROOT / "solutions" / "03_math.ipynb").read_text(encoding="utf-8"))
    untouched = json.loads((ROOT / "exercises" / "03_math.ipynb").read_text(encoding="utf-8"))
    wrong = json.loads(json.dumps(solved).replace("return f * (1 - f)", "return f * (1 + f)"))
    with tempfile.TemporaryDirectory(prefix="course-grade-bench-") as folder:
        for i in range(GRADE_SUBMISSIONS):
            name = Path(folder) / "class" / f"student{i:02d}" / "Copy of 03_math.ipynb"
            name.parent.mkdir(parents=True)
            name.write_text(json.dumps((solved, untouched, wrong)[i % 3]), encoding="utf-8")
        start = time.perf_counter()
        run = subprocess.run([sys.executable, str(ROOT / "tools" / "grade.py"), str(Path(folder) / "class"),
                              "--out", str(Path(folder) / "out"), "--jobs", "2"],
                             capture_output=True, text=True)
        seconds = time.perf_counter() - start
    report.section(f"Grading a class (`course.py grade`, {GRADE_SUBMISSIONS} submissions of lesson 03, 2 jobs)",
                   ["seconds", "budget", "time", "result"],
                   [[f"{seconds:.0f}", f"{GRADE_SECONDS:.0f}",
                     report.verdict("grading", seconds, GRADE_SECONDS, " s"),
                     "graded" if run.returncode == 0 else f"exit code {run.returncode}"]],
                   "A third of the notebooks solved, a third untouched, a third with one wrong "
                   "function; each runs in its own sandboxed process, the checks in the grader.")


def bench_browser_suite(report):
    print("  browser suite, pytest-xdist, 2 workers ...", flush=True)
    start = time.perf_counter()
    code = subprocess.run([sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "-n", "2",
                           "tests/browser"], cwd=ROOT, capture_output=True, text=True).returncode
    seconds = time.perf_counter() - start
    report.section("The browser suite (tests/browser/, after install)",
                   ["run", "seconds", "budget", "time", "result"],
                   [["pytest-xdist, 2 workers", f"{seconds:.0f}", f"{BROWSER_SUITE_SECONDS:.0f}",
                     report.verdict("browser suite", seconds, BROWSER_SUITE_SECONDS, " s"),
                     "passed" if code == 0 else f"exit code {code}"]])


def bench_browser(report):
    import browser

    missing = browser.missing_browser()
    if missing:
        print(f"{missing[0]}: the browser budgets were not measured; {missing[1]} to measure them.",
              flush=True)
        report.missed.append(f"browser budgets ({missing[0]})")
        return
    print("Explorer redraw in the browser ...", flush=True)
    bench_explorer_redraw(report)
    bench_browser_suite(report)


def main(args):
    os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
    os.environ.setdefault("TF_ENABLE_ONEDNN_OPTS", "0")
    report = Report()
    print("Notebooks ...", flush=True)
    bench_notebooks(report)
    print("import course_utils ...", flush=True)
    bench_import(report)
    if environment.tensorflow_released_for():
        import keras
        import tensorflow as tf
    else:  # the Keras rows need a Python that TensorFlow supports
        print(environment.python_problem(), flush=True)
        keras = tf = None
    print("Activation throughput ...", flush=True)
    bench_throughput(report, keras, tf)
    if keras:
        print("From scratch vs Keras ...", flush=True)
        bench_scratch_vs_keras(report, keras)
    print("The website ...", flush=True)
    bench_site(report)
    print("Grading a class ...", flush=True)
    bench_grading(report)
    bench_browser(report)
    if "--skip-test-command" not in args:
        bench_test_command(report)
    header = [
        "# Benchmark results", "",
        f"Measured by `python tools/course.py bench` on {os.cpu_count()} CPU cores, "
        f"Python {platform.python_version()}, NumPy {np.__version__}, "
        + (f"TensorFlow {tf.__version__}, Keras {keras.__version__}." if keras else
           "without TensorFlow (no Keras rows)."), "",
        "**All budgets met.**" if not report.missed else f"**Budgets missed: {', '.join(report.missed)}.**", "",
    ]
    text = "\n".join(header + report.lines)
    RESULTS.parent.mkdir(exist_ok=True)
    RESULTS.write_text(text, encoding="utf-8")
    print(text)
    return 1 if report.missed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
