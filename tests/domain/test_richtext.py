"""The facilitator's rich text: a small Markdown subset, read into text-only runs."""

from workshop.domain.richtext import (
    ItemList,
    Paragraph,
    Run,
    allowed_link,
    parse,
    parse_inline,
    plain,
    rich_paragraphs,
)


def test_plain_text_is_one_paragraph_of_one_run():
    assert parse("Un texte\nsur deux lignes") == (Paragraph((Run("Un texte sur deux lignes"),)),)


def test_bold_and_italic_are_read_with_stars_or_underscores():
    assert parse_inline("un **gros** mot et un *petit* et __fort__ et _doux_") == (
        Run("un "),
        Run("gros", bold=True),
        Run(" mot et un "),
        Run("petit", italic=True),
        Run(" et "),
        Run("fort", bold=True),
        Run(" et "),
        Run("doux", italic=True),
    )


def test_emphasis_nests():
    assert parse_inline("**très *vraiment* important**") == (
        Run("très ", bold=True),
        Run("vraiment", bold=True, italic=True),
        Run(" important", bold=True),
    )


def test_underscores_inside_words_stay_text():
    assert parse_inline("snake_case_name et 2_000") == (Run("snake_case_name et 2_000"),)


def test_a_lone_star_stays_text():
    assert parse_inline("3 * 4 = 12 et * seul") == (Run("3 * 4 = 12 et * seul"),)


def test_http_https_and_mailto_links_are_kept():
    runs = parse_inline("voir [le site](https://example.org/a?b=1) ou [écrire](mailto:a@b.fr)")
    assert runs == (
        Run("voir "),
        Run("le site", href="https://example.org/a?b=1"),
        Run(" ou "),
        Run("écrire", href="mailto:a@b.fr"),
    )


def test_a_link_with_another_scheme_stays_the_text_it_was_typed_as():
    for url in ("javascript:alert(1)", "JavaScript:alert(1)", "data:text/html,x", "/admin", "x"):
        text = f"[clic]({url})"
        assert parse_inline(text) == (Run(text),)
        assert not allowed_link(url)


def test_html_stays_text():
    text = '<script>alert(1)</script> <b onclick="x">gras</b>'
    assert parse(text) == (Paragraph((Run(text),)),)


def test_a_backslash_keeps_punctuation():
    assert parse_inline(r"\*pas italique\* et \[pas lien\]") == (
        Run("*pas italique* et [pas lien]"),
    )


def test_bulleted_and_numbered_lists():
    text = "Deux points :\n- premier\n- second **fort**\n\n1. un\n2) deux\n  suite de deux"
    assert parse(text) == (
        Paragraph((Run("Deux points :"),)),
        ItemList(False, ((Run("premier"),), (Run("second "), Run("fort", bold=True)))),
        ItemList(True, ((Run("un"),), (Run("deux suite de deux"),))),
    )


def test_a_numbered_list_keeps_its_first_number():
    assert parse("3. trois\n4. quatre") == (
        ItemList(True, ((Run("trois"),), (Run("quatre"),)), start=3),
    )


def test_a_paragraph_after_a_list_closes_it():
    assert parse("- a\nfin") == (ItemList(False, ((Run("a"),),)), Paragraph((Run("fin"),)))


def test_plain_gives_the_words_without_markup():
    assert plain("**Un** [lien](https://x.org)\n- a\n- b") == "Un lien a b"


def test_rich_paragraphs_keep_the_line_breaks_of_a_list():
    assert rich_paragraphs("Intro\n\n- a\n- b\n\n\nFin") == ["Intro", "- a\n- b", "Fin"]
