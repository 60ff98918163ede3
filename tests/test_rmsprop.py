"""nnscratch.optim.RMSProp."""

import numpy as np
import pytest

from nnscratch import optim


def test_rmsprop_steps_match_the_formula():
    rng = np.random.default_rng(0)
    p = rng.normal(size=(3, 2))
    grads = [rng.normal(size=(3, 2)) for _ in range(3)]
    expected, v = p.copy(), np.zeros_like(p)
    opt = optim.RMSProp(learning_rate=0.01, rho=0.8, epsilon=1e-6)
    for g in grads:
        v = 0.8 * v + 0.2 * g**2
        expected = expected - 0.01 * g / (np.sqrt(v) + 1e-6)
        opt.step([p], [g])
    np.testing.assert_allclose(p, expected, rtol=1e-13)


def test_first_step_moves_each_parameter_by_about_lr_over_sqrt_one_minus_rho():
    p = np.zeros(3)
    optim.RMSProp(learning_rate=0.1, rho=0.9).step([p], [np.array([1e-3, 1.0, -50.0])])
    np.testing.assert_allclose(p, -0.1 / np.sqrt(0.1) * np.array([1, 1, -1]), rtol=1e-4)


def test_rmsprop_by_name_defaults_repr_and_dtype():
    opt = optim.get_optimizer("rmsprop", learning_rate=0.002, rho=0.95)
    assert isinstance(opt, optim.RMSProp) and opt.rho == 0.95
    assert (
        repr(optim.RMSProp()) == "RMSProp(learning_rate=0.001, rho=0.9, epsilon=1e-08)"
    )
    p = np.ones(4, dtype=np.float32)
    optim.RMSProp().step([p], [np.ones(4, dtype=np.float32)])
    assert p.dtype == np.float32
    assert "rmsprop" in optim.OPTIMIZERS


def test_rmsprop_minimises_a_badly_scaled_quadratic():
    scales = np.array([100.0, 0.01])
    p = np.array([1.0, 1.0])
    opt = optim.RMSProp(learning_rate=0.01)
    for _ in range(500):
        opt.step([p], [scales * p])
    assert np.all(np.abs(p) < 0.05)


@pytest.mark.parametrize(
    "kwargs, message",
    [
        ({"rho": 1.0}, r"rho must lie in \[0, 1\)"),
        ({"epsilon": 0}, "epsilon must be a finite number > 0"),
        ({"learning_rate": -1}, "learning_rate must be a finite number > 0"),
    ],
)
def test_bad_settings_are_refused(kwargs, message):
    with pytest.raises(ValueError, match=message):
        optim.RMSProp(**kwargs)
