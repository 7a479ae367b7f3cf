"""The vote gate: vote requests queue in order, a long wait is answered 503, others pass."""

import threading

from werkzeug.test import Client
from werkzeug.wrappers import Response

from workshop.web.admission import VoteGate


def blocking_app(started: threading.Event, release: threading.Event, order: list):
    def app(environ, start_response):
        order.append(environ["PATH_INFO"])
        started.set()
        release.wait(5)
        return Response("ok")(environ, start_response)

    return app


def test_a_vote_request_waits_its_turn_and_a_long_wait_is_answered_busy():
    started, release, order = threading.Event(), threading.Event(), []
    gate = VoteGate(blocking_app(started, release, order), concurrency=1, queue_seconds=0.2)
    first = threading.Thread(target=lambda: Client(gate).post("/p/ABCDEF/vote/1/dot"))
    first.start()
    assert started.wait(5)
    busy = Client(gate).post("/p/ABCDEF/vote/1/dot")  # the gate is full for longer than 0.2 s
    assert busy.status_code == 503 and busy.headers["Retry-After"] == "1"
    assert order == ["/p/ABCDEF/vote/1/dot"]  # the refused request never reached the app
    release.set()
    first.join(5)
    assert Client(gate).post("/p/ABCDEF/vote/1/dot").status_code == 200  # free again


def test_other_requests_never_wait_at_the_gate():
    started, release, order = threading.Event(), threading.Event(), []
    release.set()
    gate = VoteGate(blocking_app(started, release, order), concurrency=1, queue_seconds=0.01)
    assert gate.gate.acquire(timeout=1)  # the gate is held by someone else
    try:
        assert Client(gate).get("/p/ABCDEF").status_code == 200
        assert Client(gate).post("/p/ABCDEF/vote/1/dot").status_code == 503
    finally:
        gate.gate.release()


def test_waiting_requests_are_served_in_arrival_order():
    order, arrived = [], []
    release = threading.Event()

    def app(environ, start_response):
        order.append(environ["PATH_INFO"])
        release.wait(5)
        return Response("ok")(environ, start_response)

    gate = VoteGate(app, concurrency=1, queue_seconds=5)
    threads = []
    for n in range(5):
        thread = threading.Thread(target=lambda n=n: Client(gate).post(f"/p/C/vote/{n}/dot"))
        thread.start()
        threads.append(thread)
        # Each one is queued (or inside) before the next arrives.
        for _ in range(500):
            if len(order) + len(gate.gate._cond._waiters) >= n + 1:
                break
            threading.Event().wait(0.002)
        arrived.append(f"/p/C/vote/{n}/dot")
    release.set()
    for thread in threads:
        thread.join(5)
    assert order == arrived
