"""Render minutes as a standalone, print-ready HTML page (A4, inline SVG chart).

The template is `templates/exports/minutes.html`, rendered by a plain autoescaping Jinja
environment, so no Flask is needed. The downloaded file embeds `static/css/minutes.css` in a
`<style>` element; an app page (under a strict CSP) passes `css_href` to link it instead.
"""

from __future__ import annotations

import functools
from pathlib import Path
from types import SimpleNamespace

from jinja2 import Environment, FileSystemLoader, StrictUndefined
from markupsafe import Markup

from workshop.domain import minutes as model
from workshop.domain.minutes import Minutes, VoteSection, map_text, printable
from workshop.exporters import labels
from workshop.exporters.chart import bar_chart_svg
from workshop.exporters.speed_words import speed_words

ROOT = Path(__file__).resolve().parents[2]
TEMPLATE = "exports/minutes.html"
CSS_PATH = ROOT / "static" / "css" / "minutes.css"

_MODEL_HELPERS = (
    "count_participants",
    "is_empty",
    "person_line",
    "sort_people",
    "visible_answers",
    "visible_sections",
)
_PHRASES = (
    "action_scope",
    "follows_line",
    "agenda_table",
    "category_title",
    "join_names",
    "meta_line",
    "next_date",
    "participants_phrase",
    "people_by_category",
    "ranking_table",
    "referents_phrase",
    "subtitle",
    "text",
    "titled",
    "vote_method",
    "vote_notes",
    "voters_phrase",
)


@functools.cache
def environment() -> Environment:
    """Return the Jinja environment for exports: templates folder, autoescape on."""
    loader = FileSystemLoader(ROOT / "templates")
    return Environment(
        loader=loader,
        autoescape=True,
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )


def phrases(lang: str) -> SimpleNamespace:
    """Return the labels phrase builders with the language already bound."""
    return SimpleNamespace(
        **{name: functools.partial(getattr(labels, name), lang) for name in _PHRASES}
    )


def chart(vote: VoteSection, lang: str, index: int) -> Markup:
    """Return the vote's SVG chart as markup (the chart escapes all user text itself)."""
    svg = bar_chart_svg(vote.rows, lang, chart_id=f"ranking-chart-{index}")
    return Markup(svg)  # nosec B704  # bar_chart_svg escapes every text it puts in the SVG


def stylesheet() -> Markup:
    """Return the minutes stylesheet to embed in a standalone file."""
    css = CSS_PATH.read_text(encoding="utf-8")
    return Markup(css)  # nosec B704  # the app's own stylesheet file


def template_context(minutes: Minutes, css_href: str | None = None) -> dict:
    """Return the variables of the minutes template; embed the CSS unless `css_href` is given."""
    minutes = map_text(minutes, printable)
    return {
        "minutes": minutes,
        "L": phrases(minutes.lang),
        "m": SimpleNamespace(**{name: getattr(model, name) for name in _MODEL_HELPERS}),
        "chart": functools.partial(chart, lang=minutes.lang),
        "speed_words": functools.partial(speed_words, lang=minutes.lang),
        "css": None if css_href else stylesheet(),
        "css_href": css_href,
    }


def render_html(minutes: Minutes, css_href: str | None = None) -> str:
    """Render the minutes as an HTML page, standalone (CSS embedded) unless `css_href` is given."""
    template = environment().get_template(TEMPLATE)
    return template.render(**template_context(minutes, css_href)).lstrip()
