"""Exercises of notebook 08 (key takeaways): the neuron panel's prediction and the self-test."""

import numpy as np

from ..activations import activation, derivative
from ..layers import Dense, Network, random_network
from ..neuron import neuron, weighted_sum
from .registry import Exercise, Mistake, register

#: The worked example the neuron panel starts from, and the weight w₁ the learner moves to.
PANEL_X, PANEL_W, PANEL_B = [0.5, 0.3, 0.8], [0.6, 0.4, 0.2], 0.1
PANEL_NEW_W1 = -1.0
#: Question 1: the outline's Exercise 1.
Q1_X, Q1_W, Q1_B = [2.0, -1.0, 0.5], [0.5, -0.3, 0.8], 0.2
#: Questions 2 and 8: a layer's inputs and neurons.
Q2_INPUTS, Q2_NEURONS = 5, 3
Q8_INPUTS, Q8_NEURONS = 4, 2
#: Question 4: the activations offered (ReLU left out: its slope at its kink z = 0 is a matter
#: of convention), and the slope asked for at z = 0.
Q4_OPTIONS = ("sigmoid", "tanh", "gelu")
Q4_SLOPE = 1.0
#: Question 5: two one-input, one-neuron layers without activation.
Q5_W1, Q5_B1, Q5_W2, Q5_B2 = 2.0, 1.0, 3.0, -1.0
#: Question 6: the AND neuron of the outline's Exercise 3, on the input (1, 1).
Q6_X, Q6_W, Q6_B = [1.0, 1.0], [8.0, 8.0], -10.0
#: Question 7: one example and its target, for a sigmoid neuron with all weights and bias 0.
Q7_X, Q7_Y = [1.0, 0.5], 1.0


def _panel_weights():
    return [PANEL_NEW_W1] + PANEL_W[1:]


def _shape_of_W(inputs, neurons):
    """The shape of nbkernel's weight matrix for a layer (rows inputs, columns neurons)."""
    return random_network([inputs, neurons], seed=0).layers[0].W.shape


def _slope_one_at_zero():
    """The offered activation whose slope f'(0) is Q4_SLOPE."""
    slopes = {name: float(derivative(name, 0.0)) for name in Q4_OPTIONS}
    return next(name for name, slope in slopes.items() if np.isclose(slope, Q4_SLOPE))


def _collapsed_bias():
    """The bias of the single layer the two linear layers collapse into: their output at x = 0."""
    pair = Network([Dense([[Q5_W1]], Q5_B1, "identity"), Dense([[Q5_W2]], Q5_B2, "identity")])
    return float(pair([0.0])[0])


def _and_output(bias=Q6_B):
    return float(neuron(Q6_X, Q6_W, bias, "sigmoid"))


def _gradient(target=Q7_Y, x=Q7_X):
    """∂ℓ/∂w of the cross-entropy for a sigmoid neuron with weights and bias 0, by backprop."""
    start = Network([Dense([[0.0]] * len(Q7_X), 0.0, "sigmoid")])
    return start.gradients([x], [target])[0][0].ravel()


register(
    Exercise(
        "08.p", "The neuron panel: the output after w₁ drops to −1.0",
        answer=lambda: neuron(PANEL_X, _panel_weights(), PANEL_B, "relu"), decimals=2,
        hints=("Only one product changes: x₁·w₁. Compute the new weighted sum z first.",
               "Is the new z positive or negative? Then apply ReLU to it."),
        mistakes=(
            Mistake(lambda: weighted_sum(PANEL_X, _panel_weights(), PANEL_B),
                    "That is the new weighted sum z; the output is ReLU(z)."),
            Mistake(lambda: neuron(PANEL_X, PANEL_W, PANEL_B, "relu"),
                    "That is the output before the change. w₁ multiplies x₁ = 0.5, so z "
                    "changes when w₁ does."),
            Mistake(lambda: neuron(PANEL_X, [-PANEL_NEW_W1] + PANEL_W[1:], PANEL_B, "relu"),
                    "That is the output for w₁ = +1.0; the question lowers w₁ to −1.0."),
        ),
    ),
    Exercise(
        "08.1", "Question 1: the output of the neuron of Exercise 1",
        answer=lambda: neuron(Q1_X, Q1_W, Q1_B, "relu"), decimals=2,
        hints=("Multiply each input by its weight and write down the three products.",
               "Add the three products and the bias b, then apply ReLU.",
               "Watch the signs: a negative times a negative is positive."),
        mistakes=(
            Mistake(lambda: neuron(Q1_X, Q1_W, 0.0, "relu"),
                    "That is the sum of the products alone: the bias b is still to be added."),
            Mistake(lambda: neuron(Q1_X, Q1_W, Q1_B, "relu") - 2 * Q1_X[1] * Q1_W[1],
                    "Look at x₂·w₂ again: (−1.0)·(−0.3) is positive."),
            Mistake(lambda: sum(Q1_X) + sum(Q1_W) + Q1_B,
                    "You added the inputs and the weights; each input is multiplied by its "
                    "weight first."),
        ),
    ),
    Exercise(
        "08.2", "Question 2: the shape of W for 5 inputs and 3 neurons",
        answer=lambda: _shape_of_W(Q2_INPUTS, Q2_NEURONS), kind="shape",
        hints=("In this course one row of W belongs to one input.",
               "Rows first, then columns: how many rows, how many columns?"),
        mistakes=(Mistake(lambda: _shape_of_W(Q2_INPUTS, Q2_NEURONS)[::-1],
                          "Rows and columns are swapped: this course's W has one row per input "
                          "and one column per neuron, (inputs, neurons)."),),
    ),
    Exercise(
        "08.3", "Question 3: the slope of the sigmoid at 0",
        answer=lambda: float(derivative("sigmoid", 0.0)), decimals=2,
        hints=("The slope is σ'(z) = σ(z)(1 − σ(z)). Start with σ(0) = 1 / (1 + e⁰).",
               "Put your σ(0) into σ(0)(1 − σ(0))."),
        mistakes=(
            Mistake(lambda: float(activation("sigmoid").function(0.0)),
                    "That is σ(0), the height of the curve at 0; the question asks for its "
                    "slope σ'(0) = σ(0)(1 − σ(0))."),
            Mistake(lambda: 1 - float(activation("sigmoid").function(0.0)) ** 2,
                    "That is 1 − σ(0)², tanh's pattern of derivative; the sigmoid's is "
                    "σ(z)(1 − σ(z))."),
            Mistake(lambda: float(derivative("tanh", 0.0)),
                    "That is the slope of tanh at 0; the sigmoid is flatter."),
        ),
    ),
    Exercise(
        "08.4", "Question 4: the activation whose slope at z = 0 is 1",
        answer=_slope_one_at_zero, kind="choice", options=Q4_OPTIONS,
        hints=("Put z = 0 into each f'(z) of the table in section 3: σ(0), tanh(0) and Φ(0) "
               "are the values you need.",
               "σ(0) = 1/2, tanh(0) = 0 and Φ(0) = 1/2 (half of the normal distribution lies "
               "below 0)."),
        mistakes=(
            Mistake("sigmoid", "σ'(0) = σ(0)(1 − σ(0)) is question 3's answer, and it is "
                               "less than 1."),
            Mistake("gelu", "GELU's slope at 0 is Φ(0) + 0 · φ(0) = Φ(0), which is 1/2."),
        ),
    ),
    Exercise(
        "08.5", "Question 5: the bias of two collapsed linear layers",
        answer=_collapsed_bias, decimals=2,
        hints=("Write the two layers as one: (x·W₁ + b₁)·W₂ + b₂. Multiply out the bracket.",
               "The collapsed bias is every term without x; or: the output for the input 0."),
        mistakes=(
            Mistake(lambda: Q5_B1 + Q5_B2,
                    "You added the two biases; b₁ goes through the second layer's weight W₂ "
                    "before b₂ is added."),
            Mistake(lambda: Q5_W1 * Q5_W2,
                    "That is the collapsed weight W₁W₂; the question asks for the bias."),
            Mistake(lambda: Q5_B1 * Q5_W2,
                    "That is b₁W₂; the second layer's own bias b₂ is still to be added."),
        ),
    ),
    Exercise(
        "08.6", "Question 6: the AND neuron's output for (1, 1)",
        answer=_and_output, decimals=4,
        hints=("First z = x₁w₁ + x₂w₂ + b.", "Then σ(z) = 1 / (1 + e^(−z)); keep all digits "
                                             "and round to 4 decimals at the end."),
        mistakes=(
            Mistake(lambda: weighted_sum(Q6_X, Q6_W, Q6_B),
                    "That is z; the output is σ(z)."),
            Mistake(lambda: round(_and_output(), 3),
                    "That is rounded to 3 decimals; the question asks for 4."),
            Mistake(lambda: _and_output(bias=0.0),
                    "σ(z) is close to 1 but not 1 here: check that you added b = −10 and "
                    "that you give 4 decimals."),
        ),
    ),
    Exercise(
        "08.7", "Question 7: the gradient at zero weights",
        answer=_gradient, kind="array", decimals=2,
        hints=("With all weights and the bias 0, z = 0. What is σ(0)?",
               "Each weight's gradient is (σ(z) − y)·xᵢ, with its own input xᵢ."),
        mistakes=(
            Mistake(lambda: -_gradient(),
                    "The signs are flipped: the gradient is (σ(z) − y)·xᵢ, prediction minus "
                    "target. Gradient descent then steps against it."),
            Mistake(lambda: np.full(len(Q7_X), _gradient()[0] / Q7_X[0]),
                    "(σ(z) − y) is right, but each weight's gradient is multiplied by its own "
                    "input xᵢ."),
            Mistake(lambda: (0.0 - Q7_Y) * np.asarray(Q7_X),
                    "You used z = 0 where σ(z) belongs: the prediction is σ(0), not 0."),
        ),
    ),
    Exercise(
        "08.8", "Question 8: the shape of nn.Linear(4, 2).weight in PyTorch",
        answer=lambda: _shape_of_W(Q8_INPUTS, Q8_NEURONS)[::-1], kind="shape",
        hints=("PyTorch keeps one row of its weight per neuron (output).",),
        mistakes=(Mistake(lambda: _shape_of_W(Q8_INPUTS, Q8_NEURONS),
                          "That is the shape of this course's W, (inputs, neurons). PyTorch "
                          "stores the transpose: one row per neuron."),),
    ),
)
