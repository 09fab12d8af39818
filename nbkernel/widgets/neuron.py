"""The neuron panel: one neuron's inputs, weights and bias on sliders, with the maths."""

import ipywidgets as widgets
import numpy as np

from .. import activations, plotting
from ..neuron import neuron, weighted_sum
from ..plotting.style import MARGINS
from . import _maths as maths
from ._base import Panel
from ._layout import dropdown, float_slider, heading, row, subscript

#: Slider ranges (low, high, step) of the neuron panel.
INPUT_RANGE = (-2.0, 2.0, 0.1)
WEIGHT_RANGE = (-5.0, 5.0, 0.1)
BIAS_RANGE = (-3.0, 3.0, 0.1)
#: The bar chart's starting range; it widens when a bar would leave it, and narrows back.
BARS_YLIM = (-2.0, 2.0)

#: Names shown in menus where the registry's label is too short.
OPTION_LABELS = {"sigmoid": "sigmoid σ"}


def activation_options():
    """Dropdown options ``(label, name)`` for every registered activation except aliases.

    Examples
    --------
    >>> [name for _, name in activation_options()]
    ['relu', 'sigmoid', 'tanh', 'gelu', 'gelu_tanh', 'identity']
    """
    seen, options = set(), []
    for name, f in activations.ACTIVATIONS.items():
        if f.function in seen:
            continue  # "linear" is another name for "identity"
        seen.add(f.function)
        options.append((OPTION_LABELS.get(name, f.label), name))
    return options


class NeuronPanel(Panel):
    """What :func:`neuron_panel` returns."""

    def __init__(self, x, w, b, activation):
        super().__init__()
        x = np.asarray(x, float)
        w = np.asarray(w, float)
        weighted_sum(x, w, b)  # checks the shapes with nbkernel's own messages
        name = activations.activation(activation).name
        if name == "linear":
            name = "identity"
        n = len(x)
        for i in range(n):
            self._add_control(f"x{i + 1}", float_slider(f"x{subscript(i + 1)}", x[i],
                                                        *INPUT_RANGE,
                                                        name=f"input x{subscript(i + 1)}"))
        for i in range(n):
            self._add_control(f"w{i + 1}", float_slider(f"w{subscript(i + 1)}", w[i],
                                                        *WEIGHT_RANGE,
                                                        name=f"weight w{subscript(i + 1)}"))
        self._add_control("b", float_slider("b", b, *BIAS_RANGE, name="bias b"))
        self._add_control("activation", dropdown("f", activation_options(), name))
        self.n = n

        self._set_figure(self._make_figure)

        self.math = maths.widget(margin="4px 0 0 8px")
        self._write_math()

        def column(title, names):
            return widgets.VBox([heading(title)] + [self.controls[k] for k in names])

        controls = row([
            column("Inputs x", [f"x{i + 1}" for i in range(n)]),
            column("Weights w", [f"w{i + 1}" for i in range(n)]),
            widgets.VBox([heading("Bias and activation"), self.controls["b"],
                          self.controls["activation"], self.reset_button]),
        ])
        self._finish(controls, self.math, self.view.widget)

    def _make_figure(self):
        """The bars (left) and the activation curve (right) side by side in one figure: one
        image to render, send and paint per slider move instead of two."""
        x, w, b, name = self.values
        part = (4.0, MARGINS)
        fig, (bars_ax, curve_ax) = plotting.new_figure(height=2.7, parts=[part, part])
        bars = plotting.contribution_bars(x, w, b, ax=bars_ax, ylim=BARS_YLIM, grow=True)
        with plotting.use_style():
            bars_ax.set_title("Each input's share of z")
        curve = plotting.activation_curve(name, z=weighted_sum(x, w, b), ax=curve_ax)
        return fig, {"bars": bars, "curve": curve}, []

    @property
    def values(self):
        """The current ``(x, w, b, activation)``."""
        c = self.controls
        x = np.array([c[f"x{i + 1}"].value for i in range(self.n)])
        w = np.array([c[f"w{i + 1}"].value for i in range(self.n)])
        return x, w, float(c["b"].value), c["activation"].value

    def _update(self, changed):
        x, w, b, name = self.values
        z = weighted_sum(x, w, b)
        if changed - {"activation"}:
            self.plots["bars"].update(x, w, b)
        self.plots["curve"].update(name=name, z=z)
        self._write_math()

    def _write_math(self):
        x, w, b, name = self.values
        z = weighted_sum(x, w, b)
        self._show(self.math, maths.block(maths.weighted_sum(x, w, b), maths.apply(name, z)))

    @property
    def z(self):
        """The weighted sum for the current sliders (nbkernel's own result)."""
        x, w, b, _ = self.values
        return weighted_sum(x, w, b)

    @property
    def y(self):
        """The neuron's output for the current sliders (nbkernel's own result)."""
        x, w, b, name = self.values
        return neuron(x, w, b, name)


def neuron_panel(x=(0.5, 0.3, 0.8), w=(0.6, 0.4, 0.2), b=0.1, activation="relu"):
    r"""One neuron on sliders: z = x·w + b and y = f(z), with bars, the curve and the maths.

    A slider per input, per weight and for the bias, and a dropdown for the activation. The
    panel shows each input's contribution xᵢ·wᵢ (bars stacking up to z), the activation curve
    with the current point (z, y), and the equations with the current numbers, e.g.
    z = 0.5·0.6 + 0.3·0.4 + 0.8·0.2 + 0.1 = 0.68, y = ReLU(0.68) = 0.68.

    Parameters
    ----------
    x : sequence of float, shape (n,)
        Starting inputs (default: the outline's worked example).
    w : sequence of float, shape (n,)
        Starting weights, one per input.
    b : float
        Starting bias.
    activation : str
        A name from ``nbkernel.ACTIVATIONS``.

    Returns
    -------
    NeuronPanel
        An ``ipywidgets.VBox``; display it as the last line of a cell. ``.sliders`` holds
        ``"x1"..``, ``"w1"..`` and ``"b"``; ``.controls["activation"]`` the dropdown;
        ``.plots``: ``"bars"``, ``"curve"``.

    Examples
    --------
    >>> panel = neuron_panel()
    >>> panel.sliders["w1"].value = 1.0
    >>> round(panel.z, 10)
    0.88
    """
    return NeuronPanel(x, w, b, activation)
