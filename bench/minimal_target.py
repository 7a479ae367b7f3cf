"""bench/minimal_server.py driven as the app is: phones join (page, assets, session, CSRF),
connect their socket as the page does, tap with idempotency keys under the page's rules;
the recount reads its SQLite file."""

import asyncio
import os
import sqlite3
from collections import Counter
from pathlib import Path

from bench.servers import Server, clean_env, free_port, minimal_argv
from bench.targets import BARE_TALLY, CastResult, Recount, Target
from bench.votes import VoteProtocol


class MinimalTarget(Target):
    name = "minimal"

    def __init__(self, log_dir: Path, opts, ignore_key: bool = False):
        """`ignore_key`: the server stores every request as a new dot (tests only: a broken
        idempotency the bench must see as double counted)."""
        self.opts = opts
        self.db_path = log_dir / f"minimal-{os.getpid()}-{id(self)}.sqlite3"
        port = free_port()
        env = clean_env() | ({"BENCH_MINIMAL_IGNORE_KEY": "1"} if ignore_key else {})
        self.servers = [Server("minimal", minimal_argv(port, self.db_path), env, port, log_dir)]
        self.protocol = VoteProtocol()

    async def prepare(self, connector, timeout):
        from bench.browser import Browser

        self.console = None
        self.projector = Browser(connector, self.servers[0].base, timeout)
        await self.projector.connect({"audience": "screen"}, timeout)

    async def join(self, phone, index: int) -> None:
        status, body, _h = await phone.get("/j")
        if status != 200:
            raise RuntimeError(f"minimal join page: HTTP {status}")
        await phone.load_assets(body)
        status, body, _h, _ms = await phone.post(
            "/j", {"name": f"P{index}", "csrf_token": phone.token}
        )
        if status != 302:
            raise RuntimeError(f"minimal join: HTTP {status} {body[:200]}")
        status, body, _h = await phone.get("/p")
        if status != 200:
            raise RuntimeError(f"minimal phone page: HTTP {status}")
        await phone.load_assets(body)

    async def after_connect(self, phone, timeout: float) -> None:
        try:
            await asyncio.wait_for(phone.push_event.wait(), timeout)
        except TimeoutError:
            raise RuntimeError("no state pushed after the socket connected") from None

    def phone_auth(self):
        return {"audience": "phone"}

    async def open_vote(self):
        form = {
            "candidates": str(self.opts.candidates),
            "budget": str(self.opts.ballot_budget),
            "per": str(self.opts.per_candidate),
        }
        status, *_ = await self.projector.post("/open", form)
        if status != 204:
            raise RuntimeError(f"minimal /open answered {status}")

    def ballot(self, html):
        return self.protocol.ballot(html)

    async def cast(self, phone, ballot, candidate, key) -> CastResult:
        status, body, _h, ms = await phone.post(
            "/vote/dot", {"candidate_id": candidate}, {"HX-Request": "true", "Idempotency-Key": key}
        )
        return CastResult(status, ms, body)

    def answer_ballot(self, text, previous):
        return self.protocol.answer_ballot(text, previous)

    def tally(self, html):
        if 'id="ranking"' not in html:
            return None
        return {c: int(n) for c, n in BARE_TALLY.findall(html)}

    def _recount_sync(self) -> Recount:
        with sqlite3.connect(self.db_path) as conn:
            rows = conn.execute(
                "SELECT phone, candidate, COUNT(*) FROM dots GROUP BY phone, candidate"
            ).fetchall()
        totals, by_phone = Counter(), {}
        for name, candidate, count in rows:
            totals[str(candidate)] += count
            by_phone.setdefault(int(name[1:]), Counter())[str(candidate)] += count
        return Recount(totals, by_phone)

    async def recount(self) -> Recount:
        return await asyncio.to_thread(self._recount_sync)
