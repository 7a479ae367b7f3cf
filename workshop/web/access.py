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
from workshop.services import roster
from workshop.services.refusals import Forbidden, Malformed, NotFound
from workshop.services.workshops import find_by_code

FACILITATES, SCREENS, PARTICIPATES = "facilitates", "screens", "participates"
LOGIN = "login"


def grant_facilitator(workshop: Workshop) -> None:
    session.permanent = True
    session[FACILITATES] = sorted({*session.get(FACILITATES, []), workshop.id})
    session.setdefault(LOGIN, secrets.token_urlsafe(16))


def login_nonce() -> str | None:
    """Return this browser's facilitator login id: its console sockets share a room by it."""
    return session.get(LOGIN)


def grant_screen(workshop: Workshop) -> None:
    session.permanent = True
    session[SCREENS] = sorted({*session.get(SCREENS, []), workshop.id})


def bind_participant(workshop: Workshop, person: Participant) -> None:
    """Bind this browser to `person` for this workshop (one participant per workshop)."""
    session.permanent = True
    session[PARTICIPATES] = {**session.get(PARTICIPATES, {}), str(workshop.id): person.id}


def forget_facilitator(workshop: Workshop) -> None:
    """Log this browser out of one workshop; its open consoles are disconnected."""
    session[FACILITATES] = [i for i in session.get(FACILITATES, []) if i != workshop.id]
    events.facilitator_logged_out.send(workshop.id, login=session.get(LOGIN))


def facilitates(workshop: Workshop) -> bool:
    return workshop.id in session.get(FACILITATES, [])


def screens(workshop: Workshop) -> bool:
    return workshop.id in session.get(SCREENS, []) or facilitates(workshop)


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
    """Load a workshop by join code and check this browser facilitates it."""
    workshop = find_by_code(code)
    if not facilitates(workshop):
        raise Forbidden("not_facilitator")
    return workshop


@dataclass(frozen=True)
class LiveGrant:
    workshop: Workshop
    room: Room
    person_id: int | None = None
    login: str | None = None  # a console's facilitator login, to disconnect it at logout

    @property
    def audience(self) -> str:
        return self.room.audience


def live_grant(auth) -> LiveGrant:
    """Decide which room a connecting socket may join, from the cookie alone."""
    if not isinstance(auth, dict) or not isinstance(auth.get("workshop"), str):
        raise Malformed("bad_auth")
    try:
        workshop = find_by_code(auth["workshop"])
    except NotFound:
        raise Forbidden() from None
    audience = auth.get("audience")
    if audience == Audience.SCREEN and screens(workshop):
        return LiveGrant(workshop, Room(workshop.id, Audience.SCREEN, workshop.language))
    if audience == Audience.CONSOLE and facilitates(workshop):
        return LiveGrant(
            workshop, Room(workshop.id, Audience.CONSOLE, browser_locale()), login=login_nonce()
        )
    person = participant_in(workshop) if audience == Audience.PHONE else None
    if person is not None:
        room = Room(workshop.id, Audience.PHONE, person.locale, person.group_id)
        return LiveGrant(workshop, room, person.id)
    raise Forbidden()
