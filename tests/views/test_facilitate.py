import pytest

from tests.views.helpers import HX, join_as, new_facilitated_workshop
from workshop.services import roster


@pytest.fixture
def workshop(client, ctx):
    return new_facilitated_workshop(client)[0]


def url(workshop, path):
    return f"/w/{workshop.join_code}{path}"


def test_the_facilitator_link_opens_the_console_on_any_device(app, ctx):
    from tests.factories import make_workshop

    workshop, secret = make_workshop()
    device = app.test_client()
    assert device.get(f"/f/{secret}").headers["Location"] == url(workshop, "/console")
    assert device.get(url(workshop, "/console")).status_code == 200
    assert app.test_client().get(url(workshop, "/console")).status_code == 403


def test_a_forged_facilitator_link_opens_nothing(client):
    assert client.get("/f/not-a-secret").status_code == 404


def test_adding_an_activity_answers_with_the_fresh_agenda(client, workshop):
    response = client.post(
        url(workshop, "/activities"),
        data={"kind": "instruction", "title": "Scénario", "planned_minutes": "4"},
        headers=HX,
    )
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert (
        'id="console-agenda" class="panel agenda" aria-labelledby="agenda-title" hx-swap-oob'
        in page
    )
    assert "Scénario" in page


def test_a_bad_activity_form_comes_back_into_the_editor(client, workshop):
    response = client.post(
        url(workshop, "/activities"), data={"kind": "instruction", "title": ""}, headers=HX
    )
    assert response.status_code == 422
    assert response.headers["HX-Retarget"] == "#editor"
    assert 'id="title-error"' in response.get_data(as_text=True)


def test_refusals_land_in_the_flash_region_for_htmx(client, workshop):
    response = client.post(url(workshop, "/step"), data={"direction": "next"}, headers=HX)
    assert response.status_code == 409
    assert response.headers["HX-Retarget"] == "#flash"


def test_the_agenda_is_led_from_the_console(client, workshop):
    client.post(url(workshop, "/activities"), data={"kind": "instruction", "title": "Deux"})
    assert client.post(url(workshop, "/start"), headers=HX).status_code == 200
    seen = workshop.current_activity_id
    response = client.post(url(workshop, "/step"), data={"direction": "next", "seen": seen})
    assert response.status_code == 302
    assert workshop.current_activity.title == "Deux"
    again = client.post(url(workshop, "/step"), data={"direction": "next", "seen": seen})
    assert again.status_code == 409
    assert client.post(url(workshop, "/timer"), data={"action": "start"}).status_code == 302
    assert workshop.current_activity.timer_running_since is not None
    assert client.post(url(workshop, "/end")).status_code == 302
    assert workshop.state == "ended"


def test_the_roster_is_kept_from_the_console(client, workshop, app):
    phone = app.test_client()
    join_as(phone, workshop)
    ghost = roster.roster(workshop)[0]
    client.post(url(workshop, "/people"), data={"first_name": "Jean", "surname": "Petit"})
    assert roster.present_count(workshop.id) == 2
    client.post(url(workshop, f"/people/{ghost.id}/remove"))
    assert roster.present_count(workshop.id) == 1
    client.post(url(workshop, f"/people/{ghost.id}/restore"))
    assert roster.present_count(workshop.id) == 2


def test_a_sign_in_sheet_preview_creates_nobody(client, workshop):
    sheet = "MOREAU Alice; Centre social; association\nPETIT Jules; Mairie; public"
    page = client.post(url(workshop, "/sheet/preview"), data={"sheet": sheet}, headers=HX)
    assert "MOREAU" in page.get_data(as_text=True)
    assert roster.present_count(workshop.id) == 0
    client.post(url(workshop, "/sheet"), data={"sheet": sheet}, headers=HX)
    assert roster.present_count(workshop.id) == 2


def test_the_projector_link_is_opened_from_the_console(client, workshop):
    response = client.get(url(workshop, "/screen"))
    assert response.headers["Location"] == f"/s/{workshop.screen_key}"
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert 'data-live-audience="screen"' in page and f"/qr/{workshop.join_code}.svg" in page


def test_the_projector_speaks_the_workshops_language(client, workshop):
    client.post("/lang", data={"lang": "en"})
    page = client.get(f"/s/{workshop.screen_key}").get_data(as_text=True)
    assert '<html lang="fr">' in page


def test_logging_out_closes_the_console(client, workshop):
    client.post(url(workshop, "/logout"))
    assert client.get(url(workshop, "/console")).status_code == 403
