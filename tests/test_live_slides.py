"""Live slides: a course notebook presented with jupyterlab-slideshow, its slider panel working.

RISE's slideshow page cannot draw ipywidgets (docs/instructors.md, section 6), so live lectures
use jupyterlab-slideshow's deck mode, which presents the notebook inside JupyterLab itself: the
widget manager is JupyterLab's own, so the panels work as they do in the notebook.

- Every course notebook marks the cells that continue a slide the way deck mode reads them: slide
  type ``""`` (what JupyterLab's property inspector writes for "-"). Deck mode never shows a cell
  whose slide type is the string ``"-"``; nbconvert and RISE read both alike. No browser needed.
- In headless Chromium (helpers in ``tests/browser_support.py``), as an instructor would: open
  notebook 04, run all cells, click its title, press the deck button in the notebook toolbar, step
  with Space to the activation panel, focus the slider and press ArrowRight (the deck's next-slide
  key). The slider must move, the panel's image and maths must change, and the deck must stay on
  that slide (the key moved the slider, not the slides). Screenshots: ``build/screenshots/live-slides-*.png``.

Chromium is never downloaded: without it the browser test skips with an install hint, except when
``CI=true``, where it fails.
"""

import json

import pytest

from course_files import COURSE, ROOT

try:                                   # tests/ as a package or as a plain directory on sys.path
    from . import browser_support as bs
    from .test_browser import require_browser
except ImportError:
    import browser_support as bs
    from test_browser import require_browser

NOTEBOOK = ROOT / "notebooks" / "04-activation-functions.ipynb"

# What deck mode knows about the notebook: whether it is presenting, the current cell, and the
# cells on screen (the others are collapsed to nothing).
DECK_STATE = """() => {
  const nb = window.__nbk.panel.content;
  return {
    presenting: document.body.dataset.jpDeckMode === 'presenting',
    active: nb.activeCellIndex,
    onScreen: nb.widgets.map((c, i) => c.node.classList.contains('jp-deck-mod-onscreen') ? i : -1)
                        .filter(i => i >= 0),
  };
}"""


def slide_type(cell):
    return cell.get("metadata", {}).get("slideshow", {}).get("slide_type")


@pytest.mark.parametrize("path", COURSE, ids=lambda p: p.name)
def test_continuation_cells_use_the_slide_type_deck_mode_shows(path):
    cells = json.loads(path.read_text(encoding="utf-8"))["cells"]
    dashes = [number for number, cell in enumerate(cells) if slide_type(cell) == "-"]
    assert not dashes, (
        f"{path.name}: cells {dashes} have slide type '-', which jupyterlab-slideshow never "
        "shows (their panels would be missing from the live slides); store '' instead, as "
        "JupyterLab's property inspector does for '-' (nbconvert and RISE read both alike)")


@pytest.mark.timeout(180)
def test_deck_mode_shows_the_panel_and_its_slider_moves_the_plot():
    require_browser()
    from playwright.sync_api import TimeoutError as PlaywrightTimeout
    cells = json.loads(NOTEBOOK.read_text(encoding="utf-8"))["cells"]
    title = next(i for i, cell in enumerate(cells) if slide_type(cell) not in ("skip", "notes"))
    with bs.JupyterLab([NOTEBOOK]) as lab, bs.chromium_page() as page:
        nb = bs.LabNotebook(page, lab, NOTEBOOK.name)
        with nb.report_failure("live-slides-failure"):
            panels = nb.open_and_run()
            assert panels, "the notebook shows no slider panel after Run All"
            panel = panels[0]

            # Run All leaves the last cell (navigation, "skip") selected; deck mode starts at the
            # selected cell, so select the title first, then press the toolbar's deck button.
            page.locator(".jp-NotebookPanel .jp-Notebook .jp-Cell").nth(title).click()
            page.locator('.jp-NotebookPanel-toolbar [data-jp-item-name="deck"] '
                         '[data-command="deck:toggle"]').click()
            page.wait_for_function("() => document.body.dataset.jpDeckMode === 'presenting'",
                                   timeout=15_000)
            state = nb.eval(DECK_STATE)
            assert state["onScreen"] == [title], f"the deck does not open on the title: {state}"
            page.screenshot(path=str(bs.SCREENSHOTS / "live-slides-title.png"))

            # Space steps through the deck, cell by cell, until the panel's cell is the current one.
            for _ in range(len(cells)):
                if state["active"] == panel.cell:
                    break
                page.keyboard.press("Space")
                try:
                    page.wait_for_function(f"old => ({DECK_STATE})().active !== old",
                                           arg=state["active"], timeout=5_000)
                except PlaywrightTimeout:    # the end of the deck
                    break
                state = nb.eval(DECK_STATE)
            assert state["active"] == panel.cell and panel.cell in state["onScreen"], (
                f"Space never reached the panel (cell {panel.cell}, slide type "
                f"{slide_type(cells[panel.cell])!r}): {state}")
            slide = state["onScreen"]
            assert len(slide) < len(cells) // 2, f"the deck shows most of the notebook: {slide}"

            handle = page.locator(f'[data-nbk-slider="{panel.sliders[0].id}"]')
            handle.focus()                   # the range input; the keys now go to the slider
            assert handle.evaluate("el => el === document.activeElement"), \
                "the slider did not take the keyboard"
            math = nb.math_text(panel)
            before = nb.image_digest(panel)
            # ArrowRight, the deck's "next slide" key (slideshow binds it in code; the range
            # input's data-lm-suppress-shortcuts keeps it for the slider).
            position = nb.position(panel.sliders[0])
            assert position["now"] < position["max"], f"the slider is at its end: {position}"
            press = nb.press(panel, panel.sliders[0], "ArrowRight")
            assert press.changed, "the arrow key did not redraw the panel's plot"
            assert nb.position(panel.sliders[0])["now"] > position["now"], \
                "ArrowRight did not move the slider"
            assert nb.image_digest(panel) != before, "the plot was redrawn but shows the same"
            if panel.math:
                nb.wait_for_math_change(panel, math)
            state = nb.eval(DECK_STATE)
            assert state["presenting"] and state["onScreen"] == slide, (
                f"the arrow key moved the slides instead of only the slider: {state}")
            nb.assert_no_errors()
            page.screenshot(path=str(bs.SCREENSHOTS / "live-slides-panel.png"))

            page.keyboard.press("Escape")    # leaves the slider (which keeps every key) ...
            assert not handle.evaluate("el => el === document.activeElement"), \
                "Escape did not leave the slider"
            page.keyboard.press("Escape")    # ... and leaves deck mode
            page.wait_for_function("() => document.body.dataset.jpDeckMode !== 'presenting'",
                                   timeout=10_000)
