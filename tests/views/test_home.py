import re

import pytest

from workshop.services import workshops


def test_the_home_page_asks_for_a_code_and_links_to_creation(client):
    page = client.get("/").get_data(as_text=True)
    assert 'id="code"' in page and "/new" in page


def test_creating_a_workshop_shows_the_facilitator_link_once(client, app):
    response = client.post("/new", data={"title": "Atelier 1", "language": "fr"})
    assert response.status_code == 303
    created = client.get(response.headers["Location"])
    page = created.get_data(as_text=True)
    link = re.search(r'value="(http://203\.0\.113\.5:5000/f/[^"]+)"', page).group(1)
    assert created.status_code == 200 and created.headers["Cache-Control"] == "no-store"
    assert 'data-copy="#facilitator-link"' in page  # the copy button
    assert '<div class="warning" role="note">' in page  # the keep-this-link warning
    assert "Conservez ce lien d'animation." in page
    again = client.get("/new").get_data(as_text=True)
    assert link not in again
    with app.test_request_context():
        (workshop,) = workshops.list_workshops()
    assert client.get(f"/w/{workshop.join_code}/console").status_code == 200


def test_reloading_the_created_page_neither_creates_again_nor_shows_the_link(client, app):
    response = client.post("/new", data={"title": "Atelier 1", "language": "en"})
    first = client.get(response.headers["Location"]).get_data(as_text=True)
    secret = re.search(r"/f/([\w-]+)", first).group(1)
    reloaded = client.get(response.headers["Location"])
    page = reloaded.get_data(as_text=True)
    assert reloaded.status_code == 200 and secret not in page and "/f/" not in page
    assert 'id="facilitator-link"' not in page and 'id="link-shown-once"' in page
    with app.test_request_context():
        assert len(workshops.list_workshops()) == 1
    assert app.test_client().get(response.headers["Location"]).status_code == 403


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
    assert accepted.status_code == 303


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


def _selected_language(page: str) -> str:
    return re.search(r'<option value="(\w+)" selected>', page).group(1)


def test_a_new_workshop_is_in_french_by_default_whatever_the_browsers_language(client):
    english_browser = {"Accept-Language": "en-GB,en;q=0.9"}
    assert _selected_language(client.get("/new", headers=english_browser).get_data(True)) == "fr"
    client.post("/lang", data={"lang": "en", "next": "/"})
    assert _selected_language(client.get("/new").get_data(as_text=True)) == "fr"


def test_the_instances_default_language_preselects_the_new_workshops(app, client):
    app.config["BABEL_DEFAULT_LOCALE"] = "en"
    assert _selected_language(client.get("/new").get_data(as_text=True)) == "en"
    refused = client.post("/new", data={"title": "", "language": "fr"})
    assert _selected_language(refused.get_data(as_text=True)) == "fr"  # the choice is kept
