"""What differs between the two stacks measured: how to set up, join, open, vote, recount.

`BareTarget` drives bench/bare_server.py; `AppTarget` (bench/app_target.py) drives the
real app exactly as a facilitator, a projector and phones do. The run (bench/burst.py)
only talks to this interface.
"""

import json
import re
from abc import ABC, abstractmethod
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

import aiohttp

from bench.browser import Browser
from bench.servers import Server, bare_server, plan_cores


@dataclass
class Ballot:
    """A phone's ballot as the page shows it: its orientations, which of their "place a
    dot" buttons are enabled (None: all), and when the server read it (`data-stamp`)."""

    candidates: list[str]
    extra: dict = field(default_factory=dict)
    enabled: set[str] | None = None
    stamp: str | None = None

    def is_enabled(self, candidate: str) -> bool:
        return candidate in self.candidates and (self.enabled is None or candidate in self.enabled)


@dataclass
class Recount:
    """The stored truth after the run: dots per candidate, and per phone when known."""

    totals: Counter
    by_phone: dict[int, Counter] | None = None


@dataclass
class CastResult:
    """The answer to one tap request: its status, the answer's text (the new ballot), and
    whether errors.py retargeted it to the flash region (the ballot is then not swapped)."""

    status: int
    ms: float
    text: str = ""
    retargeted: bool = False

    @property
    def message(self) -> str:
        """The refusal's message (the flash or the ballot's error line), else the start."""
        found = _MESSAGE.search(self.text)
        return (found.group(1) if found else self.text)[:120].strip()


_MESSAGE = re.compile(r'class="(?:save-error|flash-message)"[^>]*>([^<]+)<')


class Target(ABC):
    name = "target"
    servers: list[Server]
    projector: Browser | None = None
    console: Browser | None = None

    def start(self, log_dir: Path, timeout: float) -> set[int]:
        """Start the servers pinned to their cores; return the generator's cores."""
        server_cores, generator_cores = plan_cores(len(self.servers))
        for server, cores in zip(self.servers, server_cores, strict=True):
            server.start(cores, "/healthz", timeout)
        return generator_cores

    def stop(self) -> None:
        for server in self.servers:
            server.stop()

    def server_for_phone(self, index: int) -> Server:
        return self.servers[index % len(self.servers)]

    @abstractmethod
    async def prepare(self, connector: aiohttp.BaseConnector, timeout: float) -> None: ...

    async def join(self, phone: Browser, index: int) -> None:
        """Join over HTTP (nothing for the bare stack); raise on refusal."""
        return None

    async def after_connect(self, phone: Browser, timeout: float) -> None:
        """What a browser does with the state pushed right after connecting (default: nothing)."""
        return None

    @abstractmethod
    def phone_auth(self) -> dict: ...

    @abstractmethod
    async def open_vote(self) -> None: ...

    @abstractmethod
    def ballot(self, html: str) -> Ballot | None:
        """The ballot a push shows (or points at), or None when this push is not it."""

    async def load_ballot(self, phone: Browser, ballot: Ballot) -> Ballot | None:
        """Fetch what the pushed ballot points at, as htmx does on load (default: nothing).

        None: not open yet, keep waiting for the next push."""
        return ballot

    @abstractmethod
    async def cast(
        self, phone: Browser, ballot: Ballot, candidate: str, key: str
    ) -> CastResult: ...

    def answer_ballot(self, text: str, previous: Ballot) -> Ballot | None:
        """The ballot a tap's answer brings (None: the answer carries none, keep `previous`)."""
        return None

    @abstractmethod
    def tally(self, html: str) -> dict[str, int] | None:
        """The tally shown by a projector push, or None when the push does not show it."""

    @abstractmethod
    async def recount(self) -> Recount: ...

    async def close(self) -> None:
        for browser in (self.projector, self.console):
            if browser is not None:
                await browser.close()


BARE_BALLOT = re.compile(r'name="candidate" value="([^"]+)"')
BARE_TALLY = re.compile(r'data-id="([^"]+)" data-count="(\d+)"')


class BareTarget(Target):
    """bench/bare_server.py: no database, no join, a push per vote."""

    name = "bare"

    def __init__(self, log_dir: Path, candidates: int):
        self.servers = [bare_server(log_dir)]
        self.candidates = candidates

    async def prepare(self, connector, timeout):
        self.connector = connector
        self.projector = Browser(connector, self.servers[0].base)
        await self.projector.connect({"audience": "screen"}, timeout)

    def phone_auth(self):
        return {"audience": "phone"}

    async def open_vote(self):
        status, *_ = await self.projector.post("/open", {"candidates": str(self.candidates)})
        if status != 204:
            raise RuntimeError(f"bare /open answered {status}")

    def ballot(self, html):
        found = BARE_BALLOT.findall(html)
        return Ballot(found) if found else None

    async def cast(self, phone, ballot, candidate, key):
        status, text, _headers, ms = await phone.post(
            "/vote", {"candidate": candidate}, {"Idempotency-Key": key, "HX-Request": "true"}
        )
        return CastResult(status, ms, text)

    def tally(self, html):
        if 'id="ranking"' not in html:
            return None
        return {c: int(n) for c, n in BARE_TALLY.findall(html)}

    async def recount(self):
        status, text, _ = await self.projector.get("/count")
        if status != 200:
            raise RuntimeError(f"bare /count answered {status}")
        return Recount(Counter({k: int(v) for k, v in json.loads(text).items()}))
