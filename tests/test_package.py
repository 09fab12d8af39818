"""The package as a whole: numpy-only import, docstring examples, small helpers."""

import doctest
import importlib
import pkgutil
import subprocess
import sys

import numpy as np
import pytest

import nbkernel as nk

MATHS_MODULES = ["_validation", "activations", "neuron", "layers", "losses", "training", "gates",
                 "tables", "exercises", "exercises.judge", "exercises.registry", "datasets",
                 "__init__"]


def test_import_needs_numpy_only():
    code = ("import sys, nbkernel; heavy = {'matplotlib', 'ipywidgets', 'IPython'} & "
            "set(m.split('.')[0] for m in sys.modules); print(sorted(heavy))")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                            check=True)
    assert result.stdout.strip() == "[]"


@pytest.mark.parametrize("name", MATHS_MODULES)
def test_docstring_examples_run(name):
    module = importlib.import_module("nbkernel" if name == "__init__" else f"nbkernel.{name}")
    failures, tried = doctest.testmod(module, optionflags=doctest.NORMALIZE_WHITESPACE)
    assert tried > 0 and failures == 0


@pytest.mark.parametrize("package", ["nbkernel.plotting", "nbkernel.widgets"])
def test_plot_and_panel_docstring_examples_run(package):
    modules = [importlib.import_module(package)] + [
        importlib.import_module(f"{package}.{info.name}")
        for info in pkgutil.iter_modules(importlib.import_module(package).__path__)]
    tried = 0
    for module in modules:
        result = doctest.testmod(module, optionflags=doctest.NORMALIZE_WHITESPACE)
        assert result.failed == 0, module.__name__
        tried += result.attempted
    assert tried > 0


def test_every_public_function_has_an_example():
    for name in nk.__all__:
        obj = getattr(nk, name)
        if callable(obj) and not isinstance(obj, type(nk.ACTIVATIONS)):
            assert obj.__doc__ and ">>>" in obj.__doc__, f"{name} has no docstring example"


@pytest.mark.parametrize("gate, targets", [("AND", [0, 0, 0, 1]), ("or", [0, 1, 1, 1]),
                                           ("NAND", [1, 1, 1, 0]), ("XOR", [0, 1, 1, 0])])
def test_logic_gates(gate, targets):
    X, y = nk.logic_gate(gate)
    np.testing.assert_array_equal(X, [[0, 0], [0, 1], [1, 0], [1, 1]])
    np.testing.assert_array_equal(y.ravel(), targets)


def test_unknown_gate():
    with pytest.raises(ValueError, match="unknown gate 'XNOR'; known gates: AND, OR"):
        nk.logic_gate("XNOR")


@pytest.mark.parametrize("value, text", [(0.68, "0.68"), (0.1 + 0.2, "0.3"), (-2.0, "-2"),
                                         (4.5398e-05, "4.54e-05"), (-1e-9, "-1e-09"), (0, "0"),
                                         (1.09, "1.09"), (-0.00001, "-1e-05")])
def test_format_number(value, text):
    assert nk.format_number(value) == text


def test_format_number_keeps_whole_number_zeros():
    assert nk.format_number(-150.0, digits=0) == "-150"
    assert nk.format_number(100.4, digits=0) == "100"
