"""nnscratch.conv: convolution, max pooling and the convolutional network.

Every gradient is checked against central finite differences in float64
(relative error below 1e-7) for random shapes, strides and paddings; the
forward passes against plain loops over the definition; and, when PyTorch is
installed, against torch.nn.functional.
"""

import inspect

import numpy as np
import pytest

from nnscratch import conv
from nnscratch.gradcheck import numerical_gradient, relative_error

TOLERANCE = 1e-7


def loop_conv2d(x, W, b, stride, padding):
    """The definition, one output at a time."""
    N, C, H, width = x.shape
    C_out, _, kh, kw = W.shape
    xp = np.pad(x, ((0, 0), (0, 0), (padding, padding), (padding, padding)))
    H_out = (H + 2 * padding - kh) // stride + 1
    W_out = (width + 2 * padding - kw) // stride + 1
    out = np.zeros((N, C_out, H_out, W_out))
    for n in range(N):
        for o in range(C_out):
            for i in range(H_out):
                for j in range(W_out):
                    window = xp[
                        n, :, stride * i : stride * i + kh, stride * j : stride * j + kw
                    ]
                    out[n, o, i, j] = np.sum(window * W[o]) + (0 if b is None else b[o])
    return out


def loop_max_pool2d(x, size, stride):
    N, C, H, W = x.shape
    H_out, W_out = (H - size) // stride + 1, (W - size) // stride + 1
    out = np.zeros((N, C, H_out, W_out))
    for i in range(H_out):
        for j in range(W_out):
            window = x[
                :, :, stride * i : stride * i + size, stride * j : stride * j + size
            ]
            out[:, :, i, j] = window.max(axis=(2, 3))
    return out


def random_case(rng):
    """Random shapes, stride and padding for which the kernel fits."""
    N, C_in, C_out = rng.integers(1, 4, size=3)
    kh, kw = rng.integers(1, 5, size=2)
    stride, padding = int(rng.integers(1, 4)), int(rng.integers(0, 3))
    H = int(rng.integers(max(1, kh - 2 * padding), 9))
    W = int(rng.integers(max(1, kw - 2 * padding), 9))
    x = rng.standard_normal((N, C_in, H, W))
    kernels = rng.standard_normal((C_out, C_in, kh, kw))
    return x, kernels, rng.standard_normal(C_out), stride, padding


CASES = range(12)


@pytest.mark.parametrize("case", CASES)
def test_conv2d_is_the_definition(case):
    x, W, b, stride, padding = random_case(np.random.default_rng(case))
    out = conv.conv2d(x, W, b, stride=stride, padding=padding)
    assert out.shape == (
        x.shape[0],
        W.shape[0],
        conv.output_size(x.shape[2], W.shape[2], stride, padding),
        conv.output_size(x.shape[3], W.shape[3], stride, padding),
    )
    np.testing.assert_allclose(
        out, loop_conv2d(x, W, b, stride, padding), rtol=1e-12, atol=1e-12
    )
    np.testing.assert_allclose(
        conv.conv2d(x, W, stride=stride, padding=padding),
        loop_conv2d(x, W, None, stride, padding),
        rtol=1e-12,
        atol=1e-12,
    )


@pytest.mark.parametrize("case", CASES)
def test_conv2d_backward_matches_finite_differences(case):
    rng = np.random.default_rng(100 + case)
    x, W, b, stride, padding = random_case(rng)
    dout = rng.standard_normal(conv.conv2d(x, W, b, stride, padding).shape)

    def loss(_):
        return np.sum(conv.conv2d(x, W, b, stride, padding) * dout)

    dx, dW, db = conv.conv2d_backward(dout, x, W, stride=stride, padding=padding)
    assert dx.shape == x.shape and dW.shape == W.shape and db.shape == b.shape
    assert relative_error(dx, numerical_gradient(loss, x)) < TOLERANCE
    assert relative_error(dW, numerical_gradient(loss, W)) < TOLERANCE
    assert relative_error(db, numerical_gradient(loss, b)) < TOLERANCE


def test_input_gradient_is_the_full_convolution_with_flipped_kernels():
    rng = np.random.default_rng(7)
    x, W = rng.standard_normal((2, 3, 7, 6)), rng.standard_normal((4, 3, 3, 2))
    dout = rng.standard_normal(conv.conv2d(x, W).shape)
    dx, dW, _ = conv.conv2d_backward(dout, x, W)
    flipped = W[:, :, ::-1, ::-1].transpose(1, 0, 2, 3)  # (C_in, C_out, kh, kw)
    dout_padded = np.pad(dout, ((0, 0), (0, 0), (2, 2), (1, 1)))
    np.testing.assert_allclose(
        dx, conv.conv2d(dout_padded, flipped), rtol=1e-12, atol=1e-12
    )
    # and the kernel gradient is the correlation of the input with dout
    correlation = conv.conv2d(x.transpose(1, 0, 2, 3), dout.transpose(1, 0, 2, 3))
    np.testing.assert_allclose(
        dW, correlation.transpose(1, 0, 2, 3), rtol=1e-12, atol=1e-12
    )


@pytest.mark.parametrize("case", range(6))
def test_col2im_is_the_adjoint_of_im2col(case):
    rng = np.random.default_rng(200 + case)
    x, W, _, stride, padding = random_case(rng)
    kh, kw = W.shape[2:]
    cols = conv.im2col(x, kh, kw, stride, padding)
    c = rng.standard_normal(cols.shape)
    back = conv.col2im(c, x.shape, kh, kw, stride, padding)
    assert back.shape == x.shape
    np.testing.assert_allclose(np.sum(cols * c), np.sum(x * back), rtol=1e-12)


def test_im2col_puts_each_window_in_a_column():
    x = np.arange(2 * 1 * 3 * 3, dtype=float).reshape(2, 1, 3, 3)
    cols = conv.im2col(x, 2, 2)
    assert cols.shape == (4, 2 * 2 * 2)
    # columns are ordered (i, j, n): the first is window (0, 0) of image 0
    np.testing.assert_array_equal(cols[:, 0], [0, 1, 3, 4])
    np.testing.assert_array_equal(cols[:, 1], [9, 10, 12, 13])


@pytest.mark.parametrize(
    "n, k, stride, padding, expected",
    [
        (28, 5, 1, 0, 24),
        (28, 3, 1, 1, 28),
        (7, 3, 2, 0, 3),
        (7, 3, 2, 1, 4),
        (5, 5, 1, 0, 1),
        (1, 3, 1, 1, 1),
    ],
)
def test_output_size(n, k, stride, padding, expected):
    assert conv.output_size(n, k, stride, padding) == expected


POOL_CASES = [(2, None), (2, 1), (3, 2), (3, 3), (1, None), (2, 3)]


@pytest.mark.parametrize("size, stride", POOL_CASES)
def test_max_pool2d_is_the_definition(size, stride):
    x = np.random.default_rng(size * 10 + (stride or 0)).standard_normal((2, 3, 7, 8))
    np.testing.assert_array_equal(
        conv.max_pool2d(x, size, stride), loop_max_pool2d(x, size, stride or size)
    )


@pytest.mark.parametrize("size, stride", POOL_CASES)
def test_max_pool2d_backward_matches_finite_differences(size, stride):
    rng = np.random.default_rng(300 + size * 10 + (stride or 0))
    x = rng.standard_normal((2, 3, 7, 8))
    dout = rng.standard_normal(conv.max_pool2d(x, size, stride).shape)

    def loss(_):
        return np.sum(conv.max_pool2d(x, size, stride) * dout)

    dx = conv.max_pool2d_backward(dout, x, size, stride)
    assert relative_error(dx, numerical_gradient(loss, x)) < TOLERANCE


def test_max_pool2d_backward_gives_a_tie_to_the_first_maximum():
    x = np.ones((1, 1, 2, 2))
    dx = conv.max_pool2d_backward(np.array([[[[5.0]]]]), x)
    np.testing.assert_array_equal(dx, [[[[5.0, 0.0], [0.0, 0.0]]]])
    # overlapping windows add up at a shared maximum
    x = np.array([[[[0.0, 9.0, 0.0], [0.0, 0.0, 0.0]]]])
    dx = conv.max_pool2d_backward(np.array([[[[1.0, 2.0]]]]), x, size=2, stride=1)
    np.testing.assert_array_equal(dx, [[[[0.0, 3.0, 0.0], [0.0, 0.0, 0.0]]]])


def test_float32_stays_float32():
    rng = np.random.default_rng(0)
    x = rng.standard_normal((2, 3, 6, 6)).astype(np.float32)
    W = rng.standard_normal((4, 3, 3, 3)).astype(np.float32)
    out = conv.conv2d(x, W, np.zeros(4, np.float32), padding=1)
    assert out.dtype == np.float32
    assert all(
        g.dtype == np.float32 for g in conv.conv2d_backward(out, x, W, padding=1)
    )
    assert conv.max_pool2d(out).dtype == np.float32


# --- the network -------------------------------------------------------------


def small_net(**options):
    settings = dict(
        image_shape=(2, 9, 8),
        channels=(3, 4),
        kernel_size=3,
        padding=1,
        n_classes=5,
        seed=3,
        dtype=np.float64,
    )
    settings.update(options)
    return conv.ConvNet(**settings)


@pytest.mark.parametrize(
    "options", [{}, {"padding": 0, "channels": (3,)}, {"pool": 1}, {"hidden": 6}]
)
def test_network_gradients_match_finite_differences(options):
    rng = np.random.default_rng(11)
    net = small_net(**options)
    for p in net.parameters[1::2]:  # non-zero biases, so that they matter
        p += 0.1 * rng.standard_normal(p.shape)
    X = rng.standard_normal((4,) + net.image_shape)
    labels = rng.integers(0, net.n_classes, size=4)
    loss, grads = net.gradients(X, labels)
    assert len(grads) == len(net.parameters)
    for p, g in zip(net.parameters, grads):
        assert g.shape == p.shape

        def f(_):
            return net.gradients(X, labels)[0]

        assert relative_error(g, numerical_gradient(f, p)) < TOLERANCE


def test_network_forward_is_conv_relu_pool_then_softmax():
    rng = np.random.default_rng(1)
    net = small_net()
    X = rng.standard_normal((3,) + net.image_shape)
    a = X
    for W, b in zip(net.parameters[:4:2], net.parameters[1:4:2]):
        a = conv.max_pool2d(np.maximum(conv.conv2d(a, W, b, padding=1), 0), 2)
    z = a.reshape(3, -1) @ net.parameters[-2] + net.parameters[-1]
    expected = np.exp(z) / np.exp(z).sum(axis=1, keepdims=True)
    np.testing.assert_allclose(net.forward(X), expected, rtol=1e-12)
    np.testing.assert_array_equal(net.predict(X), expected.argmax(axis=1))
    # flattened rows are the same images
    np.testing.assert_allclose(net.forward(X.reshape(3, -1)), expected, rtol=1e-12)


def test_one_hot_targets_give_the_labels_loss():
    rng = np.random.default_rng(2)
    net = small_net()
    X = rng.standard_normal((3,) + net.image_shape)
    labels = np.array([0, 4, 2])
    loss, grads = net.gradients(X, labels)
    loss_one_hot, grads_one_hot = net.gradients(X, np.eye(5)[labels])
    assert loss == loss_one_hot
    assert all(np.array_equal(a, b) for a, b in zip(grads, grads_one_hot))
    assert np.isclose(loss, -np.mean(np.log(net.forward(X)[np.arange(3), labels])))


def test_fit_learns_and_is_reproducible():
    rng = np.random.default_rng(5)
    X = rng.standard_normal((64, 2, 9, 8))
    labels = (X[:, 0, :4].sum(axis=(1, 2)) > 0).astype(int)
    histories, weights = [], []
    for _ in range(2):
        net = small_net(n_classes=2)
        histories.append(
            conv.fit(
                net,
                X,
                labels,
                epochs=20,
                batch_size=16,
                learning_rate=0.01,
                validation=(X, labels),
            )
        )
        weights.append(net.parameters)
    history = histories[0]
    assert history["loss"][-1] < 0.5 * history["loss"][0]
    assert history["val_accuracy"][-1] > 0.9
    assert histories[0] == histories[1]
    assert all(np.array_equal(a, b) for a, b in zip(*weights))


# --- bad input ---------------------------------------------------------------

X4 = np.zeros((2, 3, 6, 6))
W4 = np.zeros((4, 3, 3, 3))


@pytest.mark.parametrize(
    "call, message",
    [
        (
            lambda: conv.conv2d(np.zeros((3, 6, 6)), W4),
            r"x must have shape \(N, C, H, W\)",
        ),
        (
            lambda: conv.conv2d(X4, np.zeros((4, 3, 3))),
            r"W must have shape \(C_out, C_in, kh, kw\)",
        ),
        (lambda: conv.conv2d(X4, np.zeros((4, 2, 3, 3))), "expects 2 input channel"),
        (
            lambda: conv.conv2d(X4, np.zeros((4, 3, 7, 3))),
            "larger than the padded image",
        ),
        (lambda: conv.conv2d(X4, np.zeros((4, 3, 9, 3)), padding=1), "8x8"),
        (lambda: conv.conv2d(X4, W4, b=np.zeros(3)), r"b of shape \(3,\)"),
        (lambda: conv.conv2d(X4, W4, stride=0), "stride must be an integer >= 1"),
        (lambda: conv.conv2d(X4, W4, padding=-1), "padding must be an integer >= 0"),
        (lambda: conv.conv2d(X4, W4, padding=1.5), "padding must be an integer >= 0"),
        (lambda: conv.conv2d(np.full((2, 3, 6, 6), np.nan), W4), "x must be finite"),
        (lambda: conv.conv2d(np.zeros((0, 3, 6, 6)), W4), "x is empty"),
        (lambda: conv.conv2d(X4.astype(str), W4), "x must hold numbers"),
        (
            lambda: conv.conv2d_backward(np.zeros((2, 4, 3, 3)), X4, W4),
            r"dout of shape \(2, 4, 3, 3\)",
        ),
        (
            lambda: conv.conv2d_backward(
                np.zeros((2, 4, 4, 4)), X4, np.zeros((4, 1, 3, 3))
            ),
            "expects 1 input channel",
        ),
        (
            lambda: conv.max_pool2d(np.zeros((6, 6))),
            r"x must have shape \(N, C, H, W\)",
        ),
        (lambda: conv.max_pool2d(X4, size=7), "pooling window 7x7 is larger"),
        (lambda: conv.max_pool2d(X4, size=0), "size must be an integer >= 1"),
        (lambda: conv.max_pool2d(X4, stride=0), "stride must be an integer >= 1"),
        (
            lambda: conv.max_pool2d_backward(np.zeros((2, 3, 2, 2)), X4),
            r"dout of shape \(2, 3, 2, 2\)",
        ),
        (lambda: conv.im2col(X4, 7, 1), "larger than the padded image"),
        (
            lambda: conv.col2im(np.zeros((27, 5)), X4.shape, 3, 3),
            r"cols of shape \(27, 5\)",
        ),
        (lambda: conv.col2im(np.zeros((27, 32)), (2, 3, 6), 3, 3), "x_shape must be"),
        (lambda: conv.output_size(5, 8, 1, 1), "larger than the padded input"),
        (lambda: conv.output_size(5, 0), "k must be an integer >= 1"),
    ],
)
def test_bad_input_is_refused_clearly(call, message):
    with pytest.raises(ValueError, match=message):
        call()


@pytest.mark.parametrize(
    "call, message",
    [
        (
            lambda: conv.ConvNet(image_shape=(28, 28)),
            r"image_shape must be \(C, H, W\)",
        ),
        (lambda: conv.ConvNet(channels=(16, 0)), "channels must be an integer >= 1"),
        (lambda: conv.ConvNet(image_shape=(1, 8, 8), channels=(4, 4, 4)), "do not fit"),
        (lambda: conv.ConvNet(dtype=int), "dtype must be a float dtype"),
        (
            lambda: small_net().forward(np.zeros((2, 1, 9, 8))),
            r"X of shape \(2, 1, 9, 8\) does not fit",
        ),
        (lambda: small_net().gradients(np.zeros((2, 2, 9, 8)), [0, 5]), r"T\[1\] is 5"),
        (
            lambda: small_net().gradients(np.zeros((2, 2, 9, 8)), [0, 1, 2]),
            r"T of shape \(3,\)",
        ),
        (
            lambda: small_net().gradients(np.zeros((2, 2, 9, 8)), [0.5, 1]),
            "integer class labels",
        ),
        (
            lambda: conv.fit("net", X4, [0, 1], epochs=1),
            "net must be an nnscratch ConvNet",
        ),
        (
            lambda: conv.fit(small_net(), np.zeros((2, 2, 9, 8)), [0, 1], epochs=0),
            "epochs must be",
        ),
    ],
)
def test_bad_network_input_is_refused_clearly(call, message):
    with pytest.raises(ValueError, match=message):
        call()


def public_callables():
    for name, obj in vars(conv).items():
        if name.startswith("_") or getattr(obj, "__module__", None) != conv.__name__:
            continue
        yield name, obj
        if inspect.isclass(obj):
            for member_name, member in vars(obj).items():
                if not member_name.startswith("_") and (
                    inspect.isfunction(member) or isinstance(member, property)
                ):
                    yield f"{name}.{member_name}", member


@pytest.mark.parametrize("name, obj", list(public_callables()))
def test_every_public_callable_documents_what_it_raises(name, obj):
    doc = inspect.getdoc(obj) or ""
    assert "\nRaises\n------\nValueError" in doc, name


# --- PyTorch, when it is installed --------------------------------------------


@pytest.mark.parametrize("case", range(4))
def test_against_pytorch(case):
    torch = pytest.importorskip("torch")
    functional = torch.nn.functional
    x, W, b, stride, padding = random_case(np.random.default_rng(400 + case))
    tx, tW, tb = (torch.tensor(a, requires_grad=True) for a in (x, W, b))
    out = functional.conv2d(tx, tW, tb, stride=stride, padding=padding)
    dout = np.random.default_rng(case).standard_normal(tuple(out.shape))
    out.backward(torch.tensor(dout))
    np.testing.assert_allclose(
        conv.conv2d(x, W, b, stride, padding),
        out.detach().numpy(),
        rtol=1e-10,
        atol=1e-12,
    )
    for ours, theirs in zip(
        conv.conv2d_backward(dout, x, W, stride, padding), (tx, tW, tb)
    ):
        np.testing.assert_allclose(ours, theirs.grad.numpy(), rtol=1e-10, atol=1e-12)
    tx = torch.tensor(x, requires_grad=True)
    pooled = functional.max_pool2d(tx, 2, 1) if min(x.shape[2:]) >= 2 else None
    if pooled is not None:
        pooled.backward(torch.ones_like(pooled))
        np.testing.assert_array_equal(conv.max_pool2d(x, 2, 1), pooled.detach().numpy())
        np.testing.assert_array_equal(
            conv.max_pool2d_backward(np.ones(tuple(pooled.shape)), x, 2, 1),
            tx.grad.numpy(),
        )
