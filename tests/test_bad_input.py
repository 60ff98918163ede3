"""Bad input: every case gets a clear error that names the problem.

One parametrized case per kind of mistake a reader makes, each checked for the
exception type and its message: the argument's name, both shapes, the first
bad index, the valid names or the allowed range. Data errors are checked at
every public entry point that takes the data (``forward``, ``predict``,
``gradients``, ``loss``, ``fit``, ``accuracy``), so the same mistake reads the
same wherever it is made. (Some cases are also shown, one entry point at a
time, next to the code they test: tests/test_network.py, test_train.py,
test_losses.py, test_layers.py.)
"""

import numpy as np
import pytest

from nnscratch import MLP, activations, dense, losses, optim
from nnscratch.gradcheck import relative_error
from nnscratch.train import accuracy, fit

N = 5
X_GOOD = np.random.default_rng(0).normal(size=(N, 3))
LABELS_GOOD = np.array([0, 1, 1, 0, 1])


def net_3_4_2(output="softmax"):
    return MLP([3, 4, 2], hidden="tanh", output=output)


INPUT_ENTRY_POINTS = {
    "forward": lambda net, X: net.forward(X),
    "predict": lambda net, X: net.predict(X),
    "gradients": lambda net, X: net.gradients(X, LABELS_GOOD),
    "loss": lambda net, X: net.loss(X, LABELS_GOOD),
    "fit": lambda net, X: fit(net, X, LABELS_GOOD, epochs=1),
    "accuracy": lambda net, X: accuracy(net, X, LABELS_GOOD),
}

TARGET_ENTRY_POINTS = {
    "gradients": lambda net, T: net.gradients(X_GOOD, T),
    "loss": lambda net, T: net.loss(X_GOOD, T),
    "fit": lambda net, T: fit(net, X_GOOD, T, epochs=1),
    "accuracy": lambda net, T: accuracy(net, X_GOOD, T),
}


def with_value(array, index, value):
    array = np.array(array, dtype=float)
    array[index] = value
    return array


BAD_INPUTS = {
    "wrong width": (
        np.zeros((N, 2)),
        (
            r"X of shape \(5, 2\) does not fit the network's 3 inputs: "
            r"X needs shape \(N, 3\), or \(3,\) for one example"
        ),
    ),
    "three dimensions": (
        np.zeros((N, 3, 1)),
        r"X of shape \(5, 3, 1\) does not fit the network's 3 inputs",
    ),
    "nan": (
        with_value(X_GOOD, (2, 1), np.nan),
        r"X must be finite, but X\[\(2, 1\)\] is nan \(X has shape \(5, 3\)\)",
    ),
    "inf": (
        with_value(X_GOOD, (4, 0), -np.inf),
        r"X must be finite, but X\[\(4, 0\)\] is -inf",
    ),
    "strings": ([["a", "b", "c"]] * N, "X must hold numbers, got dtype <U1"),
    "None": ([[1.0, None, 3.0]] * N, "X must hold numbers, got dtype object"),
    "complex": (X_GOOD + 1j, "X must hold real numbers, got dtype complex128"),
    "ragged": (
        [[1.0, 2.0, 3.0], [1.0, 2.0]],
        "X must be a rectangular array of numbers",
    ),
    "empty": (
        np.zeros((0, 3)),
        r"X is empty \(shape \(0, 3\)\): it needs at least one example",
    ),
    "empty list": ([], r"X is empty \(shape \(0,\)\): it needs at least one example"),
}


@pytest.mark.parametrize("entry", sorted(INPUT_ENTRY_POINTS))
@pytest.mark.parametrize("case", sorted(BAD_INPUTS))
def test_bad_inputs_X_are_named_at_every_entry_point(case, entry):
    X, message = BAD_INPUTS[case]
    net = net_3_4_2()
    with pytest.raises(ValueError, match=message):
        INPUT_ENTRY_POINTS[entry](net, X)


BAD_TARGETS = {
    # case: (output, T, message)
    "fewer rows than X": (
        "softmax",
        LABELS_GOOD[:4],
        r"X has 5 rows but T has 4 \(shape \(4,\)\): they need one target per example",
    ),
    "more rows than X": (
        "sigmoid",
        np.zeros((6, 2)),
        r"X has 5 rows but T has 6 \(shape \(6, 2\)\)",
    ),
    "wrong width": (
        "softmax",
        np.zeros((N, 3)),
        (
            r"T of shape \(5, 3\) does not fit the network's output: "
            r"T needs shape \(5, 2\) or integer labels of shape \(5,\) for 5 examples"
        ),
    ),
    "nan": (
        "identity",
        with_value(np.zeros((N, 2)), (1, 0), np.nan),
        r"T must be finite, but T\[\(1, 0\)\] is nan",
    ),
    "inf": (
        "sigmoid",
        with_value(np.zeros((N, 2)), (3, 1), np.inf),
        r"T must be finite, but T\[\(3, 1\)\] is inf",
    ),
    "label too large": (
        "softmax",
        np.array([0, 1, 2, 0, 1]),
        r"T must lie in \[0, 1\], but T\[2\] is 2",
    ),
    "negative label": (
        "softmax",
        np.array([0, 1, 1, -1, 1]),
        r"T must lie in \[0, 1\], but T\[3\] is -1",
    ),
    "non-integer labels": (
        "softmax",
        np.array([0, 1, 0.5, 0, 1]),
        r"T of shape \(5,\) must hold integer class labels, got dtype float64",
    ),
    "string labels": (
        "softmax",
        np.array(["a", "b", "a", "a", "b"]),
        r"T of shape \(5,\) must hold integer class labels, got dtype <U1",
    ),
    "row not one-hot": (
        "softmax",
        np.array([[1, 0], [0, 1], [1, 1], [0, 1], [1, 0]]),
        r"T must have one-hot rows \(one 1, the rest 0\), but row 2 is \[1. 1.\]",
    ),
    "soft one-hot row": (
        "softmax",
        np.array([[1, 0], [0.5, 0.5]] + [[1, 0]] * 3),
        r"one-hot rows .* row 1 is \[0.5 0.5\]",
    ),
    "sigmoid target above 1": (
        "sigmoid",
        with_value(np.zeros((N, 2)), (0, 1), 2.0),
        r"T must lie in \[0, 1\], but T\[\(0, 1\)\] is 2.0",
    ),
}


@pytest.mark.parametrize(
    "case, entry",
    [
        (case, entry)
        for case in sorted(BAD_TARGETS)
        for entry in sorted(TARGET_ENTRY_POINTS)
        # accuracy refuses an identity output before it looks at T
        if not (entry == "accuracy" and BAD_TARGETS[case][0] == "identity")
    ],
)
def test_bad_targets_T_are_named_at_every_entry_point(case, entry):
    output, T, message = BAD_TARGETS[case]
    with pytest.raises(ValueError, match=message):
        TARGET_ENTRY_POINTS[entry](net_3_4_2(output), T)


# --- parameters ------------------------------------------------------------------


@pytest.mark.parametrize(
    "name, value, message",
    [
        (
            "weights",
            [np.zeros((3, 4)), np.zeros((2, 4))],
            (
                r"weights\[1\] of shape \(2, 4\) does not fit sizes \[3, 4, 2\]: "
                r"it needs shape \(4, 2\)"
            ),
        ),
        (
            "weights",
            [np.zeros((4, 3)), np.zeros((4, 2))],
            (
                r"weights\[0\] of shape \(4, 3\) does not fit sizes \[3, 4, 2\]: "
                r"it needs shape \(3, 4\)"
            ),
        ),
        (
            "weights",
            [np.zeros((3, 4))],
            r"weights must be a list of 2 arrays for sizes \[3, 4, 2\], got 1",
        ),
        (
            "weights",
            [np.zeros((3, 4)), [["a", "b"]] * 4],
            r"weights\[1\] must hold numbers, got dtype <U1",
        ),
        (
            "biases",
            [np.zeros(4), np.zeros(3)],
            (
                r"biases\[1\] of shape \(3,\) does not fit sizes \[3, 4, 2\]: "
                r"it needs shape \(2,\)"
            ),
        ),
        (
            "biases",
            [np.full(4, np.inf), np.zeros(2)],
            r"biases\[0\] must be finite, but biases\[0\]\[0\] is inf",
        ),
    ],
)
def test_assigning_parameters_that_do_not_fit(name, value, message):
    net = net_3_4_2()
    with pytest.raises(ValueError, match=message):
        setattr(net, name, value)


# --- names -----------------------------------------------------------------------

ACTIVATION_NAMES = (
    "'identity', 'leaky_relu', 'relu', 'sigmoid', 'softplus', 'step', 'tanh'"
)


@pytest.mark.parametrize(
    "call, message",
    [
        (
            lambda: activations.get_activation("swish"),
            f"unknown activation 'swish'; valid names: {ACTIVATION_NAMES}$",
        ),
        (
            lambda: activations.get_activation(None),
            f"unknown activation None; valid names: {ACTIVATION_NAMES}$",
        ),
        (
            lambda: MLP([3, 2], hidden="swish"),
            f"unknown hidden activation 'swish'; valid names: {ACTIVATION_NAMES}$",
        ),
        (
            lambda: MLP([3, 2], output="tanh"),
            "unknown output 'tanh'; valid names: 'identity', 'sigmoid', 'softmax'$",
        ),
        (
            lambda: MLP([3, 2], output="Softmax"),
            "unknown output 'Softmax'; valid names: 'identity', 'sigmoid', 'softmax'$",
        ),
        (
            lambda: losses.get_loss("hinge"),
            (
                "unknown loss 'hinge'; valid names: "
                "'binary_cross_entropy', 'cross_entropy', 'mse', 'sse'$"
            ),
        ),
        (
            lambda: optim.get_optimizer("adagrad"),
            (
                "unknown optimizer 'adagrad'; valid names: "
                "'adam', 'momentum', 'rmsprop', 'sgd'$"
            ),
        ),
        (
            lambda: fit(net_3_4_2(), X_GOOD, LABELS_GOOD, epochs=1, optimizer="SGD"),
            (
                "unknown optimizer 'SGD'; valid names: "
                "'adam', 'momentum', 'rmsprop', 'sgd'$"
            ),
        ),
    ],
    ids=[
        "activation",
        "activation None",
        "hidden",
        "output",
        "output capitalised",
        "loss",
        "optimizer",
        "fit optimizer",
    ],
)
def test_unknown_names_list_the_valid_ones(call, message):
    with pytest.raises(ValueError, match=message):
        call()


def test_every_name_lookup_accepts_what_it_lists():
    for name in activations.ELEMENTWISE:
        assert activations.get_activation(name) == activations.ELEMENTWISE[name]
        MLP([3, 2], hidden=name)
    for name, (loss, grad) in losses.LOSSES.items():
        assert losses.get_loss(name) == (loss, grad)
        assert grad.__name__ == loss.__name__ + "_grad"
    for name, cls in optim.OPTIMIZERS.items():
        assert type(optim.get_optimizer(name)) is cls


# --- sizes, dtype and settings -------------------------------------------------------


@pytest.mark.parametrize(
    "sizes, message",
    [
        (
            [4],
            r"sizes must list at least two layer widths, like \[4, 6, 3\], got \[4\]",
        ),
        ([], r"sizes must list at least two layer widths, like \[4, 6, 3\], got \[\]"),
        (5, r"sizes must list at least two layer widths, like \[4, 6, 3\], got 5"),
        (
            "43",
            r"sizes must list at least two layer widths, like \[4, 6, 3\], got '43'",
        ),
        ([4, 0, 3], r"sizes\[1\] must be an integer >= 1, got 0"),
        ([4, -2], r"sizes\[1\] must be an integer >= 1, got -2"),
        ([4, 2.5, 3], r"sizes\[1\] must be an integer >= 1, got 2.5"),
        ([True, 3], r"sizes\[0\] must be an integer >= 1, got True"),
    ],
    ids=str,
)
def test_bad_sizes_say_what_is_allowed(sizes, message):
    with pytest.raises(ValueError, match=message):
        MLP(sizes)


@pytest.mark.parametrize("dtype", [np.int32, "foo", complex, "int"])
def test_a_dtype_that_is_not_a_float_dtype_is_refused(dtype):
    with pytest.raises(
        ValueError,
        match="dtype must be a float dtype such as np.float32 or np.float64, got",
    ):
        MLP([3, 2], dtype=dtype)


@pytest.mark.parametrize(
    "setting, value, message",
    [
        ("learning_rate", 0, "learning_rate must be a finite number > 0, got 0"),
        ("learning_rate", -0.1, r"learning_rate must be a finite number > 0, got -0.1"),
        ("learning_rate", np.inf, "learning_rate must be a finite number > 0, got inf"),
        (
            "learning_rate",
            "0.1",
            "learning_rate must be a finite number > 0, got '0.1'",
        ),
        ("epochs", 0, "epochs must be an integer >= 1, got 0"),
        ("epochs", -3, "epochs must be an integer >= 1, got -3"),
        ("epochs", 10.0, r"epochs must be an integer >= 1, got 10.0"),
        ("epochs", "10", "epochs must be an integer >= 1, got '10'"),
        ("epochs", None, "epochs must be an integer >= 1, got None"),
        ("batch_size", 0, "batch_size must be an integer >= 1 or None, got 0"),
        ("batch_size", -8, "batch_size must be an integer >= 1 or None, got -8"),
        ("batch_size", 2.5, r"batch_size must be an integer >= 1 or None, got 2.5"),
    ],
)
def test_fit_settings_out_of_range_say_the_allowed_range(setting, value, message):
    arguments = {"epochs": 1, setting: value}
    with pytest.raises(ValueError, match=message):
        fit(net_3_4_2(), X_GOOD, LABELS_GOOD, **arguments)


def test_fit_accepts_numpy_integers_for_epochs_and_batch_size():
    history = fit(
        net_3_4_2(), X_GOOD, LABELS_GOOD, epochs=np.int64(2), batch_size=np.int32(2)
    )
    assert len(history["loss"]) == 2


@pytest.mark.parametrize(
    "make, message",
    [
        (
            lambda: optim.SGD(learning_rate=0),
            "learning_rate must be a finite number > 0, got 0",
        ),
        (
            lambda: optim.Momentum(learning_rate=-1),
            "learning_rate must be a finite number > 0, got -1",
        ),
        (
            lambda: optim.Momentum(momentum=1.0),
            r"momentum must lie in \[0, 1\), got 1.0",
        ),
        (
            lambda: optim.Momentum(momentum=-0.5),
            r"momentum must lie in \[0, 1\), got -0.5",
        ),
        (
            lambda: optim.Momentum(momentum="0.9"),
            r"momentum must lie in \[0, 1\), got '0.9'",
        ),
        (lambda: optim.Adam(beta1=1), r"beta1 must lie in \[0, 1\), got 1"),
        (lambda: optim.Adam(beta2=np.nan), r"beta2 must lie in \[0, 1\), got nan"),
        (lambda: optim.Adam(epsilon=0), "epsilon must be a finite number > 0, got 0"),
        (
            lambda: optim.get_optimizer("adam", learning_rate=0),
            "learning_rate must be a finite number > 0, got 0",
        ),
    ],
    ids=[
        "sgd rate",
        "momentum rate",
        "momentum 1",
        "momentum negative",
        "momentum string",
        "beta1",
        "beta2",
        "epsilon",
        "by name",
    ],
)
def test_optimizer_settings_out_of_range_say_the_allowed_range(make, message):
    with pytest.raises(ValueError, match=message):
        make()


# --- losses, activations, dense, gradcheck -------------------------------------------


@pytest.mark.parametrize("name", sorted(losses.LOSSES))
def test_losses_refuse_an_empty_prediction(name):
    loss, grad = losses.get_loss(name)
    for f in (loss, grad):
        with pytest.raises(
            ValueError,
            match=r"y is empty \(shape \(0, 2\)\): it needs at least one entry",
        ):
            f(np.zeros((0, 2)), np.zeros((0, 2)))


@pytest.mark.parametrize("name", sorted(losses.LOSSES))
def test_losses_refuse_non_numeric_predictions(name):
    loss, _ = losses.get_loss(name)
    with pytest.raises(ValueError, match="y must hold numbers, got dtype <U3"):
        loss(np.array(["0.5", "0.5"]), np.array([0.0, 1.0]))


@pytest.mark.parametrize("name", sorted(activations.ELEMENTWISE) + ["softmax"])
@pytest.mark.parametrize(
    "x, dtype", [("1.0", "<U3"), ([1.0, None], "object"), (1 + 2j, "complex128")]
)
def test_activations_refuse_what_is_not_real_numbers(name, x, dtype):
    f = getattr(activations, name)
    grad = getattr(activations, name + "_grad")
    for g in (f, grad):
        with pytest.raises(
            ValueError, match=f"x must hold (real )?numbers, got dtype {dtype}"
        ):
            g(x)


@pytest.mark.parametrize(
    "x", [np.float64(1.0), np.zeros((3, 0))], ids=["0-D", "empty rows"]
)
def test_softmax_needs_at_least_one_score_per_row(x):
    for f in (activations.softmax, activations.softmax_grad):
        with pytest.raises(
            ValueError,
            match=r"x must have shape \(K,\) or \(N, K\) with K >= 1, got shape",
        ):
            f(x)


@pytest.mark.parametrize(
    "x, W, b, message",
    [
        (
            np.ones((4, 3)),
            np.ones((2, 5)),
            None,
            (
                r"x of shape \(4, 3\) does not fit W of shape \(2, 5\): "
                r"x needs shape \(2,\) or \(N, 2\)"
            ),
        ),
        (
            np.ones((2, 2, 2)),
            np.ones((2, 5)),
            None,
            r"x of shape \(2, 2, 2\) does not fit W of shape \(2, 5\)",
        ),
        (
            np.ones(2),
            np.ones(2),
            None,
            r"W must have shape \(n_in, n_out\), got shape \(2,\)",
        ),
        (
            np.ones(2),
            np.ones((2, 5)),
            np.ones(3),
            r"b of shape \(3,\) does not fit W of shape \(2, 5\): b needs shape \(5,\)",
        ),
        (["a", "b"], np.ones((2, 5)), None, "x must hold numbers, got dtype <U1"),
        (np.ones(2), [[1, None]] * 2, None, "W must hold numbers, got dtype object"),
        (np.ones(2), np.ones((2, 1)), ["0"], "b must hold numbers, got dtype <U1"),
    ],
    ids=["width", "3-D x", "1-D W", "b", "string x", "None in W", "string b"],
)
def test_dense_shape_and_type_errors_name_both_shapes(x, W, b, message):
    with pytest.raises(ValueError, match=message):
        dense(x, W, b)


def test_relative_error_refuses_non_numbers():
    with pytest.raises(ValueError, match="b must hold numbers, got dtype <U1"):
        relative_error([1.0], ["x"])
