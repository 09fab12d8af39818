"""Slider panels: one call each, returning an ipywidgets container that redraws at slider speed.

Every panel starts from the values a notebook passes (defaulting to the course outline's worked
examples), has a Reset button, shows the maths with the current numbers where there is any, and
shows errors raised by its callbacks in an ``Output`` widget at its bottom. Its figure is
rendered with Agg into a PNG shown with its alt text, redrawing only the artists that moved (see
``nbkernel.widgets._engine``); its sliders are the course's own accessible slider (``_slider``).

>>> from nbkernel.widgets import neuron_panel
>>> panel = neuron_panel()             # the last line of a cell displays it
>>> panel.sliders["x1"].value = 1.0    # what a learner's drag does
>>> round(panel.z, 10)
0.98

Panels: :func:`neuron_panel`, :func:`activation_panel`, :func:`weights_panel`,
:func:`layer_panel`, :func:`network_panel`, :func:`training_panel`,
:func:`playground_panel`. Each returns a
:class:`Panel` with ``.sliders``, ``.controls``, ``.reset_button``, ``.math``, ``.output``,
``.view`` (its one figure), ``.plots``, ``.reset()`` and ``.flush()``.

This is the only nbkernel module that imports ipywidgets.
"""

from ._base import Panel
from ._engine import FigureView
from .activation import ActivationPanel, activation_panel
from .layer import LayerPanel, layer_panel
from .network import NetworkPanel, exercise_network, network_panel
from .neuron import NeuronPanel, activation_options, neuron_panel
from .playground import PlaygroundPanel, playground_panel
from .training import TrainingPanel, training_panel
from .weights import PRESETS, WeightsPanel, weights_panel

#: Every panel by short name, in the order the course introduces them (tests and benchmarks
#: loop over it).
PANELS = {
    "neuron": neuron_panel,
    "activation": activation_panel,
    "weights": weights_panel,
    "layer": layer_panel,
    "network": network_panel,
    "training": training_panel,
    "playground": playground_panel,
}

__all__ = [
    "neuron_panel", "activation_panel", "weights_panel", "layer_panel", "network_panel",
    "training_panel", "playground_panel", "PANELS", "Panel", "FigureView", "PRESETS",
    "activation_options",
    "exercise_network", "NeuronPanel", "ActivationPanel", "WeightsPanel", "LayerPanel",
    "NetworkPanel", "TrainingPanel", "PlaygroundPanel",
]
