"""The activation panel: move z and read off f(z) and f'(z) for every activation function."""

import ipywidgets as widgets

from .. import activations, plotting
from ..tables import format_number
from . import _maths as maths
from ._base import Panel
from ._layout import dropdown, float_slider, table_html
from .neuron import OPTION_LABELS, activation_options

#: Slider range (low, high, step) of z.
Z_RANGE = (-5.0, 5.0, 0.1)
#: The activations compared in the table, in order.
COMPARED = ("relu", "sigmoid", "tanh", "gelu", "gelu_tanh")


class ActivationPanel(Panel):
    """What :func:`activation_panel` returns."""

    def __init__(self, z, activation):
        super().__init__()
        name = activations.activation(activation).name
        name = "identity" if name == "linear" else name
        self._add_control("z", float_slider("z", z, *Z_RANGE, name="pre-activation z"))
        self._add_control("activation", dropdown("f", activation_options(), name))
        self._set_figure(self._make_curve)
        self.math = maths.widget(margin="0 0 0 12px")
        self.table = widgets.HTML(layout=widgets.Layout(margin="6px 0 0 12px"))
        self._write_text()

        controls = widgets.VBox([self.controls["activation"], self.controls["z"],
                                 self.reset_button])
        self._finish(
            widgets.HBox([controls, self.math], layout=widgets.Layout(flex_flow="row wrap")),
            widgets.HBox([self.view.widget, self.table],
                         layout=widgets.Layout(flex_flow="row wrap", align_items="center")))

    def _make_curve(self):
        fig, ax = plotting.new_figure(width=4.5, height=3.0)
        curve = plotting.activation_curve(self.controls["activation"].value,
                                          z=self.controls["z"].value, show_derivative=True,
                                          ax=ax, z_range=Z_RANGE[:2])
        return fig, {"curve": curve}, []

    def _update(self, changed):
        c = self.controls
        self.plots["curve"].update(name=c["activation"].value, z=c["z"].value)
        self._write_text()

    def _write_text(self):
        z, name = self.controls["z"].value, self.controls["activation"].value
        self._show(self.math, maths.block(maths.apply(name, z, output="<i>f</i>(<i>z</i>)"),
                                          maths.derivative(name, z)))
        self._show(self.table, values_table(z, highlight=name))


def values_table(z, highlight=None, names=COMPARED):
    """An HTML table of f(z) and f'(z) for several activations at one z (highlight one row).

    Examples
    --------
    >>> ">0.5</td>" in values_table(0.0, names=["sigmoid"])
    True
    """
    rows = [[OPTION_LABELS.get(name, activations.ACTIVATIONS[name].label),
             format_number(activations.ACTIVATIONS[name].function(z)),
             format_number(activations.ACTIVATIONS[name].derivative(z))] for name in names]
    return table_html([f"at z = {format_number(z)}", "f(z)", "f′(z)"], rows,
                      highlight=[i for i, name in enumerate(names) if name == highlight])


def activation_panel(z=0.5, activation="relu"):
    """Move z and see an activation function and its derivative, with values written out.

    The chosen activation is plotted with its slope (derivative) and the point at z; the maths
    gives f(z) and f′(z) with the numbers, and a table compares ReLU, sigmoid, tanh, GELU and
    GELU's tanh approximation at the same z.

    Parameters
    ----------
    z : float
        Starting weighted sum.
    activation : str
        A name from ``nbkernel.ACTIVATIONS``.

    Returns
    -------
    ActivationPanel
        ``.sliders["z"]``, ``.controls["activation"]``, ``.plots["curve"]``, ``.math``,
        ``.table`` (the comparison table).

    Examples
    --------
    >>> panel = activation_panel(z=0.0, activation="sigmoid")
    >>> panel.plots["curve"].y
    0.5
    """
    return ActivationPanel(z, activation)
