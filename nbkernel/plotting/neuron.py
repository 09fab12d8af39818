"""The diagram of one neuron: inputs, weighted edges, bias, Σ, activation, output, values."""

import numpy as np

from .. import activations
from ..neuron import contributions
from .base import Plot, fmt, get_axes, same_shape, short, sub, weight_style
from .style import INK, use_style

_FONT = 10  # points: every text of the diagram but Σ
_NODE = dict(marker="o", markersize=34, markerfacecolor="white", markeredgecolor=INK,
             markeredgewidth=1.2, linestyle="none", zorder=3)
_INPUT_X, _SUM, _ACT, _OUT = 0.15, (0.55, 0.5), (0.755, 0.5), (0.93, 0.5)


def _label(name):
    return activations.activation(name).label.replace(" (tanh approx.)", "\n(tanh)")


class NeuronDiagram(Plot):
    """What :func:`neuron_diagram` returns; ``update(x, w, b, activation=None)`` redraws it.

    Attributes
    ----------
    edges : list of Line2D
        One per weight, then the bias edge.
    weight_texts, value_texts : list of Text
        "wᵢ = ..." on the edges; the input values and b in their nodes.
    z_text, activation_text, y_text : Text
        "z = ..." above Σ, the activation's name, the output in its node.
    x, w, b, z, y, activation : the current numbers and activation name.
    """

    def __init__(self, x, w, b, activation, ax, weight_scale):
        super().__init__(ax)
        parts = contributions(x, w, b)
        n = len(parts) - 1
        self.x, self.w, self.b = np.asarray(x, float), np.asarray(w, float), float(b)
        self.weight_scale = weight_scale or max(1.0, float(np.max(np.abs(np.append(w, b)))))
        ys = np.linspace(0.88, 0.12, n + 1)
        self.node_y = ys
        gap_pt = 0.76 / n * ax.get_position().height * self.figure.get_figheight() * 72
        size = float(np.clip(0.8 * gap_pt, 12, 34))
        with use_style():
            ax.set(xlim=(0, 1), ylim=(0, 1))
            ax.set_axis_off()
            self.edges = [ax.plot([_INPUT_X, _SUM[0]], [y, _SUM[1]], solid_capstyle="butt",
                                  zorder=1)[0] for y in ys]
            self.weight_texts = [
                ax.text(*self._along(y, 0.4), "", ha="center", va="center", fontsize=_FONT,
                        zorder=2, bbox=dict(boxstyle="round,pad=0.15", fc="white", ec="none"))
                for y in ys[:-1]]
            ax.plot(np.full(n + 1, _INPUT_X), ys, **{**_NODE, "markersize": size})
            ax.plot(*_OUT, **_NODE)
            ax.plot(*_SUM, **{**_NODE, "markersize": 36})
            ax.text(*_SUM, "Σ", ha="center", va="center", fontsize=14, zorder=4)
            ax.plot([_SUM[0], _ACT[0], _OUT[0]], [0.5, 0.5, 0.5], color=INK, lw=1.2, zorder=1)
            names = [f"x{sub(i + 1)}" for i in range(n)] + ["b"]
            for y, name in zip(ys, names):
                ax.annotate(name, (_INPUT_X, y), xytext=(-size / 2 - 4, 0), ha="right",
                            va="center", fontsize=_FONT, textcoords="offset points")
            self.value_texts = [ax.text(_INPUT_X, y, "", ha="center", va="center", fontsize=_FONT,
                                        zorder=4) for y in ys]
            ax.text(_OUT[0], _OUT[1] + 0.12, "y", ha="center", va="bottom", fontsize=_FONT)
            self.z_text = ax.text(_SUM[0], _SUM[1] + 0.11, "", ha="center", va="bottom",
                                  fontsize=_FONT)
            self.activation_text = ax.text(
                *_ACT, "", ha="center", va="center", fontsize=_FONT, zorder=4,
                bbox=dict(boxstyle="round,pad=0.35", fc="white", ec=INK, lw=1.2))
            self.y_text = ax.text(*_OUT, "", ha="center", va="center", fontsize=_FONT, zorder=4)
        self.artists = [*self.edges, *self.weight_texts, *self.value_texts, self.z_text,
                        self.activation_text, self.y_text]
        self.activation = activations.activation(activation).name
        self.update(x, w, b, activation)

    @staticmethod
    def _along(y, t):
        return _INPUT_X + t * (_SUM[0] - _INPUT_X), y + t * (_SUM[1] - y)

    def update(self, x, w, b, activation=None):
        """Show new inputs, weights, bias (and activation, if given); nothing else is redrawn."""
        parts = contributions(x, w, b)
        same_shape(parts, self.value_texts, "x and w (plus b)",
                   "make a new neuron_diagram for a different number of inputs")
        f = activations.activation(activation or self.activation)
        self.x, self.w, self.b = np.asarray(x, float).copy(), np.asarray(w, float).copy(), float(b)
        self.activation, self.z = f.name, float(parts.sum())
        self.y = float(f.function(self.z))
        for i, (edge, weight) in enumerate(zip(self.edges, np.append(self.w, self.b))):
            width, color, style = weight_style(weight, self.weight_scale)
            edge.set_linewidth(width)
            edge.set_color(color)
            edge.set_linestyle(style)
            if i < len(self.w):
                self.weight_texts[i].set_text(f"w{sub(i + 1)} = {fmt(weight)}")
                self.weight_texts[i].set_color(color if weight else INK)
        for text, value in zip(self.value_texts, np.append(self.x, self.b)):
            text.set_text(short(value))
        self.z_text.set_text(f"z = {fmt(self.z)}")
        self.activation_text.set_text(_label(f.name))
        self.y_text.set_text(short(self.y))
        self.background_changed = False
        return self

    def _describe(self):
        n = len(self.x)
        inputs = ", ".join(f"x{i + 1} = {fmt(v, 4)}" for i, v in enumerate(self.x))
        weights = ", ".join(f"w{i + 1} = {fmt(v, 4)}" for i, v in enumerate(self.w))
        label = activations.ACTIVATIONS[self.activation].label
        applied = f"{label} of {fmt(self.z, 4)}" if " " in label else f"{label}({fmt(self.z, 4)})"
        return (f"Neuron diagram: {n} input{'s' if n > 1 else ''} {inputs} with weights "
                f"{weights} and bias b = {fmt(self.b, 4)} give z = {fmt(self.z, 4)} and output "
                f"y = {applied} = {fmt(self.y, 4)}.")


def neuron_diagram(x, w, b, activation="relu", ax=None, weight_scale=None):
    """Draw one neuron with its current numbers: inputs, weights, bias, z, activation, output.

    Each weight is an edge whose width grows with |w|; positive weights are solid blue, negative
    ones dashed vermillion, zero a thin dotted grey line.

    Parameters
    ----------
    x : array_like, shape (n,)
        Inputs.
    w : array_like, shape (n,)
        Weights, one per input.
    b : float
        Bias.
    activation : str
        A name from ``nbkernel.ACTIVATIONS``.
    ax : matplotlib Axes, optional
        Where to draw; a new 4.5 × 3 in figure when None.
    weight_scale : float, optional
        The |w| drawn with the thickest line (wider weights are capped); by default the largest
        |w| or |b| at the start, at least 1.

    Returns
    -------
    NeuronDiagram
        With ``.update(x, w, b, activation=None)``, ``.alt_text``, ``.artists``, ``.ax``.

    Examples
    --------
    >>> plot = neuron_diagram([0.5, 0.3, 0.8], [0.6, 0.4, 0.2], 0.1, "relu")
    >>> plot.z_text.get_text()
    'z = 0.68'
    """
    ax = get_axes(ax, margins=(0.05, 0.05, 0.05, 0.05))
    return NeuronDiagram(x, w, b, activation, ax, weight_scale)
