"""Checks for the exercises of Lesson 12 · Questions and answers."""
import numpy as np

from ..activations import softplus
from ._core import assert_close, call, fail, looks_like, run, task

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

OUTPUTS = {
    "binary": ("sigmoid", "one yes/no label: one unit with sigmoid gives P(class 1)."),
    "multi_label": ("sigmoid", "several labels can be on at once, so each gets its own sigmoid; "
                               "softmax would force them to compete (sum to 1)."),
    "multi_class": ("softmax", "exactly one of K classes: softmax gives K probabilities that sum to 1."),
    "regression": ("identity", "real-valued targets need an unbounded output: no activation "
                               "('identity' or 'linear'); sigmoid and tanh would cap the range."),
}
_SYNONYMS = {"linear": "identity", "none": "identity", "logistic": "sigmoid"}


def _as_dict(result, expected_keys, name):
    if not isinstance(result, dict):
        fail(f"{name}() returned {type(result).__name__}; expected a dict.",
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
    given = {q: str(a).strip().lower() if a is not None else "" for q, a in answers.items()}
    invalid = [q for q, a in given.items() if a not in "abcd" or len(a) != 1]
    if invalid:
        fail(f"the answer to {', '.join(invalid)} is not one of 'a', 'b', 'c', 'd'.",
             "answer each question with a single letter, e.g. {'q1': 'a', ...}.")
    wrong = [q for q, (right, _) in QUIZ.items() if given[q] != right]
    if wrong:
        first = wrong[0]
        fail(f"{len(wrong)} of {len(QUIZ)} answers are not right yet, starting with {first} "
             f"(you chose {given[first]!r}).", QUIZ[first][1][given[first]])
    return f"{len(QUIZ)} of {len(QUIZ)}"


@task("output activation per task")
def output_activations(output_activation_fn):
    """Check output_activation() maps each task type to its output activation."""
    answers = _as_dict(run(output_activation_fn), list(OUTPUTS), "output_activation")
    for kind, (right, hint) in OUTPUTS.items():
        value = answers[kind]
        name = str(value).strip().lower() if value is not None else "none"
        name = _SYNONYMS.get(name, name)
        if name != right:
            fail(f"for {kind!r} you chose {value!r}; that is not the right output activation.", hint)
    return "4 task types"


def bce_reference(z, y):
    """Binary cross-entropy of each example from its logit: softplus(z) - y z."""
    return softplus(z) - y * z


_STABLE_HINT = ("work from the logit: -[y log sigma(z) + (1 - y) log(1 - sigma(z))] simplifies to "
                "softplus(z) - y * z, and np.logaddexp(0, z) computes softplus(z) without overflow.")


@task("binary cross-entropy from logits")
def bce_from_logits(bce_fn):
    """Check bce_from_logits(z, y) = softplus(z) - y z, elementwise, finite for |z| up to 1000."""
    rng = np.random.default_rng(12)
    z = np.concatenate([rng.normal(scale=3.0, size=40), [0.0, 40.0, -40.0, 1000.0, -1000.0]])
    y = np.concatenate([rng.integers(0, 2, size=40).astype(float), [1.0, 0.0, 1.0, 0.0, 1.0]])
    got = call(bce_fn, z, y, shape=z.shape, warning_hint=_STABLE_HINT, shape_hint=(
        "return one loss per example (same shape as z): no mean or sum."))
    expected = bce_reference(z, y)
    if not np.all(np.isfinite(got)):
        fail("some losses are inf or nan (for large |z|).", _STABLE_HINT)
    assert_close(got, expected, z, label="z", hint=_STABLE_HINT, mistakes=[
        (looks_like(got, softplus(z) + y * z), "check the sign: the loss is softplus(z) - y * z."),
        (looks_like(got, softplus(z)), "the label matters: subtract y * z (for y = 1 the loss is softplus(-z))."),
        (looks_like(got, softplus(z) - (1 - y) * z),
         "that is the loss with the labels swapped: for y = 1 the loss should be small when z is large."),
    ])
    return f"checked {z.size} examples, including z = ±1000"
