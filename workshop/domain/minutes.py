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
# The locale each language of the minutes is written in (dates, lists, spelling): the English
# is British ("Tuesday 1 April", no comma before "and").
LOCALES = {"fr": "fr_FR", "en": "en_GB"}
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

    @property
    def subtitle(self) -> str:
        """Return "series – theme" (either may be missing)."""
        return " – ".join(part for part in (self.series, self.theme) if part)


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
    role: str = ""  # what they came as (printed where the outline chooses)


@dataclass(frozen=True)
class Participants(_Frozen):
    """Named people plus the head count; `present` None means only the named were there.

    `categories` counts everyone present by category, named or not ("" for no category
    given); when left empty, the named people's categories are counted and the others
    present go under "" (their category is not known here).
    """

    people: tuple[Person, ...] = ()
    present: int | None = None
    by_category: bool = False
    categories: tuple[tuple[str, int], ...] = ()


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
    """Return "SURNAME Firstname – organisation (role)"; unknown parts are left out."""
    name = display_name(person)
    line = f"{name} – {person.organisation}" if person.organisation else name
    return f"{line} ({person.role})" if person.role else line


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
    """Count present and named people, and everyone present by category.

    Categories count everyone present, named or not: the `categories` given, else the named
    people's and the unnamed rest under "" (category not given). The total is never below
    the named count nor the categories' sum; categories go by size, largest first, then
    alphabetically, "" last.
    """
    named = len(participants.people)
    per_category = Counter(dict(participants.categories))
    if not participants.categories:
        per_category = Counter(p.category for p in participants.people)
        per_category[""] += max(0, (participants.present or 0) - named)
    total = max(named, participants.present or 0, sum(per_category.values()))
    counted = {k: v for k, v in per_category.items() if v > 0}
    ordered = sorted(counted.items(), key=lambda kv: (kv[0] == "", -kv[1], fold(kv[0])))
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
    also: tuple[str, ...] = ()  # the texts of headings merged into this one


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
    leaders: str = ""  # who led the group ("Alice (Asso) et Bob (SARL)"), as typed


@dataclass(frozen=True)
class GroupInfo(_Frozen):
    """A sub-group of the workshop and who leads it (an association–company pair...)."""

    name: str
    leaders: str = ""


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
    comments: tuple[str, ...] = ()  # on the whole scenario


@dataclass(frozen=True)
class Orientation(_Frozen):
    heading: str
    subpoints: tuple[str, ...] = ()
    origins: tuple[str, ...] = ()
    comments: tuple[str, ...] = ()
    group: str = ""  # the group whose board it is on ("" in plenary)
    also: tuple[str, ...] = ()  # the texts of orientations merged into this one


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
    original: str = ""  # the wording before the facilitator reworded it ("" if not)


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
    introduction: tuple[str, ...] = ()  # what the facilitator asked (rich text)
    max_per_candidate: int = 1  # dots one person may put on one orientation
    retain: int = 0  # how many orientations the rules retain (0: not said)
    group: str = ""  # the one sub-group that voted ("": everyone)

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
    """The next meeting: a full `date`, or only a `month` (its day ignored), or `when` in
    words ("à fixer"); the most precise given wins."""

    date: datetime.date | None = None
    deepens: str = ""
    objectives: tuple[str, ...] = ()
    month: datetime.date | None = None
    when: str = ""


@dataclass(frozen=True)
class Referent(_Frozen):
    """Who carries an action: a person, an organisation, or both."""

    person: str = ""
    organisation: str = ""

    @property
    def text(self) -> str:
        """Return "Name (organisation)", "Name" or "organisation"."""
        if self.person and self.organisation:
            return f"{self.person} ({self.organisation})"
        return self.person or self.organisation


@dataclass(frozen=True)
class Need(_Frozen):
    """A need of an action, with its sub-items (one level)."""

    text: str
    items: tuple[str, ...] = ()


@dataclass(frozen=True)
class Action(_Frozen):
    """An action carried by one group, or transverse (group None) and shared by `shared_by`."""

    title: str
    group: str | None = None
    shared_by: tuple[str, ...] = ()
    referents: tuple[Referent, ...] = ()
    contact: str = ""
    description: str = ""
    needs: tuple[Need, ...] = ()

    def __post_init__(self) -> None:
        super().__post_init__()
        needs = tuple(Need(n) if isinstance(n, str) else n for n in self.needs)
        object.__setattr__(self, "needs", needs)

    @property
    def transverse(self) -> bool:
        """Tell whether no single group carries this action."""
        return self.group is None


@dataclass(frozen=True)
class NextSteps(_Frozen):
    next_workshop: NextWorkshop | None = None
    actions: tuple[Action, ...] = ()


# --- The outline: the facilitator's order, titles and choices (see minutes_outline.py) -----

OUTLINE_PARTS = (
    "context",
    "participants",
    "groups",
    "agenda",
    "introduction",
    "activities",
    "closing",
    "next_steps",
)
OUTLINE_OPTIONS = {
    "comments": True,  # comments on answers and on whole activities
    "charts": True,  # the bar chart under each ranking
    "roles": False,  # a person's role after their name
    "leaders": True,  # who leads each group
    "original_wording": True,  # "(initialement « ... »)" after a reworded candidate
}


@dataclass(frozen=True)
class Part(_Frozen):
    """One part of the document: its key, its title ("": the default words), shown or not."""

    key: str = field(metadata=CODE)
    title: str = ""
    shown: bool = True


@dataclass(frozen=True)
class Outline(_Frozen):
    """The whole outline; `title` is the document's title ("": the default)."""

    title: str = ""
    parts: tuple[Part, ...] = tuple(Part(key) for key in OUTLINE_PARTS)
    comments: bool = True
    charts: bool = True
    roles: bool = False
    leaders: bool = True
    original_wording: bool = True

    def part(self, key: str) -> Part:
        """Return the part `key` (a default one if this outline lacks it)."""
        return next((part for part in self.parts if part.key == key), Part(key))

    def shows(self, key: str) -> bool:
        """Tell whether the part `key` is in the document."""
        return self.part(key).shown

    def title_of(self, key: str, default: str) -> str:
        """Return the facilitator's title for a part, else `default`."""
        return self.part(key).title.strip() or default


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
    outline: Outline = Outline()
    introduction: tuple[str, ...] = ()  # the facilitator's, before the activities (rich)
    closing: tuple[str, ...] = ()  # after them (rich)
    groups: tuple[GroupInfo, ...] = ()

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
    # A theme alone is already in the title block: the context shows with stakes only.
    Context: lambda n: _filled(n.stakes),
    Participants: lambda n: count_participants(n).total > 0,
    Headings: lambda n: bool(n.items),
    Board: lambda n: bool(n.rows),
    GroupAnswer: lambda n: not is_empty(n.body) or _filled(n.synthesis),
    IntroSection: lambda n: _filled(n.paragraphs),
    ScenarioSection: lambda n: bool(
        _filled((*n.introduction, *n.comments))
        or n.prompts
        or any(not is_empty(a) for a in n.answers)
    ),
    BrainstormSection: lambda n: bool(
        _filled((*n.introduction, n.question, *n.comments)) or n.orientations or n.syntheses
    ),
    VoteSection: lambda n: bool(n.rows),
    SpeedMeetingSection: lambda n: n.rounds_held > 0,
    NextWorkshop: lambda n: bool(n.date or n.month or _filled((n.when, n.deepens, *n.objectives))),
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


# --- The outline's options: what they leave out -------------------------------------------

_OPTION_FIELDS = {
    "comments": {
        Heading: ("comments",),
        Orientation: ("comments",),
        BrainstormSection: ("comments",),
        ScenarioSection: ("comments",),
    },
    "roles": {Person: ("role",)},
    "leaders": {GroupAnswer: ("leaders",), GroupInfo: ("leaders",)},
    "original_wording": {RankRow: ("original",)},
}


def _cleared(node, clear: dict):
    """Return a copy of a tree with the `clear` ({type: fields}) fields emptied."""
    if isinstance(node, tuple):
        return tuple(_cleared(item, clear) for item in node)
    if not is_dataclass(node) or isinstance(node, type):
        return node
    changes = {
        f.name: _cleared(getattr(node, f.name), clear) for f in fields(node) if f.name != "outline"
    }
    for name in clear.get(type(node), ()):
        changes[name] = type(getattr(node, name))()
    return replace(node, **changes)


def shaped(minutes: Minutes) -> Minutes:
    """Return the minutes without what the outline's options leave out.

    Comments, roles, group leaders and original wordings are emptied when their option is
    off; charts are the renderers' (they read `minutes.outline.charts`).
    """
    clear: dict = {}
    for option, by_type in _OPTION_FIELDS.items():
        if not getattr(minutes.outline, option):
            for kind, names in by_type.items():
                clear[kind] = clear.get(kind, ()) + names
    return _cleared(minutes, clear) if clear else minutes


def led_groups(minutes: Minutes) -> tuple[GroupInfo, ...]:
    """Return the groups that have leaders, in their order."""
    return tuple(group for group in minutes.groups if group.leaders.strip())


# --- How answers sit under their groups --------------------------------------------------


@dataclass(frozen=True)
class GroupPart:
    """One group in a scenario: its heading's title, its own prompt ("" when shared), its
    answer (None when it gave none)."""

    group: str
    title: str = ""
    prompt: str = ""
    answer: GroupAnswer | None = None


def shared_prompt(section: ScenarioSection) -> str:
    """Return the one prompt every group answered, or "" when groups had different ones."""
    texts = {prompt.text for prompt in section.prompts}
    return section.prompts[0].text if len(texts) == 1 else ""


def scenario_groups(section: ScenarioSection) -> tuple[GroupPart, ...]:
    """Return each group with its prompt (when prompts differ) and its answer, so a group's
    prompt sits with what it answered; groups in answer order, then prompt-only ones."""
    answers = {answer.group: answer for answer in visible_answers(section)}
    prompts = {group: prompt for prompt in section.prompts for group in prompt.groups}
    shared = bool(shared_prompt(section))
    names = dict.fromkeys([*answers, *prompts])
    return tuple(
        GroupPart(
            name,
            (answers[name].title if name in answers else "")
            or prompts.get(name, Prompt((), "")).title,
            "" if shared or name not in prompts else prompts[name].text,
            answers.get(name),
        )
        for name in names
    )


def orientations_by_group(
    section: BrainstormSection,
) -> tuple[tuple[str, tuple[Orientation, ...]], ...]:
    """Group a brainstorm's orientations under the groups that wrote them, when several
    groups answered; () when one group or the whole room did (a flat list then)."""
    by_group: dict[str, list[Orientation]] = {}
    for orientation in section.orientations:
        by_group.setdefault(orientation.group, []).append(orientation)
    if len([name for name in by_group if name]) < 2:
        return ()
    return tuple((name, tuple(items)) for name, items in by_group.items())
