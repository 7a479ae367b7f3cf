"""Faults seen from real browsers: a phone offline while the room moves on, two tabs of one
participant.

A phone loses its network and its socket for WORKSHOP_FAULT_PHONE_OFFLINE_SECONDS (a few
seconds in the suite, 60 in a soak run) right after a tap; meanwhile another phone votes
and the facilitator closes the vote (or moves to the next activity). Back online, the
phone is given the whole current state by its socket; its tap, sent again with its key,
is then refused with a visible message in the phone's language (vote closed), or counted
once (vote still open). The tap's retries are held back (page.route) until the socket is
back, so the order "state first, tap after" is the one tested, every time.

One participant in two tabs (one cookie) has one budget; both tabs end up showing it.
"""

import os
import re
import threading

import pytest
from flask_babel import force_locale
from playwright.sync_api import Page, expect

from tests.browser.helpers import (
    FirstAnswerHeld,
    add_activity_over_http,
    advance,
    expect_online,
    join,
)
from tests.browser.test_votes import (
    A,
    B,
    C,
    D,
    ballot_item,
    expect_scores,
    place_dots,
    remaining,
    vote_workshop,
)

pytestmark = [pytest.mark.browser, pytest.mark.timeout(240)]

SOAK = os.environ.get("WORKSHOP_SOAK") == "1"
OFFLINE_SECONDS = float(
    os.environ.get("WORKSHOP_FAULT_PHONE_OFFLINE_SECONDS") or (60 if SOAK else 3)
)
DOT_TAP = re.compile(r"/vote/\d+/dot$")
AFTER = "Instruction text for After the vote."


def refusal_text(code: str, lang: str) -> str:
    """What the app says for a refusal code in a language (from its own catalogue)."""
    from workshop import create_app
    from workshop.web.messages import message

    app = create_app(
        {"TESTING": True, "SECRET_KEY": "x", "DATABASE_URL": "sqlite://", "RUN_MIGRATIONS": False}
    )
    with app.test_request_context(), force_locale(lang):
        return message(code)


class HeldTaps:
    """Holds a page's dot taps back (they fail as if still offline) until released."""

    def __init__(self, page: Page):
        self.released = threading.Event()
        self.sent_after_release = 0
        page.route(DOT_TAP, self._handle)

    def _handle(self, route):
        if not self.released.is_set():
            route.abort("internetdisconnected")
            return
        self.sent_after_release += 1
        route.continue_()


def go_offline(context, page: Page) -> None:
    """No network for the page, and its socket's transport dropped (a phone asleep, a wifi
    gone: Chromium's offline mode alone leaves an open websocket up)."""
    context.set_offline(True)
    page.evaluate("window.workshopSocket.io.engine.close()")
    expect(page.locator("#connection")).to_have_attribute("data-state", "offline")


def tap_offline(page: Page, label: str) -> None:
    ballot_item(page, label).locator("button[data-focus-key^='dot-']").click()
    status = page.locator("#vote-save-status")
    expect(status).to_have_attribute("data-state", re.compile(r"^(offline|retrying)$"))


def test_an_offline_tap_on_a_vote_closed_meanwhile_is_refused_visibly(
    contexts, base_url, facilitator
):
    workshop = vote_workshop(contexts, base_url, facilitator, "Closed while offline")
    console = workshop.console
    context = contexts.phone(locale="fr-FR")
    phone = join(context, workshop, "Odile", "Marchand")
    other = join(contexts.phone(), workshop, "Paul", "Henry")
    place_dots(phone, [A])
    held = HeldTaps(phone)

    go_offline(context, phone)
    tap_offline(phone, B)
    # Meanwhile the room goes on: another phone votes, the facilitator closes the vote.
    place_dots(other, [B, C])
    expect_scores(console, {A: 1, B: 1, C: 1, D: 0})
    console.locator("#close-vote").click()
    expect(console.locator("#live-bar #open-vote")).to_be_visible()
    phone.wait_for_timeout(OFFLINE_SECONDS * 1000)  # the outage itself

    context.set_offline(False)
    expect_online(phone)
    # The whole state came with the reconnection: the vote is closed on the phone.
    expect(phone.locator("#my-ballot .closed-note")).to_be_visible()
    held.released.set()
    # The tap goes out again with its key and is refused, visibly, in French.
    expect(phone.locator("#vote-save-status .save-error")).to_have_text(
        refusal_text("vote_closed", "fr")
    )
    assert held.sent_after_release >= 1
    assert refusal_text("vote_closed", "fr") != refusal_text("vote_closed", "en")
    expect(remaining(phone)).to_have_text("2")
    expect(ballot_item(phone, B).locator(".dot-count")).to_have_text("")
    expect_scores(console, {A: 1, B: 1, C: 1, D: 0})
    phone.reload()
    expect(remaining(phone)).to_have_text("2")


def test_an_offline_tap_counts_once_when_the_vote_is_still_open_after_moving_on(
    contexts, base_url, facilitator
):
    workshop = vote_workshop(contexts, base_url, facilitator, "Moved on while offline")
    add_activity_over_http(
        workshop, "instruction", "After the vote", planned_minutes="1", instruction=AFTER
    )
    console = workshop.console
    context = contexts.phone()
    phone = join(context, workshop, "Olga", "Leroy")
    other = join(contexts.phone(), workshop, "Paul", "Henry")
    place_dots(phone, [A])
    held = HeldTaps(phone)

    go_offline(context, phone)
    tap_offline(phone, B)
    place_dots(other, [C])
    advance(workshop)  # the vote stays open, but the screen shows the next activity
    phone.wait_for_timeout(OFFLINE_SECONDS * 1000)

    context.set_offline(False)
    expect_online(phone)
    expect(phone.locator("#phone-stage h2")).to_have_text("After the vote")
    held.released.set()
    phone.wait_for_timeout(100)
    # The vote is still open: the tap is counted, once, and the phone says so.
    expect_scores(console, {A: 1, B: 1, C: 1, D: 0})
    expect(phone.locator("#flash .flash-message")).to_have_text("Saved")


def test_a_failed_tap_retry_raises_no_javascript_error(contexts, base_url, facilitator):
    workshop = vote_workshop(contexts, base_url, facilitator, "Retries while offline")
    context = contexts.phone()
    phone = join(context, workshop, "Rita", "Morel")
    context.set_offline(True)
    tap_offline(phone, A)
    expect(phone.locator("#vote-save-status")).to_have_attribute("data-state", "offline")
    phone.wait_for_timeout(2500)  # the first retries (1 s, then 2 s later) fail too
    context.set_offline(False)
    expect(remaining(phone)).to_have_text("2")
    errors, contexts.errors[:] = list(contexts.errors), []
    assert not errors, errors


def two_tabs(contexts, workshop, first_name: str, surname: str) -> tuple[Page, Page]:
    """A participant joined in one tab, and a second tab of the same browser (the same
    cookie: the same participant) on the live page with the whole budget left."""
    context = contexts.phone()
    first = join(context, workshop, first_name, surname)
    second = context.new_page()
    second.goto(f"{workshop.base_url}/p/{workshop.code}")
    expect_online(second)
    expect(remaining(second)).to_have_text("3")
    return first, second


def test_one_participant_in_two_tabs_has_one_budget(contexts, base_url, facilitator):
    workshop = vote_workshop(contexts, base_url, facilitator, "Two tabs")
    console = workshop.console
    first, second = two_tabs(contexts, workshop, "Tom", "Blanc")

    place_dots(first, [A])
    ballot_item(second, B).locator("button[data-focus-key^='dot-']").click()
    # The second tab's answer is the ballot as the server holds it: one budget for both.
    expect(remaining(second)).to_have_text("1")
    expect(ballot_item(second, A).locator(".dot-count")).to_have_text("●")
    ballot_item(first, C).locator("button[data-focus-key^='dot-']").click()
    expect(remaining(first)).to_have_text("0")
    # The other tab follows (ballot_changed): the budget is spent there too, no fourth dot.
    expect(remaining(second)).to_have_text("0")
    expect(ballot_item(second, D).locator("button[data-focus-key^='dot-']")).to_be_disabled()
    expect_scores(console, {A: 1, B: 1, C: 1, D: 0})
    expect(console.locator("#console-vote #vote-progress-text")).to_have_text(
        re.compile(r"^1 of 1 present participant has voted$")
    )
    for page in (first, second):
        page.reload()
        expect(remaining(page)).to_have_text("0")
        for label in (A, B, C):
            expect(ballot_item(page, label).locator(".dot-count")).to_have_text("●")


def test_two_tabs_of_one_participant_converge_without_a_reload(contexts, base_url, facilitator):
    workshop = vote_workshop(contexts, base_url, facilitator, "Two tabs converge")
    first, second = two_tabs(contexts, workshop, "Ana", "Vidal")
    place_dots(first, [A, B])
    # A push reaches the other tabs within a second here (a bound, not a timing: a loaded
    # machine took over 5 s).
    expect(remaining(second)).to_have_text("1")


# The page's socket sends its taps late: a tap is on its way while the other tab changes
# the ballot.
HOLD_TAPS = """(ms) => {
  const socket = window.workshopSocket;
  const emit = socket.emit.bind(socket);
  socket.emit = (name, ...rest) => name === "tap"
    ? (setTimeout(() => emit(name, ...rest), ms), socket)
    : emit(name, ...rest);
}"""


def test_a_change_from_another_tab_while_a_tap_is_on_its_way_is_read_after_it(
    contexts, base_url, facilitator
):
    # The tap's answer over the socket brings the rows it changed only, with a stamp
    # fresher than the other tab's change: the change heard meanwhile must be read after
    # it, or this tab shows the budget right but the other tab's dot missing.
    workshop = vote_workshop(contexts, base_url, facilitator, "Tap meanwhile")
    first, second = two_tabs(contexts, workshop, "Ana", "Vidal")
    second.evaluate(HOLD_TAPS, 1500)
    ballot_item(second, B).locator("button[data-focus-key^='dot-']").click()
    place_dots(first, [A])  # announced to the second tab while its tap waits
    expect(remaining(second)).to_have_text("1")
    expect(ballot_item(second, B).locator(".dot-count")).to_have_text("●")
    expect(ballot_item(second, A).locator(".dot-count")).to_have_text("●")


def test_a_tap_sent_again_while_the_ballot_is_being_read_is_not_lost(
    contexts, base_url, facilitator
):
    # The socket is down: taps go by HTTP. The first try of a tap meets a busy server (503)
    # and is sent again a second later; meanwhile the phone reads its ballot (an event of
    # another tab), and that read's answer is held until the tap has gone again. The tap
    # must reach the server (htmx queued it behind the read on the same element, then
    # dropped it when the read's answer replaced that element: a tap lost, unsaid).
    workshop = vote_workshop(contexts, base_url, facilitator, "Sent again meanwhile")
    phone = join(contexts.phone(), workshop, "Ana", "Vidal")
    expect(remaining(phone)).to_have_text("3")
    phone.evaluate("() => window.workshopSocket.disconnect()")
    tries = []

    def busy_first(route):
        tries.append(route.request.url)
        if len(tries) == 1:
            route.fulfill(status=503, body="busy")
        else:
            route.continue_()

    phone.route(re.compile(r"/p/\w+/vote/\d+/dot$"), busy_first)
    read = FirstAnswerHeld(phone, re.compile(r"/p/\w+/vote/\d+$"))
    ballot_item(phone, A).locator("button[data-focus-key^='dot-']").click()
    expect(phone.locator("#vote-save-status")).to_contain_text("retrying")
    activity = phone.locator("#my-ballot").get_attribute("data-activity")
    with phone.expect_request(lambda request: re.search(r"/vote/\d+$", request.url)):
        phone.evaluate(
            """(activity) => window.workshopSocket.listeners("ballot_changed")[0](
                {activity: activity, stamp: "9".repeat(30), key: "another-tab"})""",
            activity,
        )
    phone.wait_for_timeout(2000)  # the tap's second try is due meanwhile
    read.release()
    expect(remaining(phone)).to_have_text("2")
    expect_scores(workshop.console, {A: 1})
    assert len(tries) == 2, tries


# The page's socket holds the other tab's ballot_changed until the test delivers it.
HOLD_CHANGES = """() => {
  const socket = window.workshopSocket;
  const listener = socket.listeners("ballot_changed")[0];
  socket.off("ballot_changed", listener);
  window.heldChanges = [];
  socket.on("ballot_changed", (change) => window.heldChanges.push(change));
  window.deliverChanges = () => window.heldChanges.forEach(listener);
}"""


def test_a_change_from_another_tab_heard_after_this_tabs_own_tap_is_still_read(
    contexts, base_url, facilitator
):
    # The other tab's change (older) is heard only after this tab's own tap was answered:
    # that answer brought its own rows only, so the change must be read though its stamp
    # is older than the tap's.
    workshop = vote_workshop(contexts, base_url, facilitator, "Heard late")
    first, second = two_tabs(contexts, workshop, "Ana", "Vidal")
    second.evaluate(HOLD_CHANGES)
    place_dots(first, [A])
    second.wait_for_function("() => window.heldChanges.length === 1")
    ballot_item(second, B).locator("button[data-focus-key^='dot-']").click()
    expect(remaining(second)).to_have_text("1")
    expect(ballot_item(second, B).locator(".dot-count")).to_have_text("●")
    second.evaluate("() => window.deliverChanges()")
    expect(ballot_item(second, A).locator(".dot-count")).to_have_text("●")


def test_a_tab_reading_its_ballot_reads_it_again_after_a_change_made_meanwhile(
    contexts, base_url, facilitator
):
    # The other tab's first read reaches the server at once, but its answer (the first tap
    # only) is held until the second tap is stored and announced: the tab must read again
    # after it. (htmx queues a second read on the ballot element, then drops it: the first
    # answer takes that element out of the page. That left this tab a dot behind.)
    workshop = vote_workshop(contexts, base_url, facilitator, "Read again")
    first, second = two_tabs(contexts, workshop, "Ana", "Vidal")
    read = FirstAnswerHeld(second, re.compile(r"/p/\w+/vote/\d+$"))
    with second.expect_request(lambda request: "/vote/" in request.url):  # its read, held
        place_dots(first, [A])
    ballot_item(first, B).locator("button[data-focus-key^='dot-']").click()
    expect(remaining(first)).to_have_text("1")
    second.wait_for_timeout(500)  # the second change's event reached this tab meanwhile
    read.release()
    expect(remaining(second)).to_have_text("1")
    # One read per change: the second after the first's answer.
    assert len(read.reads) == 2, read.reads
