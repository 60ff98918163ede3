"""nnscratch.train.confusion_matrix counts (true, predicted) pairs like scikit-learn;
nnscratch.plotting.plot_confusion_matrix draws one number per cell."""

import pytest

matplotlib = pytest.importorskip(
    "matplotlib", reason="nnscratch.plotting needs matplotlib"
)
pytest.importorskip("sklearn", reason="the reference is scikit-learn's")

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
from sklearn.metrics import confusion_matrix as sklearn_confusion_matrix  # noqa: E402

from nnscratch.plotting import plot_confusion_matrix  # noqa: E402
from nnscratch.train import confusion_matrix  # noqa: E402


def test_confusion_matrix_puts_true_classes_in_rows():
    counts = confusion_matrix([0, 0, 1, 2, 2, 2], [0, 1, 1, 2, 0, 2])
    np.testing.assert_array_equal(counts, [[1, 1, 0], [0, 1, 0], [1, 0, 2]])
    assert counts.dtype == np.int64 and counts.sum() == 6


def test_confusion_matrix_agrees_with_scikit_learn():
    rng = np.random.default_rng(0)
    labels, predicted = rng.integers(0, 4, size=200), rng.integers(0, 4, size=200)
    np.testing.assert_array_equal(
        confusion_matrix(labels, predicted, 4),
        sklearn_confusion_matrix(labels, predicted),
    )


def test_confusion_matrix_accepts_a_sigmoid_networks_column_of_predictions():
    counts = confusion_matrix(np.array([0, 1, 1]), np.array([[0], [0], [1]]))
    np.testing.assert_array_equal(counts, [[1, 0], [1, 1]])


def test_confusion_matrix_keeps_classes_that_never_occur():
    assert confusion_matrix([0, 0], [0, 0], n_classes=3).shape == (3, 3)


@pytest.mark.parametrize(
    "labels, predicted, n_classes, message",
    [
        (
            [0, 1],
            [0, 1, 1],
            None,
            r"labels of shape \(2,\) and predicted of shape \(3,\)",
        ),
        ([0, 3], [0, 1], 3, r"labels must lie in \[0, 2\]"),
        (
            [0, 1],
            [0.0, 1.0],
            None,
            "predicted of shape .* must hold integer class labels",
        ),
    ],
)
def test_confusion_matrix_rejects_bad_input_clearly(
    labels, predicted, n_classes, message
):
    with pytest.raises(ValueError, match=message):
        confusion_matrix(labels, predicted, n_classes)


def test_plot_confusion_matrix_writes_every_count_on_its_cell():
    matrix = np.array([[5, 1], [0, 7]])
    ax = plot_confusion_matrix(matrix, ["no", "yes"])
    texts = {
        (round(t.get_position()[0]), round(t.get_position()[1])): t.get_text()
        for t in ax.texts
    }
    assert texts == {(0, 0): "5", (1, 0): "1", (0, 1): "0", (1, 1): "7"}
    assert [t.get_text() for t in ax.get_xticklabels()] == ["no", "yes"]
    plt.close(ax.figure)


def test_plot_confusion_matrix_needs_one_name_per_class():
    with pytest.raises(
        ValueError, match=r"matrix of shape \(2, 2\) does not fit 3 class names"
    ):
        plot_confusion_matrix(np.eye(2, dtype=int), ["a", "b", "c"])
