"""One neuron: the weighted sum z = x·w + b and the output y = f(z).

Row-vector convention: a batch ``x`` of shape (batch, inputs) times weights ``w`` of shape
(inputs, outputs), plus a bias of shape (outputs,).
"""

import numpy as np

from . import activations
from ._validation import as_array, shape_error


def weighted_sum(x, w, b=0.0):
    """The weighted sum z = Σᵢ xᵢ·wᵢ + b, for one input or a batch, one neuron or several.

    Parameters
    ----------
    x : array_like, shape (n,) or (B, n)
        One input vector, or a batch of B of them (one per row).
    w : array_like, shape (n,) or (n, m)
        The weights of one neuron, or of m neurons (one column each).
    b : number or array_like of shape (m,)
        The bias (one per neuron).

    Returns
    -------
    float or numpy.ndarray
        A number for x (n,) and w (n,); shape (B,) for a batch and one neuron; (m,) for one input
        and m neurons; (B, m) for both.

    Examples
    --------
    >>> round(weighted_sum([0.5, 0.3, 0.8], [0.6, 0.4, 0.2], 0.1), 10)
    0.68
    >>> weighted_sum([[1.0, 0.5]], [[0.6, 0.4], [0.2, 0.8]], [0.1, -0.1]).round(10)
    array([[0.8, 0.7]])
    """
    x = as_array(x, "x", ndim=(1, 2))
    w = as_array(w, "w", ndim=(1, 2))
    b = as_array(b, "b", ndim=(0, 1))
    if x.shape[-1] != w.shape[0]:
        raise shape_error("x", x.shape, "w", w.shape,
                          "one weight per input: x's last axis to match w's first axis")
    outputs = () if w.ndim == 1 else (w.shape[1],)
    if b.ndim == 1 and b.shape != outputs:
        raise shape_error("b", b.shape, "w", w.shape, f"one bias per neuron, shape {outputs}")
    z = x @ w + b
    return float(z) if z.ndim == 0 else z


def neuron(x, w, b=0.0, activation="relu"):
    """The output y = f(x·w + b) of one neuron (or of m neurons side by side).

    Parameters
    ----------
    x, w, b : see :func:`weighted_sum`.
    activation : str
        A name from ``nbkernel.ACTIVATIONS`` ("relu", "sigmoid", "tanh", "gelu", ...).

    Examples
    --------
    >>> round(neuron([2.0, -1.0, 0.5], [0.5, -0.3, 0.8], 0.2, "relu"), 10)
    1.9
    """
    f = activations.activation(activation)
    y = f.function(weighted_sum(x, w, b))
    return float(y) if np.ndim(y) == 0 else y


def contributions(x, w, b=0.0):
    """Each input's share xᵢ·wᵢ of the weighted sum, and the bias, for one neuron.

    Returns
    -------
    numpy.ndarray, shape (n + 1,)
        ``[x₁w₁, ..., xₙwₙ, b]``; its sum is z.

    Examples
    --------
    >>> contributions([2.0, -1.0, 0.5], [0.5, -0.3, 0.8], 0.2).round(10)
    array([1. , 0.3, 0.4, 0.2])
    """
    x = as_array(x, "x", ndim=1)
    w = as_array(w, "w", ndim=1)
    b = as_array(b, "b", ndim=0)
    if x.shape != w.shape:
        raise shape_error("x", x.shape, "w", w.shape, "one weight per input")
    return np.append(x * w, b)
