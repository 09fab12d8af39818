"""Exercises of notebook 09 (learning from data): a softmax, the steps of one epoch, a network's
parameters, what the test loss of an overfitting run does, and one step with weight decay."""

import math
from functools import lru_cache

import numpy as np

from .. import datasets
from ..activations import sigmoid, softmax
from ..layers import random_network
from ..training import train
from .registry import Exercise, Mistake, register

#: Exercise 1: the logits of one example, three classes.
LOGITS = [2.0, 0.5, -1.0]
#: Exercise 2: training examples and the mini-batch size.
STEPS_N, STEPS_BATCH = 250, 32
#: Exercise 4: the run of the section "Overfitting": 40 noisy XOR points to train on, 200 to
#: test, a 2-32-32-2 tanh network, full-batch gradient descent. The notebook runs the same.
OVERFIT_DATA = dict(n=240, noise=0.3, seed=1)
OVERFIT_TRAIN_FRACTION, OVERFIT_SPLIT_SEED = 1 / 6, 0
OVERFIT_SIZES, OVERFIT_LR, OVERFIT_EPOCHS = [2, 32, 32, 2], 0.5, 2000
#: The shapes of the test loss offered in exercise 4.
TEST_LOSS_OPTIONS = ("falls all the way", "falls, then rises", "stays flat")
#: Exercise 5: one weight's step with L2 weight decay.
DECAY_W, DECAY_GRADIENT, DECAY_LR, DECAY_LAMBDA = 3.0, 0.5, 0.1, 0.1
#: Exercise 3: the layer widths of the network whose parameters are counted.
COUNT_SIZES = [2, 8, 8, 3]


def _softmax_of_logits():
    return softmax(LOGITS)


@lru_cache(maxsize=1)
def overfitting_run():
    """The training and test losses of section 6's run, one per epoch (cached: ~0.5 s)."""
    X, y = datasets.xor(**OVERFIT_DATA)
    (X_train, y_train), (X_test, y_test) = datasets.split(
        X, y, train_fraction=OVERFIT_TRAIN_FRACTION, seed=OVERFIT_SPLIT_SEED)
    net = random_network(OVERFIT_SIZES, activation="tanh", output_activation="identity", seed=0)
    test = []
    history = train(net, X_train, y_train, lr=OVERFIT_LR, epochs=OVERFIT_EPOCHS,
                    loss="cross_entropy",
                    callback=lambda epoch, model, loss: test.append(
                        model.loss(X_test, y_test, "cross_entropy")))
    return np.array(history), np.array(test)


def _shape_of(history):
    """Name a loss curve's course as one of TEST_LOSS_OPTIONS."""
    start, lowest, end = history[0], history.min(), history[-1]
    if end > 1.5 * lowest and history.argmin() < len(history) // 2:
        return "falls, then rises"
    if end < 0.9 * start:
        return "falls all the way"
    return "stays flat"


def _decay_step(decay=DECAY_LAMBDA):
    """w ← w − η·(∂L/∂w + λ·w): one step of gradient descent with L2 weight decay."""
    return DECAY_W - DECAY_LR * (DECAY_GRADIENT + decay * DECAY_W)


def _parameters(sizes=COUNT_SIZES, biases=True):
    net = random_network(sizes, seed=0)
    return sum(layer.W.size + (layer.b.size if biases else 0) for layer in net.layers)


register(
    Exercise(
        "09.1", "The softmax of three logits",
        answer=_softmax_of_logits, kind="array", decimals=3,
        hints=("First take e to the power of each logit: three positive numbers.",
               "Then divide each of them by their sum, so that the three add up to 1."),
        mistakes=(
            Mistake(lambda: np.exp(LOGITS),
                    "Those are the exponentials e^z; divide each by their sum so that they add "
                    "up to 1."),
            Mistake(lambda: np.asarray(LOGITS) / np.sum(LOGITS),
                    "You divided the logits by their sum; softmax divides the exponentials "
                    "e^z by the sum of the exponentials (a logit may be negative, e^z never is)."),
            Mistake(lambda: sigmoid(np.asarray(LOGITS)),
                    "That is the sigmoid of each logit on its own; those do not add up to 1. "
                    "Softmax divides each e^z by the sum of all three."),
        ),
    ),
    Exercise(
        "09.2", "The steps of one epoch",
        answer=lambda: math.ceil(STEPS_N / STEPS_BATCH), kind="count",
        hints=("Each step uses one mini-batch; how many batches of that size cover every example?",
               "A last, smaller batch still takes a step of its own."),
        mistakes=(
            Mistake(lambda: STEPS_N // STEPS_BATCH,
                    "That many full batches leave some examples over: they form one more, smaller "
                    "batch, which takes a step too."),
            Mistake(lambda: STEPS_N,
                    "That is one step per example (batches of one); here each step uses a whole "
                    "mini-batch."),
        ),
    ),
    Exercise(
        "09.3", "The parameters of a 2-8-8-3 network",
        answer=_parameters, kind="count",
        hints=("Count layer by layer: a layer from n inputs to m neurons has an (n, m) weight "
               "matrix and m biases.",
               "There are three layers of weights: 2 → 8, 8 → 8 and 8 → 3."),
        mistakes=(
            Mistake(lambda: _parameters(biases=False),
                    "Those are the weights alone; every neuron also has a bias."),
            Mistake(lambda: _parameters(COUNT_SIZES[:-1]),
                    "The output layer's 3 neurons have weights and biases too."),
            Mistake(lambda: sum(COUNT_SIZES[1:]),
                    "That is the number of neurons; count their weights and biases."),
        ),
    ),
    Exercise(
        "09.4", "What the test loss of a big network on 40 noisy points does",
        answer=lambda: _shape_of(overfitting_run()[1]), kind="choice",
        options=TEST_LOSS_OPTIONS,
        hints=("Gradient descent lowers the training loss. Does anything in it look at the test "
               "points?",
               "The noise makes some training points sit on the wrong side. What happens to the "
               "test points near them once the network bends its boundary to fit those points?"),
        mistakes=(
            Mistake("falls all the way",
                    "That is what the training loss does: gradient descent lowers the loss on "
                    "the points it sees. The test points are never seen, and what the network "
                    "learns about the noise of the training points is wrong for them."),
            Mistake("stays flat",
                    "At first the network learns the four quadrants, which holds for test "
                    "points too, so the test loss does move."),
        ),
    ),
    Exercise(
        "09.5", "One step of gradient descent with weight decay",
        answer=_decay_step, decimals=2,
        hints=("The gradient used is ∂L/∂w + λ·w: add λ times the weight to the gradient first.",
               "Then take the usual step: w minus η times that sum."),
        mistakes=(
            Mistake(lambda: _decay_step(decay=0.0),
                    "That is the step without weight decay; add λ·w to the gradient first."),
            Mistake(lambda: _decay_step(decay=DECAY_LAMBDA / 2),
                    "You used λ/2·w; the penalty is λ/2·w², and its derivative is λ·w."),
            Mistake(lambda: _decay_step(decay=-DECAY_LAMBDA),
                    "The decay pulls the weight towards 0: λ·w is added to the gradient, so the "
                    "step makes a positive weight smaller."),
            Mistake(lambda: DECAY_W - DECAY_LR * DECAY_GRADIENT - DECAY_LAMBDA * DECAY_W,
                    "The learning rate η multiplies the whole sum ∂L/∂w + λ·w, the decay "
                    "term too."),
        ),
    ),
)
