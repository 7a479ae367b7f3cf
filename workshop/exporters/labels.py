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
    GroupInfo,
    Header,
    NextWorkshop,
    Outline,
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


# --- The outline's parts ------------------------------------------------------------------


def default_titles(words: Words) -> dict[str, str]:
    """Return each part's own title in the minutes' language ("" for the activities)."""
    return {
        "context": words.gettext("Context and stakes"),
        "participants": words.gettext("Participants"),
        "groups": words.gettext("Groups and their leaders"),
        "agenda": words.gettext("Agenda as it ran"),
        "introduction": words.gettext("Introduction"),
        "activities": "",
        "closing": words.gettext("Closing note"),
        "next_steps": words.gettext("Next steps"),
    }


def part_title(words: Words, outline: Outline, key: str) -> str:
    """Return a part's title: the facilitator's, else the document's own words."""
    return outline.title_of(key, default_titles(words)[key])


def group_line(words: Words, group: GroupInfo) -> str:
    """Return "Groupe 1 : animé par Alice (Asso) et Bob (SARL)"."""
    return words.gettext("%(group)s: led by %(leaders)s", group=group.name, leaders=group.leaders)


def leaders_line(words: Words, leaders: str) -> str:
    """Return "Animé par : Alice (Asso) et Bob (SARL)"."""
    return words.gettext("Led by: %(leaders)s", leaders=leaders)


# --- Participants -------------------------------------------------------------------------


def people_by_category(words: Words, people: tuple[Person, ...]):
    """Group people by category, categories in the alphabetical order of their titles."""
    return group_by_category(people, functools.partial(categories.title, words))


def _breakdown(words: Words, counts: ParticipantCounts) -> str:
    by_size = sorted(
        counts.by_category,
        key=lambda kv: (kv[0] == "", -kv[1], fold(categories.title(words, kv[0]))),
    )
    return words.join(categories.counted(words, c, n) for c, n in by_size)


def participants_phrase(words: Words, counts: ParticipantCounts) -> str:
    """Return e.g. "120 participants, dont 40 associations, 30 entreprises et 50 de catégorie
    non renseignée".

    Everyone present is counted, named or not. Categories go largest first, then
    alphabetically; people without a category come last ("non renseignée"), and the
    breakdown is left out when nobody has a category.
    """
    phrase = words.ngettext("%(num)s participant", "%(num)s participants", counts.total)
    if any(category for category, _ in counts.by_category):
        breakdown = _breakdown(words, counts)
        # TRANSLATORS: "120 participants, including 40 associations and 30 companies".
        phrase = words.gettext(
            "%(count)s, including %(breakdown)s", count=phrase, breakdown=breakdown
        )
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
    """Return "Date : mardi 3 février 2026", "Date : novembre 2026", "Date : à fixer" (as
    typed), or "Date à fixer"."""
    if workshop.date is not None:
        return words.gettext("Date: %(date)s", date=words.date(workshop.date))
    if workshop.month is not None:
        return words.gettext("Date: %(date)s", date=words.month(workshop.month))
    if workshop.when.strip():
        return words.gettext("Date: %(date)s", date=workshop.when)
    return words.gettext("Date to be set")


def action_scope(words: Words, action: Action) -> str:
    """Say who carries an action: one group, or transverse (shared by some groups)."""
    if action.group is not None:
        return words.gettext("Carried by: %(group)s", group=action.group)
    if action.shared_by:
        groups = words.join(action.shared_by)
        return words.gettext("Transverse action: %(groups)s", groups=groups)
    return words.gettext("Transverse action")


def referents_phrase(words: Words, action: Action) -> str:
    """Return "Référents : Name (organisation), Mairie"; "" when nobody is named."""
    people = [referent.text for referent in action.referents if referent.text]
    if not people:
        return ""
    return words.gettext("Referents: %(people)s", people=", ".join(people))
