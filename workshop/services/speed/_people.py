"""Who takes part and how: hosts, sides chosen by hand, wishes, and sharing one's contact.

Wishes ("I'd like to meet ...") are taken until the first round starts, from a phone
(its own) or from the facilitator (anyone's); a wish is for someone present on the other
side (anyone in "everyone" mode), never oneself: the planner's rules, checked here when
the wish is made. Hosts and sides change the plan of the rounds to come at once once
the rounds have started (before, the plan is only out of date, as for wishes).
"""

import logging
from collections.abc import Mapping

from sqlalchemy import delete, select
from sqlalchemy.exc import IntegrityError

from workshop import events
from workshop.db import as_id, session, transaction
from workshop.domain.rotation import EVERYONE
from workshop.domain.text import TextError, clean_text
from workshop.kinds.speed import setting
from workshop.models import Activity, Participant, SpeedPerson, SpeedWish, Workshop
from workshop.models.speed import CONTACT_MAX, SIDES
from workshop.services.refusals import Conflict, FormErrors, Invalid, Malformed, NotFound
from workshop.services.speed import _store as store
from workshop.services.speed._follow import matches_of
from workshop.services.speed._inputs import sides_of
from workshop.services.speed._plans import announce, follow_roster
from workshop.services.speed._refusals import person_name

logger = logging.getLogger(__name__)


def _present(workshop: Workshop, person_id) -> Participant:
    person = session().get(Participant, as_id(person_id))
    if person is None or person.workshop_id != workshop.id or person.removed_at is not None:
        raise NotFound()
    return person


def _line(s, activity: Activity, person_id: int) -> SpeedPerson:
    line = s.get(SpeedPerson, (activity.id, person_id))
    if line is None:
        line = SpeedPerson(activity_id=activity.id, participant_id=person_id)
        line.host, line.side, line.shares_contact, line.contact = False, "", False, ""
        s.add(line)
    return line


def set_person(workshop: Workshop, activity: Activity, person_id, data: Mapping) -> None:
    """Say whether someone is a host (stays at their table) and which side they are on
    ("" follows their category; "a", "b", or "out": not in the meetings)."""
    person = _present(workshop, person_id)
    side = str(data.get("side") or "")
    if side not in SIDES:
        raise Malformed("invalid_choice")
    with transaction() as s:
        line = _line(s, activity, person.id)
        line.host = str(data.get("host", "")).lower() in ("1", "on", "true", "yes")
        line.side = side
    _changed(workshop, activity, f"person {person.id}: host {line.host}, side {side!r}")


def _changed(workshop: Workshop, activity: Activity, what: str) -> None:
    follow_roster(workshop)  # a plan under way follows at once
    announce(workshop, activity, events.speed_people_changed)
    logger.info("workshop %s: speed %s: %s", workshop.join_code, activity.id, what)


# ---- wishes ----------------------------------------------------------------------------------


def _check_wish(workshop: Workshop, activity: Activity, person: Participant, wanted) -> None:
    row = store.meeting_of(activity)
    if row is not None and (row.current_round or row.finished_at):
        raise Conflict("wishes_closed")
    if person.id == wanted.id:
        raise Invalid("wish_self", person=person_name(person.id))
    if setting(activity.settings, "mode") == EVERYONE:
        return
    sides = sides_of(workshop, activity)
    mine, theirs = sides.side_of(person.id), sides.side_of(wanted.id)
    if not mine or not theirs:
        raise Conflict("not_on_a_side", person=person_name((wanted if mine else person).id))
    if mine == theirs:
        names = {"person": person_name(person.id), "wanted": person_name(wanted.id)}
        raise Invalid("wish_same_side", **names)


def add_wish(
    workshop: Workshop, activity: Activity, person_id, wanted_id, *, by_facilitator=False
) -> None:
    """Record that `person` would like to meet `wanted` (once: again changes nothing)."""
    person, wanted = _present(workshop, person_id), _present(workshop, wanted_id)
    _check_wish(workshop, activity, person, wanted)
    try:
        with transaction() as s:
            s.add(
                SpeedWish(
                    activity_id=activity.id,
                    person_id=person.id,
                    wanted_id=wanted.id,
                    by_facilitator=by_facilitator,
                )
            )
    except IntegrityError:
        return  # already wished: the UNIQUE constraint keeps one
    _changed(workshop, activity, "wish added")


def remove_wish(workshop: Workshop, activity: Activity, person_id, wanted_id) -> None:
    """Withdraw a wish (a wish that does not exist is already withdrawn)."""
    person, wanted = _present(workshop, person_id), _present(workshop, wanted_id)
    row = store.meeting_of(activity)
    if row is not None and (row.current_round or row.finished_at):
        raise Conflict("wishes_closed")
    with transaction() as s:
        s.execute(
            delete(SpeedWish).where(
                SpeedWish.activity_id == activity.id,
                SpeedWish.person_id == person.id,
                SpeedWish.wanted_id == wanted.id,
            )
        )
    _changed(workshop, activity, "wish withdrawn")


def wishes_by(activity: Activity, person_id: int) -> set[int]:
    """Return whom one person wished to meet."""
    query = select(SpeedWish.wanted_id).where(
        SpeedWish.activity_id == activity.id, SpeedWish.person_id == person_id
    )
    return set(session().scalars(query))


def facilitator_wishes(activity: Activity) -> list[SpeedWish]:
    """Return the wishes the facilitator entered (phones' own wishes are only counted)."""
    query = select(SpeedWish).where(
        SpeedWish.activity_id == activity.id, SpeedWish.by_facilitator.is_(True)
    )
    return list(session().scalars(query.order_by(SpeedWish.id)))


# ---- sharing one's contact -------------------------------------------------------------------


def set_contact(workshop: Workshop, activity: Activity, person: Participant, data: Mapping):
    """Save whether `person` shares their contact with the people they match, and what it
    is (an email or a phone number they type; shown only on a mutual follow-up)."""
    try:
        contact = clean_text(data.get("contact"), CONTACT_MAX)
    except TextError as error:
        raise FormErrors({"contact": (error.code, {"limit": error.limit})}) from None
    shares = str(data.get("shares_contact", "")).lower() in ("1", "on", "true", "yes")
    if shares and not contact:
        raise FormErrors({"contact": ("contact_required", {})})
    with transaction() as s:
        line = _line(s, activity, person.id)
        line.shares_contact, line.contact = shares, contact
    matched = [m.other_id for m in matches_of(activity, person.id)]
    if matched:  # what their matches show of this person changed
        events.matches_changed.send(
            workshop.id, activity_id=activity.id, people=(person.id, *matched)
        )
    logger.info("workshop %s: speed %s: a contact saved", workshop.join_code, activity.id)
    return line


def line_of(activity: Activity, person_id: int) -> SpeedPerson | None:
    """Return one person's line (host, side, contact), None before any was saved."""
    return session().get(SpeedPerson, (activity.id, person_id))
