"""The course glossary (lesson 15): its entries, and the helpers that render and check them.

Imported only by the glossary lesson and the tests, never by `import course_utils`.

Each entry names a term, any other names the lessons use for it, a short definition, and the
section(s) that teach it, as `NN_topic.ipynb#Anchor`. Anchors are made from headings the way
JupyterLab makes them: the heading's text (inline Markdown removed) with spaces turned into
hyphens, case kept. The checks below work on whatever lessons sit in a folder: on Colab, where
the glossary is opened alone, they report that there is nothing to check instead of failing.

Regenerate the glossary cells of lesson 15 after editing ENTRIES (or renumbering the lessons,
whose files the L01 ... L14 constants below name):

    python -m course_utils.glossary notebooks/15_glossary.ipynb
"""
import json
import re
from pathlib import Path
from typing import NamedTuple

__all__ = ["Entry", "GROUPS", "ENTRIES", "NOTATION", "render_group", "render_glossary",
           "heading_anchor", "github_anchor", "lesson_sections", "bold_phrases",
           "term_candidates", "entry_for", "unlisted_terms", "check_links"]

NOTATION = "01_intuition.ipynb#Notation-used-throughout-the-course"
"""Lesson 01's box that fixes the notation (z = w·x + b, Z = XW + b with one column of W per neuron)."""


class Entry(NamedTuple):
    group: str
    term: str
    definition: str
    sections: tuple          # ("NN_topic.ipynb#Anchor", ...): where the course teaches it
    aliases: tuple = ()      # other names a lesson uses for the term (matched as whole words)


GROUPS = (
    "Neurons, layers and notation",
    "Activation functions",
    "Properties of activations",
    "Gradients and backpropagation",
    "Training and evaluation",
    "Outputs and losses",
    "Numerics and random numbers",
)

L01 = "01_intuition.ipynb#"
L02 = "02_history.ipynb#"
L03 = "03_math.ipynb#"
L04 = "04_plotting_explorer.ipynb#"
L05 = "05_worked_example.ipynb#"
L06 = "06_forward_pass.ipynb#"
L07 = "07_backward_pass.ipynb#"
L08 = "08_vanishing_gradients.ipynb#"
L09 = "09_dying_relu.ipynb#"
L10 = "10_why_nonlinearity.ipynb#"
L11 = "11_keras.ipynb#"
L12 = "12_gated_activations.ipynb#"
L13 = "13_low_precision.ipynb#"
L14 = "14_questions_answers.ipynb#"

G1, G2, G3, G4, G5, G6, G7 = GROUPS

ENTRIES = (
    # --- Neurons, layers and notation -----------------------------------------------------
    Entry(G1, "Neuron (unit)",
          "Computes a pre-activation z = w·x + b from its inputs and outputs a = φ(z). The output "
          "is a real number; \"firing\" is only a metaphor.",
          (L01 + "1.-A-neuron-in-two-steps",), ("neuron", "unit")),
    Entry(G1, "Weight",
          "A learned coefficient multiplying one input of a neuron (w in z = w·x + b). In the "
          "first layer the inputs are the data's features; deeper, the previous layer's activations.",
          (L01 + "1.-A-neuron-in-two-steps",), ("weights", "w")),
    Entry(G1, "Bias",
          "The learned constant b in z = w·x + b. It moves where along the input axis the "
          "activation bends or switches on.",
          (L01 + "3.-One-neuron,-one-input:-how-the-bias-moves-the-bend",)),
    Entry(G1, "Pre-activation",
          "z = w·x + b: what a neuron computes *before* its activation function. Saturation, "
          "kinks and dead units are statements about z.",
          (L01 + "1.-A-neuron-in-two-steps",)),
    Entry(G1, "Activation",
          "The output a = φ(z) of a neuron; a layer's activations are the next layer's inputs.",
          (L01 + "1.-A-neuron-in-two-steps",)),
    Entry(G1, "Activation function",
          "A fixed, usually elementwise, nonlinear function φ applied to pre-activations. "
          "Softmax and maxout are vector-valued exceptions.",
          (L01 + "1.-A-neuron-in-two-steps",), ("activations", "φ")),
    Entry(G1, "Layer (dense layer)",
          "Neurons that all see the same inputs. On a batch X of shape (n, n_in), one example per "
          "row, it computes Z = XW + b and A = φ(Z), with W of shape (n_in, n_out): one *column* "
          "of W and one entry of b per neuron (the course's convention, as in "
          "`course_utils.network`; see lesson 01's notation box).",
          (L06 + "5-·-From-one-neuron-to-a-layer", NOTATION), ("layer", "dense", "column")),
    Entry(G1, "Derivative (slope)",
          "φ′(z), the rate of change of φ at z. Backpropagation multiplies by it, so its size "
          "(and where it is 0) decides how well a unit learns. The course writes f′ in terms of f "
          "where it can, e.g. σ′ = σ(1 − σ).",
          (L03 + "1.-Notation,-and-why-we-write-f′-in-terms-of-f", NOTATION), ("derivative", "slope")),
    Entry(G1, "Continuous piecewise-linear function",
          "A continuous function made of straight pieces joined at kinks. Every ReLU or Leaky ReLU "
          "network computes one up to its output activation: sums and compositions of bent lines, "
          "which cannot jump.",
          (L01 + "4.-Why-the-activation-has-to-be-nonlinear",), ("continuous", "piecewise linear")),
    Entry(G1, "Hidden layer",
          "A layer between the input and the output layer. Its activation must be nonlinear, or "
          "it adds nothing a single affine map could not do.",
          (L10 + "3.-One-hidden-ReLU-layer-solves-XOR",)),
    Entry(G1, "Multilayer perceptron (MLP)",
          "A stack of dense layers with elementwise activations between them, ending in an output "
          "layer that produces logits.",
          (L07 + "3-·-A-two-layer-network-by-hand",), ("MLP", "network", "two-layer network")),
    Entry(G1, "Batch",
          "A set of examples processed together, stored as the rows of X; a mini-batch is the "
          "subset used for one update.",
          (L06 + "3-·-The-forward-pass-for-a-whole-batch",), ("mini-batch",)),
    Entry(G1, "Broadcasting",
          "NumPy's rule for combining arrays of different shapes, e.g. adding b of shape (n_out,) "
          "to every row of XW. Convenient, and silent when shapes line up by accident.",
          (L06 + "3-·-The-forward-pass-for-a-whole-batch",), ("broadcast",)),
    Entry(G1, "Forward pass",
          "Computing a network's output from its input, layer by layer: "
          "Z⁽ˡ⁾ = A⁽ˡ⁻¹⁾W⁽ˡ⁾ + b⁽ˡ⁾, A⁽ˡ⁾ = φ(Z⁽ˡ⁾).",
          (L06 + "3-·-The-forward-pass-for-a-whole-batch",
           L08 + "The-sigmoid-network's-forward-signal-dies-too"),
          ("forward signal",)),
    Entry(G1, "Affine map",
          "x ↦ xW + b: a linear map followed by a shift. Any stack of layers with identity "
          "activations is one affine map.",
          (L10 + "1.-Affine-layers-collapse",), ("affine", "affine piece")),
    Entry(G1, "Hyperplane",
          "The set {x : w·x + b = 0} with w ≠ 0: a line in 2-D, a plane in 3-D. It splits the "
          "input space into two half-spaces; a single unit's decision boundary is one.",
          (L10 + "1.-Affine-layers-collapse",)),
    Entry(G1, "Logistic regression",
          "A single sigmoid unit on the inputs, P(y = 1 | x) = σ(w·x + b), trained with binary "
          "cross-entropy. Its decision boundary is a hyperplane; a network without hidden "
          "nonlinearity is no more than this.",
          (L10 + "1.-Affine-layers-collapse",)),
    Entry(G1, "XOR",
          "Four points, (0, 0) and (1, 1) in one class and (0, 1) and (1, 0) in the other: the "
          "smallest problem no hyperplane separates, so it needs a hidden nonlinearity.",
          (L10 + "2.-XOR:-four-points-no-line-can-separate",)),

    # --- Activation functions ---------------------------------------------------------------
    Entry(G2, "Step (Heaviside) function",
          "1 for z ≥ 0 and 0 for z < 0 (the value at 0 is a convention). Its derivative is 0 "
          "wherever it exists, so it passes no gradient.",
          (L01 + "2.-Four-classic-choices,-side-by-side",), ("step", "Heaviside", "threshold")),
    Entry(G2, "Perceptron",
          "Rosenblatt's 1958 threshold (step) unit, trained with an error-driven rule that needs "
          "no derivative. One layer of them cannot represent XOR.",
          (L02 + "3.-Why-each-change-happened:-trainability",)),
    Entry(G2, "Identity (linear) activation",
          "φ(z) = z, with φ′ = 1. Right for regression outputs and for logits; in hidden layers "
          "it collapses the network to one affine map.",
          (L10 + "1.-Affine-layers-collapse",), ("identity", "linear", "deep linear")),
    Entry(G2, "Sigmoid (logistic function)",
          "σ(z) = 1 / (1 + e⁻ᶻ), values in (0, 1), σ′ = σ(1 − σ) ≤ ¼. Used for binary and "
          "multi-label outputs and for gates.",
          (L01 + "2.-Four-classic-choices,-side-by-side",), ("sigmoid", "logistic", "σ")),
    Entry(G2, "tanh",
          "tanh z = (eᶻ − e⁻ᶻ)/(eᶻ + e⁻ᶻ) = 2σ(2z) − 1, values in (−1, 1), zero-centred, "
          "tanh′ = 1 − tanh² ≤ 1.",
          (L01 + "2.-Four-classic-choices,-side-by-side",)),
    Entry(G2, "arctan",
          "tan⁻¹ z, values in (−π/2, π/2), zero-centred, derivative 1/(1 + z²) ≤ 1. It approaches "
          "its limits only like 1/z, far more slowly than tanh. Rare; in the course for comparison.",
          (L03 + "3.-Properties,-computed-rather-than-copied",)),
    Entry(G2, "Softsign",
          "z / (1 + |z|), values in (−1, 1), zero-centred, derivative 1/(1 + |z|)² ≤ 1. Like arctan "
          "it saturates polynomially, not exponentially. C¹: the second derivative jumps at 0.",
          (L03 + "3.-Properties,-computed-rather-than-copied",)),
    Entry(G2, "ReLU",
          "max(0, z). Derivative 1 for z > 0 and 0 for z < 0; the frameworks, and the course, use "
          "relu′(0) = 0.",
          (L01 + "2.-Four-classic-choices,-side-by-side",), ("rectifier",)),
    Entry(G2, "Leaky ReLU",
          "z for z > 0 and αz otherwise, with a small fixed slope α > 0: 0.01 in this course and "
          "PyTorch, 0.2 in `keras.activations.leaky_relu`, 0.3 in the `keras.layers.LeakyReLU` layer.",
          (L04 + "6.-One-parameter,-three-defaults:-the-Leaky-ReLU-slope",), ("leaky",)),
    Entry(G2, "PReLU",
          "Leaky ReLU whose negative slope a is learned with the weights (He et al. 2015): "
          "max(0, z) + a·min(0, z). PyTorch starts a at 0.25, Keras at 0 (plain ReLU).",
          (L09 + "5.-Remedies,-with-training-curves", L12 + "5.1-PReLU:-a-learned-negative-slope"),
          ("parametric ReLU",)),
    Entry(G2, "Squared ReLU",
          "ReLU(z)², with derivative 2·ReLU(z): continuous, so the function is C¹ (So et al. 2021, "
          "Primer, found it by search for transformer feed-forward layers).",
          (L12 + "5.2-Squared-ReLU",), ("squared ReLU",)),
    Entry(G2, "ReLU6",
          "min(max(0, z), 6): a ReLU capped at 6, so that outputs fit a small fixed-point range on "
          "phones; MobileNets use it.",
          (L12 + "5.3-ReLU6-and-hard-swish:-activations-for-phones",)),
    Entry(G2, "Hard-swish",
          "z·ReLU6(z + 3)/6: Swish with the sigmoid replaced by the piecewise-linear ReLU6(z + 3)/6, "
          "cheap without exp; within 0.142 of Swish, the largest gap at z = ±3 (MobileNetV3, "
          "Howard et al. 2019).",
          (L12 + "5.3-ReLU6-and-hard-swish:-activations-for-phones",), ("hard swish", "h-swish")),
    Entry(G2, "Kolmogorov–Arnold network (KAN)",
          "A network with learnable one-dimensional functions (splines) on its edges in place of "
          "fixed activations after weighted sums (Liu et al. 2024); a research direction, not yet a "
          "standard layer.",
          (L12 + "7.-At-the-research-frontier:-learnable-activation-functions",),
          ("Kolmogorov–Arnold network", "KAN")),
    Entry(G2, "ELU",
          "z for z > 0 and α(eᶻ − 1) otherwise (α = 1 by default); it saturates at −α for very "
          "negative z. For α = 1 it is C¹ at 0 (both slopes are 1) but not smooth: the second "
          "derivative jumps from 1 to 0.",
          (L03 + "2.-Every-activation:-formula-and-derivative",)),
    Entry(G2, "SELU",
          "λ·ELU with fixed α ≈ 1.6733 and λ ≈ 1.0507, chosen so that N(0, 1) inputs give outputs "
          "with mean 0 and variance 1. Not differentiable at 0 (left slope λα, right slope λ).",
          (L03 + "6.-SELU:-where-the-constants-come-from",), ("SELU constants",)),
    Entry(G2, "Softplus",
          "ln(1 + eᶻ): a smooth ReLU whose derivative is σ(z). Positive everywhere, never exactly 0.",
          (L03 + "3.-Properties,-computed-rather-than-copied",)),
    Entry(G2, "GELU",
          "z·Φ(z), with Φ the standard normal CDF; often computed with a tanh approximation (largest "
          "error 4.7·10⁻⁴). Not monotonic: minimum ≈ −0.170. Used in GPT and BERT.",
          (L04 + "4.-GELU:-exact-versus-the-tanh-approximation",)),
    Entry(G2, "SiLU (Swish)",
          "z·σ(βz); SiLU is β = 1. Not monotonic: minimum ≈ −0.278 at z ≈ −1.278.",
          (L03 + "2.-Every-activation:-formula-and-derivative",), ("SiLU", "Swish")),
    Entry(G2, "Mish",
          "z·tanh(softplus(z)). Not monotonic: minimum ≈ −0.309.",
          (L03 + "2.-Every-activation:-formula-and-derivative",)),
    Entry(G2, "Maxout",
          "The maximum of k learned affine pieces, h(x) = maxⱼ (x·wⱼ + bⱼ); only the winning piece "
          "receives gradient. It generalises ReLU and Leaky ReLU.",
          (L03 + "7.-Maxout:-the-maximum-of-learned-affine-pieces",)),
    Entry(G2, "Softmax",
          "softmax(z)ᵢ = e^(zᵢ) / Σⱼ e^(zⱼ): turns a score vector into a probability vector. "
          "Unchanged by adding a constant to every zⱼ, which is why stable code subtracts max(z).",
          (L03 + "5.-Softmax-and-its-Jacobian",)),
    Entry(G2, "Log-softmax",
          "log softmax(z)ᵢ = zᵢ − log Σⱼ e^(zⱼ), computed without forming softmax, so it stays "
          "finite where softmax underflows to 0.",
          (L07 + "2-·-Softmax-with-cross-entropy:-the-gradient-is-p-−-y",), ("log_softmax",)),
    Entry(G2, "Softmax temperature",
          "softmax(z / T) for T > 0: T > 1 flattens the distribution towards uniform, T < 1 "
          "sharpens it towards the argmax.",
          (L04 + "5.-Softmax-and-temperature", L03 + "10.-Log-sum-exp-and-temperature"), ("temperature",)),
    Entry(G2, "Log-sum-exp",
          "LSE(z) = log Σₖ e^(zₖ), a smooth maximum: max z ≤ LSE(z) ≤ max z + ln K. Its gradient is "
          "softmax(z). Computed as m + log Σₖ e^(zₖ − m) with m = max z, since the plain form "
          "overflows above z ≈ 709.78 in float64 (88.72 in float32, 11.09 in float16).",
          (L03 + "10.-Log-sum-exp-and-temperature",), ("log-sum-exp", "logsumexp", "LSE")),
    Entry(G2, "Gating (GLU, SwiGLU, LSTM)",
          "Multiplying one signal by an activation of another, e.g. SwiGLU's SiLU(xW) ⊙ (xV) in the "
          "feed-forward layers of PaLM, LLaMA and Mistral (GeGLU, with GELU, in Gemma). LSTM and GRU "
          "cells gate with sigmoids so that gradients survive many time steps.",
          (L12 + "1.-A-unit-that-multiplies-two-projections", L02 + "3.-Why-each-change-happened:-trainability",
           L08 + "6.-What-keeps-gradients-alive"),
          ("gating", "gate", "GLU", "SwiGLU", "GeGLU", "LSTM", "GRU")),

    # --- Properties of activations ----------------------------------------------------------
    Entry(G3, "Nonlinear",
          "Not of the form z ↦ cz + d. Hidden layers need nonlinear activations; otherwise the "
          "network collapses to one affine map.",
          (L01 + "4.-Why-the-activation-has-to-be-nonlinear",), ("nonlinearity", "non-linear")),
    Entry(G3, "Saturation",
          "An activation saturates where it approaches a horizontal asymptote, so φ′(z) → 0: sigmoid "
          "and tanh for large |z|, ELU and softplus for very negative z. In floating point φ′ becomes "
          "tiny, not 0: the course's `sigmoid.grad` gives 8.5·10⁻¹⁷ at z = 37 and underflows to 0 "
          "only beyond z ≈ 745. The textbook form σ(1 − σ) is exactly 0 from z ≈ 36.7 in float64 "
          "(16.6 in float32), because σ rounds to 1 there.",
          (L08 + "5.-Saturation:-when-a-derivative-is-exactly-zero",),
          ("saturate", "saturated", "saturating", "non-saturating")),
    Entry(G3, "Zero-centred",
          "Outputs symmetric about 0, so with mean 0 for symmetric inputs (tanh yes; sigmoid and "
          "ReLU no, their outputs are never negative).",
          (L03 + "3.-Properties,-computed-rather-than-copied",), ("zero-centring", "zero-centering")),
    Entry(G3, "Bias shift",
          "A non-zero mean in the activations a layer passes on (ReLU's is 1/√(2π) ≈ 0.399 for "
          "N(0, 1) inputs), which shifts the next layer's pre-activations. ELU's negative values "
          "reduce it; SELU removes it at its fixed point.",
          (L14 + "Q5.-Are-there-activations-\"better\"-than-ReLU?",)),
    Entry(G3, "Monotonic",
          "Never decreasing as z grows. Sigmoid, tanh, ReLU, ELU and SELU are, although tanh, ELU "
          "and SELU take negative values. GELU, SiLU and Mish are not: coming from −∞ they first "
          "decrease to a minimum, then increase (the dip).",
          (L03 + "3.-Properties,-computed-rather-than-copied",),
          ("monotonicity", "monotone", "non-monotonic", "dip", "negative dip")),
    Entry(G3, "Odd and even functions",
          "Odd: f(−z) = −f(z), as tanh, arctan and softsign; even: f(−z) = f(z), as the derivatives "
          "of odd functions. Sigmoid is odd about its centre: σ(−z) = 1 − σ(z).",
          (L03 + "3.-Properties,-computed-rather-than-copied",), ("odd", "even", "symmetry")),
    Entry(G3, "Steepest slope",
          "The largest value of φ′: ¼ for sigmoid, 1 for tanh and ReLU, about 1.129 for GELU and "
          "1.100 for SiLU. Slopes above 1 can grow a gradient.",
          (L03 + "3.-Properties,-computed-rather-than-copied",), ("slopes above 1", "above 1")),
    Entry(G3, "Kink",
          "A point where an activation is continuous but not differentiable, such as ReLU at 0; "
          "the slopes on the two sides differ.",
          (L03 + "9.-Kinks:-what-the-derivative-\"is\"-where-it-does-not-exist",)),
    Entry(G3, "Subgradient",
          "For convex f, a slope g with f(y) ≥ f(x) + g·(y − x) for all y. At ReLU's kink every g in "
          "[0, 1] qualifies; frameworks fix one value (relu′(0) = 0, leaky_relu′(0) = α).",
          (L03 + "9.-Kinks:-what-the-derivative-\"is\"-where-it-does-not-exist",)),
    Entry(G3, "Self-normalising",
          "A SELU network whose activations are pulled towards mean 0 and variance 1 layer after "
          "layer. Needs LeCun-normal initialisation, standardised inputs, dense layers, and "
          "AlphaDropout instead of dropout.",
          (L03 + "6.-SELU:-where-the-constants-come-from",), ("self-normalises", "self-normalizing", "fixed point", "AlphaDropout")),
    Entry(G3, "Sparsity",
          "Many activations exactly 0. In a ReLU layer a good share of the units is inactive on "
          "each example, which is normal.",
          (L09 + "1.-Inactive-is-normal,-dead-is-not",), ("sparse",)),
    Entry(G3, "Universal approximation theorem",
          "One hidden layer with a continuous, non-polynomial activation can approximate any "
          "continuous function on a compact set as closely as desired, given enough units (width "
          "unbounded). It guarantees existence, not that training finds the weights.",
          (L10 + "5.-How-far-can-nonlinearity-go?-Universal-approximation",),
          ("universal approximation", "non-polynomial", "compact", "compact set", "width", "existence")),

    # --- Gradients and backpropagation -------------------------------------------------------
    Entry(G4, "Chain rule",
          "(f∘g)′(x) = f′(g(x))·g′(x); for vector functions, a product of Jacobians. "
          "Backpropagation applies it from the loss backwards, layer by layer.",
          (L07 + "1-·-One-neuron,-one-example",)),
    Entry(G4, "Gradient",
          "∇L: the partial derivatives of the loss with respect to every parameter. It has the "
          "shape of its parameter and points uphill; training steps against it.",
          (L07 + "1-·-One-neuron,-one-example",)),
    Entry(G4, "Backpropagation (backward pass)",
          "Computing the gradient of the loss with respect to every parameter by the chain rule, "
          "from the loss back through the layers. With Z = XW + b, a gradient G of Z sends XᵀG to "
          "W, the column sums of G to b and GWᵀ back to X, multiplied by φ′ of the layer below.",
          (L07 + "3-·-A-two-layer-network-by-hand",), ("backpropagation", "backward pass", "backprop")),
    Entry(G4, "Computational graph",
          "The record an automatic-differentiation system keeps of a computation: every value "
          "links to the values it was computed from, with the local derivative of each step. "
          "Backpropagation walks it from the loss back to the inputs, in reverse topological order.",
          (L07 + "5-·-The-computational-graph:-automatic-differentiation-on-one-screen",)),
    Entry(G4, "Automatic differentiation (autodiff)",
          "Exact derivatives of a program, got by applying the chain rule to each recorded "
          "operation: neither symbolic algebra nor finite differences. Reverse mode (backpropagation) "
          "gives the gradient of one output with respect to every input in one backward pass.",
          (L07 + "5-·-The-computational-graph:-automatic-differentiation-on-one-screen",),
          ("automatic differentiation", "autodiff")),
    Entry(G4, "Vector–Jacobian product (VJP)",
          "Jᵀv for an upstream gradient v, computed without forming the Jacobian J; what "
          "backpropagation passes through every operation. For softmax p it is p ⊙ (v − p·v): O(K) "
          "work instead of the O(K²) of building J.",
          (L07 + "7-·-Softmax-inside-the-graph:-the-vector–Jacobian-product",),
          ("vector–Jacobian product", "vector-Jacobian product", "VJP")),
    Entry(G4, "Straight-through estimator",
          "A way to train through a step-like activation, whose derivative is 0 almost everywhere: "
          "the forward pass keeps the step, the backward pass pretends its derivative is 1 (or "
          "that of a smooth stand-in such as a clipped identity). Used for binary and quantised "
          "networks.",
          (L12 + "6.-Training-through-a-step:-the-straight-through-estimator",
           L14 + "Q3.-Why-must-an-activation-be-differentiable,-and-what-happens-at-kinks?"),
          ("STE",)),
    Entry(G4, "Jacobian",
          "The matrix of partial derivatives Jᵢⱼ = ∂fᵢ/∂zⱼ. Diagonal for elementwise activations; "
          "for softmax J = diag(s) − ssᵀ with s = softmax(z).",
          (L03 + "5.-Softmax-and-its-Jacobian",)),
    Entry(G4, "Spectral norm",
          "‖A‖₂, the largest singular value of a matrix: the most it can stretch a vector. "
          "It bounds how much one layer can grow a gradient, ‖δ⁽ˡ⁾‖ ≤ max|φ′|·‖W‖₂·‖δ⁽ˡ⁺¹⁾‖; "
          "softmax's Jacobian has spectral norm ≤ ½.",
          (L08 + "3.-What-the-1/4-bound-does-not-say",)),
    Entry(G4, "Vanishing gradient",
          "Gradients that shrink geometrically from the output towards the first layers, because "
          "each layer multiplies by φ′(z) (≤ ¼ for sigmoid) and by its weights; early layers then "
          "barely learn.",
          (L08 + "What-a-vanishing-gradient-does-to-learning",),
          ("vanishing", "vanish", "vanishes", "weight factor", "activation-derivative factor")),
    Entry(G4, "Exploding gradient",
          "The opposite: per-layer factors consistently above 1 (large weights, slopes above 1) "
          "make gradients grow geometrically and updates blow up.",
          (L08 + "6.-What-keeps-gradients-alive",), ("exploding", "explode", "explodes")),
    Entry(G4, "Gradient clipping",
          "Rescaling a gradient whose norm exceeds a threshold (or capping its entries) before the "
          "update: a remedy for exploding gradients, not for vanishing ones.",
          (L08 + "6.-What-keeps-gradients-alive",), ("clipping",)),
    Entry(G4, "Residual connection",
          "A skip path that adds a block's input to its output, a⁽ˡ⁺¹⁾ = a⁽ˡ⁾ + F(a⁽ˡ⁾), so the "
          "gradient has an identity path that bypasses the product of per-layer factors.",
          (L08 + "6.-What-keeps-gradients-alive",), ("residual", "skip connection")),
    Entry(G4, "Batch normalisation",
          "Standardising each unit's pre-activations over the mini-batch (mean 0, variance 1), then "
          "applying a learned scale and shift; keeps pre-activations where slopes are large.",
          (L08 + "6.-What-keeps-gradients-alive",), ("batch norm", "batchnorm", "normalisation layers",
                                                      "normalisation")),
    Entry(G4, "Layer normalisation",
          "The same standardisation across the units of a layer, for each example separately, so "
          "it does not depend on the batch; standard in transformers.",
          (L08 + "6.-What-keeps-gradients-alive",), ("layer norm", "layernorm")),
    Entry(G4, "Inactive unit",
          "A ReLU unit with z ≤ 0 on a particular example: it outputs 0 and passes no gradient for "
          "that example. Normal; the source of ReLU's sparsity.",
          (L09 + "1.-Inactive-is-normal,-dead-is-not",), ("inactive", "active")),
    Entry(G4, "Dead unit (dying ReLU)",
          "A ReLU unit with z ≤ 0 on every training example: its output is always 0 and the "
          "gradient of its incoming weights and bias is exactly 0, so gradient descent cannot "
          "revive it.",
          (L09 + "3.-Why-dead-is-permanent:-the-gradient-is-exactly-zero",),
          ("dead", "dying", "dying ReLU", "revive")),

    # --- Training and evaluation -------------------------------------------------------------
    Entry(G5, "Loss",
          "A number measuring how wrong the predictions are (e.g. cross-entropy, mean squared "
          "error); training lowers it.",
          (L07 + "1-·-One-neuron,-one-example",), ("target",)),
    Entry(G5, "Gradient descent",
          "The update θ ← θ − η∇L: a small step against the gradient of the loss.",
          (L07 + "One-step-downhill",)),
    Entry(G5, "Learning rate",
          "The step size η in θ ← θ − η∇L. Too large can diverge or kill ReLU units; too small "
          "learns slowly. The best value differs between activations, so fair comparisons tune it "
          "for each.",
          (L09 + "4.-Killing-units-with-a-large-learning-rate",)),
    Entry(G5, "Adam",
          "An optimiser (Kingma & Ba 2015) that divides each parameter's step by a running "
          "root-mean-square of its gradients, so a uniformly smaller gradient is largely rescaled "
          "away; the learning rate still matters.",
          (L11 + "3.-A-fair-comparison-needs-many-small-runs:-a-compact-training-loop",)),
    Entry(G5, "Initialisation",
          "How initial weights are drawn, with variance matched to the activation: Glorot "
          "(2/(fan_in + fan_out), for sigmoid and tanh), He (2/fan_in, for ReLU), LeCun "
          "(1/fan_in, for SELU). It keeps the layer's variance, not every unit alive.",
          (L08 + "6.-What-keeps-gradients-alive",),
          ("initialization", "Glorot", "He", "LeCun", "Xavier", "fan_in", "fan-in")),
    Entry(G5, "Epoch, full batch",
          "An epoch is one pass over the training data. Full-batch training uses every training "
          "example in each update, so one step is one epoch.",
          (L11 + "2.-One-model,-the-Keras-3-way",), ("epoch", "full-batch", "full batch")),
    Entry(G5, "Validation set",
          "Examples held out from training and used to *choose*: the learning rate, the "
          "activation, when to stop. Because choices are fitted to it, its score is optimistic.",
          (L11 + "1.-The-data:-two-moons,-with-a-validation-split",), ("validation", "held-out")),
    Entry(G5, "Test set",
          "Examples held out from training *and* from every choice, used once at the end for the "
          "final number; unlike the validation score, that number is not biased by the choices.",
          (L11 + "1.-The-data:-two-moons,-with-a-validation-split",)),
    Entry(G5, "Standardisation",
          "Shifting and scaling a quantity to mean 0 and variance 1: inputs before training, or "
          "pre-activations inside a normalisation layer.",
          (L03 + "6.-SELU:-where-the-constants-come-from",), ("standardise", "standardised", "standardize")),
    Entry(G5, "Decision boundary",
          "The inputs where a classifier's prediction switches class (P = 0.5 for a sigmoid "
          "output). Without hidden nonlinearity it is a hyperplane.",
          (L11 + "Decision-boundaries",)),
    Entry(G5, "Linearly separable",
          "Data whose classes one hyperplane separates perfectly, such as labels x₀ + x₁ > 1; "
          "XOR, circles and moons are not.",
          (L10 + "2.-XOR:-four-points-no-line-can-separate",)),
    Entry(G5, "Trainability",
          "Whether gradient descent can actually fit the network: it needs usable gradients, "
          "which is why smooth sigmoids replaced the step and non-saturating units replaced sigmoids.",
          (L02 + "3.-Why-each-change-happened:-trainability",)),

    # --- Outputs and losses ------------------------------------------------------------------
    Entry(G6, "Entropy",
          "H(p) = −Σᵢ pᵢ ln pᵢ (in nats; 0 ln 0 = 0): 0 for a one-hot p, ln K for the uniform one. "
          "It never decreases as a softmax's temperature grows.",
          (L03 + "10.-Log-sum-exp-and-temperature",), ("entropy",)),
    Entry(G6, "Logit",
          "(1) The inverse of the sigmoid, logit(p) = ln(p / (1 − p)) for p in (0, 1). (2) By "
          "extension, the raw scores a network outputs before a sigmoid or softmax.",
          (L03 + "8.-The-logit:-the-inverse-of-the-sigmoid",), ("logits",)),
    Entry(G6, "Output activation",
          "The function on the last layer: sigmoid for binary or multi-label, softmax for "
          "single-label multi-class, identity for regression.",
          (L14 + "Q6.-Which-output-activation-fits-which-task?",), ("output layer",)),
    Entry(G6, "Multi-class vs multi-label",
          "Multi-class: exactly one of K classes is true (softmax). Multi-label: any subset of K "
          "labels can be true (K independent sigmoids).",
          (L14 + "Q6.-Which-output-activation-fits-which-task?",),
          ("multi-class", "multi-label", "binary")),
    Entry(G6, "One-hot",
          "A target vector with 1 at the true class and 0 elsewhere.",
          (L07 + "2-·-Softmax-with-cross-entropy:-the-gradient-is-p-−-y",)),
    Entry(G6, "Cross-entropy",
          "The loss −Σₖ yₖ log pₖ; binary cross-entropy is −[y log p + (1 − y) log(1 − p)]. With "
          "softmax, its gradient with respect to the logits is p − y.",
          (L07 + "2-·-Softmax-with-cross-entropy:-the-gradient-is-p-−-y",),
          ("binary cross-entropy", "log loss")),
    Entry(G6, "from_logits",
          "The Keras loss argument saying whether predictions are logits (True) or probabilities "
          "(False, the default). Logits with from_logits=True is the numerically stable choice.",
          (L11 + "5.-Keras-defaults-that-differ-from-each-other",)),

    # --- Numerics and random numbers -----------------------------------------------------------
    Entry(G7, "Machine epsilon",
          "The gap between 1 and the next larger float: 2⁻⁵² ≈ 2.2·10⁻¹⁶ in float64, "
          "2⁻²³ ≈ 1.2·10⁻⁷ in float32. Every rounded result carries a relative error up to ε/2.",
          (L07 + "In-float32",), ("ε", "epsilon")),
    Entry(G7, "float32 and float64",
          "IEEE single and double precision (about 7 and 16 significant digits). Keras and PyTorch "
          "train in float32; NumPy, and gradient checks, use float64.",
          (L07 + "In-float32",), ("float32", "float64", "floating point", "precision")),
    Entry(G7, "float16",
          "IEEE half precision: 5 exponent and 10 mantissa bits, ε = 2⁻¹⁰ ≈ 9.8·10⁻⁴, largest value "
          "65504, smallest subnormal 6·10⁻⁸. e^z overflows above z ≈ 11.09 and the exact σ rounds to 1 "
          "from z ≈ 8.32.",
          (L13 + "1.-Four-formats",), ("half precision",)),
    Entry(G7, "bfloat16",
          "A 16-bit format with float32's 8 exponent bits and 7 mantissa bits: float32's range (up to "
          "3.4·10³⁸) with ε = 2⁻⁷ ≈ 0.0078; the exact σ rounds to 1 from z ≈ 6.24. Used to train on "
          "TPUs and recent GPUs; NumPy gets it from ml_dtypes.",
          (L13 + "1.-Four-formats", L13 + "7.-bfloat16-or-float16?")),
    Entry(G7, "Mixed precision",
          "Training with 16-bit matrix products and activations while the weights (a float32 master "
          "copy), the last softmax or sigmoid and the loss, computed from logits, stay in float32.",
          (L13 + "5.-Softmax-and-cross-entropy:-logits,-shifted,-in-float32",), ("mixed-precision",)),
    Entry(G7, "Loss scaling",
          "Multiplying the loss by S (a power of 2) before backpropagation so that small gradients do "
          "not round to 0 in float16, then dividing by S in float32; dynamic loss scaling lowers S "
          "after an overflow. bfloat16 does not need it.",
          (L13 + "6.-Loss-scaling:-gradients-below-float16's-smallest-subnormal",)),
    Entry(G7, "Underflow and overflow",
          "A result too small to represent becomes 0 (underflow); too large, inf (overflow). "
          "e^z overflows above z ≈ 709.8 in float64, which is why stable formulas subtract max(z).",
          (L08 + "5.-Saturation:-when-a-derivative-is-exactly-zero",), ("underflow", "overflow")),
    Entry(G7, "Rounding and truncation error",
          "Rounding error: from finite precision, about ε per operation, amplified to ≈ ε/h in a "
          "finite difference. Truncation error: from the formula itself, of order h² for a central "
          "difference. The best h balances the two (≈ ε^(1/3)).",
          (L07 + "In-float32",), ("rounding", "truncation")),
    Entry(G7, "Central difference",
          "(f(x + h) − f(x − h)) / 2h: a numerical derivative whose truncation error is of order h².",
          (L07 + "Checking-with-finite-differences",), ("finite difference", "finite differences")),
    Entry(G7, "Relative error",
          "|a − b| / max(|a|, |b|): an error measured against the size of the numbers, so 10⁻⁸ "
          "means eight matching digits whatever the scale.",
          (L07 + "Checking-with-finite-differences",), ("absolute error",)),
    Entry(G7, "Gradient check",
          "Comparing an analytic gradient with central differences, in float64, with h ≈ 10⁻⁵ "
          "and away from kinks (|z| > h·|xᵢ| for the perturbed weight).",
          (L07 + "Checking-with-finite-differences", L07 + "4-·-When-gradient-checking-fails,-and-why"),
          ("gradient checking", "check_gradient")),
    Entry(G7, "Seed",
          "The integer that fixes a random generator's sequence, so that a run can be repeated "
          "exactly; evidence for a trend needs several seeds.",
          (L06 + "1-·-A-single-neuron-with-seeded-random-parameters",), ("seeded",)),
    Entry(G7, "Random generators (PCG64, MT19937)",
          "NumPy's `default_rng` uses the PCG64 bit generator and the ziggurat method for normals; "
          "the legacy `np.random.seed`/`RandomState` uses MT19937 and the polar Box–Muller method, "
          "frozen to reproduce old numbers.",
          (L06 + "2-·-Why-np.random.default_rng(42)-gives-different-numbers",),
          ("PCG64", "MT19937", "Mersenne Twister", "ziggurat", "Box–Muller", "RandomState",
           "default_rng")),
)


# --- rendering ---------------------------------------------------------------------------------

def _link_text(section):
    """'08_vanishing_gradients.ipynb#6.-What-keeps...' -> '08 §6'; unnumbered sections by name."""
    lesson, _, anchor = section.partition("#")
    number = lesson[:2]
    heading = anchor.replace("-", " ")
    match = re.match(r"(Q?\d+)(?:\.|\s·)\s", heading)
    if section == NOTATION:
        return "01 notation"
    if match:
        return f"{number} §{match.group(1)}"
    return f"{number} · {heading}"


def render_group(group):
    """The Markdown of one group: a heading and one bullet per entry, alphabetical, with links."""
    lines = [f"### {group}", ""]
    for entry in sorted((e for e in ENTRIES if e.group == group), key=lambda e: e.term.lower()):
        links = ", ".join(f"[{_link_text(s)}]({s})" for s in entry.sections)
        lines.append(f"- **{entry.term}**: {entry.definition} → {links}")
    return "\n".join(lines)


def render_glossary():
    """The Markdown of every group, in course order."""
    return [render_group(group) for group in GROUPS]


# --- headings and anchors ----------------------------------------------------------------------

_INLINE = [(re.compile(r"!?\[([^\]]*)\]\([^)]*\)"), r"\1"),   # links and images -> their text
           (re.compile(r"`([^`]*)`"), r"\1"),                # code spans
           (re.compile(r"(\*\*|__)(.+?)\1"), r"\2"),          # bold
           (re.compile(r"(?<!\w)[*_](.+?)[*_](?!\w)"), r"\1")]  # italics


def _plain(markdown):
    for pattern, repl in _INLINE:
        markdown = pattern.sub(repl, markdown)
    return markdown.strip()


def heading_anchor(heading):
    """JupyterLab's anchor for a Markdown heading: its text with spaces made hyphens."""
    return _plain(heading.lstrip("#").strip()).replace(" ", "-")


def github_anchor(heading):
    """GitHub's anchor for a heading: lowercase, punctuation dropped, spaces made hyphens."""
    text = _plain(heading.lstrip("#").strip()).lower()
    return re.sub(r"[^\w\- ]", "", text).replace(" ", "-")


def _cells(notebook):
    return [(c["cell_type"], "".join(c["source"])) for c in notebook["cells"]]


def lesson_sections(notebook):
    """{JupyterLab anchor: section text} for a lesson: from its heading to the next heading of the
    same or a higher level, markdown and code. Headings inside code blocks are ignored."""
    sections, open_ = {}, []   # open_: [(level, anchor)]
    for cell_type, source in _cells(notebook):
        fenced = False
        for line in source.splitlines():
            if cell_type == "markdown" and line.startswith("```"):
                fenced = not fenced
            match = re.match(r"(#{1,6})\s+\S", line) if cell_type == "markdown" and not fenced else None
            if match:
                level = len(match.group(1))
                open_ = [(lv, a) for lv, a in open_ if lv < level]
                anchor = heading_anchor(line)
                sections.setdefault(anchor, "")
                open_.append((level, anchor))
            for _, anchor in open_:
                sections[anchor] += line + "\n"
    return sections


def _anchor_exists(notebook, anchor, sections=None):
    sections = lesson_sections(notebook) if sections is None else sections
    if anchor in sections:
        return True
    headings = [line for ct, src in _cells(notebook) if ct == "markdown"
                for line in src.splitlines() if re.match(r"#{1,6}\s", line)]
    if any(github_anchor(h) == anchor.lower() for h in headings):
        return True
    # A box may be titled in bold rather than with a heading (lesson 01's notation box):
    # tolerated, since the link still opens the right lesson.
    title = anchor.replace("-", " ").lower()
    bold = re.findall(r"\*\*(.+?)\*\*", "\n".join(s for ct, s in _cells(notebook) if ct == "markdown"))
    return any(_plain(b).rstrip(".:").lower() == title for b in bold)


# --- terms and whole-word matching -------------------------------------------------------------

def _words(text):
    """Lowercase words (split at anything but letters, digits and _), possessives and plurals removed."""
    text = re.sub(r"['’]s\b", "", _plain(text).lower())
    words = []
    for word in re.split(r"[^\w]+", text):
        if len(word) > 4 and word.endswith("ies"):
            word = word[:-3] + "y"
        elif len(word) > 3 and word.endswith("ses"):
            word = word[:-2]
        elif len(word) > 3 and word.endswith("s") and not word.endswith(("ss", "is", "as")):
            word = word[:-1]
        if word:
            words.append(word)
    return tuple(words)


def _names(entry):
    """Every name of an entry, as word tuples: the term, its parts, and its aliases."""
    names = {_words(entry.term)}
    head = re.sub(r"\s*\(.*?\)", "", entry.term)          # "Neuron (unit)" -> "Neuron"
    names.add(_words(head))
    for inner in re.findall(r"\((.*?)\)", entry.term):      # ... and "unit", "GLU, SwiGLU, LSTM"
        names.update(_words(part) for part in re.split(r",\s*", inner))
    names.update(_words(alias) for alias in entry.aliases)
    return {name for name in names if name}


_NAME_INDEX = None


def _index():
    global _NAME_INDEX
    if _NAME_INDEX is None:
        _NAME_INDEX = {}
        for entry in ENTRIES:
            for name in _names(entry):
                _NAME_INDEX.setdefault(name, entry)
    return _NAME_INDEX


# Words that may sit around a term without making a new term: "a **bad initialisation**",
# "**GELU with He**", "**one hidden layer**".
CONNECTORS = frozenset("a an the and or with vs versus of one two no not bad small smaller large "
                       "larger deep naive negative".split())


def entry_for(phrase):
    """The entry a (bold) phrase names, or None. The phrase must consist of whole entry names
    (longest first) and connector words, with at least one name: "ELU" never matches "ReLU"."""
    words, index = _words(phrase), _index()
    longest = max(len(name) for name in index)
    found, i = None, 0
    while i < len(words):
        for size in range(min(longest, len(words) - i), 0, -1):
            if words[i:i + size] in index:
                found = found or index[words[i:i + size]]
                i += size
                break
        else:
            if words[i] not in CONNECTORS:
                return None
            i += 1
    return found


def mentions(text, entry):
    """Whether text mentions the entry by one of its names, as whole words."""
    words = " " + " ".join(_words(text)) + " "
    return any(f" {' '.join(name)} " in words for name in _names(entry))


# Bold text that is not a term. Course structure, emphasis words, and the few bold phrases
# the lessons use to stress a point; review before adding to it.
NOT_TERMS = frozenset("""
learning objectives|prerequisites|estimated time|key takeaways|practice|quick quiz|self-check|
answer|answers|hint|question|claim|proof|derivation|conclusion|note|exercise|exercises|
not|no|every|all|and|or|only|exactly|some|never|always|can|is|both|zero|false|true|
absolute|approximation|disagree|graded|grows|left|right|rows|undiminished|measurable|
google colab|static figure|one cell|no axis labels|no derivatives|not stated|in this order|
for new work|order matters|without global state|a broadcasting trap|existence, not learnability|
not a polynomial|f-reuse form|popularised|enough units|naive|two|one|attracting|
kept, and attracting|no maximum|badly scaled|scale|one example|per example
""".replace("\n", "").split("|"))

_MATH = re.compile(r"[0-9=<>+−·′()ᵀᴸ²³⁻¹₀₁σφΣ∑|√]")


def bold_phrases(markdown):
    """Every **bold** phrase of a Markdown text, inline formatting removed."""
    return [_plain(b) for b in re.findall(r"\*\*(.+?)\*\*", markdown, flags=re.S)]


def term_candidates(markdown):
    """Bold phrases that should name a glossary term: not formulas or numbers, not sentences
    (four words or more), and not listed in NOT_TERMS."""
    out = []
    for phrase in bold_phrases(markdown):
        text = " ".join(phrase.split()).rstrip(".:?!,;").strip()
        if len(text) < 2 or _MATH.search(text) or len(text.split()) >= 4 or text.lower() in NOT_TERMS:
            continue
        out.append(text)
    return out


def _lessons(folder):
    return {p.name: json.loads(p.read_text(encoding="utf-8"))
            for p in sorted(Path(folder).glob("[0-9][0-9]_*.ipynb")) if not p.stem.endswith("_glossary")}


def unlisted_terms(folder="."):
    """{lesson file: [bold terms without a glossary entry]} for the lessons present in folder."""
    report = {}
    for name, notebook in _lessons(folder).items():
        markdown = "\n".join(src for ct, src in _cells(notebook) if ct == "markdown")
        missing = sorted({t for t in term_candidates(markdown) if entry_for(t) is None})
        if missing:
            report[name] = missing
    return report


class LinkReport(NamedTuple):
    checked: int            # links whose lesson file is present
    absent_lessons: tuple   # lesson files linked but not in the folder (e.g. on Colab)
    bad_anchors: tuple      # "term -> link": no such heading in that lesson
    not_mentioned: tuple    # "term -> link": the section never names the term (whole words)


def check_links(folder="."):
    """Check every entry's links against the lessons present in folder; absent lessons are listed,
    not treated as errors, so this works when the glossary is opened alone."""
    folder = Path(folder)
    notebooks, sections, checked, absent, bad, unnamed = {}, {}, 0, set(), [], []
    for entry in ENTRIES:
        for link in entry.sections:
            lesson, _, anchor = link.partition("#")
            if lesson not in notebooks:
                path = folder / lesson
                notebooks[lesson] = json.loads(path.read_text(encoding="utf-8")) if path.exists() else None
                sections[lesson] = lesson_sections(notebooks[lesson]) if notebooks[lesson] else {}
            if notebooks[lesson] is None:
                absent.add(lesson)
                continue
            checked += 1
            if not _anchor_exists(notebooks[lesson], anchor, sections[lesson]):
                bad.append(f"{entry.term} -> {link}")
            elif link != NOTATION and anchor in sections[lesson] and not mentions(sections[lesson][anchor], entry):
                unnamed.append(f"{entry.term} -> {link}")
    return LinkReport(checked, tuple(sorted(absent)), tuple(bad), tuple(unnamed))


# --- keeping the glossary lesson in step ----------------------------------------------------------

GLOSSARY_CELL_TAG = "glossary"


def update_notebook(path):
    """Rewrite the glossary cells of the glossary lesson (markdown cells tagged 'glossary') from ENTRIES."""
    import nbformat

    notebook = nbformat.read(path, as_version=4)
    cells = [c for c in notebook.cells if GLOSSARY_CELL_TAG in c.metadata.get("tags", [])]
    rendered = render_glossary()
    if len(cells) != len(rendered):
        raise ValueError(f"{path}: {len(cells)} cells tagged {GLOSSARY_CELL_TAG!r}, "
                         f"expected one per group ({len(rendered)})")
    for cell, source in zip(cells, rendered):
        cell.source = source
    nbformat.write(notebook, path)


if __name__ == "__main__":
    import sys

    for notebook_path in sys.argv[1:]:
        update_notebook(notebook_path)
