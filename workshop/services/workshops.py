"""Creating a workshop and editing its settings."""

import hmac
import logging
from collections.abc import Mapping

from sqlalchemy import select, update
from sqlalchemy.exc import IntegrityError

from workshop import events
from workshop.db import session, transaction
from workshop.domain.codes import generate_join_code, hash_secret, new_secret, normalise_join_code
from workshop.domain.roster import NAMES_IN_MINUTES
from workshop.domain.text import INSTRUCTION_MAX, TITLE_MAX
from workshop.models import Activity, Workshop
from workshop.services.forms import FieldReader
from workshop.services.refusals import Forbidden, NotFound

logger = logging.getLogger(__name__)

DEFAULT_CATEGORIES = {
    "fr": ["Association", "Entreprise", "Organisme public", "Habitant", "Autre"],
    "en": ["Association", "Company", "Public body", "Resident", "Other"],
}
WELCOME_TITLE = {"fr": "Accueil", "en": "Welcome"}
CONTEXT_MAX = 20000


def read_workshop_fields(data: Mapping) -> dict:
    """Read and check the settings of a workshop form; refuse them all at once."""
    form = FieldReader(data)
    fields = {
        "title": form.text("title", TITLE_MAX, required=True),
        "series_label": form.text("series_label", 80),
        "theme": form.text("theme", TITLE_MAX),
        "context": form.text("context", CONTEXT_MAX, multiline=True),
        "date": form.date("date"),
        "start_time": form.time("start_time"),
        "end_time": form.time("end_time"),
        "place": form.text("place", TITLE_MAX),
        "organiser": form.text("organiser", TITLE_MAX),
        "minutes_author": form.text("minutes_author", TITLE_MAX),
        "language": form.choice("language", ("fr", "en"), "fr"),
        "allow_anonymous": form.flag("allow_anonymous"),
        "names_in_minutes": form.choice("names_in_minutes", NAMES_IN_MINUTES, "all"),
        "categories": _read_categories(form),
    }
    form.done()
    return fields


def _read_categories(form: FieldReader) -> list[str] | None:
    raw = form.text("categories", INSTRUCTION_MAX, multiline=True)
    names = [" ".join(line.split())[:40] for line in raw.replace(",", "\n").split("\n")]
    unique = list(dict.fromkeys(n for n in names if n))
    if len(unique) > 20:
        form.errors["categories"] = ("too_many", {"limit": 20})
    return unique[:20] or None


def check_instance_password(expected: str | None, given: str | None) -> None:
    """Refuse unless the instance has no password or `given` is it."""
    if expected and not hmac.compare_digest(expected.encode(), (given or "").encode()):
        raise Forbidden("wrong_password")


def create_workshop(data: Mapping) -> tuple[Workshop, str]:
    """Create a draft workshop with a welcome activity; return it and its facilitator secret.

    The secret is shown once: only its digest is stored.
    """
    fields = read_workshop_fields(data)
    fields["categories"] = fields["categories"] or DEFAULT_CATEGORIES[fields["language"]]
    secret = new_secret()
    for _attempt in range(20):
        try:
            workshop = _insert_workshop(fields, secret)
            break
        except IntegrityError:  # two workshops drew the same code: draw again
            continue
    else:  # pragma: no cover - 25^6 codes
        raise RuntimeError("no free join code")
    events.workshop_created.send(workshop.id)
    logger.info("workshop %s created (%s)", workshop.join_code, workshop.id)
    return workshop, secret


def _insert_workshop(fields: dict, secret: str) -> Workshop:
    with transaction() as s:
        code = generate_join_code()
        if s.scalar(select(Workshop.id).where(Workshop.join_code == code)):
            raise IntegrityError("join_code taken", None, Exception())
        workshop = Workshop(
            **fields,
            join_code=code,
            facilitator_token_hash=hash_secret(secret),
            screen_key=new_secret(),
        )
        workshop.activities.append(
            Activity(kind="welcome", title=WELCOME_TITLE[fields["language"]], position=0)
        )
        s.add(workshop)
    return workshop


def update_workshop(workshop: Workshop, data: Mapping) -> Workshop:
    """Change a workshop's settings; the join code and secrets never change."""
    fields = read_workshop_fields(data)
    fields["categories"] = fields["categories"] or workshop.categories
    with transaction():
        for name, value in fields.items():
            setattr(workshop, name, value)
    events.workshop_updated.send(workshop.id)
    logger.info("workshop %s settings updated", workshop.join_code)
    return workshop


FACILITATOR, SCREEN = "console", "screen"  # the audiences a grant opens


def revoke_facilitator_grants(workshop: Workshop) -> int:
    """Log every browser out of the console (logout): earlier cookies stop working.

    The facilitator link still opens the console; return the new grant version."""
    version = _next_grant(workshop, Workshop.facilitator_grant)
    events.grants_revoked.send(workshop.id, audience=FACILITATOR)
    logger.info("workshop %s: facilitator cookies revoked", workshop.join_code)
    return version


def replace_facilitator_link(workshop: Workshop) -> str:
    """Give the workshop a new facilitator link; the old one and every cookie stop working.

    Return the new secret (shown once; only its digest is stored)."""
    secret = new_secret()
    _next_grant(workshop, Workshop.facilitator_grant, facilitator_token_hash=hash_secret(secret))
    events.grants_revoked.send(workshop.id, audience=FACILITATOR)
    logger.info("workshop %s: facilitator link replaced", workshop.join_code)
    return secret


def replace_screen_link(workshop: Workshop) -> str:
    """Give the workshop a new projector link; screens opened with the old one go dark."""
    key = new_secret()
    _next_grant(workshop, Workshop.screen_grant, screen_key=key)
    events.grants_revoked.send(workshop.id, audience=SCREEN)
    logger.info("workshop %s: projector link replaced", workshop.join_code)
    return key


def _next_grant(workshop: Workshop, column, **values) -> int:
    """Move one grant version on (in the database: two at once both count), with `values`."""
    with transaction() as s:
        s.execute(
            update(Workshop)
            .where(Workshop.id == workshop.id)
            .values({column.key: column + 1, **values})
            .execution_options(synchronize_session=False)
        )
        s.refresh(workshop)
    return getattr(workshop, column.key)


def find_by_code(typed: str, *, open_only: bool = False) -> Workshop:
    """Return the workshop a typed join code names; refuse unknown (and ended) ones alike."""
    code = normalise_join_code(typed)
    workshop = (
        session().scalar(select(Workshop).where(Workshop.join_code == code)) if code else None
    )
    if workshop is None or (open_only and workshop.is_ended):
        raise NotFound("unknown_code")
    return workshop


def find_by_facilitator_secret(secret: str) -> Workshop:
    """Return the workshop a facilitator secret opens."""
    found = session().scalar(
        select(Workshop).where(Workshop.facilitator_token_hash == hash_secret(secret or ""))
    )
    if found is None:
        raise NotFound("unknown_link")
    return found


def find_by_screen_key(key: str) -> Workshop:
    """Return the workshop a projector link shows."""
    found = session().scalar(select(Workshop).where(Workshop.screen_key == (key or "")))
    if found is None:
        raise NotFound("unknown_link")
    return found


def list_workshops() -> list[Workshop]:
    """Return every workshop, newest first (for `python -m workshop list`)."""
    return list(session().scalars(select(Workshop).order_by(Workshop.created_at.desc())))


def get_workshop_or_none(workshop_id: int) -> Workshop | None:
    """Return the workshop with this id, or None (a cookie may name a deleted one)."""
    return session().get(Workshop, workshop_id)


def get_workshop(workshop_id: int) -> Workshop:
    """Return the workshop with this id (ids only ever come from the server's own data)."""
    found = session().get(Workshop, workshop_id)
    if found is None:
        raise NotFound()
    return found
