"""Reading a pasted sign-in sheet: one "SURNAME Firstname; organisation; category" a line."""

import unicodedata
from dataclasses import dataclass

from workshop.domain.text import NAME_MAX, ORGANISATION_MAX, TextError, clean_text

NO_CATEGORY = ""
# Who the minutes name: everyone present (unless the facilitator unmarks someone), only
# those who agreed when they joined, or nobody (the minutes then give counts only).
NAMES_IN_MINUTES = ("all", "agreed", "none")


@dataclass(frozen=True)
class SheetLine:
    line_no: int
    surname: str = ""
    first_name: str = ""
    organisation: str = ""
    category: str = ""
    error: str | None = None  # "no_name", "too_long"; None when the line is good
    guessed_category: bool = False  # the typed category matched none of the workshop's


def _fold(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", " ".join(text.split()).casefold())
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def name_key(first_name: str, surname: str) -> tuple[str, str]:
    """Return what makes two names the same person's: case, accents and spaces ignored
    ("Hélène  MARTIN" and "helene Martin" match; "Helen Martin" does not)."""
    return _fold(first_name), _fold(surname)


def split_name(full: str) -> tuple[str, str]:
    """Split "DUPONT Marie-Anne" into ("DUPONT", "Marie-Anne").

    The surname is the leading run of words written in capitals; when nobody wrote
    capitals, the first word is taken as the surname, as on a sign-in sheet.
    """
    words = full.split()
    caps = 0
    while caps < len(words) and words[caps].isupper() and len(words[caps]) > 1:
        caps += 1
    caps = caps or min(1, len(words))
    if caps == len(words) and len(words) > 1:
        caps = len(words) - 1
    return " ".join(words[:caps]), " ".join(words[caps:])


def match_category(typed: str, categories: list[str]) -> tuple[str, bool]:
    """Return the workshop category matching `typed` (accents and case ignored).

    An empty or unknown category becomes no category; an unknown one is flagged so
    the preview can show it before anything is created.
    """
    wanted = _fold(typed.strip())
    for category in categories:
        if _fold(category) == wanted or (wanted and _fold(category).startswith(wanted)):
            return category, False
    return NO_CATEGORY, bool(wanted)


def parse_line(line_no: int, raw: str, categories: list[str]) -> SheetLine:
    """Read one line of a sign-in sheet."""
    parts = [p.strip() for p in raw.split(";")] + ["", ""]
    try:
        name = clean_text(parts[0], NAME_MAX * 2, required=True)
        organisation = clean_text(parts[1], ORGANISATION_MAX)
        surname, first_name = split_name(name)
        surname = clean_text(surname, NAME_MAX)
        first_name = clean_text(first_name, NAME_MAX)
    except TextError as error:
        return SheetLine(line_no, error="no_name" if error.code == "required" else "too_long")
    category, guessed = match_category(parts[2], categories)
    return SheetLine(line_no, surname, first_name, organisation, category, None, guessed)


def parse_sheet(text: str, categories: list[str]) -> list[SheetLine]:
    """Read a pasted sheet, skipping blank lines, keeping each line's number."""
    lines = (text or "").splitlines()
    return [parse_line(n, raw, categories) for n, raw in enumerate(lines, 1) if raw.strip()]
