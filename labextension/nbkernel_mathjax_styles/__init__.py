"""The course's JupyterLab plugin: MathJax adds each CSS rule to the page once.

The plugin itself is JavaScript (``../src/index.js``); this package only carries its prebuilt
bundle (``labextension/``), which ``pyproject.toml`` installs into
``share/jupyter/labextensions/nbkernel-mathjax-styles``, where JupyterLab finds it.
"""
