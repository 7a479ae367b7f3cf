"""The outline of the minutes, as the facilitator sets it on the minutes page or a plan
brings it: the parts' order, titles and visibility, the document's title, the options.

The rules are the domain's (domain/minutes_outline.py); here the form is read, checked
and saved on the minutes record, then *minutes edited* is sent after the commit.
"""

import logging
from collections.abc import Mapping

from workshop import events
from workshop.db import transaction
from workshop.domain.minutes import OUTLINE_OPTIONS, OUTLINE_PARTS
from workshop.domain.minutes_outline import OutlineError, check_outline
from workshop.models import MinutesRecord, Workshop
from workshop.services.minutes._record import editable_record
from workshop.services.refusals import FormErrors

logger = logging.getLogger(__name__)


def _form_values(data: Mapping, name: str) -> list[str]:
    return list(data.getlist(name)) if hasattr(data, "getlist") else list(data.get(name) or [])


def outline_from_form(data: Mapping) -> dict:
    """Read the outline form: `order` lists the parts (keys) as shown, `title_<key>` and
    `shown_<key>` each part's title and visibility, `option_<name>` the options, `title`
    the document's title; `move` ("participants:-1") moves one part up or down."""
    order = [key for key in _form_values(data, "order") if key in OUTLINE_PARTS]
    order = list(dict.fromkeys(order + [key for key in OUTLINE_PARTS if key not in order]))
    key, _sep, step = str(data.get("move") or "").partition(":")
    if key in order and step in ("-1", "1"):
        index = order.index(key)
        target = min(max(index + int(step), 0), len(order) - 1)
        order.insert(target, order.pop(index))
    return {
        "title": str(data.get("title") or ""),
        "parts": [
            {
                "key": key,
                "title": str(data.get(f"title_{key}") or ""),
                "shown": bool(data.get(f"shown_{key}")),
            }
            for key in order
        ],
        "options": {name: bool(data.get(f"option_{name}")) for name in OUTLINE_OPTIONS},
    }


def _field_of(error: OutlineError, data: dict) -> str:
    """Name the form field an outline error is about ("parts[2].title" -> "title_agenda")."""
    if error.path.startswith("parts[") and error.path.endswith(".title"):
        index = int(error.path[len("parts[") : error.path.index("]")])
        return f"title_{data['parts'][index]['key']}"
    return "title" if error.path == "title" else "outline"


def checked(data: dict) -> dict:
    """Return an outline's data cleaned, or refuse it with the faulty field named."""
    try:
        return check_outline(data)
    except OutlineError as error:
        raise FormErrors({_field_of(error, data): (error.code, error.params)}) from None


def save_outline(workshop: Workshop, data: Mapping) -> MinutesRecord:
    """Save the outline of the minutes from the minutes page's form."""
    return set_outline(workshop, outline_from_form(data))


def set_outline(workshop: Workshop, outline: dict) -> MinutesRecord:
    """Save an outline given as data (a form read, a plan file's), checked first."""
    cleaned = checked(outline)
    with transaction() as s:
        record = editable_record(s, workshop)
        record.outline = cleaned
    logger.info("workshop %s: minutes outline saved", workshop.join_code)
    events.minutes_edited.send(workshop.id)
    return record
