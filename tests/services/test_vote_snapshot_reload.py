"""A vote's shared snapshot, read again when its time is up, keeps its version when
nothing changed: the renders a room shares (keyed by it) outlive the reload."""

import time

from tests.factories import add_vote, make_workshop
from workshop.services import voting


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
