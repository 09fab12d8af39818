"""End to end in a real browser: every slider panel renders and moves in JupyterLab.

Starts a private JupyterLab on 127.0.0.1 (free port, random token, a temporary copy of
``tests/notebooks/panels_demo.ipynb``), opens the notebook in Debian's headless Chromium through
Playwright, runs all cells and checks what a learner would see: no error output, no "Error
displaying widget", every panel rendered with its images; then presses an arrow key on a slider
of each panel and checks that the panel's plot changed, and that the page's CSS stays the same
while the maths changes. It runs on a stock JupyterLab: no extension of the course's own.

Chromium is never downloaded. Without it the test skips and says how to install it, except when
``CI=true``: CI must run it, so there a missing browser is a failure. On failure a screenshot of
the page is saved in ``build/screenshots/``; the panels' screenshots are saved there on every run.
"""

import json
import os
from pathlib import Path

import nbformat
import pytest

from nbkernel.widgets import PANELS as REGISTERED

try:                                   # tests/ as a package or as a plain directory on sys.path
    from . import browser_support as bs
except ImportError:
    import browser_support as bs

DEMO = Path(__file__).parent / "notebooks" / "panels_demo.ipynb"
# The panels the demo notebook shows: every one registered in nbkernel.widgets.PANELS.
PANELS = tuple(make.__name__ for make in REGISTERED.values())


def require_browser():
    """Skip (fail when CI=true) unless Chromium and Playwright are both available."""
    problem = None
    if bs.find_chromium() is None:
        problem = ("Chromium not found (looked for /usr/bin/chromium and `chromium` on PATH): "
                   + bs.INSTALL_HINT)
    else:
        try:
            import playwright.sync_api  # noqa: F401
        except ImportError:
            problem = ("the Python package `playwright` is missing: run "
                       "`.venv/bin/pip install -r requirements.txt`")
    if problem is None:
        return
    if os.environ.get("CI", "").strip().lower() == "true":
        pytest.fail(f"{problem}. CI=true, and CI must run the browser test, so this fails "
                    "instead of skipping.", pytrace=False)
    pytest.skip(problem)


def move_and_check(nb, panel):
    """Press an arrow key on the panel's sliders, first to last, until one changes the plot.

    A slider that only changes the maths (the training panel's learning rate) must change the
    maths; such a panel's plot must then change with its Step button.
    """
    before = nb.image_digest(panel)
    tried = []
    for slider in panel.sliders:
        if slider.disabled:
            continue
        math = nb.math_text(panel)
        press = nb.press(panel, slider)
        tried.append(f"{slider.label or slider.id} ({press.before['key']})")
        if press.changed:
            break
        if panel.math:
            nb.wait_for_math_change(panel, math)
    else:
        assert "Step" in panel.buttons, (f"{panel.name}: no slider changed its plot; tried "
                                         f"{', '.join(tried)}")
        press = nb.click(panel, "Step")
        tried.append("the Step button")
        assert press.changed, f"{panel.name}: neither its sliders nor Step changed its plot"
    after = nb.image_digest(panel)
    assert after != before, (f"{panel.name}: the image was replaced after {tried[-1]}, "
                             "but shows the same picture")
    return press


@pytest.mark.timeout(300)
def test_every_panel_renders_and_its_slider_moves_the_plot():
    require_browser()
    assert DEMO.exists(), f"the demo notebook {DEMO} is missing"
    with bs.JupyterLab([DEMO]) as lab, bs.chromium_page() as page:
        # a stock JupyterLab: the course needs no extension of its own (serverextension/ is an
        # optional install, `make server-extension`)
        extensions = lab.server_extensions()
        assert "jupyterlab" in extensions, extensions
        ours = [name for name in extensions if name.startswith("nbkernel")]
        assert not ours, (f"the browser test runs on a stock JupyterLab, but {ours} is enabled: "
                          "`.venv/bin/pip uninstall nbkernel-websocket-nodelay`")
        nb = bs.LabNotebook(page, lab, DEMO.name)
        with nb.report_failure("test_browser-failure"):
            panels = nb.open_and_run()

            names = [panel.name for panel in panels]
            missing = [name for name in PANELS if name not in names]
            assert not missing, f"panels not shown (or without slider and image): {missing}; " \
                                f"found {names}"
            for panel in panels:
                assert panel.sliders, f"{panel.name} shows no slider"
                assert "Reset" in panel.buttons, f"{panel.name} has no Reset button: " \
                                                 f"{panel.buttons}"
            assert_reset_within_reach(nb, panels)

            for panel in panels:
                nb.scroll_to(panel)
                math = nb.math_text(panel)
                move_and_check(nb, panel)
                if panel.math:                 # the live maths follows the sliders
                    nb.wait_for_math_change(panel, math)
                nb.screenshot(panel, bs.SCREENSHOTS / f"browser-{panel.name}.png")
            assert_maths_updates_add_no_styles(nb, panels)
            nb.assert_no_errors()              # callback errors land in the panels' Output


def assert_reset_within_reach(nb, panels):
    """Keyboard only: from a panel's first slider, Tab visits each control once (a slider's
    readout is no Tab stop) and reaches Reset within sliders + 2 presses."""
    counts = {}
    for panel in panels:
        nb.scroll_to(panel)
        found = counts[panel.name] = nb.tabs_to_reset(panel)
        assert found["tabs"] == found["controls"], (
            f"{panel.name}: {found['tabs']} Tab presses from the first slider to Reset, for "
            f"{found['controls']} controls: a control has an extra Tab stop (or Reset none)")
    print("Tab presses from the first slider to Reset:", counts)
    far = {name: found for name, found in counts.items()
           if found["tabs"] > found["sliders"] + 2}
    assert not far, f"Reset is more than sliders + 2 Tab presses away: {far}"


def assert_maths_updates_add_no_styles(nb, panels):
    """Moving a slider back and forth rewrites the maths: the page's CSS must not grow.

    The maths is plain HTML (no typesetting), so the page's style sheets stay as they are
    however long a learner drags.
    """
    neuron = next(panel for panel in panels if panel.name == "neuron_panel")
    slider = neuron.sliders[0]
    nb.scroll_to(neuron)
    for move, key in enumerate(("ArrowRight", "ArrowLeft") * 6):
        if move == 2:
            before = nb.css_rules()
        math = nb.math_text(neuron)
        nb.press(neuron, slider, key)
        nb.wait_for_math_change(neuron, math)
    after = nb.css_rules()
    assert after["typeset"] == 0, f"the panels' maths was typeset: {after}"
    assert (after["rules"], after["sheets"]) == (before["rules"], before["sheets"]), (
        f"10 maths updates of the neuron panel changed the page's CSS from {before} to {after}")


@pytest.mark.timeout(300)
def test_the_playground_trains_in_the_background_and_pauses(tmp_path):
    """Play trains in the kernel's background: new pictures arrive while the kernel still
    handles messages, so the Pause click reaches it and stops the pictures within a frame."""
    require_browser()
    notebook = tmp_path / "playground.ipynb"
    notebook.write_text(json.dumps(nbformat.v4.new_notebook(cells=[
        nbformat.v4.new_code_cell("from nbkernel.widgets import playground_panel\n"
                                  "playground_panel(neurons=8)")])))
    with bs.JupyterLab([notebook]) as lab, bs.chromium_page() as page:
        nb = bs.LabNotebook(page, lab, notebook.name)
        with nb.report_failure("test_browser-playground"):
            panel = nb.open_and_run()[0]
            played = nb.play_for(panel, seconds=3.0)
            assert played["frames"] >= 6, f"Play painted too few pictures: {played}"
            assert played["after_pause"] <= 2, f"pictures kept coming after Pause: {played}"
            nb.screenshot(panel, bs.SCREENSHOTS / "browser-playground-trained.png")
            nb.assert_no_errors()


# The text colour of a slider's label and readout, and the colour behind them (the first
# ancestor with an opaque background), as [r, g, b].
SLIDER_COLOURS = """el => {
  const rgb = c => (c.match(/[\\d.]+/g) || []).slice(0, 4).map(Number);
  const behind = e => {
    for (; e; e = e.parentElement) {
      const c = rgb(getComputedStyle(e).backgroundColor);
      if (c.length === 3 || (c.length === 4 && c[3] > 0.9)) return c.slice(0, 3);
    }
    return [255, 255, 255];
  };
  const part = sel => { const e = el.querySelector(sel);
                        return {text: rgb(getComputedStyle(e).color).slice(0, 3),
                                back: behind(e)}; };
  return {label: part('%s'), readout: part('%s')};
}""" % (bs.SLIDER_LABEL, bs.SLIDER_READOUT)


def contrast(a, b):
    """WCAG contrast ratio of two sRGB colours [r, g, b] (0-255)."""
    def luminance(rgb):
        c = [v / 255 for v in rgb]
        c = [v / 12.92 if v <= 0.04045 else ((v + 0.055) / 1.055) ** 2.4 for v in c]
        return 0.2126 * c[0] + 0.7152 * c[1] + 0.0722 * c[2]
    high, low = sorted((luminance(a), luminance(b)), reverse=True)
    return (high + 0.05) / (low + 0.05)


@pytest.mark.timeout(300)
def test_the_sliders_are_legible_in_jupyterlab_dark():
    """JupyterLab Dark: every slider's label and readout has WCAG AA contrast (4.5:1) against
    what is behind it. Screenshot: build/screenshots/browser-dark-neuron_panel.png."""
    require_browser()
    with bs.JupyterLab([DEMO], settings=bs.DARK_THEME) as lab, bs.chromium_page() as page:
        nb = bs.LabNotebook(page, lab, DEMO.name)
        with nb.report_failure("test_browser-dark-failure"):
            panels = nb.open_and_run()
            assert page.evaluate("() => document.body.dataset.jpThemeLight") == "false", \
                "JupyterLab Dark is not on"
            low = []
            for element in page.locator(bs.SLIDER).all():
                colours = element.evaluate(SLIDER_COLOURS)
                for part, c in colours.items():
                    if contrast(c["text"], c["back"]) < 4.5:
                        low.append((part, c))
            assert not low, f"slider text below 4.5:1 contrast in JupyterLab Dark: {low[:4]}"
            neuron = next(panel for panel in panels if panel.name == "neuron_panel")
            nb.scroll_to(neuron)
            nb.press(neuron, neuron.sliders[0])          # focused: the outline shows
            nb.screenshot(neuron, bs.SCREENSHOTS / "browser-dark-neuron_panel.png")


@pytest.mark.parametrize("ci, outcome", [("", pytest.skip.Exception),
                                         ("true", pytest.fail.Exception)])
def test_without_chromium_it_skips_but_fails_in_ci(monkeypatch, ci, outcome):
    monkeypatch.setattr(bs, "find_chromium", lambda: None)
    monkeypatch.setenv("CI", ci)
    with pytest.raises(outcome, match="sudo apt-get install chromium"):
        require_browser()
