"""Who is in the room: joining from a phone, and the facilitator's roster."""

import hashlib
import logging
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass

from sqlalchemy import func, select

from workshop import events
from workshop.db import as_id, session, transaction, utcnow
from workshop.domain.codes import hash_secret, new_secret
from workshop.domain.roster import NO_CATEGORY, SheetLine, parse_sheet
from workshop.domain.text import NAME_MAX, ORGANISATION_MAX
from workshop.models import Participant, Workshop
from workshop.services.forms import FieldReader
from workshop.services.refusals import Conflict, FormErrors, Invalid, NotFound

logger = logging.getLogger(__name__)
MAX_SHEET_LINES = 500


def read_person_fields(workshop: Workshop, data: Mapping, *, anonymous: bool) -> dict:
    """Read a person's name, organisation and category; names are needed unless anonymous."""
    form = FieldReader(data)
    fields = {
        "first_name": form.text("first_name", NAME_MAX, required=not anonymous),
        "surname": form.text("surname", NAME_MAX, required=not anonymous),
        "organisation": form.text("organisation", ORGANISATION_MAX),
        "category": form.choice("category", [*workshop.categories, NO_CATEGORY], ""),
    }
    form.done()
    if anonymous:
        fields.update(first_name="", surname="")
    return fields


def present_count(workshop_id: int) -> int:
    """Count the people present: joined or added, and not removed."""
    query = select(func.count(Participant.id)).where(
        Participant.workshop_id == workshop_id, Participant.removed_at.is_(None)
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
    """Return the present participant a cookie names, if it still belongs to the workshop."""
    if not participant_id:
        return None
    person = session().get(Participant, participant_id)
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
    be named" mark stays (turning anonymous still clears it), and so does the language
    the phone chose since (a re-sent join form carries the language it was shown in).
    """
    if workshop.is_ended:
        raise NotFound("unknown_code")
    anonymous = workshop.allow_anonymous and FieldReader(data).flag("anonymous")
    fields = read_person_fields(workshop, data, anonymous=anonymous)
    key = _join_key(data)
    with transaction() as s:
        person = already or _by_join_key(s, workshop, key)
        secret = None if already else new_secret()
        if person is None:
            person = Participant(workshop_id=workshop.id, join_key=key)
            person.locale, person.nameable = locale, not anonymous
            s.add(person)
        if secret:
            person.rejoin_hash = hash_secret(secret)
        for name, value in fields.items():
            setattr(person, name, value)
        person.anonymous, person.nameable = anonymous, bool(person.nameable) and not anonymous
    events.roster_changed.send(workshop.id)
    logger.info("workshop %s: participant %s joined", workshop.join_code, person.id)
    return person, secret


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
    """Add someone present without a phone."""
    fields = read_person_fields(workshop, data, anonymous=False)
    with transaction() as s:
        person = Participant(workshop_id=workshop.id, has_phone=False, **fields)
        s.add(person)
    events.roster_changed.send(workshop.id)
    logger.info("workshop %s: person %s added by facilitator", workshop.join_code, person.id)
    return person


def update_person(workshop: Workshop, person_id, data: Mapping) -> Participant:
    """Correct anyone's details, whether they may be named in the minutes, and (when the
    form holds `group_id`) their group: all in one transaction, refused whole."""
    person = find_person(workshop, person_id)
    fields = read_person_fields(workshop, data, anonymous=person.anonymous)
    if "group_id" in data:
        fields["group_id"] = _group_id(workshop, data.get("group_id"))
    moved = "group_id" in fields and fields["group_id"] != person.group_id
    with transaction():
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
    with transaction():
        person.removed_at = person.removed_at or utcnow()
    events.roster_changed.send(workshop.id)
    logger.info("workshop %s: person %s removed", workshop.join_code, person.id)
    return person


def restore_person(workshop: Workshop, person_id) -> Participant:
    """Put a removed person back on the roster."""
    person = find_person(workshop, person_id)
    with transaction():
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
    seen = {_name_key(p.first_name, p.surname): "roster" for p in roster(workshop)}
    known = {}
    for line in lines:
        if line.error is None:
            key = _name_key(line.first_name, line.surname)
            if key in seen:
                known[line.line_no] = seen[key]
            seen.setdefault(key, "sheet")
    return SheetPreview(lines, known, sheet_digest(text))


def sheet_digest(text: str) -> str:
    """Name a sheet's content; blank lines, spaces around lines and line endings aside."""
    content = "\n".join(line.strip() for line in (text or "").splitlines() if line.strip())
    return hashlib.sha256(content.encode()).hexdigest()[:32]


def _name_key(first_name: str, surname: str) -> tuple[str, str]:
    def fold(text: str) -> str:
        decomposed = unicodedata.normalize("NFKD", " ".join(text.split()).casefold())
        return "".join(ch for ch in decomposed if not unicodedata.combining(ch))

    return fold(first_name), fold(surname)


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
