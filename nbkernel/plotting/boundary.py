"""Decision boundary of a 2-input neuron or network over the square around the truth table."""

import contourpy
import numpy as np
from matplotlib.collections import LineCollection

from ..gates import GATE_INPUTS, logic_gate
from ..layers import as_network
from .base import Plot, fmt, get_axes, signed
from .style import INK, NEGATIVE, OUTPUT_CMAP, POSITIVE, use_style

_LOW, _HIGH = -0.5, 1.5


def _line_in_box(w1, w2, b, low=_LOW, high=_HIGH):
    """The segment of the line w1·x1 + w2·x2 + b = 0 inside the square [low, high]², or None."""
    points = []
    for edge in (low, high):
        if w2 != 0:
            y = -(b + w1 * edge) / w2
            if low <= y <= high:
                points.append((edge, y))
        if w1 != 0:
            x = -(b + w2 * edge) / w1
            if low <= x <= high:
                points.append((x, edge))
    if len(points) < 2:
        return None
    points = np.array(points)
    gaps = np.linalg.norm(points[:, None] - points[None], axis=-1)
    i, j = np.unravel_index(np.argmax(gaps), gaps.shape)
    return points[[i, j]] if gaps[i, j] > 0 else None


class DecisionBoundary(Plot):
    """What :func:`decision_boundary` returns; ``update(model, gate=None)`` redraws the regions.

    Attributes
    ----------
    image : AxesImage
        The model's output over ``points_in`` (a grid over [-0.5, 1.5]²), coloured 0 → 1.
    boundary : LineCollection
        The line x·w + b = 0 (one neuron) or the curves where the output is 0.5 (a network).
    ones, zeros : Line2D
        The truth-table inputs whose target is 1 (blue ●) or 0 (vermillion ✖).
    output_texts : list of Text
        The model's output written beside each of the four inputs.
    gate, outputs, targets : the current gate name, outputs and targets (shape (4,)).
    """

    def __init__(self, model, gate, ax, resolution):
        super().__init__(ax)
        grid = np.linspace(_LOW, _HIGH, resolution)
        self.grid = grid
        self.points_in = np.column_stack([g.ravel() for g in np.meshgrid(grid, grid)])
        with use_style():
            ax.set(xlim=(_LOW, _HIGH), ylim=(_LOW, _HIGH), xlabel="x₁", ylabel="x₂")
            ax.set_xticks([0, 1])
            ax.set_yticks([0, 1])
            ax.set_aspect("equal")
            ax.grid(False)
            self.image = ax.imshow(np.zeros((resolution, resolution)), cmap=OUTPUT_CMAP,
                                   vmin=0.0, vmax=1.0, origin="lower", zorder=0,
                                   extent=(_LOW, _HIGH, _LOW, _HIGH), interpolation="bilinear")
            self.boundary = LineCollection([], colors=INK, linewidths=2.0, zorder=2,
                                           label="boundary")
            ax.add_collection(self.boundary, autolim=False)
            self.ones = ax.plot([], [], "o", color=POSITIVE, mec="white", mew=1.2, ms=10,
                                zorder=3, label="target 1", clip_on=False)[0]
            self.zeros = ax.plot([], [], "X", color=NEGATIVE, mec="white", mew=1.0, ms=11,
                                 zorder=3, label="target 0", clip_on=False)[0]
            # The four inputs lie inside the axes: no in-Axes test per draw.
            self.output_texts = [ax.annotate("", (px, py), xytext=(7, 7), fontsize=10,
                                             textcoords="offset points", zorder=4,
                                             bbox=dict(boxstyle="round,pad=0.15", fc="white",
                                                       ec="none", alpha=0.8),
                                             annotation_clip=False)
                                 for px, py in GATE_INPUTS]
            self.legend = ax.legend(loc="upper left", bbox_to_anchor=(1.02, 1.0),
                                    borderaxespad=0, handlelength=1.2,
                                    handletextpad=0.5)
            self.title = ax.set_title("")
            bar = self.figure.colorbar(self.image, cax=ax.inset_axes([1.06, 0.0, 0.05, 0.42]),
                                       ticks=[0, 0.5, 1])
            bar.set_label("output", fontsize=10)
            bar.outline.set_visible(False)
            bar.ax.tick_params(labelsize=10, length=2)
        self.gate = None
        self.artists = [self.image, self.boundary, self.ones, self.zeros, *self.output_texts]
        self.update(model, gate)

    def update(self, model, gate=None):
        """Show a new model's output and boundary (and another gate's targets, if given)."""
        network = as_network(model)
        if network.sizes[0] != 2 or network.sizes[-1] != 1:
            raise ValueError(f"decision_boundary needs a model with 2 inputs and 1 output, got "
                             f"layer sizes {network.sizes}")
        gate = self.gate if gate is None else str(gate).upper()
        _, targets = logic_gate(gate)
        resolution = len(self.grid)
        surface = network(self.points_in).reshape(resolution, resolution)
        self.image.set_data(surface)
        self.single = len(network.layers) == 1
        if self.single:
            (w1, w2), b = network.layers[0].W[:, 0], float(network.layers[0].b[0])
            self.weights = (float(w1), float(w2), b)
            segment = _line_in_box(w1, w2, b)
            segments = [] if segment is None else [segment]
        else:
            generator = contourpy.contour_generator(self.grid, self.grid, surface,
                                                    line_type=contourpy.LineType.Separate)
            segments = list(generator.lines(0.5))
        self.boundary.set_segments(segments)
        self.has_line = bool(segments)
        self.outputs = network(GATE_INPUTS).ravel()
        self.targets = targets.ravel()
        self.ones.set_data(*GATE_INPUTS[self.targets == 1].T)
        self.zeros.set_data(*GATE_INPUTS[self.targets == 0].T)
        for text, value in zip(self.output_texts, self.outputs):
            text.set_text(output_label(value))
        legend = self.legend.get_texts()[0]
        label = "x·w + b = 0" if self.single else "output = 0.5"
        self.background_changed = gate != self.gate or legend.get_text() != label
        legend.set_text(label)
        if gate != self.gate:
            self.title.set_text(f"{gate}: output and decision boundary")
        self.gate = gate
        return self

    def _describe(self):
        correct = int(np.sum((self.outputs >= 0.5) == (self.targets == 1)))
        if self.single:
            w1, w2, b = self.weights
            line = (f"the line {fmt(w1, 4)}·x1{signed(w2)}·x2{signed(b)} = 0"
                    + ("" if self.has_line else " (outside the plotted square)")
                    if (w1, w2) != (0.0, 0.0) else
                    "no boundary line (both weights are 0, so the output is the same everywhere)")
        else:
            line = ("the curve where the output is 0.5" if self.has_line
                    else "no boundary in view (the output stays on one side of 0.5)")
        outputs = ", ".join(f"{output_label(v, 3)} at ({x1:g}, {x2:g})"
                            for v, (x1, x2) in zip(self.outputs, GATE_INPUTS))
        targets = ", ".join(f"{t:g}" for t in self.targets)
        return (f"Decision boundary for {self.gate}: {line}; outputs {outputs} against "
                f"targets {targets}, so {correct} of 4 points are on the right side of 0.5.")


def output_label(value, digits=2):
    """An output for a label; "≈1" (or "≈0") where rounding alone would make it look exact.

    Examples
    --------
    >>> output_label(0.99999), output_label(1.0), output_label(0.12345)
    ('≈1', '1', '0.12')
    """
    text = fmt(value, digits)
    return "≈" + text if text in ("0", "1") and float(text) != float(value) else text


def decision_boundary(model, gate="AND", ax=None, resolution=61):
    """Shade a 2-input model's output over the plane and draw its decision boundary.

    For a single neuron the boundary is the straight line w₁x₁ + w₂x₂ + b = 0; for a network it
    is the curve where the output equals 0.5. The four truth-table inputs are marked with their
    target: ● blue for 1, ✖ vermillion for 0, each with the model's output written beside it.

    Parameters
    ----------
    model : nbkernel.Dense (2 → 1) or nbkernel.Network (2 → ... → 1)
    gate : {"AND", "OR", "NAND", "NOR", "XOR"}
        Whose targets to mark.
    ax : matplotlib Axes, optional
        Where to draw; a new 4.5 × 3 in figure when None (its right margin, 1.4 in, holds
        the legend and the colour bar).
    resolution : int
        Grid points per side of the shaded square [-0.5, 1.5]².

    Returns
    -------
    DecisionBoundary
        With ``.update(model, gate=None)``, ``.alt_text``, ``.artists``, ``.ax``.

    Examples
    --------
    >>> import nbkernel as nk
    >>> plot = decision_boundary(nk.Dense([[8.0], [8.0]], -10.0, "sigmoid"), "AND")
    >>> plot.boundary.get_segments()[0].round(2).tolist()
    [[1.5, -0.25], [-0.25, 1.5]]
    """
    return DecisionBoundary(model, gate, get_axes(ax, margins=(0.6, 0.5, 1.4, 0.35)),
                            int(resolution))
