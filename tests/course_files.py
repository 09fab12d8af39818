"""Paths of the course and a loader for the scripts in tools/, shared by the tests."""

import importlib.util
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def load_tool(name):
    """Import ``tools/<name>.py`` (tools/ is a folder of scripts, not a package)."""
    spec = importlib.util.spec_from_file_location(name, ROOT / "tools" / f"{name}.py")
    module = importlib.util.module_from_spec(spec)
    # Registered under its name, as an import would be, so that tools importing each other and
    # doctest (which finds a function's module by name) see this module.
    sys.modules[name] = module
    spec.loader.exec_module(module)
    return module


#: The course notebooks, from the one function every tool uses.
COURSE = load_tool("navigation").course_notebooks()
