"""Hub capacity: how many students moving sliders one machine serves, measured on a real hub.

What it measures
----------------
It starts the JupyterHub of the hub test (``tests/hub_support.py``: dummy login, one local
server per student, the pinned proxy) and adds simulated students in steps (by default 0, 1, 5,
10, 20, 30). Each simulated student has their own Jupyter server and kernel, builds the neuron panel
of notebook 02 in that kernel, and moves its first slider 5 times a second, forever, as the
browser does: ``comm_msg`` "update" messages on the kernel's WebSocket, through the hub's proxy
and the student's server (one asyncio thread drives all of them). At every step one more
student, the *measured* one, has notebook 02 open in headless Chromium through the hub, and
presses an arrow key on the same panel's slider ``--presses`` times, one press at a time;
*key to pixels* is timed in the page, from the keydown until the panel's new image is painted
(``browser_support.LabNotebook.press``, as the browser benchmark does).

Per step it reports the measured student's median and p95 key to pixels; the simulated
students' own round trip (first update sent -> next image update received, no browser); the machine's CPU
use over the step (all cores, from /proc/stat); memory per student (resident memory of a server
and its kernel, averaged over the simulated students); the hub's and the proxy's resident
memory; and finally the largest step whose median stays under 100 ms.

Limits: the simulated students' WebSocket clients and Chromium run on the same machine, so they
take CPU that a real class's browsers would not (the report gives the load generator's own CPU
time). A simulated student moves one slider of one panel at a steady 5 moves a second; a real
class moves in bursts and mostly reads.

Run from the repository root (needs `make setup` and `make hub-proxy`)::

    .venv/bin/python benchmarks/bench_hub.py                        # 0, 1, 5, 10, 20, 30
    .venv/bin/python benchmarks/bench_hub.py --students 1 5 --presses 10

Results: a table on stdout and ``benchmarks/results/bench_hub-<time>.json``.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import os
import statistics
import struct
import sys
import threading
import time
import urllib.request
import uuid
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "tests"))

from browser_support import LabNotebook, chromium_page, strip_outputs  # noqa: E402
from hub_support import HubUserLab, JupyterHub  # noqa: E402

RESULTS = REPO / "benchmarks" / "results"
NOTEBOOK = REPO / "notebooks" / "02-the-neuron.ipynb"
MOVES_PER_SECOND = 5.0
# What a simulated student's kernel runs: the neuron panel of notebook 02, at its values there.
PANEL_SETUP = """
import json
import numpy as np
from nbkernel.widgets import neuron_panel
panel = neuron_panel(x=(0.5, 0.3, 0.8), w=(0.6, 0.4, 0.2), b=0.1, activation="relu")
_slider = next(iter(panel.sliders.values()))
print(json.dumps({"slider": _slider.model_id, "value": _slider.value, "step": _slider.step,
                  "min": _slider.min, "max": _slider.max,
                  "images": [panel.view.image.model_id]}))
"""


def percentile(values, q):
    if not values:
        return float("nan")
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q / 100 * (len(ordered) - 1)))]


# --------------------------------------------------------------------------------------------
# Machine figures
# --------------------------------------------------------------------------------------------

def cpu_times():
    """(busy, total) jiffies of all cores since boot."""
    fields = [int(v) for v in Path("/proc/stat").read_text().split("\n")[0].split()[1:]]
    idle = fields[3] + fields[4]                     # idle + iowait
    return sum(fields) - idle, sum(fields)


def rss_mib(pid):
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return 0.0


def cpu_seconds(pid):
    """User + system CPU time of one process so far, in seconds."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return 0.0
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def hub_and_proxy_cpu(hub):
    """CPU seconds so far of the hub and of its proxy (the proxy carries every message)."""
    from browser_support import _descendants
    proxy = sum(cpu_seconds(pid) for pid, _ in _descendants(hub.proc.pid)
                if "configurable-http-proxy" in cmdline(pid))
    return cpu_seconds(hub.proc.pid), proxy


def cmdline(pid):
    try:
        return Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ").decode()
    except OSError:
        return ""


def user_of(pid):
    try:
        env = Path(f"/proc/{pid}/environ").read_bytes().split(b"\0")
    except OSError:
        return None
    for item in env:
        if item.startswith(b"JUPYTERHUB_USER="):
            return item.split(b"=", 1)[1].decode()
    return None


def students_cpu(hub, skip):
    """CPU seconds so far of every user's server and kernels, except user ``skip``'s."""
    from browser_support import _descendants
    total = 0.0
    for pid, _ in _descendants(hub.proc.pid):
        if "jupyterhub-singleuser" in cmdline(pid) and user_of(pid) != skip:
            total += cpu_seconds(pid) + sum(cpu_seconds(k) for k, _ in _descendants(pid))
    return total


def memory(hub):
    """{"hub": MiB, "proxy": MiB, "users": {user: MiB of server + kernels}}."""
    from browser_support import _descendants
    out = {"hub": rss_mib(hub.proc.pid), "proxy": 0.0, "users": {}}
    for pid, _ in _descendants(hub.proc.pid):
        line = cmdline(pid)
        if "configurable-http-proxy" in line:
            out["proxy"] += rss_mib(pid)
        elif "jupyterhub-singleuser" in line:
            user = user_of(pid)
            total = rss_mib(pid) + sum(rss_mib(k) for k, _ in _descendants(pid))
            out["users"][user] = total
    return out


# --------------------------------------------------------------------------------------------
# Simulated students: a kernel WebSocket each, through the proxy
# --------------------------------------------------------------------------------------------

def _request(url, token, method="GET", body=None):
    req = urllib.request.Request(url, method=method, headers={"Authorization": f"token {token}"})
    if body is not None:
        req.data = json.dumps(body).encode()
        req.add_header("Content-Type", "application/json")
    with urllib.request.urlopen(req, timeout=60) as resp:
        data = resp.read()
    return json.loads(data) if data else None


def _decode(frame):
    """A kernel message from a WebSocket frame: JSON text, or Jupyter's binary framing (a count
    of buffers, their offsets, the JSON message, then the buffers)."""
    if isinstance(frame, str):
        return json.loads(frame)
    count = struct.unpack("!I", frame[:4])[0]
    offsets = struct.unpack(f"!{count}I", frame[4:4 + 4 * count])
    end = offsets[1] if count > 1 else len(frame)
    return json.loads(frame[offsets[0]:end].decode())


class SimulatedStudent:
    """One student's kernel, driven over its WebSocket as JupyterLab would drive it."""

    def __init__(self, hub, user, token):
        self.hub, self.user, self.token = hub, user, token
        self.session = uuid.uuid4().hex
        self.ws = None
        self.panel = None
        # A panel coalesces the updates that arrive while it draws, so an image update need not
        # answer one particular message: a round trip runs from the first update sent after the
        # last image to the next image.
        self.pending = None
        self.round_trips = []          # ms
        self.moves = 0

    def _msg(self, msg_type, content, channel="shell"):
        msg_id = uuid.uuid4().hex
        return msg_id, json.dumps({
            "header": {"msg_id": msg_id, "msg_type": msg_type, "session": self.session,
                       "username": self.user, "version": "5.3",
                       "date": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime())},
            "parent_header": {}, "metadata": {}, "content": content, "buffers": [],
            "channel": channel})

    async def connect(self):
        from tornado.httpclient import HTTPRequest
        from tornado.websocket import websocket_connect
        base = f"{self.hub.url}/user/{self.user}"
        kernel = await asyncio.to_thread(_request, f"{base}/api/kernels", self.token, "POST",
                                         {"name": "python3"})
        url = (base.replace("http://", "ws://") + f"/api/kernels/{kernel['id']}/channels"
               f"?session_id={self.session}")
        self.ws = await websocket_connect(HTTPRequest(
            url, headers={"Authorization": f"token {self.token}"}), max_message_size=2**26)
        msg_id, text = self._msg("execute_request", {
            "code": PANEL_SETUP, "silent": False, "store_history": False,
            "user_expressions": {}, "allow_stdin": False, "stop_on_error": True})
        await self.ws.write_message(text)
        out = []
        while True:
            msg = _decode(await self.ws.read_message())
            if msg.get("parent_header", {}).get("msg_id") != msg_id:
                continue
            if msg["msg_type"] == "stream":
                out.append(msg["content"]["text"])
            elif msg["msg_type"] == "error":
                raise RuntimeError("\n".join(msg["content"]["traceback"]))
            elif msg["msg_type"] == "status" and msg["content"]["execution_state"] == "idle":
                break
        self.panel = json.loads("".join(out))

    async def move_forever(self, stop):
        """Send a slider update every 1/MOVES_PER_SECOND s (bouncing by one step) until
        ``stop`` is set; read every message meanwhile."""
        reader = asyncio.ensure_future(self._read(stop))
        p = self.panel
        value, direction = p["value"], 1
        next_at = time.monotonic()
        try:
            while not stop.is_set():
                nxt = value + direction * p["step"]
                if not p["min"] <= nxt <= p["max"]:
                    direction = -direction
                    nxt = value + direction * p["step"]
                value = round(nxt, 10)
                _, text = self._msg("comm_msg", {
                    "comm_id": p["slider"],
                    "data": {"method": "update", "state": {"value": value},
                             "buffer_paths": []}})
                if self.pending is None:
                    self.pending = time.perf_counter()
                await self.ws.write_message(text)
                self.moves += 1
                next_at += 1 / MOVES_PER_SECOND
                await asyncio.sleep(max(0.0, next_at - time.monotonic()))
        finally:
            reader.cancel()

    async def _read(self, stop):
        images = set(self.panel["images"])
        while not stop.is_set():
            frame = await self.ws.read_message()
            if frame is None:
                return
            msg = _decode(frame)
            if msg.get("msg_type") != "comm_msg" or msg["content"].get("comm_id") not in images:
                continue
            if self.pending is not None:
                self.round_trips.append((time.perf_counter() - self.pending) * 1e3)
                self.pending = None

    def close(self):
        if self.ws is not None:
            self.ws.close()


class LoadThread:
    """An asyncio loop in a thread that drives every simulated student."""

    def __init__(self):
        self.loop = asyncio.new_event_loop()
        self.thread = threading.Thread(target=self.loop.run_forever, daemon=True)
        self.thread.start()
        self.stop = None
        self.tasks = []
        self.cpu_start = 0.0

    def run(self, coro, timeout=600):
        return asyncio.run_coroutine_threadsafe(coro, self.loop).result(timeout)

    def start_moving(self, students):
        async def start():
            self.stop = asyncio.Event()
            self.tasks = [asyncio.ensure_future(s.move_forever(self.stop)) for s in students]
        self.run(start())

    def stop_moving(self):
        async def stop():
            self.stop.set()
            await asyncio.gather(*self.tasks, return_exceptions=True)
        self.run(stop())

    def close(self):
        self.loop.call_soon_threadsafe(self.loop.stop)
        self.thread.join(timeout=10)


# --------------------------------------------------------------------------------------------
# The run
# --------------------------------------------------------------------------------------------

def run(steps, presses, settle_s):
    report = {"steps": [], "moves_per_second": MOVES_PER_SECOND, "presses": presses,
              "cpus": os.cpu_count(), "notebook": NOTEBOOK.name}
    load = LoadThread()
    students = []
    measured = "measured"
    with JupyterHub(windowing_mode=None) as hub:
        home = hub.prepare_home(measured)
        data = json.loads(NOTEBOOK.read_text(encoding="utf-8"))
        (home / NOTEBOOK.name).write_text(json.dumps(strip_outputs(data)), encoding="utf-8")
        hub.start_server(measured)
        with chromium_page() as page:
            hub.log_in(page, measured)
            nb = LabNotebook(page, HubUserLab(hub, measured), NOTEBOOK.name)
            panels = nb.open_and_run()
            panel = next(p for p in panels if p.name == "neuron_panel")
            slider = panel.sliders[0]
            try:
                for count in steps:
                    if not measure_step(hub, load, students, count, nb, page, panel, slider,
                                        presses, settle_s, measured, report):
                        break
            finally:
                for student in students:
                    student.close()
                load.close()
    fitting = [r["students"] for r in report["steps"]
               if r["median_ms"] is not None and r["median_ms"] < 100]
    report["largest_n_median_under_100ms"] = max(fitting) if fitting else None
    return report


def measure_step(hub, load, students, count, nb, page, panel, slider, presses, settle_s,
                 measured, report):
    """Bring the simulated students up to ``count``, load the hub, time the measured student's
    presses; append the step's figures to ``report``. False if the step could not finish (the
    machine gave out), with the reason in the report."""
    try:
        new = [f"student{i:02d}" for i in range(len(students), count)]
        started = time.monotonic()
        for user in new:
            hub.prepare_home(user)
            hub.api("POST", f"/users/{user}")
            hub.api("POST", f"/users/{user}/server")
        for user in new:
            hub.wait_for_server(user, timeout=600)
        fresh = [SimulatedStudent(hub, user, hub.user_token(user)) for user in new]
        for student in fresh:
            load.run(student.connect())
        students += fresh
        spawn_s = time.monotonic() - started
        for student in students:
            student.round_trips.clear()
            student.pending = None
        load.start_moving(students)
        time.sleep(settle_s)                    # let the load reach its pace
        busy0, total0 = cpu_times()
        wall0, moves0 = time.monotonic(), sum(s.moves for s in students)
        ownc0 = time.process_time()
        hubc0, proxyc0 = hub_and_proxy_cpu(hub)
        studc0 = students_cpu(hub, measured)
        nb.scroll_to(panel)
        latencies = []
        for _ in range(presses):
            result = nb.press(panel, slider)
            if result.latency is not None:
                latencies.append(result.latency)
            page.wait_for_timeout(300)
        busy1, total1 = cpu_times()
        wall = time.monotonic() - wall0
        moves = sum(s.moves for s in students) - moves0
        own_cpu = time.process_time() - ownc0
        hubc1, proxyc1 = hub_and_proxy_cpu(hub)
        studc1 = students_cpu(hub, measured)
        mem = memory(hub)
        load.stop_moving()
        trips = [t for s in students for t in s.round_trips]
        users = [v for u, v in mem["users"].items() if u != measured]
        row = {
            "students": count,
            "median_ms": statistics.median(latencies) if latencies else None,
            "p95_ms": percentile(latencies, 95),
            "presses": len(latencies),
            "sim_round_trip_median_ms": statistics.median(trips) if trips else None,
            "sim_round_trip_p95_ms": percentile(trips, 95),
            "moves_per_second": moves / wall,
            "cpu_percent_all_cores": 100 * (busy1 - busy0) / (total1 - total0),
            "bench_process_cpu_s_per_s": own_cpu / wall,
            "hub_cpu_s_per_s": (hubc1 - hubc0) / wall,
            "proxy_cpu_s_per_s": (proxyc1 - proxyc0) / wall,
            # What the simulated students' servers and kernels used: CPU ms per slider move.
            "students_cpu_ms_per_move": 1e3 * (studc1 - studc0) / moves if moves else None,
            "memory_per_student_mib": statistics.mean(users) if users else None,
            "memory_measured_student_mib": mem["users"].get(measured),
            "hub_mib": mem["hub"], "proxy_mib": mem["proxy"],
            "spawn_s": spawn_s,
            "load_average_1min": os.getloadavg()[0],
        }
        report["steps"].append(row)
        print(format_row(row), flush=True)
    except Exception as error:                      # noqa: BLE001 - reported, then we stop
        with contextlib.suppress(Exception):
            load.stop_moving()
        report["stopped"] = {"students": count, "error": f"{type(error).__name__}: {error}"}
        print(f"step {count}: stopped: {report['stopped']['error'][:500]}", flush=True)
        return False
    return True


HEADER = (f"{'N':>3} {'median':>7} {'p95':>6} {'sim med':>8} {'sim p95':>8} {'moves/s':>8} "
          f"{'CPU %':>6} {'ms/move':>8} {'MiB/stu':>8} {'hub':>5} {'proxy':>6} {'proxyCPU':>9}")


def format_row(r):
    def f(v, w, d=0):
        return f"{v:>{w}.{d}f}" if isinstance(v, (int, float)) and v == v else f"{'-':>{w}}"
    return (f"{r['students']:>3} {f(r['median_ms'], 7)} {f(r['p95_ms'], 6)} "
            f"{f(r['sim_round_trip_median_ms'], 8)} {f(r['sim_round_trip_p95_ms'], 8)} "
            f"{f(r['moves_per_second'], 8, 1)} {f(r['cpu_percent_all_cores'], 6)} "
            f"{f(r['students_cpu_ms_per_move'], 8, 1)} "
            f"{f(r['memory_per_student_mib'], 8)} {f(r['hub_mib'], 5)} {f(r['proxy_mib'], 6)} "
            f"{f(100 * r['proxy_cpu_s_per_s'], 8)}%")


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--students", type=int, nargs="+", default=[0, 1, 5, 10, 20, 30],
                        help="simulated students at each step, increasing (default 0 1 5 10 20 "
                        "30; 0 is the measured student alone)")
    parser.add_argument("--presses", type=int, default=20,
                        help="key presses of the measured student per step (default 20)")
    parser.add_argument("--settle", type=float, default=5.0,
                        help="seconds of load before measuring, per step (default 5)")
    args = parser.parse_args(argv)
    if sorted(args.students) != args.students:
        parser.error("--students must increase")
    print(f"{os.cpu_count()} CPUs; simulated students move a slider {MOVES_PER_SECOND:g} "
          f"times a second; the measured student presses {args.presses} times per step")
    print(HEADER, flush=True)
    report = run(args.students, args.presses, args.settle)
    print(f"largest N with median key to pixels < 100 ms: "
          f"{report['largest_n_median_under_100ms']}")
    RESULTS.mkdir(parents=True, exist_ok=True)
    stamp = time.strftime("%Y%m%d-%H%M%S")
    path = RESULTS / f"bench_hub-{stamp}.json"
    path.write_text(json.dumps(report, indent=1))
    print(f"Wrote {path.relative_to(REPO)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
