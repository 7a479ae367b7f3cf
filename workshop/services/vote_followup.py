"""After a vote: a run-off among orientations tied across the cut-off, and a follow-up
workshop that carries the retained orientations on.

Follow-up (a design choice): a new *draft* workshop, linked back by a `follow_ups` row.
It copies the first one's series, theme, stakes (context), place, organiser and
categories, and its agenda gets, after the welcome, a plenary brainstorm holding the
retained orientations as headings (in rank order, marked as vote candidates), with
their sub-points and their group of origin (in the cards' `origins`, since the new
workshop has groups of its own). The facilitator then edits it like any workshop.
"""

import logging

from sqlalchemy import select

from workshop import events
from workshop.db import session, transaction
from workshop.domain import voting
from workshop.models import Activity, Card, FollowUp, VoteCandidate, Workshop
from workshop.services import agenda, workshops
from workshop.services.errors import ServiceError
from workshop.services.vote_results import result_of
from workshop.services.voting import CLOSED, candidates_of, state_of, vote_of

logger = logging.getLogger(__name__)
RUNOFF_TITLE = {"fr": "Départage : %s", "en": "Run-off: %s"}
FOLLOW_UP_TITLE = {"fr": "%s (suite)", "en": "%s (follow-up)"}
RETAINED_TITLE = {"fr": "Orientations retenues", "en": "Retained orientations"}
FOLLOWS = {"fr": "Suite de l'atelier « %s »%s.", "en": "Follows the workshop “%s”%s."}


def _closed_result(activity: Activity) -> voting.Result:
    if state_of(vote_of(activity)) != CLOSED:
        raise ServiceError("close_vote_first", status=409)
    return result_of(activity)


def create_runoff(workshop: Workshop, activity: Activity) -> Activity:
    """Add, right after a closed vote, a vote among the orientations tied across its cut-off.

    The run-off keeps the vote's settings and retains the seats left to fill
    (voting.runoff_seats); its candidates keep their sub-points and group of origin.
    """
    result = _closed_result(activity)
    tied = {row.candidate_id for row in voting.runoff_candidates(result)}
    if not tied:
        raise ServiceError("no_runoff", status=409)
    if len(workshop.activities) >= agenda.MAX_ACTIVITIES:
        raise ServiceError("too_many_activities", limit=agenda.MAX_ACTIVITIES)
    settings = {**activity.settings, "retain": voting.runoff_seats(result)}
    title = RUNOFF_TITLE.get(workshop.language, "%s") % activity.title
    with transaction() as s:
        for other in workshop.activities:
            if other.position > activity.position:
                other.position += 1
        runoff = Activity(
            kind="vote",
            title=title[:200],
            instruction=activity.instruction,
            planned_minutes=activity.planned_minutes,
            settings=settings,
            position=activity.position + 1,
        )
        workshop.activities.append(runoff)
        s.flush()
        workshop.activities.sort(key=lambda a: (a.position, a.id))
        for i, candidate in enumerate(c for c in candidates_of(activity) if c.id in tied):
            s.add(_copy(candidate, runoff.id, i))
    events.agenda_edited.send(workshop.id)
    events.vote_candidates_changed.send(workshop.id, activity_id=runoff.id)
    logger.info("workshop %s: run-off %s after vote %s", workshop.join_code, runoff.id, activity.id)
    return runoff


def _copy(candidate: VoteCandidate, activity_id: int, position: int) -> VoteCandidate:
    return VoteCandidate(
        activity_id=activity_id,
        label=candidate.label,
        subpoints=list(candidate.subpoints or []),
        origin_group_id=candidate.origin_group_id,
        origin_group_name=candidate.origin_group_name,
        source_card_id=candidate.source_card_id,
        position=position,
    )


def create_follow_up(workshop: Workshop, activity: Activity) -> tuple[Workshop, str]:
    """Create a draft workshop carrying a closed vote's retained orientations; see the module.

    Returns the new workshop and its facilitator secret (shown once).
    """
    result = _closed_result(activity)
    if not result.retained:
        raise ServiceError("nothing_retained", status=409)
    language = workshop.language
    new, secret = workshops.create_workshop(_fields(workshop))
    by_id = {c.id: c for c in candidates_of(activity)}
    retained = [by_id[i] for i in result.retained]
    with transaction() as s:
        s.add(
            FollowUp(
                workshop_id=new.id, follows_workshop_id=workshop.id, vote_activity_id=activity.id
            )
        )
        brainstorm = Activity(
            kind="brainstorm",
            title=RETAINED_TITLE.get(language, RETAINED_TITLE["en"]),
            position=1,
            settings={"mode": "plenary", "question": "", "introduction": ""},
        )
        new.activities.append(brainstorm)
        s.flush()
        for row, candidate in enumerate(retained):
            _carry(s, brainstorm, candidate, row)
    events.agenda_edited.send(new.id)
    logger.info("workshop %s: follow-up %s created", workshop.join_code, new.join_code)
    return new, secret


def _fields(workshop: Workshop) -> dict:
    language = workshop.language
    when = f" ({workshop.date.isoformat()})" if workshop.date else ""
    follows = FOLLOWS.get(language, FOLLOWS["en"]) % (workshop.title, when)
    title = FOLLOW_UP_TITLE.get(language, "%s") % workshop.title
    return {
        "title": title[:200],
        "series_label": workshop.series_label,
        "theme": workshop.theme,
        "context": "\n\n".join(t for t in (workshop.context, follows) if t)[:20000],
        "place": workshop.place,
        "organiser": workshop.organiser,
        "minutes_author": workshop.minutes_author,
        "language": language,
        "allow_anonymous": "1" if workshop.allow_anonymous else "",
        "categories": "\n".join(workshop.categories or []),
    }


def _carry(s, brainstorm: Activity, candidate: VoteCandidate, row: int) -> None:
    """Write one retained orientation as a heading with its sub-points and origin."""
    origins = [{"group": candidate.origin_group_name, "authors": []}]
    heading = Card(
        activity_id=brainstorm.id,
        row=row,
        text=candidate.label,
        by_facilitator=True,
        candidate=True,
        origins=origins if candidate.origin_group_name else [],
    )
    s.add(heading)
    s.flush()
    for position, text in enumerate(candidate.subpoints or [], start=1):
        s.add(
            Card(
                activity_id=brainstorm.id,
                parent_id=heading.id,
                row=row,
                position=position,
                text=text,
                by_facilitator=True,
            )
        )


def follow_up_of(workshop: Workshop) -> FollowUp | None:
    """Return the link to the workshop this one follows, if any."""
    return session().scalar(select(FollowUp).where(FollowUp.workshop_id == workshop.id))
