"""nnscratch.gradcheck: central differences and the relative error."""

import numpy as np
import pytest

from nnscratch.gradcheck import numerical_gradient, relative_error


@pytest.mark.parametrize("shape", [(), (5,), (3, 4), (2, 3, 2)])
def test_gradient_of_a_quadratic_any_shape(shape):
    x = np.random.default_rng(0).normal(size=shape)
    grad = numerical_gradient(lambda v: np.sum(v**3), x)
    assert grad.shape == x.shape
    np.testing.assert_allclose(grad, 3 * x**2, rtol=1e-8, atol=1e-9)


def test_central_differences_are_exact_for_a_quadratic_up_to_rounding():
    x = np.array([1.0, -2.0, 0.5])
    np.testing.assert_allclose(numerical_gradient(lambda v: v @ v, x), 2 * x, atol=1e-9)


def test_x_is_restored_bit_for_bit():
    x = np.random.default_rng(1).normal(size=(4, 3))
    before = x.copy()
    numerical_gradient(lambda v: np.sum(np.sin(v)), x)
    assert np.array_equal(x, before)


def test_x_is_restored_when_f_raises():
    x = np.array([1.0, 2.0])
    before = x.copy()

    def f(v):
        if v[0] != 1.0:
            raise RuntimeError("boom")
        return v.sum()

    with pytest.raises(RuntimeError, match="boom"):
        numerical_gradient(f, x)
    assert np.array_equal(x, before)


def test_f_may_read_x_through_a_closure():
    W = np.array([[1.0, 2.0], [3.0, 4.0]])
    v = np.array([1.0, -1.0])
    grad = numerical_gradient(lambda _: float(v @ W @ v), W)
    np.testing.assert_allclose(grad, np.outer(v, v), atol=1e-9)


def test_float32_keeps_its_dtype():
    x = np.array([1.0, 2.0], dtype=np.float32)
    grad = numerical_gradient(
        lambda v: float(np.sum(v.astype(np.float64) ** 2)), x, eps=1e-2
    )
    assert grad.dtype == np.float32
    np.testing.assert_allclose(grad, [2.0, 4.0], rtol=1e-5)


def test_bad_arguments_are_named():
    with pytest.raises(ValueError, match="x must be a float ndarray .* got list"):
        numerical_gradient(sum, [1.0, 2.0])
    with pytest.raises(ValueError, match="got ndarray of dtype int64"):
        numerical_gradient(np.sum, np.array([1, 2]))
    with pytest.raises(ValueError, match="eps must be > 0, got 0"):
        numerical_gradient(np.sum, np.array([1.0]), eps=0)
    with pytest.raises(
        ValueError, match=r"f must return a single number, got an array of shape \(2,\)"
    ):
        numerical_gradient(lambda v: v * 2, np.array([1.0, 2.0]))


def test_relative_error_values():
    assert relative_error([1.0, 2.0], [1.0, 2.0]) == 0.0
    assert relative_error(np.zeros(3), np.zeros(3)) == 0.0
    assert relative_error([1.0, 0.0], [-1.0, 0.0]) == 1.0
    # max |a - b| = 0.1, max(|a| + |b|) = 3.9
    assert relative_error([1.0, 2.0], [1.1, 1.9]) == pytest.approx(0.1 / 3.9)


def test_relative_error_sees_one_wrong_entry_among_many():
    a = np.ones(10_000)
    b = a.copy()
    b[17] = 1.5
    assert relative_error(a, b) == pytest.approx(0.5 / 2.5)


def test_relative_error_shape_mismatch():
    with pytest.raises(ValueError, match=r"a of shape \(2,\) and b of shape \(3,\)"):
        relative_error([1.0, 2.0], [1.0, 2.0, 3.0])


@pytest.mark.parametrize("dtype, tolerance", [(np.float32, 1e-3), (np.float64, 1e-8)])
def test_the_default_step_suits_the_dtype(dtype, tolerance):
    # A fixed eps = 1e-6 gave a relative error of 2.7e-2 in float32: rounding,
    # not a wrong gradient.
    from nnscratch import MLP

    net = MLP([3, 5, 2], hidden="tanh", dtype=dtype)
    X = np.random.default_rng(0).normal(size=(7, 3))
    T = np.array([0, 1, 1, 0, 1, 0, 0])
    _, dW, _ = net.gradients(X, T)
    numeric = numerical_gradient(lambda _: net.loss(X, T), net.weights[0])
    assert relative_error(dW[0], numeric) < tolerance
    fixed = numerical_gradient(lambda _: net.loss(X, T), net.weights[0], eps=1e-6)
    if dtype == np.float32:
        assert relative_error(dW[0], fixed) > 1e-2
