"""nnscratch.optim: the updates, computed in scratch buffers the optimizer owns.

Each update gives bit for bit what its formula written with temporaries gives,
allocates no array as large as a parameter once the buffers exist, and never
writes into the caller's gradients.
"""

import tracemalloc

import numpy as np
import pytest

from nnscratch import optim


def reference_steps(name, params, grads_per_step, **options):
    """The updates written the plain way (a temporary per operation)."""
    params = [p.copy() for p in params]
    lr = options.get("learning_rate", optim.OPTIMIZERS[name]().learning_rate)
    state = [np.zeros_like(p) for p in params]
    second = [np.zeros_like(p) for p in params]
    beta1, beta2, epsilon, momentum = 0.9, 0.999, 1e-8, 0.9
    for k, grads in enumerate(grads_per_step, start=1):
        for p, g, m, v in zip(params, grads, state, second):
            if name == "sgd":
                p -= lr * g
            elif name == "momentum":
                m *= momentum
                m += g
                p -= lr * m
            else:
                m *= beta1
                m += (1 - beta1) * g
                v *= beta2
                v += (1 - beta2) * (g * g)
                denominator = np.sqrt(v / (1 - beta2**k))
                denominator += epsilon
                p -= lr * (m / (1 - beta1**k)) / denominator
    return params


def problem(dtype, steps=4, seed=0):
    rng = np.random.default_rng(seed)
    shapes = [(3, 4), (4,), (4, 2)]
    params = [rng.normal(size=shape).astype(dtype) for shape in shapes]
    grads = [
        [rng.normal(size=shape).astype(dtype) for shape in shapes] for _ in range(steps)
    ]
    return params, grads


@pytest.mark.parametrize("dtype", [np.float32, np.float64])
@pytest.mark.parametrize("name", sorted(optim.OPTIMIZERS))
def test_update_equals_its_formula_bit_for_bit_and_keeps_the_gradients(name, dtype):
    params, grads_per_step = problem(dtype)
    expected = reference_steps(name, params, grads_per_step, learning_rate=0.05)
    optimizer = optim.OPTIMIZERS[name](learning_rate=0.05)
    for grads in grads_per_step:
        kept = [g.copy() for g in grads]
        optimizer.step(params, grads)
        assert all(np.array_equal(g, k) for g, k in zip(grads, kept))
    for p, e in zip(params, expected):
        assert p.dtype == dtype
        np.testing.assert_array_equal(p, e)


@pytest.mark.parametrize("name", sorted(optim.OPTIMIZERS))
def test_a_step_allocates_no_array_as_large_as_a_parameter(name):
    rng = np.random.default_rng(1)
    params = [rng.normal(size=(500, 200)), rng.normal(size=200)]
    grads = [rng.normal(size=p.shape) for p in params]
    optimizer = optim.OPTIMIZERS[name]()
    optimizer.step(params, grads)  # the first step makes the buffers and state
    tracemalloc.start()
    try:
        optimizer.step(params, grads)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert peak < params[0].nbytes / 10


def test_buffers_follow_parameters_of_a_new_shape_or_dtype():
    optimizer = optim.SGD(learning_rate=0.5)
    small = [np.ones(3)]
    optimizer.step(small, [np.ones(3)])
    other = [np.ones((2, 2), dtype=np.float32)]
    optimizer.step(other, [np.ones((2, 2), dtype=np.float32)])
    np.testing.assert_array_equal(other[0], np.full((2, 2), 0.5, dtype=np.float32))
    np.testing.assert_array_equal(small[0], np.full(3, 0.5))
