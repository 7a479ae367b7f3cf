"""Everything a workshop holds, as plain data for the JSON and CSV exports.

Format documented in docs/export-format.md (bump FORMAT_VERSION on any incompatible change).
Privacy rules:
- people are known by pseudonymous ids ("p-" and 10 hex digits), stable for one workshop and
  instance, that cannot be turned back into a person without the instance's secret key;
- names and organisations appear only for people the facilitator marked nameable, never for
  anonymous participants;
- cards of anonymous activities have no author, and no export carries the author names a
  merge records (origins keep their groups only);
- ballots carry voter ids of their own, per vote, that match no participant id;
- speed meetings carry who met whom and the mutual follow-ups under the participants'
  pseudonymous ids; never a one-way follow-up wish, its note, nor a contact.
"""

import hashlib
import hmac

from flask import current_app
from sqlalchemy import select

from workshop.db import session, utcnow
from workshop.kinds import get_kind
from workshop.kinds.boards import is_anonymous
from workshop.models import Activity, Card, ModerationAction, Workshop
from workshop.services import boards, roster
from workshop.services.minutes._actions import (
    actions_of,
    domain_action,
    printed_referent,
    referable_people,
)
from workshop.services.minutes._record import actual_seconds, minutes_record
from workshop.services.minutes._speed import speed_data
from workshop.services.minutes._votes import vote_data

FORMAT_VERSION = 1
CARD_COLUMNS = (
    "activity_position",
    "activity_id",
    "activity",
    "card_id",
    "parent_id",
    "level",
    "group",
    "column",
    "row",
    "position",
    "text",
    "status",
    "merged_into",
    "pinned",
    "candidate",
    "origins",
    "author",
    "by_facilitator",
    "comments",
    "created_at",
)


def pseudonym(workshop: Workshop, prefix: str, *parts) -> str:
    """Return a stable id that reveals nothing without the instance's secret key."""
    key = str(current_app.config["SECRET_KEY"]).encode()
    message = ":".join(str(p) for p in (workshop.id, prefix, *parts)).encode()
    return f"{prefix}-{hmac.new(key, message, hashlib.sha256).hexdigest()[:10]}"


def _iso(value) -> str | None:
    return value.isoformat() if value is not None else None


def _workshop(workshop: Workshop) -> dict:
    fields = ("join_code", "title", "series_label", "theme", "context", "place", "organiser")
    data = {name: getattr(workshop, name) for name in fields}
    data |= {name: _iso(getattr(workshop, name)) for name in ("date", "start_time", "end_time")}
    data |= {name: _iso(getattr(workshop, name)) for name in ("started_at", "ended_at")}
    data |= {
        "minutes_author": workshop.minutes_author,
        "language": workshop.language,
        "state": workshop.state,
        "allow_anonymous": workshop.allow_anonymous,
        "names_in_minutes": workshop.names_in_minutes,
        "categories": list(workshop.categories or ()),
    }
    return data


def _groups(workshop: Workshop) -> list[dict]:
    return [
        {"id": g.id, "name": g.name, "colour": g.colour, "leaders": g.leaders}
        for g in workshop.groups
    ]


def _participant(workshop: Workshop, person, names: dict) -> dict:
    named = person.nameable and not person.anonymous
    return {
        "id": pseudonym(workshop, "p", person.id),
        "first_name": person.first_name if named else None,
        "surname": person.surname if named else None,
        "organisation": person.organisation if named else None,
        "role": (person.role or None) if named else None,
        "category": person.category,
        "group": names.get(person.group_id),
        "anonymous": person.anonymous,
        "named": named,
        "has_phone": person.has_phone,
        "present": person.present,
    }


def _status(card: Card) -> str:
    if card.deleted:
        return "deleted"
    if card.merged_into_id:
        return "merged"
    return "hidden" if card.hidden else "visible"


def _origin_groups(origins) -> list[str]:
    """Keep only the groups a merged card came from: never the authors' names."""
    return [o.get("group") or "" for o in origins or () if isinstance(o, dict)]


def _card(workshop, activity, card: Card, names: dict, comments: dict) -> dict:
    anonymous = is_anonymous(activity.settings)
    author = (
        None if anonymous or card.author_id is None else pseudonym(workshop, "p", card.author_id)
    )
    return {
        "id": card.id,
        "parent_id": card.parent_id,
        "level": "sub-point" if card.parent_id else "heading",
        "group": names.get(card.group_id),
        "column": card.column,
        "row": card.row,
        "position": card.position,
        "text": card.text,
        "status": _status(card),
        "merged_into": card.merged_into_id,
        "pinned": card.pinned,
        "candidate": card.candidate,
        "origins": _origin_groups(card.origins),
        "author": author,
        "by_facilitator": card.by_facilitator,
        "comments": [_comment(c) for c in comments.get(card.id, [])],
        "created_at": _iso(card.created_at),
    }


def _comment(comment) -> dict:
    return {"id": comment.id, "text": comment.text, "created_at": _iso(comment.created_at)}


def _changes(changes: dict) -> dict:
    """Return a moderation change with merge origins reduced to their groups."""
    clean = {}
    for card_id, fields in changes.items():
        clean[card_id] = {
            name: [_origin_groups(v) for v in values] if name == "origins" else values
            for name, values in fields.items()
        }
    return clean


def _moderation(activity: Activity) -> list[dict]:
    query = select(ModerationAction).where(ModerationAction.activity_id == activity.id)
    return [
        {
            "id": action.id,
            "kind": action.kind,
            "summary": action.summary,
            "actor": action.actor,
            "changes": _changes(action.changes or {}),
            "created_at": _iso(action.created_at),
            "undone_at": _iso(action.undone_at),
        }
        for action in session().scalars(query.order_by(ModerationAction.id))
    ]


def _board(workshop: Workshop, activity: Activity, names: dict) -> dict:
    comments = boards.comments_of(activity)
    cards = [_card(workshop, activity, c, names, comments) for c in boards.cards_of(activity)]
    syntheses = boards.syntheses_of(activity)
    return {
        "cards": cards,
        "comments": [_comment(c) for c in comments.get(None, [])],
        "syntheses": [
            {"group": names.get(gid), "text": text} for gid, text in syntheses.items() if text
        ],
        "moderation": _moderation(activity),
    }


def _activity(workshop: Workshop, activity: Activity, names: dict) -> dict:
    seconds = actual_seconds(workshop, activity)
    data = {
        "id": activity.id,
        "position": activity.position,
        "kind": activity.kind,
        "title": activity.title,
        "instruction": activity.instruction,
        "planned_minutes": activity.planned_minutes,
        "actual_minutes": None if seconds is None else round(seconds / 60, 1),
        "started_at": _iso(activity.started_at),
        "ended_at": _iso(activity.ended_at),
        "settings": dict(activity.settings or {}),
    }
    if get_kind(activity.kind).uses_board:
        data |= _board(workshop, activity, names)
    if activity.kind == "vote":
        data["vote"] = vote_data(activity, lambda pid: pseudonym(workshop, "v", activity.id, pid))
    if activity.kind == "speed_meeting":
        data["speed_meeting"] = speed_data(
            workshop, activity, lambda pid: pseudonym(workshop, "p", pid)
        )
    return data


def _month(value) -> str | None:
    return value.strftime("%Y-%m") if value is not None else None


def _referent(workshop: Workshop, stored, people: dict) -> dict | None:
    """A referent as the minutes print it; one picked from the roster also under the
    person's pseudonymous id (never the database's own id)."""
    printed = printed_referent(stored, people)
    if printed is None:
        return None
    picked = stored.get("participant_id") if isinstance(stored, dict) else None
    return {
        "person": printed.person,
        "organisation": printed.organisation,
        "participant": pseudonym(workshop, "p", picked) if picked in people else None,
    }


def _need(need) -> str | dict:
    return {"text": need.text, "items": list(need.items)} if need.items else need.text


def _action(workshop: Workshop, action, names: dict, people: dict) -> dict:
    printed = domain_action(action, names, people)
    referents = (_referent(workshop, r, people) for r in action.referents or ())
    return {
        "title": action.title,
        "group": names.get(action.group_id),
        "shared_by": [names[i] for i in action.shared_group_ids or () if i in names],
        "referents": [r for r in referents if r is not None],
        "contact": action.contact,
        "description": action.description,
        "needs": [_need(n) for n in printed.needs],
        "orientation": action.orientation,
    }


def _minutes(workshop: Workshop, names: dict) -> dict:
    record = minutes_record(workshop)
    people = referable_people(workshop)
    return {
        "status": record.status,
        "outline": dict(record.outline or {}),
        "introduction": record.introduction,
        "closing": record.closing,
        "left_out": list(record.left_out or ()),
        "next_workshop": {
            "date": _iso(record.next_date),
            "month": _month(record.next_month),
            "when": record.next_when or None,
            "deepens": record.next_deepens,
            "objectives": list(record.next_objectives or ()),
        },
        "actions": [_action(workshop, a, names, people) for a in actions_of(workshop)],
    }


def raw_data(workshop: Workshop) -> dict:
    """Return everything the workshop holds, people under pseudonymous ids."""
    names = {group.id: group.name for group in workshop.groups}
    people = roster.roster(workshop, include_removed=True)
    return {
        "format_version": FORMAT_VERSION,
        "exported_at": utcnow().isoformat(timespec="seconds") + "Z",
        "workshop": _workshop(workshop),
        "groups": _groups(workshop),
        "participants": [_participant(workshop, p, names) for p in people],
        "agenda": [_activity(workshop, a, names) for a in workshop.activities],
        "minutes": _minutes(workshop, names),
    }


def card_rows(data: dict) -> list[dict]:
    """Flatten the cards of a raw export into one row per card (for CSV)."""
    rows = []
    for activity in data["agenda"]:
        for card in activity.get("cards", ()):
            rows.append(
                {
                    **card,
                    "activity_position": activity["position"],
                    "activity_id": activity["id"],
                    "activity": activity["title"],
                    "card_id": card["id"],
                    "origins": " | ".join(card["origins"]),
                    "comments": " | ".join(c["text"] for c in card["comments"]),
                }
            )
    return rows
