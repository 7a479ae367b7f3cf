"""What the signed session cookie grants: facilitating, projecting, or being a participant.

The cookie is Flask's signed session; nothing here trusts an id sent by a client.
"""

import secrets
from dataclasses import dataclass

from flask import current_app, has_request_context, request, session

from workshop import events
from workshop.domain.visibility import Audience
from workshop.models import Participant, Workshop
from workshop.presenters.regions import Room
from workshop.services import roster, workshops
from workshop.services.refusals import Forbidden, Malformed, NotFound
from workshop.services.workshops import find_by_code

FACILITATES, SCREENS, PARTICIPATES = "facilitates", "screens", "participates"
LOGIN = "login"


def _grants(key: str) -> dict[str, int]:
    """Return {workshop id: grant version} this browser holds for an audience."""
    held = session.get(key)
    if isinstance(held, list):  # a cookie from before grant versions: the first version
        return {str(i): 0 for i in held if isinstance(i, int)}
    return held if isinstance(held, dict) else {}


def grant_facilitator(workshop: Workshop) -> None:
    """Bind this browser to the console, at the workshop's current facilitator grant."""
    session.permanent = True
    session[FACILITATES] = {**_grants(FACILITATES), str(workshop.id): workshop.facilitator_grant}
    session.setdefault(LOGIN, secrets.token_urlsafe(16))


def login_nonce() -> str | None:
    """Return this browser's facilitator login id: its console sockets share a room by it."""
    return session.get(LOGIN)


def grant_screen(workshop: Workshop) -> None:
    """Bind this browser to the projector view, at the workshop's current screen grant."""
    session.permanent = True
    session[SCREENS] = {**_grants(SCREENS), str(workshop.id): workshop.screen_grant}


def bind_participant(workshop: Workshop, person: Participant) -> None:
    """Bind this browser to `person` for this workshop (one participant per workshop)."""
    session.permanent = True
    session[PARTICIPATES] = {**session.get(PARTICIPATES, {}), str(workshop.id): person.id}


def forget_facilitator(workshop: Workshop) -> None:
    """Log this browser out of one workshop; its open consoles are told so."""
    session[FACILITATES] = {k: v for k, v in _grants(FACILITATES).items() if k != str(workshop.id)}
    events.facilitator_logged_out.send(workshop.id, login=session.get(LOGIN))


def facilitates(workshop: Workshop) -> bool:
    """Tell whether this browser's console grant is the workshop's current one."""
    return _grants(FACILITATES).get(str(workshop.id)) == workshop.facilitator_grant


def screens_by_link(workshop: Workshop) -> bool:
    """Tell whether this browser holds the workshop's current projector grant."""
    return _grants(SCREENS).get(str(workshop.id)) == workshop.screen_grant


def screens(workshop: Workshop) -> bool:
    return screens_by_link(workshop) or facilitates(workshop)


def facilitated_ids() -> list[int]:
    """Return the workshops this browser still facilitates (grants revoked since left out)."""
    held = _grants(FACILITATES)
    found = (workshops.get_workshop_or_none(int(i)) for i in held if str(i).isdigit())
    return [w.id for w in found if w is not None and held[str(w.id)] == w.facilitator_grant]


def participations() -> list[tuple[str, int]]:
    """Return the (workshop id, participant id) pairs this browser is bound to."""
    return list(session.get(PARTICIPATES, {}).items())


def actions_key() -> str:
    """Key a phone's actions by its participant cookie, so one phone's flood slows only it
    (web/floods.py: the same key over HTTP and over the socket)."""
    return "participant:" + ",".join(f"{w}:{p}" for w, p in sorted(participations()))


def participant_id(workshop_id: int):
    """Return the participant id this browser is bound to in a workshop (unchecked)."""
    return session.get(PARTICIPATES, {}).get(str(workshop_id))


def participant_in(workshop: Workshop) -> Participant | None:
    """Return the present participant this browser is bound to in `workshop`, if any (a
    line merged into another binds the browser to that one from now on)."""
    bound = participant_id(workshop.id)
    person = roster.current_participant(workshop, bound)
    if person is not None and person.id != bound and has_request_context():
        bind_participant(workshop, person)
    return person


def browser_locale() -> str:
    """Return the language this browser chose, else the best of its Accept-Language."""
    languages = current_app.config["LANGUAGES"]
    chosen = session.get("lang")
    if chosen in languages:
        return chosen
    return request.accept_languages.best_match(languages) or languages[0]


def facilitated_workshop(code: str) -> Workshop:
    """Load a workshop by join code and check this browser facilitates it.

    An unknown code is refused exactly like a live one this browser does not lead: no
    route tells a live code from a wrong one (web/guesses.py)."""
    try:
        workshop = find_by_code(code)
    except NotFound:
        raise Forbidden("not_facilitator") from None
    if not facilitates(workshop):
        raise Forbidden("not_facilitator")
    return workshop


def participant_workshop(code: str) -> tuple[Workshop, Participant]:
    """Load a workshop by join code and this browser's present participant in it.

    An unknown code and a live one this browser has not joined are refused alike."""
    try:
        workshop = find_by_code(code)
    except NotFound:
        raise Forbidden() from None
    person = participant_in(workshop)
    if person is None:
        raise Forbidden()
    return workshop, person


@dataclass(frozen=True)
class LiveGrant:
    workshop: Workshop
    room: Room
    person_id: int | None = None
    login: str | None = None  # a console's facilitator login, to disconnect it at logout
    # The grant the socket was opened with: ("console" | "screen", version), or
    # ("phone", person id). Revoking it closes the socket; it is checked again after a
    # message-queue outage, when the news of a revocation may have been lost.
    holds: tuple[str, int] = ("", 0)

    @property
    def audience(self) -> str:
        return self.room.audience


def still_granted(workshop: Workshop, holds: tuple[str, int]) -> bool:
    """Tell whether a grant a socket was opened with still stands (read afresh)."""
    kind, value = holds
    if kind == workshops.FACILITATOR:
        return workshop.facilitator_grant == value
    if kind == workshops.SCREEN:
        return workshop.screen_grant == value
    return roster.current_participant(workshop, value) is not None


def live_grant(auth) -> LiveGrant:
    """Decide which room a connecting socket may join, from the cookie alone."""
    if not isinstance(auth, dict) or not isinstance(auth.get("workshop"), str):
        raise Malformed("bad_auth")
    try:
        workshop = find_by_code(auth["workshop"])
    except NotFound:
        raise Forbidden() from None
    audience = auth.get("audience")
    console = (workshops.FACILITATOR, workshop.facilitator_grant)
    if audience == Audience.SCREEN and screens(workshop):
        room = Room(workshop.id, Audience.SCREEN, workshop.language)
        by_link = (workshops.SCREEN, workshop.screen_grant)
        return LiveGrant(workshop, room, holds=by_link if screens_by_link(workshop) else console)
    if audience == Audience.CONSOLE and facilitates(workshop):
        room = Room(workshop.id, Audience.CONSOLE, browser_locale())
        return LiveGrant(workshop, room, login=login_nonce(), holds=console)
    person = participant_in(workshop) if audience == Audience.PHONE else None
    if person is not None:
        room = Room(workshop.id, Audience.PHONE, person.locale, person.group_id)
        return LiveGrant(workshop, room, person.id, holds=(Audience.PHONE, person.id))
    raise Forbidden()
