"""Starting weights: MLP(init=...) and network.starting_std."""

import numpy as np
import pytest

from nnscratch import MLP
from nnscratch.network import starting_std

SIZES = [400, 300, 200, 10]


def test_default_is_he_for_relu_hidden_layers_and_glorot_for_the_output():
    automatic, he = MLP(SIZES, hidden="relu"), MLP(SIZES, hidden="relu", init="he")
    glorot = MLP(SIZES, hidden="relu", init="glorot")
    for layer in range(2):
        np.testing.assert_array_equal(automatic.weights[layer], he.weights[layer])
    np.testing.assert_array_equal(automatic.weights[-1], glorot.weights[-1])


def test_default_is_glorot_everywhere_for_tanh():
    np.testing.assert_array_equal(
        MLP(SIZES, hidden="tanh").weights[0],
        MLP(SIZES, hidden="tanh", init="glorot").weights[0],
    )


@pytest.mark.parametrize(
    "init, expected",
    [
        ("he", lambda n_in, n_out: np.sqrt(2 / n_in)),
        ("glorot", lambda n_in, n_out: np.sqrt(2 / (n_in + n_out))),
        (0.05, lambda n_in, n_out: 0.05),
    ],
)
def test_every_layer_has_the_spread_of_its_init(init, expected):
    net = MLP(SIZES, hidden="sigmoid", init=init)
    for W in net.weights[:-1]:
        n_in, n_out = W.shape
        # 80,000 draws or more: the sample std is within 1% (many standard errors)
        assert W.std() == pytest.approx(expected(n_in, n_out), rel=0.01)
        assert abs(W.mean()) < 0.01 * expected(n_in, n_out) * 10


def test_starting_std_values():
    assert starting_std(8, 2, "he") == pytest.approx(0.5)
    assert starting_std(8, 2, "glorot") == pytest.approx(np.sqrt(0.2))
    assert starting_std(8, 2) == pytest.approx(np.sqrt(0.2))
    assert starting_std(8, 2, relu_like=True) == pytest.approx(0.5)
    assert starting_std(8, 2, 0.3) == 0.3


def test_zero_start_gives_zero_weights_and_the_same_shapes():
    net = MLP([3, 4, 2], init=0)
    assert [W.shape for W in net.weights] == [(3, 4), (4, 2)]
    assert all(np.all(W == 0) for W in net.weights)


def test_init_keeps_the_dtype_and_the_seed():
    a = MLP([5, 4, 3], init=0.1, seed=3, dtype=np.float32)
    b = MLP([5, 4, 3], init=0.1, seed=3, dtype=np.float32)
    assert a.weights[0].dtype == np.float32
    np.testing.assert_array_equal(a.weights[0], b.weights[0])


@pytest.mark.parametrize(
    "init, message",
    [
        ("xavier", "unknown init 'xavier'; valid names: 'glorot', 'he'"),
        (-0.1, "init must be None, one of 'he', 'glorot' or a finite number >= 0"),
        (float("nan"), "finite number >= 0"),
        (True, "finite number >= 0"),
        ([0.1], "finite number >= 0"),
    ],
)
def test_bad_init_is_refused_with_a_clear_message(init, message):
    with pytest.raises(
        ValueError, match=message.replace("(", r"\(").replace(")", r"\)")
    ):
        MLP([3, 4, 2], init=init)
    with pytest.raises(ValueError, match="init"):
        starting_std(3, 4, init)


def test_starting_std_rejects_bad_sizes():
    with pytest.raises(ValueError, match="n_in must be an integer >= 1"):
        starting_std(0, 3)
