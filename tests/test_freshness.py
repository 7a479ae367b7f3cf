"""Every copy of a region is stamped, so a page keeps the fresher of two that race.

The page's rule (drop a region older than the copy shown) is played in a real browser by
tests/browser/test_live_bar.py; here, the stamps the server gives.
"""

import re

import pytest

from tests.factories import add_instruction, make_workshop
from tests.views.helpers import HX
from workshop.db import read_stamp as stamp_now
from workshop.services import agenda


@pytest.fixture
def console(app, ctx):
    workshop, secret = make_workshop()
    add_instruction(workshop, "Scénario 2030")
    client = app.test_client()
    client.get(f"/f/{secret}")
    return workshop, client


def stamp_of_page(html: str) -> int:
    return int(re.search(r'data-live-stamp="(\d+)"', html).group(1))


def test_a_live_page_carries_the_moment_its_request_began(console):
    workshop, client = console
    before = stamp_now()
    page = client.get(f"/w/{workshop.join_code}/console").get_data(as_text=True)
    assert before <= stamp_of_page(page) <= stamp_now()


def test_an_htmx_answer_carries_the_moment_its_request_began(console):
    workshop, client = console
    before = stamp_now()
    answer = client.post(f"/w/{workshop.join_code}/start", headers=HX)
    assert answer.status_code == 200
    assert before <= int(answer.headers["X-Live-Stamp"]) <= stamp_now()


def test_a_refusal_is_stamped_too(console):
    workshop, client = console
    answer = client.post(f"/w/{workshop.join_code}/step", data={"direction": "next"}, headers=HX)
    assert answer.status_code == 409
    assert int(answer.headers["X-Live-Stamp"]) <= stamp_now()


def test_a_plain_form_post_gets_no_stamp(console):
    workshop, client = console
    answer = client.post(f"/w/{workshop.join_code}/start")
    assert answer.status_code == 302
    assert "X-Live-Stamp" not in answer.headers


def test_a_push_is_stamped_before_it_reads_the_workshop(console, socket_client):
    workshop, client = console
    screen = socket_client({"workshop": workshop.join_code, "audience": "console"}, client)
    connected = [m["args"][0] for m in screen.get_received() if m["name"] == "regions"]
    before = stamp_now()
    agenda.start_workshop(workshop)
    pushed = [m["args"][0] for m in screen.get_received() if m["name"] == "regions"]
    assert connected and connected[0]["stamp"] <= before
    assert pushed and before <= pushed[0]["stamp"] <= stamp_now()
    assert 'id="live-bar"' in pushed[0]["html"]


def test_a_wall_clock_set_back_does_not_make_stamps_go_back(monkeypatch):
    from workshop import db

    earlier = stamp_now()
    monkeypatch.setattr(db.time, "time_ns", lambda: 0)  # NTP set the clock back to 1970
    assert stamp_now() >= earlier
