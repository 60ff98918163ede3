"""Validation helpers shared by the public functions (private module).

Every helper raises ``ValueError`` with a message that names the argument and
the offending shape, value or first bad index, so a reader who passes the
wrong thing learns what was expected.
"""

import numbers

import numpy as np


def numeric_array(x, name):
    """``x`` as an array of real numbers (or booleans), dtype unchanged.

    Raises ``ValueError`` naming ``name`` for ragged nested lists, strings,
    objects such as ``None`` and complex numbers.
    """
    if type(x) is np.ndarray and x.dtype.kind in "biuf":
        return x  # the common case, at the cost of two attribute lookups
    try:
        x = np.asarray(x)
    except ValueError as error:  # ragged nested lists
        raise ValueError(
            f"{name} must be a rectangular array of numbers: {error}"
        ) from None
    if x.dtype == object or not (
        np.issubdtype(x.dtype, np.number) or np.issubdtype(x.dtype, np.bool_)
    ):
        raise ValueError(f"{name} must hold numbers, got dtype {x.dtype}")
    if np.issubdtype(x.dtype, np.complexfloating):
        raise ValueError(f"{name} must hold real numbers, got dtype {x.dtype}")
    return x


def float_array(x, name, dtype=None, finite=True):
    """``x`` as a float array, checked to be finite (unless ``finite=False``).

    Float arrays keep their dtype unless ``dtype`` is given; anything else
    becomes float64 (or ``dtype``). Raises ``ValueError`` naming ``name`` and
    the index of the first NaN or infinity (see :func:`numeric_array` for
    what else is refused).
    """
    x = numeric_array(x, name)
    if dtype is not None:
        x = x.astype(dtype, copy=False)
    elif not np.issubdtype(x.dtype, np.floating):
        x = x.astype(np.float64)
    if finite:
        check_finite(x, name)
    return x


def check_not_empty(x, name, what="entry"):
    """Raise ``ValueError`` if ``x`` has no entries (a shape with a 0 in it)."""
    if x.size == 0:
        raise ValueError(
            f"{name} is empty (shape {x.shape}): it needs at least one {what}"
        )


def check_finite(x, name):
    """Raise ``ValueError`` naming the first NaN or infinity of ``x``, if any.

    Returns the largest absolute value in ``x`` (0.0 if ``x`` is empty),
    which the check finds on the way.
    """
    if x.size == 0:
        return 0.0
    # The minimum and maximum are NaN or infinite exactly when some entry is,
    # and, unlike np.isfinite(x), they need no temporary array as large as x.
    low, high = float(x.min()), float(x.max())
    if np.isfinite(low) and np.isfinite(high):
        return max(-low, high)
    finite = np.isfinite(x)
    if not finite.all():
        index = tuple(int(i) for i in np.argwhere(~finite)[0])
        where = index[0] if len(index) == 1 else index
        raise ValueError(
            f"{name} must be finite, but {name}[{where}] is {x[index]} "
            f"({name} has shape {x.shape})"
        )


def check_range(x, name, low, high):
    """Raise ``ValueError`` naming the first entry of ``x`` outside ``[low, high]``."""
    outside = (x < low) | (x > high)
    if outside.any():
        index = tuple(int(i) for i in np.argwhere(outside)[0])
        where = index[0] if len(index) == 1 else index
        raise ValueError(
            f"{name} must lie in [{low}, {high}], but {name}[{where}] is {x[index]}"
        )


def check_labels(t, name, n_classes):
    """Integer class labels in ``range(n_classes)``; returns them as an int array."""
    t = np.asarray(t)
    if not (np.issubdtype(t.dtype, np.integer) and t.dtype != np.bool_):
        raise ValueError(
            f"{name} of shape {t.shape} must hold integer class labels, got dtype "
            f"{t.dtype}"
        )
    check_range(t, name, 0, n_classes - 1)
    return t


def check_one_hot(t, name):
    """Raise ``ValueError`` naming the first row of ``t`` that is not one-hot."""
    binary = (t == 0) | (t == 1)
    rows_ok = binary.all(axis=-1) & (t.sum(axis=-1) == 1)
    if not np.all(rows_ok):
        if t.ndim == 1:
            raise ValueError(
                f"{name} must be a one-hot vector (one 1, the rest 0), got {t}"
            )
        row = int(np.argmin(rows_ok))
        raise ValueError(
            f"{name} must have one-hot rows (one 1, the rest 0), but row {row} is "
            f"{t[row]}"
        )


def positive_int(value, name, allow_none=False):
    """``value`` as an int >= 1 (or None when allowed); ``ValueError`` otherwise."""
    if value is None and allow_none:
        return None
    if (
        isinstance(value, bool)
        or not isinstance(value, numbers.Integral)
        or value < 1
    ):
        allowed = "an integer >= 1" + (" or None" if allow_none else "")
        raise ValueError(f"{name} must be {allowed}, got {value!r}")
    return int(value)


def nonnegative_int(value, name):
    """``value`` as an int >= 0; ``ValueError`` otherwise."""
    if (
        isinstance(value, bool)
        or not isinstance(value, numbers.Integral)
        or value < 0
    ):
        raise ValueError(f"{name} must be an integer >= 0, got {value!r}")
    return int(value)


def positive_float(value, name):
    """``value`` as a finite float > 0; ``ValueError`` otherwise."""
    if (
        isinstance(value, bool)
        or not isinstance(value, numbers.Real)
        or not np.isfinite(value)
        or value <= 0
    ):
        raise ValueError(f"{name} must be a finite number > 0, got {value!r}")
    return float(value)


def fraction(value, name):
    """``value`` as a float in [0, 1); ``ValueError`` otherwise."""
    if (
        isinstance(value, bool)
        or not isinstance(value, numbers.Real)
        or not 0 <= value < 1
    ):
        raise ValueError(f"{name} must lie in [0, 1), got {value!r}")
    return float(value)


def choice(value, name, valid):
    """``value`` if it is one of ``valid``; ``ValueError`` listing them otherwise."""
    if not isinstance(value, str) or value not in valid:
        names = ", ".join(repr(v) for v in sorted(valid))
        raise ValueError(f"unknown {name} {value!r}; valid names: {names}")
    return value


def nonnegative_float(value, name):
    """``value`` as a finite float >= 0; ``ValueError`` otherwise."""
    if (
        isinstance(value, bool)
        or not isinstance(value, numbers.Real)
        or not np.isfinite(value)
        or value < 0
    ):
        raise ValueError(f"{name} must be a finite number >= 0, got {value!r}")
    return float(value)
