"""Reverse-mode automatic differentiation on NumPy arrays.

A :class:`Tensor` wraps an array. Every operation on tensors returns a new
tensor that remembers its inputs (its *parents*) and a closure, ``backward``,
that turns the gradient of the result into the gradients of the inputs: the
operation's local derivative, applied by the chain rule. ``loss.backward()``
visits the graph of everything ``loss`` depends on once, outputs before
inputs, and adds each tensor's gradient into its ``.grad``.

Conventions shared by every operation:

* Data are float64, or float32 when a tensor is made from a float32 array.
  A plain number mixed into an operation takes the tensor's dtype, and so
  does an array of integers; float32 and float64 arrays keep their dtype and
  mix as NumPy mixes them (float32 with float64 gives float64).
* Operands broadcast as in NumPy, and each input's gradient is summed back
  to the input's shape.
* Numbers and arrays may stand on either side of an operator
  (``2 * x``, ``x - X``, ``X @ W``); they are constants, wrapped in tensors
  of their own.
* Errors: an operand that is not a tensor of finite real numbers raises
  ``ValueError`` naming the operator; an overflow, a division by zero or a
  value out of an operation's domain raises ``FloatingPointError`` naming
  the operation, in the forward or the backward pass, rather than letting
  NumPy warn and go on with ``inf`` or ``nan``.
"""

import functools
import numbers

import numpy as np

from nnscratch import _checks, activations

# A tensor prints its values when it has at most this many, its shape otherwise.
_REPR_SIZE = 12


def _raises_floating_point_errors(method):
    """Run ``method`` with NumPy raising on overflow, 0/0, x/0 and bad domains."""

    @functools.wraps(method)
    def wrapper(*args, **kwargs):
        try:
            with np.errstate(all="raise", under="ignore"):
                return method(*args, **kwargs)
        except FloatingPointError as error:
            raise FloatingPointError(
                f"Tensor.{method.__name__}: {error}"
            ) from None

    return wrapper


class Tensor:
    """An array that records the operations applied to it, for gradients.

    Parameters
    ----------
    data : array_like, any shape
        Finite real numbers. A float32 array stays float32; everything else
        becomes float64. The values are copied.

    Raises
    ------
    ValueError
        If ``data`` is already a tensor, does not hold real numbers (strings,
        ``None``, complex, ragged lists) or holds NaN or infinity.

    Notes
    -----
    ``data`` (the array) and ``grad`` (an array of the same shape and dtype,
    zeros until :meth:`backward` fills it) are plain attributes: an update
    such as ``W.data -= learning_rate * W.grad`` changes the tensor in place.

    **Gradients accumulate.** Every call of :meth:`backward` *adds* to the
    ``.grad`` of every tensor it reaches, as PyTorch does: two losses
    backpropagated one after the other leave the sum of their gradients.
    Call :meth:`zero_grad` (or set ``.grad`` to zeros) before the next
    step's ``backward``.

    Examples
    --------
    >>> x = Tensor([1.0, 2.0, 3.0])
    >>> y = (x * x).sum()
    >>> y.backward()
    >>> x.grad
    array([2., 4., 6.])
    """

    # An ndarray on the left of an operator hands the operation to the
    # tensor's reflected method (__radd__, ...) instead of looping over it.
    __array_ufunc__ = None

    def __init__(self, data):
        if isinstance(data, Tensor):
            raise ValueError(
                "data is already a Tensor; pass data.data to make a new leaf from "
                "its values"
            )
        data = _checks.float_array(data, "data")
        dtype = np.float32 if data.dtype == np.float32 else np.float64
        self.data = np.array(data, dtype=dtype)
        self.grad = np.zeros_like(self.data)
        self._parents = ()
        self._backward = None
        self._op = ""

    @staticmethod
    def _node(data, parents, backward, op):
        """The result of an operation: its value, inputs and local derivative.

        ``backward(g)`` takes the gradient ``g`` of the loss with respect to
        this result and returns one gradient per parent (in the result's
        shape, or already in the parent's).
        """
        out = Tensor.__new__(Tensor)
        out.data = np.asarray(data)
        out.grad = np.zeros_like(out.data)
        out._parents = parents
        out._backward = backward
        out._op = op
        return out

    # --- what a tensor is ----------------------------------------------------

    @property
    def shape(self):
        """The shape of ``data``, a tuple of int."""
        return self.data.shape

    @property
    def dtype(self):
        """The dtype of ``data`` and ``grad``: float64 or float32."""
        return self.data.dtype

    def __repr__(self):
        if self.data.size <= _REPR_SIZE:
            values = np.array2string(
                self.data, separator=", ", prefix="Tensor("
            )
        else:
            values = f"shape={self.data.shape}"
        extras = (
            "" if self.dtype == np.float64 else f", dtype={self.dtype.name}"
        )
        if self._op:
            extras += f", op={self._op!r}"
        return f"Tensor({values}{extras})"

    # --- arithmetic ------------------------------------------------------------

    @_raises_floating_point_errors
    def __add__(self, other):
        other = _as_tensor(other, self, "+")

        def backward(g):
            return g, g

        value = self.data + other.data
        return Tensor._node(value, (self, other), backward, "+")

    @_raises_floating_point_errors
    def __sub__(self, other):
        other = _as_tensor(other, self, "-")

        def backward(g):
            return g, -g

        value = self.data - other.data
        return Tensor._node(value, (self, other), backward, "-")

    @_raises_floating_point_errors
    def __mul__(self, other):
        other = _as_tensor(other, self, "*")

        def backward(g):
            return g * other.data, g * self.data

        value = self.data * other.data
        return Tensor._node(value, (self, other), backward, "*")

    @_raises_floating_point_errors
    def __truediv__(self, other):
        other = _as_tensor(other, self, "/")

        def backward(g):
            return g / other.data, -g * self.data / other.data**2

        value = self.data / other.data
        return Tensor._node(value, (self, other), backward, "/")

    @_raises_floating_point_errors
    def __pow__(self, p):
        p = _exponent(p)

        def backward(g):
            return (g * p * self.data ** (p - 1),)

        return Tensor._node(self.data**p, (self,), backward, f"**{p}")

    @_raises_floating_point_errors
    def __matmul__(self, other):
        other = _as_tensor(other, self, "@")
        _check_matmul(self.shape, other.shape)
        # A vector is a 1-row (left) or 1-column (right) matrix, so that
        # one pair of formulas covers every case.
        A = self.data.reshape(1, -1) if self.data.ndim == 1 else self.data
        B = other.data.reshape(-1, 1) if other.data.ndim == 1 else other.data

        def backward(g):
            G = g.reshape(A.shape[0], B.shape[1])
            dA = G @ B.T
            dB = A.T @ G
            return dA.reshape(self.shape), dB.reshape(other.shape)

        value = self.data @ other.data
        return Tensor._node(value, (self, other), backward, "@")

    def __neg__(self):
        return self * -1

    def __radd__(self, other):
        return _as_tensor(other, self, "+") + self

    def __rsub__(self, other):
        return _as_tensor(other, self, "-") - self

    def __rmul__(self, other):
        return _as_tensor(other, self, "*") * self

    def __rtruediv__(self, other):
        return _as_tensor(other, self, "/") / self

    def __rmatmul__(self, other):
        return _as_tensor(other, self, "@") @ self

    # --- reductions and shapes -------------------------------------------------

    @_raises_floating_point_errors
    def sum(self, axis=None, keepdims=False):
        """Sum of the entries, over all of them or over ``axis``.

        Parameters
        ----------
        axis : None, int or tuple of int, default None
            As in ``numpy.sum``: None sums everything (a tensor of shape ``()``).
        keepdims : bool, default False
            Keep the summed axes with length 1, so that the result
            broadcasts against the tensor (``x / x.sum(axis=1, keepdims=True)``).

        Returns
        -------
        Tensor
            The sum; its gradient is copied back to every summed entry.

        Raises
        ------
        ValueError
            If an axis is out of range for the tensor's shape (numpy's
            ``AxisError``, a ``ValueError``).
        FloatingPointError
            If the sum overflows.
        """
        axes = _axes(axis, self.data.ndim)

        def backward(g):
            if not keepdims:
                g = np.expand_dims(g, axes)
            return (np.broadcast_to(g, self.shape),)

        total = self.data.sum(axis=axes, keepdims=keepdims)
        return Tensor._node(total, (self,), backward, "sum")

    def mean(self, axis=None, keepdims=False):
        """Mean of the entries: :meth:`sum` divided by how many were summed.

        Parameters
        ----------
        axis : None, int or tuple of int, default None
        keepdims : bool, default False
            As for :meth:`sum`.

        Returns
        -------
        Tensor

        Raises
        ------
        ValueError
            If an axis is out of range, or the mean is over no entries.
        """
        axes = _axes(axis, self.data.ndim)
        count = int(np.prod([self.shape[a] for a in axes]))
        if count == 0:
            raise ValueError(
                f"mean over no entries: the tensor has shape {self.shape}"
            )
        return self.sum(axis, keepdims) * (1 / count)

    def reshape(self, *shape):
        """The same entries in a new shape, as ``numpy.reshape``.

        Parameters
        ----------
        *shape : int, or one tuple of int
            The new shape; one entry may be -1.

        Returns
        -------
        Tensor

        Raises
        ------
        ValueError
            If the new shape does not hold the tensor's number of entries.
        """
        if len(shape) == 1 and not isinstance(shape[0], numbers.Integral):
            shape = tuple(shape[0])
        try:
            data = self.data.reshape(shape)
        except (ValueError, TypeError) as error:
            raise ValueError(
                f"cannot reshape a tensor of shape {self.shape}: {error}"
            ) from None

        def backward(g):
            return (g.reshape(self.shape),)

        return Tensor._node(data, (self,), backward, "reshape")

    @property
    def T(self):
        """The transpose (axes reversed, as ``numpy.ndarray.T``)."""

        def backward(g):
            return (g.T,)

        return Tensor._node(self.data.T, (self,), backward, "T")

    # --- elementwise functions -------------------------------------------------

    @_raises_floating_point_errors
    def exp(self):
        """``e`` to the power of each entry.

        Returns
        -------
        Tensor

        Raises
        ------
        FloatingPointError
            If an entry overflows (above about 709 in float64, 88 in float32).
        """
        y = np.exp(self.data)

        def backward(g):
            return (g * y,)

        return Tensor._node(y, (self,), backward, "exp")

    @_raises_floating_point_errors
    def log(self):
        """Natural logarithm of each entry.

        Returns
        -------
        Tensor

        Raises
        ------
        ValueError
            If an entry is not positive (the message names the first one).
        FloatingPointError
            If the gradient ``g / x`` overflows (an entry close to 0).
        """
        _check_positive(self.data, "log")

        def backward(g):
            return (g / self.data,)

        return Tensor._node(np.log(self.data), (self,), backward, "log")

    def tanh(self):
        """Hyperbolic tangent of each entry.

        Returns
        -------
        Tensor
        """
        y = np.tanh(self.data)

        def backward(g):
            return (g * (1 - y**2),)

        return Tensor._node(y, (self,), backward, "tanh")

    def relu(self):
        """``max(x, 0)`` for each entry; its derivative at 0 is taken as 0.

        Returns
        -------
        Tensor
        """

        def backward(g):
            return (g * (self.data > 0),)

        return Tensor._node(np.maximum(self.data, 0), (self,), backward, "relu")

    def sigmoid(self):
        """Logistic sigmoid ``1 / (1 + exp(-x))`` of each entry, without overflow.

        The value is computed as :func:`nnscratch.activations.sigmoid` computes it.

        Returns
        -------
        Tensor
        """
        y = activations.sigmoid(self.data)

        def backward(g):
            return (g * y * (1 - y),)

        return Tensor._node(y, (self,), backward, "sigmoid")

    # --- gradients -------------------------------------------------------------

    def backward(self):
        """Add the gradient of this one-element tensor to every tensor's ``.grad``.

        After ``loss.backward()``, ``t.grad`` holds (added to what it held)
        the derivative of ``loss`` with respect to every entry of every
        tensor ``t`` that ``loss`` depends on, ``loss`` itself included
        (its ``.grad`` grows by 1). The graph is sorted once, without
        recursion, so its depth is limited only by memory.

        Raises
        ------
        ValueError
            If the tensor has more than one element (reduce it first, for
            example with :meth:`sum` or :meth:`mean`), or none.
        FloatingPointError
            If a gradient overflows or divides by zero.
        """
        if self.data.size != 1:
            raise ValueError(
                f"backward() needs a tensor with one element, such as a loss; this one "
                f"has shape {self.shape}: reduce it first, with .sum() or .mean()"
            )
        try:
            with np.errstate(all="raise", under="ignore"):
                self._backpropagate()
        except FloatingPointError as error:
            raise FloatingPointError(f"Tensor.backward: {error}") from None

    def _backpropagate(self):
        """:meth:`backward` for a checked tensor: the chain rule, outputs first."""
        order = self._topological_order()
        # The gradients of this pass, kept apart from .grad so that a second
        # backward() adds its own gradients and not the first pass's again.
        grads = {id(self): np.ones_like(self.data)}
        for node in reversed(order):
            g = grads.pop(id(node))
            node.grad += g
            if node._backward is None:
                continue
            for parent, parent_grad in zip(node._parents, node._backward(g)):
                parent_grad = _unbroadcast(parent_grad, parent.shape)
                if id(parent) in grads:
                    grads[id(parent)] = grads[id(parent)] + parent_grad
                else:
                    grads[id(parent)] = parent_grad

    def _topological_order(self):
        """Every tensor this one depends on, each after all of its parents.

        A depth-first search with a stack of its own: ``(node, True)`` is
        popped once all the node's parents are in ``order``.
        """
        order, seen = [], set()
        stack = [(self, False)]
        while stack:
            node, parents_done = stack.pop()
            if parents_done:
                order.append(node)
            elif id(node) not in seen:
                seen.add(id(node))
                stack.append((node, True))
                unseen = [p for p in node._parents if id(p) not in seen]
                stack.extend((p, False) for p in unseen)
        return order

    def zero_grad(self):
        """Set ``.grad`` to zeros for this tensor and every tensor it depends on.

        Gradients accumulate across calls of :meth:`backward`; call this
        between training steps (``loss.zero_grad()`` clears the parameters
        that ``loss`` was computed from).
        """
        for node in self._topological_order():
            node.grad = np.zeros_like(node.data)


# --- helpers (inner code: they trust their inputs) --------------------------------


def _unbroadcast(grad, shape):
    """Sum ``grad`` down to ``shape``: undo the broadcasting of an input.

    An input broadcast to the result's shape was used once for every entry
    along the axes it was stretched over (new leading axes, and axes of
    length 1), so its gradient is the sum over those axes.
    """
    grad = np.asarray(grad)
    while grad.ndim > len(shape):
        grad = grad.sum(axis=0)
    for axis, n in enumerate(shape):
        if n == 1 and grad.shape[axis] != 1:
            grad = grad.sum(axis=axis, keepdims=True)
    return grad


def _as_tensor(value, like, op):
    """``value`` as a tensor that can meet ``like`` in ``op``.

    Tensors are returned unchanged, numbers and integer arrays as constants
    in ``like``'s dtype; for an elementwise ``op`` the shapes must broadcast.
    """
    if not isinstance(value, Tensor):
        name = f"the operand of {op}"
        if isinstance(value, numbers.Real) and not isinstance(value, bool):
            array = _checks.float_array(value, name, like.dtype)
        else:
            array = _checks.numeric_array(value, name)
            dtype = (
                array.dtype
                if array.dtype in (np.float32, np.float64)
                else like.dtype
            )
            array = _checks.float_array(array, name, dtype).copy()
        value = Tensor._node(array, (), None, "")
    if op != "@":
        try:
            np.broadcast_shapes(like.shape, value.shape)
        except ValueError:
            raise ValueError(
                f"{op} needs shapes that broadcast, got {like.shape} and {value.shape}"
            ) from None
    return value


def _exponent(p):
    """The exponent of ``**``: a finite real number."""
    if isinstance(p, Tensor):
        raise ValueError("the exponent of ** must be a number, not a Tensor")
    if (
        isinstance(p, bool)
        or not isinstance(p, numbers.Real)
        or not np.isfinite(p)
    ):
        raise ValueError(
            f"the exponent of ** must be a finite real number, got {p!r}"
        )
    return p


def _check_matmul(a_shape, b_shape):
    """Raise ``ValueError`` unless ``a @ b`` is a product of vectors and matrices that
    fit.
    """
    if len(a_shape) not in (1, 2) or len(b_shape) not in (1, 2):
        raise ValueError(
            f"@ needs vectors or matrices, got shapes {a_shape} and {b_shape}"
        )
    if a_shape[-1] != b_shape[0]:
        raise ValueError(
            f"a @ b with a of shape {a_shape} and b of shape {b_shape}: a's last axis "
            f"({a_shape[-1]}) must have the length of b's first ({b_shape[0]})"
        )


def _check_positive(x, op):
    """Raise ``ValueError`` naming the first entry of ``x`` that is not > 0."""
    bad = ~(x > 0)
    if bad.any():
        index = tuple(int(i) for i in np.argwhere(bad)[0])
        where = f"[{index[0] if len(index) == 1 else index}]" if index else ""
        raise ValueError(
            f"{op} needs positive entries, but x{where} is {x[index]} (shape {x.shape})"
        )


def _axes(axis, ndim):
    """``axis`` of a reduction as a tuple of non-negative ints (all axes for None)."""
    if axis is None:
        return tuple(range(ndim))
    return np.lib.array_utils.normalize_axis_tuple(axis, ndim)
