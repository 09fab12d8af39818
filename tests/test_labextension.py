"""The course's JupyterLab plugin (labextension/): installed, enabled, and built from its source.

The plugin makes MathJax add each CSS rule to the page once (see labextension/src/index.js); the
browser test checks what it does in a real page. Here: JupyterLab lists it as enabled and
compatible, and the committed bundle (what learners, Binder and hubs install, without Node.js) is
exactly what its source builds to. The rebuild needs Node.js and the npm registry (marked
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


def test_jupyterlab_lists_the_plugin_enabled_and_compatible():
    result = subprocess.run([str(BIN / "jupyter"), "labextension", "list"],
                            capture_output=True, text=True, timeout=120)
    listing = re.sub(r"\x1b\[[0-9;]*m", "", result.stdout + result.stderr)
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
