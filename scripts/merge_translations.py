"""Settle a git merge whose only conflicts are in the translation catalogues.

Two branches that each add strings both rewrite messages.po/.pot/.mo, so git cannot merge
them. After `git merge X` stops on those files, run (from the checkout, with the venv):

    python scripts/merge_translations.py [REF ...]      # default: HEAD MERGE_HEAD

It extracts the strings of the merged code again (scripts/i18n.sh), then gives every string
left untranslated or fuzzy the translation one of the REFs' catalogues has for it, and
compiles. Strings no side translated are listed; translate them, then run scripts/i18n.sh.
"""

from __future__ import annotations

import io
import subprocess  # nosec B404  # git and the project's own script, fixed arguments
import sys
from pathlib import Path

from babel.messages.pofile import read_po, write_po

ROOT = Path(__file__).resolve().parent.parent
CATALOGUE = "workshop/translations/{lang}/LC_MESSAGES/messages.po"
LANGUAGES = ("fr",)


def _git_show(ref: str, path: str) -> bytes | None:
    shown = subprocess.run(  # nosec B603 B607
        ["git", "show", f"{ref}:{path}"], cwd=ROOT, capture_output=True, check=False
    )
    return shown.stdout if shown.returncode == 0 else None


def _translations(refs: list[str], path: str) -> dict:
    """Every translated, non-fuzzy string of the catalogues at these refs (first ref wins)."""
    known: dict = {}
    for ref in refs:
        content = _git_show(ref, path)
        if content is None:
            continue
        for message in read_po(io.BytesIO(content)):
            if message.id and message.string and not message.fuzzy:
                known.setdefault(message.id, message.string)
    return known


def _i18n(check: bool = True) -> None:
    subprocess.run(["sh", "scripts/i18n.sh"], cwd=ROOT, check=check)  # nosec B603 B607


def _fill(path: Path, known: dict) -> list:
    with path.open("rb") as handle:
        catalogue = read_po(handle)
    missing = []
    for message in catalogue:
        if not message.id:
            continue
        if message.fuzzy or not message.string or not all(message.string):
            if message.id in known:
                message.string = known[message.id]
                message.flags.discard("fuzzy")
            else:
                missing.append(message.id)
    with path.open("wb") as handle:
        write_po(handle, catalogue, width=76)
    return missing


def main(refs: list[str]) -> int:
    refs = refs or ["HEAD", "MERGE_HEAD"]
    for lang in LANGUAGES:
        path = CATALOGUE.format(lang=lang)
        (ROOT / path).write_bytes(_git_show(refs[0], path) or b"")
    _i18n(check=False)  # the compile step may refuse a fuzzy guess, filled in below
    missing = []
    for lang in LANGUAGES:
        path = CATALOGUE.format(lang=lang)
        missing += _fill(ROOT / path, _translations(refs, path))
    _i18n()
    for message_id in missing:
        print(f"untranslated: {message_id!r}")
    return 1 if missing else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
