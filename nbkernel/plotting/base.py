"""What every plot object shares, and small helpers for labels, limits and weight edges.

A plot function draws its artists once and returns a :class:`Plot`; ``update`` only changes
those artists (data, text, colour, width), so a slider panel can re-render quickly, and
``artists`` lists them for blitting.
"""

import base64
import math

import numpy as np
from matplotlib.axes import Axes

from ..tables import format_number
from .style import NEGATIVE, NEUTRAL, POSITIVE, figure_png, new_figure, prepare_axes

_SUBSCRIPTS = str.maketrans("0123456789", "₀₁₂₃₄₅₆₇₈₉")


class Plot:
    """A drawn figure part that can be updated in place.

    Attributes
    ----------
    ax : matplotlib.axes.Axes
        Where it is drawn.
    figure : matplotlib.figure.Figure
    artists : list of matplotlib.artist.Artist
        The artists that ``update`` changes (for blitting); the rest stays as drawn.
    background_changed : bool
        True when the last ``update`` also changed something outside ``artists`` (an axis
        limit or a title), so a cached blitting background is stale and a full draw is needed.
    """

    def __init__(self, ax):
        self.ax = ax
        self.figure = ax.figure
        self.artists = []
        self.background_changed = True

    @property
    def alt_text(self):
        """One sentence saying what the figure shows, with the current numbers."""
        return self._describe()

    def _describe(self):
        raise NotImplementedError

    def to_png(self, compress_level=1):
        """Render the whole figure with Agg and return PNG bytes."""
        return figure_png(self.figure, compress_level)

    def _repr_mimebundle_(self, include=None, exclude=None):
        png = base64.b64encode(self.to_png(compress_level=6)).decode("ascii")
        return {"image/png": png, "text/plain": self.alt_text}

    def __repr__(self):
        return f"<{type(self).__name__}: {self.alt_text}>"


def get_axes(ax, **figure_options):
    """Return ``ax`` ready to draw into, or the axes of a new course-style figure when None."""
    if ax is None:
        _, ax = new_figure(**figure_options)
        return ax
    if not isinstance(ax, Axes):
        raise TypeError(f"ax must be a matplotlib Axes or None, got {type(ax).__name__}")
    prepare_axes(ax)
    return ax


def sub(i):
    """The number ``i`` in subscript digits, e.g. ``sub(12) == '₁₂'``."""
    return str(i).translate(_SUBSCRIPTS)


def fmt(value, digits=2):
    """A number for a label: rounded to ``digits`` decimals, trailing zeros dropped.

    Examples
    --------
    >>> fmt(0.6799999), fmt(4.5e-05), fmt(-2.0)
    ('0.68', '0', '-2')
    """
    return format_number(round(float(value), digits), digits)


def short(value):
    """A number in at most about four characters, to fit inside a node of a diagram.

    Examples
    --------
    >>> short(0.6799), short(24.93), short(-149.6), short(2500.0)
    ('0.68', '24.9', '-150', '2.5k')
    """
    value = float(value)
    size = abs(value)
    if size >= 99_950:
        return f"{value / 1000:.0f}k"
    if size >= 999.5:
        return f"{fmt(value / 1000, 1)}k"
    return fmt(value, 2 if size < 9.995 else 1) if size < 99.95 else f"{value:.0f}"


def signed(value, digits=4):
    """`` + 0.5`` or `` − 0.5``: a term to append to a sum written out.

    Examples
    --------
    >>> "8·x1" + signed(-10)
    '8·x1 − 10'
    """
    text = fmt(abs(value), digits)
    return f" − {text}" if value < 0 and text != "0" else f" + {text}"


def nice_limit(value, steps=(1.0, 2.0, 2.5, 5.0)):
    """The smallest of ``steps`` × 10ᵏ (by default 1, 2, 2.5, 5 × 10ᵏ) that is ≥ ``value`` (> 0).

    Examples
    --------
    >>> nice_limit(0.68), nice_limit(3.1), nice_limit(160), nice_limit(2.2, steps=(1, 2, 5))
    (1.0, 5.0, 200.0, 5.0)
    """
    value = max(float(value), 1e-12)
    power = 10.0 ** math.floor(math.log10(value))
    for step in (*steps, 10.0):
        if step * power >= value * (1 - 1e-12):
            return step * power
    return 10.0 * power


def weight_style(w, scale, min_width=0.6, max_width=6.0):
    """Line width, colour and line style that show a weight: width ∝ |w|, sign by colour and style.

    Positive weights are solid blue, negative ones dashed vermillion, a zero weight a thin
    dotted grey line (the connection is cut). Widths are capped at ``max_width`` from
    |w| = ``scale`` upwards.

    Examples
    --------
    >>> weight_style(-1.0, scale=2.0)
    (3.0, '#D55E00', '--')
    """
    w = float(w)
    if w == 0.0:
        return min_width, NEUTRAL, ":"
    width = max(min_width, max_width * min(abs(w) / scale, 1.0))
    return (round(width, 3), POSITIVE, "-") if w > 0 else (round(width, 3), NEGATIVE, "--")


def clip_to_view(value, low, high, margin=0.0):
    """``value`` clamped into [low + margin, high − margin], and whether it had to be moved."""
    inside = min(max(value, low + margin), high - margin)
    return inside, inside != value


def same_shape(new, old, name, hint):
    """Raise a clear ValueError when an update's ``new`` shape differs from what was drawn."""
    if np.shape(new) != np.shape(old):
        raise ValueError(f"{name} has shape {np.shape(new)} but the figure was drawn for shape "
                         f"{np.shape(old)}; {hint}")
