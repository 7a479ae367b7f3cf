"""A simulated browser: its own connection pool and cookie jar, the page's assets, and a
Socket.IO connection that starts as the page's JavaScript client starts it.

Phones, the projector and the console are all `Browser`s. Like a real browser, each holds
its own keep-alive connections (at most `connections` at once to the server, six in the
browsers phones run) beside its socket, and fetches each asset of a page once (static files
carry Last-Modified without max-age: a browser keeps them fresh by heuristic, so the second
page reuses what the first loaded).

The Socket.IO client is written here, on aiohttp, because python-socketio's client starts
differently from the JavaScript one (static/vendor/socket.io-*.js, configured by
static/js/live.js): the page opens an Engine.IO long-polling session (GET), sends the
CONNECT packet with its auth by POST while a GET polls, probes a websocket at once, and once
the probe answers, lets the pending poll end (the server releases it) and upgrades. That is
five HTTP exchanges and a websocket per connection, and what a join costs the server.
After a drop it reconnects the same way (0.5 s, then up to 4 s apart), until it is back.
"""

import asyncio
import html
import itertools
import json
import re
import time

import aiohttp

CSRF_INPUT = re.compile(r'name="csrf_token"[^>]*value="([^"]+)"')
CSRF_HEADER = re.compile(r'"X-CSRFToken":\s*"([^"]+)"')
# Stylesheets, scripts and icons a page references on its own server.
ASSET = re.compile(r'<(?:link|script)\b[^>]*?\b(?:href|src)="(/[^"]+)"')
BROWSER_CONNECTIONS = 6  # per host, as Chrome, Firefox and Safari do over HTTP/1.1
BROWSER_KEEPALIVE = 115.0  # s an idle connection is kept: Firefox's default (Chrome: longer)
RECORD_SEPARATOR = "\x1e"  # between Engine.IO packets in a polling payload
RECONNECT_DELAYS = (0.5, 1.0, 2.0, 4.0, 4.0)  # live.js: reconnectionDelay 500, max 4000
CONNECT_TIMEOUT = 8.0  # live.js: timeout 8000


def csrf_token(page: str) -> str | None:
    """The CSRF token of a page: a hidden input or the hx-headers of <body>."""
    found = CSRF_INPUT.search(page) or CSRF_HEADER.search(html.unescape(page))
    return found.group(1) if found else None


def assets_of(page: str) -> list[str]:
    """The same-server assets a page loads (stylesheets, scripts, icon), in page order."""
    return list(dict.fromkeys(html.unescape(u) for u in ASSET.findall(page)))


class Push:
    """One `regions` event as received: arrival time (monotonic) and its HTML."""

    __slots__ = ("at", "html")

    def __init__(self, at: float, html_text: str):
        self.at, self.html = at, html_text


class SocketRefused(ConnectionError):
    """The server answered the CONNECT packet with an error (44)."""


class Browser:
    def __init__(
        self,
        connector: aiohttp.BaseConnector | None,
        base: str,
        timeout: float = 30,
        connections: int = BROWSER_CONNECTIONS,
        keepalive: float = BROWSER_KEEPALIVE,
    ):
        """`connector=None`: a pool of its own, as a browser has (the normal case)."""
        self.base = base
        own = connector is None
        if own:
            # +1: aiohttp counts the websocket against the pool; a browser does not.
            connector = aiohttp.TCPConnector(
                limit=0, limit_per_host=connections + 1, keepalive_timeout=keepalive
            )
        self.session = aiohttp.ClientSession(
            connector=connector,
            connector_owner=own,
            cookie_jar=aiohttp.CookieJar(unsafe=True),  # unsafe: accept cookies for 127.0.0.1
            timeout=aiohttp.ClientTimeout(total=timeout),
        )
        self.timeout = timeout
        self.token: str | None = None
        self.cached: set[str] = set()
        self.asset_requests = 0
        self.http_requests = 0
        self.pushes: list[Push] = []
        self.push_event = asyncio.Event()
        self.handlers: dict = {}
        self.disconnects = 0
        self.reconnects = 0
        self.disconnected_at: list[float] = []
        self.closing = False
        self.connected_at: float | None = None
        self.transport: str | None = None  # "polling", then "websocket"
        self.upgraded = False  # opened by long-polling, then upgraded (as the page does)
        self._auth: dict | None = None
        self._sid: str | None = None
        self._ws: aiohttp.ClientWebSocketResponse | None = None
        self._connected = asyncio.Event()
        self._refused: str | None = None
        self._acks: dict[int, asyncio.Future] = {}
        self._ids = itertools.count(1)
        self._tasks: set[asyncio.Task] = set()

    # ---- HTTP ------------------------------------------------------------------------

    async def get(self, path: str, **kwargs) -> tuple[int, str, dict]:
        self.http_requests += 1
        async with self.session.get(self.base + path, allow_redirects=False, **kwargs) as r:
            text = await r.text()
            if "text/html" in r.headers.get("Content-Type", ""):
                self.token = csrf_token(text) or self.token
            return r.status, text, dict(r.headers)

    async def post(self, path: str, data: dict, headers: dict | None = None):
        """POST a form as htmx does (CSRF header); return (status, text, headers, ms)."""
        self.http_requests += 1
        sent = {"X-CSRFToken": self.token or "", **(headers or {})}
        started = time.perf_counter()
        async with self.session.post(
            self.base + path, data=data, headers=sent, allow_redirects=False
        ) as r:
            text = await r.text()
            return r.status, text, dict(r.headers), (time.perf_counter() - started) * 1000

    async def load_assets(self, page: str) -> int:
        """Fetch the page's assets not fetched before, in parallel as a browser does."""
        wanted = [u for u in assets_of(page) if u not in self.cached]
        self.cached.update(wanted)

        async def fetch(url):
            async with self.session.get(self.base + url) as r:
                await r.read()
                if r.status != 200:
                    raise RuntimeError(f"asset {url}: HTTP {r.status}")

        await asyncio.gather(*(fetch(u) for u in wanted))
        self.asset_requests += len(wanted)
        self.http_requests += len(wanted)
        return len(wanted)

    # ---- Socket.IO, as the page's client ---------------------------------------------

    def on(self, event: str, handler) -> None:
        """Call `handler(data)` for each `event` received (besides `regions`, always kept)."""
        self.handlers[event] = handler

    def _eio(self, transport: str, sid: str | None = None) -> str:
        query = f"EIO=4&transport={transport}&t={time.time_ns():x}"
        return f"/socket.io/?{query}" + (f"&sid={sid}" if sid else "")

    async def connect(self, auth: dict, timeout: float = CONNECT_TIMEOUT) -> None:
        """Open the socket as live.js does; raise when refused or not connected in time."""
        self._auth = auth
        await asyncio.wait_for(self._open(auth), min(timeout, CONNECT_TIMEOUT * 4))
        self.connected_at = time.monotonic()

    async def _open(self, auth: dict) -> None:
        self._connected.clear()
        self._refused = None
        headers = {"Origin": self.base}
        status, text, _h = await self.get(self._eio("polling"), headers=headers)
        if status != 200 or not text.startswith("0"):
            raise ConnectionError(f"Engine.IO handshake: HTTP {status} {text[:100]}")
        sid = json.loads(text[1:])["sid"]
        self._sid, self.transport = sid, "polling"
        upgrading = asyncio.Event()

        async def send_connect():
            self.http_requests += 1
            async with self.session.post(
                self.base + self._eio("polling", sid),
                data="40" + json.dumps(auth),
                headers={**headers, "Content-Type": "text/plain;charset=UTF-8"},
            ) as r:
                await r.read()
                if r.status != 200:
                    raise ConnectionError(f"Socket.IO connect packet: HTTP {r.status}")

        async def poll():
            # Polls until the upgrade pauses polling; the poll pending then is released by
            # the server (a noop) when it answers the probe.
            while True:
                status, payload, _h = await self.get(self._eio("polling", sid), headers=headers)
                if status != 200:
                    raise ConnectionError(f"Engine.IO poll: HTTP {status}")
                for packet in payload.split(RECORD_SEPARATOR):
                    await self._packet(packet, None)
                if upgrading.is_set() or self._refused:
                    return

        posting = asyncio.create_task(send_connect())
        polling = asyncio.create_task(poll())
        try:
            ws = await self.session.ws_connect(
                self.base.replace("http", "ws", 1) + self._eio("websocket", sid),
                headers=headers,
                autoping=False,
            )
            await ws.send_str("2probe")
            probe = await ws.receive(timeout=CONNECT_TIMEOUT)
            if probe.type != aiohttp.WSMsgType.TEXT or probe.data != "3probe":
                await ws.close()
                raise ConnectionError(f"websocket probe answered {probe.data!r}")
            upgrading.set()
            await posting
            await polling
            await ws.send_str("5")
        except BaseException:
            for task in (posting, polling):
                task.cancel()
            await asyncio.gather(posting, polling, return_exceptions=True)
            raise
        self._ws, self.transport, self.upgraded = ws, "websocket", True
        self._spawn(self._read(ws))
        await self._connected.wait()
        if self._refused:
            raise SocketRefused(self._refused)

    def _spawn(self, coro) -> None:
        task = asyncio.create_task(coro)
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)

    async def _read(self, ws) -> None:
        try:
            async for message in ws:
                if message.type == aiohttp.WSMsgType.TEXT:
                    await self._packet(message.data, ws)
                elif message.type in (aiohttp.WSMsgType.ERROR, aiohttp.WSMsgType.CLOSE):
                    break
        except (aiohttp.ClientError, ConnectionError):
            pass
        if self._ws is ws:
            self._ws = None
        if not self.closing:
            self._dropped()

    def _dropped(self) -> None:
        self.disconnects += 1
        self.disconnected_at.append(time.monotonic())
        self._connected.clear()
        for future in self._acks.values():
            if not future.done():
                future.set_exception(ConnectionError("socket dropped before the ack"))
        self._acks.clear()
        self._spawn(self._reconnect())

    async def _reconnect(self) -> None:
        """Try again until connected or closed, as the page does (never giving up)."""
        attempt = 0
        while not self.closing:
            await asyncio.sleep(RECONNECT_DELAYS[min(attempt, len(RECONNECT_DELAYS) - 1)])
            attempt += 1
            if self.closing:
                return
            try:
                await asyncio.wait_for(self._open(self._auth), CONNECT_TIMEOUT * 2)
            except (aiohttp.ClientError, ConnectionError, TimeoutError, ValueError):
                continue
            self.reconnects += 1
            return

    async def _packet(self, packet: str, ws) -> None:
        """One Engine.IO packet: ping, noop, close, or a Socket.IO message."""
        if not packet:
            return
        kind, body = packet[0], packet[1:]
        if kind == "2":  # ping: answer on the transport it came by
            if ws is not None:
                await ws.send_str("3")
            else:
                self._spawn(self._post_packet("3"))
        elif kind == "4":
            self._message(body)
        elif kind == "1" and ws is not None:
            await ws.close()

    async def _post_packet(self, packet: str) -> None:
        self.http_requests += 1
        async with self.session.post(self.base + self._eio("polling", self._sid), data=packet) as r:
            await r.read()

    def _message(self, body: str) -> None:
        kind, rest = body[:1], body[1:]
        if kind == "0":  # connected
            self._connected.set()
        elif kind == "4":  # connect error
            self._refused = rest[:200] or "refused"
            self._connected.set()
        elif kind == "1":  # the server closed the namespace
            self._connected.clear()
        elif kind in ("2", "3"):
            digits = re.match(r"\d*", rest).group(0)
            payload = json.loads(rest[len(digits) :])
            if kind == "3":
                future = self._acks.pop(int(digits), None) if digits else None
                if future is not None and not future.done():
                    future.set_result(payload)
                return
            name, data = payload[0], payload[1] if len(payload) > 1 else None
            if name == "regions":
                self.pushes.append(Push(time.monotonic(), (data or {}).get("html", "")))
                self.push_event.set()
            handler = self.handlers.get(name)
            if handler is not None:
                handler(data)

    @property
    def connected(self) -> bool:
        return self._ws is not None and self._connected.is_set()

    async def call(self, event: str, data, timeout: float):
        """Emit `event` with an acknowledgement (as socket.timeout(t).emitWithAck does)."""
        if not self.connected:
            raise ConnectionError("the socket is not connected")
        ack = next(self._ids)
        future = asyncio.get_running_loop().create_future()
        self._acks[ack] = future
        try:
            await self._ws.send_str(f"42{ack}" + json.dumps([event, data]))
            return await asyncio.wait_for(future, timeout)
        finally:
            self._acks.pop(ack, None)

    def pushes_between(self, start: float, end: float) -> int:
        return sum(1 for p in self.pushes if start <= p.at <= end)

    async def close(self) -> None:
        self.closing = True
        ws, self._ws = self._ws, None
        if ws is not None:
            try:
                await asyncio.wait_for(ws.send_str("41"), 2)
                await asyncio.wait_for(ws.close(), 3)
            except (TimeoutError, Exception):  # noqa: BLE001 - closing anyway
                pass
        for task in list(self._tasks):
            task.cancel()
        await asyncio.gather(*self._tasks, return_exceptions=True)
        await self.session.close()
