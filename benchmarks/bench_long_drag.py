"""Does a panel get slower the longer a learner drags? Key to pixels after 10 and 1,000 moves.

Opens ``tests/notebooks/panels_demo.ipynb`` in a private JupyterLab (its own settings, as
learners have them) in Debian's headless Chromium, runs it, and presses an arrow key on one
slider of one panel ``--moves`` times, each press waiting for the new picture (so the panel's
maths is rewritten every time). It reports, for the first ``--window`` measured presses (moves
1 to 10 by default) and the last (moves 991 to 1,000), the median and 95th percentile of key to
pixels (as ``bench_browser.py`` times it), and the page's CSS rule count and number of elements
after each window.
Equal figures mean the page does not grow with use.

Run from the repository root::

    .venv/bin/python benchmarks/bench_long_drag.py [--panel network_panel] [--moves 1000]
"""

import argparse
import statistics
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "tests"))
import browser_support as bs  # noqa: E402

DEMO = REPO / "tests" / "notebooks" / "panels_demo.ipynb"


def summary(latencies):
    """Median and 95th percentile (ms) of a list of latencies."""
    ordered = sorted(latencies)
    return statistics.median(ordered), ordered[min(len(ordered) - 1, round(0.95 * len(ordered)))]


def page_size(nb):
    """The page's CSS rules and style sheets (``css_rules``) and its number of elements."""
    return dict(nb.css_rules(), elements=nb.eval("() => document.getElementsByTagName('*').length"))


def measured(nb, panel, slider, count):
    """``count`` presses, each from a settled page (150 ms of quiet): their key-to-pixels."""
    latencies = []
    for _ in range(count):
        press = nb.press(panel, slider)
        if press.latency is None:
            raise RuntimeError(f"a press on {slider.label} changed no image")
        latencies.append(press.latency)
    return latencies


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--panel", default="network_panel", help="default: network_panel")
    parser.add_argument("--moves", type=int, default=1000, help="moves in all (default 1000)")
    parser.add_argument("--window", type=int, default=10,
                        help="presses measured at the start and at the end (default 10)")
    args = parser.parse_args()
    with bs.JupyterLab([DEMO], windowing_mode=None) as lab, bs.chromium_page() as page:
        nb = bs.LabNotebook(page, lab, DEMO.name)
        panels = nb.open_and_run()
        panel = next(p for p in panels if p.name == args.panel)
        slider = next(s for s in panel.sliders if not s.disabled)
        nb.scroll_to(panel)
        print(f"{args.panel}, slider {slider.label}; extensions: {lab.server_extensions()}")
        start = measured(nb, panel, slider, args.window)
        start_css = page_size(nb)
        began = time.monotonic()
        for _ in range(args.moves - 2 * args.window):  # the drag: each move fully shown
            nb.press(panel, slider, quiet_ms=0)
        end = measured(nb, panel, slider, args.window)
        end_css = page_size(nb)
        nb.assert_no_errors()
        print(f"{args.moves - 2 * args.window} moves in between took "
              f"{time.monotonic() - began:.0f} s")
        for label, latencies, css in ((f"moves 1-{args.window}", start, start_css),
                                      (f"moves {args.moves - args.window + 1}-{args.moves}",
                                       end, end_css)):
            median, p95 = summary(latencies)
            print(f"{label:>14}: key to pixels median {median:5.1f} ms, p95 {p95:5.1f} ms; "
                  f"CSS rules {css['rules']} in {css['sheets']} sheets; elements "
                  f"{css['elements']}; typeset maths {css['typeset']}")


if __name__ == "__main__":
    main()
