"""Dense (fully connected) layers.

The book's convention: a row of inputs ``x`` times a weight matrix ``W`` of
shape ``(n_in, n_out)``, so column ``j`` of ``W`` holds the weights into node
``j`` and a batch of rows ``X`` goes through the same product unchanged.
"""

import numpy as np

from nnscratch import _checks


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
    z = x @ W
    if b is None:
        return z
    b = _checks.numeric_array(b, "b")
    if b.shape != (W.shape[1],):
        raise ValueError(
            f"b of shape {b.shape} does not fit W of shape {W.shape}: "
            f"b needs shape ({W.shape[1]},)"
        )
    return z + b
