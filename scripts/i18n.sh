#!/bin/sh
# Keep the interface translations in step with the code: extract -> update -> compile.
#
#   scripts/i18n.sh            # from anywhere; uses .venv/bin/pybabel (override with PYBABEL=...)
#
# 1. extract  scans workshop/**.py and templates/**.html (rules in babel.cfg), the minutes' words
#             included, for _(), gettext(), ngettext(), pgettext() and lazy_gettext()/_l() into
#             workshop/translations/messages.pot.
# 2. update   merges that template into every catalogue (workshop/translations/<lang>/LC_MESSAGES/messages.po):
#             new strings arrive with an empty msgstr, reworded ones with a "#, fuzzy" guess, and
#             strings gone from the code are dropped.
# 3. compile  writes messages.mo next to each .po. The .mo files are committed: Flask-Babel reads them.
#
# Then: translate every empty msgstr and check every "#, fuzzy" entry (remove the flag once it is right;
# fuzzy entries are NOT compiled, so the French page would show English), keep %(name)s placeholders
# as they are, and run this script again so the .mo matches the .po.
# Only French has a catalogue: the msgids are English, and English pages fall back to them.
# tests/test_translations.py fails on an untranslated or fuzzy string, a changed placeholder or a stale
# .mo; it extracts with the same babel.cfg and the same extra keywords (_l, lazy_gettext) as below.
#
# First catalogue of a new language:  $PYBABEL init -i workshop/translations/messages.pot \
#                                        -d workshop/translations -l <lang>
set -eu

cd "$(dirname "$0")/.."
PYBABEL=${PYBABEL:-.venv/bin/pybabel}
DIR=workshop/translations

"$PYBABEL" --quiet extract -F babel.cfg -k _l -k lazy_gettext --add-comments=TRANSLATORS: \
    --project=workshop -o "$DIR/messages.pot" .
"$PYBABEL" --quiet update --ignore-obsolete -i "$DIR/messages.pot" -d "$DIR"
"$PYBABEL" compile --statistics -d "$DIR"
