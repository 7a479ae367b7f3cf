"""Fill French translations from a JSON file of {msgid: msgstr or [singular, plural]}.

Used with scripts/i18n.sh: extract, fill what is new, compile.
    .venv/bin/python scripts/translate.py new.json
"""

import json
import sys

from babel.messages.pofile import read_po, write_po

PO = "workshop/translations/fr/LC_MESSAGES/messages.po"


def main(path: str) -> None:
    with open(path, encoding="utf-8") as handle:
        wanted = json.load(handle)
    with open(PO, "rb") as handle:
        catalog = read_po(handle)
    for message in catalog:
        key = message.id[0] if isinstance(message.id, tuple) else message.id
        if key in wanted:
            value = wanted[key]
            message.string = tuple(value) if isinstance(value, list) else value
            message.flags.discard("fuzzy")
    with open(PO, "wb") as handle:
        write_po(handle, catalog, width=100)


if __name__ == "__main__":
    main(sys.argv[1])
