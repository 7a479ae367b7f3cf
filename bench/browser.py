"""A simulated browser: one cookie jar, plain HTTP requests, one Socket.IO connection.

Phones, the projector and the console are all `Browser`s. Many browsers share one
aiohttp connector (keep-alive connections to loopback), each with its own cookies.
"""

import asyncio
import html
import re
import time

import aiohttp
import socketio

CSRF_INPUT = re.compile(r'name="csrf_token"[^>]*value="([^"]+)"')
CSRF_HEADER = re.compile(r'"X-CSRFToken":\s*"([^"]+)"')


def csrf_token(page: str) -> str | None:
    """The CSRF token of a page: a hidden input or the hx-headers of <body>."""
    found = CSRF_INPUT.search(page) or CSRF_HEADER.search(html.unescape(page))
    return found.group(1) if found else None


class Push:
    """One `regions` event as received: arrival time (monotonic) and its HTML."""

    __slots__ = ("at", "html")

    def __init__(self, at: float, html_text: str):
        self.at, self.html = at, html_text


class Browser:
    def __init__(self, connector: aiohttp.BaseConnector, base: str, timeout: float = 30):
        self.base = base
        self.session = aiohttp.ClientSession(
            connector=connector,
            connector_owner=False,
            cookie_jar=aiohttp.CookieJar(unsafe=True),  # unsafe: accept cookies for 127.0.0.1
            timeout=aiohttp.ClientTimeout(total=timeout),
        )
        self.token: str | None = None
        self.sio: socketio.AsyncClient | None = None
        self.pushes: list[Push] = []
        self.push_event = asyncio.Event()
        self.disconnects = 0
        self.disconnected_at: list[float] = []
        self.closing = False
        self.connected_at: float | None = None

    async def get(self, path: str, **kwargs) -> tuple[int, str, dict]:
        async with self.session.get(self.base + path, allow_redirects=False, **kwargs) as r:
            text = await r.text()
            if "text/html" in r.headers.get("Content-Type", ""):
                self.token = csrf_token(text) or self.token
            return r.status, text, dict(r.headers)

    async def post(self, path: str, data: dict, headers: dict | None = None):
        """POST a form as htmx does (CSRF header); return (status, text, headers, ms)."""
        sent = {"X-CSRFToken": self.token or "", **(headers or {})}
        started = time.perf_counter()
        async with self.session.post(
            self.base + path, data=data, headers=sent, allow_redirects=False
        ) as r:
            text = await r.text()
            return r.status, text, dict(r.headers), (time.perf_counter() - started) * 1000

    async def connect(self, auth: dict, timeout: float) -> None:
        """Open the Socket.IO connection as live.js does (websocket, cookie, auth)."""
        self.sio = socketio.AsyncClient(
            reconnection=True,
            reconnection_attempts=5,
            http_session=self.session,
            request_timeout=timeout,
            handle_sigint=False,
        )
        self.sio.on("regions", self._on_regions)
        self.sio.on("disconnect", self._on_disconnect)
        await self.sio.connect(
            self.base,
            auth=auth,
            transports=["websocket"],
            wait_timeout=timeout,
            headers={"Origin": self.base},
        )
        self.connected_at = time.monotonic()

    async def _on_regions(self, message):
        self.pushes.append(Push(time.monotonic(), message.get("html", "")))
        self.push_event.set()

    async def _on_disconnect(self, *_reason):
        if not self.closing:
            self.disconnects += 1
            self.disconnected_at.append(time.monotonic())

    def pushes_between(self, start: float, end: float) -> int:
        return sum(1 for p in self.pushes if start <= p.at <= end)

    async def close(self) -> None:
        self.closing = True
        if self.sio is not None:
            try:
                await asyncio.wait_for(self.sio.disconnect(), 5)
            except (TimeoutError, Exception):  # noqa: BLE001 - closing anyway
                pass
        await self.session.close()
