"""Convolutional layers: convolution, max pooling, and a small network.

Shapes are those of PyTorch. A batch of images ``x`` has shape
``(N, C, H, W)``: N images of C channels (1 for grey, 3 for colour) of H rows
and W columns. A convolution's kernels ``W`` have shape
``(C_out, C_in, kh, kw)``: ``W[o]`` is the kernel of output channel ``o``, one
``kh x kw`` slice per input channel. Its output has shape
``(N, C_out, H_out, W_out)`` with, along each side,

    ``H_out = (H + 2 * padding - kh) // stride + 1``

(:func:`output_size`). Padding adds ``padding`` rows and columns of zeros on
every side; the stride is the step between two windows.

The convolution of a network is a cross-correlation: the kernel slides over
the image unflipped,
``out[n, o, i, j] = b[o] + sum over c, p, q of
x[n, c, stride*i + p, stride*j + q] * W[o, c, p, q]``. It is computed as one
matrix product by :func:`im2col`, which copies every window of the image into
a column.

Every public function checks its arguments and raises ``ValueError`` with a
message that names the argument and its shape when an array has the wrong
number of dimensions, holds something other than finite real numbers, or does
not fit the others (channels that do not match, a kernel larger than the
padded image, an output gradient of the wrong shape), and when ``stride`` or
``size`` is not an integer >= 1 or ``padding`` not an integer >= 0. The
results are in the float dtype NumPy gives the inputs (float32 stays
float32). Arrays returned may be views in another memory order; they behave
as any array of their shape.
"""

import numpy as np

from nnscratch import _checks, optim
from nnscratch.activations import softmax
from nnscratch.losses import _cross_entropy

# --- checks ------------------------------------------------------------------


def _images(x, name, what="x"):
    """``x`` as a finite float array of shape (N, C, H, W)."""
    x = _checks.float_array(x, name)
    if x.ndim != 4:
        raise ValueError(
            f"{name} must have shape (N, C, H, W) (a batch of {what}), "
            f"got shape {x.shape}"
        )
    _checks.check_not_empty(x, name)
    return x


def _conv_arguments(x, W, stride, padding):
    """Check the arguments shared by :func:`conv2d` and :func:`conv2d_backward`."""
    x = _images(x, "x", "images")
    W = _checks.float_array(W, "W")
    if W.ndim != 4:
        raise ValueError(
            f"W must have shape (C_out, C_in, kh, kw), got shape {W.shape}"
        )
    _checks.check_not_empty(W, "W")
    if W.shape[1] != x.shape[1]:
        raise ValueError(
            f"W of shape {W.shape} expects {W.shape[1]} input channel(s), "
            f"but x of shape {x.shape} has {x.shape[1]}"
        )
    stride = _checks.positive_int(stride, "stride")
    padding = _checks.nonnegative_int(padding, "padding")
    padded = (x.shape[2] + 2 * padding, x.shape[3] + 2 * padding)
    if W.shape[2] > padded[0] or W.shape[3] > padded[1]:
        raise ValueError(
            f"the kernel of W, {W.shape[2]}x{W.shape[3]}, is larger than the "
            f"padded image of x, {padded[0]}x{padded[1]} (x has shape {x.shape}, "
            f"padding={padding})"
        )
    dtype = np.result_type(x.dtype, W.dtype)
    return (
        x.astype(dtype, copy=False),
        W.astype(dtype, copy=False),
        stride,
        padding,
    )


def _pool_arguments(x, size, stride):
    """Check the arguments of :func:`max_pool2d` and its backward pass."""
    x = _images(x, "x", "feature maps")
    size = _checks.positive_int(size, "size")
    stride = size if stride is None else _checks.positive_int(stride, "stride")
    if size > x.shape[2] or size > x.shape[3]:
        raise ValueError(
            f"the pooling window {size}x{size} is larger than the images of x "
            f"of shape {x.shape}"
        )
    return x, size, stride


def _gradient_of(dout, name, shape, dtype):
    """Check that the output gradient ``dout`` has the output's ``shape``."""
    dout = _checks.float_array(dout, name, dtype=dtype)
    if dout.shape != shape:
        raise ValueError(
            f"{name} of shape {dout.shape} does not match the output's shape "
            f"{shape}: it needs one derivative per output"
        )
    return dout


# --- sizes and im2col --------------------------------------------------------


def output_size(n, k, stride=1, padding=0):
    """Output length along one side: ``(n + 2 * padding - k) // stride + 1``.

    Parameters
    ----------
    n : int
        Input length (H or W), >= 1.
    k : int
        Kernel length (kh or kw), >= 1, at most ``n + 2 * padding``.
    stride : int, default 1
    padding : int, default 0

    Returns
    -------
    int
        The number of windows along that side.

    Raises
    ------
    ValueError
        If a length or the stride is not an integer >= 1, ``padding`` is not
        an integer >= 0, or the kernel is longer than the padded input.
    """
    n, k = _checks.positive_int(n, "n"), _checks.positive_int(k, "k")
    stride = _checks.positive_int(stride, "stride")
    padding = _checks.nonnegative_int(padding, "padding")
    if k > n + 2 * padding:
        raise ValueError(
            f"the kernel length k={k} is larger than the padded input "
            f"n + 2 * padding = {n + 2 * padding}"
        )
    return _output_size(n, k, stride, padding)


def _output_size(n, k, stride, padding):
    return (n + 2 * padding - k) // stride + 1


def _pad(x, padding):
    """``x`` (N, C, H, W) with ``padding`` zeros around every image.

    The result is stored with the images innermost, ``(C, H, W, N)`` in
    memory, and viewed as ``(N, C, H, W)`` (see :func:`_im2col`).
    """
    N, C, H, W = x.shape
    if padding == 0 and x.transpose(1, 2, 3, 0).flags.c_contiguous:
        return x
    padded = np.zeros((C, H + 2 * padding, W + 2 * padding, N), dtype=x.dtype)
    padded[:, padding : padding + H, padding : padding + W] = x.transpose(
        1, 2, 3, 0
    )
    return padded.transpose(3, 0, 1, 2)


def _steps(start, stride, count):
    """The ``count`` indices ``start, start + stride, ...`` as a slice."""
    return slice(start, start + stride * (count - 1) + 1, stride)


def _window(x, p, q, stride, H_out, W_out):
    """The view ``x[..., stride*i + p, stride*j + q]`` for all i, j: one per window."""
    return x[..., _steps(p, stride, H_out), _steps(q, stride, W_out)]


def im2col(x, kh, kw, stride=1, padding=0):
    """Copy every ``kh x kw`` window of the images into a column.

    Parameters
    ----------
    x : array_like, shape (N, C, H, W)
    kh, kw : int
        The window's height and width.
    stride : int, default 1
    padding : int, default 0

    Returns
    -------
    cols : ndarray, shape (C * kh * kw, H_out * W_out * N)
        Row ``(c, p, q)`` and column ``(i, j, n)`` (both in that order,
        C-style) hold ``x_padded[n, c, stride*i + p, stride*j + q]``: column
        ``(i, j, n)`` is the window of output pixel ``(i, j)`` of image
        ``n``, so ``W.reshape(C_out, -1) @ cols`` is the convolution, with
        the images innermost (see :func:`conv2d`).

    Raises
    ------
    ValueError
        If ``x`` is not a batch of images or the window does not fit (see
        the module notes).
    """
    x = _images(x, "x", "images")
    kh, kw = _checks.positive_int(kh, "kh"), _checks.positive_int(kw, "kw")
    x, _, stride, padding = _conv_arguments(
        x, np.empty((1, x.shape[1], kh, kw), x.dtype), stride, padding
    )
    return _im2col(x, kh, kw, stride, padding)


def _im2col(x, kh, kw, stride, padding):
    N, C, H, W = x.shape
    H_out = _output_size(H, kh, stride, padding)
    W_out = _output_size(W, kw, stride, padding)
    # The images innermost, (C, H, W, N): a window's row then is one run of
    # W_out * N numbers in memory, which copies much faster than W_out.
    x_padded = _pad(x, padding).transpose(1, 2, 3, 0)
    cols = np.empty((C, kh, kw, H_out, W_out, N), dtype=x.dtype)
    for p in range(kh):
        for q in range(kw):
            rows, columns = _steps(p, stride, H_out), _steps(q, stride, W_out)
            cols[:, p, q] = x_padded[:, rows, columns]
    return cols.reshape(C * kh * kw, H_out * W_out * N)


def col2im(cols, x_shape, kh, kw, stride=1, padding=0):
    """Add every column back into its window: the adjoint of :func:`im2col`.

    Where windows overlap, their entries add up. This is what the
    backward pass needs: an input pixel that sits in several windows gets
    the sum of the gradients of all of them.

    Parameters
    ----------
    cols : array_like, shape (C * kh * kw, H_out * W_out * N)
    x_shape : tuple of int
        ``(N, C, H, W)``, the shape of the images.
    kh, kw : int
    stride : int, default 1
    padding : int, default 0

    Returns
    -------
    ndarray, shape ``x_shape``
        Padding rows and columns are dropped.

    Raises
    ------
    ValueError
        If ``x_shape`` is not four integers >= 1, the window does not fit,
        or ``cols`` does not have the shape :func:`im2col` gives.
    """
    if len(tuple(x_shape)) != 4:
        raise ValueError(f"x_shape must be (N, C, H, W), got {x_shape!r}")
    N, C, H, W = (_checks.positive_int(n, "x_shape") for n in x_shape)
    kh, kw = _checks.positive_int(kh, "kh"), _checks.positive_int(kw, "kw")
    _, _, stride, padding = _conv_arguments(
        np.zeros((1, C, H, W)), np.zeros((1, C, kh, kw)), stride, padding
    )
    H_out = _output_size(H, kh, stride, padding)
    W_out = _output_size(W, kw, stride, padding)
    cols = _checks.float_array(cols, "cols")
    expected = (C * kh * kw, H_out * W_out * N)
    if cols.shape != expected:
        raise ValueError(
            f"cols of shape {cols.shape} does not fit x_shape {tuple(x_shape)} with "
            f"a {kh}x{kw} window: it needs shape {expected}"
        )
    return _col2im(cols, (N, C, H, W), kh, kw, stride, padding)


def _col2im(cols, x_shape, kh, kw, stride, padding):
    N, C, H, W = x_shape
    H_out = _output_size(H, kh, stride, padding)
    W_out = _output_size(W, kw, stride, padding)
    cols = cols.reshape(C, kh, kw, H_out, W_out, N)
    H_padded, W_padded = H + 2 * padding, W + 2 * padding
    x_padded = np.zeros((C, H_padded, W_padded, N), dtype=cols.dtype)
    for p in range(kh):
        for q in range(kw):
            rows, columns = _steps(p, stride, H_out), _steps(q, stride, W_out)
            x_padded[:, rows, columns] += cols[:, p, q]
    inside = x_padded[:, padding : padding + H, padding : padding + W]
    return inside.transpose(3, 0, 1, 2)


# --- convolution -------------------------------------------------------------


def conv2d(x, W, b=None, stride=1, padding=0):
    """The convolution of a network (a cross-correlation), as in PyTorch.

    ``out[n, o, i, j] = b[o] + sum over c, p, q of
    x_padded[n, c, stride*i + p, stride*j + q] * W[o, c, p, q]``.

    Parameters
    ----------
    x : array_like, shape (N, C_in, H, W)
        A batch of images.
    W : array_like, shape (C_out, C_in, kh, kw)
        One kernel per output channel.
    b : array_like, shape (C_out,), optional
        One bias per output channel; zero when omitted.
    stride : int, default 1
    padding : int, default 0

    Returns
    -------
    ndarray, shape (N, C_out, H_out, W_out)
        See :func:`output_size` for H_out and W_out.

    Raises
    ------
    ValueError
        If an argument has the wrong number of dimensions, the channels of
        ``x`` and ``W`` differ, ``b`` does not have one entry per kernel,
        the kernel is larger than the padded image, or a setting is out of
        range (see the module notes).
    """
    x, W, stride, padding = _conv_arguments(x, W, stride, padding)
    if b is not None:
        b = _checks.float_array(b, "b", dtype=x.dtype)
        if b.shape != (W.shape[0],):
            raise ValueError(
                f"b of shape {b.shape} does not fit W of shape {W.shape}: "
                f"it needs shape ({W.shape[0]},), one bias per output channel"
            )
    return _conv2d(x, W, b, stride, padding)


def _conv2d(x, W, b, stride, padding, cols=None):
    N, _, H, width = x.shape
    C_out, _, kh, kw = W.shape
    H_out = _output_size(H, kh, stride, padding)
    W_out = _output_size(width, kw, stride, padding)
    if cols is None:
        cols = _im2col(x, kh, kw, stride, padding)  # (C_in*k*k, H_out*W_out*N)
    out = W.reshape(C_out, -1) @ cols  # (C_out, H_out*W_out*N)
    if b is not None:
        out += b[:, None]
    return out.reshape(C_out, H_out, W_out, N).transpose(3, 0, 1, 2)


def conv2d_backward(dout, x, W, stride=1, padding=0):
    """Gradients of a loss through :func:`conv2d`, from the output's gradient.

    With ``out = conv2d(x, W, b, stride, padding)`` and ``dout`` the
    derivative of a loss with respect to ``out``:

    * ``dW[o, c, p, q] = sum over n, i, j of
      dout[n, o, i, j] * x_padded[n, c, stride*i + p, stride*j + q]``, the
      correlation of the input with the output gradient;
    * ``db[o] = sum over n, i, j of dout[n, o, i, j]``;
    * ``dx`` sends each output's gradient back to the pixels of its window,
      weighted by the kernel: for stride 1 and no padding it is the full
      convolution of ``dout`` with the flipped kernels.

    Parameters
    ----------
    dout : array_like, shape (N, C_out, H_out, W_out)
    x : array_like, shape (N, C_in, H, W)
        The input of the forward pass.
    W : array_like, shape (C_out, C_in, kh, kw)
        The kernels of the forward pass.
    stride : int, default 1
    padding : int, default 0

    Returns
    -------
    dx : ndarray, shape of ``x``
    dW : ndarray, shape of ``W``
    db : ndarray, shape (C_out,)

    Raises
    ------
    ValueError
        As for :func:`conv2d`, and if ``dout`` does not have the output's
        shape.
    """
    x, W, stride, padding = _conv_arguments(x, W, stride, padding)
    shape = (
        x.shape[0],
        W.shape[0],
        _output_size(x.shape[2], W.shape[2], stride, padding),
        _output_size(x.shape[3], W.shape[3], stride, padding),
    )
    dout = _gradient_of(dout, "dout", shape, x.dtype)
    return _conv2d_backward(dout, x, W, stride, padding)


def _conv2d_backward(dout, x, W, stride, padding, cols=None, need_dx=True):
    C_out, _, kh, kw = W.shape
    if cols is None:
        cols = _im2col(x, kh, kw, stride, padding)  # (C_in*k*k, H_out*W_out*N)
    dout_rows = dout.transpose(1, 2, 3, 0).reshape(C_out, -1)
    # dW = dout_rows @ cols.T, computed transposed: BLAS is faster that way
    # round for a long inner dimension and few rows.
    dW = (cols @ dout_rows.T).T.reshape(W.shape)
    db = dout_rows.sum(axis=1)
    if not need_dx:  # the first layer's input is the data
        return None, dW, db
    dcols = W.reshape(C_out, -1).T @ dout_rows  # (C_in*k*k, H_out*W_out*N)
    dx = _col2im(dcols, x.shape, kh, kw, stride, padding)
    return dx, dW, db


# --- max pooling -------------------------------------------------------------


def max_pool2d(x, size=2, stride=None):
    """The largest value of every ``size x size`` window, channel by channel.

    Parameters
    ----------
    x : array_like, shape (N, C, H, W)
    size : int, default 2
        The window's side.
    stride : int, optional
        The step between windows; ``size`` when omitted (windows side by
        side). Rows and columns that no window reaches are ignored.

    Returns
    -------
    ndarray, shape (N, C, H_out, W_out)
        With ``H_out = (H - size) // stride + 1``, likewise W_out.

    Raises
    ------
    ValueError
        If ``x`` is not a batch of images, ``size`` or ``stride`` is not an
        integer >= 1, or the window is larger than the images.
    """
    x, size, stride = _pool_arguments(x, size, stride)
    return _max_pool2d(x, size, stride)


def _max_pool2d(x, size, stride):
    H_out = _output_size(x.shape[2], size, stride, 0)
    W_out = _output_size(x.shape[3], size, stride, 0)
    out = _window(x, 0, 0, stride, H_out, W_out).copy(order="K")
    for p in range(size):
        for q in range(size):
            np.maximum(out, _window(x, p, q, stride, H_out, W_out), out=out)
    return out


def max_pool2d_backward(dout, x, size=2, stride=None):
    """Gradient of a loss through :func:`max_pool2d`: each window's to its maximum.

    A window passes on only its largest input, so the derivative of its
    output is 1 with respect to that input and 0 with respect to the others.
    When several inputs tie for the maximum, the first one (in row-major
    order) gets the gradient, as in PyTorch. Overlapping windows add up.

    Parameters
    ----------
    dout : array_like, shape (N, C, H_out, W_out)
        The derivative of the loss with respect to the pooled output.
    x : array_like, shape (N, C, H, W)
        The input of the forward pass.
    size : int, default 2
    stride : int, optional
        ``size`` when omitted.

    Returns
    -------
    dx : ndarray, shape of ``x``

    Raises
    ------
    ValueError
        As for :func:`max_pool2d`, and if ``dout`` does not have the output's
        shape.
    """
    x, size, stride = _pool_arguments(x, size, stride)
    shape = x.shape[:2] + (
        _output_size(x.shape[2], size, stride, 0),
        _output_size(x.shape[3], size, stride, 0),
    )
    dout = _gradient_of(dout, "dout", shape, x.dtype)
    return _max_pool2d_backward(dout, x, size, stride)


def _max_pool2d_backward(dout, x, size, stride):
    H_out, W_out = dout.shape[2:]
    out = _max_pool2d(x, size, stride)
    dx = np.zeros_like(x)
    left = dout.copy(order="K")  # what no maximum has received yet
    for p in range(size):
        for q in range(size):
            is_max = _window(x, p, q, stride, H_out, W_out) == out
            to_here = is_max * left
            _window(dx, p, q, stride, H_out, W_out)[...] += to_here
            left -= to_here  # so that of tied maxima only the first gets it
    return dx


# --- a small convolutional network -------------------------------------------


class ConvNet:
    """Convolution, ReLU and max pooling stages, then a dense softmax layer.

    Each stage computes ``a = max_pool2d(relu(conv2d(a, W, b,
    padding=padding)), pool)`` (as ``relu(max_pool2d(...))``, the same
    numbers, computed on fewer of them); the last feature maps are
    flattened into one row per image, an optional hidden dense ReLU layer
    follows, and a dense layer ``z = a @ W + b`` gives the K class scores,
    turned into probabilities by softmax. The loss is the
    cross-entropy, averaged over the batch, whose derivative with respect to
    ``z`` is ``(y - t) / N``, as for :class:`~nnscratch.network.MLP`.

    Parameters
    ----------
    image_shape : tuple of int, default (1, 28, 28)
        ``(C, H, W)`` of one input image.
    channels : sequence of int, default (16, 32)
        Output channels of each convolution stage.
    kernel_size : int, default 5
        Side of every kernel.
    padding : int, default 0
        Zeros added around the image before every convolution.
    pool : int, default 2
        Side (and stride) of every max-pooling window.
    hidden : int, default 0
        Units of a dense ReLU layer between the last stage and the output
        layer; 0 for none.
    n_classes : int, default 10
    seed : int, default 0
        Seed of ``np.random.default_rng`` for the initial weights.
    dtype : float dtype, default numpy.float32

    Raises
    ------
    ValueError
        If a size is not an integer >= 1 (``padding``: >= 0), ``image_shape``
        is not three sizes, the images become too small for a kernel or a
        pooling window, or ``dtype`` is not a float dtype.

    Notes
    -----
    The kernels start with He initialisation, standard deviation
    ``sqrt(2 / (C_in * kh * kw))``, because a ReLU follows them; the dense
    layer uses ``sqrt(2 / (n_in + n_out))`` (Glorot), as the output layer of
    an :class:`~nnscratch.network.MLP`. Biases start at 0.

    ``parameters`` is the list of every array the network learns, in the
    order ``W, b`` of each stage, then ``W, b`` of the hidden layer (if
    any) and of the output layer; dense weights have shape
    ``(n_in, n_out)``. An optimizer updates them in place.
    """

    def __init__(
        self,
        image_shape=(1, 28, 28),
        channels=(16, 32),
        kernel_size=5,
        padding=0,
        pool=2,
        hidden=0,
        n_classes=10,
        seed=0,
        dtype=np.float32,
    ):
        if len(tuple(image_shape)) != 3:
            raise ValueError(
                f"image_shape must be (C, H, W), got {image_shape!r}"
            )
        self.image_shape = tuple(
            _checks.positive_int(n, "image_shape") for n in image_shape
        )
        self.channels = [_checks.positive_int(c, "channels") for c in channels]
        self.kernel_size = _checks.positive_int(kernel_size, "kernel_size")
        self.padding = _checks.nonnegative_int(padding, "padding")
        self.pool = _checks.positive_int(pool, "pool")
        self.n_classes = _checks.positive_int(n_classes, "n_classes")
        self.hidden = _checks.nonnegative_int(hidden, "hidden")
        try:
            self.dtype = np.dtype(dtype)
        except TypeError:
            self.dtype = None
        if self.dtype is None or not np.issubdtype(self.dtype, np.floating):
            raise ValueError(
                f"dtype must be a float dtype such as np.float32, got {dtype!r}"
            )

        rng = np.random.default_rng(seed)
        C, H, W = self.image_shape
        k = self.kernel_size
        self.parameters = []
        for C_out in self.channels:
            if k > min(H, W) + 2 * self.padding:
                raise ValueError(
                    f"the {k}x{k} kernels do not fit the {H}x{W} feature maps of "
                    f"stage {len(self.parameters) // 2 + 1}: use fewer stages or "
                    f"smaller kernels"
                )
            std = np.sqrt(2 / (C * k * k))
            self.parameters += [
                std * rng.standard_normal((C_out, C, k, k)),
                np.zeros(C_out),
            ]
            H = _output_size(H, k, 1, self.padding)
            W = _output_size(W, k, 1, self.padding)
            if self.pool > min(H, W):
                raise ValueError(
                    f"the {self.pool}x{self.pool} pooling window does not fit the "
                    f"{H}x{W} feature maps of stage {len(self.parameters) // 2}"
                )
            C, H, W = C_out, H // self.pool, W // self.pool
        n_in = C * H * W
        if self.hidden:
            std = np.sqrt(2 / n_in)
            self.parameters += [
                std * rng.standard_normal((n_in, self.hidden)),
                np.zeros(self.hidden),
            ]
            n_in = self.hidden
        std = np.sqrt(2 / (n_in + self.n_classes))
        self.parameters += [
            std * rng.standard_normal((n_in, self.n_classes)),
            np.zeros(self.n_classes),
        ]
        self.parameters = [p.astype(self.dtype) for p in self.parameters]

    def __repr__(self):
        return (
            f"ConvNet(image_shape={self.image_shape}, channels={self.channels}, "
            f"kernel_size={self.kernel_size}, padding={self.padding}, "
            f"pool={self.pool}, hidden={self.hidden}, n_classes={self.n_classes}, "
            f"dtype={self.dtype.name})"
        )

    # --- checks of the data ----------------------------------------------

    def _inputs(self, X):
        """X as (N, C, H, W) in the network's dtype; flat rows are reshaped."""
        X = _checks.float_array(X, "X", dtype=self.dtype)
        _checks.check_not_empty(X, "X", "image")
        n_pixels = int(np.prod(self.image_shape))
        if X.ndim == 2 and X.shape[1] == n_pixels:
            return X.reshape((X.shape[0],) + self.image_shape)
        if X.ndim != 4 or X.shape[1:] != self.image_shape:
            raise ValueError(
                f"X of shape {X.shape} does not fit the network's images of shape "
                f"{self.image_shape}: X needs shape (N, "
                f"{', '.join(map(str, self.image_shape))}) "
                f"or (N, {n_pixels}) for N flattened images"
            )
        return X

    def _targets(self, T, n):
        """T as one-hot rows (N, K) in the network's dtype."""
        T = np.asarray(T)
        if T.shape == (n,):
            labels = _checks.check_labels(T, "T", self.n_classes)
            one_hot = np.zeros((n, self.n_classes), dtype=self.dtype)
            one_hot[np.arange(n), labels] = 1
            return one_hot
        T = _checks.float_array(T, "T", dtype=self.dtype)
        if T.shape != (n, self.n_classes):
            raise ValueError(
                f"T of shape {T.shape} does not fit {n} images: T needs integer labels "
                f"of shape ({n},) or one-hot rows of shape ({n}, {self.n_classes})"
            )
        _checks.check_one_hot(T, "T")
        return T

    def _batch(self, X, T):
        X = self._inputs(X)
        return X, self._targets(T, X.shape[0])

    # --- computation -----------------------------------------------------

    def forward(self, X):
        """Class probabilities for a batch of images.

        Parameters
        ----------
        X : array_like, shape (N, C, H, W), or (N, C*H*W) flattened

        Returns
        -------
        ndarray, shape (N, K)
            Each row sums to 1.

        Raises
        ------
        ValueError
            If ``X`` does not hold finite numbers or does not fit the
            network's ``image_shape``.
        """
        return self._forward(self._inputs(X))[0]

    def _stages(self):
        """(W, b) of every convolution stage."""
        n = 2 * len(self.channels)
        return list(zip(self.parameters[:n:2], self.parameters[1:n:2]))

    def _forward(self, X):
        """Probabilities, and what the backward pass needs of every stage."""
        a, kept = X, []
        k = self.kernel_size
        for W, b in self._stages():
            cols = _im2col(a, k, k, 1, self.padding)
            z = _conv2d(a, W, b, 1, self.padding, cols)
            # Pooling first is the same (ReLU keeps the order) on fewer numbers.
            m = _max_pool2d(z, self.pool, self.pool)
            kept.append((a, cols, z, m))
            a = np.maximum(m, 0)
        flat = a.reshape(a.shape[0], -1)
        h = flat
        if self.hidden:
            W, b = self.parameters[-4:-2]
            h = np.maximum(flat @ W + b, 0)
        W, b = self.parameters[-2:]
        Y = softmax(h @ W + b)
        return Y, kept, (a, flat, h)

    def gradients(self, X, T):
        """The batch loss and its gradients, by backpropagation.

        Parameters
        ----------
        X : array_like, shape (N, C, H, W), or (N, C*H*W) flattened
        T : array_like
            Integer class labels of shape (N,) or one-hot rows (N, K).

        Returns
        -------
        loss : numpy.floating
            The mean cross-entropy over the batch.
        grads : list of ndarray
            One gradient per entry of ``parameters``, same shapes.

        Raises
        ------
        ValueError
            If ``X`` or ``T`` do not fit the network or each other.
        """
        X, T = self._batch(X, T)
        return self._backpropagate(X, T)

    def _backpropagate(self, X, T):
        Y, kept, (a, flat, h) = self._forward(X)
        loss = _cross_entropy(Y, T)
        delta = (Y - T) / X.shape[0]  # dL/dz of the output layer
        grads = [h.T @ delta, delta.sum(axis=0)]
        delta = delta @ self.parameters[-2].T  # dL/dh
        if self.hidden:
            delta *= h > 0
            grads = [flat.T @ delta, delta.sum(axis=0)] + grads
            delta = delta @ self.parameters[-4].T
        da = delta.reshape(a.shape)  # dL/da of the last pooled maps
        for stage in range(len(kept) - 1, -1, -1):
            a_in, cols, z, m = kept[stage]
            dm = da * (m > 0)  # ReLU passes where m > 0
            dz = _max_pool2d_backward(dm, z, self.pool, self.pool)
            W = self.parameters[2 * stage]
            da, dW, db = _conv2d_backward(
                dz, a_in, W, 1, self.padding, cols, need_dx=stage > 0
            )
            grads = [dW, db] + grads
        return loss, grads

    def predict(self, X):
        """The most probable class of every image.

        Parameters
        ----------
        X : array_like, shape (N, C, H, W), or (N, C*H*W) flattened

        Returns
        -------
        ndarray of int, shape (N,)

        Raises
        ------
        ValueError
            As for :meth:`forward`.
        """
        X = self._inputs(X)
        labels = [
            np.argmax(self._forward(X[start : start + 1000])[0], axis=1)
            for start in range(0, X.shape[0], 1000)
        ]
        return np.concatenate(labels)


def fit(
    net,
    X,
    T,
    epochs,
    batch_size=64,
    learning_rate=0.001,
    optimizer="adam",
    seed=0,
    validation=None,
):
    """Train a :class:`ConvNet` in place by mini-batch gradient descent.

    Every epoch shuffles the images with ``np.random.default_rng(seed)``,
    cuts them into batches of ``batch_size`` and makes one optimizer step
    per batch, as :func:`nnscratch.train.fit` does for an MLP.

    Parameters
    ----------
    net : ConvNet
    X : array_like, shape (N, C, H, W), or (N, C*H*W) flattened
    T : array_like, integer labels (N,) or one-hot rows (N, K)
    epochs : int
    batch_size : int, default 64
    learning_rate : float, default 0.001
        Given to the optimizer named by ``optimizer``.
    optimizer : str or Optimizer, default "adam"
        A name for :func:`nnscratch.optim.get_optimizer`, or a ready-made
        optimizer used with its own settings (and kept state).
    seed : int, default 0
    validation : (X_val, labels_val), optional
        Images and integer labels to measure the accuracy on after every
        epoch.

    Returns
    -------
    history : dict of str to list of float
        ``"loss"``: the mean batch loss of every epoch; with
        ``validation``, ``"val_accuracy"`` after every epoch.

    Raises
    ------
    ValueError
        If ``net`` is not a ConvNet, the data do not fit it, or a setting is
        out of range.
    """
    if not isinstance(net, ConvNet):
        raise ValueError(
            f"net must be an nnscratch ConvNet, got {type(net).__name__}"
        )
    epochs = _checks.positive_int(epochs, "epochs")
    batch_size = _checks.positive_int(batch_size, "batch_size")
    if not isinstance(optimizer, optim.Optimizer):
        optimizer = optim.get_optimizer(optimizer, learning_rate=learning_rate)
    X, T = net._batch(X, T)
    if validation is not None:
        X_val, labels_val = validation
        X_val = net._inputs(X_val)
        labels_val = _checks.check_labels(
            labels_val, "validation labels", net.n_classes
        )
    rng = np.random.default_rng(seed)
    history = (
        {"loss": []} if validation is None else {"loss": [], "val_accuracy": []}
    )
    for _ in range(epochs):
        total = _epoch(
            net, X, T, rng.permutation(X.shape[0]), batch_size, optimizer
        )
        history["loss"].append(total)
        if validation is not None:
            history["val_accuracy"].append(
                float(np.mean(net.predict(X_val) == labels_val))
            )
    return history


def _epoch(net, X, T, order, batch_size, optimizer):
    """One pass over the batches in ``order``; the mean batch loss."""
    total = 0.0
    for start in range(0, X.shape[0], batch_size):
        rows = order[start : start + batch_size]
        loss, grads = net._backpropagate(X[rows], T[rows])
        optimizer.step(net.parameters, grads)
        total += float(loss) * len(rows)
    return total / X.shape[0]
