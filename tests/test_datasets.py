"""nnscratch.datasets: the loaders read scikit-learn's bundled files; the helpers split,
standardise and one-hot encode as documented."""

import sys

import numpy as np
import pytest

from nnscratch.datasets import (
    Dataset,
    load_breast_cancer,
    load_diabetes,
    load_iris,
    one_hot,
    split,
    standardize,
)

# --- loaders -------------------------------------------------------------------


def test_load_breast_cancer_has_569_tumours_of_30_features_in_two_classes():
    X, y, feature_names, target_names = load_breast_cancer()
    assert X.shape == (569, 30) and X.dtype == np.float64
    assert y.shape == (569,) and y.dtype == np.int64
    assert np.bincount(y).tolist() == [212, 357]
    assert len(feature_names) == 30 and feature_names[0] == "mean radius"
    assert target_names == ["malignant", "benign"]


def test_load_iris_has_150_flowers_sorted_by_species():
    data = load_iris()
    assert isinstance(data, Dataset)
    assert data.X.shape == (150, 4) and data.X.dtype == np.float64
    assert data.y.dtype == np.int64
    assert data.y.tolist() == [0] * 50 + [1] * 50 + [2] * 50
    assert data.target_names == ["setosa", "versicolor", "virginica"]
    assert data.feature_names[2] == "petal length (cm)"
    np.testing.assert_allclose(data.X[0], [5.1, 3.5, 1.4, 0.2])


def test_load_diabetes_is_a_regression_data_set_of_442_patients():
    X, y, feature_names, target_names = load_diabetes()
    assert X.shape == (442, 10) and X.dtype == np.float64
    assert y.shape == (442,) and y.dtype == np.float64
    assert y.min() == 25 and y.max() == 346
    assert feature_names[2] == "bmi" and target_names is None


def test_loaders_return_fresh_arrays_each_call():
    first = load_iris()
    first.X[0, 0] = -1.0
    assert load_iris().X[0, 0] == 5.1


@pytest.mark.parametrize("loader", [load_breast_cancer, load_iris, load_diabetes])
def test_loaders_say_to_install_scikit_learn_when_it_is_missing(monkeypatch, loader):
    # A None entry in sys.modules makes `import sklearn` fail as if it were absent.
    monkeypatch.setitem(sys.modules, "sklearn", None)
    monkeypatch.setitem(sys.modules, "sklearn.datasets", None)
    with pytest.raises(ModuleNotFoundError, match="pip install scikit-learn") as error:
        loader()
    assert loader.__name__ in str(error.value)
    assert isinstance(error.value, ImportError) and error.value.name == "sklearn"


# --- split ---------------------------------------------------------------------


def rows_of(X):
    return sorted(map(tuple, X.tolist()))


def test_split_partitions_the_rows_and_keeps_x_and_y_together():
    X = np.arange(40).reshape(20, 2)
    y = np.arange(20) * 10
    X_train, X_test, y_train, y_test = split(X, y, test_size=0.25, seed=3)
    assert len(X_train) == 15 and len(X_test) == 5
    assert rows_of(np.vstack([X_train, X_test])) == rows_of(X)
    np.testing.assert_array_equal(X_train[:, 0] * 5, y_train)
    np.testing.assert_array_equal(X_test[:, 0] * 5, y_test)


def test_split_is_reproducible_with_a_seed_and_differs_between_seeds():
    X, y = np.arange(100).reshape(50, 2), np.arange(50)
    first = split(X, y, seed=7)
    again = split(X, y, seed=7)
    other = split(X, y, seed=8)
    for a, b in zip(first, again):
        np.testing.assert_array_equal(a, b)
    assert not np.array_equal(first[3], other[3])


def test_split_with_an_int_test_size_trains_on_the_first_rows_of_a_permutation():
    X, y = np.arange(150).reshape(150, 1), np.arange(150)
    X_train, X_test, y_train, y_test = split(X, y, test_size=100, seed=0)
    order = np.random.default_rng(0).permutation(150)
    assert y_train.tolist() == order[:50].tolist()
    assert y_test.tolist() == order[50:].tolist()


def test_stratified_split_keeps_every_class_share():
    y = np.repeat([0, 1, 2], [50, 30, 20])
    X = np.arange(100).reshape(100, 1)
    X_train, X_test, y_train, y_test = split(X, y, test_size=0.3, stratify=True, seed=1)
    assert np.bincount(y_test).tolist() == [15, 9, 6]
    assert np.bincount(y_train).tolist() == [35, 21, 14]
    assert rows_of(np.vstack([X_train, X_test])) == rows_of(X)
    np.testing.assert_array_equal(y[X_test.ravel()], y_test)


def test_stratified_split_gives_exactly_the_requested_number_of_test_rows():
    y = np.repeat([0, 1], [212, 357])
    _, X_test, _, y_test = split(np.zeros((569, 3)), y, test_size=0.25, stratify=True)
    assert len(y_test) == len(X_test) == 142
    assert np.bincount(y_test).tolist() == [53, 89]


def test_stratified_split_shuffles_the_classes_within_each_set():
    y = np.repeat([0, 1, 2], 50)
    _, _, y_train, y_test = split(np.zeros((150, 1)), y, test_size=0.5, stratify=True)
    assert not np.all(np.diff(y_train) >= 0)
    assert not np.all(np.diff(y_test) >= 0)


@pytest.mark.parametrize("test_size", [0, 1.0, 10, -0.5, 1.5, 0.001, True, "half"])
def test_split_rejects_a_test_size_that_leaves_a_set_empty(test_size):
    with pytest.raises(ValueError, match="test_size"):
        split(np.zeros((10, 2)), np.zeros(10), test_size=test_size)


def test_split_rejects_x_and_y_of_different_lengths():
    with pytest.raises(ValueError, match=r"X of shape \(10, 2\) and y of shape \(9,\)"):
        split(np.zeros((10, 2)), np.zeros(9))


def test_stratified_split_needs_integer_labels():
    with pytest.raises(ValueError, match="stratify needs integer class labels"):
        split(np.zeros((10, 2)), np.linspace(0, 1, 10), stratify=True)
    with pytest.raises(ValueError, match="y"):
        split(np.zeros((4, 2)), np.array([0, 1, -1, 1]), test_size=2, stratify=True)


# --- standardize ---------------------------------------------------------------


def test_standardize_gives_training_columns_mean_zero_and_spread_one():
    rng = np.random.default_rng(0)
    X = rng.normal(loc=[5, -300, 0.01], scale=[2, 50, 0.001], size=(200, 3))
    Z = standardize(X)
    np.testing.assert_allclose(Z.mean(axis=0), 0, atol=1e-12)
    np.testing.assert_allclose(Z.std(axis=0), 1, rtol=1e-12)


def test_standardize_transforms_other_arrays_with_the_training_statistics():
    X_train = np.array([[0.0, 10.0], [2.0, 30.0]])
    X_test = np.array([[1.0, 50.0], [4.0, 10.0], [-2.0, 20.0]])
    Z_train, Z_test = standardize(X_train, X_test)
    np.testing.assert_allclose(Z_train, [[-1, -1], [1, 1]])
    np.testing.assert_allclose(Z_test, [[0, 3], [3, -1], [-3, 0]])


def test_standardize_only_centres_a_constant_column():
    Z_train, Z_test = standardize(
        np.array([[1.0, 7.0], [3.0, 7.0]]), np.array([[2.0, 9.0]])
    )
    assert np.isfinite(Z_train).all()
    np.testing.assert_allclose(Z_train[:, 1], 0)
    np.testing.assert_allclose(Z_test, [[0, 2]])


def test_standardize_returns_each_other_array_in_order():
    X = np.arange(6.0).reshape(3, 2)
    result = standardize(X, X + 1, X - 1)
    assert isinstance(result, tuple) and len(result) == 3


def test_standardize_names_an_array_of_the_wrong_width():
    with pytest.raises(ValueError, match=r"X_other\[1\] of shape \(2, 3\).*\(M, 2\)"):
        standardize(np.zeros((4, 2)), np.zeros((1, 2)), np.zeros((2, 3)))


def test_standardize_rejects_non_finite_and_non_2d_training_data():
    with pytest.raises(ValueError, match="X_train must be finite"):
        standardize(np.array([[1.0, np.nan]]))
    with pytest.raises(ValueError, match=r"X_train must have shape \(N, n_features\)"):
        standardize(np.zeros(5))


# --- one_hot -------------------------------------------------------------------


def test_one_hot_puts_a_single_one_in_each_labels_column():
    encoded = one_hot([2, 0, 1, 2])
    assert encoded.dtype == np.float64
    np.testing.assert_array_equal(encoded, [[0, 0, 1], [1, 0, 0], [0, 1, 0], [0, 0, 1]])


def test_one_hot_with_more_classes_than_labels_seen():
    assert one_hot(np.array([0, 1]), n_classes=4).shape == (2, 4)


def test_one_hot_inverts_argmax():
    labels = np.random.default_rng(0).integers(0, 10, size=50)
    np.testing.assert_array_equal(one_hot(labels, 10).argmax(axis=1), labels)


@pytest.mark.parametrize(
    "labels, n_classes, message",
    [
        ([0, 3], 3, r"labels must lie in \[0, 2\]"),
        ([0.0, 1.0], None, "integer class labels"),
        ([[0, 1]], None, r"shape \(N,\)"),
        ([0, 1], 0, "n_classes must be an integer >= 1"),
    ],
)
def test_one_hot_rejects_bad_labels_clearly(labels, n_classes, message):
    with pytest.raises(ValueError, match=message):
        one_hot(labels, n_classes)
