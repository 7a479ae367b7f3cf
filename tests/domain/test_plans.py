"""Checking a workshop plan's structure: the first fault is named by its path and a code."""

import pytest

from workshop.domain.plans import PlanError, check_plan

KINDS = ("welcome", "instruction", "scenario", "brainstorm", "vote")


def plan(**changes) -> dict:
    base = {
        "format": "workshop-plan",
        "format_version": 1,
        "workshop": {"title": "Atelier", "language": "fr", "categories": ["Association"]},
        "groups": [{"name": "Groupe 1"}, {"name": "Groupe 2", "colour": "#336699"}],
        "activities": [
            {"kind": "welcome", "title": "Accueil"},
            {
                "kind": "scenario",
                "title": "En 2030",
                "planned_minutes": 30,
                "settings": {
                    "mode": "groups",
                    "prompts": [
                        {"group": None, "text": "Pour tous"},
                        {"group": "Groupe 2", "format": "board", "columns": ["Oui", "Non"]},
                    ],
                },
            },
            {"kind": "vote", "title": "Vote", "settings": {"method": "dots", "group": None}},
        ],
    }
    base.update(changes)
    return base


def fault(data) -> tuple[str, str]:
    with pytest.raises(PlanError) as error:
        check_plan(data, KINDS)
    return error.value.path, error.value.code


def test_a_well_formed_plan_passes():
    check_plan(plan(), KINDS)


def test_unknown_top_level_fields_are_ignored():
    check_plan(plan(name="Mon plan", description="..."), KINDS)


def test_a_plan_must_be_an_object_of_the_known_format_and_version():
    assert fault([]) == ("plan", "not_object")
    assert fault(plan(format="other")) == ("format", "not_a_plan")
    assert fault(plan(format_version="1")) == ("format_version", "unsupported_version")


def test_the_first_fault_is_named_by_its_path():
    broken = plan()
    broken["activities"][1]["settings"]["prompts"][1]["columns"] = ["Oui", ""]
    assert fault(broken) == ("activities[1].settings.prompts[1].columns[1]", "required")


def test_a_board_column_name_cannot_hold_the_slash_that_separates_columns():
    broken = plan()
    broken["activities"][1]["settings"]["prompts"][1]["columns"] = ["Oui/Non", "Peut-être"]
    assert fault(broken) == ("activities[1].settings.prompts[1].columns[0]", "invalid")


def test_a_prompt_names_a_group_of_the_plan_once():
    broken = plan()
    broken["activities"][1]["settings"]["prompts"][1]["group"] = "Groupe 3"
    assert fault(broken) == ("activities[1].settings.prompts[1].group", "unknown_group")
    broken["activities"][1]["settings"]["prompts"][1]["group"] = None
    assert fault(broken) == ("activities[1].settings.prompts[1].group", "duplicate")


def test_group_names_are_unique_whatever_their_case():
    assert fault(plan(groups=[{"name": "Groupe 1"}, {"name": "GROUPE 1"}])) == (
        "groups[1].name",
        "duplicate",
    )


@pytest.mark.parametrize(
    ("value", "code"), [(True, "not_number"), (1.5, "not_number"), (-1, "out_of_range")]
)
def test_planned_minutes_are_a_whole_number_of_minutes(value, code):
    broken = plan()
    broken["activities"][0]["planned_minutes"] = value
    assert fault(broken) == ("activities[0].planned_minutes", code)


def test_an_agenda_needs_an_activity_of_a_known_kind():
    assert fault(plan(activities=[])) == ("activities", "required")
    assert fault(plan(activities=[{"kind": "quiz", "title": "?"}])) == (
        "activities[0].kind",
        "unknown_kind",
    )


def test_settings_hold_plain_values_only():
    broken = plan()
    broken["activities"][2]["settings"]["method"] = {"nested": True}
    assert fault(broken) == ("activities[2].settings.method", "invalid")


def test_a_vote_for_one_group_names_a_group_of_the_plan():
    broken = plan()
    broken["activities"][2]["settings"]["group"] = "Groupe 9"
    assert fault(broken) == ("activities[2].settings.group", "unknown_group")
