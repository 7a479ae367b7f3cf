"""Cleaning what people type: trimmed, bounded, printable, visible text, never markup.

Invisible characters are removed from everything typed: bidirectional overrides and
isolates (a name could reverse the rest of a projector line), zero-width and other
format characters (category Cf), and the "filler" letters that draw nothing. The only
format characters kept are the zero-width joiner and non-joiner *between two visible
characters*: emoji sequences and Persian or Indic words need them there, and there they
cannot reorder or hide anything.
"""

import unicodedata

NAME_MAX = 80
ORGANISATION_MAX = 120
TITLE_MAX = 200
INSTRUCTION_MAX = 5000


class TextError(ValueError):
    """Refused text; `code` is "required" or "too_long", `limit` the maximum length."""

    def __init__(self, code: str, limit: int = 0):
        super().__init__(code)
        self.code = code
        self.limit = limit


JOINERS = frozenset("\u200c\u200d")  # ZWNJ, ZWJ: kept only between two visible characters
# Letters and symbols that are drawn as nothing: read as spaces, so a text of them is blank.
BLANK_LOOKING = frozenset("\u115f\u1160\u3164\uffa0\u2800\u180e")


def strip_invisible(text: str) -> str:
    """Return `text` without format characters (Cf: bidi controls, zero-width...).

    A joiner (U+200C, U+200D) stays only between two visible characters, one of them
    beyond ASCII (an emoji, a Persian letter); blank-looking
    fillers become spaces; line and paragraph separators become line breaks.
    """
    out: list[str] = []
    pending = ""  # a joiner waiting for a visible character after it
    for ch in text:
        if ch in BLANK_LOOKING:
            ch = " "
        elif ch in "\u2028\u2029":
            ch = "\n"
        if ch in JOINERS:
            pending = ch if out and _visible(out[-1]) else ""
            continue
        if unicodedata.category(ch) == "Cf":
            pending = ""
            continue
        if pending and _visible(ch) and not (out[-1].isascii() and ch.isascii()):
            out.append(pending)  # never inside plain Latin text, where it only hides
        pending = ""
        out.append(ch)
    return "".join(out)


def _visible(ch: str) -> bool:
    return not ch.isspace() and unicodedata.category(ch)[0] not in "CZ"


def _keep(ch: str, multiline: bool) -> bool:
    if ch in "\n\t" and multiline:
        return True
    category = unicodedata.category(ch)
    # Control, unassigned and lone surrogate code points never reach the database.
    return category not in ("Cc", "Cs", "Cn", "Co")


def clean_text(value: object, limit: int, *, required: bool = False, multiline=False) -> str:
    """Return `value` as normalised text: trimmed, controls and invisibles removed, bounded.

    A text that is empty once cleaned counts as not given ("required" when it must be).

    Line endings become "\\n" in multi-line fields; single-line fields fold all
    white space to single spaces.
    """
    text = value if isinstance(value, str) else ("" if value is None else str(value))
    text = unicodedata.normalize("NFC", text.replace("\r\n", "\n").replace("\r", "\n"))
    text = strip_invisible(text)
    text = "".join(ch for ch in text if _keep(ch, multiline))
    text = _tidy_lines(text) if multiline else " ".join(text.split())
    if required and not text:
        raise TextError("required")
    if len(text) > limit:
        raise TextError("too_long", limit)
    return text


def _tidy_lines(text: str) -> str:
    lines = [line.rstrip() for line in text.split("\n")]
    return "\n".join(lines).strip()
