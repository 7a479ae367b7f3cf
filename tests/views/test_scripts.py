"""One script per audience: each page names the scripts it uses, in order, and no other.

The browser test (tests/browser/test_scripts.py) checks what each page really requests;
this one covers every page, the reporter's and the front door's included, in milliseconds.
Scripts come from files only (the CSP refuses inline ones), and the URLs they request come
from attributes the server rendered (the ballot's data-ballot-url).
"""

import re

import pytest

from tests.factories import add_vote
from tests.views.helpers import join_as, new_facilitated_workshop
from workshop.db import session
from workshop.models import Participant
from workshop.services import agenda, groups, voting

HTMX = "vendor/htmx-2.0.11.min.js"
SOCKET_IO = "vendor/socket.io-4.8.4.min.js"
BASE = [HTMX, "js/ui.js"]
LIVE = [SOCKET_IO, "js/live.js"]
SCRIPTS = {
    "console": [*BASE, *LIVE, "js/timer.js", "js/results.js", "js/speed.js", "js/console-keys.js"],
    "projector": [
        HTMX,
        *LIVE,
        "js/timer.js",
        "js/results.js",
        "js/fit-text.js",
        "js/screen-pages.js",
        "js/speed.js",
    ],
    "phone": [*BASE, *LIVE, "js/timer.js", "js/vote.js", "js/speed.js"],
    "minutes": [*BASE, *LIVE],
    "reporter": BASE,
    "join": BASE,
    "home": BASE,
}


def scripts_of(page: str) -> list[str]:
    """The static scripts a page loads, in order; fails on an inline script."""
    tags = re.findall(r"<script\b[^>]*>", page)
    sources = [re.search(r'\bsrc="/static/([^"]+)"', tag) for tag in tags]
    assert all(sources), f"a script that is not a static file: {tags}"
    return [source.group(1) for source in sources]


@pytest.fixture
def pages(app, client, ctx):
    """The HTML of every kind of page, for a live workshop on an open vote whose phone is
    its group's designated reporter on a scenario activity."""
    workshop, _ = new_facilitated_workshop(client, language="en")
    group = groups.add_group(workshop, {"name": "Group 1"})
    scenario = agenda.add_activity(
        workshop, {"kind": "scenario", "title": "In 2030", "prompt_0": "Tell 2030."}
    )
    vote = add_vote(workshop)
    phone = app.test_client()
    join_as(phone, workshop, lang="en")
    person = session().query(Participant).filter_by(workshop_id=workshop.id).one()
    groups.assign_person(workshop, person.id, group.id)
    agenda.start_workshop(workshop)
    code = workshop.join_code
    agenda.go_to_activity(workshop, scenario.id)
    designate = f"/w/{code}/boards/{scenario.id}/reporter"
    client.post(designate, data={"group_id": group.id, "participant_id": person.id})
    reporter = phone.get(f"/p/{code}/reporter")
    assert reporter.status_code == 200
    agenda.go_to_activity(workshop, vote.id)
    voting.open_vote(workshop, vote)
    projector = client.get(f"/w/{code}/screen", follow_redirects=True)
    html = {
        "console": client.get(f"/w/{code}/console"),
        "projector": projector,
        "phone": phone.get(f"/p/{code}"),
        "minutes": client.get(f"/w/{code}/minutes"),
        "reporter": reporter,
        "join": app.test_client().get(f"/j/{code}"),
        "home": app.test_client().get("/"),
    }
    assert {name: r.status_code for name, r in html.items()} == dict.fromkeys(html, 200)
    return workshop, vote, phone, {name: r.get_data(as_text=True) for name, r in html.items()}


def test_each_page_loads_only_the_scripts_of_its_audience(pages):
    *_, html = pages
    assert {name: scripts_of(page) for name, page in html.items()} == SCRIPTS
    assert "js/vote.js" not in scripts_of(html["projector"])
    assert "js/fit-text.js" not in scripts_of(html["phone"])


def test_the_ballot_names_the_url_it_is_read_again_from(pages):
    workshop, vote, phone, _html = pages
    url = f"/p/{workshop.join_code}/vote/{vote.id}"
    ballot = phone.get(url).get_data(as_text=True)
    assert f'data-ballot-url="{url}"' in ballot


def test_the_ballot_slot_is_kept_across_pushes_only(pages, socket_client):
    """htmx keeps the slot (hx-preserve) when the stage is pushed; the page itself and the
    answer to the phone's group choice bring it as the server renders it."""
    workshop, _vote, phone, html = pages
    slot = re.compile(r'<div id="ballot-slot-[^"]+"[^>]*>')
    in_page = slot.search(html["phone"]).group(0)
    assert "hx-preserve" not in in_page
    socket = socket_client({"workshop": workshop.join_code, "audience": "phone"}, phone)
    pushed = "".join(m["args"][0]["html"] for m in socket.get_received() if m["name"] == "regions")
    in_push = slot.search(pushed).group(0)
    assert in_push == in_page.replace(">", " hx-preserve>")
