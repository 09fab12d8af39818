"""Build static reveal.js slides of every notebook that open with no network (`make slides`).

nbconvert's slides load reveal.js, require.js, jQuery, MathJax (and, for saved widgets, the
Jupyter widget manager) from CDNs, so they are blank in a lecture hall without Wi-Fi. This script
fetches pinned copies of those packages from the npm registry once (`npm pack`, versions and
integrity hashes in tools/slides-assets/vendor.json), copies the files the slides need into
build/slides/vendor/, and points nbconvert at them. Each notebook is run once in a fresh kernel
first, so that its slider panels are saved and drawn (at their starting values: static slides
have no kernel, so the sliders do not recompute; for live sliders present the notebooks in
deck mode, see docs/instructors.md).

Usage
-----
    python tools/slides.py                      # every notebooks/NN-*.ipynb -> build/slides/
    python tools/slides.py notebooks/02-the-neuron.ipynb --out /tmp/slides

Open build/slides/index.html (or one NN-name.slides.html) in a browser: no server needed.
Speaker notes: press "s". Full screen: "f". Overview: "Esc".
"""

import argparse
import base64
import copy
import fnmatch
import hashlib
import html
import importlib.resources
import json
import re
import shutil
import subprocess
import sys
import tarfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from navigation import course_notebooks  # noqa: E402  (tools/ is a folder of scripts)

ROOT = Path(__file__).resolve().parent.parent
ASSETS = ROOT / "tools" / "slides-assets"
VENDOR_SPEC = ASSETS / "vendor.json"
TEMPLATE_DIR = ASSETS / "templates"
TEMPLATE_NAME = "offline-slides"
DEFAULT_OUT = ROOT / "build" / "slides"
DEFAULT_CACHE = ROOT / "build" / "npm-cache"

# Where each package goes under <out>/vendor/ (a short, stable folder name).
VENDOR_DIRS = {
    "reveal.js": "reveal.js",
    "mathjax": "mathjax",
    "requirejs": "requirejs",
    "jquery": "jquery",
    "@jupyter-widgets/html-manager": "html-manager",
}

# The URLs nbconvert writes into the slides, relative to the slides' folder.
EXPORTER_URLS = {
    "reveal_url_prefix": "vendor/reveal.js",
    "mathjax_url": "vendor/mathjax/MathJax.js?config=TeX-AMS_CHTML-full,Safe",
    "require_js_url": "vendor/requirejs/require.js",
    "jquery_url": "vendor/jquery/dist/jquery.min.js",
    "widget_renderer_url": "vendor/html-manager/dist/embed-amd.js",
}

# Anything the page would *load* from the network (links the reader may click are fine).
REMOTE_RESOURCE = re.compile(
    r"""<(?:script|img|iframe|source|video|audio)\b[^>]*\bsrc\s*=\s*["']?(?:https?:)?//"""
    r"""|<link\b[^>]*\bhref\s*=\s*["']?(?:https?:)?//"""
    r"""|\bimport\b[^;'"]*\bfrom\s*["'](?:https?:)?//"""
    r"""|@import\s+(?:url\()?["']?(?:https?:)?//"""
    r"""|url\(\s*["']?(?:https?:)?//""",
    re.IGNORECASE,
)


class SlidesError(RuntimeError):
    """A slides build step failed; the message says which and what to do."""


def vendor_spec(path=VENDOR_SPEC):
    """The pinned packages: {name: {"version", "integrity", "files"}}."""
    return json.loads(Path(path).read_text(encoding="utf-8"))["packages"]


def _sri(path):
    """The npm-style integrity string (sha512-<base64>) of a file."""
    digest = hashlib.sha512(Path(path).read_bytes()).digest()
    return "sha512-" + base64.b64encode(digest).decode("ascii")


def _tarball_name(name, version):
    return name.lstrip("@").replace("/", "-") + f"-{version}.tgz"


def fetch_tarball(name, info, cache=DEFAULT_CACHE):
    """Return the path of the package's tarball, downloading it with `npm pack` if needed."""
    cache = Path(cache)
    cache.mkdir(parents=True, exist_ok=True)
    tarball = cache / _tarball_name(name, info["version"])
    if not tarball.exists():
        npm = shutil.which("npm")
        if npm is None:
            raise SlidesError("npm is needed once to fetch reveal.js, MathJax, require.js and "
                              "jQuery from the npm registry: install Node.js (it brings npm).")
        spec = f"{name}@{info['version']}"
        result = subprocess.run([npm, "pack", spec, "--pack-destination", str(cache), "--json"],
                                capture_output=True, text=True)
        if result.returncode != 0 or not tarball.exists():
            raise SlidesError(f"`npm pack {spec}` failed (is the npm registry reachable?):\n"
                              f"{result.stderr.strip()[-2000:]}")
    if _sri(tarball) != info["integrity"]:
        tarball.unlink()
        raise SlidesError(f"{tarball.name} does not match the integrity hash pinned in "
                          f"{VENDOR_SPEC.relative_to(ROOT)}; deleted it, run again.")
    return tarball


def _wanted(member, patterns):
    return any(fnmatch.fnmatchcase(member, pattern) or
               (pattern.endswith("/**/*") and member.startswith(pattern[:-4]))
               for pattern in patterns)


def install_vendor(out=DEFAULT_OUT, cache=DEFAULT_CACHE, spec=None):
    """Copy the pinned files of every package into <out>/vendor/<dir>/; skip those up to date."""
    spec = vendor_spec() if spec is None else spec
    vendor = Path(out) / "vendor"
    for name, info in spec.items():
        target = vendor / VENDOR_DIRS[name]
        stamp = target / ".installed"
        wanted_stamp = json.dumps({"name": name, **info}, sort_keys=True) + "\n"
        if stamp.exists() and stamp.read_text() == wanted_stamp:
            continue
        tarball = fetch_tarball(name, info, cache)
        if target.exists():
            shutil.rmtree(target)
        target.mkdir(parents=True)
        copied = 0
        with tarfile.open(tarball, "r:gz") as archive:
            for member in archive.getmembers():
                if not member.isfile() or not member.name.startswith("package/"):
                    continue
                relative = member.name[len("package/"):]
                if ".." in Path(relative).parts or not _wanted(relative, info["files"]):
                    continue
                destination = target / relative
                destination.parent.mkdir(parents=True, exist_ok=True)
                with archive.extractfile(member) as source, open(destination, "wb") as sink:
                    shutil.copyfileobj(source, sink)
                copied += 1
        if copied == 0:
            raise SlidesError(f"no files of {name} matched {info['files']}")
        stamp.write_text(wanted_stamp)
    return vendor


def install_anywidget(out=DEFAULT_OUT):
    """Copy anywidget's front end for require.js (the AMD bundle its Python package ships for
    the classic notebook) to <out>/vendor/anywidget/index.js: the panels' sliders are anywidget
    models, which the static widget manager would otherwise fetch from a CDN."""
    source = importlib.resources.files("anywidget") / "nbextension" / "index.js"
    target = Path(out) / "vendor" / "anywidget" / "index.js"
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_bytes(source.read_bytes())
    return target


def remote_resources(page):
    """The places in an HTML page that would load something from the network."""
    return [page[max(0, m.start() - 40):m.end() + 60] for m in REMOTE_RESOURCE.finditer(page)]


def exporter():
    """An nbconvert SlidesExporter that writes slides using the local vendor/ copies."""
    from nbconvert import SlidesExporter
    from traitlets.config import Config

    config = Config()
    for trait, url in EXPORTER_URLS.items():
        setattr(config.SlidesExporter, trait, url)
    # Long slides are shrunk to fit, or scroll, by the template (offline-slides/index.html.j2);
    # nbconvert's own scrolling only reaches sub-slides and would fight it.
    config.SlidesExporter.reveal_scroll = False
    # No "In [3]:" / "Out[3]:" column: the code gets its width (the numbers say nothing in a
    # lecture).
    config.SlidesExporter.exclude_input_prompt = True
    config.SlidesExporter.exclude_output_prompt = True
    # reveal.js's "white" theme uses fonts shipped with it; the default "simple" one loads Google
    # Fonts.
    config.SlidesExporter.reveal_theme = "white"
    config.SlidesExporter.extra_template_basedirs = [str(TEMPLATE_DIR)]
    config.SlidesExporter.template_name = TEMPLATE_NAME
    return SlidesExporter(config=config)


def with_widget_state(nb, folder, timeout=120):
    """Run a copy of the notebook in a fresh kernel, keeping the widgets' state.

    The stored notebooks carry no widget state (the panels are live), so without this the slider
    panels would be empty in static slides; with it they show their starting figures.
    """
    from nbclient import NotebookClient

    nb = copy.deepcopy(nb)
    NotebookClient(nb, timeout=timeout, kernel_name="python3", store_widget_state=True,
                   resources={"metadata": {"path": str(folder)}}).execute()
    drop_image_tooltips(nb)
    return nb


def drop_image_tooltips(nb):
    """Remove the tooltip of every saved Image widget, in place.

    The static widget manager (@jupyter-widgets/html-manager 1.0.15) fails to draw an Image that
    has a tooltip ("Click to show javascript error"); the panels put their figures' alt text
    there. JupyterLab itself draws them fine, so only the slides' copy loses the tooltip.
    """
    state = nb.metadata.get("widgets", {}).get(
        "application/vnd.jupyter.widget-state+json", {}).get("state", {})
    for model in state.values():
        if model.get("model_name") == "ImageModel" and model.get("state", {}).get("tooltip"):
            model["state"]["tooltip"] = None


def build_slides(notebooks, out=DEFAULT_OUT, cache=DEFAULT_CACHE, execute=True):
    """Write <out>/<name>.slides.html for each notebook and <out>/index.html; return the pages.

    With ``execute`` (the default) each notebook is first run in a fresh kernel so that its
    slider panels appear, at their starting values; otherwise the stored outputs are used.
    """
    import nbformat

    out = Path(out)
    install_vendor(out, cache)
    install_anywidget(out)
    slides_exporter = exporter()
    pages = []
    for notebook in notebooks:
        notebook = Path(notebook)
        nb = nbformat.read(notebook, as_version=4)
        if execute:
            try:
                nb = with_widget_state(nb, notebook.parent)
            except Exception as error:   # nbclient's CellExecutionError, a dead kernel, ...
                raise SlidesError(f"{notebook.name} failed when run to save its panels: "
                                  f"{str(error)[-1500:]}\nFix the notebook, or build from the "
                                  "stored outputs with --stored-outputs.") from error
        nb.metadata.setdefault("title", notebook_title(nb, notebook.stem))  # the tab's title
        body, _ = slides_exporter.from_notebook_node(nb, resources={"metadata": {
            "name": notebook.stem, "path": str(notebook.parent)}})
        remote = remote_resources(body)
        if remote:
            raise SlidesError(f"{notebook.name}: the slides would still load from the network:\n"
                              + "\n".join(remote[:5]))
        page = out / f"{notebook.stem}.slides.html"
        page.write_text(body, encoding="utf-8")
        pages.append(page)
    write_index(pages, out)
    return pages


def notebook_title(nb, default):
    """The text of the notebook's first ``# `` heading."""
    for cell in nb.cells:
        if cell.cell_type == "markdown":
            for line in cell.source.splitlines():
                if line.startswith("# "):
                    return line[2:].strip()
    return default


def _title(page):
    match = re.search(r"<title>(.*?) slides</title>", page.read_text(encoding="utf-8"))
    return html.unescape(match.group(1)) if match else page.stem


def write_index(pages, out):
    """A plain page linking every deck, for opening from a file manager."""
    items = "\n".join(f'<li><a href="{p.name}">{html.escape(p.name[:2])} '
                      f'{html.escape(_title(p))}</a></li>' for p in sorted(pages))
    (Path(out) / "index.html").write_text(
        "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
        "<title>How neural networks compute: slides</title></head>\n<body>\n"
        "<h1>How neural networks compute: slides</h1>\n"
        "<p>Arrow keys move; <kbd>s</kbd> opens the speaker notes; <kbd>f</kbd> is full screen."
        "</p>\n<ul>\n" + items + "\n</ul>\n</body></html>\n", encoding="utf-8")


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("notebooks", nargs="*", type=Path,
                        help="notebooks to convert (default: every notebooks/NN-*.ipynb)")
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT, help="output folder")
    parser.add_argument("--cache", type=Path, default=DEFAULT_CACHE,
                        help="where the npm tarballs are kept between builds")
    parser.add_argument("--stored-outputs", action="store_true",
                        help="do not run the notebooks: use their stored outputs (the slider "
                             "panels then stay empty)")
    args = parser.parse_args(argv)
    notebooks = args.notebooks or course_notebooks()
    if not notebooks:
        parser.error("no notebooks found in notebooks/")
    args.out.mkdir(parents=True, exist_ok=True)
    try:
        pages = build_slides(notebooks, args.out, args.cache, execute=not args.stored_outputs)
    except SlidesError as error:
        print(f"make slides: {error}", file=sys.stderr)
        return 1
    for page in pages:
        print(page.relative_to(ROOT) if page.is_relative_to(ROOT) else page)
    index = args.out / "index.html"
    print(f"Open {index} in a browser (works offline).")
    return 0


if __name__ == "__main__":
    sys.exit(main())
