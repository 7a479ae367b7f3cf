"""Instruction: a text for the room with a countdown."""

from flask_babel import lazy_gettext as _l

from workshop.kinds.base import ActivityKind

INSTRUCTION = ActivityKind(
    name="instruction",
    label=_l("Instruction with timer"),
    description=_l("Shows an instruction and a countdown."),
    default_minutes=5,
)
