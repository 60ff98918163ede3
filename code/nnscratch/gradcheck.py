"""Gradient checking: derivatives by central finite differences.

A gradient computed by hand (or by backpropagation) is only trusted once it
agrees with the slope measured directly, by nudging each input a little in
both directions. :func:`numerical_gradient` measures that slope and
:func:`relative_error` says how well two gradients agree.
"""

import numpy as np

from nnscratch import _checks


def numerical_gradient(f, x, eps=None):
    """Gradient of a scalar function by central differences.

    Each entry ``x[i]`` is set to ``x[i] + eps`` and ``x[i] - eps`` in turn,
    and the slope is ``(f(x + eps e_i) - f(x - eps e_i)) / (2 eps)``. The
    error of this estimate shrinks like ``eps**2`` (until rounding takes
    over), against ``eps`` for a one-sided difference. ``x`` is changed in
    place while ``f`` is evaluated, so ``f`` may read it through a closure
    (for example a network's weight matrix), and it is restored exactly
    afterwards, even if ``f`` raises.

    Parameters
    ----------
    f : callable
        ``f(x)`` returns a scalar (a number or a 0-D / size-1 array).
    x : ndarray, any shape, float dtype
        The point; changed during the call and restored afterwards.
    eps : float, optional
        The step, > 0. Omitted: the cube root of the dtype's machine epsilon
        (``np.finfo(x.dtype).eps ** (1/3)``: 6.1e-6 in float64, 4.9e-3 in
        float32), the step that balances the truncation error of the
        central difference, which grows like ``eps**2``, against the
        rounding error of ``f``, which grows like ``machine_eps / eps``.

    Returns
    -------
    ndarray, shape and dtype of ``x``
        The estimated gradient ``df/dx``.

    Raises
    ------
    ValueError
        If ``x`` is not a float ndarray (it must be changeable in place), if
        ``eps`` is not positive, or if ``f`` does not return a single number.
    """
    if not isinstance(x, np.ndarray) or not np.issubdtype(x.dtype, np.floating):
        raise ValueError(
            "x must be a float ndarray (it is perturbed in place), "
            f"got {type(x).__name__}"
            + (f" of dtype {x.dtype}" if isinstance(x, np.ndarray) else "")
        )
    if eps is None:
        eps = float(np.cbrt(np.finfo(x.dtype).eps))
    if not eps > 0:
        raise ValueError(f"eps must be > 0, got {eps!r}")
    grad = np.empty_like(x)
    for index in np.ndindex(x.shape):
        original = x[index]
        try:
            x[index] = original + eps
            f_plus = _scalar(f(x))
            x[index] = original - eps
            f_minus = _scalar(f(x))
        finally:
            x[index] = original
        grad[index] = (f_plus - f_minus) / (2 * eps)
    return grad


def _scalar(value):
    """The single number ``f`` returned, as a float."""
    value = np.asarray(value)
    if value.size != 1:
        raise ValueError(
            f"f must return a single number, got an array of shape {value.shape}"
        )
    return float(value.reshape(()))


def relative_error(a, b):
    """How far apart two gradients are, relative to their size.

    ``max |a - b| / max(|a| + |b|)``, with the denominator at least the
    smallest positive float64 (``np.finfo(float).tiny``) so that two zero
    gradients give 0 rather than ``0/0``. One number for the whole array,
    so a single wrong entry is not averaged away. Checked with the default
    step of :func:`numerical_gradient`, a correct gradient typically gives
    ``1e-8`` or less in float64 and ``1e-3`` or less in float32; a value
    near ``1e-2`` or above means a bug.

    Parameters
    ----------
    a, b : array_like, same shape

    Returns
    -------
    float
        0 when the arrays are equal, at most 1.

    Raises
    ------
    ValueError
        If ``a`` or ``b`` does not hold numbers, or the shapes differ.
    """
    a = _checks.numeric_array(a, "a").astype(np.float64)
    b = _checks.numeric_array(b, "b").astype(np.float64)
    if a.shape != b.shape:
        raise ValueError(
            f"a of shape {a.shape} and b of shape {b.shape} must have the same shape"
        )
    if a.size == 0:
        return 0.0
    scale = max(float(np.max(np.abs(a) + np.abs(b))), np.finfo(np.float64).tiny)
    return float(np.max(np.abs(a - b)) / scale)
