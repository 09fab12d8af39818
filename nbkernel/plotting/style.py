"""The course's one look: the Okabe-Ito palette, the shipped style file, and small Agg figures.

Figures are made with :class:`matplotlib.figure.Figure` and an Agg canvas, never through pyplot,
so a notebook shows a figure only where it is asked to (no second copy at the end of the cell),
and rendering to PNG for a slider panel needs no GUI.
"""

from importlib import resources

import matplotlib
import numpy as np
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.colors import LinearSegmentedColormap
from matplotlib.figure import Figure

from .png import encode_png

#: The Okabe-Ito colour-blind-safe palette (Okabe & Ito, 2008), by name.
PALETTE = {
    "black": "#000000",
    "orange": "#E69F00",
    "sky_blue": "#56B4E9",
    "bluish_green": "#009E73",
    "yellow": "#F0E442",
    "blue": "#0072B2",
    "vermillion": "#D55E00",
    "reddish_purple": "#CC79A7",
}

#: What each colour means in every figure. Colour is never alone: signs also differ in line style
#: (solid / dashed) or hatching, targets in marker shape.
POSITIVE = PALETTE["blue"]
NEGATIVE = PALETTE["vermillion"]
NEUTRAL = "#9A9A9A"
HIGHLIGHT = PALETTE["orange"]
INK = "#222222"

#: Negative ← white → positive, in the two sign colours (matrix heat maps).
SIGN_CMAP = LinearSegmentedColormap.from_list("nbkernel_sign", [NEGATIVE, "#FFFFFF", POSITIVE])
#: Output 0 → 0.5 → 1 of a neuron: light orange, white, light blue (decision-boundary shading).
OUTPUT_CMAP = LinearSegmentedColormap.from_list("nbkernel_output",
                                                ["#F3D48C", "#FFFFFF", "#8CC8EE"])

STYLE_PATH = resources.files("nbkernel") / "nbkernel.mplstyle"
_STYLE = matplotlib.rc_params_from_file(str(STYLE_PATH), use_default_template=False)

#: Default figure size (inches) and resolution (dots per inch): small, so Agg renders fast.
WIDTH, HEIGHT, DPI = 4.5, 3.0, 100
#: Default margins in inches (left, bottom, right, top) around plots that have tick labels
#: (room for 10 pt tick labels such as "−2.5" and a 10 pt axis label).
MARGINS = (0.65, 0.5, 0.15, 0.35)

#: How much larger each context draws every figure made afterwards, as seaborn's contexts do:
#: "notebook" is the default (no text below 10 pt at 100 % zoom), "talk" is for a projector.
CONTEXTS = {"notebook": 1.0, "talk": 1.5}
_context = {"name": "notebook"}


def set_context(name="notebook"):
    """Draw every figure and slider panel made from now on for ``name``: "notebook" or "talk".

    A context scales the resolution of the figures that :func:`new_figure` makes (and so every
    plot function and every panel of ``nbkernel.widgets``) by ``CONTEXTS[name]``: in "talk"
    (1.5) every text, line, marker and margin is 1.5 × as large on screen while the layout
    stays the same, so nothing that fits in "notebook" overlaps or is cut off in "talk". Text
    sizes in points are unchanged; their size in pixels is ``points × dpi / 72``. Figures that
    exist already keep their size: run the cells that make them again. A browser shrinks an
    image wider than the notebook's column to fit it, so on a narrow screen the gain is smaller.

    Parameters
    ----------
    name : {"notebook", "talk"}
        "notebook" (the default) for reading on a laptop, "talk" for a projector.

    Raises
    ------
    ValueError
        If ``name`` is not a key of ``CONTEXTS``.

    Examples
    --------
    >>> set_context("talk")
    >>> new_figure()[0].canvas.get_width_height()
    (675, 450)
    >>> set_context("notebook")
    >>> new_figure()[0].canvas.get_width_height()
    (450, 300)
    """
    if not isinstance(name, str) or name not in CONTEXTS:
        raise ValueError(f"context must be one of {', '.join(map(repr, CONTEXTS))}, "
                         f"got {name!r}")
    _context["name"] = name


def get_context():
    """The name of the current context (see :func:`set_context`).

    Examples
    --------
    >>> get_context()
    'notebook'
    """
    return _context["name"]


def use_style():
    """A context manager applying the course style (``nbkernel.mplstyle``) to what it creates.

    Examples
    --------
    >>> from matplotlib.figure import Figure
    >>> with use_style():
    ...     ax = Figure().subplots()
    >>> ax.spines["top"].get_visible()
    False
    """
    return matplotlib.rc_context(_STYLE)


def new_figure(width=WIDTH, height=HEIGHT, ncols=1, nrows=1, dpi=DPI, margins=MARGINS,
               parts=None):
    """A figure in the course style with an Agg canvas, not registered with pyplot.

    The subplot margins are fixed (in inches), so drawing never has to re-compute a layout.

    Parameters
    ----------
    width, height : float
        Size in inches.
    ncols, nrows : int
        Grid of axes.
    dpi : float
        Resolution in the "notebook" context; 100 gives a 450 × 300 pixel image at the default
        size. The current context (:func:`set_context`) multiplies it.
    margins : tuple of 4 floats
        Space in inches left, below, right and above the grid of axes (also used between them).
    parts : sequence of (width, margins), optional
        Instead of a grid: one row of axes, each in its own part of the figure, of that width
        and with those margins (in inches). The figure's width is then their sum.

    Returns
    -------
    (Figure, Axes or numpy array of Axes)

    Examples
    --------
    >>> fig, ax = new_figure()
    >>> fig.canvas.get_width_height()
    (450, 300)
    >>> fig, axes = new_figure(parts=[(3.0, (0.65, 0.5, 0.2, 0.35)), (4.0, MARGINS)])
    >>> fig.canvas.get_width_height(), len(axes)
    ((700, 300), 2)
    """
    if parts is not None:
        width = sum(part_width for part_width, _ in parts)
    left, bottom, right, top = margins
    with use_style():
        fig = Figure(figsize=(width, height), dpi=dpi * CONTEXTS[_context["name"]])
        FigureCanvasAgg(fig)
        if parts is not None:
            axes, start = [], 0.0
            for part_width, part_margins in parts:
                axes.append(_axes_in_part(fig, start, part_width, part_margins))
                start += part_width
            return fig, np.array(axes)
        fig.subplots_adjust(left=left / width, right=1 - right / width, bottom=bottom / height,
                            top=1 - top / height, wspace=(left + right) / (width / ncols),
                            hspace=(bottom + top) / (height / nrows))
        axes = fig.subplots(nrows, ncols, squeeze=True)
        for ax in getattr(axes, "flat", [axes]):
            prepare_axes(ax)
    return fig, axes


def _axes_in_part(fig, start, width, margins):
    """Axes in the part of ``fig`` from ``start`` to ``start + width`` inches, inside margins."""
    fig_width, fig_height = fig.get_size_inches()
    left, bottom, right, top = margins
    ax = fig.add_axes([(start + left) / fig_width, bottom / fig_height,
                       (width - left - right) / fig_width, (fig_height - bottom - top) / fig_height])
    prepare_axes(ax)
    return ax


def prepare_axes(ax):
    """Create the axes' first ticks inside the style, so tick labels made later match it."""
    with use_style():
        for axis in (ax.xaxis, ax.yaxis):
            axis.get_major_ticks(1)
            axis.get_minor_ticks(1)


def figure_png(fig, compress_level=1):
    """Draw ``fig`` with Agg and return PNG bytes (fast zlib level by default).

    Examples
    --------
    >>> fig, ax = new_figure()
    >>> figure_png(fig)[:4]
    b'\\x89PNG'
    """
    canvas = fig.canvas if isinstance(fig.canvas, FigureCanvasAgg) else FigureCanvasAgg(fig)
    canvas.draw()
    return encode_png(canvas.buffer_rgba(), compress_level)
