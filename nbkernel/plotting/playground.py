"""The playground's picture: the network with what each neuron computes, the decision regions
with the data, and the train and test loss curves, in one figure.

``playground_figure`` draws it for a network and a dataset; ``update`` changes only the
pictures inside the neurons, the edges (colour = sign, width = size of each weight), the bias
squares, the regions and the curves, so a training frame is cheap to draw. A network with other
layer sizes, or other data, needs ``rebuild`` (a fresh background).
"""

import numpy as np
from matplotlib.collections import LineCollection
from matplotlib.colors import to_rgb, to_rgba

from ..activations import softmax
from .base import Plot
from .style import INK, NEGATIVE, NEUTRAL, PALETTE, POSITIVE, SIGN_CMAP, new_figure, use_style

#: One colour and one marker per class, so classes differ in shape as well as colour.
CLASS_COLORS = [PALETTE["vermillion"], PALETTE["blue"], PALETTE["bluish_green"]]
CLASS_MARKERS = ["o", "s", "^"]
#: The input plane shown: the datasets lie within ±2.5.
EXTENT = (-3.0, 3.0, -3.0, 3.0)
REGION_GRID = 60   # the regions are sampled on a 60 × 60 grid
NODE_GRID = 24     # each neuron's picture on a 24 × 24 grid
LEVELS = 10        # probabilities and neurons' outputs are shown in steps of a tenth
NODE = 0.8         # side of a neuron's picture in the diagram, in its data units
SPACING = 2.4      # between the diagram's columns, in the same units
WIDTHS = (4.2, 3.2, 3.2)  # inches: diagram, regions, loss curves
HEIGHT = 3.1


def grid_points(n=REGION_GRID, extent=EXTENT):
    """The (n², 2) points of an n × n grid over ``extent``, row by row from the bottom."""
    xs = np.linspace(extent[0], extent[1], n)
    ys = np.linspace(extent[2], extent[3], n)
    gx, gy = np.meshgrid(xs, ys)
    return np.column_stack([gx.ravel(), gy.ravel()])


def class_probabilities(network, X):
    """(n, classes) probabilities: a one-output sigmoid network gives [1 − p, p]."""
    out = network(X)
    if out.shape[1] == 1:
        return np.column_stack([1.0 - out[:, 0], out[:, 0]])
    return softmax(out)


class Playground(Plot):
    """What :func:`playground_figure` returns.

    Attributes
    ----------
    diagram_ax, regions_ax, loss_ax : matplotlib.axes.Axes
    region_image : AxesImage
        The class colours, paler where the network is unsure.
    node_image : AxesImage
        What each neuron computes over the input plane (the inputs: x₁ and x₂), one picture
        per neuron of the diagram, in one image.
    edges : LineCollection
        One line per weight, blue for positive and vermillion for negative, wider when larger.
    biases : PathCollection
        One square per neuron at its lower left corner, coloured and sized like the edges.
    train_line, test_line : Line2D
    """

    def __init__(self, network, train, test, figure, axes):
        super().__init__(axes[1])
        self.figure = figure
        self.diagram_ax, self.regions_ax, self.loss_ax = axes
        self.grid = grid_points()
        self.node_grid = grid_points(NODE_GRID)
        self.rebuild(network, train, test)

    # -- building ------------------------------------------------------------------------

    def rebuild(self, network, train, test):
        """Draw everything again for a new network shape or new data (a fresh background)."""
        self.network = network
        self.train, self.test = train, test
        self.classes = int(max(train[1].max(), test[1].max())) + 1
        for ax in (self.diagram_ax, self.regions_ax, self.loss_ax):
            ax.clear()
        with use_style():
            self._draw_diagram()
            self._draw_regions()
            self._draw_loss()
        self.artists = [self.node_image, self.region_image, self.edges, self.biases,
                        self.train_line, self.test_line]
        self.epochs, self.train_losses, self.test_losses = [], [], []
        self.update(network, [], [], [])
        self.background_changed = True
        return self

    def _positions(self):
        """Centre of every node, layer by layer: inputs, hidden layers, output."""
        sizes = self.network.sizes
        tallest = max(sizes)
        return [[(SPACING * column, (size - 1) / 2 - i) for i in range(size)]
                for column, size in enumerate(sizes)], tallest

    def _draw_diagram(self):
        ax = self.diagram_ax
        positions, tallest = self._positions()
        self.positions = positions
        half = NODE / 2
        width = SPACING * (len(positions) - 1)
        ax.set_xlim(-half - 0.9, width + half + 0.2)  # room for the inputs' names
        bottom = -(tallest - 1) / 2 - half
        ax.set_ylim(bottom - 1.1, -bottom + 0.15)  # room for the layers' names below
        ax.set_aspect("equal")
        ax.axis("off")
        segments = [[(x0 + half, y0), (x1 - half, y1)]
                    for left, right in zip(positions, positions[1:])
                    for x0, y0 in left for x1, y1 in right]  # row = input, column = neuron
        self.edges = LineCollection(segments, zorder=1, clip_on=False)
        ax.add_collection(self.edges)
        nodes = [xy for column in positions[1:] for xy in column]
        self.biases = ax.scatter([x - half for x, _ in nodes], [y - half for _, y in nodes],
                                 marker="s", zorder=3, linewidths=0.5, edgecolors=INK,
                                 clip_on=False)
        # Artists are not clipped, so the panel's blitting knows where each one paints.
        for i, (x, y) in enumerate(positions[0]):
            ax.text(x - half - 0.1, y, f"x{'₁₂'[i]}", ha="right", va="center", fontsize=10,
                    zorder=0.5)  # below the pictures' image, which is clear there
        # Every neuron's picture, the inputs' too, goes in one image over the diagram
        # (transparent between the pictures): one image to draw per frame, not one per neuron.
        left, right = ax.get_xlim()
        low, high = ax.get_ylim()
        self.pixels_per_unit = NODE_GRID / NODE
        shape = (round((high - low) * self.pixels_per_unit),
                 round((right - left) * self.pixels_per_unit), 4)
        self.corners = [[(round((x - half - left) * self.pixels_per_unit),
                          round((y - half - low) * self.pixels_per_unit)) for x, y in column]
                        for column in positions]
        self.node_image = ax.imshow(np.zeros(shape), extent=(left, right, low, high),
                                    origin="lower", zorder=2, interpolation="nearest",
                                    clip_on=False)
        names = ["input"] + [f"layer {k}" for k in range(1, len(positions) - 1)] + ["output"]
        for (x, _), name in zip((column[0] for column in positions), names):
            ax.text(x, bottom - 0.5, name, ha="center", va="top", fontsize=10, zorder=0.5)
        ax.set_title("What each neuron computes", fontsize=11)

    def _node_pictures(self, network):
        """The diagram's image: each neuron's output over the plane, in the sign colours
        (scaled to its own largest value), framed in grey; the inputs show x₁ and x₂."""
        image = np.zeros(self.node_image.get_array().shape)
        values = [self.node_grid] + [step.output for step in network.trace(self.node_grid)]
        for column, outputs in zip(self.corners, values):
            for (col, row), v in zip(column, outputs.T):
                limit = max(float(np.abs(v).max()), 1e-9)
                level = np.round(LEVELS * v.reshape(NODE_GRID, NODE_GRID) / limit) / LEVELS
                picture = SIGN_CMAP(0.5 + 0.5 * level)
                picture[[0, -1], :] = picture[:, [0, -1]] = to_rgba(NEUTRAL)  # the frame
                image[row:row + NODE_GRID, col:col + NODE_GRID] = picture
        return image

    def _draw_regions(self):
        ax = self.regions_ax
        self.region_image = ax.imshow(np.ones((2, 2, 3)), extent=EXTENT, origin="lower",
                                      zorder=1, interpolation="nearest")
        for (X, y), filled in ((self.train, True), (self.test, False)):
            for k in range(self.classes):
                rows = X[y == k]
                color = CLASS_COLORS[k % len(CLASS_COLORS)]
                ax.scatter(rows[:, 0], rows[:, 1], s=16 if filled else 18,
                           marker=CLASS_MARKERS[k % len(CLASS_MARKERS)],
                           c=color if filled else "white", edgecolors=INK if filled else color,
                           linewidths=0.4 if filled else 1.1, zorder=3)
        ax.set_xlim(EXTENT[:2])
        ax.set_ylim(EXTENT[2:])
        ax.set_aspect("equal")
        ax.set_xlabel("x₁")
        ax.set_ylabel("x₂")
        ax.set_title("Regions: filled = train, hollow = test", fontsize=11)

    def _draw_loss(self):
        ax = self.loss_ax
        self.train_line = ax.plot([], [], color=POSITIVE, lw=2.0, label="train")[0]
        self.test_line = ax.plot([], [], color=NEGATIVE, lw=2.0, ls=(0, (4, 2)), label="test")[0]
        ax.set_xlabel("epoch")
        ax.set_ylabel("loss")
        ax.set_xlim(0, 100)
        ax.set_ylim(0, 1.0)
        ax.set_title("Loss: train solid, test dashed", fontsize=10)

    # -- updating ------------------------------------------------------------------------

    def update(self, network, epochs, train_losses, test_losses):
        """Show ``network`` (same layer sizes) and the losses recorded so far.

        ``background_changed`` is True when the loss axes had to grow (their ticks change).
        """
        self.network = network
        self.epochs, self.train_losses, self.test_losses = epochs, train_losses, test_losses
        # Computed once a frame; the alt text and the panel's numbers read them.
        self.train_accuracy = accuracy(network, *self.train)
        self.test_accuracy = accuracy(network, *self.test)
        probabilities = class_probabilities(network, self.grid)
        self.region_image.set_data(_region_colors(probabilities, self.classes))
        self.node_image.set_data(self._node_pictures(network))
        weights = np.concatenate([layer.W.ravel() for layer in network.layers])
        biases = np.concatenate([layer.b for layer in network.layers])
        scale = max(float(np.abs(weights).max()), float(np.abs(biases).max()), 1e-9)
        self.edges.set_colors([POSITIVE if w >= 0 else NEGATIVE for w in weights])
        self.edges.set_linewidths(0.4 + 3.2 * np.abs(weights) / scale)
        self.biases.set_facecolors([POSITIVE if b >= 0 else NEGATIVE for b in biases])
        self.biases.set_sizes(6 + 40 * np.abs(biases) / scale)
        self.train_line.set_data(epochs, train_losses)
        self.test_line.set_data(epochs, test_losses)
        self.background_changed = self._fit_loss_axes()
        return self

    def _fit_loss_axes(self):
        """Widen the loss axes (doubling, so it seldom happens) to hold every point."""
        changed = False
        low, high = self.loss_ax.get_xlim()
        if self.epochs and self.epochs[-1] > high:
            while high < self.epochs[-1]:
                high *= 2
            self.loss_ax.set_xlim(0, high)
            changed = True
        top = self.loss_ax.get_ylim()[1]
        largest = max(self.train_losses + self.test_losses, default=0.0)
        if np.isfinite(largest) and largest > top:
            while top < largest:
                top *= 2
            self.loss_ax.set_ylim(0, top)
            changed = True
        return changed

    def _describe(self):
        sizes = "-".join(map(str, self.network.sizes))
        hidden = self.network.layers[0].activation if len(self.network.layers) > 1 else None
        kind = f"{sizes} network" + (f" with {hidden} hidden layers" if hidden else "")
        if not self.epochs or self.epochs[-1] == 0:
            return (f"An untrained {kind}: the regions it draws over the plane, with "
                    f"{len(self.train[1])} training and {len(self.test[1])} test points.")
        return (f"A {kind} after {self.epochs[-1]} epochs: train loss "
                f"{self.train_losses[-1]:.3f}, test loss {self.test_losses[-1]:.3f}; "
                f"{self.train_accuracy:.0%} of training and "
                f"{self.test_accuracy:.0%} of test points in their class's "
                "region.")


def accuracy(network, X, y):
    """The share of the points whose most probable class is their own."""
    return float(np.mean(np.argmax(class_probabilities(network, X), axis=1) == y))


def _region_colors(probabilities, classes):
    """RGB image: each class's colour weighted by its probability, paled towards white."""
    colors = np.array([to_rgb(CLASS_COLORS[k % len(CLASS_COLORS)]) for k in range(classes)])
    probabilities = np.round(probabilities * LEVELS) / LEVELS  # bands: easier to read, and small
    mixed = probabilities @ colors
    sureness = probabilities.max(axis=1, keepdims=True)  # 1/classes (unsure) ... 1 (sure)
    strength = 0.1 + 0.35 * (sureness - 1 / classes) / (1 - 1 / classes)
    rgb = 1.0 - strength * (1.0 - mixed)
    return rgb.reshape(REGION_GRID, REGION_GRID, 3)


def playground_figure(network, train, test):
    """Draw the playground's figure for ``network`` and the ``(X, y)`` train and test sets.

    Examples
    --------
    >>> import nbkernel as nk
    >>> X, y = nk.datasets.circles(n=40)
    >>> train, test = nk.datasets.split(X, y)
    >>> plot = playground_figure(nk.random_network([2, 4, 1]), train, test)
    >>> len(plot.corners[1]), plot.alt_text.startswith("An untrained 2-4-1 network")
    (4, True)
    """
    margins = [(0.05, 0.1, 0.05, 0.35), (0.55, 0.5, 0.15, 0.35), (0.6, 0.5, 0.15, 0.35)]
    figure, axes = new_figure(height=HEIGHT, parts=list(zip(WIDTHS, margins)))
    return Playground(network, train, test, figure, axes)
