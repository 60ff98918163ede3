"""MLP.save and nnscratch.load: an .npz file without pickle, read back bit for bit
and checked."""

import json
import zipfile

import numpy as np
import pytest

import nnscratch
from nnscratch import MLP, load
from nnscratch.train import fit


def trained(dtype=np.float64, output="softmax"):
    rng = np.random.default_rng(0)
    X = rng.normal(size=(40, 3))
    k = 1 if output != "softmax" else 3
    T = {
        "softmax": rng.integers(0, 3, 40),
        "sigmoid": (X[:, 0] > 0) * 1.0,
        "identity": X.sum(axis=1),
    }[output]
    net = MLP([3, 5, 4, k], hidden="tanh", output=output, dtype=dtype, seed=2)
    fit(net, X, T, epochs=5, batch_size=8, optimizer="adam", learning_rate=0.01)
    return net, X


@pytest.mark.parametrize("dtype", [np.float32, np.float64])
@pytest.mark.parametrize("output", ["softmax", "sigmoid", "identity"])
def test_round_trip_is_bit_for_bit(tmp_path, dtype, output):
    net, X = trained(dtype, output)
    written = net.save(tmp_path / "net.npz")
    assert written == tmp_path / "net.npz" and written.is_file()
    back = load(written)
    assert repr(back) == repr(net)
    for a, b in zip(back.weights + back.biases, net.weights + net.biases):
        assert a.dtype == b.dtype and np.array_equal(a, b)
    assert np.array_equal(back.forward(X), net.forward(X))
    assert np.array_equal(MLP.load(written).predict(X), net.predict(X))
    assert nnscratch.load is nnscratch.network.load


def test_the_suffix_is_added_and_the_file_needs_no_pickle(tmp_path):
    net, _ = trained()
    written = net.save(tmp_path / "model")
    assert written.name == "model.npz"
    with np.load(written, allow_pickle=False) as data:
        assert sorted(data.files) == [
            "biases_0",
            "biases_1",
            "biases_2",
            "config",
            "weights_0",
            "weights_1",
            "weights_2",
        ]
        assert data["config"].dtype.kind == "U"  # JSON text, not a Python object
        config = json.loads(str(data["config"]))
    assert config == {
        "format": "nnscratch.MLP",
        "version": 1,
        "sizes": [3, 5, 4, 3],
        "hidden": "tanh",
        "output": "softmax",
        "dtype": "float64",
    }


def save_arrays(path, config=None, **arrays):
    """An .npz file like ours, with a config dict (or None for none) and arrays."""
    if config is not None:
        arrays["config"] = np.array(json.dumps(config))
    np.savez(path, **arrays)
    return path


CONFIG = {
    "format": "nnscratch.MLP",
    "version": 1,
    "sizes": [2, 3],
    "hidden": "relu",
    "output": "softmax",
    "dtype": "float64",
}
GOOD = {"weights_0": np.ones((2, 3)), "biases_0": np.zeros(3)}


def test_the_helper_writes_a_file_that_loads(tmp_path):
    net = load(save_arrays(tmp_path / "ok.npz", CONFIG, **GOOD))
    assert np.array_equal(net.weights[0], np.ones((2, 3)))


def test_a_missing_file_is_a_file_not_found_error(tmp_path):
    with pytest.raises(FileNotFoundError):
        load(tmp_path / "nothing.npz")


@pytest.mark.parametrize(
    "make, message",
    [
        (
            lambda p: p.write_text("weights, biases\n1, 2\n"),
            r"is not a network saved by MLP.save \(not an .npz archive",
        ),
        (
            lambda p: (
                np.save(p.with_suffix(".npy"), np.ones(3))
                or p.with_suffix(".npy").rename(p)
            ),
            r"not a network saved by MLP.save \(an .npy array",
        ),
        (
            lambda p: save_arrays(p, None, **GOOD),
            r"not a network saved by MLP.save \(it has no 'config' text\)",
        ),
        (
            lambda p: save_arrays(p, {"format": "keras", "sizes": [2, 3]}, **GOOD),
            "its 'config' is not an nnscratch network's",
        ),
        (
            lambda p: np.savez(p, config=np.array("not json"), **GOOD),
            "its 'config' is not an nnscratch network's",
        ),
        (
            lambda p: save_arrays(p, CONFIG | {"version": 7}, **GOOD),
            r"in format version 1 \(its version is 7\)",
        ),
        (
            lambda p: save_arrays(p, CONFIG | {"sizes": [2, 0]}, **GOOD),
            r"its settings do not make a network: sizes\[1\] must be",
        ),
        (
            lambda p: save_arrays(p, CONFIG | {"shape": 3}, **GOOD),
            "its settings do not make a network",
        ),
        (
            lambda p: save_arrays(p, CONFIG, weights_0=np.ones((2, 3))),
            "lacks the array 'biases_0'",
        ),
        (
            lambda p: save_arrays(p, CONFIG, **GOOD, weights_1=np.ones(3)),
            "holds arrays its network does not have: weights_1",
        ),
        (
            lambda p: save_arrays(
                p, CONFIG, weights_0=np.ones((3, 2)), biases_0=np.zeros(3)
            ),
            r"weights\[0\] of shape \(3, 2\) does not fit sizes \[2, 3\]",
        ),
        (
            lambda p: save_arrays(
                p, CONFIG, weights_0=np.ones((2, 3), np.float32), biases_0=np.zeros(3)
            ),
            "array 'weights_0' has dtype float32, but the network's dtype is float64",
        ),
        (
            lambda p: save_arrays(
                p, CONFIG, weights_0=np.full((2, 3), np.nan), biases_0=np.zeros(3)
            ),
            r"weights\[0\] must be finite",
        ),
        (
            lambda p: save_arrays(
                p,
                CONFIG,
                weights_0=np.array([None, 1], dtype=object),
                biases_0=np.zeros(3),
            ),
            r"not a network saved by MLP.save \(an array cannot be read",
        ),
    ],
    ids=[
        "text",
        "npy",
        "no-config",
        "other-format",
        "config-not-json",
        "newer-version",
        "bad-sizes",
        "unknown-setting",
        "missing-array",
        "extra-array",
        "wrong-shape",
        "wrong-dtype",
        "nan",
        "pickled-object",
    ],
)
def test_a_bad_file_gives_a_clear_error_naming_the_file(tmp_path, make, message):
    path = tmp_path / "bad.npz"
    make(path)
    with pytest.raises(ValueError, match=message) as caught:
        load(path)
    assert str(path) in str(caught.value)


def test_a_zip_that_is_not_npz_is_refused(tmp_path):
    path = tmp_path / "archive.npz"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("readme.txt", "hello")
    with pytest.raises(ValueError, match="not a network saved by MLP.save"):
        load(path)
