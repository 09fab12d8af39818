"""Layers and networks: ``Dense`` computes A = f(X @ W + b); ``Network`` chains them.

Row-vector convention throughout: a batch ``X`` has shape (batch, inputs), a weight matrix ``W``
has shape (inputs, outputs) (row i holds the connections *from* input i, column j those *to*
neuron j), and a bias ``b`` has shape (outputs,).
"""

from typing import NamedTuple

import numpy as np

from . import activations
from . import losses
from ._validation import as_array, shape_error


class Dense:
    """A fully connected layer, A = f(X @ W + b).

    Parameters
    ----------
    W : array_like, shape (inputs, outputs)
    b : number or array_like of shape (outputs,)
        A single number gives every neuron the same bias.
    activation : str
        A name from ``nbkernel.ACTIVATIONS``.

    Examples
    --------
    >>> layer = Dense([[0.6, 0.4], [0.2, 0.8]], [0.1, -0.1], "relu")
    >>> layer([1.0, 0.5]).round(10)
    array([0.8, 0.7])
    """

    def __init__(self, W, b=0.0, activation="relu"):
        self.W = as_array(W, "W", ndim=2)
        b = as_array(b, "b", ndim=(0, 1))
        if b.ndim == 0:
            b = np.full(self.W.shape[1], float(b))
        if b.shape != (self.W.shape[1],):
            raise shape_error("b", b.shape, "W", self.W.shape,
                              f"one bias per output neuron, shape ({self.W.shape[1]},)")
        self.b = b
        self.activation = activation

    @property
    def activation(self):
        """Name of the layer's activation function (settable; checked against the registry)."""
        return self._activation.name

    @activation.setter
    def activation(self, name):
        self._activation = activations.activation(name)

    @property
    def inputs(self):
        """Number of inputs (rows of W)."""
        return self.W.shape[0]

    @property
    def outputs(self):
        """Number of neurons (columns of W)."""
        return self.W.shape[1]

    def forward(self, X):
        """Return ``(Z, A)`` for a batch ``X`` of shape (batch, inputs), both (batch, outputs).

        Examples
        --------
        >>> Z, A = Dense([[1.0], [1.0]], -1.5, "relu").forward([[1.0, 1.0], [0.0, 1.0]])
        >>> Z.ravel(), A.ravel()
        (array([ 0.5, -0.5]), array([0.5, 0. ]))
        """
        X = self._check_input(X)
        return self._forward(X[np.newaxis] if X.ndim == 1 else X)

    def _forward(self, X):
        Z = X @ self.W + self.b
        return Z, self._activation.kernel(Z)

    def __call__(self, X):
        X = self._check_input(X)
        single = X.ndim == 1
        _, A = self._forward(X[np.newaxis] if single else X)
        return A[0] if single else A

    def _check_input(self, X):
        X = as_array(X, "X", ndim=(1, 2))
        if X.shape[-1] != self.inputs:
            raise shape_error("X", X.shape, "W", self.W.shape,
                              f"{self.inputs} input column(s), one per row of W")
        return X

    def copy(self):
        """An independent copy (its W and b are new arrays)."""
        return Dense(self.W.copy(), self.b.copy(), self.activation)

    def __repr__(self):
        return (f"Dense(inputs={self.inputs}, outputs={self.outputs}, "
                f"activation={self.activation!r})")


class LayerTrace(NamedTuple):
    """What one layer did in a forward pass: its input, weighted sums Z and output A.

    All arrays have one row per example of the batch.

    Examples
    --------
    >>> step = Network([Dense([[2.0]], -1.0, "relu")]).trace([[0.25]])[0]
    >>> step.input, step.z, step.output
    (array([[0.25]]), array([[-0.5]]), array([[0.]]))
    """

    index: int
    layer: Dense
    input: np.ndarray
    z: np.ndarray
    output: np.ndarray


class Network:
    """A stack of layers, each feeding the next, checked to fit together when built.

    Parameters
    ----------
    layers : sequence of Dense

    Examples
    --------
    >>> net = Network([Dense([[0.6, 0.4], [0.2, 0.8]], [0.1, -0.1], "relu"),
    ...                Dense([[0.5], [0.7]], 0.2, "relu")])
    >>> net([1.0, 0.5]).round(10)
    array([1.09])
    """

    def __init__(self, layers):
        layers = list(layers)
        if not layers:
            raise ValueError("a Network needs at least one layer, got none")
        for i, layer in enumerate(layers):
            if not isinstance(layer, Dense):
                raise TypeError(f"layers[{i}] must be a Dense layer, got {type(layer).__name__}")
        for i, (before, after) in enumerate(zip(layers, layers[1:])):
            if before.outputs != after.inputs:
                raise shape_error(f"layers[{i}].W", before.W.shape, f"layers[{i + 1}].W",
                                  after.W.shape, f"layer {i + 1} to take the {before.outputs} "
                                  f"output(s) of layer {i} as its inputs")
        self.layers = layers

    @property
    def sizes(self):
        """Layer widths from input to output, e.g. ``[2, 4, 1]``."""
        return [self.layers[0].inputs] + [layer.outputs for layer in self.layers]

    def trace(self, X):
        """Run a forward pass and return one :class:`LayerTrace` per layer.

        A single input ``x`` of shape (inputs,) is traced as a batch of one row.

        Examples
        --------
        >>> net = Network([Dense([[0.6, 0.4], [0.2, 0.8]], [0.1, -0.1], "relu")])
        >>> net.trace([1.0, 0.5])[0].z.round(10)
        array([[0.8, 0.7]])
        """
        A = self.layers[0]._check_input(X)
        return self._trace(A[np.newaxis] if A.ndim == 1 else A)

    def _trace(self, A):
        steps = []
        for i, layer in enumerate(self.layers):
            Z, output = layer._forward(A)
            steps.append(LayerTrace(i, layer, A, Z, output))
            A = output
        return steps

    def __call__(self, X):
        X = self.layers[0]._check_input(X)
        output = self._trace(X[np.newaxis] if X.ndim == 1 else X)[-1].output
        return output[0] if X.ndim == 1 else output

    def loss(self, X, y, loss="bce"):
        """The mean loss of the network's predictions on ``X`` against targets ``y``.

        Examples
        --------
        >>> Network([Dense([[0.0]], 0.0, "sigmoid")]).loss([[1.0]], [1.0]).__round__(4)
        0.6931
        """
        X, y, chosen = self.prepare(X, y, loss)
        return chosen.kernel(y, self._trace(X)[-1].output)

    def gradients(self, X, y, loss="bce"):
        """Backpropagation: ∂L/∂W and ∂L/∂b for every layer.

        L is averaged over all outputs for "bce" and "mse", and over the examples for
        "cross_entropy" (PyTorch's mean reductions).

        Parameters
        ----------
        X : array_like, shape (batch, inputs) or (inputs,)
        y : array_like
            Shape (batch, outputs), or (batch,) for a one-output network. For "cross_entropy":
            class numbers 0 … outputs − 1, shape (batch,), or class probabilities (e.g.
            one-hot), shape (batch, outputs).
        loss : {"bce", "mse", "cross_entropy"}

        Returns
        -------
        list of (dW, db)
            One pair per layer, shaped like that layer's W and b.

        Notes
        -----
        "bce" needs a sigmoid output layer; there the output error simplifies to
        ∂L/∂Z = (A − y)/N, which stays exact where σ′ underflows to 0. "cross_entropy" needs an
        identity output layer (its outputs are the logits); there ∂L/∂Z = (softmax(Z) − Y)/N.

        Examples
        --------
        >>> net = Network([Dense([[0.0], [0.0]], 0.0, "sigmoid")])
        >>> dW, db = net.gradients([[1.0, 1.0]], [1.0])[0]
        >>> dW.ravel(), db
        (array([-0.5, -0.5]), array([-0.5]))
        """
        return self.loss_and_gradients(X, y, loss)[1]

    def loss_and_gradients(self, X, y, loss="bce"):
        """The loss and the gradients of :meth:`gradients`, from one shared forward pass.

        Examples
        --------
        >>> net = Network([Dense([[0.0]], 0.0, "sigmoid")])
        >>> value, [(dW, db)] = net.loss_and_gradients([[1.0]], [1.0])
        >>> round(value, 4), dW, db
        (0.6931, array([[-0.5]]), array([-0.5]))
        """
        return self._backpropagate(*self.prepare(X, y, loss))

    def prepare(self, X, y, loss):
        """Check a batch, its targets and the loss once; return ``(X, y, Loss)`` ready for use.

        ``X`` becomes 2-D (batch, inputs) and ``y`` is shaped like the network's output (for
        "cross_entropy": class numbers become one-hot rows, shape (batch, classes)).
        Training loops call this once and then reuse the checked arrays every epoch.

        Examples
        --------
        >>> X, y, chosen = Network([Dense([[1.0]], 0.0, "sigmoid")]).prepare([0.5], [1.0], "bce")
        >>> X, y, chosen.name
        (array([[0.5]]), array([[1.]]), 'bce')
        """
        chosen = losses.loss_function(loss)
        X = self.layers[0]._check_input(X)
        X = X[np.newaxis] if X.ndim == 1 else X
        if chosen.name == "cross_entropy":
            return X, self._class_targets(X, y), chosen
        y = as_array(y, "y", ndim=(0, 1, 2))
        output_shape = (X.shape[0], self.layers[-1].outputs)
        if y.shape != output_shape and y.size == X.shape[0] and output_shape[1] == 1:
            y = y.reshape(output_shape)
        if y.shape != output_shape:
            raise shape_error("y", y.shape, "the network's output", output_shape,
                              "one target per output")
        if chosen.name == "bce":
            if self.layers[-1].activation != "sigmoid":
                raise ValueError("binary cross-entropy needs outputs between 0 and 1, but the "
                                 f"last layer's activation is {self.layers[-1].activation!r}; "
                                 "use 'sigmoid' there or the 'mse' loss")
            if np.any((y < 0) | (y > 1)):
                raise ValueError("binary cross-entropy needs targets y between 0 and 1")
        return X, y, chosen

    def _class_targets(self, X, y):
        last = self.layers[-1]
        if last.activation not in ("identity", "linear"):
            raise ValueError("cross-entropy takes the raw scores (logits) and applies softmax "
                             f"itself, but the last layer's activation is {last.activation!r}; "
                             "use 'identity' there")
        if last.outputs < 2:
            raise ValueError("cross-entropy needs one output per class, at least 2, but the last "
                             "layer has 1 output; for two classes with one output use a sigmoid "
                             "output and the 'bce' loss")
        y = as_array(y, "y", ndim=(1, 2))
        if y.shape[0] != X.shape[0]:
            raise shape_error("y", y.shape, "X", X.shape,
                              "one target (a class number or a row of probabilities) per row of X")
        return losses.class_targets(y, last.outputs, "y")

    def _backpropagate(self, X, y, chosen):
        steps = self._trace(X)
        last = steps[-1]
        value = chosen.kernel(y, last.output)
        if chosen.name == "bce":  # sigmoid output: ∂L/∂Z simplifies to (A − y)/N
            dZ = (last.output - y) / y.size
        else:
            dZ = chosen.kernel_gradient(y, last.output) * last.layer._activation.kernel_derivative(
                last.z)
        grads = []
        for step, below in zip(steps[::-1], steps[-2::-1] + [None]):
            grads.append((step.input.T @ dZ, dZ.sum(axis=0)))  # ∂L/∂W = Aᵀ·dZ, ∂L/∂b = Σ dZ
            if below is not None:  # chain rule into the layer below: dZ = (dZ·Wᵀ) ⊙ f′(Z)
                dZ = (dZ @ step.layer.W.T) * below.layer._activation.kernel_derivative(below.z)
        return value, grads[::-1]

    def copy(self):
        """An independent copy of the network (new weight arrays)."""
        return Network([layer.copy() for layer in self.layers])

    def to_dict(self):
        """The network as plain lists, floats and strings, ready for ``json.dumps``.

        Every weight is stored as a Python float, whose JSON text reads back to the very same
        number, so ``Network.from_dict(json.loads(json.dumps(net.to_dict())))`` is exact.

        Returns
        -------
        dict
            ``{"format": "nbkernel.Network", "version": 1, "layers": [{"W": ..., "b": ...,
            "activation": ...}, ...]}`` with W as a list of rows, shape (inputs, outputs).

        Examples
        --------
        >>> Network([Dense([[0.5], [-1.0]], 0.25, "sigmoid")]).to_dict()["layers"]
        [{'W': [[0.5], [-1.0]], 'b': [0.25], 'activation': 'sigmoid'}]
        """
        return {"format": _DICT_FORMAT, "version": _DICT_VERSION,
                "layers": [{"W": layer.W.tolist(), "b": layer.b.tolist(),
                            "activation": layer.activation} for layer in self.layers]}

    @classmethod
    def from_dict(cls, data):
        """Rebuild a network from :meth:`to_dict`'s output (or the same structure by hand).

        ``format`` and ``version`` may be left out; each layer needs exactly ``W``, ``b`` and
        ``activation``.

        Examples
        --------
        >>> net = Network.from_dict({"layers": [{"W": [[2.0]], "b": [0.0],
        ...                                      "activation": "relu"}]})
        >>> net([3.0])
        array([6.])
        """
        if not isinstance(data, dict):
            raise TypeError(f"a network dict must be a dict, got {type(data).__name__}")
        if data.get("format", _DICT_FORMAT) != _DICT_FORMAT:
            raise ValueError(f"format must be {_DICT_FORMAT!r}, got {data['format']!r}")
        if data.get("version", _DICT_VERSION) != _DICT_VERSION:
            raise ValueError(f"version must be {_DICT_VERSION}, got {data['version']!r}")
        unknown = sorted(set(data) - {"format", "version", "layers"}, key=str)
        if unknown:
            raise ValueError(f"unknown key(s) {', '.join(map(repr, unknown))} in the network "
                             "dict; expected 'layers' (and optionally 'format', 'version')")
        layers = data.get("layers")
        if not isinstance(layers, list):
            raise ValueError("a network dict needs 'layers': a list of {'W': ..., 'b': ..., "
                             "'activation': ...} dicts, got " + type(layers).__name__)
        built = []
        for i, layer in enumerate(layers):
            if not isinstance(layer, dict):
                raise TypeError(f"layers[{i}] must be a dict, got {type(layer).__name__}")
            if set(layer) != {"W", "b", "activation"}:
                missing = sorted({"W", "b", "activation"} - set(layer))
                extra = sorted(set(layer) - {"W", "b", "activation"}, key=str)
                raise ValueError(f"layers[{i}] must have exactly the keys 'W', 'b', "
                                 f"'activation'; missing: {missing or 'none'}, unknown: "
                                 f"{extra or 'none'}")
            try:
                built.append(Dense(layer["W"], layer["b"], layer["activation"]))
            except (TypeError, ValueError) as error:
                raise type(error)(f"layers[{i}]: {error}") from None
        return cls(built)

    def to_torch_code(self):
        """Python source that builds the same network in PyTorch, weights included.

        The code defines ``model``, a ``torch.nn.Sequential`` of ``Linear`` layers and
        activation modules in float64, so ``model(torch.tensor(X))`` gives the same numbers as
        ``net(X)``. PyTorch's ``Linear`` computes x @ weight.T + bias, so its ``weight`` is W
        transposed, shape (outputs, inputs). Identity layers get no activation module; "gelu"
        becomes ``GELU()`` (exact, through erf) and "gelu_tanh" ``GELU(approximate="tanh")``.

        Examples
        --------
        >>> net = Network([Dense([[0.5, 1.0], [-1.0, 2.0]], 0.0, "relu"),
        ...                Dense([[1.0], [1.0]], 0.5, "sigmoid")])
        >>> print(net.to_torch_code())  # doctest: +ELLIPSIS
        import torch
        ...
        model = torch.nn.Sequential(
            torch.nn.Linear(2, 2),
            torch.nn.ReLU(),
            torch.nn.Linear(2, 1),
            torch.nn.Sigmoid(),
        ).double()
        ...
            model[0].weight.copy_(torch.tensor([
                [0.5, -1.0],
                [1.0, 2.0],
            ], dtype=torch.float64))
            model[0].bias.copy_(torch.tensor([0.0, 0.0], dtype=torch.float64))
        ...
        """
        modules, assignments = [], []
        for layer in self.layers:
            index = len(modules)
            modules.append(f"torch.nn.Linear({layer.inputs}, {layer.outputs})")
            rows = "".join(f"        {_literal(row)},\n" for row in layer.W.T)
            assignments += [
                f"    model[{index}].weight.copy_(torch.tensor([\n{rows}"
                "    ], dtype=torch.float64))",
                f"    model[{index}].bias.copy_(torch.tensor({_literal(layer.b)}, "
                "dtype=torch.float64))"]
            if _TORCH_MODULES[layer.activation]:
                modules.append(_TORCH_MODULES[layer.activation])
        sizes = "-".join(str(size) for size in self.sizes)
        lines = ["import torch", "",
                 f"# The {sizes} network exported from nbkernel, in float64 as nbkernel computes.",
                 "# torch.nn.Linear computes x @ weight.T + bias: its weight is nbkernel's W",
                 "# transposed, shape (outputs, inputs).",
                 "model = torch.nn.Sequential("]
        lines += [f"    {module}," for module in modules]
        lines += [").double()", "", "with torch.no_grad():"] + assignments
        return "\n".join(lines) + "\n"

    def __repr__(self):
        inner = ", ".join(repr(layer) for layer in self.layers)
        return f"Network([{inner}])"


_DICT_FORMAT = "nbkernel.Network"
_DICT_VERSION = 1

# PyTorch module for each registered activation; None where the layer needs none.
_TORCH_MODULES = {"relu": "torch.nn.ReLU()", "sigmoid": "torch.nn.Sigmoid()",
                  "tanh": "torch.nn.Tanh()", "gelu": "torch.nn.GELU()",
                  "gelu_tanh": 'torch.nn.GELU(approximate="tanh")', "identity": None,
                  "linear": None}


def _literal(array):
    """An array as a Python list literal whose numbers read back exactly (repr of floats)."""
    if array.ndim == 1:
        return "[" + ", ".join(repr(float(value)) for value in array) + "]"
    return "[" + ", ".join(_literal(row) for row in array) + "]"


def random_network(sizes, activation="tanh", output_activation="sigmoid", seed=0):
    """A network with the given layer widths and random weights (scaled by 1/√inputs).

    Parameters
    ----------
    sizes : sequence of int
        Widths from input to output, e.g. ``[2, 4, 1]``.
    activation : str
        Activation of the hidden layers.
    output_activation : str
        Activation of the last layer.
    seed : int
        Seed for ``numpy.random.default_rng``, so the same call gives the same network.

    Examples
    --------
    >>> random_network([2, 4, 1], seed=0).sizes
    [2, 4, 1]
    """
    sizes = [int(n) for n in sizes]
    if len(sizes) < 2 or min(sizes) < 1:
        raise ValueError(f"sizes must list at least two positive widths, got {sizes}")
    rng = np.random.default_rng(seed)
    layers = []
    for i, (n_in, n_out) in enumerate(zip(sizes, sizes[1:])):
        last = i == len(sizes) - 2
        W = rng.normal(0.0, 1.0 / np.sqrt(n_in), size=(n_in, n_out))
        layers.append(Dense(W, np.zeros(n_out), output_activation if last else activation))
    return Network(layers)


def as_network(model):
    """Return ``model`` as a Network (a lone Dense layer becomes a one-layer network sharing it).

    Examples
    --------
    >>> as_network(Dense([[1.0]], 0.0)).sizes
    [1, 1]
    """
    if isinstance(model, Network):
        return model
    if isinstance(model, Dense):
        return Network([model])
    raise TypeError(f"model must be a Dense layer or a Network, got {type(model).__name__}")
