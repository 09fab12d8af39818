"""What every plot object shares, and small helpers for labels, limits and weight edges.

A plot function draws its artists once and returns a :class:`Plot`; ``update`` only changes
those artists (data, text, colour, width), so a slider panel can re-render quickly, and
``artists`` lists them for blitting.
"""

import base64
import html
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
    changed_artists : list of matplotlib.artist.Artist or None
        None (every artist in ``artists`` is redrawn on every frame), or set by every
        ``update`` to each of ``artists`` whose look it may have changed (more is harmless,
        fewer is a wrong picture); then only those, and what lies over them, are redrawn. List
        the same artists for every move of one control (what a weight reaches, not which values
        happened to round alike), so the panel keeps one background while it is dragged.
    background_changed : bool
        True when the last ``update`` also changed something outside ``artists`` (an axis
        limit or a title), so a cached blitting background is stale and a full draw is needed.
    """

    def __init__(self, ax):
        self.ax = ax
        self.figure = ax.figure
        self.artists = []
        self.changed_artists = None
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
        return with_alt_text(self.figure, self.alt_text)._repr_mimebundle_(include, exclude)

    def __repr__(self):
        return f"<{type(self).__name__}: {self.alt_text}>"


class FigureWithAltText:
    """A figure to show in a notebook with its alt text: what :func:`with_alt_text` returns.

    Jupyter shows it as ``<img alt="...">`` (``text/html``, which JupyterLab and nbconvert's HTML
    export prefer), with the plain PNG (``image/png``, alt text in its output metadata, where
    nbconvert's classic template reads it) for viewers that show no HTML, and the alt text as
    ``text/plain``.

    Attributes
    ----------
    figure : matplotlib.figure.Figure
    alt_text : str
    png : bytes
        The figure as drawn when it was wrapped (zlib level 9: notebooks store it).
    """

    def __init__(self, figure, alt_text):
        self.figure = figure
        self.alt_text = alt_text
        self.png = figure_png(figure, compress_level=9)

    def _repr_mimebundle_(self, include=None, exclude=None):
        data = base64.b64encode(self.png).decode("ascii")
        width, height = self.figure.canvas.get_width_height()
        alt = html.escape(self.alt_text)
        tag = (f'<img src="data:image/png;base64,{data}" alt="{alt}" width="{width}" '
               f'height="{height}" style="max-width:100%;height:auto">')
        bundle = {"text/html": tag, "image/png": data, "text/plain": self.alt_text}
        return bundle, {"image/png": {"alt": self.alt_text}}

    def __repr__(self):
        return f"<Figure: {self.alt_text}>"


def with_alt_text(figure, alt_text):
    """Wrap a figure so that a notebook shows it with ``alt_text`` (``<img alt="...">``).

    Every figure the course shows carries alt text; a plot object (e.g. what
    ``contribution_bars`` returns) does so by itself, and this is for a figure drawn by other
    means or holding several plots.

    Parameters
    ----------
    figure : matplotlib.figure.Figure
        E.g. from :func:`new_figure`; it is drawn now.
    alt_text : str
        What the figure shows, with its numbers, in one or a few sentences.

    Returns
    -------
    FigureWithAltText
        Display it (last line of a cell, or ``display(...)``).

    Raises
    ------
    ValueError
        If ``alt_text`` is empty or not a string.

    Examples
    --------
    >>> fig, ax = new_figure()
    >>> shown = with_alt_text(fig, "An empty chart.")
    >>> data, metadata = shown._repr_mimebundle_()
    >>> 'alt="An empty chart."' in data["text/html"], metadata["image/png"]["alt"]
    (True, 'An empty chart.')
    """
    if not isinstance(alt_text, str) or not alt_text.strip():
        raise ValueError(f"alt_text must be a non-empty string describing the figure, "
                         f"got {alt_text!r}")
    if not hasattr(figure, "canvas") or not hasattr(figure, "get_size_inches"):
        raise TypeError(f"figure must be a matplotlib Figure, got {type(figure).__name__}")
    return FigureWithAltText(figure, alt_text)


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


def fitted(value, width, size=10.0, digits=4):
    """``value`` with as many decimals (at most ``digits``, as in the trace tables) as fit in
    ``width`` points of ``size``-point text; :func:`short` when not even a whole number fits.

    Widths are DejaVu Sans's: 0.64 em for a digit or a minus sign, 0.32 em for the point.

    Examples
    --------
    >>> fitted(0.91293, 37), fitted(0.91293, 30), fitted(-12.3456, 37), fitted(123456.0, 30)
    ('0.9129', '0.913', '-12.35', '123k')
    """
    for decimals in range(digits, -1, -1):
        text = fmt(value, decimals)
        if sum(0.32 if c == "." else 0.64 for c in text) * size <= width:
            return text
    return short(value)


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
