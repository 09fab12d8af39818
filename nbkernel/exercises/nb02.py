"""Exercises of notebook 02 (the neuron): the outline's Exercise 1, the threshold bias, the panel."""

from ..neuron import neuron, weighted_sum
from .registry import Exercise, Mistake, register

#: Exercise 1 of the outline: the neuron's inputs, weights and bias.
X1, W1, B1 = [2.0, -1.0, 0.5], [0.5, -0.3, 0.8], 0.2
#: The bias of the threshold exercise's second part.
LOW_BIAS = -2.5
#: The panel question: the worked example's neuron with the weight w3 flipped from 0.2 to -0.2.
PANEL_X, PANEL_W, PANEL_B = [0.5, 0.3, 0.8], [0.6, 0.4, 0.2], 0.1
PANEL_W_FLIPPED = [0.6, 0.4, -0.2]


def _products_without_signs():
    """The weighted sum computed as if every product were positive (a common slip)."""
    return sum(abs(x * w) for x, w in zip(X1, W1)) + B1


register(
    Exercise(
        "02.1z", "Exercise 1: the weighted sum z",
        answer=lambda: weighted_sum(X1, W1, B1), decimals=2,
        hints=("Multiply each input by its weight, one pair at a time, and write down the three "
               "products.",
               "Add the three products, then add the bias b.",
               "Watch the signs: a negative times a negative is positive."),
        mistakes=(
            Mistake(lambda: weighted_sum(X1, W1, 0.0),
                    "That is the sum of the products alone: the bias b is still to be added."),
            Mistake(lambda: weighted_sum(X1, W1, B1) - 2 * X1[1] * W1[1],
                    "Look at x₂·w₂ again: (−1.0)·(−0.3) is positive."),
            Mistake(lambda: sum(X1) + sum(W1) + B1,
                    "You added the inputs and the weights; each input is multiplied by its "
                    "weight first."),
        ),
    ),
    Exercise(
        "02.1y", "Exercise 1: the output y after ReLU",
        answer=lambda: neuron(X1, W1, B1, "relu"), decimals=2,
        hints=("Start from your z. ReLU keeps a positive z unchanged and turns a negative z "
               "into 0.",),
        mistakes=(Mistake(lambda: neuron(X1, W1, 0.0, "relu"),
                          "That is ReLU of the sum without the bias: add b first."),),
    ),
    Exercise(
        "02.2b", "The bias that puts the neuron at its threshold",
        answer=lambda: -weighted_sum(X1, W1, 0.0), decimals=2,
        hints=("At the threshold z = x·w + b = 0. Compute x·w (without the bias) first.",
               "Solve x·w + b = 0 for b."),
        mistakes=(Mistake(lambda: weighted_sum(X1, W1, 0.0),
                          "That is x·w itself; the bias must cancel it, so check the sign."),
                  Mistake(lambda: -weighted_sum(X1, W1, B1),
                          "That cancels z with the old bias still in it; the new bias replaces "
                          "b = 0.2, so leave the old bias out."),),
    ),
    Exercise(
        "02.2y", "The output with the bias -2.5",
        answer=lambda: neuron(X1, W1, LOW_BIAS, "relu"), decimals=2,
        hints=("Compute z with b = −2.5 first.", "What does ReLU do with a negative number?"),
        mistakes=(Mistake(lambda: weighted_sum(X1, W1, LOW_BIAS),
                          "That is z; the output is ReLU(z)."),),
    ),
    Exercise(
        "02.3", "The panel: the output with w3 flipped to -0.2",
        answer=lambda: neuron(PANEL_X, PANEL_W_FLIPPED, PANEL_B, "relu"), decimals=2,
        hints=("Only one product changes: x₃·w₃. Work out its old and its new value.",
               "z changes by (new x₃·w₃) − (old x₃·w₃); then apply ReLU."),
        mistakes=(
            Mistake(lambda: neuron(PANEL_X, [0.6, 0.4, 0.0], PANEL_B, "relu"),
                    "That is the output with w₃ = 0: a negative weight does not just switch "
                    "its input off, it pulls z down."),
            Mistake(lambda: neuron(PANEL_X, PANEL_W, PANEL_B, "relu"),
                    "That is the output before the change: move w₃ to −0.2 in the panel."),
        ),
    ),
)
