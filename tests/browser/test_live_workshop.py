"""A live workshop in real browsers: console, projector and phones follow each other.

Nothing here reloads a page after it is open: every change arrives through a push, and
each page carries a JavaScript mark that a reload would wipe.
"""

import re

import pytest
from playwright.sync_api import expect

from tests.browser.helpers import (
    PHONE,
    PROJECTOR,
    advance,
    create_workshop,
    decode_qr,
    expect_current,
    expect_online,
    join,
    mark_page,
    open_projector,
    phone_heading,
    presence,
    rejoin_link,
    save_screenshot,
    start,
    was_reloaded,
)

pytestmark = [pytest.mark.browser, pytest.mark.timeout(120)]


def stage_title(projector):
    return projector.locator("#screen-stage h1.stage-title")


PROMPT = (
    "Nous sommes en 2030. Un nouveau préfet vous invite : en deux minutes, "
    "dites ce que votre structure apporte au territoire."
)


def test_projector_and_phones_follow_the_facilitator(contexts, base_url, update_screenshots):
    # In French, the app's first language: these pages are the README's screenshots.
    workshop = create_workshop(
        contexts.desktop(locale="fr-FR"),
        base_url,
        "Atelier du futur",
        instructions=(
            ("Ce que nous apportons", 1, PROMPT),
            ("Trois orientations prioritaires", 3, "Chaque groupe propose trois pistes."),
        ),
        details={
            "series_label": "Atelier 2",
            "theme": "Les centres sociaux en 2030",
            "context": "Les centres sociaux sont des lieux d'accueil et de lien.",
            "organiser": "Fédération des centres sociaux",
            "categories": "Association\nEntreprise\nHabitant",
        },
        through_form=True,  # created through the form, as a facilitator does
    )
    welcome, first, second = (workshop.on_stage(i) for i in range(3))
    assert workshop.agenda[1:] == ["Ce que nous apportons", "Trois orientations prioritaires"]
    console = workshop.console
    projector = open_projector(workshop)
    mark_page(console)
    mark_page(projector)
    expect(stage_title(projector)).to_have_text(welcome)
    expect(projector.locator(".join-panel.is-large .join-code")).to_have_text(
        f"{workshop.code[:3]} {workshop.code[3:]}"
    )
    expect(presence(projector)).to_have_text("0")

    ann = join(
        contexts.phone("fr-FR"),
        workshop,
        "Anne",
        "Leroy",
        category=1,
        organisation="MJC Borny",
        through_form=True,  # from the home page, as a participant does
    )
    expect(presence(projector)).to_have_text("1")
    expect(presence(console)).to_have_text("1")
    bob = join(contexts.phone("fr-FR"), workshop, "Bruno", "Martin", category=2, through_form=True)
    expect(presence(projector)).to_have_text("2")
    expect(presence(console)).to_have_text("2")
    expect(console.locator("#roster li.person")).to_have_count(2)
    expect(console.locator("#roster li.person .surname")).to_have_text(["LEROY", "MARTIN"])
    phones = [ann, bob]
    for phone in phones:
        mark_page(phone)
        assert phone.viewport_size == PHONE

    start(workshop)
    expect(stage_title(projector)).to_have_text(welcome)
    expect(projector.locator(".join-panel.is-large")).to_be_visible()
    for phone in phones:
        expect(phone_heading(phone)).to_have_text(welcome)

    advance(workshop)
    expect(stage_title(projector)).to_have_text(first)
    expect(projector.locator(".join-panel")).to_be_visible()
    expect(projector.locator(".join-panel")).not_to_have_class(re.compile(r"\bis-large\b"))
    for phone in phones:
        expect(phone_heading(phone)).to_have_text(first)
    # A duration is set: the countdown started when the activity came on screen.
    expect(projector.locator("#timer")).to_have_attribute("data-running", "true")
    expect(console.locator("#timer-pause")).to_be_visible()
    console.click("#timer-pause")
    expect(projector.locator("#timer")).to_have_attribute("data-running", "false")
    console.click("#timer-start")
    expect(console.locator("#timer-pause")).to_be_visible()
    expect(projector.locator("#timer")).to_have_attribute("data-running", "true")
    # The countdown ticks down on the projector and on the phones.
    expect(projector.locator("#timer .timer-value")).to_have_text(re.compile(r"^0:5\d$"))
    for phone in phones:
        expect(phone.locator("#phone-stage .timer-value")).to_have_text(re.compile(r"^0:5\d$"))

    if update_screenshots:  # the projector's and a phone's: tests/browser/test_screens.py
        assert projector.viewport_size == PROJECTOR
        save_screenshot(console, "console.png")

    advance(workshop)
    expect(stage_title(projector)).to_have_text(second)
    for phone in phones:
        expect(phone_heading(phone)).to_have_text(second)
    expect(console.locator("#step-next")).to_be_disabled()
    expect(projector.locator("#timer .timer-value")).to_have_text("3:00")

    for page in (console, projector, *phones):
        assert not was_reloaded(page), f"{page.url} was reloaded"


def test_a_phone_that_drops_comes_back_on_the_current_activity(contexts, facilitator, base_url):
    workshop = create_workshop(facilitator, base_url, "Offline phone")
    projector = open_projector(workshop)
    ann = join(contexts.phone(), workshop, "Ann", "Lee")
    bob_context = contexts.phone()
    bob = join(bob_context, workshop, "Bob", "Martin", category=2)
    expect(presence(projector)).to_have_text("2")
    start(workshop)
    expect(phone_heading(bob)).to_have_text(workshop.on_stage(0))
    mark_page(bob)

    bob_context.set_offline(True)
    expect(bob.locator("#connection")).to_have_attribute("data-state", "offline")
    advance(workshop)
    advance(workshop)
    expect(stage_title(projector)).to_have_text(workshop.agenda[2])
    expect(phone_heading(ann)).to_have_text(workshop.agenda[2])
    # Offline, Bob's phone still shows what it last received.
    expect(phone_heading(bob)).to_have_text(workshop.on_stage(0))

    bob_context.set_offline(False)
    expect(phone_heading(bob)).to_have_text(workshop.agenda[2])
    expect_online(bob)
    assert not was_reloaded(bob), "the phone reloaded instead of catching up by itself"
    # Counted once: the reconnection is not a second participant.
    expect(presence(projector)).to_have_text("2")
    expect(presence(workshop.console)).to_have_text("2")
    expect(workshop.console.locator("#roster li.person")).to_have_count(2)
    workshop.console.reload()  # what the database says, not only what was pushed
    expect(presence(workshop.console)).to_have_text("2")
    expect(workshop.console.locator("#roster li.person")).to_have_count(2)


def test_the_rejoin_link_opens_the_same_participant_elsewhere(contexts, facilitator, base_url):
    workshop = create_workshop(facilitator, base_url, "Rejoin", instructions=(("Warm-up", 1),))
    console = workshop.console
    ann = join(contexts.phone(), workshop, "Ann", "Lee")
    expect(presence(console)).to_have_text("1")
    start(workshop)
    advance(workshop)
    link = rejoin_link(ann)
    assert re.fullmatch(rf"{re.escape(base_url)}/r/[\w-]{{20,}}", link), link
    ann.locator("details.me summary").click()
    expect(ann.locator("#rejoin-link")).to_be_visible()
    expect(ann.locator("#rejoin-link")).to_have_value(link)

    other = contexts.phone().new_page()  # a new browser: no cookie at all
    other.goto(link)
    expect(other).to_have_url(f"{base_url}/p/{workshop.code}")
    expect(other.locator("details.me summary")).to_have_text("You: Ann Lee · your rejoin link")
    expect(phone_heading(other)).to_have_text("Warm-up")
    expect_online(other)
    expect(presence(console)).to_have_text("1")
    expect(console.locator("#roster li.person")).to_have_count(1)
    # Both browsers are the same participant: both follow the workshop.
    console.click("#step-previous")
    expect_current(workshop, 0)
    for phone in (ann, other):
        expect(phone_heading(phone)).to_have_text(workshop.title)
    # What the database says, not only what was pushed: still one person.
    console.reload()
    expect(presence(console)).to_have_text("1")
    expect(console.locator("#roster li.person")).to_have_count(1)


def test_the_projector_qr_code_opens_the_join_form(contexts, facilitator, base_url):
    workshop = create_workshop(facilitator, base_url, "QR", instructions=(("Warm-up", 1),))
    projector = open_projector(workshop)
    expected = f"{base_url}/j/{workshop.code}"
    assert workshop.join_url == expected

    for large in (True, False):
        panel = projector.locator(".join-panel.is-large" if large else ".join-panel")
        qr = panel.locator("img.qr")
        expect(qr).to_be_visible()
        expect(qr).to_have_js_property("complete", True)
        assert qr.evaluate("img => img.naturalWidth") > 0, "the QR image did not load"
        assert decode_qr(qr.screenshot(type="png")) == [expected]
        assert expected in qr.get_attribute("alt")
        if large:  # then the small panel shown beside an instruction
            start(workshop)
            advance(workshop)
            expect(stage_title(projector)).to_have_text("Warm-up")
            expect(projector.locator(".join-panel")).not_to_have_class(re.compile("is-large"))

    scanner = contexts.phone().new_page()
    scanner.goto(expected)
    expect(scanner.locator("#first_name")).to_be_visible()
