"""Loss functions and their gradients, with PyTorch's definitions and its default mean reduction.

"bce" and "mse" average over every element of the predictions; "cross_entropy" takes one row of
logits per example (row-vector convention, shape (batch, classes)) and averages over the examples,
as ``torch.nn.functional.cross_entropy`` does. ``LOSSES`` maps each name to a :class:`Loss`
holding the value and the gradient with respect to the predictions (for cross-entropy: the
logits).
"""

from dataclasses import dataclass
from typing import Callable

import numpy as np

from ._validation import as_array, shape_error
from .activations import _log_softmax_kernel, _softmax_kernel

_LOG_FLOOR = -100.0  # PyTorch's BCELoss clamps log(p) at −100, so p = 0 or 1 stays finite


def _pair(y_true, y_pred):
    y_true = as_array(y_true, "y_true")
    y_pred = as_array(y_pred, "y_pred")
    if y_true.shape != y_pred.shape:
        raise shape_error("y_true", y_true.shape, "y_pred", y_pred.shape,
                          "one target per prediction (the same shape)")
    return y_true, y_pred


def _check_probabilities(y_true, y_pred):
    for name, values in (("y_true", y_true), ("y_pred", y_pred)):
        if np.any((values < 0) | (values > 1)):
            raise ValueError(f"binary cross-entropy needs {name} between 0 and 1, got values "
                             f"from {values.min():g} to {values.max():g}; use a sigmoid output "
                             "or the 'mse' loss")


def _clamped_log(p):
    return np.maximum(np.log(np.maximum(p, 1e-300)), _LOG_FLOOR)  # 1e-300: log(0) never runs


def _bce_kernel(y_true, y_pred):
    logs = y_true * _clamped_log(y_pred) + (1.0 - y_true) * _clamped_log(1.0 - y_pred)
    return -float(logs.sum()) / logs.size


def _bce_gradient_kernel(y_true, y_pred):
    p = np.clip(y_pred, 1e-12, 1.0 - 1e-12)
    return (p - y_true) / (p * (1.0 - p)) / y_true.size


def _mse_kernel(y_true, y_pred):
    error = y_pred - y_true
    return float((error * error).sum()) / error.size


def _mse_gradient_kernel(y_true, y_pred):
    return 2.0 * (y_pred - y_true) / y_true.size


def bce_loss(y_true, y_pred):
    """Binary cross-entropy, mean of −[y·log p + (1 − y)·log(1 − p)].

    Safe at predictions of exactly 0 or 1: log is clamped at −100 as in PyTorch.

    Examples
    --------
    >>> round(bce_loss([1.0, 0.0], [0.9, 0.1]), 6)
    0.105361
    >>> bce_loss([1.0], [0.0])
    100.0
    """
    y_true, y_pred = _pair(y_true, y_pred)
    _check_probabilities(y_true, y_pred)
    return _bce_kernel(y_true, y_pred)


def bce_gradient(y_true, y_pred):
    """∂L/∂p of the mean binary cross-entropy: (p − y) / (p(1 − p)) / N.

    Predictions are kept at least 1e-12 away from 0 and 1 so the gradient stays finite.

    Examples
    --------
    >>> bce_gradient([1.0, 0.0], [0.5, 0.5])
    array([-1.,  1.])
    """
    y_true, y_pred = _pair(y_true, y_pred)
    _check_probabilities(y_true, y_pred)
    return _bce_gradient_kernel(y_true, y_pred)


def mse_loss(y_true, y_pred):
    """Mean squared error, mean of (p − y)².

    Examples
    --------
    >>> mse_loss([1.0, 0.0], [0.5, 0.5])
    0.25
    """
    y_true, y_pred = _pair(y_true, y_pred)
    return _mse_kernel(y_true, y_pred)


def mse_gradient(y_true, y_pred):
    """∂L/∂p of the mean squared error: 2(p − y) / N.

    Examples
    --------
    >>> mse_gradient([1.0, 0.0], [0.5, 0.5])
    array([-0.5,  0.5])
    """
    y_true, y_pred = _pair(y_true, y_pred)
    return _mse_gradient_kernel(y_true, y_pred)


def class_targets(y, classes, name="y"):
    """Targets for cross-entropy as a (batch, classes) array of class probabilities.

    Parameters
    ----------
    y : array_like
        Either class numbers 0, 1, ..., classes − 1, shape (batch,) (or (batch, 1)), which become
        one-hot rows, or class probabilities, shape (batch, classes), each row between 0 and 1
        and summing to 1 (one-hot rows are the common case).
    classes : int
        Number of classes, one logit per class.
    name : str
        The argument's name, used in error messages.

    Examples
    --------
    >>> class_targets([2, 0], classes=3)
    array([[0., 0., 1.],
           [1., 0., 0.]])
    """
    y = as_array(y, name, ndim=(1, 2))
    if y.ndim == 1 or y.shape[1] == 1:
        labels = y.ravel()
        if np.any(labels != np.round(labels)) or np.any((labels < 0) | (labels >= classes)):
            bad = labels[(labels != np.round(labels)) | (labels < 0) | (labels >= classes)][0]
            raise ValueError(f"{name} holds class numbers, which must be whole numbers from 0 to "
                             f"{classes - 1} (one per logit), got {bad:g}")
        return np.eye(classes)[labels.astype(int)]
    if y.shape[1] != classes:
        raise ValueError(f"{name} has shape {y.shape}, but there are {classes} classes: give class "
                         f"numbers, shape (batch,), or probabilities, shape (batch, {classes})")
    if np.any((y < 0) | (y > 1)) or not np.allclose(y.sum(axis=1), 1.0, rtol=0.0, atol=1e-6):
        raise ValueError(f"{name} of shape {y.shape} holds class probabilities, so every value "
                         "must lie between 0 and 1 and every row must sum to 1 (e.g. one-hot "
                         "rows); for class numbers give shape (batch,)")
    return y


def _logits_and_targets(y_true, logits):
    Z = as_array(logits, "logits", ndim=(1, 2))
    y = as_array(y_true, "y_true", ndim=(0, 1, 2))
    if Z.ndim == 1:  # one example: a row of logits with one label or one row of probabilities
        Z = Z[np.newaxis]
        y = y.reshape(1) if y.ndim == 0 else y[np.newaxis]
    if Z.shape[1] < 2:
        raise ValueError("cross-entropy needs at least 2 classes (one logit per class), got "
                         f"logits of shape {Z.shape}")
    if y.ndim == 0 or y.shape[0] != Z.shape[0]:
        raise shape_error("y_true", y.shape, "logits", Z.shape,
                          "one target (a class number or a row of probabilities) per row of "
                          "logits")
    return class_targets(y, Z.shape[1], "y_true"), Z


def _cross_entropy_kernel(Y, Z):
    return -float((Y * _log_softmax_kernel(Z)).sum()) / Z.shape[0]


def _cross_entropy_gradient_kernel(Y, Z):
    # ∂L/∂Z of −Σⱼ yⱼ·log softmax(z)ⱼ, averaged over N rows: (softmax(z)·Σⱼ yⱼ − y) / N,
    # which is (softmax(z) − y) / N for one-hot or probability rows.
    return (_softmax_kernel(Z) * Y.sum(axis=1, keepdims=True) - Y) / Z.shape[0]


def cross_entropy_loss(y_true, logits):
    """Cross-entropy of softmax(logits) against the targets, averaged over the examples.

    L = −(1/N) Σₙ Σⱼ yₙⱼ · log softmax(zₙ)ⱼ, which for class numbers is the mean of
    −log softmax(zₙ)[yₙ]: exactly ``torch.nn.functional.cross_entropy(logits, y)`` (note that
    PyTorch takes the logits first). Computed through a stable log-softmax, so it stays finite for
    logits of any size.

    Parameters
    ----------
    y_true : array_like
        Class numbers 0 … classes − 1, shape (batch,), or class probabilities (e.g. one-hot),
        shape (batch, classes).
    logits : array_like, shape (batch, classes)
        Scores before the softmax, one row per example; a single row (classes,) is one example.

    Examples
    --------
    >>> round(cross_entropy_loss([0], [[2.0, 1.0, 0.1]]), 6)
    0.41703
    >>> cross_entropy_loss([1, 0], [[0.0, 0.0], [0.0, 0.0]]) == float(np.log(2))
    True
    """
    Y, Z = _logits_and_targets(y_true, logits)
    return _cross_entropy_kernel(Y, Z)


def cross_entropy_gradient(y_true, logits):
    """∂L/∂logits of the mean cross-entropy: (softmax(z) − y) / N, y one-hot or probabilities.

    Examples
    --------
    >>> cross_entropy_gradient([1], [[0.0, 0.0]])
    array([[ 0.5, -0.5]])
    """
    Y, Z = _logits_and_targets(y_true, logits)
    gradient = _cross_entropy_gradient_kernel(Y, Z)
    return gradient[0] if np.ndim(logits) == 1 else gradient


@dataclass(frozen=True)
class Loss:
    """A loss function paired with its gradient with respect to the predictions.

    Examples
    --------
    >>> LOSSES["mse"].gradient([1.0], [3.0])
    array([4.])
    """

    name: str
    value: Callable
    gradient: Callable
    kernel: Callable  # the same formulas on checked arrays, for training loops
    kernel_gradient: Callable


LOSSES = {
    "bce": Loss("bce", bce_loss, bce_gradient, _bce_kernel, _bce_gradient_kernel),
    "mse": Loss("mse", mse_loss, mse_gradient, _mse_kernel, _mse_gradient_kernel),
    "cross_entropy": Loss("cross_entropy", cross_entropy_loss, cross_entropy_gradient,
                          _cross_entropy_kernel, _cross_entropy_gradient_kernel),
}


def loss_function(name):
    """Look up a loss by name ("bce", "mse" or "cross_entropy").

    Examples
    --------
    >>> loss_function("mse").value([0.0], [2.0])
    4.0
    """
    if not isinstance(name, str) or name.lower() not in LOSSES:
        known = ", ".join(sorted(LOSSES))
        raise ValueError(f"unknown loss {name!r}; known losses: {known}")
    return LOSSES[name.lower()]
