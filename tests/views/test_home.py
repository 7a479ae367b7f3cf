import re

import pytest

from workshop.services import workshops


def test_the_home_page_asks_for_a_code_and_links_to_creation(client):
    page = client.get("/").get_data(as_text=True)
    assert 'id="code"' in page and "/new" in page


def test_creating_a_workshop_shows_the_facilitator_link_once(client, app):
    response = client.post("/new", data={"title": "Atelier 1", "language": "fr"})
    page = response.get_data(as_text=True)
    link = re.search(r'value="(http://203\.0\.113\.5:5000/f/[^"]+)"', page).group(1)
    assert response.status_code == 200
    again = client.get("/new").get_data(as_text=True)
    assert link not in again
    with app.test_request_context():
        (workshop,) = workshops.list_workshops()
    assert client.get(f"/w/{workshop.join_code}/console").status_code == 200


def test_a_bad_workshop_form_is_shown_again_with_messages(client):
    response = client.post("/new", data={"title": "", "start_time": "99:00"})
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert 'id="title-error"' in page and 'id="start_time-error"' in page


def test_the_instance_password_guards_creation(app):
    app.config["INSTANCE_PASSWORD"] = "s3cret"
    client = app.test_client()
    assert 'id="instance_password"' in client.get("/new").get_data(as_text=True)
    refused = client.post("/new", data={"title": "x", "instance_password": "nope"})
    assert refused.status_code == 403
    with app.test_request_context():
        assert workshops.list_workshops() == []
    accepted = client.post("/new", data={"title": "x", "instance_password": "s3cret"})
    assert accepted.status_code == 200


@pytest.mark.parametrize("target", ["https://evil.example/", "//evil.example/x", "/\\evil"])
def test_the_language_switch_never_redirects_off_site(client, target):
    response = client.post("/lang", data={"lang": "en", "next": target})
    assert response.headers["Location"] == "/"


def test_the_language_switch_changes_the_interface_language(client):
    client.post("/lang", data={"lang": "en", "next": "/"})
    assert '<html lang="en">' in client.get("/").get_data(as_text=True)
    client.post("/lang", data={"lang": "fr", "next": "/"})
    assert '<html lang="fr">' in client.get("/").get_data(as_text=True)


def test_the_qr_code_is_an_svg_of_the_join_address(client, ctx):
    from tests.factories import make_workshop

    workshop, _ = make_workshop()
    response = client.get(f"/qr/{workshop.join_code}.svg")
    assert response.mimetype == "image/svg+xml"
    assert b"<svg" in response.data and b'xmlns="http://www.w3.org/2000/svg"' in response.data
    assert client.get("/qr/ZZZZZZ.svg").status_code == 404
