"""Learning: gradient descent (full batch or mini-batch SGD, as ``torch.optim.SGD`` does it), and
finite differences to check gradients."""

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


def train(model, X, y, lr=1.0, epochs=1000, loss="bce", callback=None, *, batch_size=None,
          shuffle=True, seed=0, weight_decay=0.0, momentum=0.0):
    """Gradient descent on ``model``, updated in place: full batch, or mini-batch SGD.

    Each step follows ``torch.optim.SGD`` (dampening 0, no Nesterov) given every W and b:

    - g = ∂L/∂θ + weight_decay·θ  (L2 weight decay, applied to the biases as well as the
      weights, as PyTorch's SGD applies it to every parameter it is given);
    - v = momentum·v + g, then g = v  (only when momentum > 0; v starts at 0 in each call);
    - θ ← θ − lr·g.

    Parameters
    ----------
    model : Dense or Network
    X : array_like, shape (batch, inputs)
    y : array_like
        Shape (batch, outputs), or (batch,) for one output; for "cross_entropy", class numbers,
        shape (batch,), or class probabilities, shape (batch, outputs).
    lr : float
        Learning rate, > 0.
    epochs : int
        Number of passes over the data.
    loss : {"bce", "mse", "cross_entropy"}
    callback : callable, optional
        Called as ``callback(epoch, model, loss)`` after every epoch (``loss`` as in the returned
        history); returning ``False`` stops training early.
    batch_size : int, optional
        Examples per step. None (the default), or at least the number of examples, takes one
        step per epoch on the whole batch. Otherwise each epoch takes ⌈N / batch_size⌉ steps on
        consecutive slices of the examples (the last slice may be smaller).
    shuffle : bool
        With mini-batches, reorder the examples before every epoch with
        ``numpy.random.default_rng(seed).permutation(N)`` (one generator for the whole call).
    seed : int or numpy.random.Generator
        Seed of the shuffling, so the same call gives the same result.
    weight_decay : float
        L2 coefficient λ ≥ 0 (the loss gains λ/2·Σθ² over every weight and bias).
    momentum : float
        Momentum coefficient, 0 ≤ momentum < 1; 0 is plain gradient descent.

    Returns
    -------
    list of float
        One number per epoch: the loss before the step on the whole batch, or with mini-batches
        the mean over the epoch's examples of the loss each slice had before its step (without
        the weight-decay term).

    Examples
    --------
    >>> from nbkernel import logic_gate
    >>> X, y = logic_gate("AND")
    >>> neuron = Dense([[0.0], [0.0]], 0.0, "sigmoid")
    >>> history = train(neuron, X, y, lr=1.0, epochs=2000)
    >>> history[-1] < 0.05, neuron(X).round().ravel()
    (True, array([0., 0., 0., 1.]))
    >>> neuron = Dense([[0.0], [0.0]], 0.0, "sigmoid")
    >>> history = train(neuron, X, y, lr=0.5, epochs=500, batch_size=2, seed=1, momentum=0.9)
    >>> neuron(X).round().ravel()
    array([0., 0., 0., 1.])
    """
    network = as_network(model)
    X, y, chosen = network.prepare(as_array(X, "X", ndim=2), y, loss)
    check_positive(lr, "lr")
    if isinstance(epochs, bool) or not isinstance(epochs, (int, np.integer)) or epochs < 0:
        raise ValueError(f"epochs must be a whole number >= 0, got {epochs!r}")
    if callback is not None and not callable(callback):
        raise TypeError(f"callback must be callable, got {type(callback).__name__}")
    if batch_size is not None:
        check_positive(batch_size, "batch_size", integer=True)
    if not isinstance(shuffle, (bool, np.bool_)):
        raise TypeError(f"shuffle must be True or False, got {type(shuffle).__name__} "
                        f"{shuffle!r}")
    if isinstance(seed, bool) or not isinstance(seed, (int, np.integer, np.random.Generator)):
        raise TypeError(f"seed must be a whole number or a numpy.random.Generator, got "
                        f"{type(seed).__name__} {seed!r}")
    if not isinstance(seed, np.random.Generator) and seed < 0:
        raise ValueError(f"seed must be a whole number >= 0, got {seed!r}")
    _check_fraction(weight_decay, "weight_decay", upper=None)
    _check_fraction(momentum, "momentum", upper=1.0)
    n = X.shape[0]
    full_batch = batch_size is None or batch_size >= n  # one step per epoch on all examples
    rng = None if full_batch or not shuffle else np.random.default_rng(seed)
    velocity = ([[np.zeros_like(layer.W), np.zeros_like(layer.b)] for layer in network.layers]
                if momentum else None)
    history = []
    for epoch in range(epochs):
        if full_batch:
            value = _sgd_step(network, X, y, chosen, lr, weight_decay, momentum, velocity)
        else:
            order = rng.permutation(n) if shuffle else np.arange(n)
            total = 0.0
            for start in range(0, n, batch_size):
                rows = order[start:start + batch_size]
                total += len(rows) * _sgd_step(network, X[rows], y[rows], chosen, lr,
                                               weight_decay, momentum, velocity)
            value = total / n
        history.append(value)
        if callback is not None and callback(epoch, model, history[-1]) is False:
            break
    return history


def _sgd_step(network, X, y, chosen, lr, weight_decay, momentum, velocity):
    if not weight_decay and velocity is None:
        return _step(network, X, y, chosen, lr)  # plain gradient descent, as before
    value, grads = network._backpropagate(X, y, chosen)
    for i, (layer, pair) in enumerate(zip(network.layers, grads)):
        for j, (param, grad) in enumerate(zip((layer.W, layer.b), pair)):
            if weight_decay:
                grad = grad + weight_decay * param
            if velocity is not None:
                buffer = velocity[i][j]
                buffer *= momentum
                buffer += grad
                grad = buffer
            param -= lr * grad
    return value


def _check_fraction(value, name, upper):
    if isinstance(value, bool) or not isinstance(value, (int, float, np.integer, np.floating)):
        raise TypeError(f"{name} must be a number, got {type(value).__name__} {value!r}")
    if not np.isfinite(value) or value < 0 or (upper is not None and value >= upper):
        expected = f"0 <= {name} < {upper:g}" if upper is not None else f"{name} >= 0"
        raise ValueError(f"{name} must be a finite number with {expected}, got {value!r}")
    return value


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
