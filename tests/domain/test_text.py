import unicodedata

import pytest
from hypothesis import given
from hypothesis import strategies as st

from workshop.domain.text import TextError, clean_text, strip_invisible


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


def test_non_strings_become_text():
    assert clean_text(None, 10) == ""
    assert clean_text(42, 10) == "42"


# ---- invisible characters ---------------------------------------------------------------

BIDI = [chr(c) for c in (*range(0x202A, 0x202F), *range(0x2066, 0x206A), 0x200E, 0x200F, 0x061C)]
ZERO_WIDTH = ["\u200b", "\u200c", "\u200d", "\u2060", "\ufeff", "\u00ad", "\u180e"]
FILLERS = ["\u3164", "\u115f", "\u1160", "\uffa0", "\u2800"]
INVISIBLE = BIDI + ZERO_WIDTH + FILLERS
FORMAT = st.characters(categories=["Cf"])
invisibles = st.sampled_from(INVISIBLE) | FORMAT
visible_text = st.text(st.characters(categories=["L", "N", "P", "S"]), min_size=1, max_size=20)


def _harmful(ch: str) -> bool:
    return unicodedata.category(ch) == "Cf" and ch not in "\u200c\u200d"


@given(st.lists(visible_text | invisibles, max_size=12).map("".join))
def test_no_format_character_but_a_joiner_survives_cleaning(typed):
    cleaned = clean_text(typed, 10_000, multiline=True)
    assert not any(_harmful(ch) for ch in cleaned)
    assert not any(ch in BIDI for ch in cleaned)


@given(st.lists(visible_text | invisibles, max_size=12).map("".join))
def test_a_joiner_that_survives_stands_between_two_visible_characters(typed):
    cleaned = clean_text(typed, 10_000)
    for at, ch in enumerate(cleaned):
        if ch in "\u200c\u200d":
            before, after = cleaned[at - 1 : at], cleaned[at + 1 : at + 2]
            assert at > 0 and before.strip() and after.strip()
            assert not (before.isascii() and after.isascii())


@given(st.lists(invisibles | st.sampled_from([" ", "\t", "\n"]), min_size=1).map("".join))
def test_a_text_made_only_of_invisible_characters_is_refused_as_blank(typed):
    with pytest.raises(TextError) as error:
        clean_text(typed, 10_000, required=True)
    assert error.value.code == "required"


@given(visible_text, visible_text)
def test_a_right_to_left_override_cannot_reverse_what_follows(name, rest):
    assert clean_text(f"{name}\u202e{rest}\u202c", 1000) == clean_text(name + rest, 1000)


@given(visible_text)
def test_cleaning_twice_changes_nothing_more(typed):
    once = clean_text(typed + "\u2066\u200b", 1000)
    assert clean_text(once, 1000) == once


def test_emoji_and_persian_joiners_are_kept_but_not_inside_latin_words():
    assert strip_invisible("👩\u200d💻") == "👩\u200d💻"
    assert strip_invisible("می\u200cخواهم") == "می\u200cخواهم"
    assert strip_invisible("Ma\u200drie") == "Marie"
    assert strip_invisible("\u200dMarie\u200c") == "Marie"
