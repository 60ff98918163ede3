"""Loss functions and their derivatives with respect to the prediction.

Every loss takes the prediction ``y`` first and the target ``t`` second, and
``<name>_grad(y, t)`` returns ``dL/dy``, an array shaped like ``y``.

Shapes follow the book's convention, rows are examples:

* a 2-D ``y`` of shape ``(N, K)`` is a batch of N examples with K outputs, and
  the loss is the **mean over the N examples** of the per-example loss (so its
  gradient carries a factor ``1/N``);
* a 1-D ``y`` of shape ``(K,)`` is one example (and for :func:`sse`,
  :func:`mse` and :func:`binary_cross_entropy` a 0-D ``y`` is one example with
  one output).

The result is a NumPy scalar in the float dtype of ``y`` (float32 stays
float32; integer predictions are computed in float64).

Logarithms never see 0. The argument of every logarithm (``y``, or ``1 - y``
in :func:`binary_cross_entropy`) is clipped from below at
``eps = np.finfo(dtype).eps`` (about ``2.2e-16`` in float64 and ``1.2e-7`` in
float32): a value of at least ``eps`` is untouched, so every loss below
``-log(eps)`` (about 36.0 in float64, 15.9 in float32) is exact, and a
probability of exactly 0 for what happened costs ``-log(eps)`` instead of
infinity. Only the lower bound is needed (``log(1) = 0`` is fine), so a perfect
prediction costs exactly 0. The derivatives are taken at the clipped values,
so they are finite too. Adding ``1e-7`` inside the log instead shifts every
value a little: for the book's 3-5-4 classifier it gives
``0.6080413107681358`` where the exact value is ``0.608041494451162``.
"""

import numpy as np

from nnscratch import _checks


def _log_floor(dtype):
    """The clipping bound ``eps`` for probabilities of this float dtype."""
    return np.finfo(dtype).eps


def _n_examples(y):
    """N for a batch ``(N, K)``, 1 for one example (0-D or 1-D ``y``)."""
    return y.shape[0] if y.ndim == 2 else 1


def _pair(y, t):
    """Check ``y`` and ``t`` (finite, same shape); return both in y's float dtype."""
    y = _checks.float_array(y, "y")
    if y.ndim > 2:
        raise ValueError(
            f"y must have shape (K,) or (N, K), got shape {y.shape}"
        )
    _checks.check_not_empty(y, "y")
    t = _checks.float_array(t, "t", dtype=y.dtype)
    if t.shape != y.shape:
        raise ValueError(
            f"t of shape {t.shape} does not match y of shape {y.shape}: "
            "prediction and target need the same shape"
        )
    return y, t


def _probabilities(y, t):
    """:func:`_pair` for losses of probabilities: ``y`` must lie in [0, 1]."""
    y, t = _pair(y, t)
    _checks.check_range(y, "y", 0, 1)
    return y, t


# --- sum of squared errors -------------------------------------------------


def _sse(y, t):
    diff = y - t
    return 0.5 * np.sum(diff * diff) / _n_examples(y)


def sse(y, t):
    """Sum of squared errors, halved: ``1/2 * sum((y - t)**2)`` per example.

    The 1/2 is not an average: it is there so that the derivative,
    ``y - t``, has no factor 2. Over a batch the per-example values are
    averaged. The "mean of squares, halved" of the book's 3-5-4 regression
    (8.141525) is this loss with each of the four outputs taken as one
    example: ``sse(y[:, None], t[:, None])``.

    Parameters
    ----------
    y : array_like, shape (), (K,) or (N, K)
        Predictions.
    t : array_like, same shape as ``y``
        Targets.

    Returns
    -------
    numpy.floating
        The loss, in the float dtype of ``y``.

    Raises
    ------
    ValueError
        If the shapes differ, ``y`` is empty, or an entry is NaN or infinite.
    """
    return _sse(*_pair(y, t))


def sse_grad(y, t):
    """Derivative of :func:`sse` with respect to ``y``: ``(y - t) / N``.

    Parameters
    ----------
    y : array_like, shape (), (K,) or (N, K)
    t : array_like, same shape as ``y``

    Returns
    -------
    ndarray, shape of ``y``, float dtype of ``y``

    Raises
    ------
    ValueError
        If the shapes differ, ``y`` is empty, or an entry is NaN or infinite.
    """
    return _sse_grad(*_pair(y, t))


def _sse_grad(y, t):
    return (y - t) / _n_examples(y)


# --- mean squared error ----------------------------------------------------


def mse(y, t):
    """Mean squared error: the mean of ``(y - t)**2`` over all elements.

    The same number as scikit-learn's ``mean_squared_error(t, y)``; there is
    no 1/2. For a batch ``(N, K)`` it equals the mean over examples of the
    per-example mean over outputs.

    Parameters
    ----------
    y : array_like, shape (), (K,) or (N, K)
        Predictions.
    t : array_like, same shape as ``y``
        Targets.

    Returns
    -------
    numpy.floating
        The loss, in the float dtype of ``y``.

    Raises
    ------
    ValueError
        If the shapes differ, ``y`` is empty, or an entry is NaN or infinite.
    """
    return _mse(*_pair(y, t))


def _mse(y, t):
    diff = y - t
    return np.mean(diff * diff)


def mse_grad(y, t):
    """Derivative of :func:`mse` with respect to ``y``: ``2 (y - t) / y.size``.

    Parameters
    ----------
    y : array_like, shape (), (K,) or (N, K)
    t : array_like, same shape as ``y``

    Returns
    -------
    ndarray, shape of ``y``, float dtype of ``y``

    Raises
    ------
    ValueError
        If the shapes differ, ``y`` is empty, or an entry is NaN or infinite.
    """
    return _mse_grad(*_pair(y, t))


def _mse_grad(y, t):
    return 2 * (y - t) / y.size


# --- cross-entropy ---------------------------------------------------------


def _targets_for(y, t):
    """Check a cross-entropy target: one-hot like ``y``, or integer labels."""
    y = _checks.float_array(y, "y")
    if y.ndim not in (1, 2):
        raise ValueError(
            f"y must have shape (K,) for one example or (N, K) for a batch, "
            f"got shape {y.shape}"
        )
    _checks.check_not_empty(y, "y")
    _checks.check_range(y, "y", 0, 1)
    t = np.asarray(t)
    if t.shape == y.shape:
        t = _checks.float_array(t, "t", dtype=y.dtype)
        _checks.check_one_hot(t, "t")
        return y, t
    if t.shape == y.shape[:-1]:
        return y, _checks.check_labels(t, "t", y.shape[-1])
    label_shape = "()" if y.ndim == 1 else f"({y.shape[0]},)"
    raise ValueError(
        f"t of shape {t.shape} does not fit y of shape {y.shape}: t must be one-hot "
        f"with shape {y.shape} or integer class labels with shape {label_shape}"
    )


def _cross_entropy(y, t):
    """Cross-entropy without checks; ``t`` one-hot (dtype of y) or labels."""
    floor = _log_floor(y.dtype)
    # "0 - ..." rather than "-...": a perfect prediction costs +0.0, not -0.0
    if t.shape == y.shape:
        return (0 - np.sum(t * np.log(np.maximum(y, floor)))) / _n_examples(y)
    if y.ndim == 1:
        return 0 - np.log(np.maximum(y[t], floor))
    picked = y[np.arange(y.shape[0]), t]
    return (0 - np.sum(np.log(np.maximum(picked, floor)))) / y.shape[0]


def cross_entropy(y, t):
    """Cross-entropy ``-sum(t * log(y))`` per example, averaged over a batch.

    With a one-hot ``t`` only the true class counts, so the loss of one
    example is ``-log`` of the probability given to the right answer: the
    negative log-likelihood.

    Parameters
    ----------
    y : array_like, shape (K,) or (N, K)
        Predicted class probabilities in [0, 1] (rows of a softmax).
    t : array_like, shape of ``y`` (one-hot), or integer labels
        One-hot rows, or integer class labels in ``range(K)``: a single
        integer for one example (1-D ``y``), shape ``(N,)`` for a batch.

    Returns
    -------
    numpy.floating
        The loss, in the float dtype of ``y``. Probabilities below
        ``eps = np.finfo(dtype).eps`` count as ``eps`` (see the module notes).

    Raises
    ------
    ValueError
        If ``y`` is empty or has a value outside [0, 1], NaN or infinity; if ``t`` fits
        neither form; if a row of ``t`` is not one-hot; or if a label is not
        an integer in ``range(K)``.
    """
    return _cross_entropy(*_targets_for(y, t))


def cross_entropy_grad(y, t):
    """Derivative of :func:`cross_entropy` with respect to ``y``: ``-t / y / N``.

    ``y`` is clipped below at ``eps`` as in the loss, so the derivative is
    finite at ``y = 0`` (there it is the slope at ``eps``, which still pushes
    the true class up).

    Parameters
    ----------
    y : array_like, shape (K,) or (N, K)
    t : array_like, one-hot like ``y``, or integer labels (see :func:`cross_entropy`)

    Returns
    -------
    ndarray, shape of ``y``, float dtype of ``y``
        Zero except in the true class of each example.

    Raises
    ------
    ValueError
        As for :func:`cross_entropy`.
    """
    return _cross_entropy_grad(*_targets_for(y, t))


def _cross_entropy_grad(y, t):
    """Cross-entropy gradient without checks; ``t`` one-hot or labels."""
    clipped = np.maximum(y, _log_floor(y.dtype))
    n = _n_examples(y)
    if t.shape == y.shape:
        return -t / clipped / n
    grad = np.zeros_like(y)
    if y.ndim == 1:
        grad[t] = -1 / clipped[t]
    else:
        rows = np.arange(n)
        grad[rows, t] = -1 / clipped[rows, t] / n
    return grad


# --- binary cross-entropy --------------------------------------------------


def _binary_cross_entropy(y, t):
    """Binary cross-entropy without checks."""
    floor = _log_floor(y.dtype)
    log_y = np.log(np.maximum(y, floor))
    # log(1 - y), with 1 - y clipped at eps
    log_not_y = np.log1p(-np.minimum(y, 1 - floor))
    # "0 - ..." rather than "-...": a perfect prediction costs +0.0, not -0.0
    return (0 - np.sum(t * log_y + (1 - t) * log_not_y)) / _n_examples(y)


def binary_cross_entropy(y, t):
    """Binary cross-entropy ``-sum(t log y + (1 - t) log(1 - y))`` per example.

    Each output is a separate yes/no probability (a sigmoid unit); the loss of
    one example sums over its outputs, and a batch takes the mean over
    examples. ``y`` and ``1 - y`` are clipped from below at ``eps`` (see the
    module notes), so ``y = 0`` or ``y = 1`` give finite values, and a
    perfect prediction (``y = t``, all 0 or 1) costs exactly 0. For the book's
    5-10-1 network the exact value is ``0.0011356298266036666``; adding
    ``1e-7`` inside the log gives ``0.0011355297129812408``.

    Parameters
    ----------
    y : array_like, shape (), (K,) or (N, K)
        Predicted probabilities in [0, 1].
    t : array_like, same shape as ``y``
        Targets in [0, 1], usually 0 or 1.

    Returns
    -------
    numpy.floating
        The loss, in the float dtype of ``y``.

    Raises
    ------
    ValueError
        If the shapes differ, ``y`` is empty, or ``y`` or ``t`` has a value
        outside [0, 1], NaN or infinity.
    """
    y, t = _probabilities(y, t)
    _checks.check_range(t, "t", 0, 1)
    return _binary_cross_entropy(y, t)


def binary_cross_entropy_grad(y, t):
    """Derivative of :func:`binary_cross_entropy`: ``(-t / y + (1 - t) / (1 - y)) / N``.

    ``y`` and ``1 - y`` are clipped from below at ``eps`` as in the loss, so
    the derivative is finite at ``y = 0`` and ``y = 1``.

    Parameters
    ----------
    y : array_like, shape (), (K,) or (N, K)
    t : array_like, same shape as ``y``

    Returns
    -------
    ndarray, shape of ``y``, float dtype of ``y``

    Raises
    ------
    ValueError
        As for :func:`binary_cross_entropy`.
    """
    y, t = _probabilities(y, t)
    _checks.check_range(t, "t", 0, 1)
    return _binary_cross_entropy_grad(y, t)


def _binary_cross_entropy_grad(y, t):
    """Binary cross-entropy gradient without checks."""
    floor = _log_floor(y.dtype)
    slope = -t / np.maximum(y, floor) + (1 - t) / np.maximum(1 - y, floor)
    return slope / _n_examples(y)


LOSSES = {
    "sse": (sse, sse_grad),
    "mse": (mse, mse_grad),
    "cross_entropy": (cross_entropy, cross_entropy_grad),
    "binary_cross_entropy": (binary_cross_entropy, binary_cross_entropy_grad),
}
"""Every loss by name, as ``(loss, derivative with respect to the prediction)``."""


def get_loss(name):
    """Look up a loss and its derivative by name.

    Parameters
    ----------
    name : str
        One of the keys of :data:`LOSSES`: ``"sse"``, ``"mse"``,
        ``"cross_entropy"``, ``"binary_cross_entropy"``.

    Returns
    -------
    (callable, callable)
        The loss ``L(y, t)`` and its derivative ``dL/dy(y, t)``.

    Raises
    ------
    ValueError
        If ``name`` is not a known loss; the message lists the valid names.
    """
    return LOSSES[_checks.choice(name, "loss", LOSSES)]
