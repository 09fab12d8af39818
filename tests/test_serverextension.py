"""The course's Jupyter Server extension (serverextension/): kernel WebSockets without Nagle's delay.

Its effect on the panels is measured by ``benchmarks/bench_browser.py``. Here: Jupyter Server,
started as ``make lab`` starts it, loads the extension and uses its connection class; and that
class really leaves ``TCP_NODELAY`` set on a WebSocket's server socket once a client has connected
(a real Tornado server and client on 127.0.0.1, with and without the extension's class).
"""

import asyncio
import doctest
import json
import os
import socket
import subprocess
import sys
import textwrap

from jupyter_server.services.kernels.connection.base import BaseKernelWebsocketConnection
from tornado import httpserver, netutil, web, websocket

try:
    import nbkernel_websocket_nodelay as nodelay
except ImportError as error:
    raise ImportError("the course's server extension is not installed: run `make setup` "
                      "(it installs ./serverextension)") from error


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


def test_jupyter_server_as_make_lab_starts_it_uses_the_extension(tmp_path):
    # A real ServerApp in its own process, with this environment's config (where installing the
    # package put the file that enables the extension), initialised but not serving.
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
    env = dict(os.environ, JUPYTER_CONFIG_DIR=str(tmp_path / "config"),
               JUPYTER_RUNTIME_DIR=str(tmp_path / "runtime"),
               JUPYTER_DATA_DIR=str(tmp_path / "data"))
    env.pop("JUPYTER_CONFIG_PATH", None)
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True,
                            env=env, cwd=tmp_path, timeout=120)
    assert result.returncode == 0, result.stderr[-3000:]
    found = json.loads(result.stdout.strip().splitlines()[-1])
    assert found["loaded"], "Jupyter Server did not load nbkernel_websocket_nodelay"
    assert found["class"] == "NoDelayZMQChannelsWebsocketConnection", found
    assert "ZMQChannelsWebsocketConnection" in found["mro"]
