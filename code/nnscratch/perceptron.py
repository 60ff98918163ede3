"""The perceptron: a weighted sum, a bias and a step.

A perceptron with weights ``w`` and bias ``b`` answers 1 ("yes") for an input
row ``x`` when ``x @ w + b > 0`` and 0 otherwise. The perceptron learning rule
moves ``w`` and ``b`` after every wrong answer, by the book's one sign
convention: error = prediction - target, and the parameters move against it.
"""

import numpy as np

from nnscratch import _checks
from nnscratch.activations import step


def _check_weights(w, b):
    """``w`` as a vector and ``b`` as a number, with a clear error otherwise."""
    w = _checks.numeric_array(w, "w")
    if w.ndim != 1:
        raise ValueError(f"w must have shape (n_in,), got shape {w.shape}")
    if np.ndim(b) != 0:
        raise ValueError(f"b must be a single number, got shape {np.shape(b)}")
    return w


def perceptron(x, w, b=0.0):
    """Output of a perceptron: ``step(x @ w + b)``.

    This is a dense layer with one node (:func:`nnscratch.layers.dense`,
    with ``w`` as its single column) followed by the step. The step is 0 at 0 (see
    :func:`nnscratch.activations.step`): a weighted
    sum of exactly zero answers 0.

    Parameters
    ----------
    x : array_like, shape (n_in,) or (N, n_in)
        One input row, or a batch of N rows.
    w : array_like, shape (n_in,)
        One weight per input.
    b : float, default 0.0
        The bias, added to the weighted sum.

    Returns
    -------
    ndarray, shape () or (N,)
        float64 values 0.0 and 1.0.

    Raises
    ------
    ValueError
        If ``w`` is not a vector, ``x`` does not fit it (the message names
        both shapes), or ``b`` is not a single number.
    """
    w = _check_weights(w, b)
    x = _checks.numeric_array(x, "x")
    if x.ndim not in (1, 2) or x.shape[-1] != w.shape[0]:
        raise ValueError(
            f"x of shape {x.shape} does not fit w of shape {w.shape}: "
            f"x needs shape ({w.shape[0]},) or (N, {w.shape[0]})"
        )
    return _perceptron(x, w, b)


def _perceptron(x, w, b):
    """The computation of :func:`perceptron`, for arguments it has checked."""
    return step(x @ w + b)


def perceptron_update(x, t, w, b, learning_rate):
    """One step of the perceptron learning rule on one example.

    With ``y = perceptron(x, w, b)`` and ``error = y - t``::

        w_new = w - learning_rate * error * x
        b_new = b - learning_rate * error

    A right answer (``error = 0``) changes nothing.

    Parameters
    ----------
    x : ndarray, shape (n_in,)
        One input row.
    t : float
        Its target, 0 or 1.
    w : ndarray, shape (n_in,)
    b : float
    learning_rate : float
        How far one mistake moves the parameters.

    Returns
    -------
    w_new : ndarray, shape (n_in,), float64
    b_new : float

    Raises
    ------
    ValueError
        As :func:`perceptron`, if ``x``, ``w`` and ``b`` do not fit together.
    """
    error = perceptron(x, w, b) - t
    w = np.asarray(w, dtype=np.float64)
    w_new = w - learning_rate * error * np.asarray(x)
    b_new = float(b - learning_rate * error)
    return w_new, b_new


def train_perceptron(X, t, learning_rate=0.1, epochs=10, w=None, b=0.0):
    """Train a perceptron with the perceptron learning rule.

    The rows of ``X`` are presented in order, ``epochs`` times, and
    :func:`perceptron_update` is applied after each one. There is no
    randomness: the same arguments give the same path.

    Parameters
    ----------
    X : array_like, shape (N, n_in)
        The training inputs, one example per row.
    t : array_like, shape (N,)
        The targets, each 0 or 1.
    learning_rate : float, default 0.1
        Positive.
    epochs : int, default 10
        How many times every row is presented; positive.
    w : array_like, shape (n_in,), optional
        Starting weights; zeros when omitted.
    b : float, default 0.0
        Starting bias.

    Returns
    -------
    w : ndarray, shape (n_in,), float64
        The final weights.
    b : float
        The final bias.
    path : ndarray, shape (epochs * N + 1, n_in + 1), float64
        Row 0 is the start ``(w_1, ..., w_n, b)``; row ``k`` holds the
        parameters after the ``k``-th example presented.

    Raises
    ------
    ValueError
        If the shapes of ``X``, ``t`` and ``w`` do not fit, a target is not 0
        or 1, ``learning_rate`` is not positive or ``epochs`` is not a
        positive integer.
    """
    X, t = _checks.float_array(X, "X"), _checks.float_array(t, "t")
    if X.ndim != 2:
        raise ValueError(f"X must have shape (N, n_in), got shape {X.shape}")
    if t.shape != (X.shape[0],):
        raise ValueError(
            f"t of shape {t.shape} does not fit X of shape {X.shape}: t needs shape "
            f"({X.shape[0]},)"
        )
    if not np.all((t == 0) | (t == 1)):
        raise ValueError(f"t must hold only 0 and 1, got {np.unique(t)}")
    if not learning_rate > 0:
        raise ValueError(f"learning_rate must be positive, got {learning_rate}")
    if not (isinstance(epochs, (int, np.integer)) and epochs > 0):
        raise ValueError(f"epochs must be a positive integer, got {epochs!r}")
    w = np.zeros(X.shape[1]) if w is None else np.asarray(w, dtype=np.float64)
    _check_weights(w, b)
    if w.shape[0] != X.shape[1]:
        raise ValueError(
            f"w of shape {w.shape} does not fit X of shape {X.shape}: w needs shape "
            f"({X.shape[1]},)"
        )
    return _train_perceptron(X, t, learning_rate, epochs, w, float(b))


def _train_perceptron(X, t, learning_rate, epochs, w, b):
    """The loop of :func:`train_perceptron`, for arguments it has checked."""
    path = [np.append(w, b)]
    for _ in range(epochs):
        for x_row, t_row in zip(X, t):
            w, b = perceptron_update(x_row, t_row, w, b, learning_rate)
            path.append(np.append(w, b))
    return w, b, np.array(path)
