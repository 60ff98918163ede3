"""nnscratch.dense and the package as an installed, importable thing."""

import subprocess
import sys

import numpy as np
import pytest

import nnscratch


def test_one_row_and_batch_agree():
    rng = np.random.default_rng(0)
    X = rng.normal(size=(6, 3))
    W = rng.normal(size=(3, 4))
    b = rng.normal(size=4)
    batch = nnscratch.dense(X, W, b)
    assert batch.shape == (6, 4)
    for row, z in zip(X, batch):
        np.testing.assert_allclose(nnscratch.dense(row, W, b), z, rtol=1e-12)


def test_dense_is_the_weighted_sum_of_each_node():
    x = np.array([2.0, 3.0])
    W = np.array([[1.0, -1.0], [1.0, 1.0]])
    b = np.array([0.5, -0.5])
    expected = [2 * 1 + 3 * 1 + 0.5, 2 * -1 + 3 * 1 - 0.5]
    np.testing.assert_allclose(nnscratch.dense(x, W, b), expected)


def test_integer_inputs_stay_integers():
    z = nnscratch.dense(np.array([2, 3]), np.array([[1, -1], [1, 1]]))
    assert z.dtype.kind == "i" and z.tolist() == [5, 1]


@pytest.mark.parametrize("dtype", [np.float32, np.float64])
def test_float_dtype_is_kept(dtype):
    X = np.ones((2, 3), dtype=dtype)
    W = np.ones((3, 2), dtype=dtype)
    b = np.zeros(2, dtype=dtype)
    assert nnscratch.dense(X, W, b).dtype == dtype


def test_wrong_input_width_names_both_shapes():
    with pytest.raises(
        ValueError, match=r"x of shape \(4, 3\) does not fit W of shape \(2, 5\)"
    ):
        nnscratch.dense(np.ones((4, 3)), np.ones((2, 5)))


def test_wrong_bias_shape_names_both_shapes():
    with pytest.raises(
        ValueError, match=r"b of shape \(3,\) does not fit W of shape \(2, 5\)"
    ):
        nnscratch.dense(np.ones(2), np.ones((2, 5)), np.ones(3))


def test_weights_must_be_a_matrix():
    with pytest.raises(
        ValueError, match=r"W must have shape \(n_in, n_out\), got shape \(2,\)"
    ):
        nnscratch.dense(np.ones(2), np.ones(2))


def test_import_from_any_folder_and_code_is_still_the_standard_library(tmp_path):
    script = (
        "import code, nnscratch, sysconfig, pathlib\n"
        "std = pathlib.Path(sysconfig.get_paths()['stdlib'])\n"
        "assert pathlib.Path(code.__file__).parent == std, code.__file__\n"
        "assert hasattr(code, 'InteractiveConsole')\n"
        "print(nnscratch.__version__)\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", script], cwd=tmp_path, capture_output=True, text=True
    )
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip() == nnscratch.__version__


# -- forward_layers: a stack of dense layers --------------------------------

from nnscratch import forward_layers  # noqa: E402
from nnscratch.activations import relu, sigmoid, softmax  # noqa: E402


def test_forward_layers_is_dense_then_activation_layer_by_layer():
    rng = np.random.default_rng(4)
    X = rng.normal(size=(5, 3))
    W1, b1, W2, b2 = (
        rng.normal(size=(3, 4)),
        rng.normal(size=4),
        rng.normal(size=(4, 2)),
        rng.normal(size=2),
    )
    z, a = forward_layers(X, [W1, W2], [b1, b2], hidden="sigmoid", output="softmax")
    np.testing.assert_allclose(z[0], X @ W1 + b1, rtol=1e-12)
    np.testing.assert_allclose(a[0], sigmoid(X @ W1 + b1), rtol=1e-12)
    np.testing.assert_allclose(z[1], a[0] @ W2 + b2, rtol=1e-12)
    np.testing.assert_allclose(a[1], softmax(a[0] @ W2 + b2), rtol=1e-12)
    assert [v.shape for v in z] == [v.shape for v in a] == [(5, 4), (5, 2)]


def test_forward_layers_reproduces_the_seed_two_hidden_layers_in_integers():
    W1, W2, W3 = (
        np.array([[2, 4], [4, -5]]),
        np.array([[-1, 2], [1, 2]]),
        np.array([[-3], [7]]),
    )
    z, a = forward_layers(np.array([3, 5]), [W1, W2, W3])
    assert (
        a[0].tolist() == [26, 0] and a[1].tolist() == [0, 52] and a[2].tolist() == [364]
    )
    assert a[2].dtype.kind == "i"
    assert z[0].tolist() == [26, -13]


def test_forward_layers_accepts_callables_none_and_missing_biases():
    W = [np.eye(2), np.eye(2)]
    x = np.array([-1.0, 2.0])
    _, a = forward_layers(x, W, [None, np.array([1.0, 1.0])], hidden=None, output=relu)
    np.testing.assert_array_equal(a[-1], [0.0, 3.0])


def test_forward_layers_one_row_equals_each_row_of_the_batch():
    rng = np.random.default_rng(5)
    X = rng.normal(size=(4, 3))
    W = [rng.normal(size=(3, 5)), rng.normal(size=(5, 4))]
    b = [rng.normal(size=5), rng.normal(size=4)]
    _, batch = forward_layers(X, W, b, hidden="tanh", output="softmax")
    for row, out in zip(X, batch[-1]):
        np.testing.assert_allclose(
            forward_layers(row, W, b, hidden="tanh", output="softmax")[1][-1],
            out,
            rtol=1e-12,
        )


@pytest.mark.parametrize(
    "kwargs, message",
    [
        ({"weights": []}, "weights must hold at least one layer, got none"),
        ({"biases": [None]}, "biases has 1 layers but weights has 2"),
        ({"hidden": "swish"}, "hidden: unknown activation 'swish'"),
        ({"output": "swish"}, "output: unknown activation 'swish'"),
        (
            {"weights": [np.ones((3, 4)), np.ones((5, 2))]},
            r"layer 1: x of shape \(4,\) does not fit W of shape \(5, 2\)",
        ),
    ],
)
def test_forward_layers_errors_name_the_argument_or_layer(kwargs, message):
    arguments = {
        "x": np.ones(3),
        "weights": [np.ones((3, 4)), np.ones((4, 2))],
        **kwargs,
    }
    with pytest.raises(ValueError, match=message):
        forward_layers(**arguments)


def test_dense_checks_then_calls_its_computing_core():
    from nnscratch.layers import _dense

    rng = np.random.default_rng(0)
    x, W, b = rng.normal(size=(4, 3)), rng.normal(size=(3, 2)), rng.normal(size=2)
    np.testing.assert_array_equal(nnscratch.dense(x, W, b), _dense(x, W, b))
    np.testing.assert_array_equal(nnscratch.dense(x, W), _dense(x, W))
    assert _dense(x, W, b).tolist() == (x @ W + b).tolist()
