"""Activity kinds: each kind is one module here plus one folder of partials.

A kind says how it is labelled, which settings it reads from the agenda form, and
which partials show it (`templates/partials/kinds/<name>/<audience>.html`, with
audiences screen, phone and console). Templates include `kind.template(audience)`
and read the kind's flags (`shows_timer`, `uses_board`, `shows_join_code_large`);
nothing else branches on the kind's name.
"""

from workshop.kinds.base import ActivityKind
from workshop.kinds.boards import BRAINSTORM, SCENARIO
from workshop.kinds.instruction import INSTRUCTION
from workshop.kinds.speed import SPEED_MEETING
from workshop.kinds.vote import VOTE
from workshop.kinds.welcome import WELCOME

KINDS: dict[str, ActivityKind] = {}


def register(kind: ActivityKind) -> ActivityKind:
    """Make a kind available to the agenda (the order of registration is the menu order)."""
    KINDS[kind.name] = kind
    return kind


def get_kind(name: str) -> ActivityKind:
    return KINDS[name]


register(WELCOME)
register(INSTRUCTION)
register(SCENARIO)
register(BRAINSTORM)
register(VOTE)
register(SPEED_MEETING)

__all__ = ["KINDS", "ActivityKind", "get_kind", "register"]
