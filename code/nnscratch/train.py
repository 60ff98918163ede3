"""Training loops: gradient descent over epochs and batches.

:func:`fit` repeats, for every epoch, a pass over the data in batches: the
gradients of the batch loss by backpropagation (:meth:`MLP.gradients
<nnscratch.network.MLP.gradients>`) and one optimizer step
(:mod:`nnscratch.optim`). ``batch_size=None`` uses all the data in every step
(full-batch gradient descent), ``batch_size=1`` one example at a time (online or
stochastic gradient descent), anything between is mini-batch descent.

Training goes on where it stopped when the :class:`History` that :func:`fit`
returned is passed back in: ``fit(net, X, T, 5, history=history)`` after
``history = fit(net, X, T, 5)`` gives the same network, bit for bit, as one
call of 10 epochs, because the history carries the optimizer (with its
momentum or moment estimates) and the generator of the shuffles.
"""

import numbers
import sys
import warnings
from contextlib import contextmanager
from pathlib import Path

import numpy as np

from nnscratch import _checks, layers, optim, schedules
from nnscratch.network import _RAISE, LARGE, MLP

DIVERGED = 1e6
"""The size of a parameter beyond which :func:`fit` stops, as diverged.

Trained on standardised inputs, weights stay within a few units; a weight
this large means that the steps grew instead of shrinking, even when the
loss is still finite (for example with a saturated sigmoid output).
"""


class History(dict):
    """What :func:`fit` returns, and takes back to continue training.

    A dict of lists with one float per epoch: ``"loss"``, and with
    validation data ``"val_loss"`` and (for classifiers) ``"val_accuracy"``.
    Three attributes carry what a later call of :func:`fit` needs to go on
    exactly where this one stopped: ``optimizer``, the
    :class:`~nnscratch.optim.Optimizer` with its state (velocities, moment
    estimates, step count); ``rng``, the NumPy random generator that
    shuffles the rows, in the state the last epoch left it; and
    ``dropout_rng``, the generator that draws the dropout masks (None when
    training used no dropout).
    """

    def __init__(self, optimizer, rng, keys=("loss",)):
        super().__init__((key, []) for key in keys)
        self.optimizer = optimizer
        self.rng = rng
        self.dropout_rng = None


def fit(net, X, T, epochs, batch_size=None, learning_rate=None,
        optimizer=None, shuffle=True, seed=None, validation=None,
        progress=False, history=None, weight_decay=0.0, dropout=0.0,
        patience=None, schedule=None):  # fmt: skip
    """Train ``net`` in place by gradient descent and return its history.

    Every epoch visits each example once: the rows are shuffled (when
    ``shuffle`` is true, by ``np.random.default_rng(seed)``), cut into batches
    of ``batch_size`` rows (the last one may be smaller), and each batch
    makes one update. The same arguments and seed give bit-identical weights.

    Parameters
    ----------
    net : MLP
        The network; its weights and biases are updated in place.
    X : array_like, shape (N, n_in)
        Inputs. Standardise them first (see
        :func:`nnscratch.datasets.standardize`): inputs larger than
        :data:`~nnscratch.network.LARGE`, or columns whose spreads (largest
        minus smallest value) differ by more than that factor, make ``fit``
        warn.
    T : array_like
        Targets, in any form :meth:`MLP.gradients
        <nnscratch.network.MLP.gradients>` accepts (for softmax: one-hot rows
        or integer labels of shape ``(N,)``; for one output: shape ``(N,)``).
    epochs : int
        Number of passes over the data, >= 1.
    batch_size : int or None, default None
        Rows per update, >= 1; ``None`` for all rows (full batch), ``1`` for
        online learning. Values above N mean full batch.
    learning_rate : float, optional
        Step size, > 0, of the optimizer named by ``optimizer``. Omitted: that
        optimizer's default (0.1 for ``"sgd"`` and ``"momentum"``, 0.001 for
        ``"adam"``), as :func:`nnscratch.optim.get_optimizer` gives it.
    optimizer : str or Optimizer, optional
        ``"sgd"`` (the default), ``"momentum"`` or ``"adam"`` (see
        :func:`nnscratch.optim.get_optimizer`), or a ready-made
        :class:`~nnscratch.optim.Optimizer`, used with its own settings and
        state (then ``learning_rate`` must be left out).
    shuffle : bool, default True
        Shuffle the rows at the start of every epoch (irrelevant for full
        batch, where it is skipped).
    seed : int, optional
        Seed (>= 0) of the shuffling; 0 when omitted.
    validation : (X_val, T_val), optional
        Data to evaluate after every epoch, never trained on.
    progress : bool, default False
        Show a progress bar over the epochs (``tqdm.auto``: in a terminal or
        a notebook), with the current loss. Needs tqdm (``pip install
        "nnscratch[progress]"``); without it ``fit`` warns and trains.
    history : History, optional
        The history of an earlier call, to go on training where it stopped:
        the new epochs are appended to it, and the optimizer and the shuffle
        generator carry on from their state, unless ``optimizer`` or
        ``seed`` is given, which replaces them. Epochs are numbered on from
        the earlier call.
    weight_decay : float, default 0.0
        lambda >= 0 of the penalty ``(lambda / 2) * sum(W**2)`` over the
        weight matrices (not the biases), added to the training loss and its
        gradient ``lambda * W`` to the weights' gradients (see
        :meth:`MLP.gradients <nnscratch.network.MLP.gradients>`).
    dropout : float, default 0.0
        The drop probability p in [0, 1) of every hidden unit during
        training (inverted dropout: kept units are scaled by ``1 / (1 - p)``),
        drawn from a generator seeded by ``seed`` that the history carries
        on. :meth:`MLP.forward <nnscratch.network.MLP.forward>`, ``predict``
        and ``loss`` never drop.
    patience : int, optional
        Early stopping (needs ``validation``): stop after ``patience``
        epochs in a row without a validation loss below the best so far, and
        put back the weights and biases of the best epoch.
    schedule : str or callable, optional
        A learning-rate schedule: a name of
        :data:`nnscratch.schedules.SCHEDULES` (``"step"``, ``"cosine"``,
        ``"warmup"``) or a function of the epoch (from 1) returning a factor
        > 0. Each epoch runs with the optimizer's learning rate times that
        factor; the rate is put back when ``fit`` returns. The epochs are
        those of this call, 1 to ``epochs``: a call that continues a
        ``history`` starts its schedule again.

    Returns
    -------
    history : History
        A dict of str to list of float. ``"loss"``: for every epoch, the
        mean over its examples of the batch loss each was part of, computed
        before that batch's update (for full batch: the loss at the start of
        the epoch). With ``validation``: ``"val_loss"``, the loss on the
        validation data after each epoch, and for softmax and sigmoid
        outputs ``"val_accuracy"`` (see :func:`accuracy`). With
        ``patience``: ``"best_epoch"``, the epoch whose parameters the
        network holds at the end. With ``schedule``: ``"learning_rate"``,
        the rate of each epoch.

    Raises
    ------
    ValueError
        If ``X`` or ``T`` do not fit the network or each other, hold NaN or
        infinity, if a setting is out of its range, if ``patience`` is given
        without ``validation``, if ``schedule`` is unknown or returns
        anything but a finite number > 0, if ``learning_rate`` is
        given with an :class:`~nnscratch.optim.Optimizer`, or if ``history``
        is not a :class:`History` or was started with validation data and
        is continued without (or the other way round).
    FloatingPointError
        If training diverges ("training diverged at epoch N", with what
        went wrong and what to do: a smaller learning rate, or standardised
        inputs): the loss, a gradient or a parameter overflows, or a
        parameter grows beyond :data:`DIVERGED`, even while the loss is
        finite. The network is put back as it was at the start of that
        epoch; it never holds NaN.

    Warns
    -----
    RuntimeWarning
        If the inputs are large or their columns' spreads far apart (see
        ``X``), once per call.
    """
    X, T, validation = _checked_data(net, X, T, validation)
    epochs, size = _checked_settings(epochs, batch_size, len(X))
    history = _history(history, optimizer, learning_rate, seed, validation)
    optimizer = history.optimizer
    grads = _training_gradients(net, weight_decay, dropout, seed, history)
    stopper = _early_stopping(net, patience, validation)
    rates = _Rates(optimizer, schedule, epochs)
    shuffle = shuffle and size < len(X)
    inputs = _InputCheck(X)
    first = len(history["loss"]) + 1
    with _ProgressBar(progress, epochs) as bar, rates:
        for epoch in range(first, first + epochs):
            rates.start(epoch - first + 1, history)
            order = history.rng.permutation(len(X)) if shuffle else None
            with _recovery(net, X, epoch, optimizer):
                loss = _epoch(net, X, T, order, size, optimizer, inputs, grads)
            history["loss"].append(loss)
            if validation is not None:
                _validate(net, validation, history, epoch)
            bar.update(loss)
            if stopper and stopper.should_stop(epoch, history):
                break
    if stopper:
        stopper.restore(history)
    return history


def _epoch(net, X, T, order, size, optimizer, inputs, gradients):
    """Train ``net`` for one epoch; return the mean of the batch losses.

    The batches are the rows of ``X`` and ``T`` in ``order`` (a permutation,
    or None for the order they are in), ``size`` at a time. ``inputs``
    checks each batch of ``X`` for NaN, infinity and scale as it is
    gathered in the first epoch, when its numbers are already in the cache:
    cheaper than passes over all of ``X`` before training.
    ``gradients(X_batch, T_batch)`` returns a batch's loss and gradients:
    backpropagation, with weight decay and dropout when ``fit`` asks for them.
    """
    parameters = net.weights + net.biases
    total = 0.0
    for start in range(0, len(X), size):
        batch = slice(start, start + size)
        rows = batch if order is None else order[batch]
        X_batch, T_batch = X[rows], T[rows]
        inputs.check(X_batch)
        loss, dW, db = gradients(X_batch, T_batch)
        optimizer.step(parameters, dW + db)
        total += float(loss) * len(X_batch)
    inputs.finish()
    return total / len(X)


# --- the checks and the recovery around the loop ------------------------------


def _checked_data(net, X, T, validation):
    """``X`` and ``T`` checked once, and the validation pair, if any."""
    if not isinstance(net, MLP):
        raise ValueError(
            f"net must be an nnscratch MLP, got {type(net).__name__}"
        )
    # The values of X are checked during the first epoch (see _InputCheck).
    X, T = net._batch(X, T, check_values=False)
    if validation is not None:
        validation = _validation_data(net, validation)
    return X, T, validation


def _checked_settings(epochs, batch_size, n):
    """``epochs`` checked, and the rows per batch: ``batch_size``, at most ``n``."""
    epochs = _checks.positive_int(epochs, "epochs")
    batch_size = _checks.positive_int(batch_size, "batch_size", allow_none=True)
    return epochs, n if batch_size is None else min(batch_size, n)


def _history(history, optimizer, learning_rate, seed, validation):
    """A new :class:`History`, or ``history`` checked and ready to continue."""
    if learning_rate is not None:
        learning_rate = _checks.positive_float(learning_rate, "learning_rate")
        if isinstance(optimizer, optim.Optimizer) or (
            optimizer is None and history is not None
        ):
            raise ValueError(
                "learning_rate is given, but the optimizer is an Optimizer object "
                "with its own learning rate: set its learning_rate attribute, or "
                "name the optimizer (optimizer='sgd', 'momentum' or 'adam')"
            )
    if history is None:
        keys = ["loss"]
        if validation is not None:
            keys += ["val_loss"] + (
                [] if validation[2] == "identity" else ["val_accuracy"]
            )
        history = History(None, None, keys)
        optimizer = "sgd" if optimizer is None else optimizer
        seed = 0 if seed is None else seed
    elif not isinstance(history, History):
        raise ValueError(
            f"history must be the History an earlier fit returned, got "
            f"{type(history).__name__}"
        )
    elif ("val_loss" in history) != (validation is not None):
        started = "with" if "val_loss" in history else "without"
        raise ValueError(
            f"history was started {started} validation data: continue it the same way"
        )
    if optimizer is not None:
        history.optimizer = _optimizer(optimizer, learning_rate)
    if seed is not None:
        history.rng = np.random.default_rng(
            _checks.nonnegative_int(seed, "seed")
        )
    return history


def _optimizer(optimizer, learning_rate):
    """``optimizer`` itself, or the one its name and ``learning_rate`` build."""
    if isinstance(optimizer, optim.Optimizer):
        return optimizer
    return optim.get_optimizer(optimizer, learning_rate=learning_rate)


def _validation_data(net, validation):
    """Check ``validation = (X_val, T_val)``; errors say it is the validation data.

    Returns ``(X_val, T_val, output)``, the network's output name last.
    """
    if not isinstance(validation, (tuple, list)) or len(validation) != 2:
        raise ValueError("validation must be a pair (X_val, T_val)")
    try:
        X_val, T_val = net._batch(*validation)
    except ValueError as error:
        raise ValueError(f"validation data: {error}") from None
    return X_val, T_val, net.output


def _validate(net, validation, history, epoch):
    """Append the validation loss (and accuracy) after ``epoch`` to ``history``."""
    X_val, T_val, _ = validation
    try:
        history["val_loss"].append(float(net.loss(X_val, T_val)))
    except FloatingPointError as error:
        what = f"on the validation data, {error}"
        raise _diverged(epoch, history.optimizer, what, X_val) from None
    if "val_accuracy" in history:
        history["val_accuracy"].append(accuracy(net, X_val, T_val))


@contextmanager
def _recovery(net, X, epoch, optimizer):
    """Run an epoch with overflow raised; on failure put the network back.

    One copy of the parameters per epoch, not per step. A ``ValueError``
    (a bad value of ``X``) is raised again as it is; an overflow, or a
    parameter beyond :data:`DIVERGED` at the end of the epoch, raises the
    ``FloatingPointError`` that says training diverged.
    """
    parameters = net.weights + net.biases
    saved = [p.copy() for p in parameters]
    try:
        with np.errstate(**_RAISE):
            yield
    except ValueError:
        _restore(parameters, saved)
        raise
    except FloatingPointError:
        _restore(parameters, saved)
        what = "the loss or the parameters overflowed"
        raise _diverged(epoch, optimizer, what, X) from None
    largest = max(float(np.max(np.abs(p))) for p in parameters)
    if not largest <= DIVERGED:  # also NaN
        _restore(parameters, saved)
        what = f"a parameter reached {largest:.3g}, beyond {DIVERGED:.0e}"
        raise _diverged(epoch, optimizer, what, X)


def _restore(parameters, saved):
    """Put the saved values back into the parameter arrays, in place."""
    for p, value in zip(parameters, saved):
        p[...] = value


def _diverged(epoch, optimizer, what, X):
    """The error :func:`fit` raises when training blows up at ``epoch``.

    With advice on the inputs when ``X`` is huge, else on the learning rate.
    """
    advice = f"try a smaller learning rate than {optimizer.learning_rate}"
    largest_input = _checks.check_finite(X, "X")  # its largest absolute value
    if largest_input > LARGE:
        advice = (
            f"X has values up to {largest_input:.3g}: standardise the inputs, "
            f"or {advice}"
        )
    return FloatingPointError(
        f"training diverged at epoch {epoch}: {what}; {advice}"
    )


_STANDARDISE = (
    "standardise the inputs (subtract each column's mean, divide by its "
    "standard deviation, as nnscratch.datasets.standardize does)"
)


_SPREAD_ROWS = 10


class _InputCheck:
    """Checks the batches of ``X`` that the first epoch gathers.

    Each batch's columnwise minimum and maximum say, without a temporary
    array, whether it holds NaN or infinity (they are then NaN or infinite),
    how large each column gets and how far it spreads; together the batches
    cover every row once.
    """

    def __init__(self, X):
        self.X = X
        self.low = np.full(X.shape[1], np.inf, dtype=X.dtype)
        self.high = np.full(X.shape[1], -np.inf, dtype=X.dtype)
        self.active = True
        self.warned = False

    def check(self, X_batch):
        """Raise for a NaN or infinity in ``X_batch``; warn once if it is large."""
        if not self.active:
            return
        low, high = X_batch.min(axis=0), X_batch.max(axis=0)
        if not (np.isfinite(low).all() and np.isfinite(high).all()):
            # The place in the batch would mislead: name the one in all of X.
            _checks.check_finite(self.X, "X")  # raises
        np.minimum(self.low, low, out=self.low)
        np.maximum(self.high, high, out=self.high)
        size = np.maximum(-self.low, self.high)
        if not self.warned and size.max() > LARGE:
            largest = _checks.check_finite(self.X, "X")
            _warn(
                f"X has values up to {largest:.3g}: inputs this large saturate "
                "sigmoid and tanh units and overflow ReLU networks (column "
                f"{np.argmax(size)} holds the largest so far); {_STANDARDISE}"
            )
            self.warned = True

    def finish(self):
        """At the end of the first epoch: warn if the columns' spreads are far apart."""
        # The spreads of a handful of rows say little about the columns'
        # scales: two random rows can differ by 1e-3 in one column.
        if self.active and not self.warned and len(self.X) >= _SPREAD_ROWS:
            spread = self.high - self.low
            used = np.flatnonzero(spread > 0)  # a constant column has no scale
            if used.size > 1:
                wide = used[np.argmax(spread[used])]
                narrow = used[np.argmin(spread[used])]
                ratio = spread[wide] / spread[narrow]
                if ratio > LARGE:
                    _warn(
                        f"the columns of X differ in spread by a factor of "
                        f"{ratio:.3g} (column {wide} spans {spread[wide]:.3g}, "
                        f"column {narrow} only {spread[narrow]:.3g}): gradient "
                        "descent then barely moves the weights of the narrow "
                        f"columns; {_STANDARDISE}"
                    )
        self.active = False


_PACKAGE = str(Path(__file__).resolve().parent) + "/"


def _warn(message, category=RuntimeWarning):
    """Warn, pointing at the first caller outside the package (the call of fit)."""
    frame, level = sys._getframe(1), 2
    while frame is not None and frame.f_code.co_filename.startswith(_PACKAGE):
        frame, level = frame.f_back, level + 1
    warnings.warn(message, category, stacklevel=level)


class _ProgressBar:
    """A tqdm progress bar over the epochs that shows the loss, or nothing."""

    def __init__(self, enabled, epochs):
        self.bar = _tqdm(epochs) if enabled else None

    def update(self, loss):
        if self.bar is not None:
            self.bar.set_postfix(loss=f"{loss:.4g}", refresh=False)
            self.bar.update()

    def __enter__(self):
        return self

    def __exit__(self, *error):
        if self.bar is not None:
            self.bar.close()


def _tqdm(epochs):
    """A tqdm bar of ``epochs`` steps, or None (with a warning) without tqdm."""
    try:
        with warnings.catch_warnings():
            # Without ipywidgets, tqdm.auto warns and falls back to text.
            warnings.simplefilter("ignore")
            from tqdm.auto import tqdm
    except ImportError:
        _warn(
            "progress=True needs tqdm, which is not installed: "
            'pip install "nnscratch[progress]"; training without a progress bar',
            UserWarning,
        )
        return None
    return tqdm(total=epochs, desc="training", unit="epoch")


def accuracy(net, X, T):
    """Fraction of correct predictions of a classifier.

    Parameters
    ----------
    net : MLP
        A network with a softmax or sigmoid output.
    X : array_like, shape (N, n_in), or (n_in,) for one example
    T : array_like
        softmax: integer labels of shape ``(N,)`` or one-hot rows.
        sigmoid: targets 0 or 1 of shape ``(N, n_out)``, or ``(N,)`` when
        ``n_out`` is 1 (targets are rounded at 0.5).

    Returns
    -------
    float
        In [0, 1]. For sigmoid outputs with several units, every unit of
        every example counts once.

    Raises
    ------
    ValueError
        For an identity output (accuracy needs classes), or if ``X`` or
        ``T`` do not fit the network.
    """
    if not isinstance(net, MLP):
        raise ValueError(
            f"net must be an nnscratch MLP, got {type(net).__name__}"
        )
    if net.output == "identity":
        raise ValueError(
            "accuracy needs a classifier (output 'softmax' or 'sigmoid'); "
            "this network's output is 'identity': use a loss such as losses.mse"
        )
    X, T = net._batch(X, T)
    if net.output == "softmax":
        return float(np.mean(net.predict(X) == np.argmax(T, axis=1)))
    return float(np.mean((net.forward(X) >= 0.5) == (T >= 0.5)))


def confusion_matrix(labels, predicted, n_classes=None):
    """Count how often each true class was predicted as each class.

    Parameters
    ----------
    labels : array_like of int, shape (N,)
        The true classes, ``0 .. K-1``.
    predicted : array_like of int, shape (N,)
        The predicted classes, for example ``net.predict(X)`` (predictions
        of shape ``(N, 1)`` are accepted too).
    n_classes : int, optional
        The number of classes K; by default one more than the largest label
        or prediction.

    Returns
    -------
    ndarray, shape (K, K), int64
        Entry ``[i, j]`` counts the examples of true class ``i`` predicted
        as class ``j``: the diagonal holds the correct predictions, and the
        entries sum to N.

    Raises
    ------
    ValueError
        If the two arrays differ in length or hold anything but integer
        classes in range.
    """
    labels = np.asarray(labels)
    predicted = np.asarray(predicted)
    if predicted.ndim == 2 and predicted.shape[1] == 1:
        predicted = predicted[:, 0]
    if labels.ndim != 1 or predicted.shape != labels.shape:
        raise ValueError(
            f"labels of shape {labels.shape} and predicted of shape {predicted.shape} "
            "need the same shape (N,)"
        )
    if n_classes is None:
        largest = max(labels.max(initial=0), predicted.max(initial=0))
        n_classes = int(largest) + 1
    n_classes = _checks.positive_int(n_classes, "n_classes")
    labels = _checks.check_labels(labels, "labels", n_classes)
    predicted = _checks.check_labels(predicted, "predicted", n_classes)
    counts = np.zeros((n_classes, n_classes), dtype=np.int64)
    np.add.at(counts, (labels, predicted), 1)
    return counts


# --- weight decay, dropout, early stopping, schedules (see fit) --------------


def _training_gradients(net, weight_decay, dropout, seed, history):
    """The function ``(X_batch, T_batch) -> (loss, dW, db)`` that training steps on.

    It adds the weight-decay penalty and, for ``dropout`` > 0, draws a fresh
    dropout mask per hidden layer and batch from its own generator, seeded by
    ``seed`` (so that the shuffling does not depend on dropout) and carried
    on by ``history`` from one call of :func:`fit` to the next.
    """
    weight_decay = _checks.nonnegative_float(weight_decay, "weight_decay")
    dropout = _checks.fraction(dropout, "dropout")
    if not dropout:
        return lambda X, T: net._backpropagate(X, T, weight_decay)
    if seed is not None or history.dropout_rng is None:
        history.dropout_rng = np.random.default_rng(
            (0 if seed is None else seed, 1)
        )
    rng = history.dropout_rng
    widths = net.sizes[1:-1]

    def gradients(X, T):
        masks = [
            layers._dropout_mask((X.shape[0], width), dropout, rng, net.dtype)
            for width in widths
        ]
        return net._backpropagate(X, T, weight_decay, masks)

    return gradients


def _early_stopping(net, patience, validation):
    """An :class:`_EarlyStopping` for ``patience``, or None without it."""
    patience = _checks.positive_int(patience, "patience", allow_none=True)
    if patience is None:
        return None
    if validation is None:
        raise ValueError(
            "patience needs validation data: pass validation=(X_val, T_val), "
            "whose loss decides when to stop"
        )
    return _EarlyStopping(net, patience)


class _EarlyStopping:
    """Keeps the parameters of the epoch with the lowest validation loss."""

    def __init__(self, net, patience):
        self.net, self.patience = net, patience
        self.best_loss, self.best_epoch, self.best = np.inf, 0, None

    def should_stop(self, epoch, history):
        """Record ``epoch``'s validation loss; True after ``patience`` epochs without
        progress.
        """
        loss = history["val_loss"][-1]
        if loss < self.best_loss:
            self.best_loss, self.best_epoch = loss, epoch
            self.best = [p.copy() for p in self.net.weights + self.net.biases]
        return epoch - self.best_epoch >= self.patience

    def restore(self, history):
        """Put the best epoch's parameters back into the network."""
        if self.best is not None:
            _restore(self.net.weights + self.net.biases, self.best)
        history["best_epoch"] = self.best_epoch


class _Rates:
    """Sets the optimizer's learning rate for every epoch from a schedule."""

    def __init__(self, optimizer, schedule, epochs):
        self.optimizer, self.base = optimizer, optimizer.learning_rate
        self.factor = (
            None
            if schedule is None
            else schedules.get_schedule(schedule, epochs)
        )

    def start(self, epoch, history):
        """Set the rate of ``epoch`` and record it in ``history["learning_rate"]``."""
        if self.factor is None:
            return
        factor = self.factor(epoch)
        if (
            isinstance(factor, bool)
            or not isinstance(factor, numbers.Real)
            or not np.isfinite(factor)
            or factor <= 0
        ):
            raise ValueError(
                f"schedule must return a finite number > 0 for every epoch, "
                f"but returned {factor!r} for epoch {epoch}"
            )
        self.optimizer.learning_rate = self.base * float(factor)
        history.setdefault("learning_rate", []).append(
            self.optimizer.learning_rate
        )

    def __enter__(self):
        return self

    def __exit__(self, *error):
        """Put the optimizer's own learning rate back."""
        self.optimizer.learning_rate = self.base
