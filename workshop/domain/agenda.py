"""The agenda state machine: draft, live, ended; which activity is current."""

from dataclasses import dataclass
from enum import StrEnum


class WorkshopState(StrEnum):
    """Where a workshop stands: prepared, running live, or over (its minutes remain)."""

    DRAFT = "draft"
    LIVE = "live"
    ENDED = "ended"


DRAFT, LIVE, ENDED = WorkshopState.DRAFT, WorkshopState.LIVE, WorkshopState.ENDED


class AgendaError(Exception):
    """A move the agenda does not allow; `code` names the rule."""

    def __init__(self, code: str):
        super().__init__(code)
        self.code = code


@dataclass(frozen=True)
class AgendaState:
    state: str
    current: int | None  # index into the ordered activities, None before start
    count: int


def start(agenda: AgendaState) -> AgendaState:
    """Start a draft workshop on its first activity; it needs at least one."""
    if agenda.state != DRAFT:
        raise AgendaError("not_draft")
    if agenda.count == 0:
        raise AgendaError("empty_agenda")
    return AgendaState(LIVE, 0, agenda.count)


def step(agenda: AgendaState, delta: int) -> AgendaState:
    """Move to the next (+1) or previous (-1) activity of a live workshop.

    Stepping past either end is refused rather than wrapped, so a double click on
    "next" at the last activity never jumps back to the start.
    """
    if agenda.state != LIVE:
        raise AgendaError("not_live")
    target = (agenda.current or 0) + delta
    if not 0 <= target < agenda.count:
        raise AgendaError("no_such_activity")
    return AgendaState(LIVE, target, agenda.count)


def go_to(agenda: AgendaState, index: int) -> AgendaState:
    """Jump to any activity of a live workshop."""
    if agenda.state != LIVE:
        raise AgendaError("not_live")
    if not 0 <= index < agenda.count:
        raise AgendaError("no_such_activity")
    return AgendaState(LIVE, index, agenda.count)


def end(agenda: AgendaState) -> AgendaState:
    """End a live workshop; an ended workshop stays ended (its join code stops working)."""
    if agenda.state != LIVE:
        raise AgendaError("not_live")
    return AgendaState(ENDED, agenda.current, agenda.count)


def reorder(ids: list[int], moved: int, delta: int) -> list[int]:
    """Return `ids` with `moved` shifted by `delta` places, clamped to the ends."""
    if moved not in ids:
        raise AgendaError("no_such_activity")
    order = [i for i in ids if i != moved]
    target = max(0, min(len(order), ids.index(moved) + delta))
    order.insert(target, moved)
    return order
