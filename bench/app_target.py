"""The real app, driven as its users drive it: a facilitator, a projector and phones.

Setup goes through the HTTP API only (create the workshop, build a vote on typed
orientations, start, put the vote on screen), then phones join with their cookie and
CSRF token and open their sockets. The recount reads the database directly.
"""

import asyncio
import re
import secrets
from collections import Counter
from pathlib import Path
from urllib.parse import urlsplit

from sqlalchemy import create_engine, text

from bench.browser import Browser
from bench.servers import app_server, snapshot_app
from bench.targets import Ballot, CastResult, Recount, Target
from bench.votes import VoteProtocol

HX = {"HX-Request": "true"}
# The ballot's slot: kept as it is by a push of the same vote state (hx-preserve).
SLOT = re.compile(r'id="(ballot-slot-[^"]+)"')


def _expect(what: str, status: int, wanted: int | tuple, body: str = "") -> None:
    wanted = (wanted,) if isinstance(wanted, int) else wanted
    if status not in wanted:
        raise RuntimeError(f"{what}: HTTP {status} (wanted {wanted}): {body[:300]}")


class AppTarget(Target):
    name = "app"

    def __init__(
        self,
        log_dir: Path,
        workers: int,
        opts,
        database_url=None,
        redis_url=None,
        code: Path | None = None,
    ):
        """`code`: a snapshot of the app taken earlier in this run (else one is taken)."""
        self.opts = opts
        self.instance = log_dir / "instance"
        self.database_url = database_url
        secret = "bench-" + secrets.token_hex(24)  # one key: every process accepts the cookies
        if code is None:
            code = log_dir / "app"
            self.snapshot = snapshot_app(code)
        else:
            self.snapshot = None
        self.servers = [
            app_server(i, self.instance, log_dir, secret, database_url, redis_url, code)
            for i in range(workers)
        ]
        self.protocol = VoteProtocol()
        self.code = self.activity_id = None
        self.profile_path = None
        self.profile_summary = None

    # ---- setup, as a facilitator ---------------------------------------------------------

    async def prepare(self, connector, timeout):
        first, last = self.servers[0], self.servers[-1]
        self.console = Browser(connector, first.base, timeout)
        await self._create_workshop(self.console)
        self.activity_id = await self.protocol.create_vote(
            self.console,
            self.code,
            self.opts.candidates,
            self.opts.ballot_budget,
            self.opts.per_candidate,
        )
        status, body, _h, _ms = await self.console.post(f"/w/{self.code}/start", {}, HX)
        _expect("start the workshop", status, 200, body)
        status, body, _h, _ms = await self.console.post(
            f"/w/{self.code}/activities/{self.activity_id}/go", {}, HX
        )
        _expect("put the vote on screen", status, 200, body)
        # The projector: its own browser, on the last process (the voters' pushes cross).
        status, _b, headers = await self.console.get(f"/w/{self.code}/screen")
        _expect("projector link", status, 302)
        self.projector = Browser(connector, last.base, timeout)
        status, body, _h = await self.projector.get(headers["Location"].replace(first.base, ""))
        _expect("open the projector", status, 200, body)
        await self.projector.connect({"workshop": self.code, "audience": "screen"}, timeout)
        await self.console.connect({"workshop": self.code, "audience": "console"}, timeout)

    async def _create_workshop(self, browser: Browser) -> None:
        status, body, _h = await browser.get("/new")
        _expect("the new-workshop form", status, 200, body)
        status, body, _h, _ms = await browser.post(
            "/new",
            {"title": "Bench: a whole room votes", "language": "en", "csrf_token": browser.token},
        )
        _expect("create a workshop", status, 303, body)
        status, body, _h = await browser.get(_path(_h["Location"]))
        _expect("the created page", status, 200, body)
        link = re.search(r'id="facilitator-link"[^>]*value="[^"]*?(/f/[^"]+)"', body)
        if not link:
            raise RuntimeError("no facilitator link in the answer of POST /new")
        status, _b, headers = await browser.get(link.group(1))
        _expect("open the facilitator link", status, 302)
        self.code = re.search(r"/w/([^/]+)/console", headers["Location"]).group(1)
        status, body, _h = await browser.get(f"/w/{self.code}/console")
        _expect("open the console", status, 200, body)

    # ---- phones ------------------------------------------------------------------------

    async def join(self, phone: Browser, index: int) -> None:
        status, body, _h = await phone.get(f"/j/{self.code}")
        _expect("the join form", status, 200, body)
        await phone.load_assets(body)
        key = re.search(r'name="join_key" value="([^"]*)"', body)
        category = re.search(r'name="category" value="([^"]+)"', body)
        form = {
            "first_name": f"P{index}",
            "surname": "Bench",
            "organisation": "Load test",
            "category": category.group(1) if category else "",
            "lang": "en",
            "join_key": key.group(1) if key and key.group(1) else secrets.token_hex(16),
            "csrf_token": phone.token,
        }
        status, body, headers, _ms = await phone.post(f"/j/{self.code}", form)
        _expect("join", status, 302, body)
        status, body, _h = await phone.get(f"/p/{self.code}")
        _expect("the phone page", status, 200, body)
        await phone.load_assets(body)  # those the join page did not load already
        phone.slots = set(SLOT.findall(body))
        await self._load_ballot_like_htmx(phone, body)

    async def _load_ballot_like_htmx(self, phone: Browser, page: str) -> None:
        """A stage showing a vote loads the phone's ballot (hx-trigger="load"), as htmx does."""
        url = self.protocol.ballot_url(page)
        if url:
            status, body, _h = await phone.get(url, headers=HX)
            _expect("load the ballot", status, 200, body)

    async def after_connect(self, phone: Browser, timeout: float) -> None:
        """The socket's first push (the whole state) swaps the stage in; a ballot slot the
        page does not hold yet loads its ballot (one it holds is kept: hx-preserve)."""
        try:
            await asyncio.wait_for(phone.push_event.wait(), timeout)
        except TimeoutError:
            raise RuntimeError("no state pushed after the socket connected") from None
        for push in list(phone.pushes):
            slots = set(SLOT.findall(push.html))
            if slots and slots <= getattr(phone, "slots", set()):
                continue  # the page keeps its slot (hx-preserve): nothing to load
            phone.slots = getattr(phone, "slots", set()) | slots
            await self._load_ballot_like_htmx(phone, push.html)

    def phone_auth(self):
        return {"workshop": self.code, "audience": "phone"}

    # ---- the vote ----------------------------------------------------------------------

    async def open_vote(self):
        await self.protocol.open_vote(self.console, self.code, self.activity_id)

    def ballot(self, html: str) -> Ballot | None:
        return self.protocol.ballot(html)

    async def load_ballot(self, phone, ballot):
        return await self.protocol.load_ballot(phone, ballot)

    async def cast(self, phone, ballot, candidate, key) -> CastResult:
        return await self.protocol.cast(phone, self.code, ballot, candidate, key)

    def answer_ballot(self, text, previous):
        return self.protocol.answer_ballot(text, previous)

    def tally(self, html: str):
        return self.protocol.tally(html)

    def console_tally(self, html: str):
        return self.protocol.console_tally(html)

    # ---- the truth ---------------------------------------------------------------------

    def _database_url(self) -> str:
        if self.database_url:
            return self.database_url.replace("postgresql://", "postgresql+psycopg://", 1)
        return f"sqlite:///{self.instance / 'workshop.sqlite3'}"

    def _recount_sync(self) -> Recount:
        """Count the stored dots per phone (its participant's first name) and candidate."""
        engine = create_engine(self._database_url())
        try:
            with engine.connect() as conn:
                rows = conn.execute(
                    text(
                        "SELECT p.first_name, d.candidate_id, COUNT(*) FROM vote_dots d "
                        "JOIN participants p ON p.id = d.participant_id "
                        "WHERE d.activity_id = :a GROUP BY p.first_name, d.candidate_id"
                    ),
                    {"a": self.activity_id},
                ).all()
        finally:
            engine.dispose()
        totals, by_phone = Counter(), {}
        for name, candidate, count in rows:
            totals[str(candidate)] += count
            if name.startswith("P") and name[1:].isdigit():
                by_phone.setdefault(int(name[1:]), Counter())[str(candidate)] += count
        return Recount(totals, by_phone)

    async def recount(self) -> Recount:
        return await asyncio.to_thread(self._recount_sync)


def _path(location: str) -> str:
    """A redirect's target as a path on the same server."""
    parts = urlsplit(location)
    return parts.path + (f"?{parts.query}" if parts.query else "")
