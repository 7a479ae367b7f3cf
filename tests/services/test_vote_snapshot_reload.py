"""A vote's shared snapshot, read again when its time is up, keeps its version when
nothing changed: the renders a room shares (keyed by it) outlive the reload."""

import threading
import time

from tests.factories import add_vote, make_workshop
from workshop.services import voting
from workshop.services.voting._tap import Kept


def test_a_snapshot_read_again_unchanged_keeps_its_version(app, ctx):
    app.config["VOTE_SNAPSHOT_SECONDS"] = 0.0
    voting.init_app(app)  # the kept snapshots now expire at once
    workshop, _ = make_workshop()
    activity = add_vote(workshop)
    first = voting.snapshot_of(activity)
    time.sleep(0.01)
    again = voting.snapshot_of(activity)
    assert again is first


def test_a_snapshot_read_again_after_a_change_is_a_new_version(app, ctx):
    app.config["VOTE_SNAPSHOT_SECONDS"] = 0.0
    voting.init_app(app)
    workshop, _ = make_workshop()
    activity = add_vote(workshop)
    first = voting.snapshot_of(activity)
    candidate = voting.candidates_of(activity)[0]
    voting.reword_candidate(workshop, activity, candidate.id, "Piste reformulée")
    changed = voting.snapshot_of(activity)
    assert changed.version != first.version
    assert changed.by_id[candidate.id].label == "Piste reformulée"


def test_requests_that_find_a_snapshot_expired_together_read_the_database_once():
    """A burst after the snapshot's second is up: one request reads, the others wait for
    its value instead of a thousand identical reads queueing for the pool."""
    loads, gate = [], threading.Event()

    def load(key):
        loads.append(key)
        gate.wait(2)  # a slow read: the others arrive meanwhile
        return ("value", key)

    kept = Kept(seconds=60, load=load, owner=lambda value: 1)
    results = []
    threads = [threading.Thread(target=lambda: results.append(kept.get(7))) for _ in range(20)]
    for thread in threads:
        thread.start()
    time.sleep(0.1)
    gate.set()
    for thread in threads:
        thread.join(5)
    assert loads == [7]
    assert results == [("value", 7)] * 20
