"""Activity forms that say one thing each, in a real browser: a scenario's groups made from
inside its form (what was typed stays, a prompt field per new group comes), and a vote's
fields shown for the chosen method only, its choices one a line at 1366 and 360 px."""

import pytest
from playwright.sync_api import Page, expect

from tests.browser.helpers import describe_violations, expect_online, run_axe
from tests.browser.http_setup import create_workshop

pytestmark = [pytest.mark.browser, pytest.mark.timeout(120)]


def console_at(contexts, base_url: str, width: int, height: int) -> Page:
    context = contexts.new(viewport={"width": width, "height": height}, locale="en-US")
    code = create_workshop(context, base_url, "Forms")
    page = context.new_page()
    page.goto(f"{base_url}/w/{code}/console")
    expect_online(page)
    return page


def test_groups_made_inside_the_scenario_form_get_their_prompt_fields(contexts, base_url):
    console = console_at(contexts, base_url, 1366, 768)
    console.click("#add-scenario")
    form = console.locator("#editor form")
    expect(form.locator("#no-groups-yet")).to_be_visible()
    expect(form.locator("#instruction")).to_be_hidden()  # the details fold away
    form.locator("#title").fill("2035")
    form.locator("#prompt_0").fill("What do you show them?")
    form.locator("#details-block > summary").click()
    form.locator("#instruction").fill("Two minutes per idea.")
    form.locator("#group_names").fill("North\nSouth")
    form.locator("#make-groups-here").click()
    expect(form.locator("textarea[name^=prompt_]")).to_have_count(3)
    expect(form.locator("#no-groups-yet")).to_have_count(0)
    expect(form.locator("#title")).to_have_value("2035")  # what was typed stays
    expect(form.locator("#prompt_0")).to_have_value("What do you show them?")
    expect(form.locator("#instruction")).to_have_value("Two minutes per idea.")
    expect(console.locator("#roster")).to_contain_text("North")
    violations = run_axe(console, impacts=None)
    assert not violations, describe_violations("scenario form with its groups", violations)
    north = form.get_by_label("Prompt for North (empty: the question above)")
    north.fill("And the north?")
    form.locator("#save-activity").click()
    expect(console.locator("#console-agenda li.agenda-item strong").last).to_have_text("2035")
    console.locator("#console-agenda li.agenda-item").last.locator(
        "button", has_text="Edit"
    ).click()
    expect(
        console.locator("#editor form").get_by_label("Prompt for North (empty: the question above)")
    ).to_have_value("And the north?")


@pytest.mark.parametrize(("width", "height"), [(1366, 768), (360, 740)])
def test_the_vote_form_shows_the_chosen_methods_fields_with_choices_one_a_line(
    contexts, base_url, width, height
):
    console = console_at(contexts, base_url, width, height)
    console.click("#add-vote")
    form = console.locator("#editor form")
    expect(form.locator("#budget")).to_be_visible()  # dots, the default
    expect(form.locator("#max_per_candidate")).to_be_visible()
    expect(form.locator("#places")).to_be_hidden()
    form.locator("label[for=method-ranking]").click()
    expect(form.locator("#places")).to_be_visible()
    expect(form.locator("#budget")).to_be_hidden()
    form.locator("label[for=method-approval]").click()
    expect(form.locator("#places")).to_be_hidden()
    expect(form.locator("#budget")).to_be_hidden()
    # Every choice takes the fieldset's whole width, one under the other, nothing cut.
    box = form.locator("#vote-methods").bounding_box()
    tops = []
    for choice in form.locator("#vote-methods .choice").all():
        own = choice.bounding_box()
        assert own["width"] >= box["width"] - 40, (own, box)  # the option's left rule aside
        tops.append(own["y"])
    assert tops == sorted(tops) and len(set(tops)) == 3
    for flag in ("open_on_screen", "forbid_own_group"):
        row = form.locator(f"#{flag}").locator("xpath=..").bounding_box()
        assert row["width"] >= box["width"] - 40
    violations = run_axe(console, impacts=None)
    assert not violations, describe_violations("vote form", violations)
    overflow = console.evaluate("document.documentElement.scrollWidth > window.innerWidth")
    assert not overflow, "the console scrolls sideways"
