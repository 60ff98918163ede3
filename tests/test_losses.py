"""nnscratch.losses: seed values, batch means, dtypes, clipping, derivatives, errors."""

import numpy as np
import pytest

mean_squared_error = pytest.importorskip(
    "sklearn.metrics", reason="the reference is scikit-learn's"
).mean_squared_error

from nnscratch import MLP, losses
from nnscratch.gradcheck import numerical_gradient, relative_error

# The 3-5-4 network of seed 003 (its classifier and its regression share it).
W1_354 = np.array(
    [[0.1, 0.4, 0.7, 0.1, 0.3], [0.2, 0.5, 0.8, 0.1, 0.4], [0.3, 0.6, 0.9, 0.2, 0.5]]
)
W2_354 = np.array(
    [
        [0.1, 0.6, 0.1, 0.6],
        [0.2, 0.7, 0.2, 0.7],
        [0.3, 0.8, 0.3, 0.8],
        [0.4, 0.9, 0.4, 0.9],
        [0.5, 0.1, 0.5, 0.1],
    ]
)
B_354 = [np.array([0.1, 0.2, 0.3, 0.4, 0.5]), np.array([0.1, 0.2, 0.3, 0.4])]


def seed_354(output):
    net = MLP([3, 5, 4], hidden="relu", output=output)
    net.weights = [W1_354, W2_354]
    net.biases = B_354
    return net


def seed_5101():
    net = MLP([5, 10, 1], hidden="relu", output="sigmoid")
    row_1 = [0.1, 0.3, 0.5, 0.1, 0.3, 0.5, 0.1, 0.3, 0.5, 0.6]
    row_2 = [0.2, 0.4, 0.6, 0.2, 0.4, 0.6, 0.2, 0.4, 0.6, 0.7]
    net.weights = [np.array([row_1] + [row_2] * 4), np.full((10, 1), 0.1)]
    net.biases = [np.array(row_1), np.array([0.1])]
    return net


def seed_cross_entropy_error(d, y):
    """The course notes' cross-entropy (seed 003), with its + 1e-7 inside the log."""
    if y.ndim == 1:
        d = d.reshape(1, d.size)
        y = y.reshape(1, y.size)
    if d.size == y.size:
        d = d.argmax(axis=1)
    batch_size = y.shape[0]
    return -np.sum(np.log(y[np.arange(batch_size), d] + 1e-7)) / batch_size


# --- the seeds' numbers ------------------------------------------------------


def test_000_mse_of_two_weight_sets_matches_the_notes_and_scikit_learn():
    X = np.array([[0, 3], [1, 2], [-1, -2], [4, 0]])
    targets = np.array([1, 3, 5, 7])
    expected = {0: "37.500000", 1: "49.890625"}
    for which, (node_1, out) in enumerate((([1, 2], [1, 1]), ([1, 1.5], [1, 1.5]))):
        net = MLP([2, 2, 1], hidden="relu", output="identity")
        net.weights = [np.column_stack([[2, 1], node_1]), np.array(out)[:, None]]
        predictions = net.forward(X)[:, 0]
        value = losses.mse(predictions, targets)
        assert f"{value:f}" == expected[which]
        assert value == pytest.approx(
            mean_squared_error(targets, predictions), rel=1e-15
        )


def test_003_classifier_cross_entropy_exact_and_with_the_notes_1e7():
    net = seed_354("softmax")
    y = net.forward([1.0, 2.0, 3.0])
    np.testing.assert_allclose(
        y, [0.00443583, 0.44573018, 0.00541793, 0.54441607], atol=5e-9
    )
    d = np.array([0, 0, 0, 1])
    exact = losses.cross_entropy(y, d)
    assert exact == pytest.approx(0.608041494451162, rel=1e-14)
    assert exact == pytest.approx(-np.log(y[3]), rel=1e-15)
    assert losses.cross_entropy(y, 3) == exact  # label form, same number
    assert seed_cross_entropy_error(d, y) == pytest.approx(
        0.6080413107681358, rel=1e-14
    )
    assert abs(seed_cross_entropy_error(d, y) - exact) > 1e-7  # the + 1e-7 shows


def test_003_regression_halved_mean_of_squares_is_sse_per_output():
    net = seed_354("identity")
    y = net.forward([1.0, 2.0, 3.0])
    t = np.array([2.0, 3.0, 4.0, 5.0])
    # The notes' "mean of squares, halved": each output taken as one example.
    assert losses.sse(y[:, None], t[:, None]) == pytest.approx(8.141525, rel=1e-13)
    assert losses.mse(y, t) / 2 == pytest.approx(8.141525, rel=1e-13)
    # As one example with four outputs, sse is four times that.
    assert losses.sse(y, t) == pytest.approx(4 * 8.141525, rel=1e-13)


def test_003_binary_cross_entropy_exact_and_with_the_notes_1e7():
    net = seed_5101()
    y = net.forward([1.0, 2.0, 3.0, 4.0, 5.0])
    np.testing.assert_allclose(y, [0.99886501], atol=5e-9)
    exact = losses.binary_cross_entropy(y, [1])
    assert exact == pytest.approx(0.0011356298266036666, rel=1e-12)
    assert exact == pytest.approx(np.log1p(np.exp(-6.78)), rel=1e-12)
    # The notes pass the sigmoid output to their cross_entropy_error (+ 1e-7).
    assert seed_cross_entropy_error(np.array([1]), y) == pytest.approx(
        0.0011355297129812408, rel=1e-12
    )


def test_004_single_sigmoid_unit_step_from_sse_and_sigmoid_grad():
    from nnscratch.activations import sigmoid, sigmoid_grad

    x, target, w, learning_rate = np.array([0.1, 0.3]), 0.2, np.array([-0.8, 0.5]), 0.5
    h = x @ w
    output = sigmoid(h)
    dE_dw = losses.sse_grad(output, target) * sigmoid_grad(h) * x  # chain rule
    del_w = -learning_rate * dE_dw
    np.testing.assert_allclose(del_w, [-0.0039638, -0.01189141], atol=5e-9)


# --- definitions and batches -------------------------------------------------


def test_batch_loss_is_mean_of_per_example_losses():
    rng = np.random.default_rng(0)
    y = rng.uniform(0.05, 0.95, size=(5, 3))
    t = rng.uniform(size=(5, 3))
    onehot = np.eye(3)[[0, 2, 1, 1, 0]]
    for loss, target in (
        (losses.sse, t),
        (losses.binary_cross_entropy, t),
        (losses.cross_entropy, onehot),
    ):
        per_example = [loss(y[i], target[i]) for i in range(5)]
        assert loss(y, target) == pytest.approx(np.mean(per_example), rel=1e-14)


def test_definitions_per_example():
    y, t = np.array([0.2, 0.7, 0.1]), np.array([0.0, 1.0, 0.0])
    assert losses.sse(y, t) == pytest.approx(0.5 * (0.04 + 0.09 + 0.01))
    assert losses.mse(y, t) == pytest.approx((0.04 + 0.09 + 0.01) / 3)
    assert losses.cross_entropy(y, t) == pytest.approx(-np.log(0.7))
    bce = -(np.log(0.8) + np.log(0.7) + np.log(0.9))
    assert losses.binary_cross_entropy(y, t) == pytest.approx(bce)
    assert losses.sse(3.0, 1.0) == 2.0  # one example with one output


def test_mse_matches_scikit_learn_on_a_batch():
    rng = np.random.default_rng(1)
    y, t = rng.normal(size=(6, 4)), rng.normal(size=(6, 4))
    assert losses.mse(y, t) == pytest.approx(mean_squared_error(t, y), rel=1e-14)


def test_cross_entropy_labels_equal_one_hot_rows():
    rng = np.random.default_rng(2)
    y = rng.dirichlet(np.ones(4), size=6)
    labels = np.array([0, 3, 2, 1, 3, 0])
    onehot = np.eye(4)[labels]
    assert losses.cross_entropy(y, labels) == pytest.approx(
        losses.cross_entropy(y, onehot), rel=1e-15
    )
    np.testing.assert_allclose(
        losses.cross_entropy_grad(y, labels),
        losses.cross_entropy_grad(y, onehot),
        rtol=1e-15,
    )


# --- derivatives against finite differences ----------------------------------


def grad_cases():
    rng = np.random.default_rng(3)
    y2 = rng.uniform(0.05, 0.95, size=(4, 3))
    t2 = rng.uniform(size=(4, 3))
    labels = np.array([2, 0, 1, 2])
    return [
        ("sse", y2, t2),
        ("sse", y2[0], t2[0]),
        ("mse", y2, t2),
        ("mse", y2[0], t2[0]),
        ("binary_cross_entropy", y2, t2),
        ("binary_cross_entropy", y2[0], t2[0]),
        ("cross_entropy", y2, np.eye(3)[labels]),
        ("cross_entropy", y2, labels),
        ("cross_entropy", y2[0], np.array([0.0, 1.0, 0.0])),
        ("cross_entropy", y2[0], 2),
    ]


@pytest.mark.parametrize("name, y, t", grad_cases())
def test_gradient_matches_central_differences(name, y, t):
    loss = getattr(losses, name)
    grad = getattr(losses, name + "_grad")
    y = y.copy()
    analytic = grad(y, t)
    assert analytic.shape == y.shape
    numeric = numerical_gradient(lambda v: loss(v, t), y)
    assert relative_error(analytic, numeric) < 1e-8


# --- dtypes ------------------------------------------------------------------


@pytest.mark.parametrize("dtype", [np.float32, np.float64])
@pytest.mark.parametrize(
    "name", ["sse", "mse", "cross_entropy", "binary_cross_entropy"]
)
def test_loss_and_gradient_keep_the_dtype(name, dtype):
    y = np.array([[0.2, 0.7, 0.1], [0.3, 0.3, 0.4]], dtype=dtype)
    t = np.array([[0, 1, 0], [1, 0, 0]])  # integer targets do not upcast
    assert getattr(losses, name)(y, t).dtype == dtype
    assert getattr(losses, name + "_grad")(y, t).dtype == dtype


def test_integer_predictions_are_computed_in_float64():
    assert losses.mse([9, 9, 0, 12], [1, 3, 5, 7]).dtype == np.float64
    assert losses.mse([9, 9, 0, 12], [1, 3, 5, 7]) == 37.5


# --- clipping: finite at 0 and 1 ---------------------------------------------


@pytest.mark.parametrize("dtype", [np.float32, np.float64])
def test_cross_entropy_of_a_zero_probability_is_minus_log_eps(dtype):
    eps = np.finfo(dtype).eps
    y = np.array([0.0, 1.0], dtype=dtype)
    assert losses.cross_entropy(y, [1, 0]) == pytest.approx(-np.log(eps), rel=1e-6)
    assert losses.cross_entropy(y, [0, 1]) == 0  # a sure right answer costs nothing
    grad = losses.cross_entropy_grad(y, [1, 0])
    assert np.all(np.isfinite(grad)) and grad[0] < 0


@pytest.mark.parametrize("dtype", [np.float32, np.float64])
def test_binary_cross_entropy_is_finite_at_zero_and_one(dtype):
    eps = np.finfo(dtype).eps
    y = np.array([0.0, 1.0, 0.0, 1.0], dtype=dtype)
    t = np.array([1.0, 0.0, 0.0, 1.0])
    value = losses.binary_cross_entropy(y, t)
    assert np.isfinite(value)
    assert value == pytest.approx(-2 * np.log(eps), rel=1e-5)
    grad = losses.binary_cross_entropy_grad(y, t)
    assert np.all(np.isfinite(grad))
    # Wrong answers are pushed the right way: up where t = 1, down where t = 0.
    assert grad[0] < 0 and grad[1] > 0


def test_clipping_leaves_ordinary_probabilities_untouched():
    y = np.array([1e-10, 1 - 1e-10])
    assert losses.cross_entropy(y, [1, 0]) == -np.log(1e-10)
    assert losses.binary_cross_entropy(y, [1, 1]) == pytest.approx(
        -np.log(1e-10) - np.log(1 - 1e-10), rel=1e-15
    )


# --- errors --------------------------------------------------------------------


@pytest.mark.parametrize("name", ["sse", "mse", "binary_cross_entropy", "sse_grad"])
def test_shape_mismatch_names_both_shapes(name):
    with pytest.raises(
        ValueError, match=r"t of shape \(3,\) does not match y of shape \(4,\)"
    ):
        getattr(losses, name)(np.full(4, 0.5), np.full(3, 0.5))


@pytest.mark.parametrize(
    "name", ["sse", "mse", "cross_entropy", "binary_cross_entropy"]
)
def test_nan_in_y_names_the_first_bad_index(name):
    y = np.array([[0.2, 0.8], [np.nan, 0.5]])
    with pytest.raises(ValueError, match=r"y must be finite, but y\[\(1, 0\)\] is nan"):
        getattr(losses, name)(y, np.array([[0, 1], [1, 0]]))


def test_infinite_target_is_rejected():
    with pytest.raises(ValueError, match=r"t must be finite, but t\[2\] is inf"):
        losses.mse([1.0, 2.0, 3.0], [1.0, 2.0, np.inf])


def test_cross_entropy_rejects_bad_labels():
    y = np.full((3, 4), 0.25)
    with pytest.raises(ValueError, match=r"t must lie in \[0, 3\], but t\[1\] is 4"):
        losses.cross_entropy(y, np.array([0, 4, 1]))
    with pytest.raises(ValueError, match=r"t must lie in \[0, 3\], but t\[0\] is -1"):
        losses.cross_entropy(y, np.array([-1, 0, 1]))
    with pytest.raises(ValueError, match="integer class labels, got dtype float64"):
        losses.cross_entropy(y, np.array([0.0, 1.0, 2.0]))


def test_cross_entropy_rejects_rows_that_are_not_one_hot():
    y = np.full((3, 2), 0.5)
    with pytest.raises(ValueError, match=r"one-hot rows .* row 1 is \[0.5 0.5\]"):
        losses.cross_entropy(y, np.array([[1, 0], [0.5, 0.5], [0, 1]]))
    with pytest.raises(ValueError, match="one-hot rows .* row 2 is"):
        losses.cross_entropy(y, np.array([[1, 0], [0, 1], [1, 1]]))


def test_cross_entropy_rejects_targets_of_the_wrong_shape():
    with pytest.raises(
        ValueError, match=r"t of shape \(2,\) does not fit y of shape \(3, 4\)"
    ):
        losses.cross_entropy(np.full((3, 4), 0.25), np.array([0, 1]))


def test_probability_losses_reject_values_outside_zero_one():
    with pytest.raises(ValueError, match=r"y must lie in \[0, 1\], but y\[1\] is 1.5"):
        losses.cross_entropy(np.array([0.2, 1.5]), [0, 1])
    with pytest.raises(ValueError, match=r"t must lie in \[0, 1\], but t\[0\] is 2"):
        losses.binary_cross_entropy(np.array([0.2, 0.5]), np.array([2, 0]))


def test_three_dimensional_predictions_are_rejected():
    with pytest.raises(
        ValueError, match=r"y must have shape \(K,\) or \(N, K\), got shape"
    ):
        losses.sse(np.zeros((2, 2, 2)), np.zeros((2, 2, 2)))


def test_perfect_prediction_costs_positive_zero():
    # -0.0 compares equal to 0 but prints as "-0.0" on a page
    for t in (np.array([0.0, 1.0]), 1):
        loss = losses.cross_entropy(np.array([0.0, 1.0]), t)
        assert loss == 0 and not np.signbit(loss)
    batch = losses.cross_entropy(np.array([[1.0, 0.0]]), np.array([0]))
    assert batch == 0 and not np.signbit(batch)
