"""nnscratch: neural networks from first principles in NumPy.

The package behind the nnscratch textbook. Each module holds one idea:
``activations`` (non-linearities and their derivatives) and ``layers``
(the dense layer ``z = x @ W + b``).
"""

from nnscratch import activations, layers
from nnscratch.layers import dense

__version__ = "0.1.0"

__all__ = ["activations", "layers", "dense", "__version__"]
