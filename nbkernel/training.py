"""Learning: full-batch gradient descent, and finite differences to check gradients."""

import inspect

import numpy as np

from .layers import Dense, Network, as_network
from ._validation import as_array, check_positive


def gradient_step(model, X, y, lr, loss="bce"):
    """One step of gradient descent, W ← W − lr·∂L/∂W and b ← b − lr·∂L/∂b, in place.

    Returns the loss *before* the step.

    Examples
    --------
    >>> layer = Dense([[0.0], [0.0]], 0.0, "sigmoid")
    >>> round(gradient_step(layer, [[1.0, 1.0]], [1.0], lr=1.0), 4), layer.b
    (0.6931, array([0.5]))
    """
    network = as_network(model)
    check_positive(lr, "lr")
    return _step(network, *network.prepare(X, y, loss), lr)


def _step(network, X, y, chosen, lr):
    value, grads = network._backpropagate(X, y, chosen)
    for layer, (dW, db) in zip(network.layers, grads):
        layer.W -= lr * dW
        layer.b -= lr * db
    return value


def train(model, X, y, lr=1.0, epochs=1000, loss="bce", callback=None):
    """Full-batch gradient descent on ``model``, updated in place.

    Parameters
    ----------
    model : Dense or Network
    X : array_like, shape (batch, inputs)
    y : array_like, shape (batch, outputs), or (batch,) for one output
    lr : float
        Learning rate, > 0.
    epochs : int
        Number of steps, each on the whole batch.
    loss : {"bce", "mse"}
    callback : callable, optional
        Called as ``callback(epoch, model, loss)`` after every step (``loss`` is the loss before
        that step); returning ``False`` stops training early.

    Returns
    -------
    list of float
        The loss before each step.

    Examples
    --------
    >>> from nbkernel import logic_gate
    >>> X, y = logic_gate("AND")
    >>> neuron = Dense([[0.0], [0.0]], 0.0, "sigmoid")
    >>> history = train(neuron, X, y, lr=1.0, epochs=2000)
    >>> history[-1] < 0.05, neuron(X).round().ravel()
    (True, array([0., 0., 0., 1.]))
    """
    network = as_network(model)
    X, y, chosen = network.prepare(as_array(X, "X", ndim=2), y, loss)
    check_positive(lr, "lr")
    if isinstance(epochs, bool) or not isinstance(epochs, (int, np.integer)) or epochs < 0:
        raise ValueError(f"epochs must be a whole number >= 0, got {epochs!r}")
    if callback is not None and not callable(callback):
        raise TypeError(f"callback must be callable, got {type(callback).__name__}")
    history = []
    for epoch in range(epochs):
        history.append(_step(network, X, y, chosen, lr))
        if callback is not None and callback(epoch, model, history[-1]) is False:
            break
    return history


def numerical_gradient(f, x, eps=1e-6):
    """Estimate the gradient of a scalar function by central differences.

    Each entry of ``x`` is nudged by ±eps in turn and
    ∂f/∂xᵢ ≈ (f(x + eps·eᵢ) − f(x − eps·eᵢ)) / (2·eps). ``x`` is changed in place during the
    estimate and restored afterwards, so ``f`` may read it directly (e.g. a layer's ``W``).

    Parameters
    ----------
    f : callable
        Takes no argument (reads ``x``) or one argument (``x``) and returns a number.
    x : numpy.ndarray of float
    eps : float

    Returns
    -------
    numpy.ndarray shaped like ``x``.

    Examples
    --------
    >>> w = np.array([3.0])
    >>> numerical_gradient(lambda v: float(v[0] ** 2), w).round(6)
    array([6.])
    """
    if not isinstance(x, np.ndarray) or x.dtype != float:
        raise TypeError("x must be a float numpy array that f reads (it is nudged in place)")
    check_positive(eps, "eps")
    call = (lambda: f(x)) if _takes_argument(f) else f
    grad = np.zeros_like(x)
    for index in np.ndindex(x.shape):
        original = x[index]
        x[index] = original + eps
        above = call()
        x[index] = original - eps
        below = call()
        x[index] = original
        grad[index] = (above - below) / (2.0 * eps)
    return grad


def numerical_gradients(model, X, y, loss="bce", eps=1e-6):
    """Finite-difference estimates of every layer's (dW, db), to compare with backpropagation.

    Examples
    --------
    >>> net = Network([Dense([[0.5], [-0.5]], 0.1, "sigmoid")])
    >>> exact = net.gradients([[1.0, 2.0]], [1.0])[0][0]
    >>> approx = numerical_gradients(net, [[1.0, 2.0]], [1.0])[0][0]
    >>> bool(np.allclose(exact, approx, atol=1e-8))
    True
    """
    network = as_network(model)
    value = lambda: network.loss(X, y, loss)  # noqa: E731 (reads the weights being nudged)
    return [(numerical_gradient(value, layer.W, eps), numerical_gradient(value, layer.b, eps))
            for layer in network.layers]


def _takes_argument(f):
    try:
        parameters = inspect.signature(f).parameters.values()
    except (TypeError, ValueError):
        return True
    return any(p.kind in (p.POSITIONAL_ONLY, p.POSITIONAL_OR_KEYWORD, p.VAR_POSITIONAL)
               for p in parameters)
