"""Extreme numbers: right to the dtype's precision, finite, and never a silent NaN.

tests/test_activations.py already shows that the activations stay finite
without warnings at +-1000, +-1e308 (float64) and +-1e38 (float32). Here the
values themselves are compared with a 50-digit reference (mpmath, which SymPy
ships), softmax is taken to its extremes, the losses to probabilities of
exactly 0 and 1, and training to inputs a million times too large. pytest
turns every NumPy RuntimeWarning into an error (pyproject.toml), so each of
these tests also proves that no overflow or invalid operation happened.
"""

import numpy as np
import pytest

mpmath = pytest.importorskip(
    "mpmath", reason="the 50-digit reference (SymPy ships mpmath)"
)

from nnscratch import MLP, losses, optim
from nnscratch import activations as act
from nnscratch.train import fit

mpmath.mp.dps = 50

REFERENCE = {
    "sigmoid": lambda x: 1 / (1 + mpmath.exp(-x)),
    "sigmoid_grad": lambda x: mpmath.exp(-abs(x)) / (1 + mpmath.exp(-abs(x))) ** 2,
    "tanh": mpmath.tanh,
    "tanh_grad": lambda x: 1 / mpmath.cosh(x) ** 2,
    "softplus": lambda x: mpmath.log1p(mpmath.exp(x)),
    "softplus_grad": lambda x: 1 / (1 + mpmath.exp(-x)),
}

POINTS = {
    np.float64: [
        -1e308,
        -1000.0,
        -745.0,
        -700.0,
        -40.0,
        -1.0,
        0.0,
        1.0,
        40.0,
        700.0,
        1000.0,
        1e308,
    ],
    np.float32: [
        -1e38,
        -1000.0,
        -100.0,
        -80.0,
        -40.0,
        -1.0,
        0.0,
        1.0,
        40.0,
        80.0,
        1000.0,
        1e38,
    ],
}


def reference(name, x, dtype):
    """The exact value, rounded once to ``dtype`` (mpmath works with 50 digits)."""
    return np.array([float(REFERENCE[name](mpmath.mpf(float(v)))) for v in x]).astype(
        dtype
    )


@pytest.mark.parametrize("dtype", [np.float64, np.float32])
@pytest.mark.parametrize("name", sorted(REFERENCE))
def test_activation_values_are_right_to_the_dtypes_precision_at_extremes(name, dtype):
    x = np.array(POINTS[dtype], dtype=dtype)
    got = getattr(act, name)(x)
    assert got.dtype == dtype
    assert np.all(np.isfinite(got))
    info = np.finfo(dtype)
    # A few units in the last place; values below the smallest normal number
    # are subnormal and only have absolute precision.
    np.testing.assert_allclose(
        got,
        reference(name, x, dtype),
        rtol=4 * info.eps,
        atol=4 * info.smallest_subnormal,
    )


# --- softmax -----------------------------------------------------------------

EXTREME_ROWS = {
    # row: the exact softmax, which every dtype can represent
    (1000.0, 0.0): [1.0, 0.0],
    (-1000.0, -1000.0): [0.5, 0.5],
    (0.0, -1000.0, 0.0): [0.5, 0.0, 0.5],
    ("max", "max"): [0.5, 0.5],
    ("-max", "-max", "-max", "-max"): [0.25, 0.25, 0.25, 0.25],
    ("max", "-max"): [1.0, 0.0],  # the shift max - (-max) overflows to -inf, harmlessly
}


def extreme_row(row, dtype):
    big = np.finfo(dtype).max
    return np.array([{"max": big, "-max": -big}.get(v, v) for v in row], dtype=dtype)


@pytest.mark.parametrize("dtype", [np.float32, np.float64])
@pytest.mark.parametrize("row", list(EXTREME_ROWS), ids=str)
def test_softmax_of_extreme_rows_is_exact_finite_and_sums_to_one(row, dtype):
    z = extreme_row(row, dtype)
    s = act.softmax(z)
    assert s.dtype == dtype
    np.testing.assert_array_equal(s, np.array(EXTREME_ROWS[row], dtype=dtype))
    assert s.sum() == 1
    jacobian = act.softmax_grad(z)
    assert np.all(np.isfinite(jacobian))


@pytest.mark.parametrize("dtype", [np.float32, np.float64])
def test_softmax_of_a_batch_of_extreme_rows_works_row_by_row(dtype):
    rows = [(1000.0, 0.0), (-1000.0, -1000.0), ("max", "max"), ("max", "-max")]
    Z = np.stack([extreme_row(row, dtype) for row in rows])
    S = act.softmax(Z)
    np.testing.assert_array_equal(
        S, np.array([EXTREME_ROWS[row] for row in rows], dtype=dtype)
    )


@pytest.mark.parametrize("dtype", [np.float32, np.float64])
@pytest.mark.parametrize("shift", [-1e6, -1000.0, 1000.0, 1e6])
def test_softmax_of_extreme_rows_is_shift_invariant(dtype, shift):
    Z = np.array([[1000.0, 0.0], [-1000.0, -1000.0], [3.0, -2.0]], dtype=dtype)
    shifted = Z + dtype(shift)
    # Adding 1e6 in float32 rounds the scores to multiples of 1/16: the
    # rounded row's softmax differs by up to about 1/16 of a slope of 1/4.
    atol = 1e-2 if dtype == np.float32 and abs(shift) > 1000 else 1e-12
    np.testing.assert_allclose(act.softmax(shifted), act.softmax(Z), rtol=0, atol=atol)
    # the package's own shift: subtracting the row maximum changes nothing
    np.testing.assert_array_equal(
        act.softmax(Z - Z.max(axis=1, keepdims=True)), act.softmax(Z)
    )


# --- losses at probabilities of exactly 0 and 1 ------------------------------


@pytest.mark.parametrize("dtype", [np.float32, np.float64])
def test_cross_entropy_of_a_batch_with_zero_and_one_probabilities(dtype):
    y = np.array([[0.0, 1.0], [1.0, 0.0], [0.5, 0.5]], dtype=dtype)
    labels = np.array([0, 0, 1])  # first row: the true class got probability 0
    eps = float(np.finfo(dtype).eps)
    value = losses.cross_entropy(y, labels)
    assert value.dtype == dtype and np.isfinite(value)
    assert value == pytest.approx((-np.log(eps) + 0 - np.log(0.5)) / 3, rel=4 * eps)
    for t in (labels, np.eye(2)[labels]):
        grad = losses.cross_entropy_grad(y, t)
        assert grad.dtype == dtype and np.all(np.isfinite(grad))
        assert grad[0, 0] == pytest.approx(
            -1 / eps / 3, rel=4 * eps
        )  # the slope at eps


@pytest.mark.parametrize("dtype", [np.float32, np.float64])
def test_binary_cross_entropy_of_a_batch_with_zero_and_one_probabilities(dtype):
    y = np.array([[0.0, 1.0], [1.0, 0.0]], dtype=dtype)
    t = np.array([[0.0, 1.0], [0.0, 1.0]])  # first row perfect, second row wrong twice
    eps = float(np.finfo(dtype).eps)
    value = losses.binary_cross_entropy(y, t)
    assert value.dtype == dtype
    # a sure right answer costs exactly 0, a sure wrong one -log(eps)
    assert value == pytest.approx(2 * -np.log(eps) / 2, rel=4 * eps)
    assert losses.binary_cross_entropy(y[0], t[0]) == 0
    grad = losses.binary_cross_entropy_grad(y, t)
    assert grad.dtype == dtype and np.all(np.isfinite(grad))
    assert grad[1, 0] > 0 and grad[1, 1] < 0  # wrong answers are pushed back


def test_the_clipping_is_documented_where_the_losses_are_described():
    for text in (
        losses.__doc__,
        losses.cross_entropy.__doc__,
        losses.binary_cross_entropy.__doc__,
    ):
        assert "eps" in text
    assert "np.finfo(dtype).eps" in losses.__doc__
    for f in (losses.cross_entropy_grad, losses.binary_cross_entropy_grad):
        assert "finite" in f.__doc__


@pytest.mark.parametrize("dtype", [np.float32, np.float64])
@pytest.mark.parametrize("output", ["softmax", "sigmoid"])
def test_a_saturated_network_has_a_finite_loss_and_finite_gradients(output, dtype):
    # Huge weights push the outputs to exactly 0 and 1, the wrong way round.
    net = MLP([2, 3, 2], hidden="tanh", output=output, dtype=dtype)
    net.weights = [
        np.array([[1, 0, 0], [0, 1, 0]]),
        np.array([[1e4, -1e4], [0, 0], [0, 0]]),
    ]
    X = np.array([[1.0, 0.0]])
    Y = net.forward(X)
    np.testing.assert_array_equal(Y, [[1.0, 0.0]])
    T = np.array([1]) if output == "softmax" else np.array([[0.0, 1.0]])
    loss, dW, db = net.gradients(X, T)
    assert np.isfinite(loss) and loss > 10
    assert all(np.all(np.isfinite(g)) for g in dW + db)
    # delta = y - t is exact at the output even where the loss is clipped
    np.testing.assert_array_equal(db[-1], [1.0, -1.0])


# --- huge inputs: a clear error, never a silent NaN model ---------------------


def four_blobs(scale, n=60):
    rng = np.random.default_rng(0)
    X = rng.normal(size=(n, 2))
    labels = (X[:, 0] > 0).astype(int) + (X[:, 1] > 0)
    return X * scale, labels


@pytest.mark.parametrize("optimizer, learning_rate", [("sgd", 0.1), ("adam", 0.01)])
@pytest.mark.parametrize("output", ["softmax", "sigmoid", "identity"])
@pytest.mark.parametrize("hidden", ["relu", "tanh", "softplus"])
def test_training_on_inputs_of_scale_1e6_never_gives_a_nan_model(
    hidden, output, optimizer, learning_rate
):
    X, labels = four_blobs(1e6)
    T = {
        "softmax": labels,
        "sigmoid": (labels > 0).astype(float),
        "identity": X.sum(axis=1) / 1e6,
    }[output]
    net = MLP([2, 8, 3 if output == "softmax" else 1], hidden=hidden, output=output)
    try:
        with pytest.warns(
            RuntimeWarning, match=r"X has values up to .*standardise the inputs"
        ):
            history = fit(
                net,
                X,
                T,
                epochs=20,
                batch_size=10,
                optimizer=optimizer,
                learning_rate=learning_rate,
            )
    except FloatingPointError as error:
        # the loss visibly diverged: the message says when, and what to do
        assert "training diverged at epoch" in str(error)
        assert "standardise the inputs" in str(error)
    else:
        assert all(np.isfinite(history["loss"]))
    assert all(np.all(np.isfinite(p)) for p in net.weights + net.biases)


def test_relu_network_on_inputs_of_scale_1e6_stops_with_a_clear_error():
    X, labels = four_blobs(1e6)
    net = MLP([2, 8, 3], hidden="relu")
    with (
        pytest.raises(
            FloatingPointError,
            match=(
                r"training diverged at epoch [0-9]+: "
                r".*X has values up to \d\.\d+e\+06: standardise the inputs"
            ),
        ),
        pytest.warns(RuntimeWarning, match="standardise the inputs"),
    ):
        fit(net, X, labels, epochs=20, batch_size=10, learning_rate=0.1)
    assert all(np.all(np.isfinite(p)) for p in net.weights + net.biases)
    # the same data, standardised, trains without trouble
    Xs = (X - X.mean(axis=0)) / X.std(axis=0)
    history = fit(
        MLP([2, 8, 3], hidden="relu"),
        Xs,
        labels,
        epochs=20,
        batch_size=10,
        learning_rate=0.1,
    )
    assert history["loss"][-1] < 0.5 * history["loss"][0]


def test_forward_overflow_raises_instead_of_returning_nan():
    net = MLP([2, 4, 3], hidden="relu")
    net.weights = [np.ones((2, 4)), np.ones((4, 3))]  # 1e308 + 1e308 overflows
    with np.errstate(
        over="ignore", invalid="ignore"
    ):  # NumPy's own warnings, before ours
        with pytest.raises(
            FloatingPointError,
            match=r"outputs are not finite.*X has values up to 1e\+308.*standardise",
        ):
            net.forward(np.array([[1e308, 1e308]]))


def test_nan_weights_are_named_when_the_outputs_go_wrong():
    net = MLP([2, 3, 1], output="identity")
    net.weights[1][2, 0] = np.nan  # changed in place, behind the setter's back
    with pytest.raises(
        ValueError,
        match=r"weights\[1\] must be finite, but weights\[1\]\[\(2, 0\)\] is nan",
    ):
        net.forward(np.ones((4, 2)))


def test_fit_keeps_the_last_finite_parameters_when_a_step_overflows():
    X, labels = four_blobs(100.0)  # gradients above 1, so 1e308 times them overflows
    net = MLP([2, 4, 3])
    start = [p.copy() for p in net.weights + net.biases]
    with pytest.raises(
        FloatingPointError,
        match=(
            "training diverged at epoch 1: "
            "the loss or the parameters overflowed; try a smaller"
        ),
    ):
        fit(net, X, labels, epochs=3, optimizer=optim.SGD(learning_rate=1e308))
    # the first step overflowed, so the network is exactly as it started
    assert all(np.array_equal(p, q) for p, q in zip(net.weights + net.biases, start))


def test_fit_warns_before_training_on_unstandardised_huge_inputs():
    X, labels = four_blobs(1e6)
    with pytest.warns(
        RuntimeWarning,
        match=r"X has values up to 2\.\d+e\+06: inputs this large saturate",
    ):
        fit(MLP([2, 8, 3], hidden="tanh"), X, labels, epochs=1)
    # inputs below the threshold train without a word
    fit(MLP([2, 8, 3], hidden="tanh"), four_blobs(100.0)[0], labels, epochs=1)


def test_gradients_that_overflow_raise_even_when_the_loss_is_finite():
    # z = 1e306 * 1e-306 is small, so outputs and loss are finite, but
    # dW[0] = X.T @ delta is about 1e306 * 1e3 and overflows.
    net = MLP([1, 1, 1], hidden="identity", output="identity")
    net.weights = [np.array([[1e-306]]), np.array([[1e3]])]
    with np.errstate(over="ignore"):
        with pytest.raises(
            FloatingPointError,
            match=r"gradients are not finite.*X has values up to 1e\+306",
        ):
            net.gradients(np.array([[1e306]]), np.array([[0.0]]))
