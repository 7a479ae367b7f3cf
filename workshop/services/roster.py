"""Who is in the room: joining from a phone, and the facilitator's roster."""

import hashlib
import logging
from collections.abc import Mapping
from dataclasses import dataclass

from sqlalchemy import func, select, update

from workshop import events
from workshop.db import as_id, session, transaction, utcnow
from workshop.domain.codes import hash_secret, new_secret
from workshop.domain.roster import NO_CATEGORY, SheetLine, name_key, parse_sheet
from workshop.domain.text import NAME_MAX, ORGANISATION_MAX
from workshop.models import (
    Activity,
    Card,
    Group,
    IdempotencyKey,
    Participant,
    SpeedFollowUp,
    SpeedPerson,
    SpeedRound,
    SpeedWish,
    VoteApproval,
    VoteDot,
    VoteRank,
    Workshop,
)
from workshop.services.forms import FieldReader
from workshop.services.locks import fresh
from workshop.services.refusals import Conflict, FormErrors, Invalid, NotFound

logger = logging.getLogger(__name__)
MAX_SHEET_LINES = 500
ROLE_MAX = 80
MERGE_HOPS = 3  # a line merged into a line later merged again: follow a few links


def read_person_fields(
    workshop: Workshop, data: Mapping, *, anonymous: bool, with_role: bool = False
) -> dict:
    """Read a person's name, organisation and category (and, for the facilitator, their
    role); names are needed unless anonymous."""
    form = FieldReader(data)
    fields = {
        "first_name": form.text("first_name", NAME_MAX, required=not anonymous),
        "surname": form.text("surname", NAME_MAX, required=not anonymous),
        "organisation": form.text("organisation", ORGANISATION_MAX),
        "category": form.choice("category", [*workshop.categories, NO_CATEGORY], ""),
    }
    if with_role:
        fields["role"] = form.text("role", ROLE_MAX)
    form.done()
    if anonymous:
        fields.update(first_name="", surname="")
    return fields


class SameName(Conflict):
    """A phone joins under the name of someone on the roster who has no phone yet (a
    line of a pasted sheet, say): the phone is asked whether it is them."""

    def __init__(self, person: Participant):
        super().__init__("same_name", name=person.display_name)
        self.person = person


def present_count(workshop_id: int) -> int:
    """Count the people present: joined or added, and not removed."""
    query = select(func.count(Participant.id)).where(
        Participant.workshop_id == workshop_id, Participant.removed_at.is_(None)
    )
    return session().scalar(query) or 0


def phones_without_group(workshop_id: int) -> int:
    """Count the people present on a phone who are in no group (they cannot write on a
    board of groups)."""
    query = select(func.count(Participant.id)).where(
        Participant.workshop_id == workshop_id,
        Participant.removed_at.is_(None),
        Participant.has_phone.is_(True),
        Participant.group_id.is_(None),
    )
    return session().scalar(query) or 0


def roster(workshop: Workshop, *, include_removed: bool = False) -> list[Participant]:
    """Return the roster sorted by surname, then first name."""
    query = select(Participant).where(Participant.workshop_id == workshop.id)
    if not include_removed:
        query = query.where(Participant.removed_at.is_(None))
    people = session().scalars(query)
    return sorted(people, key=lambda p: (p.surname.casefold(), p.first_name.casefold(), p.id))


def current_participant(workshop: Workshop, participant_id) -> Participant | None:
    """Return the present participant a cookie names, if it still belongs to the workshop
    (a line merged into another is followed to the line it became)."""
    if not participant_id:
        return None
    person = session().get(Participant, participant_id)
    for _ in range(MERGE_HOPS):
        if person is None or person.merged_into_id is None:
            break
        person = session().get(Participant, person.merged_into_id)
    if person is None or person.workshop_id != workshop.id or person.removed_at is not None:
        return None
    return person


def join_workshop(
    workshop: Workshop, data: Mapping, locale: str, already: Participant | None = None
) -> tuple[Participant, str | None]:
    """Join from a phone, or update one's details when the cookie already names us.

    Returns the participant and, for a new browser, a personal rejoin secret (shown
    once). A phone that joins again is the same participant, never counted twice:
    by its cookie, or, when the answer to a join was lost, by the form's join key.
    Joining again changes only the person's own details: the facilitator's "may not
    be named" mark stays (turning anonymous, or withdrawing one's agreement to be named
    where the workshop asks for it, still clears it), and so does the language
    the phone chose since (a re-sent join form carries the language it was shown in).

    A new phone typing the name of someone on the roster without a phone (accents,
    case and spaces ignored) is asked first (SameName): with `claim` = that person's
    id it becomes them, with `claim` = "new" it is someone else.

    While joining is closed a new phone is refused (Conflict "joining_closed"); a phone
    already in (by its cookie, or its join key after a lost answer) is not.
    """
    if workshop.is_ended:
        raise NotFound("unknown_code")
    form = FieldReader(data)
    anonymous = workshop.allow_anonymous and form.flag("anonymous")
    try:
        fields = read_person_fields(workshop, data, anonymous=anonymous)
    except FormErrors as error:
        raise _offer_anonymity(workshop, error) from None
    agreed = form.flag("named") if workshop.names_in_minutes == "agreed" else True
    key = _join_key(data)
    with transaction() as s:
        person = already or _by_join_key(s, workshop, key)
        if person is None and not _joining_open(s, workshop):
            raise Conflict("joining_closed")  # a new phone; those already in are never refused
        if person is None and not anonymous:
            person = _claimed(s, workshop, fields, str(data.get("claim") or ""))
        secret = None if already else new_secret()
        if person is None:
            person = Participant(workshop_id=workshop.id, join_key=key)
            person.locale, person.nameable = locale, True
            s.add(person)
        elif not person.has_phone:  # a line of the roster claimed by its phone
            person.has_phone, person.join_key, person.locale = True, key, locale
        if secret:
            person.rejoin_hash = hash_secret(secret)
        for name, value in fields.items():
            if value or name in ("first_name", "surname") or already is not None:
                setattr(person, name, value)
        # Nobody's choice can name them against the facilitator's mark or their own wish.
        person.anonymous = anonymous
        person.nameable = bool(person.nameable) and agreed and not anonymous
    events.roster_changed.send(workshop.id)
    logger.info("workshop %s: participant %s joined", workshop.join_code, person.id)
    return person, secret


def _joining_open(s, workshop: Workshop) -> bool:
    """Read the switch inside the joining transaction: a close made meanwhile holds."""
    return bool(s.scalar(select(Workshop.joining_open).where(Workshop.id == workshop.id)))


def set_joining(workshop: Workshop, open_: bool) -> None:
    """Let new phones join, or close joining ("room full"); people already in stay in."""
    with transaction():
        workshop.joining_open = open_
    events.roster_changed.send(workshop.id)
    events.workshop_updated.send(workshop.id)
    logger.info("workshop %s: joining %s", workshop.join_code, "open" if open_ else "closed")


def _offer_anonymity(workshop: Workshop, error: FormErrors) -> FormErrors:
    """Where one may stay anonymous, a missing name says so ("or stay anonymous")."""
    if not workshop.allow_anonymous:
        return error
    names = ("first_name", "surname")
    return FormErrors(
        {
            name: ("name_or_anonymous", {}) if name in names and code == "required" else (code, p)
            for name, (code, p) in error.fields.items()
        }
    )


def _claimed(s, workshop: Workshop, fields: dict, claim: str) -> Participant | None:
    """Return the roster line without a phone a new phone claims, or None for a new line;
    ask (SameName) while the phone has not said whether it is that person."""
    twin = _without_phone_named(s, workshop, fields["first_name"], fields["surname"])
    if twin is None or claim == "new":
        return None
    if claim != str(twin.id):
        raise SameName(twin)
    return twin


def _without_phone_named(s, workshop: Workshop, first_name: str, surname: str):
    """Return the present person without a phone who bears this name, if exactly one."""
    wanted = name_key(first_name, surname)
    query = select(Participant).where(
        Participant.workshop_id == workshop.id,
        Participant.removed_at.is_(None),
        Participant.has_phone.is_(False),
        Participant.anonymous.is_(False),
    )
    found = [
        p for p in s.scalars(query.with_for_update()) if name_key(p.first_name, p.surname) == wanted
    ]
    return found[0] if len(found) == 1 else None


def _join_key(data: Mapping) -> str | None:
    key = str(data.get("join_key") or "")
    return key if 16 <= len(key) <= 64 and key.replace("-", "").isalnum() else None


def _by_join_key(s, workshop: Workshop, key: str | None) -> Participant | None:
    if key is None:
        return None
    return s.scalar(
        select(Participant).where(
            Participant.workshop_id == workshop.id,
            Participant.join_key == key,
            Participant.removed_at.is_(None),
        )
    )


def rejoin(secret: str) -> Participant:
    """Return the participant a personal rejoin link names; removed people stay out."""
    person = session().scalar(
        select(Participant).where(Participant.rejoin_hash == hash_secret(secret or ""))
    )
    if person is None or person.removed_at is not None:
        raise NotFound("unknown_link")
    return person


def set_locale(person: Participant, locale: str) -> None:
    """Remember the language a phone chose."""
    with transaction():
        person.locale = locale


def find_person(workshop: Workshop, person_id) -> Participant:
    """Return one of this workshop's people; another workshop's looks absent."""
    try:
        person = session().get(Participant, as_id(person_id))
    except (TypeError, ValueError):
        person = None
    if person is None or person.workshop_id != workshop.id:
        raise NotFound()
    return person


def add_person(workshop: Workshop, data: Mapping) -> Participant:
    """Add someone present without a phone (anonymous, for a proxy ballot, if asked)."""
    anonymous = FieldReader(data).flag("anonymous")
    fields = read_person_fields(workshop, data, anonymous=anonymous, with_role=True)
    with transaction() as s:
        person = Participant(workshop_id=workshop.id, has_phone=False, **fields)
        person.anonymous, person.nameable = anonymous, not anonymous
        s.add(person)
    events.roster_changed.send(workshop.id)
    logger.info("workshop %s: person %s added by facilitator", workshop.join_code, person.id)
    return person


def update_person(workshop: Workshop, person_id, data: Mapping) -> Participant:
    """Correct anyone's details, whether they may be named in the minutes, and (when the
    form holds `group_id`) their group: all in one transaction, refused whole."""
    person = find_person(workshop, person_id)
    fields = read_person_fields(workshop, data, anonymous=person.anonymous, with_role=True)
    if "group_id" in data:
        fields["group_id"] = _group_id(workshop, data.get("group_id"))
    moved = "group_id" in fields and fields["group_id"] != person.group_id
    with transaction() as s:
        if fresh(s, Participant, person.id) is None:
            raise NotFound()
        if fields.get("group_id") and fresh(s, Group, fields["group_id"], share=True) is None:
            raise NotFound()  # the group was deleted meanwhile
        for name, value in fields.items():
            setattr(person, name, value)
        person.nameable = FieldReader(data).flag("nameable") and not person.anonymous
    events.roster_changed.send(workshop.id)
    if moved:
        events.groups_changed.send(workshop.id, moved=[person.id])
    logger.info("workshop %s: person %s edited", workshop.join_code, person.id)
    return person


def _group_id(workshop: Workshop, raw) -> int | None:
    """Return the id of one of this workshop's groups (None: no group); refuse another."""
    if raw in (None, "", "0"):
        return None
    group = next((g for g in workshop.groups if str(g.id) == str(raw)), None)
    if group is None:
        raise NotFound()
    return group.id


def remove_person(workshop: Workshop, person_id) -> Participant:
    """Take someone (a ghost phone) off the roster; their data stays, they stop counting."""
    person = find_person(workshop, person_id)
    with transaction() as s:
        fresh(s, Participant, person.id)
        person.removed_at = person.removed_at or utcnow()
    events.roster_changed.send(workshop.id)
    events.people_removed.send(workshop.id, people=(person.id,))  # their sockets close now
    logger.info("workshop %s: person %s removed", workshop.join_code, person.id)
    return person


def restore_person(workshop: Workshop, person_id) -> Participant:
    """Put a removed person back on the roster."""
    person = find_person(workshop, person_id)
    with transaction() as s:
        fresh(s, Participant, person.id)
        person.removed_at = None
    events.roster_changed.send(workshop.id)
    logger.info("workshop %s: person %s restored", workshop.join_code, person.id)
    return person


@dataclass(frozen=True)
class SheetPreview:
    """What a pasted sheet would create: its lines, those naming someone already known."""

    lines: list[SheetLine]
    known: dict[int, str]  # line number -> "roster" (already present) or "sheet" (repeated)
    digest: str  # names this exact sheet: creation refuses another text

    @property
    def good(self) -> list[SheetLine]:
        return [line for line in self.lines if line.error is None]

    @property
    def new(self) -> list[SheetLine]:
        return [line for line in self.good if line.line_no not in self.known]


def preview_sheet(workshop: Workshop, text: str) -> SheetPreview:
    """Read a pasted sign-in sheet without creating anyone.

    A line names someone known when its first name and surname match (case, accents and
    spacing ignored) a person present on the roster, or an earlier line of the sheet.
    """
    if len(text or "") > 100_000:
        raise FormErrors({"sheet": ("too_long", {"limit": 100_000})})
    lines = parse_sheet(text, workshop.categories)
    if len(lines) > MAX_SHEET_LINES:
        raise FormErrors({"sheet": ("too_many_lines", {"limit": MAX_SHEET_LINES})})
    seen = {name_key(p.first_name, p.surname): "roster" for p in roster(workshop)}
    known = {}
    for line in lines:
        if line.error is None:
            key = name_key(line.first_name, line.surname)
            if key in seen:
                known[line.line_no] = seen[key]
            seen.setdefault(key, "sheet")
    return SheetPreview(lines, known, sheet_digest(text))


def sheet_digest(text: str) -> str:
    """Name a sheet's content; blank lines, spaces around lines and line endings aside."""
    content = "\n".join(line.strip() for line in (text or "").splitlines() if line.strip())
    return hashlib.sha256(content.encode()).hexdigest()[:32]


def import_sheet(
    workshop: Workshop, text: str, *, previewed: str | None = None, include_known: bool = False
) -> list[Participant]:
    """Create everyone new on the good lines of a sign-in sheet, all or nothing.

    `previewed` is the digest of the sheet the facilitator saw: another text is refused
    (nothing created), so what is created is what was previewed. People already on the
    roster (or repeated in the sheet) are left out unless `include_known`.
    """
    preview = preview_sheet(workshop, text)
    if previewed is not None and previewed != preview.digest:
        raise Conflict("sheet_changed")
    lines = preview.good if include_known else preview.new
    if not preview.good:
        raise Invalid("empty_sheet")
    if not lines:
        raise Conflict("sheet_all_known")
    with transaction() as s:
        people = [_person_from_line(workshop, line) for line in lines]
        s.add_all(people)
    events.roster_changed.send(workshop.id)
    logger.info("workshop %s: %d people imported", workshop.join_code, len(people))
    return people


def _person_from_line(workshop: Workshop, line: SheetLine) -> Participant:
    return Participant(
        workshop_id=workshop.id,
        surname=line.surname,
        first_name=line.first_name,
        organisation=line.organisation,
        category=line.category,
        has_phone=False,
    )


def merge_people(workshop: Workshop, keep_id, other_id) -> Participant:
    """Make two lines of the roster one person, keeping `keep`.

    The other line's ballots, cards, idempotency keys and reporter duties go to `keep`,
    as do its phone (rejoin link, cookie: the other line points to `keep`) and whatever
    `keep` lacks of its organisation, category, role and group. Refused (both_voted,
    nothing changed) when both lines voted in the same vote: their ballots cannot be
    added up into one person's. The other line is removed, never deleted.
    """
    keep, other = find_person(workshop, keep_id), find_person(workshop, other_id)
    if keep.id == other.id or not keep.present or not other.present:
        raise Invalid("merge_same_person" if keep.id == other.id else "not_found")
    with transaction() as s:
        _lock(s, keep, other)
        clash = _voted_by_both(s, keep.id, other.id)
        if clash is not None:
            raise Conflict("both_voted", vote=clash)
        meeting = _speed_meeting_of(s, workshop, other.id)
        if meeting is not None:
            raise Conflict("in_speed_meeting", activity=meeting)
        _move_rows(s, other.id, keep.id)
        _move_reporter_duties(workshop, other.id, keep.id)
        _take_over(s, keep, other)
    events.roster_changed.send(workshop.id)
    events.people_merged.send(workshop.id, kept=keep.id, merged=other.id)
    logger.info("workshop %s: person %s merged into %s", workshop.join_code, other.id, keep.id)
    return keep


def _lock(s, *people: Participant) -> None:
    """Lock both lines against a parallel merge or claim (PostgreSQL; SQLite: one writer)."""
    ids = sorted(p.id for p in people)
    s.execute(select(Participant.id).where(Participant.id.in_(ids)).with_for_update())


BALLOT_TABLES = (VoteDot, VoteRank, VoteApproval)


def _voted_by_both(s, keep_id: int, other_id: int) -> str | None:
    """Return the title of a vote both people voted in, if any."""
    for table in BALLOT_TABLES:
        mine = select(table.activity_id).where(table.participant_id == keep_id)
        theirs = select(table.activity_id).where(table.participant_id == other_id)
        shared = s.scalar(
            select(Activity.title).where(Activity.id.in_(mine), Activity.id.in_(theirs))
        )
        if shared is not None:
            return shared
    return None


def _speed_meeting_of(s, workshop: Workshop, person_id: int) -> str | None:
    """Return the title of a speed meeting this line takes part in (a side or host chosen,
    a wish, a follow-up, a table held), if any: its plan and held rounds name the line, so
    it cannot be merged away."""
    ids = [a.id for a in workshop.activities if a.kind == "speed_meeting"]
    for activity_id in ids:
        rows = [
            select(SpeedPerson.participant_id).where(
                SpeedPerson.activity_id == activity_id, SpeedPerson.participant_id == person_id
            ),
            select(SpeedWish.id).where(
                SpeedWish.activity_id == activity_id,
                (SpeedWish.person_id == person_id) | (SpeedWish.wanted_id == person_id),
            ),
            select(SpeedFollowUp.id).where(
                SpeedFollowUp.activity_id == activity_id,
                (SpeedFollowUp.person_id == person_id) | (SpeedFollowUp.other_id == person_id),
            ),
        ]
        held = s.scalars(select(SpeedRound.tables).where(SpeedRound.activity_id == activity_id))
        if any(s.execute(q.limit(1)).first() for q in rows) or any(
            person_id in (*side_a, *side_b) for tables in held for _n, side_a, side_b in tables
        ):
            return next(a.title for a in workshop.activities if a.id == activity_id)
    return None


def _move_rows(s, other_id: int, keep_id: int) -> None:
    for table in BALLOT_TABLES:
        s.execute(
            update(table).where(table.participant_id == other_id).values(participant_id=keep_id)
        )
    s.execute(update(Card).where(Card.author_id == other_id).values(author_id=keep_id))
    s.execute(
        update(IdempotencyKey)
        .where(IdempotencyKey.participant_id == other_id)
        .values(participant_id=keep_id)
    )


def _move_reporter_duties(workshop: Workshop, other_id: int, keep_id: int) -> None:
    for activity in workshop.activities:
        reporters = (activity.settings or {}).get("reporters") or {}
        if other_id in reporters.values():
            moved = {g: keep_id if p == other_id else p for g, p in reporters.items()}
            activity.settings = {**activity.settings, "reporters": moved}


def _take_over(s, keep: Participant, other: Participant) -> None:
    """Give `keep` what only `other` had, then retire `other`, pointing it at `keep`."""
    for name in ("organisation", "category", "role", "group_id"):
        if not getattr(keep, name) and getattr(other, name):
            setattr(keep, name, getattr(other, name))
    phone = other.rejoin_hash if not keep.rejoin_hash else None
    other.rejoin_hash, other.join_key = None, None
    other.removed_at, other.merged_into_id = utcnow(), keep.id
    s.flush()  # the rejoin link is unique: free it before giving it to `keep`
    if phone:
        keep.rejoin_hash, keep.has_phone = phone, True
    keep.has_phone = keep.has_phone or other.has_phone
    keep.nameable = keep.nameable and other.nameable
