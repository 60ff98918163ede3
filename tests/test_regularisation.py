"""Weight decay, dropout and early stopping: MLP.gradients, layers.dropout_mask and
fit."""

import numpy as np
import pytest

from nnscratch import MLP
from nnscratch.gradcheck import numerical_gradient, relative_error
from nnscratch.layers import dropout_mask
from nnscratch.train import fit


def data(n=12, n_in=4, k=3, seed=0):
    rng = np.random.default_rng(seed)
    return rng.normal(size=(n, n_in)), rng.integers(0, k, size=n)


def network(hidden="tanh", seed=0):
    net = MLP([4, 5, 6, 3], hidden=hidden, seed=seed)
    net.biases = [
        np.random.default_rng(9).normal(scale=0.3, size=b.shape) for b in net.biases
    ]
    return net


# --- weight decay ---------------------------------------------------------------


def test_weight_decay_adds_half_lambda_times_squared_weights_to_the_loss():
    net, (X, T) = network(), data()
    lam = 0.3
    plain, dW, db = net.gradients(X, T)
    penalised, dW_l, db_l = net.gradients(X, T, weight_decay=lam)
    expected = plain + lam / 2 * sum(np.sum(W**2) for W in net.weights)
    assert penalised == pytest.approx(expected, rel=1e-14)
    for W, g, g_l in zip(net.weights, dW, dW_l):
        np.testing.assert_allclose(g_l, g + lam * W, rtol=1e-13, atol=1e-15)
    for g, g_l in zip(db, db_l):  # biases are not penalised
        np.testing.assert_array_equal(g, g_l)


def test_weight_decay_gradients_match_central_differences_float64():
    net, (X, T) = network(), data()
    loss, dW, db = net.gradients(X, T, weight_decay=0.7)
    for analytic, p in zip(dW + db, net.weights + net.biases):
        numeric = numerical_gradient(
            lambda _: net.gradients(X, T, weight_decay=0.7)[0], p
        )
        assert relative_error(analytic, numeric) < 1e-7


def test_zero_weight_decay_changes_nothing():
    net, (X, T) = network(), data()
    a, b = net.gradients(X, T), net.gradients(X, T, weight_decay=0.0)
    assert a[0] == b[0]
    for x, y in zip(a[1] + a[2], b[1] + b[2]):
        np.testing.assert_array_equal(x, y)


@pytest.mark.parametrize("value", [-0.1, float("inf"), "0.1", None])
def test_bad_weight_decay_is_refused(value):
    net, (X, T) = network(), data()
    with pytest.raises(ValueError, match="weight_decay must be a finite number >= 0"):
        net.gradients(X, T, weight_decay=value)
    with pytest.raises(ValueError, match="weight_decay must be a finite number >= 0"):
        fit(net, X, T, epochs=1, weight_decay=value)


def test_fit_reports_the_penalised_loss_and_shrinks_the_weights():
    X, T = data(n=40)
    plain, decayed = network(), network()
    start = decayed.gradients(X, T, weight_decay=0.5)[0]
    h_decayed = fit(
        decayed, X, T, epochs=1, weight_decay=0.5
    )  # full batch: the loss at the start
    assert h_decayed["loss"][0] == pytest.approx(float(start), rel=1e-12)
    fit(plain, X, T, epochs=50)
    fit(decayed, X, T, epochs=49, weight_decay=0.5)

    def norm(net):
        return sum(np.sum(W**2) for W in net.weights)

    assert norm(decayed) < 0.5 * norm(plain)


def test_weight_decay_float32_stays_float32():
    net = MLP([4, 5, 3], dtype=np.float32)
    X, T = data()
    loss, dW, db = net.gradients(X, T, weight_decay=0.1)
    assert loss.dtype == np.float32 and all(g.dtype == np.float32 for g in dW + db)


# --- dropout masks ----------------------------------------------------------------


def test_dropout_mask_values_rate_and_mean():
    mask = dropout_mask((400, 500), 0.3, np.random.default_rng(0))
    assert mask.shape == (400, 500) and mask.dtype == np.float64
    assert set(np.unique(mask)) == {0.0, 1 / 0.7}
    # 200,000 draws: the kept fraction is within 0.005 of 0.7
    # (more than 7 standard errors)
    assert np.mean(mask > 0) == pytest.approx(0.7, abs=0.005)
    # inverted dropout: the expectation of a masked activation is unchanged
    assert mask.mean() == pytest.approx(1.0, abs=0.01)


def test_dropout_mask_is_seeded_and_typed():
    a = dropout_mask((3, 4), 0.5, np.random.default_rng(1), dtype=np.float32)
    b = dropout_mask((3, 4), 0.5, np.random.default_rng(1), dtype=np.float32)
    assert a.dtype == np.float32
    np.testing.assert_array_equal(a, b)
    assert np.all(dropout_mask((3, 4), 0.0, np.random.default_rng(1)) == 1)


@pytest.mark.parametrize("p", [1.0, -0.1, 1.5, "half"])
def test_dropout_mask_rejects_bad_probabilities(p):
    with pytest.raises(ValueError, match=r"p must lie in \[0, 1\)"):
        dropout_mask((2, 2), p, np.random.default_rng(0))


def test_dropout_mask_needs_a_generator():
    with pytest.raises(ValueError, match="rng must be a numpy.random.Generator"):
        dropout_mask((2, 2), 0.5, 0)


# --- gradients with a fixed mask ----------------------------------------------------


def masks_for(net, n, p=0.4, seed=2):
    rng = np.random.default_rng(seed)
    return [dropout_mask((n, width), p, rng) for width in net.sizes[1:-1]]


@pytest.mark.parametrize("hidden", ["tanh", "sigmoid"])
def test_gradients_with_a_fixed_mask_match_central_differences(hidden):
    net, (X, T) = network(hidden), data()
    masks = masks_for(net, len(X))
    loss, dW, db = net.gradients(X, T, weight_decay=0.1, masks=masks)
    for analytic, p in zip(dW + db, net.weights + net.biases):
        numeric = numerical_gradient(
            lambda _: net.gradients(X, T, weight_decay=0.1, masks=masks)[0], p
        )
        assert relative_error(analytic, numeric) < 1e-7


def test_a_mask_of_ones_is_no_dropout_and_a_dropped_unit_gets_no_gradient():
    net, (X, T) = network(), data()
    ones = [np.ones((len(X), w)) for w in net.sizes[1:-1]]
    assert net.gradients(X, T, masks=ones)[0] == net.gradients(X, T)[0]
    masks = [np.ones((len(X), w)) for w in net.sizes[1:-1]]
    masks[0][:, 2] = 0  # unit 2 of the first hidden layer dropped for every example
    _, dW, db = net.gradients(X, T, masks=masks)
    assert np.all(dW[0][:, 2] == 0) and db[0][2] == 0 and np.all(dW[1][2, :] == 0)


@pytest.mark.parametrize(
    "masks, message",
    [
        ([np.ones((12, 5))], "masks must hold 2 arrays, one per hidden layer"),
        (
            [np.ones((12, 5)), np.ones((11, 6))],
            r"masks\[1\] of shape \(11, 6\) does not fit",
        ),
        ([np.ones((12, 5)), np.full((12, 6), np.nan)], r"masks\[1\] must be finite"),
    ],
)
def test_bad_masks_are_refused(masks, message):
    net, (X, T) = network(), data()
    with pytest.raises(ValueError, match=message):
        net.gradients(X, T, masks=masks)


# --- dropout in fit ---------------------------------------------------------------


def test_fit_with_dropout_is_seeded_and_differs_from_no_dropout():
    X, T = data(n=30)
    nets = [network() for _ in range(3)]
    fit(nets[0], X, T, epochs=5, batch_size=10, dropout=0.5, seed=4)
    fit(nets[1], X, T, epochs=5, batch_size=10, dropout=0.5, seed=4)
    fit(nets[2], X, T, epochs=5, batch_size=10, seed=4)
    np.testing.assert_array_equal(nets[0].weights[0], nets[1].weights[0])
    assert not np.allclose(nets[0].weights[0], nets[2].weights[0])


def test_history_carries_the_dropout_generator_on():
    """Training in two calls draws the same masks as in one."""
    X, T = data(n=30)
    one, two = network(), network()
    whole = fit(one, X, T, epochs=4, batch_size=10, dropout=0.5, seed=2)
    first = fit(two, X, T, epochs=2, batch_size=10, dropout=0.5, seed=2)
    assert isinstance(first.dropout_rng, np.random.Generator)
    fit(two, X, T, epochs=2, batch_size=10, dropout=0.5, history=first)
    np.testing.assert_array_equal(one.weights[0], two.weights[0])
    assert whole["loss"][2:] == first["loss"][2:]
    assert fit(network(), X, T, epochs=1).dropout_rng is None


def test_no_dropout_outside_training():
    X, T = data(n=30)
    net = network()
    fit(net, X, T, epochs=2, dropout=0.5)
    np.testing.assert_array_equal(net.forward(X), net.forward(X))
    assert net.loss(X, T) == net.gradients(X, T)[0]


def test_fit_with_dropout_zero_is_plain_fit():
    X, T = data(n=30)
    a, b = network(), network()
    fit(a, X, T, epochs=3, batch_size=7, dropout=0.0)
    fit(b, X, T, epochs=3, batch_size=7)
    np.testing.assert_array_equal(a.weights[1], b.weights[1])


@pytest.mark.parametrize("value", [1.0, -0.2, "0.5"])
def test_fit_rejects_bad_dropout(value):
    X, T = data()
    with pytest.raises(ValueError, match=r"dropout must lie in \[0, 1\)"):
        fit(network(), X, T, epochs=1, dropout=value)


# --- early stopping ----------------------------------------------------------------


def overfitting_problem():
    """A wide network on 20 noisy examples: validation loss turns up soon."""
    rng = np.random.default_rng(0)
    X, X_val = rng.normal(size=(20, 4)), rng.normal(size=(200, 4))
    T, T_val = rng.integers(0, 3, size=20), rng.integers(0, 3, size=200)
    return MLP([4, 64, 3], hidden="tanh", seed=0), X, T, (X_val, T_val)


def test_early_stopping_stops_after_patience_and_restores_the_best_epoch():
    net, X, T, validation = overfitting_problem()
    history = fit(
        net, X, T, epochs=300, learning_rate=0.5, validation=validation, patience=5
    )
    best = history["best_epoch"]
    val = history["val_loss"]
    assert len(val) == best + 5 < 300
    assert val[best - 1] == min(val)
    assert float(net.loss(*validation)) == pytest.approx(val[best - 1], rel=1e-12)


def test_early_stopping_while_still_improving_keeps_the_last_epoch():
    net, X, T, _ = overfitting_problem()
    # full-batch descent with small steps lowers the loss on the training data
    # every epoch
    history = fit(
        net, X, T, epochs=3, learning_rate=0.01, validation=(X, T), patience=10
    )
    assert history["best_epoch"] == 3 == len(history["loss"])


def test_without_patience_there_is_no_best_epoch():
    net, X, T, validation = overfitting_problem()
    assert "best_epoch" not in fit(net, X, T, epochs=2, validation=validation)


def test_patience_needs_validation_data():
    net, X, T, _ = overfitting_problem()
    with pytest.raises(ValueError, match="patience needs validation data"):
        fit(net, X, T, epochs=2, patience=3)


@pytest.mark.parametrize("value", [0, -1, 2.5, "3"])
def test_bad_patience_is_refused(value):
    net, X, T, validation = overfitting_problem()
    with pytest.raises(ValueError, match="patience must be an integer >= 1 or None"):
        fit(net, X, T, epochs=2, validation=validation, patience=value)


def test_dropout_keeps_float32_and_works_without_hidden_layers():
    X, T = data(n=20)
    net32 = MLP([4, 5, 3], dtype=np.float32)
    fit(net32, X, T, epochs=2, batch_size=5, dropout=0.3)
    assert net32.weights[0].dtype == np.float32
    flat = MLP([4, 3])
    history = fit(flat, X, T, epochs=2, dropout=0.3, weight_decay=0.01)
    assert len(history["loss"]) == 2
    assert flat.gradients(X, T, masks=[])[0] == flat.gradients(X, T)[0]


def test_all_the_tools_together():
    net, X, T, validation = overfitting_problem()
    history = fit(
        net,
        X,
        T,
        epochs=40,
        batch_size=5,
        learning_rate=0.1,
        optimizer="rmsprop",
        weight_decay=1e-3,
        dropout=0.2,
        validation=validation,
        patience=4,
        schedule="cosine",
        seed=3,
    )
    n = len(history["loss"])
    assert len(history["val_loss"]) == len(history["learning_rate"]) == n
    assert 1 <= history["best_epoch"] <= n and history["learning_rate"][0] == 0.1
