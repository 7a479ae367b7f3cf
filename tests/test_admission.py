"""The vote gate: phones queue in order, a long wait is busy, one place per phone."""

import threading
import time

import pytest

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
