"""Exercises of notebook 04 (activation functions): the panel's slopes, and "Your turn"."""

import numpy as np

from ..activations import derivative, sigmoid
from .registry import Exercise, Mistake, register

#: The panel question: which activation has the larger slope at this z.
PANEL_Z = 4.0
#: Exercise 2: the z at which the sigmoid's slope is asked for.
SLOPE_Z = 1.0
#: Exercise 3: the sigmoid neuron sigma(W_IN * x + B_IN).
W_IN, B_IN = 3.0, -6.0
#: Exercise 4: a two-layer network without activations (1 input, 2 hidden neurons, 1 output).
W1, B1 = np.array([[1.0, 2.0]]), np.array([0.0, 1.0])
W2, B2 = np.array([[3.0], [-1.0]]), np.array([0.5])


def _larger_slope():
    sig, tanh = derivative("sigmoid", PANEL_Z), derivative("tanh", PANEL_Z)
    if np.isclose(sig, tanh):
        return "equal"
    return "sigmoid" if sig > tanh else "tanh"


register(
    Exercise(
        "04.1", "Activation panel: the larger slope at z = 4, sigmoid or tanh",
        answer=_larger_slope, kind="choice", options=("sigmoid", "tanh", "equal"),
        hints=("Read both slopes off the panel at z = 4, or compute them with "
               "nk.derivative(name, 4.0).",
               "tanh is steeper at z = 0, but it also flattens faster: compare σ(4)(1 − σ(4)) "
               "with 1 − tanh(4)²."),
        mistakes=(Mistake("tanh", "At z = 0 tanh is four times steeper, but far from 0 it "
                                  "flattens much faster than the sigmoid: compute both slopes "
                                  "at z = 4."),),
    ),
    Exercise(
        "04.2", "The sigmoid's slope at z = 1",
        answer=lambda: derivative("sigmoid", SLOPE_Z), decimals=3,
        hints=("First compute σ(1) = 1 / (1 + e^(−1)), with nk.sigmoid(1.0) or by hand.",
               "Then multiply σ(1) by 1 − σ(1)."),
        mistakes=(
            Mistake(lambda: sigmoid(SLOPE_Z),
                    "That is σ(1), the output itself; the slope is σ(1)·(1 − σ(1))."),
            Mistake(lambda: 1 - sigmoid(SLOPE_Z),
                    "That is 1 − σ(1); multiply it by σ(1)."),
            Mistake(lambda: derivative("sigmoid", 0.0),
                    "That is the slope at z = 0, the steepest point; at z = 1 it is smaller."),
        ),
    ),
    Exercise(
        "04.3", "Where sigma(3x - 6) crosses one half",
        answer=lambda: -B_IN / W_IN, decimals=2,
        hints=("The sigmoid equals 1/2 exactly where its argument is 0.",
               "Solve 3x − 6 = 0 for x."),
        mistakes=(
            Mistake(0.5, "1/2 is the output at the crossing; the question asks for the input x "
                         "there."),
            Mistake(lambda: -B_IN * W_IN, "You multiplied by the weight; solve 3x − 6 = 0 by "
                                          "dividing by it."),
        ),
    ),
    Exercise(
        "04.4a", "The single weight of two linear layers",
        answer=lambda: (W1 @ W2).item(), decimals=2,
        hints=("W = W₁W₂: a (1 × 2) times a (2 × 1) matrix is a single number.",
               "Multiply the matching entries of W₁'s row and W₂'s column, then add the two "
               "products."),
        mistakes=(
            Mistake(lambda: W1[0, 0] * W2[0, 0],
                    "That is only the path through hidden neuron 1; add the path through "
                    "hidden neuron 2."),
            Mistake(lambda: float(np.prod(W1) * np.prod(W2)),
                    "You multiplied all four weights; a matrix product multiplies along each "
                    "path and adds the paths."),
        ),
    ),
    Exercise(
        "04.4b", "The single bias of two linear layers",
        answer=lambda: (B1 @ W2 + B2).item(), decimals=2,
        hints=("b = b₁W₂ + b₂: the hidden biases pass through the second layer's weights, then "
               "the output bias is added.",
               "b₁W₂ is a (1 × 2) times (2 × 1) product: multiply matching entries and add."),
        mistakes=(
            Mistake(lambda: (B1 @ W2).item(), "That is b₁W₂; the output bias b₂ is still to be "
                                              "added."),
            Mistake(lambda: B2.item(), "The hidden biases b₁ pass through the second layer "
                                       "too: add b₁W₂."),
            Mistake(lambda: B1.sum() + B2.item(), "The hidden biases are multiplied by W₂ "
                                                  "before they reach the output."),
        ),
    ),
)
