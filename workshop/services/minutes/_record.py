"""The minutes of a workshop: built from what happened, plus the facilitator's free texts.

`build_minutes` reads the session (the agenda as it ran, the people present, each
activity's section from its kind) and what only the minutes hold (models/minutes.py).
The other functions are the facilitator's edits: status, free texts, sections left out;
each sends *minutes edited* (the status: *minutes status changed*) after its commit, which
open minutes pages follow (the minutes regions of presenters/regions.py).
"""

import datetime
import logging
from collections import Counter
from collections.abc import Mapping

from flask_babel import format_date
from flask_babel import gettext as _
from sqlalchemy import select

from workshop import events
from workshop.db import session, transaction, utcnow
from workshop.domain.minutes import (
    AgendaRow,
    Context,
    GroupInfo,
    Header,
    Minutes,
    NextSteps,
    NextWorkshop,
    Outline,
    Participants,
    Person,
    Section,
    fold,
)
from workshop.domain.minutes_outline import read_outline
from workshop.domain.richtext import rich_paragraphs as paragraphs
from workshop.models import Activity, MinutesRecord, Workshop
from workshop.services import roster, voting
from workshop.services.agenda import visit_seconds
from workshop.services.forms import FieldReader
from workshop.services.minutes._actions import (
    actions_of,
    domain_action,
    read_lines,
    referable_people,
)
from workshop.services.minutes._sections import sections_for, written_in
from workshop.services.refusals import Malformed
from workshop.services.workshops import DEFAULT_CATEGORIES

logger = logging.getLogger(__name__)
FREE_TEXT_MAX, DEEPENS_MAX, WHEN_MAX = 20000, 500, 100
# The default categories, in the order of DEFAULT_CATEGORIES, as the minutes' labels know them.
CATEGORY_KEYS = ("association", "company", "public_body", "resident", "other")
KNOWN_CATEGORIES = {
    fold(name): key
    for names in DEFAULT_CATEGORIES.values()
    for name, key in zip(names, CATEGORY_KEYS, strict=True)
}


# ---- reading ------------------------------------------------------------------------------


def minutes_record(workshop: Workshop) -> MinutesRecord:
    """Return the workshop's minutes settings, unsaved defaults when none were written yet."""
    query = select(MinutesRecord).where(MinutesRecord.workshop_id == workshop.id)
    found = session().scalar(query)
    return found or MinutesRecord(
        workshop_id=workshop.id,
        status="draft",
        introduction="",
        closing="",
        left_out=[],
        next_objectives=[],
        next_deepens="",
        next_when="",
        people_by_category=False,
        outline={},
    )


def build_minutes(workshop: Workshop) -> Minutes:
    """Return the whole compte rendu of a workshop, in its language, as it stands now."""
    record = minutes_record(workshop)
    ran = agenda(workshop)
    outline = outline_of(record, ran)
    return Minutes(
        header=header(workshop, outline),
        lang=workshop.language,
        status=record.status,
        context=Context(workshop.theme, tuple(paragraphs(workshop.context))),
        participants=participants(workshop, record.people_by_category),
        agenda=ran,
        sections=sections(workshop, record),
        next_steps=next_steps(workshop, record),
        outline=outline,
        introduction=tuple(paragraphs(record.introduction or "")),
        closing=tuple(paragraphs(record.closing or "")),
        groups=tuple(GroupInfo(group.name, group.leaders) for group in workshop.groups),
    )


def outline_of(record: MinutesRecord, ran: tuple[AgendaRow, ...] = ()) -> Outline:
    """Return the facilitator's outline; the agenda table shows by default only when some
    activity has a recorded duration (a session entered afterwards has none)."""
    return read_outline(record.outline, {"agenda": any(row.actual_minutes for row in ran)})


def current_outline(workshop: Workshop) -> Outline:
    """Return the outline the minutes of a workshop follow now (defaults filled in)."""
    return outline_of(minutes_record(workshop), agenda(workshop))


def ran_on(workshop: Workshop) -> datetime.date:
    """Return the day a workshop ran: the date typed, else its first activity's start, else
    the day it was created."""
    if workshop.date:
        return workshop.date
    started = [a.started_at for a in workshop.activities if a.started_at]
    return min(started or [workshop.created_at or utcnow()]).date()


def document_title(workshop: Workshop, outline: Outline) -> str:
    """Return the document's title: the outline's, else "Compte rendu de l'atelier « X »
    du 12 mars 2026"."""
    if outline.title.strip():
        return outline.title
    with written_in(workshop):
        return _(
            "Minutes of the workshop “%(title)s” of %(date)s",
            title=workshop.title,
            date=format_date(ran_on(workshop), "long"),
        )


def header(workshop: Workshop, outline: Outline | None = None) -> Header:
    return Header(
        title=document_title(workshop, outline or Outline()),
        series=workshop.series_label,
        theme=workshop.theme,
        organiser=workshop.organiser,
        date=ran_on(workshop),
        start=workshop.start_time,
        end=workshop.end_time,
        place=workshop.place,
        written_by=workshop.minutes_author,
        **_follows(workshop),
    )


def _follows(workshop: Workshop) -> dict:
    """The workshop this one follows up, for the header's "Suite de l'atelier…" (issue 5)."""
    earlier = voting.followed_workshop(workshop)
    return {"follows": earlier.title, "follows_date": earlier.date} if earlier else {}


def participants(workshop: Workshop, by_category: bool = False) -> Participants:
    """Name the people present the workshop's choice allows; count everyone present.

    `names_in_minutes` is "all" (everyone nameable), "agreed" (those who agreed when
    joining: their agreement is what made them nameable) or "none" (counts only).
    Anonymous participants and those not nameable are counted, never named; so are people
    with no name at all. Counts by category cover everyone present ("" for none given).
    """
    present = roster.roster(workshop)
    named = [
        Person(p.surname, p.first_name, p.organisation, category_key(p.category), p.role)
        for p in present
        if workshop.names_in_minutes != "none"
        and p.nameable
        and not p.anonymous
        and (p.surname or p.first_name)
    ]
    counts = Counter(category_key(p.category) for p in present)
    return Participants(tuple(named), len(present), by_category, tuple(counts.items()))


def category_key(category: str) -> str:
    """Return a default category as the labels' key, another one as a noun in lower case.

    "Organisme public" becomes "public_body" (counted "2 organismes publics"); a free
    category such as "Élus" becomes "élus", while "CCAS" keeps its capitals; none is "".
    """
    if not category.strip():
        return ""
    if fold(category) in KNOWN_CATEGORIES:
        return KNOWN_CATEGORIES[fold(category)]
    first = category.split(" ", 1)[0]
    return category if first.isupper() else category[:1].lower() + category[1:]


def actual_seconds(workshop: Workshop, activity: Activity) -> float | None:
    """Return the time spent on an activity (None if it never ran), the running visit included."""
    seconds = activity.active_seconds or 0.0
    if workshop.is_live_activity(activity):  # groups in parallel too
        seconds += visit_seconds(workshop, activity, utcnow())
    return seconds if activity.started_at or seconds else None


def agenda(workshop: Workshop) -> tuple[AgendaRow, ...]:
    """Return the agenda as it ran: planned minutes (None if unplanned), actual minutes."""
    rows = []
    for activity in workshop.activities:
        seconds = actual_seconds(workshop, activity)
        actual = None if seconds is None else round(seconds / 60)
        rows.append(AgendaRow(activity.title, activity.planned_minutes or None, actual))
    return tuple(rows)


def sections(workshop: Workshop, record: MinutesRecord) -> tuple[Section, ...]:
    """Return each activity's sections in agenda order (the free introduction and closing
    are parts of the outline of their own)."""
    found: list[Section] = []
    for activity in workshop.activities:
        if activity.id not in (record.left_out or ()):
            found += sections_for(workshop, activity)
    return tuple(found)


def next_steps(workshop: Workshop, record: MinutesRecord) -> NextSteps:
    """Return the next workshop and the actions, as the minutes print them."""
    upcoming = NextWorkshop(
        record.next_date,
        record.next_deepens or "",
        record.next_objectives,
        month=record.next_month,
        when=record.next_when or "",
    )
    names = {group.id: group.name for group in workshop.groups}
    people = referable_people(workshop)
    return NextSteps(upcoming, tuple(domain_action(a, names, people) for a in actions_of(workshop)))


# ---- the facilitator's edits ------------------------------------------------------------


def editable_record(s, workshop: Workshop) -> MinutesRecord:
    """Return the workshop's minutes row inside a transaction, created on first use."""
    query = select(MinutesRecord).where(MinutesRecord.workshop_id == workshop.id)
    found = s.scalar(query)
    if found is None:
        found = minutes_record(workshop)
        s.add(found)
    return found


def save_texts(workshop: Workshop, data: Mapping) -> MinutesRecord:
    """Save the free introduction and closing note, and whether people go by category."""
    form = FieldReader(data)
    introduction = form.text("introduction", FREE_TEXT_MAX, multiline=True)
    closing = form.text("closing", FREE_TEXT_MAX, multiline=True)
    form.done()
    with transaction() as s:
        record = editable_record(s, workshop)
        record.introduction, record.closing = introduction, closing
        record.people_by_category = form.flag("people_by_category")
    logger.info("workshop %s: minutes texts saved", workshop.join_code)
    events.minutes_edited.send(workshop.id)
    return record


def set_status(workshop: Workshop, status: str) -> MinutesRecord:
    """Mark the minutes draft (the mark shows on every page) or final."""
    if status not in ("draft", "final"):
        raise Malformed("invalid_choice")
    with transaction() as s:
        record = editable_record(s, workshop)
        record.status = status
    logger.info("workshop %s: minutes marked %s", workshop.join_code, status)
    events.minutes_status_changed.send(workshop.id)
    return record


def choose_sections(workshop: Workshop, included) -> MinutesRecord:
    """Keep in the document only the activities whose ids are `included` (the agenda keeps all)."""
    wanted = {str(activity_id) for activity_id in included}
    left_out = [a.id for a in workshop.activities if str(a.id) not in wanted]
    with transaction() as s:
        record = editable_record(s, workshop)
        record.left_out = left_out
    logger.info("workshop %s: minutes leave out %s", workshop.join_code, left_out)
    events.minutes_edited.send(workshop.id)
    return record


def _month(form: FieldReader, name: str) -> datetime.date | None:
    """Read a month typed "2026-11" (the browsers' month field) as its first day."""
    raw = str(form.data.get(name) or "").strip()
    if not raw:
        return None
    try:
        return datetime.date.fromisoformat(f"{raw}-01")
    except ValueError:
        form.errors[name] = ("invalid", {})
        return None


def save_next_workshop(workshop: Workshop, data: Mapping) -> MinutesRecord:
    """Save the next workshop: when (a date, else a month, else words such as "à fixer"),
    what it will deepen, its objectives (one a line)."""
    form = FieldReader(data)
    fields = {
        "next_date": form.date("next_date"),
        "next_month": _month(form, "next_month"),
        "next_when": form.text("next_when", WHEN_MAX),
        "next_deepens": form.text("next_deepens", DEEPENS_MAX, multiline=True),
        "next_objectives": read_lines(form, "next_objectives"),
    }
    form.done()
    with transaction() as s:
        record = editable_record(s, workshop)
        for name, value in fields.items():
            setattr(record, name, value)
    logger.info("workshop %s: next workshop saved", workshop.join_code)
    events.minutes_edited.send(workshop.id)
    return record
