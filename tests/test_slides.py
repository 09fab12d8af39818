"""Static slides (tools/slides.py, `make slides`) open with no network and render the maths.

The slides of a small notebook (maths, a code output, a saved slider widget) and of one course
notebook are built, checked for anything they would load from the network, then opened from
file:// in headless Chromium with every non-file request blocked: reveal.js must start, MathJax
must typeset the formulas and the widget must be drawn, with no request blocked or failed.
Building needs the pinned npm packages (fetched once into build/npm-cache/): marked `network`.
Screenshots go to build/screenshots/.
"""

import json
import shutil
from pathlib import Path

import nbformat
import pytest
from nbclient import NotebookClient
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook

from course_files import COURSE, ROOT, load_tool

SCREENSHOTS = ROOT / "build" / "screenshots"
CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update",
                 "--disable-sync"]

pytestmark = pytest.mark.network


slides = load_tool("slides")


def _slide(kind):
    return {"slideshow": {"slide_type": kind}}


@pytest.fixture(scope="module")
def demo_notebook(tmp_path_factory):
    """A small executed notebook: inline and display maths, a code result, a saved slider."""
    nb = new_notebook(cells=[
        new_markdown_cell("# Slides check\n\nA neuron computes $z = \\sum_i x_i w_i + b$.",
                          metadata=_slide("slide")),
        new_markdown_cell("$$\\sigma(z) = \\frac{1}{1 + e^{-z}}$$", metadata=_slide("fragment")),
        new_code_cell("import nbkernel as nk\nnk.neuron([0.5, 0.3, 0.8], [0.6, 0.4, 0.2], 0.1)",
                      metadata=_slide("subslide")),
        new_code_cell("import ipywidgets\nipywidgets.FloatSlider(value=0.6, max=1.0, "
                      "description='w1')", metadata=_slide("slide")),
        # A PNG in an Image widget with a tooltip, as the panels draw their figures.
        new_code_cell("import base64\nipywidgets.Image(value=base64.b64decode("
                      "'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQ"
                      "DwAEhQGAhKmMIQAAAABJRU5ErkJggg=='), format='png', width='40', "
                      "tooltip='one pixel')",
                      metadata=_slide("-")),
        new_markdown_cell("Say what the slider does.", metadata=_slide("notes")),
    ], metadata={"kernelspec": {"name": "python3", "display_name": "Python 3",
                                "language": "python"}})
    folder = tmp_path_factory.mktemp("demo")
    NotebookClient(nb, timeout=60, kernel_name="python3",
                   resources={"metadata": {"path": str(folder)}}).execute()
    assert "widgets" in nb.metadata   # the saved widget state the slides draw from
    path = folder / "98-slides-check.ipynb"
    nbformat.write(nb, path)
    return path


def _build(notebooks, out):
    try:
        return slides.build_slides(notebooks, out)
    except slides.SlidesError as error:
        if "npm" in str(error) and not __import__("os").environ.get("CI"):
            pytest.skip(f"the npm registry is needed to fetch the slides' JavaScript: {error}")
        raise


def test_slides_point_only_at_local_copies(demo_notebook, tmp_path):
    (page,) = _build([demo_notebook], tmp_path)
    html = page.read_text(encoding="utf-8")
    assert slides.remote_resources(html) == []
    for url in slides.EXPORTER_URLS.values():
        local = tmp_path / url.split("?")[0]
        if url.startswith("vendor/reveal.js"):
            local = local / "dist" / "reveal.js"
        assert local.is_file(), f"{url} is referenced but was not copied"
    assert (tmp_path / "index.html").read_text().count(".slides.html") == 1


def test_the_check_finds_remote_resources():
    assert slides.remote_resources('<script src="https://cdn.example/x.js"></script>')
    assert slides.remote_resources("<link rel='stylesheet' href='//cdn.example/x.css'>")
    assert slides.remote_resources("import mermaid from 'https://cdn.example/m.mjs';")
    assert slides.remote_resources("@import url('https://fonts.example/css');")
    assert not slides.remote_resources('<a href="https://en.wikipedia.org/wiki/Neuron">a</a>')


def _go_to_slide_with(page, selector):
    """Show the slide with the most ``selector`` elements visible without advancing fragments
    (through reveal.js's #/h/v history hash); False if there is none."""
    where = page.evaluate("""(selector) => {
        let best = null, most = 0;
        const top = Array.from(document.querySelectorAll('.reveal .slides > section'));
        top.forEach((section, h) => {
            const stack = Array.from(section.querySelectorAll(':scope > section'));
            (stack.length ? stack : [section]).forEach((slide, v) => {
                const shown = Array.from(slide.querySelectorAll(selector)).filter(
                    e => !e.closest('.fragment') && !e.closest('aside')).length;
                if (shown > most) { most = shown; best = [h, v]; }
            });
        });
        return best;
    }""", selector)
    if where is None:
        return False
    page.evaluate("([h, v]) => { window.location.hash = '#/' + h + '/' + v; }", where)
    page.wait_for_function("([h, v]) => { const s = document.querySelector("
                           "'.reveal .slides > section.present'); return s && "
                           "Array.from(s.parentNode.children).indexOf(s) === h; }", arg=where,
                           timeout=10000)
    page.wait_for_timeout(800)   # the slide transition
    return True


def _open_offline(page_path, screenshot_name):
    """Open slides from file:// with the network blocked; return what the page showed."""
    sync_playwright = pytest.importorskip("playwright.sync_api").sync_playwright
    if not Path(CHROMIUM).exists():
        pytest.skip("Debian's chromium is not installed (apt-get install chromium)")
    blocked, failed = [], []
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)

    def route(request_route):
        if request_route.request.url.startswith("file://"):
            request_route.continue_()
        else:
            blocked.append(request_route.request.url)
            request_route.abort()

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            page = browser.new_page(viewport={"width": 1280, "height": 800})
            page.route("**/*", route)
            page.on("requestfailed", lambda request: failed.append(
                (request.url, request.failure)))
            page.goto(page_path.as_uri())
            page.wait_for_selector(".reveal.ready", timeout=30000)
            page.wait_for_function(
                "window.MathJax && MathJax.Hub && MathJax.Hub.queue.pending === 0 "
                "&& document.querySelectorAll('.mjx-chtml').length > 0", timeout=30000)
            page.screenshot(path=str(SCREENSHOTS / f"{screenshot_name}.png"))
            for selector, suffix in ((".mjx-chtml", "maths"), (".widget-slider", "widget")):
                if _go_to_slide_with(page, selector):
                    page.screenshot(path=str(SCREENSHOTS / f"{screenshot_name}-{suffix}.png"))
            shown = page.evaluate("""() => ({
                formulas: document.querySelectorAll('.mjx-chtml').length,
                mathErrors: document.querySelectorAll('.MathJax_Error, merror').length,
                rawTex: Array.from(document.querySelectorAll('.jp-RenderedMarkdown'))
                    .some(e => /\\$[^$]+\\$/.test(e.innerText)),
                sliders: document.querySelectorAll('.widget-slider').length,
                widgetErrors: document.querySelectorAll('.jupyter-widgets-error-widget').length,
                widgetImages: Array.from(document.querySelectorAll('.widget-image'))
                    .filter(i => i.naturalWidth > 0).length,
                slides: document.querySelectorAll('.reveal .slides > section').length,
            })""")
        finally:
            browser.close()
    shown.update(blocked=blocked, failed=failed)
    return shown


def test_demo_slides_open_offline_with_maths_and_widget(demo_notebook, tmp_path):
    (page,) = _build([demo_notebook], tmp_path)
    shown = _open_offline(page, "slides-offline-demo")
    assert shown["blocked"] == [] and shown["failed"] == [], shown
    assert shown["formulas"] >= 2 and shown["mathErrors"] == 0 and not shown["rawTex"], shown
    assert shown["sliders"] == 1 and shown["widgetImages"] == 1, shown
    assert shown["widgetErrors"] == 0, shown
    assert shown["slides"] == 2, shown


def _most_maths(notebooks):
    def dollars(path):
        cells = json.loads(path.read_text(encoding="utf-8"))["cells"]
        return sum("".join(c["source"]).count("$") for c in cells
                   if c["cell_type"] == "markdown")
    return max(notebooks, key=dollars)


@pytest.mark.skipif(not COURSE, reason="no notebooks in notebooks/ yet")
def test_a_course_notebook_opens_offline_with_maths(tmp_path):
    notebook = _most_maths(COURSE)
    (page,) = _build([notebook], tmp_path)
    assert slides.remote_resources(page.read_text(encoding="utf-8")) == []
    shown = _open_offline(page, f"slides-offline-{notebook.stem}")
    assert shown["blocked"] == [] and shown["failed"] == [], shown
    assert shown["formulas"] >= 1 and shown["mathErrors"] == 0, shown
    assert shown["widgetErrors"] == 0, shown
