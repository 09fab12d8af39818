"""Line charts: an activation function (and its derivative) with the current point, the loss."""

import numpy as np

from .. import activations
from .._validation import as_array
from .base import Plot, clip_to_view, fmt, get_axes, nice_limit
from .style import HIGHLIGHT, INK, NEUTRAL, POSITIVE, use_style

_BOX = dict(boxstyle="round,pad=0.3", fc="white", ec="#DDDDDD", alpha=0.9)


class ActivationCurve(Plot):
    """What :func:`activation_curve` returns; ``update(name=None, z=None)`` moves the point.

    Attributes
    ----------
    curve, slope_curve : Line2D
        f(z) over ``z_range`` and (when shown) its derivative f′(z), dashed.
    point, slope_point : Line2D
        The marker at (z, f(z)) and at (z, f′(z)); at the edge as ◂/▸ when z is off the chart.
    value_text : Text
        The values at z written out, e.g. "ReLU(0.68) = 0.68".
    name, z, y, slope : the current activation name, z, f(z) and f′(z).
    """

    def __init__(self, name, z, show_derivative, ax, z_range):
        super().__init__(ax)
        limits = as_array(z_range, "z_range", ndim=1)
        if limits.shape != (2,) or not limits[0] < limits[1]:
            raise ValueError(f"z_range must be two numbers (low, high) with low < high, "
                             f"got {z_range!r}")
        low, high = limits
        self.z_range, self.show_derivative = (float(low), float(high)), bool(show_derivative)
        self.grid = np.linspace(low, high, 401)
        with use_style():
            ax.set_xlim(self.z_range)
            ax.set_xlabel("z")
            ax.axhline(0.0, color=INK, lw=0.7, zorder=1)
            ax.axvline(0.0, color=INK, lw=0.7, zorder=1)
            self.curve = ax.plot(self.grid, self.grid, color=POSITIVE, lw=2.2, zorder=2)[0]
            self.slope_curve = ax.plot(self.grid, self.grid, color=HIGHLIGHT, lw=1.8,
                                       ls=(0, (4, 2)), zorder=2,
                                       visible=self.show_derivative)[0]
            self.guide = ax.plot([], [], color=NEUTRAL, lw=1.0, ls=":", zorder=2.5)[0]
            self.point = ax.plot([], [], "o", color=POSITIVE, mec="white", mew=1.5, ms=9,
                                 zorder=4, clip_on=False)[0]
            self.slope_point = ax.plot([], [], "s", color=HIGHLIGHT, mec="white", mew=1.2,
                                       ms=7, zorder=4, clip_on=False,
                                       visible=self.show_derivative)[0]
            self.value_text = ax.text(0.03, 0.96, "", transform=ax.transAxes, va="top",
                                      fontsize=10, zorder=5, bbox=_BOX)
            self.title = ax.set_title("")
        self.artists = [self.guide, self.point, self.value_text]
        if self.show_derivative:
            self.artists += [self.slope_point]
        self.name = None
        self.z = 0.0
        self.update(name, z)

    def update(self, name=None, z=None):
        """Move the point to ``z`` and/or switch to activation ``name`` (None keeps the current)."""
        f = activations.activation(name or self.name)
        if z is not None:
            self.z = float(as_array(z, "z", ndim=0))
        changed = f.name != self.name
        if changed:
            self._show_function(f)
        self.name = f.name
        self.y = float(f.function(self.z))
        self.slope = float(f.derivative(self.z))
        (z_low, z_high), (y_low, y_high) = self.z_range, self.ax.get_ylim()
        z_shown, off = clip_to_view(self.z, z_low, z_high)
        y_shown, _ = clip_to_view(self.y, y_low, y_high)
        marker = ("<" if self.z < z_low else ">") if off else "o"
        self.point.set_data([z_shown], [y_shown])
        self.point.set_marker(marker)
        self.guide.set_data([z_shown, z_shown, z_low], [0.0, y_shown, y_shown])
        text = f"{f.label}({fmt(self.z)}) = {fmt(self.y, 3)}"
        if self.show_derivative:
            self.slope_point.set_data([z_shown], [clip_to_view(self.slope, y_low, y_high)[0]])
            self.slope_point.set_marker(marker if off else "s")
            text += f"\nslope {f.label}′({fmt(self.z)}) = {fmt(self.slope, 3)}"
        if off:
            text += "\n(z is off the chart)"
        self.value_text.set_text(text)
        self.background_changed = changed
        return self

    def _show_function(self, f):
        y = np.asarray(f.function(self.grid))
        self.curve.set_ydata(y)
        values = [y, [0.0]]
        if self.show_derivative:
            slope = np.asarray(f.derivative(self.grid))
            self.slope_curve.set_ydata(slope)
            values.append(slope)
        low, high = min(map(np.min, values)), max(map(np.max, values))
        span = (high - low) or 1.0
        self.ax.set_ylim(low - 0.08 * span, high + 0.34 * span)  # room for the values box
        short = " " not in f.label
        title = (f"{f.label}(z) and its slope {f.label}′(z)" if short
                 else f"{f.label} and its slope")
        self.title.set_text(f"{title} (dashed)" if self.show_derivative
                            else f"The {f.label} activation")

    def _describe(self):
        label = activations.ACTIVATIONS[self.name].label
        text = (f"Activation curve of {label} for z from {fmt(self.z_range[0])} to "
                f"{fmt(self.z_range[1])}, with the point z = {fmt(self.z, 4)}, "
                f"{label}(z) = {fmt(self.y, 4)} marked")
        if self.show_derivative:
            text += f" and its slope {fmt(self.slope, 4)} (the derivative, dashed)"
        low, high = self.z_range
        if not low <= self.z <= high:
            text += " (z is beyond the chart; the point sits at its edge)"
        return text + "."


def activation_curve(name="relu", z=0.0, show_derivative=False, ax=None, z_range=(-5, 5)):
    """Plot an activation function over ``z_range`` with the point (z, f(z)) marked.

    Parameters
    ----------
    name : str
        A name from ``nbkernel.ACTIVATIONS``.
    z : float
        The current weighted sum; beyond ``z_range`` the point sits at the edge as ◂ or ▸.
    show_derivative : bool
        Also draw the derivative f′ (dashed orange) and its value at z.
    ax : matplotlib Axes, optional
        Where to draw; a new 4.5 × 3 in figure when None.
    z_range : (float, float)
        The horizontal range.

    Returns
    -------
    ActivationCurve
        With ``.update(name=None, z=None)``, ``.alt_text``, ``.artists``, ``.ax``.

    Examples
    --------
    >>> plot = activation_curve("sigmoid", z=0.0)
    >>> plot.point.get_xydata().tolist()
    [[0.0, 0.5]]
    """
    return ActivationCurve(name, z, show_derivative, get_axes(ax), z_range)


class LossCurve(Plot):
    """What :func:`loss_curve` returns; ``update(history)`` extends the line.

    Attributes
    ----------
    line, point : Line2D
        The losses by epochs trained and a marker at the latest one.
    value_text : Text
        "after n epochs: loss ..." (n = ``len(history) - 1``).
    history : the losses shown (numpy array), ``history[k]`` after k epochs.
    """

    def __init__(self, history, ax, max_epochs, min_epochs=10):
        super().__init__(ax)
        history = as_array(history, "history", ndim=1)
        self.max_epochs = max_epochs
        with use_style():
            ax.set(xlabel="epochs trained", ylabel="loss", title="Loss during training")
            ax.set_xlim(0, max_epochs or max(min_epochs, nice_limit(max(len(history), 1))))
            ax.set_ylim(0, nice_limit(1.1 * max(np.max(history, initial=0.0), 0.5)))
            self.line = ax.plot([], [], color=POSITIVE, lw=1.8, zorder=2)[0]
            self.point = ax.plot([], [], "o", color=POSITIVE, mec="white", mew=1.2, ms=7,
                                 zorder=3)[0]
            self.value_text = ax.text(0.97, 0.95, "", transform=ax.transAxes, ha="right",
                                      va="top", fontsize=10, bbox=_BOX, zorder=4)
        self.artists = [self.line, self.point, self.value_text]
        self.update(history)

    def update(self, history):
        """Show the losses after 0, 1, 2, ... epochs (the axes grow when the line reaches an
        edge)."""
        self.history = as_array(history, "history", ndim=1)
        epochs = np.arange(len(self.history))
        self.line.set_data(epochs, self.history)
        self.background_changed = False
        if len(self.history) == 0:
            self.point.set_data([], [])
            self.value_text.set_text("no training steps yet")
            return self
        self.point.set_data(epochs[-1:], self.history[-1:])
        self.value_text.set_text(f"after {epochs[-1]} epoch{'' if epochs[-1] == 1 else 's'}: "
                                 f"loss {fmt(self.history[-1], 4)}")
        x_high, y_high = self.ax.get_xlim()[1], self.ax.get_ylim()[1]
        if epochs[-1] > x_high:
            self.ax.set_xlim(0, nice_limit(1.5 * epochs[-1]))
            self.background_changed = True
        if self.history.max() > y_high:
            self.ax.set_ylim(0, nice_limit(1.1 * self.history.max()))
            self.background_changed = True
        return self

    def _describe(self):
        if len(self.history) == 0:
            return "Loss curve: no training steps yet."
        trained = len(self.history) - 1
        return (f"Loss curve over {trained} epoch{'' if trained == 1 else 's'} of training: the "
                f"loss went from {fmt(self.history[0], 4)} to {fmt(self.history[-1], 4)} "
                f"(lowest {fmt(self.history.min(), 4)}).")


def loss_curve(history, ax=None, max_epochs=None, min_epochs=10):
    """Plot the loss against the epochs trained, with the latest value written out.

    ``history[k]`` is drawn at k and read as the loss after k epochs; the label reads
    "after n epochs: loss ..." for the last one (n = ``len(history) - 1``).

    Parameters
    ----------
    history : sequence of float
        The losses after 0, 1, 2, ... epochs. ``nbkernel.train`` returns the loss *before* each
        step, i.e. after 0 to N − 1 of its N epochs; append the loss after training,
        ``history + [nbkernel.bce_loss(y, model(X))]``, to show all N (as the training panel
        does).
    ax : matplotlib Axes, optional
        Where to draw; a new 4.5 × 3 in figure when None.
    max_epochs : int, optional
        Fixed width of the epoch axis; by default it grows (rarely) as training goes on.
    min_epochs : int
        Without ``max_epochs``: the epochs the axis shows at first, before it grows.

    Returns
    -------
    LossCurve
        With ``.update(history)``, ``.alt_text``, ``.artists``, ``.ax``.

    Examples
    --------
    >>> plot = loss_curve([0.69, 0.5, 0.4])
    >>> plot.value_text.get_text()
    'after 2 epochs: loss 0.4'
    """
    return LossCurve(history, get_axes(ax), max_epochs, min_epochs)
