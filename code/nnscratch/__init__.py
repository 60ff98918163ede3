"""nnscratch: neural networks from first principles in NumPy.

The package behind the nnscratch textbook. Each module holds one idea:
``activations`` (non-linearities and their derivatives), ``layers``
(the dense layer ``z = x @ W + b`` and a stack of them) and ``perceptron``
(the step unit and its learning rule).
"""

from nnscratch import activations, layers, perceptron
from nnscratch.layers import dense, forward_layers

__version__ = "0.1.0"

__all__ = ["activations", "layers", "perceptron", "dense", "forward_layers", "__version__"]
