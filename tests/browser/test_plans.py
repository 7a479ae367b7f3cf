"""A built-in plan per language, run in real browsers with phones (issue 6).

From a workshop's minutes page, the facilitator creates a new workshop from a built-in
plan (the list the console offers), puts two phones in the plan's sub-groups if it has
some, starts it and walks every activity: the phones see each one, type their headings,
sub-points and two-column answers, and place their dots on the orientations of the
brainstorm before the vote. The facilitator closes and reveals the vote, ends the
workshop and downloads the minutes (DOCX and Markdown), which hold the plan's titles,
what the phones typed and the counts. The two other built-in plans run the same walk over
HTTP in tests/views/test_plans_end_to_end.py, which also holds the walk and the checks.
"""

import re

import pytest
from playwright.sync_api import expect

from tests.browser.helpers import (
    advance,
    create_workshop,
    describe_violations,
    docx_blocks,
    download,
    end_workshop,
    expect_online,
    expect_vote_on_screen,
    join,
    markdown_blocks,
    open_minutes,
    phone_heading,
    run_axe,
    start,
    workshop_from_builtin_plan,
)
from tests.browser.test_boards import (
    assign_over_http,
    group_id,
    write_heading,
    write_subpoint,
)
from tests.browser.test_votes import place_dots, result_row
from tests.exporters.readers import read_docx, read_markdown
from tests.views.test_plans_end_to_end import (
    PEOPLE,
    Step,
    check_plan_minutes,
    load_plan,
    plan_groups,
    plan_script,
)

pytestmark = [pytest.mark.browser, pytest.mark.timeout(150)]

PHONES = ["Ada", "Ben"]


def run_vote(workshop, phones: dict, step: Step) -> None:
    """Take the brainstorm's headings as candidates, open, let the phones vote, close, reveal."""
    panel = workshop.console.locator("#console-vote")
    expect_vote_on_screen(panel)
    # The vote took its board's headings as it came on screen (its source by default).
    expect(panel.locator("ol.candidate-list li .candidate-label")).to_have_text(step.candidates)
    panel.page.locator("#live-bar #open-vote").click()
    expect(panel.page.locator("#live-bar #close-vote")).to_be_visible()
    for name, choice in step.ballots.items():
        place_dots(phones[name], choice)
    for label, score in step.tallies.items():
        expect(result_row(workshop.console, label).locator("td.score")).to_have_text(str(score))
    panel.page.locator("#live-bar #close-vote").click()
    expect(panel.page.locator("#live-bar #open-vote")).to_be_visible()
    panel.page.locator("#live-bar #reveal-results").click()
    expect(panel.page.locator("#live-bar #hide-results")).to_be_visible()


@pytest.mark.parametrize(("key", "locale"), [("classic-en", "en-US"), ("prospective-fr", "fr-FR")])
def test_a_built_in_plan_runs_with_phones_and_exports(contexts, facilitator, base_url, key, locale):
    plan = load_plan(key)
    starting = create_workshop(facilitator, base_url, "Starting point", instructions=())
    workshop = workshop_from_builtin_plan(open_minutes(starting), base_url, key)
    assert workshop.agenda == [a["title"] for a in plan["activities"]]
    assert workshop.title == plan["workshop"]["title"]
    console = workshop.console
    phones = {
        name: join(
            contexts.phone(locale), workshop, name, PEOPLE[name][0], organisation=PEOPLE[name][1]
        )
        for name in PHONES
    }
    expect(console.locator("#roster li.person")).to_have_count(len(PHONES))
    if plan["groups"]:
        for name, group in plan_groups(plan, PHONES).items():
            assign_over_http(workshop, PEOPLE[name][0], group_id(console, group), group)

    steps = plan_script(plan, PHONES)
    start(workshop)
    for step in steps:
        if step.index:
            advance(workshop)
        for page in phones.values():
            expect(phone_heading(page)).to_have_text(workshop.on_stage(step.index))
        for name, cards in step.cards.items():
            for card in cards:
                write_heading(phones[name], card.heading, column=card.column)
                if card.subpoint:
                    write_subpoint(phones[name], card.heading, card.subpoint)
        if step.kind == "vote":
            run_vote(workshop, phones, step)
    end_workshop(workshop)

    minutes = open_minutes(workshop)
    # A session run in seconds has no duration worth a table: the facilitator asks for the
    # agenda table in the outline (it is left out by default then).
    minutes.check("#shown-agenda")
    # As a person would, wait for "Saved." before downloading: a box checks at once, the
    # save takes a request, and a download started sooner exports the outline as it was.
    minutes.click("#save-outline")
    expect(minutes.locator("#minutes-outline [data-saved-note]")).to_be_visible()
    expect(minutes.locator("#shown-agenda")).to_be_checked()
    name, docx_bytes = download(minutes, "#download-docx")
    assert name.endswith(".docx")
    tables = read_docx(docx_bytes).tables
    check_plan_minutes(docx_blocks(docx_bytes), tables, plan, steps, PHONES, "docx")
    name, md_bytes = download(minutes, "#download-md")
    assert name.endswith(".md")
    text = md_bytes.decode("utf-8")
    check_plan_minutes(markdown_blocks(text), read_markdown(text).tables, plan, steps, PHONES, "md")


def test_the_empty_console_starts_from_a_built_in_plan(contexts, base_url):
    """A workshop created blank (its untouched welcome only) takes a built-in plan from its
    console, the French ones first in French: the agenda shows the plan's activities, the
    workshop keeps its title, and the offer is gone."""
    facilitator = contexts.desktop("fr-FR")
    workshop = create_workshop(facilitator, base_url, "Vide au départ", instructions=())
    console = workshop.console
    offer = console.locator("#start-plan")
    expect(offer).to_be_visible()
    expect(offer.locator("h3")).to_have_text("Partir d'un plan")
    key = offer.locator("input[name=plan]:checked").get_attribute("value")
    assert key.endswith("-fr"), key  # the interface language's plans first
    plan = load_plan(key)
    violations = run_axe(console, impacts=None)
    assert not violations, describe_violations("empty console", violations)
    offer.locator("#apply-plan-button").click()
    expect(console).to_have_url(re.compile(r"/w/[A-Z0-9]{6}/console$"))
    expect_online(console)
    titles = console.locator("#console-agenda li.agenda-item strong")
    expect(titles).to_have_text([a["title"] for a in plan["activities"]])
    expect(console.locator("#start-plan")).to_have_count(0)
    expect(console.locator(".console-header h1")).to_have_text("Vide au départ")
