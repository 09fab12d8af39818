"""Exercises of notebook 05 (the matrix form): shapes, one entry, which entries move, PyTorch."""

import numpy as np

from ..layers import Dense
from .registry import Exercise, Mistake, register

#: Exercise 1: a batch of B examples with n inputs into a layer of m neurons.
B, N_INPUTS, M_NEURONS = 32, 10, 4
#: The 2 x 2 layer of section 4 (the first layer of the outline's Exercise 2).
W_EXAMPLE = np.array([[0.6, 0.4],
                      [0.2, 0.8]])
B_EXAMPLE = np.array([0.1, -0.1])
#: Exercise 2: the second example of section 4 replaced by this one.
NEW_EXAMPLE = np.array([1.5, -1.0])
#: Exercise 3: the batch of section 4 and the weight whose change is asked about (row, column).
X_EXAMPLE = np.array([[2.0, -1.0],
                      [0.5, 1.5]])
NUDGED = (0, 1)   # w_12: from input 1 to neuron 2
#: Exercise 4: nn.Linear(in_features, out_features).
TORCH_IN, TORCH_OUT = 5, 3


def _layer():
    return Dense(np.zeros((N_INPUTS, M_NEURONS)), 0.0, "relu")


def _z22(W=W_EXAMPLE, b=B_EXAMPLE):
    """Entry (2, 2) of Z when example 2 is NEW_EXAMPLE: that example through neuron 2."""
    return float(NEW_EXAMPLE @ W[:, 1] + b[1])


def _moved_entries():
    """Which entries of Z change when the weight NUDGED changes: 'row k' or 'column j'."""
    layer = Dense(W_EXAMPLE.copy(), B_EXAMPLE, "identity")
    before = layer.forward(X_EXAMPLE)[0]
    layer.W[NUDGED] += 0.5
    moved = ~np.isclose(layer.forward(X_EXAMPLE)[0], before)
    for j in range(moved.shape[1]):
        if moved[:, j].all() and moved.sum() == moved.shape[0]:
            return f"column {j + 1}"
    for k in range(moved.shape[0]):
        if moved[k].all() and moved.sum() == moved.shape[1]:
            return f"row {k + 1}"
    raise ValueError(f"no single row or column moved: {moved}")


register(
    Exercise(
        "05.1a", "The shape of Z for a batch (32, 10) into 4 neurons",
        answer=lambda: _layer().forward(np.zeros((B, N_INPUTS)))[0].shape, kind="shape",
        hints=("(B × n)(n × m) gives B × m: one row per example, one column per neuron.",),
        mistakes=(Mistake((N_INPUTS, M_NEURONS), "That is the shape of W (inputs, neurons); Z "
                                                 "has one row per example."),),
    ),
    Exercise(
        "05.1b", "How many numbers the layer learns",
        answer=lambda: _layer().W.size + _layer().b.size, kind="count",
        hints=("W has one entry per (input, neuron) pair.", "Every neuron also has one bias."),
        mistakes=(
            Mistake(N_INPUTS * M_NEURONS, "That counts the weights; every neuron also has a "
                                          "bias."),
            Mistake(N_INPUTS + M_NEURONS, "There is one weight for every pair (input, neuron), "
                                          "so the weights multiply, they do not add."),
            Mistake(B * N_INPUTS * M_NEURONS + M_NEURONS,
                    "The batch size does not change the layer: the same weights serve every "
                    "example."),
        ),
    ),
    Exercise(
        "05.2", "z_22 with the second example replaced by (1.5, -1.0)",
        answer=_z22, decimals=2,
        hints=("z₂₂ is example 2 through neuron 2: x₂₁w₁₂ + x₂₂w₂₂ + b₂.",
               "Neuron 2's weights are column 2 of W; its bias is the second entry of b."),
        mistakes=(
            Mistake(lambda: _z22(W_EXAMPLE.T), "You used row 2 of W; neuron 2's weights are "
                                               "column 2 (w₁₂ and w₂₂)."),
            Mistake(lambda: _z22(b=B_EXAMPLE[::-1]), "That bias belongs to neuron 1; z₂₂ needs "
                                                     "neuron 2's bias b₂."),
            Mistake(lambda: _z22(b=np.zeros(2)), "The bias b₂ is still to be added."),
            Mistake(lambda: float(NEW_EXAMPLE @ W_EXAMPLE[:, 0] + B_EXAMPLE[0]),
                    "That is z₂₁, neuron 1; the second index of z is the neuron."),
            Mistake(lambda: float(X_EXAMPLE[1] @ W_EXAMPLE[:, 1] + B_EXAMPLE[1]),
                    "That is z₂₂ of section 4, with the old second example (0.5, 1.5); use "
                    "the new one, (1.5, −1.0)."),
        ),
    ),
    Exercise(
        "05.3", "Which entries of Z move when w_12 changes",
        answer=_moved_entries, kind="choice",
        options=("row 1", "row 2", "column 1", "column 2"),
        hints=("w₁₂ connects input 1 to neuron 2. Which column of Z belongs to neuron 2?",),
        mistakes=(
            Mistake("row 1", "Rows of Z are examples. A weight belongs to one neuron, and every "
                             "example passes through that neuron."),
            Mistake("column 1", "In w₁₂ the first index is the input and the second the neuron."),
        ),
    ),
    Exercise(
        "05.4", "The shape of nn.Linear(5, 3).weight",
        answer=lambda: np.zeros((TORCH_IN, TORCH_OUT)).T.shape, kind="shape",
        hints=("PyTorch stores one row per neuron: (out_features, in_features).",),
        mistakes=(Mistake((TORCH_IN, TORCH_OUT), "That is this course's W (inputs, neurons); "
                                                 "PyTorch stores its transpose."),),
    ),
)
