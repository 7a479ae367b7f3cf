"""Who wrote each card, as the screens and the minutes may show it.

Policy (the activity's "contributions named or anonymous" setting):
- anonymous activity: no author anywhere, not even on the facilitator's console (the console
  shows authors only when the activity is named, so nothing anonymous is ever rendered);
- named activity: a card shows its author's display name, unless the person is anonymous,
  was not marked "may be named in the minutes", has no name, or left the roster: then the
  card is attributed to "a participant" (an empty name here);
- cards the facilitator typed (paper answers) carry no attribution at all.
"""

from sqlalchemy import select

from workshop.db import session
from workshop.kinds.boards import is_anonymous
from workshop.models import Activity, Card, Participant, Workshop
from workshop.services.boards import _cards as boards

UNNAMED = ""  # "a participant": the template or the minutes label says it in their language


def is_named(activity: Activity) -> bool:
    """Tell whether the activity's contributions are named."""
    return not is_anonymous(activity.settings)


def nameable_name(person: Participant | None) -> str:
    """Return the name a person may be shown by, or UNNAMED."""
    if person is None or person.anonymous or not person.nameable:
        return UNNAMED
    return person.display_name or UNNAMED


def author_names(workshop: Workshop, activity: Activity) -> dict[int, str]:
    """Map card ids to their author's shown name (UNNAMED: "a participant").

    Cards without an entry show no attribution: every card of an anonymous activity, and the
    cards the facilitator typed.
    """
    if not is_named(activity):
        return {}
    cards: list[Card] = [c for c in boards.cards_of(activity) if not c.by_facilitator]
    ids = {c.author_id for c in cards if c.author_id}
    query = select(Participant).where(
        Participant.workshop_id == workshop.id, Participant.id.in_(ids)
    )
    people = {p.id: p for p in session().scalars(query)} if ids else {}
    return {c.id: nameable_name(people.get(c.author_id)) for c in cards}
