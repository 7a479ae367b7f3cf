"""Revocation: logging out, replacing a link or taking someone off the roster ends what the
earlier cookie or link granted, over HTTP and on sockets, at once."""

import re

import pytest

from tests.factories import add_instruction
from tests.views.helpers import HX, join_as, new_facilitated_workshop
from workshop.services import roster, workshops
from workshop.services.refusals import NotFound

COOKIE = "ws_session"
# Not facilitated: 403, or 404 where a route answers an unknown code and a refusal alike.
REFUSED = (403, 404)


def copy_of(app, client):
    """Another browser holding a copy of `client`'s cookie (a stolen or synced cookie)."""
    other = app.test_client()
    other.set_cookie(COOKIE, client.get_cookie(COOKIE).value)
    return other


def connect(socket_client, browser, workshop, audience):
    return socket_client({"workshop": workshop.join_code, "audience": audience}, browser)


@pytest.fixture
def facilitated(app, client, ctx):
    workshop, secret = new_facilitated_workshop(client)
    add_instruction(workshop, "Scénario 2030")
    return workshop, secret


def test_a_cookie_copied_before_logout_is_refused_over_http_and_on_sockets(
    app, client, socket_client, facilitated
):
    workshop, _secret = facilitated
    copy = copy_of(app, client)
    console = f"/w/{workshop.join_code}/console"
    assert copy.get(console).status_code == 200
    open_socket = connect(socket_client, copy, workshop, "console")
    assert open_socket.is_connected()

    client.post(f"/w/{workshop.join_code}/logout")

    assert not open_socket.is_connected()  # closed at once, not at its next reconnection
    assert copy.get(console).status_code in REFUSED
    assert copy.post(f"/w/{workshop.join_code}/start").status_code in REFUSED
    assert not connect(socket_client, copy, workshop, "console").is_connected()
    assert not connect(socket_client, copy, workshop, "screen").is_connected()


def test_the_facilitator_link_still_opens_the_console_after_logout(
    app, client, socket_client, facilitated
):
    workshop, secret = facilitated
    client.post(f"/w/{workshop.join_code}/logout")
    assert client.get(f"/w/{workshop.join_code}/console").status_code in REFUSED
    client.get(f"/f/{secret}")
    assert client.get(f"/w/{workshop.join_code}/console").status_code == 200
    assert connect(socket_client, client, workshop, "console").is_connected()


def test_a_replaced_facilitator_link_and_every_other_cookie_stop_working(
    app, client, socket_client, facilitated
):
    workshop, old_secret = facilitated
    other = app.test_client()
    other.get(f"/f/{old_secret}")
    other_socket = connect(socket_client, other, workshop, "console")
    assert other_socket.is_connected()

    answer = client.post(f"/w/{workshop.join_code}/links/facilitator", headers=HX)
    assert answer.status_code == 200
    new_secret = re.search(r"/f/([A-Za-z0-9_-]{40,})", answer.get_data(as_text=True)).group(1)

    assert new_secret != old_secret
    assert not other_socket.is_connected()
    assert other.get(f"/w/{workshop.join_code}/console").status_code in REFUSED
    assert app.test_client().get(f"/f/{old_secret}").status_code == 404
    # The browser that replaced it stays in; the new link opens the console anywhere.
    assert client.get(f"/w/{workshop.join_code}/console").status_code == 200
    assert connect(socket_client, client, workshop, "console").is_connected()
    assert other.get(f"/f/{new_secret}").status_code == 302
    assert other.get(f"/w/{workshop.join_code}/console").status_code == 200


def test_the_projector_link_opens_the_projector_and_grants_nothing_else(
    app, client, socket_client, facilitated
):
    workshop, _secret = facilitated
    wall = app.test_client()  # the computer wired to the projector: no facilitator cookie
    page = client.get(f"/w/{workshop.join_code}/console").get_data(as_text=True)
    link = re.search(r'id="screen-link" readonly class="mono" value="([^"]+)"', page).group(1)
    assert link.endswith(f"/s/{workshop.screen_key}")
    assert wall.get(link.split("localhost", 1)[-1].split(":5000", 1)[-1]).status_code == 200
    assert connect(socket_client, wall, workshop, "screen").is_connected()
    assert not connect(socket_client, wall, workshop, "console").is_connected()
    assert not connect(socket_client, wall, workshop, "phone").is_connected()
    for path in ("console", "sheet", "screen", "screen-qr.svg", "minutes"):
        assert wall.get(f"/w/{workshop.join_code}/{path}").status_code in (403, 404), path
    assert wall.post(f"/w/{workshop.join_code}/start").status_code in REFUSED
    assert wall.post(f"/w/{workshop.join_code}/links/screen").status_code in REFUSED


def test_a_replaced_projector_link_closes_its_screens_and_is_refused(
    app, client, socket_client, facilitated
):
    workshop, _secret = facilitated
    old_key = workshop.screen_key
    wall = app.test_client()
    wall.get(f"/s/{old_key}")
    screen = connect(socket_client, wall, workshop, "screen")
    assert screen.is_connected()

    answer = client.post(f"/w/{workshop.join_code}/links/screen", headers=HX)
    assert answer.status_code == 200
    new_key = workshops.get_workshop(workshop.id).screen_key

    assert new_key != old_key and f"/s/{new_key}" in answer.get_data(as_text=True)
    assert not screen.is_connected()
    assert not connect(socket_client, wall, workshop, "screen").is_connected()
    assert wall.get(f"/s/{old_key}").status_code == 404
    with pytest.raises(NotFound):
        workshops.find_by_screen_key(old_key)
    assert wall.get(f"/s/{new_key}").status_code == 200
    assert connect(socket_client, wall, workshop, "screen").is_connected()
    # The facilitator's own projector button follows the new link.
    assert client.get(f"/w/{workshop.join_code}/screen").headers["Location"] == f"/s/{new_key}"


def test_the_projector_link_qr_code_is_for_the_facilitator_only(app, client, facilitated):
    workshop, _secret = facilitated
    qr = client.get(f"/w/{workshop.join_code}/screen-qr.svg")
    assert qr.status_code == 200 and qr.mimetype == "image/svg+xml"
    assert qr.headers["Cache-Control"] == "no-store"
    assert app.test_client().get(f"/w/{workshop.join_code}/screen-qr.svg").status_code in REFUSED


def test_a_removed_participant_socket_is_closed_at_once_and_refused_after(
    app, client, socket_client, facilitated
):
    workshop, _secret = facilitated
    phone = app.test_client()
    join_as(phone, workshop)
    socket = connect(socket_client, phone, workshop, "phone")
    assert socket.is_connected()
    (person,) = roster.roster(workshop)

    client.post(f"/w/{workshop.join_code}/people/{person.id}/remove")

    assert not socket.is_connected()
    assert not connect(socket_client, phone, workshop, "phone").is_connected()
    # Another participant is untouched.
    neighbour = app.test_client()
    join_as(neighbour, workshop, first_name="Léa")
    assert connect(socket_client, neighbour, workshop, "phone").is_connected()
