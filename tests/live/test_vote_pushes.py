"""The projector and the console follow a vote live; phones never get anyone's ballot."""

import re
import time

import pytest
from flask_babel import force_locale

from tests.factories import add_vote, cast_dot
from tests.live.helpers import connect, html_of, pushes_of, screen_socket, vote_on_screen
from tests.views.helpers import join_as, new_facilitated_workshop
from workshop.db import session
from workshop.extensions import socketio
from workshop.live.broadcast import render_regions
from workshop.models import Participant
from workshop.presenters.regions import REGIONS, Room
from workshop.services import agenda, voting


@pytest.fixture
def live_vote(app, client, ctx):
    """A live workshop on an open vote with live results, a screen, a console and a phone."""
    workshop, _ = new_facilitated_workshop(client, language="en")
    activity = add_vote(workshop, results="live")
    phone = app.test_client()
    join_as(phone, workshop, lang="en")
    agenda.start_workshop(workshop)
    agenda.go_to_activity(workshop, activity.id)
    voting.open_vote(workshop, activity)
    screen_client = app.test_client()
    screen_client.get(f"/s/{workshop.screen_key}")
    sockets = {
        "screen": connect(app, screen_client, "screen", workshop),
        "console": connect(app, client, "console", workshop),
        "phone": connect(app, phone, "phone", workshop),
    }
    for socket in sockets.values():
        socket.get_received()
    person = session().query(Participant).filter_by(workshop_id=workshop.id).one()
    return workshop, activity, person, sockets


def test_a_dot_reaches_the_screen_and_the_console_but_no_phone(live_vote):
    workshop, activity, person, sockets = live_vote
    cast_dot(workshop, activity, person, voting.candidates_of(activity)[0].id)
    screen = html_of(sockets["screen"].get_received())
    assert 'id="vote-results"' in screen and 'id="vote-progress"' in screen
    assert "1 of 1 present participant has voted" in screen or "1 sur 1" in screen
    assert 'id="vote-results"' in html_of(sockets["console"].get_received())
    assert html_of(sockets["phone"].get_received()) == ""


def test_hidden_results_push_only_the_progress_to_the_screen(app, client, ctx):
    workshop, _secret, activity, (person,) = vote_on_screen(client)  # results hidden
    screen = screen_socket(app, workshop)
    screen.get_received()
    cast_dot(workshop, activity, person, voting.candidates_of(activity)[0].id)
    pushed = html_of(screen.get_received())
    assert 'id="vote-progress"' in pushed and "rank-row" not in pushed
    voting.reveal_results(workshop, activity)
    assert "rank-row" in html_of(screen.get_received())


def test_opening_the_vote_refreshes_the_phones_stage(live_vote):
    workshop, activity, _person, sockets = live_vote
    voting.close_vote(workshop, activity)
    pushed = html_of(sockets["phone"].get_received())
    assert 'id="phone-stage"' in pushed and 'id="my-ballot"' in pushed  # the placeholder
    assert 'hx-trigger="load"' in pushed


def test_a_tie_is_shown_as_a_tie_with_the_rule_on_screen(live_vote):
    workshop, activity, person, sockets = live_vote
    a, b, _c = (c.id for c in voting.candidates_of(activity))
    cast_dot(workshop, activity, person, a)
    cast_dot(workshop, activity, person, b)
    (results,) = pushes_of(sockets["screen"].get_received(), "vote-results")[-1:]
    assert results.count('<span aria-hidden="true">=</span>') == 2
    assert "Equal scores share a rank" in results or "rang" in results


def test_500_dots_cast_quickly_yield_a_handful_of_pushes_and_the_last_is_a_recount(
    coalescing_app,
):
    app = coalescing_app
    with app.test_request_context():
        workshop, _secret, activity, people = vote_on_screen(
            app.test_client(),
            people=10,
            results="live",
            budget=50,
            max_per_candidate=50,
            candidates=("A", "B"),
        )
        screen = screen_socket(app, workshop)
        time.sleep(0.5)  # let the pushes of the set-up go by
        screen.get_received()
        a, b = (c.id for c in voting.candidates_of(activity))
        started = time.monotonic()
        for i in range(500):
            cast_dot(workshop, activity, people[i % 10], a if i % 3 else b)
        took = time.monotonic() - started
        settle = 0.6
        time.sleep(settle)  # the last coalesced flush
        pushes = pushes_of(screen.get_received(), "vote-results")
        # However many dots, a handful of pushes, never one per dot: at most a flush per
        # coalescing interval of the time they were counted over (twice that under load, when
        # a leading push and a flush share an interval).
        assert 1 <= len(pushes) <= 2 * (took + settle) / 0.2 + 3
        assert len(pushes) <= 500 / 5
        room = Room(workshop.id, "screen", workshop.language)
        with force_locale(room.locale):
            recount = render_regions(workshop, [REGIONS["vote_results"]], room)
        assert pushes[-1] in recount
        assert '<td class="num score">333</td>' in pushes[-1]
        assert '<td class="num score">167</td>' in pushes[-1]


def test_the_room_gets_the_empty_ballot_with_the_vote_until_someone_votes(app, client, ctx):
    """Opening the vote pushes the empty ballot to the phones (no fetch at the same instant
    from every phone); once someone voted, the stage only points at each phone's own."""
    workshop, _ = new_facilitated_workshop(client, language="en")
    activity = add_vote(workshop)
    phone = app.test_client()
    join_as(phone, workshop, lang="en")
    agenda.start_workshop(workshop)
    agenda.go_to_activity(workshop, activity.id)
    socket = connect(app, phone, "phone", workshop)
    socket.get_received()
    voting.open_vote(workshop, activity)
    opened = html_of(socket.get_received())
    assert 'id="my-ballot"' in opened and "data-fresh" in opened
    assert "3</span> dots left" in opened and 'hx-trigger="load"' not in opened
    assert "csrf" not in opened.lower()

    person = session().query(Participant).filter_by(workshop_id=workshop.id).one()
    candidate = voting.candidates_of(activity)[0]
    cast_dot(workshop, activity, person, candidate.id)
    agenda.control_timer(workshop, "start")  # the stage is pushed again, for the timer
    timer_push = html_of(socket.get_received())
    assert 'id="phone-stage"' in timer_push
    assert "data-fresh" not in timer_push and 'hx-trigger="load"' in timer_push
    # The same slot id as before: a phone keeps the ballot it holds (static/js/live.js).
    slot = re.search(r'id="(ballot-slot-[^"]+)"', opened).group(1)
    assert f'id="{slot}"' in timer_push


def test_another_tab_of_the_voter_hears_of_the_change_and_nobody_else(live_vote, app):
    """Two sockets of one participant: a tap tells both (the one that tapped skips it by its
    key); a participant with a single socket, the usual phone, costs no event at all."""
    workshop, activity, person, sockets = live_vote
    phone_client = sockets["phone"].flask_test_client
    second = connect(app, phone_client, "phone", workshop)
    second.get_received()
    candidate = voting.candidates_of(activity)[0].id
    response = phone_client.post(
        f"/p/{workshop.join_code}/vote/{activity.id}/dot",
        data={"candidate_id": candidate},
        headers={"HX-Request": "true", "Idempotency-Key": "tab-key-0001"},
    )
    assert response.status_code == 200
    stamp = re.search(r'data-stamp="(\d+)"', response.get_data(as_text=True)).group(1)
    changes = [m["args"][0] for m in second.get_received() if m["name"] == "ballot_changed"]
    assert changes == [{"activity": activity.id, "stamp": stamp, "key": "tab-key-0001"}]
    assert not [m for m in sockets["screen"].get_received() if m["name"] == "ballot_changed"]

    second.disconnect()
    sockets["phone"].get_received()
    other = voting.candidates_of(activity)[1].id
    cast_dot(workshop, activity, person, other)
    assert not [m for m in sockets["phone"].get_received() if m["name"] == "ballot_changed"]


def test_a_region_throttled_at_every_flush_waits_with_one_pending_flush(app, monkeypatch):
    """A burst marks the ranking stale at every flush while it is throttled: one flush waits
    for it (an earlier one may replace it), not one more per flush."""
    broadcaster = app.extensions["broadcaster"]
    monkeypatch.setattr(broadcaster, "interval", 0.1)  # coalescing on, as in production
    started = []
    monkeypatch.setattr(socketio, "start_background_task", lambda *args: started.append(args))
    throttled = next(name for name, region in REGIONS.items() if region.every)
    broadcaster._pushed[(1, throttled)] = time.monotonic()  # just pushed
    for _ in range(50):
        assert broadcaster._due(1, {throttled}) == set()
    waiters = [args for args in started if args[0] == broadcaster._flush_after]
    assert len(waiters) == 1
    # Once it has run, the next throttled region gets a waiter again.
    _task, _seconds, wake = waiters[0]
    monkeypatch.setattr(broadcaster, "flush", lambda: None)
    monkeypatch.setattr(socketio, "sleep", lambda seconds: None)
    broadcaster._flush_after(0, wake)
    broadcaster._due(1, {throttled})
    assert len([args for args in started if args[0] == broadcaster._flush_after]) == 2


def test_one_push_counts_the_ballots_once_for_the_projector_and_every_console_language(
    app, client, ctx, monkeypatch
):
    from workshop.presenters import votes as presenter

    workshop, secret, activity, (person,) = vote_on_screen(client, results="live")
    french = app.test_client()
    french.environ_base["HTTP_ACCEPT_LANGUAGE"] = "fr"
    french.get(f"/f/{secret}")
    client.environ_base["HTTP_ACCEPT_LANGUAGE"] = "en"
    sockets = [
        screen_socket(app, workshop),
        connect(app, client, "console", workshop),
        connect(app, french, "console", workshop),
    ]
    for socket in sockets:
        socket.get_received()
    counted = {"result": 0, "progress": 0}
    for name in counted:
        real = getattr(presenter, f"{name}_of")

        def counting(*args, real=real, name=name):
            counted[name] += 1
            return real(*args)

        monkeypatch.setattr(presenter, f"{name}_of", counting)
    cast_dot(workshop, activity, person, voting.candidates_of(activity)[0].id)
    screen, english, french_console = (html_of(s.get_received()) for s in sockets)
    assert counted == {"result": 1, "progress": 1}
    assert "1 of 1 present participant has voted" in screen
    assert "1 of 1 present participant has voted" in english
    assert "1 sur 1 participant présent a voté" in french_console
    assert all('id="vote-results"' in html for html in (screen, english, french_console))
