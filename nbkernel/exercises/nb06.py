"""Exercises of notebook 06 (multi-layer networks): the outline's Exercise 2, the network panel's
prediction, and the closing tasks (a new input, a changed bias, XOR with ReLU, the gate one neuron
cannot compute)."""

import numpy as np

from ..activations import relu
from ..gates import logic_gate
from ..layers import Dense, Network
from .registry import Exercise, Mistake, register

#: Exercise 2 of the outline: the input, then layer 1 (ReLU) and layer 2 (ReLU).
X2 = np.array([1.0, 0.5])
W1 = np.array([[0.6, 0.4], [0.2, 0.8]])
B1 = np.array([0.1, -0.1])
W2 = np.array([[0.5], [0.7]])
B2 = np.array([0.2])
#: The new input of task 1 and the new first bias of layer 1 in task 2.
NEW_INPUT = np.array([0.5, 1.0])
NEW_FIRST_BIAS = -1.0
#: Task 3: the ReLU hidden layer for XOR, h1 = ReLU(x1 + x2), h2 = ReLU(x1 + x2 - 1).
RELU_W, RELU_B = np.array([[1.0, 1.0], [1.0, 1.0]]), np.array([0.0, -1.0])


def _output(x=X2, W1=W1, b1=B1, W2=W2, b2=B2, hidden=relu):
    """The two-layer network's output for one input, with any part swapped for a wrong one."""
    return (relu(hidden(x @ W1 + b1) @ W2 + b2)).item()


def _first_bias_changed():
    b1 = B1.copy()
    b1[0] = NEW_FIRST_BIAS
    return b1


def _second_bias_changed():
    b1 = B1.copy()
    b1[1] = NEW_FIRST_BIAS
    return b1


def _xor_output_weight():
    """The weight c of y = h1 + c*h2 that makes the four outputs XOR (least squares, exact)."""
    X, target = logic_gate("XOR")
    H = relu(X @ RELU_W + RELU_B)
    return float(np.linalg.lstsq(H[:, 1:], target.ravel() - H[:, 0], rcond=None)[0][0])


def _can_one_neuron_compute_xnor(draws=200_000, seed=0):
    """"yes" if any of many random sigmoid neurons computes XNOR (read as output > 0.5)."""
    rng = np.random.default_rng(seed)
    params = rng.uniform(-10, 10, size=(draws, 3))      # columns: w1, w2, b
    X, xor = logic_gate("XOR")
    says_one = params[:, :2] @ X.T + params[:, 2:] > 0  # sigma(z) > 0.5 exactly where z > 0
    xnor = xor.ravel() == 0                             # 1 where the two inputs are equal
    return "yes" if np.all(says_one == xnor, axis=1).any() else "no"


register(
    Exercise(
        "06.2a", "Exercise 2: the hidden layer's outputs h",
        answer=lambda: relu(X2 @ W1 + B1), kind="array", decimals=2,
        hints=("Multiply x by each column of W₁: column 1 gives hidden neuron 1, column 2 "
               "hidden neuron 2.",
               "Add the bias vector b₁ to the two sums, then apply ReLU to each."),
        mistakes=(
            Mistake(lambda: relu(X2 @ W1),
                    "That is ReLU of x W₁ alone: the bias vector b₁ is still to be added."),
            Mistake(lambda: relu(X2 @ W1.T + B1),
                    "You multiplied x by the rows of W₁. Row i of W₁ belongs to input i; "
                    "hidden neuron j uses column j."),
        ),
    ),
    Exercise(
        "06.2b", "Exercise 2: the network's final output",
        answer=lambda: _output(), decimals=2,
        hints=("Start from your h: multiply it by W₂ (one weight per hidden neuron) and add b₂.",
               "Layer 2 has a ReLU too: is its sum positive?"),
        mistakes=(
            Mistake(lambda: (relu(X2 @ W1 + B1) @ W2).item(),
                    "That is h W₂ without the bias: add b₂."),
            Mistake(lambda: _output(b1=np.zeros(2)),
                    "Layer 2 looks right, but the hidden values miss the bias b₁."),
            Mistake(lambda: _output(W1=W1.T),
                    "The hidden values are off: hidden neuron j uses column j of W₁, not row j."),
        ),
    ),
    Exercise(
        "06.3a", "The bias at which hidden neuron 2 switches off",
        answer=lambda: float(-(X2 @ W1[:, 1])), decimals=2,
        hints=("Hidden neuron 2 is off once its weighted sum z = x·(column 2 of W₁) + b is 0 "
               "or below.",
               "Compute x·(column 2 of W₁) without any bias, then solve z = 0 for b."),
        mistakes=(
            Mistake(lambda: float(X2 @ W1[:, 1]),
                    "That is x·(column 2 of W₁) itself; the bias must cancel it, so check the "
                    "sign."),
            Mistake(lambda: float(-(X2 @ W1[:, 1] + B1[1])),
                    "That cancels z with the old bias −0.1 still inside; the new bias replaces "
                    "it, so leave the old one out."),
        ),
    ),
    Exercise(
        "06.3b", "The output once hidden neuron 2 is off",
        answer=lambda: _output(b1=np.array([B1[0], -10.0])), decimals=2,
        hints=("With hidden neuron 2 at 0, only hidden neuron 1 reaches the output.",
               "Hidden neuron 1 does not change: multiply it by its weight in W₂ and add b₂."),
        mistakes=(
            Mistake(lambda: _output(),
                    "That is the output with hidden neuron 2 still on (the exercise's value); "
                    "set its output to 0."),
            Mistake(lambda: (relu(X2 @ W1[:, :1] + B1[:1]) @ W2[:1]).item(),
                    "Almost: add the bias b₂ of the output neuron."),
        ),
    ),
    Exercise(
        "06.7a", "Task 1: the Exercise 2 network on a new input",
        answer=lambda: _output(x=NEW_INPUT), decimals=2,
        hints=("Same weights, new x: compute the hidden layer first, x W₁ + b₁, then ReLU.",
               "Then h W₂ + b₂ and ReLU."),
        mistakes=(
            Mistake(lambda: _output(),
                    "That is the output for the old input (1.0, 0.5); use x = (0.5, 1.0)."),
            Mistake(lambda: _output(x=NEW_INPUT, b1=np.zeros(2)),
                    "The hidden values miss the bias b₁."),
            Mistake(lambda: _output(x=NEW_INPUT, b2=np.zeros(1)),
                    "The output misses the bias b₂."),
            Mistake(lambda: _output(x=NEW_INPUT, W1=W1.T),
                    "Hidden neuron j uses column j of W₁, not row j."),
        ),
    ),
    Exercise(
        "06.7b", "Task 2: a changed bias switches a hidden neuron off",
        answer=lambda: _output(b1=_first_bias_changed()), decimals=2,
        hints=("Compute hidden neuron 1's weighted sum with the new bias: is it positive?",
               "ReLU of a negative number is 0; the output is then 0.5·h₁ + 0.7·h₂ + b₂."),
        mistakes=(
            Mistake(lambda: _output(b1=_first_bias_changed(), hidden=lambda z: z),
                    "You kept hidden neuron 1's negative sum; ReLU turns it into 0."),
            Mistake(lambda: _output(b1=_second_bias_changed()),
                    "You changed the second bias of layer 1; the task changes the first one."),
            Mistake(lambda: _output(),
                    "That is the output before the change."),
            Mistake(lambda: _output(b1=_first_bias_changed(), b2=np.zeros(1)),
                    "Hidden neuron 1 is rightly off, but the output misses the bias b₂."),
        ),
    ),
    Exercise(
        "06.7c", "Task 3: the output weight c that makes XOR",
        answer=_xor_output_weight, decimals=1,
        hints=("At the inputs (0, 1) and (1, 0), h₂ = 0 and h₁ is already right; only (1, 1) "
               "depends on c.",
               "At (1, 1) compute h₁ and h₂, then solve h₁ + c·h₂ = 0 for c."),
        mistakes=(
            Mistake(lambda: -1.0,
                    "With that c the output at (1, 1) is h₁ − h₂: compute h₁ there again "
                    "(x₁ + x₂ = 2)."),
            Mistake(lambda: 0.0,
                    "With c = 0 the output at (1, 1) is h₁, which is not 0: XOR wants 0 there."),
        ),
    ),
    Exercise(
        "06.7d", "Task 4: can one neuron compute XNOR?",
        answer=_can_one_neuron_compute_xnor, kind="choice", options=("yes", "no"),
        hints=("Draw the square of the four inputs and mark the corners where XNOR says 1.",
               "Can one straight line put those corners on one side and the other two on the "
               "other?"),
        mistakes=(Mistake("yes", "Look at where XNOR's 1s sit: (0, 0) and (1, 1), on one "
                                 "diagonal of the square, as XOR's 1s sit on the other."),),
    ),
)
