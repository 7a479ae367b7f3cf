"""The words of a speed meeting's section of the minutes, in the document's language.

The wording lives here once, from the gettext catalogues through the minutes' `Words`
(exporters/words.py); each renderer (DOCX, HTML, Markdown) lays out the same
`SpeedWords`, in a function of its own.
"""

from __future__ import annotations

from dataclasses import dataclass

from workshop.domain.minutes import ProjectGroup, SpeedMeetingSection, SpeedPair, person_line
from workshop.exporters.words import Words


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


def _duration(words: Words, seconds: int) -> str:
    whole, rest = divmod(seconds, 60)
    if not whole:
        return words.gettext("%(s)s s", s=rest)
    if not rest:
        return words.gettext("%(m)s min", m=whole)
    return words.gettext("%(m)s min %(s)s s", m=whole, s=rest)


def _rounds(words: Words, section: SpeedMeetingSection) -> str:
    duration, held = _duration(words, section.round_seconds), section.rounds_held
    if held < section.rounds_planned:
        return words.ngettext(
            "%(num)s round of %(duration)s was held, out of %(planned)s planned.",
            "%(num)s rounds of %(duration)s were held, out of %(planned)s planned.",
            held,
            duration=duration,
            planned=section.rounds_planned,
        )
    return words.ngettext(
        "%(num)s round of %(duration)s was held.",
        "%(num)s rounds of %(duration)s were held.",
        held,
        duration=duration,
    )


def _summary(words: Words, section: SpeedMeetingSection) -> tuple[str, ...]:
    if section.sides:
        who = words.gettext(
            "Two sides met: %(a)s on one side, %(b)s on the other.",
            a=section.sides[0],
            b=section.sides[1],
        )
    else:
        who = words.gettext("Everyone met everyone.")
    met = words.ngettext(
        "%(num)s meeting took place between %(people)s participants.",
        "%(num)s meetings took place between %(people)s participants.",
        section.meetings,
        people=section.people,
    )
    return (who, _rounds(words, section), met, _follow_ups(words, section))


def _follow_ups(words: Words, section: SpeedMeetingSection) -> str:
    """The wishes to follow up and the mutual ones, said as a writer would say none."""
    if not section.marks:
        return words.gettext("Nobody asked to follow up.")
    marks = words.ngettext(
        "%(num)s wish to follow up was made.",
        "%(num)s wishes to follow up were made.",
        section.marks,
    )
    if not section.mutual:
        none = words.gettext("None of them was mutual.")
        return f"{marks} {none}"
    mutual = words.ngettext(
        "%(num)s pair wants to follow up together.",
        "%(num)s pairs want to follow up together.",
        section.mutual,
    )
    return f"{marks} {mutual}"


def _pair(pair: SpeedPair) -> str:
    return f"{person_line(pair.first)} ↔ {person_line(pair.second)}"


def _group(words: Words, group: ProjectGroup) -> GroupWords:
    members = tuple(person_line(p) for p in group.members)
    if group.unnamed:
        members += (
            words.ngettext(
                "and %(num)s participant who is not named",
                "and %(num)s participants who are not named",
                group.unnamed,
            ),
        )
    return GroupWords(group.name, members)


def speed_words(words: Words, section: SpeedMeetingSection) -> SpeedWords:
    """Return the texts of a speed meeting's section, in the minutes' language."""
    unnamed = section.mutual - len(section.named_pairs)
    note = ""
    if unnamed and section.named_pairs:
        note = words.ngettext(
            "%(num)s more pair is not named here.",
            "%(num)s more pairs are not named here.",
            unnamed,
        )
    return SpeedWords(
        summary=_summary(words, section),
        pairs_title=words.gettext("Mutual follow-ups"),
        pairs=tuple(_pair(p) for p in section.named_pairs),
        pairs_note=note,
        groups_title=words.gettext("Project sub-groups formed"),
        groups=tuple(_group(words, g) for g in section.groups),
    )
