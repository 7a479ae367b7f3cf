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
    start,
    was_reloaded,
    workshop_over_http,
)
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
