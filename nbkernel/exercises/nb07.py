"""Exercises of notebook 07 (learning weights): the outline's Exercise 3 (an AND gate), the two
panels' predictions, and the closing tasks (a gradient, one step of gradient descent, a NAND
neuron, the shape of a gradient)."""

import numpy as np

from ..activations import sigmoid
from ..gates import logic_gate
from ..layers import Dense, Network, random_network
from ..losses import bce_loss
from ..neuron import neuron
from ..training import gradient_step, train
from .registry import Exercise, Mistake, register

#: Exercise 3 (a): the weight triples (w1, w2, b) offered for an AND neuron.
AND_OPTIONS = ("8, 8, -4", "4, 4, -10", "8, 8, -10", "8, 8, 10")
#: Exercise 3 (b): the neuron whose four outputs are asked for (the outline's answer, the option
#: of (a) that computes AND; the notebook does not name it, so that (b) does not answer (a)).
AND_WEIGHTS, AND_BIAS = (8.0, 8.0), -10.0
#: The weights panel's question: with w1 = w2 = 8, the "0" outputs must fall below this.
SMALL_OUTPUT = 0.01
#: The step of the weights panel's bias slider.
PANEL_STEP = 0.5
#: The training panel's questions: the learning rates compared, the loss level, the epochs.
LEARNING_RATES = ("0.1", "1", "5")
LOSS_LEVEL = 0.1
EPOCHS = 2000
#: Task 3: the (w1, w2, b) offered for a NAND neuron.
NAND_OPTIONS = ("8, 8, -10", "-8, -8, 4", "-8, -8, 12")


def _triple(option):
    return [float(v) for v in option.split(",")]


def _computes(gate, option):
    """Does the sigmoid neuron (w1, w2, b) of ``option`` compute ``gate`` (read at 0.5)?"""
    X, target = logic_gate(gate)
    w1, w2, b = _triple(option)
    return bool(np.array_equal(neuron(X, [w1, w2], b, "sigmoid") > 0.5, target.ravel() == 1))


def _the_option_that_computes(gate, options):
    working = [option for option in options if _computes(gate, option)]
    if len(working) != 1:
        raise ValueError(f"exactly one option should compute {gate}; these do: {working}")
    return working[0]


def _and_outputs(bias=AND_BIAS, activation="sigmoid"):
    X, _ = logic_gate("AND")
    return neuron(X, list(AND_WEIGHTS), bias, activation)


def _outputs_of(option):
    """The four sigmoid outputs of the neuron (w1, w2, b) of ``option``, rows 00, 01, 10, 11."""
    X, _ = logic_gate("AND")
    w1, w2, b = _triple(option)
    return neuron(X, [w1, w2], b, "sigmoid")


def _largest_bias_for_small_outputs():
    """The largest b with sigma(w1 + b) < SMALL_OUTPUT, for w1 = w2 = 8: w1 + b = logit."""
    logit = np.log(SMALL_OUTPUT / (1 - SMALL_OUTPUT))
    return float(logit - AND_WEIGHTS[0])


def _small_outputs_possible():
    """Is there a b with both single-1 outputs below SMALL_OUTPUT and (1, 1) above 0.5?"""
    b = _largest_bias_for_small_outputs() - 0.5
    outputs = _and_outputs(bias=b)
    return "yes" if outputs[:3].max() < SMALL_OUTPUT and outputs[3] > 0.5 else "no"


def _epochs_to_reach(lr):
    X, y = logic_gate("AND")
    history = train(Dense([[0.0], [0.0]], 0.0, "sigmoid"), X, y, lr=float(lr), epochs=EPOCHS)
    return next((i for i, v in enumerate(history) if v < LOSS_LEVEL), EPOCHS)


def _fastest_learning_rate():
    return min(LEARNING_RATES, key=_epochs_to_reach)


def _xor_loss_one_neuron():
    X, y = logic_gate("XOR")
    lonely = Dense([[0.0], [0.0]], 0.0, "sigmoid")
    train(lonely, X, y, lr=1.0, epochs=EPOCHS)
    return float(bce_loss(y, lonely(X)))


def _gradient_w1(x=(1.0, 1.0), y=1.0, flip=False):
    """d loss / d w1 for one example at zero weights: (sigma(0) - y) * x1."""
    (dW, _), = Network([Dense([[0.0], [0.0]], 0.0, "sigmoid")]).gradients([list(x)], [y])
    return -float(dW[0, 0]) if flip else float(dW[0, 0])


def _bias_after_one_step(mean=True, sign=1.0):
    """The bias after one step of gradient descent (lr 1) from zero weights on AND."""
    X, y = logic_gate("AND")
    if mean:
        layer = Dense([[0.0], [0.0]], 0.0, "sigmoid")
        gradient_step(layer, X, y, lr=1.0)
        return sign * float(layer.b[0])
    error = sigmoid(np.zeros(len(X))) - y.ravel()
    return float(-error.sum())                        # the sum instead of the mean


def _xor_network():
    return random_network([2, 4, 1], activation="tanh", output_activation="sigmoid", seed=0)


def _gradient_shape(layer=0, which=0):
    X, y = logic_gate("XOR")
    return _xor_network().gradients(X, y)[layer][which].shape


register(
    Exercise(
        "07.1a", "Exercise 3 (a): the weights of an AND neuron",
        answer=lambda: _the_option_that_computes("AND", AND_OPTIONS), kind="choice",
        options=AND_OPTIONS,
        hints=("Try each triple on the four inputs: z = w₁x₁ + w₂x₂ + b. Which z should be "
               "positive, and which negative?",
               "AND needs z < 0 at (0, 0), (0, 1) and (1, 0), and z > 0 only at (1, 1)."),
        mistakes=(
            Mistake("8, 8, -4", "At (1, 0), z = 8 − 4 > 0: one input alone already says 1. "
                                "That neuron computes OR."),
            Mistake("4, 4, -10", "At (1, 1), z = 4 + 4 − 10 < 0: this neuron never says 1."),
            Mistake("8, 8, 10", "At (0, 0), z = b > 0: this neuron says 1 even with both "
                                "inputs 0."),
        ),
    ),
    Exercise(
        "07.1b", "Exercise 3 (b): the four outputs of the AND neuron",
        answer=_and_outputs, kind="array", decimals=2,
        hints=("First the four weighted sums z = w₁x₁ + w₂x₂ + b of your neuron from (a), one "
               "per input row.",
               "Then σ(z) = 1 / (1 + e^(−z)) of each, e.g. with nk.sigmoid."),
        mistakes=(
            Mistake(lambda: _and_outputs(activation="identity"),
                    "Those are the weighted sums z; the outputs are σ(z)."),
            Mistake(lambda: _and_outputs(bias=0.0),
                    "The bias is missing from the weighted sums."),
        ) + tuple(
            Mistake(lambda option=option: _outputs_of(option),
                    f"Those are the outputs of the neuron ({option}), which is not an AND "
                    "gate: settle part (a) first, then use the neuron the checker accepted.")
            for option in AND_OPTIONS if not _computes("AND", option)
        ),
    ),
    Exercise(
        "07.3a", "Weights panel: can the '0' outputs all drop below 0.01?",
        answer=_small_outputs_possible, kind="choice", options=("yes", "no"),
        hints=("With w₁ = w₂ = 8, the output at (1, 0) is σ(8 + b) and at (1, 1) it is "
               "σ(16 + b). Lowering b lowers both.",
               "σ(z) < 0.01 needs z below about −4.6; σ(z) > 0.5 needs z > 0. Is there a b "
               "that does both?"),
    ),
    Exercise(
        "07.3b", "Weights panel: the largest bias that makes the '0' outputs small",
        answer=_largest_bias_for_small_outputs, decimals=1,
        hints=("The largest of the three '0' outputs is at (1, 0) (and (0, 1)): σ(8 + b).",
               "σ(z) = 0.01 at z = log(0.01 / 0.99), about −4.6; solve 8 + b = that z."),
        mistakes=(
            Mistake(lambda: float(np.log(SMALL_OUTPUT / (1 - SMALL_OUTPUT))),
                    "That is the weighted sum z at which σ(z) = 0.01; the bias still has to "
                    "make 8 + b equal to it."),
            Mistake(lambda: float(np.floor(_largest_bias_for_small_outputs() / PANEL_STEP)
                                  * PANEL_STEP),
                    "That b works (the panel's steps of 0.5 find it), but a slightly larger one "
                    "does too: compute the b at which σ(8 + b) is exactly 0.01."),
            Mistake(lambda: float(np.ceil(_largest_bias_for_small_outputs() / PANEL_STEP)
                                  * PANEL_STEP),
                    "With that b the outputs at (0, 1) and (1, 0) are just above 0.01: the "
                    "largest b is a little lower."),
            Mistake(lambda: float(np.log(SMALL_OUTPUT / (1 - SMALL_OUTPUT))) - 16.0,
                    "That makes the output at (1, 1) small too; the '0' outputs that matter "
                    "are at (0, 1) and (1, 0), where z = 8 + b."),
        ),
    ),
    Exercise(
        "07.7a", "Training panel: the learning rate that learns AND fastest",
        answer=_fastest_learning_rate, kind="choice", options=LEARNING_RATES,
        hints=("Each step moves the weights by η times the gradient: a larger η, a larger "
               "step.",
               "For one sigmoid neuron on AND the loss is bowl-shaped; does a larger step "
               "overshoot here? Try it in the panel."),
    ),
    Exercise(
        "07.7b", "Training panel: where one neuron's loss settles on XOR",
        answer=_xor_loss_one_neuron, decimals=2,
        hints=("One neuron cannot compute XOR; the best it can do is to say the same value "
               "for all four inputs.",
               "Which single output value is least wrong for targets 0, 1, 1, 0? Put it into "
               "the loss −[y log ŷ + (1 − y) log(1 − ŷ)]."),
        mistakes=(
            Mistake(0.5, "0.5 is the output the neuron settles at; the question asks for the "
                         "loss."),
            Mistake(0.0, "A loss of 0 would mean the neuron computes XOR, which no single "
                         "neuron can."),
        ),
    ),
    Exercise(
        "07.11a", "Task 1: the gradient at zero weights",
        answer=_gradient_w1, decimals=2,
        hints=("With all weights and the bias at 0, z = 0. What is σ(0)?",
               "∂ℓ/∂w₁ = (σ(z) − y)·x₁."),
        mistakes=(
            Mistake(lambda: _gradient_w1(flip=True),
                    "The sign is flipped: the error is σ(z) − y, the output minus the target."),
            Mistake(lambda: 0.25 * _gradient_w1(),
                    "You multiplied by σ'(z) too; with cross-entropy the σ'(z) cancels "
                    "(section 5)."),
            Mistake(-1.0, "σ(0) is not 0: put z = 0 into 1 / (1 + e^(−z))."),
        ),
    ),
    Exercise(
        "07.11b", "Task 2: the bias after one step of gradient descent",
        answer=_bias_after_one_step, decimals=2,
        hints=("∂L/∂b is the mean of σ(z) − y over the four examples. At zero weights every "
               "σ(z) is 0.5.",
               "The step is b ← b − η·∂L/∂b, with b = 0 and η = 1."),
        mistakes=(
            Mistake(lambda: _bias_after_one_step(mean=False),
                    "You summed the four errors; L is the mean loss, so divide by the 4 "
                    "examples."),
            Mistake(lambda: _bias_after_one_step(sign=-1.0),
                    "The sign is flipped: gradient descent steps against the gradient, "
                    "b − η·∂L/∂b."),
        ),
    ),
    Exercise(
        "07.11c", "Task 3: the weights of a NAND neuron",
        answer=lambda: _the_option_that_computes("NAND", NAND_OPTIONS), kind="choice",
        options=NAND_OPTIONS,
        hints=("NAND says 1 unless both inputs are 1: z > 0 at (0, 0), (0, 1) and (1, 0), "
               "z < 0 at (1, 1).",),
        mistakes=(
            Mistake("8, 8, -10", "That is the AND neuron of Exercise 3; NAND is its "
                                 "opposite."),
            Mistake("-8, -8, 4", "At (1, 0), z = −8 + 4 < 0, but NAND should say 1 there."),
        ),
    ),
    Exercise(
        "07.11d", "Task 4: the shape of ∂L/∂W₁",
        answer=lambda: _gradient_shape(0, 0), kind="shape",
        hints=("A gradient has the shape of its parameter. What is the shape of W₁, with one "
               "row per input and one column per hidden neuron?",),
        mistakes=(
            Mistake(lambda: _gradient_shape(0, 0)[::-1],
                    "That is W₁ transposed: in this course a weight matrix has one row per "
                    "input and one column per neuron."),
            Mistake(lambda: (len(logic_gate("XOR")[0]), _xor_network().layers[0].outputs),
                    "That is the shape of δ₁ (one row per example); ∂L/∂W₁ = Xᵀδ₁ has the "
                    "shape of W₁."),
        ),
    ),
)
