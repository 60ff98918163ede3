"""nnscratch.plotting: the shared figure helpers draw what they promise."""

import pytest

matplotlib = pytest.importorskip("matplotlib", reason="nnscratch.plotting needs matplotlib")

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402

from nnscratch.activations import sigmoid, sigmoid_grad, tanh, tanh_grad  # noqa: E402
from nnscratch.plotting import COLORS, plot_decision_line, plot_function_and_derivative  # noqa: E402


@pytest.fixture(autouse=True)
def close_figures():
    yield
    plt.close("all")


def test_function_and_derivative_share_colours_per_curve():
    x = np.linspace(-4, 4, 81)
    left, right = plot_function_and_derivative({"sigmoid": (sigmoid, sigmoid_grad), "tanh": (tanh, tanh_grad)}, x)
    # two curves per panel, plus the two axis lines through 0
    assert len(left.lines) == len(right.lines) == 4
    np.testing.assert_allclose(left.lines[0].get_ydata(), sigmoid(x))
    np.testing.assert_allclose(right.lines[1].get_ydata(), tanh_grad(x))
    assert left.lines[0].get_color() == right.lines[0].get_color() == COLORS["blue"]
    assert left.figure is right.figure


def test_function_and_derivative_draws_into_given_axes():
    fig, axes = plt.subplots(1, 2)
    got = plot_function_and_derivative({"tanh": (tanh, tanh_grad)}, np.linspace(-1, 1, 5), axes=axes)
    assert got[0] is axes[0] and got[1] is axes[1]


def test_decision_line_marks_both_classes_and_draws_the_line():
    X = np.array([[0, 0], [0, 1], [1, 0], [1, 1]])
    ax = plot_decision_line([1.0, 1.0], -1.5, X, [0, 0, 0, 1])
    scatters = {c.get_label(): c.get_offsets() for c in ax.collections if c.get_label().startswith("target")}
    np.testing.assert_array_equal(scatters["target 1"], [[1, 1]])
    np.testing.assert_array_equal(scatters["target 0"], [[0, 0], [0, 1], [1, 0]])
    # the line x1 + x2 = 1.5 crosses the square: a contour path lies on it
    lines = [p for c in ax.collections for p in getattr(c, "get_paths", lambda: [])() if len(p.vertices) > 10]
    on_line = [np.allclose(p.vertices.sum(axis=1), 1.5, atol=1e-2) for p in lines]
    assert any(on_line)


def test_decision_line_without_a_crossing_draws_no_line_and_no_warning():
    # all of the plane on the "yes" side: nothing to draw, and no contour warning
    X = np.array([[0, 0], [1, 1]])
    ax = plot_decision_line([0.0, 0.0], 1.0, X, [1, 1])
    assert ax is not None


@pytest.mark.parametrize(
    "call, message",
    [
        (lambda: plot_function_and_derivative({}, np.linspace(0, 1, 3)), "curves must map at least one label"),
        (lambda: plot_function_and_derivative({"s": sigmoid}, np.linspace(0, 1, 3)), r"curves\['s'\] must be a pair"),
        (lambda: plot_function_and_derivative({"s": (sigmoid, sigmoid_grad)}, np.ones((2, 2))),
         r"x must have shape \(M,\), got shape \(2, 2\)"),
        (lambda: plot_decision_line([1.0, 1.0, 1.0], 0.0, np.zeros((4, 2)), [0, 0, 1, 1]),
         r"w must have shape \(2,\) for a unit with two inputs, got shape \(3,\)"),
        (lambda: plot_decision_line([1.0, 1.0], [0.0, 1.0], np.zeros((4, 2)), [0, 0, 1, 1]), "b must be a single number"),
        (lambda: plot_decision_line([1.0, 1.0], 0.0, np.zeros((4, 3)), [0, 0, 1, 1]), r"X must have shape \(N, 2\)"),
        (lambda: plot_decision_line([1.0, 1.0], 0.0, np.zeros((4, 2)), [0, 1]), r"t of shape \(2,\) does not fit X"),
        (lambda: plot_decision_line([1.0, 1.0], 0.0, np.zeros((2, 2)), [0, 2]), "t must hold only 0 and 1"),
    ],
)
def test_bad_arguments_raise_clear_errors(call, message):
    with pytest.raises(ValueError, match=message):
        call()
