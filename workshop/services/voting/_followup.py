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

from flask_babel import force_locale
from flask_babel import gettext as _
from sqlalchemy import select

from workshop import events
from workshop.db import session, transaction
from workshop.domain import voting
from workshop.domain.text import TextError, clean_text
from workshop.models import Activity, Card, FollowUp, VoteCandidate, VoteRunoff, Workshop
from workshop.services import agenda, workshops
from workshop.services.refusals import Conflict, FormErrors, Refused
from workshop.services.voting._results import (
    candidates_of,
    result_of,
    rules_of,
    state_of,
    vote_of,
)
from workshop.services.voting._tap import CLOSED
from workshop.services.voting._votes import open_vote

logger = logging.getLogger(__name__)


def _runoff_texts(language: str, vote_title: str) -> tuple[str, str]:
    """Return a run-off's title and instruction, in its workshop's language."""
    with force_locale(language):
        title = _("Run-off: %(title)s", title=vote_title)
        # The vote's own instruction would describe its budget ("three dots each"), not the
        # run-off's.
        instruction = _(
            "A second round between the orientations tied at the cut-off: the rules are below."
        )
    return title, instruction


def _closed_result(activity: Activity) -> voting.Result:
    if state_of(vote_of(activity)) != CLOSED:
        raise Conflict("close_vote_first")
    return result_of(activity)


def create_runoff(workshop: Workshop, activity: Activity) -> Activity:
    """Add, right after a closed vote, a vote among the orientations tied across its cut-off.

    The run-off retains the seats left to fill, with a ballot that fits them
    (voting.runoff_rules); its candidates keep their sub-points and group of origin,
    and a `vote_runoffs` row links it to the vote it settles. When the workshop is
    live, the agenda moves to it and it opens at once: one click, and the phones get
    the run-off ballot.
    """
    result = _closed_result(activity)
    tied = {row.candidate_id for row in voting.runoff_candidates(result)}
    if not tied:
        raise Conflict("no_runoff")
    if runoff_after(activity) is not None:  # a double click, a second tab
        raise Conflict("runoff_exists")
    if tie_decision(activity) is not None:  # the facilitator settled it already
        raise Conflict("tie_settled")
    if len(workshop.activities) >= agenda.MAX_ACTIVITIES:
        raise Conflict("too_many_activities", limit=agenda.MAX_ACTIVITIES)
    rules = voting.runoff_rules(rules_of(activity, vote_of(activity)), result)
    # Its candidates are the tied ones, copied below: it takes nothing from a board (the
    # vote's "previous" board would otherwise be the run-off's too, and fill its ballot).
    settings = {**activity.settings, **voting.settings_of(rules), "source": ""}
    settings.pop("source_dismissed", None)
    # A group's vote running beside other groups' activities: its run-off joins them, and
    # takes its place on that group's phones (domain/parallel.py); the others carry on.
    in_block = workshop.runs_in_parallel and workshop.is_live_activity(activity)
    runoff = _insert_runoff(workshop, activity, settings, tied, in_block)
    if in_block:  # its clock and countdown start now, not with the block
        agenda.join_live(workshop, runoff)
    events.agenda_edited.send(workshop.id)
    events.vote_candidates_changed.send(workshop.id, activity_id=runoff.id)
    logger.info("workshop %s: run-off %s after vote %s", workshop.join_code, runoff.id, activity.id)
    if workshop.is_live:
        agenda.go_to_activity(workshop, runoff.id)
        open_vote(workshop, runoff)
    return runoff


REASON_MAX = 500


def settle_tie(workshop: Workshop, activity: Activity, data) -> None:
    """Settle, without another round, a closed vote's tie across the cut-off (typically
    a run-off that tied again): keep every tied orientation (`how=keep_all`), or retain
    the ones the facilitator names (`how=decide`, `chosen` candidate ids, with the
    `reason` typed, which the minutes print). Refused once a run-off was created for it
    ("runoff_exists"); deciding again replaces the decision.
    """
    result = _closed_result(activity)
    if runoff_after(activity) is not None:
        raise Conflict("runoff_exists")
    how = str(data.get("how") or "")
    chosen = [int(i) for i in data.getlist("chosen") if str(i).isdigit() and len(str(i)) < 10]
    try:
        ids = voting.decided(result, how, chosen)
    except voting.VotingError as error:
        raise Conflict(error.code) from None
    reason = ""
    if how == voting.DECIDE:
        try:
            reason = clean_text(data.get("reason"), REASON_MAX, required=True, multiline=True)
        except TextError as error:
            raise FormErrors({"reason": (error.code, {"limit": error.limit})}) from None
    with transaction():
        settings = dict(activity.settings or {})
        settings["tie_decision"] = {"how": how, "chosen": list(ids), "reason": reason}
        activity.settings = settings
    events.vote_state_changed.send(workshop.id, activity_id=activity.id)
    logger.info("workshop %s: tie of vote %s settled (%s)", workshop.join_code, activity.id, how)


def tie_decision(activity: Activity) -> dict | None:
    """Return the facilitator's decision on a vote's cut-off tie, if any."""
    decision = (activity.settings or {}).get("tie_decision")
    return decision if isinstance(decision, dict) else None


def _insert_runoff(
    workshop: Workshop, activity: Activity, settings: dict, tied, in_block: bool = False
) -> Activity:
    title, instruction = _runoff_texts(workshop.language, activity.title)
    with transaction() as s:
        for other in workshop.activities:
            if other.position > activity.position:
                other.position += 1
        runoff = Activity(
            kind="vote",
            title=title[:200],
            instruction=instruction,
            planned_minutes=5,
            settings=settings,
            position=activity.position + 1,
            with_previous=in_block,
        )
        workshop.activities.append(runoff)
        s.flush()
        workshop.activities.sort(key=lambda a: (a.position, a.id))
        s.add(VoteRunoff(activity_id=runoff.id, runoff_of_id=activity.id))
        for i, candidate in enumerate(c for c in candidates_of(activity) if c.id in tied):
            s.add(_copy(candidate, runoff.id, i))
    return runoff


def _copy(candidate: VoteCandidate, activity_id: int, position: int) -> VoteCandidate:
    return VoteCandidate(
        activity_id=activity_id,
        label=candidate.label,
        subpoints=list(candidate.subpoints or []),
        origin_group_id=candidate.origin_group_id,
        origin_group_name=candidate.origin_group_name,
        origin_group_ids=list(candidate.origin_group_ids or []),
        source_card_id=candidate.source_card_id,
        position=position,
    )


def create_follow_up(workshop: Workshop, activity: Activity) -> tuple[Workshop, str]:
    """Create a draft workshop carrying a closed vote's settled result; see the module.

    Asked from the original vote or from its run-off, it carries the same thing
    (settled_candidates). Returns the new workshop and its facilitator secret (shown once).
    """
    original, retained = settled_candidates(activity)
    if not retained:
        raise Conflict("nothing_retained")
    with force_locale(workshop.language):
        brainstorm_title = _("Retained orientations")
    new, secret = workshops.create_workshop(_fields(workshop))
    with transaction() as s:
        s.add(
            FollowUp(
                workshop_id=new.id, follows_workshop_id=workshop.id, vote_activity_id=original.id
            )
        )
        brainstorm = Activity(
            kind="brainstorm",
            title=brainstorm_title,
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


def original_vote(activity: Activity) -> Activity:
    """Return the vote a run-off (or a run-off of a run-off) settles; a vote is its own."""
    seen = {activity.id}
    while (link := session().get(VoteRunoff, activity.id)) is not None:
        earlier = session().get(Activity, link.runoff_of_id)
        if earlier is None or earlier.id in seen:
            break
        seen.add(earlier.id)
        activity = earlier
    return activity


def runoff_after(activity: Activity) -> Activity | None:
    """Return the latest run-off created for a vote, if any."""
    query = select(VoteRunoff.activity_id).where(VoteRunoff.runoff_of_id == activity.id)
    last = session().scalar(query.order_by(VoteRunoff.activity_id.desc()).limit(1))
    return session().get(Activity, last) if last else None


def settled_candidates(activity: Activity) -> tuple[Activity, list[VoteCandidate]]:
    """Return the original vote and the candidates its settled result retains.

    From the original vote down its run-offs (voting.settle): the clear part of each,
    then the run-off's retained. Every vote used must be closed ("close_vote_first",
    "close_runoff_first"); a tie never run off carries only its clear part.
    """
    original = _closed_result_of(original_vote(activity), "close_vote_first")
    chain, results = [original[0]], [original[1]]
    while results[-1].cutoff_tie and (runoff := runoff_after(chain[-1])) is not None:
        chain.append(runoff)
        results.append(_closed_result_of(runoff, "close_runoff_first")[1])
    picks = list(voting.settle(results))
    # The last tie of the chain, never run off, may have been settled by the facilitator.
    decision = tie_decision(chain[-1]) if results[-1].cutoff_tie else None
    if decision and len(picks) == len(chain):
        picks[-1] = (*picks[-1], *decision.get("chosen", ()))
    retained: list[VoteCandidate] = []
    for vote, ids in zip(chain, picks, strict=False):
        by_id = {c.id: c for c in candidates_of(vote)}
        retained += [by_id[i] for i in ids if i in by_id]
    return chain[0], retained


def can_follow_up(activity: Activity) -> bool:
    """Whether create_follow_up would carry something from this vote now."""
    try:
        return bool(settled_candidates(activity)[1])
    except Refused:
        return False


def show_retained(workshop: Workshop, activity: Activity, shown: bool) -> None:
    """Show on the projector the final list of retained orientations (or the ranking again).

    The list merges a vote and its run-offs (settled_candidates), so it is asked from
    either; every vote of the chain must be closed ("close_vote_first",
    "close_runoff_first"). A runtime flag of the activity, like a board's screen_group.
    """
    if shown:
        settled_candidates(activity)  # refuses while a vote of the chain is open
    if bool(activity.settings.get("screen_retained")) == bool(shown):
        return  # sent again: nothing changes, no push
    with transaction():
        activity.settings = {**activity.settings, "screen_retained": bool(shown)}
    events.vote_state_changed.send(workshop.id, activity_id=activity.id)
    logger.info("workshop %s: retained list %s for vote %s", workshop.join_code, shown, activity.id)


def runoff_outcome(activity: Activity) -> dict[int, bool]:
    """Return, for a vote whose cut-off tie a run-off settled (closed and revealed), which
    of its tied candidates ended retained (True) or not (False); {} until then.

    A run-off's candidates are copies: they are matched by their source card, else label.
    """
    runoff = runoff_after(activity)
    vote = vote_of(runoff) if runoff is not None else None
    if vote is None or state_of(vote) != CLOSED or not vote.revealed:
        return {}
    try:
        _original, retained = settled_candidates(runoff)
    except Refused:
        return {}
    kept = {_same(c) for c in retained}
    tied = voting.runoff_candidates(result_of(activity))
    by_id = {c.id: c for c in candidates_of(activity)}
    return {row.candidate_id: _same(by_id[row.candidate_id]) in kept for row in tied}


def _same(candidate: VoteCandidate) -> tuple:
    return (candidate.source_card_id, "") if candidate.source_card_id else (None, candidate.label)


def _closed_result_of(activity: Activity, code: str) -> tuple[Activity, voting.Result]:
    if state_of(vote_of(activity)) != CLOSED:
        raise Conflict(code)
    return activity, result_of(activity)


def _fields(workshop: Workshop) -> dict:
    language = workshop.language
    when = f" ({workshop.date.isoformat()})" if workshop.date else ""
    with force_locale(language):
        # TRANSLATORS: %(when)s is empty or " (2026-03-12)", the first workshop's date.
        follows = _("Follows the workshop “%(title)s”%(when)s.", title=workshop.title, when=when)
        title = _("%(title)s (follow-up)", title=workshop.title)
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
    names = [n for n in candidate.origin_group_name.split(" + ") if n]  # merged: "A + B"
    origins = [{"group": name, "authors": []} for name in names]
    heading = Card(
        activity_id=brainstorm.id,
        row=row,
        text=candidate.label,
        by_facilitator=True,
        candidate=True,
        origins=origins,
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


def followed_workshop(workshop: Workshop) -> Workshop | None:
    """Return the workshop this one follows up, if it still exists."""
    link = follow_up_of(workshop)
    if link is None or link.follows_workshop_id is None:
        return None
    return session().get(Workshop, link.follows_workshop_id)


def follow_ups_of(workshop: Workshop) -> list[Workshop]:
    """Return the workshops created to follow this one up, oldest first."""
    ids = select(FollowUp.workshop_id).where(FollowUp.follows_workshop_id == workshop.id)
    query = select(Workshop).where(Workshop.id.in_(ids)).order_by(Workshop.id)
    return list(session().scalars(query))


def follow_up_links(workshop: Workshop) -> dict:
    """The console's links: the workshop this one follows, and those following it."""
    return {"follows": followed_workshop(workshop), "follow_ups": follow_ups_of(workshop)}
