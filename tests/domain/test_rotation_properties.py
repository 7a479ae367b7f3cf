"""Laws of the speed-meeting planner, checked on generated rosters (hypothesis)."""

from collections import Counter
from itertools import permutations, product

from hypothesis import assume, given, settings
from hypothesis import strategies as st

from workshop.domain.rotation import (
    AVOID,
    EVERYONE,
    FAVOUR,
    IGNORE,
    PAUSE,
    TRIO,
    TWO_SIDES,
    Plan,
    RotationRefused,
    RotationSettings,
    meetings,
    pair,
    plan_rounds,
    replan,
    rounds_limit,
)
from workshop.domain.rotation.assignment import max_weight_assignment
from workshop.domain.rotation.values import table_pairs

quick = settings(deadline=None, max_examples=60)
B0 = 1000  # side B's ids start here, so both sides never share an id by accident
SHAPES = [(1, 1), (1, 2), (2, 1), (2, 2)]


# --- The laws every plan keeps ---------------------------------------------------------


def side_limits(a: int, b: int, s: RotationSettings) -> tuple[int, int]:
    """The most people of each side at a table, by the documented rule."""
    most_a, most_b = s.table
    if s.surplus == TRIO and a != b:
        return (2, most_b) if a > b else (most_a, 2)
    return most_a, most_b


def tables_used(a: int, b: int, s: RotationSettings) -> int:
    """The fewest tables seating the most people with the table's own shape."""
    top = min(a, b, s.max_tables or a)
    seated = [min(a, s.table[0] * t) + min(b, s.table[1] * t) for t in range(top + 1)]
    return seated.index(max(seated))


def least_idle(a: int, b: int, s: RotationSettings) -> int:
    """The fewest people who must pause in a round, given sizes and max_tables."""
    t = tables_used(a, b, s)
    most_a, most_b = side_limits(a, b, s)
    return a + b - min(a, most_a * t) - min(b, most_b * t)


def check_round(done, a, b, s: RotationSettings, hosts=frozenset()):
    """One round of a plan for roster (a, b): everyone once, sizes, numbers, hosts."""
    people = [p for t in done.tables for p in t.members] + list(done.idle)
    assert len(people) == len(set(people)), "someone is twice in a round"
    assert sorted(people) == sorted(list(a) + list(b)), "someone missing or a stranger"
    assert list(done.idle) == sorted(done.idle)
    numbers = [t.number for t in done.tables]
    assert numbers == sorted(set(numbers)) and all(n >= 1 for n in numbers)
    if s.max_tables is not None:
        assert len(done.tables) <= s.max_tables and max(numbers, default=0) <= s.max_tables
    check_sizes(done, a, b, s)
    host_order = sorted(h for h in hosts if h in a) + sorted(h for h in hosts if h in b)
    for table in done.tables:
        here = [h for h in host_order if h in table.members]
        assert len(here) <= 1, "two hosts share a table"
        if here:
            assert table.number == host_order.index(here[0]) + 1, "a host changed table"


def check_sizes(done, a, b, s: RotationSettings):
    if s.mode == EVERYONE:
        most = 3 if s.table_size == 2 and s.surplus == TRIO else s.table_size
        assert all(2 <= len(t.members) <= most and not t.side_b for t in done.tables)
        return
    most_a, most_b = side_limits(len(a), len(b), s)
    for t in done.tables:
        assert 1 <= len(t.side_a) <= most_a and 1 <= len(t.side_b) <= most_b
        assert set(t.side_a) <= set(a) and set(t.side_b) <= set(b)


def check_no_repeat(plan):
    mode = plan.settings.mode
    met = Counter(p for r in plan.rounds for t in r.tables for p in table_pairs(t, mode))
    assert all(n == 1 for n in met.values()), "a pair met twice"


def check_plan(plan, a, b, s, hosts=frozenset()):
    assert [r.number for r in plan.rounds] == list(range(1, s.rounds + 1))
    for done in plan.rounds:
        check_round(done, a, b, s, hosts)
    check_no_repeat(plan)


# --- Generated rosters --------------------------------------------------------------------


@st.composite
def table_settings(draw, mode=TWO_SIDES, shapes=SHAPES):
    return dict(
        table=draw(st.sampled_from(shapes)),
        surplus=draw(st.sampled_from([PAUSE, TRIO])),
        max_tables=draw(st.none() | st.integers(1, 30)),
        round_seconds=draw(st.integers(1, 600)),
        mode=mode,
    )


def most_for(a, b, probe: RotationSettings) -> int:
    return rounds_limit(len(a), len(b), probe)


@st.composite
def rosters(draw, min_size=1, max_size=40):
    a = list(range(1, draw(st.integers(min_size, max_size)) + 1))
    b = list(range(B0, B0 + draw(st.integers(min_size, max_size))))
    return draw(st.permutations(a)), draw(st.permutations(b))


@st.composite
def preferences(draw, a, b, max_hosts=3):
    everyone = list(a) + list(b)
    host_side = draw(st.sampled_from([a, b, everyone]))
    hosts = draw(st.sets(st.sampled_from(host_side), max_size=min(max_hosts, len(host_side))))
    cross = st.tuples(st.sampled_from(a), st.sampled_from(b))
    wishes = draw(st.sets(cross | cross.map(lambda w: w[::-1]), max_size=12))
    history = draw(st.sets(cross, max_size=30))
    policy = draw(st.sampled_from([AVOID, FAVOUR, IGNORE]))
    return dict(hosts=hosts, wishes=wishes, history=history, history_policy=policy)


@st.composite
def two_side_plans(draw):
    a, b = draw(rosters())
    kind = draw(table_settings())
    prefs = draw(preferences(a, b))
    try:
        probe = RotationSettings(rounds=1, **kind)
        plan_rounds(a, b, probe, hosts=prefs["hosts"])
    except RotationRefused as refused:
        assert refused.code == "too_many_hosts"
        prefs["hosts"] = set()
    rounds = draw(st.integers(1, min(most_for(a, b, probe), 12)))
    s = RotationSettings(rounds=rounds, **kind)
    seed = draw(st.integers(0, 2**32))
    return a, b, s, prefs, plan_rounds(a, b, s, seed=seed, **prefs)


# --- Laws of every plan -------------------------------------------------------------------


@quick
@given(two_side_plans())
def test_every_two_sides_plan_keeps_the_rules(case):
    a, b, s, prefs, plan = case
    check_plan(plan, a, b, s, prefs["hosts"])


@quick
@given(two_side_plans())
def test_the_first_round_pauses_as_few_people_as_the_sizes_and_room_allow(case):
    a, b, s, prefs, plan = case
    assert plan.tables == tables_used(len(a), len(b), s)
    assert len(plan.rounds[0].idle) == least_idle(len(a), len(b), s)


@quick
@given(two_side_plans(), st.randoms(use_true_random=False))
def test_the_same_seed_gives_the_same_plan_whatever_order_the_sides_are_listed_in(case, rnd):
    a, b, s, prefs, plan = case
    a, b = a[:], b[:]
    rnd.shuffle(a)
    rnd.shuffle(b)
    assert plan_rounds(a, b, s, seed=plan.seed, **prefs) == plan


@quick
@given(rosters(max_size=25), st.data())
def test_every_everyone_plan_keeps_the_rules(roster, data):
    a, b = roster
    kind = data.draw(table_settings(EVERYONE))
    hosts = data.draw(st.sets(st.sampled_from(a + b), max_size=3))
    kind["max_tables"] = None if kind["max_tables"] is None else max(kind["max_tables"], 3)
    most = most_for(a, b, RotationSettings(rounds=1, **kind))
    s = RotationSettings(rounds=data.draw(st.integers(1, min(most, 8))), **kind)
    plan = plan_rounds(a, b, s, hosts=hosts, seed=data.draw(st.integers(0, 99)))
    check_plan(plan, a + b, [], s, hosts)


# --- Proved guarantees: clean and balanced plans -------------------------------------------


@st.composite
def clean_plans(draw, with_hosts=True):
    """Fresh plans where one side forms exactly the plan's tables, hosts on one side."""
    family = draw(st.sampled_from(["pairs", "trios", "fours"]))
    small = draw(st.integers(1, 14))
    if family == "pairs":
        large, table, surplus = small + draw(st.integers(0, 6)), (1, 1), PAUSE
    elif family == "trios":
        large, table, surplus = small + draw(st.integers(0, small)), (1, 1), TRIO
    else:
        large, table, surplus = small, (2, 2), draw(st.sampled_from([PAUSE, TRIO]))
    a, b = list(range(1, small + 1)), list(range(B0, B0 + large))
    if draw(st.booleans()):
        a, b = b, a
    host_side = draw(st.sampled_from([a, b]))
    hosts = draw(st.sets(st.sampled_from(host_side), max_size=2 if with_hosts else 0))
    most = most_for(a, b, RotationSettings(1, 60, table, surplus))
    s = RotationSettings(most, 60, table, surplus)
    cross = st.tuples(st.sampled_from(a), st.sampled_from(b))
    wishes = draw(st.sets(cross, max_size=6))
    seed = draw(st.integers())
    try:
        return a, b, s, plan_rounds(a, b, s, hosts=hosts, wishes=wishes, seed=seed)
    except RotationRefused as refused:  # more hosts than their side has units
        assert refused.code == "too_many_hosts"
        return a, b, s, plan_rounds(a, b, s, wishes=wishes, seed=seed)


@quick
@given(clean_plans())
def test_a_clean_plan_fills_every_table_and_everyone_meets_everyone_at_the_end(case):
    a, b, s, plan = case
    check_plan(plan, a, b, s)
    assert all(len(r.tables) == plan.tables for r in plan.rounds)
    assert meetings(plan.rounds, TWO_SIDES) == {pair(x, y) for x, y in product(a, b)}


@quick
@given(clean_plans(with_hosts=False))
def test_without_hosts_the_side_cut_into_fewer_units_keeps_its_table_numbers(case):
    a, b, s, plan = case
    units_a = {t.side_a for r in plan.rounds for t in r.tables}
    units_b = {t.side_b for r in plan.rounds for t in r.tables}
    staying = a if len(units_a) <= len(units_b) else b
    for person in staying:
        numbers = {t.number for r in plan.rounds for t in r.tables if person in t.members}
        assert len(numbers) == 1


@quick
@given(clean_plans())
def test_in_clean_pairs_everyone_of_the_larger_side_pauses_as_often(case):
    a, b, s, plan = case
    paused = Counter(p for r in plan.rounds for p in r.idle)
    assert len(plan.rounds[0].idle) == least_idle(len(a), len(b), s)
    if s.table == (1, 1) and s.surplus == PAUSE:
        larger = a if len(a) > len(b) else b
        assert all(paused[p] == abs(len(a) - len(b)) for p in larger)
        assert all(len(r.idle) == abs(len(a) - len(b)) for r in plan.rounds)


def wish_counts(wishes, met):
    return sum(pair(*w) in met for w in wishes)


@st.composite
def balanced_pairs(draw, max_n=12):
    n = draw(st.integers(1, max_n))
    a, b = list(range(1, n + 1)), list(range(B0, B0 + n))
    hosts = draw(st.sets(st.sampled_from(a), max_size=2))
    cross = st.tuples(st.sampled_from(a), st.sampled_from(b))
    wishes = draw(st.sets(cross | cross.map(lambda w: w[::-1]), max_size=2 * n))
    return a, b, hosts, wishes


@quick
@given(balanced_pairs(max_n=6), st.integers(0, 99))
def test_round_one_of_a_balanced_plan_fulfils_as_many_wishes_as_any_round_could(case, seed):
    a, b, hosts, wishes = case
    plan = plan_rounds(a, b, RotationSettings(1, 60), hosts=hosts, wishes=wishes, seed=seed)
    got = wish_counts(wishes, meetings(plan.rounds, TWO_SIDES))
    best = max(
        wish_counts(wishes, {pair(x, y) for x, y in zip(a, order, strict=True)})
        for order in permutations(b)
    )
    assert got == best


@quick
@given(balanced_pairs(), st.integers(0, 99))
def test_each_round_of_a_balanced_plan_fulfils_a_wish_while_some_are_open(case, seed):
    a, b, hosts, wishes = case
    s = RotationSettings(len(a), 60)
    plan = plan_rounds(a, b, s, hosts=hosts, wishes=wishes, seed=seed)
    wished = {pair(*w) for w in wishes}
    met: set = set()
    for done in plan.rounds:
        now = meetings([done], TWO_SIDES)
        if wished - met:
            assert now & wished, f"round {done.number} fulfilled no open wish"
        met |= now
    assert wished <= met


def earlier_rounds(a, b, k, seed):
    first = plan_rounds(a, b, RotationSettings(k, 60), seed=seed)
    return meetings(first.rounds, TWO_SIDES)


@quick
@given(st.integers(2, 14), st.data())
def test_avoiding_history_keeps_last_sessions_pairs_apart_while_rounds_allow(n, data):
    a, b = list(range(1, n + 1)), list(range(B0, B0 + n))
    k = data.draw(st.integers(1, n - 1))
    history = earlier_rounds(a, b, k, data.draw(st.integers(0, 99)))
    s = RotationSettings(n - k, 60)
    plan = plan_rounds(a, b, s, history=history, history_policy=AVOID, seed=n)
    assert not meetings(plan.rounds, TWO_SIDES) & history


@quick
@given(st.integers(1, 14), st.data())
def test_favouring_history_brings_last_sessions_pairs_back_first(n, data):
    a, b = list(range(1, n + 1)), list(range(B0, B0 + n))
    k = data.draw(st.integers(1, n))
    history = earlier_rounds(a, b, k, data.draw(st.integers(0, 99)))
    rounds = data.draw(st.integers(1, k))
    plan = plan_rounds(a, b, RotationSettings(rounds, 60), history=history, history_policy=FAVOUR)
    assert meetings(plan.rounds, TWO_SIDES) <= history


@quick
@given(st.integers(2, 30), st.sets(st.integers(0, 29), max_size=1), st.integers(0, 99))
def test_everyone_in_pairs_meets_everyone_and_pauses_at_most_once(n, host, seed):
    people = list(range(n))
    s = RotationSettings(n - 1 if n % 2 == 0 else n, 60, mode=EVERYONE)
    plan = plan_rounds(people, [], s, hosts=host & set(people), seed=seed)
    check_plan(plan, people, [], s, host & set(people))
    everyone = {pair(x, y) for x in people for y in people if x < y}
    assert meetings(plan.rounds, EVERYONE) == everyone
    assert all(len(r.idle) == n % 2 for r in plan.rounds)
    assert max(Counter(p for r in plan.rounds for p in r.idle).values(), default=0) <= 1


# --- Each round is the best round, checked by brute force on small rosters -----------------


def round_value(done, before, wishes, history, policy):
    idle = Counter(p for r in before for p in r.idle)
    pairs = meetings([done], TWO_SIDES)
    return table_value(pairs, idle, wishes, history, policy)


def table_value(pairs, idle, wishes, history, policy):
    wished = sum(pair(*w) in pairs for w in wishes)
    old = sum(p in history for p in pairs)
    kept = {AVOID: len(pairs) - old, FAVOUR: old, IGNORE: 0}[policy]
    seated = sum(idle[p] for two in pairs for p in two)
    return len(pairs), seated, wished, kept


def best_value(a, b, tables, before, hosts, wishes, history, policy):
    met = meetings(before, TWO_SIDES)
    idle = Counter(p for r in before for p in r.idle)
    best = None
    for order in permutations(list(b) + [None] * len(a), len(a)):
        pairs = {pair(x, y) for x, y in zip(a, order, strict=True) if y is not None}
        if len(pairs) > tables or pairs & met:
            continue
        if any(x in hosts and y in hosts for x, y in pairs):
            continue
        value = table_value(pairs, idle, wishes, history, policy)
        best = value if best is None or value > best else best
    return best


@settings(deadline=None, max_examples=80)
@given(rosters(max_size=4), st.data())
def test_each_round_after_a_replan_is_the_best_round_given_the_rounds_before(roster, data):
    a, b = roster
    prefs = data.draw(preferences(a, b, max_hosts=2))
    first = plan_rounds(a, b, RotationSettings(1, 60), seed=data.draw(st.integers(0, 9)))
    late_a = data.draw(st.lists(st.integers(50, 52), max_size=2, unique=True))
    a2 = [p for p in a if data.draw(st.booleans())] + late_a
    b2 = [p for p in b if data.draw(st.booleans())] or b[:1]
    assume(a2)
    rounds = data.draw(st.integers(2, 3))
    max_tables = data.draw(st.none() | st.integers(1, 3))
    s = RotationSettings(rounds, 60, max_tables=max_tables)
    try:
        plan = replan(Plan(s, first.rounds), 2, a2, b2, **prefs)
    except RotationRefused as refused:
        assert refused.code == "too_many_hosts"
        return
    hosts, wishes = set(prefs["hosts"]) & set(a2 + b2), prefs["wishes"]
    history, policy = {pair(*h) for h in prefs["history"]}, prefs["history_policy"]
    for number in range(2, rounds + 1):
        before, done = plan.rounds[: number - 1], plan.rounds[number - 1]
        best = best_value(a2, b2, plan.tables, before, hosts, wishes, history, policy)
        assert round_value(done, before, wishes, history, policy) == best


# --- Replanning: held rounds, leavers, late arrivals ---------------------------------------


@quick
@given(two_side_plans(), st.data())
def test_a_replan_keeps_held_rounds_and_follows_arrivals_and_departures(case, data):
    a, b, s, prefs, plan = case
    start = data.draw(st.integers(1, s.rounds + 1))
    leavers = data.draw(st.sets(st.sampled_from(a + b), max_size=4))
    arrivals_a = list(range(500, 500 + data.draw(st.integers(0, 3))))
    arrivals_b = list(range(5000, 5000 + data.draw(st.integers(0, 3))))
    a2 = [p for p in a if p not in leavers] + arrivals_a
    b2 = [p for p in b if p not in leavers] + arrivals_b
    assume(a2 and b2)
    try:
        again = replan(plan, start, a2, b2, seed=data.draw(st.integers(0, 9)), **prefs)
    except RotationRefused as refused:
        assert refused.code == "too_many_hosts"
        return
    assert again.rounds[: start - 1] == plan.rounds[: start - 1]
    check_no_repeat(again)
    for done in again.rounds[start - 1 :]:
        check_round(done, a2, b2, s, set(prefs["hosts"]) & set(a2 + b2))


# --- The matching engine ----------------------------------------------------------------


def square_matrices(n):
    row = st.lists(st.integers(-5, 9), min_size=n, max_size=n)
    return st.lists(row, min_size=n, max_size=n)


@settings(deadline=None, max_examples=200)
@given(st.integers(0, 6).flatmap(square_matrices))
def test_the_assignment_is_a_permutation_of_the_greatest_total_weight(weights):
    n = len(weights)
    columns = max_weight_assignment(weights)
    assert sorted(columns) == list(range(n))
    best = max(sum(weights[i][p[i]] for i in range(n)) for p in permutations(range(n)))
    assert sum(weights[i][columns[i]] for i in range(n)) == best


def test_the_law_helpers_agree_with_the_documented_table_counts():
    s = RotationSettings(1, 60, table=(2, 2))
    assert tables_used(5, 4, s) == 3 and least_idle(5, 4, s) == 0
    assert least_idle(3, 8, RotationSettings(1, 60, surplus=TRIO)) == 2
