"""plan_rounds and replan: check the roster, then plan round after round."""

from collections import Counter
from collections.abc import Iterable, Sequence
from random import Random

from workshop.domain.rotation.board import Board
from workshop.domain.rotation.pool import PoolPlanner, pool_most_rounds, pool_tables
from workshop.domain.rotation.sides import (
    SidesPlanner,
    duo_count,
    make_layout,
    most_rounds,
    seat_limits,
    target_tables,
)
from workshop.domain.rotation.values import (
    AVOID,
    EVERYONE,
    HISTORY_POLICIES,
    TWO_SIDES,
    Pair,
    Plan,
    RotationRefused,
    RotationSettings,
    Round,
    pair,
)


def plan_rounds(
    side_a: Sequence[int],
    side_b: Sequence[int],
    settings: RotationSettings,
    *,
    hosts: Iterable[int] = frozenset(),
    wishes: Iterable[tuple[int, int]] = frozenset(),
    history: Iterable[tuple[int, int]] = frozenset(),
    history_policy: str = AVOID,
    held: Sequence[Round] = (),
    seed: int = 0,
) -> Plan:
    """Plan every round of a speed meeting; the rules are in the package docstring.

    In "everyone" mode side_a + side_b is the pool. The same people, preferences
    and seed give the same plan, whatever order the sides are listed in. `held`
    rounds are kept as they are and the plan continues after them. Refusals
    (RotationRefused), checked in this order: bad_history_policy, duplicate_person,
    person_on_both_sides, one_side_empty / too_few_people, wish_self,
    wish_same_side, bad_held_rounds, too_many_hosts, too_many_rounds (only when
    nothing is held: a continued plan keeps its number of rounds, and rounds with
    nobody left to meet have fewer tables).
    """
    a, b, board, held = _setup(
        side_a,
        side_b,
        settings,
        held,
        hosts=hosts,
        wishes=wishes,
        history=history,
        history_policy=history_policy,
    )
    return _continue(a, b, settings, board, held, seed, limit_rounds=not held)


def replan(
    plan: Plan,
    from_round: int,
    side_a: Sequence[int],
    side_b: Sequence[int],
    *,
    seed: int | None = None,
    **preferences,
) -> Plan:
    """Plan again from round `from_round` on, keeping the rounds before it exactly.

    For late arrivals (in the roster now: they get a table from `from_round`) and
    leavers (out of the roster: gone from `from_round`). Nobody meets again someone
    met in a kept round. `preferences` are plan_rounds' keywords (hosts, wishes,
    history, history_policy); `seed` defaults to the plan's. Refused
    ("bad_from_round") unless 1 <= from_round <= rounds + 1, then as plan_rounds
    but never for too_many_rounds: the plan keeps the rounds it was given.
    """
    if not isinstance(from_round, int) or not 1 <= from_round <= plan.settings.rounds + 1:
        raise RotationRefused("bad_from_round", most=plan.settings.rounds + 1)
    seed = plan.seed if seed is None else seed
    held = plan.rounds[: from_round - 1]
    a, b, board, held = _setup(side_a, side_b, plan.settings, held, **preferences)
    return _continue(a, b, plan.settings, board, held, seed, limit_rounds=False)


def _setup(
    side_a: Sequence[int],
    side_b: Sequence[int],
    settings: RotationSettings,
    held: Sequence[Round],
    *,
    hosts: Iterable[int] = frozenset(),
    wishes: Iterable[tuple[int, int]] = frozenset(),
    history: Iterable[tuple[int, int]] = frozenset(),
    history_policy: str = AVOID,
) -> tuple[list[int], list[int], Board, tuple[Round, ...]]:
    """Check the roster and preferences; return both sides and the board after `held`."""
    if history_policy not in HISTORY_POLICIES:
        raise RotationRefused("bad_history_policy")
    a, b = _roster(side_a, side_b, settings.mode)
    here = set(a) | set(b)
    wish_counts = _wishes(wishes, set(a), set(b), settings.mode)
    held = _check_held(held, settings.rounds)
    board = Board(
        settings.mode,
        frozenset(hosts) & here,
        wish_counts,
        frozenset(pair(x, y) for x, y in history if x != y and {x, y} <= here),
        history_policy,
    )
    for done in held:
        board.record(done)
    return a, b, board, held


def _continue(a, b, settings, board, held, seed, limit_rounds: bool) -> Plan:
    """Plan the rounds after `held` (refusing too_many_rounds when `limit_rounds`)."""
    rng = Random(seed)  # nosec B311  # a seating plan shuffled reproducibly, not a secret
    if settings.mode == EVERYONE:
        planner, tables, wanted = _pool_planner(a, settings, board, rng, limit_rounds)
    else:
        planner, tables, wanted = _sides_planner(a, b, settings, board, rng, held, limit_rounds)
    planned = tuple(planner.plan_round(n) for n in range(len(held) + 1, settings.rounds + 1))
    tables = max([tables, *(len(r.tables) for r in planned)])
    return Plan(settings, held + planned, seed, tables, wanted)


def rounds_limit(size_a: int, size_b: int, settings: RotationSettings) -> int:
    """Return the most rounds a plan of these sizes accepts (too_many_rounds beyond).

    It is how many rounds it takes, at best, for every pair to meet: every unit of
    side A with every unit of side B, or everyone with everyone in "everyone" mode
    (then size_a + size_b is the pool). 0 when no table can be formed.
    """
    if settings.mode == EVERYONE:
        return pool_most_rounds(size_a + size_b, settings)
    tables = target_tables(size_a, size_b, settings)
    most_a, most_b = seat_limits(size_a, size_b, settings)
    units_a = size_a - duo_count(size_a, most_a, tables)
    units_b = size_b - duo_count(size_b, most_b, tables)
    return most_rounds(units_a, units_b, tables)


def _roster(side_a, side_b, mode) -> tuple[list[int], list[int]]:
    a, b = list(side_a), list(side_b)
    for side in (a, b):
        if len(set(side)) != len(side):
            duplicate = next(p for p, n in Counter(side).items() if n > 1)
            raise RotationRefused("duplicate_person", person=duplicate)
    both = set(a) & set(b)
    if both:
        raise RotationRefused("person_on_both_sides", person=min(both))
    if mode == EVERYONE:
        if len(a) + len(b) < 2:
            raise RotationRefused("too_few_people", least=2)
        return sorted(a + b), []
    if not a or not b:
        raise RotationRefused("one_side_empty", side=0 if not a else 1)
    return sorted(a), sorted(b)  # the order given means nothing: the seed alone shuffles


def _wishes(wishes, a: set[int], b: set[int], mode: str) -> Counter[Pair]:
    counts: Counter[Pair] = Counter()
    here = a | b
    for person, wanted in set(wishes):
        if person == wanted:
            raise RotationRefused("wish_self", person=person)
        if person not in here or wanted not in here:
            continue  # a wish about someone absent waits for a plan they are in
        if mode == TWO_SIDES and (person in a) == (wanted in a):
            raise RotationRefused("wish_same_side", person=person, wanted=wanted)
        counts[pair(person, wanted)] += 1
    return counts


def _check_held(held: Sequence[Round], rounds: int) -> tuple[Round, ...]:
    held = tuple(held)
    numbered = all(r.number == n for n, r in enumerate(held, start=1))
    once = all(len(r.seated()) + len(r.idle) == len(set(r.seated()) | set(r.idle)) for r in held)
    if len(held) > rounds or not numbered or not once:
        raise RotationRefused("bad_held_rounds")
    return held


def _sides_planner(a, b, settings, board: Board, rng: Random, held, limit_rounds: bool):
    tables = target_tables(len(a), len(b), settings)
    _check_hosts(a, b, tables, settings, board.hosts)
    most = rounds_limit(len(a), len(b), settings)
    if limit_rounds and settings.rounds > most:
        raise RotationRefused("too_many_rounds", most=most)
    layout = make_layout(a, b, settings, board.hosts, _kept_duos(held), rng)
    planner = SidesPlanner(layout, board, rng, settings.rounds, fresh=not held)
    return planner, tables, target_tables(len(a), len(b), settings, limit=False)


def _check_hosts(a, b, tables: int, settings: RotationSettings, hosts: frozenset[int]) -> None:
    """Refuse more hosts than tables in the room, or than units one side forms."""
    limits = seat_limits(len(a), len(b), settings)
    for side, most in zip((a, b), limits, strict=True):
        units = len(side) - duo_count(len(side), most, tables)
        if len(hosts.intersection(side)) > units:
            raise RotationRefused("too_many_hosts", most=units)
    # Each host keeps a table of their own: no more hosts than the tables the room gets
    # (two hosts of one pair each, in a pair of two, would leave nobody to meet).
    if len(hosts.intersection([*a, *b])) > tables:
        raise RotationRefused("too_many_hosts", most=tables)


def _kept_duos(held: Sequence[Round]) -> list[tuple[int, int]]:
    """Return same-side tablemates, latest round first, each person in one duo at most."""
    duos, taken = [], set()
    for done in reversed(held):
        for table in done.tables:
            for side in (table.side_a, table.side_b):
                if len(side) == 2 and not taken.intersection(side):
                    duos.append((side[0], side[1]))
                    taken.update(side)
    return duos


def _pool_planner(people, settings, board: Board, rng: Random, limit_rounds: bool):
    if settings.max_tables is not None and len(board.hosts) > settings.max_tables:
        raise RotationRefused("too_many_hosts", most=settings.max_tables)
    most = rounds_limit(len(people), 0, settings)
    if limit_rounds and settings.rounds > most:
        raise RotationRefused("too_many_rounds", most=most)
    tables, _ = pool_tables(len(people), settings)
    wanted, _ = pool_tables(len(people), settings, limit=False)
    return PoolPlanner(people, settings, board, rng), tables, wanted
