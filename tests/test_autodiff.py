"""nnscratch.autodiff: every operation against central finite differences.

Each check builds a scalar from random float64 tensors, backpropagates, and
compares every input's ``.grad`` with ``numerical_gradient`` of the same
expression (relative error below 1e-7). Then the bugs small engines are
known for, each with its own test, accumulation, dtypes and the errors.
"""

import numpy as np
import pytest

from nnscratch.autodiff import Tensor
from nnscratch.gradcheck import numerical_gradient, relative_error

TOLERANCE = 1e-7


def rng(seed=0):
    return np.random.default_rng(seed)


def check_gradients(f, *arrays):
    """Assert that backward() through ``f`` gives the finite-difference gradients.

    ``f`` takes tensors and returns a tensor; the scalar differentiated is
    ``(f(...) * R).sum()`` with fixed random weights ``R``, so that every
    entry of the result counts, each with its own weight.
    """
    arrays = [np.array(a, dtype=np.float64) for a in arrays]
    weights = {}

    def scalar(*tensors):
        out = f(*tensors)
        if "R" not in weights:
            weights["R"] = rng(99).normal(size=out.shape)
        return (out * weights["R"]).sum()

    tensors = [Tensor(a) for a in arrays]
    scalar(*tensors).backward()
    for i, (tensor, array) in enumerate(zip(tensors, arrays)):

        def value(x, i=i):
            inputs = [Tensor(x) if j == i else Tensor(a) for j, a in enumerate(arrays)]
            return scalar(*inputs).data

        expected = numerical_gradient(value, array.copy())
        assert tensor.grad.shape == array.shape
        error = relative_error(tensor.grad, expected)
        assert error < TOLERANCE, f"input {i}: relative error {error:.2e}"


# --- every operation, on random shapes ----------------------------------------

SHAPES = [(), (3,), (2, 3), (4, 1, 3)]

UNARY = {
    "neg": lambda x: -x,
    "exp": lambda x: x.exp(),
    "log": lambda x: x.log(),
    "tanh": lambda x: x.tanh(),
    "relu": lambda x: x.relu(),
    "sigmoid": lambda x: x.sigmoid(),
    "square": lambda x: x**2,
    "cube": lambda x: x**3,
    "sqrt": lambda x: x**0.5,
    "inverse": lambda x: x**-1,
    "sum": lambda x: x.sum(),
    "mean": lambda x: x.mean(),
    "sum last axis": lambda x: x.sum(axis=-1),
    "mean first axis keepdims": lambda x: x.mean(axis=0, keepdims=True),
    "reshape": lambda x: x.reshape(-1),
    "T": lambda x: x.T,
}

POSITIVE = {"log", "sqrt", "inverse"}
NEEDS_AXES = {"sum last axis", "mean first axis keepdims"}


def random_input(name, shape, seed):
    x = rng(seed).normal(size=shape)
    if name in POSITIVE:
        return np.abs(x) + 0.5
    if name == "relu":  # keep away from the kink at 0, where no derivative exists
        return np.where(np.abs(x) < 0.1, 0.5, x)
    return x


@pytest.mark.parametrize("shape", SHAPES, ids=str)
@pytest.mark.parametrize("name", sorted(UNARY))
def test_unary_operations_match_finite_differences(name, shape):
    if name in NEEDS_AXES and shape == ():
        pytest.skip("a 0-d tensor has no axis")
    check_gradients(UNARY[name], random_input(name, shape, seed=len(shape)))


BINARY = {
    "+": lambda a, b: a + b,
    "-": lambda a, b: a - b,
    "*": lambda a, b: a * b,
    "/": lambda a, b: a / b,
}

# pairs of shapes that broadcast against each other
BROADCAST_PAIRS = [
    ((2, 3), (2, 3)),
    ((2, 3), (3,)),
    ((3,), (2, 3)),
    ((2, 1), (1, 3)),
    ((4, 2, 3), (2, 1)),
    ((), (2, 3)),
    ((2, 3), ()),
]


@pytest.mark.parametrize("shapes", BROADCAST_PAIRS, ids=str)
@pytest.mark.parametrize("op", sorted(BINARY))
def test_binary_operations_broadcast_and_match_finite_differences(op, shapes):
    a = rng(1).normal(size=shapes[0])
    b = rng(2).normal(size=shapes[1])
    if op == "/":
        b = np.sign(b) * (np.abs(b) + 0.5)  # away from 0
    check_gradients(BINARY[op], a, b)


MATMUL_SHAPES = [
    ((2, 3), (3, 4)),
    ((3,), (3, 4)),
    ((2, 3), (3,)),
    ((3,), (3,)),
    ((1, 5), (5, 1)),
]


@pytest.mark.parametrize("shapes", MATMUL_SHAPES, ids=str)
def test_matmul_of_vectors_and_matrices_matches_finite_differences(shapes):
    check_gradients(
        lambda a, b: a @ b, rng(3).normal(size=shapes[0]), rng(4).normal(size=shapes[1])
    )


@pytest.mark.parametrize("seed", range(5))
def test_random_expressions_of_random_shapes(seed):
    r = rng(seed)
    n, k, m = r.integers(1, 6, size=3)
    X, W, b = r.normal(size=(n, k)), r.normal(size=(k, m)), r.normal(size=m)

    def network(X, W, b):
        z = X @ W + b
        return (z.tanh() * z.sigmoid() + (z * 0.3).exp() / (1 + z**2)).mean(axis=0)

    check_gradients(network, X, W, b)


def test_numbers_and_arrays_on_either_side():
    A = rng(5).normal(size=(2, 3))
    C = rng(6).normal(size=(2, 3))
    M = rng(7).normal(size=(4, 2))

    def mixed(a):
        return (
            (2 - a) * 3
            + C / (a**2 + 1)
            - a / 4
            + 1 / (a**2 + 2)
            + M.T @ (M @ a) * 0.1
            + C * a
        )

    check_gradients(lambda a: mixed(a).sum(axis=0), A)


def test_softmax_and_cross_entropy_from_exp_log_sum_give_y_minus_t():
    z = Tensor(rng(8).normal(size=(5, 4)))
    T = np.eye(4)[[0, 3, 1, 1, 2]]
    e = z.exp()
    y = e / e.sum(axis=1, keepdims=True)
    loss = -(y.log() * T).sum() / 5
    loss.backward()
    np.testing.assert_allclose(z.grad, (y.data - T) / 5, rtol=1e-12, atol=1e-15)


# --- the bugs small engines are known for ----------------------------------------


def test_a_node_used_twice_gets_the_sum_of_both_paths():
    x = Tensor([1.5, -2.0])
    y = x.exp()
    z = (y * 3 + y.tanh()).sum()  # y feeds two operations
    z.backward()
    expected = np.exp(x.data) * (3 + 1 - np.tanh(np.exp(x.data)) ** 2)
    np.testing.assert_allclose(x.grad, expected, rtol=1e-14)


def test_x_times_x_counts_both_operands():
    x = Tensor([3.0, -1.0])
    (x * x).sum().backward()
    np.testing.assert_array_equal(x.grad, [6.0, -2.0])


def test_x_minus_x_has_zero_gradient():
    x = Tensor([[3.0, -1.0]])
    (x - x).sum().backward()
    np.testing.assert_array_equal(x.grad, [[0.0, 0.0]])


def test_x_plus_x_and_x_over_x():
    x = Tensor([2.0, 5.0])
    (x + x).sum().backward()
    np.testing.assert_array_equal(x.grad, [2.0, 2.0])
    x.zero_grad()
    (x / x).sum().backward()
    np.testing.assert_allclose(x.grad, [0.0, 0.0], atol=1e-16)


def test_a_subgraph_shared_by_two_outputs_is_not_counted_twice():
    x = Tensor([0.3, -0.7])
    h = (x * 2).tanh()  # shared by both outputs
    first = (h * 5).sum()
    second = (h**2).sum()
    first.backward()
    second.backward()
    d_h = 5 + 2 * h.data
    expected = d_h * 2 * (1 - h.data**2)
    np.testing.assert_allclose(x.grad, expected, rtol=1e-14)
    # and the shared node holds the sum of what each output sent it
    np.testing.assert_allclose(h.grad, d_h, rtol=1e-14)


def test_backward_twice_on_one_graph_doubles_every_gradient_exactly():
    x = Tensor([1.0, 2.0])
    loss = ((x * 3).exp()).sum()
    loss.backward()
    once = x.grad.copy()
    loss.backward()
    np.testing.assert_allclose(x.grad, 2 * once, rtol=1e-15)


def test_a_bias_broadcast_over_a_batch_gets_the_sum_over_the_batch():
    X = rng(9).normal(size=(6, 3))
    W = Tensor(rng(10).normal(size=(3, 2)))
    b = Tensor(np.zeros(2))
    z = X @ W + b
    z.sum().backward()
    np.testing.assert_array_equal(b.grad, [6.0, 6.0])
    assert b.grad.shape == (2,)
    np.testing.assert_allclose(W.grad, X.sum(axis=0)[:, None] * np.ones((1, 2)))


def test_a_bias_of_shape_1_by_n_keeps_its_shape():
    b = Tensor(np.zeros((1, 2)))
    (Tensor(np.ones((4, 2))) * 3 + b).sum().backward()
    np.testing.assert_array_equal(b.grad, [[4.0, 4.0]])


def test_a_chain_of_10000_nodes_has_no_recursion_limit():
    x = Tensor(1.0)
    y = x
    for _ in range(10_000):
        y = y * 1.0001
    y.backward()
    assert x.grad == pytest.approx(1.0001**10_000, rel=1e-9)


def test_a_wide_and_deep_graph_visits_each_node_once():
    x = Tensor([0.5])
    y = x
    for _ in range(2_000):
        y = y + y * 0  # two paths per step: without memoisation, 2**2000 visits
    y.sum().backward()
    np.testing.assert_array_equal(x.grad, [1.0])


# --- accumulation, zero_grad, dtypes, repr -------------------------------------


def test_gradients_accumulate_until_zero_grad():
    w = Tensor([1.0, -2.0])
    for step in range(1, 4):
        (w * 2).sum().backward()
        np.testing.assert_array_equal(w.grad, [2.0 * step, 2.0 * step])
    loss = (w * 2).sum()
    loss.zero_grad()
    np.testing.assert_array_equal(w.grad, [0.0, 0.0])
    loss.backward()
    np.testing.assert_array_equal(w.grad, [2.0, 2.0])


def test_a_training_step_with_data_updated_in_place():
    w = Tensor([4.0])
    for _ in range(200):
        loss = ((w - 1) ** 2).sum()
        loss.zero_grad()
        loss.backward()
        w.data -= 0.1 * w.grad
    np.testing.assert_allclose(w.data, [1.0], atol=1e-12)


def test_float64_by_default_and_float32_when_given_float32():
    assert Tensor([1, 2]).dtype == np.float64
    assert Tensor(np.array([1, 2], dtype=np.float16)).dtype == np.float64
    x = Tensor(np.ones((2, 3), dtype=np.float32))
    y = ((x * 2.5 + 1) / 3 - np.ones((2, 3), dtype=np.int64)) @ np.ones(
        3, dtype=np.float32
    )
    z = y.exp().log().tanh().sigmoid().relu().mean()
    assert x.dtype == y.dtype == z.dtype == np.float32
    z.backward()
    assert x.grad.dtype == np.float32
    assert (Tensor(np.ones(2, dtype=np.float32)) + np.ones(2)).dtype == np.float64


def test_data_is_copied():
    array = np.ones(3)
    x = Tensor(array)
    array[0] = 5.0
    assert x.data[0] == 1.0


def test_shape_and_repr():
    x = Tensor([[1.0, 2.0, 3.0]])
    assert x.shape == (1, 3)
    assert x.T.shape == (3, 1)
    assert repr(x) == "Tensor([[1., 2., 3.]])"
    assert repr(x.sum()) == "Tensor(6., op='sum')"
    assert repr(Tensor(np.zeros((30, 2), dtype=np.float32)) @ np.ones((2, 1))) == (
        "Tensor(shape=(30, 1), op='@')"
    )
    assert (
        repr(Tensor(np.zeros(2, dtype=np.float32))) == "Tensor([0., 0.], dtype=float32)"
    )


def test_reshape_forms():
    x = Tensor(np.arange(6.0))
    assert (
        x.reshape(2, 3).shape
        == x.reshape((2, 3)).shape
        == x.reshape([2, -1]).shape
        == (2, 3)
    )
    check_gradients(lambda a: a.reshape(3, 2) @ np.ones((2, 2)), np.arange(6.0))


# --- clear errors ----------------------------------------------------------------


def test_backward_of_a_tensor_with_more_than_one_element_is_refused():
    with pytest.raises(
        ValueError,
        match=(
            r"backward\(\) needs a tensor with one element.*shape \(2, 3\)"
            r".*\.sum\(\) or \.mean\(\)"
        ),
    ):
        Tensor(np.ones((2, 3))).backward()


def test_a_one_element_tensor_of_any_shape_can_backpropagate():
    x = Tensor(np.array([[2.0]]))
    (x * 3).backward()
    np.testing.assert_array_equal(x.grad, [[3.0]])


BAD_DATA = {
    "strings": (["a", "b"], "data must hold numbers, got dtype <U1"),
    "None": ([1.0, None], "data must hold numbers, got dtype object"),
    "complex": ([1j], "data must hold real numbers, got dtype complex128"),
    "ragged": ([[1.0], [1.0, 2.0]], "data must be a rectangular array of numbers"),
    "nan": ([1.0, np.nan], r"data must be finite, but data\[1\] is nan"),
    "tensor": (Tensor([1.0]), r"data is already a Tensor; pass data\.data"),
}


@pytest.mark.parametrize("case", sorted(BAD_DATA))
def test_bad_data_is_named(case):
    data, message = BAD_DATA[case]
    with pytest.raises(ValueError, match=message):
        Tensor(data)


BAD_OPERANDS = {
    "string": (
        lambda x: x + "a",
        "the operand of \\+ must hold numbers, got dtype <U1",
    ),
    "None on the left": (
        lambda x: None * x,
        r"the operand of \* must hold numbers, got dtype object",
    ),
    "inf": (lambda x: x - np.inf, r"the operand of - must be finite"),
    "shapes that do not broadcast": (
        lambda x: x * np.ones(4),
        r"\* needs shapes that broadcast, got \(2, 3\) and \(4,\)",
    ),
    "matmul mismatch": (
        lambda x: x @ np.ones((2, 2)),
        r"a @ b with a of shape \(2, 3\) and b of shape \(2, 2\): a's last axis \(3\) "
        r"must have the length of b's first \(2\)",
    ),
    "matmul of a 3-D array": (
        lambda x: x @ np.ones((3, 2, 2)),
        "@ needs vectors or matrices",
    ),
    "tensor exponent": (
        lambda x: x ** Tensor(2.0),
        "the exponent of \\*\\* must be a number",
    ),
    "nan exponent": (
        lambda x: x ** float("nan"),
        "the exponent of \\*\\* must be a finite real number",
    ),
    "log of 0": (
        lambda x: (x * 0).log(),
        r"log needs positive entries, but x\[\(0, 0\)\] is 0\.0",
    ),
    "reshape": (lambda x: x.reshape(4), r"cannot reshape a tensor of shape \(2, 3\)"),
    "axis": (lambda x: x.sum(axis=2), "axis 2 is out of bounds"),
    "mean of nothing": (
        lambda x: Tensor(np.ones((0, 3))).mean(axis=0),
        "mean over no entries",
    ),
}


@pytest.mark.parametrize("case", sorted(BAD_OPERANDS))
def test_bad_operands_are_named(case):
    operation, message = BAD_OPERANDS[case]
    with pytest.raises(ValueError, match=message):
        operation(Tensor(np.ones((2, 3))))


FLOATING_POINT = {
    "exp overflow": (
        lambda x: (x * 1000).exp(),
        "Tensor.exp: overflow encountered in exp",
    ),
    "divide by 0": (lambda x: x / (x * 0), "Tensor.__truediv__: divide by zero"),
    "sqrt of a negative": (lambda x: (-x) ** 0.5, "Tensor.__pow__: invalid value"),
    "product overflow": (lambda x: (x * 1e200) * 1e200, "Tensor.__mul__: overflow"),
}


@pytest.mark.parametrize("case", sorted(FLOATING_POINT))
def test_overflow_and_bad_domains_raise_instead_of_warning(case):
    operation, message = FLOATING_POINT[case]
    with pytest.raises(FloatingPointError, match=message):
        operation(Tensor(np.ones((2, 3))))


def test_a_gradient_that_overflows_raises_in_backward():
    x = Tensor([1e-300])
    y = x.log() * 1e10  # a finite value, but its gradient is 1e310
    with pytest.raises(FloatingPointError, match="Tensor.backward: overflow"):
        y.sum().backward()


def test_no_warning_for_values_that_underflow():
    x = Tensor([-800.0, 800.0])
    y = (-(x**2)).exp().sum() + x.sigmoid().sum()
    y.backward()
    assert np.isfinite(x.grad).all()


# --- against PyTorch, when it is installed (never needed by the tests) -----------


def test_same_gradients_as_pytorch():
    torch = pytest.importorskip("torch")
    r = rng(11)
    X, W1, b1 = r.normal(size=(5, 4)), r.normal(size=(4, 3)), r.normal(size=3)
    W2 = r.normal(size=(3, 2))

    def expression(X, W1, b1, W2, log, exp):
        z = (X @ W1 + b1).tanh()
        a = z.sigmoid() * z.relu() + z**2 / 3
        e = exp(a @ W2)
        return log(e / e.sum(1, keepdims=True)).mean() * -1

    ours = [Tensor(v) for v in (X, W1, b1, W2)]
    expression(*ours, log=Tensor.log, exp=Tensor.exp).backward()
    theirs = [
        torch.tensor(v, dtype=torch.float64, requires_grad=True)
        for v in (X, W1, b1, W2)
    ]
    expression(*theirs, log=torch.log, exp=torch.exp).backward()
    for mine, reference in zip(ours, theirs):
        np.testing.assert_allclose(
            mine.grad, reference.grad.numpy(), rtol=1e-12, atol=1e-14
        )
