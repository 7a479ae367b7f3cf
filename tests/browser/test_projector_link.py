"""The projector link in a real browser: shown on the console (copy, QR code), opened on the
room's computer without the facilitator's cookie, following the session, granting nothing
else, and revoked from the console; a replaced facilitator link keeps this browser in."""

import re

import pytest
from playwright.sync_api import Page, expect

from tests.browser.helpers import PROJECTOR, advance, create_workshop, expect_online, start

pytestmark = [pytest.mark.browser, pytest.mark.timeout(240)]


def open_access_panel(console: Page) -> None:
    panel = console.locator("#access-panel")
    if panel.get_attribute("open") is None:
        panel.locator("summary").click()


def confirm_and_click(page: Page, selector: str) -> None:
    page.once("dialog", lambda dialog: dialog.accept())
    page.click(selector)


def test_the_projector_link_opens_on_another_computer_and_is_revocable(
    contexts, facilitator, base_url
):
    workshop = create_workshop(facilitator, base_url, "Projector elsewhere", language="en")
    console = workshop.console
    open_access_panel(console)
    link = console.locator("#screen-link").input_value()
    assert re.fullmatch(rf"{re.escape(base_url)}/s/[\w-]{{40,}}", link)
    qr = console.locator("#screen-qr")
    expect(qr).to_be_visible()
    assert qr.evaluate("img => img.complete && img.naturalWidth > 0")

    # The computer wired to the projector: a browser that never saw the facilitator link.
    room_pc = contexts.new(viewport=PROJECTOR, locale="en-US")
    assert room_pc.cookies() == []
    wall = room_pc.new_page()
    wall.goto(link)
    expect_online(wall)
    start(workshop)
    advance(workshop)
    expect(wall.locator("#screen-stage h1.stage-title")).to_have_text(workshop.agenda[1])
    # It opens the projector and nothing else.
    refused = room_pc.new_page()
    answer = refused.goto(f"{base_url}/w/{workshop.code}/console")
    assert answer.status in (403, 404)  # refused, whether or not it says the code exists
    refused.close()

    # Revoked from the console: the wall stops at once, and the old link is refused.
    confirm_and_click(console, "#replace-screen-link")
    expect(console.locator("#screen-link")).not_to_have_value(link)
    expect(wall.locator("#connection")).to_have_attribute("data-state", "refused")
    assert wall.goto(link).status == 404
    # The new link works on the same computer.
    wall.goto(console.locator("#screen-link").input_value())
    expect_online(wall)


def test_a_replaced_facilitator_link_is_shown_once_and_keeps_this_console_live(
    contexts, facilitator, base_url
):
    workshop = create_workshop(facilitator, base_url, "New link", language="en", instructions=())
    console = workshop.console
    # A co-facilitator's laptop opened the old link.
    other = contexts.desktop().new_page()
    other.goto(workshop.facilitator_link)
    expect_online(other)

    open_access_panel(console)
    confirm_and_click(console, "#replace-facilitator-link")
    new_link = console.locator("#new-facilitator-link")
    expect(new_link).to_have_value(re.compile(rf"^{re.escape(base_url)}/f/[\w-]{{40,}}$"))
    assert new_link.input_value() != workshop.facilitator_link

    expect(other.locator("#connection")).to_have_attribute("data-state", "refused")
    expect_online(console)  # this browser was given the new grant: its console came back
    assert other.goto(workshop.facilitator_link).status == 404
    other.goto(new_link.input_value())
    expect(other).to_have_url(re.compile(r"/w/[A-Z0-9]{6}/console$"))
    expect_online(other)
