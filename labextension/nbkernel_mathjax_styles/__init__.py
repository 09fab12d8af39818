"""The course's JupyterLab plugin: MathJax adds each CSS rule to the page once.

The plugin itself is JavaScript (``src/index.js``); this package only carries its prebuilt
bundle into ``share/jupyter/labextensions/nbkernel-mathjax-styles``, where JupyterLab finds it.
"""


def _jupyter_labextension_paths():
    """Where the prebuilt plugin lies, for ``jupyter labextension develop``."""
    return [{"src": "labextension", "dest": "nbkernel-mathjax-styles"}]
