"""The course's JupyterLab plugin (labextension/): installed, enabled, and built from its source.

The plugin makes MathJax add each CSS rule to the page once (see labextension/src/index.js); the
browser test checks what it does in a real page. Here: JupyterLab lists it as enabled and
compatible, and lists no installed extension as incompatible; and the committed bundle (what
learners, Binder and hubs install, without Node.js) is exactly what its source builds to. The rebuild needs Node.js and the npm registry (marked
`network`): without them it skips with a message, except under CI=true, where it must run.
"""

import filecmp
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
PLUGIN = ROOT / "labextension"
BUNDLE = PLUGIN / "nbkernel_mathjax_styles" / "labextension"
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


def test_jupyterlab_lists_the_plugin_enabled_and_compatible():
    listing = labextension_listing()
    line = next((line for line in listing.splitlines() if "nbkernel-mathjax-styles" in line), None)
    assert line is not None, ("JupyterLab does not list nbkernel-mathjax-styles: run `make setup` "
                              f"(it installs ./labextension)\n{listing}")
    assert re.search(r"\benabled\s+OK\b", line), f"the plugin is not enabled and OK: {line!r}"


def _skip_or_fail(message):
    if os.environ.get("CI", "").strip().lower() == "true":
        pytest.fail(message + " (CI=true: this check must run)", pytrace=False)
    pytest.skip(message)


def _files(folder):
    return sorted(str(path.relative_to(folder)) for path in folder.rglob("*") if path.is_file())


@pytest.mark.network
@pytest.mark.timeout(600)
def test_the_committed_bundle_is_what_the_source_builds(tmp_path):
    npm = shutil.which("npm")
    if npm is None or shutil.which("node") is None:
        _skip_or_fail("Node.js and npm are needed to rebuild the plugin: "
                      "`sudo apt-get install nodejs npm`")
    work = tmp_path / "labextension"
    work.mkdir()
    for name in ("package.json", "package-lock.json", "rspack.config.js"):
        shutil.copy(PLUGIN / name, work / name)
    shutil.copytree(PLUGIN / "src", work / "src")
    install = subprocess.run([npm, "ci", "--no-audit", "--no-fund"], cwd=work,
                             capture_output=True, text=True, timeout=400)
    if install.returncode != 0 and re.search(r"ENOTFOUND|ECONNREFUSED|ETIMEDOUT|EAI_AGAIN",
                                             install.stderr):
        _skip_or_fail("the npm registry is unreachable: " + install.stderr.strip()[-300:])
    assert install.returncode == 0, install.stderr[-3000:]
    env = dict(os.environ, PATH=f"{BIN}{os.pathsep}{os.environ.get('PATH', '')}")
    build = subprocess.run([npm, "run", "build"], cwd=work, env=env,
                           capture_output=True, text=True, timeout=180)
    assert build.returncode == 0, (build.stdout + build.stderr)[-3000:]

    built = work / "nbkernel_mathjax_styles" / "labextension"
    assert _files(built) == _files(BUNDLE), (
        "labextension/src builds to other files than the committed bundle: run "
        "`make labextension` and commit the result")
    _, mismatch, errors = filecmp.cmpfiles(built, BUNDLE, _files(BUNDLE), shallow=False)
    assert not mismatch and not errors, (
        f"these built files differ from the committed ones: {mismatch + errors}; run "
        "`make labextension` and commit the result")
