"""nnscratch.schedules and fit(schedule=...)."""

import math

import numpy as np
import pytest

from nnscratch import MLP, optim
from nnscratch.schedules import SCHEDULES, cosine, get_schedule, step_decay, warmup
from nnscratch.train import fit


def test_step_decay_cuts_tenfold_at_thirds():
    assert [step_decay(e, 9) for e in range(1, 10)] == pytest.approx(
        [1, 1, 1, 0.1, 0.1, 0.1, 0.01, 0.01, 0.01]
    )
    assert [step_decay(e, 4, drop=0.5, steps=1) for e in range(1, 5)] == [
        1,
        1,
        0.5,
        0.5,
    ]


def test_cosine_falls_from_one_by_half_a_wave():
    values = [cosine(e, 4) for e in range(1, 5)]
    assert values == pytest.approx(
        [1, (1 + math.cos(math.pi / 4)) / 2, 0.5, (1 + math.cos(3 * math.pi / 4)) / 2]
    )
    assert all(v > 0 for v in values)


def test_warmup_rises_linearly_then_stays():
    assert [warmup(e, 10, warmup_epochs=4) for e in range(1, 7)] == [
        0.25,
        0.5,
        0.75,
        1,
        1,
        1,
    ]
    assert warmup(1, 10) == 0.5  # a fifth of 10 epochs by default


@pytest.mark.parametrize(
    "call, message",
    [
        (lambda: cosine(0, 5), "epoch must be an integer >= 1"),
        (lambda: cosine(6, 5), r"epoch must lie in 1..5 \(epochs\), got 6"),
        (lambda: step_decay(1, 5, drop=2.0), r"drop must lie in \(0, 1\]"),
        (lambda: step_decay(1, 5, steps=0), "steps must be an integer >= 1"),
        (
            lambda: warmup(1, 5, warmup_epochs=0),
            "warmup_epochs must be an integer >= 1",
        ),
        (
            lambda: get_schedule("linear", 5),
            "unknown schedule 'linear'; valid names: 'cosine'",
        ),
        (lambda: get_schedule("cosine", 0), "epochs must be an integer >= 1"),
    ],
)
def test_bad_arguments_are_refused(call, message):
    with pytest.raises(ValueError, match=message):
        call()


def test_get_schedule_binds_the_epochs():
    assert get_schedule("cosine", 4)(3) == cosine(3, 4)

    def f(epoch):
        return 1 / epoch

    assert get_schedule(f, 3) is f
    assert set(SCHEDULES) == {"step", "cosine", "warmup"}


def problem():
    rng = np.random.default_rng(0)
    return MLP([3, 5, 2], seed=0), rng.normal(size=(20, 3)), rng.integers(0, 2, size=20)


def test_fit_uses_the_scheduled_rate_every_epoch_and_puts_the_rate_back():
    net, X, T = problem()
    adam = optim.Adam(learning_rate=0.01)
    history = fit(net, X, T, epochs=6, optimizer=adam, schedule="step")
    assert history["learning_rate"] == pytest.approx(
        [0.01, 0.01, 0.001, 0.001, 1e-4, 1e-4]
    )
    assert adam.learning_rate == 0.01


def test_a_constant_schedule_of_one_is_no_schedule():
    (a, X, T), (b, _, _) = problem(), problem()
    fit(a, X, T, epochs=4, batch_size=5, schedule=lambda epoch: 1)
    fit(b, X, T, epochs=4, batch_size=5)
    np.testing.assert_array_equal(a.weights[0], b.weights[0])


def test_a_schedule_scales_the_steps():
    # full-batch SGD, one epoch: the step is the learning rate times the factor
    (a, X, T), (b, _, _) = problem(), problem()
    start = a.weights[0].copy()
    fit(a, X, T, epochs=1, learning_rate=0.2, schedule=lambda epoch: 0.5)
    fit(b, X, T, epochs=1, learning_rate=0.1)
    np.testing.assert_allclose(a.weights[0] - start, b.weights[0] - start, rtol=1e-12)


@pytest.mark.parametrize("factor", [0, -1, float("nan"), "1", None])
def test_fit_refuses_a_schedule_that_returns_a_bad_factor(factor):
    net, X, T = problem()
    with pytest.raises(
        ValueError,
        match="schedule must return a finite number > 0 for every "
        "epoch, but returned .* for epoch 1",
    ):
        fit(net, X, T, epochs=2, schedule=lambda epoch: factor)


def test_fit_refuses_an_unknown_schedule():
    net, X, T = problem()
    with pytest.raises(ValueError, match="unknown schedule 'exponential'"):
        fit(net, X, T, epochs=2, schedule="exponential")
