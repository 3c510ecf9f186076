"""Reference activation functions and their derivatives, in float64 NumPy.

Every function accepts a Python number, a (nested) list or a NumPy array of any shape and
returns a float64 array of the same shape (a scalar gives a 0-d array). The formulas are
written to be stable: nothing overflows or warns for |x| up to 1e4, and the tails keep their
relative accuracy (for example sigmoid(-40) is 4.25e-18, not 0).

Conventions at kinks follow TensorFlow/Keras (and, except for SELU, PyTorch):
relu'(0) = 0, leaky_relu'(0) = alpha, step'(x) = 0 everywhere, selu'(0) = lambda.
"""
from dataclasses import dataclass, field
from typing import Callable

import numpy as np

from ._validation import as_float_array, bool_param, int_param, real_param

# The Leaky ReLU slope used throughout the course: the value of Maas et al. (2013) and PyTorch.
# Other defaults: tf.nn.leaky_relu and keras.activations.leaky_relu use 0.2,
# keras.layers.LeakyReLU uses 0.3. Always say which slope you mean.
LEAKY_RELU_SLOPE = 0.01

# SELU constants of Klambauer et al. (2017), float64.
SELU_ALPHA = 1.6732632423543772
SELU_LAMBDA = 1.0507009873554805

# c in the tanh approximation of GELU: sqrt(2/pi).
GELU_TANH_C = 0.7978845608028654
_GELU_TANH_K = 0.044715
_INV_SQRT2 = 0.7071067811865476
_INV_SQRT_2PI = 0.3989422804014327


@dataclass(frozen=True)
class Activation:
    """One elementwise activation: `fn`, its derivative `grad`, and what to show about it."""

    name: str
    title: str
    _fn: Callable = field(repr=False)
    _grad: Callable = field(repr=False)
    latex: str = field(repr=False)
    grad_latex: str = field(repr=False)
    output_range: tuple = field(repr=False)
    range_latex: str = field(repr=False)
    monotonic: bool = field(repr=False)
    zero_centred: bool = field(repr=False)
    smoothness: str = field(repr=False)
    defaults: dict = field(default_factory=dict, repr=False)

    def fn(self, x, **params):
        """f(x), elementwise."""
        return self._apply(self._fn, x, params, self.name)

    def grad(self, x, **params):
        """f'(x), elementwise (the framework convention at kinks)."""
        return self._apply(self._grad, x, params, f"{self.name}.grad")

    __call__ = fn

    def _apply(self, formula, x, params, label):
        arr = as_float_array(x, label, copy=False)  # every formula returns a new array
        unknown = set(params) - set(self.defaults)
        if unknown:
            accepted = ", ".join(self.defaults) or "no parameters"
            raise TypeError(
                f"{label}() got unexpected parameter(s) {', '.join(sorted(unknown))}; "
                f"it accepts: {accepted}."
            )
        values = {k: _param(params.get(k, v), v, k, label) for k, v in self.defaults.items()}
        with np.errstate(under="ignore"):
            # At least 1-D inside, so that in-place steps never meet a NumPy scalar.
            out = formula(np.atleast_1d(arr), **values)
        return np.asarray(out, dtype=np.float64).reshape(arr.shape)


def _param(value, default, name, label):
    if isinstance(default, bool):
        return bool_param(value, name, label)
    return real_param(value, name, label)


# --- stable building blocks -------------------------------------------------------------

def _special():
    # Imported on first use, not with the package: scipy.special takes ~0.2 s to import.
    import scipy.special

    return scipy.special


def _sigmoid(x):
    return _special().expit(x)  # stable in both tails, and one pass over the data


def _exp_minus_abs(x, scale=1.0):
    """exp(-scale |x|), in one new array: never overflows, since the exponent is <= 0."""
    e = np.abs(x)
    e *= -scale
    return np.exp(e, out=e)


def _sigmoid_grad(x):
    e = _exp_minus_abs(x)
    d = e + 1.0
    d *= d
    e /= d
    return e  # e / (1 + e)^2 = sigmoid(x) sigmoid(-x), accurate in both tails


def _sech2(x):
    e = _exp_minus_abs(x, 2.0)
    d = e + 1.0
    d *= d
    e *= 4.0
    e /= d
    return e  # 4 e / (1 + e)^2 with e = exp(-2|x|): 1 - tanh(x)^2 without cancellation


def _erfc(x):
    return _special().erfc(x)


def _softplus(x):
    return np.logaddexp(0.0, x)


def _leaky_relu(x, alpha):
    y = alpha * x
    # max(x, alpha x) is x for x > 0 and alpha x for x < 0 when alpha <= 1; min when alpha > 1.
    return np.maximum(x, y, out=y) if alpha <= 1 else np.minimum(x, y, out=y)


def _leaky_relu_grad(x, alpha):
    g = (x > 0).astype(np.float64)
    g *= 1.0 - alpha
    g += alpha  # 1 for x > 0, alpha for x <= 0
    return g


def _elu(x, alpha):
    return np.where(x > 0, x, alpha * np.expm1(np.minimum(x, 0.0)))


def _elu_grad(x, alpha):
    return np.where(x > 0, 1.0, alpha * np.exp(np.minimum(x, 0.0)))


def _selu(x):
    return SELU_LAMBDA * _elu(x, SELU_ALPHA)


def _selu_grad(x):
    # TensorFlow's convention at 0 is lambda (the right derivative); PyTorch returns lambda*alpha.
    return np.where(x < 0, SELU_LAMBDA * SELU_ALPHA * np.exp(np.minimum(x, 0.0)), SELU_LAMBDA)


def _swish(x, beta):
    return x * _sigmoid(beta * x)


def _swish_grad(x, beta):
    # sigma(bx) + bx sigma(bx) sigma(-bx), written so that no inf * 0 can appear.
    return _sigmoid(beta * x) * (1.0 + beta * x * _sigmoid(-beta * x))


def _gelu(x, approximate):
    if approximate:
        u = GELU_TANH_C * (x + _GELU_TANH_K * x**3)
        return x * _sigmoid(2.0 * u)  # = x/2 (1 + tanh u), without cancellation for u << 0
    return 0.5 * x * _erfc(-x * _INV_SQRT2)  # = x Phi(x), accurate in the left tail


def _gelu_grad(x, approximate):
    if approximate:
        u = GELU_TANH_C * (x + _GELU_TANH_K * x**3)
        du = GELU_TANH_C * (1.0 + 3.0 * _GELU_TANH_K * x**2)
        return _sigmoid(2.0 * u) + 2.0 * x * du * _sigmoid_grad(2.0 * u)
    pdf = _INV_SQRT_2PI * np.exp(-0.5 * x * x)
    return 0.5 * _erfc(-x * _INV_SQRT2) + x * pdf  # Phi(x) + x phi(x)


def _mish(x):
    return x * np.tanh(_softplus(x))


def _mish_grad(x):
    sp = _softplus(x)
    return np.tanh(sp) + x * _sigmoid(x) * _sech2(sp)


def _arctan_grad(x):
    with np.errstate(over="ignore"):  # x*x = inf for |x| > 1e154 gives the right limit, 0
        d = x * x
    d += 1.0
    return np.reciprocal(d, out=d)


def _softsign_grad(x):
    d = np.abs(x)
    d += 1.0
    d *= d
    return np.reciprocal(d, out=d)


# --- the catalogue ----------------------------------------------------------------------

_INF = float("inf")

ACTIVATIONS = {
    a.name: a
    for a in [
        Activation(
            "step", "Step (Heaviside)",
            lambda x: (x >= 0).astype(np.float64),
            np.zeros_like,
            r"f(x) = \begin{cases} 1 & x \ge 0 \\ 0 & x < 0 \end{cases}",
            r"f'(x) = 0 \quad (x \ne 0;\ \text{undefined at } 0,\ \text{we return } 0)",
            (0.0, 1.0), r"\{0, 1\}", True, False, "discontinuous",
        ),
        Activation(
            "identity", "Identity",
            np.copy,
            np.ones_like,
            r"f(x) = x", r"f'(x) = 1",
            (-_INF, _INF), r"(-\infty, \infty)", True, True, "C∞",
        ),
        Activation(
            "sigmoid", "Sigmoid",
            _sigmoid, _sigmoid_grad,
            r"f(x) = \sigma(x) = \frac{1}{1 + e^{-x}}",
            r"f'(x) = f(x)\,\bigl(1 - f(x)\bigr)",
            (0.0, 1.0), r"(0, 1)", True, False, "C∞",
        ),
        Activation(
            "tanh", "Tanh",
            np.tanh, _sech2,
            r"f(x) = \tanh x = \frac{e^{x} - e^{-x}}{e^{x} + e^{-x}}",
            r"f'(x) = 1 - f(x)^2",
            (-1.0, 1.0), r"(-1, 1)", True, True, "C∞",
        ),
        Activation(
            "arctan", "Arctan",
            np.arctan, _arctan_grad,
            r"f(x) = \arctan x", r"f'(x) = \frac{1}{1 + x^2} = \cos^2 f(x)",
            (-np.pi / 2, np.pi / 2), r"(-\tfrac{\pi}{2}, \tfrac{\pi}{2})", True, True, "C∞",
        ),
        Activation(
            "softsign", "Softsign",
            lambda x: x / (1.0 + np.abs(x)), _softsign_grad,
            r"f(x) = \frac{x}{1 + |x|}", r"f'(x) = \frac{1}{(1 + |x|)^2} = \bigl(1 - |f(x)|\bigr)^2",
            (-1.0, 1.0), r"(-1, 1)", True, True, "C¹",
        ),
        Activation(
            "relu", "ReLU",
            lambda x: np.maximum(x, 0.0),
            lambda x: (x > 0).astype(np.float64),
            r"f(x) = \max(0, x)",
            r"f'(x) = \begin{cases} 1 & x > 0 \\ 0 & x \le 0 \end{cases}",
            (0.0, _INF), r"[0, \infty)", True, False, "C⁰",
        ),
        Activation(
            "leaky_relu", "Leaky ReLU",
            _leaky_relu, _leaky_relu_grad,
            r"f(x) = \begin{cases} x & x > 0 \\ \alpha x & x \le 0 \end{cases}",
            r"f'(x) = \begin{cases} 1 & x > 0 \\ \alpha & x \le 0 \end{cases}",
            (-_INF, _INF), r"(-\infty, \infty)", True, False, "C⁰",
            {"alpha": LEAKY_RELU_SLOPE},
        ),
        Activation(
            "elu", "ELU",
            _elu, _elu_grad,
            r"f(x) = \begin{cases} x & x > 0 \\ \alpha (e^{x} - 1) & x \le 0 \end{cases}",
            r"f'(x) = \begin{cases} 1 & x > 0 \\ f(x) + \alpha & x \le 0 \end{cases}",
            (-1.0, _INF), r"(-\alpha, \infty)", True, False, "C¹ (α = 1), else C⁰",
            {"alpha": 1.0},
        ),
        Activation(
            "selu", "SELU",
            _selu, _selu_grad,
            r"f(x) = \lambda \begin{cases} x & x > 0 \\ \alpha (e^{x} - 1) & x \le 0 \end{cases}",
            r"f'(x) = \begin{cases} \lambda & x \ge 0 \\ f(x) + \lambda\alpha & x < 0 \end{cases}",
            (-SELU_LAMBDA * SELU_ALPHA, _INF), r"(-\lambda\alpha, \infty)", True, False, "C⁰",
        ),
        Activation(
            "softplus", "Softplus",
            _softplus, _sigmoid,
            r"f(x) = \ln(1 + e^{x})", r"f'(x) = \sigma(x) = 1 - e^{-f(x)}",
            (0.0, _INF), r"(0, \infty)", True, False, "C∞",
        ),
        Activation(
            "swish", "Swish / SiLU",
            _swish, _swish_grad,
            r"f(x) = x\,\sigma(\beta x)",
            r"f'(x) = \beta f(x) + \sigma(\beta x)\,\bigl(1 - \beta f(x)\bigr)",
            (-0.2784645427610738, _INF), r"[-0.2785, \infty) \text{ for } \beta = 1",
            False, False, "C∞",
            {"beta": 1.0},
        ),
        Activation(
            "gelu", "GELU",
            _gelu, _gelu_grad,
            r"f(x) = x\,\Phi(x) = \tfrac{x}{2}\bigl(1 + \operatorname{erf}(x/\sqrt{2})\bigr)",
            r"f'(x) = \Phi(x) + x\,\varphi(x) = \frac{f(x)}{x} + x\,\varphi(x)",
            (-0.16997120747990363, _INF), r"[-0.1700, \infty)", False, False, "C∞",
            {"approximate": False},
        ),
        Activation(
            "mish", "Mish",
            _mish, _mish_grad,
            r"f(x) = x \tanh\bigl(\ln(1 + e^{x})\bigr)",
            r"f'(x) = \frac{f(x)}{x} + x\,\sigma(x)\Bigl(1 - \bigl(\tfrac{f(x)}{x}\bigr)^2\Bigr)",
            (-0.30884341301725043, _INF), r"[-0.3088, \infty)", False, False, "C∞",
        ),
    ]
}

# Module-level names, so that `from course_utils.activations import relu` gives relu(x), relu.grad(x).
step = ACTIVATIONS["step"]
identity = ACTIVATIONS["identity"]
sigmoid = ACTIVATIONS["sigmoid"]
tanh = ACTIVATIONS["tanh"]
arctan = ACTIVATIONS["arctan"]
softsign = ACTIVATIONS["softsign"]
relu = ACTIVATIONS["relu"]
leaky_relu = ACTIVATIONS["leaky_relu"]
elu = ACTIVATIONS["elu"]
selu = ACTIVATIONS["selu"]
softplus = ACTIVATIONS["softplus"]
swish = ACTIVATIONS["swish"]
gelu = ACTIVATIONS["gelu"]
mish = ACTIVATIONS["mish"]


# --- vector-valued activations ------------------------------------------------------------

def _vector_input(z, func_name, axis):
    arr = as_float_array(z, func_name)
    if arr.ndim == 0:
        raise ValueError(f"{func_name}() needs a vector or array of scores, not a single number.")
    axis = int_param(axis, "axis", func_name)
    if not -arr.ndim <= axis < arr.ndim:
        raise ValueError(
            f"{func_name}() got axis={axis}, but the input has shape {arr.shape} "
            f"(valid axes: {-arr.ndim} to {arr.ndim - 1})."
        )
    if arr.shape[axis] == 0:
        raise ValueError(f"{func_name}() needs at least one score along axis {axis}.")
    return arr, axis


def softmax(z, axis=-1):
    """softmax(z)_i = exp(z_i) / sum_j exp(z_j) along `axis` (max-subtracted, so never overflows)."""
    arr, axis = _vector_input(z, "softmax", axis)
    # Plainly: e = exp(z - max z); return e / sum(e). Done in place on the one new array that
    # z - max z creates, which saves two array-sized temporaries (about a third of the time).
    e = arr - arr.max(axis=axis, keepdims=True)
    np.exp(e, out=e)
    with np.errstate(under="ignore"):
        e /= e.sum(axis=axis, keepdims=True)
    return e


def _max_and_log_sum_exp(arr, axis):
    """(m, z - m, log sum exp(z - m)) along `axis`, all with keepdims, for m = max z: every
    exponent is <= 0 and the largest is 0, so the sum lies in [1, K] and nothing overflows."""
    m = arr.max(axis=axis, keepdims=True)
    shifted = arr - m
    with np.errstate(under="ignore"):
        return m, shifted, np.log(np.exp(shifted).sum(axis=axis, keepdims=True))


def logsumexp(z, axis=-1):
    """log(sum_j exp(z_j)) along `axis`, which is removed from the shape (a vector gives a 0-d array).

    A smooth maximum: max z <= logsumexp(z) <= max z + log K for K scores; its gradient is
    softmax(z). Computed as m + log(sum_j exp(z_j - m)) with m = max z, so it stays finite for
    scores far beyond the 709.78 at which exp overflows in float64.
    """
    arr, axis = _vector_input(z, "logsumexp", axis)
    m, _, log_sum = _max_and_log_sum_exp(arr, axis)
    return np.squeeze(m + log_sum, axis=axis)


def log_softmax(z, axis=-1):
    """log(softmax(z)) computed as z - logsumexp(z): finite even where softmax underflows to 0."""
    arr, axis = _vector_input(z, "log_softmax", axis)
    _, shifted, log_sum = _max_and_log_sum_exp(arr, axis)
    return shifted - log_sum  # (z - m) - log sum: more accurate than z - (m + log sum)


def softmax_jacobian(z):
    """J[i, j] = d softmax(z)_i / d z_j = s_i (delta_ij - s_j), i.e. diag(s) - s s^T, for 1-D z."""
    arr = as_float_array(z, "softmax_jacobian")
    if arr.ndim != 1:
        raise ValueError(f"softmax_jacobian() needs a 1-D vector of scores; got shape {arr.shape}.")
    s = softmax(arr)
    return np.diag(s) - np.outer(s, s)


def _maxout_input(z, pieces, func_name):
    arr = as_float_array(z, func_name)
    pieces = int_param(pieces, "pieces", func_name, minimum=1)
    if arr.ndim == 0 or arr.shape[-1] % pieces:
        raise ValueError(
            f"{func_name}() needs a last axis whose length is a multiple of pieces={pieces} "
            f"(units * pieces affine outputs); got shape {arr.shape}."
        )
    return arr.reshape(arr.shape[:-1] + (arr.shape[-1] // pieces, pieces))


def maxout(z, pieces):
    """Maxout: split the last axis of z into groups of `pieces` affine outputs, keep each group's max.

    z holds the affine pieces w_j.x + b_j, so z.shape[-1] = units * pieces and the result has
    units on its last axis.
    """
    return _maxout_input(z, pieces, "maxout").max(axis=-1)


def maxout_grad(z, pieces):
    """d maxout / d z: 1 for the winning piece of each group (the first one on ties), else 0."""
    groups = _maxout_input(z, pieces, "maxout_grad")
    winner = groups.argmax(axis=-1)[..., None]
    onehot = (np.arange(groups.shape[-1]) == winner).astype(np.float64)
    return onehot.reshape(np.shape(z))


# --- gated activations (GLU family) ----------------------------------------------------------
# A gated unit multiplies two projections of the same input: y = a ⊙ φ(b). The "value" a passes
# through unchanged and the "gate" φ(b) scales it. In a layer, a = xW and b = xV come from two
# weight matrices; here z holds both side by side, [a, b], along `axis` (the convention of
# torch.nn.functional.glu and keras.activations.glu), so z has twice the width of y.
# Dauphin et al. (2017) gate with the sigmoid (GLU); Shazeer (2020) tried other gates: ReLU (ReGLU),
# GELU (GeGLU) and Swish with beta = 1 (SwiGLU, used by PaLM, LLaMA and Mistral; Gemma uses GeGLU).

GATES = {"glu": "sigmoid", "reglu": "relu", "geglu": "gelu", "swiglu": "swish"}


def _gated_halves(z, gate, func_name, axis):
    if gate not in GATES:
        raise ValueError(f"{func_name}() knows the gates {', '.join(GATES)}; got {gate!r}.")
    arr, axis = _vector_input(z, func_name, axis)
    if arr.shape[axis] % 2:
        raise ValueError(f"{func_name}() splits z into two equal halves [a, b] along axis {axis}, "
                         f"so that axis needs an even length; got shape {arr.shape}.")
    a, b = np.split(arr, 2, axis=axis)
    return a, b, ACTIVATIONS[GATES[gate]], axis


def gated(z, gate="swiglu", axis=-1):
    """y = a ⊙ φ(b) for z = [a, b] split in half along `axis`; φ is the gate's activation."""
    a, b, phi, _ = _gated_halves(z, gate, "gated", axis)
    return a * phi(b)


def gated_grad(z, gate="swiglu", axis=-1):
    """The two partial derivatives of each output, by the product rule, laid out like z:

    ∂y_k/∂a_k = φ(b_k) in the first half and ∂y_k/∂b_k = a_k φ′(b_k) in the second.
    Output k depends only on its own pair (a_k, b_k), so backpropagation needs nothing else:
    dL/dz = [g, g] ⊙ gated_grad(z) for the upstream gradient g = dL/dy.
    """
    a, b, phi, axis = _gated_halves(z, gate, "gated_grad", axis)
    return np.concatenate([phi(b), a * phi.grad(b)], axis=axis)


def glu(z, axis=-1):
    """GLU (Dauphin et al. 2017): a ⊙ σ(b) for z = [a, b]."""
    return gated(z, "glu", axis)


def reglu(z, axis=-1):
    """ReGLU (Shazeer 2020): a ⊙ ReLU(b) for z = [a, b]."""
    return gated(z, "reglu", axis)


def geglu(z, axis=-1):
    """GeGLU (Shazeer 2020): a ⊙ GELU(b) for z = [a, b] (exact GELU)."""
    return gated(z, "geglu", axis)


def swiglu(z, axis=-1):
    """SwiGLU (Shazeer 2020): a ⊙ Swish(b) = a ⊙ b σ(b) for z = [a, b]."""
    return gated(z, "swiglu", axis)


def logit(p):
    """The inverse of the sigmoid, log(p / (1 - p)) for p in [0, 1] (±inf at the ends)."""
    arr = as_float_array(p, "logit")
    if np.any((arr < 0) | (arr > 1)):
        raise ValueError("logit() is defined for probabilities in [0, 1]; got values outside it.")
    with np.errstate(divide="ignore"):
        return np.log(arr) - np.log1p(-arr)


def logit_grad(p):
    """d logit / dp = 1 / (p (1 - p)), smallest (4) at p = 1/2."""
    arr = as_float_array(p, "logit_grad")
    if np.any((arr < 0) | (arr > 1)):
        raise ValueError("logit_grad() is defined for probabilities in [0, 1]; got values outside it.")
    with np.errstate(divide="ignore"):
        return 1.0 / (arr * (1.0 - arr))
