"""Training loops: gradient descent over epochs and batches.

:func:`fit` repeats, for every epoch, a pass over the data in batches: the
gradients of the batch loss by backpropagation (:meth:`MLP.gradients
<nnscratch.network.MLP.gradients>`) and one optimizer step
(:mod:`nnscratch.optim`). ``batch_size=None`` uses all the data in every step
(full-batch gradient descent), ``batch_size=1`` one example at a time (online or
stochastic gradient descent), anything between is mini-batch descent.
"""

import numbers
import warnings

import numpy as np

from nnscratch import _checks, layers, optim, schedules
from nnscratch.network import MLP


def fit(
    net,
    X,
    T,
    epochs,
    batch_size=None,
    learning_rate=0.1,
    optimizer="sgd",
    shuffle=True,
    seed=0,
    validation=None,
    progress=False,
    weight_decay=0.0,
    dropout=0.0,
    patience=None,
    schedule=None,
):
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
        Inputs.
    T : array_like
        Targets, in any form :meth:`MLP.gradients
        <nnscratch.network.MLP.gradients>` accepts (for softmax: one-hot rows
        or integer labels of shape ``(N,)``).
    epochs : int
        Number of passes over the data, >= 1.
    batch_size : int or None, default None
        Rows per update, >= 1; ``None`` for all rows (full batch), ``1`` for
        online learning. Values above N mean full batch.
    learning_rate : float, default 0.1
        Step size, > 0, given to the optimizer named by ``optimizer``.
    optimizer : str or Optimizer, default "sgd"
        ``"sgd"``, ``"momentum"``, ``"adam"`` or ``"rmsprop"`` (see
        :func:`nnscratch.optim.get_optimizer`), or a ready-made
        :class:`~nnscratch.optim.Optimizer`, which is used with its own
        settings (``learning_rate`` is then not used).
    shuffle : bool, default True
        Shuffle the rows at the start of every epoch (irrelevant for full
        batch, where it is skipped).
    seed : int, default 0
        Seed of the shuffling.
    validation : (X_val, T_val), optional
        Data to evaluate after every epoch, never trained on.
    progress : bool, default False
        Show a progress bar over the epochs (``tqdm.auto``: in a terminal or
        a notebook), with the current loss; silently none if tqdm is missing.
    weight_decay : float, default 0.0
        lambda >= 0 of the penalty ``(lambda / 2) * sum(W**2)`` over the
        weight matrices (not the biases), added to the training loss and its
        gradient ``lambda * W`` to the weights' gradients (see
        :meth:`MLP.gradients <nnscratch.network.MLP.gradients>`).
    dropout : float, default 0.0
        The drop probability p in [0, 1) of every hidden unit during
        training (inverted dropout: kept units are scaled by ``1 / (1 - p)``),
        drawn from a generator seeded by ``seed``. :meth:`MLP.forward
        <nnscratch.network.MLP.forward>`, ``predict`` and ``loss`` never
        drop.
    patience : int, optional
        Early stopping (needs ``validation``): stop after ``patience``
        epochs in a row without a validation loss below the best so far, and
        put back the weights and biases of the best epoch.
    schedule : str or callable, optional
        A learning-rate schedule: a name of
        :data:`nnscratch.schedules.SCHEDULES` (``"step"``, ``"cosine"``,
        ``"warmup"``) or a function of the epoch (from 1) returning a factor
        > 0. Each epoch runs with the optimizer's learning rate times that
        factor; the rate is put back when ``fit`` returns.

    Returns
    -------
    history : dict of str to list of float
        ``"loss"``: for every epoch, the mean over its examples of the batch
        loss each was part of, computed before that batch's update (for full
        batch: the loss at the start of the epoch). With ``validation``:
        ``"val_loss"``, the loss on the validation data after each epoch,
        and for softmax and sigmoid outputs ``"val_accuracy"``
        (see :func:`accuracy`). With ``patience``: ``"best_epoch"``, the
        epoch (from 1) whose parameters the network holds at the end.
        With ``schedule``: ``"learning_rate"``, the rate of each epoch.

    Raises
    ------
    ValueError
        If ``X`` or ``T`` do not fit the network or each other, hold NaN or
        infinity, or a setting is out of its range (``patience`` without
        ``validation``, a schedule's factor that is not a finite number > 0).
    FloatingPointError
        If the loss, a gradient or the parameters become NaN or infinite
        ("loss became non-finite at epoch N", with the reason): the learning
        rate is too large, or the inputs are huge and need standardising
        (the message says which). The network is put back as it was at
        the start of that epoch; it never holds NaN.
    """
    if not isinstance(net, MLP):
        raise ValueError(
            f"net must be an nnscratch MLP, got {type(net).__name__}"
        )
    epochs = _checks.positive_int(epochs, "epochs")
    batch_size = _checks.positive_int(batch_size, "batch_size", allow_none=True)
    learning_rate = _checks.positive_float(learning_rate, "learning_rate")
    if not isinstance(optimizer, optim.Optimizer):
        optimizer = optim.get_optimizer(optimizer, learning_rate=learning_rate)
    # The values of X are checked during the first epoch (see _epoch).
    X, T = net._batch(X, T, check_values=False)
    gradients = _training_gradients(net, weight_decay, dropout, seed)
    stopper = _early_stopping(net, patience, validation)
    rates = _Rates(optimizer, schedule, epochs)
    if validation is not None:
        X_val, T_val = _validation_data(net, validation)
    n = X.shape[0]
    size = n if batch_size is None else min(batch_size, n)
    rng = np.random.default_rng(seed)

    history = {"loss": []}
    if validation is not None:
        history["val_loss"] = []
        if net.output != "identity":
            history["val_accuracy"] = []

    bar = _progress_bar(range(1, epochs + 1), progress)
    try:
        for epoch in bar:
            rates.start(epoch, history)
            order = rng.permutation(n) if shuffle and size < n else None
            try:
                loss = _epoch(net, X, T, order, size, optimizer,
                              check_values=epoch == 1, gradients=gradients)
            except FloatingPointError as error:
                raise _diverged(epoch, optimizer, str(error)) from None
            history["loss"].append(loss)
            if validation is not None:
                try:
                    history["val_loss"].append(float(net.loss(X_val, T_val)))
                except FloatingPointError as error:
                    reason = f"validation data: {error}"
                    raise _diverged(epoch, optimizer, reason) from None
                if "val_accuracy" in history:
                    history["val_accuracy"].append(accuracy(net, X_val, T_val))
            if stopper is not None and stopper.should_stop(epoch, history):
                break
            if progress and hasattr(bar, "set_postfix"):
                bar.set_postfix(loss=f"{loss:.4g}")
    finally:
        rates.restore()
        if hasattr(bar, "close"):
            bar.close()
    if stopper is not None:
        stopper.restore(history)
    return history


LARGE_INPUT = 1e4
"""Inputs larger than this in size make :func:`fit` warn: standardise them."""


def _epoch(net, X, T, order, size, optimizer, check_values, gradients=None):
    """Train ``net`` for one epoch; return the mean of the batch losses.

    The batches are the rows of ``X`` and ``T`` in ``order`` (a permutation,
    or None for the order they are in), ``size`` at a time. With
    ``check_values`` (in the first epoch, which visits every row once) each
    batch of ``X`` is checked for NaN, infinity and a huge size as it is
    gathered, when its numbers are already in the cache: cheaper than
    passes over all of ``X`` before training.

    If a check fails or training blows up, the parameters are put back as
    they were at the start of the epoch (one copy per epoch, not per step)
    and the ``ValueError`` or ``FloatingPointError`` is raised.

    ``gradients(X_batch, T_batch)`` returns the loss and gradients of a batch
    (by default ``net._backpropagate``, without weight decay or dropout).
    """
    gradients = gradients or net._backpropagate
    parameters = net.weights + net.biases
    saved = [p.copy() for p in parameters]
    total, warned = 0.0, False
    # NumPy's warnings are off: the checks below catch overflow.
    with np.errstate(over="ignore", invalid="ignore", divide="ignore"):
        try:
            for start in range(0, X.shape[0], size):
                batch = slice(start, start + size)
                rows = batch if order is None else order[batch]
                X_batch, T_batch = X[rows], T[rows]
                if check_values and _largest(X, X_batch) > LARGE_INPUT:
                    if not warned:  # once is enough
                        _warn_unscaled(X)
                        warned = True
                try:
                    loss, dW, db = gradients(X_batch, T_batch)
                except ValueError:
                    # Only a parameter that an earlier step made non-finite.
                    raise FloatingPointError(_overflow(X)) from None
                optimizer.step(parameters, dW + db)
                total += float(loss) * X_batch.shape[0]
            if not all(np.isfinite(p).all() for p in parameters):
                raise FloatingPointError(_overflow(X))
        except (ValueError, FloatingPointError):
            _restore(parameters, saved)
            raise
    return total / X.shape[0]


def _largest(X, X_batch):
    """The largest absolute value in ``X_batch``, rows of ``X``, checked to be finite."""
    try:
        return _checks.check_finite(X_batch, "X")
    except ValueError:
        pass  # the place in the batch would mislead: name the one in all of X
    return _checks.check_finite(X, "X")  # raises


def _warn_unscaled(X):
    """Warn that ``X`` is on a scale that training cannot cope with unstandardised."""
    largest = _checks.check_finite(X, "X")  # its largest absolute value
    warnings.warn(
        f"X has values up to {largest:.3g}: inputs this large saturate sigmoid and "
        "tanh units and overflow ReLU networks; standardise the inputs (subtract "
        "each column's mean, divide by its standard deviation)",
        RuntimeWarning,
        stacklevel=4,  # the call of fit
    )


def _overflow(X):
    """Why the parameters became non-finite, with advice when the inputs ``X`` are huge."""
    reason = "the parameters overflowed"
    largest_input = _checks.check_finite(X, "X")  # its largest absolute value
    if largest_input > LARGE_INPUT:
        reason += f": X has values up to {largest_input:.3g}; standardise the inputs"
    return reason


def _restore(parameters, saved):
    """Put the saved values back into the parameter arrays, in place."""
    for p, value in zip(parameters, saved):
        p[...] = value


def _diverged(epoch, optimizer, reason):
    """The error :func:`fit` raises when training blows up at ``epoch``."""
    return FloatingPointError(
        f"loss became non-finite at epoch {epoch} ({reason}); try a smaller "
        f"learning rate than {optimizer.learning_rate}"
    )


def _validation_data(net, validation):
    """Check ``validation = (X_val, T_val)``; errors say it is the validation data."""
    if not isinstance(validation, (tuple, list)) or len(validation) != 2:
        raise ValueError("validation must be a pair (X_val, T_val)")
    try:
        return net._batch(*validation)
    except ValueError as error:
        raise ValueError(f"validation data: {error}") from None


def _progress_bar(iterable, enabled):
    """``iterable`` wrapped in a tqdm progress bar, if wanted and available."""
    if not enabled:
        return iterable
    try:
        with warnings.catch_warnings():
            # Without ipywidgets, tqdm.auto warns and falls back to text.
            warnings.simplefilter("ignore")
            from tqdm.auto import tqdm
    except ImportError:
        return iterable
    return tqdm(iterable, desc="training", unit="epoch")


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
        raise ValueError(f"net must be an nnscratch MLP, got {type(net).__name__}")
    if net.output == "identity":
        raise ValueError(
            "accuracy needs a classifier (output 'softmax' or 'sigmoid'); "
            "this network's output is 'identity': use a loss such as losses.mse"
        )
    X, T = net._batch(X, T)
    predicted = net.predict(X)
    if net.output == "softmax":
        return float(np.mean(predicted == np.argmax(T, axis=1)))
    return float(np.mean(predicted == (T >= 0.5)))


def confusion_matrix(labels, predicted, n_classes=None):
    """Count how often each true class was predicted as each class.

    Parameters
    ----------
    labels : array_like of int, shape (N,)
        The true classes, ``0 .. K-1``.
    predicted : array_like of int, shape (N,)
        The predicted classes, for example ``net.predict(X)`` (a sigmoid
        network's ``(N, 1)`` predictions are accepted too).
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


def _training_gradients(net, weight_decay, dropout, seed):
    """The function ``(X_batch, T_batch) -> (loss, dW, db)`` that training steps on.

    It adds the weight-decay penalty and, for ``dropout`` > 0, draws a fresh
    dropout mask per hidden layer and batch from its own generator, seeded by
    ``seed`` (so that the shuffling does not depend on dropout).
    """
    weight_decay = _checks.nonnegative_float(weight_decay, "weight_decay")
    dropout = _checks.fraction(dropout, "dropout")
    if not dropout:
        return lambda X, T: net._backpropagate(X, T, weight_decay)
    rng = np.random.default_rng((seed, 1))
    widths = net.sizes[1:-1]

    def gradients(X, T):
        masks = [layers._dropout_mask((X.shape[0], width), dropout, rng, net.dtype)
                 for width in widths]
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
        """Record ``epoch``'s validation loss; True after ``patience`` epochs without progress."""
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
        self.factor = None if schedule is None else schedules.get_schedule(schedule, epochs)

    def start(self, epoch, history):
        """Set the rate of ``epoch`` and record it in ``history["learning_rate"]``."""
        if self.factor is None:
            return
        factor = self.factor(epoch)
        if isinstance(factor, bool) or not isinstance(factor, numbers.Real) \
                or not np.isfinite(factor) or factor <= 0:
            raise ValueError(
                f"schedule must return a finite number > 0 for every epoch, "
                f"but returned {factor!r} for epoch {epoch}"
            )
        self.optimizer.learning_rate = self.base * float(factor)
        history.setdefault("learning_rate", []).append(self.optimizer.learning_rate)

    def restore(self):
        """Put the optimizer's own learning rate back."""
        self.optimizer.learning_rate = self.base
