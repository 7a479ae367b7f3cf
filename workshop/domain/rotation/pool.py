"""Rounds in "everyone with everyone" mode: one pool, tables of 2 to 4 people.

Internal to the rotation package (the rules are stated in its docstring). Pairs
follow a round-robin schedule (the circle method: n - 1 rounds in which everyone
meets everyone once, n rounds with one pause each for an odd n); each round takes
the unused schedule round that seats the most, then wishes and history, and seats
whoever it left out greedily. Tables of three or four are filled greedily.
"""

from collections.abc import Sequence
from math import ceil
from random import Random

from workshop.domain.rotation.board import Board
from workshop.domain.rotation.numbering import free_numbers
from workshop.domain.rotation.values import TRIO, Pair, RotationSettings, Round, Table, pair


def pool_tables(people: int, settings: RotationSettings, limit=True) -> tuple[int, int]:
    """Return (tables per round, most people at a table) for a pool of `people`.

    Pairs: people // 2 tables, and a trio takes the odd one out if asked. Three or
    four: the fewest tables that seat everyone, sizes differing by one at most.
    """
    size = settings.table_size
    if size == 2:
        tables, most = people // 2, 3 if settings.surplus == TRIO else 2
    else:
        tables, most = ceil(people / size), size
    if limit and settings.max_tables is not None:
        tables = min(tables, settings.max_tables)
    return tables, most


def spare_tables(people: int, settings: RotationSettings) -> int:
    """Return the most tables a round may open, within the room.

    Tables of three or four: up to one per two people, so that when the planned
    tables cannot seat everyone without a repeat, smaller tables open instead of
    people pausing. Pairs: the planned tables.
    """
    tables, _ = pool_tables(people, settings)
    if settings.table_size == 2:
        return tables
    most = people // 2
    return most if settings.max_tables is None else min(most, settings.max_tables)


def pool_most_rounds(people: int, settings: RotationSettings) -> int:
    """Return how many rounds it takes at best for every pair of the pool to meet."""
    tables, _ = pool_tables(people, settings)
    size = min(settings.table_size, ceil(people / tables)) if tables else 0
    per_round = tables * size * (size - 1) // 2
    return ceil(people * (people - 1) / 2 / per_round) if per_round else 0


def round_robin(people: Sequence[int]) -> list[list[Pair]]:
    """Return the circle method's rounds: every pair of `people` exactly once.

    An odd pool gets a phantom seat: whoever faces it pauses that round.
    """
    seats: list[int | None] = list(people) + ([None] if len(people) % 2 else [])
    fixed, turning = seats[-1], seats[:-1]
    spin = len(turning)
    half = spin // 2
    schedule = []
    for r in range(spin):
        faces = [(fixed, turning[r])]
        faces += [(turning[(r + i) % spin], turning[(r - i) % spin]) for i in range(1, half + 1)]
        schedule.append([pair(x, y) for x, y in faces if x is not None and y is not None])
    return schedule


class PoolPlanner:
    """Plan "everyone" rounds one after another, recording each on the Board."""

    def __init__(self, people, settings: RotationSettings, board: Board, rng: Random):
        self.board, self.rng = board, rng
        self.people = list(people)
        rng.shuffle(self.people)
        self.tables, self.most = pool_tables(len(self.people), settings)
        self.target = min(settings.table_size, ceil(len(self.people) / max(self.tables, 1)))
        self.room = settings.max_tables
        self.spare = spare_tables(len(self.people), settings)
        hosts = sorted(p for p in self.people if p in board.hosts)
        self.host_numbers = {h: n for n, h in enumerate(hosts, start=1)}
        pairs = settings.table_size == 2
        self.schedule = round_robin(self.people) if pairs else []

    def plan_round(self, number: int) -> Round:
        """Plan round `number` and record it on the board."""
        groups = self._from_schedule() if self.schedule else []
        groups = self._seat_the_rest(groups)
        done = self._round(number, groups)
        self.board.record(done)
        return done

    def _may_meet(self, x: int, y: int) -> bool:
        both_hosts = x in self.board.hosts and y in self.board.hosts
        return not both_hosts and pair(x, y) not in self.board.met

    def _from_schedule(self) -> list[list[int]]:
        """Take the unused schedule round that seats the most, then best fits the wishes."""
        best, best_key = 0, None
        for index, planned in enumerate(self.schedule):
            usable = [p for p in planned if self._may_meet(*p)]
            seated = [x for p in usable for x in p]
            key = (len(usable), self.board.fairness(seated), *self._pairs_value(usable))
            if best_key is None or key > best_key:
                best, best_key = index, key
        chosen = [p for p in self.schedule.pop(best) if self._may_meet(*p)]
        chosen.sort(key=lambda p: (self.board.preferences(p), self.rng.random()), reverse=True)
        return [list(p) for p in chosen[: self.tables]]

    def _pairs_value(self, pairs: list[Pair]) -> tuple[int, int]:
        return self.board.wished(pairs), self.board.history_value(pairs)

    def _seat_the_rest(self, groups: list[list[int]]) -> list[list[int]]:
        """Seat whoever is not at a table yet: hosts first, then who paused most."""
        seated = {p for g in groups for p in g}
        for host in self.host_numbers:
            if host not in seated and len(groups) < self.tables:
                groups.append([host])
                seated.add(host)
        waiting = [p for p in self.people if p not in seated]
        self.rng.shuffle(waiting)
        waiting.sort(key=lambda p: self.board.idle[p], reverse=True)
        for person in waiting:
            self._place(person, groups, may_open=True)
        alone = [g[0] for g in groups if len(g) == 1]
        groups = [g for g in groups if len(g) > 1]
        for person in alone:  # nobody joined them: a seat at a started table, if any
            self._place(person, groups, may_open=False)
        return groups

    def _place(self, person: int, groups: list[list[int]], may_open: bool) -> None:
        """Seat one person by the first rule that applies, or leave them at the pause.

        Open one of the planned tables; else join the emptiest table below the
        balanced size (then the one best for wishes and history); else a table with
        room (a pairs' trio); else open a smaller extra table, within the room.
        """
        if may_open and len(groups) < self.tables:
            groups.append([person])
            return
        options = [g for g in groups if len(g) < self.most and self._fits(person, g)]
        below = [g for g in options if len(g) < self.target]
        if below or options:
            chosen = max(below or options, key=lambda g: (-len(g), self._gain(person, g)))
            chosen.append(person)
        elif may_open and len(groups) < self.spare:
            groups.append([person])

    def _fits(self, person: int, group: list[int]) -> bool:
        return all(self._may_meet(person, other) for other in group)

    def _gain(self, person: int, group: list[int]) -> tuple[int, int]:
        pairs = [pair(person, other) for other in group]
        return self._pairs_value(pairs)

    def _round(self, number: int, groups: list[list[int]]) -> Round:
        numbered: dict[int, list[int]] = {}
        waiting = []
        for group in groups:
            host = next((p for p in group if p in self.host_numbers), None)
            if host is None:
                waiting.append(group)
            else:
                numbered[self.host_numbers[host]] = group
        free = free_numbers(len(self.host_numbers), self.room, set(numbered))
        for group in waiting:
            numbered[next(free)] = group
        tables = tuple(Table(n, tuple(g)) for n, g in sorted(numbered.items()))
        seated = {p for t in tables for p in t.members}
        return Round(number, tables, tuple(sorted(p for p in self.people if p not in seated)))
