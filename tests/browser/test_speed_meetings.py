"""Speed meetings in real browsers: a console, a projector and eight phones (four a side).

The workshop, its speed meeting and the phones' joining are set up over HTTP (the app's
routes); the UI is used for what is under test: the plan, three rounds with their
countdown and change of tables, a late arrival and a departure, follow-ups (two mutual
pairs, one one-way) and contacts shown only where both agreed. Then the minutes (DOCX,
Markdown) and the raw data (JSON) are downloaded and read back.
"""

import json
import re

import pytest
from playwright.sync_api import Page, expect

from tests.browser.helpers import (
    FirstAnswerHeld,
    Workshop,
    describe_violations,
    docx_blocks,
    expect_online,
    markdown_blocks,
    open_projector,
    run_axe,
    small_tap_targets,
    under,
)
from tests.browser.http_setup import create_workshop, join, post

pytestmark = [pytest.mark.browser, pytest.mark.timeout(300)]

SIDE_A = [("Ada", "Arnaud"), ("Abel", "Aubry"), ("Anna", "Achard"), ("Axel", "Alves")]
SIDE_B = [("Bea", "Berger"), ("Bob", "Blanc"), ("Bru", "Brun"), ("Bel", "Bouvier")]
SURNAMES = dict(SIDE_A + SIDE_B + [("Lou", "Lenoir"), ("Olga", "Ortiz")])


def label(first: str) -> str:
    """How the room names someone who may be named: "Name (Organisation)"."""
    return f"{first} {SURNAMES[first]} (Org {first})"


def speed_workshop(facilitator, base_url: str, **settings) -> str:
    """An English workshop on a speed meeting (associations meet companies; "Other" is on
    neither side); its code."""
    code = create_workshop(
        facilitator, base_url, "Speed evening", categories="Association\nCompany\nOther"
    )
    fields = {
        "kind": "speed_meeting",
        "title": "Speed meetings",
        "planned_minutes": "20",
        "mode": "two_sides",
        "side_a": "Association",
        "side_b": "Company",
        "rounds": "3",
        "round_minutes": "0",
        "round_secs": "4",
        **settings,
    }
    post(facilitator, base_url, f"/w/{code}/activities", fields)
    return code


def join_phone(contexts, base_url: str, code: str, first: str, category: str):
    """A phone's browser context, joined as `first` of "Org <first>"."""
    context = contexts.phone()
    organisation = f"Org {first}"
    join(
        context,
        base_url,
        code,
        first,
        SURNAMES[first],
        category=category,
        organisation=organisation,
    )
    return context


def open_phone(contexts, base_url: str, code: str, first: str, category: str) -> Page:
    page = join_phone(contexts, base_url, code, first, category).new_page()
    page.goto(f"{base_url}/p/{code}")
    expect_online(page)
    return page


def partner_on(page: Page) -> str:
    """The first name of the person this phone meets in the current round."""
    text = page.locator("#speed-now .speed-with").inner_text()
    return re.match(r"^with (\w+) ", text).group(1)


def follow_item(page: Page, first: str):
    return page.locator(".follow-item").filter(has_text=label(first))


def mark(page: Page, first: str) -> None:
    """Tap "I'd like to follow up" once: a push or a new round at that instant never takes
    the tap (tests below force one in between)."""
    follow_item(page, first).locator("button.primary").click()
    expect(follow_item(page, first).locator(".follow-state")).to_be_visible()


def share_contact(page: Page, contact: str) -> None:
    page.check("#shares_contact")
    page.fill("#contact", contact)
    page.click("#save-contact")
    expect(page.locator("#speed-contact .saved")).to_be_visible()


def expect_round(console: Page, projector: Page, number: int) -> None:
    expect(console.locator("#speed-status")).to_have_text(f"Round {number} of 3")
    expect(projector.locator("#speed-round")).to_have_text(f"Round {number} of 3")


def test_eight_phones_three_rounds_a_late_arrival_a_departure_and_follow_ups(
    contexts, base_url, facilitator
):
    code = speed_workshop(facilitator, base_url)
    phones = {
        first: open_phone(contexts, base_url, code, first, "Association") for first, _ in SIDE_A
    }
    phones |= {first: open_phone(contexts, base_url, code, first, "Company") for first, _ in SIDE_B}
    post(facilitator, base_url, f"/w/{code}/start", {})
    post(facilitator, base_url, f"/w/{code}/step", {"direction": "next"})
    console = facilitator.new_page()
    console.goto(f"{base_url}/w/{code}/console")
    expect_online(console)
    projector = open_projector(Workshop(base_url, code, "Speed evening", console, ""))
    console.bring_to_front()

    # The plan is shown before it starts.
    console.click("#speed-make-plan")
    expect(console.locator("#speed-plan-summary")).to_contain_text("4 tables a round")
    expect(console.locator("#speed-status")).to_have_text("The plan is ready: 3 rounds.")

    # Round 1: the projector shows the tables, each phone its table and partner.
    console.click("#speed-next-round")
    expect_round(console, projector, 1)
    # The beep is off: no "allow the sound" button on the projector (it once always showed).
    expect(projector.locator("[data-speed-unlock]")).to_be_hidden()
    expect(projector.locator("[data-speed-view=current] .speed-table")).to_have_count(4)
    partners = {}
    for first, page in phones.items():
        expect(page.locator("#speed-now .speed-where")).to_contain_text("Round 1 — table")
        expect(page.locator("#speed-next")).to_contain_text("Next: round 2 — table")
        partners[first] = partner_on(page)
    assert all(partners[partners[first]] == first for first in partners)
    # The round's countdown runs out: the projector calls the change of tables.
    expect(projector.locator(".speed-stage")).to_have_class(re.compile(r"\bis-changing\b"))
    expect(projector.locator("[data-speed-cue]")).to_contain_text("Change tables: round 2")
    expect(projector.locator("[data-speed-view=next]")).to_be_visible()

    # Someone on neither side is told so, and is offered no contact to share.
    olga = open_phone(contexts, base_url, code, "Olga", "Other")
    expect(olga.locator("#speed-me .closed-note")).to_contain_text("You are on no side")
    expect(olga.locator("#speed-contact")).to_have_count(0)
    expect(phones["Ada"].locator("#speed-contact")).to_have_count(1)

    # A late arrival joins the next round; someone who leaves is taken out of it.
    phones["Lou"] = open_phone(contexts, base_url, code, "Lou", "Company")
    expect(phones["Lou"].locator("#speed-now")).to_have_text("You join from the next round.")
    expect(phones["Lou"].locator("#speed-next")).to_contain_text("Next: round 2 —")
    person = console.locator("#roster li.person").filter(has_text="Axel")
    person.locator("button[id^=remove-person-]").click()
    expect(console.locator("#speed-sides")).to_contain_text("Association: 3")

    console.click("#speed-next-round")
    expect_round(console, projector, 2)
    expect(phones["Lou"].locator("#speed-now .speed-where")).to_contain_text("Round 2 —")
    expect(projector.locator("[data-speed-view=current]")).not_to_contain_text("Axel")
    for first, page in phones.items():
        if first != "Axel":
            expect(page.locator("#speed-now")).to_contain_text("Round 2 —")
            expect(page.locator("#speed-now")).not_to_contain_text("Axel")
    console.click("#speed-next-round")
    expect_round(console, projector, 3)
    console.click("#speed-finish")
    expect(console.locator("#speed-status")).to_have_text("Meetings over: 3 rounds held.")

    # Follow-ups: Ada and Abel with their round-1 partners both ways, Anna one way only.
    ada, abel, anna = ("Ada", partners["Ada"]), ("Abel", partners["Abel"]), partners["Anna"]
    for first, other in (ada, abel):
        mark(phones[first], other)
        mark(phones[other], first)
    mark(phones["Anna"], anna)
    share_contact(phones["Ada"], "ada@example.org")
    share_contact(phones[ada[1]], "+33 6 12 34 56 78")
    share_contact(phones["Abel"], "abel@example.org")  # his partner does not share
    matches = {first: page.locator("#speed-matches") for first, page in phones.items()}
    expect(matches["Ada"]).to_contain_text("+33 6 12 34 56 78")
    expect(matches[ada[1]]).to_contain_text("ada@example.org")
    expect(matches["Abel"]).to_contain_text(label(abel[1]))
    expect(matches["Abel"]).to_contain_text("Contact details are exchanged when you both agree")
    expect(matches[abel[1]]).to_contain_text(label("Abel"))
    expect(matches[abel[1]]).not_to_contain_text("abel@example.org")
    # The one-way mark shows nowhere but on Anna's own phone.
    expect(matches[anna]).not_to_contain_text("Anna")
    expect(follow_item(phones[anna], "Anna").locator(".follow-state")).to_have_count(0)
    expect(matches["Anna"]).not_to_contain_text(anna)
    expect(console.locator("#speed-follow-counts")).to_contain_text("5 follow-up wishes")
    expect(console.locator("#speed-follow-counts")).to_contain_text("2 mutual pairs")
    for name, page in (("console", console), ("projector", projector), ("phone", phones["Ada"])):
        violations = run_axe(page)
        assert not violations, describe_violations(name, violations)
    assert small_tap_targets(phones["Ada"]) == []

    # What came of it: the minutes and the raw data.
    minutes = f"{base_url}/w/{code}/minutes/download"
    blocks = docx_blocks(facilitator.request.get(f"{minutes}/docx").body())
    section = under(blocks, "h1", "Speed meetings")
    assert any(b.text == "3 rounds of 4 s were held." for b in section), section
    pairs = [b.text for b in under(blocks, "h2", "Mutual follow-ups") if b.kind == "bullet"]
    assert any("ARNAUD Ada – Org Ada" in p and SURNAMES[ada[1]].upper() in p for p in pairs)
    assert len(pairs) == 2
    text = facilitator.request.get(f"{minutes}/md").text()
    titles = [b.text for b in markdown_blocks(text) if b.kind == "h1"]
    assert "Speed meetings" in titles and "### Mutual follow-ups" in text
    assert "ada@example.org" not in text
    data = json.loads(facilitator.request.get(f"{minutes}/json").body())
    entry = next(a for a in data["agenda"] if a["kind"] == "speed_meeting")["speed_meeting"]
    assert entry["rounds_held"] == 3
    assert len(entry["meetings"]) == 4 + 3 + 3  # three tables once Axel left (3 against 5)
    assert len(entry["follow_ups"]["mutual"]) == 2


def test_a_long_table_plan_turns_its_pages_on_the_projector(contexts, base_url, facilitator):
    code = speed_workshop(
        facilitator,
        base_url,
        rounds="1",
        round_minutes="5",
        round_secs="0",
        page_tables="4",
        page_seconds="3",
    )
    sheet = "\n".join(
        [f"ASSO{i} Person{i}; Asso {i}; Association" for i in range(10)]
        + [f"CIE{i} Person{i}; Company {i}; Company" for i in range(10)]
    )
    post(facilitator, base_url, f"/w/{code}/sheet", {"sheet": sheet})
    post(facilitator, base_url, f"/w/{code}/start", {})
    post(facilitator, base_url, f"/w/{code}/step", {"direction": "next"})
    console = facilitator.new_page()
    console.goto(f"{base_url}/w/{code}/console")
    expect_online(console)
    projector = open_projector(Workshop(base_url, code, "Speed evening", console, ""))
    console.bring_to_front()
    console.click("#speed-make-plan")
    console.click("#speed-next-round")
    pages = projector.locator("[data-speed-view=current] [data-speed-page]")
    expect(pages).to_have_count(3)  # 10 tables, 4 a page
    expect(pages.nth(0)).to_be_visible()
    expect(pages.nth(0).locator(".speed-page-label")).to_have_text("page 1/3")
    expect(pages.nth(1)).to_be_hidden()
    expect(pages.nth(1)).to_be_visible(timeout=8000)  # turned by itself
    expect(pages.nth(1).locator(".speed-page-label")).to_have_text("page 2/3")
    expect(pages.nth(0)).to_be_hidden()


# ---- no follow-up tap nor typed word is lost to a new round ---------------------------------
# A new round replaces each phone's slot, and the phone fetches its place again; one's own
# follow-ups come with that answer and are merged into the part pushes keep. Here the round
# changes at the worst moments: while a tap's answer is on its way, and while a word is
# being typed.

WITHOUT_MOVE_BEFORE = "delete Element.prototype.moveBefore;"
SPEED_URL = re.compile(r"/w/\w+/speed/(\d+)/plan")


def speed_room(contexts, base_url: str, facilitator, *shown: str):
    """Two rounds of long meetings, two people a side, round 1 under way; the phones of
    `shown` open. Return the workshop's code, the speed meeting's console path, the phones."""
    code = speed_workshop(facilitator, base_url, rounds="2", round_minutes="10", round_secs="0")
    phones = {}
    for first, category in (
        ("Ada", "Association"),
        ("Abel", "Association"),
        ("Bea", "Company"),
        ("Bob", "Company"),
    ):
        if first in shown:
            phones[first] = open_phone(contexts, base_url, code, first, category)
        else:
            join_phone(contexts, base_url, code, first, category)
    post(facilitator, base_url, f"/w/{code}/start", {})
    post(facilitator, base_url, f"/w/{code}/step", {"direction": "next"})
    console = facilitator.request.get(f"{base_url}/w/{code}/console").text()
    speed = f"/w/{code}/speed/{SPEED_URL.search(console).group(1)}"
    post(facilitator, base_url, speed + "/plan", {})
    next_round(facilitator, base_url, speed, phones, 1)
    return code, speed, phones


def next_round(facilitator, base_url: str, speed: str, phones: dict, number: int) -> None:
    """The console starts round `number`; each phone open shows it, and the people it met."""
    post(facilitator, base_url, speed + "/next", {"seen": str(number - 1)})
    for page in phones.values():
        expect(page.locator("#speed-now .speed-where")).to_contain_text(f"Round {number} —")
        expect(page.locator(".follow-item")).to_have_count(number)


def follow_up_wishes(facilitator, base_url: str, code: str) -> int:
    """How many follow-up marks the console counts (its first figure)."""
    console = facilitator.request.get(f"{base_url}/w/{code}/console").text()
    return int(re.search(r'<p id="speed-follow-counts">(\d+) ', console).group(1))


def test_a_tap_answered_after_a_new_round_is_drawn_and_stored_once(contexts, base_url, facilitator):
    """The tap reaches the server only once round 2 has started and the phone has fetched
    its new place (which still says "not marked"): its answer lands in the list shown."""
    code, speed, phones = speed_room(contexts, base_url, facilitator, "Ada")
    ada = phones["Ada"]
    partner = partner_on(ada)
    held = []
    ada.route("**/follow", lambda route: held.append(route))
    follow_item(ada, partner).locator("button.primary").click()
    for _ in range(200):
        if held:
            break
        ada.wait_for_timeout(50)
    assert held, "the tap was not sent"
    next_round(facilitator, base_url, speed, phones, 2)
    held[0].continue_()
    expect(follow_item(ada, partner).locator(".follow-state")).to_be_visible()
    expect(follow_item(ada, partner)).to_have_class(re.compile(r"\bis-marked\b"))
    assert follow_up_wishes(facilitator, base_url, code) == 1
    ada.reload()
    expect(follow_item(ada, partner).locator(".follow-state")).to_be_visible()


@pytest.mark.parametrize("move_before", [True, False], ids=["moveBefore", "no-moveBefore"])
def test_a_word_being_typed_survives_a_new_round_and_reaches_the_match(
    contexts, base_url, facilitator, move_before
):
    """Ada types a word for her partner; round 2 starts meanwhile. The word, the focus and
    the caret stay; she types on, taps, and her partner, marking her back, reads it all."""
    _code, speed, phones = speed_room(contexts, base_url, facilitator, "Ada", "Bea", "Bob")
    ada = phones["Ada"]
    if not move_before:
        ada.add_init_script(WITHOUT_MOVE_BEFORE)
        ada.reload()
        expect_online(ada)
    assert ada.evaluate("() => 'moveBefore' in Element.prototype") is move_before
    partner = partner_on(ada)
    note = follow_item(ada, partner).locator("textarea")
    note.click()
    ada.keyboard.type("Let us talk")
    next_round(facilitator, base_url, speed, phones, 2)
    expect(note).to_have_value("Let us talk")
    expect(note).to_be_focused()
    ada.keyboard.type(" about vans")
    follow_item(ada, partner).locator("button.primary").click()
    expect(follow_item(ada, partner).locator(".follow-state")).to_be_visible()
    expect(note).to_have_value("Let us talk about vans")
    mark(phones[partner], "Ada")
    expect(phones[partner].locator("#speed-matches .their-word")).to_have_text(
        "“Let us talk about vans”"
    )


def test_a_tap_whose_answer_was_lost_is_sent_again_with_its_key_and_counts_once(
    contexts, base_url, facilitator
):
    """The server stores the tap but its answer never reaches the phone: the person taps
    again, the same key goes with it, and the server answers without acting twice."""
    code, _speed, phones = speed_room(contexts, base_url, facilitator, "Ada")
    ada = phones["Ada"]
    partner = partner_on(ada)
    keys = []

    def sent(request):
        if request.url.endswith("/follow"):
            keys.append(request.headers.get("idempotency-key"))

    ada.on("request", sent)

    def answer_lost(route):
        route.fetch()  # the server acts
        route.abort()  # the answer is lost on the way back

    ada.route("**/follow", answer_lost, times=1)
    with ada.expect_event("requestfailed"):
        follow_item(ada, partner).locator("button.primary").click()
    expect(follow_item(ada, partner).locator(".follow-state")).to_have_count(0)
    assert follow_up_wishes(facilitator, base_url, code) == 1
    follow_item(ada, partner).locator("button.primary").click()
    expect(follow_item(ada, partner).locator(".follow-state")).to_be_visible()
    assert len(keys) == 2 and keys[0] and keys[0] == keys[1], keys
    assert follow_up_wishes(facilitator, base_url, code) == 1


def test_a_phone_opens_its_wishes_and_ticks_whom_it_would_like_to_meet(
    contexts, base_url, facilitator
):
    code = speed_workshop(facilitator, base_url)
    ada = open_phone(contexts, base_url, code, "Ada", "Association")
    join_phone(contexts, base_url, code, "Bea", "Company")
    post(facilitator, base_url, f"/w/{code}/start", {})
    post(facilitator, base_url, f"/w/{code}/step", {"direction": "next"})
    console = facilitator.new_page()
    console.goto(f"{base_url}/w/{code}/console")
    expect_online(console)
    expect(console.locator("#speed-sides")).to_contain_text("1 round at most for these sides")

    # Folded, the wishes must still read as something that opens: a laid-out summary loses
    # the browser's own triangle, so the page draws one.
    summary = ada.locator("#speed-wishes summary")
    expect(summary).to_be_visible()
    marker = "(el) => getComputedStyle(el, '::before').content"
    assert "▸" in summary.evaluate(marker)
    summary.click()
    assert "▾" in summary.evaluate(marker)
    wish = ada.locator("#speed-wishes button.wish").filter(has_text="Bea")
    wish.click()
    expect(ada.locator("#speed-wishes button.wish.is-wished")).to_have_attribute(
        "aria-pressed", "true"
    )
    expect(console.locator("#speed-wishes-editor")).to_have_text("Wishes (1)")


def test_a_match_that_changes_while_its_list_is_read_is_read_again(contexts, base_url, facilitator):
    # Ada's list of matches is read when her partner marks her back; that read's answer is
    # held while the partner shares a contact. The second change must be read after the
    # first answer (htmx would queue the second read on the list, then drop it: the first
    # answer takes the list out of the page), or Ada never sees the contact.
    _code, _speed, phones = speed_room(contexts, base_url, facilitator, "Ada", "Bea", "Bob")
    ada = phones["Ada"]
    partner = partner_on(ada)
    share_contact(ada, "ada@example.org")  # contacts are exchanged when both share
    mark(ada, partner)
    read = FirstAnswerHeld(ada, re.compile(r"/speed/\d+/matches$"))
    with ada.expect_request(lambda request: request.url.endswith("/matches")):
        mark(phones[partner], "Ada")
    share_contact(phones[partner], "+33 6 12 34 56 78")
    ada.wait_for_timeout(500)  # the second change's event reached Ada's phone meanwhile
    read.release(given_up_ok=True)  # the page replaced that read with a newer one
    expect(ada.locator("#speed-matches")).to_contain_text("+33 6 12 34 56 78")
    assert len(read.reads) == 2, read.reads


def test_a_speed_meeting_on_screen_is_led_from_the_top_of_the_console_and_its_keys(
    contexts, base_url, facilitator
):
    # The console's on-screen activity comes first (issue 12): for a speed meeting, its
    # panel with the rounds' controls, not a board or a vote further down the agenda; and
    # the live bar holds the rounds' next step, which a clicker's B key presses.
    code, _speed, _phones = speed_room(contexts, base_url, facilitator)
    post(facilitator, base_url, f"/w/{code}/activities", {"kind": "brainstorm", "title": "Ideas"})
    console = facilitator.new_page()
    console.set_viewport_size({"width": 1366, "height": 768})
    console.goto(f"{base_url}/w/{code}/console")
    expect_online(console)
    expect(console.locator("#console-speed")).to_have_class(re.compile(r"\bis-on-screen\b"))
    expect(console.locator("#speed-next-round")).to_be_in_viewport(ratio=1)
    assert console.evaluate("() => window.scrollY") == 0
    first = console.evaluate(
        """() => [...document.querySelectorAll(".console-main > section.panel")]
            .filter((panel) => panel.offsetParent !== null)
            .sort((a, b) => a.getBoundingClientRect().top - b.getBoundingClientRect().top)[0].id"""
    )
    assert first == "console-speed"
    expect(console.locator("#live-speed-state")).to_have_text("Round 1 of 2")
    console.keyboard.press("b")
    expect(console.locator("#live-speed-state")).to_have_text("Round 2 of 2")
    expect(console.locator("#speed-status")).to_have_text("Round 2 of 2")  # the panel too
    console.keyboard.press("b")
    expect(console.locator("#live-speed-state")).to_have_text("Meetings over: 2 rounds held.")
    expect(console.locator("#live-bar [data-main]")).to_have_count(0)
