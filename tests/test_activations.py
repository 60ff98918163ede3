"""nnscratch.activations: values, shapes, dtypes, derivatives, extreme inputs."""

import numpy as np
import pytest

from nnscratch import activations as act

ELEMENTWISE = sorted(act.ELEMENTWISE)
SMOOTH = ["sigmoid", "tanh", "softplus", "leaky_relu", "relu", "identity"]


def central_difference(f, x, eps=1e-6):
    """Elementwise derivative of an elementwise f by central differences."""
    return (f(x + eps) - f(x - eps)) / (2 * eps)


@pytest.mark.parametrize(
    "name, x, expected",
    [
        ("step", [-2.0, 0.0, 3.0], [0.0, 0.0, 1.0]),
        ("sigmoid", [0.0, np.log(3.0)], [0.5, 0.75]),
        ("tanh", [0.0, np.log(2.0)], [0.0, 0.6]),
        ("relu", [-2.0, 0.0, 3.0], [0.0, 0.0, 3.0]),
        ("leaky_relu", [-2.0, 0.0, 3.0], [-0.02, 0.0, 3.0]),
        ("softplus", [0.0, np.log(np.e - 1)], [np.log(2.0), 1.0]),
        ("identity", [-2.0, 3.0], [-2.0, 3.0]),
    ],
)
def test_known_values(name, x, expected):
    f, _ = act.get_activation(name)
    np.testing.assert_allclose(f(np.array(x)), expected, rtol=1e-12, atol=1e-15)


@pytest.mark.parametrize(
    "name, x, expected",
    [
        ("step", [-2.0, 0.0, 3.0], [0.0, 0.0, 0.0]),
        ("sigmoid", [0.0], [0.25]),
        ("tanh", [0.0], [1.0]),
        ("relu", [-2.0, 0.0, 3.0], [0.0, 0.0, 1.0]),
        ("leaky_relu", [-2.0, 0.0, 3.0], [0.01, 0.01, 1.0]),
        ("softplus", [0.0], [0.5]),
        ("identity", [-2.0, 3.0], [1.0, 1.0]),
    ],
)
def test_known_derivatives_including_at_zero(name, x, expected):
    _, grad = act.get_activation(name)
    np.testing.assert_allclose(grad(np.array(x)), expected, rtol=1e-12)


@pytest.mark.parametrize("name", SMOOTH)
def test_derivative_matches_central_differences(name):
    f, grad = act.get_activation(name)
    x = np.linspace(-6, 6, 241)
    x = x[np.abs(x) > 1e-3]  # away from the corners of relu and leaky_relu
    np.testing.assert_allclose(grad(x), central_difference(f, x), rtol=1e-6, atol=1e-9)


@pytest.mark.parametrize("name", ELEMENTWISE)
@pytest.mark.parametrize("shape", [(), (5,), (3, 4), (2, 3, 4)])
def test_elementwise_keeps_shape(name, shape):
    f, grad = act.get_activation(name)
    x = np.random.default_rng(0).normal(size=shape)
    assert np.shape(f(x)) == shape
    assert np.shape(grad(x)) == shape


@pytest.mark.parametrize("name", ELEMENTWISE)
@pytest.mark.parametrize("dtype", [np.float32, np.float64])
def test_float_dtype_is_kept(name, dtype):
    f, grad = act.get_activation(name)
    x = np.linspace(-3, 3, 7, dtype=dtype)
    assert f(x).dtype == dtype
    assert grad(x).dtype == dtype


@pytest.mark.parametrize("name", [n for n in ELEMENTWISE if n != "relu"])
def test_integer_input_gives_float64(name):
    f, grad = act.get_activation(name)
    assert f(np.array([-1, 0, 2])).dtype == np.float64
    assert grad(np.array([-1, 0, 2])).dtype == np.float64


def test_relu_keeps_integers_as_the_seed_prints_them():
    out = act.relu(np.array([3, 9]))
    assert out.dtype.kind == "i"
    assert str(out) == "[3 9]"


def test_step_is_relu_derivative_and_zero_at_zero():
    x = np.array([-1.0, 0.0, 1e-300, 2.0])
    np.testing.assert_array_equal(act.step(x), [0.0, 0.0, 1.0, 1.0])
    np.testing.assert_array_equal(act.relu_grad(x), act.step(x))


def test_sigmoid_grad_is_s_times_one_minus_s():
    x = np.linspace(-8, 8, 101)
    s = act.sigmoid(x)
    np.testing.assert_allclose(act.sigmoid_grad(x), s * (1 - s), rtol=1e-12, atol=1e-18)


def test_tanh_grad_is_one_minus_tanh_squared():
    x = np.linspace(-4, 4, 101)
    np.testing.assert_allclose(
        act.tanh_grad(x), 1 - np.tanh(x) ** 2, rtol=1e-12, atol=1e-15
    )


def test_softplus_grad_is_sigmoid():
    x = np.linspace(-8, 8, 101)
    np.testing.assert_array_equal(act.softplus_grad(x), act.sigmoid(x))


@pytest.mark.parametrize(
    "name", ["sigmoid", "tanh", "softplus", "step", "relu", "leaky_relu"]
)
@pytest.mark.parametrize(
    "dtype, big", [(np.float64, 1e308), (np.float64, 1000.0), (np.float32, 1e38)]
)
def test_extreme_inputs_are_finite_without_warnings(name, dtype, big):
    # pytest turns RuntimeWarnings into errors (pyproject.toml), so an
    # overflow inside the function fails this test.
    f, grad = act.get_activation(name)
    x = np.array([-big, -1.0, 0.0, 1.0, big], dtype=dtype)
    assert np.all(np.isfinite(f(x)))
    assert np.all(np.isfinite(grad(x)))


def test_extreme_values_are_right():
    x = np.array([-1e308, -1000.0, 1000.0, 1e308])
    np.testing.assert_array_equal(act.sigmoid(x), [0.0, 0.0, 1.0, 1.0])
    np.testing.assert_array_equal(act.sigmoid_grad(x), [0.0, 0.0, 0.0, 0.0])
    np.testing.assert_array_equal(act.tanh(x), [-1.0, -1.0, 1.0, 1.0])
    np.testing.assert_array_equal(act.softplus(x), [0.0, 0.0, 1000.0, 1e308])
    # far in the tail the derivative keeps full relative precision
    np.testing.assert_allclose(
        act.sigmoid_grad(np.array([40.0])), np.exp(-40.0), rtol=1e-12
    )
    np.testing.assert_allclose(
        act.tanh_grad(np.array([20.0])), 4 * np.exp(-40.0), rtol=1e-12
    )


def test_softmax_rows_sum_to_one_and_keep_shape():
    z = np.random.default_rng(1).normal(size=(6, 4))
    s = act.softmax(z)
    assert s.shape == (6, 4)
    np.testing.assert_allclose(s.sum(axis=1), 1.0, rtol=1e-12)
    assert np.all(s > 0)


def test_softmax_matches_definition_and_seed():
    z = np.array([4.59, 9.2, 4.79, 9.4])
    np.testing.assert_allclose(act.softmax(z), np.exp(z) / np.exp(z).sum(), rtol=1e-12)
    np.testing.assert_allclose(
        act.softmax(z), [0.00443583, 0.44573018, 0.00541793, 0.54441607], atol=5e-9
    )


@pytest.mark.parametrize("dtype", [np.float32, np.float64])
@pytest.mark.parametrize("row", [[1000.0, 0.0], [-1000.0, -1000.0], [3e38, 3e38]])
def test_softmax_extreme_rows(dtype, row):
    z = np.array(row, dtype=dtype)
    s = act.softmax(z)
    assert s.dtype == dtype
    assert np.all(np.isfinite(s))
    np.testing.assert_allclose(s.sum(), 1.0, rtol=1e-6)


def test_softmax_is_shift_invariant():
    z = np.random.default_rng(2).normal(size=(3, 5))
    np.testing.assert_allclose(act.softmax(z + 123.0), act.softmax(z), rtol=1e-12)


def test_softmax_grad_is_the_jacobian():
    z = np.array([0.3, -1.2, 2.0, 0.5])
    jac = act.softmax_grad(z)
    assert jac.shape == (4, 4)
    eps = 1e-6
    numeric = np.empty((4, 4))
    for j in range(4):
        step = np.zeros(4)
        step[j] = eps
        numeric[:, j] = (act.softmax(z + step) - act.softmax(z - step)) / (2 * eps)
    np.testing.assert_allclose(jac, numeric, rtol=1e-6, atol=1e-10)
    s = act.softmax(z)
    np.testing.assert_allclose(jac, np.diag(s) - np.outer(s, s), rtol=1e-12)


def test_softmax_grad_batch_stacks_jacobians():
    z = np.random.default_rng(3).normal(size=(5, 3))
    jac = act.softmax_grad(z)
    assert jac.shape == (5, 3, 3)
    for row, row_jac in zip(z, jac):
        np.testing.assert_allclose(row_jac, act.softmax_grad(row), rtol=1e-12)


def test_unknown_activation_lists_valid_names():
    with pytest.raises(ValueError, match="unknown activation 'swish'.*relu.*sigmoid"):
        act.get_activation("swish")


def test_every_public_function_has_a_docstring_with_shapes():
    public = [getattr(act, name) for name in dir(act) if not name.startswith("_")]
    for f in public:
        if callable(f) and getattr(f, "__module__", None) == act.__name__:
            assert f.__doc__ and "Parameters" in f.__doc__, f.__name__
