"""Contribution bars: each input's share xᵢ·wᵢ and the bias b, stacking up (a waterfall) to z."""

import numpy as np
from matplotlib.ticker import MaxNLocator
from matplotlib.transforms import Bbox, TransformedBbox

from ..neuron import contributions
from .base import Plot, fmt, get_axes, nice_limit, same_shape, sub
from .style import INK, NEGATIVE, NEUTRAL, POSITIVE, use_style

_WIDTH = 0.62
_LABEL_BOX = dict(boxstyle="round,pad=0.12", fc="white", ec="none", alpha=0.85)
_BAND = 18.0  # points of free space above and below the chart's range, for the labels there
_GAP = 3.0  # points between a bar's end (or the z line) and its label
_LABEL_PT = 15.0  # a label's height in points: one line of 10 pt text and its box


class ContributionBars(Plot):
    """What :func:`contribution_bars` returns; ``update(x, w, b)`` moves the bars.

    Attributes
    ----------
    bars : list of Rectangle
        One per xᵢ·wᵢ, then b (each starting where the previous ended), then z (from 0).
    labels : list of Annotation
        The value written just beyond the end of each bar (↑/↓ when the bar runs off the
        chart's range ``ylim``; the label then sits in a free band beyond that edge).
    z_line : Line2D
        The dashed line at height z.
    ylim : (float, float)
        The chart's current range (it changes only when ``grow`` is on).
    parts, z : the current contributions ``nk.contributions(x, w, b)`` and their sum.
    """

    def __init__(self, x, w, b, ax, ylim, grow):
        super().__init__(ax)
        parts = contributions(x, w, b)
        n = len(parts) - 1
        if ylim is None:
            steps = np.cumsum(parts)
            limit = nice_limit(max(1.0, 1.15 * float(np.max(np.abs(np.append(steps, parts))))))
            ylim = (-limit, limit)
        self.start_ylim = tuple(float(v) for v in ylim)
        self.grow = bool(grow)
        low, high = self.start_ylim
        positions = np.arange(n + 2)
        labels = [f"x{sub(i + 1)}·w{sub(i + 1)}" for i in range(n)] + ["b", "z"]
        self._chart = Bbox([[-1.0, low], [n + 2.0, high]])
        with use_style():
            self._show_range(low, high)
            ax.set_xlim(-0.6, n + 1.75)  # room on the right for "↓ z = -9.53"
            ax.set_xticks(positions, labels)
            ax.grid(axis="x", visible=False)
            ax.axhline(0.0, color=INK, lw=0.8, zorder=1)
            ax.axvline(n + 0.5, color=NEUTRAL, lw=0.6, ls=":", zorder=1)
            ax.set_ylabel("contribution to z")
            self.bars = list(ax.bar(positions, np.zeros(n + 2), _WIDTH, zorder=2, lw=0))
            self.steps = ax.plot([], [], color=NEUTRAL, lw=0.9, zorder=1.5)[0]
            self.z_line = ax.plot([-0.6, n + 1.75], [0, 0], color=INK, lw=1.0, ls="--",
                                  zorder=2.5)[0]
            # Each label's point is kept inside the axes (update clamps it to ylim), so the
            # in-Axes test matplotlib runs on every draw is skipped (annotation_clip=False).
            self.labels = [ax.annotate("", (p, 0), xytext=(0, 2), textcoords="offset points",
                                       ha="center", fontsize=10, zorder=3, bbox=_LABEL_BOX,
                                       annotation_clip=False)
                           for p in positions]
        self.bars[-1].set_facecolor(INK)
        chart = TransformedBbox(self._chart, ax.transData)
        for bar in self.bars:
            bar.set_clip_box(chart)  # cut off at ylim, not at the axes' edge
        self.artists = [*self.bars, self.steps, self.z_line, *self.labels]
        self.update(x, w, b)

    def update(self, x, w, b):
        """Show the contributions of new x, w, b (same number of inputs)."""
        parts = contributions(x, w, b)
        same_shape(parts[:-1], self.bars[:-2], "x and w",
                   "make new contribution_bars for a different number of inputs")
        self.parts, self.z = parts, float(parts.sum())
        ends = np.cumsum(parts)
        starts = ends - parts
        range_changed = self.grow and self._fit_range(np.append(ends, parts))
        low, high = self.ylim
        for bar, start, height in zip(self.bars[:-1], starts, parts):
            bar.set_y(float(start))
            bar.set_height(float(height))
            bar.set_facecolor(POSITIVE if height >= 0 else NEGATIVE)
            bar.set_hatch("" if height >= 0 else "///")
        self.bars[-1].set_height(self.z)
        self.bars[-1].set_hatch("" if self.z >= 0 else "///")
        xs = np.arange(len(parts) + 1)
        step_x = np.column_stack([xs[:-1] + _WIDTH / 2, xs[1:] - _WIDTH / 2,
                                  np.full(len(parts), np.nan)]).ravel()
        step_y = np.column_stack([ends, ends, np.full(len(parts), np.nan)]).ravel()
        self.steps.set_data(step_x, np.clip(step_y, low, high))
        self.z_line.set_ydata([np.clip(self.z, low, high)] * 2)
        # A label that would cross the dashed z line moves to the line's far side, so the
        # line never runs through a number.
        y_low, y_high = self.ax.get_ylim()
        height_pt = self.ax.get_position().height * self.figure.get_figheight() * 72
        reach = (_GAP + _LABEL_PT) * (y_high - y_low) / height_pt
        z_shown = min(max(self.z, low), high)
        for label, value, end in zip(self.labels, np.append(parts, self.z),
                                     np.append(ends, self.z)):
            y = min(max(end, low), high)
            clipped = y != end
            arrow = ("↑ " if end > 0 else "↓ ") if clipped else ""
            name = "z = " if label is self.labels[-1] else ""
            label.set_text(f"{arrow}{name}{fmt(value)}")
            above = end > 0 if clipped else value >= 0
            if not clipped and above and y < z_shown < y + reach:
                y = z_shown
            elif not clipped and not above and y - reach < z_shown < y:
                y = z_shown
            label.xy = (label.xy[0], y)
            label.set_verticalalignment("bottom" if above else "top")
            label.set_position((0, _GAP if above else -_GAP))
        self.background_changed = range_changed
        return self

    def _show_range(self, low, high):
        """Make low..high the chart's range: ticks, left spine, the bars' clip box, and the
        axes reaching a band beyond it on each side, where the labels of cut-off bars go."""
        ax = self.ax
        self.ylim = (low, high)
        self._chart.intervaly = (low, high)
        height = ax.get_position().height * self.figure.get_figheight() * 72
        band = (high - low) * _BAND / max(height - 2 * _BAND, _BAND)
        ax.set_ylim(low - band, high + band)
        if (low, high) == self.start_ylim:
            ticks = MaxNLocator(nbins=6, steps=[1, 2, 2.5, 5, 10]).tick_values(low, high)
            ax.set_yticks([t for t in ticks if low - 1e-9 <= t <= high + 1e-9])
        else:  # a widened range ±L (L = 1, 2 or 5 × 10ᵏ): ticks L/2 apart, ends included
            ax.set_yticks(np.linspace(low, high, 5))
        ax.spines["left"].set_bounds(low, high)

    def _fit_range(self, values):
        """Widen the range when a bar would leave it; narrow it again (down to the starting
        range) once every bar fits in 40 % of it. Return whether it changed.

        A wider range is symmetric about 0, in steps of 1, 2, 5 × 10ᵏ (±5, ±10, ±20, ...), so it
        changes seldom while a slider moves, and each change costs one full redraw.
        """
        low, high = self.ylim
        top, bottom = max(float(values.max()), 0.0), min(float(values.min()), 0.0)
        start_low, start_high = self.start_ylim
        if start_low <= bottom and top <= start_high:
            wanted = self.start_ylim
        else:
            # not 2.5 × 10ᵏ: its half would not be a round tick
            limit = nice_limit(max(top, -bottom, -start_low, start_high), steps=(1, 2, 5))
            wanted = (-limit, limit)
        leaving = bottom < low or top > high
        roomy = max(top, -bottom) <= 0.4 * max(high, -low)
        if wanted == self.ylim or not (leaving or roomy):
            return False
        with use_style():
            self._show_range(*wanted)
        return True

    def _describe(self):
        terms = ", ".join(f"x{i + 1}·w{i + 1} = {fmt(v, 4)}"
                          for i, v in enumerate(self.parts[:-1]))
        low, high = self.ylim
        ends = np.cumsum(self.parts)
        beyond = (f" (bars beyond the chart's range of {fmt(low)} to {fmt(high)} are cut off "
                  "at its edge)" if np.any((ends < low) | (ends > high)) else "")
        return (f"Contribution bars: {terms} and b = {fmt(self.parts[-1], 4)} add up to "
                f"z = {fmt(self.z, 4)}{beyond}.")


def contribution_bars(x, w, b, ax=None, ylim=None, grow=False):
    """A waterfall of the weighted sum: bars x₁·w₁, ..., xₙ·wₙ and b stacking up to z.

    Each bar starts where the previous one ended; the last bar and the dashed line show the
    total z. Positive shares are plain blue, negative ones hatched vermillion.

    Parameters
    ----------
    x, w : array_like, shape (n,)
        Inputs and weights.
    b : float
        Bias.
    ax : matplotlib Axes, optional
        Where to draw; a new 4.5 × 3 in figure when None.
    ylim : (float, float), optional
        Vertical range; by default symmetric and wide enough for the starting values.
        Bars beyond it are cut off at the edge and their labels marked ↑ or ↓.
    grow : bool
        Let ``update`` widen the range (symmetric, in nice steps) when a bar would leave it,
        and narrow it back to ``ylim`` when the bars fit again, so no bar is ever cut off.
        Default False: a fixed range, so several charts can be compared.

    Returns
    -------
    ContributionBars
        With ``.update(x, w, b)``, ``.alt_text``, ``.artists``, ``.ax``.

    Examples
    --------
    >>> plot = contribution_bars([0.5, 0.3, 0.8], [0.6, 0.4, 0.2], 0.1)
    >>> [round(bar.get_height(), 2) for bar in plot.bars]
    [0.3, 0.12, 0.16, 0.1, 0.68]
    """
    return ContributionBars(x, w, b, get_axes(ax), ylim, grow)
