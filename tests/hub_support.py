"""A private JupyterHub on 127.0.0.1 for the hub test and benchmark, and a student's way into it.

Aims: start a real JupyterHub (the ``jupyterhub`` package pinned in requirements.txt, its proxy
``configurable-http-proxy`` from ``hub-proxy/``, installed by ``make hub-proxy``) with the dummy
authenticator (any name, any password) and the simple local spawner (each user's server runs
as this same system user, with a temporary home folder of its own), as a student would meet it
through nbgitpuller links; and stop the hub, the proxy and every user server and kernel again,
also when the code using it fails.

Limits: for tests and benchmarks only. The dummy authenticator and the simple spawner give no
isolation between users (JupyterHub's own documentation says never to use them in production).
Linux only (the processes to stop are found in /proc).

Examples
--------
>>> with JupyterHub() as hub:                                   # doctest: +SKIP
...     with chromium_page() as page:
...         hub.log_in(page, "student")
...         page.goto(link)                    # an nbgitpuller link made by tools/links.py
"""

from __future__ import annotations

import contextlib
import json
import os
import secrets
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path

from browser_support import (LAB_SETTINGS, NOTEBOOK_SETTINGS, REPO, _descendants,
                             _kill_if_same, _proc_start_time, free_port)

PROXY = REPO / "hub-proxy" / "node_modules" / ".bin" / "configurable-http-proxy"
PROXY_HINT = "install JupyterHub's proxy with `make hub-proxy` (npm ci in hub-proxy/)"


def find_proxy() -> Path | None:
    """The pinned configurable-http-proxy of hub-proxy/, or None if `make hub-proxy` has not run."""
    return PROXY if os.access(PROXY, os.X_OK) and shutil.which("node") else None


def _bin(name: str) -> str:
    """``name`` next to the running Python (the project's .venv), else in the repo's .venv."""
    for candidate in (Path(sys.executable).parent / name, REPO / ".venv" / "bin" / name):
        if os.access(candidate, os.X_OK):
            return str(candidate)
    raise FileNotFoundError(f"no `{name}` next to {sys.executable} or in {REPO / '.venv'}; "
                            "run `make setup`")


def running(pid: int, start: str) -> bool:
    """Whether ``pid`` is still the process that started at ``start`` and has not exited.

    A zombie has exited: it only waits for its parent to collect its exit status. A process
    whose parent has gone is handed to PID 1, and some container inits (this project's CI
    machines among them) collect late, so zombies count as stopped.
    """
    if _proc_start_time(pid) != start:
        return False
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"


class JupyterHub:
    """A private JupyterHub for one test or benchmark run; use it as a context manager.

    Parameters
    ----------
    startup_timeout : float
        Seconds to wait for the hub to answer through its proxy.
    windowing_mode : str or None
        Written into each user's JupyterLab settings before their server starts, as
        ``JupyterLab`` in browser_support does ("none": every cell attached, so the tests can
        reach panels out of view); None keeps JupyterLab's default.
    spawner_args : list of str
        Extra command-line arguments for every user's server.

    Attributes
    ----------
    url : str      the public address, ``http://127.0.0.1:<port>`` (the proxy)
    tmp : Path     the hub's temporary folder: its database, logs and the users' homes
    """

    def __init__(self, *, startup_timeout: float = 120.0, windowing_mode: str | None = "none",
                 spawner_args: list[str] | None = None):
        self.startup_timeout = startup_timeout
        self.windowing_mode = windowing_mode
        self.spawner_args = list(spawner_args or [])
        self.token = secrets.token_hex(24)     # the API token of a service with admin scopes
        self.proc: subprocess.Popen | None = None
        self.tmp: Path | None = None
        self.port = 0
        self._log = None
        self._seen: dict[int, str] = {}        # every process of ours seen: pid -> start time

    # -- lifecycle ---------------------------------------------------------------------------
    def __enter__(self) -> "JupyterHub":
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

    def home(self, user: str) -> Path:
        """The user's home folder (their server's root: nbgitpuller clones into it)."""
        assert self.tmp is not None, "hub not started"
        return self.tmp / "home" / user

    def _config(self, hub_port: int, proxy_api_port: int) -> str:
        # As browser_support's JupyterLab: the page exposes its app to the tests, and never
        # checks for updates (no network, no pop-up).
        args = ["--LabApp.expose_app_in_browser=True",
                "--LabApp.check_for_updates_class=jupyterlab.NeverCheckForUpdate",
                *self.spawner_args]
        if hasattr(os, "geteuid") and os.geteuid() == 0:       # containers, CI runners
            args.append("--ServerApp.allow_root=True")
        config = {
            "public": f"http://127.0.0.1:{self.port}",
            "hub_port": hub_port,
            "proxy_api": f"http://127.0.0.1:{proxy_api_port}",
            "proxy": [str(PROXY)],
            "tmp": str(self.tmp),
            "home": str(self.tmp / "home" / "{username}"),
            "cmd": [_bin("jupyterhub-singleuser")],
            "args": args,
            "token": self.token,
        }
        # Python, so that JupyterHub reads it as its own config file; the values come from JSON.
        return f"""\
import json
v = json.loads({json.dumps(json.dumps(config))})
c = get_config()  # noqa: F821
c.JupyterHub.bind_url = v["public"]
c.JupyterHub.hub_ip = "127.0.0.1"
c.JupyterHub.hub_port = v["hub_port"]
c.ConfigurableHTTPProxy.api_url = v["proxy_api"]
c.ConfigurableHTTPProxy.command = v["proxy"]
c.ConfigurableHTTPProxy.pid_file = v["tmp"] + "/proxy.pid"
c.JupyterHub.db_url = "sqlite:///" + v["tmp"] + "/jupyterhub.sqlite"
c.JupyterHub.cookie_secret_file = v["tmp"] + "/cookie_secret"
c.JupyterHub.pid_file = v["tmp"] + "/hub.pid"
c.JupyterHub.authenticator_class = "dummy"
c.JupyterHub.spawner_class = "simple"
c.SimpleLocalProcessSpawner.home_dir_template = v["home"]
c.Spawner.cmd = v["cmd"]
c.Spawner.args = v["args"]
c.Spawner.default_url = "/lab"
c.Spawner.start_timeout = 120
c.Spawner.http_timeout = 120
# Stopping is checked by the test: no server may outlive the hub.
c.JupyterHub.cleanup_servers = True
c.JupyterHub.services = [{{"name": "harness", "api_token": v["token"]}}]
c.JupyterHub.load_roles = [{{
    "name": "harness", "services": ["harness"],
    "scopes": ["admin:users", "admin:servers", "list:users", "read:users", "tokens"],
}}]
"""

    def start(self) -> None:
        if find_proxy() is None:
            raise FileNotFoundError(f"configurable-http-proxy not found at {PROXY}: {PROXY_HINT}")
        self.tmp = Path(tempfile.mkdtemp(prefix="nbkernel-hub-"))
        (self.tmp / "home").mkdir()
        self._log = open(self.tmp / "hub.log", "w+b")
        env = dict(os.environ)
        # JupyterHub and its spawner find jupyterhub-singleuser and the kernel's Python here.
        env["PATH"] = f"{Path(_bin('jupyterhub')).parent}{os.pathsep}{env.get('PATH', '')}"
        for key in ("JUPYTERHUB_API_TOKEN", "JUPYTER_TOKEN", "CONFIGPROXY_AUTH_TOKEN"):
            env.pop(key, None)
        for attempt in range(3):
            self.port, hub_port, api_port = free_port(), free_port(), free_port()
            config = self.tmp / "jupyterhub_config.py"
            config.write_text(self._config(hub_port, api_port))
            # Own process group and session, so stop() can end the hub and nothing else.
            self.proc = subprocess.Popen(
                [_bin("jupyterhub"), "-f", str(config), "--log-level=INFO"], cwd=self.tmp,
                env=env, stdout=self._log, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL,
                start_new_session=True)
            if self._wait_until_ready():
                return
            if self.proc.poll() is None:             # alive but silent: give up
                break
            self.proc = None                         # a port taken in between: try others
        raise RuntimeError("JupyterHub did not answer within %.0f s (or exited); its log ends "
                           "with:\n%s" % (self.startup_timeout, self.log_tail()))

    def _wait_until_ready(self) -> bool:
        deadline = time.monotonic() + self.startup_timeout
        while time.monotonic() < deadline:
            self._remember_processes()
            if self.proc.poll() is not None:
                return False
            try:
                self.api("GET", "/users", timeout=2)     # through the proxy: both are up
                return True
            except (OSError, urllib.error.URLError):
                time.sleep(0.25)
        return False

    def api(self, method: str, path: str, body: dict | None = None, *, timeout: float = 10.0):
        """Call the hub's REST API (``/hub/api<path>``) as the harness service."""
        req = urllib.request.Request(self.url + "/hub/api" + path, method=method,
                                     headers={"Authorization": f"token {self.token}"})
        if body is not None or method in ("POST", "PUT", "PATCH"):
            req.data = json.dumps(body or {}).encode()
            req.add_header("Content-Type", "application/json")
        with urllib.request.urlopen(req, timeout=timeout) as resp:
            data = resp.read()
        return json.loads(data) if data else None

    def prepare_home(self, user: str) -> Path:
        """Create the user's home with the JupyterLab settings of the tests (call before the
        server starts: JupyterLab reads them from ``~/.jupyter/lab/user-settings``)."""
        home = self.home(user)
        settings = dict(LAB_SETTINGS)
        if self.windowing_mode is not None:
            settings[NOTEBOOK_SETTINGS] = {"windowingMode": self.windowing_mode}
        for rel, values in settings.items():
            path = home / ".jupyter" / "lab" / "user-settings" / rel
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(json.dumps(values))
        return home

    def start_server(self, user: str, timeout: float = 120.0) -> None:
        """Create ``user`` and start their server through the API, as the spawn page would."""
        self.prepare_home(user)
        with contextlib.suppress(urllib.error.HTTPError):        # 409: exists already
            self.api("POST", f"/users/{user}")
        with contextlib.suppress(urllib.error.HTTPError):        # 400: already running
            self.api("POST", f"/users/{user}/server")
        self.wait_for_server(user, timeout)

    def wait_for_server(self, user: str, timeout: float = 120.0) -> dict:
        """Wait until the user's server is ready; returns the hub's model of the user."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            self._remember_processes()
            model = self.api("GET", f"/users/{user}")
            server = (model.get("servers") or {}).get("")
            if server and server.get("ready"):
                return model
            time.sleep(0.25)
        raise TimeoutError(f"{user}'s server did not start within {timeout:.0f} s; hub log:\n"
                           + self.log_tail())

    def user_token(self, user: str) -> str:
        """A fresh API token of ``user`` (for their server's REST API and kernels)."""
        return self.api("POST", f"/users/{user}/tokens", {"note": "harness"})["token"]

    def log_in(self, page, user: str, password: str = "any") -> None:
        """Log ``user`` in through the hub's login form in a Playwright page."""
        self.prepare_home(user)
        page.goto(self.url + "/hub/login", wait_until="domcontentloaded")
        page.fill("input[name=username]", user)
        page.fill("input[name=password]", password)
        page.click("input[type=submit], button[type=submit]")
        page.wait_for_load_state("domcontentloaded")

    def processes(self) -> dict[int, str]:
        """Every process of the hub seen so far and still running: pid -> start time."""
        self._remember_processes()
        return {pid: start for pid, start in self._seen.items() if running(pid, start)}

    def _remember_processes(self) -> None:
        if self.proc is not None and self.proc.poll() is None:
            start = _proc_start_time(self.proc.pid)
            if start is not None:
                self._seen[self.proc.pid] = start
            self._seen.update(_descendants(self.proc.pid))

    def log_tail(self, chars: int = 4000) -> str:
        if self._log is None:
            return ""
        self._log.flush()
        self._log.seek(0)
        return self._log.read().decode("utf-8", "replace")[-chars:]

    def stop(self) -> None:
        """Stop every user's server (and so their kernels), the hub and its proxy; SIGKILL
        whatever of ours is left; delete the temporary folder."""
        proc = self.proc
        if proc is not None:
            self._remember_processes()
            self.proc = None
            if proc.poll() is None:
                with contextlib.suppress(Exception):
                    for user in self.api("GET", "/users", timeout=5) or []:
                        if (user.get("servers") or {}).get(""):
                            with contextlib.suppress(Exception):
                                self.api("DELETE", f"/users/{user['name']}/server", timeout=30)
                # SIGTERM to the hub alone: it stops the remaining servers and its proxy.
                proc.terminate()
                try:
                    proc.wait(timeout=30)
                except subprocess.TimeoutExpired:
                    with contextlib.suppress(ProcessLookupError):
                        os.killpg(proc.pid, signal.SIGKILL)
                    proc.wait(timeout=5)
            for pid, start in list(self._seen.items()):
                _kill_if_same(pid, start)
        if self._log is not None:
            self._log.close()
            self._log = None
        if self.tmp is not None:
            shutil.rmtree(self.tmp, ignore_errors=True)
            self.tmp = None


class HubUserLab:
    """What ``browser_support.LabNotebook`` needs to know of a user's JupyterLab on the hub."""

    def __init__(self, hub: JupyterHub, user: str):
        self.hub, self.user = hub, user

    def notebook_url(self, name: str, workspace: str | None = None) -> str:
        base = f"{self.hub.url}/user/{self.user}/lab"
        return f"{base}/workspaces/{workspace}/tree/{name}" if workspace else f"{base}/tree/{name}"

    def log_tail(self, chars: int = 4000) -> str:
        return self.hub.log_tail(chars)
