"""A vote in the minutes and in the raw data: its ranking, and ballots under pseudonyms.

The ranking is the voting domain's Result (ties share a rank, the cut-off rule, proxies
counted); a vote that was never opened has nothing to report and is left out. The notes are
in the workshop's language (builders run in it).
"""

from collections import Counter

from babel.lists import format_list
from flask_babel import get_locale, lazy_gettext, ngettext
from flask_babel import gettext as _
from sqlalchemy import select

from workshop.db import session
from workshop.domain import voting
from workshop.domain.minutes import RankRow, Section, VoteSection, has_ties
from workshop.domain.richtext import rich_paragraphs as paragraphs
from workshop.models import Activity, Workshop
from workshop.services.minutes._sections import builds
from workshop.services.refusals import Refused
from workshop.services.voting import (
    BALLOT_TABLES,
    candidates_of,
    result_of,
    rules_of,
    runoff_after,
    settled_candidates,
    tie_decision,
    vote_of,
)

# The voting domain's rules (Result.tie_rule, Result.cutoff_rule) as the minutes state them.
# The exporters recognise the tie rule's sentence, to merge it with the "3=" convention.
RULES = {
    voting.TIE_RULE: lazy_gettext(
        "Tied orientations share a rank; the next rank skips accordingly (1, 2, 3=, 3=, 5)."
    ),
    voting.CUTOFF_RULE: lazy_gettext("A tie at the selection cut-off is settled by a runoff."),
}


def rank_row(row: voting.Row, originals: dict[int, str] | None = None) -> RankRow:
    """Return one line of the ranking table as the minutes print it."""
    return RankRow(
        original=(originals or {}).get(row.candidate_id, ""),
        rank=row.rank,
        label=row.label,
        score=row.score,
        tied=row.tied,
        retained=row.retained,
        first_choices=row.first_choices,
        share=row.share,
    )


@builds("vote")
def vote_sections(workshop: Workshop, activity: Activity) -> tuple[Section, ...]:
    """Return the vote's section: method, voters, the ranking with ties, the retained ones."""
    vote = vote_of(activity)
    if vote is None:
        return ()
    result, rules = result_of(activity), rules_of(activity, vote)
    originals = {c.id: c.reworded_from for c in candidates_of(activity) if c.reworded_from}
    rows = tuple(rank_row(row, originals) for row in result.rows)
    budget = rules.budget if rules.method != voting.APPROVAL else len(rows)
    section = VoteSection(
        title=activity.title,
        method=rules.method,
        budget=budget,
        voters=result.voters_count,
        proxies=result.proxy_count,
        rows=rows,
        tie_note=str(RULES[result.tie_rule]) if has_ties(rows) else "",
        cutoff_note=_cutoff_note(activity, result),
        introduction=tuple(paragraphs(activity.instruction or "")),
        max_per_candidate=rules.max_per_candidate,
        retain=rules.retain_count,
        group=_voting_group(workshop, activity),
    )
    return (section,)


def _voting_group(workshop: Workshop, activity: Activity) -> str:
    """Return the name of the one sub-group that voted ("" when everyone did)."""
    group_id = activity.group_id
    return next((g.name for g in workshop.groups if group_id and g.id == group_id), "")


def _cutoff_note(activity: Activity, result: voting.Result) -> str:
    """The cut-off rule under a tie at the cut-off; once a closed run-off settled it, what
    was retained in the end (the clear part of this vote plus the run-off's winners)."""
    if not result.cutoff_tie:
        return ""
    decision = tie_decision(activity)
    if decision is not None and runoff_after(activity) is None:
        return _decided(activity, decision)
    runoff = runoff_after(activity)
    if runoff is not None:
        try:
            _original, retained = settled_candidates(activity)
        except Refused:  # the run-off is still open: its result is not known yet
            retained = []
        if retained:
            return _settled(runoff.title, [c.label for c in retained])
    return str(RULES[result.cutoff_rule])


def _decided(activity: Activity, decision: dict) -> str:
    """Say how the facilitator settled a tie no run-off settled: every tied orientation
    kept, or the ones they chose, with the reason they typed."""
    by_id = {c.id: c.label for c in candidates_of(activity)}
    # TRANSLATORS: an orientation's name quoted, as the minutes quote it ("« A »").
    quoted = [_("“%(name)s”", name=by_id[i]) for i in decision.get("chosen", ()) if i in by_id]
    names = format_list(quoted, locale=get_locale())
    if decision.get("how") == "keep_all":
        return ngettext(
            "The tie at the cut-off was settled by keeping every tied orientation: %(names)s "
            "is retained.",
            "The tie at the cut-off was settled by keeping every tied orientation: %(names)s "
            "are retained.",
            len(quoted),
            names=names,
        )
    return ngettext(
        "The tie at the cut-off was settled by the facilitator's decision: %(names)s is "
        "retained. Reason: %(reason)s",
        "The tie at the cut-off was settled by the facilitator's decision: %(names)s are "
        "retained. Reason: %(reason)s",
        len(quoted),
        names=names,
        reason=decision.get("reason", ""),
    )


def _settled(runoff: str, retained: list[str]) -> str:
    """Say what a run-off settled: "... au final, « A », « B » et « C » sont retenues."."""
    # TRANSLATORS: an orientation's name quoted, as the minutes quote it ("« A »").
    names = format_list([_("“%(name)s”", name=name) for name in retained], locale=get_locale())
    return ngettext(
        "The tie at the cut-off was settled by a runoff (“%(runoff)s”): in the end, "
        "%(names)s is retained.",
        "The tie at the cut-off was settled by a runoff (“%(runoff)s”): in the end, "
        "%(names)s are retained.",
        len(retained),
        runoff=runoff,
        names=names,
    )


# ---- raw data -----------------------------------------------------------------------------


def _choices(method: str, entries: list) -> list[dict]:
    """Return one voter's choices: dots per candidate, places, or ticks."""
    if method == voting.DOTS:
        dots = Counter(entry.candidate_id for entry in entries)
        return [{"candidate": cid, "dots": n} for cid, n in sorted(dots.items())]
    if method == voting.RANKING:
        ranked = sorted(entries, key=lambda e: e.rank)
        return [{"candidate": e.candidate_id, "rank": e.rank} for e in ranked]
    return [{"candidate": e.candidate_id} for e in sorted(entries, key=lambda e: e.candidate_id)]


def ballots(activity: Activity, method: str, voter_id) -> list[dict]:
    """Return every ballot of a vote under `voter_id(participant id)`, in pseudonym order."""
    table = BALLOT_TABLES[method]
    by_voter: dict[int, list] = {}
    for entry in session().scalars(select(table).where(table.activity_id == activity.id)):
        by_voter.setdefault(entry.participant_id, []).append(entry)
    found = [
        {
            "voter": voter_id(person),
            "proxy": any(e.is_proxy for e in entries),
            "choices": _choices(method, entries),
        }
        for person, entries in by_voter.items()
    ]
    return sorted(found, key=lambda ballot: ballot["voter"])


def _result(result: voting.Result) -> dict:
    return {
        "voters": result.voters_count,
        "proxies": result.proxy_count,
        "retain_count": result.retain_count,
        "cutoff_tie": list(result.cutoff_tie),
        "tie_rule": result.tie_rule,
        "cutoff_rule": result.cutoff_rule,
        "rows": [
            {
                "candidate": row.candidate_id,
                "label": row.label,
                "rank": row.rank,
                "tied": row.tied,
                "score": row.score,
                "voters": row.voters,
                "first_choices": row.first_choices,
                "share": row.share,
                "retained": row.retained,
                "runoff": row.runoff,
            }
            for row in result.rows
        ],
    }


def vote_data(activity: Activity, voter_id) -> dict | None:
    """Return a vote's rules, candidates, ballots (pseudonymous voters) and result."""
    vote = vote_of(activity)
    candidates = [
        {
            "id": c.id,
            "label": c.label,
            "reworded_from": c.reworded_from or None,
            "subpoints": list(c.subpoints or ()),
            "origin_group": c.origin_group_name or None,
        }
        for c in candidates_of(activity)
    ]
    if vote is None:
        return {"state": "ready", "candidates": candidates, "ballots": [], "result": None}
    return {
        "method": vote.method,
        "budget": vote.budget,
        "max_per_candidate": vote.max_per_candidate,
        "state": vote.state,
        "opened_at": vote.opened_at.isoformat() if vote.opened_at else None,
        "closed_at": vote.closed_at.isoformat() if vote.closed_at else None,
        "candidates": candidates,
        "ballots": ballots(activity, vote.method, voter_id),
        "result": _result(result_of(activity)),
    }


def ballot_rows(data: dict) -> list[dict]:
    """Flatten the ballots of a raw export into one row per voter and candidate (for CSV)."""
    rows = []
    for activity in data["agenda"]:
        vote = activity.get("vote") or {}
        labels_of = {c["id"]: c["label"] for c in vote.get("candidates", ())}
        for ballot in vote.get("ballots", ()):
            for choice in ballot["choices"]:
                rows.append(
                    {
                        "activity_id": activity["id"],
                        "vote": activity["title"],
                        "method": vote["method"],
                        "voter": ballot["voter"],
                        "proxy": ballot["proxy"],
                        "candidate_id": choice["candidate"],
                        "candidate": labels_of.get(choice["candidate"], ""),
                        "dots": choice.get("dots"),
                        "rank": choice.get("rank"),
                        "approved": True if vote["method"] == "approval" else None,
                    }
                )
    return rows


BALLOT_COLUMNS = (
    "activity_id",
    "vote",
    "method",
    "voter",
    "proxy",
    "candidate_id",
    "candidate",
    "dots",
    "rank",
    "approved",
)
