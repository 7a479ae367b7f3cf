"""A speed meeting in a plan file: sides are category names, settings within the planner's
bounds; a fault is named by its path, before any form reads it."""

import pytest

from workshop.domain.plans import PlanError, check_plan

KINDS = ("welcome", "speed_meeting")


def plan(**settings) -> dict:
    speed = {"mode": "two_sides", "side_a": ["Association"], "side_b": ["Entreprise"]}
    speed.update(settings)
    return {
        "format": "workshop-plan",
        "format_version": 1,
        "workshop": {"title": "Rencontres", "language": "fr"},
        "activities": [
            {"kind": "welcome", "title": "Accueil"},
            {"kind": "speed_meeting", "title": "Rencontres", "settings": speed},
        ],
    }


def fault(data) -> tuple[str, str]:
    with pytest.raises(PlanError) as error:
        check_plan(data, KINDS)
    return error.value.path, error.value.code


def test_a_speed_meeting_with_sides_and_bounds_is_accepted():
    check_plan(plan(rounds=6, round_seconds=420, table_a=2, table_b=2, surplus="trio"), KINDS)


@pytest.mark.parametrize(
    ("settings", "path", "code"),
    [
        ({"side_a": "Association"}, "side_a", "not_list"),
        ({"side_b": ["x" * 41]}, "side_b[0]", "too_long"),
        ({"side_a": [""]}, "side_a[0]", "required"),
        ({"side_a": [f"C{i}" for i in range(21)]}, "side_a", "too_many"),
        ({"rounds": 0}, "rounds", "out_of_range"),
        ({"round_seconds": 0}, "round_seconds", "out_of_range"),
        ({"round_seconds": "300"}, "round_seconds", "not_number"),
        ({"table_a": 3}, "table_a", "out_of_range"),
        ({"mode": "circle"}, "mode", "invalid_choice"),
        ({"surplus": "queue"}, "surplus", "invalid_choice"),
        ({"history": "forget"}, "history", "invalid_choice"),
        ({"max_tables": -1}, "max_tables", "out_of_range"),
    ],
)
def test_a_speed_meeting_plan_fault_is_named(settings, path, code):
    assert fault(plan(**settings)) == (f"activities[1].settings.{path}", code)
