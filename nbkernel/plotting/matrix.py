"""Matrix heat maps with every value written in its cell and the shape in the title."""

import numpy as np

from .._validation import as_array
from ..tables import format_array
from .base import Plot, fmt, get_axes, nice_limit
from .style import INK, SIGN_CMAP, use_style


class MatrixHeatmap(Plot):
    """What :func:`matrix_heatmap` returns; ``update(M)`` shows new values of the same shape.

    Attributes
    ----------
    image : AxesImage
        The coloured cells (a vector is shown as one row).
    texts : list of list of Text
        The value written in each cell, ``texts[i][j]`` for row i, column j.
    M, shape, vmax : the current values, their shape, the |value| with the strongest colour.
    """

    def __init__(self, M, title, row_label, col_label, ax, vmax):
        super().__init__(ax)
        M = as_array(M, "M", ndim=(1, 2))
        self.shape, self.name = M.shape, title
        self.row_label, self.col_label = row_label, col_label
        cells = M.reshape(1, -1) if M.ndim == 1 else M
        rows, cols = cells.shape
        self.vmax = float(vmax) if vmax else nice_limit(max(float(np.max(np.abs(cells))), 1e-9))
        with use_style():
            self.image = ax.imshow(cells, cmap=SIGN_CMAP, vmin=-self.vmax, vmax=self.vmax,
                                   origin="upper", aspect="auto", interpolation="nearest")
            ax.grid(False)
            ax.set_xticks(range(cols), [str(j + 1) for j in range(cols)])
            ax.set_yticks(range(rows), [str(i + 1) for i in range(rows)])
            ax.tick_params(length=0)
            for spine in ax.spines.values():
                spine.set_visible(False)
            ax.set_xlabel(col_label)
            ax.set_ylabel(row_label)
            ax.set_title(f"{title}, shape {M.shape}" if title else f"shape {M.shape}")
            self.texts = [[ax.text(j, i, "", ha="center", va="center", fontsize=10)
                           for j in range(cols)] for i in range(rows)]
        self.artists = [self.image, *(t for row in self.texts for t in row)]
        self.update(M)

    def update(self, M):
        """Show the values of ``M`` (same shape as drawn)."""
        M = as_array(M, "M", ndim=(1, 2))
        if M.shape != self.shape:
            raise ValueError(f"M has shape {M.shape} but the heat map was drawn for shape "
                             f"{self.shape}; make a new matrix_heatmap for another shape")
        self.M = M.copy()
        cells = M.reshape(1, -1) if M.ndim == 1 else M
        self.image.set_data(cells)
        for row_texts, row in zip(self.texts, cells):
            for text, value in zip(row_texts, row):
                text.set_text(fmt(value))
                text.set_color("white" if abs(value) > 0.6 * self.vmax else INK)
        self.background_changed = False
        return self

    def _describe(self):
        name = f"{self.name}, " if self.name else ""
        axes = ", ".join(f"{what}: {label}" for what, label in
                         (("rows", self.row_label), ("columns", self.col_label)) if label)
        return (f"Heat map of {name}shape {self.shape}" + (f" ({axes})" if axes else "")
                + f", values {format_array(self.M)}.")


def matrix_heatmap(M, title="", row_label="", col_label="", ax=None, vmax=None):
    """Show a matrix (or vector) as coloured cells with each value written in, shape in the title.

    Positive values are blue, negative vermillion, zero white; the numbers carry the meaning too.

    Parameters
    ----------
    M : array_like, shape (rows, columns) or (n,)
        E.g. W of shape (inputs, outputs) or Z = X @ W + b of shape (batch, outputs).
    title : str
        Its name, e.g. "W"; the title reads "W, shape (3, 2)".
    row_label, col_label : str
        What rows and columns are, e.g. "input" and "neuron".
    ax : matplotlib Axes, optional
        Where to draw; a new 4.5 × 3 in figure when None.
    vmax : float, optional
        The |value| with the strongest colour; by default a round number ≥ the largest |M|.

    Returns
    -------
    MatrixHeatmap
        With ``.update(M)``, ``.alt_text``, ``.artists``, ``.ax``.

    Examples
    --------
    >>> plot = matrix_heatmap([[0.6, 0.4], [0.2, 0.8]], "W", "input", "neuron")
    >>> plot.ax.get_title(), plot.texts[1][0].get_text()
    ('W, shape (2, 2)', '0.2')
    """
    return MatrixHeatmap(M, title, row_label, col_label, get_axes(ax), vmax)
