"""The minutes sections of scenario and brainstorm activities, read from their boards.

What the minutes show is what the room saw: hidden, merged and deleted cards are left out
(merged ones live on in the card they were merged into). An answer's origin is a group.
Authors are printed only for named activities, in brackets after the text, by the rules of
services/card_authors.py: anonymous activities never carry a name, and a person who may not
be named is "a participant". Words are in the workshop's language (builders run in it).
"""

from babel.lists import format_list
from flask_babel import get_locale
from flask_babel import gettext as _

from workshop.domain.minutes import (
    Board,
    BrainstormSection,
    GroupAnswer,
    GroupSynthesis,
    Heading,
    Headings,
    Orientation,
    Prompt,
    ScenarioSection,
    Section,
    attributed,
)
from workshop.domain.richtext import rich_paragraphs as paragraphs
from workshop.domain.visibility import is_plenary
from workshop.kinds.boards import prompt_for
from workshop.models import Activity, Workshop
from workshop.services import boards
from workshop.services.boards import GroupBoard, HeadingView, author_names, group_boards
from workshop.services.minutes._sections import builds


def _plenary(workshop: Workshop, activity: Activity) -> bool:
    return is_plenary(activity.settings, bool(workshop.groups))


def _group_name(board: GroupBoard, plenary: bool) -> str:
    """Return the group an answer belongs to; answers of no sub-group get a name too."""
    if board.group is not None:
        return board.group.name
    return _("All participants") if plenary else _("Outside the groups")


def _origin_groups(view: HeadingView, own: str) -> tuple[str, ...]:
    """Return the groups a heading came from: its merge origins, else its own group."""
    recorded = [o.get("group") for o in view.card.origins or () if isinstance(o, dict)]
    names = tuple(dict.fromkeys(name for name in recorded if name))
    return names or ((own,) if own else ())


def _texts(items) -> tuple[str, ...]:
    return tuple(item.text for item in items)


def _signed(cards, authors: dict[int, str]) -> tuple[str, ...]:
    """Return the cards' texts, each followed by its author when the activity is named."""
    return tuple(_sign(card, authors) for card in cards)


def _sign(card, authors: dict[int, str]) -> str:
    if card.id not in authors:
        return card.text
    return attributed(card.text, authors[card.id] or _("a participant"))


def _heading(view: HeadingView, own: str, authors: dict[int, str]) -> Heading:
    """Return an answer's heading; its origin names only the other groups it came from."""
    others = [name for name in _origin_groups(view, own) if name != own]
    return Heading(
        _sign(view.card, authors),
        _signed(view.subpoints, authors),
        format_list(others, locale=get_locale()),  # "Groupe A et Groupe B"
        _texts(view.comments),
        also=tuple(view.also),
    )


def _body(board: GroupBoard, own: str, authors: dict[int, str]) -> Headings | Board:
    """Return a group's answer: headings, or board rows paired across columns (None: blank)."""
    if not board.is_board:
        return Headings(tuple(_heading(view, own, authors) for view in board.headings))
    rows = tuple(
        tuple(None if view is None else _heading(view, own, authors) for view in row)
        for row in board.rows
    )
    return Board(tuple(board.columns), rows)


# ---- scenario -----------------------------------------------------------------------------


def _prompts(workshop: Workshop, activity: Activity) -> tuple[Prompt, ...]:
    """Return one prompt per distinct text, with the groups that answered it, in group order."""
    by_text: dict[str, list[str]] = {}
    only = activity.group_id  # one group's scenario: only its own prompt
    for group in workshop.groups:
        if only is not None and group.id != only:
            continue
        text = prompt_for(activity, group.id).get("text", "").strip()
        if text:
            by_text.setdefault(text, []).append(group.name)
    return tuple(Prompt(tuple(names), text) for text, names in by_text.items())


@builds("scenario")
def scenario_sections(workshop: Workshop, activity: Activity) -> tuple[Section, ...]:
    """Return the scenario: its introduction, each group's prompt, answer and synthesis."""
    plenary = _plenary(workshop, activity)
    introduction = paragraphs(activity.settings.get("introduction") or "")
    prompts = () if plenary else _prompts(workshop, activity)
    if plenary:
        introduction += paragraphs(prompt_for(activity, None).get("text", ""))
    authors = author_names(workshop, activity)
    answers = tuple(
        GroupAnswer(
            name := _group_name(board, plenary),
            _body(board, name, authors),
            tuple(paragraphs(board.synthesis)),
            leaders=board.group.leaders if board.group is not None else "",
        )
        for board in group_boards(workshop, activity, moderation=False)
    )
    comments = _texts(boards.comments_of(activity).get(None, []))
    return (ScenarioSection(activity.title, introduction, prompts, answers, comments),)


# ---- brainstorm ---------------------------------------------------------------------------


def _orientation(view: HeadingView, own: str, authors: dict[int, str]) -> Orientation:
    return Orientation(
        _sign(view.card, authors),
        _signed(view.subpoints, authors),
        _origin_groups(view, own),
        _texts(view.comments),
        group=own,
        also=tuple(view.also),
    )


@builds("brainstorm")
def brainstorm_sections(workshop: Workshop, activity: Activity) -> tuple[Section, ...]:
    """Return the orientations with their sub-points, origins and comments, and syntheses."""
    plenary = _plenary(workshop, activity)
    every = group_boards(workshop, activity, moderation=False)
    orientations, syntheses = [], []
    authors = author_names(workshop, activity)
    for board in every:
        name = "" if plenary else _group_name(board, plenary)
        orientations += [_orientation(view, name, authors) for view in board.headings]
        if texts := paragraphs(board.synthesis):
            syntheses.append(GroupSynthesis(name or _group_name(board, True), texts))
    section = BrainstormSection(
        activity.title,
        introduction=tuple(paragraphs(activity.settings.get("introduction") or "")),
        question=activity.settings.get("question") or "",
        orientations=tuple(orientations),
        comments=_texts(boards.comments_of(activity).get(None, [])),
        syntheses=tuple(syntheses),
    )
    return (section,)
