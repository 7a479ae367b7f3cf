"""Sub-groups in parallel: which activities are live together, and what each person sees.

An agenda entry marked "with the previous one" joins the block of the entry before it,
so that group A's vote and group B's vote (or B's board) run at the same time. Only
activities restricted to one group run together. The facilitator's switch puts each
group at most once in a block (`check_together`); a group's run-off, created during the
block, joins it after the vote it settles and takes its place on that group's phones (a
person always has exactly one thing to do: their group's latest activity of the block).
A mark that does not hold (after a move, or when a group was deleted) simply starts a
new block; it is never an error at run time.
"""

from collections.abc import Sequence
from dataclasses import dataclass

from workshop.domain.agenda import LIVE, AgendaError, AgendaState


@dataclass(frozen=True)
class Slot:
    """An agenda entry as these rules see it."""

    id: int
    group_id: int | None  # the one group it is for, None: everyone
    with_previous: bool = False  # marked to run at the same time as the entry before


Block = tuple[int, ...]  # indexes into the agenda, in agenda order


def _joins(slots: Sequence[Slot], index: int) -> bool:
    slot = slots[index]
    after_group = index > 0 and slots[index - 1].group_id is not None
    return after_group and slot.with_previous and slot.group_id is not None


def blocks(slots: Sequence[Slot]) -> list[Block]:
    """Cut the agenda into blocks of activities that are live together (most of one)."""
    found: list[list[int]] = []
    for index in range(len(slots)):
        if found and _joins(slots, index):
            found[-1].append(index)
        else:
            found.append([index])
    return [tuple(block) for block in found]


def together_marks(slots: Sequence[Slot]) -> dict[int, bool]:
    """Return, for each entry that could run with the one before it (both for one group),
    whether it does: what the agenda's "at the same time" switch shows."""
    joined = {slots[i].id for block in blocks(slots) for i in block[1:]}
    return {
        slot.id: slot.id in joined
        for index, slot in enumerate(slots)
        if index and slot.group_id is not None and slots[index - 1].group_id is not None
    }


def block_of(slots: Sequence[Slot], index: int) -> Block:
    """Return the block holding the entry at `index`."""
    return next(block for block in blocks(slots) if index in block)


def live_ids(slots: Sequence[Slot], current: int | None) -> tuple[int, ...]:
    """Return the ids of the activities live with the one on screen (none before the start)."""
    if current is None or not 0 <= current < len(slots):
        return ()
    return tuple(slots[i].id for i in block_of(slots, current))


def check_together(slots: Sequence[Slot], index: int) -> None:
    """Refuse marking the entry at `index` to run with the previous one, unless both are
    for one group and its group is not already in the block it would join."""
    if not 0 <= index < len(slots):
        raise AgendaError("no_such_activity")
    if index == 0:
        raise AgendaError("together_first")
    slot, previous = slots[index], slots[index - 1]
    if slot.group_id is None or previous.group_id is None:
        raise AgendaError("together_needs_groups")
    joined = block_of(slots, index - 1)
    if slot.group_id in {slots[i].group_id for i in joined}:
        raise AgendaError("together_same_group")


def step_target(slots: Sequence[Slot], current: int | None, delta: int) -> int:
    """Return where "next" (+1) or "previous" (-1) lands: the first entry of the next or
    previous block, so that "next" moves past a whole block of groups at once."""
    every = blocks(slots)
    here = next((n for n, block in enumerate(every) if current in block), 0)
    target = here + delta
    if not 0 <= target < len(every):
        raise AgendaError("no_such_activity")
    return every[target][0]


def step(agenda: AgendaState, slots: Sequence[Slot], delta: int) -> AgendaState:
    """Move a live workshop to the next (+1) or previous (-1) block of activities."""
    if agenda.state != LIVE:
        raise AgendaError("not_live")
    return AgendaState(LIVE, step_target(slots, agenda.current, delta), agenda.count)


def go_to(agenda: AgendaState, slots: Sequence[Slot], index: int) -> AgendaState:
    """Show any activity of a live workshop: with the whole block it runs in."""
    if agenda.state != LIVE:
        raise AgendaError("not_live")
    if not 0 <= index < len(slots):
        raise AgendaError("no_such_activity")
    return AgendaState(LIVE, block_start(slots, index), agenda.count)


def block_start(slots: Sequence[Slot], index: int) -> int:
    """Return the first entry of the block holding `index` (where "show" puts a block)."""
    return block_of(slots, index)[0]


def seen_by(slots: Sequence[Slot], live: Sequence[int], group_id: int | None) -> int | None:
    """Return the id of the live activity a member of `group_id` (None: no group) sees.

    Alone on screen, an activity is seen by everyone, as before (a vote for another group
    tells the others so). In a block, each group sees its own activity (its latest: a
    run-off after its vote); a person whose group has none there (or who is in no group)
    sees None: the overview the projector shows, with every group's activity.
    """
    if len(live) == 1:
        return live[0]
    groups = {slot.id: slot.group_id for slot in slots}
    own = [i for i in live if group_id is not None and groups.get(i) == group_id]
    return own[-1] if own else None
