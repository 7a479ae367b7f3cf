"""Voting over HTTP: phones tap with idempotency keys, the facilitator runs the vote."""

import re
import threading
from concurrent.futures import ThreadPoolExecutor

import pytest

from tests.factories import add_vote, make_workshop, remove_dot
from tests.views.helpers import HX, csrf_token_of, join_as, new_facilitated_workshop
from workshop.db import session
from workshop.models import Participant, VoteDot
from workshop.services import agenda, groups, roster, voting
from workshop.services.voting import result_of


@pytest.fixture
def postgres_db(postgres_server):
    """Asking for this fixture runs the test on a fresh PostgreSQL database."""
    return postgres_server


@pytest.fixture
def vote_room(app, client, ctx):
    """A live workshop showing an open dots vote (3 dots, 5 candidates), one phone joined."""
    workshop, secret = new_facilitated_workshop(english(client), language="en")
    activity = add_vote(workshop, candidates=[f"Piste {c}" for c in "ABCDE"])
    phone = english(app.test_client())
    join_as(phone, workshop)
    agenda.start_workshop(workshop)
    agenda.go_to_activity(workshop, activity.id)
    voting.open_vote(workshop, activity)
    person = session().query(Participant).filter_by(workshop_id=workshop.id).one()
    return workshop, activity, phone, person


def english(client):
    """Make a test browser ask for English pages (the catalogue's French is the default)."""
    client.environ_base["HTTP_ACCEPT_LANGUAGE"] = "en"
    return client


def url(workshop, activity, action=""):
    return f"/p/{workshop.join_code}/vote/{activity.id}" + (f"/{action}" if action else "")


def ids(activity):
    return [c.id for c in voting.candidates_of(activity)]


def tap(phone, workshop, activity, action, candidate_id, key=None, **data):
    headers = {**HX, **({"Idempotency-Key": key} if key else {})}
    return phone.post(
        url(workshop, activity, action),
        data={"candidate_id": candidate_id, **data},
        headers=headers,
    )


def dots_of(person):
    session().expire_all()
    return session().query(VoteDot).filter_by(participant_id=person.id).count()


# ---- the phone's ballot -------------------------------------------------------------------


def test_while_nobody_has_voted_the_page_holds_the_empty_ballot(vote_room):
    workshop, activity, phone, person = vote_room
    page = phone.get(f"/p/{workshop.join_code}").get_data(as_text=True)
    assert 'id="my-ballot"' in page and "data-fresh" in page and "3</span> dots left" in page
    assert 'hx-trigger="load"' not in page  # nothing to fetch
    assert f'data-ballot-seed="{person.id}"' in page  # to put it in this phone's own order


def test_once_someone_voted_the_page_loads_its_own_ballot_from_the_server(app, vote_room):
    workshop, activity, phone, _person = vote_room
    other = english(app.test_client())
    join_as(other, workshop, first_name="Ines", surname="Other")
    assert tap(other, workshop, activity, "dot", ids(activity)[0]).status_code == 200
    page = phone.get(f"/p/{workshop.join_code}").get_data(as_text=True)
    assert f'hx-get="{url(workshop, activity)}"' in page and 'hx-trigger="load"' in page
    ballot = phone.get(url(workshop, activity)).get_data(as_text=True)
    assert 'id="my-ballot"' in ballot and "3</span> dots left" in ballot


def test_each_phone_sees_the_orientations_in_its_own_stable_order(app, vote_room):
    from workshop.presenters.votes import own_rank

    workshop, activity, phone, person = vote_room
    ballot = phone.get(url(workshop, activity)).get_data(as_text=True)
    shown = [int(n) for n in re.findall(r'data-candidate="(\d+)"', ballot)]
    expected = sorted(ids(activity), key=lambda c: (own_rank(activity.id, person.id, c), c))
    assert shown == expected  # the order static/js/vote.js gives a ballot pushed to the room
    assert shown == [int(n) for n in re.findall(r'data-candidate="(\d+)"', ballot)]
    # Two people of the same room do not share one order (5 candidates: 120 orders).
    orders = {
        tuple(sorted(ids(activity), key=lambda c, p=p: own_rank(activity.id, p, c)))
        for p in range(1, 30)
    }
    assert len(orders) > 10


def test_a_tap_answers_with_the_ballot_and_its_remaining_dots(vote_room):
    workshop, activity, phone, person = vote_room
    response = tap(phone, workshop, activity, "dot", ids(activity)[0], key="tap-key-0001")
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert "Saved" in html and "2</span> dots left" in html
    assert dots_of(person) == 1


def test_a_reload_shows_exactly_what_the_server_holds(vote_room):
    workshop, activity, phone, _person = vote_room
    a, b, *_ = ids(activity)
    tap(phone, workshop, activity, "dot", a)
    tap(phone, workshop, activity, "dot", b)
    ballot = phone.get(url(workshop, activity)).get_data(as_text=True)
    assert "1</span> dot left" in ballot
    assert ballot.count('class="dot-count" aria-hidden="true">●</span>') == 2


def test_the_same_key_twice_counts_once(vote_room):
    workshop, activity, phone, person = vote_room
    a = ids(activity)[0]
    first = tap(phone, workshop, activity, "dot", a, key="same-key-001")
    again = tap(phone, workshop, activity, "dot", a, key="same-key-001")
    assert first.status_code == again.status_code == 200
    assert "Saved" in again.get_data(as_text=True)
    assert dots_of(person) == 1


def test_the_same_key_with_another_payload_is_refused_and_changes_nothing(vote_room):
    workshop, activity, phone, person = vote_room
    a, b, *_ = ids(activity)
    tap(phone, workshop, activity, "dot", a, key="same-key-002")
    response = tap(phone, workshop, activity, "dot", b, key="same-key-002")
    assert response.status_code == 409
    assert dict(voting.ballot_of(activity, person).choices) == {a: 1}


def test_a_malformed_key_is_refused(vote_room):
    workshop, activity, phone, person = vote_room
    response = tap(phone, workshop, activity, "dot", ids(activity)[0], key="bad key!")
    assert response.status_code == 400 and dots_of(person) == 0


def test_refusals_answer_with_the_true_ballot_and_the_reason(vote_room):
    workshop, activity, phone, person = vote_room
    a = ids(activity)[0]
    tap(phone, workshop, activity, "dot", a)
    response = tap(phone, workshop, activity, "dot", a)
    html = response.get_data(as_text=True)
    assert response.status_code == 409 and "as many of your dots as allowed" in html
    assert "2</span> dots left" in html


def test_votes_are_refused_once_closed(vote_room, client):
    workshop, activity, phone, person = vote_room
    client.post(f"/w/{workshop.join_code}/votes/{activity.id}/close", headers=HX)
    response = tap(phone, workshop, activity, "dot", ids(activity)[0])
    assert response.status_code == 409 and "The vote is not open" in response.get_data(as_text=True)
    assert dots_of(person) == 0


def test_another_workshops_candidate_is_refused(vote_room):
    workshop, activity, phone, person = vote_room
    other, _ = make_workshop()
    foreign = add_vote(other)
    response = tap(phone, workshop, activity, "dot", ids(foreign)[0])
    assert response.status_code == 404 and dots_of(person) == 0
    # and the other workshop's vote itself is out of reach
    assert phone.post(url(other, foreign, "dot"), data={"candidate_id": 1}).status_code == 403


def test_without_a_participant_cookie_nothing_is_recorded(vote_room, app):
    workshop, activity, _phone, person = vote_room
    stranger = english(app.test_client())
    assert tap(stranger, workshop, activity, "dot", ids(activity)[0]).status_code == 403
    assert stranger.get(url(workshop, activity)).status_code == 403
    assert dots_of(person) == 0


def test_a_group_vote_refuses_other_groups_and_own_group_candidates_when_forbidden(
    app, client, ctx
):
    workshop, _ = new_facilitated_workshop(english(client), language="en")
    g1 = groups.add_group(workshop, {"name": "Groupe 1"})
    g2 = groups.add_group(workshop, {"name": "Groupe 2"})
    activity = add_vote(workshop, group_id=g1.id)
    phone = english(app.test_client())
    join_as(phone, workshop)
    person = roster.roster(workshop)[0]
    groups.assign_person(workshop, person.id, g2.id)
    voting.open_vote(workshop, activity)
    response = tap(phone, workshop, activity, "dot", ids(activity)[0])
    assert response.status_code == 403 and "another group" in response.get_data(as_text=True)
    assert dots_of(person) == 0


def test_keyboard_users_rank_with_buttons_and_move_with_up_and_down(app, client, ctx):
    workshop, _ = new_facilitated_workshop(english(client), language="en")
    activity = add_vote(workshop, method="ranking", order="fixed")
    phone = english(app.test_client())
    join_as(phone, workshop)
    voting.open_vote(workshop, activity)
    a, b, c = ids(activity)
    for candidate in (a, b):
        tap(phone, workshop, activity, "rank", candidate)
    html = tap(phone, workshop, activity, "move", b, direction="up").get_data(as_text=True)
    ranked = re.findall(r'<span class="ranked-label">([^<]+)</span>', html)
    assert ranked == ["Piste B", "Piste A"]
    assert "Rank #3" in html and 'data-focus-key="up-' in html
    html = tap(phone, workshop, activity, "unrank", b).get_data(as_text=True)
    assert re.findall(r'<span class="ranked-label">([^<]+)</span>', html) == ["Piste A"]


def test_each_participant_sees_the_candidates_in_a_stable_order_of_their_own(app, client, ctx):
    workshop, _ = new_facilitated_workshop(english(client), language="en")
    activity = add_vote(workshop, candidates=[f"Piste {i:02d}" for i in range(12)])
    orders = []
    for name in ("Ann", "Bob"):
        phone = english(app.test_client())
        join_as(phone, workshop, first_name=name)
        first = phone.get(url(workshop, activity)).get_data(as_text=True)
        again = phone.get(url(workshop, activity)).get_data(as_text=True)
        labels = re.findall(r'class="candidate-label">([^<]+)<', first)
        assert labels == re.findall(r'class="candidate-label">([^<]+)<', again)
        orders.append(labels)
    assert sorted(orders[0]) == sorted(orders[1]) and orders[0] != orders[1]


# ---- parallel requests never overspend ------------------------------------------------------


def race(app, workshop, activity, cookie, payloads):
    """Send every payload at once from its own client carrying the same participant cookie."""
    barrier = threading.Barrier(len(payloads))

    def send(payload):
        client = english(app.test_client())
        client.set_cookie("ws_session", cookie)
        candidate_id, key = payload
        barrier.wait()
        return tap(client, workshop, activity, "dot", candidate_id, key=key).status_code

    with ThreadPoolExecutor(len(payloads)) as pool:
        return list(pool.map(send, payloads))


def check_twenty_parallel_taps_never_exceed_the_budget(app, vote_room):
    workshop, activity, phone, person = vote_room
    cookie = phone.get_cookie("ws_session").value
    candidates = ids(activity)
    payloads = [(candidates[i % 5], f"race-key-{i:04d}") for i in range(20)]
    statuses = race(app, workshop, activity, cookie, payloads)
    assert set(statuses) <= {200, 409}
    assert dots_of(person) == 3
    counts = [
        row.candidate_id for row in session().query(VoteDot).filter_by(participant_id=person.id)
    ]
    assert len(set(counts)) == 3  # max one per candidate held too
    # replays of one key in parallel count once
    remove_dot(workshop, activity, person, counts[0])
    statuses = race(app, workshop, activity, cookie, [(counts[0], "one-key-0001")] * 20)
    assert set(statuses) == {200} and dots_of(person) == 3


def test_twenty_parallel_taps_never_exceed_the_budget(app, vote_room):
    check_twenty_parallel_taps_never_exceed_the_budget(app, vote_room)


def test_twenty_parallel_taps_never_exceed_the_budget_on_postgresql(postgres_db, app, vote_room):
    assert app.extensions["db"]["engine"].dialect.name == "postgresql"
    check_twenty_parallel_taps_never_exceed_the_budget(app, vote_room)


# ---- the facilitator ---------------------------------------------------------------------


def test_the_console_shows_the_vote_panel_with_its_progress(vote_room, client):
    workshop, activity, phone, _person = vote_room
    tap(phone, workshop, activity, "dot", ids(activity)[0])
    page = client.get(f"/w/{workshop.join_code}/console").get_data(as_text=True)
    assert 'id="console-vote"' in page and "1 of 1 present participant has voted" in page
    assert 'id="close-vote"' in page and "Only you see these results" in page


def test_the_facilitator_adds_and_removes_candidates(app, client, ctx):
    workshop, _ = new_facilitated_workshop(english(client), language="en")
    activity = add_vote(workshop, candidates=())
    base = f"/w/{workshop.join_code}/votes/{activity.id}"
    response = client.post(
        f"{base}/candidates", data={"candidates": "Un\n  détail\nDeux"}, headers=HX
    )
    assert response.status_code == 200 and "Un" in response.get_data(as_text=True)
    one, two = voting.candidates_of(activity)
    assert one.subpoints == ["détail"]
    client.post(f"{base}/candidates/{two.id}/delete", headers=HX)
    assert [c.label for c in voting.candidates_of(activity)] == ["Un"]
    assert client.post(f"{base}/candidates", data={"candidates": ""}, headers=HX).status_code == 422


def test_open_close_and_reveal_from_the_console(vote_room, client, app):
    workshop, activity, phone, _person = vote_room
    base = f"/w/{workshop.join_code}/votes/{activity.id}"
    screen = english(app.test_client())
    screen.get(f"/s/{workshop.screen_key}")
    tap(phone, workshop, activity, "dot", ids(activity)[0])
    page = screen.get(f"/s/{workshop.screen_key}").get_data(as_text=True)
    # Hidden results: the room sees what it votes on, in the ballot's order, never a count.
    assert "The results will be shown" in page and "ranking-table" not in page
    shown = re.search(r'<ul class="screen-candidates"[^>]*>(.*?)</ul>', page, re.S).group(1)
    assert re.findall(r"<li>([^<]+)</li>", shown) == [
        c.label for c in voting.candidates_of(activity)
    ]
    assert client.post(f"{base}/close", headers=HX).status_code == 200
    assert client.post(f"{base}/close", headers=HX).status_code == 409
    client.post(f"{base}/reveal", data={"revealed": "1"}, headers=HX)
    page = screen.get(f"/s/{workshop.screen_key}").get_data(as_text=True)
    assert "Piste A" in page and "retained" in page and "Equal scores share a rank" in page
    assert client.post(f"{base}/open", headers=HX).status_code == 200


def test_a_proxy_ballot_is_recorded_for_someone_without_a_phone(vote_room, client):
    workshop, activity, _phone, _person = vote_room
    paper = roster.add_person(workshop, {"first_name": "Jean", "surname": "Papier"})
    base = f"/w/{workshop.join_code}/votes/{activity.id}"
    form = client.get(f"{base}/proxy", headers=HX).get_data(as_text=True)
    assert "Jean Papier" in form
    a = ids(activity)[0]
    data = {"person_id": paper.id, f"dots_{a}": "1"}
    assert client.post(f"{base}/proxy", data=data, headers=HX).status_code == 200
    assert result_of(activity).proxy_count == 1
    data[f"dots_{a}"] = "5"
    assert client.post(f"{base}/proxy", data=data, headers=HX).status_code == 422


def test_the_console_names_proxy_voters_and_the_form_comes_filled_to_correct(vote_room, client):
    workshop, activity, _phone, _person = vote_room
    paper = roster.add_person(workshop, {"first_name": "Jean", "surname": "Papier"})
    other = roster.add_person(workshop, {"first_name": "Anne", "surname": "Carnet"})
    base = f"/w/{workshop.join_code}/votes/{activity.id}"
    a, b = ids(activity)[:2]
    data = {"person_id": paper.id, f"dots_{a}": "1", f"dots_{b}": "1"}
    html = client.post(f"{base}/proxy", data=data, headers=HX).get_data(as_text=True)
    listed = re.search(r'id="proxy-list">(.*?)</p>', html, re.S).group(1)
    assert "Jean Papier" in listed and "Anne Carnet" not in listed
    assert "Piste A" not in listed  # whose ballots, never what they chose
    form = client.get(f"{base}/proxy?person_id={paper.id}").get_data(as_text=True)
    assert f'name="dots_{a}" type="number" min="0" max="1" value="1"' in form
    assert f'name="dots_{ids(activity)[2]}" type="number" min="0" max="1" value="0"' in form
    blank = client.get(f"{base}/proxy?person_id={other.id}").get_data(as_text=True)
    assert f'name="dots_{a}" type="number" min="0" max="1" value="1"' not in blank


def test_the_breakdown_goes_on_the_projector_once_results_are_revealed(vote_room, client):
    workshop, activity, phone, _person = vote_room
    tap(phone, workshop, activity, "dot", ids(activity)[0])
    base = f"/w/{workshop.join_code}/votes/{activity.id}"
    screen = f"/s/{workshop.screen_key}"
    html = client.get(f"/w/{workshop.join_code}/console").get_data(as_text=True)
    assert 'id="screen-breakdown-category"' not in html  # hidden until revealed
    assert (
        client.post(f"{base}/breakdown/screen", data={"by": "category"}, headers=HX).status_code
        == 409
    )
    client.post(f"{base}/close", headers=HX)
    client.post(f"{base}/reveal", data={"revealed": "1"}, headers=HX)
    html = client.post(f"{base}/breakdown/screen", data={"by": "category"}, headers=HX)
    assert 'id="hide-screen-breakdown"' in html.get_data(as_text=True)
    page = client.get(screen).get_data(as_text=True)
    assert 'id="screen-breakdown"' in page and "Too few people voted" in page
    client.post(f"{base}/reveal", data={"revealed": "0"}, headers=HX)
    assert 'id="screen-breakdown"' not in client.get(screen).get_data(as_text=True)
    client.post(f"{base}/reveal", data={"revealed": "1"}, headers=HX)
    client.post(f"{base}/breakdown/screen", data={"by": ""}, headers=HX)
    assert 'id="screen-breakdown"' not in client.get(screen).get_data(as_text=True)
    assert client.post(f"{base}/breakdown/screen", data={"by": "x"}, headers=HX).status_code == 400


def test_a_ranking_proxy_form_comes_filled_in_its_order(app, client, ctx):
    workshop, _ = new_facilitated_workshop(english(client), language="en")
    activity = add_vote(workshop, method="ranking", candidates=("A", "B", "C"))
    voting.open_vote(workshop, activity)
    paper = roster.add_person(workshop, {"first_name": "Jean", "surname": "Papier"})
    a, b, c = ids(activity)
    base = f"/w/{workshop.join_code}/votes/{activity.id}"
    data = {"person_id": paper.id, "rank_1": c, "rank_2": a}
    assert client.post(f"{base}/proxy", data=data, headers=HX).status_code == 200
    form = client.get(f"{base}/proxy").get_data(as_text=True)  # the first person by default
    first, second, third = re.findall(r'<select id="rank-\d".*?</select>', form, re.S)
    assert re.search(rf'value="{c}" selected', first) and "selected" not in first.replace(
        f'value="{c}" selected', ""
    )
    assert re.search(rf'value="{a}" selected', second)
    assert "selected" not in third


def test_a_cutoff_tie_offers_a_one_click_runoff(app, client, ctx):
    workshop, _ = new_facilitated_workshop(english(client), language="en")
    activity = add_vote(workshop, retain=1, candidates=("A", "B", "C"))
    voting.open_vote(workshop, activity)
    for name, pick in (("Ann", 0), ("Bob", 1)):
        phone = english(app.test_client())
        join_as(phone, workshop, first_name=name)
        tap(phone, workshop, activity, "dot", ids(activity)[pick])
    base = f"/w/{workshop.join_code}/votes/{activity.id}"
    client.post(f"{base}/close", headers=HX)
    page = client.get(f"/w/{workshop.join_code}/console").get_data(as_text=True)
    assert 'id="create-runoff"' in page
    assert client.post(f"{base}/runoff", headers=HX).status_code == 200
    runoff = workshop.activities[-1]
    assert runoff.kind == "vote" and [c.label for c in voting.candidates_of(runoff)] == ["A", "B"]


def test_one_click_runs_off_a_live_tie_on_screen_and_opens_it(vote_room, client):
    workshop, activity, phone, _person = vote_room
    settings = {**activity.settings, "retain": 1}
    agenda.update_activity(workshop, activity.id, {"kind": "vote", "title": "V", **settings})
    second = english(client.application.test_client())
    join_as(second, workshop, first_name="Zoé")
    a, b = ids(activity)[:2]
    tap(phone, workshop, activity, "dot", a)
    tap(second, workshop, activity, "dot", b)
    base = f"/w/{workshop.join_code}/votes/{activity.id}"
    client.post(f"{base}/close", headers=HX)
    html = client.post(f"{base}/runoff", headers=HX).get_data(as_text=True)
    runoff = workshop.activities[workshop.activities.index(activity) + 1]
    assert workshop.current_activity_id == runoff.id
    assert voting.state_of(voting.vote_of(runoff)) == voting.OPEN
    assert f"Run-off: {activity.title}" in html and 'id="close-vote"' in html
    assert tap(phone, workshop, runoff, "dot", ids(runoff)[0]).status_code == 200
    assert client.post(f"{base}/runoff", headers=HX).status_code == 409


def test_the_breakdown_waits_for_the_vote_to_close(vote_room, client):
    workshop, activity, _phone, _person = vote_room
    base = f"/w/{workshop.join_code}/votes/{activity.id}"
    assert "Close the vote first" in client.get(f"{base}/breakdown").get_data(as_text=True)
    client.post(f"{base}/close", headers=HX)
    html = client.get(f"{base}/breakdown?by=group").get_data(as_text=True)
    assert "Too few people voted" in html


def _follow_up(vote_room, client):
    """One dot, close, then ask for the follow-up workshop: (workshop, the answer's HTML)."""
    workshop, activity, phone, _person = vote_room
    tap(phone, workshop, activity, "dot", ids(activity)[0])
    base = f"/w/{workshop.join_code}/votes/{activity.id}"
    client.post(f"{base}/close", headers=HX)
    html = client.post(f"{base}/follow-up", headers=HX).get_data(as_text=True)
    return workshop, html


def test_the_follow_up_opens_a_new_console_for_this_browser(vote_room, client):
    workshop, html = _follow_up(vote_room, client)
    console = re.search(r'href="(/w/[A-Z0-9]+/console)"', html).group(1)
    assert console != f"/w/{workshop.join_code}/console"
    assert client.get(console).status_code == 200


def test_the_follow_up_link_is_shown_once_with_a_warning_and_both_consoles_link(vote_room, client):
    workshop, html = _follow_up(vote_room, client)
    assert "Keep this facilitator link." in html and 'data-copy="#follow-up-link"' in html
    secret_link = re.search(r'id="follow-up-link" readonly class="mono" value="([^"]+)"', html)
    new_code = re.search(r'href="/w/([A-Z0-9]+)/console"', html).group(1)
    assert "/f/" in secret_link.group(1)
    first = client.get(f"/w/{workshop.join_code}/console").get_data(as_text=True)
    assert 'id="follow-up-list"' in first and f"/w/{new_code}/console" in first
    assert "/f/" not in first  # the secret link is never shown again
    second = client.get(f"/w/{new_code}/console").get_data(as_text=True)
    assert 'id="follows-link"' in second and f"/w/{workshop.join_code}/console" in second
    markdown = client.get(f"/w/{new_code}/minutes/download/md").get_data(as_text=True)
    assert "Follows the workshop" in markdown or "Suite de l'atelier" in markdown


def test_a_runoff_offers_the_follow_up_of_the_settled_result(app, client, ctx):
    workshop, _ = new_facilitated_workshop(english(client), language="en")
    activity = add_vote(workshop, retain=1, candidates=("A", "B"))
    voting.open_vote(workshop, activity)
    phones = []
    for name, pick in (("Ann", 0), ("Bob", 1)):
        phone = english(app.test_client())
        join_as(phone, workshop, first_name=name)
        tap(phone, workshop, activity, "dot", ids(activity)[pick])
        phones.append(phone)
    base = f"/w/{workshop.join_code}/votes/{activity.id}"
    client.post(f"{base}/close", headers=HX)
    page = client.get(f"/w/{workshop.join_code}/console").get_data(as_text=True)
    assert 'id="follow-up"' not in page  # the whole top is tied: nothing settled yet
    assert client.post(f"{base}/follow-up", headers=HX).status_code == 409
    client.post(f"{base}/runoff", headers=HX)
    runoff = workshop.activities[workshop.activities.index(activity) + 1]
    voting.open_vote(workshop, runoff)
    tap(phones[0], workshop, runoff, "dot", ids(runoff)[1])
    runoff_base = f"/w/{workshop.join_code}/votes/{runoff.id}"
    html = client.post(f"{runoff_base}/close", headers=HX).get_data(as_text=True)
    assert 'id="follow-up"' in html
    assert client.post(f"{runoff_base}/follow-up", headers=HX).status_code == 200


def test_participant_vote_routes_refuse_a_request_without_csrf(csrf_app):
    with csrf_app.test_request_context():
        workshop, _ = make_workshop()
        activity = add_vote(workshop)
        voting.open_vote(workshop, activity)
        phone = english(csrf_app.test_client())
        token = csrf_token_of(phone, f"/j/{workshop.join_code}")
        phone.post(
            f"/j/{workshop.join_code}",
            data={"first_name": "A", "surname": "B", "csrf_token": token},
        )
        candidate = ids(activity)[0]
        assert tap(phone, workshop, activity, "dot", candidate).status_code == 400
        response = phone.post(
            url(workshop, activity, "dot"),
            data={"candidate_id": candidate},
            headers={**HX, "X-CSRFToken": token},
        )
        assert response.status_code == 200


def test_vote_settings_are_checked_when_the_activity_is_saved(app, client, ctx):
    workshop, _ = new_facilitated_workshop(english(client), language="en")
    form = {"kind": "vote", "title": "Vote", "method": "dots", "budget": "2"}
    bad = client.post(
        f"/w/{workshop.join_code}/activities", data={**form, "max_per_candidate": "3"}, headers=HX
    )
    assert bad.status_code == 422 and "dots in all" in bad.get_data(as_text=True)
    good = client.post(
        f"/w/{workshop.join_code}/activities",
        data={**form, "max_per_candidate": "2", "results": "live", "order": "fixed"},
        headers=HX,
    )
    assert good.status_code == 200
    settings = workshop.activities[-1].settings
    assert (settings["budget"], settings["max_per_candidate"], settings["results"]) == (
        2,
        2,
        "live",
    )


def test_ids_no_database_could_hold_are_refused_cleanly(vote_room, client):
    workshop, activity, phone, person = vote_room
    huge = 10**20
    assert tap(phone, workshop, activity, "dot", huge).status_code == 404
    assert tap(phone, workshop, activity, "dot", "x").status_code == 404
    base = f"/w/{workshop.join_code}/votes/{activity.id}"
    assert client.post(f"{base}/candidates/{huge}/delete", headers=HX).status_code == 404
    assert client.post(f"{base}/proxy", data={"person_id": huge}, headers=HX).status_code == 404
    assert dots_of(person) == 0


def test_a_participant_removed_from_the_roster_can_no_longer_vote(vote_room):
    workshop, activity, phone, person = vote_room
    first, second = ids(activity)[:2]
    assert tap(phone, workshop, activity, "dot", first).status_code == 200  # (now kept)
    roster.remove_person(workshop, person.id)
    assert tap(phone, workshop, activity, "dot", second).status_code == 403
    assert dots_of(person) == 1


def test_the_console_warns_before_opening_when_dots_cannot_all_be_spent(client, ctx):
    """Five dots, one per orientation, on three orientations: two cannot be placed. The
    warning stands in the vote's panel and, once the vote is on screen, in the live bar."""
    workshop, _ = new_facilitated_workshop(client, language="en")
    client.post("/lang", data={"lang": "en", "next": "/"})
    activity = add_vote(workshop, budget=5)
    page = client.get(f"/w/{workshop.join_code}/console").get_data(as_text=True)
    assert 'id="vote-unspendable"' in page
    assert "2 dots cannot be spent: each person has 5, at most 1 per orientation" in page
    agenda.start_workshop(workshop)
    agenda.go_to_activity(workshop, activity.id)
    page = client.get(f"/w/{workshop.join_code}/console").get_data(as_text=True)
    assert 'id="live-unspendable"' in page
    voting.add_typed_candidates(workshop, activity, "Piste D\nPiste E")
    page = client.get(f"/w/{workshop.join_code}/console").get_data(as_text=True)
    assert "cannot be spent" not in page


def test_the_warning_speaks_french_in_a_french_console(client, ctx):
    workshop, _ = new_facilitated_workshop(client, language="fr")
    client.post("/lang", data={"lang": "fr", "next": "/"})
    add_vote(workshop, method="ranking", budget=4)
    page = client.get(f"/w/{workshop.join_code}/console").get_data(as_text=True)
    assert "Chaque personne doit classer 4 places mais le bulletin n'a que 3 orientations" in page
