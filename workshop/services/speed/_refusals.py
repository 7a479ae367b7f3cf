"""The planner's refusals as the service's: the same code, with people and sides by name.

Settings the form should have caught (and a plan file's) are Invalid; a roster or
preferences no plan can follow now are a Conflict (the room must change first).
"""

from workshop.db import session
from workshop.domain.rotation import RotationRefused
from workshop.domain.rotation.values import SETTINGS_REFUSALS
from workshop.kinds.speed import setting
from workshop.models import Activity, Participant
from workshop.services.refusals import Conflict, Invalid, Refused


def person_name(person_id) -> str:
    """Name someone in a message to the facilitator: their name, else their organisation."""
    person = session().get(Participant, person_id) if isinstance(person_id, int) else None
    if person is None:
        return "?"
    return person.display_name or person.organisation or f"#{person.id}"


def side_name(activity: Activity, side: int) -> str:
    """Name side A (0) or B (1): its label, else its categories, else the letter."""
    key = "side_a" if side == 0 else "side_b"
    settings = activity.settings or {}
    label = setting(settings, f"{key}_label") or ", ".join(setting(settings, key))
    return label or ("A" if side == 0 else "B")


def worded(error: RotationRefused, activity: Activity) -> Refused:
    """Return the refusal a planner's RotationRefused becomes, its params readable."""
    params = dict(error.params)
    for name in ("person", "wanted"):
        if name in params:
            params[name] = person_name(params[name])
    if "side" in params:
        params["side"] = side_name(activity, params["side"])
    kind = Invalid if error.code in SETTINGS_REFUSALS else Conflict
    return kind(error.code, **params)
