"""The training panel: watch gradient descent learn a logic gate, step by step or playing."""

import numpy as np

from .. import plotting
from ..gates import logic_gate
from ..layers import random_network
from ..training import train
from . import _maths as maths
from ._base import Panel
from ._play import Playing
from ._layout import dropdown, float_slider, row

#: The tasks offered (logic gates) and the hidden-layer choices (0 = a single neuron).
TASKS = ("AND", "OR", "NAND", "XOR")
HIDDEN_OPTIONS = (("none: a single neuron", 0), ("2 hidden tanh units", 2),
                  ("4 hidden tanh units", 4))
#: Learning-rate slider range (low, high, step).
LR_RANGE = (0.05, 5.0, 0.05)
LOSS = "bce"
#: The figure, in inches: each part's width and margins (left, bottom, right, top; the
#: boundary's right one holds its colour bar), and the height.
LOSS_WIDTH, LOSS_MARGINS = 3.6, (0.65, 0.5, 0.15, 0.35)
BOUNDARY_WIDTH, BOUNDARY_MARGINS = 4.6, (0.6, 0.5, 1.4, 0.35)
HEIGHT = 2.9


def make_model(hidden, seed):
    """The network trained by the panel: 2 → (hidden tanh) → 1 sigmoid, seeded.

    Examples
    --------
    >>> make_model(0, seed=0).sizes, make_model(4, seed=0).sizes
    ([2, 1], [2, 4, 1])
    """
    sizes = [2, int(hidden), 1] if hidden else [2, 1]
    return random_network(sizes, activation="tanh", output_activation="sigmoid", seed=seed)


class TrainingPanel(Playing, Panel):
    """What :func:`training_panel` returns."""

    def __init__(self, task, hidden, lr, seed, epochs_per_step, max_epochs):
        super().__init__()
        task = str(task).upper()
        if task not in TASKS:
            raise ValueError(f"task must be one of {', '.join(TASKS)}, got {task!r}")
        choices = [value for _, value in HIDDEN_OPTIONS]
        options = list(HIDDEN_OPTIONS)
        if hidden not in choices:
            if not isinstance(hidden, (int, np.integer)) or hidden < 0:
                raise ValueError(f"hidden must be a whole number >= 0 (0 = a single neuron), "
                                 f"got {hidden!r}")
            options.append((f"{hidden} hidden tanh units", int(hidden)))
        if int(epochs_per_step) < 1 or int(max_epochs) < int(epochs_per_step):
            raise ValueError(f"need 1 <= epochs_per_step <= max_epochs, got {epochs_per_step} "
                             f"and {max_epochs}")
        self.seed = seed
        self.epochs_per_step = int(epochs_per_step)
        self.max_epochs = int(max_epochs)
        self._add_control("task", dropdown("task", list(TASKS), task, width="160px",
                                           description_width="auto"))
        self._add_control("hidden", dropdown("hidden layer", options, int(hidden),
                                             width="290px", description_width="auto"))
        self._add_control("lr", float_slider("η", lr, *LR_RANGE,
                                             tooltip="learning rate η",
                                             name="learning rate η"), slider=True)
        buttons = self._add_play_buttons(f"{self.epochs_per_step} epochs of gradient descent")

        self._new_model()
        self._set_figure(self._make_figure)
        self.math = maths.widget(margin="0 0 0 4px")
        self._write_math()

        buttons = row(buttons + [self.reset_button], gap="6px", align_items="center")
        settings = row([self.controls["task"], self.controls["hidden"], self.controls["lr"]],
                       gap="8px")
        self._finish(settings, buttons,
                     self.view.widget,
                     self.math)

    def _make_figure(self):
        """The loss curve and the decision boundary side by side in one figure: one image to
        encode, send and paint per step."""
        fig, (loss_ax, boundary_ax) = plotting.new_figure(
            height=HEIGHT, parts=[(LOSS_WIDTH, LOSS_MARGINS), (BOUNDARY_WIDTH, BOUNDARY_MARGINS)])
        losses = self.history + [self.model.loss(self.X, self.y, LOSS)]  # after 0, 1, ... epochs
        # The epoch axis first shows 40 steps, enough to learn AND, OR or NAND, and grows
        # after that; it seldom jumps, which is calmer to watch and cheaper to draw.
        loss = plotting.loss_curve(losses, ax=loss_ax,
                                   min_epochs=min(40 * self.epochs_per_step, self.max_epochs))
        boundary = plotting.decision_boundary(self.model, self.controls["task"].value,
                                              ax=boundary_ax)
        return fig, {"loss": loss, "boundary": boundary}, []

    # -- state ---------------------------------------------------------------------------------

    @property
    def epoch(self):
        """How many epochs of gradient descent the model has had."""
        return len(self.history)

    def _new_model(self):
        self.model = make_model(self.controls["hidden"].value, self.seed)
        self.X, self.y = logic_gate(self.controls["task"].value)
        self.history = []

    @property
    def finished(self):
        """Training stops at ``max_epochs``."""
        return self.epoch >= self.max_epochs

    def train_frame(self):
        """Train ``epochs_per_step`` more epochs (one Step, one frame of Play) and draw."""
        self.history += train(self.model, self.X, self.y, lr=self.controls["lr"].value,
                              epochs=min(self.epochs_per_step, self.max_epochs - self.epoch),
                              loss=LOSS)
        self._on_change("epochs")  # drawn now, or at the end of a batch

    def _reset_state(self):
        self.pause()
        self._new_model()

    def _update(self, changed):
        if changed & {"task", "hidden"}:
            self.pause()
            self._new_model()
        elif changed == {"lr"}:
            self._write_math()
            return False
        loss = self._write_math()
        # the losses after 0, 1, ..., epoch updates: its last point is the loss the maths shows
        self.plots["loss"].update(self.history + [loss])
        self.plots["boundary"].update(self.model, gate=self.controls["task"].value)

    def _write_math(self):
        """Write the current loss and the next update into ``math``; return the loss."""
        lr = self.controls["lr"].value
        loss, grads = self.model.loss_and_gradients(self.X, self.y, LOSS)
        eta, loss_symbol = "<i>η</i>", maths.sym("L")
        head = (f"after {self.epoch} epochs:{maths.QUAD}{loss_symbol} = {maths.num(loss)}"
                f"{maths.QUAD}{eta} = {maths.num(lr)}")

        def step(name):  # name ← name − η ∂L/∂name
            slope = maths.frac(f"∂{loss_symbol}", f"∂{name}")
            return f"{name} ← {name} {maths.MINUS} {eta}{maths.THIN}{slope}"
        if len(self.model.layers) == 1:
            (W, b), (dW, db) = (self.model.layers[0].W, self.model.layers[0].b), grads[0]
            params = [(maths.sym("w", 1), W[0, 0], dW[0, 0]),
                      (maths.sym("w", 2), W[1, 0], dW[1, 0]), (maths.sym("b"), b[0], db[0])]
            lines = [head] + [
                f"{step(name)} = {maths.num(value)} {maths.MINUS} {maths.num(lr)} · "
                f"{maths.term(grad)} = {maths.num(value - lr * grad)}"
                for name, value, grad in params]
        else:
            lines = [head, f"{step(maths.sym('W'))},{maths.QUAD}{step(maths.sym('b'))}"]
            parts = []
            for l, layer in enumerate(self.model.layers, start=1):
                parts.append(f"{maths.sym('W', l)} = {maths.matrix(layer.W, 3)}, "
                             f"{maths.sym('b', l)} = {maths.matrix(layer.b, 3)}")
            lines.append(f"{maths.QUAD}".join(parts))
        self._show(self.math, maths.block(*lines))
        return loss


def training_panel(task="AND", hidden=0, lr=1.0, seed=0, epochs_per_step=5, max_epochs=1000):
    """Train a neuron (or a small network) on a logic gate and watch it learn.

    Play trains (``epochs_per_step`` epochs of full-batch gradient descent per frame) in the
    kernel's background, Pause stops, Step trains one frame, Reset starts again. The loss curve,
    the moving decision boundary and the current weights (with the next update
    w ← w − η·∂L/∂w written out for a single neuron) follow the training.

    Parameters
    ----------
    task : {"AND", "OR", "NAND", "XOR"}
        The gate to learn. XOR needs a hidden layer.
    hidden : int
        Hidden tanh units: 0 is a single sigmoid neuron; 2 or 4 can learn XOR.
    lr : float
        Learning rate η (slider from 0.05 to 5).
    seed : int
        Seed of the starting weights (``nbkernel.random_network``), so runs are reproducible.
    epochs_per_step : int
        Epochs per Step press or Play frame.
    max_epochs : int
        Where training stops.

    Returns
    -------
    TrainingPanel
        ``.play_button``, ``.pause_button``, ``.step_button``, ``.sliders["lr"]``,
        ``.controls["task"]``, ``.controls["hidden"]``, ``.plots``: ``"loss"``,
        ``"boundary"``; ``.model``, ``.history`` (the loss before each epoch), ``.step()``.

    Examples
    --------
    >>> panel = training_panel()
    >>> panel.step()
    >>> panel.epoch
    5
    """
    return TrainingPanel(task, hidden, lr, seed, epochs_per_step, max_epochs)
