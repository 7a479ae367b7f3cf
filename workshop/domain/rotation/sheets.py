"""Reading a plan: the printable table plan per round, and one person's schedule."""

from dataclasses import dataclass

from workshop.domain.rotation.values import EVERYONE, Plan


@dataclass(frozen=True)
class PlanRow:
    """One printed line of a round: a table, or the pause (`table` None)."""

    table: int | None
    side_a: tuple[int, ...]
    side_b: tuple[int, ...] = ()

    @property
    def members(self) -> tuple[int, ...]:
        """Return everyone on the line, side A first."""
        return self.side_a + self.side_b


@dataclass(frozen=True)
class Appointment:
    """Where one person is in one round: "Round 3 - table 7 - with ...".

    `table` None is a pause. `meets` are the people met there (the other side's, or
    everyone at the table in "everyone" mode); `alongside` are same-side tablemates.
    """

    round: int
    table: int | None
    meets: tuple[int, ...] = ()
    alongside: tuple[int, ...] = ()


def table_plan_rows(plan: Plan) -> tuple[tuple[int, tuple[PlanRow, ...]], ...]:
    """Return, per round, (round number, rows): tables by number, then the pause.

    The pause row lists who sits out, sorted; it is left out when nobody does.
    """
    sheets = []
    for done in plan.rounds:
        rows = [PlanRow(t.number, t.side_a, t.side_b) for t in sorted(done.tables, key=_number)]
        if done.idle:
            rows.append(PlanRow(None, done.idle))
        sheets.append((done.number, tuple(rows)))
    return tuple(sheets)


def _number(table) -> int:
    return table.number


def person_schedule(plan: Plan, person: int, from_round: int = 1) -> tuple[Appointment, ...]:
    """Return `person`'s appointments from round `from_round` on, one per round.

    Rounds the person is not in (before arriving, after leaving) are left out.
    """
    found = []
    for done in plan.rounds[max(from_round, 1) - 1 :]:
        if person in done.idle:
            found.append(Appointment(done.number, None))
            continue
        table = next((t for t in done.tables if person in t.members), None)
        if table is not None:
            found.append(_appointment(plan, done.number, table, person))
    return tuple(found)


def _appointment(plan: Plan, number: int, table, person: int) -> Appointment:
    others = tuple(p for p in table.members if p != person)
    if plan.settings.mode == EVERYONE:
        return Appointment(number, table.number, others)
    own, other = (table.side_a, table.side_b)
    if person in other:
        own, other = other, own
    return Appointment(number, table.number, other, tuple(p for p in own if p != person))


def next_appointment(plan: Plan, person: int, after_round: int) -> Appointment | None:
    """Return what comes next for `person` after round `after_round` (None: nothing)."""
    coming = person_schedule(plan, person, after_round + 1)
    return coming[0] if coming else None
