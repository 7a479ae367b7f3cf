"""SQLite held locked by another process, shorter and then longer than the busy timeout.

Another process opens the database file and holds `BEGIN EXCLUSIVE` until the test lets
it go. A write that meets the lock waits for it (cooperatively: the gevent server keeps
serving reads meanwhile) and succeeds once it is released; past the busy timeout it is
refused with 503, `Retry-After` and a message in the person's language saying nothing
was recorded, and nothing is half-written. Reads work all along (WAL). A tap refused
that way and sent again with its key afterwards is counted once.

The busy timeout of these tests is WORKSHOP_FAULT_SQLITE_BUSY_MS (the app's default,
5000, in a soak run).
"""

import asyncio
import os
import subprocess
import sys
import threading
from pathlib import Path

import pytest
from flask_babel import force_locale

from bench import burst
from bench.app_target import AppTarget
from bench.browser import Browser
from tests.conftest import make_test_app
from tests.factories import add_vote, make_workshop
from tests.faults import invariants
from tests.faults.conftest import SOAK, START_SECONDS, run, server_logs
from tests.faults.scenario import Room
from tests.views.helpers import HX, join_as
from workshop.services import agenda, voting
from workshop.web.messages import message

BUSY_MS = int(os.environ.get("WORKSHOP_FAULT_SQLITE_BUSY_MS", 5000 if SOAK else 600))
HOLDER = """
import sqlite3, sys
db = sqlite3.connect(sys.argv[1], isolation_level=None, timeout=0)
db.execute("BEGIN EXCLUSIVE")
db.execute("UPDATE workshops SET title = title")  # hold a real write, not just the lock
print("locked", flush=True)
sys.stdin.readline()
db.execute("ROLLBACK")
print("released", flush=True)
"""


class LockHolder:
    """Another process holding SQLite's write lock on the file until `release()`."""

    def __init__(self, path: Path):
        self.proc = subprocess.Popen(
            [sys.executable, "-c", HOLDER, str(path)],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
        )
        line = self.proc.stdout.readline().strip()
        assert line == "locked", f"the lock holder said {line!r}"

    def release(self) -> None:
        if self.proc.poll() is None:
            self.proc.stdin.write("\n")
            self.proc.stdin.flush()
            assert self.proc.stdout.readline().strip() == "released"
            self.proc.wait(10)

    def __enter__(self):
        return self

    def __exit__(self, *_exc):
        if self.proc.poll() is None:
            self.proc.kill()
            self.proc.wait(10)
        self.proc.stdin.close()
        self.proc.stdout.close()


@pytest.fixture
def locked_room(tmp_path):
    """An app on its own SQLite file with an open vote and two phones (French, English)."""
    path = tmp_path / "locked.sqlite3"
    app = make_test_app(f"sqlite:///{path}", tmp_path, SQLITE_BUSY_TIMEOUT_MS=BUSY_MS)
    with app.test_request_context():
        workshop, secret = make_workshop(language="fr")
        activity = add_vote(workshop, candidates=["Piste A", "Piste B", "Piste C"])
        phones = {}
        for lang in ("fr", "en"):
            phone = app.test_client()
            join_as(phone, workshop, first_name=lang.upper(), lang=lang)
            phones[lang] = phone
        agenda.start_workshop(workshop)
        agenda.go_to_activity(workshop, activity.id)
        voting.open_vote(workshop, activity)
        candidates = [c.id for c in voting.candidates_of(activity)]
        facilitator = app.test_client()
        facilitator.get(f"/f/{secret}")
        yield app, path, workshop, activity, candidates, phones, facilitator
    app.extensions["db"]["engine"].dispose()


def tap(phone, workshop, activity, candidate_id, key):
    return phone.post(
        f"/p/{workshop.join_code}/vote/{activity.id}/dot",
        data={"candidate_id": candidate_id},
        headers={**HX, "Idempotency-Key": key},
    )


def stored(path: Path) -> tuple[int, int, int, int]:
    """(dots, idempotency keys, participants, activities) as the file holds them now."""
    tables = ("vote_dots", "idempotency_keys", "participants", "activities")
    url = f"sqlite:///{path}"
    return tuple(invariants.read(url, f"SELECT COUNT(*) FROM {t}")[0][0] for t in tables)


def test_a_write_waits_for_a_short_lock_then_succeeds(locked_room):
    app, path, workshop, activity, candidates, phones, _ = locked_room
    app.config["SQLITE_BUSY_TIMEOUT_MS"] = max(BUSY_MS, 5000)  # well past the lock's length
    answers = []
    with LockHolder(path) as holder:
        writer = threading.Thread(
            target=lambda: answers.append(
                tap(phones["fr"], workshop, activity, candidates[0], "short-lock-0001")
            )
        )
        writer.start()
        writer.join(0.3)
        assert writer.is_alive(), "the write did not wait for the lock"
        holder.release()
        writer.join(30)
    (answer,) = answers
    assert answer.status_code == 200, answer.get_data(as_text=True)[:300]
    assert 'class="saved"' in answer.get_data(as_text=True)
    assert stored(path)[:2] == (1, 1)
    assert invariants.budget_violations(f"sqlite:///{path}") == {}


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_a_lock_past_the_busy_timeout_refuses_clearly_and_stores_nothing(locked_room, lang):
    app, path, workshop, activity, candidates, phones, facilitator = locked_room
    before = stored(path)
    with LockHolder(path) as holder:
        # A phone's tap: 503, to be sent again; its message in the phone's language.
        answer = tap(phones[lang], workshop, activity, candidates[1], f"long-lock-{lang}-01")
        body = answer.get_data(as_text=True)
        assert answer.status_code == 503
        assert answer.headers["Retry-After"].isdigit()
        with app.test_request_context(), force_locale(lang):
            expected = message("database_unavailable")
        assert expected in body.replace("&#39;", "'")
        assert "Traceback" not in body and "sqlite" not in body.lower()
        # Somebody joining, and the facilitator adding an activity: refused the same way.
        newcomer = app.test_client()
        joined = newcomer.post(
            f"/j/{workshop.join_code}", data={"first_name": "Zoé", "surname": "Roy"}
        )
        assert joined.status_code == 503 and "Traceback" not in joined.get_data(as_text=True)
        added = facilitator.post(
            f"/w/{workshop.join_code}/activities",
            data={"kind": "instruction", "title": "Pendant le verrou", "planned_minutes": "5"},
            headers=HX,
        )
        assert added.status_code == 503 and added.headers["HX-Retarget"] == "#flash"
        # Reads still work while the file is locked.
        assert phones[lang].get(f"/p/{workshop.join_code}").status_code == 200
        ballot = phones[lang].get(f"/p/{workshop.join_code}/vote/{activity.id}", headers=HX)
        assert ballot.status_code == 200
        assert facilitator.get(f"/w/{workshop.join_code}/console").status_code == 200
        assert app.test_client().get("/healthz").status_code == 200
        holder.release()
    # Nothing of the refused actions was written.
    assert stored(path) == before
    # The phone sends its tap again with the same key: stored once.
    again = tap(phones[lang], workshop, activity, candidates[1], f"long-lock-{lang}-01")
    assert again.status_code == 200
    replay = tap(phones[lang], workshop, activity, candidates[1], f"long-lock-{lang}-01")
    assert replay.status_code == 200
    assert stored(path)[:2] == (before[0] + 1, before[1] + 1)
    assert invariants.budget_violations(f"sqlite:///{path}") == {}


# ---- the real server (gevent): a waiting write must not freeze the process --------------

SERVER_BUSY_MS = 30_000  # the lock outlasts the read below by far, whatever the machine's load
READ_TIMEOUT = 10


async def reads_while_a_tap_waits_for_the_lock(target: AppTarget, path: Path) -> dict:
    room = await Room.open(target, burst.Options(candidates=3, dots=3))
    try:
        await room.target.open_vote()
        (phone,) = await room.join_phones(1)
        await room.load_ballots([phone])
        ballot = room.ballots[phone.index]
        candidate, key = ballot.candidates[0], phone.intents[0].key
        reader = Browser(room.connector, target.servers[0].base, READ_TIMEOUT)
        found = {}
        with LockHolder(path) as holder:
            write = asyncio.create_task(room.target.cast(phone.browser, ballot, candidate, key))
            await asyncio.sleep(0.2)
            # The tap waits for the lock (30 s of busy timeout); meanwhile reads are served.
            try:
                status, _b, _h = await asyncio.wait_for(reader.get(f"/j/{room.code}"), READ_TIMEOUT)
                health, _b, _h = await asyncio.wait_for(reader.get("/healthz"), READ_TIMEOUT)
            except TimeoutError:
                status = health = "no answer while the tap waited for the lock"
            found["read"], found["health"] = status, health
            found["tap_still_waiting"] = not write.done()
            holder.release()
            # Released before the busy timeout: the waiting tap goes through.
            tapped = await asyncio.wait_for(write, SERVER_BUSY_MS / 1000 + 10)
            found["tap"] = (tapped.status, tapped.text[:300])
        found["stored"] = room.stored()
        await reader.close()
        return found
    finally:
        await room.close()


def test_the_gevent_server_serves_reads_while_a_write_waits_for_the_lock(tmp_path, servers_to_stop):
    target = AppTarget(tmp_path, 1, burst.Options(candidates=3, dots=3))
    target.servers[0].env["WORKSHOP_SQLITE_BUSY_TIMEOUT_MS"] = str(SERVER_BUSY_MS)
    servers_to_stop.append(target)
    target.start(tmp_path, START_SECONDS)
    path = target.instance / "workshop.sqlite3"
    try:
        found = run(reads_while_a_tap_waits_for_the_lock(target, path), 120)
    except Exception as error:
        raise AssertionError(f"{error}\n{server_logs(target)}") from error
    assert found["tap_still_waiting"], "the tap did not wait for the lock"
    assert found["read"] == 200 and found["health"] == 200, found
    assert found["tap"][0] == 200, found["tap"]
    assert sum(found["stored"].values()) == 1
    assert invariants.budget_violations(f"sqlite:///{path}") == {}


def test_only_lock_and_connection_errors_are_answered_try_again():
    import sqlite3

    import psycopg
    from sqlalchemy.exc import IntegrityError, OperationalError, ProgrammingError

    from workshop.web.errors import database_unavailable

    def wrapped(kind, orig):
        return kind("INSERT INTO x", {}, orig)

    assert database_unavailable(
        wrapped(OperationalError, sqlite3.OperationalError("database is locked"))
    )
    assert database_unavailable(
        wrapped(OperationalError, psycopg.OperationalError("server closed the connection"))
    )
    # A bug stays a bug: answered 500 and logged with its traceback.
    assert not database_unavailable(
        wrapped(OperationalError, sqlite3.OperationalError("no such table: x"))
    )
    assert not database_unavailable(wrapped(IntegrityError, sqlite3.IntegrityError("UNIQUE")))
    assert not database_unavailable(wrapped(ProgrammingError, psycopg.ProgrammingError("syntax")))
    assert not database_unavailable(ValueError("database is locked"))
