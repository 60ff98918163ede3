"""nnscratch.perceptron: the step unit, the learning rule, and their errors."""

import numpy as np
import pytest

from nnscratch.perceptron import perceptron, perceptron_update, train_perceptron

INPUTS = np.array([[0, 0], [0, 1], [1, 0], [1, 1]])
GATES = {
    "AND": ([1.0, 1.0], -1.5, [0, 0, 0, 1]),
    "OR": ([1.0, 1.0], -0.5, [0, 1, 1, 1]),
    "NAND": ([-1.0, -1.0], 1.5, [1, 1, 1, 0]),
}


@pytest.mark.parametrize("gate", sorted(GATES))
def test_hand_set_gates_reproduce_their_truth_tables(gate):
    w, b, table = GATES[gate]
    assert perceptron(INPUTS, w, b).tolist() == table


def test_not_gate_has_one_input():
    assert perceptron(np.array([[0], [1]]), [-1.0], 0.5).tolist() == [1, 0]


def test_one_row_gives_one_number_and_zero_sum_answers_no():
    out = perceptron(np.array([1, 1]), [1.0, 1.0], -2.0)
    assert out.shape == () and out == 0.0
    assert perceptron(np.array([1, 1]), [1.0, 1.0], -1.999) == 1.0


def test_bias_is_a_weight_on_a_constant_input():
    rng = np.random.default_rng(0)
    X, w, b = rng.normal(size=(50, 3)), rng.normal(size=3), 0.7
    augmented = np.column_stack([X, np.ones(len(X))])
    np.testing.assert_array_equal(
        perceptron(X, w, b), perceptron(augmented, np.append(w, b))
    )


def test_update_moves_against_the_error_and_skips_right_answers():
    x, w, b = np.array([1.0, 1.0]), np.array([0.0, 0.0]), 0.0
    # prediction 0, target 1: error -1, so w and b grow by learning_rate * x and
    # learning_rate
    w_new, b_new = perceptron_update(x, 1, w, b, learning_rate=0.5)
    np.testing.assert_array_equal(w_new, [0.5, 0.5])
    assert b_new == 0.5
    # now right: nothing moves
    w_same, b_same = perceptron_update(x, 1, w_new, b_new, learning_rate=0.5)
    np.testing.assert_array_equal(w_same, w_new)
    assert b_same == b_new


@pytest.mark.parametrize("gate", ["AND", "OR", "NAND"])
def test_learning_rule_learns_separable_gates(gate):
    _, _, table = GATES[gate]
    # learning rate 1: whole-number weights, every sum exact (no luck at sums of 0)
    w, b, path = train_perceptron(INPUTS, table, learning_rate=1.0, epochs=20)
    assert perceptron(INPUTS, w, b).tolist() == table
    assert path.shape == (20 * 4 + 1, 3)
    np.testing.assert_array_equal(path[-1], np.append(w, b))
    np.testing.assert_array_equal(path[0], [0.0, 0.0, 0.0])


def test_from_zero_a_power_of_two_learning_rate_only_scales_the_path():
    _, _, unit = train_perceptron(INPUTS, [1, 1, 1, 0], learning_rate=1.0, epochs=10)
    _, _, half = train_perceptron(INPUTS, [1, 1, 1, 0], learning_rate=0.5, epochs=10)
    np.testing.assert_array_equal(2 * half, unit)


def test_learning_rule_never_settles_on_xor():
    w, b, path = train_perceptron(INPUTS, [0, 1, 1, 0], learning_rate=1.0, epochs=50)
    assert perceptron(INPUTS, w, b).tolist() != [0, 1, 1, 0]
    last_epoch = path[-5:]
    assert np.any(np.diff(last_epoch, axis=0) != 0), "still updating in the last epoch"


def test_path_is_the_updates_in_order():
    X, t = INPUTS, np.array([0, 0, 0, 1])
    _, _, path = train_perceptron(
        X, t, learning_rate=0.25, epochs=2, w=[0.1, -0.2], b=0.05
    )
    w, b = np.array([0.1, -0.2]), 0.05
    for k, (x_row, t_row) in enumerate(list(zip(X, t)) * 2, start=1):
        w, b = perceptron_update(x_row, t_row, w, b, 0.25)
        np.testing.assert_allclose(path[k], np.append(w, b), rtol=0, atol=0)


@pytest.mark.parametrize(
    "call, message",
    [
        (
            lambda: perceptron(np.ones(3), np.ones(2)),
            r"x of shape \(3,\) does not fit w of shape \(2,\)",
        ),
        (
            lambda: perceptron(np.ones(2), np.ones((2, 1))),
            r"w must have shape \(n_in,\), got shape \(2, 1\)",
        ),
        (
            lambda: perceptron(np.ones(2), np.ones(2), b=np.ones(2)),
            r"b must be a single number, got shape \(2,\)",
        ),
        (
            lambda: train_perceptron(np.ones(4), np.ones(4)),
            r"X must have shape \(N, n_in\), got shape \(4,\)",
        ),
        (
            lambda: train_perceptron(INPUTS, [0, 1, 1]),
            r"t of shape \(3,\) does not fit X of shape \(4, 2\)",
        ),
        (lambda: train_perceptron(INPUTS, [0, 1, 2, 1]), r"t must hold only 0 and 1"),
        (
            lambda: train_perceptron(INPUTS, [0, 1, 1, 1], learning_rate=0),
            r"learning_rate must be positive, got 0",
        ),
        (
            lambda: train_perceptron(INPUTS, [0, 1, 1, 1], epochs=2.5),
            r"epochs must be a positive integer, got 2.5",
        ),
        (lambda: perceptron(np.ones(2), ["a", "b"]), r"w must hold numbers"),
        (lambda: train_perceptron([["a", "b"]], [0]), r"X must hold numbers"),
        (
            lambda: train_perceptron(INPUTS, [0, 1, np.nan, 1]),
            r"t must be finite, but t\[2\] is nan",
        ),
        (
            lambda: train_perceptron(INPUTS, [0, 1, 1, 1], w=[0.0]),
            r"w of shape \(1,\) does not fit X of shape \(4, 2\)",
        ),
    ],
)
def test_bad_arguments_raise_clear_errors(call, message):
    with pytest.raises(ValueError, match=message):
        call()
