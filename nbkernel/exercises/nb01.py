"""Exercises of notebook 01 (what is a neural network): the fruit network and counting parameters.

The fruit network is the notebook's own: two inputs (yellowness, softness), a hidden ReLU layer of
two neurons and one sigmoid output neuron, with weights chosen by hand.
"""

import numpy as np

from ..layers import Dense, Network
from .registry import Exercise, Mistake, register

#: The fruit network's layers: hidden weights (inputs, neurons) and biases, output weights, bias.
FRUIT_W1, FRUIT_B1 = [[1.0, 0.2], [0.1, 1.0]], [-0.2, -0.2]
FRUIT_W2, FRUIT_B2 = [[3.0], [3.0]], -2.0
#: The green, hard fruit of the panel question: [yellowness, softness].
GREEN_HARD = [0.1, 0.2]
#: The layer sizes of the counting exercise and the half-ripe fruit of the last exercise.
SIZES = [4, 5, 3]
HALF_RIPE = [0.5, 0.5]
#: The options of the panel question, in the order the notebook lists them.
HIDDEN_OPTIONS = ("neuron 1", "neuron 2", "both", "neither")


def fruit_network():
    """The notebook's fruit network, a fresh copy."""
    return Network([Dense(FRUIT_W1, FRUIT_B1, "relu"), Dense(FRUIT_W2, FRUIT_B2, "sigmoid")])


def _silent_hidden_neurons(x):
    """Which hidden neurons of the fruit network output 0 for input ``x``, as an option."""
    hidden = fruit_network().trace(np.asarray(x, dtype=float))[0].output.ravel()
    off = [i for i, value in enumerate(hidden) if value == 0]
    return {(0,): "neuron 1", (1,): "neuron 2", (0, 1): "both", (): "neither"}[tuple(off)]


def _count(sizes, weights=True, biases=True):
    """Weights and/or biases of a fully connected network with these layer sizes."""
    pairs = list(zip(sizes[:-1], sizes[1:]))
    return sum((n_in * n_out if weights else 0) + (n_out if biases else 0)
               for n_in, n_out in pairs)


register(
    Exercise(
        "01.1", "The panel: which hidden neuron goes silent for a green, hard fruit",
        answer=lambda: _silent_hidden_neurons(GREEN_HARD), kind="choice",
        options=HIDDEN_OPTIONS,
        hints=("A ReLU neuron outputs 0 exactly when its weighted sum z is negative or zero.",
               "Work out z for each hidden neuron: x₁·w₁ⱼ + x₂·w₂ⱼ + bⱼ, with the weights of "
               "column j of W and the bias −0.2."),
        mistakes=(Mistake("both", "Not both: work out hidden neuron 2's weighted sum, "
                                  "0.1·0.2 + 0.2·1.0 − 0.2, and look at its sign."),),
    ),
    Exercise(
        "01.2", "Parameters of a network with layer sizes 4, 5, 3",
        answer=lambda: _count(SIZES), kind="count",
        hints=("Go layer by layer: a layer with n_in inputs and n_out neurons has n_in · n_out "
               "weights and n_out biases.",
               "There are two layers of neurons here (5 and 3); the 4 inputs compute nothing."),
        mistakes=(
            Mistake(lambda: _count(SIZES, biases=False),
                    "That counts the weights only: every neuron also has a bias."),
            Mistake(lambda: _count(SIZES, weights=False),
                    "That counts the biases only: add a weight for every connection."),
            Mistake(lambda: _count(SIZES) + SIZES[0],
                    "The input layer only holds the data: its nodes have no biases."),
            Mistake(lambda: int(np.prod(SIZES)),
                    "Multiplying all the sizes does not count the connections: add up layer "
                    "by layer."),
        ),
    ),
    Exercise(
        "01.3", "The fruit network's output for a half-yellow, half-soft fruit",
        answer=lambda: fruit_network()(np.asarray(HALF_RIPE)).item(), decimals=4,
        hints=("Call fruit_net on np.array([0.5, 0.5]).",
               "The network returns an array; take the number out with .item()."),
        mistakes=(
            Mistake(lambda: fruit_network().trace(np.asarray(HALF_RIPE))[-1].z.item(),
                    "That is the output neuron's weighted sum z; its output is the sigmoid "
                    "of z."),
        ),
    ),
)
