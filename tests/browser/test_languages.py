"""A French phone and an English phone in the same room each keep their language."""

from pathlib import Path

import pytest
from playwright.sync_api import expect

from tests.browser.helpers import (
    advance,
    create_workshop,
    expect_online,
    join,
    mark_page,
    phone_heading,
    start,
    was_reloaded,
)

pytestmark = [pytest.mark.browser, pytest.mark.timeout(120)]

FRENCH_CATALOGUE = (
    Path(__file__).resolve().parents[2] / "workshop/translations/fr/LC_MESSAGES/messages.mo"
)


def html_lang(page):
    return page.locator("html")


def timer_state(page):
    """The "paused" label under a stopped countdown: a fixed, translated phrase."""
    return page.locator("#phone-stage .timer-state")


def test_each_phone_keeps_its_language_through_pushes(contexts, facilitator, base_url):
    workshop = create_workshop(
        facilitator, base_url, "Deux langues", instructions=(("Write", 1), ("Vote", 1))
    )
    # French by default: a browser that asks for neither language gets French.
    german = contexts.phone(locale="de-DE").new_page()
    german.goto(f"{base_url}/")
    expect(html_lang(german)).to_have_attribute("lang", "fr")

    french = join(contexts.phone(locale="fr-FR"), workshop, "Anne", "Leroy")
    english = join(contexts.phone(locale="en-GB"), workshop, "Bob", "Martin")
    expect(html_lang(french)).to_have_attribute("lang", "fr")
    expect(html_lang(english)).to_have_attribute("lang", "en")
    expect(english.locator(".lang-switch button")).to_have_attribute("lang", "fr")
    expect(french.locator(".lang-switch button")).to_have_attribute("lang", "en")
    for phone in (french, english):
        mark_page(phone)

    start(workshop)
    advance(workshop)
    for phone in (french, english):
        expect(phone_heading(phone)).to_have_text("Write")
        expect(timer_state(phone)).not_to_be_empty()
        assert not was_reloaded(phone)
    expect(html_lang(french)).to_have_attribute("lang", "fr")
    expect(html_lang(english)).to_have_attribute("lang", "en")
    expect(timer_state(english)).to_have_text("paused")

    # The English phone switches to French: its next pushes come in French.
    english.locator(".lang-switch button").click()
    expect(html_lang(english)).to_have_attribute("lang", "fr")
    expect_online(english)
    advance(workshop)
    for phone in (french, english):
        expect(phone_heading(phone)).to_have_text("Vote")
        expect(html_lang(phone)).to_have_attribute("lang", "fr")
    expect(timer_state(english)).to_have_text(timer_state(french).inner_text())

    if not FRENCH_CATALOGUE.exists():
        pytest.xfail("French catalogue pending: the French phrase equals the English one")
    expect(timer_state(french)).to_have_text("en pause")
