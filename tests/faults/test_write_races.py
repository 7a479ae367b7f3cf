"""Parallel requests against a real server (SQLite, PostgreSQL): every rule that guards a
write holds, because it is checked inside the transaction that writes.

Each race fires its requests at once at `python run.py` (gevent, one process): a
participant's posts past a card cap, cards posted while the facilitator closes the board,
group choices while the facilitator closes the choice, groups created twice under one
name, and actions added past the list's limit. Checked before the transaction opened (as
these rules were), several requests passed the same check; now the extra ones are refused
and nothing lands after the close that refused it.
"""

import asyncio
import re
import secrets
from urllib.parse import urlsplit

import aiohttp
import pytest

from bench.browser import Browser
from bench.servers import app_server, plan_cores, snapshot_app
from tests.faults import invariants
from tests.faults.conftest import START_SECONDS, run

pytestmark = [pytest.mark.timeout(300)]

HX = {"HX-Request": "true"}
CAP = 2
PARALLEL = 12


def expect(status: int, wanted, body: str = "") -> None:
    assert status in (wanted if isinstance(wanted, tuple) else (wanted,)), body[:300]


def ok(answer: tuple[int, str]) -> None:
    status, body = answer
    assert status == 200, body[:300]


@pytest.fixture(scope="module", params=["sqlite", "postgres"])
def server(request, tmp_path_factory):
    """Two app processes (run.py, gevent) on one SQLite file or one fresh PostgreSQL
    database: requests of a race alternate between them, as behind a load balancer (within
    one gevent process, SQLite's writes are serialised anyway)."""
    log_dir = tmp_path_factory.mktemp(f"races-{request.param}")
    database = None
    if request.param == "postgres":
        host, port, name = request.getfixturevalue("fresh_postgres")
        database = f"postgresql://postgres@{host}:{port}/{name}"
    code = log_dir / "app"
    snapshot_app(code)
    instance = log_dir / "instance"
    secret = "races-" + secrets.token_hex(16)
    apps = [app_server(i, instance, log_dir, secret, database, None, code) for i in (0, 1)]
    cores, _generator = plan_cores(len(apps))
    for app, cpus in zip(apps, cores, strict=True):
        app.start(cpus, "/healthz", START_SECONDS)
    truth = (
        database.replace("postgresql://", "postgresql+psycopg://", 1)
        if database
        else f"sqlite:///{instance / 'workshop.sqlite3'}"
    )
    yield [app.base for app in apps], truth
    for app in apps:
        app.stop()


class Room:
    """A workshop on the server, its facilitator and its phones (simulated browsers)."""

    def __init__(self, bases: list[str], truth: str):
        self.bases, self.base, self.truth = bases, bases[0], truth
        self.connector = aiohttp.TCPConnector(limit=0)
        self.console = Browser(self.connector, self.base)
        self.phones: list[Browser] = []
        self.code = ""

    async def open(self) -> "Room":
        status, body, _h = await self.console.get("/new")
        expect(status, 200, body)
        form = {"title": "Races", "language": "en", "csrf_token": self.console.token}
        status, body, headers, _ms = await self.console.post("/new", form)
        expect(status, 303, body)
        status, body, _h = await self.console.get(urlsplit(headers["Location"]).path)
        expect(status, 200, body)
        link = re.search(r'id="facilitator-link"[^>]*value="[^"]*?(/f/[^"]+)"', body).group(1)
        status, _b, headers = await self.console.get(link)
        self.code = re.search(r"/w/([^/]+)/console", headers["Location"]).group(1)
        await self.console.get(f"/w/{self.code}/console")  # the CSRF token of the console
        return self

    async def act(self, path: str, form=None, browser: Browser | None = None, via: int = 0):
        """POST as htmx does, to the `via`-th process (cookies are not bound to a port)."""
        browser = browser or self.console
        headers = {"X-CSRFToken": browser.token or "", **HX}
        url = self.bases[via % len(self.bases)] + path
        async with browser.session.post(url, data=form or {}, headers=headers) as answer:
            return answer.status, await answer.text()

    def rows(self, sql: str, **params) -> list[tuple]:
        return invariants.read(self.truth, sql, **params)

    async def board(self, cap: int = 0) -> int:
        """Add a plenary brainstorm (with a per-person cap) and put it on screen."""
        form = {"kind": "brainstorm", "title": "Ideas", "mode": "plenary", "cap": str(cap)}
        ok(await self.act(f"/w/{self.code}/activities", form))
        (activity_id,) = self.rows("SELECT max(id) FROM activities WHERE kind = 'brainstorm'")[0]
        await self.act(f"/w/{self.code}/start")
        ok(await self.act(f"/w/{self.code}/activities/{activity_id}/go"))
        return activity_id

    async def join(self, count: int) -> list[Browser]:
        async def one(index: int) -> Browser:
            phone = Browser(self.connector, self.base)
            status, body, _h = await phone.get(f"/j/{self.code}")
            expect(status, 200, body)
            category = re.search(r'name="category" value="([^"]+)"', body)
            form = {
                "first_name": f"P{len(self.phones) + index}",
                "surname": "Race",
                "category": category.group(1) if category else "",
                "join_key": secrets.token_hex(16),
                "csrf_token": phone.token,
            }
            status, body, _h, _ms = await phone.post(f"/j/{self.code}", form)
            expect(status, 302, body)
            await phone.get(f"/p/{self.code}")
            return phone

        new = list(await asyncio.gather(*(one(i) for i in range(count))))
        self.phones += new
        return new

    async def close(self) -> None:
        await asyncio.gather(*(b.session.close() for b in [self.console, *self.phones]))
        await self.connector.close()


def race(server, scenario):
    bases, truth = server

    async def play():
        room = await Room(bases, truth).open()
        try:
            return await scenario(room)
        finally:
            await room.close()

    return run(play(), 240)


def test_parallel_posts_of_one_participant_never_pass_the_card_cap(server):
    async def scenario(room: Room):
        activity_id = await room.board(cap=CAP)
        (phone,) = await room.join(1)
        posts = [
            room.act(f"/p/{room.code}/cards", {"text": f"Idea {i}"}, phone, via=i)
            for i in range(PARALLEL)
        ]
        answers = [status for status, _body in await asyncio.gather(*posts)]
        stored = room.rows(
            "SELECT count(*) FROM cards WHERE activity_id = :a AND NOT deleted", a=activity_id
        )[0][0]
        return answers, stored

    answers, stored = race(server, scenario)
    assert stored == CAP
    assert sorted(answers) == [200] * CAP + [409] * (PARALLEL - CAP)


def test_no_card_lands_after_the_board_closed(server):
    async def scenario(room: Room):
        activity_id = await room.board()
        phones = await room.join(16)
        posts = [
            room.act(f"/p/{room.code}/cards", {"text": f"Idea {i}-{n}"}, phone, via=i + n)
            for n in range(6)
            for i, phone in enumerate(phones)
        ]
        count = "SELECT count(*) FROM cards WHERE activity_id = :a"
        tasks = [asyncio.create_task(p) for p in posts]
        await asyncio.sleep(0.01)
        ok(await room.act(f"/w/{room.code}/boards/{activity_id}/state", {"closed": "1"}))
        at_close = room.rows(count, a=activity_id)[0][0]
        answers = [status for status, _body in await asyncio.gather(*tasks)]
        return at_close, room.rows(count, a=activity_id)[0][0], answers

    at_close, after, answers = race(server, scenario)
    assert after == at_close  # nothing written once the close was answered
    assert answers.count(200) == after
    assert set(answers) <= {200, 409}


def test_no_group_choice_lands_after_the_choice_closed(server):
    async def scenario(room: Room):
        for name in ("North", "South"):
            ok(await room.act(f"/w/{room.code}/groups", {"name": name}))
        groups = [
            g
            for (g,) in room.rows(
                "SELECT g.id FROM groups g JOIN workshops w ON w.id = g.workshop_id "
                "WHERE w.join_code = :c ORDER BY g.id",
                c=room.code,
            )
        ]
        ok(await room.act(f"/w/{room.code}/groups/choice", {"open": "1"}))
        phones = await room.join(16)
        picks = [
            room.act(f"/p/{room.code}/group", {"group_id": str(groups[i % 2])}, phone, via=i)
            for i, phone in enumerate(phones)
        ]
        chosen = "SELECT count(*) FROM participants WHERE group_id IN (:a, :b)"
        tasks = [asyncio.create_task(p) for p in picks]
        await asyncio.sleep(0.01)
        ok(await room.act(f"/w/{room.code}/groups/choice", {"open": "0"}))
        at_close = room.rows(chosen, a=groups[0], b=groups[1])[0][0]
        answers = [status for status, _body in await asyncio.gather(*tasks)]
        return at_close, room.rows(chosen, a=groups[0], b=groups[1])[0][0], answers

    at_close, after, answers = race(server, scenario)
    assert after == at_close
    assert answers.count(200) == after
    assert set(answers) <= {200, 409}


def test_two_groups_created_at_once_never_share_a_name(server):
    async def scenario(room: Room):
        adds = [
            room.act(f"/w/{room.code}/groups", {"name": "Twins"}, via=i) for i in range(PARALLEL)
        ]
        answers = [status for status, _body in await asyncio.gather(*adds)]
        named = room.rows(
            "SELECT count(*) FROM groups g JOIN workshops w ON w.id = g.workshop_id "
            "WHERE g.name = 'Twins' AND w.join_code = :c",
            c=room.code,
        )[0][0]
        return answers, named

    answers, named = race(server, scenario)
    assert named == 1
    assert sorted(answers) == [200] + [422] * (PARALLEL - 1)


def test_actions_added_at_once_never_pass_the_list_limit(server):
    limit = 100  # services/minutes/_actions.py MAX_ACTIONS

    async def scenario(room: Room):
        base = f"/w/{room.code}/minutes/actions"
        for i in range(limit - 3):
            ok(await room.act(base, {"title": f"Action {i}"}))
        adds = [room.act(base, {"title": f"Late {i}"}, via=i) for i in range(PARALLEL)]
        answers = [status for status, _body in await asyncio.gather(*adds)]
        stored = room.rows(
            "SELECT count(*) FROM minutes_actions a JOIN workshops w ON w.id = a.workshop_id "
            "WHERE w.join_code = :c",
            c=room.code,
        )[0][0]
        return answers, stored

    answers, stored = race(server, scenario)
    assert stored == limit
    assert sorted(answers) == [200] * 3 + [409] * (PARALLEL - 3)
