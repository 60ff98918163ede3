"""nnscratch.layers.batch_norm and batch_norm_backward."""

import numpy as np
import pytest

from nnscratch.gradcheck import numerical_gradient, relative_error
from nnscratch.layers import batch_norm, batch_norm_backward


def batch(n=6, d=4, seed=0):
    rng = np.random.default_rng(seed)
    Z = rng.normal(loc=3.0, scale=2.0, size=(n, d))
    return Z, rng.normal(size=d), rng.normal(size=d), rng.normal(size=(n, d))


def test_forward_standardises_every_column_then_scales_and_shifts():
    Z, gamma, beta, _ = batch()
    out, cache = batch_norm(Z, np.ones(4), np.zeros(4), eps=1e-12)
    np.testing.assert_allclose(out.mean(axis=0), 0, atol=1e-12)
    np.testing.assert_allclose(out.std(axis=0), 1, rtol=1e-9)
    out, cache = batch_norm(Z, gamma, beta)
    expected = gamma * (Z - Z.mean(axis=0)) / np.sqrt(Z.var(axis=0) + 1e-5) + beta
    np.testing.assert_allclose(out, expected, rtol=1e-13)
    assert out.shape == Z.shape
    Z_hat, g, inv_std, mean, var = cache
    assert Z_hat.shape == Z.shape and inv_std.shape == mean.shape == var.shape == (4,)
    np.testing.assert_allclose(mean, Z.mean(axis=0))
    np.testing.assert_allclose(var, Z.var(axis=0))


def test_constant_column_stays_finite():
    Z = np.ones((5, 2))
    out, _ = batch_norm(Z, np.ones(2), np.full(2, 0.5))
    np.testing.assert_allclose(out, 0.5)


def test_backward_shapes_and_the_simple_gradients():
    Z, gamma, beta, dout = batch()
    out, cache = batch_norm(Z, gamma, beta)
    dZ, dgamma, dbeta = batch_norm_backward(dout, cache)
    assert dZ.shape == Z.shape and dgamma.shape == dbeta.shape == (4,)
    np.testing.assert_allclose(dbeta, dout.sum(axis=0))
    # the gradient with respect to Z sums to 0 over the batch: a shift of a
    # whole column changes nothing after the mean is subtracted
    np.testing.assert_allclose(dZ.sum(axis=0), 0, atol=1e-12)


@pytest.mark.parametrize("seed", [0, 1, 2])
def test_backward_matches_central_differences_float64(seed):
    Z, gamma, beta, dout = batch(seed=seed)

    def loss():
        return float(np.sum(dout * batch_norm(Z, gamma, beta)[0]))

    dZ, dgamma, dbeta = batch_norm_backward(dout, batch_norm(Z, gamma, beta)[1])
    for analytic, x in [(dZ, Z), (dgamma, gamma), (dbeta, beta)]:
        assert relative_error(analytic, numerical_gradient(lambda _: loss(), x)) < 1e-7


def test_float32_stays_float32():
    Z, gamma, beta, dout = batch()
    out, cache = batch_norm(Z.astype(np.float32), gamma, beta)
    grads = batch_norm_backward(dout, cache)
    assert out.dtype == np.float32 and all(g.dtype == np.float32 for g in grads)


@pytest.mark.parametrize(
    "args, message",
    [
        (
            (np.ones(3), np.ones(3), np.zeros(3)),
            r"Z must have shape \(N, D\), got shape \(3,\)",
        ),
        ((np.ones((0, 3)), np.ones(3), np.zeros(3)), "Z is empty"),
        (
            (np.ones((2, 3)), np.ones(2), np.zeros(3)),
            r"gamma of shape \(2,\) does not fit Z",
        ),
        (
            (np.ones((2, 3)), np.ones(3), np.zeros((3, 1))),
            r"beta of shape \(3, 1\) does not fit",
        ),
        ((np.array([[1.0, np.nan]]), np.ones(2), np.zeros(2)), r"Z must be finite"),
        (
            (np.ones((2, 3)), np.ones(3), np.zeros(3), 0.0),
            "eps must be a finite number > 0",
        ),
    ],
)
def test_bad_forward_input_is_refused(args, message):
    with pytest.raises(ValueError, match=message):
        batch_norm(*args)


def test_bad_backward_input_is_refused():
    Z, gamma, beta, dout = batch()
    _, cache = batch_norm(Z, gamma, beta)
    with pytest.raises(
        ValueError, match="cache must be the cache that batch_norm returned"
    ):
        batch_norm_backward(dout, (1, 2))
    with pytest.raises(
        ValueError, match=r"dout of shape \(5, 4\) does not fit the batch"
    ):
        batch_norm_backward(dout[:5], cache)
