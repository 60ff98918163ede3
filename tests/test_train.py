"""nnscratch.train and nnscratch.optim: updates, fit, history, determinism, errors."""

import numpy as np
import pytest

from nnscratch import MLP, optim, train
from nnscratch.train import accuracy, fit

XOR_X = np.array([[0.0, 0.0], [0.0, 1.0], [1.0, 0.0], [1.0, 1.0]])
XOR_T = np.array([0.0, 1.0, 1.0, 0.0])


def blobs(n=60, seed=0):
    """Three seeded Gaussian blobs in 2-D with integer labels."""
    rng = np.random.default_rng(seed)
    labels = rng.integers(0, 3, size=n)
    centers = np.array([[0.0, 2.0], [2.0, -1.0], [-2.0, -1.0]])
    return centers[labels] + 0.6 * rng.normal(size=(n, 2)), labels


def params(net):
    return [p.copy() for p in net.weights + net.biases]


# --- optimizers ---------------------------------------------------------------


def test_sgd_step_is_minus_learning_rate_times_gradient():
    p, g = np.array([1.0, 2.0]), np.array([0.5, -1.0])
    optim.SGD(learning_rate=0.1).step([p], [g])
    np.testing.assert_allclose(p, [0.95, 2.1])


def test_momentum_accumulates_a_velocity():
    p, g = np.array([0.0]), np.array([1.0])
    opt = optim.get_optimizer("momentum", learning_rate=0.1)
    assert opt.momentum == 0.9
    opt.step([p], [g])  # v = 1
    opt.step([p], [g])  # v = 0.9 + 1
    np.testing.assert_allclose(p, [-0.1 - 0.19])


def test_adam_first_step_moves_each_parameter_by_the_learning_rate():
    p = np.array([0.0, 0.0, 0.0])
    opt = optim.get_optimizer("adam", learning_rate=0.01)
    assert (opt.beta1, opt.beta2, opt.epsilon) == (0.9, 0.999, 1e-8)
    opt.step([p], [np.array([1e-3, -5.0, 200.0])])
    np.testing.assert_allclose(p, [-0.01, 0.01, -0.01], rtol=1e-4)


def test_adam_matches_its_formula_over_several_steps():
    rng = np.random.default_rng(0)
    grads = rng.normal(size=(5, 3))
    p = np.zeros(3)
    opt = optim.Adam(learning_rate=0.1)
    m = v = np.zeros(3)
    expected = np.zeros(3)
    for k, g in enumerate(grads, start=1):
        opt.step([p], [g])
        m = 0.9 * m + 0.1 * g
        v = 0.999 * v + 0.001 * g**2
        expected = expected - 0.1 * (m / (1 - 0.9**k)) / (
            np.sqrt(v / (1 - 0.999**k)) + 1e-8
        )
    np.testing.assert_allclose(p, expected, rtol=1e-12)


@pytest.mark.parametrize("name", ["sgd", "momentum", "adam"])
def test_optimizers_keep_float32(name):
    p = np.ones(3, dtype=np.float32)
    opt = optim.get_optimizer(name, learning_rate=0.1)
    for _ in range(3):
        opt.step([p], [np.full(3, 0.5, dtype=np.float32)])
    assert p.dtype == np.float32


def test_optimizer_errors():
    with pytest.raises(
        ValueError,
        match=(
            "unknown optimizer 'adagrad'; valid names: "
            "'adam', 'momentum', 'rmsprop', 'sgd'"
        ),
    ):
        optim.get_optimizer("adagrad")
    with pytest.raises(
        ValueError, match="learning_rate must be a finite number > 0, got -1"
    ):
        optim.get_optimizer("sgd", learning_rate=-1)
    with pytest.raises(ValueError, match=r"momentum must lie in \[0, 1\), got 1.5"):
        optim.Momentum(momentum=1.5)
    with pytest.raises(
        ValueError,
        match=r"grads\[0\] of shape \(2,\) does not match params\[0\] of shape \(3,\)",
    ):
        optim.SGD().step([np.zeros(3)], [np.zeros(2)])


# --- fit ----------------------------------------------------------------------


@pytest.mark.parametrize("hidden", ["tanh", "sigmoid"])
def test_fit_learns_xor(hidden):
    net = MLP([2, 4, 1], hidden=hidden, output="sigmoid", seed=1)
    history = fit(
        net, XOR_X, XOR_T, epochs=2000, learning_rate=1.0, optimizer="momentum"
    )
    assert history["loss"][-1] < 0.05 * history["loss"][0]
    assert accuracy(net, XOR_X, XOR_T) == 1.0


@pytest.mark.parametrize("batch_size", [None, 1, 7, 1000])
def test_full_online_and_mini_batch_all_reduce_the_loss(batch_size):
    X, labels = blobs()
    net = MLP([2, 8, 3], hidden="relu")
    history = fit(net, X, labels, epochs=30, batch_size=batch_size, learning_rate=0.05)
    assert len(history["loss"]) == 30
    assert history["loss"][-1] < 0.5 * history["loss"][0]
    assert all(isinstance(value, float) for value in history["loss"])


@pytest.mark.parametrize(
    "name, learning_rate", [("sgd", 0.1), ("momentum", 0.05), ("adam", 0.01)]
)
def test_every_optimizer_trains(name, learning_rate):
    X, labels = blobs()
    net = MLP([2, 8, 3], hidden="tanh")
    history = fit(
        net,
        X,
        labels,
        epochs=40,
        batch_size=10,
        learning_rate=learning_rate,
        optimizer=name,
    )
    assert history["loss"][-1] < 0.5 * history["loss"][0]


def test_full_batch_epoch_loss_is_the_loss_before_that_epochs_update():
    X, labels = blobs()
    net = MLP([2, 5, 3], hidden="tanh")
    start = float(net.loss(X, labels))
    history = fit(net, X, labels, epochs=3)
    assert history["loss"][0] == pytest.approx(start, rel=1e-14)


def test_same_seed_gives_bit_identical_weights():
    X, labels = blobs()
    runs = []
    for _ in range(2):
        net = MLP([2, 6, 3], seed=3)
        fit(
            net,
            X,
            labels,
            epochs=5,
            batch_size=8,
            optimizer="adam",
            learning_rate=0.01,
            seed=11,
        )
        runs.append(params(net))
    assert all(np.array_equal(a, b) for a, b in zip(*runs))
    other = MLP([2, 6, 3], seed=3)
    fit(
        other,
        X,
        labels,
        epochs=5,
        batch_size=8,
        optimizer="adam",
        learning_rate=0.01,
        seed=12,
    )
    assert not np.array_equal(other.weights[0], runs[0][0])


def test_full_batch_ignores_shuffling():
    X, labels = blobs()
    a, b = MLP([2, 4, 3]), MLP([2, 4, 3])
    fit(a, X, labels, epochs=3, seed=1)
    fit(b, X, labels, epochs=3, shuffle=False)
    assert all(np.array_equal(p, q) for p, q in zip(params(a), params(b)))


def test_validation_history():
    X, labels = blobs(80)
    net = MLP([2, 8, 3], hidden="tanh")
    history = fit(
        net,
        X[:60],
        labels[:60],
        epochs=10,
        batch_size=16,
        validation=(X[60:], labels[60:]),
    )
    assert set(history) == {"loss", "val_loss", "val_accuracy"}
    assert len(history["val_loss"]) == len(history["val_accuracy"]) == 10
    assert history["val_loss"][-1] == pytest.approx(
        float(net.loss(X[60:], labels[60:]))
    )
    assert history["val_accuracy"][-1] == accuracy(net, X[60:], labels[60:])
    regression = MLP([2, 3, 1], output="identity")
    history = fit(regression, X, X[:, 0], epochs=2, validation=(X, X[:, 0]))
    assert set(history) == {"loss", "val_loss"}


def test_float32_training_stays_float32():
    X, labels = blobs()
    net = MLP([2, 8, 3], dtype=np.float32)
    fit(net, X, labels, epochs=3, batch_size=16, optimizer="adam", learning_rate=0.01)
    assert all(p.dtype == np.float32 for p in net.weights + net.biases)


def test_fit_is_the_loop_over_seeded_shuffled_batches_of_gradients_and_sgd_steps():
    # fit gathers each batch's rows itself and skips re-checking them: the
    # result must be exactly the plain loop over the public gradients.
    X, labels = blobs(n=70)
    net, plain = MLP([2, 5, 3], seed=1), MLP([2, 5, 3], seed=1)
    history = fit(net, X, labels, epochs=2, batch_size=16, learning_rate=0.2, seed=3)
    rng, sgd, losses = np.random.default_rng(3), optim.SGD(learning_rate=0.2), []
    for _ in range(2):
        order, total = rng.permutation(len(X)), 0.0
        for start in range(0, len(X), 16):
            rows = order[start : start + 16]
            loss, dW, db = plain.gradients(X[rows], labels[rows])
            sgd.step(plain.weights + plain.biases, dW + db)
            total += float(loss) * len(rows)
        losses.append(total / len(X))
    assert history["loss"] == losses
    assert all(np.array_equal(p, q) for p, q in zip(params(net), params(plain)))


def test_float32_gradients_and_losses_stay_float32_end_to_end():
    X, labels = blobs()
    net = MLP([2, 8, 3], dtype=np.float32)
    loss, dW, db = net.gradients(X.astype(np.float32), labels)
    assert loss.dtype == np.float32
    assert all(g.dtype == np.float32 for g in dW + db)
    assert net.forward(X.astype(np.float32)).dtype == np.float32


def test_an_optimizer_object_is_used_with_its_own_settings():
    X, labels = blobs()
    a, b = MLP([2, 4, 3]), MLP([2, 4, 3])
    fit(
        a,
        X,
        labels,
        epochs=3,
        optimizer=optim.Momentum(learning_rate=0.05, momentum=0.5),
    )
    fit(
        b,
        X,
        labels,
        epochs=3,
        optimizer=optim.Momentum(learning_rate=0.05, momentum=0.0),
    )
    c = MLP([2, 4, 3])
    fit(c, X, labels, epochs=3, learning_rate=0.05)
    assert all(np.array_equal(p, q) for p, q in zip(params(b), params(c)))
    assert not np.array_equal(a.weights[0], c.weights[0])


def test_progress_bar_runs(capsys):
    X, labels = blobs()
    fit(MLP([2, 4, 3]), X, labels, epochs=3, progress=True)
    assert "training" in capsys.readouterr().err


def test_non_finite_loss_raises_instead_of_returning_a_nan_model():
    X = np.random.default_rng(0).normal(size=(20, 2)) * 100
    net = MLP([2, 16, 1], output="identity")
    with pytest.raises(FloatingPointError, match="training diverged at epoch [0-9]+"):
        fit(net, X, X.sum(axis=1), epochs=500, learning_rate=10.0)


@pytest.mark.parametrize(
    "kwargs, message",
    [
        ({"epochs": 0}, "epochs must be an integer >= 1, got 0"),
        ({"epochs": 2.5}, "epochs must be an integer >= 1, got 2.5"),
        ({"batch_size": 0}, "batch_size must be an integer >= 1 or None, got 0"),
        ({"learning_rate": 0}, "learning_rate must be a finite number > 0, got 0"),
        (
            {"learning_rate": np.nan},
            "learning_rate must be a finite number > 0, got nan",
        ),
        (
            {"optimizer": "newton"},
            (
                "unknown optimizer 'newton'; valid names: "
                "'adam', 'momentum', 'rmsprop', 'sgd'"
            ),
        ),
        (
            {"validation": (np.zeros((3, 3)), [0, 1, 2])},
            r"validation data: X of shape \(3, 3\) does not fit",
        ),
    ],
)
def test_fit_rejects_bad_settings(kwargs, message):
    X, labels = blobs()
    arguments = {"epochs": 1} | kwargs
    with pytest.raises(ValueError, match=message):
        fit(MLP([2, 4, 3]), X, labels, **arguments)


def test_fit_rejects_bad_data():
    X, labels = blobs()
    net = MLP([2, 4, 3])
    with pytest.raises(ValueError, match=r"X has 60 rows but T has 59"):
        fit(net, X, labels[:-1], epochs=1)
    with pytest.raises(
        ValueError, match=r"X of shape \(60, 3\) does not fit the network's 2 inputs"
    ):
        fit(net, np.ones((60, 3)), labels, epochs=1)
    X_bad = X.copy()
    X_bad[7, 1] = np.nan
    with pytest.raises(ValueError, match=r"X must be finite, but X\[\(7, 1\)\] is nan"):
        fit(net, X_bad, labels, epochs=1)
    with pytest.raises(ValueError, match="net must be an nnscratch MLP, got dict"):
        fit({}, X, labels, epochs=1)


@pytest.mark.parametrize("bad", [np.nan, np.inf, -np.inf])
@pytest.mark.parametrize("batch_size", [None, 1, 7])
def test_a_bad_value_met_late_in_the_first_epoch_is_named_and_the_network_is_untouched(
    bad, batch_size
):
    # fit checks X batch by batch in the first epoch: by the time the bad row
    # comes up, earlier batches have made updates, which must be undone.
    X, labels = blobs(n=200)
    row = int(
        np.random.default_rng(0).permutation(200)[-1]
    )  # the last row the first epoch visits
    X[row, 1] = bad
    net = MLP([2, 4, 3])
    start = params(net)
    with pytest.raises(
        ValueError, match=rf"X must be finite, but X\[\({row}, 1\)\] is {bad}"
    ) as caught:
        fit(net, X, labels, epochs=3, batch_size=batch_size, seed=0)
    assert (
        caught.value.__context__ is None
    )  # one clear error, not one raised while handling another
    assert all(np.array_equal(p, q) for p, q in zip(params(net), start))


def test_unscaled_inputs_warn_once_however_many_batches_are_large():
    X, labels = blobs()
    X[:, 0] *= 1e5
    with pytest.warns(RuntimeWarning) as caught:
        fit(MLP([2, 4, 3], hidden="tanh"), X, labels, epochs=2, batch_size=5)
    assert len(caught) == 1
    largest = np.abs(X).max()
    assert f"X has values up to {largest:.3g}" in str(caught[0].message)
    assert caught[0].filename == __file__  # points at the call of fit


def test_a_single_huge_value_in_the_last_batch_warns_too():
    X, labels = blobs()
    X[-1, 0] = 3e4
    with pytest.warns(RuntimeWarning, match=r"X has values up to 3e\+04"):
        fit(
            MLP([2, 4, 3], hidden="tanh"),
            X,
            labels,
            epochs=1,
            batch_size=10,
            shuffle=False,
        )


# --- accuracy -----------------------------------------------------------------


def test_accuracy_counts_correct_predictions():
    X, labels = blobs()
    net = MLP([2, 4, 3])
    expected = np.mean(net.predict(X) == labels)
    assert accuracy(net, X, labels) == expected
    assert accuracy(net, X, np.eye(3)[labels]) == expected
    with pytest.raises(ValueError, match="accuracy needs a classifier"):
        accuracy(MLP([2, 1], output="identity"), X, labels)


# --- the traps of a new user (issue: the package as its users expect) ---------


@pytest.mark.parametrize(
    "name, default", [("sgd", 0.1), ("momentum", 0.1), ("adam", 0.001)]
)
def test_one_default_learning_rate_per_optimizer_however_it_is_made(name, default):
    X, labels = blobs()
    made = [
        optim.OPTIMIZERS[name](),
        optim.get_optimizer(name),
        fit(MLP([2, 4, 3]), X, labels, epochs=1, optimizer=name).optimizer,
    ]
    assert [o.learning_rate for o in made] == [default] * 3
    assert fit(MLP([2, 4, 3]), X, labels, epochs=1).optimizer.learning_rate == 0.1


def test_learning_rate_with_an_optimizer_object_is_refused():
    X, labels = blobs()
    with pytest.raises(
        ValueError,
        match="learning_rate is given, but the optimizer is an Optimizer object",
    ):
        fit(
            MLP([2, 4, 3]),
            X,
            labels,
            epochs=1,
            optimizer=optim.Adam(),
            learning_rate=0.1,
        )


@pytest.mark.parametrize("optimizer", ["sgd", "momentum", "adam"])
@pytest.mark.parametrize("batch_size", [None, 7])
def test_continuing_one_epoch_at_a_time_equals_one_long_call(optimizer, batch_size):
    X, labels = blobs()
    arguments = {
        "batch_size": batch_size,
        "optimizer": optimizer,
        "learning_rate": 0.05,
        "validation": (X[:10], labels[:10]),
    }
    once = MLP([2, 6, 3], seed=1)
    whole = fit(once, X, labels, epochs=4, seed=5, **arguments)
    steps = MLP([2, 6, 3], seed=1)
    history = fit(steps, X, labels, epochs=1, seed=5, **arguments)
    validation = arguments.pop("validation")
    for _ in range(3):
        again = fit(
            steps,
            X,
            labels,
            epochs=1,
            history=history,
            validation=validation,
            batch_size=batch_size,
        )
        assert again is history
    assert history == whole  # every epoch's loss, val_loss and val_accuracy
    assert all(np.array_equal(p, q) for p, q in zip(params(steps), params(once)))
    assert history.optimizer.steps == whole.optimizer.steps


def test_without_the_history_a_second_call_starts_the_optimizer_and_shuffles_afresh():
    X, labels = blobs()
    a = MLP([2, 6, 3], seed=1)
    fit(a, X, labels, epochs=2, batch_size=7, optimizer="adam")
    b = MLP([2, 6, 3], seed=1)
    for _ in range(2):
        fit(b, X, labels, epochs=1, batch_size=7, optimizer="adam")
    assert not np.array_equal(a.weights[0], b.weights[0])


def test_a_continued_history_takes_a_new_seed_or_optimizer_when_given():
    X, labels = blobs()
    net = MLP([2, 6, 3])
    history = fit(net, X, labels, epochs=1, batch_size=7, optimizer="adam")
    adam = history.optimizer
    fit(net, X, labels, epochs=1, batch_size=7, history=history, seed=3)
    assert history.optimizer is adam and len(history["loss"]) == 2
    fit(net, X, labels, epochs=1, history=history, optimizer="sgd", learning_rate=0.01)
    assert (
        isinstance(history.optimizer, optim.SGD)
        and history.optimizer.learning_rate == 0.01
    )
    with pytest.raises(ValueError, match="learning_rate is given"):
        fit(net, X, labels, epochs=1, history=history, learning_rate=0.01)


def test_a_history_that_cannot_be_continued_is_refused():
    X, labels = blobs()
    net = MLP([2, 6, 3])
    with pytest.raises(
        ValueError,
        match="history must be the History an earlier fit returned, got dict",
    ):
        fit(net, X, labels, epochs=1, history={"loss": [1.0]})
    history = fit(net, X, labels, epochs=1)
    with pytest.raises(ValueError, match="history was started without validation data"):
        fit(net, X, labels, epochs=1, history=history, validation=(X, labels))


@pytest.mark.parametrize("seed", [-1, "a", 2.5])
def test_fit_checks_its_seed(seed):
    X, labels = blobs()
    with pytest.raises(ValueError, match="seed must be an integer >= 0"):
        fit(MLP([2, 4, 3]), X, labels, epochs=1, seed=seed)


def test_divergence_with_a_finite_loss_is_an_error_and_no_numpy_warning_escapes():
    # A sigmoid output at a learning rate of 1e4: the loss stays finite (it is
    # clipped) while the weights run away.
    X, labels = blobs()
    t = (labels == 0).astype(float)
    net = MLP([2, 8, 1], output="sigmoid")
    with pytest.raises(
        FloatingPointError,
        match=(
            r"training diverged at epoch \d+: "
            r".*try a smaller learning rate than 10000"
        ),
    ):
        fit(net, X, t, epochs=50, learning_rate=1e4)
    largest = max(np.abs(p).max() for p in net.weights + net.biases)
    assert largest <= train.DIVERGED
    (
        net.forward(X),
        net.predict(X),
        net.loss(X, t),
    )  # no warning: pytest makes it an error


def test_a_parameter_beyond_diverged_stops_fit_and_the_epoch_is_undone():
    X, labels = blobs()
    net = MLP([2, 4, 3])
    start = params(net)
    with pytest.raises(
        FloatingPointError,
        match=r"training diverged at epoch 1: a parameter reached .*beyond 1e\+06",
    ):
        fit(net, X, labels, epochs=1, optimizer=optim.SGD(learning_rate=1e8))
    assert all(np.array_equal(p, q) for p, q in zip(params(net), start))


def wine():
    from sklearn.datasets import load_wine

    data = load_wine()
    return data.data, data.target


def test_unscaled_wine_warns_in_words_a_user_can_act_on():
    X, labels = wine()
    assert (
        1e3 < X.max() < 1e4
    )  # under the old threshold of 1e4: it trained at chance silently
    with pytest.warns(
        RuntimeWarning,
        match=r"X has values up to 1.68e\+03: .*column 12.*standardise the inputs",
    ) as caught:
        fit(MLP([13, 8, 3]), X, labels, epochs=2, batch_size=32)
    assert len(caught) == 1 and caught[0].filename == __file__
    Z = (X - X.mean(axis=0)) / X.std(axis=0)
    fit(MLP([13, 8, 3]), Z, labels, epochs=2, batch_size=32)  # no warning


def test_columns_of_far_apart_spreads_warn_even_when_none_is_large():
    X, labels = blobs()
    X = X * [1e-3, 50.0]
    with pytest.warns(
        RuntimeWarning,
        match=(
            r"the columns of X differ in spread by a factor of "
            r".*column 1 spans .*column 0 only"
        ),
    ) as caught:
        fit(MLP([2, 4, 3]), X, labels, epochs=3, batch_size=16)
    assert len(caught) == 1 and caught[0].filename == __file__


def test_one_example_at_a_time_never_warns_about_spreads():
    # One row has no spread: a small coordinate is not a small scale.
    net = MLP([2, 3, 1], output="identity")
    for x in ([6e-5, 0.7], [0.3, 1e-6]):
        fit(net, [x], [0.5], epochs=1)
    fit(
        net, [[0.0, 5.0], [0.0, 6.0]], [0.5, 0.2], epochs=1
    )  # a constant column neither


def test_one_threshold_for_large_inputs():
    from nnscratch import network

    assert train.LARGE is network.LARGE == 1e3
    assert not hasattr(train, "LARGE_INPUT") and not hasattr(network, "_LARGE")


def test_progress_without_tqdm_says_what_to_install(monkeypatch):
    import sys

    monkeypatch.setitem(sys.modules, "tqdm", None)
    monkeypatch.setitem(sys.modules, "tqdm.auto", None)
    X, labels = blobs()
    with pytest.warns(
        UserWarning, match=r"progress=True needs tqdm.*nnscratch\[progress\]"
    ) as caught:
        fit(MLP([2, 4, 3]), X, labels, epochs=2, progress=True)
    assert caught[0].filename == __file__


def test_fit_and_epoch_are_loops_a_reader_can_hold_in_their_head():
    import inspect

    for function, most in ((fit, 25), (train._epoch, 16)):
        source = inspect.getsource(function)
        body = source.split('"""')[2]  # after the docstring
        lines = [line for line in body.splitlines() if line.strip()]
        assert len(lines) <= most, function.__name__
        assert max(len(line) for line in source.splitlines()) <= 80
