"""The speed-meeting planner on worked examples, its refusals, and the printed plan."""

import ast
import sys
from collections import Counter
from pathlib import Path

import pytest

from workshop.domain.rotation import (
    AVOID,
    EVERYONE,
    FAVOUR,
    REFUSALS,
    TRIO,
    TWO_SIDES,
    Appointment,
    Plan,
    PlanRow,
    RotationRefused,
    RotationSettings,
    Round,
    Table,
    meetings,
    next_appointment,
    pair,
    person_schedule,
    plan_rounds,
    replan,
    rounds_limit,
    table_plan_rows,
)

ASSOCIATIONS = [1, 2, 3, 4]
COMPANIES = [11, 12, 13, 14]
FIVE_MINUTES = 300


def settings(rounds=4, **changes) -> RotationSettings:
    return RotationSettings(rounds=rounds, round_seconds=FIVE_MINUTES, **changes)


def everyone_met(plan: Plan, a, b) -> bool:
    return meetings(plan.rounds, TWO_SIDES) == {pair(x, y) for x in a for y in b}


def refusal(call, *args, **kwargs) -> tuple[str, dict]:
    with pytest.raises(RotationRefused) as refused:
        call(*args, **kwargs)
    return refused.value.code, refused.value.params


# --- Worked examples ---------------------------------------------------------------------


def test_four_and_four_in_pairs_meet_everyone_in_four_rounds():
    plan = plan_rounds(ASSOCIATIONS, COMPANIES, settings(4))
    assert everyone_met(plan, ASSOCIATIONS, COMPANIES)
    assert all(len(r.tables) == 4 and not r.idle for r in plan.rounds)


def test_associations_keep_their_table_and_companies_move():
    plan = plan_rounds(ASSOCIATIONS, COMPANIES, settings(4), seed=7)
    for person in ASSOCIATIONS:
        tables = {a.table for a in person_schedule(plan, person)}
        assert len(tables) == 1
    first = person_schedule(plan, 11)
    assert len({a.table for a in first}) == 4


def test_extra_companies_pause_in_turn_when_the_other_side_is_smaller():
    plan = plan_rounds([1, 2, 3], [11, 12, 13, 14, 15], settings(5))
    assert all(len(r.idle) == 2 for r in plan.rounds)
    assert set(Counter(p for r in plan.rounds for p in r.idle).values()) == {2}
    assert everyone_met(plan, [1, 2, 3], [11, 12, 13, 14, 15])


def test_with_trios_nobody_pauses_and_the_same_two_companies_share_a_table():
    plan = plan_rounds([1, 2, 3], [11, 12, 13, 14, 15], settings(3, surplus=TRIO))
    assert all(not r.idle for r in plan.rounds)
    shapes = Counter((len(t.side_a), len(t.side_b)) for t in plan.rounds[0].tables)
    assert shapes == {(1, 2): 2, (1, 1): 1}
    duos = {t.side_b for r in plan.rounds for t in r.tables if len(t.side_b) == 2}
    assert len(duos) == 2
    assert everyone_met(plan, [1, 2, 3], [11, 12, 13, 14, 15])


def test_tables_of_four_seat_two_of_each_side_and_cover_everyone_in_two_rounds():
    plan = plan_rounds(ASSOCIATIONS, COMPANIES, settings(2, table=(2, 2)))
    assert all((len(t.side_a), len(t.side_b)) == (2, 2) for r in plan.rounds for t in r.tables)
    assert everyone_met(plan, ASSOCIATIONS, COMPANIES)


def test_same_side_tablemates_do_not_count_as_a_meeting():
    plan = plan_rounds(ASSOCIATIONS, COMPANIES, settings(1, table=(2, 2)))
    table = plan.rounds[0].tables[0]
    assert pair(*table.side_a) not in meetings(plan.rounds, TWO_SIDES)


def test_hosts_keep_their_table_number_every_round():
    plan = plan_rounds(ASSOCIATIONS, COMPANIES, settings(4), hosts={12, 14})
    for host, number in ((12, 1), (14, 2)):
        assert {a.table for a in person_schedule(plan, host)} == {number}


def test_two_hosts_never_share_a_table_so_hosts_of_both_sides_never_meet():
    plan = plan_rounds([1, 2], [11, 12], settings(1), hosts={1, 11})
    assert pair(1, 11) not in meetings(plan.rounds, TWO_SIDES)


def test_a_small_room_makes_people_pause_and_says_how_many_tables_would_seat_everyone():
    plan = plan_rounds(ASSOCIATIONS, COMPANIES, settings(4, max_tables=3))
    assert plan.tables == 3 and plan.tables_wanted == 4
    assert all(len(r.tables) == 3 and len(r.idle) == 2 for r in plan.rounds)
    assert all(t.number <= 3 for r in plan.rounds for t in r.tables)


def test_a_wished_pair_meets_in_the_first_round():
    for seed in range(5):
        plan = plan_rounds(ASSOCIATIONS, COMPANIES, settings(1), wishes={(2, 13)}, seed=seed)
        assert pair(2, 13) in meetings(plan.rounds, TWO_SIDES)


def test_a_wish_about_someone_absent_is_ignored():
    plan = plan_rounds(ASSOCIATIONS, COMPANIES, settings(1), wishes={(2, 99)})
    assert len(plan.rounds[0].tables) == 4


def test_avoiding_history_keeps_last_sessions_pairs_apart():
    last = plan_rounds(ASSOCIATIONS, COMPANIES, settings(2), seed=3)
    history = meetings(last.rounds, TWO_SIDES)
    plan = plan_rounds(ASSOCIATIONS, COMPANIES, settings(2), history=history)
    assert not meetings(plan.rounds, TWO_SIDES) & history


def test_favouring_history_brings_last_sessions_pairs_back():
    last = plan_rounds(ASSOCIATIONS, COMPANIES, settings(2), seed=3)
    history = meetings(last.rounds, TWO_SIDES)
    plan = plan_rounds(ASSOCIATIONS, COMPANIES, settings(2), history=history, history_policy=FAVOUR)
    assert meetings(plan.rounds, TWO_SIDES) == history


def test_a_wish_beats_avoiding_the_history():
    history = {pair(1, 11)}
    plan = plan_rounds(ASSOCIATIONS, COMPANIES, settings(1), wishes={(1, 11)}, history=history)
    assert pair(1, 11) in meetings(plan.rounds, TWO_SIDES)


def test_the_same_seed_gives_the_same_plan_and_another_seed_another_one():
    plans = {plan_rounds(range(10), range(20, 30), settings(3), seed=s) for s in (1, 1, 2)}
    assert len(plans) == 2


def test_everyone_with_everyone_in_pairs_is_a_round_robin():
    people = list(range(1, 8))
    plan = plan_rounds(people, [], settings(7, mode=EVERYONE))
    assert meetings(plan.rounds, EVERYONE) == {pair(x, y) for x in people for y in people if x < y}
    assert sorted(p for r in plan.rounds for p in r.idle) == people


def test_everyone_with_everyone_at_tables_of_four_opens_smaller_tables_rather_than_pause():
    plan = plan_rounds(range(8), [], settings(2, mode=EVERYONE, table=(2, 2)))
    assert [len(t.members) for t in plan.rounds[0].tables] == [4, 4]
    assert not plan.rounds[1].idle and plan.tables == 4


def test_the_most_rounds_is_what_it_takes_for_every_pair_to_meet():
    assert rounds_limit(4, 4, settings()) == 4
    assert rounds_limit(3, 5, settings()) == 5
    assert rounds_limit(3, 5, settings(surplus=TRIO)) == 3
    assert rounds_limit(4, 4, settings(table=(2, 2))) == 2
    assert rounds_limit(7, 0, settings(mode=EVERYONE)) == 7
    assert rounds_limit(8, 0, settings(mode=EVERYONE)) == 7


# --- Replanning -------------------------------------------------------------------------


def test_a_replan_keeps_the_rounds_already_held():
    plan = plan_rounds(ASSOCIATIONS, COMPANIES, settings(4))
    again = replan(plan, 3, ASSOCIATIONS, COMPANIES, seed=9)
    assert again.rounds[:2] == plan.rounds[:2]
    assert everyone_met(again, ASSOCIATIONS, COMPANIES)


def test_a_late_arrival_is_seated_from_the_next_round():
    plan = plan_rounds(ASSOCIATIONS, COMPANIES, settings(4))
    again = replan(plan, 2, ASSOCIATIONS + [5], COMPANIES)
    assert [a.round for a in person_schedule(again, 5)] == [2, 3, 4]
    assert 5 not in plan.rounds[0].seated()


def test_someone_who_leaves_is_in_no_later_round():
    plan = plan_rounds(ASSOCIATIONS, COMPANIES, settings(4))
    again = replan(plan, 3, ASSOCIATIONS, [11, 12, 14])
    assert [a.round for a in person_schedule(again, 13)] == [1, 2]


def test_a_replan_never_brings_back_a_pair_met_in_a_held_round():
    plan = plan_rounds(ASSOCIATIONS, COMPANIES, settings(3))
    held = meetings(plan.rounds[:2], TWO_SIDES)
    again = replan(plan, 3, ASSOCIATIONS, COMPANIES, wishes=set(held))
    assert not meetings(again.rounds[2:], TWO_SIDES) & held


def test_a_replan_keeps_its_rounds_even_when_fewer_people_are_left():
    plan = plan_rounds(ASSOCIATIONS, COMPANIES, settings(4))
    again = replan(plan, 2, [1, 2], COMPANIES)
    assert len(again.rounds) == 4


def test_a_replan_keeps_same_side_tablemates_together_when_both_are_still_here():
    plan = plan_rounds(ASSOCIATIONS, COMPANIES, settings(2, table=(2, 2)))
    duos = {t.side_a for t in plan.rounds[0].tables} | {t.side_b for t in plan.rounds[0].tables}
    again = replan(plan, 2, ASSOCIATIONS, COMPANIES, seed=5)
    assert {t.side_a for t in again.rounds[1].tables} | {
        t.side_b for t in again.rounds[1].tables
    } == duos


def test_a_replan_splits_held_duos_rather_than_seat_two_hosts_together():
    held = (Round(1, (Table(1, (1, 2), (11, 12)), Table(2, (3, 4), (13, 14)))),)
    plan = plan_rounds(ASSOCIATIONS, COMPANIES, settings(2, table=(2, 2)), held=held, hosts={1, 2})
    assert all(len({1, 2} & set(t.side_a)) == 1 for t in plan.rounds[1].tables)


def test_replanning_every_round_held_changes_nothing():
    plan = plan_rounds(ASSOCIATIONS, COMPANIES, settings(4))
    assert replan(plan, 5, ASSOCIATIONS, COMPANIES).rounds == plan.rounds


# --- Refusals ---------------------------------------------------------------------------

SETTINGS_CASES = {
    "bad_mode": dict(mode="tables"),
    "bad_table_size": dict(table=(3, 1)),
    "bad_surplus": dict(surplus="alone"),
    "no_rounds": dict(rounds=0),
    "zero_duration": dict(round_seconds=0),
    "bad_max_tables": dict(max_tables=0),
}


@pytest.mark.parametrize("code", sorted(SETTINGS_CASES))
def test_settings_no_plan_could_follow_are_refused_with_a_code(code):
    values = dict(rounds=4, round_seconds=FIVE_MINUTES) | SETTINGS_CASES[code]
    assert refusal(RotationSettings, **values)[0] == code


def test_more_rounds_than_allowed_a_negative_duration_and_a_boolean_are_refused():
    assert refusal(settings, 100)[0] == "no_rounds"
    assert refusal(RotationSettings, 4, -60)[0] == "zero_duration"
    assert refusal(RotationSettings, True, 60)[0] == "no_rounds"


def held_with_a_gap() -> tuple[Round, ...]:
    return (Round(2, (Table(1, (1,), (11,)),)),)


PLAN_CASES = {
    "bad_history_policy": ((ASSOCIATIONS, COMPANIES), dict(history_policy="forget")),
    "duplicate_person": (([1, 2, 2], COMPANIES), {}),
    "person_on_both_sides": (([1, 2, 11], COMPANIES), {}),
    "one_side_empty": ((ASSOCIATIONS, []), {}),
    "wish_self": ((ASSOCIATIONS, COMPANIES), dict(wishes={(1, 1)})),
    "wish_same_side": ((ASSOCIATIONS, COMPANIES), dict(wishes={(1, 2)})),
    "bad_held_rounds": ((ASSOCIATIONS, COMPANIES), dict(held=held_with_a_gap())),
    "too_many_hosts": ((ASSOCIATIONS, COMPANIES), dict(hosts={1, 2, 11, 12})),
}


@pytest.mark.parametrize("code", sorted(PLAN_CASES))
def test_a_roster_no_plan_could_follow_is_refused_with_a_code(code):
    (a, b), keywords = PLAN_CASES[code]
    s = settings(1, max_tables=3) if code == "too_many_hosts" else settings(1)
    assert refusal(plan_rounds, a, b, s, **keywords)[0] == code


def test_a_refusal_carries_what_its_message_needs():
    assert refusal(plan_rounds, [1, 2, 11], COMPANIES, settings())[1] == {"person": 11}
    assert refusal(plan_rounds, ASSOCIATIONS, COMPANIES, settings(5))[1] == {"most": 4}
    wish = refusal(plan_rounds, ASSOCIATIONS, COMPANIES, settings(), wishes={(11, 12)})
    assert wish[1] == {"person": 11, "wanted": 12}


def test_everyone_mode_needs_two_people():
    assert refusal(plan_rounds, [1], [], settings(1, mode=EVERYONE))[0] == "too_few_people"


def test_more_rounds_than_it_takes_for_everyone_to_meet_is_refused():
    code, params = refusal(plan_rounds, [1, 2, 3], [11, 12, 13, 14, 15], settings(4, surplus=TRIO))
    assert (code, params) == ("too_many_rounds", {"most": 3})


def test_more_hosts_than_the_tables_the_room_gets_is_refused_whatever_their_side():
    # One table for a pair of two: a host on each side would each need their own table,
    # and nobody would meet (found by the property tests).
    code, params = refusal(plan_rounds, [1], [11], settings(1, table=(1, 1)), hosts={1, 11})
    assert (code, params) == ("too_many_hosts", {"most": 1})
    assert plan_rounds([1], [11], settings(1, table=(1, 1)), hosts={1}).rounds[0].tables


def test_more_hosts_on_one_side_than_units_it_forms_is_refused():
    code, params = refusal(
        plan_rounds, [1, 2, 3, 4], [11, 12], settings(1, table=(2, 2)), hosts={1, 2, 3}
    )
    assert (code, params) == ("too_many_hosts", {"most": 2})


def test_a_replan_from_a_round_that_does_not_exist_is_refused():
    plan = plan_rounds(ASSOCIATIONS, COMPANIES, settings(4))
    assert refusal(replan, plan, 6, ASSOCIATIONS, COMPANIES) == ("bad_from_round", {"most": 5})
    assert refusal(replan, plan, 0, ASSOCIATIONS, COMPANIES)[0] == "bad_from_round"


def test_every_refusal_code_is_tested_here():
    tested = set(SETTINGS_CASES) | set(PLAN_CASES)
    tested |= {"too_few_people", "too_many_rounds", "bad_from_round"}
    assert tested == REFUSALS


# --- The printed plan and one person's schedule --------------------------------------------


def test_the_table_plan_lists_tables_by_number_then_the_pause():
    plan = plan_rounds([1, 2], [11, 12, 13], settings(1), hosts={2})
    (number, rows), *_ = table_plan_rows(plan)
    assert number == 1
    assert [row.table for row in rows] == [1, 2, None]
    assert rows[0].side_a == (2,) and len(rows[-1].members) == 1


def test_a_host_who_pauses_keeps_their_number_free_when_the_room_has_other_tables():
    plan = plan_rounds([1, 2], [11, 12, 13], settings(3), hosts={13})
    for done in plan.rounds:
        numbers = [t.number for t in done.tables]
        assert (1 in numbers) == (13 not in done.idle)


def test_a_schedule_says_where_and_with_whom_round_by_round():
    plan = plan_rounds([1, 2], [11, 12], settings(2, table=(1, 1)), hosts={1})
    schedule = person_schedule(plan, 1)
    assert [a.round for a in schedule] == [1, 2] and {a.table for a in schedule} == {1}
    assert sorted(a.meets[0] for a in schedule) == [11, 12]


def test_a_schedule_names_same_side_tablemates_apart_from_those_met():
    plan = plan_rounds(ASSOCIATIONS, COMPANIES, settings(1, table=(2, 2)))
    table = plan.rounds[0].tables[0]
    first = person_schedule(plan, table.side_a[0])[0]
    assert first == Appointment(1, table.number, table.side_b, table.side_a[1:])


def test_a_pause_is_an_appointment_without_a_table():
    plan = plan_rounds([1], [11, 12], settings(2))
    assert sorted(a.table is None for a in person_schedule(plan, 11)) == [False, True]


def test_what_comes_next_is_the_next_round_or_nothing_after_the_last():
    plan = plan_rounds(ASSOCIATIONS, COMPANIES, settings(4))
    assert next_appointment(plan, 1, 2).round == 3
    assert next_appointment(plan, 1, 4) is None
    assert next_appointment(plan, 99, 0) is None


def test_printed_rows_in_everyone_mode_hold_everyone_on_side_a():
    plan = plan_rounds([1, 2, 3, 4], [], settings(1, mode=EVERYONE))
    rows = table_plan_rows(plan)[0][1]
    assert all(isinstance(r, PlanRow) and not r.side_b and len(r.members) == 2 for r in rows)


# --- Purity ---------------------------------------------------------------------------------

PACKAGE = Path(__file__).resolve().parents[2] / "workshop" / "domain" / "rotation"


def test_the_rotation_package_imports_only_the_standard_library_and_the_domain():
    # test_purity.py looks at domain/*.py only; this package sits one folder down.
    for path in PACKAGE.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text())):
            names = [a.name for a in node.names] if isinstance(node, ast.Import) else []
            if isinstance(node, ast.ImportFrom) and node.level == 0:
                names = [node.module or ""]
            for name in names:
                root = name.split(".")[0]
                assert root in sys.stdlib_module_names or name.startswith("workshop.domain")


def test_avoid_is_the_default_history_policy():
    history = {pair(1, 11), pair(2, 12), pair(3, 13), pair(4, 14)}
    plan = plan_rounds(ASSOCIATIONS, COMPANIES, settings(1), history=history)
    assert not meetings(plan.rounds, TWO_SIDES) & history
    assert AVOID == "avoid"
