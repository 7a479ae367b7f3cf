"""Cleaning what people type: trimmed, bounded, printable text, never markup."""

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


def _keep(ch: str, multiline: bool) -> bool:
    if ch in "\n\t" and multiline:
        return True
    category = unicodedata.category(ch)
    # Control, unassigned and lone surrogate code points never reach the database.
    return category not in ("Cc", "Cs", "Cn", "Co")


def clean_text(value: object, limit: int, *, required: bool = False, multiline=False) -> str:
    """Return `value` as normalised text: trimmed, controls removed, within `limit`.

    Line endings become "\\n" in multi-line fields; single-line fields fold all
    white space to single spaces.
    """
    text = value if isinstance(value, str) else ("" if value is None else str(value))
    text = unicodedata.normalize("NFC", text.replace("\r\n", "\n").replace("\r", "\n"))
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


def paragraphs(text: str) -> list[str]:
    """Split a multi-line text into paragraphs at blank lines."""
    blocks = [" ".join(b.split()) for b in text.replace("\r\n", "\n").split("\n\n")]
    return [b for b in blocks if b]
