"""The layer panel: Z = X·W + b for a small batch, as heat maps, with one entry written out."""

import ipywidgets as widgets
import numpy as np
from matplotlib.patches import Rectangle

from .. import plotting
from ..layers import Dense
from .._validation import as_array
from . import _maths as maths
from ._base import Panel
from ._layout import dropdown, float_slider, heading, row, subscript

#: Slider range (low, high, step) of the weights and biases.
WEIGHT_RANGE = (-2.0, 2.0, 0.1)
#: At most this many entries of W get a slider (the first ones, row by row).
MAX_WEIGHT_SLIDERS = 12

#: The default small example: a batch of two inputs through the outline's first layer.
DEFAULT_X = ((1.0, 0.5), (0.2, 0.9))
DEFAULT_W = ((0.6, 0.4), (0.2, 0.8))
DEFAULT_B = (0.1, -0.1)


class LayerPanel(Panel):
    """What :func:`layer_panel` returns."""

    def __init__(self, X, W, b, activation):
        super().__init__()
        if b is None:
            b = DEFAULT_B if W is None else 0.0
        X = as_array(DEFAULT_X if X is None else X, "X", ndim=2)
        W = as_array(DEFAULT_W if W is None else W, "W", ndim=2)
        layer = Dense(W, b, activation)  # checks W and b fit together
        layer.forward(X)  # checks X fits W
        self.X, self.activation = X, layer.activation
        self.shape = W.shape
        n_in, n_out = W.shape
        weight_names = [(i, j) for i in range(n_in) for j in range(n_out)][:MAX_WEIGHT_SLIDERS]
        for i, j in weight_names:
            self._add_control(f"w{i + 1}{j + 1}", float_slider(
                f"w{subscript(i + 1)}{subscript(j + 1)}", W[i, j], *WEIGHT_RANGE,
                name=f"weight w{subscript(i + 1)}{subscript(j + 1)}, "
                     f"input {i + 1} to neuron {j + 1}"))
        self._W0 = W.copy()
        for j in range(n_out):
            self._add_control(f"b{j + 1}", float_slider(f"b{subscript(j + 1)}", layer.b[j],
                                                        *WEIGHT_RANGE,
                                                        name=f"bias b{subscript(j + 1)}, "
                                                             f"neuron {j + 1}"))
        batch = X.shape[0]
        entries = [(f"z{subscript(i + 1)}{subscript(j + 1)}  (example {i + 1}, neuron {j + 1})",
                    (i, j)) for i in range(batch) for j in range(n_out)]
        self._add_control("entry", dropdown("entry", entries, (0, 0), width="320px"))

        Z, _ = layer.forward(X)
        self._z_limit = plotting.base.nice_limit(max(1.0, float(np.max(np.abs(Z)))) * 1.5)
        self._set_figure(self._make_matrices)

        self.math = maths.widget(margin="0 0 0 4px")
        self._write_math()

        sliders = [self.controls[f"w{i + 1}{j + 1}"] for i, j in weight_names]
        columns = [widgets.VBox([heading("Weights W (row = input, column = neuron)")] + sliders),
                   widgets.VBox([heading("Biases b")]
                                + [self.controls[f"b{j + 1}"] for j in range(n_out)]
                                + [heading("Entry to write out"), self.controls["entry"],
                                   self.reset_button])]
        self._finish(row(columns),
                     self.view.widget, self.math)

    def _make_matrices(self):
        """X, W and Z side by side, with the row, column and entry of the selected z outlined."""
        layer = self.layer
        Z, _ = layer.forward(self.X)
        fig, axes = plotting.new_figure(width=2.5 * 3 + 0.6, height=2.7, ncols=3,
                                        margins=(0.6, 0.5, 0.15, 0.4))
        plots = {
            "X": plotting.matrix_heatmap(self.X, "X", "example", "input", ax=axes[0]),
            "W": plotting.matrix_heatmap(layer.W, "W", "input", "neuron", ax=axes[1],
                                         vmax=WEIGHT_RANGE[1]),
            "Z": plotting.matrix_heatmap(Z, "Z = XW + b", "example", "neuron", ax=axes[2],
                                         vmax=self._z_limit),
        }
        highlights = {name: Rectangle((0, 0), 1, 1, fill=False, ec="#000000", lw=2.5, zorder=5,
                                      clip_on=False) for name in plots}
        for name, rect in highlights.items():
            plots[name].ax.add_patch(rect)
        self._move_highlights(highlights)
        if not hasattr(self, "highlights"):
            self.highlights = highlights
        return fig, plots, list(highlights.values())

    @property
    def layer(self):
        """The current layer, an ``nbkernel.Dense``."""
        W = self._W0.copy()
        for (i, j) in np.ndindex(*W.shape):
            slider = self.controls.get(f"w{i + 1}{j + 1}")
            if slider is not None:
                W[i, j] = slider.value
        b = [self.controls[f"b{j + 1}"].value for j in range(W.shape[1])]
        return Dense(W, b, self.activation)

    def _update(self, changed):
        if changed != {"entry"}:
            layer = self.layer
            Z, _ = layer.forward(self.X)
            self.plots["W"].update(layer.W)
            self.plots["Z"].update(Z)
        self._move_highlights(self.highlights)
        self._write_math()

    def _move_highlights(self, highlights):
        i, j = self.controls["entry"].value
        n_in, n_out = self.shape
        highlights["X"].set_bounds(-0.5, i - 0.5, n_in, 1)        # row i of X
        highlights["W"].set_bounds(j - 0.5, -0.5, 1, n_in)        # column j of W
        highlights["Z"].set_bounds(j - 0.5, i - 0.5, 1, 1)        # entry (i, j) of Z

    def _write_math(self):
        # The series' indices: k = example (row of X and Z), i = input, j = neuron.
        layer = self.layer
        k, j = self.controls["entry"].value
        Z, Y = layer.forward(self.X)
        sub = f"{k + 1}{j + 1}"
        i = "<i>i</i>"

        def x(n):  # x_kn, n = 1, 2, ... or i
            return maths.sym("x", f"{k + 1}{n}")

        def w(n):  # w_nj
            return maths.sym("w", f"{n}{j + 1}")
        symbols = " + ".join(x(n + 1) + w(n + 1) for n in range(self.shape[0]))
        numbers = " + ".join(f"{maths.term(self.X[k, n])} · {maths.term(layer.W[n, j])}"
                             for n in range(self.shape[0]))
        batch, (n_in, n_out) = self.X.shape[0], self.shape
        name = maths.NAMES[self.activation]
        z, b, y = maths.sym("z", sub), maths.sym("b", j + 1), maths.sym("y", sub)
        total = maths.total(f"{i} = 1", n_in)
        self._show(self.math, maths.block(
            f"{maths.under(maths.sym('Z'), f'{batch}×{n_out}')} = "
            f"{maths.under(maths.sym('X'), f'{batch}×{n_in}')}{maths.THIN}"
            f"{maths.under(maths.sym('W'), f'{n_in}×{n_out}')} + "
            f"{maths.under(maths.sym('b'), n_out)}",
            f"{z} = {total}{x(i)}{maths.THIN}{w(i)} + {b} = {symbols} + {b} = {numbers} + "
            f"{maths.term(layer.b[j])} = {maths.num(Z[k, j])}",
            f"{y} = {name}({z}) = {name}({maths.num(Z[k, j])}) = {maths.num(Y[k, j])}"))


def layer_panel(X=None, W=None, b=None, activation="relu"):
    """A layer on sliders: Z = X·W + b for a small batch, with one entry's sum written out.

    Row-vector convention: X has shape (batch, inputs), W (inputs, outputs), b (outputs,), so
    Z has shape (batch, outputs). X, W and Z are drawn as heat maps with their shapes; sliders
    change the entries of W and b; the selected entry zᵢⱼ = Σₖ xᵢₖ wₖⱼ + bⱼ is written out with
    its numbers, and the row of X and column of W it uses are outlined.

    Parameters
    ----------
    X : array_like, shape (batch, inputs), optional
        Default: a batch of two, [[1.0, 0.5], [0.2, 0.9]].
    W : array_like, shape (inputs, outputs), optional
        Default: the outline's [[0.6, 0.4], [0.2, 0.8]]. Sliders for up to 12 entries.
    b : array_like, shape (outputs,), optional
        Default: [0.1, -0.1] for the default W, zeros otherwise.
    activation : str
        A name from ``nbkernel.ACTIVATIONS``, applied to give A = f(Z).

    Returns
    -------
    LayerPanel
        ``.sliders``: ``"w11"``, ``"w12"``, ..., ``"b1"``, ...; ``.controls["entry"]`` (a
        ``(i, j)`` tuple, from 0); ``.plots``: ``"X"``, ``"W"``, ``"Z"``; ``.layer``.

    Examples
    --------
    >>> panel = layer_panel()
    >>> panel.plots["Z"].M.round(10).tolist()
    [[0.8, 0.7], [0.4, 0.7]]
    """
    return LayerPanel(X, W, b, activation)
