"""Dense (fully connected) layers, one at a time or stacked.

The book's convention: a row of inputs ``x`` times a weight matrix ``W`` of
shape ``(n_in, n_out)``, so column ``j`` of ``W`` holds the weights into node
``j`` and a batch of rows ``X`` goes through the same product unchanged.
"""

import numpy as np

from nnscratch import _checks
from nnscratch.activations import get_activation, softmax


def dense(x, W, b=None):
    """Weighted sums of one dense layer: ``z = x @ W + b``.

    Parameters
    ----------
    x : array_like, shape (n_in,) or (N, n_in)
        One row of inputs, or a batch of N rows.
    W : array_like, shape (n_in, n_out)
        Column ``j`` holds the weights into node ``j``.
    b : array_like, shape (n_out,), optional
        One bias per node; zero when omitted.

    Returns
    -------
    z : ndarray, shape (n_out,) or (N, n_out)
        The dtype NumPy gives ``x @ W + b``: integer inputs and weights give
        integers, as in the seed examples.

    Raises
    ------
    ValueError
        If ``x``, ``W`` or ``b`` does not hold numbers, or their shapes do
        not fit together (the message names both shapes).
    """
    x, W = _checks.numeric_array(x, "x"), _checks.numeric_array(W, "W")
    if W.ndim != 2:
        raise ValueError(f"W must have shape (n_in, n_out), got shape {W.shape}")
    if x.ndim not in (1, 2) or x.shape[-1] != W.shape[0]:
        raise ValueError(
            f"x of shape {x.shape} does not fit W of shape {W.shape}: "
            f"x needs shape ({W.shape[0]},) or (N, {W.shape[0]})"
        )
    if b is not None:
        b = _checks.numeric_array(b, "b")
        if b.shape != (W.shape[1],):
            raise ValueError(
                f"b of shape {b.shape} does not fit W of shape {W.shape}: "
                f"b needs shape ({W.shape[1]},)"
            )
    return _dense(x, W, b)


def _dense(x, W, b=None):
    """:func:`dense` for checked arrays: the weighted sums ``x @ W + b``."""
    z = x @ W
    if b is None:
        return z
    return z + b


def _activation_function(activation, argument):
    """The function an activation argument names: a name, a callable or None."""
    if activation is None:
        return lambda z: z
    if callable(activation):
        return activation
    if activation == "softmax":
        return softmax
    try:
        return get_activation(activation)[0]
    except ValueError as error:
        raise ValueError(f"{argument}: {error}") from None


def forward_layers(x, weights, biases=None, hidden="relu", output=None):
    """Forward pass through a stack of dense layers, keeping every layer's values.

    Layer ``k`` (counting from 0) computes ``z[k] = a_prev @ weights[k] +
    biases[k]`` and ``a[k] = f(z[k])``, where ``a_prev`` is ``x`` for the
    first layer and ``a[k - 1]`` after it, and ``f`` is ``hidden`` for every
    layer but the last and ``output`` for the last.

    Parameters
    ----------
    x : array_like, shape (n_0,) or (N, n_0)
        One input row, or a batch of N rows.
    weights : sequence of array_like
        ``weights[k]`` has shape ``(n_k, n_{k+1})``: column ``j`` holds the
        weights into node ``j`` of layer ``k``.
    biases : sequence of (array_like or None), optional
        ``biases[k]`` has shape ``(n_{k+1},)``, or is None for a layer
        without bias. Omitted: no layer has a bias.
    hidden : str, callable or None, default "relu"
        The activation of every layer but the last: a name from
        :data:`nnscratch.activations.ELEMENTWISE`, ``"softmax"``, a function
        of one array, or None for none (``a = z`` unchanged).
    output : str, callable or None, default None
        The activation of the last layer, in the same forms. None leaves
        the output as the weighted sums, so integer examples stay integers.

    Returns
    -------
    z : list of ndarray
        ``z[k]`` has shape ``(n_{k+1},)`` or ``(N, n_{k+1})``: layer ``k``'s
        weighted sums.
    a : list of ndarray
        ``a[k]``, same shape as ``z[k]``: layer ``k``'s activations. The
        network's output is ``a[-1]``.

    Raises
    ------
    ValueError
        If there are no layers, ``biases`` has another length than
        ``weights``, a layer's shapes do not fit (the message names the layer),
        or an activation name is unknown.
    """
    if len(weights) == 0:
        raise ValueError("weights must hold at least one layer, got none")
    if biases is None:
        biases = [None] * len(weights)
    if len(biases) != len(weights):
        raise ValueError(f"biases has {len(biases)} layers but weights has {len(weights)}")
    hidden_f = _activation_function(hidden, "hidden")
    output_f = _activation_function(output, "output")

    z_values, a_values = [], []
    a = x
    for k, (W, b) in enumerate(zip(weights, biases)):
        try:
            z = dense(a, W, b)
        except ValueError as error:
            raise ValueError(f"layer {k}: {error}") from None
        a = output_f(z) if k == len(weights) - 1 else hidden_f(z)
        z_values.append(z)
        a_values.append(a)
    return z_values, a_values
