"""Static slides (tools/slides.py, `make slides`) open with no network and render the maths.

The slides of a small notebook (maths, a code output, a saved slider widget) and of one course
notebook are built, checked for anything they would load from the network, then opened from
file:// in headless Chromium with every non-file request blocked: reveal.js must start, MathJax
must typeset the formulas and the widget must be drawn, with no request blocked or failed.
Then every slide is shown and its rendered text and boxes are read: each formula's text once
(not its typeset glyphs plus MathJax's hidden MathML copy), no box past the slide's left or right
edge, a slide taller than the deck either shrunk to fit or scrolling inside its own box, each
slider panel small enough to be seen whole on its slide, and no word of a code output (the
checkers' messages) broken across two lines.
Building needs the pinned npm packages (fetched once into build/npm-cache/): marked `network`.
Screenshots go to build/screenshots/.
"""

import json
import shutil
import unicodedata
from pathlib import Path

import nbformat
import pytest
from nbclient import NotebookClient
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook

from course_files import COURSE, ROOT, load_tool

try:                                   # tests/ as a package or as a plain directory on sys.path
    from .browser_support import SLIDER
except ImportError:
    from browser_support import SLIDER

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
        # Longer than the slide is wide: it must wrap, and the checker's message must wrap
        # between words.
        new_code_cell("inputs_and_weights = [(0.5, 0.6), (0.3, 0.4), (0.8, 0.2)]  # the neuron's "
                      "three inputs, each with its weight, as in the worked example above\n"
                      "nk.check('02.1z', 1.0)", metadata=_slide("subslide")),
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


# Every slide of a deck, shown in turn (fragments made visible), with what a reader would see
# wrong on it. A box counts as past an edge when it sticks out by more than 1 px (rounding).
READ_SLIDES = """async () => {
  const frames = () => new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)));
  const leaves = [];
  document.querySelectorAll('.reveal .slides > section').forEach((section, h) => {
    const stack = Array.from(section.querySelectorAll(':scope > section'));
    (stack.length ? stack : [section]).forEach((slide, v) => leaves.push([h, v]));
  });
  const report = {slides: 0, formulas: [], wide: [], tall: [], panels: [], broken: [], outputs: 0};
  for (const [h, v] of leaves) {
    window.location.hash = '#/' + h + '/' + v;
    await new Promise(r => setTimeout(r, 400));
    const shown = document.querySelectorAll('.reveal .slides section.present');
    const slide = shown[shown.length - 1];
    slide.querySelectorAll('.fragment').forEach(f => f.classList.add('visible'));
    // What the audience sees once the slide has settled: MathJax, the widget manager and the
    // template's refit change its size after reveal.js has shown it (slower on a busy machine).
    let last = '', same = 0;
    for (let waited = 0; waited < 8000 && same < 3; waited += 150) {
      await new Promise(r => setTimeout(r, 150));
      await frames();
      const r = slide.getBoundingClientRect();
      const now = [r.top, r.height, slide.scrollHeight, slide.style.zoom].join();
      same = now === last ? same + 1 : 0;
      last = now;
    }
    report.slides += 1;
    const where = h + '/' + v;
    const box = slide.getBoundingClientRect();
    const scrolls = getComputedStyle(slide).overflowY === 'auto';
    if (!scrolls && (slide.scrollHeight > slide.clientHeight + 1))
      report.tall.push([where, slide.scrollHeight, slide.clientHeight]);
    const deck = document.querySelector('.reveal').getBoundingClientRect();
    if (box.top < deck.top - 1 || box.bottom > deck.bottom + 1)
      report.tall.push([where, 'slide box', Math.round(box.top), Math.round(box.bottom)]);
    for (const e of slide.querySelectorAll('*')) {
      const r = e.getBoundingClientRect();
      if (!r.width || !r.height || e.closest('aside.notes')) continue;
      if (r.left < box.left - 1 || r.right > box.right + 1) {
        report.wide.push([where, e.tagName + '.' + e.className, Math.round(r.left - box.left),
                          Math.round(r.right - box.right)]);
      }
      if (!scrolls && r.bottom > box.bottom + 1) {
        report.tall.push([where, e.tagName + '.' + e.className, Math.round(r.bottom - box.bottom)]);
      }
    }
    for (const frame of slide.querySelectorAll('.MathJax_CHTML')) {
      report.formulas.push([where, frame.innerText]);
    }
    for (const output of slide.querySelectorAll('.jp-OutputArea-output')) {
      if (!output.querySelector('%s, .widget-image')) continue;
      const r = output.getBoundingClientRect();
      report.panels.push([where, Math.round(r.height), Math.round(box.height)]);
    }
    // A word broken across lines: two word characters, the second on a lower line, with no
    // newline between them in the text.
    for (const pre of slide.querySelectorAll('.jp-OutputArea-output pre')) {
      report.outputs += 1;
      const walker = document.createTreeWalker(pre, NodeFilter.SHOW_TEXT);
      const range = document.createRange();
      let previous = null;
      for (let node = walker.nextNode(); node; node = walker.nextNode()) {
        for (let i = 0; i < node.length && i < 5000; i++) {
          const c = node.data[i];
          if (!/[\\p{L}\\p{N}]/u.test(c)) { previous = null; continue; }
          range.setStart(node, i);
          range.setEnd(node, i + 1);
          const r = range.getBoundingClientRect();
          if (previous && r.top > previous.top + previous.height / 2) {
            report.broken.push([where, node.data.slice(Math.max(0, i - 20), i + 20)]);
          }
          previous = r;
        }
      }
    }
  }
  return report;
}""" % SLIDER


def doubled(text):
    """True when a formula's rendered text is the same string twice ("zz" for $z$), comparing
    letters as Unicode compatibility forms (MathML's italic 𝑧 reads as z)."""
    text = unicodedata.normalize("NFKC", "".join(text.split()))
    half = len(text) // 2
    return len(text) > 0 and len(text) % 2 == 0 and text[:half] == text[half:]


def test_the_doubling_check_finds_a_formula_read_twice():
    assert doubled("z\n𝑧") and doubled("x1=2.0𝑥1=2.0")
    assert not doubled("z") and not doubled("x1=2.0") and not doubled("")


def _read_deck(page_path, screenshot_name):
    """Open a deck from file:// in Chromium at a projector's 1280×800; read every slide."""
    sync_playwright = pytest.importorskip("playwright.sync_api").sync_playwright
    if not Path(CHROMIUM).exists():
        pytest.skip("Debian's chromium is not installed (apt-get install chromium)")
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            page = browser.new_page(viewport={"width": 1280, "height": 800})
            page.goto(page_path.as_uri())
            page.wait_for_selector(".reveal.ready", timeout=30000)
            page.wait_for_function(
                "window.MathJax && MathJax.Hub && MathJax.Hub.queue.pending === 0", timeout=30000)
            report = page.evaluate(READ_SLIDES)
            for selector, suffix in ((SLIDER, "panel"), (".jp-OutputArea-output pre", "output")):
                if _go_to_slide_with(page, selector):
                    page.screenshot(path=str(SCREENSHOTS / f"{screenshot_name}-{suffix}.png"))
        finally:
            browser.close()
    return report


def _assert_reads_well(report):
    assert report["slides"] > 0 and report["formulas"] and report["outputs"], report
    twice = [f for f in report["formulas"] if doubled(f[1])]
    assert not twice, f"formulas whose text is there twice (slide, text): {twice[:5]}"
    assert not report["wide"], f"boxes past a slide's side (slide, element, px): {report['wide'][:5]}"
    assert not report["tall"], f"boxes past a slide's bottom: {report['tall'][:5]}"
    too_big = [p for p in report["panels"] if p[1] > p[2] + 1]
    assert not too_big, f"panels taller than their slide (slide, panel px, slide px): {too_big}"
    assert not report["broken"], f"words broken across lines in outputs: {report['broken'][:5]}"


def test_demo_slides_read_well(demo_notebook, tmp_path):
    (page,) = _build([demo_notebook], tmp_path)
    report = _read_deck(page, "slides-read-demo")
    _assert_reads_well(report)


PANEL_NOTEBOOKS = [p for p in COURSE if p.name.startswith(("02-", "07-"))]


@pytest.mark.timeout(300)
@pytest.mark.parametrize("notebook", PANEL_NOTEBOOKS, ids=lambda p: p.stem)
def test_course_slides_read_well(notebook, tmp_path):
    """02 (the neuron panel below a long lead-in, checkers) and 07 (the tallest panel, the
    training panel; long code)."""
    (page,) = _build([notebook], tmp_path)
    report = _read_deck(page, f"slides-read-{notebook.stem}")
    _assert_reads_well(report)
    assert report["panels"], "no slider panel was found on the slides"


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
