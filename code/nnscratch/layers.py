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
        raise ValueError(
            f"W must have shape (n_in, n_out), got shape {W.shape}"
        )
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
        raise ValueError(
            f"biases has {len(biases)} layers but weights has {len(weights)}"
        )
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


def dropout_mask(shape, p, rng, dtype=np.float64):
    """A mask of inverted dropout: each entry 0 with probability ``p``, else ``1 / (1 -
    p)``.

    Multiplying a layer's activations by the mask drops each unit with
    probability ``p`` and scales the kept ones up, so that the expected
    value of every activation stays what it was without dropout.

    Parameters
    ----------
    shape : tuple of int
        ``(N, n_units)``: one row per example, one column per unit.
    p : float
        The drop probability, in [0, 1).
    rng : numpy.random.Generator
        The source of randomness (``np.random.default_rng(seed)``).
    dtype : float dtype, default numpy.float64

    Returns
    -------
    ndarray, shape ``shape``, dtype ``dtype``

    Raises
    ------
    ValueError
        If ``p`` is outside [0, 1) or ``rng`` is not a NumPy Generator.
    """
    p = _checks.fraction(p, "p")
    if not isinstance(rng, np.random.Generator):
        raise ValueError(
            f"rng must be a numpy.random.Generator (np.random.default_rng(seed)), "
            f"got {type(rng).__name__}"
        )
    return _dropout_mask(shape, p, rng, dtype)


def _dropout_mask(shape, p, rng, dtype):
    keep = rng.random(shape) >= p  # each unit kept with probability 1 - p
    return (keep / (1 - p)).astype(dtype, copy=False)


def batch_norm(Z, gamma, beta, eps=1e-5):
    """Batch normalisation of weighted sums, in training mode.

    Each column of ``Z`` is standardised over the batch, then scaled and
    shifted: ``out = gamma * (Z - mean) / sqrt(var + eps) + beta``, with the
    mean and the (biased) variance of each column over the N rows.

    Parameters
    ----------
    Z : array_like, shape (N, D)
        A batch of N rows of D weighted sums.
    gamma, beta : array_like, shape (D,)
        The scale and the shift of each column.
    eps : float, default 1e-5
        Added to the variance, so that a constant column does not divide by 0.

    Returns
    -------
    out : ndarray, shape (N, D)
    cache : tuple
        ``(Z_hat, gamma, inv_std, mean, var)``: the standardised batch, the
        scale and ``1 / sqrt(var + eps)``, which
        :func:`batch_norm_backward` needs, and each column's mean and
        variance over the batch, shape (D,), for running averages.

    Raises
    ------
    ValueError
        If ``Z`` is not a finite 2-D float array with at least one row, if
        ``gamma`` or ``beta`` does not have shape ``(D,)`` or is not finite,
        or if ``eps`` is not a finite number > 0.
    """
    Z = _checks.float_array(Z, "Z")
    if Z.ndim != 2:
        raise ValueError(f"Z must have shape (N, D), got shape {Z.shape}")
    _checks.check_not_empty(Z, "Z", "row")
    gamma = _checks.float_array(gamma, "gamma", dtype=Z.dtype)
    beta = _checks.float_array(beta, "beta", dtype=Z.dtype)
    for name, value in (("gamma", gamma), ("beta", beta)):
        if value.shape != (Z.shape[1],):
            raise ValueError(
                f"{name} of shape {value.shape} does not fit Z of shape {Z.shape}: "
                f"{name} needs shape ({Z.shape[1]},)"
            )
    eps = _checks.positive_float(eps, "eps")
    return _batch_norm(Z, gamma, beta, eps)


def _batch_norm(Z, gamma, beta, eps):
    mean = Z.mean(axis=0)
    var = Z.var(axis=0)
    inv_std = 1 / np.sqrt(var + eps)
    Z_hat = (Z - mean) * inv_std
    out = gamma * Z_hat + beta
    return out, (Z_hat, gamma, inv_std, mean, var)


def batch_norm_backward(dout, cache):
    """Gradients of batch normalisation (:func:`batch_norm`) for its three inputs.

    Parameters
    ----------
    dout : array_like, shape (N, D)
        The derivative of the loss with respect to ``out``.
    cache : tuple
        The cache :func:`batch_norm` returned with ``out``.

    Returns
    -------
    dZ : ndarray, shape (N, D)
    dgamma, dbeta : ndarray, shape (D,)

    Raises
    ------
    ValueError
        If ``cache`` is not what :func:`batch_norm` returns, or ``dout`` is
        not a finite array of the batch's shape.
    """
    if not isinstance(cache, tuple) or len(cache) != 5:
        raise ValueError(
            "cache must be the cache that batch_norm returned with out"
        )
    Z_hat = cache[0]
    dout = _checks.float_array(dout, "dout", dtype=Z_hat.dtype)
    if dout.shape != Z_hat.shape:
        raise ValueError(
            f"dout of shape {dout.shape} does not fit the batch: it needs shape "
            f"{Z_hat.shape}, the shape of batch_norm's out"
        )
    return _batch_norm_backward(dout, cache)


def _batch_norm_backward(dout, cache):
    Z_hat, gamma, inv_std = cache[:3]
    dbeta = dout.sum(axis=0)
    dgamma = (dout * Z_hat).sum(axis=0)
    dZ_hat = dout * gamma
    # Three paths from Z to the loss: directly, through the mean and
    # through the variance.
    through_mean = dZ_hat.mean(axis=0)
    through_variance = Z_hat * (dZ_hat * Z_hat).mean(axis=0)
    dZ = inv_std * (dZ_hat - through_mean - through_variance)
    return dZ, dgamma, dbeta
