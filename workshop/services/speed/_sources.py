"""Which earlier speed meeting is the history of this one.

By default, the latest speed meeting held in the workshop this one follows (a follow-up
workshop, services/voting/_followup.py). The facilitator may choose another held speed
meeting instead: one of this workshop, of the workshop it follows, or of a workshop
they facilitate on this browser (`allowed`: the web layer knows which). The history
policy (avoid, favour, ignore) is a setting of the activity.
"""

import logging
from collections.abc import Collection

from sqlalchemy import select

from workshop import events
from workshop.db import as_id, session, transaction
from workshop.models import Activity, SpeedRound, Workshop
from workshop.services.refusals import NotFound
from workshop.services.speed import _store as store
from workshop.services.speed._plans import announce, follow_roster
from workshop.services.voting import followed_workshop

logger = logging.getLogger(__name__)


def _allowed(workshop: Workshop, facilitated: Collection[int]) -> set[int]:
    earlier = followed_workshop(workshop)
    return {workshop.id, *facilitated, *([earlier.id] if earlier else [])}


def history_choices(
    workshop: Workshop, activity: Activity, facilitated: Collection[int]
) -> list[Activity]:
    """Return the held speed meetings this one may take its history from, newest first."""
    held = select(SpeedRound.activity_id).distinct()
    query = select(Activity).where(
        Activity.kind == store.KIND,
        Activity.id != activity.id,
        Activity.id.in_(held),
        Activity.workshop_id.in_(_allowed(workshop, facilitated)),
    )
    return list(session().scalars(query.order_by(Activity.id.desc()).limit(50)))


def set_history_source(
    workshop: Workshop, activity: Activity, source_id, facilitated: Collection[int]
) -> None:
    """Take the history from another held speed meeting (empty: the default, above)."""
    source = None
    if source_id not in (None, ""):
        choices = {a.id: a for a in history_choices(workshop, activity, facilitated)}
        source = choices.get(as_id(source_id))
        if source is None:
            raise NotFound()
    with transaction() as s:
        row = store.editable(s, activity)
        row.history_activity_id = source.id if source else None
    follow_roster(workshop)
    announce(workshop, activity, events.speed_people_changed)
    logger.info("workshop %s: speed %s history from %s", workshop.join_code, activity.id, source_id)
