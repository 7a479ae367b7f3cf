"""Minutes: the document built from a session, what the facilitator edits of it, and
its exports.

`build_minutes` walks the agenda and asks each kind's builder (registered in
_sections.py; boards in _boards.py, votes in _votes.py) for its sections; the texts,
sections, actions and next workshop the facilitator edits are saved by one function
each; `export` renders the document (DOCX, PDF, HTML, Markdown) or the raw data (JSON,
CSV). Speed meetings have their builder in _speed.py. Everything else in this package is
private to it.
"""

# Imported for their builders' registration (a kind's sections of the minutes).
from workshop.services.minutes import _boards, _speed, _votes  # noqa: F401
from workshop.services.minutes._actions import (
    action_from_orientation,
    actions_of,
    add_action,
    delete_action,
    find_action,
    needs_text,
    parse_referent,
    referable_people,
    referent_line,
    retained_orientations,
    update_action,
)
from workshop.services.minutes._exports import (
    EXTENSIONS,
    FORMATS,
    MIMETYPES,
    export,
    file_stem,
)
from workshop.services.minutes._outline import outline_from_form, save_outline, set_outline
from workshop.services.minutes._record import (
    actual_seconds,
    build_minutes,
    category_key,
    choose_sections,
    current_outline,
    document_title,
    editable_record,
    minutes_record,
    outline_of,
    ran_on,
    save_next_workshop,
    save_texts,
    set_status,
)
from workshop.services.minutes._sections import builds
from workshop.services.minutes._votes import BALLOT_COLUMNS, vote_sections

__all__ = [
    "BALLOT_COLUMNS",
    "EXTENSIONS",
    "FORMATS",
    "MIMETYPES",
    "action_from_orientation",
    "actions_of",
    "actual_seconds",
    "add_action",
    "build_minutes",
    "builds",
    "category_key",
    "choose_sections",
    "current_outline",
    "delete_action",
    "document_title",
    "editable_record",
    "export",
    "file_stem",
    "find_action",
    "minutes_record",
    "needs_text",
    "outline_from_form",
    "outline_of",
    "parse_referent",
    "referent_line",
    "ran_on",
    "referable_people",
    "retained_orientations",
    "save_next_workshop",
    "save_outline",
    "save_texts",
    "set_outline",
    "set_status",
    "update_action",
    "vote_sections",
]
