"""HTML minutes: a standalone, print-ready page with an inline SVG chart."""

from __future__ import annotations

import pytest

from tests.exporters import sample
from tests.exporters.readers import read_html
from workshop.domain.minutes import RankRow, VoteSection
from workshop.exporters.html import CSS_PATH, render_html


@pytest.fixture(scope="module")
def page() -> str:
    return render_html(sample.sample_minutes())


@pytest.fixture(scope="module")
def parsed(page):
    return read_html(page).raw


def _tags(parsed, name: str) -> list[dict]:
    return [attrs for tag, attrs in parsed.tags if tag == name]


def test_page_is_a_complete_document_in_the_minutes_language(page, parsed):
    assert page.startswith("<!DOCTYPE html>")
    assert _tags(parsed, "html") == [{"lang": "fr"}]
    assert _tags(parsed, "meta")[0] == {"charset": "utf-8"}


def test_downloaded_page_embeds_its_stylesheet_and_needs_nothing_else(page, parsed):
    assert CSS_PATH.read_text(encoding="utf-8").strip() in page
    assert _tags(parsed, "link") == [] and _tags(parsed, "script") == []
    assert _tags(parsed, "img") == []


def test_app_page_links_the_stylesheet_instead_for_a_strict_csp():
    page = render_html(sample.sample_minutes(), css_href="/static/css/minutes.css")
    parsed = read_html(page).raw
    assert _tags(parsed, "style") == []
    assert _tags(parsed, "link") == [{"rel": "stylesheet", "href": "/static/css/minutes.css"}]


def test_no_element_carries_an_inline_style_or_event_handler(parsed):
    for _tag, attrs in parsed.tags:
        assert "style" not in attrs
        assert not any(name.startswith("on") for name in attrs)


def test_stylesheet_prints_on_a4_with_page_numbers():
    css = CSS_PATH.read_text(encoding="utf-8")
    assert "size: A4" in css
    assert "counter(page)" in css and "counter(pages)" in css


def test_chart_is_inline_svg_after_the_ranking_table(page, parsed):
    assert len(_tags(parsed, "svg")) == 1
    assert page.index('<table class="ranking">') < page.index("<svg")
    assert _tags(parsed, "pattern")[0]["id"] == "ranking-chart-3-hatch"  # third section


def test_two_votes_get_two_charts_with_distinct_ids():
    second = VoteSection("Second vote", rows=(RankRow(1, "x", 2, retained=True),))
    minutes = sample.sample_minutes(sections=(sample.VOTE, second))
    parsed = read_html(render_html(minutes)).raw
    assert [a["id"] for a in _tags(parsed, "pattern")] == [
        "ranking-chart-1-hatch",
        "ranking-chart-2-hatch",
    ]


def test_retained_and_tied_rows_carry_classes(parsed):
    rows = [a.get("class", "") for a in _tags(parsed, "tr") if "class" in a]
    assert rows[:4] == ["retained", "retained", "retained tied", "retained tied"]
    assert rows[5] == " tied"


def test_blank_board_cells_are_marked_blank(parsed):
    blanks = [a for a in _tags(parsed, "td") if a.get("class") == "blank"]
    assert len(blanks) == 3


def test_draft_banner_is_visible_and_the_watermark_hidden_from_screen_readers(parsed):
    assert {"class": "draft-banner", "role": "note"} in _tags(parsed, "p")
    assert {"class": "draft-watermark", "aria-hidden": "true"} in _tags(parsed, "div")
    assert _tags(parsed, "body") == [{"class": "minutes is-draft"}]


def test_final_page_has_no_draft_banner():
    parsed = read_html(render_html(sample.sample_minutes(status="final"))).raw
    assert _tags(parsed, "body") == [{"class": "minutes"}]
    assert not any("draft" in a.get("class", "") for _, a in parsed.tags)


def test_user_script_is_escaped_in_the_source_and_the_chart(page):
    assert "<script" not in page
    assert "&lt;script&gt;alert(&#39;piège&#39;)&lt;/script&gt;" in page


def test_user_text_cannot_add_attributes():
    header = sample.HEADER.__class__('" onmouseover="alert(1)')
    parsed = read_html(render_html(sample.sample_minutes(header=header))).raw
    assert all("onmouseover" not in attrs for _, attrs in parsed.tags)
