"""nnscratch.plotting: the shared figure helpers draw what they promise."""

import pytest

matplotlib = pytest.importorskip(
    "matplotlib", reason="nnscratch.plotting needs matplotlib"
)

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402

from nnscratch import MLP, plotting  # noqa: E402
from nnscratch.activations import sigmoid, sigmoid_grad, tanh, tanh_grad  # noqa: E402
from nnscratch.plotting import COLORS, plot_decision_line, plot_function_and_derivative  # noqa: E402


@pytest.fixture(autouse=True)
def close_figures():
    yield
    plt.close("all")


def test_function_and_derivative_share_colours_per_curve():
    x = np.linspace(-4, 4, 81)
    left, right = plot_function_and_derivative(
        {"sigmoid": (sigmoid, sigmoid_grad), "tanh": (tanh, tanh_grad)}, x
    )
    # two curves per panel, plus the two axis lines through 0
    assert len(left.lines) == len(right.lines) == 4
    np.testing.assert_allclose(left.lines[0].get_ydata(), sigmoid(x))
    np.testing.assert_allclose(right.lines[1].get_ydata(), tanh_grad(x))
    assert left.lines[0].get_color() == right.lines[0].get_color() == COLORS["blue"]
    assert left.figure is right.figure


def test_function_and_derivative_draws_into_given_axes():
    fig, axes = plt.subplots(1, 2)
    got = plot_function_and_derivative(
        {"tanh": (tanh, tanh_grad)}, np.linspace(-1, 1, 5), axes=axes
    )
    assert got[0] is axes[0] and got[1] is axes[1]


def test_decision_line_marks_both_classes_and_draws_the_line():
    X = np.array([[0, 0], [0, 1], [1, 0], [1, 1]])
    ax = plot_decision_line([1.0, 1.0], -1.5, X, [0, 0, 0, 1])
    scatters = {
        c.get_label(): c.get_offsets()
        for c in ax.collections
        if c.get_label().startswith("target")
    }
    np.testing.assert_array_equal(scatters["target 1"], [[1, 1]])
    np.testing.assert_array_equal(scatters["target 0"], [[0, 0], [0, 1], [1, 0]])
    # the line x1 + x2 = 1.5 crosses the square: a contour path lies on it
    lines = [
        p
        for c in ax.collections
        for p in getattr(c, "get_paths", lambda: [])()
        if len(p.vertices) > 10
    ]
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
        (
            lambda: plot_function_and_derivative({}, np.linspace(0, 1, 3)),
            "curves must map at least one label",
        ),
        (
            lambda: plot_function_and_derivative({"s": sigmoid}, np.linspace(0, 1, 3)),
            r"curves\['s'\] must be a pair",
        ),
        (
            lambda: plot_function_and_derivative(
                {"s": (sigmoid, sigmoid_grad)}, np.ones((2, 2))
            ),
            r"x must have shape \(M,\), got shape \(2, 2\)",
        ),
        (
            lambda: plot_decision_line(
                [1.0, 1.0, 1.0], 0.0, np.zeros((4, 2)), [0, 0, 1, 1]
            ),
            r"w must have shape \(2,\) for a unit with two inputs, got shape \(3,\)",
        ),
        (
            lambda: plot_decision_line(
                [1.0, 1.0], [0.0, 1.0], np.zeros((4, 2)), [0, 0, 1, 1]
            ),
            "b must be a single number",
        ),
        (
            lambda: plot_decision_line([1.0, 1.0], 0.0, np.zeros((4, 3)), [0, 0, 1, 1]),
            r"X must have shape \(N, 2\)",
        ),
        (
            lambda: plot_decision_line([1.0, 1.0], 0.0, np.zeros((4, 2)), [0, 1]),
            r"t of shape \(2,\) does not fit X",
        ),
        (
            lambda: plot_decision_line([1.0, 1.0], 0.0, np.zeros((2, 2)), [0, 2]),
            "t must hold only 0 and 1",
        ),
    ],
)
def test_bad_arguments_raise_clear_errors(call, message):
    with pytest.raises(ValueError, match=message):
        call()


# --- saved figures are complete; the plots a user expects -----------------------


def saved_completely(ax, tmp_path):
    """Save the axes' figure as a PNG and say whether every artist lies inside it."""
    figure = ax.figure
    figure.savefig(tmp_path / "figure.png")
    renderer = figure.canvas.get_renderer()
    drawn = figure.get_tightbbox(renderer)  # in inches, labels and tick labels included
    return (
        drawn.x0 >= -0.01
        and drawn.y0 >= -0.01
        and drawn.x1 <= figure.get_figwidth() + 0.01
        and drawn.y1 <= figure.get_figheight() + 0.01
    )


def small_history():
    return {
        "loss": [1.0, 0.5, 0.25],
        "val_loss": [1.1, 0.7, 0.6],
        "val_accuracy": [0.5, 0.75, 0.8],
    }


def two_moons_net():
    from nnscratch import MLP
    from nnscratch.train import fit

    rng = np.random.default_rng(0)
    X = rng.normal(size=(60, 2)) * [2.0, 0.5] - [0.0, 1.5]
    labels = (X[:, 0] > 0).astype(int) + (X[:, 1] > -1.5)
    net = MLP([2, 8, 3], seed=0)
    fit(net, X, labels, epochs=50, learning_rate=0.5)
    return net, X, labels


HELPERS = {
    "draw_network": lambda: plotting.draw_network(
        [2, 3, 1], weights=[-np.ones((2, 3)), np.ones((3, 1))]
    ),
    "plot_confusion_matrix": lambda: plotting.plot_confusion_matrix(
        np.array([[5, 1], [2, 7]]), ["no", "yes"]
    ),
    "plot_function_and_derivative": lambda: plotting.plot_function_and_derivative(
        {"tanh": (tanh, tanh_grad)}, np.linspace(-4, 4, 41)
    )[0],
    "plot_decision_line": lambda: plot_decision_line(
        [1.0, 1.0], -1.5, np.array([[0, 0], [1, 1]]), [0, 1]
    ),
    "plot_history": lambda: plotting.plot_history(small_history()),
    "plot_decision_regions": lambda: plotting.plot_decision_regions(*two_moons_net()),
}


@pytest.mark.parametrize("name", sorted(HELPERS))
def test_every_helper_saves_a_complete_figure(name, tmp_path):
    # plot_decision_line's figure used to lose its y-label and the minus signs
    # of its tick labels when saved.
    assert saved_completely(HELPERS[name](), tmp_path)


def test_the_helpers_cover_every_public_plot():
    public = {name for name in dir(plotting) if name.startswith(("plot_", "draw_"))}
    assert public == set(HELPERS)


def test_a_later_tight_layout_changes_nothing_and_says_nothing():
    ax = plot_decision_line([1.0, 1.0], -1.5, np.array([[0, 0], [1, 1]]), [0, 1])
    plt.tight_layout()  # pytest turns a "layout has changed" warning into an error
    assert ax is not None


def test_plot_history_draws_the_losses_by_default_and_any_key_asked_for():
    ax = plotting.plot_history(small_history())
    assert [line.get_label() for line in ax.lines] == [
        "training loss",
        "validation loss",
    ]
    np.testing.assert_array_equal(ax.lines[1].get_xdata(), [1, 2, 3])
    np.testing.assert_array_equal(ax.lines[1].get_ydata(), [1.1, 0.7, 0.6])
    assert ax.get_ylabel() == "loss" and ax.get_xlabel() == "epoch"
    ax = plotting.plot_history(small_history(), keys=["val_accuracy"])
    assert ax.get_ylabel() == "accuracy"
    with pytest.raises(ValueError, match="history has no 'accuracy'"):
        plotting.plot_history(small_history(), keys=["accuracy"])


def test_plot_decision_regions_shades_what_the_network_predicts():
    net, X, labels = two_moons_net()
    ax = plotting.plot_decision_regions(net, X, labels, resolution=50)
    assert {
        c.get_label() for c in ax.collections if c.get_label().startswith("class")
    } == {"class 0", "class 1", "class 2"}
    (regions,) = [c for c in ax.collections if not c.get_label().startswith("class")]
    assert len(regions.get_paths()) == 3  # one filled level per class
    sigmoid_net = MLP([2, 3, 1], output="sigmoid")
    plotting.plot_decision_regions(sigmoid_net, X, (labels > 0).astype(int))
    with pytest.raises(ValueError, match="net must be a classifier"):
        plotting.plot_decision_regions(MLP([2, 1], output="identity"), X, labels)
    with pytest.raises(
        ValueError, match="net must be an nnscratch MLP with two inputs"
    ):
        plotting.plot_decision_regions(MLP([3, 2]), X, labels)


def run_python(code):
    import subprocess
    import sys

    return subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=120
    )


def test_without_matplotlib_the_error_says_which_extra_to_install():
    result = run_python(
        "import sys\n"
        "sys.modules['matplotlib'] = None  # as if it were not installed\n"
        "import nnscratch\n"
        "try:\n"
        "    import nnscratch.plotting\n"
        "except ModuleNotFoundError as error:\n"
        "    print(error)\n"
    )
    assert result.returncode == 0, result.stderr
    assert 'pip install "nnscratch[plot]"' in result.stdout


def test_plotting_is_an_attribute_of_the_package_imported_on_first_use():
    result = run_python(
        "import sys\n"
        "import nnscratch\n"
        "assert 'matplotlib' not in sys.modules, "
        "'import nnscratch imported matplotlib'\n"
        "assert 'plotting' in dir(nnscratch)\n"
        "print(nnscratch.plotting.plot_history.__name__)\n"
        "assert 'matplotlib' in sys.modules\n"
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "plot_history"
    import nnscratch

    assert "plotting" in nnscratch.__doc__
