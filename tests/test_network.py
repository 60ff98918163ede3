"""nnscratch.network.MLP: construction, parameters, forward, gradients, dtypes,
errors."""

import numpy as np
import pytest

from nnscratch import MLP, activations, losses
from nnscratch.gradcheck import numerical_gradient, relative_error


def batch(net, n=7, seed=0):
    """Seeded inputs and valid targets for the network's output."""
    rng = np.random.default_rng(seed)
    X = rng.normal(size=(n, net.sizes[0]))
    k = net.sizes[-1]
    if net.output == "softmax":
        T = rng.integers(0, k, size=n)
    elif net.output == "sigmoid":
        T = rng.integers(0, 2, size=(n, k)).astype(float)
    else:
        T = rng.normal(size=(n, k))
    return X, T


def randomize(net, seed=1):
    """Non-zero biases, so that their gradients are tested too."""
    rng = np.random.default_rng(seed)
    net.biases = [rng.normal(scale=0.5, size=b.shape) for b in net.biases]


# --- construction ------------------------------------------------------------


def test_shapes_of_weights_and_biases():
    net = MLP([4, 6, 5, 3])
    assert [W.shape for W in net.weights] == [(4, 6), (6, 5), (5, 3)]
    assert [b.shape for b in net.biases] == [(6,), (5,), (3,)]
    assert all(np.all(b == 0) for b in net.biases)


def test_repr():
    assert (
        repr(MLP([4, 6, 3]))
        == "MLP(sizes=[4, 6, 3], hidden='relu', output='softmax', dtype=float64)"
    )
    net = MLP([2, 1], hidden="tanh", output="sigmoid", dtype=np.float32)
    assert (
        repr(net) == "MLP(sizes=[2, 1], hidden='tanh', output='sigmoid', dtype=float32)"
    )


def test_same_seed_same_weights_other_seed_other_weights():
    a, b, c = MLP([3, 4, 2], seed=5), MLP([3, 4, 2], seed=5), MLP([3, 4, 2], seed=6)
    assert all(np.array_equal(x, y) for x, y in zip(a.weights, b.weights))
    assert not np.array_equal(a.weights[0], c.weights[0])


def test_float32_network_starts_from_the_rounded_float64_weights():
    a, b = MLP([3, 4, 2], dtype=np.float32), MLP([3, 4, 2])
    assert all(W.dtype == np.float32 for W in a.weights + a.biases)
    assert all(
        np.array_equal(x, y.astype(np.float32)) for x, y in zip(a.weights, b.weights)
    )


@pytest.mark.parametrize(
    "hidden, expected_std",
    [
        ("relu", np.sqrt(2 / 1000)),
        ("leaky_relu", np.sqrt(2 / 1000)),
        ("tanh", np.sqrt(2 / 1500)),
    ],
)
def test_initial_spread_he_for_relu_like_glorot_otherwise(hidden, expected_std):
    net = MLP([1000, 500, 10], hidden=hidden)
    assert np.std(net.weights[0]) == pytest.approx(expected_std, rel=0.02)
    assert np.std(net.weights[1]) == pytest.approx(np.sqrt(2 / 510), rel=0.05)


@pytest.mark.parametrize(
    "kwargs, message",
    [
        (
            {"sizes": [4]},
            r"sizes must list at least two layer widths, like \[4, 6, 3\], got \[4\]",
        ),
        ({"sizes": [4, 0, 3]}, r"sizes\[1\] must be an integer >= 1, got 0"),
        ({"sizes": [4, 2.5, 3]}, r"sizes\[1\] must be an integer >= 1, got 2.5"),
        (
            {"sizes": [4, 3], "hidden": "swish"},
            "unknown hidden activation 'swish'; valid names: .*'relu'",
        ),
        (
            {"sizes": [4, 3], "output": "tanh"},
            "unknown output 'tanh'; valid names: 'identity', 'sigmoid', 'softmax'",
        ),
        ({"sizes": [4, 3], "dtype": np.int32}, "dtype must be a float dtype"),
    ],
)
def test_bad_construction_arguments(kwargs, message):
    with pytest.raises(ValueError, match=message):
        MLP(**kwargs)


# --- assignable parameters -----------------------------------------------------


def test_assigned_weights_are_checked_copied_and_cast():
    net = MLP([2, 3, 1], output="sigmoid", dtype=np.float32)
    new = [np.ones((2, 3)), np.arange(3).reshape(3, 1)]
    net.weights = new
    assert all(W.dtype == np.float32 for W in net.weights)
    new[0][0, 0] = 99.0
    assert net.weights[0][0, 0] == 1.0
    net.biases = [[0.5, 0.5, 0.5], [1]]
    assert net.biases[1].dtype == np.float32 and net.biases[1][0] == 1.0


def test_assigning_a_wrong_shape_names_both_shapes():
    net = MLP([3, 5, 4])
    with pytest.raises(
        ValueError,
        match=(
            r"weights\[1\] of shape \(4, 5\) does not fit sizes \[3, 5, 4\]: "
            r"it needs shape \(5, 4\)"
        ),
    ):
        net.weights = [np.zeros((3, 5)), np.zeros((4, 5))]
    with pytest.raises(
        ValueError, match=r"biases\[0\] of shape \(3,\) .* it needs shape \(5,\)"
    ):
        net.biases = [np.zeros(3), np.zeros(4)]
    with pytest.raises(ValueError, match="weights must be a list of 2 arrays .* got 1"):
        net.weights = [np.zeros((3, 5))]
    with pytest.raises(
        ValueError, match=r"biases\[1\] must be finite, but biases\[1\]\[2\] is nan"
    ):
        net.biases = [np.zeros(5), np.array([0, 0, np.nan, 0])]


# --- forward and predict --------------------------------------------------------


def test_forward_is_the_composition_of_dense_layers():
    net = MLP([3, 4, 5, 2], hidden="tanh", output="softmax", seed=3)
    randomize(net)
    X, _ = batch(net)
    (W1, W2, W3), (b1, b2, b3) = net.weights, net.biases
    expected = activations.softmax(np.tanh(np.tanh(X @ W1 + b1) @ W2 + b2) @ W3 + b3)
    np.testing.assert_allclose(net.forward(X), expected, rtol=1e-14)


def test_one_row_in_one_row_out():
    net = MLP([3, 4, 2])
    X, _ = batch(net)
    assert net.forward(X[0]).shape == (2,)
    np.testing.assert_array_equal(net.forward(X[0]), net.forward(X[:1])[0])
    assert np.ndim(net.predict(X[0])) == 0


def test_predict_for_each_output():
    X = np.random.default_rng(0).normal(size=(6, 3))
    softmax = MLP([3, 4, 3], output="softmax")
    np.testing.assert_array_equal(
        softmax.predict(X), np.argmax(softmax.forward(X), axis=1)
    )
    sigmoid = MLP([3, 4, 2], output="sigmoid")
    np.testing.assert_array_equal(
        sigmoid.predict(X), (sigmoid.forward(X) >= 0.5).astype(int)
    )
    assert sigmoid.predict(X).shape == (6, 2)
    identity = MLP([3, 4, 2], output="identity")
    np.testing.assert_array_equal(identity.predict(X), identity.forward(X))


def test_forward_rejects_inputs_that_do_not_fit():
    net = MLP([3, 4, 2])
    with pytest.raises(
        ValueError,
        match=(
            r"X of shape \(5, 2\) does not fit the network's 3 inputs: "
            r"X needs shape \(N, 3\)"
        ),
    ):
        net.forward(np.zeros((5, 2)))
    with pytest.raises(ValueError, match=r"X must be finite, but X\[\(1, 2\)\] is inf"):
        net.forward(np.array([[0, 0, 0], [0, 0, np.inf]]))


# --- gradients -------------------------------------------------------------------


ARCHITECTURES = [[3, 4, 2], [2, 5, 3, 4], [4, 1], [3, 6, 5, 1]]


@pytest.mark.parametrize(
    "sizes, output",
    # softmax needs two outputs (test_softmax_with_one_output_is_refused)
    [
        (s, o)
        for s in ARCHITECTURES
        for o in ["softmax", "sigmoid", "identity"]
        if not (o == "softmax" and s[-1] == 1)
    ],
)
@pytest.mark.parametrize("hidden", ["tanh", "sigmoid", "softplus"])
def test_gradients_match_central_differences(sizes, hidden, output):
    net = MLP(sizes, hidden=hidden, output=output, seed=len(sizes))
    randomize(net)
    X, T = batch(net)
    loss, dW, db = net.gradients(X, T)
    for analytic, params in ((dW, net.weights), (db, net.biases)):
        for grad, p in zip(analytic, params):
            assert grad.shape == p.shape
            numeric = numerical_gradient(lambda _: net.gradients(X, T)[0], p)
            assert relative_error(grad, numeric) < 1e-7


@pytest.mark.parametrize("hidden", ["relu", "leaky_relu"])
@pytest.mark.parametrize("output", ["softmax", "sigmoid", "identity"])
def test_gradients_match_central_differences_relu_away_from_kinks(hidden, output):
    net = MLP([3, 6, 5, 2], hidden=hidden, output=output, seed=4)
    randomize(net)
    X, T = batch(net, seed=9)
    # Every hidden weighted sum is far from the kink at 0 compared with the step.
    a = X
    for W, b in zip(net.weights[:-1], net.biases[:-1]):
        z = a @ W + b
        assert np.min(np.abs(z)) > 1e-3
        a = activations.get_activation(hidden)[0](z)
    _, dW, db = net.gradients(X, T)
    for analytic, params in ((dW, net.weights), (db, net.biases)):
        for grad, p in zip(analytic, params):
            numeric = numerical_gradient(lambda _: net.gradients(X, T)[0], p)
            assert relative_error(grad, numeric) < 1e-7


@pytest.mark.parametrize(
    "output, loss",
    [
        ("softmax", losses.cross_entropy),
        ("sigmoid", losses.binary_cross_entropy),
        ("identity", losses.sse),
    ],
)
def test_gradients_loss_is_the_matching_loss_of_the_outputs(output, loss):
    net = MLP([3, 5, 2], hidden="tanh", output=output)
    randomize(net)
    X, T = batch(net)
    value = net.gradients(X, T)[0]
    assert value == pytest.approx(loss(net.forward(X), T), rel=1e-15)
    assert net.loss(X, T) == pytest.approx(value, rel=1e-15)


def test_output_delta_is_prediction_minus_target_over_n():
    # Without a hidden layer, dW = X.T @ (Y - T) / N and db = mean of (Y - T).
    net = MLP([3, 2], output="softmax")
    randomize(net)
    X, labels = batch(net)
    T = np.eye(2)[labels]
    _, dW, db = net.gradients(X, T)
    delta = (net.forward(X) - T) / len(X)
    np.testing.assert_allclose(dW[0], X.T @ delta, rtol=1e-14)
    np.testing.assert_allclose(db[0], delta.sum(axis=0), rtol=1e-14)


def test_labels_one_hot_and_single_examples_agree():
    net = MLP([3, 4, 3], hidden="tanh")
    X, labels = batch(net)
    loss_labels, dW_labels, _ = net.gradients(X, labels)
    loss_onehot, dW_onehot, _ = net.gradients(X, np.eye(3)[labels])
    assert loss_labels == loss_onehot
    np.testing.assert_array_equal(dW_labels[0], dW_onehot[0])
    one = net.gradients(X[0], labels[0])
    np.testing.assert_allclose(one[1][0], net.gradients(X[:1], labels[:1])[1][0])


def test_single_output_accepts_targets_of_shape_n():
    net = MLP([2, 3, 1], hidden="tanh", output="identity")
    X = np.random.default_rng(0).normal(size=(5, 2))
    t = X @ [3.0, 2.0]
    assert net.gradients(X, t)[0] == net.gradients(X, t[:, None])[0]


@pytest.mark.parametrize("dtype", [np.float32, np.float64])
@pytest.mark.parametrize("output", ["softmax", "sigmoid", "identity"])
def test_dtype_is_kept_everywhere(dtype, output):
    net = MLP([4, 5, 3], output=output, dtype=dtype)
    X, T = batch(net)
    X = X.astype(np.float64)  # inputs are cast once, not the parameters upcast
    assert net.forward(X).dtype == dtype
    loss, dW, db = net.gradients(X, T)
    assert loss.dtype == dtype
    assert all(g.dtype == dtype for g in dW + db)


def test_float32_gradients_agree_with_float64():
    net64 = MLP([4, 8, 3], hidden="tanh")
    net32 = MLP([4, 8, 3], hidden="tanh", dtype=np.float32)
    net32.weights = net64.weights
    X, T = batch(net64)
    _, dW64, _ = net64.gradients(X, T)
    _, dW32, _ = net32.gradients(X, T)
    for g32, g64 in zip(dW32, dW64):
        np.testing.assert_allclose(g32, g64, rtol=1e-4, atol=1e-6)


def test_004_backpropagation_step_from_the_sigmoid_output():
    """Seed 004: sigmoid hidden and output units, squared error, learning rate 0.5.

    The package's sigmoid output pairs with binary cross-entropy (output delta
    y - t); the notes use the squared error (delta (y - t) y (1 - y)). With one
    output unit and one example every gradient is proportional to that delta,
    so the notes' changes are the package's gradients times y (1 - y).
    """
    net = MLP([3, 2, 1], hidden="sigmoid", output="sigmoid")
    net.weights = [
        np.array([[0.5, -0.6], [0.1, -0.2], [0.1, 0.7]]),
        np.array([[0.1], [-0.3]]),
    ]
    x, target, learning_rate = np.array([0.5, 0.1, -0.2]), 0.6, 0.5
    y = net.forward(x)[0]
    _, dW, _ = net.gradients(x, [target])
    scale = y * (1 - y)
    np.testing.assert_allclose(
        -learning_rate * scale * dW[1][:, 0], [0.00804047, 0.00555918], atol=5e-9
    )
    expected = [
        [1.77005547e-04, -5.11178506e-04],
        [3.54011093e-05, -1.02235701e-04],
        [-7.08022187e-05, 2.04471402e-04],
    ]
    np.testing.assert_allclose(-learning_rate * scale * dW[0], expected, rtol=1e-8)


@pytest.mark.parametrize(
    "output, T, message",
    [
        ("softmax", np.array([0, 1, 5]), r"T must lie in \[0, 3\], but T\[2\] is 5"),
        (
            "softmax",
            np.array([[0, 1, 0, 0]] * 2 + [[0, 1, 1, 0]]),
            "T must have one-hot rows .* row 2",
        ),
        (
            "softmax",
            np.zeros((3, 2)),
            (
                r"T of shape \(3, 2\) does not fit the network's output: "
                r"T needs shape \(3, 4\) or integer labels of shape \(3,\)"
            ),
        ),
        (
            "sigmoid",
            np.full((3, 4), 2.0),
            r"T must lie in \[0, 1\], but T\[\(0, 0\)\] is 2.0",
        ),
        ("identity", np.zeros((2, 4)), r"X has 3 rows but T has 2 \(shape \(2, 4\)\)"),
        (
            "identity",
            np.array([[0, 0, 0, np.nan]] * 3),
            r"T must be finite, but T\[\(0, 3\)\] is nan",
        ),
    ],
)
def test_gradients_reject_bad_targets(output, T, message):
    net = MLP([2, 3, 4], output=output)
    with pytest.raises(ValueError, match=message):
        net.gradients(np.zeros((3, 2)), T)


# --- the traps of a new user (issue: the package as its users expect) ---------------


@pytest.mark.parametrize("output", ["sigmoid", "identity"])
def test_a_single_output_network_predicts_shape_n_like_its_targets(output):
    rng = np.random.default_rng(0)
    X = rng.normal(size=(40, 2))
    t = (X[:, 0] > 0).astype(float) if output == "sigmoid" else X[:, 0]
    net = MLP([2, 4, 1], hidden="tanh", output=output)
    assert net.forward(X).shape == (40, 1)  # forward keeps (N, n_out)
    predicted = net.predict(X)
    assert predicted.shape == (40,)
    # (N,) against (N,): one comparison per example, not an (N, N) broadcast
    assert (predicted == t).shape == (40,)
    assert np.ndim(net.predict(X[0])) == 0
    if output == "sigmoid":
        from nnscratch.train import accuracy

        assert np.mean(predicted == t) == accuracy(net, X, t)


def test_softmax_with_one_output_is_refused_at_construction():
    with pytest.raises(
        ValueError,
        match=r"output 'softmax' needs at least two output units.*use output='sigmoid'",
    ):
        MLP([3, 4, 1])
    MLP([3, 4, 1], output="sigmoid")


@pytest.mark.parametrize("seed", [-1, "a", 1.5, True, None])
def test_a_bad_seed_names_the_argument(seed):
    with pytest.raises(ValueError, match=r"seed must be an integer >= 0, got"):
        MLP([2, 3], seed=seed)


def test_np_integer_seeds_are_fine():
    assert np.array_equal(
        MLP([2, 3], seed=np.int64(4)).weights[0], MLP([2, 3], seed=4).weights[0]
    )


def diverged_network():
    """The weights a sigmoid output reaches at a learning rate of 1e4: up to 1e160."""
    net = MLP([2, 8, 1], hidden="relu", output="sigmoid")
    net.weights = [np.full((2, 8), 1e160), np.full((8, 1), -1e160)]
    return net


@pytest.mark.parametrize("call", ["forward", "predict", "loss", "gradients"])
def test_an_overflow_inside_a_saturating_network_is_a_clear_error_not_a_numpy_warning(
    call,
):
    # z overflows in the hidden layer, but the sigmoid output turns infinity
    # back into a finite 0: without the floating-point flags, nothing would
    # notice. pytest turns any RuntimeWarning into a failure.
    net = diverged_network()
    X = np.array([[1.0, 2.0], [3.0, 1.0]])
    arguments = (X,) if call in ("forward", "predict") else (X, [0.0, 1.0])
    with pytest.raises(
        FloatingPointError,
        match=(
            r"are not finite: the weighted sums overflowed "
            r".*weights up to 1e\+160.*learning rate"
        ),
    ):
        getattr(net, call)(*arguments)


def test_mlp_points_to_fit_save_and_load():
    doc = MLP.__doc__
    assert "nnscratch.train.fit" in doc and "load" in doc


def test_the_example_in_the_mlp_docstring_runs():
    import doctest

    from nnscratch import network

    finder = doctest.DocTestFinder()
    runner = doctest.DocTestRunner(optionflags=doctest.NORMALIZE_WHITESPACE)
    for test in finder.find(network.MLP, "MLP", globs={}):
        runner.run(test)
    assert runner.failures == 0 and runner.tries > 0
