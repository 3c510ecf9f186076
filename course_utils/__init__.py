"""Helpers shared by the notebooks of 'Activation Functions in Neural Networks'.

Importing the package is fast and never imports TensorFlow. Submodules that need Matplotlib or
ipywidgets (plotting, widgets) load when you import them: `from course_utils import plotting`.
"""
from .activations import ACTIVATIONS, log_softmax, softmax, softmax_jacobian
from .environment import check_environment

__version__ = "0.1.0"
__all__ = ["ACTIVATIONS", "softmax", "log_softmax", "softmax_jacobian", "check_environment"]
