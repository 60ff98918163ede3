"""Learning-rate schedules: how the step size changes from epoch to epoch.

A schedule is a function of the epoch (counted from 1) that returns a factor
of the base learning rate: :func:`~nnscratch.train.fit` sets the optimizer's
learning rate to ``learning_rate * factor(epoch)`` at the start of every
epoch. The named schedules of :data:`SCHEDULES` also take the number of
epochs, which ``fit`` supplies:

* ``"step"``: :func:`step_decay`, the rate cut tenfold at fixed epochs;
* ``"cosine"``: :func:`cosine`, a smooth fall from 1 towards 0;
* ``"warmup"``: :func:`warmup`, a linear rise over the first epochs, then 1.
"""

import functools
import math

from nnscratch import _checks


def step_decay(epoch, epochs, drop=0.1, steps=2):
    """Cut the rate by ``drop`` ``steps`` times, at evenly spaced epochs.

    The epochs are split into ``steps + 1`` equal stretches; in stretch ``k``
    (from 0) the factor is ``drop**k``.

    Parameters
    ----------
    epoch : int
        The epoch, 1 to ``epochs``.
    epochs : int
        The number of epochs of training.
    drop : float, default 0.1
        The factor of each cut, in (0, 1].
    steps : int, default 2
        The number of cuts.

    Returns
    -------
    float

    Raises
    ------
    ValueError
        If ``epoch`` is not in 1..``epochs``, or ``drop`` or ``steps`` is out
        of range.
    """
    epoch, epochs = _checked_epoch(epoch, epochs)
    drop = _checks.positive_float(drop, "drop")
    steps = _checks.positive_int(steps, "steps")
    if drop > 1:
        raise ValueError(f"drop must lie in (0, 1], got {drop!r}")
    return _step_decay(epoch, epochs, drop, steps)


def _step_decay(epoch, epochs, drop, steps):
    stretch = (epoch - 1) * (steps + 1) // epochs  # 0, 1, ..., steps
    return drop**stretch


def cosine(epoch, epochs):
    """Half a cosine wave, from 1 at the first epoch towards 0 after the last.

    The factor is ``(1 + cos(pi * (epoch - 1) / epochs)) / 2``.

    Parameters
    ----------
    epoch : int
        The epoch, 1 to ``epochs``.
    epochs : int
        The number of epochs of training.

    Returns
    -------
    float
        In (0, 1].

    Raises
    ------
    ValueError
        If ``epoch`` is not in 1..``epochs``.
    """
    epoch, epochs = _checked_epoch(epoch, epochs)
    return _cosine(epoch, epochs)


def _cosine(epoch, epochs):
    return (1 + math.cos(math.pi * (epoch - 1) / epochs)) / 2


def warmup(epoch, epochs, warmup_epochs=None):
    """A linear rise over the first ``warmup_epochs`` epochs, then 1.

    The factor is ``min(1, epoch / warmup_epochs)``, so that the large
    early gradients of a fresh network meet small steps.

    Parameters
    ----------
    epoch : int
        The epoch, 1 to ``epochs``.
    epochs : int
        The number of epochs of training.
    warmup_epochs : int, optional
        The length of the rise; by default a fifth of ``epochs`` (at least 1).

    Returns
    -------
    float
        In (0, 1].

    Raises
    ------
    ValueError
        If ``epoch`` is not in 1..``epochs`` or ``warmup_epochs`` is not an
        integer >= 1.
    """
    epoch, epochs = _checked_epoch(epoch, epochs)
    if warmup_epochs is None:
        warmup_epochs = max(1, epochs // 5)
    warmup_epochs = _checks.positive_int(warmup_epochs, "warmup_epochs")
    return _warmup(epoch, warmup_epochs)


def _warmup(epoch, warmup_epochs):
    return min(1.0, epoch / warmup_epochs)


SCHEDULES = {"step": step_decay, "cosine": cosine, "warmup": warmup}
"""Every named schedule, a function of ``(epoch, epochs)``."""


def get_schedule(schedule, epochs):
    """The schedule as a function of the epoch alone.

    Parameters
    ----------
    schedule : str or callable
        A name of :data:`SCHEDULES`, or a function ``factor(epoch)``.
    epochs : int
        The number of epochs, given to a named schedule.

    Returns
    -------
    callable
        ``factor(epoch)`` for epochs 1 to ``epochs``.

    Raises
    ------
    ValueError
        If ``schedule`` is neither a known name (the message lists them) nor
        callable, or ``epochs`` is not an integer >= 1.
    """
    epochs = _checks.positive_int(epochs, "epochs")
    if callable(schedule):
        return schedule
    _checks.choice(schedule, "schedule", SCHEDULES)
    return functools.partial(SCHEDULES[schedule], epochs=epochs)


def _checked_epoch(epoch, epochs):
    epochs = _checks.positive_int(epochs, "epochs")
    epoch = _checks.positive_int(epoch, "epoch")
    if epoch > epochs:
        raise ValueError(f"epoch must lie in 1..{epochs} (epochs), got {epoch}")
    return epoch, epochs
