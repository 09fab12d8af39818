"""Activation functions and their derivatives, registered by name.

Every function works elementwise on a number, a list or an array and follows PyTorch's definitions
exactly (float64 results agree to about 1e-12). Each is written so that it stays finite and raises
no floating-point warning for inputs as large as |z| = 1e4.

``ACTIVATIONS`` maps each name to an :class:`Activation` holding the function and its derivative;
``activation(name)`` looks one up and ``derivative(name, z)`` evaluates a derivative by name.
``softmax`` works on whole rows rather than elementwise, so it stands outside the registry; its
gradient is used through the cross-entropy loss (``nbkernel.losses``).
"""

import math
from dataclasses import dataclass
from functools import partial
from typing import Callable

import numpy as np

from ._validation import as_array

_SQRT_2_OVER_PI = math.sqrt(2.0 / math.pi)
_GELU_TANH_CUBIC = 0.044715
_erfc = np.vectorize(math.erfc, otypes=[float])


def _elementwise(z):
    return as_array(z, "z")


def _result(values):
    """Return a Python float for a single number and the array otherwise."""
    return float(values) if values.ndim == 0 else values


# Kernels: the formulas themselves, on float arrays that have already been checked. Layers and
# training call these in their inner loops; the public functions below check their input first.

def _identity_kernel(z):
    return z


def _identity_derivative_kernel(z):
    return np.ones_like(z)


def _relu_kernel(z):
    return np.maximum(z, 0.0)


def _relu_derivative_kernel(z):
    return (z > 0).astype(float)


def _sigmoid_kernel(z):
    # For z < 0 use the equal form e^z / (1 + e^z), so e is only ever raised to −|z|.
    e = np.exp(-np.abs(z))
    return np.where(z >= 0, 1.0, e) / (1.0 + e)


def _sigmoid_derivative_kernel(z):
    e = np.exp(-np.abs(z))  # σ(z)(1 − σ(z)) = e^(−|z|) / (1 + e^(−|z|))²
    return e / (1.0 + e) ** 2


def _tanh_derivative_kernel(z):
    t = np.tanh(z)
    return 1.0 - t * t


def _normal_cdf_kernel(z):
    return 0.5 * _erfc(-z / math.sqrt(2.0))


def _normal_pdf_kernel(z):
    return np.exp(-0.5 * z * z) / math.sqrt(2.0 * math.pi)


def _gelu_kernel(z, approximate="none"):
    if approximate == "tanh":
        inner = _SQRT_2_OVER_PI * (z + _GELU_TANH_CUBIC * z**3)
        return 0.5 * z * (1.0 + np.tanh(inner))
    return z * _normal_cdf_kernel(z)


def _gelu_derivative_kernel(z, approximate="none"):
    if approximate == "tanh":
        t = np.tanh(_SQRT_2_OVER_PI * (z + _GELU_TANH_CUBIC * z**3))
        d_inner = _SQRT_2_OVER_PI * (1.0 + 3.0 * _GELU_TANH_CUBIC * z * z)
        return 0.5 * (1.0 + t) + 0.5 * z * (1.0 - t * t) * d_inner
    return _normal_cdf_kernel(z) + z * _normal_pdf_kernel(z)


def identity(z):
    """The identity ("linear") activation, f(z) = z.

    Examples
    --------
    >>> identity(-1.5)
    -1.5
    """
    return _result(_elementwise(z))


def identity_derivative(z):
    """Derivative of the identity: 1 everywhere.

    Examples
    --------
    >>> identity_derivative([-2.0, 3.0])
    array([1., 1.])
    """
    return _result(_identity_derivative_kernel(_elementwise(z)))


def relu(z):
    """Rectified linear unit, ReLU(z) = max(0, z).

    Examples
    --------
    >>> relu([-1.0, 0.0, 0.68])
    array([0.  , 0.  , 0.68])
    """
    return _result(_relu_kernel(_elementwise(z)))


def relu_derivative(z):
    """Derivative of ReLU: 1 where z > 0, else 0 (0 at exactly z = 0, as in PyTorch).

    Examples
    --------
    >>> relu_derivative([-1.0, 0.0, 2.0])
    array([0., 0., 1.])
    """
    return _result(_relu_derivative_kernel(_elementwise(z)))


def sigmoid(z):
    """Logistic sigmoid, σ(z) = 1 / (1 + e^(−z)), computed without overflow.

    Examples
    --------
    >>> round(sigmoid(0.0), 3), sigmoid(-1e4), sigmoid(1e4)
    (0.5, 0.0, 1.0)
    """
    return _result(_sigmoid_kernel(_elementwise(z)))


def sigmoid_derivative(z):
    """Derivative of the sigmoid: σ′(z) = σ(z)(1 − σ(z)).

    Examples
    --------
    >>> sigmoid_derivative(0.0)
    0.25
    """
    return _result(_sigmoid_derivative_kernel(_elementwise(z)))


def tanh(z):
    """Hyperbolic tangent, tanh(z) = (e^z − e^(−z)) / (e^z + e^(−z)).

    Examples
    --------
    >>> tanh(0.0)
    0.0
    """
    return _result(np.tanh(_elementwise(z)))


def tanh_derivative(z):
    """Derivative of tanh: 1 − tanh(z)².

    Examples
    --------
    >>> tanh_derivative(0.0)
    1.0
    """
    return _result(_tanh_derivative_kernel(_elementwise(z)))


def _check_approximate(approximate):
    if approximate not in ("none", "tanh"):
        raise ValueError(f"approximate must be 'none' or 'tanh', got {approximate!r}")


def normal_cdf(z):
    """Standard normal cumulative distribution Φ(z) = ½(1 + erf(z/√2)).

    Examples
    --------
    >>> normal_cdf(0.0)
    0.5
    """
    return _result(_normal_cdf_kernel(_elementwise(z)))


def normal_pdf(z):
    """Standard normal density φ(z) = e^(−z²/2) / √(2π).

    Examples
    --------
    >>> round(normal_pdf(0.0), 4)
    0.3989
    """
    return _result(_normal_pdf_kernel(_elementwise(z)))


def gelu(z, approximate="none"):
    """Gaussian error linear unit, GELU(z) = z·Φ(z), as in PyTorch's ``nn.GELU``.

    Parameters
    ----------
    z : number, list or array
    approximate : {"none", "tanh"}
        "none" uses the exact normal CDF Φ (through erf); "tanh" uses the approximation
        ½·z·(1 + tanh(√(2/π)·(z + 0.044715·z³))).

    Examples
    --------
    >>> round(gelu(1.0), 6), round(gelu(1.0, approximate="tanh"), 6)
    (0.841345, 0.841192)
    """
    _check_approximate(approximate)
    return _result(_gelu_kernel(_elementwise(z), approximate))


def gelu_derivative(z, approximate="none"):
    """Derivative of GELU: Φ(z) + z·φ(z) exactly, or the derivative of the tanh form.

    Examples
    --------
    >>> gelu_derivative(0.0)
    0.5
    """
    _check_approximate(approximate)
    return _result(_gelu_derivative_kernel(_elementwise(z), approximate))


def _softmax_kernel(Z):
    # Subtracting each row's maximum changes nothing (softmax(z + c) = softmax(z)) and keeps
    # every exponent <= 0, so e^z never overflows.
    e = np.exp(Z - Z.max(axis=-1, keepdims=True))
    return e / e.sum(axis=-1, keepdims=True)


def _log_softmax_kernel(Z):
    shifted = Z - Z.max(axis=-1, keepdims=True)
    return shifted - np.log(np.exp(shifted).sum(axis=-1, keepdims=True))


def softmax(Z):
    """Softmax of each row: softmax(z)ⱼ = e^(zⱼ) / Σₖ e^(zₖ), computed without overflow.

    Unlike the elementwise activations in ``ACTIVATIONS``, softmax mixes the numbers of a row:
    it turns a row of scores (logits) into probabilities that are positive and sum to 1. Each
    row's maximum is subtracted first, which leaves the result unchanged and keeps e^z finite.

    Parameters
    ----------
    Z : array_like, shape (batch, classes) or (classes,)
        One row of logits per example (row-vector convention).

    Returns
    -------
    numpy.ndarray, the same shape as ``Z``; every row sums to 1.

    Examples
    --------
    >>> softmax([1.0, 2.0, 3.0]).round(4)
    array([0.09  , 0.2447, 0.6652])
    >>> softmax([[1000.0, 1000.0], [0.0, 0.0]])
    array([[0.5, 0.5],
           [0.5, 0.5]])
    """
    Z = as_array(Z, "Z", ndim=(1, 2))
    if Z.shape[-1] == 0:
        raise ValueError(f"Z must hold at least one logit per row, got shape {Z.shape}")
    return _softmax_kernel(Z)


@dataclass(frozen=True)
class Activation:
    """An activation function paired with its derivative.

    Examples
    --------
    >>> ACTIVATIONS["relu"].function(-2.0)
    0.0
    """

    name: str
    label: str
    function: Callable
    derivative: Callable
    kernel: Callable  # the same formulas on checked float arrays, for inner loops
    kernel_derivative: Callable


ACTIVATIONS = {
    "relu": Activation("relu", "ReLU", relu, relu_derivative,
                       _relu_kernel, _relu_derivative_kernel),
    "sigmoid": Activation("sigmoid", "σ", sigmoid, sigmoid_derivative,
                          _sigmoid_kernel, _sigmoid_derivative_kernel),
    "tanh": Activation("tanh", "tanh", tanh, tanh_derivative, np.tanh, _tanh_derivative_kernel),
    "gelu": Activation("gelu", "GELU", gelu, gelu_derivative,
                       _gelu_kernel, _gelu_derivative_kernel),
    "gelu_tanh": Activation("gelu_tanh", "GELU (tanh approx.)",
                            partial(gelu, approximate="tanh"),
                            partial(gelu_derivative, approximate="tanh"),
                            partial(_gelu_kernel, approximate="tanh"),
                            partial(_gelu_derivative_kernel, approximate="tanh")),
    "identity": Activation("identity", "identity", identity, identity_derivative,
                           _identity_kernel, _identity_derivative_kernel),
    "linear": Activation("linear", "linear", identity, identity_derivative,
                         _identity_kernel, _identity_derivative_kernel),
}


def activation(name):
    """Look up a registered activation by name.

    Raises
    ------
    TypeError
        If ``name`` is not a string.
    ValueError
        If no activation has that name; the message lists the known names.

    Examples
    --------
    >>> activation("tanh").derivative(0.0)
    1.0
    """
    if not isinstance(name, str):
        raise TypeError(f"activation must be a name (str), got {type(name).__name__} {name!r}")
    try:
        return ACTIVATIONS[name.lower()]
    except KeyError:
        known = ", ".join(sorted(ACTIVATIONS))
        raise ValueError(f"unknown activation {name!r}; known activations: {known}") from None


def apply(name, z, **kwargs):
    """Apply the activation called ``name`` to ``z`` elementwise.

    Examples
    --------
    >>> apply("relu", [-1.0, 2.0])
    array([0., 2.])
    """
    return activation(name).function(z, **kwargs)


def derivative(name, z, **kwargs):
    """The elementwise derivative of the activation called ``name`` at ``z``.

    Extra keyword arguments go to the derivative, e.g. ``approximate="tanh"`` for GELU.

    Examples
    --------
    >>> derivative("sigmoid", 0.0)
    0.25
    >>> derivative("relu", 0.0)
    0.0
    """
    return activation(name).derivative(z, **kwargs)
