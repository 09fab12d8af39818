"""Jupyter Server extension for the course: kernel messages reach the browser without Nagle's delay.

Jupyter Server relays a kernel's messages to the browser over a WebSocket, and Tornado leaves
Nagle's algorithm on for WebSocket connections. A kernel answers each slider move with a few
small messages written one right after the other (status "busy", the widget's echo and its new
image, status "idle"). With Nagle's algorithm only the first leaves at once: the rest wait until
the browser acknowledges it, and the receiving side may hold that acknowledgement back for up to
40 ms (Linux's delayed ACK). ipywidgets sends a slider's next value only when "idle" arrives, so
every step of a held arrow key or a drag can lose those 40 ms.

Loaded by Jupyter Server (installing the package enables it), this extension turns Nagle's
algorithm off (``TCP_NODELAY``) on every kernel WebSocket as it connects. It wraps whatever
connection class the server is configured with, so a server that talks to a kernel gateway
keeps its own class.

Examples
--------
>>> from jupyter_server.services.kernels.connection.channels import (
...     ZMQChannelsWebsocketConnection)
>>> without_nagle(ZMQChannelsWebsocketConnection).__name__
'NoDelayZMQChannelsWebsocketConnection'
"""

__all__ = ["without_nagle"]


def without_nagle(connection_class):
    """A subclass of a kernel WebSocket connection class that sets ``TCP_NODELAY`` on connect.

    Parameters
    ----------
    connection_class : type
        Jupyter Server's kernel WebSocket connection class (``ServerApp.
        kernel_websocket_connection_class``), e.g. ``ZMQChannelsWebsocketConnection``.

    Returns
    -------
    type
        The subclass. Its ``connect()`` turns Nagle's algorithm off on the browser's WebSocket,
        then connects as ``connection_class`` does and returns what that returns.

    Examples
    --------
    >>> class Connection:
    ...     def connect(self):
    ...         return "connected"
    >>> without_nagle(Connection).__name__
    'NoDelayConnection'
    """

    class NoDelayConnection(connection_class):
        def connect(self):
            # Called from the handler's open(): the WebSocket handshake is done, the socket ours.
            self.websocket_handler.set_nodelay(True)
            return super().connect()

    NoDelayConnection.__name__ = NoDelayConnection.__qualname__ = (
        f"NoDelay{connection_class.__name__}")
    NoDelayConnection.__doc__ = f"{connection_class.__name__}, with TCP_NODELAY set on connect."
    return NoDelayConnection


def _jupyter_server_extension_points():
    return [{"module": "nbkernel_websocket_nodelay"}]


def _load_jupyter_server_extension(serverapp):
    """Make every kernel WebSocket the server opens from now on send without Nagle's delay."""
    settings = serverapp.web_app.settings
    connection_class = settings["kernel_websocket_connection_class"]
    settings["kernel_websocket_connection_class"] = without_nagle(connection_class)
    serverapp.log.info("nbkernel_websocket_nodelay: kernel WebSockets (%s) send without "
                       "Nagle's delay", connection_class.__name__)
