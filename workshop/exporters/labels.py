"""The minutes' phrases composed from the document tree: which words, which parts, what order.

The words themselves come from the gettext catalogues, and dates, times, percents and lists
from Babel, through `Words` in the minutes' own language (exporters/words.py).
"""

from __future__ import annotations

import datetime
import functools
from dataclasses import dataclass

from workshop.domain.minutes import (
    Action,
    AgendaRow,
    Header,
    NextWorkshop,
    ParticipantCounts,
    Person,
    fold,
    group_by_category,
)
from workshop.exporters import categories
from workshop.exporters.words import Words

NOT_RUN = "—"  # the duration of an activity that did not run: a sign, the same in every language


def titled(words: Words, lead: str, title: str) -> str:
    """Return "lead : title" (French spacing) or "lead: title"; just `lead` without a title."""
    # TRANSLATORS: a heading made of a group's name and its own title, "Groupe A : en 2030".
    return words.gettext("%(lead)s: %(title)s", lead=lead, title=title) if title else lead


# --- Participants -------------------------------------------------------------------------


def people_by_category(words: Words, people: tuple[Person, ...]):
    """Group people by category, categories in the alphabetical order of their titles."""
    return group_by_category(people, functools.partial(categories.title, words))


def _breakdown(words: Words, counts: ParticipantCounts) -> str:
    by_size = sorted(
        counts.by_category,
        key=lambda kv: (kv[0] == "", -kv[1], fold(categories.title(words, kv[0]))),
    )
    return ", ".join(categories.counted(words, c, n) for c, n in by_size)


def participants_phrase(words: Words, counts: ParticipantCounts) -> str:
    """Return e.g. "19 participants, dont 11 nommés : 6 associations, 3 organismes publics".

    Categories go largest first, then alphabetically; uncategorised people count as "autres"
    (listed last), and the breakdown is left out when nobody has a category.
    """
    phrase = words.ngettext("%(num)s participant", "%(num)s participants", counts.total)
    if 0 < counts.named < counts.total:
        # TRANSLATORS: "19 participants, including 11 named" (people named in the minutes).
        named = words.ngettext("%(num)s named", "%(num)s named", counts.named)
        phrase = words.gettext("%(total)s, including %(named)s", total=phrase, named=named)
    if any(category for category, _ in counts.by_category):
        breakdown = _breakdown(words, counts)
        # TRANSLATORS: "19 participants: 6 associations, 3 public bodies".
        phrase = words.gettext("%(count)s: %(breakdown)s", count=phrase, breakdown=breakdown)
    return phrase


# --- Header -------------------------------------------------------------------------------


def time_span(words: Words, start: datetime.time | None, end: datetime.time | None) -> str:
    """Return "de 14h30 à 17h30", "à partir de 14h30", or "" when the start is unknown."""
    if start is None:
        return ""
    if end is None:
        return words.gettext("from %(start)s", start=words.time(start))
    return words.gettext("from %(start)s to %(end)s", start=words.time(start), end=words.time(end))


def meta_line(words: Words, header: Header) -> str:
    """Return "organiser – place – date, de 14h30 à 17h30", skipping unknown parts."""
    when = words.date(header.date) if header.date else ""
    when = ", ".join(part for part in (when, time_span(words, header.start, header.end)) if part)
    return " – ".join(part for part in (header.organiser, header.place, when) if part)


def follows_line(words: Words, header: Header) -> str:
    """Return "Suite de l'atelier « X » du <date>" for a follow-up workshop, else ""."""
    if not header.follows:
        return ""
    if header.follows_date is None:
        return words.gettext("Follows the workshop “%(title)s”", title=header.follows)
    date = words.date(header.follows_date)
    return words.gettext(
        "Follows the workshop “%(title)s” of %(date)s", title=header.follows, date=date
    )


def subtitle(header: Header) -> str:
    """Return "series – theme" (either may be missing)."""
    return " – ".join(part for part in (header.series, header.theme) if part)


# --- Tables -------------------------------------------------------------------------------


@dataclass(frozen=True)
class Table:
    header: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]


def _duration(words: Words, minutes: int | None) -> str:
    return NOT_RUN if minutes is None else words.gettext("%(minutes)s min", minutes=minutes)


def agenda_table(words: Words, rows: tuple[AgendaRow, ...]) -> Table:
    """Return the agenda as ran: activity, planned and actual minutes ("—" if it did not run)."""
    header = (words.gettext("Activity"), words.gettext("Planned"), words.gettext("Actual"))
    cells = tuple(
        (row.title, _duration(words, row.planned_minutes), _duration(words, row.actual_minutes))
        for row in rows
    )
    return Table(header, cells)


# --- Next steps ---------------------------------------------------------------------------


def next_date(words: Words, workshop: NextWorkshop) -> str:
    """Return "Date : mardi 3 février 2026" or "Date à fixer"."""
    if workshop.date is None:
        return words.gettext("Date to be set")
    return words.gettext("Date: %(date)s", date=words.date(workshop.date))


def action_scope(words: Words, action: Action) -> str:
    """Say who carries an action: one group, or transverse (shared by some groups)."""
    if action.group is not None:
        return words.gettext("Carried by: %(group)s", group=action.group)
    if action.shared_by:
        groups = words.join(action.shared_by)
        return words.gettext("Transverse action: %(groups)s", groups=groups)
    return words.gettext("Transverse action")


def referents_phrase(words: Words, action: Action) -> str:
    """Return "Référents : Name (organisation), Name"; "" when nobody is named."""
    if not action.referents:
        return ""
    people = [
        f"{r.person} ({r.organisation})" if r.organisation else r.person for r in action.referents
    ]
    return words.gettext("Referents: %(people)s", people=", ".join(people))
