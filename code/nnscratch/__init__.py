"""nnscratch: neural networks from first principles in NumPy.

The package behind the nnscratch textbook. Each module holds one idea:
``activations`` (non-linearities and their derivatives), ``layers`` (the
dense layer ``z = x @ W + b`` and a stack of them), ``perceptron`` (the step
unit and its learning rule), ``losses`` (error measures and their
derivatives), ``gradcheck`` (derivatives by finite differences), ``network``
(the multilayer perceptron :class:`~nnscratch.network.MLP` and
backpropagation), ``optim`` (update rules), ``schedules`` (learning rates
over the epochs), ``train`` (training loops and measures of
success) and ``datasets`` (real data from installed packages, and its
preparation).
"""

from nnscratch import activations, datasets, gradcheck, layers, losses, network, optim, perceptron, train
from nnscratch import schedules
from nnscratch.layers import dense, forward_layers
from nnscratch.network import MLP

__version__ = "0.1.0"

__all__ = [
    "activations",
    "layers",
    "perceptron",
    "losses",
    "gradcheck",
    "network",
    "optim",
    "schedules",
    "train",
    "datasets",
    "dense",
    "forward_layers",
    "MLP",
    "__version__",
]
