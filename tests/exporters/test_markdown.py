"""Markdown minutes: readable source, inert user text, GitHub tables."""

from __future__ import annotations

import re

import pytest
from hypothesis import given
from hypothesis import strategies as st
from markdown_it import MarkdownIt

from tests.exporters import sample
from tests.exporters.readers import unescape_markdown
from workshop.domain.minutes import Context, Header, Minutes
from workshop.exporters.markdown import escape, render_markdown

# A CommonMark reader with GitHub's tables: what a reader of the file would see.
MARKDOWN = MarkdownIt("commonmark").enable("table")


@pytest.fixture(scope="module")
def markdown() -> str:
    return render_markdown(sample.sample_minutes())


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("<script>alert(1)</script>", "\\<script>alert(1)\\</script>"),
        ("[gagner](http://exemple.test)", "\\[gagner\\](http://exemple.test)"),
        ("![image](http://exemple.test/x.png)", "!\\[image\\](http://exemple.test/x.png)"),
        ("<http://exemple.test>", "\\<http://exemple.test>"),
        ("# pas un titre", "\\# pas un titre"),
        ("- pas une puce", "\\- pas une puce"),
        ("12. pas une liste", "12\\. pas une liste"),
        ("> pas une citation", "\\> pas une citation"),
        ("a | b", "a \\| b"),
        ("*gras* et _penché_", "\\*gras\\* et \\_penché\\_"),
        ("`code`", "\\`code\\`"),
        ("&lt; déjà échappé", "\\&lt; déjà échappé"),
        ("R&D et a < b", "R&D et a < b"),
        ("<!-- x -->", "\\<!-- x -->"),
    ],
)
def test_user_text_cannot_inject_markup(typed, expected):
    assert escape(typed) == expected


def test_line_breaks_in_user_text_fold_into_one_line():
    assert escape("première ligne\n\n- seconde\r\n") == "première ligne - seconde"


@given(st.text())
def test_escaping_keeps_the_text_and_never_leaves_a_tag(text):
    escaped = escape(text)
    assert "\n" not in escaped
    assert set(re.findall(r"<(/?[a-z]+)", MARKDOWN.render(escaped))) <= {"p", "/p"}
    assert unescape_markdown(escaped) == re.sub(r"[^\S\xa0\u2007\u202f]+", " ", text).strip(" ")


def test_the_script_comment_is_escaped_in_the_source(markdown):
    assert "&lt;" not in markdown and "\\<script>alert('piège')\\</script>" in markdown
    assert "<script>" not in MARKDOWN.render(markdown)


def test_headings_use_one_hash_per_level(markdown):
    assert markdown.splitlines()[2] == "# Compte rendu de l'atelier du futur"
    assert "\n## Contexte et enjeux\n" in markdown
    assert "\n### Groupe A : Le tiers-lieu qui a réussi\n" in markdown
    assert "\n#### Mutualiser un poste de coordination\n" in markdown


def test_board_cells_put_the_heading_in_bold_then_its_sub_points(markdown):
    expected = (
        "| **Ouverture à tous**<br>• horaires adaptés aux actifs<br>• accès sans adhésion "
        "| **Concurrence avec les commerces**<br>• pas de restauration le midi |"
    )
    assert expected in markdown.splitlines()


def test_blank_board_cells_stay_empty_and_pipes_are_escaped(markdown):
    assert "|  | **Entre-soi**<br>• un cercle d'habitués qui décide de tout |" in markdown
    assert "| **Animation du bourg \\| marché**<br>• un événement par saison |  |" in markdown


def test_ranking_is_a_table_with_tied_ranks_marked(markdown):
    lines = markdown.splitlines()
    assert "| Rang | Orientation | Points | Part | Retenue |" in lines
    assert "| 3= | Se faire connaître des communes | 7 | 14\u00a0% | ✓ |" in lines
    assert "| 5 | Former les bénévoles à l'accueil | 5 | 10\u00a0% |  |" in lines


def test_draft_banner_is_a_quote_at_the_top(markdown):
    assert markdown.startswith("> **Brouillon – document de travail, non validé**\n")


def test_participants_are_a_bullet_list(markdown):
    assert "- BERTHIER Alain – Foyer rural de Vaux\n- BERTHIER Anne" in markdown


def test_action_details_are_separate_lines(markdown):
    assert "Porté par : Groupe A  \nRéférents : Lucie Émery (Foyer rural de Vaux)  \n" in markdown


def test_a_document_ends_with_a_single_newline():
    text = render_markdown(Minutes(Header("t"), context=Context(stakes=("x",))))
    assert text.endswith("x\n") and not text.endswith("\n\n")
