"""The playground panel's speed: epochs per frame and frames per second, in the kernel and in a
real browser, for a 2-8-8-1 network on 500 points (the circles, half of them for training).

In the kernel, one frame is: train ``epochs_per_frame`` (20) epochs, then draw and encode the
picture; both parts are timed, for batch sizes 10, 25 and all. In the browser (a private
JupyterLab and headless Chromium, as the browser test), Play runs for ``--seconds`` and the new
pictures painted are counted; then Pause, and the pictures that still arrive are counted.

Run from the repository root::

    .venv/bin/python benchmarks/bench_playground.py            # about a minute
    .venv/bin/python benchmarks/bench_playground.py --no-browser

This is a script, not a test: it prints a table and exits 0.
"""

import argparse
import json
import statistics
import sys
import tempfile
import time
from pathlib import Path

import nbformat

from nbkernel.widgets import playground_panel

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "tests"))


def in_kernel(frames):
    """Median ms per frame of training and of drawing, per batch size."""
    rows = []
    for batch_size in (10, 25, "all"):
        panel = playground_panel(neurons=8, batch_size=batch_size)
        train, draw = [], []
        original = panel._redraw
        for _ in range(frames):
            start = time.perf_counter()
            panel._redraw = lambda: None  # time the training alone first
            panel.train_frame()
            middle = time.perf_counter()
            original()
            end = time.perf_counter()
            train.append((middle - start) * 1000)
            draw.append((end - middle) * 1000)
        panel._redraw = original
        total = statistics.median(t + d for t, d in zip(train, draw))
        rows.append((batch_size, statistics.median(train), statistics.median(draw), total,
                     len(panel.view.png()) / 1024))
    return rows


def in_browser(seconds, batch_size):
    import browser_support as bs

    with tempfile.TemporaryDirectory() as folder:
        notebook = Path(folder) / "playground.ipynb"
        notebook.write_text(json.dumps(nbformat.v4.new_notebook(cells=[
            nbformat.v4.new_code_cell("from nbkernel.widgets import playground_panel\n"
                                      f"playground_panel(neurons=8, batch_size={batch_size!r})")
        ])))
        with bs.JupyterLab([notebook]) as lab, bs.chromium_page() as page:
            nb = bs.LabNotebook(page, lab, notebook.name)
            panel = nb.open_and_run()[0]
            return nb.play_for(panel, seconds)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--frames", type=int, default=15, help="frames timed in the kernel")
    parser.add_argument("--seconds", type=float, default=10.0, help="seconds of Play in Chromium")
    parser.add_argument("--no-browser", dest="browser", action="store_false")
    args = parser.parse_args()
    print("In the kernel: 2-8-8-1 network, 500 circles points (250 to train), 20 epochs a frame")
    print(f"{'batch size':>10} {'train ms':>9} {'draw ms':>8} {'frame ms':>9} {'fps':>5} {'PNG KiB':>8}")
    for batch, train, draw, total, size in in_kernel(args.frames):
        print(f"{batch!s:>10} {train:9.1f} {draw:8.1f} {total:9.1f} {1000 / total:5.1f} "
              f"{size:8.0f}")
    if args.browser:
        print(f"\nIn Chromium, Play for {args.seconds:g} s (20 epochs a frame):")
        for batch in (10, 25, "all"):
            r = in_browser(args.seconds, batch)
            print(f"  batch size {batch!s:>3}: {r['frames']} pictures in {r['seconds']:.1f} s = "
                  f"{r['fps']:.1f} frames/s = {20 * r['fps']:.0f} epochs/s; "
                  f"{r['after_pause']} picture(s) after Pause")


if __name__ == "__main__":
    main()
