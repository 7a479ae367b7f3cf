"""Taps over the phone's socket: the same rules, key and refusals as over HTTP.

A phone's socket acts only for the participant its cookie named at connect; the event
names a vote, an action, an orientation and an idempotency key, nothing else. Every
refused or forged event changes nothing and says why in the person's language.
"""

import uuid

import pytest
from markupsafe import escape
from sqlalchemy import update

from tests.factories import add_vote, make_workshop
from tests.views.helpers import join_as, new_facilitated_workshop
from workshop.db import session, transaction, utcnow
from workshop.models import Participant, VoteDot
from workshop.services import agenda, roster, voting


def key() -> str:
    return uuid.uuid4().hex


def dots_of(person_id=None) -> int:
    s = session()
    s.expire_all()
    query = s.query(VoteDot)
    if person_id is not None:
        query = query.filter_by(participant_id=person_id)
    return query.count()


@pytest.fixture
def room(app, client, ctx, socket_client):
    """A live workshop on an open dot vote (3 dots, live results), a projector, a phone."""
    workshop, _ = new_facilitated_workshop(client, language="en")
    labels = ("Piste A", "Piste B", "<script>alert(1)</script> & co")
    activity = add_vote(workshop, candidates=labels, results="live")
    phone = app.test_client()
    join_as(phone, workshop, lang="en")
    agenda.start_workshop(workshop)
    agenda.go_to_activity(workshop, activity.id)
    voting.open_vote(workshop, activity)
    screen = app.test_client()
    screen.get(f"/s/{workshop.screen_key}")
    sockets = {
        "phone": socket_client({"workshop": workshop.join_code, "audience": "phone"}, phone),
        "screen": socket_client({"workshop": workshop.join_code, "audience": "screen"}, screen),
    }
    for socket in sockets.values():
        assert socket.is_connected()
        socket.get_received()
    person = session().query(Participant).filter_by(workshop_id=workshop.id).one()
    ids = [c.id for c in voting.candidates_of(activity)]
    return workshop, activity, person, ids, sockets, phone


def tap(socket, activity_id, candidate_id, action="dot", tap_key=None):
    payload = {
        "activity": activity_id,
        "action": action,
        "candidate_id": candidate_id,
        "key": tap_key or key(),
    }
    return socket.emit("tap", payload, callback=True)


def test_a_tap_stores_one_dot_and_answers_only_the_tapped_row_and_the_dots_left(room):
    workshop, activity, person, ids, sockets, _phone = room
    answer = tap(sockets["phone"], activity.id, ids[0])
    assert answer["ok"] is True
    assert answer["remaining"] == 2
    assert [row["candidate"] for row in answer["rows"]] == [ids[0]]
    assert f'data-candidate="{ids[0]}"' in answer["rows"][0]["html"]
    assert "2</span> dots left" in answer["summary"]
    assert "ballot" not in answer and 'id="my-ballot"' not in str(answer)
    assert int(answer["stamp"]) > 0
    assert dots_of(person.id) == 1


def test_the_projector_is_pushed_the_dot_a_socket_tap_stored(room):
    _workshop, activity, _person, ids, sockets, _phone = room
    assert tap(sockets["phone"], activity.id, ids[1])["ok"]
    pushed = "".join(
        m["args"][0]["html"] for m in sockets["screen"].get_received() if m["name"] == "regions"
    )
    assert 'id="vote-results"' in pushed and "Piste B" in pushed


def test_the_last_dot_answers_every_row_since_every_plus_button_is_now_disabled(room):
    _workshop, activity, _person, ids, sockets, _phone = room
    for candidate in ids[:2]:
        assert len(tap(sockets["phone"], activity.id, candidate)["rows"]) == 1
    last = tap(sockets["phone"], activity.id, ids[2])
    assert last["remaining"] == 0
    assert sorted(row["candidate"] for row in last["rows"]) == sorted(ids)
    back = tap(sockets["phone"], activity.id, ids[2], action="undot")
    assert back["remaining"] == 1 and len(back["rows"]) == len(ids)


def test_the_budget_is_held_and_the_refusal_is_worded_in_the_persons_language(
    app, client, ctx, socket_client
):
    workshop, _ = new_facilitated_workshop(client, language="fr")
    activity = add_vote(workshop, budget=1)
    phone = app.test_client()
    join_as(phone, workshop, lang="fr")
    agenda.start_workshop(workshop)
    agenda.go_to_activity(workshop, activity.id)
    voting.open_vote(workshop, activity)
    socket = socket_client({"workshop": workshop.join_code, "audience": "phone"}, phone)
    ids = [c.id for c in voting.candidates_of(activity)]
    assert tap(socket, activity.id, ids[0])["ok"]
    refused = tap(socket, activity.id, ids[1])
    assert refused["ok"] is False
    assert (refused["status"], refused["code"]) == (409, "budget_exhausted")
    assert refused["message"] == "Vous n'avez plus de gommette : retirez-en d'abord une."
    assert 'id="my-ballot"' in refused["ballot"]
    assert str(escape(refused["message"])) in refused["ballot"]
    assert dots_of() == 1


def test_the_same_key_counts_once_over_the_socket_and_over_http(room):
    _workshop, activity, person, ids, sockets, phone = room
    same = key()
    first = tap(sockets["phone"], activity.id, ids[0], tap_key=same)
    again = tap(sockets["phone"], activity.id, ids[0], tap_key=same)
    assert first["ok"] and again["ok"] and again["remaining"] == 2
    # The phone's fallback: the same tap posted with the same key after a late ack.
    response = phone.post(
        f"/p/{activity.workshop.join_code}/vote/{activity.id}/dot",
        data={"candidate_id": ids[0]},
        headers={"Idempotency-Key": same, "HX-Request": "true"},
    )
    assert response.status_code == 200
    assert dots_of(person.id) == 1


def test_a_tap_posted_first_is_not_counted_again_when_its_key_comes_over_the_socket(room):
    workshop, activity, person, ids, sockets, phone = room
    same = key()
    response = phone.post(
        f"/p/{workshop.join_code}/vote/{activity.id}/dot",
        data={"candidate_id": ids[1]},
        headers={"Idempotency-Key": same, "HX-Request": "true"},
    )
    assert response.status_code == 200
    assert tap(sockets["phone"], activity.id, ids[1], tap_key=same)["ok"]
    assert dots_of(person.id) == 1


def test_a_replayed_key_with_another_request_is_refused_and_changes_nothing(room):
    _workshop, activity, person, ids, sockets, _phone = room
    same = key()
    assert tap(sockets["phone"], activity.id, ids[0], tap_key=same)["ok"]
    forged = tap(sockets["phone"], activity.id, ids[1], tap_key=same)
    assert (forged["ok"], forged["status"], forged["code"]) == (False, 409, "idempotency_conflict")
    assert dots_of(person.id) == 1


def test_a_tap_cannot_name_another_participant(app, room, socket_client):
    workshop, activity, person, ids, sockets, _phone = room
    other_client = app.test_client()
    join_as(other_client, workshop, first_name="Lina", surname="Other", lang="en")
    other = session().query(Participant).filter_by(first_name="Lina").one()
    payload = {
        "activity": activity.id,
        "action": "dot",
        "candidate_id": ids[0],
        "key": key(),
        "participant_id": other.id,
    }
    answer = sockets["phone"].emit("tap", payload, callback=True)
    assert (answer["ok"], answer["status"]) == (False, 400)
    assert dots_of(other.id) == 0 and dots_of(person.id) == 0
    # A well-formed tap acts for the socket's own participant, never another.
    assert tap(sockets["phone"], activity.id, ids[0])["ok"]
    assert dots_of(other.id) == 0 and dots_of(person.id) == 1


def test_a_vote_of_another_workshop_is_not_found_and_changes_nothing(room):
    _workshop, _activity, _person, _ids, sockets, _phone = room
    elsewhere, _ = make_workshop(title="Autre")
    foreign = add_vote(elsewhere)
    agenda.start_workshop(elsewhere)
    agenda.go_to_activity(elsewhere, foreign.id)
    voting.open_vote(elsewhere, foreign)
    foreign_id = voting.candidates_of(foreign)[0].id
    answer = tap(sockets["phone"], foreign.id, foreign_id)
    assert (answer["ok"], answer["status"]) == (False, 404)
    assert dots_of() == 0


def test_an_orientation_of_another_vote_is_refused(room):
    workshop, activity, _person, _ids, sockets, _phone = room
    other_vote = add_vote(workshop, title="Autre vote", candidates=("Ailleurs",))
    answer = tap(sockets["phone"], activity.id, voting.candidates_of(other_vote)[0].id)
    assert (answer["ok"], answer["code"]) == (False, "unknown_candidate")
    assert dots_of() == 0


A, C = "<the vote>", "<an orientation>"


@pytest.mark.parametrize(
    "payload",
    [
        None,
        "dot",
        [1, 2],
        {},
        {"activity": True, "action": "dot", "candidate_id": C, "key": "k" * 16},
        {"activity": "1", "action": "dot", "candidate_id": C, "key": "k" * 16},
        {"activity": A, "action": ["dot"], "candidate_id": C, "key": "k" * 16},
        {"activity": A, "action": "dot", "candidate_id": 1.5, "key": "k" * 16},
        {"activity": A, "action": "dot", "candidate_id": C},
        {"activity": A, "action": "dot", "candidate_id": C, "key": None},
        {"activity": A, "action": "dot", "candidate_id": C, "key": "short"},
        {"activity": A, "action": "dot", "candidate_id": C, "key": "<script>" * 8},
        {"activity": A, "action": "dot", "candidate_id": C, "key": {"$ne": ""}},
        {"activity": 2**70, "action": "dot", "candidate_id": C, "key": "k" * 16},
    ],
)
def test_malformed_taps_are_refused_and_change_nothing(room, payload):
    _workshop, activity, _person, ids, sockets, _phone = room
    if isinstance(payload, dict):  # the placeholders name this room's vote and orientation
        real = {A: activity.id, C: ids[0]}
        payload = {k: real.get(v, v) if isinstance(v, str) else v for k, v in payload.items()}
    answer = sockets["phone"].emit("tap", payload, callback=True)
    assert answer["ok"] is False and answer["status"] in (400, 404)
    assert answer["message"] and "<script>" not in answer["message"]
    assert dots_of() == 0
    assert sockets["phone"].is_connected()


def test_an_unknown_action_is_refused_without_echoing_it(room):
    _workshop, activity, _person, ids, sockets, _phone = room
    answer = tap(sockets["phone"], activity.id, ids[0], action="<img src=x onerror=alert(1)>")
    assert (answer["ok"], answer["status"], answer["code"]) == (False, 400, "unknown_action")
    assert "<img" not in str(answer)
    assert dots_of() == 0


def test_hostile_orientation_text_stays_inert_in_the_answer(room):
    _workshop, activity, _person, ids, sockets, _phone = room
    answer = tap(sockets["phone"], activity.id, ids[2])
    html = answer["rows"][0]["html"]
    assert "<script>alert(1)</script>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt; &amp; co" in html


def test_a_projector_socket_has_no_ballot_to_tap(room):
    _workshop, activity, _person, ids, sockets, _phone = room
    answer = tap(sockets["screen"], activity.id, ids[0])
    assert (answer["ok"], answer["status"]) == (False, 403)
    assert dots_of() == 0


def test_a_removed_participant_loses_the_socket_they_could_tap_on(room):
    workshop, _activity, person, _ids, sockets, _phone = room
    roster.remove_person(workshop, person.id)
    assert not sockets["phone"].is_connected()  # closed at once: no tap, no push
    assert dots_of() == 0


def test_a_removed_participant_whose_socket_is_still_open_can_no_longer_tap(room):
    """Removed by another process whose news has not arrived: the tap's own transaction
    reads that the person is off the roster."""
    _workshop, activity, person, ids, sockets, _phone = room
    with transaction() as s:
        s.execute(
            update(Participant).where(Participant.id == person.id).values(removed_at=utcnow())
        )
    answer = tap(sockets["phone"], activity.id, ids[0])
    assert (answer["ok"], answer["status"]) == (False, 403)
    assert dots_of() == 0


def test_a_closed_vote_refuses_the_tap_and_answers_the_ballot_as_recorded(room):
    workshop, activity, person, ids, sockets, _phone = room
    assert tap(sockets["phone"], activity.id, ids[0])["ok"]
    voting.close_vote(workshop, activity)
    answer = tap(sockets["phone"], activity.id, ids[1])
    assert (answer["ok"], answer["status"], answer["code"]) == (False, 409, "vote_closed")
    assert "The vote is closed" in answer["ballot"]
    assert dots_of(person.id) == 1


def test_a_ranking_tap_answers_the_whole_ballot(app, client, ctx, socket_client):
    workshop, _ = new_facilitated_workshop(client, language="en")
    activity = add_vote(workshop, method="ranking", budget=2)
    phone = app.test_client()
    join_as(phone, workshop, lang="en")
    agenda.start_workshop(workshop)
    agenda.go_to_activity(workshop, activity.id)
    voting.open_vote(workshop, activity)
    socket = socket_client({"workshop": workshop.join_code, "audience": "phone"}, phone)
    ids = [c.id for c in voting.candidates_of(activity)]
    answer = tap(socket, activity.id, ids[1], action="rank")
    assert (
        answer["ok"] and 'id="my-ballot"' in answer["ballot"] and "Your ranking" in answer["ballot"]
    )
    second = tap(socket, activity.id, ids[0], action="rank")
    assert second["ok"] and "Your top is complete" in second["ballot"]
