"""The one HTML renderer of the facilitator's rich text, for the minutes and the live pages."""

from markupsafe import Markup

from workshop.domain.richtext import parse_inline
from workshop.exporters.rich_html import rich_html, runs_html


def test_paragraphs_and_lists_take_their_own_classes_one_block_a_line():
    html = rich_html("Un **gras** et *penché*.\n\n- a\n- b\n\n3. trois", "stage-text", "big")
    assert html == (
        '<p class="stage-text">Un <strong>gras</strong> et <em>penché</em>.</p>\n'
        '<ul class="big">\n  <li>a</li>\n  <li>b</li>\n</ul>\n'
        '<ol class="big" start="3">\n  <li>trois</li>\n</ol>\n'
    )
    assert isinstance(html, Markup)


def test_without_classes_the_blocks_are_bare_and_several_texts_read_as_one():
    assert rich_html(["Un.", "- a"]) == "<p>Un.</p>\n<ul>\n  <li>a</li>\n</ul>\n"
    assert rich_html(None) == "" and rich_html("") == ""


def test_a_limit_keeps_the_first_blocks():
    assert rich_html("Un.\n\nDeux.\n\nTrois.", limit=2) == "<p>Un.</p>\n<p>Deux.</p>\n"


def test_links_are_the_web_or_mail_only_and_open_nothing_of_ours():
    html = runs_html(parse_inline('[**site**](https://a.org/?x=1&y="2") [m](mailto:a@b.org)'))
    assert html == (
        '<a href="https://a.org/?x=1&amp;y=&#34;2&#34;" rel="noopener noreferrer">'
        "<strong>site</strong></a> "
        '<a href="mailto:a@b.org" rel="noopener noreferrer">m</a>'
    )


def test_hostile_text_stays_text():
    typed = '<script>alert(1)</script> [x](javascript:alert(2)) **<img src=x onerror="y">**'
    html = rich_html(typed, 'a" onclick="z')
    assert "<script>" not in html and "<img" not in html and "href" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt; [x](javascript:alert(2))" in html
    assert "<strong>&lt;img src=x onerror=&#34;y&#34;&gt;</strong>" in html
    assert 'class="a&#34; onclick=&#34;z"' in html  # even a class is escaped
