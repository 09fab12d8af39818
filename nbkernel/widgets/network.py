"""The network panel: a small network's weights on sliders, its diagram and per-layer trace."""

import ipywidgets as widgets
import numpy as np

from .. import plotting
from ..layers import Dense, Network
from ..tables import trace_markdown
from ..layers import as_network
from .._validation import as_array, shape_error
from . import _maths as maths
from ._base import Panel
from ._layout import float_slider, heading, row, table_html, subscript

#: Slider ranges (low, high, step) of inputs and of weights and biases.
INPUT_RANGE = (-2.0, 2.0, 0.1)
WEIGHT_RANGE = (-2.0, 2.0, 0.1)
#: At most this many weights of each layer get a slider (the first ones, row by row).
MAX_WEIGHT_SLIDERS = 12


def exercise_network():
    """The outline's Exercise 2: 2 inputs → 2 ReLU → 1 ReLU; x = [1.0, 0.5] gives 1.09.

    Examples
    --------
    >>> round(float(exercise_network()([1.0, 0.5])[0]), 10)
    1.09
    """
    return Network([Dense([[0.6, 0.4], [0.2, 0.8]], [0.1, -0.1], "relu"),
                    Dense([[0.5], [0.7]], 0.2, "relu")])


def markdown_table_html(markdown):
    """A pipe-table in markdown (as ``nbkernel.trace_markdown`` writes) as an HTML table.

    Examples
    --------
    >>> markdown_table_html("| a | b |\\n|---|---|\\n| 1 | 2 |").count("<td")
    2
    """
    lines = [line.strip() for line in markdown.strip().splitlines() if line.strip()]
    rows = [[cell.strip() for cell in line.strip("|").split("|")]
            for line in lines if not set(line) <= set("|-: ")]
    return table_html(rows[0], rows[1:], left=range(len(rows[0])))


def _names(count):
    """What each layer's output is called in the maths: h (or h⁽¹⁾, h⁽²⁾...), then y."""
    if count == 1:
        return [maths.sym("y")]
    if count == 2:
        return [maths.sym("h"), maths.sym("y")]
    return [maths.sym("h", sup=f"({i + 1})") for i in range(count - 1)] + [maths.sym("y")]


class NetworkPanel(Panel):
    """What :func:`network_panel` returns."""

    def __init__(self, network, x):
        super().__init__()
        network = exercise_network() if network is None else as_network(network).copy()
        x = as_array(x, "x", ndim=1)
        if x.shape != (network.sizes[0],):
            raise shape_error("x", x.shape, "the network's first W", network.layers[0].W.shape,
                              f"{network.sizes[0]} input(s)")
        self._network0 = network.copy()
        for i, value in enumerate(x):
            self._add_control(f"x{i + 1}", float_slider(f"x{subscript(i + 1)}", value,
                                                        *INPUT_RANGE,
                                                        name=f"input x{subscript(i + 1)}"))
        self.weight_names = []
        for l, layer in enumerate(network.layers, start=1):
            cells = list(np.ndindex(*layer.W.shape))[:MAX_WEIGHT_SLIDERS]
            for i, j in cells:
                name = f"w{l}_{i + 1}{j + 1}"
                sub = subscript(i + 1) + subscript(j + 1)
                self._add_control(name, float_slider(f"w{sub}",
                                                     layer.W[i, j], *WEIGHT_RANGE,
                                                     name=f"layer {l} weight w{sub}"))
                self.weight_names.append((name, l - 1, i, j))
            for j, value in enumerate(layer.b):
                self._add_control(f"b{l}_{j + 1}", float_slider(f"b{subscript(j + 1)}", value,
                                                                 *WEIGHT_RANGE,
                                                                 name=f"layer {l} bias "
                                                                      f"b{subscript(j + 1)}"))

        self._set_figure(self._make_diagram)
        self.math = maths.widget(margin="0 0 0 4px")
        self.table = widgets.HTML(layout=widgets.Layout(margin="6px 0 0 8px"))
        self._write_text()

        columns = [widgets.VBox([heading("Input x")]
                                + [self.controls[f"x{i + 1}"] for i in range(len(x))]
                                + [self.reset_button])]
        for l, layer in enumerate(network.layers, start=1):
            names = [n for n, layer_index, _, _ in self.weight_names if layer_index == l - 1]
            names += [f"b{l}_{j + 1}" for j in range(layer.outputs)]
            columns.append(widgets.VBox([heading(f"Layer {l}: W{subscript(l)} and "
                                                 f"b{subscript(l)}")]
                                        + [self.controls[n] for n in names]))
        self._finish(
            row(columns),
            widgets.HBox([self.view.widget, self.table],
                         layout=widgets.Layout(flex_flow="row wrap", align_items="center")),
            self.math)

    def _make_diagram(self):
        fig, ax = plotting.new_figure(width=4.8, height=2.6, margins=(0.05, 0.05, 0.05, 0.05))
        diagram = plotting.network_diagram(self.network, x=self.x, ax=ax,
                                           weight_scale=WEIGHT_RANGE[1])
        return fig, {"diagram": diagram}, []

    @property
    def x(self):
        """The current input, shape (inputs,)."""
        return np.array([self.controls[f"x{i + 1}"].value
                         for i in range(self._network0.sizes[0])])

    @property
    def network(self):
        """The current network (a new ``nbkernel.Network`` with the sliders' weights)."""
        network = self._network0.copy()
        for name, l, i, j in self.weight_names:
            network.layers[l].W[i, j] = self.controls[name].value
        for l, layer in enumerate(network.layers, start=1):
            for j in range(layer.outputs):
                layer.b[j] = self.controls[f"b{l}_{j + 1}"].value
        return network

    @property
    def trace(self):
        """``network.trace(x)`` for the current sliders."""
        return self.network.trace(self.x)

    def _update(self, changed):
        self.plots["diagram"].update(self.network, x=self.x)
        self._write_text()

    def _write_text(self):
        trace = self.trace
        names = _names(len(trace))
        lines = []
        previous = maths.sym("x")
        for step, name in zip(trace, names):
            f = maths.NAMES[step.layer.activation]
            l = step.index + 1
            inside = (f"{maths.matrix(step.input[0])}{maths.matrix(step.layer.W)} + "
                      f"{maths.matrix(step.layer.b)}")
            lines.append(
                f"{name} = {f}({previous}{maths.THIN}{maths.sym('W', l)} + {maths.sym('b', l)})"
                f" = {f}{maths.group(inside)} = {f}{maths.group(maths.matrix(step.z[0]))}"
                f" = {maths.matrix(step.output[0])}")
            previous = name
        self._show(self.math, maths.block(*lines))
        self._show(self.table, markdown_table_html(trace_markdown(trace)))


def network_panel(network=None, x=(1.0, 0.5)):
    """A small network on sliders: its diagram with live node values and the per-layer trace.

    Sliders for the inputs and for every weight and bias (up to 12 weights per layer); the
    diagram shows each node's value; each layer's computation is written out as
    a = f(a_prev·W + b) with the numbers, and ``nbkernel.trace_markdown``'s table lists input,
    W, b, z, activation and output per layer.

    Parameters
    ----------
    network : nbkernel.Network or nbkernel.Dense, optional
        Default: the outline's Exercise 2 (W₁ = [[0.6, 0.4], [0.2, 0.8]], b₁ = [0.1, -0.1],
        ReLU; W₂ = [[0.5], [0.7]], b₂ = 0.2, ReLU). The panel works on a copy.
    x : sequence of float, shape (inputs,)
        Starting input (default [1.0, 0.5]: hidden [0.8, 0.7], output 1.09).

    Returns
    -------
    NetworkPanel
        ``.sliders``: ``"x1"``, ..., ``"w1_11"`` (layer 1, row 1, column 1), ...,
        ``"b1_1"`` (layer 1, neuron 1), ...; ``.plots["diagram"]``; ``.table`` (the trace
        table, HTML); ``.network``, ``.x``, ``.trace`` (current values).

    Examples
    --------
    >>> panel = network_panel()
    >>> [round(float(v), 10) for v in panel.trace[-1].output[0]]
    [1.09]
    """
    return NetworkPanel(network, x)
