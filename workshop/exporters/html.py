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
from workshop.domain import richtext
from workshop.domain.minutes import Minutes, VoteSection, map_text, printable, shaped
from workshop.exporters import categories, labels, votes
from workshop.exporters.chart import bar_chart_svg
from workshop.exporters.rich_html import rich_html, runs_html
from workshop.exporters.speed_words import speed_words
from workshop.exporters.words import Words, words_for

ROOT = Path(__file__).resolve().parents[2]
TEMPLATE = "exports/minutes.html"
CSS_PATH = ROOT / "static" / "css" / "minutes.css"

_MODEL_HELPERS = (
    "count_participants",
    "is_empty",
    "led_groups",
    "orientations_by_group",
    "person_line",
    "scenario_groups",
    "shared_prompt",
    "sort_people",
    "visible_answers",
    "visible_sections",
)
_PHRASES = {
    labels: (
        "action_scope",
        "agenda_table",
        "follows_line",
        "group_line",
        "leaders_line",
        "meta_line",
        "next_date",
        "part_title",
        "participants_phrase",
        "people_by_category",
        "referents_phrase",
        "titled",
    ),
    votes: ("ranking_table", "vote_method", "vote_notes", "voters_phrase"),
}


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


def phrases(words: Words) -> SimpleNamespace:
    """Return the phrase builders with the minutes' words already bound."""
    bound = {
        name: functools.partial(getattr(module, name), words)
        for module, names in _PHRASES.items()
        for name in names
    }
    return SimpleNamespace(
        **bound,
        category_title=functools.partial(categories.title, words),
        join_names=words.join,
    )


def translations(words: Words) -> dict:
    """Return the template's gettext functions, in the minutes' language.

    The template's words are extracted like any other template's (babel.cfg), so they format
    like Jinja's own `_()`: always, a literal percent sign being "%%".
    """

    def gettext(message: str, /, **params: object) -> str:
        return words.catalogue.gettext(message) % params

    def pgettext(context: str, message: str, /, **params: object) -> str:
        return words.catalogue.pgettext(context, message) % params

    return {"_": gettext, "gettext": gettext, "ngettext": words.ngettext, "pgettext": pgettext}


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
    minutes, words = shaped(map_text(minutes, printable)), words_for(minutes.lang)
    return {
        **translations(words),
        "minutes": minutes,
        "L": phrases(words),
        "m": SimpleNamespace(**{name: getattr(model, name) for name in _MODEL_HELPERS}),
        "R": SimpleNamespace(parse_inline=richtext.parse_inline, rich=rich_html, runs=runs_html),
        "chart": functools.partial(chart, lang=minutes.lang),
        "speed_words": functools.partial(speed_words, words),
        "css": None if css_href else stylesheet(),
        "css_href": css_href,
    }


def render_html(minutes: Minutes, css_href: str | None = None) -> str:
    """Render the minutes as an HTML page, standalone (CSS embedded) unless `css_href` is given."""
    template = environment().get_template(TEMPLATE)
    return template.render(**template_context(minutes, css_href)).lstrip()
