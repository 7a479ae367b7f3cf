"""The vote gate: phones queue in order, a long wait is busy, one place per phone."""

import threading
import time

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.orm import scoped_session, sessionmaker

from tests.conftest import make_test_app
from workshop import db
from workshop.web import floods
from workshop.web.floods import Busy, VoteGate


def hold(gate: VoteGate, phone: str, inside: threading.Event, release: threading.Event, log):
    def run():
        try:
            with gate.admitted(phone):
                log.append(phone)
                inside.set()
                release.wait(5)
        except Busy:
            log.append(f"busy {phone}")

    thread = threading.Thread(target=run)
    thread.start()
    return thread


def test_a_phone_waits_its_turn_and_a_long_wait_is_answered_busy():
    gate = VoteGate(concurrency=1, queue_seconds=0.2)
    inside, release, log = threading.Event(), threading.Event(), []
    first = hold(gate, "w:1", inside, release, log)
    assert inside.wait(5)
    with pytest.raises(Busy), gate.admitted("w:2"):  # the gate is full for longer than 0.2 s
        log.append("never")
    assert log == ["w:1"]
    release.set()
    first.join(5)
    with gate.admitted("w:2"):  # free again
        log.append("w:2")
    assert log == ["w:1", "w:2"]


def test_one_phone_holds_one_place_so_its_many_connections_cannot_fill_the_gate():
    gate = VoteGate(concurrency=2, queue_seconds=0.3)
    release, log = threading.Event(), []
    threads = [hold(gate, "w:loud", threading.Event(), release, log) for _ in range(4)]
    time.sleep(0.05)
    started = time.monotonic()
    with gate.admitted("w:calm"):  # a place is left for another phone at once
        waited = time.monotonic() - started
    assert waited < 0.1
    release.set()
    for thread in threads:
        thread.join(5)
    assert log.count("w:loud") >= 1 and "w:calm" not in log


def test_waiting_phones_are_served_in_arrival_order():
    gate = VoteGate(concurrency=1, queue_seconds=5)
    release, order = threading.Event(), []
    first_in = threading.Event()
    threads = [hold(gate, "w:0", first_in, release, order)]
    assert first_in.wait(5)
    for n in range(1, 5):
        threads.append(hold(gate, f"w:{n}", threading.Event(), release, order))
        # Each one is queued before the next arrives.
        for _ in range(500):
            if len(gate.gate._cond._waiters) >= n:
                break
            time.sleep(0.002)
    release.set()
    for thread in threads:
        thread.join(5)
    assert order == [f"w:{n}" for n in range(5)]


def test_the_gate_forgets_a_phone_once_its_requests_are_done():
    gate = VoteGate(concurrency=1, queue_seconds=1)
    with gate.admitted("w:1"):
        pass
    assert gate._phones == {}


def test_a_request_queued_at_the_gate_holds_no_database_connection(database_url, tmp_path):
    """With 2,000 phones, taps queued at the gate held every pooled connection while the
    taps inside it waited 30 s for one: the whole room timed out. A request gives its
    connection back before it queues."""
    app = make_test_app(database_url, tmp_path, VOTE_CONCURRENCY=1, VOTE_QUEUE_SECONDS=5)
    engine = create_engine(
        app.extensions["db"]["engine"].url, pool_size=1, max_overflow=0, pool_timeout=1
    )
    app.extensions["db"]["session"] = scoped_session(sessionmaker(engine, expire_on_commit=False))
    queued, done, outcome = threading.Event(), threading.Event(), {}

    def inside_the_gate():
        with app.app_context(), floods.admitted("w:1"):
            assert queued.wait(5)
            time.sleep(0.2)  # the other request is now waiting at the gate
            try:
                outcome["read"] = db.session().execute(text("SELECT 1")).scalar()
            except Exception as error:  # the pool's timeout: the connection was held
                outcome["read"] = repr(error)
            done.set()

    def queued_after_a_read():
        with app.app_context():
            db.session().execute(text("SELECT 1"))  # this request's connection
            queued.set()
            with floods.admitted("w:2"):
                outcome["second"] = done.is_set()

    first = threading.Thread(target=inside_the_gate)
    first.start()
    time.sleep(0.1)
    second = threading.Thread(target=queued_after_a_read)
    second.start()
    first.join(10)
    second.join(10)
    app.extensions["db"]["session"].remove()
    engine.dispose()
    assert outcome == {"read": 1, "second": True}
