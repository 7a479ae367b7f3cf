"""Accessibility in a real browser: axe-core, keyboard use, tap targets, live regions."""

import pytest
from playwright.sync_api import expect

from tests.browser.helpers import (
    advance,
    create_workshop,
    describe_violations,
    expect_current,
    expect_online,
    join,
    open_projector,
    phone_heading,
    presence,
    run_axe,
    small_tap_targets,
    start,
)

pytestmark = [pytest.mark.browser, pytest.mark.timeout(120)]


def tab_to(page, selector: str, max_presses: int = 40) -> int:
    """Press Tab until `selector` has the focus; return how many presses it took."""
    for presses in range(1, max_presses + 1):
        page.keyboard.press("Tab")
        if page.evaluate("(s) => document.activeElement.matches(s)", selector):
            return presses
    raise AssertionError(f"{selector} not reached with {max_presses} presses of Tab")


def test_no_axe_violations_of_any_impact_on_any_page(contexts, facilitator, base_url):
    found: dict[str, list[dict]] = {}

    def check(name, page):
        found[name] = run_axe(page)

    new_form = facilitator.new_page()
    new_form.goto(f"{base_url}/new")
    check("new-workshop form", new_form)
    workshop = create_workshop(
        facilitator,
        base_url,
        "Accessible workshop",
        created_page_hook=lambda page: check("created page", page),
    )
    console = workshop.console
    projector = open_projector(workshop)
    check("projector before the start", projector)

    phone = contexts.phone().new_page()
    phone.goto(f"{base_url}/")
    check("home", phone)
    phone.fill("#code", workshop.code)
    phone.press("#code", "Enter")
    expect(phone.locator("#first_name")).to_be_visible()
    check("join form", phone)
    phone.locator("form.join-form button.primary").click()  # empty: refused with messages
    expect(phone.locator(".field-error").first).to_be_visible()
    check("join form with errors", phone)
    phone.fill("#first_name", "Ann")
    phone.fill("#surname", "Lee")
    phone.locator("form.join-form button.primary").click()
    expect_online(phone)
    phone.locator("details.me summary").click()
    check("phone page", phone)

    start(workshop)
    advance(workshop)
    expect(console.locator("#timer-pause")).to_be_visible()  # started on screen
    expect(projector.locator("#timer")).to_have_attribute("data-running", "true")
    expect(phone_heading(phone)).to_have_text(workshop.agenda[1])
    check("console, live", console)
    check("projector, instruction with timer", projector)
    check("phone page, instruction with timer", phone)
    console.click("#agenda-edit-toggle")  # live, the agenda's editing is one click away
    check("console, live, the agenda's editing tools shown", console)
    console.click("#add-instruction")
    expect(console.locator("#editor form #title")).to_be_visible()
    check("console with the activity editor", console)

    failures = [describe_violations(name, v) for name, v in found.items() if v]
    assert not failures, "\n\n".join(failures)


def test_the_minutes_outline_panel_has_no_axe_violation_at_all(facilitator, base_url):
    """The panel where the facilitator orders, renames and hides the minutes' parts and
    titles the document: clean for axe at every impact, as first shown, with a part
    renamed and another hidden (drawn from the saved outline), a part moved, and a title
    refused."""
    workshop = create_workshop(facilitator, base_url, "Outline for everyone")
    page = workshop.console
    page.click("#open-minutes")
    panel = page.locator("#minutes-outline")
    expect(panel).to_be_visible()
    found = {"outline panel": run_axe(page, impacts=None, within="#minutes-outline")}
    page.fill("#outline-title", "Compte rendu de la soirée")
    page.fill("#title-participants", "Présents")
    page.uncheck("#shown-agenda")
    page.click("#save-outline")
    expect(page.frame_locator("iframe.minutes-preview").locator("h1")).to_have_text(
        "Compte rendu de la soirée"
    )  # saved: the preview follows
    saved = panel.locator("[data-saved-note]")
    expect(saved).to_have_text("Saved.")  # and the panel says so, under its button
    found["outline panel, just saved"] = run_axe(page, impacts=None, within="#minutes-outline")
    page.fill("#outline-title", "Un titre pas encore enregistré")
    expect(saved).to_have_count(0)  # no longer true once the form changes
    page.reload()  # the panel as the server draws the saved outline
    expect(panel.locator("#title-participants")).to_have_value("Présents")
    expect(panel.locator("#shown-agenda")).not_to_be_checked()
    expect(panel.locator("#outline-title")).to_have_value("Compte rendu de la soirée")
    found["outline panel, a part renamed and one hidden"] = run_axe(
        page, impacts=None, within="#minutes-outline"
    )
    page.locator("#minutes-outline button[name=move][value='participants:1']").click()
    expect(panel.locator("li.outline-part input[name=order]").nth(2)).to_have_value(
        "participants"
    )  # second by default, now after the groups
    expect(panel.locator("#title-participants")).to_have_value("Présents")
    found["outline panel, a part moved"] = run_axe(page, impacts=None, within="#minutes-outline")
    # A refused title (too long: only a script can type past the field's limit) comes back
    # with its message, tied to its field.
    page.evaluate("() => document.getElementById('title-closing').removeAttribute('maxlength')")
    page.fill("#title-closing", "x" * 201)
    page.click("#save-outline")
    expect(panel.locator("#title_closing-error")).to_be_visible()
    expect(panel.locator("#title-closing")).to_have_attribute("aria-invalid", "true")
    found["outline panel, a title refused"] = run_axe(page, impacts=None, within="#minutes-outline")
    failures = [describe_violations(name, v) for name, v in found.items() if v]
    assert not failures, "\n\n".join(failures)


def test_a_phone_joins_with_the_keyboard_alone(contexts, facilitator, base_url):
    workshop = create_workshop(facilitator, base_url, "Keyboard join", instructions=())
    phone = contexts.phone().new_page()
    phone.goto(f"{base_url}/")
    phone.focus("#code")
    phone.keyboard.type(workshop.code.lower())
    phone.keyboard.press("Enter")
    expect(phone).to_have_url(f"{base_url}/j/{workshop.code}")

    tab_to(phone, "#first_name")
    phone.keyboard.type("Kay")
    phone.keyboard.press("Tab")
    expect(phone.locator("#surname")).to_be_focused()
    phone.keyboard.type("Board")
    phone.keyboard.press("Tab")
    expect(phone.locator("#organisation")).to_be_focused()
    phone.keyboard.type("Keys & Co")
    phone.keyboard.press("Tab")
    expect(phone.locator("#category-1")).to_be_focused()
    phone.keyboard.press("Space")
    expect(phone.locator("#category-1")).to_be_checked()
    phone.keyboard.press("ArrowDown")
    expect(phone.locator("#category-2")).to_be_focused()
    expect(phone.locator("#category-2")).to_be_checked()
    phone.keyboard.press("Tab")
    expect(phone.locator("form.join-form button[type=submit]")).to_be_focused()
    phone.keyboard.press("Enter")

    expect(phone).to_have_url(f"{base_url}/p/{workshop.code}")
    expect(phone.locator("details.me summary")).to_have_text("You: Kay Board · your rejoin link")
    person = workshop.console.locator("#roster li.person")
    expect(person).to_have_count(1)
    expect(person.locator(".person-meta")).to_have_text("Keys & Co · Company")


def test_the_facilitator_leads_with_the_keyboard(contexts, facilitator, base_url):
    workshop = create_workshop(facilitator, base_url, "Keyboard lead")
    console = workshop.console
    projector = open_projector(workshop)
    console.bring_to_front()

    tab_to(console, "#start-workshop")
    console.keyboard.press("Enter")
    expect_current(workshop, 0)

    tab_to(console, "#step-next")
    console.keyboard.press("Enter")
    expect_current(workshop, 1)
    expect(projector.locator("#screen-stage h1.stage-title")).to_have_text(workshop.agenda[1])
    # The agenda is swapped by the answer and by the push: the focus stays on "Next",
    # so the facilitator can keep pressing Enter.
    expect(console.locator("#step-next")).to_be_focused()
    console.keyboard.press("Enter")
    expect_current(workshop, 2)
    expect(projector.locator("#screen-stage h1.stage-title")).to_have_text(workshop.agenda[2])


def report_small(small: dict[str, list[str]]) -> str:
    return "\n".join(f"{name}:\n  " + "\n  ".join(items) for name, items in small.items() if items)


def test_live_phone_page_tap_targets_are_at_least_44_px(contexts, facilitator, base_url):
    workshop = create_workshop(facilitator, base_url, "Big targets", instructions=(("Go", 1),))
    phone = join(contexts.phone(), workshop, "Ann", "Lee")
    small: dict[str, list[str]] = {}
    small["phone page"] = small_tap_targets(phone)
    phone.locator("details.me summary").click()
    expect(phone.locator("#rejoin-link")).to_be_visible()
    small["phone page, details open"] = small_tap_targets(phone)
    start(workshop)
    advance(workshop)
    expect(phone_heading(phone)).to_have_text("Go")
    # Phones show a countdown only while it runs: it started when the activity came on screen.
    expect(workshop.console.locator("#timer-pause")).to_be_visible()
    expect(phone.locator("#phone-stage .timer-value")).to_be_visible()
    small["phone page, instruction with timer"] = small_tap_targets(phone)
    assert not report_small(small), "tap targets under 44x44 px:\n" + report_small(small)


def test_entry_pages_tap_targets_are_at_least_44_px(contexts, facilitator, base_url):
    workshop = create_workshop(facilitator, base_url, "Big entry targets", instructions=())
    phone = contexts.phone().new_page()
    small: dict[str, list[str]] = {}
    phone.goto(f"{base_url}/")
    small["home"] = small_tap_targets(phone)
    phone.goto(workshop.join_url)
    expect(phone.locator("#category-1")).to_be_visible()
    small["join form"] = small_tap_targets(phone)
    phone.locator("form.join-form button.primary").click()  # refused: errors shown
    expect(phone.locator(".field-error").first).to_be_visible()
    small["join form with errors"] = small_tap_targets(phone)
    assert not report_small(small), "tap targets under 44x44 px:\n" + report_small(small)


def test_pushes_are_announced_politely_and_never_move_the_focus(contexts, facilitator, base_url):
    workshop = create_workshop(facilitator, base_url, "Live regions")
    console = workshop.console
    projector = open_projector(workshop)
    phone = join(contexts.phone(), workshop, "Ann", "Lee")

    expect(phone.locator("#phone-stage")).to_have_attribute("aria-live", "polite")
    expect(projector.locator("#screen-stage")).to_have_attribute("aria-live", "polite")
    for page in (projector, console):
        expect(page.locator("#presence-count")).to_have_attribute("aria-live", "polite")

    # The phone's reader is on "You: ..." when the stage changes: it stays there.
    summary = phone.locator("details.me summary")
    summary.focus()
    summary.evaluate("element => { element.focusedBeforePush = true; }")
    start(workshop)
    advance(workshop)
    expect(phone_heading(phone)).to_have_text(workshop.agenda[1])
    expect(summary).to_be_focused()
    assert phone.evaluate("() => document.activeElement.focusedBeforePush === true")
    expect(phone.locator("#phone-stage")).to_have_attribute("aria-live", "polite")
    expect(projector.locator("#screen-stage")).to_have_attribute("aria-live", "polite")

    # The facilitator is typing an activity title when someone joins: the roster and
    # the count change under them, their field keeps the focus and the text.
    console.bring_to_front()
    console.click("#agenda-edit-toggle")  # live, the agenda's editing is one click away
    console.click("#add-instruction")
    title = console.locator("#editor form #title")
    title.click()
    console.keyboard.type("Half-typed")
    join(contexts.phone(), workshop, "Bob", "Martin")
    expect(presence(console)).to_have_text("2")
    expect(console.locator("#roster li.person")).to_have_count(2)
    expect(title).to_be_focused()
    expect(title).to_have_value("Half-typed")
    expect(console.locator("#presence-count")).to_have_attribute("aria-live", "polite")


def test_the_facilitator_builds_the_agenda_with_the_keyboard(contexts, facilitator, base_url):
    """Add an activity, then open its editor and cancel it, without a mouse: the editor
    takes the focus when it opens and gives it back to what opened it when cancelled."""
    workshop = create_workshop(facilitator, base_url, "Keyboard agenda", instructions=())
    console = workshop.console
    tab_to(console, "#add-instruction", max_presses=80)
    console.keyboard.press("Enter")
    expect(console.locator("#editor-title")).to_be_focused()
    console.keyboard.press("Tab")
    expect(console.locator("#editor #title")).to_be_focused()
    console.keyboard.type("Typed without a mouse")
    tab_to(console, "#save-activity")
    console.keyboard.press("Enter")
    added = console.locator("#console-agenda li.agenda-item strong", has_text="Typed without")
    expect(added).to_have_count(1)
    item = console.locator("#console-agenda li.agenda-item", has_text="Typed without a mouse")
    edit = item.locator("button[id^=edit-]")
    edit_id = edit.get_attribute("id")
    tab_to(console, f"#{edit_id}", max_presses=80)
    console.keyboard.press("Enter")
    expect(console.locator("#editor-title")).to_be_focused()
    tab_to(console, "#editor [data-clear]", max_presses=80)
    console.keyboard.press("Enter")
    expect(console.locator("#editor form")).to_have_count(0)
    expect(console.locator(f"#{edit_id}")).to_be_focused()
