"""Groups in parallel over HTTP: the agenda's switch, each group's phone, the projector's
panes and the console's, a timer per activity."""

import pytest
from flask_babel import refresh

from tests.factories import add_instruction, add_vote
from tests.views.helpers import HX, join_as, new_facilitated_workshop
from workshop.db import session
from workshop.models import Card, Participant
from workshop.services import agenda, groups, voting


def english(client):
    client.environ_base["HTTP_ACCEPT_LANGUAGE"] = "en"
    return client


@pytest.fixture
def room(app, client, ctx):
    """Group A's vote and group B's brainstorm after a welcome; a phone in each group and
    one in no group."""
    workshop, _ = new_facilitated_workshop(english(client), language="en")
    a = groups.add_group(workshop, {"name": "Group A"})
    b = groups.add_group(workshop, {"name": "Group B"})
    vote = add_vote(workshop, "Vote of A", ("Bikes", "Buses"), group_id=a.id)
    board = agenda.add_activity(
        workshop,
        {
            "kind": "brainstorm",
            "title": "Ideas of B",
            "question": "What?",
            "group_id": str(b.id),
            "planned_minutes": "15",
        },
    )
    add_instruction(workshop, "Closing")
    phones = {}
    for name, group in (("ann", a), ("bob", b), ("cleo", None)):
        phones[name] = english(app.test_client())
        join_as(phones[name], workshop, first_name=name, surname="X")
        person = session().query(Participant).filter_by(first_name=name).one()
        if group:
            groups.assign_person(workshop, person.id, group.id)
    return workshop, client, phones, vote, board


def together(client, workshop, activity, on="1"):
    return client.post(
        f"/w/{workshop.join_code}/activities/{activity.id}/together",
        data={"together": on},
        headers=HX,
    )


def live(room):
    workshop, client, _phones, vote, board = room
    assert together(client, workshop, board).status_code == 200
    agenda.start_workshop(workshop)
    agenda.step_agenda(workshop, 1)
    voting.open_vote(workshop, vote)


def test_the_agenda_offers_the_switch_between_two_group_activities(room):
    workshop, client, _phones, _vote, board = room
    page = client.get(f"/w/{workshop.join_code}/console").get_data(as_text=True)
    assert f'id="together-{board.id}"' in page
    answer = together(client, workshop, board).get_data(as_text=True)
    assert f'id="together-{board.id}" aria-pressed="true"' in answer
    assert board.with_previous


def test_a_switch_that_cannot_hold_is_refused_in_the_persons_language(room):
    workshop, client, _phones, _vote, _board = room
    closing = workshop.activities[-1]
    answer = together(client, workshop, closing)
    assert answer.status_code == 409
    assert "one group" in answer.get_data(as_text=True)
    with client.session_transaction() as browser:
        browser["lang"] = "fr"
    refresh()  # the test's own context keeps the locale it found first
    answer = together(client, workshop, closing)
    assert "un seul groupe" in answer.get_data(as_text=True)
    assert not closing.with_previous


def test_each_groups_phone_shows_its_own_activity(room):
    workshop, _client, phones, vote, _board = room
    live(room)
    ann = phones["ann"].get(f"/p/{workshop.join_code}").get_data(as_text=True)
    bob = phones["bob"].get(f"/p/{workshop.join_code}").get_data(as_text=True)
    assert "Vote of A" in ann and f"/vote/{vote.id}" in ann
    assert "Ideas of B" in bob and 'name="text"' in bob and "Vote of A" not in bob


def test_a_phone_in_no_group_sees_what_each_group_is_doing(room):
    workshop, _client, phones, _vote, _board = room
    live(room)
    cleo = phones["cleo"].get(f"/p/{workshop.join_code}").get_data(as_text=True)
    assert "The groups are working in parallel" in cleo
    assert "Group A" in cleo and "Vote of A" in cleo and "The vote is open" in cleo
    assert "Group B" in cleo and "Ideas of B" in cleo


def test_a_phone_writes_on_its_groups_board_while_the_other_group_votes(room):
    workshop, _client, phones, _vote, board = room
    live(room)
    answer = phones["bob"].post(
        f"/p/{workshop.join_code}/cards", data={"text": "Shared gardens"}, headers=HX
    )
    assert answer.status_code == 200
    assert session().query(Card).filter_by(activity_id=board.id).count() == 1
    refused = phones["cleo"].post(
        f"/p/{workshop.join_code}/cards", data={"text": "Intruder"}, headers=HX
    )
    assert refused.status_code == 409
    assert session().query(Card).filter_by(activity_id=board.id).count() == 1


def test_the_projector_shows_every_groups_activity_side_by_side(room, app):
    workshop, _client, _phones, vote, board = room
    live(room)
    screen = app.test_client().get(f"/s/{workshop.screen_key}").get_data(as_text=True)
    assert 'id="screen-parallel"' in screen
    assert screen.count('class="parallel-pane kind-') == 2
    assert f'id="vote-progress-a{vote.id}"' in screen and f'id="timer-a{board.id}"' in screen
    assert 'id="vote-results"' not in screen  # no fragment id twice on the page


def test_the_console_closes_and_reveals_each_groups_vote(room):
    workshop, client, _phones, vote, board = room
    live(room)
    page = client.get(f"/w/{workshop.join_code}/console").get_data(as_text=True)
    assert f'id="close-vote-a{vote.id}"' in page and f'id="close-writing-a{board.id}"' in page
    answer = client.post(f"/w/{workshop.join_code}/votes/{vote.id}/close", headers=HX).get_data(
        as_text=True
    )
    assert f'id="reveal-results-a{vote.id}"' in answer
    closed = client.post(
        f"/w/{workshop.join_code}/boards/{board.id}/state", data={"closed": "1"}, headers=HX
    ).get_data(as_text=True)
    assert f'id="reopen-writing-a{board.id}"' in closed


def test_the_timer_of_another_live_activity_is_started_on_its_own(room):
    workshop, client, _phones, vote, board = room
    live(room)
    answer = client.post(
        f"/w/{workshop.join_code}/timer", data={"action": "start", "activity": board.id}, headers=HX
    )
    assert f'id="timer-pause-a{board.id}"' in answer.get_data(as_text=True)
    assert board.timer_running_since is not None and vote.timer_running_since is None
    closing = workshop.activities[-1]
    data = {"action": "start", "activity": closing.id}
    refused = client.post(f"/w/{workshop.join_code}/timer", data=data, headers=HX)
    assert refused.status_code == 409 and closing.timer_running_since is None


def test_next_moves_past_both_groups(room):
    workshop, client, _phones, _vote, _board = room
    live(room)
    client.post(f"/w/{workshop.join_code}/step", data={"direction": "next"}, headers=HX)
    assert workshop.current_activity.title == "Closing"
    assert not workshop.runs_in_parallel
