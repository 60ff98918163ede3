"""nnscratch: neural networks from first principles in NumPy.

The package behind the nnscratch textbook. Each module holds one idea:
``activations`` (non-linearities and their derivatives), ``layers`` (the
dense layer ``z = x @ W + b``), ``losses`` (error measures and their
derivatives), ``gradcheck`` (derivatives by finite differences), ``network``
(the multilayer perceptron :class:`~nnscratch.network.MLP` and
backpropagation), ``optim`` (update rules), ``train`` (training loops and measures of
success) and ``datasets`` (real data from installed packages, and its
preparation).
"""

from nnscratch import activations, datasets, gradcheck, layers, losses, network, optim, train
from nnscratch.layers import dense
from nnscratch.network import MLP

__version__ = "0.1.0"

__all__ = [
    "activations",
    "layers",
    "losses",
    "gradcheck",
    "network",
    "optim",
    "train",
    "datasets",
    "dense",
    "MLP",
    "__version__",
]
