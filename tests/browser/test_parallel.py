"""Sub-groups in parallel (issue 12, item 10) in real browsers.

Group A votes on its orientations while group B votes on its own: two phones (360x740)
each show their group's ballot, the projector shows both votes side by side, and the
console closes and reveals each on its own. "Next" then moves past both.
"""

import re

import pytest
from playwright.sync_api import Page, expect

from tests.browser import http_setup
from tests.browser.helpers import (
    describe_violations,
    expect_current,
    join,
    mark_page,
    open_console,
    open_projector,
    run_axe,
    seen_page_by_page,
    start,
    was_reloaded,
    workshop_over_http,
)
from tests.browser.http_setup import post
from tests.browser.test_boards import assign_over_http
from tests.browser.test_votes import ballot_item, place_dots, remaining

pytestmark = [pytest.mark.browser, pytest.mark.timeout(180)]

ORIENTATIONS_A = ["Bikes for all", "Night buses"]
ORIENTATIONS_B = ["A tool library", "Youth councils"]


def add_group_vote(context, base_url: str, code: str, title: str, group: int) -> int:
    """Add one group's dot vote with the console's form, over HTTP; return its id."""
    return http_setup.add_activity(
        context,
        base_url,
        code,
        "vote",
        title,
        method="dots",
        budget="3",
        max_per_candidate="1",
        retain="1",
        results="hidden",
        order="fixed",
        group_id=str(group),
    )


def add_candidates(console: Page, vote: int, labels: list[str]) -> None:
    """Type a vote's candidates in its pane of the console's panel of groups in parallel."""
    pane = console.locator(
        f"#console-parallel section[aria-labelledby='console-pane-title-a{vote}']"
    )
    pane.locator(f"#typed-candidates-a{vote}").fill("\n".join(labels))
    pane.locator(f"#add-candidates-a{vote}").click()
    expect(console.locator(f"#open-vote-a{vote}")).to_be_enabled()


SIDE_BY_SIDE = """([first, second]) => {
    const a = document.querySelector(first), b = document.querySelector(second);
    if (!a || !b) return false;
    const left = a.closest("section").getBoundingClientRect();
    const right = b.closest("section").getBoundingClientRect();
    return left.width > 0 && left.right <= right.left && Math.abs(left.top - right.top) < 2;
}"""


def screen_pane(projector: Page, vote: int):
    return projector.locator(f"section.parallel-pane[aria-labelledby='pane-title-a{vote}']")


def test_two_groups_vote_at_the_same_time_while_the_projector_shows_both(
    contexts, base_url, facilitator
):
    title = "Two groups at once"
    code, link = workshop_over_http(facilitator, base_url, title, language="en")
    group_a = http_setup.add_group(facilitator, base_url, code, "Group A")
    group_b = http_setup.add_group(facilitator, base_url, code, "Group B")
    vote_a = add_group_vote(facilitator, base_url, code, "Vote of group A", group_a)
    vote_b = add_group_vote(facilitator, base_url, code, "Vote of group B", group_b)
    closing = "Instruction text for Closing words."
    http_setup.add_instruction(facilitator, base_url, code, "Closing words", 2, closing)
    workshop = open_console(facilitator, base_url, code, title, link)
    console = workshop.console

    ann = join(contexts.phone(), workshop, "Ann", "Alpha")
    bob = join(contexts.phone(), workshop, "Bob", "Beta")
    assign_over_http(workshop, "Alpha", group_a, "Group A")
    assign_over_http(workshop, "Beta", group_b, "Group B")

    # The agenda's switch: group B's vote runs at the same time as group A's.
    switch = console.locator(f"#together-{vote_b}")
    expect(switch).to_have_attribute("aria-pressed", "false")
    switch.click()
    expect(console.locator(f"#together-{vote_b}")).to_have_attribute("aria-pressed", "true")
    expect(console.locator(f"#together-{vote_a}")).to_have_count(0)  # after the welcome

    projector = open_projector(workshop)
    console.bring_to_front()
    start(workshop)
    console.click("#step-next")
    expect_current(workshop, 1)
    for page in (projector, console, ann, bob):
        mark_page(page)

    # The console shows a pane per group's vote; each gets its candidates and opens.
    expect(console.locator("#console-parallel .parallel-console-pane")).to_have_count(2)
    add_candidates(console, vote_a, ORIENTATIONS_A)
    add_candidates(console, vote_b, ORIENTATIONS_B)
    console.click(f"#open-vote-a{vote_a}")
    expect(console.locator(f"#close-vote-a{vote_a}")).to_be_visible()
    console.click(f"#open-vote-a{vote_b}")
    expect(console.locator(f"#close-vote-a{vote_b}")).to_be_visible()

    # Each phone shows its own group's ballot, with its group's orientations only.
    expect(ann.locator("#phone-stage h2")).to_have_text("Vote of group A")
    expect(bob.locator("#phone-stage h2")).to_have_text("Vote of group B")
    expect(ann.locator("#my-ballot h3.candidate-label")).to_have_text(ORIENTATIONS_A)
    expect(bob.locator("#my-ballot h3.candidate-label")).to_have_text(ORIENTATIONS_B)

    # The projector shows both votes side by side, each named by its group.
    expect(projector.locator("section.parallel-pane")).to_have_count(2)
    expect(screen_pane(projector, vote_a).locator(".pane-group")).to_have_text("Group A")
    expect(screen_pane(projector, vote_b).locator(".pane-group")).to_have_text("Group B")
    # Side by side: measured in the page, so that a push replacing a pane meanwhile only
    # delays the answer.
    projector.wait_for_function(
        SIDE_BY_SIDE, arg=[f"#pane-title-a{vote_a}", f"#pane-title-a{vote_b}"]
    )
    projector.set_viewport_size({"width": 1920, "height": 1080})  # a full-HD projector too
    projector.wait_for_function(
        SIDE_BY_SIDE, arg=[f"#pane-title-a{vote_a}", f"#pane-title-a{vote_b}"]
    )
    projector.set_viewport_size({"width": 1280, "height": 720})

    # Both groups vote at the same time; each vote's progress counts its own group.
    place_dots(ann, ORIENTATIONS_A)
    expect(remaining(ann)).to_have_text("1")
    place_dots(bob, [ORIENTATIONS_B[1]])
    progress_a = projector.locator(f"#vote-progress-text-a{vote_a}")
    progress_b = projector.locator(f"#vote-progress-text-a{vote_b}")
    expect(progress_a).to_have_text(re.compile(r"^1 of 1 present participant has voted$"))
    expect(progress_b).to_have_text(re.compile(r"^1 of 1 present participant has voted$"))
    expect(screen_pane(projector, vote_a).locator(".results-hidden")).to_be_visible()

    # The console closes group A's vote: Ann can no longer vote, Bob still can.
    console.click(f"#close-vote-a{vote_a}")
    expect(console.locator(f"#reveal-results-a{vote_a}")).to_be_visible()
    undo = ann.locator("#my-ballot button[data-focus-key^='undot-']").first
    expect(undo).to_be_disabled()
    ballot_item(bob, ORIENTATIONS_B[0]).locator("button[data-focus-key^='dot-']").click()
    expect(remaining(bob)).to_have_text("1")

    # Revealing group A's results shows them in its pane only, and on Ann's phone.
    console.click(f"#reveal-results-a{vote_a}")
    expect(console.locator(f"#hide-results-a{vote_a}")).to_be_visible()
    rows_a = screen_pane(projector, vote_a).locator("tr.rank-row span.label")
    expect(rows_a).to_have_text(ORIENTATIONS_A)
    expect(screen_pane(projector, vote_b).locator(".results-hidden")).to_be_visible()
    expect(ann.locator(".phone-ranking li")).to_have_count(2)
    expect(bob.locator(".phone-ranking li")).to_have_count(0)

    # Then group B's: closed and revealed on its own.
    console.click(f"#close-vote-a{vote_b}")
    console.click(f"#reveal-results-a{vote_b}")
    rows_b = screen_pane(projector, vote_b).locator("tr.rank-row")
    expect(rows_b).to_have_count(2)
    expect(rows_b.first.locator("td.score")).to_have_text("1")
    expect(bob.locator(".phone-ranking li")).to_have_count(2)

    # Phones fit their 360 px: nothing runs off the side.
    for phone in (ann, bob):
        assert phone.evaluate("document.documentElement.scrollWidth") <= 360

    # No accessibility violation of any impact on the three screens, groups in parallel.
    for name, page in (("projector", projector), ("console", console), ("phone", ann)):
        violations = run_axe(page, None)
        assert not violations, describe_violations(name, violations)

    # "Next" moves past both votes at once.
    console.click("#step-next")
    expect_current(workshop, 3)
    expect(projector.locator("section.parallel-pane")).to_have_count(0)
    expect(console.locator("#console-parallel")).to_be_hidden()
    expect(ann.locator("#phone-stage h2")).to_have_text("Closing words")
    expect(bob.locator("#phone-stage h2")).to_have_text("Closing words")
    for page in (projector, console, ann, bob):
        assert not was_reloaded(page), f"{page.url} was reloaded"


def test_a_group_writes_on_its_board_while_another_group_votes(contexts, base_url, facilitator):
    title = "A board beside a vote"
    code, link = workshop_over_http(facilitator, base_url, title, language="en")
    group_a = http_setup.add_group(facilitator, base_url, code, "Group A")
    group_b = http_setup.add_group(facilitator, base_url, code, "Group B")
    board = http_setup.add_activity(
        facilitator,
        base_url,
        code,
        "brainstorm",
        "Ideas of group A",
        question="What would help?",
        group_id=str(group_a),
    )
    vote = add_group_vote(facilitator, base_url, code, "Vote of group B", group_b)
    workshop = open_console(facilitator, base_url, code, title, link)
    console = workshop.console
    ann = join(contexts.phone(), workshop, "Ann", "Alpha")
    bob = join(contexts.phone(), workshop, "Bob", "Beta")
    cleo = join(contexts.phone(), workshop, "Cleo", "Gamma")  # in no group
    assign_over_http(workshop, "Alpha", group_a, "Group A")
    assign_over_http(workshop, "Beta", group_b, "Group B")
    console.click(f"#together-{vote}")
    expect(console.locator(f"#together-{vote}")).to_have_attribute("aria-pressed", "true")
    projector = open_projector(workshop)
    console.bring_to_front()
    start(workshop)
    console.click("#step-next")
    expect_current(workshop, 1)
    add_candidates(console, vote, ORIENTATIONS_B)
    console.click(f"#open-vote-a{vote}")
    expect(console.locator(f"#close-vote-a{vote}")).to_be_visible()

    # Ann writes on her group's board; Bob votes; Cleo, in no group, sees both.
    composer = ann.locator("#composer")
    composer.locator("#card-text").fill("A repair café")
    composer.locator("button.primary").click()
    card = screen_pane(projector, board).locator(".card-heading")
    expect(card).to_have_text("A repair café")
    expect(console.locator("#console-parallel .parallel-headings li")).to_have_text(
        ["A repair café"]
    )
    expect(bob.locator("#my-ballot h3.candidate-label")).to_have_text(ORIENTATIONS_B)
    expect(bob.locator("#composer")).to_have_count(0)
    place_dots(bob, [ORIENTATIONS_B[0]])
    expect(projector.locator(f"#vote-progress-text-a{vote}")).to_have_text(
        re.compile(r"^1 of 1 present participant has voted$")
    )
    overview = cleo.locator("#phone-stage .parallel-overview li")
    expect(overview).to_have_count(2)
    expect(overview.first).to_contain_text("Ideas of group A")
    expect(overview.last).to_contain_text("Vote of group B")

    # Closing group A's writing leaves group B's vote open.
    console.click(f"#close-writing-a{board}")
    expect(console.locator(f"#reopen-writing-a{board}")).to_be_visible()
    expect(ann.locator("#composer")).to_have_count(0)
    expect(console.locator(f"#close-vote-a{vote}")).to_be_visible()
    for name, page in (("projector", projector), ("phone", cleo)):
        violations = run_axe(page, None)
        assert not violations, describe_violations(name, violations)


# ---- many groups at once: every pane on the projector ------------------------------------

FULL_HD = {"width": 1920, "height": 1080}
SMALL_PROJECTOR = {"width": 1280, "height": 720}


def many_groups_at_once(context, base_url: str, count: int) -> tuple[str, list[str]]:
    """A live workshop (set up over HTTP) where `count` groups each run an activity of
    their own at the same time, by turns a vote with its candidates and a brainstorm;
    return its code and the activities' titles, in agenda order."""
    code = http_setup.create_workshop(context, base_url, f"{count} groups at once")
    for n in range(1, count + 1):
        post(context, base_url, f"/w/{code}/groups", {"name": f"Group {n}"})
    console = context.request.get(f"{base_url}/w/{code}/console").text()
    groups = sorted({int(i) for i in re.findall(rf"/w/{code}/groups/(\d+)/edit", console)})
    assert len(groups) == count
    titles = []
    for n, group in enumerate(groups, 1):
        if n % 2:
            titles.append(f"Vote of group {n}")
            fields = {"kind": "vote", "results": "live", "source": "", "budget": "2"}
        else:
            titles.append(f"Ideas of group {n}")
            fields = {"kind": "brainstorm", "question": f"What would help group {n}?"}
        fields |= {"title": titles[-1], "planned_minutes": "10", "group_id": str(group)}
        post(context, base_url, f"/w/{code}/activities", fields)
    console = context.request.get(f"{base_url}/w/{code}/console").text()
    ids = [int(i) for i in re.findall(r'id="activity-(\d+)"', console)][1:]  # after the welcome
    for activity, title in zip(ids, titles, strict=True):
        if title.startswith("Vote"):
            labels = {"candidates": "Night buses\nA tool library\nYouth councils"}
            post(context, base_url, f"/w/{code}/votes/{activity}/candidates", labels)
    for activity in ids[1:]:
        post(context, base_url, f"/w/{code}/activities/{activity}/together", {"together": "1"})
    post(context, base_url, f"/w/{code}/start", {})
    post(context, base_url, f"/w/{code}/step", {})
    return code, titles


PANES_SEEN = """() => {
    const frame = document.querySelector('#screen-parallel .parallel-viewport')
        .getBoundingClientRect();
    const inside = (b) => b.width > 0 && b.height > 0
        && b.left >= frame.left - 1 && b.right <= frame.right + 1
        && b.top >= frame.top - 1 && b.bottom <= frame.bottom + 1
        && b.left >= 0 && b.top >= 0 && b.right <= innerWidth && b.bottom <= innerHeight;
    return [...document.querySelectorAll('#screen-parallel section.parallel-pane')]
        .filter((pane) => {
            const box = pane.getBoundingClientRect();
            const within = (el) => {
                const b = el.getBoundingClientRect();
                return b.width > 0 && b.top >= box.top - 1 && b.bottom <= box.bottom + 1
                    && b.left >= box.left - 1 && b.right <= box.right + 1;
            };
            const parts = pane.querySelectorAll('.pane-group, .pane-title, .timer-digits');
            return inside(box) && parts.length === 3 && [...parts].every(within);
        })
        .map((pane) => pane.querySelector('.pane-title').textContent.trim());
}"""


def open_paged_projector(context, base_url: str, code: str, viewport: dict) -> Page:
    """The projector at this size, without motion (a turned page is in place at once)."""
    page = context.new_page()
    page.set_viewport_size(viewport)
    page.emulate_media(reduced_motion="reduce")
    page.goto(f"{base_url}/w/{code}/screen")
    expect(page.locator("#connection")).to_have_attribute("data-state", "online")
    return page


def parallel_pages(projector: Page) -> int:
    """Wait until the panes are laid out and counted in pages; return how many."""
    projector.wait_for_function(
        "() => document.querySelector('#screen-parallel[data-pages][data-page-count]')"
    )
    return int(projector.locator("#screen-parallel").get_attribute("data-page-count"))


def projector_of_groups(facilitator, base_url: str, count: int) -> tuple[Page, list[str]]:
    """The 1280x720 projector of `count` groups at once; return it and the activities'
    titles, once it shows a pane for each."""
    code, titles = many_groups_at_once(facilitator, base_url, count)
    projector = open_paged_projector(facilitator, base_url, code, SMALL_PROJECTOR)
    expect(projector.locator("section.parallel-pane")).to_have_count(count)
    return projector, titles


def test_six_groups_at_once_all_stand_on_one_projector_screen(contexts, base_url, facilitator):
    projector, titles = projector_of_groups(facilitator, base_url, 6)
    for viewport in (SMALL_PROJECTOR, FULL_HD):
        projector.set_viewport_size(viewport)
        assert parallel_pages(projector) == 1
        projector.wait_for_function(f"() => ({PANES_SEEN})().length === 6")
        assert projector.evaluate(PANES_SEEN) == titles  # in the agenda's order
        expect(projector.locator("#screen-parallel [data-page-count]")).to_be_hidden()
        # Readable from the back: group names and titles no smaller than the board's floor.
        smallest = projector.evaluate(
            """() => Math.min(...[...document.querySelectorAll(
                '#screen-parallel .pane-group, #screen-parallel .pane-title')]
                .map((el) => parseFloat(getComputedStyle(el).fontSize))) / innerHeight * 100"""
        )
        assert smallest >= 2.2 - 0.01, (viewport, smallest)
        violations = run_axe(projector)
        assert not violations, describe_violations(f"projector, six panes {viewport}", violations)


def test_eight_groups_at_once_are_paged_on_the_projector(contexts, base_url, facilitator):
    projector, titles = projector_of_groups(facilitator, base_url, 8)
    for viewport in (SMALL_PROJECTOR, FULL_HD):
        projector.set_viewport_size(viewport)
        pages = parallel_pages(projector)
        assert pages == 2
        seen = seen_page_by_page(projector, "#screen-parallel", pages, PANES_SEEN)
        assert seen == set(titles)
    # Past the last page comes the first; a clicker relayed by the console turns it too.
    projector.keyboard.press("PageDown")
    expect(projector.locator("#screen-parallel")).to_have_attribute("data-page", "1")
    projector.evaluate(
        "() => document.dispatchEvent(new CustomEvent('screen:page', {detail: {step: 1}}))"
    )
    expect(projector.locator("#screen-parallel")).to_have_attribute("data-page", "2")
    violations = run_axe(projector)
    assert not violations, describe_violations("projector, eight panes paged", violations)
