"""The facilitator's rich text (bold, italic, lists, links) in every format, never raw HTML."""

from __future__ import annotations

import io
import re

import docx
import pytest
from docx.opc.constants import RELATIONSHIP_TYPE
from markdown_it import MarkdownIt

from tests.exporters import sample
from workshop.domain.minutes import Context, IntroSection
from workshop.exporters.docx import render_docx
from workshop.exporters.html import render_html
from workshop.exporters.markdown import render_markdown

STAKES = (
    "Un enjeu **majeur** et *discret*, voir [le site](https://exemple.org/charte).",
    "Trois pistes :\n- la **première**\n- la seconde\n\n1. un\n2. deux",
    "Piège : [clic](javascript:alert(1)) <script>alert(2)</script> <b>gras</b> &amp;",
)


@pytest.fixture(scope="module")
def minutes():
    context = Context(theme="Un thème", stakes=STAKES)
    closing = IntroSection("Conclusion", ("Merci à **tous** !",))
    sections = (*sample.sample_minutes().sections, closing)
    return sample.sample_minutes(context=context, sections=sections)


def test_html_renders_the_subset_as_tags_and_markup_as_text(minutes):
    html = render_html(minutes)
    assert "Un enjeu <strong>majeur</strong> et <em>discret</em>" in html
    assert '<a href="https://exemple.org/charte" rel="noopener noreferrer">le site</a>' in html
    assert re.search(r"<ul>\s*<li>la <strong>première</strong></li>\s*<li>la seconde</li>", html)
    assert re.search(r"<ol>\s*<li>un</li>\s*<li>deux</li>\s*</ol>", html)
    assert "javascript:" not in html.split("[clic]")[0][-200:] and 'href="javascript' not in html
    assert "[clic](javascript:alert(1)) &lt;script&gt;alert(2)&lt;/script&gt;" in html
    assert "&lt;b&gt;gras&lt;/b&gt; &amp;amp;" in html
    assert "Merci à <strong>tous</strong> !" in html


def test_markdown_keeps_the_subset_and_escapes_the_rest(minutes):
    markdown = render_markdown(minutes)
    link = "[le site](https://exemple.org/charte)"
    assert f"Un enjeu **majeur** et *discret*, voir {link}." in markdown
    assert "Trois pistes :\n\n- la **première**\n- la seconde\n\n1. un\n2. deux" in markdown
    trap = "\\[clic\\](javascript:alert(1)) \\<script>alert(2)\\</script> \\<b>gras\\</b>"
    assert trap in markdown
    assert "&lt;" not in markdown and "&amp;" not in markdown.replace("\\&amp;", "")
    rendered = MarkdownIt("commonmark").enable("table").render(markdown)
    tags = set(re.findall(r"<([a-z0-9]+)", rendered))
    assert tags <= {
        "p",
        "h1",
        "h2",
        "h3",
        "h4",
        "ul",
        "ol",
        "li",
        "strong",
        "em",
        "a",
        "table",
        "thead",
        "tbody",
        "tr",
        "th",
        "td",
        "blockquote",
        "br",
    }
    assert re.findall(r'href="([^"]+)"', rendered) == ["https://exemple.org/charte"]


def test_docx_writes_bold_italic_runs_list_styles_and_hyperlinks(minutes):
    document = docx.Document(io.BytesIO(render_docx(minutes)))
    paragraphs = document.paragraphs
    first = next(p for p in paragraphs if p.text.startswith("Un enjeu"))
    assert [(r.text, bool(r.bold), bool(r.italic)) for r in first.runs][:4] == [
        ("Un enjeu ", False, False),
        ("majeur", True, False),
        (" et ", False, False),
        ("discret", False, True),
    ]
    assert "le site" in first.text  # the link's text is in the paragraph (w:hyperlink)
    links = [r for r in document.part.rels.values() if r.reltype == RELATIONSHIP_TYPE.HYPERLINK]
    assert [r.target_ref for r in links] == ["https://exemple.org/charte"]
    styles = {p.text: p.style.name for p in paragraphs}
    assert styles["la première"] == "List Bullet" and styles["la seconde"] == "List Bullet"
    assert styles["un"] == "List Number" and styles["deux"] == "List Number"
    trap = next(p for p in paragraphs if p.text.startswith("Piège"))
    assert trap.text == STAKES[2]
