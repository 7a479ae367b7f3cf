"""A phone's taps go over its socket while it is connected, and over HTTP otherwise.

The same idempotency key travels both ways: a tap whose acknowledgement never came is
posted with its key, and the server counts it once (docs/protocol.md §6.3 `tap`).
"""

import json
import re

import pytest
from playwright.sync_api import expect

from tests.browser.helpers import expect_online, join, open_projector
from tests.browser.http_setup import post
from tests.browser.test_votes import (
    A,
    B,
    C,
    D,
    ballot_item,
    expect_scores,
    remaining,
    vote_workshop,
)

pytestmark = [pytest.mark.browser, pytest.mark.timeout(150)]

FRENCH_MAX = "Cette orientation a déjà autant de vos gommettes que permis."
POSTED_TAP = re.compile(r"/vote/\d+/(dot|undot)$")

# The acknowledgement of the next tap is lost: the event goes to the server (which
# stores the dot), but the page is told the ack timed out, when the real ack comes or
# after a second and a half at most. (Waiting for the real ack alone once took past the
# test's 10 s on a loaded machine, the phone's own 10 s ack timeout then posting the tap.)
LOSE_NEXT_ACK = """() => {
  const socket = window.workshopSocket;
  const real = socket.timeout.bind(socket);
  socket.timeout = (ms) => ({
    emit: (event, payload, callback) => {
      delete socket.timeout;  // only this once
      let told = false;
      const lost = () => {
        if (!told) { told = true; callback(new Error("operation has timed out")); }
      };
      real(ms).emit(event, payload, lost);
      setTimeout(lost, 1500);
    },
  });
}"""


class Traffic:
    """What a phone page sends: tap events on its websocket, taps posted over HTTP."""

    def __init__(self, context):
        self.events: list[dict] = []
        self.posts: list[dict] = []
        context.on("page", self._watch)

    def _watch(self, page):
        page.on("websocket", lambda ws: ws.on("framesent", self._frame))
        page.on("request", self._request)

    def _frame(self, payload):
        text = payload if isinstance(payload, str) else ""
        match = re.match(r"^42\d*(\[.*\])$", text)  # a Socket.IO event (with an ack id)
        if match:
            name, *args = json.loads(match.group(1))
            if name == "tap":
                self.events.append(args[0])

    def _request(self, request):
        if request.method == "POST" and POSTED_TAP.search(request.url):
            self.posts.append({"key": request.headers.get("idempotency-key")})


def on_websocket(page) -> None:
    """Wait for the socket to run over its websocket: Socket.IO starts on HTTP long-polling
    and upgrades, and Traffic reads websocket frames only (a tap sent while still polling
    is a socket tap too, but it would not be counted)."""
    page.wait_for_function(
        "() => window.workshopSocket && window.workshopSocket.connected"
        " && window.workshopSocket.io.engine.transport.name === 'websocket'"
    )


def test_taps_go_over_the_socket_and_fall_back_to_http_with_the_same_key(
    contexts, base_url, facilitator
):
    workshop = vote_workshop(contexts, base_url, facilitator, "Socket taps")
    console = workshop.console
    projector = open_projector(workshop)
    console.bring_to_front()
    context = contexts.phone()
    traffic = Traffic(context)
    phone = join(context, workshop, "Sol", "Socket")
    expect(remaining(phone)).to_have_text("3")
    on_websocket(phone)

    # Connected: the tap is an event on the socket, answered with the changed row.
    ballot_item(phone, A).locator("button[data-focus-key^='dot-']").click()
    expect(remaining(phone)).to_have_text("2")
    expect(phone.locator("#vote-save-status .saved")).to_be_visible()
    expect(ballot_item(phone, A).locator(".dot-count")).to_have_text("●")
    assert [e["action"] for e in traffic.events] == ["dot"] and traffic.posts == []
    expect_scores(projector, {A: 1, B: 0})

    # The socket is down: the same kind of tap is posted over HTTP.
    phone.evaluate("() => window.workshopSocket.disconnect()")
    expect(phone.locator("#connection")).to_have_attribute("data-state", "offline")
    ballot_item(phone, B).locator("button[data-focus-key^='dot-']").click()
    expect(remaining(phone)).to_have_text("1")
    expect(phone.locator("#vote-save-status .saved")).to_be_visible()
    assert len(traffic.events) == 1 and len(traffic.posts) == 1 and traffic.posts[0]["key"]
    expect_scores(console, {A: 1, B: 1, C: 0})

    # Back online, an acknowledgement is lost: the tap is posted with the event's key,
    # and the server, which already stored it, counts it once.
    phone.evaluate("() => window.workshopSocket.connect()")
    expect_online(phone)
    on_websocket(phone)
    phone.evaluate(LOSE_NEXT_ACK)
    ballot_item(phone, C).locator("button[data-focus-key^='dot-']").click()
    expect(remaining(phone)).to_have_text("0")
    expect(phone.locator("#vote-save-status .saved")).to_be_visible()
    assert len(traffic.events) == 2 and len(traffic.posts) == 2
    assert traffic.posts[1]["key"] == traffic.events[1]["key"]
    expect_scores(console, {A: 1, B: 1, C: 1, D: 0})
    expect_scores(projector, {A: 1, B: 1, C: 1, D: 0})

    # Every "+" is disabled now (the last dot's answer carried every row); taking one back
    # over the socket enables them again.
    expect(ballot_item(phone, D).locator("button[data-focus-key^='dot-']")).to_be_disabled()
    ballot_item(phone, A).locator("button[data-focus-key^='undot-']").click()
    expect(remaining(phone)).to_have_text("1")
    expect(ballot_item(phone, D).locator("button[data-focus-key^='dot-']")).to_be_enabled()
    assert [e["action"] for e in traffic.events][-1] == "undot" and len(traffic.posts) == 2
    expect_scores(console, {A: 0, B: 1, C: 1, D: 0})

    phone.reload()
    expect(remaining(phone)).to_have_text("1")
    expect(ballot_item(phone, C).locator(".dot-count")).to_have_text("●")
    expect(ballot_item(phone, A).locator(".dot-count")).to_have_text("")


def test_a_refused_socket_tap_says_why_in_the_phone_s_language(contexts, base_url, facilitator):
    """One dot per orientation: a second "+" forced on the same one is refused over the
    socket, the reason shown in French, the ballot as stored."""
    workshop = vote_workshop(contexts, base_url, facilitator, "Refused over the socket")
    context = contexts.phone(locale="fr-FR")
    traffic = Traffic(context)
    phone = join(context, workshop, "Rémi", "Refus")
    expect(remaining(phone)).to_have_text("3")
    on_websocket(phone)
    plus = ballot_item(phone, A).locator("button[data-focus-key^='dot-']")
    plus.click()
    expect(remaining(phone)).to_have_text("2")
    expect(plus).to_be_disabled()
    plus.evaluate("(button) => { button.disabled = false; }")  # as a forged page would
    plus.click()
    status = phone.locator("#vote-save-status .save-error")
    expect(status).to_have_text(FRENCH_MAX)
    expect(remaining(phone)).to_have_text("2")
    expect(ballot_item(phone, A).locator(".dot-count")).to_have_text("●")
    assert [e["action"] for e in traffic.events] == ["dot", "dot"] and traffic.posts == []


def test_a_removed_participant_s_socket_tap_is_posted_and_says_not_saved(
    contexts, base_url, facilitator
):
    """Removing a participant closes their socket at once (docs/security.md §2); were it
    still open, it would refuse the tap (403). Either way the page posts the tap, whose
    route answers the reason in the flash region, and the status says "Not saved."."""
    workshop = vote_workshop(contexts, base_url, facilitator, "Removed over the socket")
    context = contexts.phone()
    traffic = Traffic(context)
    phone = join(context, workshop, "Remy", "Removed")
    expect(remaining(phone)).to_have_text("3")
    person = phone.evaluate("() => document.body.getAttribute('data-ballot-seed')")
    post(workshop.console.context, base_url, f"/w/{workshop.code}/people/{person}/remove", {})
    ballot_item(phone, A).locator("button[data-focus-key^='dot-']").click()
    status = phone.locator("#vote-save-status")
    expect(status).to_have_text("Not saved.")
    expect(phone.locator("#flash .flash-message")).to_be_visible()
    expect(remaining(phone)).to_have_text("3")
    assert len(traffic.posts) == 1 and len(traffic.events) <= 1
    assert all(event["key"] == traffic.posts[0]["key"] for event in traffic.events)
    expect_scores(workshop.console, {A: 0})
