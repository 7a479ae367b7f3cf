"""The words of a speed meeting's section of the minutes, in the document's language.

Written with gettext (the interface's catalogues) rather than labels.py's dictionaries:
each renderer (DOCX, HTML, Markdown) lays out the same `SpeedWords`, so the wording
lives here once. Rendered under the minutes' language; outside an app (no catalogue
loaded) the English words are used.
"""

from __future__ import annotations

from dataclasses import dataclass

from flask_babel import force_locale, gettext, ngettext

from workshop.domain.minutes import SpeedMeetingSection, SpeedPair, person_line


@dataclass(frozen=True)
class GroupWords:
    title: str
    members: tuple[str, ...]


@dataclass(frozen=True)
class SpeedWords:
    """Plain texts: the renderers escape them."""

    summary: tuple[str, ...]
    pairs_title: str
    pairs: tuple[str, ...]
    pairs_note: str
    groups_title: str
    groups: tuple[GroupWords, ...]


def _duration(seconds: int) -> str:
    whole, rest = divmod(seconds, 60)
    if not whole:
        return gettext("%(s)s s", s=rest)
    if not rest:
        return gettext("%(m)s min", m=whole)
    return gettext("%(m)s min %(s)s s", m=whole, s=rest)


def _summary(section: SpeedMeetingSection) -> tuple[str, ...]:
    if section.sides:
        who = gettext(
            "Two sides met: %(a)s on one side, %(b)s on the other.",
            a=section.sides[0],
            b=section.sides[1],
        )
    else:
        who = gettext("Everyone met everyone.")
    duration, held = _duration(section.round_seconds), section.rounds_held
    if held < section.rounds_planned:
        rounds = ngettext(
            "%(num)s round of %(duration)s was held, out of %(planned)s planned.",
            "%(num)s rounds of %(duration)s were held, out of %(planned)s planned.",
            held,
            duration=duration,
            planned=section.rounds_planned,
        )
    else:
        rounds = ngettext(
            "%(num)s round of %(duration)s was held.",
            "%(num)s rounds of %(duration)s were held.",
            held,
            duration=duration,
        )
    met = ngettext(
        "%(num)s meeting took place between %(people)s participants.",
        "%(num)s meetings took place between %(people)s participants.",
        section.meetings,
        people=section.people,
    )
    marks = ngettext(
        "%(num)s wish to follow up was made.",
        "%(num)s wishes to follow up were made.",
        section.marks,
    )
    mutual = ngettext(
        "%(num)s pair wants to follow up together.",
        "%(num)s pairs want to follow up together.",
        section.mutual,
    )
    return (who, rounds, met, f"{marks} {mutual}")


def _pair(pair: SpeedPair) -> str:
    return f"{person_line(pair.first)} ↔ {person_line(pair.second)}"


def _group(group) -> GroupWords:
    members = tuple(person_line(p) for p in group.members)
    if group.unnamed:
        members += (
            ngettext(
                "and %(num)s participant who is not named",
                "and %(num)s participants who are not named",
                group.unnamed,
            ),
        )
    return GroupWords(group.name, members)


def speed_words(section: SpeedMeetingSection, lang: str) -> SpeedWords:
    """Return the texts of a speed meeting's section, in `lang`."""
    with force_locale(lang):
        unnamed = section.mutual - len(section.named_pairs)
        note = (
            ngettext(
                "%(num)s more pair is not named here.",
                "%(num)s more pairs are not named here.",
                unnamed,
            )
            if unnamed and section.named_pairs
            else ""
        )
        return SpeedWords(
            summary=_summary(section),
            pairs_title=gettext("Mutual follow-ups"),
            pairs=tuple(_pair(p) for p in section.named_pairs),
            pairs_note=note,
            groups_title=gettext("Project sub-groups formed"),
            groups=tuple(_group(g) for g in section.groups),
        )
