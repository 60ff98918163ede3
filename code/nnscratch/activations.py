"""Activation functions and their derivatives.

Every function takes an array ``x`` of any shape (or a Python number) and
returns an array of the same shape. Elementwise functions return floats in the
dtype of ``x`` when ``x`` is a float array (float32 stays float32) and in
float64 otherwise; ``relu`` keeps integer inputs as integers, so the seed
examples print ``[3 9]`` rather than ``[3. 9.]``.

``<name>_grad(x)`` is the derivative with respect to the *input* ``x``,
evaluated at ``x``. ``softmax`` works over the last axis and
``softmax_grad`` returns its Jacobian.

All functions stay finite and raise no floating-point warnings for every
finite input, including ``+-1e308`` in float64 and ``+-1e38`` in float32.

Raises
------
ValueError
    Every function of ``x``, if ``x`` does not hold real numbers (strings,
    ``None``, complex). A function's own docstring lists only the errors that
    are its own.
"""

import numpy as np

from nnscratch import _checks


def _as_float(x):
    """``x`` as an array of floats: float arrays keep their dtype."""
    x = _checks.numeric_array(x, "x")
    if np.issubdtype(x.dtype, np.floating):
        return x
    return x.astype(np.float64)


def step(x):
    """Heaviside step: 1 where ``x > 0``, else 0.

    At ``x = 0`` the step is 0. This makes ``step`` exactly the derivative
    ``relu_grad`` uses, and a perceptron with zero weighted sum says "no".

    Parameters
    ----------
    x : array_like, any shape

    Returns
    -------
    ndarray, same shape as ``x``
        Float dtype of ``x`` (float64 for integer input), values 0 and 1.
    """
    x = _as_float(x)
    return (x > 0).astype(x.dtype)


def step_grad(x):
    """Derivative of :func:`step`: 0 everywhere.

    The true derivative does not exist at 0 (the step jumps there); 0 is
    returned, which is why a step unit cannot be trained by gradient descent.

    Parameters
    ----------
    x : array_like, any shape

    Returns
    -------
    ndarray, same shape as ``x``, float dtype of ``x``
    """
    return np.zeros_like(_as_float(x))


def sigmoid(x):
    """Logistic sigmoid ``1 / (1 + exp(-x))``, computed without overflow.

    The textbook formula overflows in ``exp(-x)`` for ``x < -709``. With
    ``e = exp(-|x|)``, which lies in (0, 1], the same value is ``1 / (1 + e)``
    for ``x >= 0`` and ``e / (1 + e)`` for ``x < 0``.

    Parameters
    ----------
    x : array_like, any shape

    Returns
    -------
    ndarray, same shape as ``x``
        Values in [0, 1], float dtype of ``x`` (float64 for integer input).
    """
    x = _as_float(x)
    e = np.exp(-np.abs(x))
    return np.where(x >= 0, 1 / (1 + e), e / (1 + e))


def sigmoid_grad(x):
    """Derivative of :func:`sigmoid`: ``s * (1 - s)`` with ``s = sigmoid(x)``.

    Computed as ``e / (1 + e)**2`` with ``e = exp(-|x|)``, the same value
    (the derivative is symmetric about 0), because ``1 - s`` loses all its
    digits to cancellation when ``s`` is close to 1.

    Parameters
    ----------
    x : array_like, any shape

    Returns
    -------
    ndarray, same shape as ``x``
        Values in [0, 1/4], float dtype of ``x`` (float64 for integer input).
    """
    e = np.exp(-np.abs(_as_float(x)))
    return e / (1 + e) ** 2


def tanh(x):
    """Hyperbolic tangent.

    Parameters
    ----------
    x : array_like, any shape

    Returns
    -------
    ndarray, same shape as ``x``
        Values in [-1, 1], float dtype of ``x`` (float64 for integer input).
    """
    return np.tanh(_as_float(x))


def tanh_grad(x):
    """Derivative of :func:`tanh`: ``1 - tanh(x)**2``.

    Computed as ``4 e / (1 + e)**2`` with ``e = exp(-|x|)**2``, the same value,
    so that it keeps its precision where ``tanh(x)`` rounds to +-1 (and
    ``exp(-2|x|)`` is not used because ``2|x|`` overflows for huge ``x``).

    Parameters
    ----------
    x : array_like, any shape

    Returns
    -------
    ndarray, same shape as ``x``
        Values in [0, 1], float dtype of ``x`` (float64 for integer input).
    """
    e = np.exp(-np.abs(_as_float(x))) ** 2
    return 4 * e / (1 + e) ** 2


def relu(x):
    """Rectified linear unit ``max(x, 0)``, elementwise.

    Parameters
    ----------
    x : array_like, any shape

    Returns
    -------
    ndarray, same shape and dtype as ``x``
        Integer inputs stay integers.
    """
    _checks.numeric_array(x, "x")  # strings, None, complex: a clear ValueError
    return np.maximum(np.asarray(x), 0)


def relu_grad(x):
    """Derivative of :func:`relu`: 1 where ``x > 0``, else 0.

    At ``x = 0`` ReLU has a corner and no derivative; 0 is returned (any value
    in [0, 1] is a valid subgradient). It equals ``step(x)``.

    Parameters
    ----------
    x : array_like, any shape

    Returns
    -------
    ndarray, same shape as ``x``, float dtype of ``x``
    """
    return step(x)


def leaky_relu(x, alpha=0.01):
    """Leaky ReLU: ``x`` where ``x > 0``, else ``alpha * x``.

    Parameters
    ----------
    x : array_like, any shape
    alpha : float, default 0.01
        Slope for negative inputs.

    Returns
    -------
    ndarray, same shape as ``x``, float dtype of ``x``
    """
    x = _as_float(x)
    return np.where(x > 0, x, alpha * x)


def leaky_relu_grad(x, alpha=0.01):
    """Derivative of :func:`leaky_relu`: 1 where ``x > 0``, else ``alpha``.

    At ``x = 0`` the value ``alpha`` is returned, as for ReLU's 0.

    Parameters
    ----------
    x : array_like, any shape
    alpha : float, default 0.01

    Returns
    -------
    ndarray, same shape as ``x``, float dtype of ``x``
    """
    x = _as_float(x)
    return np.where(x > 0, 1, alpha).astype(x.dtype)


def softplus(x):
    """Softplus ``log(1 + exp(x))``, a smooth ReLU, computed without overflow.

    Evaluated as ``logaddexp(0, x)``, which never forms ``exp(x)`` for large
    ``x``.

    Parameters
    ----------
    x : array_like, any shape

    Returns
    -------
    ndarray, same shape as ``x``
        Positive values, float dtype of ``x`` (float64 for integer input).
    """
    return np.logaddexp(0, _as_float(x))


def softplus_grad(x):
    """Derivative of :func:`softplus`: the sigmoid.

    Parameters
    ----------
    x : array_like, any shape

    Returns
    -------
    ndarray, same shape as ``x``, float dtype of ``x``
    """
    return sigmoid(x)


def identity(x):
    """The identity ``x``, as a float array (used for regression outputs).

    Parameters
    ----------
    x : array_like, any shape

    Returns
    -------
    ndarray, same shape as ``x``, float dtype of ``x``
    """
    return _as_float(x)


def identity_grad(x):
    """Derivative of :func:`identity`: 1 everywhere.

    Parameters
    ----------
    x : array_like, any shape

    Returns
    -------
    ndarray, same shape as ``x``, float dtype of ``x``
    """
    return np.ones_like(_as_float(x))


def softmax(x):
    """Softmax over the last axis: ``exp(x_i) / sum_k exp(x_k)``.

    The row maximum is subtracted first. Softmax does not change when a
    constant is added to a row, and after the shift every exponent is at
    most 0, so ``exp`` cannot overflow and the largest term is exactly 1.

    Parameters
    ----------
    x : array_like, shape (K,) or (N, K)
        One row of K scores, or N rows.

    Returns
    -------
    ndarray, same shape as ``x``
        Each row is positive and sums to 1; float dtype of ``x``.

    Raises
    ------
    ValueError
        If ``x`` is 0-D or has no entries in its last axis.
    """
    x = _as_float(x)
    if x.ndim == 0 or x.shape[-1] == 0:
        raise ValueError(f"x must have shape (K,) or (N, K) with K >= 1, got shape {x.shape}")
    # A shift below the most negative float (1e308 - (-1e308)) becomes -inf,
    # whose exp is exactly the right 0: that overflow is harmless.
    with np.errstate(over="ignore"):
        shifted = x - x.max(axis=-1, keepdims=True)
    e = np.exp(shifted)
    return e / e.sum(axis=-1, keepdims=True)


def softmax_grad(x):
    """Jacobian of :func:`softmax`: ``diag(s) - s s^T`` with ``s = softmax(x)``.

    Entry ``[i, j]`` is the derivative of output ``i`` with respect to
    input ``j``.

    Parameters
    ----------
    x : array_like, shape (K,) or (N, K)

    Returns
    -------
    ndarray, shape (K, K) for one row, or (N, K, K) for N rows
        Float dtype of ``x``.

    Raises
    ------
    ValueError
        If ``x`` is 0-D or has no entries in its last axis.
    """
    s = softmax(x)
    eye = np.eye(s.shape[-1], dtype=s.dtype)
    return s[..., :, None] * (eye - s[..., None, :])


ELEMENTWISE = {
    "step": (step, step_grad),
    "sigmoid": (sigmoid, sigmoid_grad),
    "tanh": (tanh, tanh_grad),
    "relu": (relu, relu_grad),
    "leaky_relu": (leaky_relu, leaky_relu_grad),
    "softplus": (softplus, softplus_grad),
    "identity": (identity, identity_grad),
}
"""Every elementwise activation by name, as ``(function, derivative)``."""


def get_activation(name):
    """Look up an elementwise activation and its derivative by name.

    Parameters
    ----------
    name : str
        One of the keys of :data:`ELEMENTWISE`.

    Returns
    -------
    (callable, callable)
        The function and its derivative.

    Raises
    ------
    ValueError
        If ``name`` is not a known activation; the message lists the valid names.
    """
    return ELEMENTWISE[_checks.choice(name, "activation", ELEMENTWISE)]
