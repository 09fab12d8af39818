"""Drive JupyterLab in headless Chromium: shared by the browser test and the browser benchmark.

Aims: start a private JupyterLab (127.0.0.1, a free port, a random token, a temporary root that
holds output-free copies of the notebooks), open a notebook in Debian's Chromium through
Playwright, run every cell, check that nothing went wrong, find the slider panels, move their
sliders with the keyboard and time *key to pixels*: from the key press to the moment the panel's
new image has been decoded and painted, both timestamps taken in the page's own clock.

Limits: Chromium is never downloaded (Playwright is pointed at ``/usr/bin/chromium`` or
``chromium`` on PATH); a panel is found as one notebook cell whose output holds at least one
``ipywidgets`` slider and one image, so a cell should display one panel.

Examples
--------
>>> with JupyterLab([Path("tests/notebooks/panels_demo.ipynb")]) as lab:  # doctest: +SKIP
...     with chromium_page() as page:
...         nb = LabNotebook(page, lab, "panels_demo.ipynb")
...         nb.open()
...         nb.run_all()
...         nb.assert_no_errors()
...         panel = nb.panels()[0]
...         nb.press(panel, panel.sliders[0], "ArrowRight").changed
True
"""

from __future__ import annotations

import contextlib
import json
import os
import re
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable, Iterator

REPO = Path(__file__).resolve().parents[1]
SCREENSHOTS = REPO / "build" / "screenshots"
INSTALL_HINT = ("install Debian's Chromium with `sudo apt-get install chromium` "
                "(the browser test never downloads a browser)")

# The project's Chromium flags: no sandbox (containers, CI runners), no GPU, and no
# background traffic to Google.
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update",
                 "--disable-sync"]

WIDGET_MIME = "application/vnd.jupyter.widget-view+json"
# The course's slider (nbkernel/widgets/_slider.py): its root element, its native range input
# (the focusable control: value, min and max in the slider's own units, one step per arrow key),
# its visible label and its readout. Every browser test and benchmark finds sliders by these.
SLIDER = ".nbk-slider"
SLIDER_INPUT = ".nbk-slider input[type=range]"
SLIDER_LABEL = ".nbk-slider-label"
SLIDER_READOUT = ".nbk-slider-readout"
# A slider's position, from its range input ``h`` (JavaScript).
SLIDER_POSITION_JS = ("({now: parseFloat(h.value), min: parseFloat(h.min), "
                      "max: parseFloat(h.max)})")
WIDGET_ERROR_TEXTS = ("Error displaying widget", "Failed to create view", "Error creating widget",
                      "Failed to load model class", "Could not create a view")

# JupyterLab user settings for a quiet, deterministic page: no news or update toasts.
LAB_SETTINGS = {
    "@jupyterlab/apputils-extension/notification.jupyterlab-settings":
        {"fetchNews": "false", "checkForUpdates": False},
}
NOTEBOOK_SETTINGS = "@jupyterlab/notebook-extension/tracker.jupyterlab-settings"
DARK_THEME = {"@jupyterlab/apputils-extension/themes.jupyterlab-settings":
              {"theme": "JupyterLab Dark"}}


# --------------------------------------------------------------------------------------------
# Finding the tools
# --------------------------------------------------------------------------------------------

def find_chromium() -> str | None:
    """Path of Debian's Chromium, or None: ``/usr/bin/chromium``, else ``chromium`` on PATH."""
    if os.access("/usr/bin/chromium", os.X_OK):
        return "/usr/bin/chromium"
    for name in ("chromium", "chromium-browser"):
        found = shutil.which(name)
        if found:
            return found
    return None


def find_jupyter() -> str:
    """The ``jupyter`` next to the running Python (the project's .venv), else the repo's .venv."""
    for candidate in (Path(sys.executable).parent / "jupyter", REPO / ".venv" / "bin" / "jupyter"):
        if os.access(candidate, os.X_OK):
            return str(candidate)
    found = shutil.which("jupyter")
    if found:
        return found
    raise FileNotFoundError("no `jupyter` found next to %s or in %s; run `make setup`"
                            % (sys.executable, REPO / ".venv"))


def free_port() -> int:
    """A TCP port on 127.0.0.1 that was free a moment ago."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def strip_outputs(notebook: dict) -> dict:
    """A copy of a notebook (as JSON) without outputs, execution counts or saved widget state.

    Stored widget outputs would show "Error displaying widget: model not found" until their cell
    runs again, which is exactly the message the browser test looks for.
    """
    nb = json.loads(json.dumps(notebook))
    for cell in nb.get("cells", []):
        if cell.get("cell_type") == "code":
            cell["outputs"] = []
            cell["execution_count"] = None
    nb.get("metadata", {}).pop("widgets", None)
    nb.setdefault("metadata", {})["kernelspec"] = {
        "name": "python3", "display_name": "Python 3 (ipykernel)", "language": "python"}
    return nb


# --------------------------------------------------------------------------------------------
# Processes
# --------------------------------------------------------------------------------------------

def _proc_start_time(pid: int) -> str | None:
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return None
    return stat.rsplit(")", 1)[1].split()[19]        # field 22: start time since boot


def _descendants(pid: int) -> list[tuple[int, str]]:
    """(pid, start time) of every process below ``pid`` (Linux /proc; empty elsewhere)."""
    children: dict[int, list[int]] = {}
    for entry in Path("/proc").iterdir() if Path("/proc").is_dir() else []:
        if not entry.name.isdigit():
            continue
        try:
            ppid = int((entry / "stat").read_text().rsplit(")", 1)[1].split()[1])
        except (OSError, IndexError, ValueError):
            continue
        children.setdefault(ppid, []).append(int(entry.name))
    found, todo = [], [pid]
    while todo:
        for child in children.get(todo.pop(), []):
            start = _proc_start_time(child)
            if start is not None:
                found.append((child, start))
                todo.append(child)
    return found


def _kill_if_same(pid: int, start: str) -> None:
    """SIGKILL ``pid`` only if it is still the process that had that start time."""
    if _proc_start_time(pid) == start:
        with contextlib.suppress(ProcessLookupError, PermissionError):
            os.kill(pid, signal.SIGKILL)


class JupyterLab:
    """A private JupyterLab server for one test or benchmark run; use it as a context manager.

    With ``app="notebook"`` the same server runs Notebook 7 instead (same settings, same
    ``window.jupyterapp``); :class:`Voila` runs Voila.

    Parameters
    ----------
    notebooks : iterable of Path
        Notebooks copied, without their outputs, into a temporary root directory.
    startup_timeout : float
        Seconds to wait for the server to answer.
    windowing_mode : str or None
        The notebook's ``windowingMode`` setting. The tests use "none" (every cell attached
        and rendered, so off-screen panels exist and repaint); None keeps JupyterLab's own
        default ("contentVisibility" in 4.6: the browser skips drawing off-screen cells), which
        is what learners get.
    app : str
        "lab" (JupyterLab) or "notebook" (Notebook 7).

    Attributes
    ----------
    url : str      ``http://127.0.0.1:<port>``
    token : str    random, fresh for each server
    root : Path    the temporary root directory (deleted on exit)
    """

    def __init__(self, notebooks: Iterable[Path], *, startup_timeout: float = 120.0,
                 windowing_mode: str | None = "none", app: str = "lab",
                 settings: dict | None = None):
        if app not in ("lab", "notebook", "voila"):
            raise ValueError(f"app must be 'lab' or 'notebook' (Voila: the class Voila); got {app!r}")
        self.app = app
        self.notebooks = [Path(p) for p in notebooks]
        self.startup_timeout = startup_timeout
        self.windowing_mode = windowing_mode
        self.settings = dict(settings or {})   # more user settings files, by path (as above)
        self.proc: subprocess.Popen | None = None
        self.tmp: Path | None = None
        self.port = 0
        self.token = secrets.token_hex(24)
        self.env: dict = dict(os.environ)
        self._log = None

    # -- lifecycle ---------------------------------------------------------------------------
    def __enter__(self) -> "JupyterLab":
        try:
            self.start()
        except BaseException:
            self.stop()
            raise
        return self

    def __exit__(self, *exc) -> None:
        self.stop()

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    @property
    def root(self) -> Path:
        assert self.tmp is not None, "server not started"
        return self.tmp / "root"

    def start(self) -> None:
        self.tmp = Path(tempfile.mkdtemp(prefix="nbkernel-lab-"))
        root = self.root
        root.mkdir()
        for nb in self.notebooks:
            data = json.loads(nb.read_text(encoding="utf-8"))
            (root / nb.name).write_text(json.dumps(strip_outputs(data), indent=1),
                                        encoding="utf-8")
        settings_files = dict(LAB_SETTINGS)
        if self.windowing_mode is not None:
            settings_files[NOTEBOOK_SETTINGS] = {"windowingMode": self.windowing_mode}
        settings_files.update(self.settings)
        for rel, settings in settings_files.items():
            path = self.tmp / "lab-settings" / rel
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(json.dumps(settings))
        env = dict(os.environ)
        env.update(
            JUPYTER_CONFIG_DIR=str(self.tmp / "config"),
            JUPYTER_RUNTIME_DIR=str(self.tmp / "runtime"),
            JUPYTERLAB_SETTINGS_DIR=str(self.tmp / "lab-settings"),
            JUPYTERLAB_WORKSPACES_DIR=str(self.tmp / "lab-workspaces"),
            IPYTHONDIR=str(self.tmp / "ipython"),
            MPLCONFIGDIR=str(self.tmp / "matplotlib"),
            PYDEVD_DISABLE_FILE_VALIDATION="1",
        )
        env.pop("JUPYTER_TOKEN", None)
        self.env = env
        self._log = open(self.tmp / "server.log", "w+b")
        for attempt in range(3):
            self.port = free_port()
            cmd = self.command(root)
            if self.app != "voila" and hasattr(os, "geteuid") and os.geteuid() == 0:
                cmd.append("--ServerApp.allow_root=True")     # containers, CI runners
            # Own process group and session, so stop() can end the server and nothing else.
            self.proc = subprocess.Popen(cmd, cwd=root, env=env, stdout=self._log,
                                         stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL,
                                         start_new_session=True)
            if self._wait_until_ready():
                return
            if self.proc.poll() is None:             # alive but silent: give up
                break
            self.proc = None                         # port taken in between: try another
        raise RuntimeError("JupyterLab did not answer within %.0f s (or exited); its log ends "
                           "with:\n%s" % (self.startup_timeout, self.log_tail()))

    def command(self, root: Path) -> list[str]:
        """The command line that starts the server on ``self.port`` serving ``root``."""
        common = ["--no-browser", "--ServerApp.ip=127.0.0.1", f"--ServerApp.port={self.port}",
                  "--ServerApp.port_retries=0", f"--IdentityProvider.token={self.token}",
                  f"--ServerApp.root_dir={root}", "--ServerApp.log_level=WARN"]
        if self.app == "notebook":
            return [find_jupyter(), "notebook", *common,
                    "--JupyterNotebookApp.expose_app_in_browser=True"]
        return [find_jupyter(), "lab", *common, "--LabApp.expose_app_in_browser=True",
                "--LabApp.check_for_updates_class=jupyterlab.NeverCheckForUpdate",
                "--LabApp.extension_manager=readonly"]

    def _ready(self) -> None:
        """Raises OSError/URLError until the server answers."""
        self.api("GET", "/api/status", timeout=2)

    def _wait_until_ready(self) -> bool:
        deadline = time.monotonic() + self.startup_timeout
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                return False
            try:
                self._ready()
                return True
            except (OSError, urllib.error.URLError):
                time.sleep(0.25)
        return False

    def server_extensions(self) -> list:
        """The Jupyter Server extensions enabled for this server, by name, as
        ``jupyter server extension list`` reports them in the server's environment."""
        listing = subprocess.run([find_jupyter(), "server", "extension", "list"], env=self.env,
                                 capture_output=True, text=True, timeout=120)
        text = re.sub(r"\x1b\[[0-9;]*m", "", listing.stdout + listing.stderr)  # no colours
        return re.findall(r"^\s*(\S+) enabled\s*$", text, flags=re.MULTILINE)

    def api(self, method: str, path: str, *, timeout: float = 10.0):
        """Call the server's REST API with the token; returns the decoded JSON (or None)."""
        req = urllib.request.Request(self.url + path, method=method,
                                     headers={"Authorization": f"token {self.token}"})
        if method in ("POST", "PUT", "PATCH"):
            req.data = b""
        with urllib.request.urlopen(req, timeout=timeout) as resp:
            body = resp.read()
        return json.loads(body) if body else None

    def log_tail(self, chars: int = 4000) -> str:
        if self._log is None:
            return ""
        self._log.flush()
        self._log.seek(0)
        return self._log.read().decode("utf-8", "replace")[-chars:]

    def stop(self) -> None:
        """Shut down the kernels and the server; SIGKILL whatever of ours is left; delete root."""
        proc, self.proc = self.proc, None
        if proc is not None:
            ours = _descendants(proc.pid)            # kernels are started in their own sessions
            if proc.poll() is None:
                with contextlib.suppress(Exception):
                    for kernel in self.api("GET", "/api/kernels", timeout=5) or []:
                        self.api("DELETE", f"/api/kernels/{kernel['id']}", timeout=10)
                with contextlib.suppress(Exception):
                    self.api("POST", "/api/shutdown", timeout=5)
                try:                     # Voila has no shutdown API: straight to SIGTERM
                    proc.wait(timeout=15 if self.app != "voila" else 0.1)
                except subprocess.TimeoutExpired:
                    with contextlib.suppress(ProcessLookupError):
                        os.killpg(proc.pid, signal.SIGTERM)
                    try:
                        proc.wait(timeout=5)
                    except subprocess.TimeoutExpired:
                        with contextlib.suppress(ProcessLookupError):
                            os.killpg(proc.pid, signal.SIGKILL)
                        proc.wait(timeout=5)
            for pid, start in ours:
                _kill_if_same(pid, start)
        if self._log is not None:
            self._log.close()
            self._log = None
        if self.tmp is not None:
            shutil.rmtree(self.tmp, ignore_errors=True)
            self.tmp = None

    def notebook_url(self, name: str, workspace: str | None = None) -> str:
        """The URL that opens ``name``; a ``workspace`` of its own keeps other tabs closed."""
        if self.app == "notebook":
            return f"{self.url}/notebooks/{name}?token={self.token}"
        where = f"/lab/workspaces/{workspace}/tree/{name}" if workspace else f"/lab/tree/{name}"
        return f"{self.url}{where}?token={self.token}"

    def shutdown_kernels(self) -> None:
        """Shut down every running kernel (frees the CPU between notebooks)."""
        for kernel in self.api("GET", "/api/kernels") or []:
            with contextlib.suppress(urllib.error.HTTPError):
                self.api("DELETE", f"/api/kernels/{kernel['id']}", timeout=30)



class Voila(JupyterLab):
    """A private Voila server (Voila's own application, as ``voila`` starts it) on 127.0.0.1
    with a random token, serving output-free copies of ``notebooks``; a context manager.

    Voila runs every cell when the page is requested and shows the outputs only. It reads the
    course's ``voila.json`` from the Jupyter config path ({sys.prefix}/etc/jupyter, installed
    by ``make setup``).
    """

    def __init__(self, notebooks: Iterable[Path], *, startup_timeout: float = 120.0):
        super().__init__(notebooks, startup_timeout=startup_timeout, windowing_mode=None,
                         app="voila")

    def command(self, root: Path) -> list[str]:
        voila = Path(find_jupyter()).with_name("voila")
        return [str(voila), "--no-browser", "--Voila.ip=127.0.0.1", f"--Voila.port={self.port}",
                f"--Voila.token={self.token}", f"--Voila.root_dir={root}",
                "--Voila.log_level=WARN"]

    def _ready(self) -> None:
        urllib.request.urlopen(f"{self.url}/?token={self.token}", timeout=2).close()

    def api(self, method: str, path: str, *, timeout: float = 10.0):
        """Voila has no REST API: stop() then ends it with SIGTERM."""
        raise OSError("Voila has no REST API")

    def notebook_url(self, name: str, workspace: str | None = None) -> str:
        return f"{self.url}/voila/render/{name}?token={self.token}"

@contextlib.contextmanager
def chromium_page(*, width: int = 1280, height: int = 900,
                  timeout_ms: float = 60_000) -> Iterator["object"]:
    """A Playwright page in headless Debian Chromium; the browser is closed on exit."""
    chromium = find_chromium()
    if chromium is None:
        raise FileNotFoundError("Chromium not found: " + INSTALL_HINT)
    from playwright.sync_api import sync_playwright
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=chromium, args=CHROMIUM_ARGS, headless=True)
        try:
            context = browser.new_context(viewport={"width": width, "height": height},
                                          device_scale_factor=1)
            page = context.new_page()
            page.set_default_timeout(timeout_ms)
            yield page
        finally:
            browser.close()


# --------------------------------------------------------------------------------------------
# In-page helpers (installed once per page; window.__nbk)
# --------------------------------------------------------------------------------------------

PAGE_JS = r"""
(() => {
  if (window.__nbk) return;
  const app = window.jupyterapp;
  const nbk = window.__nbk = {
    panel: null, keys: [], events: [], pending: 0, status: [], armed: false, observer: null,
  };
  const mainWidgets = () => Array.from(app.shell.widgets('main'));
  nbk.find = (path) => mainWidgets().find(w => w.context && w.context.path === path) || null;

  // Key presses and mouse presses, timed in the page's clock (capture phase: before any
  // handler sees them).
  const input = () => { if (nbk.armed) nbk.keys.push(performance.now()); };
  document.addEventListener('keydown', input, true);
  document.addEventListener('mousedown', input, true);

  // An image counts as painted when it is decoded and a frame has been produced after it:
  // requestAnimationFrame runs just before the paint, the message posted from it runs after.
  function onImage(img, tMutation) {
    nbk.pending++;
    const painted = () => requestAnimationFrame(() => {
      const ch = new MessageChannel();
      ch.port1.onmessage = () => {
        nbk.events.push({mutation: tMutation, paint: performance.now()});
        nbk.pending--;
      };
      ch.port2.postMessage(0);
    });
    (img.decode ? img.decode() : Promise.resolve()).then(painted, painted);
  }

  nbk.open = async (path) => {
    const panel = nbk.find(path);
    if (!panel) return false;
    app.shell.activateById(panel.id);
    await panel.context.ready;
    await panel.sessionContext.ready;
    const kernel = panel.sessionContext.session && panel.sessionContext.session.kernel;
    if (!kernel) return false;
    if (nbk.panel !== panel) {
      nbk.panel = panel;
      panel.sessionContext.statusChanged.connect((_, s) => {
        if (nbk.armed) nbk.status.push({t: performance.now(), s});
      });
    }
    return true;
  };
  nbk.kernelStatus = () => {
    const s = nbk.panel && nbk.panel.sessionContext.session;
    return s && s.kernel ? s.kernel.status : 'none';
  };
  nbk.runAll = async () => {
    app.shell.activateById(nbk.panel.id);
    return await app.commands.execute('notebook:run-all-cells');
  };
  nbk.busyCells = () => nbk.panel.content.widgets.filter(c => c.model.type === 'code' &&
      /\*/.test((c.node.querySelector('.jp-InputPrompt') || {}).textContent || '')).length;

  // Every error the notebook shows: error outputs and tracebacks in the cells' outputs (the
  // model), and anything error-like rendered on the page (widget errors, Output widgets).
  nbk.errors = () => {
    const found = [];
    nbk.panel.content.widgets.forEach((cell, i) => {
      if (cell.model.type !== 'code') return;
      for (const o of cell.model.outputs.toJSON()) {
        if (o.output_type === 'error')
          found.push(`cell ${i}: ${o.ename}: ${o.evalue}`);
        const text = Array.isArray(o.text) ? o.text.join('') : (o.text || '');
        if (o.output_type === 'stream' && o.name === 'stderr' &&
            /Traceback|Error|Exception/.test(text))
          found.push(`cell ${i} stderr: ${text.slice(0, 500)}`);
      }
    });
    const node = nbk.panel.content.node;
    node.querySelectorAll('[data-mime-type="application/vnd.jupyter.stderr"]').forEach(el => {
      const text = el.innerText || '';
      if (/Traceback|Error|Exception/.test(text)) found.push(`on page: ${text.slice(0, 500)}`);
    });
    // ipywidgets' error box ("Click to show javascript error."): its details are hidden text.
    nbk.panel.content.widgets.forEach((cell, i) => {
      cell.node.querySelectorAll('.jupyter-widgets-error-widget').forEach(el => {
        if (/Click to show/.test(el.textContent || '')) el.click();   // shows the message
        found.push(`cell ${i} widget error: ` +
                   (el.textContent || '').replace(/\s+/g, ' ').slice(0, 400));
      });
    });
    const text = node.innerText || '';
    for (const needle of %(widget_errors)s)
      if (text.includes(needle)) {
        const at = text.indexOf(needle);
        found.push(`on page: ${text.slice(at, at + 200)}`);
      }
    return found;
  };

  // Panels: one per code cell whose outputs hold at least one slider and one image.
  nbk.panels = () => {
    const result = [];
    nbk.panel.content.widgets.forEach((cell, i) => {
      if (cell.model.type !== 'code') return;
      const out = cell.node.querySelector('.jp-OutputArea');
      if (!out) return;
      const sliders = Array.from(out.querySelectorAll('%(slider)s'));
      const images = Array.from(out.querySelectorAll('img'));
      if (!sliders.length || !images.length) return;
      cell.node.setAttribute('data-nbk-cell', String(i));
      const source = cell.model.sharedModel.getSource();
      const info = {cell: i, source, images: images.length, sliders: [], buttons: []};
      sliders.forEach((el, j) => {
        const handle = el.querySelector('input[type=range]');
        if (!handle) return;
        const id = `c${i}s${j}`;
        handle.setAttribute('data-nbk-slider', id);
        const label = el.querySelector('%(slider_label)s');
        info.sliders.push({id, label: label ? label.textContent.trim() : '',
                           disabled: handle.disabled});
      });
      out.querySelectorAll('button').forEach(b => info.buttons.push(b.textContent.trim() ||
                                                                   b.title || ''));
      info.math = out.querySelectorAll('.nbkernel-math').length;
      result.push(info);
    });
    return result;
  };

  nbk.imagesReady = (cellIndex) => {
    const root = cellIndex === null ? nbk.panel.content.node
        : nbk.panel.content.widgets[cellIndex].node;
    return Array.from(root.querySelectorAll('.jp-OutputArea img'))
        .every(img => img.complete && img.naturalWidth > 0);
  };
  nbk.widgetsRendered = () => {
    const outs = nbk.panel.content.node.querySelectorAll(
        '.jp-OutputArea-output[data-mime-type="%(widget_mime)s"]');
    return Array.from(outs).every(o => o.children.length > 0 &&
                                       !/Loading widget/.test(o.textContent || ''));
  };

  // Arm the timer for one key press (or burst) on the slider `sliderId` of cell `cellIndex`:
  // watch that cell's images; return the slider's position so the caller can pick a direction.
  nbk.arm = (cellIndex, sliderId) => {
    if (nbk.observer) nbk.observer.disconnect();
    nbk.keys = []; nbk.events = []; nbk.pending = 0; nbk.status = []; nbk.armed = true;
    const root = nbk.panel.content.widgets[cellIndex].node;
    nbk.observer = new MutationObserver(muts => {
      const t = performance.now();
      const imgs = new Set();
      for (const m of muts) {
        if (m.type === 'attributes' && m.target.tagName === 'IMG') imgs.add(m.target);
        if (m.type === 'childList') for (const n of m.addedNodes) {
          if (n.tagName === 'IMG') imgs.add(n);
          else if (n.querySelectorAll) n.querySelectorAll('img').forEach(x => imgs.add(x));
        }
      }
      imgs.forEach(img => onImage(img, t));
    });
    nbk.observer.observe(root, {subtree: true, childList: true, attributes: true,
                                attributeFilter: ['src']});
    const h = sliderId && document.querySelector(`[data-nbk-slider="${sliderId}"]`);
    if (!h) return {};
    return %(slider_position)s;
  };

  // Settled: the kernel went busy and back to idle after the keys, every changed image is
  // painted, and nothing happened for `quiet` ms; or no kernel activity/images for `idleWait` ms
  // (the key did not change the value, e.g. at the end of the slider).
  nbk.settled = (quiet, idleWait) => {
    if (!nbk.keys.length || nbk.pending) return false;
    const now = performance.now();
    const t0 = nbk.keys[0], lastKey = nbk.keys[nbk.keys.length - 1];
    let busy = false, idle = null;
    for (const s of nbk.status) {
      if (s.t < t0) continue;
      if (s.s === 'busy') { busy = true; idle = null; }
      else if (s.s === 'idle' && busy) idle = s.t;
    }
    const lastPaint = nbk.events.length ? Math.max(...nbk.events.map(e => e.paint)) : null;
    if (idle !== null) {
      if (lastPaint !== null) return now - Math.max(lastPaint, idle) >= quiet;
      return now - idle >= idleWait;
    }
    if (!busy && lastPaint !== null) return now - Math.max(lastPaint, lastKey) >= idleWait;
    if (!busy) return now - lastKey >= idleWait;
    return false;
  };
  nbk.result = () => {
    nbk.armed = false;
    if (nbk.observer) { nbk.observer.disconnect(); nbk.observer = null; }
    const paints = nbk.events.map(e => e.paint);
    const t0 = nbk.keys.length ? nbk.keys[0] : 0;
    const status = nbk.status.filter(s => s.t >= t0);
    const busy = status.find(s => s.s === 'busy');
    const idle = status.filter(s => s.s === 'idle').pop();
    return {keys: nbk.keys.slice(), paints, mutations: nbk.events.map(e => e.mutation),
            busy: busy ? busy.t : null, idle: idle ? idle.t : null};
  };

  // A cell's live maths (the panels' maths widgets, plain HTML): its markup.
  nbk.mathText = (cellIndex) => Array.from(
      nbk.panel.content.widgets[cellIndex].node.querySelectorAll('.nbkernel-math'))
      .map(el => el.innerHTML).join('\n');

  // A fingerprint of what a cell's images show (SHA-256 of their bytes, in order).
  nbk.imageDigest = async (cellIndex) => {
    const imgs = nbk.panel.content.widgets[cellIndex].node.querySelectorAll('.jp-OutputArea img');
    const parts = [];
    for (const img of imgs) {
      // a digest of the decoded pixels: one picture's PNG bytes depend on how it was deflated
      const bitmap = await createImageBitmap(await (await fetch(img.src)).blob());
      const canvas = new OffscreenCanvas(bitmap.width, bitmap.height);
      const context = canvas.getContext('2d');
      context.drawImage(bitmap, 0, 0);
      const pixels = context.getImageData(0, 0, bitmap.width, bitmap.height).data;
      const d = new Uint8Array(await crypto.subtle.digest('SHA-256', pixels));
      parts.push(Array.from(d.slice(0, 12)).map(x => x.toString(16).padStart(2, '0')).join(''));
    }
    return parts.join('-');
  };
})();
""" % {"widget_errors": json.dumps(list(WIDGET_ERROR_TEXTS)), "widget_mime": WIDGET_MIME,
       "slider": SLIDER, "slider_label": SLIDER_LABEL, "slider_position": SLIDER_POSITION_JS}


@dataclass
class Slider:
    id: str
    label: str
    disabled: bool = False


@dataclass
class Panel:
    """One notebook cell showing a panel: its index, a name, its sliders and image count."""
    cell: int
    name: str
    source: str
    images: int
    sliders: list[Slider] = field(default_factory=list)
    buttons: list[str] = field(default_factory=list)
    math: int = 0


@dataclass
class Press:
    """What one key press (or a burst of presses) did, in milliseconds of the page's clock.

    ``keys``: keydown (or mousedown) times; ``paints``/``mutations``: when each changed image was
    painted / had its ``src`` replaced; ``busy``/``idle``: the kernel's first busy and last idle
    status after the first key; ``before``: the slider position before, and the key pressed.
    """
    keys: list[float]
    paints: list[float]
    before: dict
    mutations: list[float] = field(default_factory=list)
    busy: float | None = None
    idle: float | None = None

    @property
    def changed(self) -> bool:
        return bool(self.paints)

    @property
    def latency(self) -> float | None:
        """First key to the last image painted (the whole panel updated)."""
        return max(self.paints) - self.keys[0] if self.paints and self.keys else None

    def breakdown(self) -> dict:
        """Where the time went, from the first key: kernel busy, kernel idle (the handler
        returned), last image ``src`` replaced, last image painted (ms; None if not seen)."""
        def since(t):
            return t - self.keys[0] if t is not None and self.keys else None
        return {"busy": since(self.busy), "idle": since(self.idle),
                "mutation": since(max(self.mutations)) if self.mutations else None,
                "paint": self.latency}

    @property
    def first_latency(self) -> float | None:
        return min(self.paints) - self.keys[0] if self.paints and self.keys else None

    @property
    def from_last_key(self) -> float | None:
        return max(self.paints) - self.keys[-1] if self.paints and self.keys else None


def panel_name(source: str, cell: int) -> str:
    """A readable name for a panel cell: ``# bench: NAME`` if given, else the ``*_panel(`` call."""
    marked = re.search(r"#\s*bench:\s*(.+)", source)
    if marked:
        return marked.group(1).strip()
    call = re.findall(r"\b(\w+_panel)\s*\(", source)
    if call:
        return call[-1]
    return f"cell {cell}"


class LabNotebook:
    """One notebook opened in JupyterLab in a Playwright page."""

    def __init__(self, page, lab: JupyterLab, name: str, workspace: str | None = None):
        self.page = page
        self.lab = lab
        self.name = name
        self.workspace = workspace
        self.console_errors: list[str] = []       # the browser console's errors, for reports
        page.on("console", lambda m: m.type == "error" and self.console_errors.append(m.text))
        page.on("pageerror", lambda e: self.console_errors.append(f"uncaught: {e}"))

    def eval(self, expression: str, arg=None):
        return self.page.evaluate(expression, arg)

    def open(self, timeout: float = 120.0) -> None:
        """Load JupyterLab with the notebook, wait for its kernel to be idle."""
        page = self.page
        page.goto(self.lab.notebook_url(self.name, self.workspace),
                  wait_until="domcontentloaded")
        page.wait_for_function(
            "path => !!(window.jupyterapp && window.jupyterapp.shell && "
            "Array.from(window.jupyterapp.shell.widgets('main'))"
            ".some(w => w.context && w.context.path === path))",
            arg=self.name, timeout=timeout * 1000)
        page.evaluate(PAGE_JS)
        page.wait_for_function("async path => await window.__nbk.open(path)", arg=self.name,
                               timeout=timeout * 1000, polling=250)
        with contextlib.suppress(Exception):       # more room for the notebook, as a learner would
            page.evaluate("() => window.jupyterapp.shell.collapseLeft()")
        page.wait_for_function("() => window.__nbk.kernelStatus() === 'idle'",
                               timeout=timeout * 1000, polling=100)

    def run_all(self, timeout: float = 180.0) -> None:
        """Run all cells (JupyterLab's "Run All Cells" command), then wait until every widget
        is rendered, every image loaded and the kernel idle."""
        page = self.page
        page.evaluate("async () => await window.__nbk.runAll()")
        page.wait_for_function(
            "() => window.__nbk.kernelStatus() === 'idle' && window.__nbk.busyCells() === 0 && "
            "window.__nbk.widgetsRendered() && window.__nbk.imagesReady(null)",
            timeout=timeout * 1000, polling=100)

    def open_and_run(self) -> list["Panel"]:
        """Open the notebook, run all its cells, assert no error is shown; return its panels."""
        self.open()
        self.run_all()
        self.assert_no_errors()
        return self.panels()

    def errors(self) -> list[str]:
        return self.eval("() => window.__nbk.errors()")

    def assert_no_errors(self) -> None:
        errors = self.errors()
        if errors and self.console_errors:
            errors.append("browser console errors:")
            errors += [line[:1000] for line in self.console_errors[:10]]
        assert not errors, "the notebook shows errors:\n" + "\n".join(errors)

    def panels(self) -> list[Panel]:
        found = []
        for info in self.eval("() => window.__nbk.panels()"):
            found.append(Panel(cell=info["cell"], name=panel_name(info["source"], info["cell"]),
                               source=info["source"], images=info["images"],
                               sliders=[Slider(**s) for s in info["sliders"]],
                               buttons=info["buttons"], math=info["math"]))
        return found

    def scroll_to(self, panel: Panel, settle_ms: float = 150) -> None:
        """Bring the panel's cell into view and let the page settle: JupyterLab attaches and
        lays out the cells that scroll into view over the next frames, and a key pressed
        meanwhile would time that work instead of the panel."""
        self.page.locator(f'[data-nbk-cell="{panel.cell}"]').scroll_into_view_if_needed()
        self.next_frame()
        self.page.wait_for_timeout(settle_ms)

    def press(self, panel: Panel, slider: Slider, key: str | None = None, *, count: int = 1,
              interval_ms: float = 0, quiet_ms: float = 150, idle_wait_ms: float = 1500,
              timeout: float = 30.0) -> Press:
        """Press an arrow key on a slider ``count`` times (a burst when > 1; one every
        ``interval_ms`` from key to key, else as fast as Playwright sends them) and wait until
        the panel has settled; returns the timings. With ``key=None`` the direction is chosen
        so the slider does not run into its end."""
        handle = self.page.locator(f'[data-nbk-slider="{slider.id}"]')
        if not handle.evaluate("el => el === document.activeElement"):
            handle.focus()
        before = self.eval("([c, s]) => window.__nbk.arm(c, s)", [panel.cell, slider.id])
        if key is None:
            key = direction(before, count)
        start = time.monotonic()
        for i in range(count):
            wait_ms = (start + i * interval_ms / 1000 - time.monotonic()) * 1000
            if wait_ms > 0:                   # on a schedule: a press itself takes a few ms
                self.page.wait_for_timeout(wait_ms)
            self.page.keyboard.press(key)
        return self._settle(dict(before, key=key), quiet_ms, idle_wait_ms, timeout)

    def click(self, panel: Panel, label: str, *, quiet_ms: float = 150,
              idle_wait_ms: float = 1500, timeout: float = 30.0) -> Press:
        """Click the panel's button labelled ``label`` (the pointer moved onto it and the page
        settled first) and wait until the panel has settled; timed from the mousedown."""
        button = self.page.locator(f'[data-nbk-cell="{panel.cell}"] .jp-OutputArea button',
                                   has_text=label).first
        button.scroll_into_view_if_needed()
        # As for a slider's keys: the button's cell is made the active one first (JupyterLab
        # spends ~50 ms updating its toolbar and commands when the active cell changes, which is
        # not the panel's work), and the pointer rests on the button before the press.
        button.focus()
        button.hover()
        self.next_frame()
        self.page.wait_for_timeout(100)
        self.eval("c => window.__nbk.arm(c, null)", panel.cell)
        button.click()
        return self._settle({"click": label}, quiet_ms, idle_wait_ms, timeout)

    def _settle(self, before, quiet_ms, idle_wait_ms, timeout) -> Press:
        self.page.wait_for_function("([q, w]) => window.__nbk.settled(q, w)",
                                    arg=[quiet_ms, idle_wait_ms], timeout=timeout * 1000,
                                    polling="raf")
        r = self.eval("() => window.__nbk.result()")
        return Press(keys=r["keys"], paints=r["paints"], before=before, mutations=r["mutations"],
                     busy=r["busy"], idle=r["idle"])

    def math_text(self, panel: Panel) -> str:
        """The markup of the panel's live maths ('' without maths)."""
        return self.eval("c => window.__nbk.mathText(c)", panel.cell)

    def wait_for_math_change(self, panel: Panel, old: str, timeout: float = 15.0) -> str:
        """Wait until the panel's maths markup differs from ``old``; return the new one."""
        self.page.wait_for_function("([c, old]) => window.__nbk.mathText(c) !== old",
                                    arg=[panel.cell, old], timeout=timeout * 1000, polling=50)
        return self.math_text(panel)

    def css_rules(self) -> dict:
        """The page's CSS: ``{"rules": count, "sheets": count, "typeset": count}``.

        ``rules`` counts the rules of every style sheet in the page (each rule the browser matches
        on every style recalculation); ``typeset`` counts MathJax output inside the panels' maths
        (none: it is plain HTML).
        """
        return self.eval("""() => {
          let rules = 0;
          for (const sheet of document.styleSheets) {
            try { rules += sheet.cssRules.length; } catch (error) { /* another origin */ }
          }
          const typeset = document.querySelectorAll(
              '.nbkernel-math mjx-container, .nbkernel-math .MathJax').length;
          return {rules, sheets: document.styleSheets.length, typeset};
        }""")

    def position(self, slider: Slider) -> dict:
        """The slider's value, min and max (in the slider's own units: a selection slider's
        option index)."""
        return self.page.locator(f'[data-nbk-slider="{slider.id}"]').evaluate(
            f"h => {SLIDER_POSITION_JS}")

    def tabs_to_reset(self, panel: Panel, limit: int = 40) -> dict:
        """Focus the panel's first slider and press Tab until its Reset button has the focus.

        Returns ``{"tabs": presses, "controls": focusable controls from the first slider to
        Reset in the page's order, "sliders": the panel's slider count}``; ``tabs`` is None
        when Reset was not reached within ``limit`` presses.
        """
        root = f'[data-nbk-cell="{panel.cell}"] .jp-OutputArea'
        self.page.locator(f'[data-nbk-slider="{panel.sliders[0].id}"]').focus()
        controls = self.page.locator(root).first.evaluate("""out => {
          const all = Array.from(out.querySelectorAll('input, select, button, textarea'))
              .filter(el => !el.disabled && el.tabIndex >= 0);
          const first = all.findIndex(el => el.matches('input[type=range]'));
          const reset = all.findIndex(el => el.tagName === 'BUTTON' &&
                                            el.textContent.trim() === 'Reset');
          return reset - first;
        }""")
        is_reset = ("() => { const a = document.activeElement; return !!a && a.tagName === "
                    "'BUTTON' && a.textContent.trim() === 'Reset' && "
                    f"!!a.closest('{root}'); }}")
        for tabs in range(1, limit + 1):
            self.page.keyboard.press("Tab")
            if self.eval(is_reset):
                return {"tabs": tabs, "controls": controls, "sliders": len(panel.sliders)}
        return {"tabs": None, "controls": controls, "sliders": len(panel.sliders)}

    def image_digest(self, panel: Panel) -> str:
        """A digest of the pixels the panel's images show (equal pictures, equal digests)."""
        return self.eval("c => window.__nbk.imageDigest(c)", panel.cell)

    def screenshot(self, panel: Panel, path: Path) -> Path:
        path.parent.mkdir(parents=True, exist_ok=True)
        output = self.page.locator(f'[data-nbk-cell="{panel.cell}"] .jp-OutputArea').first
        output.scroll_into_view_if_needed()
        box = output.bounding_box()
        viewport = self.page.viewport_size
        # JupyterLab scrolls inside the notebook, so an output taller than the window would be
        # cut off: make the window tall enough for the screenshot, then put it back.
        if box and viewport and box["height"] + 200 > viewport["height"]:
            self.page.set_viewport_size({"width": viewport["width"],
                                         "height": int(box["height"]) + 250})
            try:
                output.scroll_into_view_if_needed()
                self.next_frame()                 # relayout after the resize
                output.screenshot(path=str(path))
            finally:
                self.page.set_viewport_size(viewport)
        else:
            output.screenshot(path=str(path))
        return path

    def play_for(self, panel: Panel, seconds: float) -> dict:
        """Click the panel's Play, count the new pictures painted for ``seconds``, click Pause,
        then count those painted in the second after it; returns the counts and frame rate."""
        cell = f'[data-nbk-cell="{panel.cell}"]'
        self.page.locator(f"{cell} .jp-OutputArea").first.scroll_into_view_if_needed()
        self.eval("""c => {
          const out = document.querySelector(`[data-nbk-cell="${c}"] .jp-OutputArea`);
          window.__nbkPlay = {times: []};
          new MutationObserver(muts => {  // a new picture: a new <img>, or a new src
            const t = performance.now();
            if (muts.some(m => m.type === "attributes" ||
                               Array.from(m.addedNodes).some(n => n.tagName === "IMG")))
              window.__nbkPlay.times.push(t);
          }).observe(out, {subtree: true, childList: true, attributes: true,
                           attributeFilter: ["src"]});
        }""", panel.cell)
        buttons = self.page.locator(f"{cell} .jp-OutputArea button")
        buttons.filter(has_text="Play").first.click()
        start = self.eval("() => performance.now()")
        self.page.wait_for_timeout(seconds * 1000)
        buttons.filter(has_text="Pause").first.click()
        paused = self.eval("() => performance.now()")
        self.page.wait_for_timeout(1000)
        times = self.eval("() => window.__nbkPlay.times")
        playing = [t for t in times if start <= t <= paused]
        return {"frames": len(playing), "seconds": (paused - start) / 1000,
                "fps": len(playing) / ((paused - start) / 1000),
                "after_pause": len([t for t in times if t > paused])}

    def next_frame(self) -> None:
        """Wait until the page has produced two more frames (layout and paint are done)."""
        self.page.evaluate("() => new Promise(r => requestAnimationFrame("
                           "() => requestAnimationFrame(r)))")

    def screenshot_page(self, path: Path) -> Path:
        path.parent.mkdir(parents=True, exist_ok=True)
        self.page.screenshot(path=str(path), full_page=True)
        return path

    @contextlib.contextmanager
    def report_failure(self, name: str) -> Iterator[None]:
        """On any error in the block: screenshot the page (``build/screenshots/<name>.png``),
        print the end of JupyterLab's log, and re-raise the original error."""
        try:
            yield
        except BaseException:
            shot = SCREENSHOTS / f"{name}.png"
            try:
                self.screenshot_page(shot)
            except Exception:                  # the page may be gone; keep the real error
                pass
            print(f"screenshot: {shot}\nJupyterLab log (end):\n{self.lab.log_tail()}")
            raise


def direction(position: dict, count: int = 1) -> str:
    """The arrow key towards the side of the slider with more room (ArrowRight on a tie).

    The slider's range input gives value, min and max; one arrow press moves one step.
    """
    now, lo, hi = position.get("now"), position.get("min"), position.get("max")
    if None in (now, lo, hi) or any(v != v for v in (now, lo, hi)):     # missing or NaN
        return "ArrowRight"
    return "ArrowRight" if hi - now >= now - lo else "ArrowLeft"
