"""Dot votes and rankings (issue 5) in real browsers.

Five phones place their dots while the projector's bars follow live; the facilitator closes
and reveals, and a tie is shown as a tie. A phone that goes offline mid-vote says so, then
shows its true remaining dots once back, counted once. One participant ranks a top 3 with
the keyboard alone. Then axe-core on the phone ballot, the console's vote panel and the
projector's ranking.
"""

import re

import pytest
from playwright.sync_api import Page, expect

from tests.browser import http_setup
from tests.browser.helpers import (
    Workshop,
    advance,
    create_workshop,
    describe_violations,
    expect_online,
    join,
    mark_page,
    open_console,
    open_projector,
    run_axe,
    start,
    was_reloaded,
    workshop_over_http,
)
from tests.browser.test_boards import add_board_activity

pytestmark = [pytest.mark.browser, pytest.mark.timeout(150)]

CANDIDATES = [
    "Open the centres at night",
    "A shared transport service",
    "Youth councils",
    "A tool library",
]
A, B, C, D = CANDIDATES


# ---- the facilitator's console ----------------------------------------------------------


def vote_workshop(
    contexts,
    base_url,
    facilitator,
    title: str,
    method: str = "dots",
    order: str = "fixed",
    candidates: list[str] = CANDIDATES,
    through_console: bool = False,
) -> Workshop:
    """A started English workshop whose current activity is an open vote on CANDIDATES
    (3 dots or a top 3, one dot per orientation, results live, the same order for all).

    Set up over HTTP with the console's forms, then the console opened; with
    `through_console` the facilitator adds the vote, its candidates and opens it there."""
    if through_console:
        return _vote_through_console(facilitator, base_url, title, method, order, candidates)
    code, link = workshop_over_http(facilitator, base_url, title, language="en")
    settings = {"budget": "3", "max_per_candidate": "1", "retain": "3", "results": "live"}
    vote = http_setup.add_activity(
        facilitator,
        base_url,
        code,
        "vote",
        f"Vote of {title}",
        method=method,
        order=order,
        **settings,
    )
    http_setup.start(facilitator, base_url, code)
    http_setup.step(facilitator, base_url, code)
    http_setup.add_candidates(facilitator, base_url, code, vote, candidates)
    http_setup.open_vote(facilitator, base_url, code, vote)
    workshop = open_console(facilitator, base_url, code, title, link)
    expect_open_vote(workshop.console, candidates)
    return workshop


def _vote_through_console(facilitator, base_url, title, method, order, candidates) -> Workshop:
    workshop = create_workshop(facilitator, base_url, title, language="en", instructions=())
    add_board_activity(
        workshop,
        "vote",
        f"Vote of {title}",
        **{
            f"method-{method}": True,
            "budget": "3",
            "max_per_candidate": "1",
            "retain": "3",
            "results": ("select", "live"),
            "order": ("select", order),
        },
    )
    start(workshop)
    advance(workshop)
    console = workshop.console
    panel = console.locator("#console-vote")
    panel.locator("textarea[name=candidates]").fill("\n".join(candidates))
    panel.locator("#add-candidates").click()
    expect(panel.locator("ol.candidate-list li .candidate-label")).to_have_text(candidates)
    panel.page.locator("#live-bar #open-vote").click()
    expect_open_vote(console, candidates)
    return workshop


def expect_open_vote(console: Page, candidates: list[str]) -> None:
    """The console shows the vote on screen, open, on these candidates."""
    panel = console.locator("#console-vote")
    expect(panel.locator("ol.candidate-list li .candidate-label")).to_have_text(candidates)
    expect(console.locator("#live-bar #close-vote")).to_be_visible()
    expect(panel.locator(".vote-state")).to_have_class(re.compile(r"\bstate-open\b"))


def result_row(page: Page, label: str):
    return page.locator("#vote-results tr.rank-row").filter(
        has=page.locator("span.label", has_text=re.compile(rf"^{re.escape(label)}$"))
    )


def expect_scores(page: Page, scores: dict[str, int]) -> None:
    for label, score in scores.items():
        expect(result_row(page, label).locator("td.score")).to_have_text(str(score))


# ---- phones -----------------------------------------------------------------------------


def ballot_item(phone: Page, label: str):
    return phone.locator("#my-ballot li.ballot-candidate").filter(
        has=phone.locator("h3.candidate-label", has_text=re.compile(rf"^{re.escape(label)}$"))
    )


def remaining(phone: Page):
    return phone.locator("#my-ballot .ballot-summary .big-count")


def place_dots(phone: Page, labels: list[str]) -> None:
    """Tap "+ ●" on each orientation, waiting after each tap for the saved ballot."""
    expect(remaining(phone)).to_have_text("3")
    for done, label in enumerate(labels, start=1):
        ballot_item(phone, label).locator("button[data-focus-key^='dot-']").click()
        expect(remaining(phone)).to_have_text(str(3 - done))
        expect(phone.locator("#vote-save-status .saved")).to_be_visible()
        expect(ballot_item(phone, label).locator(".dot-count")).to_have_text("●")


# ---- tests ------------------------------------------------------------------------------


def test_five_phones_dot_vote_live_bars_then_reveal_with_a_tie(contexts, base_url, facilitator):
    # Through the console: the facilitator's own steps, from adding the vote to opening it.
    workshop = vote_workshop(contexts, base_url, facilitator, "Dots for 2030", through_console=True)
    console = workshop.console
    projector = open_projector(workshop)
    console.bring_to_front()
    mark_page(projector)
    mark_page(console)
    expect(projector.locator("#vote-results table.ranking-table")).to_be_visible()
    expect_scores(projector, dict.fromkeys(CANDIDATES, 0))

    names = [
        ("Ada", "Martin"),
        ("Bea", "Durand"),
        ("Cyr", "Petit"),
        ("Dan", "Roux"),
        ("Eva", "Moreau"),
    ]
    phones = [join(contexts.phone(), workshop, first, surname) for first, surname in names]
    for phone in phones:
        expect(phone.locator("#my-ballot .ballot-candidate")).to_have_count(len(CANDIDATES))
        mark_page(phone)
    progress = console.locator("#console-vote #vote-progress-text")
    expect(progress).to_have_text(re.compile(r"^0 of 5 present participants have voted$"))

    ballots = [[A, B, C], [A, B, C], [A, B, C], [A, B, D], [A, C, D]]
    tallies = dict.fromkeys(CANDIDATES, 0)
    for count, (phone, choice) in enumerate(zip(phones, ballots, strict=True), start=1):
        place_dots(phone, choice)
        for label in choice:
            tallies[label] += 1
        # The projector's bars and counts follow without a reload.
        expect_scores(projector, tallies)
        expect(progress).to_have_text(
            re.compile(rf"^{count} of 5 present participants have voted$")
        )
    assert tallies == {A: 5, B: 4, C: 4, D: 2}
    bar = result_row(projector, A).locator("rect.bar-fill")
    expect(bar).to_have_attribute("data-width", "100.00")
    expect(result_row(projector, D).locator("rect.bar-fill")).to_have_attribute(
        "data-width", "40.00"
    )

    # Close: phones can no longer vote; reveal: the projector shows the final ranking.
    console.locator("#close-vote").click()
    expect(console.locator("#live-bar #open-vote")).to_be_visible()
    expect(phones[0].locator("#my-ballot button[data-focus-key^='undot-']").first).to_be_disabled()
    console.locator("#reveal-results").click()
    expect(console.locator("#live-bar #hide-results")).to_be_visible()

    rows = projector.locator("#vote-results tbody tr.rank-row")
    expect(rows.locator("span.label")).to_have_text([A, B, C, D])  # a tie keeps the original order
    expect(rows.locator("td.rank")).to_have_text(["1", "2=", "2=", "4"])
    for label in (B, C):
        row = result_row(projector, label)
        expect(row).to_have_class(re.compile(r"\bis-tied\b"))
        expect(row.locator(".tied-badge")).to_have_text("tied")
    for label in (A, D):
        expect(result_row(projector, label)).not_to_have_class(re.compile(r"\bis-tied\b"))
    expect(projector.locator("#vote-results .vote-rules-note")).to_contain_text("share a rank")
    # The top 3 (A, B, C) are retained; D is not.
    expect(rows.filter(has=projector.locator(".retained-badge"))).to_have_count(3)
    expect(result_row(projector, D).locator(".retained-badge")).to_have_count(0)
    # Phones see the revealed results, the tie included.
    expect(phones[0].locator(".phone-ranking li")).to_have_count(4)
    expect(phones[0].locator(".phone-ranking li").nth(1)).to_contain_text("2=")

    for page in (projector, console, *phones):
        assert not was_reloaded(page), f"{page.url} was reloaded"


def test_an_offline_tap_retries_and_is_counted_once(contexts, base_url, facilitator):
    workshop = vote_workshop(contexts, base_url, facilitator, "Offline dots")
    console = workshop.console
    projector = open_projector(workshop)
    console.bring_to_front()
    context = contexts.phone()
    phone = join(context, workshop, "Olga", "Leroy")
    place_dots(phone, [A])
    expect_scores(projector, {A: 1, B: 0})

    context.set_offline(True)
    ballot_item(phone, B).locator("button[data-focus-key^='dot-']").click()
    status = phone.locator("#vote-save-status")
    expect(status).to_have_text(re.compile(r"not saved", re.IGNORECASE))
    expect(status).to_have_attribute("data-state", re.compile(r"^(offline|retrying)$"))
    expect(remaining(phone)).to_have_text("2")  # the phone does not pretend it was saved
    expect_scores(console, {A: 1, B: 0})

    context.set_offline(False)
    expect(remaining(phone)).to_have_text("1")
    expect(phone.locator("#vote-save-status .saved")).to_be_visible()
    expect(ballot_item(phone, B).locator(".dot-count")).to_have_text("●")
    expect_scores(console, {A: 1, B: 1, C: 0, D: 0})
    expect_scores(projector, {A: 1, B: 1, C: 0, D: 0})

    # A reload shows exactly what the server holds: one dot on B, not two.
    phone.reload()
    expect(remaining(phone)).to_have_text("1")
    expect(ballot_item(phone, B).locator(".dot-count")).to_have_text("●")
    expect_scores(console, {A: 1, B: 1})
    expect(console.locator("#console-vote #vote-progress-text")).to_have_text(
        re.compile(r"^1 of 1 present participant has voted$")
    )

    # A tap the server acted on but whose answer was lost is retried with the same
    # idempotency key, and counted once. Over HTTP here, the socket's fallback (a tap
    # over the socket whose ack is lost: tests/browser/test_socket_taps.py).
    phone.evaluate("() => window.workshopSocket.disconnect()")
    keys = []
    phone.on(
        "request",
        lambda request: (
            request.method == "POST"
            and request.url.endswith("/dot")
            and keys.append(request.headers.get("idempotency-key"))
        ),
    )

    def lose_the_answer(route):
        route.fetch()  # the server places the dot...
        route.abort()  # ...but its answer never reaches the phone

    phone.route(re.compile(r"/vote/\d+/dot$"), lose_the_answer, times=1)
    ballot_item(phone, C).locator("button[data-focus-key^='dot-']").click()
    expect(status).to_have_text(re.compile(r"^Not saved yet, retrying"))
    expect(status).to_have_attribute("data-state", "retrying")
    expect(remaining(phone)).to_have_text("0")
    expect(phone.locator("#vote-save-status .saved")).to_be_visible()
    expect_scores(console, {A: 1, B: 1, C: 1, D: 0})
    expect_scores(projector, {A: 1, B: 1, C: 1, D: 0})
    assert len(keys) >= 2 and len(set(keys)) == 1 and keys[0], keys
    phone.reload()
    expect(remaining(phone)).to_have_text("0")
    expect(ballot_item(phone, C).locator(".dot-count")).to_have_text("●")


def focus_with_keyboard(page: Page, selector: str, limit: int = 60) -> None:
    """Press Tab (or Shift+Tab, towards the target) until `selector` has the focus."""
    target = page.locator(selector)
    expect(target).to_be_enabled()
    for _ in range(limit):
        where = page.evaluate(
            """(selector) => {
                const target = document.querySelector(selector);
                const active = document.activeElement;
                if (active === target) return "here";
                if (!active || active === document.body) return "after";
                const position = active.compareDocumentPosition(target);
                return position & Node.DOCUMENT_POSITION_FOLLOWING ? "after" : "before";
            }""",
            selector,
        )
        if where == "here":
            break
        page.keyboard.press("Tab" if where == "after" else "Shift+Tab")
    expect(target).to_be_focused()


def candidate_id(console: Page, label: str) -> int:
    return int(result_row(console, label).get_attribute("data-row"))


def test_a_participant_ranks_a_top_three_with_the_keyboard_alone(contexts, base_url, facilitator):
    workshop = vote_workshop(contexts, base_url, facilitator, "Ranking", method="ranking")
    console = workshop.console
    ids = {label: candidate_id(console, label) for label in CANDIDATES}
    phone = join(contexts.phone(), workshop, "Kim", "Bernard")
    ranked = phone.locator("#my-ballot ol.ranked li .ranked-label")
    expect(phone.locator("#my-ballot .ballot-candidate")).to_have_count(4)

    # Rank C, then A, then D: Tab to each "Rank #n" button and press Enter.
    for place, label in enumerate([C, A, D], start=1):
        focus_with_keyboard(phone, f"#my-ballot button[data-focus-key='rank-{ids[label]}']")
        phone.keyboard.press("Enter")
        expect(ranked).to_have_count(place)
        expect(ranked.nth(place - 1)).to_have_text(label)
        expect(phone.locator("#vote-save-status .saved")).to_be_visible()
        # The focus stays in the ballot after the swap (found again by vote.js).
        expect(phone.locator("#my-ballot [data-focus-key]:focus")).to_have_count(1)
    # The top is complete: the last orientation can no longer be ranked.
    expect(phone.locator(f"#my-ballot button[data-focus-key='rank-{ids[B]}']")).to_be_disabled()

    # Move D up with the keyboard: the order becomes C, D, A.
    focus_with_keyboard(phone, f"#my-ballot button[data-focus-key='up-{ids[D]}']")
    phone.keyboard.press("Enter")
    expect(ranked).to_have_text([C, D, A])
    expect(phone.locator("#vote-save-status .saved")).to_be_visible()

    # Points 3, 2, 1 on the console (which always sees the results).
    expect_scores(console, {C: 3, D: 2, A: 1, B: 0})
    expect(result_row(console, C).locator("td.num").nth(1)).to_have_text("1")  # first choices


def test_voting_pages_have_no_axe_violations(contexts, base_url, facilitator):
    workshop = vote_workshop(contexts, base_url, facilitator, "Accessible vote")
    console = workshop.console
    projector = open_projector(workshop)
    console.bring_to_front()
    phone = join(contexts.phone(), workshop, "Noa", "Girard")
    place_dots(phone, [A, B])
    expect_scores(projector, {A: 1, B: 1})
    open_ballot = run_axe(phone)  # while the vote is open, every tap button enabled
    assert not open_ballot, describe_violations("phone ballot (open vote)", open_ballot)
    console.locator("#close-vote").click()
    console.locator("#reveal-results").click()
    expect(console.locator("#live-bar #hide-results")).to_be_visible()
    expect(projector.locator("#vote-results .retained-badge")).to_have_count(2)
    # Revealed: the results come first and the spent ballot is folded, marked as such; it opens.
    fold = phone.locator("#phone-stage details.ballot-fold > summary")
    assert "▸" in fold.evaluate("(el) => getComputedStyle(el, '::before').content")
    fold.click()
    expect(phone.locator("#my-ballot .closed-note")).to_be_visible()

    problems = []
    for name, page in (
        ("phone ballot (closed vote)", phone),
        ("console vote panel", console),
        ("projector", projector),
    ):
        violations = run_axe(page)
        if violations:
            problems.append(describe_violations(name, violations))
    assert not problems, "\n\n".join(problems)


# Browsers without Element.moveBefore (htmx's hx-preserve then moves the kept node out and
# back, which blurs it) must keep the focus too: live.js gives it back.
WITHOUT_MOVE_BEFORE = "delete Element.prototype.moveBefore;"


@pytest.mark.parametrize("move_before", [True, False], ids=["moveBefore", "no-moveBefore"])
def test_typing_in_the_console_survives_a_push_of_its_region(
    contexts, base_url, facilitator, move_before
):
    """A wifi blip while the facilitator types candidates: the reconnection pushes the
    whole vote panel again, and what was typed (and the cursor) is still there."""
    if not move_before:
        facilitator.add_init_script(WITHOUT_MOVE_BEFORE)
    workshop = create_workshop(facilitator, base_url, "Typing", language="en", instructions=())
    add_board_activity(workshop, "vote", "Vote while typing", **{"method-dots": True})
    start(workshop)
    advance(workshop)
    console = workshop.console
    assert console.evaluate("() => 'moveBefore' in Element.prototype") is move_before
    box = console.locator("#console-vote textarea[name=candidates]")
    box.fill("\n".join(CANDIDATES[:2]))
    box.focus()
    box.evaluate("el => { el.setSelectionRange(4, 4); el.typedBeforePush = true; }")
    console.evaluate("document.getElementById('console-vote').dataset.old = 'yes'")
    console.evaluate("window.workshopSocket.disconnect(); window.workshopSocket.connect()")
    # The reconnection's full state replaced the panel (the old node carried a mark).
    expect(console.locator("#console-vote:not([data-old])")).to_have_count(1)
    expect(box).to_have_value("\n".join(CANDIDATES[:2]))
    expect(box).to_be_focused()
    assert box.evaluate("el => [el.typedBeforePush, el.selectionStart, el.selectionEnd]") == [
        True,
        4,
        4,
    ]
    console.locator("#console-vote #add-candidates").click()
    expect(console.locator("#console-vote ol.candidate-list li .candidate-label")).to_have_text(
        CANDIDATES[:2]
    )
    # Once sent, the box is empty again: the server's fresh form wins.
    expect(box).to_have_value("")


def test_a_push_that_changes_a_field_being_typed_in_brings_the_server_s_text(
    contexts, base_url, facilitator
):
    """The field the facilitator is typing in comes again in a push, but the server now
    renders it with other text: the server's version wins (a field pushed unchanged keeps
    what was typed, as above). Pushed through the page's own `regions` handler, with the
    socket closed so that no real push comes in between."""
    workshop = create_workshop(facilitator, base_url, "Changed", language="en", instructions=())
    add_board_activity(workshop, "vote", "Vote changed meanwhile", **{"method-dots": True})
    start(workshop)
    advance(workshop)
    console = workshop.console
    box = console.locator("#console-vote textarea[name=candidates]")
    # The vote's panel comes with the push that follows "Next": wait for it before the
    # socket is closed, or a busy machine closes it first and the panel never arrives.
    expect(box).to_be_editable()
    console.evaluate("window.workshopSocket.disconnect()")
    box.fill("Typed here")
    box.focus()
    push = """text => {
        const region = document.getElementById('console-vote').cloneNode(true);
        region.setAttribute('hx-swap-oob', 'true');
        region.querySelector('textarea[name=candidates]').textContent = text;
        const [regions] = window.workshopSocket.listeners('regions');
        regions({html: region.outerHTML});
    }"""
    console.evaluate(push, "Sent by the server")
    expect(box).to_have_value("Sent by the server")
    expect(box).to_be_focused()  # htmx gives the focus to the new field of the same id
    box.press("End")
    box.type(", and more")
    console.evaluate(push, "Sent by the server")  # the same field again: typing is kept
    expect(box).to_have_value("Sent by the server, and more")
    expect(box).to_be_focused()


def test_a_stage_push_keeps_the_ballot_and_a_vote_change_reloads_it(
    contexts, base_url, facilitator
):
    """Starting the timer pushes the phone's stage again: the ballot on screen stays the
    same element (no new fetch, no flicker); closing the vote brings the closed ballot."""
    workshop = vote_workshop(contexts, base_url, facilitator, "Keep the ballot")
    console = workshop.console
    phone = join(contexts.phone(), workshop, "Lou", "Garnier")
    place_dots(phone, [A])
    phone.evaluate("document.getElementById('my-ballot').dataset.mine = 'kept'")
    fetches = []
    phone.on("request", lambda r: fetches.append(r.url) if "/vote/" in r.url else None)

    console.locator("#timer-pause").click()  # the vote's countdown started on screen
    expect(console.locator("#timer-start")).to_be_visible()
    console.locator("#timer-start").click()
    expect(phone.locator("#phone-stage #timer")).to_have_attribute("data-running", "true")
    expect(phone.locator("#my-ballot[data-mine='kept']")).to_have_count(1)
    expect(ballot_item(phone, A).locator(".dot-count")).to_have_text("●")
    assert fetches == []

    console.locator("#close-vote").click()
    expect(phone.locator("#my-ballot .closed-note")).to_be_visible()
    expect(phone.locator("#my-ballot[data-mine]")).to_have_count(0)
    expect(ballot_item(phone, A).locator(".dot-count")).to_have_text("●")


def test_a_ballot_that_failed_to_load_is_fetched_again(contexts, base_url, facilitator):
    """The server was busy (503) when the ballot first loaded: the phone asks again by
    itself instead of showing "Loading your ballot…" for good."""
    workshop = vote_workshop(contexts, base_url, facilitator, "Busy at first")
    # Someone voted already: a joining phone fetches its own ballot (not the room's empty one).
    place_dots(join(contexts.phone(), workshop, "Val", "First"), [A])
    page = contexts.phone()
    refused = []

    def busy_once(route):
        if not refused:
            refused.append(route.request.url)
            route.fulfill(status=503, body="busy: send again", headers={"Retry-After": "1"})
        else:
            route.continue_()

    page.route(re.compile(r".*/p/[A-Z0-9]+/vote/\d+$"), busy_once)
    phone = join(page, workshop, "Ugo", "Lambert")
    expect(phone.locator("#my-ballot .ballot-candidate")).to_have_count(len(CANDIDATES))
    assert len(refused) == 1
    expect(phone.locator("#flash .flash-message")).to_have_count(0)  # no alarming error


def test_a_ballot_shared_by_the_room_takes_the_phone_s_own_order(contexts, base_url, facilitator):
    """While nobody has voted the page holds the room's empty ballot; each phone puts it in
    its own random order, the very order the server's answers then use."""
    workshop = vote_workshop(contexts, base_url, facilitator, "Own order", order="random")
    orders = []
    for first in ("Pia", "Rémi", "Sacha", "Tom"):
        phone = join(contexts.phone(), workshop, first, "Order")
        expect(phone.locator("#my-ballot .ballot-candidate")).to_have_count(len(CANDIDATES))
        items = phone.locator("#my-ballot li.ballot-candidate")
        shown = items.evaluate_all("lis => lis.map(li => li.getAttribute('data-candidate'))")
        orders.append(shown)
    assert len({tuple(order) for order in orders}) > 1  # not the room's order for all
    # The last phone taps: the server's answer keeps the orientations where they were.
    first_label = phone.locator("#my-ballot li.ballot-candidate h3.candidate-label").first
    label = first_label.inner_text()
    place_dots(phone, [label])
    after = items.evaluate_all("lis => lis.map(li => li.getAttribute('data-candidate'))")
    assert after == orders[-1]


def test_one_click_runs_off_a_tie_at_the_cutoff_on_the_phones(contexts, base_url, facilitator):
    """A and B retained, C and D tied for the third seat: one click puts a run-off on
    screen and opens it (one dot each), the phones vote it, the projector shows C retained."""
    workshop = vote_workshop(contexts, base_url, facilitator, "Run-off")
    console = workshop.console
    projector = open_projector(workshop)
    console.bring_to_front()
    phones = [join(contexts.phone(), workshop, first, "Tie") for first in ("Ana", "Ben")]
    place_dots(phones[0], [A, B, C])
    place_dots(phones[1], [A, B, D])
    for page in (projector, console, *phones):
        mark_page(page)
    console.locator("#close-vote").click()
    expect(result_row(console, C)).to_have_class(re.compile(r"\bis-runoff\b"))
    console.locator("#create-runoff").click()

    expect(console.locator("#console-vote #vote-title")).to_have_text(
        "Vote: Run-off: Vote of Run-off"
    )
    expect(console.locator("#live-bar #close-vote")).to_be_visible()
    for phone in phones:
        expect(phone.locator("#my-ballot .ballot-candidate")).to_have_count(2)
        expect(remaining(phone)).to_have_text("1")
        ballot_item(phone, C).locator("button[data-focus-key^='dot-']").click()
        expect(remaining(phone)).to_have_text("0")
        expect(phone.locator("#vote-save-status .saved")).to_be_visible()
        # The last dot is spent: the other tied orientation cannot take one.
        expect(ballot_item(phone, D).locator("button[data-focus-key^='dot-']")).to_be_disabled()
    expect(projector.locator("#vote-results tbody tr.rank-row")).to_have_count(2)
    expect_scores(projector, {C: 2, D: 0})
    expect(result_row(projector, C).locator(".retained-badge")).to_have_count(1)
    expect(result_row(projector, D).locator(".retained-badge")).to_have_count(0)
    for page in (projector, console, *phones):
        assert not was_reloaded(page), f"{page.url} was reloaded"


def test_a_ranking_stays_in_view_while_scrolling_a_long_ballot(contexts, base_url, facilitator):
    """At 360x740, the compact "1. X 2. Y 3. —" summary sticks at the top of the screen
    while the participant scrolls down to the last orientations."""
    more = [f"Extra orientation {i}" for i in range(1, 9)]
    workshop = vote_workshop(
        contexts, base_url, facilitator, "Long", method="ranking", candidates=CANDIDATES + more
    )
    console = workshop.console
    phone = join(contexts.phone(), workshop, "Max", "Scroll")
    expect(phone.locator("#my-ballot .ballot-candidate")).to_have_count(12)
    ids = {label: candidate_id(console, label) for label in (C, A)}
    for label in (C, A):
        phone.locator(f"#my-ballot button[data-focus-key='rank-{ids[label]}']").click()
        expect(phone.locator("#vote-save-status .saved")).to_be_visible()
    summary = phone.locator("#my-ballot .rank-summary li")
    expect(summary).to_have_text([f"1. {C}", f"2. {A}", "3. —"])
    last = phone.locator("#my-ballot li.ballot-candidate").last
    last.scroll_into_view_if_needed()
    assert phone.evaluate("window.scrollY") > 300  # the ballot is longer than the screen
    box = phone.locator("#my-ballot .rank-summary").bounding_box()
    assert box is not None and 0 <= box["y"] < 60, box
    # The full ranking list (with its ↑ ↓ buttons) has scrolled away; the summary has not.
    assert phone.locator("#my-ballot .my-ranking").bounding_box()["y"] < 0


def test_a_phone_back_from_sleep_shows_the_ballot_changed_meanwhile(
    contexts, base_url, facilitator
):
    """Phone B sleeps (offline, its socket down); the same participant votes from another
    device; B comes back and shows the server's ballot, without a reload."""
    workshop = vote_workshop(contexts, base_url, facilitator, "Back from sleep")
    sleepy = contexts.phone()
    phone_b = join(sleepy, workshop, "Léa", "Sommeil")
    place_dots(phone_b, [A])
    mark_page(phone_b)
    expect_online(phone_b)
    sleepy.set_offline(True)
    phone_b.evaluate("window.workshopSocket.disconnect()")

    other = contexts.phone()
    other.add_cookies(sleepy.cookies())  # the same participant, on another device
    phone_c = other.new_page()
    phone_c.goto(f"{workshop.base_url}/p/{workshop.code}")
    expect(remaining(phone_c)).to_have_text("2")
    ballot_item(phone_c, B).locator("button[data-focus-key^='dot-']").click()
    ballot_item(phone_c, A).locator("button[data-focus-key^='undot-']").click()
    expect(phone_c.locator("#vote-save-status .saved")).to_be_visible()
    expect(ballot_item(phone_c, A).locator(".dot-count")).to_have_text("")
    expect(ballot_item(phone_b, A).locator(".dot-count")).to_have_text("●")  # B slept

    sleepy.set_offline(False)
    phone_b.evaluate("window.workshopSocket.connect()")
    expect(ballot_item(phone_b, B).locator(".dot-count")).to_have_text("●")
    expect(ballot_item(phone_b, A).locator(".dot-count")).to_have_text("")
    expect(remaining(phone_b)).to_have_text("2")
    assert not was_reloaded(phone_b)


def test_a_tap_refused_in_the_flash_region_says_not_saved(contexts, base_url, facilitator):
    """A refusal answered in #flash (here a 403, as for a removed participant) leaves the
    ballot unswapped: the status says "Not saved." instead of "Saving…" for good."""
    workshop = vote_workshop(contexts, base_url, facilitator, "Refused tap")
    phone = join(contexts.phone(), workshop, "Rex", "Refus")
    expect(remaining(phone)).to_have_text("3")
    # Over HTTP (the socket's fallback, where this refusal comes from).
    phone.evaluate("() => window.workshopSocket.disconnect()")
    phone.route(
        re.compile(r"/vote/\d+/dot$"),
        lambda route: route.fulfill(
            status=403,
            headers={"HX-Retarget": "#flash", "HX-Reswap": "innerHTML"},
            content_type="text/html",
            body='<p class="flash-message" role="alert">You are no longer in this workshop.</p>',
        ),
    )
    ballot_item(phone, A).locator("button[data-focus-key^='dot-']").click()
    expect(phone.locator("#flash .flash-message")).to_have_text(re.compile("no longer"))
    status = phone.locator("#vote-save-status")
    expect(status).to_have_text("Not saved.")
    expect(status).to_have_attribute("data-state", "refused")
    expect(remaining(phone)).to_have_text("3")


GLIDING = """(label) => {
    const row = [...document.querySelectorAll('#vote-results tr.rank-row')]
        .find(r => r.querySelector('span.label').textContent === label);
    return row && getComputedStyle(row).transform !== 'none';
}"""


def seen(page: Page, label: str, gliding: bool, tries: int = 250) -> bool:
    """Poll (every 20 ms, up to 5 s) until the row of `label` is (or is no longer) gliding."""
    for _ in range(tries):
        if page.evaluate(GLIDING, label) == gliding:
            return True
        page.wait_for_timeout(20)
    return False


def test_projector_rows_glide_to_their_new_place(contexts, base_url, facilitator):
    """D overtakes the others: its row slides up on the projector (FLIP) rather than
    jumping; with reduced motion it simply is in its place."""
    workshop = vote_workshop(contexts, base_url, facilitator, "Gliding rows")
    console = workshop.console
    projector = open_projector(workshop)
    still = contexts.desktop().new_page()
    still.emulate_media(reduced_motion="reduce")
    still.goto(projector.url)
    console.bring_to_front()
    rows = projector.locator("#vote-results tbody tr.rank-row span.label")
    expect(rows).to_have_text([A, B, C, D])
    phone = join(contexts.phone(), workshop, "Flo", "Flip")
    ballot_item(phone, D).locator("button[data-focus-key^='dot-']").click()
    assert seen(projector, D, True)
    expect(rows).to_have_text([D, A, B, C])
    expect(still.locator("#vote-results tbody tr.rank-row span.label")).to_have_text([D, A, B, C])
    assert not still.evaluate(GLIDING, D)
    # Once played, the row rests in its place with no transform left.
    assert seen(projector, D, False)


def test_a_long_ranking_fits_the_projector_and_says_what_is_cut(contexts, base_url, facilitator):
    """Fourteen orientations on a 1280x720 projector: the ranking shrinks to fit, what still
    cannot fit is counted ("+N more") instead of clipped silently, the tie rule stays in view
    and the spent timer of a closed vote gives the ranking its room."""
    many = [f"Orientation number {n} with a long enough name" for n in range(1, 15)]
    workshop = vote_workshop(contexts, base_url, facilitator, "Long ranking", candidates=many)
    projector = open_projector(workshop)
    results = projector.locator("#vote-results")
    expect(results.locator("tbody tr.rank-row")).to_have_count(len(many))
    workshop.console.locator("#close-vote").click()
    expect(projector.locator("#vote-results")).to_be_visible()
    expect(projector.locator(".vote-stage .timer")).to_be_hidden()
    marker = results.locator("[data-fit-more]")
    expect(marker).to_be_visible()
    expect(results.locator(".vote-rules-note")).to_be_in_viewport()
    cut = int(re.search(r"\d+", marker.inner_text()).group())
    bottom = projector.evaluate(
        "() => document.querySelector('#vote-results .results-body').getBoundingClientRect().bottom"
    )
    whole = projector.evaluate(
        """(bottom) => [...document.querySelectorAll('#vote-results tbody tr.rank-row')]
            .filter(row => row.getBoundingClientRect().bottom <= bottom + 1).length""",
        bottom,
    )
    assert whole + cut == len(many)  # every row is either whole on screen or counted
    assert whole >= 6  # shrunk to fit more than the default size would


def test_quick_taps_on_slow_wifi_all_count_and_all_show(contexts, base_url, facilitator):
    """400 ms of latency, three dots tapped in a row without waiting: the taps go out one
    after the other (a tap sent meanwhile would come from a form the previous answer takes
    off the page, and its answer would land nowhere), so the phone ends showing the three
    dots the server holds, and a reload shows the same."""
    workshop = vote_workshop(contexts, base_url, facilitator, "Slow wifi")
    phone = join(contexts.phone(), workshop, "Lena", "Lente")
    expect(remaining(phone)).to_have_text("3")
    slow = phone.context.new_cdp_session(phone)
    slow.send("Network.enable")
    slow.send(
        "Network.emulateNetworkConditions",
        {"offline": False, "latency": 400, "downloadThroughput": -1, "uploadThroughput": -1},
    )
    for label in (A, B, C):
        ballot_item(phone, label).locator("button[data-focus-key^='dot-']").click(
            no_wait_after=True
        )
    for label in (A, B, C):
        expect(ballot_item(phone, label).locator(".dot-count")).to_have_text("●", timeout=15000)
    expect(remaining(phone)).to_have_text("0")
    expect(phone.locator("#vote-save-status .saved")).to_be_visible()
    slow.send(
        "Network.emulateNetworkConditions",
        {"offline": False, "latency": 0, "downloadThroughput": -1, "uploadThroughput": -1},
    )
    phone.reload()
    expect(remaining(phone)).to_have_text("0")
    for label in (A, B, C):
        expect(ballot_item(phone, label).locator(".dot-count")).to_have_text("●")
