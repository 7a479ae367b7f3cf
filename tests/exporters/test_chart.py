"""The ranking bar chart: SVG for HTML, PNG for DOCX, readable in black and white."""

from __future__ import annotations

import io
import sys
import xml.etree.ElementTree as ET

import pytest

from tests.exporters import sample
from workshop.domain.minutes import RankRow
from workshop.exporters import chart

SVG = "{http://www.w3.org/2000/svg}"
ROWS = sample.VOTE.rows


def _svg(rows=ROWS, **kwargs) -> ET.Element:
    return ET.fromstring(chart.bar_chart_svg(rows, "fr", **kwargs))


def _bars(root: ET.Element) -> list[ET.Element]:
    return [g.find(f"{SVG}rect") for g in root.iter(f"{SVG}g")]


def test_svg_is_well_formed_with_one_group_per_row():
    root = _svg()
    assert root.get("role") == "img"
    assert root.find(f"{SVG}title").text == "Points par orientation"
    assert len(list(root.iter(f"{SVG}g"))) == len(ROWS)


def test_a_zero_score_gets_no_bar_but_still_shows_its_score():
    groups = list(_svg().iter(f"{SVG}g"))
    last = groups[-1]
    assert last.find(f"{SVG}rect") is None
    assert [t.text for t in last.iter(f"{SVG}text")][-1] == "0"


def test_bar_widths_are_proportional_to_scores():
    widths = [int(bar.get("width")) for bar in _bars(_svg()) if bar is not None]
    assert widths[0] == chart.BAR_MAX
    assert widths[2] == widths[3] == round(chart.BAR_MAX * 7 / 14)


def test_retained_and_other_bars_differ_by_pattern_not_only_colour():
    root = _svg(chart_id="c1")
    fills = [bar.get("fill") for bar in _bars(root) if bar is not None]
    assert fills[:4] == [chart.DARK] * 4
    assert set(fills[4:]) == {"url(#c1-hatch)"}
    assert root.find(f".//{SVG}pattern").get("id") == "c1-hatch"
    texts = [t.text for t in root.iter(f"{SVG}text")]
    assert "Retenue" in texts and "Non retenue" in texts


def test_every_bar_is_labelled_with_its_rank_and_score():
    texts = [t.text for t in _svg().iter(f"{SVG}text")]
    assert "3= Se faire connaître des communes" in texts
    assert texts.count("7") == 2


def test_long_labels_wrap_on_two_lines_at_most():
    row = RankRow(1, "une orientation très longue " * 8, 3)
    lines = chart.layout((row,))[0].lines
    assert len(lines) == 2 and lines[1].endswith("…")
    assert all(len(line) <= chart.LINE_CHARS for line in lines)


def test_svg_escapes_user_text():
    markup = chart.bar_chart_svg((RankRow(1, sample.SCRIPT + " & co", 2),), "fr")
    assert "<script>" not in markup
    assert sample.SCRIPT + " & co" in ET.fromstring(markup).find(f".//{SVG}g/{SVG}title").text


def test_svg_has_no_style_attribute_or_element_for_a_strict_csp():
    root = _svg()
    assert all("style" not in element.attrib for element in root.iter())
    assert root.find(f".//{SVG}style") is None


def test_two_charts_on_one_page_use_distinct_pattern_ids():
    first = _svg(chart_id="ranking-chart-1").find(f".//{SVG}pattern").get("id")
    second = _svg(chart_id="ranking-chart-2").find(f".//{SVG}pattern").get("id")
    assert first != second


def test_an_empty_ranking_gives_an_empty_chart():
    root = _svg(rows=())
    assert list(root.iter(f"{SVG}g")) == []


def test_png_has_the_chart_proportions():
    image = pytest.importorskip("PIL.Image")
    data = chart.bar_chart_png(ROWS, "en")
    picture = image.open(io.BytesIO(data))
    assert picture.format == "PNG"
    assert picture.size == (chart.WIDTH * chart.SCALE, chart.chart_height(ROWS) * chart.SCALE)


def test_png_is_not_drawn_without_pillow(monkeypatch):
    monkeypatch.setitem(sys.modules, "PIL", None)
    assert chart.bar_chart_png(ROWS, "fr") is None


def test_text_bars_are_proportional():
    assert chart.text_bar(7, 14, width=10) == "█████"
    assert chart.text_bar(0, 0) == ""
