"""JupyterLab's extensions: none marked incompatible, none of the course's own.

An extension JupyterLab marks incompatible (X in `jupyter labextension list`) prints console
warnings in every front end; the course runs on a stock JupyterLab, so it installs no front-end
plugin of its own.
"""

import re
import subprocess
import sys
from pathlib import Path

BIN = Path(sys.executable).parent


# One extension in `jupyter labextension list`: "name vVERSION enabled|disabled OK|X", then
# details. JupyterLab writes X for an extension whose dependencies do not match its own version.
EXTENSION_LINE = re.compile(r"^\s+(?P<name>\S+)(?: \S+)? v(?P<version>\S+) "
                            r"(?P<enabled>enabled|disabled) (?P<status>OK|X)\b", re.MULTILINE)
INCOMPATIBLE_WARNING = "incompatible with the current version of jupyterlab"


def labextension_listing():
    """The output of `jupyter labextension list` (stdout and stderr), without colour codes."""
    result = subprocess.run([str(BIN / "jupyter"), "labextension", "list"],
                            capture_output=True, text=True, timeout=120)
    return re.sub(r"\x1b\[[0-9;]*m", "", result.stdout + result.stderr)


def incompatible_extensions(listing):
    """{name: version} of every extension the listing marks X, or names in its warning."""
    marked = {m["name"]: m["version"] for m in EXTENSION_LINE.finditer(listing)
              if m["status"] == "X"}
    if INCOMPATIBLE_WARNING in listing and not marked:
        marked["(see JupyterLab's warning)"] = "?"
    return marked


def test_the_listing_parser_finds_an_incompatible_extension():
    # What JupyterLab 4.6.6 printed for jupyterlab_rise 0.43.1's dependency.
    listing = ("        jupyterlab-slideshow v0.3.4 enabled OK\n"
               "        jupyterlab-mathjax3 v4.3.0 enabled X (python, jupyterlab-mathjax3)\n")
    assert incompatible_extensions(listing) == {"jupyterlab-mathjax3": "4.3.0"}
    assert incompatible_extensions(listing.replace("enabled X", "enabled OK")) == {}


def test_jupyterlab_lists_no_incompatible_extension():
    listing = labextension_listing()
    listed = {m["name"] for m in EXTENSION_LINE.finditer(listing)}
    assert {"@jupyter-widgets/jupyterlab-manager", "jupyterlab-slideshow"} <= listed, (
        f"the listing was not understood (or `make setup` has not run):\n{listing}")
    assert incompatible_extensions(listing) == {}, (
        "JupyterLab marks these extensions incompatible (X); their console warnings reach every "
        f"front end. Drop or update the package that installs them:\n{listing}")
    assert "nbkernel" not in listing, f"a course extension is installed in JupyterLab:\n{listing}"
