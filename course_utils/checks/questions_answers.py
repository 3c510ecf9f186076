"""Checks for the exercises of Lesson 14 · Questions and answers."""
import numpy as np

from ..activations import softplus
from ._core import as_array, assert_close, describe, fail, looks_like, run, shape_mismatch_hint, task

# Multiple choice: the right option per question, and for each wrong option the misconception.
QUIZ = {
    "q1": ("b", {
        "a": "a network without activations still learns: it is linear (or logistic) regression.",
        "c": "without activations every stack of layers collapses to one affine map, "
             "W2 (W1 x + b1) + b2 = (W2 W1) x + (W2 b1 + b2); depth adds nothing.",
        "d": "only a nonlinear activation makes depth add expressive power; identity layers collapse "
             "to one affine map.",
    }),
    "q2": ("c", {
        "a": "there is one factor sigma'(z) <= 0.25 per layer, and the factors multiply: 0.25**10.",
        "b": "'75 % less per layer' misreads the bound: sigma' <= 0.25 per layer, so the product of "
             "10 factors is at most 0.25**10, about 9.5e-7.",
        "d": "the weights matter too, but the activation factors alone are bounded by 0.25 per layer.",
    }),
    "q3": ("b", {
        "a": "dead means z <= 0 on every training example; being off on some examples is normal sparsity.",
        "c": "saturation is about smooth functions such as sigmoid flattening out; ReLU is exactly 0 "
             "for z <= 0, and 'inactive' is the word for that.",
        "d": "exploding gradients grow from layer to layer; an inactive unit passes no gradient at all.",
    }),
    "q4": ("c", {
        "a": "that is the value in some blog posts and of clamp-style hand-written ReLUs, but "
             "TensorFlow, Keras and PyTorch's relu all return 0 at exactly 0.",
        "b": "0.5 is the midpoint of the subdifferential [0, 1]; frameworks pick 0.",
        "d": "frameworks never return NaN at the kink: they use a fixed subgradient, 0 for ReLU.",
    }),
    "q5": ("a", {
        "b": "softmax depends on the difference of the scores: softmax([z1, z2])_1 = "
             "1 / (1 + exp(z2 - z1)) = sigmoid(z1 - z2).",
        "c": "write softmax([z1, z2])_1 = exp(z1) / (exp(z1) + exp(z2)) and divide by exp(z1).",
        "d": "no temperature is involved: with T = 1 the identity is exact.",
    }),
    "q6": ("b", {
        "a": "Keras losses default to from_logits=False: they expect probabilities; pass "
             "from_logits=True when the last layer outputs logits.",
        "c": "Keras cannot tell logits from probabilities; it trusts the from_logits argument, "
             "whose default is False (probabilities).",
        "d": "binary cross-entropy labels are 0 and 1; the question is about the predictions.",
    }),
}

# The output activation per task type; for each wrong choice, why it does not fit that task.
OUTPUTS = {
    "binary": ("sigmoid", {
        "softmax": "softmax over a single output unit always gives 1; one yes/no label needs one "
                   "unit with sigmoid, which gives P(spam).",
        None: "the output is a probability P(spam) between 0 and 1: one unit with sigmoid.",
    }),
    "multi_label": ("sigmoid", {
        "softmax": "several labels can be on at once, so each gets its own sigmoid; softmax would "
                   "force them to compete (sum to 1).",
        None: "each of the 20 topics needs its own probability between 0 and 1, independent of the "
              "others: one sigmoid per output unit.",
    }),
    "multi_class": ("softmax", {
        "sigmoid": "sigmoid gives each class its own probability, and they need not sum to 1; for "
                   "exactly one of K classes, softmax gives K probabilities that sum to 1.",
        None: "exactly one of K classes: softmax gives K probabilities that sum to 1.",
    }),
    "regression": ("identity", {
        "relu": "relu cannot output negative values, and temperatures can be below 0 °C: use no "
                "activation ('identity' or 'linear').",
        None: "real-valued targets need an unbounded output: no activation ('identity' or "
              "'linear'); sigmoid, tanh and softmax squash the range.",
    }),
}
ACTIVATION_NAMES = ("sigmoid", "softmax", "identity", "relu", "tanh")
_SYNONYMS = {"linear": "identity", "none": "identity", "logistic": "sigmoid"}


def _as_dict(result, expected_keys, name):
    if not isinstance(result, dict):
        fail(f"{name}() returned {describe(result)}; expected a dict.",
             "return a dict such as {" + ", ".join(f"'{k}': ..." for k in expected_keys) + "}.")
    missing = [k for k in expected_keys if k not in result]
    extra = [k for k in result if k not in expected_keys]
    if missing or extra:
        fail(f"{name}() returned keys {sorted(map(str, result))}; expected exactly {list(expected_keys)}.",
             "keep the keys as given" + (f"; missing: {', '.join(missing)}" if missing else "")
             + (f"; unexpected: {', '.join(map(str, extra))}" if extra else "") + ".")
    return result


@task("multiple choice")
def multiple_choice(answers_fn):
    """Check answers() == the right option per question, with a hint about the first mistake."""
    answers = _as_dict(run(answers_fn), list(QUIZ), "answers")
    for question, answer in answers.items():
        if answer is Ellipsis:  # the template's `...`, left where an answer belongs
            fail(f"the answer to {question} is still the template's `...`.",
                 "replace each ... with one letter, e.g. {'q1': 'a', ...}.")
        if not isinstance(answer, str) or answer.strip().lower() not in ("a", "b", "c", "d"):
            fail(f"the answer to {question} is {answer!r}, not one of 'a', 'b', 'c', 'd'.",
                 "answer each question with a single letter as a string, e.g. {'q1': 'a', ...}.")
    given = {q: a.strip().lower() for q, a in answers.items()}
    wrong = [q for q, (right, _) in QUIZ.items() if given[q] != right]
    if wrong:
        first = wrong[0]
        fail(f"{first}: you chose {given[first]!r}, which is not right; {len(wrong)} of "
             f"{len(QUIZ)} answers are not right yet ({', '.join(wrong)}).",
             QUIZ[first][1][given[first]])
    return f"{len(QUIZ)} of {len(QUIZ)}"


@task("output activation per task")
def output_activations(output_activation_fn):
    """Check output_activation() maps each task type to its output activation."""
    answers = _as_dict(run(output_activation_fn), list(OUTPUTS), "output_activation")
    for kind, (right, why_not) in OUTPUTS.items():
        value = answers[kind]
        if value is Ellipsis:
            fail(f"for {kind!r} you left the template's `...`.",
                 f"replace each ... with the name of an activation: {', '.join(ACTIVATION_NAMES)}.")
        if value is not None and not isinstance(value, str):
            fail(f"for {kind!r} you gave an object of type {type(value).__name__}; expected the "
                 "activation's name as a string.",
                 f"write the name in quotes, one of {', '.join(map(repr, ACTIVATION_NAMES))}.")
        name = (value or "none").strip().lower()
        name = _SYNONYMS.get(name, name)
        if name not in ACTIVATION_NAMES:
            fail(f"for {kind!r} you gave {value!r}, which is not one of the activations offered.",
                 f"use one of {', '.join(map(repr, ACTIVATION_NAMES))} (check the spelling).")
        if name != right:
            fail(f"for {kind!r} you chose {value!r}; that is not the right output activation.",
                 why_not.get(name, why_not[None]))
    return "4 task types"


def bce_reference(z, y):
    """Binary cross-entropy of each example from its logit: softplus(z) - y z."""
    return softplus(z) - y * z


_STABLE_HINT = ("work from the logit: -[y log sigma(z) + (1 - y) log(1 - sigma(z))] simplifies to "
                "softplus(z) - y * z, and np.logaddexp(0, z) computes softplus(z) without overflow.")
_WARNING_HINT = (_STABLE_HINT + " If you used np.where: it computes both of its branches for every "
                 "element, so np.exp overflows even in the branch it does not choose.")
# The notebook's example below the task, and the losses it prints.
EXAMPLE_Z, EXAMPLE_Y = np.array([-2.0, 0.0, 3.0, 40.0]), np.array([1.0, 1.0, 1.0, 0.0])
LARGE = 30.0  # |z| from which exp(z) or sigma(z) in float64 needs care


def _bce_cases():
    """(z, y): random logits with random labels, the notebook's example, and large logits of both
    signs with both labels (a confident prediction, right or wrong)."""
    rng = np.random.default_rng(12)
    large = np.array([40.0, 710.0, 1000.0, 1e5])
    z = np.concatenate([rng.normal(scale=3.0, size=30), EXAMPLE_Z, np.repeat(large, 2),
                        np.repeat(-large, 2)])
    y = np.concatenate([rng.integers(0, 2, size=30).astype(float), EXAMPLE_Y,
                        np.tile([0.0, 1.0], 2 * large.size)])
    return z, y


def _run_stable(bce_fn, z, y):
    """run() the student's function; an OverflowError (math.exp of a large number) gets the
    hint on stability."""
    try:
        return run(bce_fn, z, y, warning_hint=_WARNING_HINT)
    except AssertionError as err:
        problem = str(err).partition("\nHint: ")[0]
        if "raised OverflowError" in problem:
            fail(problem, _STABLE_HINT)
        raise


@task("binary cross-entropy from logits")
def bce_from_logits(bce_fn):
    """Check bce_from_logits(z, y) = softplus(z) - y z, elementwise, also for large logits of
    both signs with either label."""
    z, y = _bce_cases()
    what = f"bce_from_logits(z, y) with z of shape {z.shape}"
    got = as_array(_run_stable(bce_fn, z, y), what=what)
    if got.shape != z.shape:
        copied = looks_like(got, bce_reference(EXAMPLE_Z, EXAMPLE_Y), rtol=0, atol=5e-5)
        fail(f"{what} returned {'a single number' if got.ndim == 0 else f'shape {got.shape}'}; "
             f"expected one loss per example, shape {z.shape}.",
             "those are the losses of the notebook's example, whatever z and y are: compute "
             "them from z and y." if copied else shape_mismatch_hint(got.shape, z.shape))
    expected = bce_reference(z, y)
    moderate = np.abs(z) < LARGE
    assert_close(got, expected, np.column_stack([z, y]), label="(z, y)", rows=True,
                 hint=_STABLE_HINT, mistakes=[
        (not np.all(np.isfinite(got)), "some losses are inf or nan: " + _STABLE_HINT),
        (looks_like(got, softplus(z) + y * z), "check the sign: the loss is softplus(z) - y * z."),
        (looks_like(got, softplus(z)),
         "the label matters: subtract y * z (for y = 1 the loss is softplus(-z))."),
        (looks_like(got, softplus(z) - (1 - y) * z),
         "that is the loss with the labels swapped: for y = 1 the loss should be small when z is large."),
        (looks_like(got[moderate], expected[moderate]),
         f"right for |z| < {LARGE:g} but wrong for large |z|: clipping z or the probability "
         "changes the loss there; " + _STABLE_HINT),
    ])
    return f"checked {z.size} examples, including z = ±1000 and ±1e5 with both labels"
