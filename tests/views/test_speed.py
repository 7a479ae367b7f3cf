"""Speed meetings over HTTP: the console leads the rounds, phones see their own place,
mark follow-ups with idempotency keys, and the projector shows the table plan."""

import re

import pytest
from werkzeug.datastructures import MultiDict

from tests.speed_factories import speed_settings
from tests.views.helpers import HX, join_as, new_facilitated_workshop
from workshop.db import session
from workshop.models import Participant, SpeedFollowUp
from workshop.services import agenda, speed


def english(client):
    client.environ_base["HTTP_ACCEPT_LANGUAGE"] = "en"
    return client


@pytest.fixture
def room(app, client, ctx):
    """A live English workshop on a speed meeting (2 rounds, pairs), two phones a side."""
    workshop, _secret = new_facilitated_workshop(english(client), language="en")
    form = speed_settings(side_a=["Association"], side_b=["Company", "Public body"])
    response = client.post(f"/w/{workshop.join_code}/activities", data=form, headers=HX)
    assert response.status_code == 200, response.data
    activity = workshop.activities[-1]
    phones = {}
    people = [("Ada", "Association"), ("Ben", "Association"), ("Cy", "Company"), ("Di", "Company")]
    for first, category in people:
        phone = english(app.test_client())
        join_as(phone, workshop, first, "Tester", category=category, organisation=f"{first} org")
        phones[first] = phone
    agenda.start_workshop(workshop)
    agenda.go_to_activity(workshop, activity.id)
    return workshop, activity, client, phones


def base(workshop, activity):
    return f"/w/{workshop.join_code}/speed/{activity.id}"


def phone_url(workshop, activity, action=""):
    return f"/p/{workshop.join_code}/speed/{activity.id}" + (f"/{action}" if action else "")


def person(first):
    return session().query(Participant).filter_by(first_name=first).one()


def start_rounds(room):
    workshop, activity, console, _phones = room
    assert console.post(base(workshop, activity) + "/plan", headers=HX).status_code == 200
    assert (
        console.post(base(workshop, activity) + "/next", data={"seen": "0"}, headers=HX).status_code
        == 200
    )


def partner(activity, first):
    me = person(first)
    round_ = speed.state_of(activity).plan.rounds[speed.state_of(activity).current - 1]
    table = next(t for t in round_.tables if me.id in t.members)
    return (table.side_b if me.id in table.side_a else table.side_a)[0]


def test_the_console_shows_the_panel_and_the_plan_round_by_round(room):
    workshop, activity, console, _phones = room
    page = console.get(f"/w/{workshop.join_code}/console").get_data(as_text=True)
    assert 'id="console-speed"' in page and 'id="speed-controls"' in page
    assert "No plan yet." in page
    answer = console.post(base(workshop, activity) + "/plan", headers=HX).get_data(as_text=True)
    assert 'id="speed-make-plan"' in answer and "Update the plan" in answer
    plan = console.get(base(workshop, activity) + "/plan").get_data(as_text=True)
    assert plan.count("<h3>Round") == 2 and "Ada Tester (Ada org)" in plan


def test_the_printed_plan_has_one_section_a_round_in_the_workshops_language(room):
    workshop, activity, console, _phones = room
    console.post(base(workshop, activity) + "/plan", headers=HX)
    page = console.get(base(workshop, activity) + "/print").get_data(as_text=True)
    assert page.count('class="print-round"') == 2
    assert "speed-print.css" in page and 'lang="en"' in page


def test_a_phone_sees_its_round_table_and_partner_then_what_comes_next(room):
    workshop, activity, _console, phones = room
    start_rounds(room)
    html = phones["Ada"].get(phone_url(workshop, activity)).get_data(as_text=True)
    other = session().get(Participant, partner(activity, "Ada"))
    assert "Round 1 — table" in html
    assert f"with {other.first_name} Tester ({other.first_name} org)" in html
    assert "Next: round 2 — table" in html


def test_someone_who_may_not_be_named_appears_as_a_participant_of_their_organisation(room):
    workshop, activity, console, phones = room
    start_rounds(room)
    other = session().get(Participant, partner(activity, "Ada"))
    data = {
        "first_name": other.first_name,
        "surname": "Tester",
        "organisation": "Hidden Ltd",
        "category": other.category,
    }  # nameable unticked: the facilitator's mark
    assert (
        console.post(
            f"/w/{workshop.join_code}/people/{other.id}", data=data, headers=HX
        ).status_code
        == 200
    )
    html = phones["Ada"].get(phone_url(workshop, activity)).get_data(as_text=True)
    assert "with a participant of Hidden Ltd" in html
    assert other.first_name + " Tester" not in html


def test_the_place_brings_ones_own_part_out_of_band_naming_its_slot(room):
    """One's follow-ups, matches and contact come with the place, out of band, into the
    part the stage's pushes keep (static/js/speed.js merges them there): the place itself
    (in the slot a new round replaces) holds none of them."""
    workshop, activity, _console, phones = room
    start_rounds(room)
    other = partner(activity, "Ada")
    html = phones["Ada"].get(phone_url(workshop, activity)).get_data(as_text=True)
    place, own = html.split(f'<div id="speed-own-{activity.id}"', 1)
    assert place.lstrip().startswith('<section id="speed-me"') and "follow" not in place
    slot = speed.state_of(activity).slot_key
    assert own.startswith(f' class="speed-own" data-slot="{slot}" hx-swap-oob="true">')
    assert f'<li id="speed-follow-{other}" class="follow-item" data-speed-own>' in own
    assert '<section id="speed-matches" class="speed-matches" data-speed-own' in own
    assert '<form id="speed-contact" class="speed-contact" data-speed-own' in own


def test_someone_on_no_side_is_told_so_and_offered_no_contact_to_share(room, app):
    workshop, activity, _console, _phones = room
    outsider = english(app.test_client())
    join_as(outsider, workshop, "Eve", "Tester", category="Other")
    start_rounds(room)
    html = outsider.get(phone_url(workshop, activity)).get_data(as_text=True)
    assert "You are on no side of these meetings" in html
    assert 'id="speed-contact"' not in html
    sided = room[3]["Ada"].get(phone_url(workshop, activity)).get_data(as_text=True)
    assert 'id="speed-contact"' in sided


def test_a_follow_up_tap_is_counted_once_and_answers_only_ones_own_mark(room):
    workshop, activity, _console, phones = room
    start_rounds(room)
    other = partner(activity, "Ada")
    headers = {**HX, "Idempotency-Key": "key-12345678"}
    data = {"other_id": other, "on": "1", "note": "Let us talk vans"}
    first = phones["Ada"].post(phone_url(workshop, activity, "follow"), data=data, headers=headers)
    again = phones["Ada"].post(phone_url(workshop, activity, "follow"), data=data, headers=headers)
    assert first.status_code == again.status_code == 200
    assert first.headers["HX-Trigger"] == "speed-follow-changed"
    assert session().query(SpeedFollowUp).count() == 1
    changed = {**data, "note": "another note"}
    conflict = phones["Ada"].post(
        phone_url(workshop, activity, "follow"), data=changed, headers=headers
    )
    assert conflict.status_code == 409


def test_marking_answers_the_same_whether_or_not_the_other_marked(room):
    """The answer to a mark is one's own mark: byte for byte the same either way."""
    workshop, activity, _console, phones = room
    start_rounds(room)
    ada, other_id = person("Ada"), partner(activity, "Ada")
    other = session().get(Participant, other_id)
    data = {"other_id": other_id, "on": "1", "note": ""}
    alone = phones["Ada"].post(phone_url(workshop, activity, "follow"), data=data, headers=HX)
    phones["Ada"].post(
        phone_url(workshop, activity, "follow"), data={**data, "on": "0"}, headers=HX
    )
    phones[other.first_name].post(
        phone_url(workshop, activity, "follow"), data={"other_id": ada.id, "on": "1"}, headers=HX
    )
    answered = phones["Ada"].post(phone_url(workshop, activity, "follow"), data=data, headers=HX)
    assert alone.status_code == answered.status_code == 200
    assert alone.get_data() == answered.get_data()
    assert dict(alone.headers).keys() == dict(answered.headers).keys()


def test_a_phone_cannot_mark_on_behalf_of_someone_else_nor_someone_not_met(room):
    workshop, activity, _console, phones = room
    start_rounds(room)
    ada, ben = person("Ada"), person("Ben")
    tampered = {"other_id": ada.id, "person_id": ben.id, "on": "1"}
    answer = phones["Ada"].post(phone_url(workshop, activity, "follow"), data=tampered, headers=HX)
    assert answer.status_code == 403  # Ada did not meet herself; person_id is ignored
    same_side = {"other_id": ben.id, "on": "1"}
    answer = phones["Ada"].post(phone_url(workshop, activity, "follow"), data=same_side, headers=HX)
    assert answer.status_code == 403
    assert session().query(SpeedFollowUp).count() == 0


def test_only_mutual_marks_show_and_contacts_only_where_both_share(room):
    workshop, activity, _console, phones = room
    start_rounds(room)
    ada, other_id = person("Ada"), partner(activity, "Ada")
    other = session().get(Participant, other_id)
    follow = phone_url(workshop, activity, "follow")
    phones["Ada"].post(follow, data={"other_id": other_id, "on": "1"}, headers=HX)
    theirs = phones[other.first_name]
    assert "follow up" not in theirs.get(phone_url(workshop, activity, "matches")).get_data(
        as_text=True
    )
    theirs.post(follow, data={"other_id": ada.id, "on": "1", "note": "Call me"}, headers=HX)
    contact = phone_url(workshop, activity, "contact")
    phones["Ada"].post(
        contact, data={"shares_contact": "1", "contact": "ada@example.org"}, headers=HX
    )
    mine = phones["Ada"].get(phone_url(workshop, activity, "matches")).get_data(as_text=True)
    assert "You both want to follow up" in mine and "Call me" in mine
    assert "Contact:" not in mine  # the other did not agree to share
    theirs.post(contact, data={"shares_contact": "1", "contact": "+33 6 00 00 00 00"}, headers=HX)
    mine = phones["Ada"].get(phone_url(workshop, activity, "matches")).get_data(as_text=True)
    assert "+33 6 00 00 00 00" in mine
    assert "ada@example.org" in theirs.get(phone_url(workshop, activity, "matches")).get_data(
        as_text=True
    )


def test_the_controls_pause_extend_and_refuse_a_skipped_round(room):
    workshop, activity, console, _phones = room
    start_rounds(room)
    url = base(workshop, activity)
    assert console.post(url + "/pause", headers=HX).status_code == 200
    assert "Resume" in console.post(url + "/extend", headers=HX).get_data(as_text=True)
    assert speed.state_of(activity).row.round_extra_seconds == 60
    behind = console.post(url + "/next", data={"seen": "0"}, headers=HX)
    assert behind.status_code == 409
    # A console that was behind gets where the rounds stand (nothing changed: no push).
    assert 'id="speed-controls"' in behind.get_data(as_text=True)
    assert console.post(url + "/next", data={"seen": "1"}, headers=HX).status_code == 200
    assert console.post(url + "/next", data={"seen": "2"}, headers=HX).status_code == 409
    assert console.post(url + "/finish", headers=HX).status_code == 200
    assert speed.state_of(activity).finished


def test_the_projector_shows_the_round_and_the_tables(room, app):
    workshop, activity, _console, _phones = room
    start_rounds(room)
    screen = app.test_client()
    page = screen.get(f"/s/{workshop.screen_key}").get_data(as_text=True)
    assert "Round 1 of 2" in page and page.count('class="speed-table"') == 4  # now and next
    assert "Ada Tester (Ada org)" in page


def test_a_wish_from_a_phone_before_the_rounds_and_none_after(room):
    workshop, activity, console, phones = room
    console.post(base(workshop, activity) + "/plan", headers=HX)
    cy = person("Cy")
    answer = phones["Ada"].post(
        phone_url(workshop, activity, "wish"), data={"wanted_id": cy.id}, headers=HX
    )
    assert answer.status_code == 200 and 'aria-pressed="true"' in answer.get_data(as_text=True)
    same = phones["Ada"].post(
        phone_url(workshop, activity, "wish"), data={"wanted_id": person("Ben").id}, headers=HX
    )
    assert same.status_code == 422 and "same side" in same.get_data(as_text=True)
    console.post(base(workshop, activity) + "/next", data={"seen": "0"}, headers=HX)
    late = phones["Ada"].post(
        phone_url(workshop, activity, "wish"), data={"wanted_id": cy.id, "on": "0"}, headers=HX
    )
    assert late.status_code == 409


def test_carrying_the_project_groups_shows_the_new_workshops_link_once(room):
    workshop, activity, console, phones = room
    start_rounds(room)
    ada, other_id = person("Ada"), partner(activity, "Ada")
    other = session().get(Participant, other_id)
    follow = phone_url(workshop, activity, "follow")
    phones["Ada"].post(follow, data={"other_id": other_id, "on": "1"}, headers=HX)
    phones[other.first_name].post(follow, data={"other_id": ada.id, "on": "1"}, headers=HX)
    data = MultiDict([("name", "Jardin partagé"), ("member_ids", ada.id), ("member_ids", other_id)])
    speed.create_project_group(workshop, activity, data)
    answer = console.post(base(workshop, activity) + "/carry", headers=HX)
    assert answer.status_code == 200
    page = answer.get_data(as_text=True)
    assert "with the project sub-groups and a new speed meeting" in page
    assert 'id="follow-up-link"' in page and "/f/" in page


def test_the_live_bar_holds_the_rounds_natural_next_step(room):
    workshop, activity, console, _phones = room
    url = base(workshop, activity)

    def bar(page: str) -> str:
        start = page.index('id="live-bar"')
        return page[start : page.index("</section>", start)]

    page = bar(console.get(f"/w/{workshop.join_code}/console").get_data(as_text=True))
    assert 'id="live-speed-plan"' in page and "data-main" in page and "No plan yet." in page
    answer = console.post(url + "/plan", headers=HX).get_data(as_text=True)
    assert re.search(r'id="live-speed-next"[^>]*>Start round 1<', bar(answer))
    assert 'name="seen" value="0"' in bar(answer)
    answer = console.post(url + "/next", data={"seen": "0"}, headers=HX).get_data(as_text=True)
    assert re.search(r'id="live-speed-next"[^>]*>Next round<', bar(answer))
    assert "Round 1 of 2" in bar(answer)
    answer = console.post(url + "/next", data={"seen": "1"}, headers=HX).get_data(as_text=True)
    assert 'id="live-speed-finish"' in bar(answer) and 'id="live-speed-next"' not in bar(answer)
    answer = console.post(url + "/finish", headers=HX).get_data(as_text=True)
    assert "data-main" not in bar(answer) and "Meetings over: 2 rounds held." in bar(answer)
