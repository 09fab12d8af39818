"""The diagram of a whole network: layers of nodes, one weighted edge per weight, live values."""

import numpy as np
from matplotlib.transforms import offset_copy

from .. import activations
from ..layers import as_network
from .base import Plot, fitted, fmt, get_axes, sub, weight_style
from .style import INK, NEUTRAL, use_style

_MAX_LABELLED_EDGES = 12
_TITLE_PT = 25  # the height of a column title (two lines of 10 pt)
_FONT = 10  # points: every text of the diagram
_OUTLINE_PT = 1.2  # the nodes' outline; the edges end under it


class NetworkDiagram(Plot):
    """What :func:`network_diagram` returns; ``update(network, x=None)`` shows new numbers.

    Attributes
    ----------
    edges : list of Line2D
        One per weight, layer by layer, in the order of ``W.ravel()`` (row i = from input i),
        drawn from the rim of one node to the rim of the other.
    nodes : list of Line2D
        One circle per node, inputs first.
    weight_texts : list of Text
        The weights written on the edges (empty when ``edge_labels`` is off).
    node_texts, bias_texts : list of Text
        Every node's value (inputs first, then each layer's outputs); "b = ..." under each neuron.
    node_size, value_width : float
        The nodes' diameter in points, and the width a node's value may take: as many decimals
        (up to 4, as in ``nbkernel.trace_markdown``) as fit in it, and at least two (-0.43).
    sizes, network, x, trace : layer widths, a copy of the network shown, its input (or None) and
        its trace for that input (or None).
    changed_artists : list of Artist
        Every edge and text whose look the last ``update`` may have changed (see ``Plot``):
        a moved weight's edge and label and the values downstream, the same for every move of
        one slider.
    """

    def __init__(self, network, x, ax, weight_scale, edge_labels):
        super().__init__(ax)
        network = as_network(network)
        self.sizes = network.sizes
        weights = np.concatenate([np.append(l.W.ravel(), l.b) for l in network.layers])
        self.weight_scale = weight_scale or max(1.0, float(np.max(np.abs(weights))))
        n_edges = sum(l.W.size for l in network.layers)
        self.edge_labels = n_edges <= _MAX_LABELLED_EDGES if edge_labels is None else edge_labels
        tallest = max(self.sizes)
        spacing = min(0.3, 0.66 / max(tallest - 1, 1))
        height_pt = ax.get_position().height * self.figure.get_figheight() * 72
        width_pt = ax.get_position().width * self.figure.get_figwidth() * 72
        size = float(np.clip(0.8 * spacing * height_pt, 8, 44))
        self.node_size = size
        self.value_width = max(size - 6, 29.0)  # points; 29: "-0.43" in 10 pt
        # Centre the nodes with the column titles just above them (two lines, _TITLE_PT) and
        # the "b = ..." labels below them.
        above, below = size / 2 + 3 + _TITLE_PT, size / 2 + 13
        middle = 0.5 - (above - below) / (2 * height_pt)
        xs = np.linspace(0.13, 0.87, len(self.sizes))  # room for "x₁" and "y" beside the nodes
        self.positions = [np.column_stack([np.full(n, x), middle + spacing * ((n - 1) / 2
                                           - np.arange(n))]) for x, n in zip(xs, self.sizes)]
        top = middle + spacing * (tallest - 1) / 2
        with use_style():
            ax.set(xlim=(0, 1), ylim=(0, 1))
            ax.set_axis_off()
            self.edges, self.weight_texts = [], []
            for left, right in zip(self.positions, self.positions[1:]):
                for (x0, y0) in left:
                    for (x1, y1) in right:
                        # Unclipped (they lie inside the Axes anyway), so a redraw covers just
                        # the edge's own area, not the whole Axes; from rim to rim of the nodes
                        # (under their outlines), so that redrawing one edge redraws just the
                        # two nodes it joins, not every edge that meets it at a node's centre.
                        ends = _rim_to_rim(x0, y0, x1, y1, size / 2 - _OUTLINE_PT / 2,
                                           width_pt, height_pt)
                        self.edges.append(ax.plot(*ends, solid_capstyle="butt", zorder=1,
                                                  clip_on=False)[0])
                        if self.edge_labels:
                            self.weight_texts.append(ax.text(
                                x0 + 0.3 * (x1 - x0), y0 + 0.3 * (y1 - y0), "", fontsize=_FONT,
                                ha="center", va="center", zorder=2,
                                bbox=dict(boxstyle="round,pad=0.1", fc="white", ec="none")))
            every = np.vstack(self.positions)
            # one unclipped artist per node: a redrawn edge redraws only the nodes at its ends
            self.nodes = [ax.plot(px, py, "o", ms=size, mfc="white", mec=INK, mew=_OUTLINE_PT,
                                  zorder=3, clip_on=False)[0] for px, py in every]
            self.node_texts = [ax.text(px, py, "", ha="center", va="center", fontsize=_FONT,
                                       zorder=4) for px, py in every]
            # Texts beside the nodes, a few points away: plain texts with an offset transform,
            # which matplotlib lays out and draws faster than annotations.
            def beside(dx, dy):
                return offset_copy(ax.transData, fig=self.figure, x=dx, y=dy, units="points")

            self.bias_texts = [ax.text(px, py, "", transform=beside(0, -size / 2 - 1),
                                       ha="center", va="top", fontsize=_FONT, color=NEUTRAL,
                                       zorder=4) for px, py in np.vstack(self.positions[1:])]
            for i, (px, py) in enumerate(self.positions[0]):
                ax.text(px, py, f"x{sub(i + 1)}", transform=beside(-size / 2 - 3, 0), ha="right",
                        va="center", fontsize=_FONT)
            many = self.sizes[-1] > 1
            for i, (px, py) in enumerate(self.positions[-1]):
                ax.text(px, py, f"y{sub(i + 1) if many else ''}",
                        transform=beside(size / 2 + 3, 0), ha="left", va="center", fontsize=_FONT)
            self.layer_texts = [ax.text(px, top, "", transform=beside(0, size / 2 + 3),
                                        ha="center", va="bottom", fontsize=_FONT) for px in xs]
        # The column titles change only with the activations: they stay in the background.
        self.artists = [*self.edges, *self.weight_texts, *self.node_texts, *self.bias_texts]
        self.network = self.x = None
        self.update(network, x)

    def update(self, network, x=None):
        """Show a network's weights and, for an input ``x``, every node's value."""
        network = as_network(network)
        if network.sizes != self.sizes:
            raise ValueError(f"network has layer sizes {network.sizes} but the diagram was drawn "
                             f"for {self.sizes}; make a new network_diagram for other sizes")
        x = None if x is None else np.array(x, dtype=float)  # a copy: compared next time
        self.changed_artists = self._affected(network, x)
        self.trace = None if x is None else network.trace(x)
        self.network, self.x = network.copy(), x
        k = 0
        for layer in network.layers:
            for weight in layer.W.ravel():
                width, color, style = weight_style(weight, self.weight_scale)
                self.edges[k].set(linewidth=width, color=color, linestyle=style)
                if self.edge_labels:
                    self.weight_texts[k].set_text(fmt(weight))
                    self.weight_texts[k].set_color(color if weight else INK)
                k += 1
        biases = np.concatenate([layer.b for layer in network.layers])
        for text, bias in zip(self.bias_texts, biases):
            text.set_text(f"b = {fmt(bias)}")
        if self.trace is None:
            values = [""] * len(self.node_texts)
        else:
            columns = [self.trace[0].input[0]] + [step.output[0] for step in self.trace]
            # as many decimals as the trace tables (nk.format_number) where the node has room
            values = [fitted(v, self.value_width, _FONT) for v in np.concatenate(columns)]
        for text, value in zip(self.node_texts, values):
            text.set_text(value)
        names = ["input"] + [f"hidden {i + 1}" if len(self.sizes) > 3 else "hidden"
                             for i in range(len(self.sizes) - 2)] + ["output"]
        titles_before = [text.get_text() for text in self.layer_texts]
        for i, (text, name) in enumerate(zip(self.layer_texts, names)):
            label = activations.ACTIVATIONS[network.layers[i - 1].activation].label if i else ""
            text.set_text(f"{name}\n{label}" if label else f"{name}\n ")
        self.background_changed = titles_before != [t.get_text() for t in self.layer_texts]
        return self

    def _affected(self, network, x):
        """The artists that going from the network and input shown to these may change: the edge
        and label of each changed weight, the label of each changed bias, the value of each
        changed input, and every node value from the first layer with a change on (the layers
        are dense, so a change there reaches every later node). One slider always gives the
        same artists, however its values round, so a panel keeps one background while the
        slider is dragged."""
        if self.network is None or (x is None) != (self.x is None):
            return list(self.artists)
        changed, first = [], len(self.sizes)  # first: the first layer whose values may change
        if x is not None and not np.array_equal(x, self.x):
            changed += [self.node_texts[i] for i in np.flatnonzero(x != self.x)]
            first = 1
        edge, bias = 0, 0
        for l, (new, old) in enumerate(zip(network.layers, self.network.layers), start=1):
            weights = np.flatnonzero(new.W.ravel() != old.W.ravel()) + edge
            changed += [self.edges[k] for k in weights]
            changed += [self.weight_texts[k] for k in weights if self.edge_labels]
            biases = np.flatnonzero(new.b != old.b) + bias
            changed += [self.bias_texts[j] for j in biases]
            if weights.size or biases.size or new.activation != old.activation:
                first = min(first, l)
            edge, bias = edge + new.W.size, bias + new.b.size
        if x is not None:
            changed += self.node_texts[sum(self.sizes[:first]):]
        return changed

    def _describe(self):
        shape = "-".join(map(str, self.sizes))
        acts = ", ".join(activations.ACTIVATIONS[l.activation].label
                         for l in self.network.layers)
        weights = np.concatenate([l.W.ravel() for l in self.network.layers])
        text = (f"Network diagram of a {shape} network (activations {acts}) with "
                f"{weights.size} weights from {fmt(weights.min(), 4)} to {fmt(weights.max(), 4)}")
        if self.trace is None:
            return text + "."
        values = "; ".join(f"layer {s.index + 1} outputs "
                           f"[{', '.join(fmt(v, 4) for v in s.output[0])}]" for s in self.trace)
        inputs = ", ".join(fmt(v, 4) for v in self.trace[0].input[0])
        return f"{text}: input [{inputs}] gives {values}."


def _rim_to_rim(x0, y0, x1, y1, radius, width_pt, height_pt):
    """The ends of the segment between two node centres (in Axes fractions of a width_pt ×
    height_pt Axes, its size when the diagram is drawn), each moved ``radius`` points towards
    the other node: ([x0, x1], [y0, y1]).

    Examples
    --------
    >>> _rim_to_rim(0.0, 0.5, 1.0, 0.5, 10, 100, 50)
    ([0.1, 0.9], [0.5, 0.5])
    """
    along = np.array([(x1 - x0) * width_pt, (y1 - y0) * height_pt])
    step = along / np.hypot(*along) * radius / np.array([width_pt, height_pt])
    return [float(x0 + step[0]), float(x1 - step[0])], [float(y0 + step[1]), float(y1 - step[1])]


def network_diagram(network, x=None, ax=None, weight_scale=None, edge_labels=None):
    """Draw a network of any layer sizes with its weights, biases and (for an input) node values.

    Parameters
    ----------
    network : nbkernel.Network or nbkernel.Dense
    x : array_like, shape (inputs,), optional
        An input; every node then shows its value (inputs, then each layer's outputs).
    ax : matplotlib Axes, optional
        Where to draw; a new 4.5 × 3 in figure when None.
    weight_scale : float, optional
        The |w| drawn with the thickest edge; by default the largest |w| or |b| at the start.
    edge_labels : bool, optional
        Write each weight on its edge; by default only when there are at most 12 weights.

    Returns
    -------
    NetworkDiagram
        With ``.update(network, x=None)``, ``.alt_text``, ``.artists``, ``.ax``.

    Examples
    --------
    >>> import nbkernel as nk
    >>> net = nk.Network([nk.Dense([[0.6, 0.4], [0.2, 0.8]], [0.1, -0.1], "relu"),
    ...                   nk.Dense([[0.5], [0.7]], 0.2, "relu")])
    >>> plot = network_diagram(net, x=[1.0, 0.5])
    >>> [t.get_text() for t in plot.node_texts]
    ['1', '0.5', '0.8', '0.7', '1.09']
    >>> network_diagram(net, x=[0.9, 0.7]).node_texts[-1].get_text()   # as in the trace table
    '1.164'
    """
    return NetworkDiagram(network, x, get_axes(ax, margins=(0.05, 0.05, 0.05, 0.05)),
                          weight_scale, edge_labels)
