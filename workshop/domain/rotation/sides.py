"""Rounds between two sides: fixed units, one maximum-weight assignment per round.

Internal to the rotation package (the rules are stated in its docstring). Each side
is cut once into units (a person, or two people of the same side who share a table
all along); each round matches units of side A with units of side B, plus "pause
seats" for the units that sit out, by one exact assignment whose weights put, in
this order: tables and pauses filled, people seated, people who paused most,
wishes, the history policy, then a random tie-break drawn from the seed.
"""

from collections.abc import Sequence
from dataclasses import dataclass
from math import ceil
from random import Random

from workshop.domain.rotation.assignment import max_weight_assignment
from workshop.domain.rotation.board import Board, Unit
from workshop.domain.rotation.numbering import number_tables
from workshop.domain.rotation.values import (
    AVOID,
    FAVOUR,
    TRIO,
    RotationSettings,
    Round,
    Table,
)

NOISE_BITS = 4


def seat_limits(size_a: int, size_b: int, settings: RotationSettings) -> tuple[int, int]:
    """Return the most people of each side at a table, a trio widening the larger side."""
    most_a, most_b = settings.table
    if settings.surplus == TRIO and size_a > size_b:
        most_a = 2
    elif settings.surplus == TRIO and size_b > size_a:
        most_b = 2
    return most_a, most_b


def target_tables(size_a: int, size_b: int, settings: RotationSettings, limit=True) -> int:
    """Return how many tables a round uses: the fewest that seat the most people.

    Seats are counted with the table's own shape, so 2+2 tables fill up before a new
    one opens and a trio never replaces a pair. A table needs one person of each
    side, and `limit` caps the count at the room's max_tables.
    """
    top = min(size_a, size_b)
    if limit and settings.max_tables is not None:
        top = min(top, settings.max_tables)
    most_a, most_b = settings.table

    def seated(tables: int) -> int:
        return min(size_a, most_a * tables) + min(size_b, most_b * tables)

    best = seated(top)
    return next((t for t in range(1, top + 1) if seated(t) == best), 0)


def duo_count(size: int, most: int, tables: int) -> int:
    """Return how many two-person units a side of `size` forms for `tables` tables."""
    if most == 1 or size <= tables:
        return 0
    return size - tables if size <= 2 * tables else size // 2


def form_units(
    people: Sequence[int],
    duos: int,
    hosts: frozenset[int],
    keep: Sequence[tuple[int, int]],
    rng: Random,
) -> list[Unit]:
    """Cut one side into `duos` duos and singles; two hosts never share a unit.

    Duos in `keep` (people who sat together in rounds already held) stay together
    when both are still here and the hosts left over can still have a unit each;
    the other people are shuffled by `rng`. Needs no more hosts than units.
    """
    here = set(people)
    units_left = len(people) - duos
    hosts_left = len(hosts & here)
    units, taken = [], set()
    for x, y in keep:
        in_duo = len(hosts & {x, y})
        fits = hosts_left - in_duo <= units_left - 1 and in_duo < 2
        if len(units) < duos and {x, y} <= here - taken and fits:
            units.append(Unit((x, y), _host_of((x, y), hosts)))
            taken.update((x, y))
            units_left, hosts_left = units_left - 1, hosts_left - in_duo
    rest = [p for p in people if p not in taken]
    rng.shuffle(rest)
    free_hosts = sorted(p for p in rest if p in hosts)
    others = [p for p in rest if p not in hosts]
    while len(units) < duos:
        first = free_hosts.pop(0) if free_hosts else others.pop()
        units.append(Unit((first, others.pop()), first if first in hosts else None))
    units += [Unit((h,), h) for h in free_hosts] + [Unit((p,)) for p in others]
    return units


def _hosts_of(units: list[Unit]) -> list[int]:
    return sorted(u.host for u in units if u.host is not None)


def _host_of(members: tuple[int, ...], hosts: frozenset[int]) -> int | None:
    return next((p for p in members if p in hosts), None)


def most_rounds(units_a: int, units_b: int, tables: int) -> int:
    """Return how many rounds it takes at best for every unit of A to meet every unit of B."""
    return ceil(units_a * units_b / tables) if tables else 0


@dataclass
class Layout:
    """Both sides cut into units, and how tables are numbered."""

    units_a: list[Unit]
    units_b: list[Unit]
    tables: int
    host_numbers: dict[int, int]
    max_tables: int | None

    @property
    def pause_once(self) -> bool:
        """Whether pauses can be dealt as "each pause seat once per unit".

        True for a fresh plan where only one side has more units than tables: the
        graph of units still to meet, with the pause seats, is then regular, so
        every round can fill all tables (a k-regular bipartite graph always has a
        perfect matching) and after len(larger side) rounds everyone has met.
        """
        hosts_a = any(u.host is not None for u in self.units_a)
        hosts_b = any(u.host is not None for u in self.units_b)
        one_side = self.tables == min(len(self.units_a), len(self.units_b))
        return one_side and not (hosts_a and hosts_b)


def make_layout(a, b, settings, hosts, keep, rng) -> Layout:
    """Cut both sides into units for the tables a round will use; number the hosts."""
    tables = target_tables(len(a), len(b), settings)
    most_a, most_b = seat_limits(len(a), len(b), settings)
    units_a = form_units(a, duo_count(len(a), most_a, tables), hosts, keep, rng)
    units_b = form_units(b, duo_count(len(b), most_b, tables), hosts, keep, rng)
    host_ids = [*_hosts_of(units_a), *_hosts_of(units_b)]
    numbers = {h: n for n, h in enumerate(host_ids, start=1)}
    return Layout(units_a, units_b, tables, numbers, settings.max_tables)


class SidesPlanner:
    """Plan rounds one after another on a Layout, recording each on the Board."""

    def __init__(self, layout: Layout, board: Board, rng: Random, rounds: int, fresh: bool):
        self.layout, self.board, self.rng = layout, board, rng
        self.once = fresh and layout.pause_once
        self.used_pauses: set[tuple[int, int]] = set()
        self.radix = _radices(len(layout.units_a) + len(layout.units_b), rounds)
        self.unit_of_b = {p: j for j, u in enumerate(layout.units_b) for p in u.members}
        self.wish_partners = _partners(board.wishes)
        self.history_partners = _partners(dict.fromkeys(board.history, 1))

    def plan_round(self, number: int) -> Round:
        """Plan round `number` and record it on the board."""
        weights = self._weights()
        columns = max_weight_assignment(weights)
        pairs, pauses = self._read(weights, columns)
        done = self._round(number, pairs)
        self.used_pauses.update(pauses)
        self.board.record(done)
        return done

    # --- weights ---------------------------------------------------------------

    def _weights(self) -> list[list[int]]:
        units_a, units_b = self.layout.units_a, self.layout.units_b
        extra_rows = len(units_b) - self.layout.tables  # pause seats for side B units
        extra_cols = len(units_a) - self.layout.tables  # pause seats for side A units
        card, per_person, per_pause = self.radix[0], self.radix[1], self.radix[2]
        col_part = [len(v.members) * per_person + self._fair(v) * per_pause for v in units_b]
        rows = []
        for i, unit in enumerate(units_a):
            row_part = card + len(unit.members) * per_person + self._fair(unit) * per_pause
            row = self._real_row(i, unit, row_part, col_part)
            row += [self._pause_weight((i, k), card) for k in range(extra_cols)]
            rows.append(row)
        for k in range(extra_rows):
            row = [self._pause_weight((k, j), card) for j in range(len(units_b))]
            rows.append(row + [0] * extra_cols)
        return rows

    def _fair(self, unit: Unit) -> int:
        return self.board.fairness(unit.members)

    def _pause_weight(self, seat: tuple[int, int], card: int) -> int:
        if self.once and seat in self.used_pauses:
            return 0
        return card + self.rng.getrandbits(NOISE_BITS)

    def _real_row(self, i: int, unit: Unit, row_part: int, col_part: list[int]) -> list[int]:
        units_b = self.layout.units_b
        bits = self.rng.getrandbits
        per_new = self.radix[4] if self.board.policy == AVOID else 0
        size = len(unit.members)
        row = [
            row_part + cp + size * len(v.members) * per_new + bits(NOISE_BITS)
            for cp, v in zip(col_part, units_b, strict=True)
        ]
        self._add_sparse(unit, row)
        for j in self._blocked(unit):
            row[j] = 0
        return row

    def _add_sparse(self, unit: Unit, row: list[int]) -> None:
        per_wish, per_history = self.radix[3], self.radix[4]
        policy = self.board.policy
        for x in unit.members:
            for y, count in self.wish_partners.get(x, ()):
                if y in self.unit_of_b:
                    row[self.unit_of_b[y]] += count * per_wish
            if policy not in (AVOID, FAVOUR):
                continue
            sign = -1 if policy == AVOID else 1
            for y, _ in self.history_partners.get(x, ()):
                if y in self.unit_of_b:
                    row[self.unit_of_b[y]] += sign * per_history

    def _blocked(self, unit: Unit) -> set[int]:
        blocked = {
            self.unit_of_b[y]
            for x in unit.members
            for y in self.board.partners.get(x, ())
            if y in self.unit_of_b
        }
        if unit.host is not None:
            blocked.update(j for j, v in enumerate(self.layout.units_b) if v.host is not None)
        return blocked

    # --- reading the assignment ---------------------------------------------------

    def _read(self, weights, columns) -> tuple[list[tuple[Unit, Unit]], list[tuple[int, int]]]:
        units_a, units_b = self.layout.units_a, self.layout.units_b
        pairs, pauses = [], []
        for i, j in enumerate(columns):
            if weights[i][j] <= 0:
                continue
            if i < len(units_a) and j < len(units_b):
                pairs.append((units_a[i], units_b[j]))
            elif self.once:
                pauses.append((i, j - len(units_b)) if i < len(units_a) else (i - len(units_a), j))
        return pairs, pauses

    def _round(self, number: int, pairs: list[tuple[Unit, Unit]]) -> Round:
        layout = self.layout
        staying_a = len(layout.units_a) <= len(layout.units_b)
        staying = layout.units_a if staying_a else layout.units_b
        numbered = number_tables(pairs, staying, staying_a, layout.host_numbers, layout.max_tables)
        tables = tuple(
            Table(n, tuple(u.members), tuple(v.members)) for n, (u, v) in sorted(numbered.items())
        )
        seated = {p for t in tables for p in t.members}
        everyone = [p for u in self.layout.units_a + self.layout.units_b for p in u.members]
        return Round(number, tables, tuple(sorted(p for p in everyone if p not in seated)))


def _partners(weights_by_pair) -> dict[int, list[tuple[int, int]]]:
    found: dict[int, list[tuple[int, int]]] = {}
    for (x, y), weight in weights_by_pair.items():
        found.setdefault(x, []).append((y, weight))
        found.setdefault(y, []).append((x, weight))
    return found


def _radices(units: int, rounds: int) -> tuple[int, int, int, int, int]:
    """Return the weight of one unit of each criterion, so a higher one always wins.

    Criteria, highest first, with their largest value for one table: a table or
    pause filled (1), people seated (4), pauses those people had (4 x rounds),
    wishes fulfilled (8: four pairs, both ways), history value (4), random (< 16).
    A criterion's unit exceeds the sum of all lower ones over `units` tables.
    """
    unit = units * ((1 << NOISE_BITS) - 1) + 1
    history = unit
    wish = history * (units * 4 + 1)
    pause = wish * (units * 8 + 1)
    person = pause * (units * 4 * rounds + 1)
    card = person * (units * 4 + 1)
    return card, person, pause, wish, history
