"""Speed meetings live: a new round reaches every audience, a phone refetches its own place
only when its slot changes, and only a match is ever announced to a phone."""

import re

import pytest

from tests.speed_factories import partner_of, speed_settings
from tests.views.helpers import HX, join_as, new_facilitated_workshop
from workshop.db import session
from workshop.extensions import socketio
from workshop.models import Participant
from workshop.services import agenda, roster, speed


def connect(app, flask_client, audience, workshop):
    auth = {"workshop": workshop.join_code, "audience": audience}
    return socketio.test_client(app, flask_test_client=flask_client, auth=auth)


def html_of(received) -> str:
    return "".join(m["args"][0]["html"] for m in received if m["name"] == "regions")


def named(received, name: str) -> list:
    return [m for m in received if m["name"] == name]


@pytest.fixture
def live_speed(app, client, ctx):
    """A live speed meeting, planned, two phones a side; sockets for each audience."""
    workshop, _ = new_facilitated_workshop(client, language="en")
    client.post(
        f"/w/{workshop.join_code}/activities", data=speed_settings(side_b=["Company"]), headers=HX
    )
    activity = workshop.activities[-1]
    phones = {}
    for first, category in (("Ada", "Association"), ("Ben", "Association")):
        phones[first] = app.test_client()
        join_as(phones[first], workshop, first, "T", category=category, lang="en")
    for first in ("Cy", "Di"):
        phones[first] = app.test_client()
        join_as(phones[first], workshop, first, "T", category="Company", lang="en")
    agenda.start_workshop(workshop)
    agenda.go_to_activity(workshop, activity.id)
    speed.make_plan(workshop, activity)
    screen = app.test_client()
    screen.get(f"/s/{workshop.screen_key}")
    sockets = {
        "screen": connect(app, screen, "screen", workshop),
        "console": connect(app, client, "console", workshop),
        **{first: connect(app, phone, "phone", workshop) for first, phone in phones.items()},
    }
    for socket in sockets.values():
        socket.get_received()
    yield workshop, activity, sockets
    for socket in sockets.values():
        socket.disconnect()


def person(first: str) -> Participant:
    return session().query(Participant).filter_by(first_name=first).one()


def test_a_new_round_reaches_the_projector_the_console_and_each_phones_slot(live_speed):
    workshop, activity, sockets = live_speed
    speed.next_round(workshop, activity, 0)
    screen = html_of(sockets["screen"].get_received())
    assert "Round 1 of 2" in screen and screen.count('class="speed-table"') == 4
    console = html_of(sockets["console"].get_received())
    assert 'id="console-speed"' in console and 'id="speed-controls"' in console
    phone = html_of(sockets["Ada"].get_received())
    version = speed.state_of(activity).version
    assert f'id="speed-slot-{activity.id}-{version}-1-l"' in phone
    assert "Ada" not in re.sub(r"<[^>]+>", "", phone)  # a phone's place is never pushed


def test_pausing_keeps_each_phones_slot(live_speed):
    workshop, activity, sockets = live_speed
    speed.next_round(workshop, activity, 0)
    before = re.search(r'id="(speed-slot-[^"]+)"', html_of(sockets["Ada"].get_received()))
    speed.pause_round(workshop, activity)
    after = re.search(r'id="(speed-slot-[^"]+)"', html_of(sockets["Ada"].get_received()))
    assert before.group(1) == after.group(1)


def test_ones_own_part_is_kept_by_every_push_and_never_pushed(live_speed, app):
    """The stage names one's own part (follow-ups, matches, contact) empty: a push keeps
    the page's (hx-preserve), the page itself brings it without the mark, and only the
    answer to the phone's place fills it."""
    workshop, activity, sockets = live_speed
    ada = person("Ada")
    speed.next_round(workshop, activity, 0)
    other = partner_of(activity, ada)
    pushed = html_of(sockets["Ada"].get_received())
    assert f'<div id="speed-own-{activity.id}" class="speed-own" hx-preserve></div>' in pushed
    assert f"speed-follow-{other}" not in pushed
    phone = app.test_client()
    join_as(phone, workshop, "Eve", "T", category="Company", lang="en")
    page = phone.get(f"/p/{workshop.join_code}").get_data(as_text=True)
    assert f'<div id="speed-own-{activity.id}" class="speed-own"></div>' in page


def test_only_a_match_is_announced_and_only_to_the_two_people(live_speed):
    workshop, activity, sockets = live_speed
    speed.next_round(workshop, activity, 0)
    ada = person("Ada")
    other = roster.find_person(workshop, partner_of(activity, ada))
    for socket in sockets.values():
        socket.get_received()
    speed.mark_follow_up(workshop, activity, ada, other.id, {})
    assert all(not named(s.get_received(), "follow_ups_changed") for s in sockets.values())
    speed.mark_follow_up(workshop, activity, other, ada.id, {})
    told = {first for first, s in sockets.items() if named(s.get_received(), "follow_ups_changed")}
    assert told == {"Ada", other.first_name}
