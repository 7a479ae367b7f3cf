"""Joining: floods of new people are limited, the facilitator can close joining, and
people already in are never affected by either.

No test here holds a request context open around its requests: each request must pick
its own language (a shared context would keep the first request's)."""

import re

import pytest

from tests.factories import make_workshop
from tests.views.helpers import HX, join_as, new_facilitated_workshop
from workshop.services import roster, workshops

FR, EN = {"Accept-Language": "fr-FR,fr;q=0.9"}, {"Accept-Language": "en"}


def _phone(app, address="198.51.100.7"):
    phone = app.test_client()
    phone.environ_base["REMOTE_ADDR"] = address
    return phone


def _workshop(app, **fields):
    with app.app_context():
        return make_workshop(**fields)[0]


def _present(app, workshop) -> int:
    with app.app_context():
        return roster.present_count(workshop.id)


def _joining_open(app, workshop) -> bool:
    with app.app_context():
        return workshops.find_by_code(workshop.join_code).joining_open


def _join(client, workshop, n, headers=None):
    data = {"first_name": f"P{n}", "surname": "Flood"}
    return client.post(f"/j/{workshop.join_code}", data=data, headers=headers)


def test_a_flood_of_joins_from_one_address_is_stopped_with_a_wait_in_french(app):
    app.config["JOINS_PER_ADDRESS_LIMIT"] = "5 per minute"
    workshop = _workshop(app)
    statuses = [_join(_phone(app), workshop, n).status_code for n in range(5)]
    refused = _join(_phone(app), workshop, 99, FR)
    assert statuses == [302] * 5 and refused.status_code == 429
    assert "Trop de personnes rejoignent" in refused.get_data(as_text=True)
    assert _present(app, workshop) == 5
    english = _join(_phone(app), workshop, 98, EN).get_data(as_text=True)
    assert "Too many people are joining from here" in english


def test_another_address_still_joins_during_a_flood(app):
    app.config["JOINS_PER_ADDRESS_LIMIT"] = "2 per minute"
    workshop = _workshop(app)
    for n in range(3):
        _join(_phone(app), workshop, n)
    assert _join(_phone(app, "203.0.113.9"), workshop, 7).status_code == 302


def test_joins_are_limited_per_workshop_whatever_the_addresses(app):
    app.config["JOINS_PER_WORKSHOP_LIMIT"] = "3 per minute"
    flooded = _workshop(app)
    quiet = _workshop(app, title="Autre")
    addresses = [f"10.0.0.{n}" for n in range(1, 6)]
    statuses = [_join(_phone(app, a), flooded, n).status_code for n, a in enumerate(addresses)]
    assert statuses == [302, 302, 302, 429, 429]
    assert _join(_phone(app, "10.0.1.1"), quiet, 1).status_code == 302


def test_people_already_in_are_never_held_by_a_flood(app):
    app.config["JOINS_PER_ADDRESS_LIMIT"] = "2 per minute"
    workshop = _workshop(app)
    inside = _phone(app)
    join_as(inside, workshop)
    _join(_phone(app), workshop, 1)
    assert _join(_phone(app), workshop, 2).status_code == 429  # the budget is spent
    # The one already in re-sends the join form, reloads, acts: nothing refuses it.
    assert join_as(inside, workshop, first_name="Marie", surname="Durand").status_code == 302
    assert inside.get(f"/p/{workshop.join_code}").status_code == 200
    assert inside.post(f"/p/{workshop.join_code}/lang", data={"lang": "en"}).status_code == 302


def test_mistakes_in_the_join_form_spend_nothing(app):
    app.config["JOINS_PER_ADDRESS_LIMIT"] = "2 per minute"
    workshop = _workshop(app)
    phone = _phone(app)
    for _ in range(5):
        assert phone.post(f"/j/{workshop.join_code}", data={"first_name": ""}).status_code == 422
    assert _join(phone, workshop, 1).status_code == 302


@pytest.fixture
def closed(app, client):
    """A workshop whose facilitator (client) closed joining, with one person already in."""
    with app.test_request_context():
        workshop, _ = new_facilitated_workshop(client)
    inside = app.test_client()
    join_as(inside, workshop)
    response = client.post(f"/w/{workshop.join_code}/joining", data={"open": "0"}, headers=HX)
    assert response.status_code == 200 and 'id="open-joining"' in response.get_data(as_text=True)
    return workshop, inside


def test_closing_joining_is_a_setting_kept_by_the_workshop(closed, app, client):
    workshop, _inside = closed
    assert _joining_open(app, workshop) is False
    console = client.get(f"/w/{workshop.join_code}/console").get_data(as_text=True)
    assert 'id="joining-closed"' in console and 'id="open-joining"' in console


def test_a_new_phone_meets_a_clear_room_full_page_in_its_language(closed, app):
    workshop, _inside = closed
    form = app.test_client().get(f"/j/{workshop.join_code}", headers=FR)
    assert form.status_code == 409
    assert "Les inscriptions à cet atelier sont fermées" in form.get_data(as_text=True)
    english = app.test_client().get(f"/j/{workshop.join_code}", headers=EN)
    assert "Joining this workshop is closed" in english.get_data(as_text=True)
    typed = app.test_client().post("/j", data={"code": workshop.join_code})
    assert typed.headers["Location"] == f"/j/{workshop.join_code}"  # then the page above


def test_a_join_sent_while_closed_creates_nobody(closed, app):
    workshop, _inside = closed
    response = _join(app.test_client(), workshop, 1, FR)
    assert response.status_code == 409 and "fermées" in response.get_data(as_text=True)
    assert _present(app, workshop) == 1


def test_people_already_in_stay_in_while_joining_is_closed(closed, app):
    workshop, inside = closed
    assert inside.get(f"/p/{workshop.join_code}").status_code == 200
    assert join_as(inside, workshop).status_code == 302  # a re-sent join form
    page = inside.get(f"/p/{workshop.join_code}").get_data(as_text=True)
    link = re.search(r"/r/[\w-]+", page).group(0)
    assert app.test_client().get(link).status_code == 302  # their personal link, elsewhere
    assert _present(app, workshop) == 1


def test_the_projector_says_joining_is_closed_instead_of_the_qr_code(closed, client):
    workshop, _inside = closed
    screen = client.get(f"/w/{workshop.join_code}/screen")
    page = client.get(screen.headers["Location"]).get_data(as_text=True)
    assert "/qr/" not in page and "Inscriptions fermées" in page


def test_reopening_lets_new_phones_join_again(closed, app, client):
    workshop, _inside = closed
    client.post(f"/w/{workshop.join_code}/joining", data={"open": "1"}, headers=HX)
    assert _join(app.test_client(), workshop, 2).status_code == 302
    assert _present(app, workshop) == 2


def test_only_the_facilitator_may_close_joining(closed, app):
    workshop, inside = closed
    response = inside.post(f"/w/{workshop.join_code}/joining", data={"open": "1"})
    assert response.status_code == 403
    assert _joining_open(app, workshop) is False
