"""The planner's working state: who met whom, who paused, and what each pair is worth.

Internal to the rotation package. One `Board` lives while one plan is computed and
is thrown away after; the values it returns are plain ints and tuples.
"""

from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from workshop.domain.rotation.values import AVOID, FAVOUR, Pair, Round, pair, table_pairs


@dataclass(frozen=True)
class Unit:
    """People of one side who always sit together; at most one of them is a host."""

    members: tuple[int, ...]
    host: int | None = None


@dataclass
class Board:
    """What the rounds so far decided, and the preferences for the next ones.

    `wishes` counts, per pair, how many of the two asked to meet the other (0..2).
    """

    mode: str
    hosts: frozenset[int]
    wishes: Counter[Pair]
    history: frozenset[Pair]
    policy: str
    met: set[Pair] = field(default_factory=set)
    idle: Counter[int] = field(default_factory=Counter)
    partners: dict[int, set[int]] = field(default_factory=lambda: defaultdict(set))

    def record(self, done: Round) -> None:
        """Take a round into account: its meetings, and one more pause for its idle."""
        for table in done.tables:
            for x, y in table_pairs(table, self.mode):
                self.met.add((x, y))
                self.partners[x].add(y)
                self.partners[y].add(x)
        self.idle.update(done.idle)

    def fairness(self, people: Iterable[int]) -> int:
        """Return the pauses these people already had: seating them first is fairer."""
        return sum(self.idle[p] for p in people)

    def wished(self, pairs: Iterable[Pair]) -> int:
        """Return how many wishes these meetings would fulfil (a mutual wish counts 2)."""
        return sum(self.wishes[p] for p in pairs) if self.wishes else 0

    def history_value(self, pairs: Sequence[Pair]) -> int:
        """Return what the history policy gains from these meetings.

        avoid: how many are new (not met last time); favour: how many met last time;
        ignore: 0.
        """
        if self.policy == AVOID:
            return len(pairs) - sum(p in self.history for p in pairs)
        if self.policy == FAVOUR:
            return sum(p in self.history for p in pairs)
        return 0

    def preferences(self, people: Sequence[int]) -> tuple[int, int, int]:
        """Return (fairness, wishes, history) of seating `people` together (everyone mode)."""
        pairs = [pair(x, y) for i, x in enumerate(people) for y in people[i + 1 :]]
        return self.fairness(people), self.wished(pairs), self.history_value(pairs)
