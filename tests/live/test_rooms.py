"""Sockets join only the rooms the cookie grants, and get the whole state on connect."""

import time

import pytest

from tests.factories import add_instruction, join, make_workshop
from tests.views.helpers import join_as
from workshop.services import agenda


@pytest.fixture
def workshop(ctx):
    workshop, _ = make_workshop()
    add_instruction(workshop, "Scénario 2030")
    return workshop


def html_of(received) -> str:
    return "".join(m["args"][0]["html"] for m in received if m["name"] == "regions")


def test_a_socket_without_a_cookie_joins_no_room(socket_client, workshop):
    for audience in ("screen", "console", "phone"):
        socket = socket_client({"workshop": workshop.join_code, "audience": audience})
        assert not socket.is_connected()


def test_malformed_auth_is_refused(socket_client, workshop):
    for auth in (None, "x", {"workshop": 5}, {"workshop": "ACDEFG", "audience": "screen"}):
        assert not socket_client(auth).is_connected()


def test_a_phone_socket_gets_the_whole_state_on_connect(app, client, socket_client, workshop):
    join_as(client, workshop)
    socket = socket_client({"workshop": workshop.join_code, "audience": "phone"})
    assert socket.is_connected()
    assert 'id="phone-stage"' in html_of(socket.get_received())


def test_a_participant_cannot_claim_the_screen_or_console(client, socket_client, workshop):
    join_as(client, workshop)
    for audience in ("screen", "console"):
        assert not socket_client(
            {"workshop": workshop.join_code, "audience": audience}
        ).is_connected()


def test_a_cookie_for_one_workshop_opens_no_room_of_another(client, socket_client, workshop):
    other, secret = make_workshop()
    client.get(f"/f/{secret}")
    assert socket_client({"workshop": other.join_code, "audience": "console"}).is_connected()
    assert not socket_client({"workshop": workshop.join_code, "audience": "console"}).is_connected()


def test_the_screen_follows_joins_and_the_agenda(client, socket_client, workshop):
    client.get(f"/s/{workshop.screen_key}")
    screen = socket_client({"workshop": workshop.join_code, "audience": "screen"})
    screen.get_received()
    join(workshop)
    assert '<span class="count">1</span>' in html_of(screen.get_received())
    agenda.start_workshop(workshop)
    agenda.step_agenda(workshop, 1)
    assert "Scénario 2030" in html_of(screen.get_received())


def test_another_workshops_events_never_reach_this_room(client, socket_client, workshop):
    client.get(f"/s/{workshop.screen_key}")
    screen = socket_client({"workshop": workshop.join_code, "audience": "screen"})
    screen.get_received()
    other, _ = make_workshop()
    join(other)
    agenda.start_workshop(other)
    assert html_of(screen.get_received()) == ""


def test_pushed_regions_carry_no_csrf_token(app, client, socket_client, workshop):
    _, secret = make_workshop()
    facilitator = app.test_client()
    facilitator.get(f"/f/{secret}")
    client.get(f"/s/{workshop.screen_key}")
    screen = socket_client({"workshop": workshop.join_code, "audience": "screen"})
    join(workshop)
    agenda.start_workshop(workshop)
    assert "stage-main welcome" in html_of(screen.get_received())
    console = socket_client({"workshop": _.join_code, "audience": "console"}, facilitator)
    pushed = html_of(console.get_received())
    assert "start-workshop" in pushed and "csrf" not in pushed.lower()


def test_a_storm_of_connections_shares_one_render_until_something_changes(
    app, client, socket_client, workshop, monkeypatch
):
    from workshop.live import broadcast

    renders = []
    real = broadcast.render_regions
    monkeypatch.setattr(
        broadcast, "render_regions", lambda *a, **k: renders.append(a[2].name) or real(*a, **k)
    )
    app.config["LIVE_COALESCE_SECONDS"] = 0
    # A copy is kept half a second by default: a busy test machine may take longer than that
    # between two connections; how long it is kept is not what this test is about.
    app.extensions["broadcaster"].state_seconds = 60
    join_as(client, workshop)
    phone = {"workshop": workshop.join_code, "audience": "phone"}
    first, second = socket_client(phone), socket_client(phone)
    assert html_of(first.get_received()) == html_of(second.get_received())
    phone_renders = [name for name in renders if "-phone-" in name]
    assert len(phone_renders) == 1  # the second socket got the first one's copy

    agenda.start_workshop(workshop)  # a change: the next connection sees it at once
    agenda.step_agenda(workshop, 1)
    renders.clear()
    third = socket_client(phone)
    assert "Scénario 2030" in html_of(third.get_received())
    assert any("-phone-" in name for name in renders)


def test_a_kept_state_is_rendered_again_once_it_is_older_than_its_time(
    app, client, socket_client, workshop, monkeypatch
):
    """The timer on a connecting page starts from what was rendered: a copy is not kept
    longer than LIVE_STATE_SECONDS, even when nothing changed."""
    from workshop.live import broadcast

    renders = []
    real = broadcast.render_regions
    monkeypatch.setattr(
        broadcast, "render_regions", lambda *a, **k: renders.append(a[2].name) or real(*a, **k)
    )
    app.extensions["broadcaster"].state_seconds = 0.05  # and the test waits twice that
    join_as(client, workshop)
    phone = {"workshop": workshop.join_code, "audience": "phone"}
    socket_client(phone)
    time.sleep(0.1)
    socket_client(phone)
    assert len([name for name in renders if "-phone-" in name]) == 2


def test_with_a_message_queue_every_connection_is_rendered_afresh(
    app, client, socket_client, workshop
):
    broadcaster = app.extensions["broadcaster"]
    app.config["REDIS_URL"] = "redis://127.0.0.1:1"  # read by the broadcaster only
    join_as(client, workshop)
    from workshop.presenters.regions import Room

    room = Room(workshop.id, "phone", "fr")
    broadcaster.state_for(workshop, room, 0)
    assert room.name not in broadcaster._states


def test_phones_see_the_group_choice_come_and_go_live_and_then_their_group(
    client, socket_client, workshop
):
    from workshop.services import groups, roster

    join_as(client, workshop)
    first = groups.add_group(workshop, {"name": "Groupe Rivière"})
    groups.add_group(workshop, {"name": "Groupe Forêt"})
    phone = socket_client({"workshop": workshop.join_code, "audience": "phone"})
    assert "group-choice" not in html_of(phone.get_received())
    groups.set_group_choice(workshop, True)
    pushed = html_of(phone.get_received())
    assert 'class="panel group-choice"' in pushed and "Groupe Forêt" in pushed
    groups.set_group_choice(workshop, False)
    pushed = html_of(phone.get_received())
    assert 'id="phone-stage"' in pushed and "group-choice" not in pushed
    groups.assign_person(workshop, roster.roster(workshop)[0].id, first.id)
    again = socket_client({"workshop": workshop.join_code, "audience": "phone"})  # new room
    state = html_of(again.get_received())
    assert 'class="eyebrow my-group"' in state and "Groupe Rivière" in state
    agenda.start_workshop(workshop)
    assert "Groupe Rivière" in html_of(again.get_received())  # on every activity


def test_a_socket_from_a_foreign_origin_is_refused(client):
    handshake = "/socket.io/?EIO=4&transport=polling"
    refused = client.get(handshake, headers={"Origin": "http://evil.example"})
    assert refused.status_code == 400
    same = client.get(handshake, headers={"Origin": "http://localhost"})
    assert same.status_code == 200 and b'"sid"' in same.data
