from tests.factories import make_workshop
from tests.views.helpers import join_as
from workshop.services import roster


def test_a_typed_code_leads_to_the_join_form_whatever_its_case(client, ctx):
    workshop, _ = make_workshop()
    response = client.post("/j", data={"code": workshop.join_code.lower()})
    assert response.headers["Location"] == f"/j/{workshop.join_code}"


def test_an_unknown_code_gets_a_clear_message(client):
    response = client.post("/j", data={"code": "ACDEFG"})
    assert response.status_code == 404
    assert 'role="alert"' in response.get_data(as_text=True)


def test_code_guessing_is_rate_limited_with_a_wait_message(client):
    for _ in range(10):
        assert client.post("/j", data={"code": "ACDEFG"}).status_code == 404
    response = client.post("/j", data={"code": "ACDEFG"})
    assert response.status_code == 429
    assert "minute" in response.get_data(as_text=True)


def test_good_codes_do_not_count_against_the_limit(client, ctx):
    workshop, _ = make_workshop()
    for _ in range(15):
        assert client.post("/j", data={"code": workshop.join_code}).status_code == 302


def test_an_ended_workshop_refuses_joining_like_an_unknown_code(client, ctx):
    workshop, _ = make_workshop()
    workshop.state = "ended"
    from workshop.db import session

    session().commit()
    assert client.post("/j", data={"code": workshop.join_code}).status_code == 404
    assert client.get(f"/j/{workshop.join_code}").status_code == 404


def test_joining_lands_on_the_live_page_and_reloading_keeps_the_same_person(client, ctx):
    workshop, _ = make_workshop()
    join_as(client, workshop)
    page = client.get(f"/p/{workshop.join_code}").get_data(as_text=True)
    assert 'id="phone-stage"' in page and "/r/" in page
    assert client.get(f"/j/{workshop.join_code}").status_code == 302  # already in
    assert client.get(f"/p/{workshop.join_code}").status_code == 200
    assert roster.present_count(workshop.id) == 1


def test_a_bad_join_form_is_refused_and_creates_nobody(client, ctx):
    workshop, _ = make_workshop()
    response = client.post(f"/j/{workshop.join_code}", data={"first_name": "x" * 81})
    assert response.status_code == 422
    assert roster.present_count(workshop.id) == 0


def test_the_phone_page_without_a_cookie_goes_to_the_join_form(client, ctx):
    workshop, _ = make_workshop()
    assert client.get(f"/p/{workshop.join_code}").headers["Location"] == f"/j/{workshop.join_code}"


def test_the_rejoin_link_binds_a_fresh_browser_to_the_same_person(app, client, ctx):
    import re

    workshop, _ = make_workshop()
    join_as(client, workshop)
    page = client.get(f"/p/{workshop.join_code}").get_data(as_text=True)
    link = re.search(r"(/r/[A-Za-z0-9_\-]+)", page).group(1)
    fresh = app.test_client()
    assert fresh.get(link).headers["Location"] == f"/p/{workshop.join_code}"
    assert "Marie Durand" in fresh.get(f"/p/{workshop.join_code}").get_data(as_text=True)
    assert roster.present_count(workshop.id) == 1
    assert app.test_client().get("/r/forged").status_code == 404


def test_a_phone_chooses_its_own_language(client, ctx):
    workshop, _ = make_workshop()
    join_as(client, workshop)
    client.post(f"/p/{workshop.join_code}/lang", data={"lang": "en"})
    assert '<html lang="en">' in client.get(f"/p/{workshop.join_code}").get_data(as_text=True)
    assert roster.roster(workshop)[0].locale == "en"


def test_typed_markup_is_shown_as_text(client, ctx):
    workshop, _ = make_workshop()
    join_as(client, workshop, first_name="<script>alert(1)</script>", surname="{{7*7}}")
    page = client.get(f"/p/{workshop.join_code}").get_data(as_text=True)
    assert "<script>alert(1)</script>" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page and "{{7*7}}" in page
