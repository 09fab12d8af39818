"""Measure what each notebook costs: run it in a fresh kernel, report time and peak memory.

For every notebooks/NN-*.ipynb (or the notebooks given) this starts a new Python kernel, runs
every cell top to bottom as a learner would with "Restart kernel and run all cells", and reports

- the time to start the kernel, and the time to run all cells (wall clock);
- the kernel's peak resident memory (RSS: the high-water mark the operating system kept for the
  kernel process, /proc/<pid>/status VmHWM on Linux; elsewhere sampled every 50 ms).

The numbers size a JupyterHub (memory per user) and a lecture plan; docs/instructors.md has the
table this prints. Nothing is written back to the notebooks.

Usage
-----
    python tools/measure_notebooks.py                 # a markdown table
    python tools/measure_notebooks.py --json notebooks/02-the-neuron.ipynb
"""

import argparse
import json
import os
import platform
import sys
import threading
import time
from pathlib import Path

import nbformat
import psutil
from nbclient import NotebookClient

sys.path.insert(0, str(Path(__file__).resolve().parent))
from navigation import course_notebooks  # noqa: E402  (tools/ is a folder of scripts)

ROOT = Path(__file__).resolve().parent.parent


def _peak_rss_linux(pid):
    """VmHWM (peak resident set size) of a process in bytes, or None if unavailable."""
    try:
        with open(f"/proc/{pid}/status", encoding="ascii") as status:
            for line in status:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) * 1024
    except OSError:
        return None
    return None


class _Sampler(threading.Thread):
    """Polls a process's RSS where VmHWM is not available (macOS, Windows)."""

    def __init__(self, pid, interval=0.05):
        super().__init__(daemon=True)
        self.process, self.interval, self.peak = psutil.Process(pid), interval, 0
        self.stopped = threading.Event()

    def run(self):
        while not self.stopped.is_set():
            try:
                self.peak = max(self.peak, self.process.memory_info().rss)
            except psutil.Error:
                return
            self.stopped.wait(self.interval)


def measure(path, timeout=300):
    """Run one notebook in a fresh kernel; return a dict of the measurements.

    Returns
    -------
    dict
        ``notebook`` (file name), ``cells`` (code cells run), ``start_s`` (kernel start-up),
        ``run_s`` (all cells), ``peak_rss_mb`` (kernel's peak RSS in MiB), ``errors`` (cells
        that raised).
    """
    path = Path(path)
    nb = nbformat.read(path, as_version=4)
    client = NotebookClient(nb, timeout=timeout, kernel_name="python3", allow_errors=True,
                            resources={"metadata": {"path": str(path.parent)}})
    started = time.perf_counter()
    with client.setup_kernel():
        start_s = time.perf_counter() - started
        pid = client.km.provisioner.process.pid
        sampler = None
        if _peak_rss_linux(pid) is None:
            sampler = _Sampler(pid)
            sampler.start()
        began = time.perf_counter()
        for index, cell in enumerate(nb.cells):
            client.execute_cell(cell, index)
        run_s = time.perf_counter() - began
        peak = _peak_rss_linux(pid)
        if sampler is not None:
            sampler.stopped.set()
            sampler.join()
            peak = sampler.peak
    code = [cell for cell in nb.cells if cell.cell_type == "code"]
    errors = sum(any(output.get("output_type") == "error" for output in cell.outputs)
                 for cell in code)
    return {"notebook": path.name, "cells": len(code), "start_s": round(start_s, 2),
            "run_s": round(run_s, 2), "peak_rss_mb": round(peak / 2**20, 1) if peak else None,
            "errors": errors}


def markdown_table(rows):
    """The measurements as the markdown table used in docs/instructors.md."""
    lines = ["| Notebook | Code cells | Kernel start (s) | Run all cells (s) "
             "| Kernel peak RSS (MiB) |",
             "| --- | ---: | ---: | ---: | ---: |"]
    for row in rows:
        lines.append(f"| {row['notebook']} | {row['cells']} | {row['start_s']:.1f} | "
                     f"{row['run_s']:.1f} | {row['peak_rss_mb']:.0f} |")
    return "\n".join(lines)


def machine():
    """One line describing where the numbers were measured."""
    memory = psutil.virtual_memory().total / 2**30
    line = (f"Python {platform.python_version()} on {platform.system()} {platform.machine()}, "
            f"{os.cpu_count()} CPUs, {memory:.0f} GiB RAM")
    if hasattr(os, "getloadavg"):
        line += f", load average {os.getloadavg()[0]:.1f} at the end"
    return line


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("notebooks", nargs="*", type=Path,
                        help="notebooks to run (default: every notebooks/NN-*.ipynb)")
    parser.add_argument("--json", action="store_true", help="print JSON instead of a table")
    args = parser.parse_args(argv)
    notebooks = args.notebooks or course_notebooks()
    if not notebooks:
        parser.error("no notebooks found")
    rows = []
    for path in notebooks:
        rows.append(measure(path))
        print(f"measured {path.name}", file=sys.stderr)
    if args.json:
        print(json.dumps({"machine": machine(), "notebooks": rows}, indent=2))
    else:
        print(markdown_table(rows))
        print(f"\nMeasured with {machine()}.")
    return 1 if any(row["errors"] for row in rows) else 0


if __name__ == "__main__":
    sys.exit(main())
