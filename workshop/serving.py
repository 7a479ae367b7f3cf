"""The built-in server (gevent, with WebSocket): time limits against slow and idle clients.

Without limits, a client that opens a connection and sends its request a byte at a time
(or sends the headers and never the body) keeps a connection, a greenlet and whatever
the request had reached for as long as it likes. Here:

- an idle connection between two requests is closed after KEEPALIVE_SECONDS;
- the request line and headers must arrive within REQUEST_HEADER_SECONDS of the first
  byte, else the connection is closed (a "400" if the request line came);
- the body must arrive within REQUEST_BODY_SECONDS of the headers, else reading it
  fails as if the client had hung up (400, never a truncated form taken as whole) and
  the connection is closed.

A WebSocket, once upgraded, is not a request any more: Engine.IO's pings keep it alive.
Behind nginx (docs/deployment.md) the proxy's own timeouts and request buffering apply
first.
"""

import time

from gevent import Timeout, pywsgi
from geventwebsocket.handler import WebSocketHandler
from werkzeug.exceptions import ClientDisconnected


class TimedInput(pywsgi.Input):
    """A request body that fails (as if the client had hung up) at its deadline.

    gevent tells Werkzeug its input ends by itself (`wsgi.input_terminated`), so an
    early end would be read as the whole body: the app's read raises instead. The
    server's own discarding of an unread body just stops."""

    __slots__ = ("deadline", "handler", "expired", "discarding")

    def __init__(self, *args, deadline: float, handler, **kwargs):
        super().__init__(*args, **kwargs)
        self.deadline = deadline
        self.handler = handler
        self.expired = False
        self.discarding = False

    def _discard(self):
        self.discarding = True
        super()._discard()

    def _bounded(self, read, *args):
        left = self.deadline - time.monotonic()
        if self.expired or left <= 0:
            return self._expire()
        with Timeout(left, False):
            return read(*args)
        return self._expire()

    def _expire(self) -> bytes:
        self.expired = True
        self.handler.close_connection = True  # the stream is mid-body: never reuse it
        if self.discarding:
            return b""
        raise ClientDisconnected("the request body did not arrive in time")

    def read(self, length=None):
        return self._bounded(super().read, length)

    def readline(self, size=None):
        return self._bounded(super().readline, size)


class GuardedHandler(WebSocketHandler):
    """gevent-websocket's handler with keep-alive, header and body time limits."""

    keepalive_seconds = 20.0
    header_seconds = 10.0
    body_seconds = 30.0
    _header_deadline = 0.0

    def read_requestline(self):
        waiting = None
        with Timeout(self.keepalive_seconds, False):
            waiting = self.rfile.peek(1)
        if not waiting:  # idle for too long, or the client closed the connection
            return ""
        self._header_deadline = time.monotonic() + self.header_seconds
        with Timeout(self.header_seconds, False):
            return super().read_requestline()
        return ""  # the request line did not come in time: close

    def read_request(self, raw_requestline):
        left = self._header_deadline - time.monotonic()
        if left > 0:
            with Timeout(left, False):
                return super().read_request(raw_requestline)
        self.close_connection = True
        return False  # headers too slow: "400 Bad Request", then the connection closes

    def get_environ(self):
        environ = super().get_environ()
        if environ.get("wsgi.input") is self.wsgi_input:
            given = self.wsgi_input
            self.wsgi_input = TimedInput(
                given.rfile,
                given.content_length,
                socket=given.socket,
                chunked_input=given.chunked_input,
                deadline=time.monotonic() + self.body_seconds,
                handler=self,
            )
            environ["wsgi.input"] = self.wsgi_input
        return environ


def make_server(app, host: str, port: int, config) -> pywsgi.WSGIServer:
    """The app's server with the time limits of its config (see Config)."""
    handler = type(
        "Handler",
        (GuardedHandler,),
        {
            "keepalive_seconds": float(config["KEEPALIVE_SECONDS"]),
            "header_seconds": float(config["REQUEST_HEADER_SECONDS"]),
            "body_seconds": float(config["REQUEST_BODY_SECONDS"]),
        },
    )
    return pywsgi.WSGIServer((host, port), app, handler_class=handler, log=None)
