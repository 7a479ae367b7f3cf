"""A second open copy of the minutes page follows the edits made on another.

Two facilitators' laptops (two cookie jars holding the same facilitator link) open the
minutes page; one saves, the other's socket receives the fresh preview and the draft or
final state, never the edit forms (a push must not replace what someone is typing).
"""

import re

import pytest

from tests.factories import add_instruction, join, make_workshop
from tests.views.helpers import HX
from workshop.extensions import socketio
from workshop.presenters.regions import REGIONS

REGION_IDS = ("minutes-texts", "minutes-sections", "next-workshop", "minutes-actions")


def html_of(received) -> str:
    return "".join(m["args"][0]["html"] for m in received if m["name"] == "regions")


def pushed_ids(received) -> set[str]:
    return set(re.findall(r'id="([\w-]+)"[^>]*hx-swap-oob="true"', html_of(received)))


def preview_src(html: str) -> str:
    match = re.search(r'<iframe class="minutes-preview"[^>]*src="([^"]+)"', html)
    assert match, "no preview iframe in:\n" + html[:2000]
    return match.group(1)


class Laptop:
    """One facilitator's browser: a cookie jar with the console grant, and its socket."""

    def __init__(self, app, workshop, secret):
        self.client = app.test_client()
        assert self.client.get(f"/f/{secret}").status_code == 302
        self.code = workshop.join_code
        page = self.client.get(f"/w/{self.code}/minutes").get_data(as_text=True)
        self.first_src = preview_src(page)
        auth = {"workshop": self.code, "audience": "console"}
        self.socket = socketio.test_client(app, flask_test_client=self.client, auth=auth)
        assert self.socket.is_connected()
        self.on_connect = self.socket.get_received()

    def post(self, path: str, data: dict, status: int = 200):
        response = self.client.post(f"/w/{self.code}/minutes{path}", data=data, headers=HX)
        assert response.status_code == status, response.get_data(as_text=True)[:500]
        return response

    def received(self):
        return self.socket.get_received()


@pytest.fixture
def laptops(app, ctx):
    """A workshop with one activity, and two laptops on its minutes page."""
    workshop, secret = make_workshop(title="Atelier à deux plumes", language="en")
    add_instruction(workshop, "Round of introductions", instruction="Everyone says a word.")
    first, second = Laptop(app, workshop, secret), Laptop(app, workshop, secret)
    first.received()  # drop what the second laptop's arrival caused, if anything
    return workshop, first, second


def test_the_minutes_page_follows_the_workshop_as_a_console(laptops):
    workshop, first, _second = laptops
    page = first.client.get(f"/w/{first.code}/minutes").get_data(as_text=True)
    assert 'data-live-audience="console"' in page
    assert f'data-live-workshop="{workshop.join_code}"' in page
    assert 'id="connection"' in page
    # On (re)connection, the whole state includes the minutes regions.
    ids = pushed_ids(first.on_connect)
    assert {"minutes-status", "minutes-preview"} <= ids
    assert "minutes_status" in REGIONS and "minutes_preview" in REGIONS


def test_saving_the_free_texts_refreshes_the_other_copy_preview_only(laptops):
    _workshop, first, second = laptops
    first.post("/texts", {"introduction": "Thanks to everyone for coming.", "closing": ""})
    received = second.received()
    assert pushed_ids(received) == {"minutes-preview"}  # the status did not change
    pushed = html_of(received)
    # A new stamp: the other laptop's iframe loads the print view again...
    assert preview_src(pushed) != second.first_src
    # ...where the saved text now is.
    page = second.client.get(preview_src(pushed)).get_data(as_text=True)
    assert "Thanks to everyone for coming." in page
    # The forms someone may be typing in are never pushed, nor any CSRF token.
    for region in REGION_IDS:
        assert f'id="{region}"' not in pushed
    assert "<textarea" not in pushed and "csrf" not in pushed.lower()


def test_marking_final_changes_the_state_on_the_other_copy(laptops):
    _workshop, first, second = laptops
    assert 'id="mark-final"' in html_of(second.on_connect)
    first.post("/status", {"status": "final"})
    received = second.received()
    assert pushed_ids(received) == {"minutes-status", "minutes-preview"}
    pushed = html_of(received)
    status = re.search(r'<section id="minutes-status".*?</section>', pushed, re.S).group(0)
    assert 'id="mark-draft"' in status and 'id="mark-final"' not in status
    page = second.client.get(preview_src(pushed)).get_data(as_text=True)
    assert "draft-banner" not in page
    first.post("/status", {"status": "draft"})
    assert 'id="mark-final"' in html_of(second.received())


@pytest.mark.parametrize(
    ("path", "data"),
    [
        (
            "/next",
            {"next_date": "2026-06-02", "next_deepens": "the funding", "next_objectives": ""},
        ),
        ("/sections", {}),  # every activity left out of the document
        ("/actions", {"title": "Write a shared charter"}),
    ],
)
def test_every_minutes_edit_is_pushed(laptops, path, data):
    _workshop, first, second = laptops
    first.post(path, data)
    assert pushed_ids(second.received()) == {"minutes-preview"}


def test_editing_and_deleting_an_action_are_pushed(laptops):
    _workshop, first, second = laptops
    answer = first.post("/actions", {"title": "Write a shared charter"}).get_data(as_text=True)
    action_id = re.search(r"/minutes/actions/(\d+)/delete", answer).group(1)
    second.received()
    first.post(f"/actions/{action_id}", {"title": "Write the charter together"})
    pushed = html_of(second.received())
    assert "minutes-preview" in pushed
    page = second.client.get(preview_src(pushed)).get_data(as_text=True)
    assert "Write the charter together" in page
    first.post(f"/actions/{action_id}/delete", {})
    assert "minutes-preview" in html_of(second.received())


def test_a_refused_form_pushes_nothing(laptops):
    _workshop, first, second = laptops
    first.post("/next", {"next_date": "not a date"}, status=422)
    first.post("/actions", {"title": ""}, status=422)
    assert html_of(second.received()) == ""


def test_screens_phones_and_other_workshops_get_nothing(app, laptops):
    workshop, first, second = laptops
    join(workshop)
    phone = app.test_client()
    phone.post(f"/j/{workshop.join_code}", data={"first_name": "Ada", "surname": "Roux"})
    screen = app.test_client()
    screen.get(f"/s/{workshop.screen_key}")
    sockets = [
        socketio.test_client(
            app, flask_test_client=c, auth={"workshop": workshop.join_code, "audience": a}
        )
        for c, a in ((phone, "phone"), (screen, "screen"))
    ]
    other, other_secret = make_workshop(title="Another workshop")
    elsewhere = Laptop(app, other, other_secret)
    for socket in (*sockets, elsewhere.socket, second.socket):
        socket.get_received()

    first.post("/texts", {"introduction": "Only for the consoles.", "closing": ""})
    for socket in sockets:
        assert socket.is_connected()
        assert html_of(socket.get_received()) == ""
    assert html_of(elsewhere.received()) == ""
    assert "minutes-preview" in html_of(second.received())
