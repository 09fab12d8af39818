"""Exercises of notebook 00 (contents): one easy exercise to try the checker."""

from .registry import Exercise, Mistake, register

register(
    Exercise(
        "00.1", "What reaches the neuron: x times w",
        answer=lambda: 0.5 * 0.6, decimals=2,
        hints=("Multiply the input x by the weight w.",),
        mistakes=(Mistake(lambda: 0.5 + 0.6, "You added x and w; a weight multiplies its input."),),
    ),
)
