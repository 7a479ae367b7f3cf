"""The planner's plain values: settings in, a plan of rounds out, and its refusals."""

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from itertools import combinations, product

TWO_SIDES, EVERYONE = "two_sides", "everyone"
MODES = (TWO_SIDES, EVERYONE)
PAUSE, TRIO = "pause", "trio"
SURPLUS = (PAUSE, TRIO)
AVOID, FAVOUR, IGNORE = "avoid", "favour", "ignore"
HISTORY_POLICIES = (AVOID, FAVOUR, IGNORE)
TABLE_SHAPES = ((1, 1), (1, 2), (2, 1), (2, 2))
MAX_ROUNDS = 99

SETTINGS_REFUSALS = frozenset(
    {"bad_mode", "bad_table_size", "bad_surplus", "no_rounds", "zero_duration", "bad_max_tables"}
)
PLAN_REFUSALS = frozenset(
    {
        "bad_history_policy",
        "duplicate_person",
        "person_on_both_sides",
        "one_side_empty",
        "too_few_people",
        "wish_self",
        "wish_same_side",
        "bad_held_rounds",
        "too_many_hosts",
        "too_many_rounds",
        "bad_from_round",
    }
)
REFUSALS = SETTINGS_REFUSALS | PLAN_REFUSALS

Pair = tuple[int, int]  # two person ids, smaller first: who met whom, in no order


class RotationRefused(ValueError):
    """Settings or a roster no plan can be made from; `code` and `params` name why.

    The codes are listed in REFUSALS (and explained in the package docstring); the
    params carry the numbers a message needs, e.g. too_many_rounds has `most`.
    """

    def __init__(self, code: str, **params: int):
        super().__init__(code)
        self.code = code
        self.params = params


def pair(x: int, y: int) -> Pair:
    """Return the unordered pair {x, y} as a tuple, smaller id first."""
    return (x, y) if x < y else (y, x)


def _is_int(value: object, low: int, high: int | None = None) -> bool:
    ok = isinstance(value, int) and not isinstance(value, bool) and value >= low
    return ok and (high is None or value <= high)


@dataclass(frozen=True)
class RotationSettings:
    """How the rounds run; always valid once built (RotationRefused otherwise).

    `table` is the most people of side A and of side B at one table: (1, 1) pairs,
    up to (2, 2) tables of four; a table always holds at least one of each side. In
    "everyone" mode there are no sides and a table holds table[0] + table[1] people
    (2 to 4). `surplus` says what the larger side's extra people do: "pause" (they
    sit out, in turn) or "trio" (a one-seat side of a table takes a second person,
    so 1+1 becomes 1+2, before anyone pauses). `max_tables` is how many tables the
    room has (None: as many as needed). `rounds` is 1..MAX_ROUNDS, `round_seconds` > 0.
    """

    rounds: int
    round_seconds: int
    table: tuple[int, int] = (1, 1)
    surplus: str = PAUSE
    max_tables: int | None = None
    mode: str = TWO_SIDES

    def __post_init__(self) -> None:
        """Refuse settings no plan could follow; the first broken one names the error."""
        if self.mode not in MODES:
            raise RotationRefused("bad_mode")
        if not isinstance(self.table, tuple | list) or tuple(self.table) not in TABLE_SHAPES:
            raise RotationRefused("bad_table_size")
        object.__setattr__(self, "table", tuple(self.table))
        if self.surplus not in SURPLUS:
            raise RotationRefused("bad_surplus")
        if not _is_int(self.rounds, 1, MAX_ROUNDS):
            raise RotationRefused("no_rounds", most=MAX_ROUNDS)
        if not _is_int(self.round_seconds, 1):
            raise RotationRefused("zero_duration")
        if self.max_tables is not None and not _is_int(self.max_tables, 1):
            raise RotationRefused("bad_max_tables")

    @property
    def table_size(self) -> int:
        """Return the most people at one table (in "everyone" mode, the table's size)."""
        return self.table[0] + self.table[1]


@dataclass(frozen=True)
class Table:
    """One table in one round; in "everyone" mode every member is in `side_a`."""

    number: int
    side_a: tuple[int, ...]
    side_b: tuple[int, ...] = ()

    @property
    def members(self) -> tuple[int, ...]:
        """Return everyone at the table, side A first."""
        return self.side_a + self.side_b


@dataclass(frozen=True)
class Round:
    """One round: its tables by number, and who pauses (`idle`, sorted ids)."""

    number: int
    tables: tuple[Table, ...]
    idle: tuple[int, ...] = ()

    def seated(self) -> tuple[int, ...]:
        """Return everyone at a table this round."""
        return tuple(p for table in self.tables for p in table.members)


@dataclass(frozen=True)
class Plan:
    """A plan of rounds, numbered 1..settings.rounds.

    `tables` is how many tables the room needs: no round uses more (two sides: the
    tables every round is planned with; "everyone" with tables of three or four
    may open smaller extra ones). `tables_wanted` is how many a first round would
    use if the room had no limit (more than `tables` when max_tables makes people
    pause). `seed` regenerates the same plan; another seed
    gives another plan under the same rules.
    """

    settings: RotationSettings
    rounds: tuple[Round, ...]
    seed: int = 0
    tables: int = 0
    tables_wanted: int = 0


def table_pairs(table: Table, mode: str) -> Iterator[Pair]:
    """Yield the meetings at one table.

    Two sides: every pair of one person from each side (tablemates of the same side
    sit together but do not "meet"). Everyone: every pair at the table.
    """
    if mode == EVERYONE:
        return (pair(x, y) for x, y in combinations(table.members, 2))
    return (pair(x, y) for x, y in product(table.side_a, table.side_b))


def meetings(rounds: Iterable[Round], mode: str) -> frozenset[Pair]:
    """Return every pair who met in these rounds (e.g. the history of a next session)."""
    return frozenset(p for r in rounds for table in r.tables for p in table_pairs(table, mode))
