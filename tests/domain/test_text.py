import pytest

from workshop.domain.text import TextError, clean_text, paragraphs


def test_text_is_trimmed_and_inner_spaces_folded():
    assert clean_text("  Marie   Anne \t", 80) == "Marie Anne"


def test_control_characters_and_lone_surrogates_are_dropped():
    assert clean_text("A\x00B\x07C\ud800D", 80) == "ABCD"


def test_required_text_refuses_blank_input():
    with pytest.raises(TextError) as error:
        clean_text("   \n ", 80, required=True)
    assert error.value.code == "required"


def test_too_long_text_is_refused_with_its_limit():
    with pytest.raises(TextError) as error:
        clean_text("x" * 81, 80)
    assert (error.value.code, error.value.limit) == ("too_long", 80)


def test_multiline_text_keeps_paragraphs():
    text = clean_text("Un.\r\n\r\nDeux  \nsuite\n", 100, multiline=True)
    assert text == "Un.\n\nDeux\nsuite"
    assert paragraphs(text) == ["Un.", "Deux suite"]


def test_non_strings_become_text():
    assert clean_text(None, 10) == ""
    assert clean_text(42, 10) == "42"
