"""Optimizers: rules that turn gradients into parameter updates.

Each optimizer updates a list of parameter arrays **in place**, following the
book's one sign convention ``W -= learning_rate * step_direction``, so a
network's ``weights`` and ``biases`` change without being reassigned::

    optimizer = get_optimizer("adam", learning_rate=0.001)
    loss, dW, db = net.gradients(X, T)
    optimizer.step(net.weights + net.biases, dW + db)

The optimizer keeps its state (velocities, moment estimates) per position in
that list, so pass the parameters in the same order at every step. All
updates stay in the dtype of the parameters (float32 stays float32).
"""

import numpy as np

from nnscratch import _checks


class Optimizer:
    """Base class: checks the arguments of :meth:`step` and counts the steps.

    Parameters
    ----------
    learning_rate : float
        The step size, > 0.

    Raises
    ------
    ValueError
        If ``learning_rate`` is not a finite number > 0.
    """

    def __init__(self, learning_rate):
        self.learning_rate = _checks.positive_float(
            learning_rate, "learning_rate"
        )
        self.steps = 0
        self._scratch = {}

    def step(self, params, grads):
        """Update every array of ``params`` in place from ``grads``.

        Parameters
        ----------
        params : list of ndarray
            The parameters (float arrays), changed in place.
        grads : list of ndarray
            One gradient per parameter, same shapes.

        Raises
        ------
        ValueError
            If the lists differ in length or a gradient's shape differs from
            its parameter's.
        """
        if len(params) != len(grads):
            raise ValueError(
                f"params has {len(params)} arrays but grads has {len(grads)}: "
                "pass one gradient per parameter"
            )
        for i, (p, g) in enumerate(zip(params, grads)):
            if np.shape(p) != np.shape(g):
                raise ValueError(
                    f"grads[{i}] of shape {np.shape(g)} does not match "
                    f"params[{i}] of shape {np.shape(p)}"
                )
        self.steps += 1
        self._update(params, grads)

    def _update(self, params, grads):
        raise NotImplementedError

    def _buffers(self, params, name="step"):
        """One scratch array per parameter, reused at every step.

        An update written as ``p -= learning_rate * g`` allocates a temporary
        as large as ``p`` at every step; computing into these instead
        allocates nothing and leaves the caller's gradients untouched.
        """
        buffers = self._scratch.get(name)
        if buffers is None or any(
            b.shape != p.shape or b.dtype != p.dtype
            for b, p in zip(buffers, params)
        ):
            buffers = self._scratch[name] = [np.empty_like(p) for p in params]
        return buffers

    def __repr__(self):
        return f"{type(self).__name__}(learning_rate={self.learning_rate})"


class SGD(Optimizer):
    """Plain gradient descent: ``p -= learning_rate * g``.

    Parameters
    ----------
    learning_rate : float, default 0.1

    Raises
    ------
    ValueError
        If ``learning_rate`` is not a finite number > 0.
    """

    def __init__(self, learning_rate=0.1):
        super().__init__(learning_rate)

    def _update(self, params, grads):
        for p, g, step in zip(params, grads, self._buffers(params)):
            np.multiply(g, self.learning_rate, out=step)
            p -= step


class Momentum(Optimizer):
    """Gradient descent with momentum: ``v = momentum * v + g``, ``p -= learning_rate *
    v``.

    The velocity ``v`` starts at 0 and accumulates past gradients, so steady
    slopes speed up and oscillating ones cancel (the form PyTorch uses).

    Parameters
    ----------
    learning_rate : float, default 0.1
    momentum : float, default 0.9
        In [0, 1); 0 gives plain :class:`SGD`.

    Raises
    ------
    ValueError
        If ``learning_rate`` is not a finite number > 0 or ``momentum`` is
        outside [0, 1).
    """

    def __init__(self, learning_rate=0.1, momentum=0.9):
        super().__init__(learning_rate)
        self.momentum = _checks.fraction(momentum, "momentum")
        self.velocities = None

    def _update(self, params, grads):
        if self.velocities is None:
            self.velocities = [np.zeros_like(p) for p in params]
        steps = self._buffers(params)
        for p, g, v, step in zip(params, grads, self.velocities, steps):
            v *= self.momentum
            v += g
            np.multiply(v, self.learning_rate, out=step)
            p -= step

    def __repr__(self):
        return f"Momentum(learning_rate={self.learning_rate}, momentum={self.momentum})"


class Adam(Optimizer):
    """Adam: steps scaled by running estimates of the gradient's mean and size.

    With ``m = beta1 m + (1 - beta1) g`` and ``v = beta2 v + (1 - beta2) g**2``
    (both starting at 0) and their bias corrections ``m_hat = m / (1 - beta1**k)``,
    ``v_hat = v / (1 - beta2**k)`` at step ``k``, the update is
    ``p -= learning_rate * m_hat / (sqrt(v_hat) + epsilon)``. A parameter
    typically moves by about ``learning_rate`` or less, whatever the scale of
    its gradient; a gradient spike after a quiet stretch moves it further, up
    to about ``learning_rate * (1 - beta1) / sqrt(1 - beta2)`` (Kingma and Ba,
    2015), 3.2 times the learning rate for the default betas. So Adam wants a
    smaller learning rate than SGD (0.001 is the usual default).

    Parameters
    ----------
    learning_rate : float, default 0.001
    beta1 : float, default 0.9
    beta2 : float, default 0.999
    epsilon : float, default 1e-8

    Raises
    ------
    ValueError
        If ``learning_rate`` or ``epsilon`` is not a finite number > 0, or
        ``beta1`` or ``beta2`` is outside [0, 1).
    """

    def __init__(
        self, learning_rate=0.001, beta1=0.9, beta2=0.999, epsilon=1e-8
    ):
        super().__init__(learning_rate)
        self.beta1 = _checks.fraction(beta1, "beta1")
        self.beta2 = _checks.fraction(beta2, "beta2")
        self.epsilon = _checks.positive_float(epsilon, "epsilon")
        self.means = None
        self.squares = None

    def _update(self, params, grads):
        if self.means is None:
            self.means = [np.zeros_like(p) for p in params]
            self.squares = [np.zeros_like(p) for p in params]
        correction1 = 1 - self.beta1**self.steps
        correction2 = 1 - self.beta2**self.steps
        # the same operations in the same order as
        # p -= learning_rate * (m / correction1)
        #      / (sqrt(v / correction2) + epsilon)
        scratch = zip(
            self._buffers(params), self._buffers(params, "denominator")
        )
        for p, g, m, v, (step, denominator) in zip(
            params, grads, self.means, self.squares, scratch
        ):
            m *= self.beta1
            np.multiply(g, 1 - self.beta1, out=step)
            m += step
            v *= self.beta2
            np.multiply(g, g, out=step)
            step *= 1 - self.beta2
            v += step
            np.divide(v, correction2, out=denominator)
            np.sqrt(denominator, out=denominator)
            denominator += self.epsilon
            np.divide(m, correction1, out=step)
            step *= self.learning_rate
            step /= denominator
            p -= step

    def __repr__(self):
        return (
            f"Adam(learning_rate={self.learning_rate}, beta1={self.beta1}, "
            f"beta2={self.beta2}, epsilon={self.epsilon})"
        )


OPTIMIZERS = {"sgd": SGD, "momentum": Momentum, "adam": Adam}
"""Every optimizer class by name."""


def get_optimizer(name, learning_rate=None, **options):
    """Build an optimizer by name.

    Parameters
    ----------
    name : str
        One of the keys of :data:`OPTIMIZERS`: ``"sgd"``, ``"momentum"``,
        ``"adam"``, ``"rmsprop"``.
    learning_rate : float, optional
        The step size, > 0. Omitted: the class's own default (0.1 for
        :class:`SGD` and :class:`Momentum`, 0.001 for :class:`Adam` and
        :class:`RMSProp`), the
        same as ``OPTIMIZERS[name]()`` gives.
    **options
        Further settings of that optimizer (``momentum`` for
        :class:`Momentum`; ``beta1``, ``beta2``, ``epsilon`` for :class:`Adam`).

    Returns
    -------
    Optimizer

    Raises
    ------
    ValueError
        If ``name`` is unknown (the message lists the valid names) or a
        setting is out of range.
    """
    _checks.choice(name, "optimizer", OPTIMIZERS)
    if learning_rate is not None:
        options["learning_rate"] = learning_rate
    return OPTIMIZERS[name](**options)


class RMSProp(Optimizer):
    """RMSProp: steps divided by a running root mean square of the gradient.

    With ``v = rho v + (1 - rho) g**2`` (starting at 0), the update is
    ``p -= learning_rate * g / (sqrt(v) + epsilon)``: Adam without its
    running mean of ``g`` and without bias correction. A parameter whose
    gradients are large takes smaller steps, one with small gradients larger
    ones.

    Parameters
    ----------
    learning_rate : float, default 0.001
    rho : float, default 0.9
        The decay of the running average, in [0, 1).
    epsilon : float, default 1e-8

    Raises
    ------
    ValueError
        If ``learning_rate`` or ``epsilon`` is not a finite number > 0, or
        ``rho`` is outside [0, 1).
    """

    def __init__(self, learning_rate=0.001, rho=0.9, epsilon=1e-8):
        super().__init__(learning_rate)
        self.rho = _checks.fraction(rho, "rho")
        self.epsilon = _checks.positive_float(epsilon, "epsilon")
        self.squares = None

    def _update(self, params, grads):
        if self.squares is None:
            self.squares = [np.zeros_like(p) for p in params]
        # the same operations in the same order as
        # p -= learning_rate * g / (sqrt(v) + epsilon)
        scratch = zip(
            self._buffers(params), self._buffers(params, "denominator")
        )
        for p, g, v, (step, denominator) in zip(
            params, grads, self.squares, scratch
        ):
            v *= self.rho
            np.multiply(g, g, out=step)
            step *= 1 - self.rho
            v += step
            np.sqrt(v, out=denominator)
            denominator += self.epsilon
            np.multiply(g, self.learning_rate, out=step)
            step /= denominator
            p -= step

    def __repr__(self):
        return (
            f"RMSProp(learning_rate={self.learning_rate}, rho={self.rho}, "
            f"epsilon={self.epsilon})"
        )


OPTIMIZERS["rmsprop"] = RMSProp
