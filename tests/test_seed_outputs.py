"""The printed outputs of the course notes (shared/seeds), reproduced by the package.

Each test is named after the seed exercise it reproduces; the book's chapters
show and assert the same numbers.
"""

import numpy as np

from nnscratch import dense, forward_layers
from nnscratch.activations import relu, sigmoid, softmax, tanh


def columns(*node_weights):
    """The notes store one weight array per receiving node: make them columns of W."""
    return np.column_stack(node_weights)


def test_000_forward_propagation():
    hidden = dense(np.array([2, 3]), columns([1, 1], [-1, 1]))
    assert str(hidden) == "[5 1]"
    assert dense(hidden, columns([2, -1])).item() == 9


def test_000_tanh():
    hidden = tanh(dense(np.array([2, 3]), columns([1, 1], [-1, 1])))
    np.testing.assert_allclose(hidden, [0.9999092, 0.76159416], rtol=1e-7)
    assert repr(float((hidden * [2, -1]).sum())) == "1.2382242525694254"


def test_000_relu():
    hidden = relu(dense(np.array([-1, 2]), columns([3, 3], [1, 5])))
    assert str(hidden) == "[3 9]"
    assert dense(hidden, columns([2, -1])).item() == -3


def test_000_many_rows():
    X = np.array([[3, 5], [2, -1], [0, 0], [8, 4]])
    out = relu(dense(relu(dense(X, columns([3, 3], [1, 5]))), columns([2, -1])))
    assert out.ravel().tolist() == [20, 6, 0, 44]


def test_000_two_hidden_layers():
    a1 = relu(dense(np.array([3, 5]), columns([2, 4], [4, -5])))
    a2 = relu(dense(a1, columns([-1, 1], [2, 2])))
    assert str(a1) == "[26  0]" and a1.tolist() == [26, 0]
    assert a2.tolist() == [0, 52]
    assert dense(a2, columns([-3, 7])).item() == 364


def test_002_linear_and_relu():
    x, W1, w2 = np.array([3, 5]), columns([2, 4], [4, -5]), columns([2, 7])
    assert dense(dense(x, W1), w2).item() == -39
    assert dense(relu(dense(x, W1)), w2).item() == 52


def test_002_many_rows():
    X = np.array([[3, 5], [1, -1], [0, 0], [8, 4]])
    out = relu(dense(relu(dense(X, columns([2, 4], [4, -5]))), columns([2, 7])))
    assert out.ravel().tolist() == [52, 63, 0, 148]


def test_002_two_hidden_layers():
    a1 = relu(dense(np.array([3, 5]), columns([2, 4], [4, -5])))
    a2 = relu(dense(a1, columns([-1, 2], [1, 2])))
    assert dense(a2, columns([2, 7])).item() == 182


def test_003_four_by_three_layer_of_ones():
    u = dense(
        np.array([1.0, 5.0, 2.0, -1.0]), np.ones((4, 3)), np.array([0.1, 0.2, 0.3])
    )
    np.testing.assert_allclose(u, [7.1, 7.2, 7.3], rtol=1e-12)
    np.testing.assert_allclose(
        sigmoid(u), [0.99917558, 0.99925397, 0.99932492], atol=5e-9
    )


def test_003_three_five_four_forward_pass():
    W1 = np.array(
        [
            [0.1, 0.4, 0.7, 0.1, 0.3],
            [0.2, 0.5, 0.8, 0.1, 0.4],
            [0.3, 0.6, 0.9, 0.2, 0.5],
        ]
    )
    W2 = np.array(
        [
            [0.1, 0.6, 0.1, 0.6],
            [0.2, 0.7, 0.2, 0.7],
            [0.3, 0.8, 0.3, 0.8],
            [0.4, 0.9, 0.4, 0.9],
            [0.5, 0.1, 0.5, 0.1],
        ]
    )
    u1 = dense(np.array([1.0, 2.0, 3.0]), W1, np.array([0.1, 0.2, 0.3, 0.4, 0.5]))
    u2 = dense(relu(u1), W2, np.array([0.1, 0.2, 0.3, 0.4]))
    np.testing.assert_allclose(u1, [1.5, 3.4, 5.3, 1.3, 3.1], rtol=1e-12)
    np.testing.assert_allclose(u2, [4.59, 9.2, 4.79, 9.4], rtol=1e-12)
    np.testing.assert_allclose(
        softmax(u2), [0.00443583, 0.44573018, 0.00541793, 0.54441607], atol=5e-9
    )


def test_003_one_unit_with_the_printed_bias():
    # the notes draw the bias with unseeded np.random.rand() and print the draw
    u = dense(np.array([2, 3]), np.ones((2, 1)), np.array([0.15691869859919338]))
    assert repr(u.item()) == "5.156918698599194"
    assert repr(relu(u).item()) == "5.156918698599194"


def test_003_five_ten_one_binary_classifier():
    W1 = np.array(
        [[0.1, 0.3, 0.5, 0.1, 0.3, 0.5, 0.1, 0.3, 0.5, 0.6]]
        + [[0.2, 0.4, 0.6, 0.2, 0.4, 0.6, 0.2, 0.4, 0.6, 0.7]] * 4
    )
    b1 = np.array([0.1, 0.3, 0.5, 0.1, 0.3, 0.5, 0.1, 0.3, 0.5, 0.6])
    z, a = forward_layers(
        np.arange(1.0, 6.0),
        [W1, np.full((10, 1), 0.1)],
        [b1, np.array([0.1])],
        hidden="relu",
        output="sigmoid",
    )
    np.testing.assert_allclose(
        z[0], [3.0, 6.2, 9.4, 3.0, 6.2, 9.4, 3.0, 6.2, 9.4, 11.0], rtol=1e-12
    )
    assert str(z[1]) == "[6.78]"
    assert str(a[1]) == "[0.99886501]"


def test_004_four_three_two_forward_pass_with_legacy_seed_42():
    # seed 004 calls np.random.seed(42), then randn and normal on the global generator
    legacy = np.random.RandomState(42)
    X = legacy.randn(4)
    W1 = legacy.normal(0, scale=0.1, size=(4, 3))
    W2 = legacy.normal(0, scale=0.1, size=(3, 2))
    _, a = forward_layers(X, [W1, W2], hidden="sigmoid", output="sigmoid")
    assert str(a[0]) == "[0.41492192 0.42604313 0.5002434 ]"
    assert str(a[1]) == "[0.49815196 0.48539772]"


def _notes_online_loop(network, samples, learning_rate):
    """Seed 003, "DN15": the notes' online loop for y = 3 x0 + 2 x1, ReLU hidden units.

    Returns the loss (y - d)**2 / 2 of every step, before its update.
    """
    network = {key: np.copy(value) for key, value in network.items()}
    losses = []
    for x in samples:
        d = 3 * x[0] + 2 * x[1]
        z1 = relu(np.dot(x, network["W1"]) + network["b1"])
        y = np.dot(z1, network["W2"]) + network["b2"]
        delta2 = y - d
        delta1 = delta2 * network["W2"] * np.where(z1 > 0, 1, 0)
        grad = {
            "W1": np.outer(x, delta1),
            "W2": z1 * delta2,
            "b1": delta1,
            "b2": delta2,
        }
        for key in network:
            network[key] = network[key] - learning_rate * grad[key]
        losses.append((y - d) ** 2 / 2)
    return np.array(losses), network


def test_003_online_sgd_of_the_notes_is_fit_with_batch_size_one():
    from nnscratch import MLP
    from nnscratch.train import fit

    rng = np.random.default_rng(3)
    start = {
        "W1": rng.standard_normal((2, 10)),
        "W2": rng.standard_normal(10),
        "b1": rng.standard_normal(10),
        "b2": rng.standard_normal(),
    }
    samples = rng.random((1000, 2))
    losses, trained = _notes_online_loop(start, samples, learning_rate=0.07)

    net = MLP([2, 10, 1], hidden="relu", output="identity")
    net.weights = [start["W1"], start["W2"][:, None]]
    net.biases = [start["b1"], np.array([start["b2"]])]
    targets = 3 * samples[:, 0] + 2 * samples[:, 1]
    history = fit(
        net, samples, targets, epochs=1, batch_size=1, learning_rate=0.07, shuffle=False
    )

    np.testing.assert_allclose(history["loss"][0], losses.mean(), rtol=1e-12)
    np.testing.assert_allclose(net.weights[0], trained["W1"], rtol=1e-10, atol=1e-12)
    np.testing.assert_allclose(
        net.weights[1].ravel(), trained["W2"], rtol=1e-10, atol=1e-12
    )
    # The network learned: the late steps' losses are far below the early ones.
    assert np.median(losses[-200:]) < np.median(losses[:100]) / 10
