"""Exercises of notebook 03 (weights): the weights panel's inverted weight, and "Your turn"."""

import numpy as np

from ..gates import GATE_TARGETS, logic_gate
from ..layers import Dense
from ..neuron import weighted_sum
from .registry import Exercise, Mistake, register

#: The panel question: the OR neuron of the notebook with w1 made negative.
INVERTED_W, INVERTED_B = (-8.0, 8.0), -4.0
#: The inputs of the four gate cases, as the options of a choice (rows of ``logic_gate``).
CASES = ("(0, 0)", "(0, 1)", "(1, 0)", "(1, 1)")

#: Exercise 2: input 1 of the notebook's neuron and the contribution asked for (not -1.0,
#: which the notebook's own w1 = -2.0 already gives in view).
X1, CONTRIBUTION = 0.5, -1.5
#: Exercise 3: the three detectors A, B, C as the columns of W (2 inputs, 3 neurons).
DETECTORS = np.array([[1.0, 0.0, 0.5],
                      [0.0, 1.0, 0.5]])
PROBE = np.array([0.4, 0.6])
#: Exercise 4: the OR neuron's weights, and the z asked for at the input (1, 1) (not 4, whose
#: bias -12 is a z the notebook shows above the exercise).
GATE_W, Z_AT_ONES = (8.0, 8.0), 2.0
GATES = ("AND", "OR", "NAND", "NOR", "XOR")


def _cases_called_one(w, b):
    """The gate inputs a sigmoid neuron with weights w and bias b calls 1 (output above 0.5)."""
    X, _ = logic_gate("AND")
    outputs = Dense(np.reshape(w, (2, 1)), b, "sigmoid")(X)[:, 0]
    return [case for case, out in zip(CASES, outputs) if out > 0.5]


def _inverted_case():
    called = _cases_called_one(INVERTED_W, INVERTED_B)
    if len(called) != 1:
        raise ValueError(f"the panel question expects one input called 1, got {called}")
    return called[0]


def _bias_for_z_at_ones():
    return Z_AT_ONES - weighted_sum([1.0, 1.0], GATE_W)


def _gate_of(w, b):
    """The name of the gate a sigmoid neuron computes (or "none" if it matches no gate)."""
    X, _ = logic_gate("AND")
    called = Dense(np.reshape(w, (2, 1)), b, "sigmoid")(X)[:, 0] > 0.5
    for name, targets in GATE_TARGETS.items():
        if np.array_equal(called, np.array(targets) == 1):
            return name
    return "none"


register(
    Exercise(
        "03.1", "Weights panel: which input does the neuron with w1 = -8 call 1?",
        answer=_inverted_case, kind="choice", options=CASES,
        hints=("Compute z = w₁x₁ + w₂x₂ + b for each of the four inputs; the neuron says 1 "
               "where z > 0.",
               "Switching x₁ on now adds −8 to z: it can only push the output down."),
        mistakes=(
            Mistake("(1, 0)", "That is where x₁ alone is on; with w₁ = −8, switching x₁ on "
                              "pushes z down instead of up."),
            Mistake("(1, 1)", "For (1, 1), z = −8 + 8 − 4: the negative weight cancels the "
                              "positive one and the bias decides."),
        ),
    ),
    Exercise(
        "03.2", "The weight that makes x1 = 0.5 contribute -1.5",
        answer=lambda: CONTRIBUTION / X1, decimals=2,
        hints=("The contribution of input 1 is x₁·w₁. Write x₁·w₁ = −1.5 with x₁ = 0.5.",
               "Solve for w₁: divide both sides by x₁."),
        mistakes=(Mistake(lambda: CONTRIBUTION * X1,
                          "You multiplied −1.5 by x₁; to find w₁ in x₁·w₁ = −1.5, divide "
                          "by x₁ instead."),
                  Mistake(lambda: X1 / CONTRIBUTION,
                          "You divided x₁ by −1.5; the other way round: w₁ = −1.5 / x₁."),),
    ),
    Exercise(
        "03.3", "The detectors' weighted sums for the input [0.4, 0.6]",
        answer=lambda: PROBE @ DETECTORS, kind="array", decimals=2,
        hints=("One matrix product does it: the input as a row, times W. Neuron j's sum is "
               "entry j.",
               "The layer has no bias, so x @ W is already the answer."),
        mistakes=(
            Mistake(lambda: PROBE @ np.array([[1.0, 0.0, 1.0], [0.0, 1.0, 1.0]]),
                    "Look at neuron C again: its two weights are halves, so it averages the "
                    "two inputs rather than adding them."),
            Mistake(lambda: np.full(3, PROBE.sum()),
                    "Every neuron got the plain sum of the inputs; each input must be "
                    "multiplied by that neuron's own weight (column j of W)."),
        ),
    ),
    Exercise(
        "03.4a", "The bias that makes z = 2 for the input (1, 1)",
        answer=_bias_for_z_at_ones, decimals=2,
        hints=("For the input (1, 1), z = 8·1 + 8·1 + b. Set that equal to 2.",
               "Solve for b: move the two weights' contributions to the other side."),
        mistakes=(
            Mistake(lambda: Z_AT_ONES - weighted_sum([1.0, 0.0], GATE_W),
                    "That makes z = 2 for the input (1, 0); the question asks about (1, 1), "
                    "where both weights contribute."),
            Mistake(lambda: Z_AT_ONES + weighted_sum([1.0, 1.0], GATE_W),
                    "Check the sign: b must pull z from 16 down to 2, so it is negative."),
        ),
    ),
    Exercise(
        "03.4b", "Which gate the neuron with this bias computes",
        answer=lambda: _gate_of(GATE_W, _bias_for_z_at_ones()), kind="choice",
        options=GATES + ("none",),
        hints=("Compute z for the other three inputs (0, 0), (0, 1), (1, 0) with your bias; "
               "the neuron says 1 where z > 0.",
               "Compare the four answers with the truth tables of the gates."),
        mistakes=(Mistake("OR", "OR needs the output 1 for (1, 0) too; with your bias, is z "
                                "positive for (1, 0)?"),),
    ),
)
