"""Plots of what a neuron and a network compute, in one style, updatable at slider speed.

Every function takes its data first and ``ax=None`` (a new small Agg figure when None, never a
pyplot figure), draws its artists once, and returns a plot object with ``.ax``, ``.figure``,
``.update(...)`` (same data arguments; changes the artists in place, creates none),
``.alt_text`` (one sentence with the current numbers) and ``.artists`` (what update changes).
A plot shown in a notebook carries its alt text (``<img alt="...">``); a figure of several plots
is shown with :func:`with_alt_text`. ``set_context("talk")`` draws every figure and panel made
afterwards 1.5 × as large, for a projector; ``set_context("notebook")`` goes back.

Importing this module loads matplotlib; ``import nbkernel`` alone does not.

Examples
--------
>>> from nbkernel.plotting import contribution_bars
>>> plot = contribution_bars([0.5, 0.3, 0.8], [0.6, 0.4, 0.2], 0.1)
>>> plot.alt_text
'Contribution bars: x1·w1 = 0.3, x2·w2 = 0.12, x3·w3 = 0.16 and b = 0.1 add up to z = 0.68.'
"""

from .bars import ContributionBars, contribution_bars
from .base import FigureWithAltText, Plot, with_alt_text
from .boundary import DecisionBoundary, decision_boundary
from .curves import ActivationCurve, LossCurve, activation_curve, loss_curve
from .matrix import MatrixHeatmap, matrix_heatmap
from .network import NetworkDiagram, network_diagram
from .neuron import NeuronDiagram, neuron_diagram
from .png import encode_png
from .style import (CONTEXTS, OUTPUT_CMAP, PALETTE, SIGN_CMAP, STYLE_PATH, figure_png, get_context,
                    new_figure, set_context, use_style)

__all__ = [
    "neuron_diagram", "contribution_bars", "activation_curve", "network_diagram",
    "decision_boundary", "matrix_heatmap", "loss_curve", "new_figure", "figure_png",
    "encode_png", "use_style", "PALETTE", "SIGN_CMAP", "OUTPUT_CMAP", "STYLE_PATH", "Plot",
    "NeuronDiagram", "ContributionBars", "ActivationCurve", "NetworkDiagram", "DecisionBoundary",
    "MatrixHeatmap", "LossCurve", "set_context", "get_context", "CONTEXTS", "with_alt_text",
    "FigureWithAltText",
]
