"""The weights panel: a 2-input neuron's weights and bias move its decision boundary."""

import functools

import ipywidgets as widgets

from .. import activations, plotting
from ..gates import GATE_INPUTS, GATE_TARGETS, logic_gate
from ..layers import Dense
from ..tables import format_number
from . import _maths as maths
from ._base import Panel
from ._layout import dropdown, float_slider, row, table_html

#: Slider ranges (low, high, step).
WEIGHT_RANGE = (-20.0, 20.0, 0.5)
BIAS_RANGE = (-30.0, 30.0, 0.5)

#: The preset buttons: name -> (w1, w2, b, gate to show, or None to keep the current one).
PRESETS = {
    "AND": (8.0, 8.0, -10.0, "AND"),
    "OR": (8.0, 8.0, -4.0, "OR"),
    "NAND": (-8.0, -8.0, 12.0, "NAND"),
    "cut connection": (8.0, 0.0, -4.0, None),  # w2 = 0: x2 no longer matters
    "inverted": (-8.0, 8.0, -4.0, None),        # w1 < 0: x1 now pushes the output down
    "large weight": (20.0, 20.0, -30.0, "AND"),  # AND again, with a much sharper step
}

_PRESET_TIPS = {
    "AND": "w₁ = 8, w₂ = 8, b = -10: output 1 only when both inputs are 1",
    "OR": "w₁ = 8, w₂ = 8, b = -4: output 1 when either input is 1",
    "NAND": "w₁ = -8, w₂ = -8, b = 12: the opposite of AND",
    "cut connection": "w₂ = 0: the connection from x₂ is cut, x₂ has no influence",
    "inverted": "w₁ = -8 < 0: x₁ now pushes the output down instead of up",
    "large weight": "w₁ = w₂ = 20, b = -30: an AND gate with a much sharper switch",
}


#: The presets shown unless a notebook asks for others: none of them answers an exercise (the
#: AND and NAND weights are what notebook 07's exercises ask for).
OPEN_PRESETS = ("OR", "cut connection", "inverted")


class WeightsPanel(Panel):
    """What :func:`weights_panel` returns."""

    def __init__(self, w1, w2, b, activation, gate, presets):
        super().__init__()
        self.activation = activations.activation(activation).name
        logic_gate(gate)  # checks the name
        unknown = [name for name in presets if name not in PRESETS]
        if unknown:
            raise ValueError(f"unknown preset {unknown[0]!r}; the presets are: "
                             + ", ".join(PRESETS))
        self._add_control("w1", float_slider("w₁", w1, *WEIGHT_RANGE, readout_format=".1f",
                                                     name="weight w₁"))
        self._add_control("w2", float_slider("w₂", w2, *WEIGHT_RANGE, readout_format=".1f",
                                                     name="weight w₂"))
        self._add_control("b", float_slider("b", b, *BIAS_RANGE, readout_format=".1f",
                                                    name="bias b"))
        self._add_control("gate", dropdown("gate", list(GATE_TARGETS), gate.upper()))
        self.preset_buttons = {}
        for name in presets:
            button = widgets.Button(description=name, tooltip=_PRESET_TIPS[name],
                                    layout=widgets.Layout(width="auto"))
            self._on_click(button, functools.partial(self.apply_preset, name))
            self.preset_buttons[name] = button

        self._set_figure(self._make_boundary)
        self.math = maths.widget(margin="0 0 0 12px")
        self.table = widgets.HTML(layout=widgets.Layout(margin="4px 0 0 12px"))
        self._write_text()

        controls = widgets.VBox([self.controls["w1"], self.controls["w2"], self.controls["b"],
                                 self.controls["gate"], self.reset_button])
        presets = row([widgets.HTML("<b>Presets:</b>")] + list(self.preset_buttons.values()),
                      gap="4px", align_items="center")
        self._finish(
            widgets.HBox([controls, self.math], layout=widgets.Layout(flex_flow="row wrap")),
            presets,
            widgets.HBox([self.view.widget, self.table],
                         layout=widgets.Layout(flex_flow="row wrap", align_items="center")))

    def _make_boundary(self):
        fig, ax = plotting.new_figure(width=4.6, height=3.2, margins=(0.6, 0.5, 1.4, 0.35))
        boundary = plotting.decision_boundary(self.model, self.controls["gate"].value, ax=ax)
        return fig, {"boundary": boundary}, []

    @property
    def model(self):
        """The neuron for the current sliders, an ``nbkernel.Dense`` with 2 inputs, 1 output."""
        c = self.controls
        return Dense([[c["w1"].value], [c["w2"].value]], c["b"].value, self.activation)

    def apply_preset(self, name):
        """Set the sliders (and, for gates, the targets) to the preset ``name`` in PRESETS."""
        w1, w2, b, gate = PRESETS[name]
        with self.batch():
            self.controls["w1"].value = w1
            self.controls["w2"].value = w2
            self.controls["b"].value = b
            if gate is not None:
                self.controls["gate"].value = gate

    def _update(self, changed):
        gate = self.controls["gate"].value if "gate" in changed else None
        self.plots["boundary"].update(self.model, gate=gate)
        self._write_text()

    def _write_text(self):
        c = self.controls
        w1, w2, b = c["w1"].value, c["w2"].value, c["b"].value
        name = maths.NAMES[self.activation]
        x1, x2, w_1, w_2 = (maths.sym(s, n) for s, n in (("x", 1), ("x", 2), ("w", 1), ("w", 2)))
        lines = [f"{maths.sym('z')} = {w_1}{x1} + {w_2}{x2} + {maths.sym('b')} = "
                 f"{maths.term(w1)}{maths.THIN}{x1} + {maths.term(w2)}{maths.THIN}{x2} + "
                 f"{maths.term(b)},{maths.QUAD}{maths.sym('y')} = {name}({maths.sym('z')})",
                 boundary_equation(w1, w2, b)]
        self._show(self.math, maths.block(*lines))
        self._show(self.table, truth_table(self.model, c["gate"].value))


def boundary_equation(w1, w2, b):
    """The boundary line w₁x₁ + w₂x₂ + b = 0 solved for x₂ (or x₁), in HTML.

    Examples
    --------
    >>> boundary_equation(8.0, 8.0, -10.0).endswith("= −<i>x</i><sub>1</sub> + 1.25")
    True
    >>> boundary_equation(0.0, 0.0, 1.0).startswith("no boundary")
    True
    """
    x1, x2 = maths.sym("x", 1), maths.sym("x", 2)
    if w1 == 0 and w2 == 0:
        return (f"no boundary: with {maths.sym('w', 1)} = {maths.sym('w', 2)} = 0 "
                "the output is the same everywhere")
    line = (f"boundary: {maths.term(w1)}{maths.THIN}{x1} + {maths.term(w2)}{maths.THIN}{x2} + "
            f"{maths.term(b)} = 0{maths.QUAD}⟺{maths.QUAD}")
    if w2 != 0:
        return f"{line}{x2} = {maths.linear(-w1 / w2, x1, -b / w2)}"
    return f"{line}{x1} = {maths.num(-b / w1)}"


def truth_table(model, gate):
    """An HTML table: the four inputs, z, the output y, the target and whether they agree.

    Examples
    --------
    >>> "✓" in truth_table(Dense([[8.0], [8.0]], -10.0, "sigmoid"), "AND")
    True
    """
    Z, A = model.forward(GATE_INPUTS)
    _, targets = logic_gate(gate)
    rows = []
    for (x1, x2), z, y, t in zip(GATE_INPUTS, Z.ravel(), A.ravel(), targets.ravel()):
        ok = (y >= 0.5) == (t == 1)
        rows.append([f"{x1:g}", f"{x2:g}", format_number(z), format_number(y), f"{t:g}",
                     "✓" if ok else "✗ wrong side of 0.5"])
    return table_html(["x₁", "x₂", "z", "y", "target", "agrees"], rows, left=(5,))


def weights_panel(w1=8.0, w2=8.0, b=-4.0, activation="sigmoid", gate="OR",
                  presets=OPEN_PRESETS):
    """A 2-input neuron on sliders: its output surface and decision boundary move live.

    Sliders for w₁, w₂ and b; preset buttons (see ``PRESETS``): by default OR, a cut connection
    (w₂ = 0) and an inverted input (w₁ < 0); AND, NAND and large weights on request, once the
    exercises that ask for them are behind the learner. The figure shades the
    output over the plane, draws the line w₁x₁ + w₂x₂ + b = 0 and marks the four truth-table
    inputs with their targets; a table lists z and y for each.

    Parameters
    ----------
    w1, w2, b : float
        Starting weights and bias (default: an OR gate).
    activation : str
        The neuron's activation, a name from ``nbkernel.ACTIVATIONS``.
    gate : {"AND", "OR", "NAND", "NOR", "XOR"}
        Whose targets to mark.
    presets : sequence of str
        The preset buttons to show, names from ``PRESETS`` (default ``OPEN_PRESETS``).

    Returns
    -------
    WeightsPanel
        ``.sliders``: ``"w1"``, ``"w2"``, ``"b"``; ``.controls["gate"]``; ``.preset_buttons``;
        ``.plots["boundary"]``; ``.model`` (the current ``Dense``).

    Examples
    --------
    >>> panel = weights_panel()
    >>> panel.apply_preset("OR")
    >>> panel.sliders["b"].value, panel.controls["gate"].value
    (-4.0, 'OR')
    """
    return WeightsPanel(w1, w2, b, activation, gate, tuple(presets))
