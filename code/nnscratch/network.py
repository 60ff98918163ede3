"""A multilayer perceptron with backpropagation.

:class:`MLP` stacks dense layers (``z = a @ W + b``, rows are examples, ``W``
of shape ``(n_in, n_out)``), applies one elementwise activation after every
hidden layer and an output activation after the last one. The output fixes the
loss that :meth:`MLP.gradients` differentiates:

* ``"softmax"``, one class out of K:
  :func:`~nnscratch.losses.cross_entropy`;
* ``"sigmoid"``, a yes/no probability per output:
  :func:`~nnscratch.losses.binary_cross_entropy`;
* ``"identity"``, regression: :func:`~nnscratch.losses.sse`.

For each of these pairs the derivative of the loss with respect to the output
layer's weighted sums is simply ``(y - t) / N``, which is why they belong
together.

A network is trained by :func:`nnscratch.train.fit`, saved with
:meth:`MLP.save` and read back with :func:`load`.

Every computation that overflows (an infinite or undefined weighted sum,
output, loss or gradient) raises ``FloatingPointError`` with a message that
says why, rather than printing NumPy's ``RuntimeWarning`` and going on with
infinities.
"""

import numpy as np

from nnscratch import _checks, _saving, activations, losses

_RELU_LIKE = ("relu", "leaky_relu")

INITS = ("he", "glorot")
"""The named starts of :class:`MLP`'s ``init`` (besides a number and None)."""

LARGE = 1e3
"""The size beyond which an input or a weight counts as large.

:func:`nnscratch.train.fit` warns about inputs larger than this, or whose
columns differ in spread by more than this factor, and the error raised when
a network overflows points at inputs or weights larger than this.
"""

# NumPy's floating-point flags, raised as errors rather than warnings: an
# overflow shows in the flags even when a later step (a saturating
# activation) turns the infinity back into a finite number.
_RAISE = {"over": "raise", "invalid": "raise", "divide": "raise"}

_OUTPUTS = {
    # output name: (activation, loss on probabilities/values without checks)
    "softmax": (activations.softmax, losses._cross_entropy),
    "sigmoid": (activations.sigmoid, losses._binary_cross_entropy),
    "identity": (activations.identity, losses._sse),
}


class MLP:
    """A fully connected network: dense layers with activations in between.

    Parameters
    ----------
    sizes : sequence of int
        Layer widths from input to output, at least two, e.g. ``[4, 6, 3]``
        for 4 inputs, 6 hidden units and 3 outputs. ``[n_in, n_out]`` is a
        network without a hidden layer.
    hidden : str, default "relu"
        The activation of every hidden layer: a name of
        :data:`nnscratch.activations.ELEMENTWISE`.
    output : {"softmax", "sigmoid", "identity"}, default "softmax"
        The output activation; it also chooses the loss (see the module notes).
    seed : int, default 0
        Seed of ``np.random.default_rng`` for the initial weights, >= 0.
    dtype : float dtype, default numpy.float64
        Dtype of every parameter, of the outputs and of the gradients
        (``np.float32`` for speed). Inputs are cast to it.
    init : {None, "he", "glorot"} or float, default None
        The spread of the starting weights (see the notes): None for the
        automatic choice, ``"he"`` for ``sqrt(2 / n_in)`` in every layer,
        ``"glorot"`` for ``sqrt(2 / (n_in + n_out))`` in every layer, or a
        number >= 0, the standard deviation of a plain normal start in every
        layer (0 starts every weight at 0).

    Raises
    ------
    ValueError
        If ``sizes`` has fewer than two entries or one that is not an
        integer >= 1, if ``hidden`` or ``output`` is not a known name (the
        message lists the valid ones), if a softmax output has fewer than
        two units, if ``seed`` is not an integer >= 0, if ``dtype`` is
        not a float dtype, or if ``init`` is neither a known name nor a
        finite number >= 0.

    See Also
    --------
    nnscratch.train.fit : trains a network on data.
    load : reads back a network written by :meth:`save`.

    Examples
    --------
    >>> import numpy as np
    >>> from nnscratch import MLP
    >>> from nnscratch.train import fit
    >>> X = np.array([[0.0, 0.0], [0.0, 1.0], [1.0, 0.0], [1.0, 1.0]])
    >>> net = MLP([2, 4, 1], hidden="tanh", output="sigmoid", seed=1)
    >>> history = fit(net, X, [0, 1, 1, 0], epochs=2000, learning_rate=1.0,
    ...               optimizer="momentum")
    >>> net.predict(X)
    array([0, 1, 1, 0])

    Notes
    -----
    The weights start random so that units in one layer differ, with a
    spread that keeps the size of the signals about the same from layer to
    layer: a layer followed by a ReLU-like activation (``"relu"``,
    ``"leaky_relu"``) draws from a normal distribution with standard
    deviation ``sqrt(2 / n_in)`` (He initialisation, because ReLU zeroes
    half its inputs); every other layer, the output layer included, uses
    ``sqrt(2 / (n_in + n_out))`` (Glorot or Xavier initialisation). This
    automatic choice is what ``init=None``, the default, means. The
    numbers are drawn in float64 and then cast, so a float32 network starts
    from the float64 network's weights, rounded. Biases start at 0.

    The attributes ``sizes`` (list of int), ``hidden``, ``output`` (str)
    and ``dtype`` (a ``numpy.dtype``) describe the network and are not
    meant to be changed; ``weights`` and ``biases`` may be read, updated in
    place and assigned.
    """

    def __init__(
        self,
        sizes,
        hidden="relu",
        output="softmax",
        seed=0,
        dtype=np.float64,
        init=None,
    ):
        sizes = list(sizes) if np.ndim(sizes) == 1 else sizes
        if not isinstance(sizes, list) or len(sizes) < 2:
            raise ValueError(
                "sizes must list at least two layer widths, like [4, 6, 3], got "
                f"{sizes!r}"
            )
        self.sizes = [
            _checks.positive_int(n, f"sizes[{i}]") for i, n in enumerate(sizes)
        ]
        self.hidden = _checks.choice(
            hidden, "hidden activation", activations.ELEMENTWISE
        )
        self.output = _checks.choice(output, "output", _OUTPUTS)
        if output == "softmax" and self.sizes[-1] < 2:
            raise ValueError(
                f"output 'softmax' needs at least two output units, got sizes "
                f"{self.sizes}: for one yes/no output use output='sigmoid'"
            )
        try:
            self.dtype = np.dtype(dtype)
        except TypeError:
            self.dtype = None
        if self.dtype is None or not np.issubdtype(self.dtype, np.floating):
            raise ValueError(
                "dtype must be a float dtype such as np.float32 or np.float64, got "
                f"{dtype!r}"
            )
        self._activation, self._activation_grad = activations.ELEMENTWISE[
            hidden
        ]
        self._output_activation, self._loss = _OUTPUTS[output]

        init = _checked_init(init)
        rng = np.random.default_rng(_checks.nonnegative_int(seed, "seed"))
        weights = []
        for layer, (n_in, n_out) in enumerate(
            zip(self.sizes[:-1], self.sizes[1:])
        ):
            is_hidden = layer < len(self.sizes) - 2
            relu_like = is_hidden and hidden in _RELU_LIKE
            std = _starting_std(n_in, n_out, init, relu_like)
            weights.append(std * rng.standard_normal((n_in, n_out)))
        self.weights = weights
        self.biases = [np.zeros(n) for n in self.sizes[1:]]

    # --- parameters --------------------------------------------------------

    @property
    def weights(self):
        """The weight matrices, a list with ``weights[l]`` of shape ``(n_in, n_out)``.

        Assigning a list checks every shape and stores copies cast to the
        network's dtype.

        Raises
        ------
        ValueError
            On assignment: if the list does not have one matrix per layer, or
            a matrix has the wrong shape (the message names the given and the
            expected shape), does not hold numbers, or holds NaN or infinity.
        """
        return self._weights

    @weights.setter
    def weights(self, values):
        shapes = list(zip(self.sizes[:-1], self.sizes[1:]))
        self._weights = self._checked_parameters(values, shapes, "weights")

    @property
    def biases(self):
        """The bias vectors, a list with ``biases[l]`` of shape ``(n_out,)``.

        Assigning works as for :attr:`weights`.

        Raises
        ------
        ValueError
            On assignment, as for :attr:`weights`.
        """
        return self._biases

    @biases.setter
    def biases(self, values):
        shapes = [(n,) for n in self.sizes[1:]]
        self._biases = self._checked_parameters(values, shapes, "biases")

    def _checked_parameters(self, values, shapes, name):
        values = list(values)
        if len(values) != len(shapes):
            raise ValueError(
                f"{name} must be a list of {len(shapes)} arrays for sizes "
                f"{self.sizes}, "
                f"got {len(values)}"
            )
        checked = []
        for i, (value, shape) in enumerate(zip(values, shapes)):
            value = _checks.float_array(value, f"{name}[{i}]", dtype=self.dtype)
            if value.shape != shape:
                raise ValueError(
                    f"{name}[{i}] of shape {value.shape} does not fit sizes "
                    f"{self.sizes}: "
                    f"it needs shape {shape}"
                )
            checked.append(value.copy())
        return checked

    # --- checks of the data ------------------------------------------------

    def _inputs(self, X, check_values=True):
        """X as a 2-D array in the network's dtype, and whether it was one row.

        ``check_values=False`` leaves out the check for NaN and infinity
        (:func:`~nnscratch.train.fit` checks the values batch by batch).
        """
        X = _checks.float_array(X, "X", dtype=self.dtype, finite=check_values)
        _checks.check_not_empty(X, "X", "example")
        n_in = self.sizes[0]
        if X.ndim not in (1, 2) or X.shape[-1] != n_in:
            raise ValueError(
                f"X of shape {X.shape} does not fit the network's {n_in} inputs: "
                f"X needs shape (N, {n_in}), or ({n_in},) for one example"
            )
        return (X[None, :], True) if X.ndim == 1 else (X, False)

    def _targets(self, T, n, single):
        """T as an (N, n_out) array in the network's dtype (labels become one-hot)."""
        T = np.asarray(T)
        if single:
            T = T[None, ...]
        k = self.sizes[-1]
        if self.output == "softmax" and T.shape == (n,):
            labels = _checks.check_labels(T, "T", k)
            one_hot = np.zeros((n, k), dtype=self.dtype)
            one_hot[np.arange(n), labels] = 1
            return one_hot
        if self.output != "softmax" and k == 1 and T.shape == (n,):
            T = T[:, None]
        T = _checks.float_array(T, "T", dtype=self.dtype)
        if T.shape != (n, k):
            also = (
                f" or integer labels of shape ({n},)"
                if self.output == "softmax"
                else ""
            )
            raise ValueError(
                f"T of shape {T.shape[1:] if single else T.shape} does not fit the "
                f"network's output: T needs shape ({n}, {k}){also} for {n} examples"
            )
        if self.output == "softmax":
            _checks.check_one_hot(T, "T")
        elif self.output == "sigmoid":
            _checks.check_range(T, "T", 0, 1)
        return T

    def _batch(self, X, T, check_values=True):
        """Check a batch: ``X`` (N, n_in) and ``T`` (N, n_out), both in the dtype."""
        X, single = self._inputs(X, check_values)
        n = X.shape[0]
        T_array = np.asarray(T)
        if not single and T_array.ndim >= 1 and T_array.shape[0] != n:
            raise ValueError(
                f"X has {n} rows but T has {T_array.shape[0]} (shape {T_array.shape}): "
                "they need one target per example"
            )
        return X, self._targets(T, n, single)

    # --- computation -------------------------------------------------------

    def forward(self, X):
        """Outputs of the network for the rows of ``X``.

        Parameters
        ----------
        X : array_like, shape (N, n_in), or (n_in,) for one example

        Returns
        -------
        ndarray, shape (N, n_out), or (n_out,) for one example
            In the network's dtype: class probabilities (softmax), yes
            probabilities (sigmoid) or values (identity).

        Raises
        ------
        ValueError
            If ``X`` is empty, does not hold numbers, does not have ``n_in``
            columns, or holds NaN or infinity.
        FloatingPointError
            If an output is not finite: the weighted sums overflowed, because
            the inputs or the weights are huge (the message says which).
        """
        X, single = self._inputs(X)
        Y = self._guarded("outputs", self._forward, X)
        if not np.isfinite(Y).all():
            self._overflowed(X, "outputs")
        return Y[0] if single else Y

    def _forward(self, X):
        """:meth:`forward` for a checked batch ``X`` of shape (N, n_in)."""
        a = X
        for W, b in zip(self._weights[:-1], self._biases[:-1]):
            a = self._activation(a @ W + b)
        return self._output_activation(a @ self._weights[-1] + self._biases[-1])

    def _guarded(self, what, compute, X, *args):
        """``compute(X, *args)``, raising the error of :meth:`_overflowed` on
        overflow.
        """
        try:
            with np.errstate(**_RAISE):
                return compute(X, *args)
        except FloatingPointError:
            pass  # NumPy's message names only the operation: say why instead
        self._overflowed(X, what)

    def _overflowed(self, X, what):
        """Raise a clear error for non-finite ``what`` computed from a finite ``X``."""
        for name, params in (
            ("weights", self._weights),
            ("biases", self._biases),
        ):
            for i, p in enumerate(params):
                _checks.check_finite(p, f"{name}[{i}]")
        largest_input = float(np.max(np.abs(X)))
        largest_weight = max(float(np.max(np.abs(W))) for W in self._weights)
        message = (
            f"the network's {what} are not finite: the weighted sums overflowed "
            f"{self.dtype.name} (X has values up to {largest_input:.3g}, the weights "
            f"up to {largest_weight:.3g})"
        )
        if largest_input > LARGE:
            message += (
                "; standardise the inputs (subtract each column's mean, "
                "divide by its standard deviation)"
            )
        if largest_weight > LARGE:
            message += (
                "; weights this large usually mean the learning rate was "
                "too large"
            )
        raise FloatingPointError(message)

    def gradients(self, X, T, weight_decay=0.0, masks=None):
        """The batch loss and its gradients, by backpropagation.

        Forward, every layer keeps its input ``a`` and its weighted sums
        ``z = a @ W + b``. Backward, ``delta`` is the derivative of the loss
        with respect to a layer's ``z``. At the output it is ``(y - t) / N``
        for each output and its loss; then each layer, last to first, undoes
        its two forward steps in reverse: ``z = a @ W + b`` gives
        ``dW = a.T @ delta``, ``db = delta.sum(axis=0)`` and the derivative
        with respect to ``a``, ``delta @ W.T``; ``a = f(z)`` multiplies it
        by ``f'(z)``.

        Parameters
        ----------
        X : array_like, shape (N, n_in), or (n_in,) for one example
            Inputs, cast to the network's dtype.
        T : array_like
            Targets. Shape ``(N, n_out)`` (or ``(n_out,)`` for one example):
            one-hot rows for softmax, values in [0, 1] for sigmoid, any
            values for identity. Also accepted: integer class labels of shape
            ``(N,)`` for softmax, and shape ``(N,)`` when ``n_out`` is 1.
        weight_decay : float, default 0.0
            lambda >= 0: adds ``(lambda / 2) * sum(W**2)`` over the weight
            matrices to the loss and ``lambda * W`` to their gradients.
        masks : list of array_like, optional
            Dropout masks, one of shape ``(N, n_hidden)`` per hidden layer,
            multiplied into that layer's activations (see the notes).

        Returns
        -------
        loss : numpy.floating
            The mean loss over the batch: cross-entropy (softmax), binary
            cross-entropy (sigmoid) or half the sum of squared errors
            (identity), as :mod:`nnscratch.losses` computes it, plus the
            weight-decay penalty.
        dW : list of ndarray
            ``dW[l]`` has the shape of ``weights[l]``.
        db : list of ndarray
            ``db[l]`` has the shape of ``biases[l]``.

        Raises
        ------
        ValueError
            If ``X`` or ``T`` is empty, does not hold numbers, has the wrong
            shape or a non-finite value, if ``X`` and ``T`` differ in their
            number of rows, or if ``T`` is not a valid target for the output
            (labels out of range or not integers, rows not one-hot, values
            outside [0, 1] for sigmoid), if ``weight_decay`` is not a finite
            number >= 0, or if ``masks`` does not hold one finite array of
            shape ``(N, n_hidden)`` per hidden layer.
        FloatingPointError
            If the outputs, the loss or a gradient is not finite (the
            weighted sums overflowed; see :meth:`forward`).

        Notes
        -----
        With ``weight_decay`` = lambda > 0 the loss gains the penalty
        ``(lambda / 2) * sum(W**2)`` over every weight matrix (biases are not
        penalised) and each ``dW[l]`` gains ``lambda * weights[l]``: the loss
        and gradients that :func:`~nnscratch.train.fit` trains on.

        With ``masks`` (dropout in training mode), hidden layer ``l``'s
        activations are multiplied by ``masks[l]`` on the way forward, and
        the backward pass multiplies by the same mask. Inverted dropout with
        drop probability p uses masks of 0 and ``1 / (1 - p)``;
        :func:`nnscratch.layers.dropout_mask` draws them.

        All arrays are in the network's dtype. The loss clips probabilities
        as :mod:`nnscratch.losses` explains, but ``delta = (y - t) / N`` at
        the output is the exact derivative, so training never sees a
        clipped slope.
        """
        X, T = self._batch(X, T)
        weight_decay = _checks.nonnegative_float(weight_decay, "weight_decay")
        masks = self._checked_masks(masks, X.shape[0])
        loss, dW, db = self._guarded(
            "gradients", self._backpropagate, X, T, weight_decay, masks
        )
        if not all(np.isfinite(g).all() for g in [loss, *dW, *db]):
            self._overflowed(X, "gradients")
        return loss, dW, db

    def _checked_masks(self, masks, n):
        """``masks`` as a list of (n, width) arrays in the dtype, one per hidden
        layer.
        """
        if masks is None:
            return None
        shapes = [(n, width) for width in self.sizes[1:-1]]
        masks = list(masks)
        if len(masks) != len(shapes):
            raise ValueError(
                f"masks must hold {len(shapes)} arrays, one per hidden layer of "
                f"sizes {self.sizes}, got {len(masks)}"
            )
        checked = []
        for i, (mask, shape) in enumerate(zip(masks, shapes)):
            mask = _checks.float_array(mask, f"masks[{i}]", dtype=self.dtype)
            if mask.shape != shape:
                raise ValueError(
                    f"masks[{i}] of shape {mask.shape} does not fit: it needs shape "
                    f"{shape}, one row per example and one column per unit"
                )
            checked.append(mask)
        return checked

    def _backpropagate(self, X, T, weight_decay=0.0, masks=None):
        """:meth:`gradients` for a checked batch: ``X`` (N, n_in) and ``T`` (N, n_out)
        in the dtype.

        :func:`nnscratch.train.fit` checks all its data once and then calls
        this for every batch, rather than checking each batch again. Nothing
        is checked here: the callers run it with NumPy's floating-point
        errors raised (see :meth:`_guarded`), so an overflow anywhere stops
        it without a pass over every gradient at every step.
        """
        n_examples = X.shape[0]
        f, f_grad = self._activation, self._activation_grad
        last = len(self._weights) - 1

        # Forward pass: keep each layer's input a and weighted sums z.
        inputs, sums = [], []
        a = X
        for layer, (W, b) in enumerate(zip(self._weights, self._biases)):
            z = a @ W  # z = a @ W + b, adding b in place
            z += b
            inputs.append(a)
            sums.append(z)
            a = f(z) if layer < last else self._output_activation(z)
            if masks is not None and layer < last:
                a = (
                    a * masks[layer]
                )  # dropout: a unit's output is kept or zeroed
        Y = a
        loss = self._loss(Y, T)

        # Backward pass, last layer first: delta = dL/dz of that layer.
        delta = Y - T
        delta /= n_examples
        dW, db = [None] * len(self._weights), [None] * len(self._biases)
        for layer in range(last, -1, -1):
            # z = a @ W + b   ->   dL/dW = a.T @ delta,  dL/db = sum of delta
            dW[layer] = inputs[layer].T @ delta
            db[layer] = delta.sum(axis=0)
            if layer > 0:
                # z = a @ W + b   ->   dL/da = delta @ W.T
                delta = delta @ self._weights[layer].T
                if masks is not None:
                    delta *= masks[layer - 1]  # the units dropped forward
                # a = f(z) of the layer below   ->   dL/dz = dL/da * f'(z)
                delta *= f_grad(sums[layer - 1])
        if weight_decay:
            loss = loss + _weight_decay(self._weights, weight_decay, dW)
        return loss, dW, db

    def loss(self, X, T):
        """The batch loss of :meth:`gradients`, without the gradients.

        Parameters
        ----------
        X : array_like, shape (N, n_in), or (n_in,) for one example
        T : array_like
            Targets, as for :meth:`gradients`.

        Returns
        -------
        numpy.floating
            In the network's dtype.

        Raises
        ------
        ValueError, FloatingPointError
            As for :meth:`gradients`.
        """
        X, T = self._batch(X, T)
        loss = self._loss(self.forward(X), T)
        if not np.isfinite(loss):
            self._overflowed(X, "loss")
        return loss

    def predict(self, X):
        """Predictions: class labels (softmax), 0/1 (sigmoid) or values (identity).

        Parameters
        ----------
        X : array_like, shape (N, n_in), or (n_in,) for one example

        Returns
        -------
        ndarray
            softmax: integer labels of shape ``(N,)``, the most probable
            class. sigmoid: integers 0 and 1, 1 where the probability is at
            least 0.5. identity: the values of :meth:`forward`. For sigmoid
            and identity the shape is ``(N, n_out)``, and ``(N,)`` when
            ``n_out`` is 1, as the targets ``(N,)`` that :func:`fit
            <nnscratch.train.fit>` accepts, so ``predict(X) == t`` compares
            example by example. One example gives one row less: a single
            number, or ``(n_out,)``.

        Raises
        ------
        ValueError, FloatingPointError
            As for :meth:`forward`.
        """
        Y = self.forward(X)
        if self.output == "softmax":
            return np.argmax(Y, axis=-1)
        if self.output == "sigmoid":
            Y = (Y >= 0.5).astype(np.int64)
        return Y[..., 0] if self.sizes[-1] == 1 else Y

    # --- files -------------------------------------------------------------

    def save(self, path):
        """Write the network to an ``.npz`` file: its settings and parameters.

        The file holds the settings (``sizes``, ``hidden``, ``output``,
        ``dtype``) as a JSON text and every weight and bias as an array in
        the network's dtype; no pickled Python objects, so loading a file
        from someone else cannot run code. :func:`load` gives back a network
        equal to this one bit for bit.

        Parameters
        ----------
        path : str or os.PathLike
            Where to write; ``.npz`` is appended if the name lacks it.

        Returns
        -------
        pathlib.Path
            The file written.

        Raises
        ------
        TypeError
            If ``path`` is not a str or path.
        OSError
            If the file cannot be written.
        """
        return _saving.save(self._config(), self._weights + self._biases, path)

    def _config(self):
        """The arguments of :class:`MLP` that rebuild this network's shape."""
        return {
            "sizes": self.sizes,
            "hidden": self.hidden,
            "output": self.output,
            "dtype": self.dtype.name,
        }

    @classmethod
    def load(cls, path):
        """Read a network written by :meth:`save`; the same as :func:`load`.

        Parameters
        ----------
        path : str or os.PathLike

        Returns
        -------
        MLP

        Raises
        ------
        ValueError
            As for :func:`load`.
        FileNotFoundError
            If there is no such file.
        """
        config, arrays = _saving.read(path)
        try:
            net = cls(**config)
        except (TypeError, ValueError) as error:
            raise ValueError(
                f"{path}: its settings do not make a network: {error}"
            ) from None
        n_layers = len(net.sizes) - 1
        names = _saving.parameter_names(n_layers)
        _saving.check_names(path, arrays, names)
        for name in names:
            if arrays[name].dtype != net.dtype:
                raise ValueError(
                    f"{path}: array {name!r} has dtype {arrays[name].dtype}, "
                    f"but the network's dtype is {net.dtype.name}"
                )
        try:
            net.weights = [arrays[name] for name in names[:n_layers]]
            net.biases = [arrays[name] for name in names[n_layers:]]
        except ValueError as error:
            raise ValueError(f"{path}: {error}") from None
        return net

    def __repr__(self):
        return (
            f"MLP(sizes={self.sizes}, hidden={self.hidden!r}, "
            f"output={self.output!r}, dtype={self.dtype.name})"
        )


def load(path):
    """Read a network written by :meth:`MLP.save`.

    Parameters
    ----------
    path : str or os.PathLike
        An ``.npz`` file from :meth:`MLP.save`.

    Returns
    -------
    MLP
        The saved network, its parameters equal bit for bit.

    Raises
    ------
    ValueError
        If the file is not a network saved by :meth:`MLP.save` (not an
        ``.npz`` archive, no settings, or settings of another kind), lacks
        an array or holds one too many, or holds an array of the wrong
        shape or dtype, or one with NaN or infinity (the message names the
        file and the array).
    FileNotFoundError
        If there is no such file.
    """
    return MLP.load(path)


def starting_std(n_in, n_out, init=None, relu_like=False):
    """The standard deviation of one layer's starting weights.

    Parameters
    ----------
    n_in, n_out : int
        The layer's numbers of inputs and outputs.
    init : {None, "he", "glorot"} or float, default None
        As for :class:`MLP`: None is He for a layer followed by a ReLU-like
        activation and Glorot otherwise; a number is returned as it is.
    relu_like : bool, default False
        Whether the layer is followed by ``"relu"`` or ``"leaky_relu"``
        (only used by ``init=None``).

    Returns
    -------
    float
        ``sqrt(2 / n_in)`` (He), ``sqrt(2 / (n_in + n_out))`` (Glorot) or
        ``init``.

    Raises
    ------
    ValueError
        If ``n_in`` or ``n_out`` is not an integer >= 1, or ``init`` is
        neither a known name nor a finite number >= 0.
    """
    n_in = _checks.positive_int(n_in, "n_in")
    n_out = _checks.positive_int(n_out, "n_out")
    return _starting_std(n_in, n_out, _checked_init(init), relu_like)


def _starting_std(n_in, n_out, init, relu_like):
    if init is None:
        init = "he" if relu_like else "glorot"
    if init == "he":
        return np.sqrt(2 / n_in)  # ReLU halves the second moment
    if init == "glorot":
        return np.sqrt(2 / (n_in + n_out))  # forward and backward, averaged
    return init


def _checked_init(init):
    """``init`` as None, a known name or a float >= 0; ``ValueError`` otherwise."""
    if init is None:
        return None
    if isinstance(init, str):
        return _checks.choice(init, "init", INITS)
    try:
        return _checks.nonnegative_float(init, "init")
    except ValueError:
        raise ValueError(
            f"init must be None, one of {', '.join(map(repr, INITS))} or a finite "
            f"number >= 0 (the standard deviation of the weights), got {init!r}"
        ) from None


def _weight_decay(weights, weight_decay, dW):
    """The penalty ``(lambda / 2) sum(W**2)``; adds its gradient ``lambda W`` to
    ``dW``.
    """
    penalty = 0.0
    for W, grad in zip(weights, dW):
        penalty += 0.5 * weight_decay * np.sum(W * W)
        grad += weight_decay * W
    return penalty
