"""The playground panel: a network learns a noisy 2-D dataset while you watch, every number open.

Play, Pause and Step come from ``_play`` (frames on the kernel's event loop).
"""

import ipywidgets as widgets
import numpy as np

from .. import datasets
from ..layers import random_network
from ..plotting.playground import playground_figure
from ..tables import format_number
from ..training import train
from . import _maths as maths
from ._base import Panel
from ._play import Playing
from ._layout import dropdown, float_slider, heading, row
from ._slider import IntSlider, SelectionSlider

DATASETS = (("circles", "circles"), ("XOR quadrants", "xor"), ("two blobs", "blobs"),
            ("two spirals", "spirals"), ("three blobs", "blobs3"))
ACTIVATIONS = (("tanh", "tanh"), ("ReLU", "relu"), ("sigmoid σ", "sigmoid"),
               ("identity", "identity"))
LEARNING_RATES = (0.001, 0.003, 0.01, 0.03, 0.1, 0.3, 1.0, 3.0)
L2_STRENGTHS = (0.0, 0.0001, 0.001, 0.003, 0.01, 0.03, 0.1)
BATCH_SIZES = (("1", 1), ("5", 5), ("10", 10), ("25", 25), ("50", 50), ("all", "all"))
MAX_EPOCHS = 20000    # Play pauses there


def _selection(description, options, value, tooltip, name):
    return SelectionSlider(options=options, value=value, description=description,
                           accessible_name=name, tooltip=tooltip, description_width="8.5em",
                           layout=widgets.Layout(width="320px"))


def _int_slider(description, value, low, high, name):
    return IntSlider(value=int(value), min=low, max=high, description=description,
                     accessible_name=name, description_width="8.5em",
                     layout=widgets.Layout(width="320px"))


class PlaygroundPanel(Playing, Panel):
    """What :func:`playground_panel` returns."""

    def __init__(self, dataset, n, noise, train_fraction, hidden_layers, neurons, activation,
                 lr, l2, batch_size, epochs_per_frame, seed, data):
        super().__init__()
        options = list(DATASETS) + ([("your data", "data")] if data is not None else [])
        names = [name for _, name in options]
        if dataset not in names:
            raise ValueError(f"dataset must be one of {', '.join(map(repr, names))}, "
                             f"got {dataset!r}")
        for value, name, low, high in ((hidden_layers, "hidden_layers", 0, 3),
                                       (neurons, "neurons", 1, 8)):
            if isinstance(value, bool) or not isinstance(value, (int, np.integer)) \
                    or not low <= value <= high:
                raise ValueError(f"{name} must be a whole number from {low} to {high}, "
                                 f"got {value!r}")
        for value, name, choices in ((lr, "lr", LEARNING_RATES), (l2, "l2", L2_STRENGTHS),
                                     (batch_size, "batch_size", [b for _, b in BATCH_SIZES])):
            if value not in choices:
                raise ValueError(f"{name} must be one of {list(choices)}, got {value!r}")
        if isinstance(epochs_per_frame, bool) or not isinstance(epochs_per_frame, int) \
                or epochs_per_frame < 1:
            raise ValueError(f"epochs_per_frame must be a whole number >= 1, got "
                             f"{epochs_per_frame!r}")
        self.n, self.seed, self.data = n, seed, data
        self.epochs_per_frame = epochs_per_frame
        self.frames_drawn = 0

        self._add_control("dataset", dropdown("dataset", options, dataset, width="320px",
                                              description_width="8.5em"))
        self._add_control("noise", float_slider("noise", noise, 0.0, 1.0, 0.05,
                                                name="noise in the data",
                                                description_width="8.5em", width="320px"))
        self._add_control("train_fraction", float_slider(
            "train share", train_fraction, 0.1, 0.9, 0.1, readout_format=".0%",
            name="train share, the points used for training", description_width="8.5em",
            width="320px"))
        self._add_control("hidden_layers", _int_slider("hidden layers", hidden_layers, 0, 3,
                                                       "number of hidden layers"))
        self._add_control("neurons", _int_slider("neurons / layer", neurons, 1, 8,
                                                 "neurons / layer, in every hidden layer"))
        self._add_control("activation", dropdown("activation", ACTIVATIONS, activation,
                                                 width="320px", description_width="8.5em"))
        self._add_control("lr", _selection("learning rate η", LEARNING_RATES, lr,
                                           "the step size of gradient descent",
                                           "learning rate η"), slider=True)
        self._add_control("l2", _selection("L2 λ", L2_STRENGTHS, l2,
                                           "weight decay: pulls every weight towards 0",
                                           "L2 λ, weight decay"),
                          slider=True)
        self._add_control("batch_size", _selection("batch size B", BATCH_SIZES, batch_size,
                                                   "examples per gradient step",
                                                   "batch size B"), slider=True)

        buttons = self._add_play_buttons(f"train {epochs_per_frame} epochs")

        self._new_data()
        self._new_model()
        self._set_figure(self._make_figure)
        self.math = widgets.HTML(layout=widgets.Layout(margin="0 0 0 8px"))  # the numbers
        self._write_math()

        c = self.controls
        self._finish(
            row([widgets.VBox([heading("Data"), c["dataset"], c["noise"], c["train_fraction"]]),
                 widgets.VBox([heading("Network"), c["hidden_layers"], c["neurons"],
                               c["activation"]]),
                 widgets.VBox([heading("Training"), c["lr"], c["l2"], c["batch_size"]])]),
            row([self.reset_button] + buttons,  # Reset first: the nearest to the controls
                gap="6px", align_items="center"),
            self.math, self.view.widget)

    # -- state -----------------------------------------------------------------------------

    @property
    def classes(self):
        return int(self.y.max()) + 1

    @property
    def loss_name(self):
        """Binary cross-entropy for two classes (one sigmoid output), else cross-entropy."""
        return "bce" if self.classes == 2 else "cross_entropy"

    def _new_data(self):
        c = self.controls
        name, noise = c["dataset"].value, float(c["noise"].value)
        if name == "data":
            X, y = self.data
        elif name == "blobs3":
            X, y = datasets.blobs(n=self.n, noise=noise, seed=self.seed, classes=3)
        else:
            X, y = datasets.make(name, n=self.n, noise=noise, seed=self.seed)
        self.X, self.y = np.asarray(X, float), np.asarray(y)
        self.train_set, self.test_set = datasets.split(
            self.X, self.y, train_fraction=float(c["train_fraction"].value), seed=self.seed)

    def _new_model(self):
        c = self.controls
        c["neurons"].disabled = c["hidden_layers"].value == 0  # no hidden layer, no neurons
        sizes = [2] + [c["neurons"].value] * c["hidden_layers"].value
        sizes += [1] if self.classes == 2 else [self.classes]
        self.model = random_network(sizes, activation=c["activation"].value,
                                    output_activation="sigmoid" if self.classes == 2
                                    else "identity", seed=self.seed)
        self.shuffler = np.random.default_rng(self.seed)
        self.epoch = 0
        self.epochs, self.train_losses, self.test_losses = [], [], []
        self._record()

    def _record(self):
        """Note the current epoch's train and test loss (for the curves and the numbers)."""
        self.epochs.append(self.epoch)
        self.train_losses.append(self.model.loss(*self.train_set, self.loss_name))
        self.test_losses.append(self.model.loss(*self.test_set, self.loss_name))

    def _make_figure(self):
        plot = playground_figure(self.model, self.train_set, self.test_set)
        plot.update(self.model, self.epochs, self.train_losses, self.test_losses)
        return plot.figure, {"playground": plot}, []

    # -- training --------------------------------------------------------------------------

    @property
    def batch_size(self):
        """Examples per step, None for all of them (the slider's "all")."""
        value = self.controls["batch_size"].value
        return None if value == "all" else value

    @property
    def finished(self):
        """Play pauses after ``MAX_EPOCHS`` epochs."""
        return self.epoch >= MAX_EPOCHS

    def train_frame(self):
        """Train ``epochs_per_frame`` epochs with the current settings and draw the result."""
        c = self.controls
        train(self.model, *self.train_set, lr=c["lr"].value, epochs=self.epochs_per_frame,
              loss=self.loss_name, batch_size=self.batch_size, seed=self.shuffler,
              weight_decay=c["l2"].value)
        self.epoch += self.epochs_per_frame
        self._record()
        self._redraw()
        self.frames_drawn += 1

    # -- changes ---------------------------------------------------------------------------

    def _update(self, changed):
        if changed & {"dataset", "noise", "train_fraction"}:
            self._new_data()
        if changed & {"dataset", "noise", "train_fraction", "hidden_layers", "neurons",
                      "activation"}:
            self._new_model()
            self.plots["playground"].rebuild(self.model, self.train_set, self.test_set)
            self.plots["playground"].update(self.model, self.epochs, self.train_losses,
                                            self.test_losses)
            self.view.invalidate()
        self._write_math()
        return bool(changed - {"lr", "l2", "batch_size"})  # those act from the next frame

    def _redraw(self):
        self.plots["playground"].update(self.model, self.epochs, self.train_losses,
                                        self.test_losses)
        self._write_math()
        self.view.note_update()
        self.render_all()

    def _reset_state(self):
        self.pause()  # Reset then marks every control changed: _update makes data and model anew

    def _write_math(self):
        """The numbers (epoch, losses, accuracies) and the update rule with this step's values."""
        c, plot = self.controls, self.plots["playground"]
        cells = [("epoch", str(self.epoch)),
                 ("train loss", format_number(self.train_losses[-1], 4)),
                 ("test loss", format_number(self.test_losses[-1], 4)),
                 ("train accuracy", f"{plot.train_accuracy:.0%}"),
                 ("test accuracy", f"{plot.test_accuracy:.0%}"),
                 ("parameters", str(sum(layer.W.size + layer.b.size
                                        for layer in self.model.layers)))]
        numbers = " · ".join(f"{name} <b>{value}</b>" for name, value in cells)
        W, eta, lam = maths.sym("W"), maths.sym("η"), maths.sym("λ")
        loss = "binary cross-entropy" if self.loss_name == "bce" else "cross-entropy"
        slope = maths.frac("∂" + maths.sym("L"), "∂" + W)
        rule = (f"{W} ← {W} − {eta} ({slope} + {lam}{W})"
                f", {eta} = {maths.num(c['lr'].value)}, {lam} = {maths.num(c['l2'].value)}, "
                f"{maths.sym('B')} = {c['batch_size'].value}; {maths.sym('L')}: {loss}")
        self._show(self.math, maths.block(numbers, rule))


def playground_panel(dataset="circles", n=500, noise=0.1, train_fraction=0.5, hidden_layers=2,
                     neurons=4, activation="tanh", lr=0.1, l2=0.0, batch_size=10,
                     epochs_per_frame=20, seed=0, data=None):
    """A network learns a noisy 2-D dataset: TensorFlow Playground, with every number open.

    Choose the data (and its noise and train share), the network (hidden layers, neurons per
    layer, activation) and the training (learning rate, L2 weight decay, batch size), then Play,
    Pause, Step or Reset. The panel shows what every neuron computes over the input plane, each
    weight's sign and size (and each bias, as a square), the decision regions with the training
    points (filled) and test points (hollow), and both loss curves.

    Parameters
    ----------
    dataset : {"circles", "xor", "blobs", "spirals", "blobs3", "data"}
        "data" uses ``data``, e.g. ``nk.datasets.load_csv("my.csv")``.
    n : int
        Number of points (train and test together) of the built-in datasets.
    noise, train_fraction : float
    hidden_layers : int, 0 to 3
    neurons : int, 1 to 8
        Neurons in each hidden layer.
    activation : {"tanh", "relu", "sigmoid", "identity"}
    lr, l2 : float
        Learning rate and L2 weight decay, values of ``LEARNING_RATES`` and ``L2_STRENGTHS``.
    batch_size : int or "all"
        Examples per step (1, 5, 10, 25 or 50), or "all" the training examples.
    epochs_per_frame : int
        Epochs trained between two pictures (Step trains this many).
    seed : int
        Seed of the data, the split, the starting weights and the shuffling.
    data : (X, y), optional
        Your own points (X of shape (n, 2)) and classes (whole numbers from 0); adds "your
        data" to the menu.

    Returns
    -------
    PlaygroundPanel

    Examples
    --------
    >>> panel = playground_panel(n=100)
    >>> panel.step()
    >>> panel.epoch, panel.model.sizes
    (20, [2, 4, 4, 1])
    """
    if data is not None:
        X = np.asarray(data[0], float)
        y = np.asarray(data[1])
        if X.ndim != 2 or X.shape[1] != 2 or y.shape != (X.shape[0],):
            raise ValueError(f"data must be (X, y) with X of shape (n, 2) and y of shape (n,), "
                             f"got {X.shape} and {y.shape}")
        if not np.issubdtype(y.dtype, np.integer) or y.min() < 0 or len(np.unique(y)) < 2:
            raise ValueError("data's classes y must be whole numbers from 0, at least two")
        data = (X, y)
    return PlaygroundPanel(dataset, n, noise, train_fraction, hidden_layers, neurons,
                           activation, lr, l2, batch_size, epochs_per_frame, seed, data)
