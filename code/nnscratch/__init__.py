"""nnscratch: neural networks from first principles in NumPy.

The package behind the nnscratch textbook. Each module holds one idea:
``activations`` (non-linearities and their derivatives), ``layers`` (the
dense layer ``z = x @ W + b`` and a stack of them), ``perceptron`` (the step
unit and its learning rule), ``losses`` (error measures and their
derivatives), ``gradcheck`` (derivatives by finite differences), ``network``
(the multilayer perceptron :class:`~nnscratch.network.MLP`, backpropagation,
and saving and loading), ``optim`` (update rules), ``schedules`` (learning rates over
the epochs), ``train`` (training loops
and measures of success), ``datasets`` (real data from installed packages,
and its preparation) and ``plotting`` (the book's figures, and plots of a
training history and of a classifier's decision regions; it needs
Matplotlib, ``pip install "nnscratch[plot]"``, and is imported on first use,
as ``nnscratch.plotting``).

A network in five lines::

    from nnscratch import MLP, load
    from nnscratch.train import fit

    net = MLP([4, 16, 3], seed=0)           # 4 inputs, 16 hidden units, 3 classes
    history = fit(net, X, labels, epochs=100, batch_size=16, optimizer="adam")
    net.save("iris.npz")                    # and load("iris.npz") reads it back
"""

import importlib

from nnscratch import (
    activations,
    datasets,
    gradcheck,
    layers,
    losses,
    network,
    optim,
    perceptron,
    schedules,
    train,
)
from nnscratch.layers import dense, forward_layers
from nnscratch.network import MLP, load

__version__ = "0.2.0"

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
    "load",
    "__version__",
]

# Imported when first used, so that `import nnscratch` needs NumPy alone.
_LAZY = {"plotting"}


def __getattr__(name):
    if name in _LAZY:
        return importlib.import_module(f"nnscratch.{name}")
    raise AttributeError(f"module 'nnscratch' has no attribute {name!r}")


def __dir__():
    return sorted(set(globals()) | _LAZY)
