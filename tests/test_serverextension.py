"""The course's optional Jupyter Server extension (serverextension/): kernel WebSockets without
Nagle's delay.

The course runs without it (``make setup`` does not install it); these tests load it from the
source tree. Its effect on the panels is measured by ``benchmarks/bench_browser.py``. Here:
Jupyter Server, with the extension's enabling config file in place as installing it puts it there,
loads the extension and uses its connection class; and that
class really leaves ``TCP_NODELAY`` set on a WebSocket's server socket once a client has connected
(a real Tornado server and client on 127.0.0.1, with and without the extension's class).
"""

import asyncio
import doctest
import json
import os
import socket
import shutil
import subprocess
import sys
import textwrap
from pathlib import Path

from jupyter_server.services.kernels.connection.base import BaseKernelWebsocketConnection
from tornado import httpserver, netutil, web, websocket

SOURCE = Path(__file__).resolve().parents[1] / "serverextension"
sys.path.insert(0, str(SOURCE))  # the source tree, installed or not
import nbkernel_websocket_nodelay as nodelay  # noqa: E402


class RecordingConnection(BaseKernelWebsocketConnection):
    """A kernel connection with no kernel: it records whether the socket had TCP_NODELAY set
    when ``connect`` reached it."""

    def connect(self):
        self.nodelay_at_connect = server_nodelay(self.websocket_handler)
        return None


def server_nodelay(handler) -> bool:
    stream = handler.ws_connection.stream
    return bool(stream.socket.getsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY))


async def nodelay_after_handshake(connection_class) -> dict:
    """Serve one WebSocket whose ``open`` connects ``connection_class`` (as Jupyter Server's
    kernel handler does), connect a client, exchange a message; return the server socket's
    TCP_NODELAY at connect and after the exchange."""
    seen = {}

    class Handler(websocket.WebSocketHandler):
        def open(self):
            self.connection = connection_class(websocket_handler=self)
            self.connection.connect()

        def on_message(self, message):
            seen["at_connect"] = self.connection.nodelay_at_connect
            seen["after"] = server_nodelay(self)
            self.write_message(message)

    sockets = netutil.bind_sockets(0, "127.0.0.1")
    server = httpserver.HTTPServer(web.Application([(r"/ws", Handler)]))
    server.add_sockets(sockets)
    port = sockets[0].getsockname()[1]
    try:
        client = await websocket.websocket_connect(f"ws://127.0.0.1:{port}/ws")
        await client.write_message("ping")
        assert await client.read_message() == "ping"
        client.close()
    finally:
        server.stop()
    return seen


def test_tornado_leaves_nagle_on_for_a_plain_connection():
    # The reason for the extension: without it the server socket keeps Nagle's algorithm.
    seen = asyncio.run(nodelay_after_handshake(RecordingConnection))
    assert seen == {"at_connect": False, "after": False}


def test_the_extension_class_turns_nagle_off_before_connecting_and_it_stays_off():
    seen = asyncio.run(nodelay_after_handshake(nodelay.without_nagle(RecordingConnection)))
    assert seen == {"at_connect": True, "after": True}


def test_the_wrapped_class_keeps_its_base_class_and_what_connect_returns():
    calls = []

    class Handler:
        def set_nodelay(self, value):
            calls.append(("nodelay", value))

    class Connection:
        def __init__(self):
            self.websocket_handler = Handler()

        def connect(self):
            calls.append(("connect",))
            return "the base class's future"

    wrapped = nodelay.without_nagle(Connection)
    assert issubclass(wrapped, Connection) and wrapped.__name__ == "NoDelayConnection"
    assert wrapped().connect() == "the base class's future"
    assert calls == [("nodelay", True), ("connect",)]


def test_docstring_examples_run():
    result = doctest.testmod(nodelay)
    assert result.attempted > 0 and result.failed == 0


def test_jupyter_server_with_the_extension_installed_uses_it(tmp_path):
    # A real ServerApp in its own process, initialised but not serving, with the extension's
    # enabling file in its config directory (where installing the package puts it, under
    # sys.prefix) and the source tree on its path.
    script = textwrap.dedent("""
        import json
        from jupyter_server.serverapp import ServerApp
        app = ServerApp()
        app.initialize(argv=["--ServerApp.ip=127.0.0.1", "--ServerApp.port=0",
                             "--ServerApp.open_browser=False", "--ServerApp.allow_root=True"])
        cls = app.web_app.settings["kernel_websocket_connection_class"]
        print(json.dumps({"class": cls.__name__, "mro": [c.__name__ for c in cls.__mro__],
                          "loaded": "nbkernel_websocket_nodelay" in app.extension_manager.extensions}))
    """)
    config = tmp_path / "config" / "jupyter_server_config.d"
    config.mkdir(parents=True)
    shutil.copy(SOURCE / "jupyter-config" / "jupyter_server_config.d"
                / "nbkernel_websocket_nodelay.json", config)
    env = dict(os.environ, JUPYTER_CONFIG_DIR=str(tmp_path / "config"),
               JUPYTER_RUNTIME_DIR=str(tmp_path / "runtime"),
               JUPYTER_DATA_DIR=str(tmp_path / "data"),
               PYTHONPATH=os.pathsep.join([str(SOURCE), os.environ.get("PYTHONPATH", "")]))
    env.pop("JUPYTER_CONFIG_PATH", None)
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True,
                            env=env, cwd=tmp_path, timeout=120)
    assert result.returncode == 0, result.stderr[-3000:]
    found = json.loads(result.stdout.strip().splitlines()[-1])
    assert found["loaded"], "Jupyter Server did not load nbkernel_websocket_nodelay"
    assert found["class"] == "NoDelayZMQChannelsWebsocketConnection", found
    assert "ZMQChannelsWebsocketConnection" in found["mro"]
