"""The minutes page in a real browser: edit, watch the preview follow, download."""

import io
import re

import docx
import pytest
from playwright.sync_api import expect

from tests.browser.helpers import create_workshop, describe_violations, run_axe

pytestmark = pytest.mark.browser


def test_the_facilitator_edits_the_minutes_and_the_preview_follows(facilitator, base_url):
    workshop = create_workshop(
        facilitator,
        base_url,
        "Atelier à consigner",
        instructions=(("Tour de table", 5, "Chacun se présente en une phrase."),),
    )
    console = workshop.console
    console.click("#open-minutes")
    expect(console).to_have_url(re.compile(rf"/w/{workshop.code}/minutes$"))
    preview = console.frame_locator("iframe.minutes-preview")
    expect(preview.locator("h1")).to_contain_text("« Atelier à consigner »")  # "Compte rendu de…"
    expect(preview.locator(".draft-banner")).to_have_count(1)

    console.fill("#introduction", "Merci à toutes et à tous d'être venus.")
    console.click("#save-texts")
    expect(preview.get_by_text("Merci à toutes et à tous d'être venus.")).to_be_visible()

    console.fill("#title", "Rédiger une charte commune")
    console.fill("#needs", "un relecteur\nune salle")
    console.click("#save-action")
    expect(console.locator("#minutes-actions .action-list")).to_contain_text("Rédiger une charte")
    expect(preview.get_by_text("Rédiger une charte commune")).to_be_visible()

    console.click("#mark-final")
    expect(console.locator("#mark-draft")).to_be_visible()
    expect(preview.locator(".draft-banner")).to_have_count(0)
    # The minutes page and the document in its preview, each a page of its own for axe.
    printed = facilitator.new_page()
    printed.goto(f"{base_url}/w/{workshop.code}/minutes/print")
    expect(printed.locator("h1")).to_contain_text("« Atelier à consigner »")
    for name, page in (("minutes page", console), ("minutes, print view", printed)):
        violations = run_axe(page)
        assert not violations, describe_violations(name, violations)
    printed.close()

    with console.expect_download() as download_info:
        console.click("#download-docx")
    download = download_info.value
    assert download.suggested_filename.endswith(".docx")
    document = docx.Document(io.BytesIO(download.path().read_bytes()))
    headings = [p.text for p in document.paragraphs if p.style.name == "Heading 1"]
    assert "Tour de table" in headings and "Suites" in headings
