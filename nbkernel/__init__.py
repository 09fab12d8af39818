"""nbkernel: the neural-network maths behind the course notebooks, in plain numpy.

Conventions everywhere: row vectors. A batch ``X`` has shape (batch, inputs), a weight matrix
``W`` has shape (inputs, outputs) and a bias ``b`` has shape (outputs,), so Z = X @ W + b.

The maths modules import numpy only, so ``import nbkernel`` works without Jupyter. Plots
(``nbkernel.plotting``) and slider panels (``nbkernel.widgets``) load matplotlib and ipywidgets
when they are imported.

Examples
--------
>>> import nbkernel as nk
>>> round(nk.neuron([0.5, 0.3, 0.8], [0.6, 0.4, 0.2], 0.1, "relu"), 10)
0.68
"""

from .activations import (ACTIVATIONS, Activation, activation, apply, derivative, gelu,
                          gelu_derivative, identity, identity_derivative, normal_cdf, normal_pdf,
                          relu, relu_derivative, sigmoid, sigmoid_derivative, softmax, tanh,
                          tanh_derivative)
from . import datasets
from .exercises import check, exercise
from .gates import GATE_INPUTS, GATE_TARGETS, logic_gate
from .layers import Dense, LayerTrace, Network, as_network, random_network
from .losses import (LOSSES, bce_gradient, bce_loss, class_targets, cross_entropy_gradient,
                     cross_entropy_loss, loss_function, mse_gradient, mse_loss)
from .neuron import contributions, neuron, weighted_sum
from .tables import format_array, format_number, trace_markdown
from .training import gradient_step, numerical_gradient, numerical_gradients, train

__version__ = "0.1.0"

__all__ = [
    "ACTIVATIONS", "Activation", "activation", "apply", "derivative", "gelu", "gelu_derivative",
    "identity", "identity_derivative", "normal_cdf", "normal_pdf", "relu", "relu_derivative",
    "sigmoid", "sigmoid_derivative", "tanh", "tanh_derivative", "check", "GATE_INPUTS",
    "GATE_TARGETS", "logic_gate", "Dense", "LayerTrace", "Network", "as_network", "random_network",
    "LOSSES", "bce_gradient", "bce_loss", "loss_function", "mse_gradient", "mse_loss", "contributions",
    "neuron", "weighted_sum", "format_array", "format_number", "trace_markdown", "gradient_step",
    "numerical_gradient", "numerical_gradients", "train", "exercise", "softmax",
    "class_targets", "cross_entropy_loss", "cross_entropy_gradient", "datasets",
]
