"""A join flood against a real server: refused in the phone's language, the room unaffected.

One address joins sixty participants with fresh cookies as fast as it can (the attack
that once went through without a refusal). With the default limits, joins past the
per-address budget answer 429 in French; the phones already in keep voting, every dot
stored once; then the facilitator closes joining and a new phone meets the "room full"
page, while the phones already in still act.
"""

import asyncio
import re
import time

import pytest

from bench import burst
from bench.app_target import AppTarget
from bench.browser import Browser
from bench.clock import Deadline
from tests.faults import invariants
from tests.faults.conftest import START_SECONDS, run, server_logs
from tests.faults.scenario import Room
from workshop.config import Config

pytestmark = pytest.mark.timeout(180)
FR = {"Accept-Language": "fr-FR,fr;q=0.9"}
FLOOD, PHONES, DOTS = 60, 5, 3


async def fresh_join(room: Room, index: int) -> tuple[int, str]:
    """A brand-new browser (its own cookie) fetches the join form and joins."""
    browser = Browser(room.connector, room.target.servers[0].base, 30)
    try:
        status, body, _h = await browser.get(f"/j/{room.code}", headers=FR)
        if status != 200:
            return status, body
        key = re.search(r'name="join_key" value="([^"]*)"', body).group(1)
        form = {"first_name": f"Ghost{index}", "surname": "Flood", "join_key": key}
        form["csrf_token"] = browser.token
        status, body, _h, _ms = await browser.post(f"/j/{room.code}", form, FR)
        return status, body
    finally:
        await browser.close()


async def flood_while_voting(target: AppTarget, opts) -> dict:
    room = await Room.open(target, opts)
    try:
        voters = await room.join_phones(PHONES)
        await target.open_vote()
        await room.load_ballots(voters)
        started = time.monotonic()
        flood = asyncio.gather(*(fresh_join(room, n) for n in range(FLOOD)))
        votes = asyncio.gather(*room.cast_all(voters, started, Deadline(60)))
        answers, _ = await asyncio.gather(flood, votes)
        found = {
            "flood_seconds": time.monotonic() - started,
            "statuses": [status for status, _body in answers],
            "refusal_pages": {body for status, body in answers if status == 429},
            "acked": room.acked(voters),
            "intents": len(room.intents(voters)),
            "stored": room.stored(),
            "violations": invariants.budget_violations(room.database_url),
        }
        status, _b, _h, _ms = await target.console.post(
            f"/w/{room.code}/joining", {"open": "0"}, {"HX-Request": "true"}
        )
        found["close_status"] = status
        found["closed_join"] = await fresh_join(room, 999)
        phone = voters[0].browser
        found["inside_after_close"] = (await phone.get(f"/p/{room.code}"))[0]
        return found
    finally:
        await room.close()


def test_a_join_flood_is_refused_in_french_and_the_room_goes_on(tmp_path, servers_to_stop):
    opts = burst.Options(phones=PHONES, dots=DOTS, window=2.0, candidates=5, replay_fraction=0)
    target = AppTarget(tmp_path, 1, opts)
    for server in target.servers:  # the defaults, not bench's lifted limits
        server.env["WORKSHOP_JOINS_PER_ADDRESS_LIMIT"] = Config.JOINS_PER_ADDRESS_LIMIT
        server.env["WORKSHOP_JOINS_PER_WORKSHOP_LIMIT"] = Config.JOINS_PER_WORKSHOP_LIMIT
    servers_to_stop.append(target)
    target.start(tmp_path, START_SECONDS)
    try:
        found = run(flood_while_voting(target, opts), 150)
    except Exception as error:
        raise AssertionError(f"{error}\n{server_logs(target)}") from error
    allowed = int(Config.JOINS_PER_ADDRESS_LIMIT.split()[0]) - PHONES
    statuses = found["statuses"]
    print(
        f"\n{FLOOD} joins from one address in {found['flood_seconds']:.1f} s: "
        f"{statuses.count(302)} joined, {statuses.count(429)} refused (429); "
        f"{found['acked']}/{found['intents']} dots of the phones already in acked"
    )
    assert statuses.count(302) == allowed and statuses.count(429) == FLOOD - allowed
    assert all("Trop de personnes rejoignent" in page for page in found["refusal_pages"])
    assert found["acked"] == found["intents"] == PHONES * DOTS
    assert sum(found["stored"].values()) == PHONES * DOTS and found["violations"] == {}
    assert found["close_status"] == 200
    status, page = found["closed_join"]
    assert status == 409 and "Les inscriptions à cet atelier sont fermées" in page
    assert found["inside_after_close"] == 200
    assert "Traceback" not in server_logs(target)
