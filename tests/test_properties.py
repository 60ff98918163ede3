"""Property tests (hypothesis): what must hold for every shape, activation, output
and dtype.

Hypothesis draws the cases. The profile below keeps it deterministic
(``derandomize=True``: the same cases on every run and machine, no example
database) and fast (a modest ``max_examples``; ``deadline=None`` because the
shared CI machine's timing varies).
"""

import numpy as np
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

from nnscratch import MLP, activations, losses
from nnscratch.gradcheck import numerical_gradient, relative_error
from nnscratch.optim import SGD
from nnscratch.train import fit

settings.register_profile(
    "nnscratch",
    derandomize=True,
    max_examples=50,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.too_slow],
)
PROFILE = settings.get_profile("nnscratch")

HIDDEN = ["sigmoid", "tanh", "softplus", "identity", "relu", "leaky_relu"]
OUTPUTS = ["softmax", "sigmoid", "identity"]
DTYPES = [np.float32, np.float64]


@st.composite
def problems(draw, dtype=np.float64, max_width=4):
    """A small network with a batch of data and fitting targets."""
    sizes = draw(st.lists(st.integers(1, max_width), min_size=2, max_size=4))
    output = draw(st.sampled_from(OUTPUTS))
    if output == "softmax":
        sizes[-1] = max(sizes[-1], 2)
    hidden = draw(st.sampled_from(HIDDEN))
    n = draw(st.integers(1, 5))
    seed = draw(st.integers(0, 2**16))
    rng = np.random.default_rng(seed)
    net = MLP(sizes, hidden=hidden, output=output, seed=seed, dtype=dtype)
    # non-zero biases, so that layers are not all centred on relu's kink
    net.biases = [rng.normal(scale=0.5, size=b.shape) for b in net.biases]
    X = rng.normal(size=(n, sizes[0]))
    k = sizes[-1]
    if output == "softmax":
        T = rng.integers(0, k, size=n)
    elif output == "sigmoid":
        T = rng.uniform(size=(n, k))
    else:
        T = rng.normal(size=(n, k))
    return net, X, T


def hidden_sums(net, X):
    """The weighted sums of every hidden layer, as the forward pass makes them."""
    f, _ = activations.get_activation(net.hidden)
    sums, a = [], X
    for W, b in zip(net.weights[:-1], net.biases[:-1]):
        z = a @ W + b
        sums.append(z)
        a = f(z)
    return sums


@PROFILE
@given(problems())
def test_backpropagation_agrees_with_central_differences(problem):
    net, X, T = problem
    if net.hidden in ("relu", "leaky_relu"):
        # A step of 1e-6 must not cross relu's kink, where the slope jumps.
        assume(all(np.min(np.abs(z)) > 1e-3 for z in hidden_sums(net, X)))
    _, dW, db = net.gradients(X, T)
    analytic, numeric = [], []
    for params, grads in ((net.weights, dW), (net.biases, db)):
        for p, g in zip(params, grads):
            numeric.append(numerical_gradient(lambda _: net.loss(X, T), p).ravel())
            analytic.append(g.ravel())
    assert relative_error(np.concatenate(analytic), np.concatenate(numeric)) < 1e-6


@st.composite
def score_rows(draw):
    dtype = draw(st.sampled_from(DTYPES))
    shape = draw(hnp.array_shapes(min_dims=1, max_dims=2, min_side=1, max_side=6))
    bound = 1e4 if dtype == np.float64 else 1e3
    x = draw(
        hnp.arrays(
            dtype, shape, elements=st.floats(-bound, bound, width=np.finfo(dtype).bits)
        )
    )
    shift = draw(st.floats(-bound, bound, width=np.finfo(dtype).bits))
    return x, dtype(shift)


@PROFILE
@given(score_rows())
def test_softmax_rows_sum_to_one_and_are_shift_invariant(case):
    x, shift = case
    eps = np.finfo(x.dtype).eps
    s = activations.softmax(x)
    assert s.dtype == x.dtype and s.shape == x.shape
    assert np.all((s >= 0) & (s <= 1))
    np.testing.assert_allclose(s.sum(axis=-1), 1, rtol=0, atol=x.shape[-1] * eps)
    # x + shift is rounded to the dtype: that rounding, relative to the
    # largest score, bounds how far the probabilities may move.
    scale = float(np.max(np.abs(x))) + abs(float(shift)) + 1
    np.testing.assert_allclose(
        activations.softmax(x + shift), s, rtol=0, atol=8 * eps * scale
    )


@st.composite
def predictions(draw):
    """(loss name, y, t) with y a valid prediction for that loss."""
    name = draw(st.sampled_from(sorted(losses.LOSSES)))
    dtype = draw(st.sampled_from(DTYPES))
    n, k = draw(st.integers(1, 5)), draw(st.integers(1, 5))
    rng = np.random.default_rng(draw(st.integers(0, 2**16)))
    if name == "cross_entropy":
        y = rng.dirichlet(np.ones(k), size=n)
        t = np.eye(k)[rng.integers(0, k, size=n)]
    elif name == "binary_cross_entropy":
        y = rng.uniform(size=(n, k))
        t = rng.integers(0, 2, size=(n, k)).astype(float)
    else:
        y, t = rng.normal(size=(n, k)), rng.normal(size=(n, k))
    return name, y.astype(dtype), t


@PROFILE
@given(predictions())
def test_losses_are_non_negative_and_exactly_zero_at_a_perfect_prediction(case):
    name, y, t = case
    loss, _ = losses.get_loss(name)
    value = loss(y, t)
    assert value.dtype == y.dtype
    assert value >= 0
    perfect = loss(t.astype(y.dtype), t)
    assert perfect == 0 and not np.signbit(perfect)  # +0.0, not -0.0


@PROFILE
@given(problems(dtype=np.float64))
def test_one_small_sgd_step_does_not_increase_the_loss_of_a_fixed_batch(problem):
    net, X, T = problem
    before, dW, db = net.gradients(X, T)
    squared_norm = sum(float(np.sum(g * g)) for g in dW + db)
    assume(squared_norm > 1e-8)  # a stationary point has nowhere to go
    # To first order the step lowers the loss by learning_rate * |g|^2; the
    # learning rate is small next to the curvature of these small networks.
    SGD(learning_rate=1e-4).step(net.weights + net.biases, dW + db)
    after = net.loss(X, T)
    assert after <= before


@PROFILE
@given(
    problems(dtype=np.float32) | problems(dtype=np.float64),
    st.sampled_from(["sgd", "momentum", "adam"]),
    st.one_of(st.none(), st.integers(1, 3)),
    st.integers(0, 2**16),
)
def test_fit_with_the_same_seed_gives_bit_identical_weights(
    problem, optimizer, batch_size, seed
):
    net, X, T = problem
    start = [p.copy() for p in net.weights + net.biases]
    results = []
    for _ in range(2):
        net.weights, net.biases = start[: len(net.weights)], start[len(net.weights) :]
        history = fit(
            net,
            X,
            T,
            epochs=3,
            batch_size=batch_size,
            learning_rate=0.01,
            optimizer=optimizer,
            seed=seed,
        )
        results.append(([p.copy() for p in net.weights + net.biases], history["loss"]))
    (params_1, loss_1), (params_2, loss_2) = results
    assert all(a.tobytes() == b.tobytes() for a, b in zip(params_1, params_2))
    assert loss_1 == loss_2
