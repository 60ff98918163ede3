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
    with pytest.raises(ValueError, match=r"x of shape \(4, 3\) does not fit W of shape \(2, 5\)"):
        nnscratch.dense(np.ones((4, 3)), np.ones((2, 5)))


def test_wrong_bias_shape_names_both_shapes():
    with pytest.raises(ValueError, match=r"b of shape \(3,\) does not fit W of shape \(2, 5\)"):
        nnscratch.dense(np.ones(2), np.ones((2, 5)), np.ones(3))


def test_weights_must_be_a_matrix():
    with pytest.raises(ValueError, match=r"W must have shape \(n_in, n_out\), got shape \(2,\)"):
        nnscratch.dense(np.ones(2), np.ones(2))


def test_import_from_any_folder_and_code_is_still_the_standard_library(tmp_path):
    script = (
        "import code, nnscratch, sysconfig, pathlib\n"
        "std = pathlib.Path(sysconfig.get_paths()['stdlib'])\n"
        "assert pathlib.Path(code.__file__).parent == std, code.__file__\n"
        "assert hasattr(code, 'InteractiveConsole')\n"
        "print(nnscratch.__version__)\n"
    )
    out = subprocess.run([sys.executable, "-c", script], cwd=tmp_path, capture_output=True, text=True)
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip() == nnscratch.__version__
