"""Loss functions (mean over every element, PyTorch's default) and their gradients.

``LOSSES`` maps each name to a :class:`Loss` holding the value and the gradient with respect to
the predictions.
"""

from dataclasses import dataclass
from typing import Callable

import numpy as np

from ._validation import as_array, shape_error

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
}


def loss_function(name):
    """Look up a loss by name ("bce" or "mse").

    Examples
    --------
    >>> loss_function("mse").value([0.0], [2.0])
    4.0
    """
    if not isinstance(name, str) or name.lower() not in LOSSES:
        known = ", ".join(sorted(LOSSES))
        raise ValueError(f"unknown loss {name!r}; known losses: {known}")
    return LOSSES[name.lower()]
