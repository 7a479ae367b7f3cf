"""The orientations a vote is about: typed by the facilitator or taken from a board."""

import logging

from sqlalchemy import delete, func, select
from sqlalchemy.exc import IntegrityError

from workshop import events
from workshop.db import as_id, session, transaction
from workshop.domain.outline import parse_outline
from workshop.domain.text import TextError, clean_text
from workshop.models import Activity, Card, VoteCandidate, Workshop
from workshop.services import boards
from workshop.services.refusals import Conflict, FormErrors, NotFound
from workshop.services.voting._results import candidates_of

logger = logging.getLogger(__name__)
LABEL_MAX, SUBPOINT_MAX = 200, 500
MAX_CANDIDATES, MAX_SUBPOINTS = 100, 30


def add_typed_candidates(workshop: Workshop, activity: Activity, text) -> list[VoteCandidate]:
    """Add candidates typed one a line; an indented (or bulleted) line is a sub-point."""
    items = parse_outline(str(text or "")[:50_000])
    if not items:
        raise FormErrors({"candidates": ("required", {})})
    try:
        rows = [
            {
                "label": clean_text(item.heading, LABEL_MAX, required=True),
                "subpoints": [clean_text(s, SUBPOINT_MAX) for s in item.subpoints][:MAX_SUBPOINTS],
            }
            for item in items
        ]
    except TextError as error:
        raise FormErrors({"candidates": (error.code, {"limit": error.limit})}) from None
    return _add(workshop, activity, rows)


def import_candidates(
    workshop: Workshop, activity: Activity, source_id, only_marked: bool
) -> list[VoteCandidate]:
    """Take the headings of a board (only those marked as candidates, or all of them).

    Each keeps its sub-points and its groups of origin (every group of a heading
    merged across groups); a heading already imported is not taken twice, and a vote
    for one sub-group takes only the headings that group is among the origins of.
    """
    source = boards.board_activity(workshop, source_id)
    taken = {c.source_card_id for c in candidates_of(activity)}
    rows = [
        row
        for row in board_rows(workshop, activity, source, only_marked)
        if row["source_card_id"] not in taken
    ]
    if not rows:
        raise Conflict("nothing_to_import")
    return _add(workshop, activity, rows)


def board_rows(workshop: Workshop, activity: Activity, source: Activity, only_marked: bool):
    """Return the candidate rows a board's visible headings give, in the boards' order
    (a vote for one sub-group: only the headings that group is among the origins of)."""
    group_id = activity.group_id
    names = {g.id: g.name for g in workshop.groups}
    order = {g.id: i for i, g in enumerate(workshop.groups)}  # as the boards show them
    cards = [c for c in boards.cards_of(source) if c.visible and not c.hidden]
    subpoints: dict[int, list[str]] = {}
    for card in cards:
        if card.parent_id is not None:
            subpoints.setdefault(card.parent_id, []).append(card.text)
    headings = [
        c
        for c in sorted(
            cards, key=lambda c: (order.get(c.group_id, len(order)), c.column, c.row, c.id)
        )
        if c.parent_id is None
        and (c.candidate or not only_marked)
        and (not group_id or group_id in _origin_ids(c, names))
    ]
    return [_from_card(card, names, subpoints.get(card.id, [])) for card in headings]


def _origin_names(card: Card, names: dict) -> list[str]:
    """The card's groups of origin by name, in order, each once (its own group first)."""
    found = [names.get(card.group_id, "")]
    found += [str(o.get("group") or "") for o in card.origins or () if isinstance(o, dict)]
    return list(dict.fromkeys(n for n in found if n))


def _origin_ids(card: Card, names: dict) -> list[int]:
    ids = {name: group_id for group_id, name in names.items()}
    return [ids[n] for n in _origin_names(card, names) if n in ids]


def _from_card(card: Card, names: dict, subpoints: list[str]) -> dict:
    """A candidate from a heading: merged across groups, it keeps them all ("A + B")."""
    return {
        "label": card.text[:LABEL_MAX],
        "subpoints": subpoints[:MAX_SUBPOINTS],
        "origin_group_id": card.group_id,
        "origin_group_name": " + ".join(_origin_names(card, names))[:80],
        "origin_group_ids": _origin_ids(card, names),
        "source_card_id": card.id,
    }


def _add(workshop: Workshop, activity: Activity, rows: list[dict]) -> list[VoteCandidate]:
    return add_rows(workshop, activity, rows)


def add_rows(
    workshop: Workshop, activity: Activity, rows: list[dict], *, announce: bool = True
) -> list[VoteCandidate]:
    """Append candidate rows after the vote's last one (at most MAX_CANDIDATES in all)."""
    with transaction() as s:
        count, last = s.execute(
            select(func.count(VoteCandidate.id), func.max(VoteCandidate.position)).where(
                VoteCandidate.activity_id == activity.id
            )
        ).one()
        if count + len(rows) > MAX_CANDIDATES:
            raise Conflict("too_many", limit=MAX_CANDIDATES)
        start = -1 if last is None else last
        added = [
            VoteCandidate(activity_id=activity.id, position=start + i, **row)
            for i, row in enumerate(rows, start=1)
        ]
        s.add_all(added)
    if announce:
        events.vote_candidates_changed.send(workshop.id, activity_id=activity.id)
    logger.info(
        "workshop %s: %s candidates added to vote %s", workshop.join_code, len(added), activity.id
    )
    return added


def reword_candidate(workshop: Workshop, activity: Activity, candidate_id, text) -> VoteCandidate:
    """Reword a candidate: the ballot and the ranking show the new wording at once.

    Its first wording is kept (`reworded_from`, printed by the minutes as "initialement");
    from then on, renaming the card it came from no longer renames it. Rewording it back
    to its first wording makes it follow its card again.
    """
    number = as_id(candidate_id)
    candidate = session().get(VoteCandidate, number) if number else None
    if candidate is None or candidate.activity_id != activity.id:
        raise NotFound("unknown_candidate")
    try:
        label = clean_text(text, LABEL_MAX, required=True)
    except TextError as error:
        raise FormErrors({"label": (error.code, {"limit": error.limit})}) from None
    with transaction():
        first = candidate.reworded_from or candidate.label
        candidate.label = label
        candidate.reworded_from = "" if label == first else first
    events.vote_candidates_changed.send(workshop.id, activity_id=activity.id)
    logger.info("workshop %s: candidate %s reworded", workshop.join_code, candidate.id)
    return candidate


def _dismiss(activity: Activity, card_id: int | None) -> None:
    """Remember that the facilitator removed a candidate taken from a board, so that a
    vote following its source board does not take it again (voting/_source.py)."""
    if card_id is None:
        return
    settings = dict(activity.settings or {})
    settings["source_dismissed"] = sorted({*(settings.get("source_dismissed") or ()), card_id})
    activity.settings = settings


def remove_candidate(workshop: Workshop, activity: Activity, candidate_id) -> None:
    """Remove a candidate nobody voted for (the database keeps one with votes: they count)."""
    number = as_id(candidate_id)
    candidate = session().get(VoteCandidate, number) if number else None
    if candidate is None or candidate.activity_id != activity.id:
        raise NotFound("unknown_candidate")
    try:
        with transaction() as s:
            s.execute(delete(VoteCandidate).where(VoteCandidate.id == candidate.id))
            _dismiss(activity, candidate.source_card_id)
    except IntegrityError:  # a ballot points at it: the foreign key keeps it
        raise Conflict("candidate_has_votes") from None
    session().expire_all()
    events.vote_candidates_changed.send(workshop.id, activity_id=activity.id)
    logger.info("workshop %s: candidate %s removed", workshop.join_code, candidate_id)
