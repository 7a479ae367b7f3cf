"""Taps over a real websocket, against the app as `run.py` serves it (gevent).

The test client of Flask-SocketIO skips Engine.IO's handshake, where the Origin check
lives: here a real client connects over the network, so a page of another origin is
refused before it can send anything, and a tap over the phone's own socket is
acknowledged, stored once, and counted once again when posted with the same key.
"""

import re
import uuid
from pathlib import Path

import aiohttp
import pytest
import socketio
from sqlalchemy import create_engine, text

from tests.async_run import run_scenario
from tests.factories import add_vote, make_workshop
from tests.served import served_app
from workshop import create_app, db
from workshop.services import agenda, voting

pytestmark = pytest.mark.timeout(120)
CSRF = re.compile(r'name="csrf_token"[^>]*value="([^"]+)"')
JOIN_KEY = re.compile(r'name="join_key" value="([^"]+)"')
HANDSHAKE = "/socket.io/?EIO=4&transport="
CLOSED = (aiohttp.WSMsgType.CLOSE, aiohttp.WSMsgType.CLOSED, aiohttp.WSMsgType.ERROR)


@pytest.fixture(scope="module")
def served(tmp_path_factory):
    """An open dot vote prepared in an instance folder, then `run.py` serving that folder."""
    folder = tmp_path_factory.mktemp("served-taps") / "instance"
    app = create_app({"INSTANCE_PATH": str(folder), "ASYNC_MODE": "threading"})
    db.upgrade(app)
    with app.test_request_context():
        workshop, _ = make_workshop(language="en")
        activity = add_vote(workshop, candidates=("Piste A", "Piste B"))
        agenda.start_workshop(workshop)
        agenda.go_to_activity(workshop, activity.id)
        voting.open_vote(workshop, activity)
        ids = [c.id for c in voting.candidates_of(activity)]
        code, activity_id = workshop.join_code, activity.id
    app.extensions["db"]["engine"].dispose()
    with served_app(
        folder,
        folder.parent,
        dropped=("DATABASE_URL", "REDIS_URL"),
        ready_path="/healthz",
        start_seconds=30,
    ) as server:
        yield server.base, code, activity_id, ids, folder / "workshop.sqlite3"


def stored_dots(path: Path) -> int:
    engine = create_engine(f"sqlite:///{path}")
    try:
        with engine.connect() as conn:
            return conn.execute(text("SELECT COUNT(*) FROM vote_dots")).scalar()
    finally:
        engine.dispose()


async def joined_phone(url: str, code: str, name: str) -> tuple[aiohttp.ClientSession, str]:
    """A phone that joined over HTTP as a browser does: its cookie and CSRF token."""
    http = aiohttp.ClientSession(cookie_jar=aiohttp.CookieJar(unsafe=True))
    async with http.get(f"{url}/j/{code}") as answer:
        form = await answer.text()
    token = CSRF.search(form).group(1)
    data = {
        "first_name": name,
        "surname": "Served",
        "lang": "en",
        "join_key": JOIN_KEY.search(form).group(1),
        "csrf_token": token,
    }
    async with http.post(f"{url}/j/{code}", data=data, allow_redirects=False) as answer:
        assert answer.status == 302, await answer.text()
    return http, token


async def connected(http, url: str, code: str, origin: str) -> socketio.AsyncClient:
    client = socketio.AsyncClient(reconnection=False, http_session=http)
    await client.connect(
        url,
        auth={"workshop": code, "audience": "phone"},
        transports=["websocket"],
        headers={"Origin": origin},
        wait_timeout=10,
    )
    return client


def test_a_page_of_another_origin_cannot_open_the_socket_so_cannot_tap(served):
    url, code, activity_id, ids, database = served
    before = stored_dots(database)

    async def scenario():
        http, _token = await joined_phone(url, code, "Foreign")
        try:
            evil = {"Origin": "http://evil.example"}
            # Engine.IO's handshake, as a browser starts it (long-polling): refused.
            async with http.get(f"{url}{HANDSHAKE}polling", headers=evil) as answer:
                assert answer.status == 400
                assert "origin" in (await answer.text()).lower()
            # Straight to a websocket: closed before any packet.
            try:
                async with http.ws_connect(f"{url}{HANDSHAKE}websocket", headers=evil) as ws:
                    message = await ws.receive(timeout=5)
                    assert message.type in CLOSED, message
            except aiohttp.WSServerHandshakeError:
                pass
            # The same cookie from the app's own origin connects: only the origin differed.
            client = await connected(http, url, code, url)
            assert client.connected
            await client.disconnect()
        finally:
            await http.close()

    run_scenario(scenario(), 120)
    assert stored_dots(database) == before


def test_a_tap_over_a_real_websocket_is_acknowledged_and_its_http_fallback_counts_once(served):
    url, code, activity_id, ids, database = served
    before = stored_dots(database)
    key = uuid.uuid4().hex

    async def scenario():
        http, token = await joined_phone(url, code, "Socket")
        try:
            client = await connected(http, url, code, url)
            payload = {"activity": activity_id, "action": "dot", "candidate_id": ids[0], "key": key}
            answer = await client.call("tap", payload, timeout=10)
            assert answer["ok"] is True and answer["remaining"] == 2
            assert [row["candidate"] for row in answer["rows"]] == [ids[0]]
            # The ack was "lost": the phone posts the same tap with the same key.
            async with http.post(
                f"{url}/p/{code}/vote/{activity_id}/dot",
                data={"candidate_id": str(ids[0])},
                headers={"X-CSRFToken": token, "HX-Request": "true", "Idempotency-Key": key},
            ) as posted:
                assert posted.status == 200
                assert "2</span> dots left" in await posted.text()
            await client.disconnect()
        finally:
            await http.close()

    run_scenario(scenario(), 120)
    assert stored_dots(database) == before + 1
