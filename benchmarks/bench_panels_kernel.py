"""In-kernel benchmark of the slider panels: how long one slider move takes to become new PNGs.

For every slider of every panel (and the training panel's Step), this script moves the slider
the way a held arrow key does (one step at a time, bouncing at the ends) and times, in the same
run and interleaved press by press, three ways of redrawing:

* ``blit``  - what the panels do: update the artists in place, restore the cached background,
  draw only what changed, encode the canvas as PNG at zlib level 1;
* ``full``  - the same figure, redrawn completely every time (no blitting);
* ``naive`` - the baseline: make the figure afresh from the current values and save it with
  ``savefig(bbox_inches="tight")`` at the default PNG compression, as a plain ``interact``
  callback would.

The time is from setting ``slider.value`` to the new PNG bytes being assigned to the
``ipywidgets.Image`` (maths, plot updates, drawing, encoding; no event loop, so the render is
synchronous). With ``--kernel`` it also measures the same through a real ipykernel: a
``comm_msg`` is sent to the slider's widget as the browser would, and the clock stops when the
last of the panel's image updates arrives on IOPub (ZMQ, message handling and the render
included; the browser's own work is not). It also times the PNG encoding alone, frame by frame
(``encode_png``, and Pillow's encoder beside it). Finally it times a burst of 20 changes made by
code inside a running event loop (each drawn at once) and checks that the last value is shown.

Run from the repository root::

    .venv/bin/python benchmarks/bench_panels_kernel.py            # ~1 minute
    .venv/bin/python benchmarks/bench_panels_kernel.py --presses 10 --panels neuron weights
    .venv/bin/python benchmarks/bench_panels_kernel.py --kernel   # also through a real kernel

This is a script, not a test: it prints a table and exits 0.
"""

import argparse
import asyncio
import io
import json
import statistics
import sys
import time

import numpy as np
from PIL import Image

from nbkernel.plotting.png import encode_png
from nbkernel.widgets import PANELS

MODES = ("blit", "full", "naive")


def presses(slider, count):
    """Values a held arrow key would give: one step at a time from the start, bouncing."""
    values, value, direction = [], slider.value, 1
    for _ in range(count):
        nxt = value + direction * slider.step
        if not slider.min <= nxt <= slider.max:
            direction = -direction
            nxt = value + direction * slider.step
        value = round(nxt, 10)
        values.append(value)
    return values


def percentile(times, q):
    return float(np.percentile(times, q)) if times else float("nan")


def controls_of(panel):
    """The moves to time: each slider, and Step for the training panel."""
    moves = [(name, slider) for name, slider in panel.sliders.items()
             if not hasattr(slider, "options")]  # numeric sliders, not a choice of options
    if hasattr(panel, "step"):
        moves.append(("Step", None))
    return moves


def time_in_process(names, count):
    """Rows of (panel, control, {mode: times in ms}, png bytes)."""
    rows = []
    for name in names:
        instances = {}
        for mode in MODES:
            panel = PANELS[name]()
            panel.render_mode = mode
            panel.render_all()
            instances[mode] = panel
        for control, slider in controls_of(instances["blit"]):
            times = {mode: [] for mode in MODES}
            values = presses(slider, count) if slider is not None else range(count)
            for value in values:
                for mode in MODES:  # interleaved, so load on the machine hits all three alike
                    panel = instances[mode]
                    start = time.perf_counter()
                    if slider is None:
                        panel.step()
                    else:
                        panel.sliders[control].value = value
                    times[mode].append((time.perf_counter() - start) * 1e3)
                    if panel.output.outputs:
                        raise RuntimeError(f"{name}.{control}: {panel.output.outputs}")
            size = len(instances["blit"].view.png())
            rows.append((name, control, times, size))
            if slider is None:  # rewind the training panels for the next control
                for panel in instances.values():
                    panel.reset()
    return rows


def pillow_png(pixels):
    """Pillow's PNG encoder at zlib level 1 (it picks one of five row filters per row)."""
    out = io.BytesIO()
    Image.fromarray(np.asarray(pixels)).convert("RGB").save(out, "PNG", compress_level=1)
    return out.getvalue()


def time_encoding(names, count):
    """Per panel: ms to encode each new frame with ``encode_png`` and with Pillow, and the mean
    PNG bytes of each."""
    results = {}
    for name in names:
        panel = PANELS[name]()
        times, sizes, pillow_times, pillow_sizes = [], [], [], []
        for control, slider in controls_of(panel):
            for value in presses(slider, count) if slider is not None else range(count):
                before = {"figure": panel.view.render_count}
                if slider is None:
                    panel.step()
                else:
                    slider.value = value
                for view_name, view in [("figure", panel.view)]:
                    if view.render_count == before[view_name]:
                        continue
                    pixels = view.canvas.buffer_rgba()
                    start = time.perf_counter()
                    sizes.append(len(encode_png(pixels)))
                    middle = time.perf_counter()
                    pillow_sizes.append(len(pillow_png(pixels)))
                    pillow_times.append((time.perf_counter() - middle) * 1e3)
                    times.append((middle - start) * 1e3)
        results[name] = (times, np.mean(sizes), pillow_times, np.mean(pillow_sizes))
    return results


def burst_check():
    """20 changes inside a running event loop: how many renders, and is the last value shown?"""
    panel = PANELS["neuron"]()
    slider = panel.sliders["w1"]

    async def burst():
        start, t0 = panel.render_count, time.perf_counter()
        for value in np.linspace(-2.0, 2.0, 20):
            slider.value = float(value)
        return panel.render_count - start, (time.perf_counter() - t0) * 1e3
    renders, elapsed = asyncio.run(burst())
    shown = {"figure": panel.view.png()}
    panel.render_all(full=True)
    fresh = {"figure": panel.view.png()}
    return renders, 1, elapsed, shown == fresh


# -- through a real kernel -------------------------------------------------------------------------

KERNEL_SETUP = """
import json
from nbkernel.widgets import {factories}
_bench = {{}}
for _name, _make in {calls}.items():
    for _mode in ("blit", "naive"):
        _p = _make()
        _p.render_mode = _mode
        _p.render_all()
        _bench[(_name, _mode)] = _p
print(json.dumps({{f"{{n}}/{{m}}": {{
    "sliders": {{k: [s.model_id, s.value, s.min, s.max, s.step] for k, s in p.sliders.items()
                if not hasattr(s, "options")}},
    "images": [p.view.image.model_id],
    "step": getattr(getattr(p, "step_button", None), "model_id", None)}}
    for (n, m), p in _bench.items()}}))
"""


def time_through_kernel(names, count):
    """Rows of (panel, control, {mode: times in ms}) measured through a real ipykernel."""
    from jupyter_client.manager import start_new_kernel

    km, kc = start_new_kernel(kernel_name="python3")
    try:
        calls = "{" + ", ".join(f"{n!r}: {PANELS[n].__name__}" for n in names) + "}"
        factories = ", ".join(PANELS[n].__name__ for n in names)
        info = json.loads(_execute(kc, KERNEL_SETUP.format(factories=factories, calls=calls)))
        rows, bursts = [], []
        for name in names:
            blit, naive = info[f"{name}/blit"], info[f"{name}/naive"]
            moves = list(blit["sliders"])
            if blit["step"]:
                moves.append("Step")
            burst_control = None
            for control in moves:
                times = {"blit": [], "naive": []}
                panels = {"blit": blit, "naive": naive}
                expected = {mode: _affected(kc, name, mode, control) for mode in panels}
                if burst_control is None and control != "Step" and expected["blit"]:
                    burst_control = control  # the first slider that redraws a figure
                if control == "Step":
                    values = [1 + i for i in range(count)]
                else:  # fetch the values after the move above
                    state = json.loads(_execute(kc, f"print(json.dumps(_bench[({name!r}, "
                                                    f"'blit')].sliders[{control!r}].get_state()))"))
                    fake = argparse.Namespace(value=state["value"], min=state["min"],
                                              max=state["max"], step=state["step"])
                    values = presses(fake, count)
                for value in values:
                    for mode, panel in panels.items():
                        if control == "Step":  # a click on Step, as the browser sends it
                            model_id, state = panel["step"], None
                        else:
                            model_id, state = panel["sliders"][control][0], {"value": value}
                        times[mode].append(_round_trip(kc, model_id, state, expected[mode]))
                rows.append((name, control, times))
            if burst_control is not None:
                bursts.append((name, burst_control,
                               _kernel_burst(kc, name, blit, burst_control)))
        return rows, bursts
    finally:
        kc.stop_channels()
        km.shutdown_kernel(now=True)


def _kernel_burst(kc, name, panel, control, size=20):
    """Send ``size`` updates of one slider back to back, as fast as a client can; return
    (renders, ms until the last image update, whether the panel ended on the last value)."""
    model_id, value, low, high, step = panel["sliders"][control]
    fake = argparse.Namespace(value=value, min=low, max=high, step=step)
    values = presses(fake, size)
    before = int(_execute(kc, f"print(_bench[({name!r}, 'blit')].render_count)"))
    start, last = time.perf_counter(), None
    for value in values:
        _send_update(kc, model_id, {"value": value})
    while True:
        try:
            msg = kc.get_iopub_msg(timeout=0.5)
        except Exception:  # noqa: BLE001 - queue.Empty: the burst is over
            break
        if _image_update(msg, set(panel["images"])):
            last = time.perf_counter()
    after = int(_execute(kc, f"print(_bench[({name!r}, 'blit')].render_count)"))
    shown = float(_execute(kc, f"print(_bench[({name!r}, 'blit')].sliders[{control!r}].value)"))
    panel["sliders"][control][1] = shown
    return after - before, (last - start) * 1e3 if last else float("nan"), shown == values[-1]


def _execute(kc, code):
    msg_id = kc.execute(code)
    out = []
    while True:
        msg = kc.get_iopub_msg(timeout=60)
        if msg["parent_header"].get("msg_id") != msg_id:
            continue
        if msg["msg_type"] == "stream":
            out.append(msg["content"]["text"])
        elif msg["msg_type"] == "error":
            raise RuntimeError("\n".join(msg["content"]["traceback"]))
        elif msg["msg_type"] == "status" and msg["content"]["execution_state"] == "idle":
            return "".join(out)


AFFECTED = """
_p = _bench[({name!r}, {mode!r})]
_before = {{"figure": _p.view.render_count}}
if {control!r} == "Step":
    _p.step()
else:
    _s = _p.sliders[{control!r}]
    _s.value = _s.value + _s.step if _s.value + _s.step <= _s.max else _s.value - _s.step
_p.flush()
print(json.dumps([_p.view.image.model_id for n, v in [("figure", _p.view)]
                  if v.render_count > _before[n]]))
"""


def _affected(kc, name, mode, control):
    """The image model ids a move of ``control`` redraws (asked from the kernel, by a move)."""
    return set(json.loads(_execute(kc, AFFECTED.format(name=name, mode=mode, control=control))))


def _send_update(kc, model_id, state):
    """A widget update as the browser sends it; state None is a button's click."""
    data = ({"method": "custom", "content": {"event": "click"}} if state is None else
            {"method": "update", "state": state, "buffer_paths": []})
    content = {"comm_id": model_id, "data": data}
    msg = kc.session.msg("comm_msg", content)
    kc.shell_channel.send(msg)
    return msg["header"]["msg_id"]


def _image_update(msg, images):
    if msg["msg_type"] != "comm_msg":
        return None
    content = msg["content"]
    data = content.get("data", {})
    if content.get("comm_id") in images and data.get("method") == "update" and \
            "value" in data.get("state", {}):
        return content["comm_id"]
    return None


def _round_trip(kc, model_id, state, expected):
    """ms from sending the update to the last expected image update (or, when the move redraws
    no image, to the kernel's idle status after handling it)."""
    while True:  # drain anything left over
        try:
            kc.get_iopub_msg(timeout=0.0)
        except Exception:  # noqa: BLE001 - queue.Empty
            break
    start = time.perf_counter()
    msg_id = _send_update(kc, model_id, state)
    waiting, idle = set(expected), False
    while waiting or not (expected or idle):
        msg = kc.get_iopub_msg(timeout=30)
        waiting.discard(_image_update(msg, expected))
        idle = idle or (msg["msg_type"] == "status" and msg["parent_header"].get("msg_id") ==
                        msg_id and msg["content"]["execution_state"] == "idle")
    return (time.perf_counter() - start) * 1e3


# -- report ----------------------------------------------------------------------------------------

def print_table(title, rows, modes):
    print(f"\n{title}")
    head = f"{'panel':<11}{'control':<9}" + "".join(f"{m + ' med':>11}{'p95':>8}" for m in modes)
    head += f"{'naive/blit':>12}"
    print(head)
    print("-" * len(head))
    for name, control, times, *_ in rows:
        cells = "".join(f"{statistics.median(times[m]):>11.1f}{percentile(times[m], 95):>8.1f}"
                        for m in modes)
        ratio = statistics.median(times["naive"]) / statistics.median(times["blit"])
        print(f"{name:<11}{control:<9}{cells}{ratio:>11.1f}x")
    by_panel = {}
    for name, _, times, *_ in rows:
        for m in modes:
            by_panel.setdefault(name, {}).setdefault(m, []).extend(times[m])
    print("\nper panel (all its controls together), ms")
    for name, times in by_panel.items():
        cells = "  ".join(f"{m} {statistics.median(times[m]):.1f}/{percentile(times[m], 95):.1f}"
                          for m in modes)
        print(f"  {name:<11}{cells}")


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--presses", type=int, default=30, help="moves per control and mode")
    parser.add_argument("--panels", nargs="+", choices=list(PANELS), default=list(PANELS))
    parser.add_argument("--kernel", action="store_true",
                        help="also time the round trip through a real ipykernel")
    args = parser.parse_args(argv)

    print(f"Python {sys.version.split()[0]}; {args.presses} presses per control and mode; "
          "times in ms from slider.value = v to the new PNG in the Image widget")
    rows = time_in_process(args.panels, args.presses)
    print_table("In process (synchronous render):", rows, MODES)
    print("\nPNG bytes per update (all of a panel's images, blit): "
          + ", ".join(f"{name} {size // 1024} KiB" for name, _, _, size in
                      {r[0]: r for r in rows}.values()))
    print("\nPNG encoding of each new frame at zlib level 1: median ms (mean size), nbkernel's "
          "encode_png (rows unfiltered) and Pillow's (a filter chosen per row)")
    for name, (times, size, pillow, pillow_size) in time_encoding(args.panels,
                                                                   args.presses).items():
        print(f"  {name:<11}{statistics.median(times):5.2f} ({size / 1024:.1f} KiB)   Pillow "
              f"{statistics.median(pillow):5.2f} ({pillow_size / 1024:.1f} KiB)")
    renders, figures, elapsed, last_shown = burst_check()
    print(f"\nBurst: 20 changes of the neuron panel's w1 in a running event loop -> {renders} "
          f"renders for {figures} figures in {elapsed:.1f} ms; the image shows the last value: "
          f"{last_shown}")
    if args.kernel:
        kernel_rows, bursts = time_through_kernel(args.panels, args.presses)
        print_table("Through a real ipykernel (comm_msg sent -> last image update received):",
                    kernel_rows, ("blit", "naive"))
        print("\nBursts through the kernel: 20 updates of one slider sent back to back")
        for name, control, (renders, elapsed, ok) in bursts:
            step = statistics.median(next(t["blit"] for n, c, t in kernel_rows
                                          if n == name and c == control))
            print(f"  {name:<11}{control:<7}{renders:>3} figure renders; last image after "
                  f"{elapsed:.0f} ms = {elapsed / step:.1f}x one press ({step:.0f} ms); "
                  f"ends on the last value: {ok}")


if __name__ == "__main__":
    main()
