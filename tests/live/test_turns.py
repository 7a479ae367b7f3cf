"""Processes sharing Redis take turns to push a region; none is ever dropped."""

import logging
import time
import uuid

import pytest
import redis
from flask import Flask

from tests.factories import cast_dot
from tests.live.helpers import pushes_of, screen_socket, vote_on_screen
from workshop.live.turns import Turns, turns_for
from workshop.services import voting

REGIONS = {"vote_results", "vote_progress"}


def a_workshop_id() -> int:
    return uuid.uuid4().int % 10**9  # keys of its own in the shared test database


@pytest.fixture
def processes(redis_url):
    """Two processes' turns on one Redis, each with its own connection."""
    return (
        Turns(redis.Redis.from_url(redis_url), 0.3),
        Turns(redis.Redis.from_url(redis_url), 0.3),
    )


def test_one_process_takes_a_regions_turn_and_the_other_waits_for_its_end(processes):
    first, second = processes
    workshop_id = a_workshop_id()
    assert first.take(workshop_id, REGIONS) == (REGIONS, 0.0)
    due, wait = second.take(workshop_id, REGIONS)
    assert due == set() and 0 < wait <= 0.3
    time.sleep(wait + 0.05)
    assert second.take(workshop_id, REGIONS) == (REGIONS, 0.0)


def test_turns_are_per_workshop_and_per_region(processes):
    first, second = processes
    workshop_id = a_workshop_id()
    first.take(workshop_id, {"vote_results"})
    assert second.take(workshop_id, {"vote_progress"}) == ({"vote_progress"}, 0.0)
    assert second.take(workshop_id + 1, {"vote_results"}) == ({"vote_results"}, 0.0)


def test_with_the_store_out_of_reach_every_process_pushes_at_once_and_says_so_once(caplog):
    app = Flask(__name__)
    app.config["REDIS_URL"] = "redis://127.0.0.1:1/0"  # nothing listens there
    closed = turns_for(app, 0.3)
    with caplog.at_level(logging.WARNING, logger="workshop.live.turns"):
        assert closed.take(1, REGIONS) == (REGIONS, 0.0)
        assert closed.take(1, REGIONS) == (REGIONS, 0.0)  # not asked again meanwhile
    assert len([r for r in caplog.records if "every process pushes" in r.message]) == 1
    # One try, no retry with backoff (redis-py's default waits seconds on a dead store):
    # a flush in an outage is held one short timeout at most.
    options = closed.client.get_connection_kwargs()
    assert options["retry"].get_retries() == 0 and options["socket_timeout"] <= 0.5


def test_one_process_or_no_coalescing_takes_no_turns():
    app = Flask(__name__)
    assert turns_for(app, 0.2) is None
    app.config["REDIS_URL"] = "redis://127.0.0.1:6379/15"
    assert turns_for(app, 0.0) is None


def test_a_region_whose_turn_another_process_holds_is_pushed_when_that_turn_ends(
    coalescing_app,
    redis_url,
):
    app = coalescing_app
    broadcaster = app.extensions["broadcaster"]
    other = Turns(redis.Redis.from_url(redis_url), 1.0)  # a second process, a long turn
    with app.test_request_context():
        broadcaster._turns = Turns(redis.Redis.from_url(redis_url), 0.2)
        workshop, _secret, activity, (person,) = vote_on_screen(
            app.test_client(), results="live", candidates=("A", "B")
        )
        screen = screen_socket(app, workshop)
        time.sleep(0.5)  # the set-up's pushes go by
        screen.get_received()
        assert other.take(workshop.id, {"vote_results"}) == ({"vote_results"}, 0.0)
        taken = time.monotonic()
        cast_dot(workshop, activity, person, voting.candidates_of(activity)[0].id)
        seen, pushed_at = [], None
        while time.monotonic() - taken < 3.0 and not seen:
            time.sleep(0.05)
            seen = pushes_of(screen.get_received(), "vote-results")
            pushed_at = time.monotonic()
        # Not during the other process's turn (its render serves this change's room too
        # when it comes after it); after that turn, this process pushes: nothing is lost.
        assert seen, "the ranking never came"
        assert pushed_at - taken >= 0.9
        assert '<td class="num score">1</td>' in seen[-1]
