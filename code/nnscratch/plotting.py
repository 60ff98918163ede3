"""One look for every figure in the book.

``use_book_style()`` sets Matplotlib's defaults: a fixed size, readable fonts,
the Okabe-Ito colours (distinguishable with the common colour-vision
deficiencies) and an opaque white background, so figures stay readable when a
reader switches the site to dark mode. ``draw_network`` draws a small dense
network with its weights on the edges, ``plot_function_and_derivative`` an
activation next to its derivative, ``plot_decision_line`` the line a unit
with two inputs draws through the plane, ``plot_decision_regions`` the
classes a two-input network assigns to every point of the plane,
``plot_history`` the loss curves of :func:`~nnscratch.train.fit` and
``plot_confusion_matrix`` a classifier's confusion matrix.

A helper given no axes makes a figure whose layout is recomputed whenever it
is drawn, so that a saved figure (``ax.figure.savefig("figure.png")``) keeps
its labels and tick labels whole.

Matplotlib is needed for this module only (``pip install
"nnscratch[plot]"``); the rest of the package uses NumPy alone.
"""

import sys

try:
    import matplotlib as mpl
    import matplotlib.pyplot as plt
except ImportError as error:
    raise ModuleNotFoundError(
        "nnscratch.plotting draws with Matplotlib, which is not installed: "
        'pip install "nnscratch[plot]" (or pip install matplotlib)',
        name=error.name,
    ) from None
import numpy as np

from nnscratch import _checks

COLORS = {
    "blue": "#0072B2",
    "orange": "#E69F00",
    "green": "#009E73",
    "vermillion": "#D55E00",
    "sky": "#56B4E9",
    "purple": "#CC79A7",
    "yellow": "#F0E442",
    "black": "#000000",
}
"""The Okabe-Ito palette, by name."""

BOOK_STYLE = {
    "figure.figsize": (6.4, 4.0),
    "figure.dpi": 100,
    "savefig.dpi": 150,
    "figure.facecolor": "white",
    "savefig.facecolor": "white",
    "axes.facecolor": "white",
    "font.size": 11,
    "axes.titlesize": 12,
    "axes.labelsize": 11,
    "axes.grid": True,
    "grid.alpha": 0.3,
    "axes.spines.top": False,
    "axes.spines.right": False,
    "axes.prop_cycle": mpl.cycler(color=list(COLORS.values())),
    "lines.linewidth": 2.0,
    "legend.frameon": False,
    "svg.hashsalt": "nnscratch",
}
"""The Matplotlib settings every figure of the book uses."""


def use_book_style():
    """Apply :data:`BOOK_STYLE` to Matplotlib's global settings.

    In a Jupyter kernel, figures are also kept in two forms: a PNG at twice
    the screen's resolution (sharp on a phone, shown at its usual size) and a
    PDF, which a printed book typesets as vector graphics.
    """
    mpl.rcParams.update(BOOK_STYLE)
    _keep_sharp_and_vector_figures()


def _keep_sharp_and_vector_figures():
    ipython = sys.modules.get("IPython")
    if ipython is None or ipython.get_ipython() is None:
        return
    try:
        from matplotlib_inline.backend_inline import set_matplotlib_formats
    except ImportError:
        return

    # No creation date in the PDF, so that two runs store the same bytes.
    set_matplotlib_formats(
        "retina", "pdf", bbox_inches="tight", metadata={"CreationDate": None}
    )


def _new_axes(*grid, figsize):
    """A new figure of ``figsize`` with axes on ``grid``, laid out at every draw.

    The tight layout engine rather than the constrained one, so that a
    caller's own ``plt.tight_layout()`` afterwards changes nothing and says
    nothing.
    """
    return plt.subplots(*grid, figsize=figsize, layout="tight")[1]


def _node_positions(layer_sizes):
    """Centres of the nodes: layer ``k`` at x = k, nodes spread on y."""
    positions = []
    for k, n in enumerate(layer_sizes):
        ys = np.linspace(n - 1, 0, n) - (n - 1) / 2
        positions.append([(float(k), float(y)) for y in ys])
    return positions


def _checked_layer_sizes(layer_sizes):
    """``layer_sizes`` as a list of ints >= 1, at least one."""
    if np.ndim(layer_sizes) != 1 or len(layer_sizes) == 0:
        raise ValueError(
            "layer_sizes must list the nodes of each layer, like [2, 2, 1], got "
            f"{layer_sizes!r}"
        )
    return [
        _checks.positive_int(n, f"layer_sizes[{k}]")
        for k, n in enumerate(layer_sizes)
    ]


def draw_network(layer_sizes, weights=None, node_labels=None, ax=None):
    """Draw a dense network as circles joined by arrows.

    Parameters
    ----------
    layer_sizes : sequence of int
        Nodes per layer, input layer first, e.g. ``[2, 2, 1]``.
    weights : sequence of array_like, optional
        ``weights[k]`` has shape ``(layer_sizes[k], layer_sizes[k + 1])``;
        entry ``[i, j]`` is written on the edge from node ``i`` to node ``j``.
    node_labels : sequence of sequence of str, optional
        ``node_labels[k][i]`` is written inside node ``i`` of layer ``k``.
    ax : matplotlib.axes.Axes, optional
        Where to draw; a new figure is made when omitted.

    Returns
    -------
    matplotlib.axes.Axes

    Raises
    ------
    ValueError
        If ``layer_sizes`` is empty or holds a value that is not an integer
        >= 1, or ``weights`` or ``node_labels`` do not fit ``layer_sizes``
        (the message names the layer and both shapes).
    """
    layer_sizes = _checked_layer_sizes(layer_sizes)
    if weights is not None:
        if len(weights) != len(layer_sizes) - 1:
            raise ValueError(
                f"weights must hold {len(layer_sizes) - 1} matrices for layer_sizes "
                f"{layer_sizes}, got {len(weights)}"
            )
        for k, (n_in, n_out) in enumerate(
            zip(layer_sizes[:-1], layer_sizes[1:])
        ):
            shape = np.shape(weights[k])
            if shape != (n_in, n_out):
                raise ValueError(
                    f"weights[{k}] of shape {shape} does not fit layer_sizes "
                    f"{layer_sizes}: it needs shape {(n_in, n_out)}"
                )
    if node_labels is not None:
        counts = [len(labels) for labels in node_labels]
        if counts != layer_sizes:
            raise ValueError(
                f"node_labels must hold one label per node, {layer_sizes} per layer, "
                f"got {counts}"
            )
    if ax is None:
        ax = _new_axes(figsize=(6.4, 3.6))
    positions = _node_positions(layer_sizes)
    radius = 0.22
    for k in range(len(layer_sizes) - 1):
        for i, (x0, y0) in enumerate(positions[k]):
            for j, (x1, y1) in enumerate(positions[k + 1]):
                ax.annotate(
                    "",
                    xy=(x1 - radius, y1),
                    xytext=(x0 + radius, y0),
                    arrowprops={"arrowstyle": "->", "color": "0.45", "lw": 1.2},
                )
                if weights is not None:
                    w = np.asarray(weights[k])[i, j]
                    # a third of the way along, so labels of crossing edges do not
                    # collide
                    t = 0.3 if y0 >= y1 else 0.7
                    ax.text(
                        x0 + t * (x1 - x0),
                        y0 + t * (y1 - y0),
                        f"{w:g}",
                        ha="center",
                        va="center",
                        fontsize=10,
                        bbox={
                            "boxstyle": "round,pad=0.15",
                            "fc": "white",
                            "ec": "none",
                        },
                    )
    layer_colors = (
        [COLORS["sky"]]
        + [COLORS["orange"]] * (len(layer_sizes) - 2)
        + [COLORS["green"]]
    )
    for k, layer in enumerate(positions):
        for i, (x, y) in enumerate(layer):
            ax.add_patch(
                plt.Circle(
                    (x, y), radius, fc=layer_colors[k], ec="black", zorder=3
                )
            )
            if node_labels is not None:
                ax.text(
                    x,
                    y,
                    node_labels[k][i],
                    ha="center",
                    va="center",
                    fontsize=10,
                    zorder=4,
                )
    ax.set_xlim(-0.5, len(layer_sizes) - 0.5)
    tallest = max(layer_sizes)
    ax.set_ylim(-tallest / 2 - 0.1, tallest / 2 + 0.1)
    ax.set_aspect("equal")
    ax.axis("off")
    return ax


def plot_confusion_matrix(matrix, class_names, ax=None):
    """Draw a confusion matrix as a grid of counts, true classes down the side.

    Parameters
    ----------
    matrix : array_like of int, shape (K, K)
        ``matrix[i, j]`` counts the examples of class ``i`` predicted as
        class ``j``, as :func:`nnscratch.train.confusion_matrix` returns it.
    class_names : sequence of str, length K
        The name of every class, for the axes.
    ax : matplotlib.axes.Axes, optional
        Where to draw; a new figure is made when omitted.

    Returns
    -------
    matplotlib.axes.Axes

    Raises
    ------
    ValueError
        If ``matrix`` is not square with one row and column per class name
        (the message names its shape and the number of names).
    """
    matrix = np.asarray(matrix)
    k = len(class_names)
    if matrix.shape != (k, k):
        raise ValueError(
            f"matrix of shape {matrix.shape} does not fit {k} class names: "
            f"it needs shape ({k}, {k})"
        )
    if ax is None:
        ax = _new_axes(figsize=(1.2 * k + 2.4, 1.2 * k + 1.6))
    ax.imshow(matrix, cmap="Blues", vmin=0)
    # Dark cells get white numbers, light cells black ones.
    threshold = matrix.max() / 2 if matrix.size else 0
    for i in range(k):
        for j in range(k):
            color = "white" if matrix[i, j] > threshold else "black"
            ax.text(
                j,
                i,
                str(matrix[i, j]),
                ha="center",
                va="center",
                color=color,
                fontsize=12,
            )
    ax.set_xticks(range(k), class_names)
    ax.set_yticks(range(k), class_names)
    ax.set_xlabel("predicted class")
    ax.set_ylabel("true class")
    ax.grid(False)
    return ax


def plot_function_and_derivative(curves, x, axes=None):
    """Plot functions (left panel) and their derivatives (right panel).

    Parameters
    ----------
    curves : dict
        Maps a label (str) to a pair ``(f, f_grad)`` of functions that take
        an ndarray and return one of the same shape, e.g.
        ``{"sigmoid": (sigmoid, sigmoid_grad)}``. Each pair gets one colour,
        the same in both panels.
    x : ndarray, shape (M,)
        Where to evaluate, in increasing order.
    axes : sequence of two matplotlib.axes.Axes, optional
        Where to draw; a new figure with two panels side by side is made
        when omitted.

    Returns
    -------
    (matplotlib.axes.Axes, matplotlib.axes.Axes)
        The function panel and the derivative panel.

    Raises
    ------
    ValueError
        If ``curves`` is empty or a value is not a pair of callables, ``x``
        is not a 1-D array of finite numbers, or ``axes`` does not hold two
        panels.
    """
    if len(curves) == 0:
        raise ValueError(
            "curves must map at least one label to a pair (f, f_grad), got none"
        )
    for label, pair in curves.items():
        if not (
            isinstance(pair, tuple)
            and len(pair) == 2
            and all(callable(g) for g in pair)
        ):
            raise ValueError(
                f"curves[{label!r}] must be a pair (f, f_grad) of functions, got "
                f"{pair!r}"
            )
    x = _checks.float_array(x, "x")
    if x.ndim != 1:
        raise ValueError(f"x must have shape (M,), got shape {x.shape}")
    if axes is not None and len(axes) != 2:
        raise ValueError(
            f"axes must hold two panels (function, derivative), got {len(axes)}"
        )
    if axes is None:
        axes = _new_axes(1, 2, figsize=(9.6, 3.6))
    left, right = axes
    colors = list(COLORS.values())
    for i, (label, (f, f_grad)) in enumerate(curves.items()):
        color = colors[i % len(colors)]
        left.plot(x, f(x), color=color, label=label)
        right.plot(x, f_grad(x), color=color, label=label)
    for ax, ylabel in ((left, "$f(x)$"), (right, "$f'(x)$")):
        ax.axhline(0, color="0.6", lw=0.8, zorder=0)
        ax.axvline(0, color="0.6", lw=0.8, zorder=0)
        ax.set_xlabel("$x$")
        ax.set_ylabel(ylabel)
    left.set_title("function")
    right.set_title("derivative")
    left.legend(loc="upper left")
    return left, right


def plot_decision_line(w, b, X, t, ax=None, xlim=(-0.5, 1.5), ylim=(-0.5, 1.5)):
    """Plot 2-D points by target and the line where ``x @ w + b = 0``.

    Points with target 1 are filled blue circles, points with target 0 are
    vermillion crosses (shape and colour both differ, for readers who do not
    see the colours). The side where ``x @ w + b > 0``, where a perceptron
    answers 1, is shaded.

    Parameters
    ----------
    w : array_like, shape (2,)
        Weights of a unit with two inputs.
    b : float
        Its bias.
    X : array_like, shape (N, 2)
        The points.
    t : array_like, shape (N,)
        Their targets, 0 or 1.
    ax : matplotlib.axes.Axes, optional
        Where to draw; a new figure is made when omitted.
    xlim, ylim : (float, float)
        The part of the plane shown.

    Returns
    -------
    matplotlib.axes.Axes

    Raises
    ------
    ValueError
        If ``w`` does not have shape (2,), ``b`` is not a single number,
        ``X`` does not have shape (N, 2), or ``t`` does not hold one target,
        0 or 1, per row of ``X`` (the message names the shapes or values).
    """
    w = _checks.float_array(w, "w")
    if w.shape != (2,):
        raise ValueError(
            f"w must have shape (2,) for a unit with two inputs, got shape {w.shape}"
        )
    if np.ndim(b) != 0:
        raise ValueError(f"b must be a single number, got shape {np.shape(b)}")
    X, t = _checks.float_array(X, "X"), _checks.numeric_array(t, "t")
    if X.ndim != 2 or X.shape[1] != 2:
        raise ValueError(f"X must have shape (N, 2), got shape {X.shape}")
    if t.shape != (X.shape[0],):
        raise ValueError(
            f"t of shape {t.shape} does not fit X of shape {X.shape}: t needs shape "
            f"({X.shape[0]},)"
        )
    if not np.all((t == 0) | (t == 1)):
        raise ValueError(f"t must hold only 0 and 1, got {np.unique(t)}")
    if ax is None:
        ax = _new_axes(figsize=(3.6, 3.6))
    x1, x2 = np.meshgrid(np.linspace(*xlim, 301), np.linspace(*ylim, 301))
    z = w[0] * x1 + w[1] * x2 + b
    # contour warns when the level is not crossed, so draw only what exists
    if z.max() > 0:
        ax.contourf(
            x1, x2, z, levels=[0, np.inf], colors=[COLORS["sky"]], alpha=0.25
        )
    if z.min() < 0 < z.max():
        ax.contour(
            x1, x2, z, levels=[0], colors=[COLORS["black"]], linewidths=1.5
        )
    yes, no = t == 1, t == 0
    ax.scatter(
        X[yes, 0],
        X[yes, 1],
        s=80,
        color=COLORS["blue"],
        marker="o",
        zorder=3,
        label="target 1",
    )
    ax.scatter(
        X[no, 0],
        X[no, 1],
        s=80,
        color=COLORS["vermillion"],
        marker="X",
        zorder=3,
        label="target 0",
    )
    ax.set_xlim(*xlim)
    ax.set_ylim(*ylim)
    ax.set_aspect("equal")
    ax.set_xlabel("$x_1$")
    ax.set_ylabel("$x_2$")
    return ax


_MARKERS = ["o", "X", "s", "^", "D", "v", "P", "*"]

_HISTORY_LABELS = {
    "loss": "training loss",
    "val_loss": "validation loss",
    "val_accuracy": "validation accuracy",
}


def plot_history(history, keys=None, ax=None):
    """Plot the curves of a training history against the epoch.

    Parameters
    ----------
    history : dict of str to sequence of float
        What :func:`nnscratch.train.fit` returns: one value per epoch under
        each key.
    keys : sequence of str, optional
        The curves to draw; by default every loss in ``history``
        (``"loss"`` and, with validation data, ``"val_loss"``). Pass
        ``["val_accuracy"]`` for the accuracy.
    ax : matplotlib.axes.Axes, optional
        Where to draw; a new figure is made when omitted.

    Returns
    -------
    matplotlib.axes.Axes

    Raises
    ------
    ValueError
        If ``history`` has no such key, a curve is empty, or its values are
        not finite numbers.
    """
    if keys is None:
        keys = [key for key in history if key.endswith("loss")]
    if len(keys) == 0:
        raise ValueError(f"history has no loss to plot, only {sorted(history)}")
    curves = {}
    for key in keys:
        if key not in history:
            raise ValueError(
                f"history has no {key!r}; it has {sorted(history)}"
            )
        curves[key] = _checks.float_array(history[key], f"history[{key!r}]")
        if curves[key].ndim != 1 or curves[key].size == 0:
            raise ValueError(f"history[{key!r}] must hold one number per epoch")
    if ax is None:
        ax = _new_axes(figsize=(6.4, 4.0))
    for key, values in curves.items():
        epochs = np.arange(1, len(values) + 1)
        ax.plot(epochs, values, label=_HISTORY_LABELS.get(key, key))
    ax.set_xlabel("epoch")
    kinds = {key.rsplit("_", 1)[-1] for key in keys}
    ax.set_ylabel(kinds.pop() if len(kinds) == 1 else "value")
    ax.legend()
    return ax


def plot_decision_regions(net, X, t, ax=None, resolution=200, padding=0.5):
    """Shade the class a two-input classifier predicts at every point.

    The plane around the points is sampled on a grid and shaded by the
    predicted class, and the points are drawn on top, one colour and
    marker per class (shape and colour both differ, for readers who do not
    see the colours).

    Parameters
    ----------
    net : MLP
        A network with two inputs and a softmax output, or a sigmoid output
        with one unit (classes 0 and 1).
    X : array_like, shape (N, 2)
        The points.
    t : array_like of int, shape (N,)
        Their classes, ``0 .. K-1``.
    ax : matplotlib.axes.Axes, optional
        Where to draw; a new figure is made when omitted.
    resolution : int, default 200
        Grid points along each axis, >= 2.
    padding : float, default 0.5
        How far the shaded area reaches beyond the points, >= 0.

    Returns
    -------
    matplotlib.axes.Axes

    Raises
    ------
    ValueError
        If ``net`` is not an MLP with two inputs and a softmax or
        one-unit sigmoid output, ``X`` does not have shape (N, 2), ``t``
        does not hold one class in range per row of ``X``, or
        ``resolution`` or ``padding`` is out of range.
    FloatingPointError
        As for :meth:`MLP.predict <nnscratch.network.MLP.predict>`.
    """
    from nnscratch.network import MLP  # the package imports this module lazily

    if not isinstance(net, MLP) or net.sizes[0] != 2:
        raise ValueError(
            f"net must be an nnscratch MLP with two inputs, got {net!r}"
        )
    if net.output == "identity" or (
        net.output == "sigmoid" and net.sizes[-1] != 1
    ):
        raise ValueError(
            "net must be a classifier: a softmax output, or a sigmoid output "
            f"with one unit; got {net!r}"
        )
    X = _checks.float_array(X, "X")
    if X.ndim != 2 or X.shape[1] != 2 or len(X) == 0:
        raise ValueError(f"X must have shape (N, 2), got shape {X.shape}")
    n_classes = 2 if net.output == "sigmoid" else net.sizes[-1]
    t = _checks.check_labels(t, "t", n_classes)
    if t.shape != (len(X),):
        raise ValueError(
            f"t of shape {t.shape} does not fit X of shape {X.shape}: t needs shape "
            f"({len(X)},)"
        )
    resolution = _checks.positive_int(resolution, "resolution")
    if resolution < 2:
        raise ValueError(
            f"resolution must be an integer >= 2, got {resolution}"
        )
    if not (np.isfinite(padding) and padding >= 0):
        raise ValueError(
            f"padding must be a finite number >= 0, got {padding!r}"
        )
    if ax is None:
        ax = _new_axes(figsize=(4.8, 4.0))
    low, high = X.min(axis=0) - padding, X.max(axis=0) + padding
    x1, x2 = np.meshgrid(
        np.linspace(low[0], high[0], resolution),
        np.linspace(low[1], high[1], resolution),
    )
    regions = net.predict(np.column_stack([x1.ravel(), x2.ravel()])).reshape(
        x1.shape
    )
    colors = list(COLORS.values())
    region_colors = [colors[k % len(colors)] for k in range(n_classes)]
    ax.contourf(
        x1,
        x2,
        regions,
        levels=np.arange(n_classes + 1) - 0.5,
        colors=region_colors,
        alpha=0.25,
    )
    for k in range(n_classes):
        points = X[t == k]
        ax.scatter(
            points[:, 0],
            points[:, 1],
            s=30,
            color=region_colors[k],
            marker=_MARKERS[k % len(_MARKERS)],
            edgecolor="black",
            linewidth=0.4,
            zorder=3,
            label=f"class {k}",
        )
    ax.set_xlim(low[0], high[0])
    ax.set_ylim(low[1], high[1])
    ax.set_xlabel("$x_1$")
    ax.set_ylabel("$x_2$")
    ax.legend(loc="best")
    return ax
