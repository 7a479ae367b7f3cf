"""The minutes (compte rendu) of a workshop as a pure, language-tagged document tree.

Everything here is plain text: renderers (Markdown, DOCX, HTML) do all the escaping.
Sequences given as lists are frozen into tuples, so a Minutes value is immutable and hashable.

Ranking convention, shared by every renderer: tied rows share the rank of the first of them
(standard competition ranking: 1, 2, 3, 3, 5) and show it with an equals sign ("3=").
"""

from __future__ import annotations

import datetime
import re
import unicodedata
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, fields, is_dataclass, replace
from typing import ClassVar

LANGS = ("fr", "en")
STATUSES = ("draft", "final")
VOTE_METHODS = ("dots", "ranking", "approval")
CODE = {"code": True}  # field metadata: a fixed code ("fr", "draft"...), not text to clean


def _freeze(value):
    """Turn lists (also nested in tuples) into tuples, leaving other values alone."""
    if isinstance(value, list | tuple):
        return tuple(_freeze(item) for item in value)
    return value


class _Frozen:
    """Mixin: after init, store every list field as a tuple (deeply)."""

    def __post_init__(self) -> None:
        for f in fields(self):
            object.__setattr__(self, f.name, _freeze(getattr(self, f.name)))


# --- Header and context -------------------------------------------------------------------


@dataclass(frozen=True)
class Header(_Frozen):
    title: str
    series: str = ""
    theme: str = ""
    organiser: str = ""
    date: datetime.date | None = None
    start: datetime.time | None = None
    end: datetime.time | None = None
    place: str = ""
    written_by: str = ""
    follows: str = ""  # the title of the workshop this one follows up (issue 5)
    follows_date: datetime.date | None = None


@dataclass(frozen=True)
class Context(_Frozen):
    theme: str = ""
    stakes: tuple[str, ...] = ()


# --- Participants -------------------------------------------------------------------------


@dataclass(frozen=True)
class Person(_Frozen):
    surname: str
    first_name: str = ""
    organisation: str = ""
    category: str = ""


@dataclass(frozen=True)
class Participants(_Frozen):
    """Named people plus the head count; `present` None means only the named were there."""

    people: tuple[Person, ...] = ()
    present: int | None = None
    by_category: bool = False


@dataclass(frozen=True)
class ParticipantCounts:
    total: int
    named: int
    by_category: tuple[tuple[str, int], ...]


_LIGATURES = str.maketrans({"œ": "oe", "Œ": "OE", "æ": "ae", "Æ": "AE", "ß": "ss"})


def fold(text: str) -> str:
    """Return text without accents or case, for sorting and comparing names."""
    decomposed = unicodedata.normalize("NFKD", text.translate(_LIGATURES))
    bare = "".join(c for c in decomposed if not unicodedata.combining(c))
    return bare.casefold().strip()


def person_sort_key(person: Person) -> tuple[str, str, str, str]:
    """Sort by surname, then first name, ignoring accents and case; exact text breaks ties."""
    return (fold(person.surname), fold(person.first_name), fold(person.organisation), str(person))


def sort_people(people: Iterable[Person]) -> tuple[Person, ...]:
    """Return people sorted by surname then first name (accent- and case-insensitive)."""
    return tuple(sorted(people, key=person_sort_key))


def display_name(person: Person) -> str:
    """Return "SURNAME Firstname", the way minutes list people."""
    return " ".join(part for part in (person.surname.upper(), person.first_name) if part)


def person_line(person: Person) -> str:
    """Return "SURNAME Firstname – organisation" (no dash when the organisation is unknown)."""
    name = display_name(person)
    return f"{name} – {person.organisation}" if person.organisation else name


def group_by_category(
    people: Iterable[Person], label: Callable[[str], str] = str
) -> tuple[tuple[str, tuple[Person, ...]], ...]:
    """Group sorted people by category, ordered by the categories' `label`; "" comes last."""
    groups: dict[str, list[Person]] = {}
    for person in sort_people(people):
        groups.setdefault(person.category, []).append(person)
    order = sorted(groups, key=lambda c: (c == "", fold(label(c))))
    return tuple((category, tuple(groups[category])) for category in order)


def count_participants(participants: Participants) -> ParticipantCounts:
    """Count present, named and named-per-category people.

    The total is never below the named count; per-category counts are by size, largest first,
    then alphabetically; named people without a category count under "".
    """
    named = len(participants.people)
    total = max(named, participants.present or 0)
    per_category = Counter(p.category for p in participants.people)
    ordered = sorted(per_category.items(), key=lambda kv: (kv[0] == "", -kv[1], fold(kv[0])))
    return ParticipantCounts(total, named, tuple(ordered))


# --- Agenda -------------------------------------------------------------------------------


@dataclass(frozen=True)
class AgendaRow(_Frozen):
    title: str
    planned_minutes: int | None = None
    actual_minutes: int | None = None


# --- Answers: headings with sub-points, or a board ---------------------------------------


@dataclass(frozen=True)
class Heading(_Frozen):
    text: str
    subpoints: tuple[str, ...] = ()
    origin: str = ""
    comments: tuple[str, ...] = ()


@dataclass(frozen=True)
class Headings(_Frozen):
    kind: ClassVar[str] = "headings"
    items: tuple[Heading, ...] = ()


@dataclass(frozen=True)
class Board(_Frozen):
    """Columns side by side; each row pairs one heading (or None: a blank cell) per column."""

    kind: ClassVar[str] = "board"
    columns: tuple[str, ...] = ()
    rows: tuple[tuple[Heading | None, ...], ...] = ()

    def __post_init__(self) -> None:
        super().__post_init__()
        for row in self.rows:
            if len(row) != len(self.columns):
                raise ValueError(f"board row has {len(row)} cells for {len(self.columns)} columns")


Body = Headings | Board


def attributed(text: str, author: str | None) -> str:
    """Return an answer's text with its author in brackets: "Lieu ouvert (Marie Dupont)".

    None means no attribution (anonymous activity, or typed by the facilitator); an empty
    author is the caller's "a participant" and should not reach here.
    """
    return f"{text} ({author})" if author else text


@dataclass(frozen=True)
class Prompt(_Frozen):
    groups: tuple[str, ...]
    text: str
    title: str = ""


@dataclass(frozen=True)
class GroupAnswer(_Frozen):
    group: str
    body: Body | None = None
    synthesis: tuple[str, ...] = ()
    title: str = ""


# --- Activity sections --------------------------------------------------------------------


@dataclass(frozen=True)
class IntroSection(_Frozen):
    kind: ClassVar[str] = "intro"
    title: str
    paragraphs: tuple[str, ...] = ()


@dataclass(frozen=True)
class ScenarioSection(_Frozen):
    kind: ClassVar[str] = "scenario"
    title: str
    introduction: tuple[str, ...] = ()
    prompts: tuple[Prompt, ...] = ()
    answers: tuple[GroupAnswer, ...] = ()


@dataclass(frozen=True)
class Orientation(_Frozen):
    heading: str
    subpoints: tuple[str, ...] = ()
    origins: tuple[str, ...] = ()
    comments: tuple[str, ...] = ()


@dataclass(frozen=True)
class GroupSynthesis(_Frozen):
    group: str
    paragraphs: tuple[str, ...] = ()


@dataclass(frozen=True)
class BrainstormSection(_Frozen):
    kind: ClassVar[str] = "brainstorm"
    title: str
    introduction: tuple[str, ...] = ()
    question: str = ""
    orientations: tuple[Orientation, ...] = ()
    comments: tuple[str, ...] = ()
    syntheses: tuple[GroupSynthesis, ...] = ()


@dataclass(frozen=True)
class RankRow(_Frozen):
    rank: int
    label: str
    score: int
    tied: bool = False
    retained: bool = False
    first_choices: int | None = None
    voters: int | None = None
    share: float | None = None


@dataclass(frozen=True)
class VoteSection(_Frozen):
    """A prioritisation: method is "dots", "ranking" or "approval"; budget is dots/choices each."""

    kind: ClassVar[str] = "vote"
    title: str
    method: str = field(default="dots", metadata=CODE)
    budget: int = 3
    voters: int = 0
    proxies: int = 0
    rows: tuple[RankRow, ...] = ()
    tie_note: str = ""
    cutoff_note: str = ""

    def __post_init__(self) -> None:
        super().__post_init__()
        if self.method not in VOTE_METHODS:
            raise ValueError(f"unknown vote method {self.method!r}")

    @property
    def retained(self) -> tuple[str, ...]:
        """Labels of the retained rows, in ranking order."""
        return tuple(row.label for row in self.rows if row.retained)


@dataclass(frozen=True)
class SpeedPair(_Frozen):
    """Two people who both want to follow up, both of whom may be named."""

    first: Person
    second: Person


@dataclass(frozen=True)
class ProjectGroup(_Frozen):
    """A project sub-group formed from mutual follow-ups: its named members, and how many
    others (who may not be named) are in it."""

    name: str
    members: tuple[Person, ...] = ()
    unnamed: int = 0


@dataclass(frozen=True)
class SpeedMeetingSection(_Frozen):
    """A speed meeting: the rounds held, the meetings, what came of them.

    `sides` names the two sides (empty in "everyone with everyone"); `meetings` counts
    pairs who met at a table; `marks` every "I'd like to follow up", `mutual` the pairs who
    marked each other, of whom `named_pairs` are those both of whom may be named.
    """

    kind: ClassVar[str] = "speed_meeting"
    title: str
    introduction: tuple[str, ...] = ()
    sides: tuple[str, ...] = ()
    rounds_planned: int = 0
    rounds_held: int = 0
    round_seconds: int = 0
    people: int = 0
    meetings: int = 0
    marks: int = 0
    mutual: int = 0
    named_pairs: tuple[SpeedPair, ...] = ()
    groups: tuple[ProjectGroup, ...] = ()


Section = IntroSection | ScenarioSection | BrainstormSection | VoteSection | SpeedMeetingSection


def rank_label(row: RankRow) -> str:
    """Return the rank as printed: "3" alone, "3=" when tied with another row."""
    return f"{row.rank}=" if row.tied else str(row.rank)


def has_ties(rows: Iterable[RankRow]) -> bool:
    """Tell whether any row shares its rank."""
    return any(row.tied for row in rows)


def cutoff_is_tied(rows: Iterable[RankRow]) -> bool:
    """Tell whether a retained and a non-retained row share a rank (a tie at the cut-off)."""
    rows = tuple(rows)
    retained = {row.rank for row in rows if row.retained}
    return any(row.rank in retained for row in rows if not row.retained)


# --- Next steps ---------------------------------------------------------------------------


@dataclass(frozen=True)
class NextWorkshop(_Frozen):
    date: datetime.date | None = None
    deepens: str = ""
    objectives: tuple[str, ...] = ()


@dataclass(frozen=True)
class Referent(_Frozen):
    person: str
    organisation: str = ""


@dataclass(frozen=True)
class Action(_Frozen):
    """An action carried by one group, or transverse (group None) and shared by `shared_by`."""

    title: str
    group: str | None = None
    shared_by: tuple[str, ...] = ()
    referents: tuple[Referent, ...] = ()
    contact: str = ""
    description: str = ""
    needs: tuple[str, ...] = ()

    @property
    def transverse(self) -> bool:
        """Tell whether no single group carries this action."""
        return self.group is None


@dataclass(frozen=True)
class NextSteps(_Frozen):
    next_workshop: NextWorkshop | None = None
    actions: tuple[Action, ...] = ()


# --- The document -------------------------------------------------------------------------


@dataclass(frozen=True)
class Minutes(_Frozen):
    """The whole compte rendu; `lang` is "fr" or "en", `status` "draft" or "final"."""

    header: Header
    lang: str = field(default="fr", metadata=CODE)
    status: str = field(default="draft", metadata=CODE)
    context: Context | None = None
    participants: Participants | None = None
    agenda: tuple[AgendaRow, ...] = ()
    sections: tuple[Section, ...] = ()
    next_steps: NextSteps | None = None

    def __post_init__(self) -> None:
        super().__post_init__()
        if self.lang not in LANGS:
            raise ValueError(f"unsupported language {self.lang!r}")
        if self.status not in STATUSES:
            raise ValueError(f"unknown status {self.status!r}")

    @property
    def is_draft(self) -> bool:
        """Tell whether the minutes still carry the draft marker."""
        return self.status == "draft"


# --- Emptiness: what renderers leave out --------------------------------------------------


def _filled(texts: Iterable[str]) -> bool:
    return any(text.strip() for text in texts)


_HAS_CONTENT = {
    Context: lambda n: _filled((n.theme, *n.stakes)),
    Participants: lambda n: count_participants(n).total > 0,
    Headings: lambda n: bool(n.items),
    Board: lambda n: bool(n.rows),
    GroupAnswer: lambda n: not is_empty(n.body) or _filled(n.synthesis),
    IntroSection: lambda n: _filled(n.paragraphs),
    ScenarioSection: lambda n: bool(
        _filled(n.introduction) or n.prompts or any(not is_empty(a) for a in n.answers)
    ),
    BrainstormSection: lambda n: bool(
        _filled((*n.introduction, n.question, *n.comments)) or n.orientations or n.syntheses
    ),
    VoteSection: lambda n: bool(n.rows),
    SpeedMeetingSection: lambda n: n.rounds_held > 0,
    NextWorkshop: lambda n: n.date is not None or _filled((n.deepens, *n.objectives)),
    NextSteps: lambda n: bool(n.actions) or not is_empty(n.next_workshop),
}


def is_empty(node: object) -> bool:
    """Tell whether a part of the minutes has nothing to show, so renderers omit its title.

    None is empty; a section with a title but no content is empty too.
    """
    if node is None:
        return True
    return not _HAS_CONTENT[type(node)](node)


def visible_sections(minutes: Minutes) -> tuple[Section, ...]:
    """Return the activity sections that have content, in agenda order."""
    return tuple(section for section in minutes.sections if not is_empty(section))


def visible_answers(section: ScenarioSection) -> tuple[GroupAnswer, ...]:
    """Return the group answers that have content."""
    return tuple(answer for answer in section.answers if not is_empty(answer))


# --- Text clean-up ------------------------------------------------------------------------

# Characters XML 1.0 forbids (C0 controls other than tab/newline/return, lone surrogates,
# U+FFFE/U+FFFF): python-docx and SVG would refuse them, so they never reach a document.
_NOT_XML = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def printable(text: str) -> str:
    """Drop the characters an XML document cannot hold."""
    return _NOT_XML.sub("", text)


def map_text(node, transform):
    """Return a copy of a minutes tree (or part of it) with `transform` applied to all its text.

    Code fields (language, status, vote method) are left alone.
    """
    if isinstance(node, str):
        return transform(node)
    if isinstance(node, tuple):
        return tuple(map_text(item, transform) for item in node)
    if is_dataclass(node) and not isinstance(node, type):
        texts = (f for f in fields(node) if not f.metadata.get("code"))
        return replace(node, **{f.name: map_text(getattr(node, f.name), transform) for f in texts})
    return node
