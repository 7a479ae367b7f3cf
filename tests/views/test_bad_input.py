"""Hostile or broken input gets a clear 4xx and changes nothing."""

import pytest

from tests.views.helpers import HX, join_as, new_facilitated_workshop
from workshop.services import roster, workshops


@pytest.fixture
def workshop(client, ctx):
    return new_facilitated_workshop(client)[0]


def test_nul_control_and_invisible_characters_are_dropped_before_storing(app, workshop):
    phone = app.test_client()
    join_as(phone, workshop, first_name="L\x00éa\x07", surname="\x1bMartin\u200b")
    (person,) = roster.roster(workshop)
    assert (person.first_name, person.surname) == ("Léa", "Martin")


def test_invalid_utf8_gets_a_clear_refusal_and_stores_nothing_broken(app, workshop):
    phone = app.test_client()
    body = b"first_name=L\xff\xfea&surname=Mar%ED%A0%80tin"
    response = phone.post(
        f"/j/{workshop.join_code}", data=body, content_type="application/x-www-form-urlencoded"
    )
    assert response.status_code in (302, 400, 422)
    for person in roster.roster(workshop):
        text = person.first_name + person.surname
        assert all(not 0xD800 <= ord(ch) <= 0xDFFF for ch in text)
        text.encode("utf-8")


def test_huge_numbers_and_wrong_types_are_refused(client, workshop):
    code = workshop.join_code
    for value in ("9" * 400, "1e9", "-1", "abc", "3.5"):
        response = client.post(
            f"/w/{code}/activities",
            data={"kind": "instruction", "title": "x", "planned_minutes": value},
            headers=HX,
        )
        assert response.status_code == 422, value
    assert len(workshop.activities) == 1


def test_an_oversized_body_is_refused_with_a_clear_message(client, workshop):
    response = client.post(
        f"/w/{workshop.join_code}/settings", data={"title": "x" * 600_000}, headers=HX
    )
    assert response.status_code == 413
    assert response.headers["HX-Retarget"] == "#flash"


def test_server_owned_fields_are_never_taken_from_the_client(app, workshop, ctx):
    other, _ = workshops.create_workshop({"title": "Autre"})
    phone = app.test_client()
    join_as(phone, workshop, workshop_id=other.id, id=999, removed_at="2020-01-01")
    (person,) = roster.roster(workshop)
    assert person.workshop_id == workshop.id and person.id != 999 and person.present
    assert roster.roster(other) == []


def test_unknown_routes_and_methods_answer_without_a_traceback(client):
    for response in (client.get("/nope"), client.delete("/"), client.post("/healthz")):
        assert 400 <= response.status_code < 500
        assert b"Traceback" not in response.data


def test_a_template_expression_typed_as_a_title_is_shown_as_text(client, workshop):
    client.post(f"/w/{workshop.join_code}/settings", data={"title": "{{ config }} <img src=x>"})
    page = client.get(f"/w/{workshop.join_code}/console").get_data(as_text=True)
    assert "{{ config }} &lt;img src=x&gt;" in page and "SECRET_KEY" not in page


def test_a_flooding_phone_is_slowed_and_others_are_not(app, workshop):
    app.config["PARTICIPANT_RATE_LIMIT"] = "5 per minute"
    flooder, calm = app.test_client(), app.test_client()
    join_as(flooder, workshop, first_name="A", surname="B")
    join_as(calm, workshop, first_name="C", surname="D")
    statuses = [
        flooder.post(f"/p/{workshop.join_code}/lang", data={"lang": "fr"}).status_code
        for _ in range(7)
    ]
    assert statuses[:5] == [302] * 5 and statuses[5:] == [429, 429]
    assert calm.post(f"/p/{workshop.join_code}/lang", data={"lang": "en"}).status_code == 302


def test_refusals_are_logged_with_their_reason(client, caplog):
    caplog.set_level("INFO", logger="workshop.web.errors")
    client.post("/j", data={"code": "ACDEFG"})
    assert "refused code=unknown_code status=404 method=POST path=/j" in caplog.text


def test_ids_too_large_for_the_database_name_nothing(client, workshop):
    huge = 2**63
    response = client.post(f"/w/{workshop.join_code}/people/{huge}/remove", headers=HX)
    assert response.status_code == 404
