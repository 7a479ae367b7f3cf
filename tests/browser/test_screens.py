"""The projector and the phones in a real browser: every answer shown (paged, never cut),
each group's prompt under its name, results that move, the final retained list, phones
that say where the workshop is, and moderation that says what it did."""

import re

import pytest
from playwright.sync_api import Page, expect

from tests.browser import http_setup
from tests.browser.helpers import (
    PHONE,
    add_activity_over_http,
    advance,
    create_workshop,
    describe_violations,
    join,
    open_console,
    open_projector,
    run_axe,
    save_screenshot,
    seen_page_by_page,
    start,
    workshop_over_http,
)
from tests.browser.test_boards import (
    add_board_activity,
    add_group,
    assign,
    card_id,
    card_titled,
    console_group,
    merge,
    screen_group,
    set_up_room,
    type_paper_answers,
    write_heading,
    write_subpoint,
)
from tests.browser.test_votes import (
    A,
    B,
    C,
    D,
    ballot_item,
    place_dots,
    remaining,
    result_row,
    vote_workshop,
)

pytestmark = [pytest.mark.browser, pytest.mark.timeout(300)]

MIN_VH = 2.3  # static/js/fit-text.js: the readable floor before paging takes over
GROUPS = {"North": 6, "South": 4, "East": 2, "West": 0}  # 12 headings, one empty group
FULL_HD = {"width": 1920, "height": 1080}
SMALL_PROJECTOR = {"width": 1280, "height": 720}


def expect_axe_clean(page: Page, name: str) -> None:
    """No axe violation of any impact."""
    violations = run_axe(page, impacts=None)
    assert not violations, describe_violations(name, violations)


# ---- the projector's board --------------------------------------------------------------


def twelve_headings(facilitator, base_url):
    """A live scenario: four groups, each with its own prompt, 12 headings of 3 sub-points
    (6, 4, 2 and none), set up over HTTP with the console's forms. Returns the workshop
    (its console open), the projector's address, the headings and the sub-points."""
    title = "Twelve headings"
    code, link = workshop_over_http(facilitator, base_url, title, language="en")
    ids = {name: http_setup.add_group(facilitator, base_url, code, name) for name in GROUPS}
    prompts = {f"prompt_{gid}": f"{name}: the prefect invites you." for name, gid in ids.items()}
    activity = http_setup.add_activity(
        facilitator,
        base_url,
        code,
        "scenario",
        "Scenario 2030",
        prompt_0="For every group.",
        **prompts,
    )
    headings, subpoints, n = [], [], 0
    for name, count in GROUPS.items():
        lines = []
        for _ in range(count):
            n += 1
            headings.append(f"Heading {n}: a welcoming place for every resident")
            lines.append(headings[-1])
            subpoints += [f"sub-point {n}.{k} that explains a little more" for k in range(3)]
            lines += [f"\t{text}" for text in subpoints[-3:]]
        if lines:
            outline = "\n".join(lines)
            http_setup.type_paper_answers(facilitator, base_url, code, activity, ids[name], outline)
    http_setup.start(facilitator, base_url, code)
    http_setup.go(facilitator, base_url, code, activity)
    workshop = open_console(facilitator, base_url, code, title, link)
    projector = open_projector(workshop)
    url = projector.url
    projector.close()
    return workshop, url, headings, subpoints


def open_screen(contexts, url: str, viewport: dict) -> Page:
    """A projector of this size; no motion, so that a turned page is in place at once."""
    page = contexts.new(viewport=viewport, reduced_motion="reduce").new_page()
    page.goto(url)
    expect(page.locator("#connection")).to_have_attribute("data-state", "online")
    return page


def paged(projector: Page) -> int:
    """Wait until the board is fitted and paged; return its number of pages."""
    projector.wait_for_function(
        """() => {
            const box = document.querySelector('#screen-board[data-pages]');
            return box && box.hasAttribute('data-fit-size') && box.hasAttribute('data-page-count');
        }"""
    )
    return int(projector.locator("#screen-board").get_attribute("data-page-count"))


SEEN = """() => {
    const frame = document.querySelector('#screen-board .screen-pages').getBoundingClientRect();
    const inside = (r) => r.width > 0 && r.left >= frame.left - 1 && r.right <= frame.right + 1
        && r.top >= frame.top - 1 && r.bottom <= frame.bottom + 1
        && r.right <= window.innerWidth && r.bottom <= window.innerHeight;
    return [...document.querySelectorAll(
            '#screen-board h3.card-heading, #screen-board ul.subpoints > li')]
        .filter(h => inside(h.getBoundingClientRect())).map(h => h.textContent.trim());
}"""


def headings_seen_page_by_page(projector: Page) -> set[str]:
    """Turn every page with the keys; return the headings and sub-points seen whole on
    some page."""
    return seen_page_by_page(projector, "#screen-board", paged(projector), SEEN)


@pytest.mark.parametrize("viewport", [FULL_HD, SMALL_PROJECTOR], ids=["1920x1080", "1280x720"])
def test_every_heading_of_a_full_board_is_seen_on_some_page_of_the_projector(
    contexts, facilitator, base_url, viewport
):
    workshop, url, headings, subpoints = twelve_headings(facilitator, base_url)
    projector = open_screen(contexts, url, viewport)
    pages = paged(projector)
    assert pages >= 2, "twelve headings with sub-points cannot fit one screen at the floor"
    size = float(projector.locator("#screen-board").get_attribute("data-fit-size"))
    assert size >= MIN_VH - 0.01  # never smaller than readable: pages instead
    expect(projector.locator("#screen-board [data-page-count]")).to_have_text(f"page 1/{pages}")
    # Every heading and every one of its sub-points, whole, on some page.
    assert headings_seen_page_by_page(projector) == set(headings) | set(subpoints)
    # Past the last page comes the first; PageUp goes back.
    projector.keyboard.press("PageDown")
    expect(projector.locator("#screen-board")).to_have_attribute("data-page", "1")
    projector.keyboard.press("PageUp")
    expect(projector.locator("#screen-board")).to_have_attribute("data-page", str(pages))
    # A clicker relayed by the console sends a DOM event.
    projector.evaluate(
        "() => document.dispatchEvent(new CustomEvent('screen:page', {detail: {page: 1}}))"
    )
    expect(projector.locator("#screen-board")).to_have_attribute("data-page", "1")
    # Each group's own prompt stands under its name; the empty group takes one line.
    for name in GROUPS:
        group = screen_group(projector, name)
        expect(group.locator(".group-prompt")).to_have_text(f"{name}: the prefect invites you.")
    expect(screen_group(projector, "West").locator(".empty")).to_have_count(1)
    expect_axe_clean(projector, f"projector, paged board {viewport['width']}")
    # The countdown's zero, as the console's timer.js marks it, shows from the back.
    over = """() => {
        document.getElementById('timer').setAttribute('data-timer-state', 'over');
        return getComputedStyle(document.querySelector('#timer .timer-value')).color;
    }"""
    assert projector.evaluate(over) == "rgb(255, 138, 138)"

    # Headings only: the console's toggle; the sub-points leave, every heading stays.
    workshop.console.locator("#screen-view-headings").click()
    expect(projector.locator("#screen-board")).to_have_class(re.compile(r"\bis-brief\b"))
    expect(projector.locator("#screen-board ul.subpoints")).to_have_count(0)
    assert headings_seen_page_by_page(projector) == set(headings)
    assert paged(projector) < pages
    expect_axe_clean(projector, "projector, headings only")
    workshop.console.locator("#screen-view-all").click()
    expect(projector.locator("#screen-board ul.subpoints")).to_have_count(len(headings))


def test_the_projector_turns_its_pages_by_itself(contexts, facilitator, base_url):
    """Nobody touches the projector: with a short period, the pages turn on their own."""
    _workshop, url, _headings, _subpoints = twelve_headings(facilitator, base_url)
    projector = open_screen(contexts, url, SMALL_PROJECTOR)
    assert paged(projector) >= 2
    projector.evaluate("() => document.getElementById('screen-board').dataset.pageSeconds = '1'")
    expect(projector.locator("#screen-board")).to_have_attribute("data-page", "2")


# ---- votes: bars that move, a run-off that settles, the final list ----------------------


def test_a_run_off_settles_the_first_table_and_the_retained_list_goes_on_screen(
    contexts, base_url, facilitator
):
    workshop = vote_workshop(contexts, base_url, facilitator, "Retained")
    console = workshop.console
    first_vote = console.locator("#console-agenda li.is-current").get_attribute("id")
    projector = open_projector(workshop)
    still = contexts.new(viewport=SMALL_PROJECTOR, reduced_motion="reduce").new_page()
    still.goto(projector.url)
    console.bring_to_front()
    # Bars grow to their new value by a CSS transition, and do not move for reduced motion.
    transition = """() => {
        const bar = getComputedStyle(document.querySelector('#vote-results rect.bar-fill'));
        return [bar.transitionProperty, bar.transitionDuration];
    }"""
    expect(projector.locator("#vote-results rect.bar-fill")).to_have_count(4)
    expect(still.locator("#vote-results rect.bar-fill")).to_have_count(4)
    assert projector.evaluate(transition) == ["transform", "0.6s"]
    assert still.evaluate(transition)[1] == "0s"

    phones = [join(contexts.phone(), workshop, first, "Tie") for first in ("Ana", "Ben")]
    place_dots(phones[0], [A, B, C])
    place_dots(phones[1], [A, B, D])
    console.locator("#close-vote").click()
    console.locator("#create-runoff").click()
    expect(console.locator("#live-bar #close-vote")).to_be_visible()
    for phone in phones:
        expect(remaining(phone)).to_have_text("1")
        ballot_item(phone, C).locator("button[data-focus-key^='dot-']").click()
        expect(remaining(phone)).to_have_text("0")
    console.locator("#close-vote").click()
    console.locator("#reveal-results").click()

    # A phone after the reveal: the results first, above the fold; the ballot folded.
    phone = phones[0]
    results = phone.locator("#phone-stage .phone-results")
    expect(results.locator(".phone-ranking li").first).to_be_in_viewport()
    box = results.locator(".phone-ranking li").first.bounding_box()
    assert box["y"] + box["height"] <= PHONE["height"]
    fold = phone.locator("#phone-stage details.ballot-fold")
    expect(fold).to_have_count(1)
    expect(fold).not_to_have_attribute("open", "")
    expect(phone.locator("#my-ballot")).to_be_hidden()
    expect(phone.locator("h1")).to_have_count(1)
    expect(phone.locator("#phone-stage .timer-digits")).to_have_count(0)
    expect_axe_clean(phone, "phone, results revealed")

    # The final list: the vote and its run-off merged, on the projector.
    console.locator("#show-retained").click()
    expect(projector.locator("#retained-list ol li .retained-label")).to_have_text([A, B, C])
    expect(phone.locator("#retained-list ol li .retained-label")).to_have_text([A, B, C])
    expect_whole_on_both_projectors(projector, "#retained-list ol li")
    expect_axe_clean(projector, "projector, retained list")
    console.locator("#hide-retained").click()
    expect(projector.locator("#retained-list")).to_have_count(0)

    # Back on the first vote: its table says how the run-off settled the tie.
    console.click(f"#go-{first_vote.removeprefix('activity-')}")
    expect(result_row(projector, C).locator(".retained-badge")).to_have_count(1)
    expect(projector.locator("#vote-results .runoff-badge")).to_have_count(0)
    expect(result_row(projector, D)).not_to_have_class(re.compile(r"\bis-runoff\b"))
    expect_whole_on_both_projectors(projector, "#vote-results tr.rank-row")
    expect_axe_clean(projector, "projector, first vote settled")


def expect_whole_on_both_projectors(projector: Page, selector: str) -> None:
    """Every element of `selector` stands wholly inside the window, on a full-HD projector
    and on a 1280x720 one (the window the projector was opened in)."""
    for viewport in (FULL_HD, SMALL_PROJECTOR):
        projector.set_viewport_size(viewport)
        rows = projector.locator(selector)
        assert rows.count() > 0, selector
        for index in range(rows.count()):
            expect(rows.nth(index)).to_be_in_viewport(ratio=1)


# ---- phones: a title, what is happening, what comes next --------------------------------


def expect_phone_state(phone: Page, name: str, now: str | None, next_title: str | None) -> None:
    expect(phone.locator("h1.phone-title")).to_have_count(1)
    if now:
        expect(phone.locator("#phone-stage .what-now")).to_contain_text(now)
    if next_title:
        expect(phone.locator("#phone-stage .next-up strong")).to_have_text(next_title)
    expect_axe_clean(phone, f"phone, {name}")


def test_a_phone_says_what_is_happening_and_what_comes_next(contexts, facilitator, base_url):
    title = "Phone states"
    code, link = workshop_over_http(
        facilitator, base_url, title, language="en", instructions=(("Rules", 2),)
    )
    http_setup.add_group(facilitator, base_url, code, "Red")
    http_setup.add_activity(facilitator, base_url, code, "brainstorm", "Ideas", question="Which?")
    http_setup.add_activity(facilitator, base_url, code, "vote", "Priorities")
    workshop = open_console(facilitator, base_url, code, title, link)
    console = workshop.console
    phone = join(contexts.phone(), workshop, "Zoe", "Alone")
    expect_phone_state(phone, "before the start", None, workshop.agenda[0])
    start(workshop)
    expect_phone_state(phone, "welcome", "follow the screen", "Rules")
    advance(workshop)
    expect_phone_state(phone, "instruction", "follow the screen", "Ideas")
    # A running countdown shows (it started when the activity came on screen); a paused
    # one does not.
    expect(phone.locator("#phone-stage .timer-digits")).to_be_visible()
    console.locator("#timer-pause").click()
    expect(console.locator("#timer-start")).to_be_visible()
    expect(phone.locator("#phone-stage .timer-digits")).to_have_count(0)
    advance(workshop)
    expect_phone_state(phone, "waiting for a group", "forming the groups", "Priorities")
    console.locator("#close-writing").click()
    expect_phone_state(phone, "writing closed", "Nothing more to write", "Priorities")
    advance(workshop)
    expect_phone_state(
        phone, "a vote not yet open", "The vote opens soon: your ballot below comes alive", None
    )
    expect(phone.locator("#phone-stage .next-up")).to_have_count(0)  # nothing after it


# ---- moderation: a notice with undo, merged texts, origins once, the author told ---------


def test_a_merge_says_so_with_undo_and_keeps_the_merged_text_everywhere(
    contexts, facilitator, base_url
):
    room = set_up_room(
        contexts,
        facilitator,
        base_url,
        "Merge feedback",
        ["Associations", "Companies"],
        [
            ("Ann", "Leroy", 1, "Associations"),
            ("Bob", "Marin", 1, "Associations"),
            ("Cat", "Nguyen", 2, "Companies"),
        ],
    )
    console, projector = room.console, room.projector
    ann, bob, cat = room.phones["Ann"], room.phones["Bob"], room.phones["Cat"]
    add_activity_over_http(room.workshop, "brainstorm", "Orientations", question="Which?")
    start(room.workshop)
    advance(room.workshop)
    write_heading(ann, "Speak with one voice")
    write_subpoint(ann, "Speak with one voice", "a joint letter")
    write_heading(bob, "One shared letter")
    write_heading(cat, "One voice towards the prefecture")
    target = card_id(console_group(console, "Associations"), "Speak with one voice")
    from_cat = card_id(console_group(console, "Companies"), "One voice towards the prefecture")
    from_bob = card_id(console_group(console, "Associations"), "One shared letter")

    merge(console, target, from_cat)
    notice = console.locator("#editor .moderation-notice")
    expect(notice).to_contain_text("Speak with one voice")
    notice.locator("#undo-moderation").click()
    expect(notice).to_have_count(0)
    expect(
        card_titled(console_group(console, "Companies"), "One voice towards the prefecture")
    ).to_have_count(1)

    merge(console, target, from_cat)
    expect(console.locator("#editor .moderation-notice")).to_be_visible()
    merge(console, target, from_bob)
    kept = card_titled(console_group(console, "Associations"), "Speak with one voice")
    expect(kept.locator(".card-meta .badge")).to_have_text(["Associations", "Companies"])
    also = re.compile(r"One voice towards the prefecture.*One shared letter")
    expect(kept.locator(".card-also")).to_have_text(also)
    expect(
        card_titled(screen_group(projector, "Associations"), "Speak with one voice").locator(
            ".card-also"
        )
    ).to_have_text(also)
    expect(
        card_titled(ann.locator("#phone-board"), "Speak with one voice").locator(".card-also")
    ).to_have_text(also)

    # Cat's card went into Ann's: Cat's own list says where, not "Nothing yet".
    cat.locator("#composer button.subtle").click()
    expect(cat.locator("#my-cards .merged-note")).to_contain_text("Speak with one voice")
    expect(cat.locator("#my-cards .empty")).to_have_count(0)
    expect_axe_clean(cat, "phone, a card merged away")
    expect_axe_clean(projector, "projector, merged texts")


# ---- the README's pictures of the projector and a phone ---------------------------------


def test_readme_pictures_of_the_projector_and_a_phone(contexts, base_url, update_screenshots):
    """WORKSHOP_UPDATE_SCREENSHOTS=1 retakes docs/screenshots/projector.png (1280x720) and
    phone.png (360x740): a scenario in French, three groups with their own prompts."""
    if not update_screenshots:
        pytest.skip("only with WORKSHOP_UPDATE_SCREENSHOTS=1")
    facilitator = contexts.desktop(locale="fr-FR")
    workshop = create_workshop(facilitator, base_url, "Atelier du futur", instructions=())
    names = ("Associations", "Entreprises", "Élus")
    ids = {name: add_group(workshop, name) for name in names}
    asked = {
        "Associations": "le préfet vous invite. Que lui apportez-vous",
        "Entreprises": "la maire vous invite. Qu'exigez-vous",
        "Élus": "les habitants vous interpellent. Que répondez-vous",
    }
    nbsp = "\u00a0"  # French puts a non-breaking space before ":" and "?"
    prompts = {f"prompt_{ids[n]}": f"2030{nbsp}: {text}{nbsp}?" for n, text in asked.items()}
    instruction = "Chaque groupe répond en titres et sous-points."
    activity = add_board_activity(
        workshop, "scenario", "Scénario 2030", instruction=instruction, **prompts
    )
    answers = {
        "Associations": [
            ("Lieu d'accueil incontournable", ["ouvert le soir", "pour tous les âges"]),
            ("Relais de la parole des habitants", ["enquêtes de quartier"]),
            ("Espace de formation des bénévoles", ["tutorat", "formations croisées"]),
            ("Partenaire des écoles", ["aide aux devoirs", "sorties éducatives"]),
        ],
        "Entreprises": [
            ("Des interlocuteurs stables", ["un référent par centre"]),
            ("Des projets mesurables", ["indicateurs partagés", "bilan annuel"]),
            ("Du mécénat de compétences", ["juristes", "informaticiens"]),
        ],
    }
    for name, headings in answers.items():
        outline = "\n".join(
            line for text, subs in headings for line in [text, *(f"\t{s}" for s in subs)]
        )
        type_paper_answers(workshop, ids[name], outline)
    phone = join(contexts.phone("fr-FR"), workshop, "Anne", "Leroy", organisation="MJC Borny")
    assign(workshop, "Leroy", ids["Associations"], "Associations")
    start(workshop)
    workshop.console.click(f"#go-{activity}")
    projector = open_projector(workshop)
    expect(projector.locator("#screen-board section.screen-group")).to_have_count(3)
    paged(projector)
    expect(phone.locator("#phone-stage .prompt")).to_contain_text("le préfet vous invite")
    save_screenshot(projector, "projector.png")
    save_screenshot(phone, "phone.png")
