"""Browser benchmark: key to pixels for every slider panel, beside naive and no-render baselines.

What it measures
----------------
For every notebook with panels (``notebooks/*.ipynb`` that call a ``*_panel(``; until those exist,
the demo notebook ``tests/notebooks/panels_demo.ipynb``) it starts a private JupyterLab, opens the
notebook in Debian's headless Chromium (Playwright; a browser is never downloaded), runs all cells
and presses arrow keys on every slider of every panel (and clicks Step where there is one),
waiting after each press for the new image. *Key to pixels* is the time from the keydown to the
moment the panel's last changed image has been decoded and painted, both read from
``performance.now()`` in the page. Each press starts from a settled page: the previous press's
images painted and ``SETTLE_MS`` (400 ms, ``--settle-ms``) of quiet, and 150 ms after scrolling a
panel into view (JupyterLab lays out the cells that come into view during the next frames; a
press meanwhile times that). The shorter the quiet, the more presses on a stock Jupyter Server
wait 40 ms for a delayed TCP acknowledgement (about one in six at 150 ms, one in sixty at 400 ms;
``benchmarks/README.md``, "The p95 tail"); the held-key bursts below measure presses that come
quickly.

JupyterLab runs with its own settings, as learners have them (in 4.6 the notebook's
``windowingMode`` is "contentVisibility": the browser skips drawing the cells out of view);
``--windowing none`` measures the heavier page the browser tests use, with every cell drawn.
The server loads whatever extensions this environment has, as ``make lab`` does; the course's
optional server extension sends kernel messages without Nagle's delay (``serverextension/``,
``make setup SERVER_EXTENSION=1``; the report's ``env.websocket_nodelay`` says whether it was
installed).

The baselines are measured in the same notebook, kernel and page, interleaved with the panels in
rounds of 10 presses, so a shared machine's load changes hit all of them alike. The benchmark
appends to a temporary copy of each notebook the cells of

- ``benchmarks/baselines.ipynb``: the **floor** (a slider swaps PNGs rendered in advance, one per
  value, in an ``ipywidgets.Image``: the browser -> kernel -> browser round trip with no rendering) and a
  **naive** ``ipywidgets.interact`` that re-creates a small pyplot figure on every change;
- ``benchmarks/naive_panels.ipynb``: for each panel kind in the notebook, the **naive version of
  the same plots** (``interact`` + pyplot), moved with its first slider (the training one with
  Step).

Plus **bursts** per panel: 20 key presses on the first slider that moves a plot, sent back to
back (as fast as Playwright sends them, about 4 ms apart: a stress test) and one every 33 ms (a
held arrow key's repeat rate; the report gives the spacing measured in the page); time from the
last key until the image settles, checked to show the last value (its picture equals the one
drawn when the slider is stepped away and back), compared with one step's median. One burst is a
single noisy sample (the last key may land just after a message left, or just before; one
slider's bursts ranged from 83 to 392 ms), so each gets ``--bursts`` of them (default 9) and the
median counts. The floor's slider gets the same bursts: what the browser and the round trip cost
with no rendering at all.

Goals (issue 3): per panel, median <= 1.5 x floor, p95 <= 2 x floor, naive / panel >= 2.5, and
the bursts settle (median) within 2 x one step's median after the last key.

Run::

    .venv/bin/python benchmarks/bench_browser.py                  # 40 presses per slider
    .venv/bin/python benchmarks/bench_browser.py --presses 80 notebooks/02-the-neuron.ipynb
    .venv/bin/python benchmarks/bench_browser.py --quick          # 10 presses: a smoke run

Results: a table on stdout, ``benchmarks/results/bench_browser-<time>.json`` (and
``latest.json``), and a screenshot of each panel after its sliders moved in ``build/screenshots``.
"""

from __future__ import annotations

import argparse
import datetime as dt
import importlib.util
import json
import math
import os
import platform
import re
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "tests"))
sys.path.insert(0, str(REPO / "tools"))
import browser_support as bs  # noqa: E402
from navigation import course_notebooks  # noqa: E402

BASELINES = REPO / "benchmarks" / "baselines.ipynb"
NAIVE_PANELS = REPO / "benchmarks" / "naive_panels.ipynb"
DEMO = REPO / "tests" / "notebooks" / "panels_demo.ipynb"
RESULTS = REPO / "benchmarks" / "results"

CHUNK = 10  # presses per control per round
GOAL_MEDIAN_X_FLOOR = 1.5
GOAL_P95_X_FLOOR = 2.0
GOAL_NAIVE_OVER_PANEL = 2.5
GOAL_BURST_X_STEP = 2.0
HELD_KEY_MS = 33  # a held arrow key repeats about 30 times a second
# The quiet after each press before the next. On a stock Jupyter Server, presses closer together
# more often wait 40 ms for a delayed TCP acknowledgement (about one in six at 150 ms, one in
# sixty at 400 ms; benchmarks/README.md, "The p95 tail").
SETTLE_MS = 400
STAGES = ("busy", "idle", "mutation", "paint")


# --------------------------------------------------------------------------------------------
# Numbers
# --------------------------------------------------------------------------------------------

def summary(values) -> dict:
    """n, median, p95, mean, min, max of latencies in ms (None when empty)."""
    values = [v for v in values if v is not None]
    if not values:
        return {"n": 0, "median": None, "p95": None, "mean": None, "min": None, "max": None}
    a = np.asarray(values, dtype=float)
    return {"n": int(a.size), "median": float(np.median(a)), "p95": float(np.percentile(a, 95)),
            "mean": float(a.mean()), "min": float(a.min()), "max": float(a.max())}


def breakdown(parts) -> dict:
    """Median ms from the key to each stage: kernel busy, kernel idle, image src, painted."""
    out = {}
    for stage in STAGES:
        values = [p[stage] for p in parts if p.get(stage) is not None]
        out[stage] = float(np.median(values)) if values else None
    return out


def ratio(a, b):
    return None if a is None or b in (None, 0) else a / b


def fmt(value, digits=1):
    return "-" if value is None else f"{value:.{digits}f}"


# --------------------------------------------------------------------------------------------
# Controls: a slider (arrow keys) or a button (clicks), with their timings
# --------------------------------------------------------------------------------------------

class Control:
    """One thing the benchmark presses, and everything measured on it."""

    def __init__(self, nb: bs.LabNotebook, panel: bs.Panel, slider: bs.Slider | None = None,
                 button: str | None = None, settle_ms: float = SETTLE_MS):
        self.nb, self.panel, self.slider, self.button = nb, panel, slider, button
        self.settle_ms = settle_ms
        self.label = slider.label or slider.id if slider else f"{button} (click)"
        self.key = None
        self.latencies, self.first, self.parts, self.unchanged = [], [], [], 0

    @property
    def dead(self) -> bool:
        """Pressed a whole round and never changed an image (e.g. the learning rate)."""
        return not self.latencies and self.unchanged >= CHUNK

    def act(self) -> bs.Press:
        if self.button:
            return self.nb.click(self.panel, self.button, quiet_ms=self.settle_ms)
        pos = self.nb.position(self.slider)         # sweep, turning back at the ends
        if self.key is None:
            self.key = bs.direction(pos)
        if self.key == "ArrowRight" and pos["now"] >= pos["max"]:
            self.key = "ArrowLeft"
        elif self.key == "ArrowLeft" and pos["now"] <= pos["min"]:
            self.key = "ArrowRight"
        return self.nb.press(self.panel, self.slider, self.key, quiet_ms=self.settle_ms)

    def run(self, count: int) -> None:
        for _ in range(count):
            press = self.act()
            if press.changed:
                self.latencies.append(press.latency)
                self.first.append(press.first_latency)
                self.parts.append(press.breakdown())
            else:
                self.unchanged += 1

    def result(self) -> dict:
        return {"control": self.label, **summary(self.latencies),
                "first_image": summary(self.first)["median"], "unchanged": self.unchanged,
                "breakdown": breakdown(self.parts), "parts": self.parts,
                "latencies": [round(v, 1) for v in self.latencies]}


def pooled(controls) -> dict:
    values = [v for c in controls for v in c.latencies]
    return {**summary(values), "breakdown": breakdown([p for c in controls for p in c.parts])}


def burst(nb: bs.LabNotebook, panel: bs.Panel, slider: bs.Slider, count: int,
          interval_ms: float = 0, settle_ms: float = SETTLE_MS) -> dict:
    """``count`` presses, ``interval_ms`` apart (0: back to back); when does the image settle,
    and on which value?"""
    pos = nb.position(slider)
    key = bs.direction(pos)
    press = nb.press(panel, slider, key, count=count, interval_ms=interval_ms,
                     quiet_ms=settle_ms)
    end = nb.position(slider)
    shown = nb.image_digest(panel)
    # Step away and back: the picture of the final value, drawn on its own.
    back = "ArrowLeft" if key == "ArrowRight" else "ArrowRight"
    nb.press(panel, slider, back, quiet_ms=settle_ms)
    nb.press(panel, slider, key, quiet_ms=settle_ms)
    again = nb.image_digest(panel)
    keys = press.keys
    return {"slider": slider.label or slider.id, "presses": len(keys),
            "from": pos["now"], "to": end["now"],
            "keys_span": keys[-1] - keys[0] if keys else None,
            "images": len(press.paints),
            "first_key_to_final": press.latency, "last_key_to_final": press.from_last_key,
            "shows_last_value": shown == again}


def bursts(nb: bs.LabNotebook, panel: bs.Panel, slider: bs.Slider, count: int,
           repeats: int, interval_ms: float = 0, settle_ms: float = SETTLE_MS) -> dict:
    """``repeats`` bursts of ``count`` presses; medians of their timings, and each run."""
    runs = [burst(nb, panel, slider, count, interval_ms, settle_ms) for _ in range(repeats)]

    def median_of(key):
        values = [r[key] for r in runs if r[key] is not None]
        return float(np.median(values)) if values else None
    return {"slider": runs[0]["slider"], "presses": count, "interval_ms": interval_ms,
            "bursts": len(runs),
            "keys_span": median_of("keys_span"), "images": median_of("images"),
            "first_key_to_final": median_of("first_key_to_final"),
            "last_key_to_final": median_of("last_key_to_final"),
            "last_key_to_final_max": max((r["last_key_to_final"] for r in runs
                                          if r["last_key_to_final"] is not None), default=None),
            "shows_last_value": all(r["shows_last_value"] for r in runs), "runs": runs}


# --------------------------------------------------------------------------------------------
# Notebooks
# --------------------------------------------------------------------------------------------

def panel_calls(notebook: dict) -> set[str]:
    """Names of the ``*_panel(`` functions a notebook's code calls."""
    source = "\n".join("".join(c.get("source", "")) for c in notebook.get("cells", [])
                       if c.get("cell_type") == "code")
    return set(re.findall(r"\b(\w+_panel)\s*\(", source))


def notebooks_with_panels() -> list[Path]:
    """Course notebooks whose code calls a ``*_panel(``; else the demo notebook."""
    found = [path for path in course_notebooks(REPO / "notebooks")
             if panel_calls(json.loads(path.read_text(encoding="utf-8")))]
    return found or [DEMO]


def with_baselines(path: Path) -> dict:
    """The notebook with the baseline cells appended: floor, naive, and the naive version of
    each kind of panel it shows."""
    notebook = json.loads(path.read_text(encoding="utf-8"))
    kinds = panel_calls(notebook)
    code = [c for c in json.loads(BASELINES.read_text(encoding="utf-8"))["cells"]
            if c["cell_type"] == "code"]
    for cell in json.loads(NAIVE_PANELS.read_text(encoding="utf-8"))["cells"]:
        if cell["cell_type"] != "code":
            continue
        source = "".join(cell["source"])
        marked = re.search(r"#\s*bench:\s*naive\s+(\w+)", source)
        if marked is None or marked.group(1) in kinds:
            code.append(cell)                         # the setup cell, and the matching ones
    note = {"cell_type": "markdown", "metadata": {}, "id": "bench-baselines",
            "source": ["## Baselines (appended by benchmarks/bench_browser.py)"]}
    notebook["cells"] = notebook["cells"] + [note] + [
        dict(cell, id=f"bench-{i}", outputs=[], execution_count=None)
        for i, cell in enumerate(code)]
    return notebook


def environment() -> dict:
    def version(cmd):
        try:
            return subprocess.run(cmd, capture_output=True, text=True, timeout=20).stdout.strip()
        except (OSError, subprocess.SubprocessError):
            return None
    import ipywidgets
    import jupyterlab
    import matplotlib
    return {"time": dt.datetime.now().isoformat(timespec="seconds"),
            "python": platform.python_version(), "cpus": os.cpu_count(),
            "loadavg_start": list(os.getloadavg()) if hasattr(os, "getloadavg") else None,
            "chromium": version([bs.find_chromium() or "chromium", "--version"]),
            "jupyterlab": jupyterlab.__version__, "ipywidgets": ipywidgets.__version__,
            "matplotlib": matplotlib.__version__,
            # the course's server extension: kernel WebSockets without Nagle's delay
            "websocket_nodelay": importlib.util.find_spec("nbkernel_websocket_nodelay") is not None}


# --------------------------------------------------------------------------------------------
# One notebook
# --------------------------------------------------------------------------------------------

BASELINE_CELLS = r"/#\s*bench:/.test(c.model.sharedModel.getSource())"


def find_panels(nb: bs.LabNotebook) -> list[bs.Panel]:
    """The notebook's panels, every appended baseline cell among them.

    With content-visibility the browser may not have drawn the widgets of the cells out of
    view yet, so each baseline cell still missing is brought into view and the search repeated.
    """
    expected = nb.eval(f"() => window.__nbk.panel.content.widgets.filter(c => {BASELINE_CELLS})"
                       ".length")
    for _ in range(3):
        found = nb.panels()
        cells = {p.cell for p in found if re.search(r"#\s*bench:", p.source)}
        if len(cells) >= expected:
            return found
        baseline = nb.eval(f"""() => window.__nbk.panel.content.widgets
            .map((c, i) => ({BASELINE_CELLS}) ? i : -1).filter(i => i >= 0)""")
        for index in baseline:
            if index not in cells:
                nb.eval("i => window.__nbk.panel.content.widgets[i].node.scrollIntoView()",
                        index)
                nb.next_frame()
        nb.page.wait_for_timeout(500)
    raise RuntimeError(f"{nb.name}: the appended baseline cells did not render "
                       f"({len(cells)} of {expected})")


# --------------------------------------------------------------------------------------------

def measure_notebook(context, lab, name: str, args, index: int, log) -> dict:
    """Open and run one notebook, then measure its panels and baselines in rounds."""
    page = context.new_page()
    page.set_default_timeout(60_000)
    try:
        nb = bs.LabNotebook(page, lab, name, workspace=f"bench{index}")
        nb.open()
        nb.run_all()
        errors = nb.errors()
        if errors:
            raise RuntimeError(f"{name} shows errors after Run All:\n" + "\n".join(errors))
        found = find_panels(nb)
        by_name = {p.name: p for p in found}
        floor_panel, naive_panel = by_name.get("floor"), by_name.get("naive")
        panels = [p for p in found if p.name not in ("floor", "naive")
                  and not p.name.startswith("naive ")]

        def controls_of(panel, first_only=False):
            sliders = [s for s in panel.sliders if not s.disabled]
            controls = [Control(nb, panel, s, settle_ms=args.settle_ms)
                        for s in (sliders[:1] if first_only else sliders)]
            if "Step" in panel.buttons:               # the training panel: Step moves the plots
                controls.append(Control(nb, panel, button="Step", settle_ms=args.settle_ms))
            return controls

        floor = controls_of(floor_panel, True)
        naive = controls_of(naive_panel, True)
        plan = [(p, controls_of(p), by_name.get(f"naive {p.name}")) for p in panels]
        plan = [(p, controls, controls_of(same, True) if same else [])
                for p, controls, same in plan]

        # One unrecorded press of everything first: the first press after Run All pays for
        # one-off work (imports, caches, the browser's first decode) that is not interaction.
        for control in floor + naive + [c for _, cs, same in plan for c in cs + same]:
            nb.scroll_to(control.panel)
            control.act()
        rounds = max(1, math.ceil(args.presses / CHUNK))
        floor_chunk = max(1, round(args.floor_presses / rounds))
        naive_chunk = max(1, round(args.naive_presses / rounds))
        for r in range(rounds):
            t = time.monotonic()
            nb.scroll_to(floor_panel)
            floor[0].run(floor_chunk)
            nb.scroll_to(naive_panel)
            naive[0].run(naive_chunk)
            for panel, controls, same in plan:
                nb.scroll_to(panel)
                for control in controls:
                    if not control.dead:
                        control.run(CHUNK)
                if same:
                    nb.scroll_to(same[0].panel)
                    for control in same:
                        if not control.dead:
                            control.run(CHUNK)
            log(f"  round {r + 1}/{rounds}: {time.monotonic() - t:.0f} s")

        records = []
        for panel, controls, same in plan:
            nb.scroll_to(panel)
            record = {"notebook": name, "cell": panel.cell, "name": panel.name,
                      "images": panel.images, **pooled(controls),
                      "controls": [c.result() for c in controls],
                      "naive_same": pooled(same) if same else None}
            moving = [c.slider for c in controls if c.slider and c.latencies]
            if moving:                                # on the first slider that moves a plot
                record.update(all_bursts(nb, panel, moving[0], args))
            if args.screenshots:
                stem = Path(name).stem
                shot = bs.SCREENSHOTS / f"bench-{stem}-{panel.cell:02d}-{panel.name}.png"
                record["screenshot"] = str(nb.screenshot(panel, shot).relative_to(REPO))
            records.append(record)
        nb.scroll_to(floor_panel)                     # the same bursts with no rendering
        floor_bursts = all_bursts(nb, floor_panel, floor[0].slider, args)
        errors = nb.errors()
        return {"notebook": name,
                "floor": {**pooled(floor), **floor[0].result(), **floor_bursts},
                "naive": {**pooled(naive), **naive[0].result()}, "panels": records,
                "css_rules": nb.css_rules(), "errors": errors}
    finally:
        page.close()
        lab.shutdown_kernels()


def all_bursts(nb: bs.LabNotebook, panel: bs.Panel, slider: bs.Slider, args) -> dict:
    """The bursts of one slider: back to back (``burst``) and as a held key (``burst_held``)."""
    return {"burst": bursts(nb, panel, slider, args.burst, args.bursts,
                            settle_ms=args.settle_ms),
            "burst_held": bursts(nb, panel, slider, args.burst, args.bursts,
                                 interval_ms=HELD_KEY_MS, settle_ms=args.settle_ms)}


# --------------------------------------------------------------------------------------------
# Report
# --------------------------------------------------------------------------------------------

def goals_of(record: dict, floor: dict) -> dict:
    """The panel's ratios to its notebook's floor and naive baselines, and the goals met."""
    same = record.get("naive_same") or {}
    x_floor = ratio(record["median"], floor["median"])
    p95_floor = ratio(record["p95"], floor["median"])
    speedup = ratio(same.get("median"), record["median"])
    goals = {"median_x_floor": x_floor, "p95_x_floor": p95_floor,
             "naive_median": same.get("median"), "naive_over_panel": speedup,
             "median_ok": x_floor is not None and x_floor <= GOAL_MEDIAN_X_FLOOR,
             "p95_ok": p95_floor is not None and p95_floor <= GOAL_P95_X_FLOOR,
             "naive_ok": speedup is not None and speedup >= GOAL_NAIVE_OVER_PANEL}
    for kind, prefix in (("burst", "burst"), ("burst_held", "held")):
        b = record.get(kind)
        x_step = burst_x_step(b, record)
        goals[f"{prefix}_x_step"] = x_step
        goals[f"{prefix}_ok"] = (x_step is not None and x_step <= GOAL_BURST_X_STEP
                                 and b["shows_last_value"]) if b else None
    return goals


def burst_x_step(b: dict | None, record: dict):
    """A burst's median last key -> final image, in steps (the record's median latency)."""
    return ratio(b["last_key_to_final"], record["median"]) if b else None


def report(result: dict) -> str:
    lines = []
    add = lines.append
    env = result["env"]
    load = ", ".join(f"{x:.1f}" for x in env.get("loadavg_start") or [])
    add("")
    add(f"Key to pixels in JupyterLab {env['jupyterlab']}, {env['chromium']}, "
        f"{env['cpus']} CPUs (load average {load} at start).")
    settle = result["args"].get("settle_ms", SETTLE_MS)
    add("ms from keydown (mousedown for Step) to the last changed image painted, each press after")
    add(f"{settle:.0f} ms of quiet; the Jupyter Server extension that turns Nagle's algorithm off is "
        f"{'installed' if env.get('websocket_nodelay') else 'not installed'}.")
    add("Each panel is compared with the floor and naive baselines measured in the same notebook,")
    add("interleaved.")
    add("")
    add(f"{'':40} {'n':>4} {'median':>7} {'p95':>7} {'floor':>6} {'x floor':>7} "
        f"{'p95/fl':>6} {'naive':>6} {'naive/':>7}  goals")
    add(f"{'':40} {'':>4} {'':>7} {'':>7} {'':>6} {'':>7} {'':>6} {'same':>6} {'panel':>7}")
    for nbr in result["notebooks"]:
        if nbr.get("error"):
            add(f"{nbr['notebook']}: NOT MEASURED: {nbr['error'][:300]}")
            continue
        floor, naive = nbr["floor"], nbr["naive"]
        add(f"{nbr['notebook']}")
        add(f"  {'floor (swap pre-rendered PNGs)':38} {floor['n']:>4} "
            f"{fmt(floor['median']):>7} {fmt(floor['p95']):>7}")
        add(f"  {'naive interact, small pyplot figure':38} {naive['n']:>4} "
            f"{fmt(naive['median']):>7} {fmt(naive['p95']):>7} {'':>6} "
            f"{fmt(ratio(naive['median'], floor['median']), 2):>7}")
        for record in nbr["panels"]:
            g = record["goals"] = goals_of(record, floor)
            marks = " ".join(f"{k}{'✓' if g[k + '_ok'] else '✗'}"
                             for k in ("median", "p95", "naive", "burst", "held")
                             if g[k + "_ok"] is not None)
            add(f"  {(record['name'] + ' (cell ' + str(record['cell']) + ')')[:38]:38} "
                f"{record['n']:>4} {fmt(record['median']):>7} {fmt(record['p95']):>7} "
                f"{fmt(floor['median']):>6} {fmt(g['median_x_floor'], 2):>7} "
                f"{fmt(g['p95_x_floor'], 2):>6} {fmt(g['naive_median']):>6} "
                f"{fmt(g['naive_over_panel'], 2):>7}  {marks}")
            for c in record["controls"]:
                extra = (f"  ({c['unchanged']} presses changed no image)"
                         if c["unchanged"] else "")
                add(f"      {c['control'][:34]:34} {c['n']:>4} {fmt(c['median']):>7} "
                    f"{fmt(c['p95']):>7} {'':>6} "
                    f"{fmt(ratio(c['median'], floor['median']), 2):>7}{extra}")
        css = nbr.get("css_rules") or {}
        if css.get("rules"):
            add(f"  The page's CSS rules after the presses: {css['rules']} "
                f"(in {css['sheets']} style sheets)")
        if nbr.get("errors"):
            add(f"  ERRORS after the presses: {nbr['errors']}")
    add("")
    add("Where the time goes (medians, ms from the key): kernel busy, kernel idle (the slider")
    add("handler returned), last image src replaced, painted.")
    add(f"{'':40} {'busy':>6} {'idle':>6} {'src':>6} {'paint':>6}")
    for nbr in result["notebooks"]:
        if nbr.get("error"):
            continue
        rows = [("floor", nbr["floor"]["breakdown"]),
                ("naive interact", nbr["naive"]["breakdown"])]
        for record in nbr["panels"]:
            rows.append((record["name"], record["breakdown"]))
            if record.get("naive_same"):
                rows.append((f"  naive {record['name']}", record["naive_same"]["breakdown"]))
        add(nbr["notebook"])
        for label, b in rows:
            add(f"  {label[:38]:38} {fmt(b.get('busy')):>6} {fmt(b.get('idle')):>6} "
                f"{fmt(b.get('mutation')):>6} {fmt(b.get('paint')):>6}")
    add("")
    add(f"Bursts of {result['args']['burst']} presses on the first slider that moves a plot: "
        f"back to back (as fast as Playwright")
    add(f"sends them) and one every {HELD_KEY_MS} ms (a held key); ms from the last key to the "
        f"final image, median of")
    add("the bursts (slowest), and in steps (the control's median). The floor gets the same "
        "bursts.")
    spacing = [r["burst_held"]["keys_span"] / (r["burst_held"]["presses"] - 1)
               for nbr in result["notebooks"] if not nbr.get("error")
               for r in [nbr["floor"], *nbr["panels"]]
               if r.get("burst_held") and r["burst_held"]["keys_span"] is not None]
    if spacing:
        add(f"Held-key presses came {min(spacing):.1f}-{max(spacing):.1f} ms apart, key to key "
            f"(medians per slider).")
    add(f"{'':40} {'step':>6} {'back to back':>14} {'x step':>6} {'held key':>14} "
        f"{'x step':>6}  last value shown")

    def burst_row(title, record):
        cells, shown = [], []
        for kind in ("burst", "burst_held"):
            b = record[kind]
            cells.append(f"{fmt(b['last_key_to_final']):>6} ({fmt(b['last_key_to_final_max']):>5}) "
                         f"{fmt(burst_x_step(b, record), 2):>6}")
            shown.append(b["shows_last_value"])
        add(f"{title[:40]:40} {fmt(record['median']):>6} {cells[0]} {cells[1]}  "
            f"{'yes, every time' if all(shown) else 'NO'}")

    for nbr in result["notebooks"]:
        if nbr.get("error"):
            continue
        stem = Path(nbr["notebook"]).stem[:12]
        if nbr["floor"].get("burst"):
            burst_row(f"floor ({stem})", nbr["floor"])
        for record in nbr["panels"]:
            if record.get("burst"):
                burst_row(f"{record['name']} ({stem})", record)
    o = result["overall"]
    add("")
    add(f"Over all notebooks: floor median {fmt(o['floor']['median'])} ms "
        f"(p95 {fmt(o['floor']['p95'])}), naive interact median {fmt(o['naive']['median'])} ms "
        f"(p95 {fmt(o['naive']['p95'])}), panels median {fmt(o['panels']['median'])} ms "
        f"(p95 {fmt(o['panels']['p95'])}).")
    add(f"Goals: median <= {GOAL_MEDIAN_X_FLOOR} x floor, p95 <= {GOAL_P95_X_FLOOR} x floor, "
        f"naive same / panel >= {GOAL_NAIVE_OVER_PANEL}, burst: last key -> final <= "
        f"{GOAL_BURST_X_STEP} x step median, showing the last value.")
    return "\n".join(lines)


# --------------------------------------------------------------------------------------------

def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("notebooks", nargs="*", type=Path,
                        help="notebooks to measure (default: notebooks/*.ipynb with panels, "
                             "else the demo notebook)")
    parser.add_argument("--presses", type=int, default=40,
                        help="presses per slider, and per naive version (default 40)")
    parser.add_argument("--floor-presses", type=int, default=40,
                        help="presses of the floor slider per notebook (default 40)")
    parser.add_argument("--naive-presses", type=int, default=20,
                        help="presses of the naive interact slider per notebook (default 20)")
    parser.add_argument("--burst", type=int, default=20, help="presses in a burst (default 20)")
    parser.add_argument("--bursts", type=int, default=9,
                        help="bursts per panel; their median counts (default 9)")
    parser.add_argument("--windowing", default=None, metavar="MODE",
                        help="JupyterLab's notebook windowingMode (default: JupyterLab's own, "
                             "as learners have it; the tests use 'none')")
    parser.add_argument("--settle-ms", type=float, default=SETTLE_MS,
                        help=f"quiet after each press before the next (default {SETTLE_MS})")
    parser.add_argument("--quick", action="store_true", help="10 presses of everything")
    parser.add_argument("--no-screenshots", dest="screenshots", action="store_false")
    args = parser.parse_args(argv)
    if args.quick:
        args.presses = args.floor_presses = args.naive_presses = CHUNK
    notebooks = [p.resolve() for p in args.notebooks] or notebooks_with_panels()
    missing = [p for p in notebooks if not p.exists()]
    if missing:
        parser.error(f"no such notebook: {', '.join(map(str, missing))}")
    if len({p.name for p in notebooks}) != len(notebooks):
        parser.error("notebook file names must be unique")
    if bs.find_chromium() is None:
        parser.error("Chromium not found: " + bs.INSTALL_HINT)

    def log(message):
        print(message, flush=True)

    result = {"env": environment(),
              "args": {k: v for k, v in vars(args).items() if k != "notebooks"},
              "notebooks": []}
    started = time.monotonic()
    log(f"Measuring {len(notebooks)} notebook(s), {args.presses} presses per slider.")
    with tempfile.TemporaryDirectory(prefix="nbkernel-bench-") as tmp:
        copies = []
        for path in notebooks:                       # the notebook + the baseline cells
            copy = Path(tmp) / path.name
            copy.write_text(json.dumps(with_baselines(path)), encoding="utf-8")
            copies.append(copy)
        with bs.JupyterLab(copies, windowing_mode=args.windowing) as lab, \
                bs.chromium_page() as page:
            for index, copy in enumerate(copies):
                log(f"{copy.name}:")
                t = time.monotonic()
                try:
                    nbr = measure_notebook(page.context, lab, copy.name, args, index, log)
                except Exception as error:           # report it, go on with the others
                    log(f"  NOT MEASURED: {error}")
                    nbr = {"notebook": copy.name, "error": str(error), "panels": []}
                nbr["seconds"] = round(time.monotonic() - t, 1)
                result["notebooks"].append(nbr)

    measured = [n for n in result["notebooks"] if not n.get("error")]
    result["overall"] = {
        "floor": summary([v for n in measured for v in n["floor"]["latencies"]]),
        "naive": summary([v for n in measured for v in n["naive"]["latencies"]]),
        "panels": summary([v for n in measured for r in n["panels"] for c in r["controls"]
                           for v in c["latencies"]]),
    }
    result["env"]["loadavg_end"] = list(os.getloadavg()) if hasattr(os, "getloadavg") else None
    result["env"]["seconds"] = round(time.monotonic() - started, 1)
    print(report(result))

    RESULTS.mkdir(parents=True, exist_ok=True)
    stamp = dt.datetime.now().strftime("%Y%m%d-%H%M%S")
    payload = json.dumps(result, indent=1, ensure_ascii=False)
    (RESULTS / f"bench_browser-{stamp}.json").write_text(payload, encoding="utf-8")
    (RESULTS / "latest.json").write_text(payload, encoding="utf-8")
    print(f"\nWrote benchmarks/results/bench_browser-{stamp}.json "
          f"({result['env']['seconds']:.0f} s)")
    return 1 if len(measured) < len(result["notebooks"]) else 0


if __name__ == "__main__":
    sys.exit(main())
