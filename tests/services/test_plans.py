"""Workshop plans: exported, imported, duplicated; a bad plan is refused and creates nothing."""

import copy
import json

import pytest

from tests import minutes_session as sample
from tests.factories import make_workshop
from workshop.services import minutes, plans, workshops
from workshop.services.plans import PlanRefused
from workshop.web.messages import message

pytestmark = pytest.mark.usefixtures("ctx")


def count_workshops() -> int:
    return len(workshops.list_workshops())


def refused(plan) -> PlanRefused:
    before = count_workshops()
    with pytest.raises(PlanRefused) as error:
        plans.create_from_plan(plan)
    assert count_workshops() == before, "a refused plan created something"
    return error.value


@pytest.fixture(scope="module")
def finished_plan(tmp_path_factory):
    """The plan of one finished session (plain data, made once)."""
    with sample.finished_session(tmp_path_factory.mktemp("plan")) as made:
        yield plans.plan_of(made.workshop)


@pytest.fixture
def plan(finished_plan, ctx):
    """The finished session's plan, to create workshops from in a fresh database."""
    return copy.deepcopy(finished_plan)


def test_a_plan_keeps_settings_groups_and_agenda_but_no_people_or_answers(plan):
    assert (plan["format"], plan["format_version"]) == ("workshop-plan", 1)
    assert plan["workshop"]["title"] == sample.TITLE
    assert [g["name"] for g in plan["groups"]] == ["Groupe 1", "Groupe 2"]
    kinds = [a["kind"] for a in plan["activities"]]
    assert kinds == ["welcome", "scenario", "instruction", "brainstorm", "vote"]
    prompts = plan["activities"][1]["settings"]["prompts"]
    assert [(p["group"], p["format"], p["columns"]) for p in prompts] == [
        ("Groupe 1", "headings", []),
        ("Groupe 2", "board", ["Exigences", "Réfutations"]),
    ]
    text = json.dumps(plan, ensure_ascii=False)
    for absent in ("Vasseur", sample.ORIENTATIONS[0][0], '"closed"', '"date"'):
        assert absent not in text


def test_export_import_export_gives_the_same_plan(plan):
    created, secret = plans.create_from_plan(plan)
    assert secret and created.state == "draft"
    assert plans.plan_of(created) == plan


def test_duplicating_a_workshop_copies_its_plan_into_a_new_draft(plan):
    original, _secret = plans.create_from_plan(plan)
    duplicate, _secret = plans.duplicate_workshop(original)
    assert duplicate.id != original.id and duplicate.join_code != original.join_code
    assert plans.plan_of(duplicate) == plan


BUILTIN = ["classic-fr", "classic-en", "prospective-fr", "prospective-en"]
SPEED_BUILTIN = ["speed-meetings-fr", "speed-meetings-en"]


@pytest.mark.parametrize("name", BUILTIN + SPEED_BUILTIN)
def test_every_builtin_plan_creates_a_workshop_and_round_trips(name):
    builtin = plans.builtin_plan(name)
    created, _secret = plans.create_from_plan(builtin)
    exported = plans.plan_of(created)
    assert plans.plan_of(plans.create_from_plan(exported)[0]) == exported
    assert [a["kind"] for a in exported["activities"]] == [a["kind"] for a in builtin["activities"]]
    main = "speed_meeting" if name in SPEED_BUILTIN else "vote"
    assert main in [a["kind"] for a in exported["activities"]]


def test_the_builtin_plans_come_in_french_and_english():
    languages = {name: p["workshop"]["language"] for name, p in plans.builtin_plans().items()}
    assert languages == {
        "classic-en": "en",
        "classic-fr": "fr",
        "prospective-en": "en",
        "prospective-fr": "fr",
        "speed-meetings-en": "en",
        "speed-meetings-fr": "fr",
    }


def broken(plan, path, value):
    """Return a copy of the plan with the value at `path` (keys and indexes) replaced."""
    changed = copy.deepcopy(plan)
    target = changed
    for key in path[:-1]:
        target = target[key]
    if value is KeyError:
        del target[path[-1]]
    else:
        target[path[-1]] = value
    return changed


@pytest.mark.parametrize(
    ("path", "value", "where", "reason"),
    [
        (("format_version",), 2, "format_version", "unsupported_version"),
        (("workshop", "title"), "", "workshop.title", "required"),
        (("workshop", "title"), "x" * 201, "workshop.title", "too_long"),
        (("workshop", "language"), "de", "workshop.language", "invalid_choice"),
        (("groups", 1, "name"), "groupe 1", "groups[1].name", "duplicate"),
        (
            ("activities", 2, "planned_minutes"),
            "dix",
            "activities[2].planned_minutes",
            "not_number",
        ),
        (
            ("activities", 2, "planned_minutes"),
            900,
            "activities[2].planned_minutes",
            "out_of_range",
        ),
        (("activities", 3, "kind"), "quiz", "activities[3].kind", "unknown_kind"),
        (("activities", 0, "title"), KeyError, "activities[0].title", "required"),
        (
            ("activities", 1, "settings", "prompts", 1, "group"),
            "Groupe 9",
            "activities[1].settings.prompts[1].group",
            "unknown_group",
        ),
        (
            ("activities", 1, "settings", "prompts", 0, "format"),
            "table",
            "activities[1].settings.prompts[0].format",
            "invalid_choice",
        ),
        (
            ("activities", 3, "settings", "mode"),
            "solo",
            "activities[3].settings.mode",
            "invalid_choice",
        ),
        (
            ("activities", 4, "settings", "budget"),
            500,
            "activities[4].settings.budget",
            "out_of_range",
        ),
        (("activities",), [], "activities", "required"),
    ],
)
def test_a_malformed_plan_is_refused_naming_the_field(plan, path, value, where, reason):
    error = refused(broken(plan, path, value))
    assert (error.where, error.reason) == (where, reason)


def test_the_refusal_message_names_the_field_in_the_users_language(plan):
    error = refused(broken(plan, ("activities", 2, "planned_minutes"), 900))
    assert error.params["field"] == "activities[2].planned_minutes"
    assert error.params["reason"].code == "out_of_range"
    assert message("out_of_range") in message(error.code, **error.params)


@pytest.mark.parametrize(
    ("raw", "reason"),
    [(b"{not json", "not_json"), (b"\xff\xfe", "not_json"), (b"[]", "not_object")]
    + [(b'{"format": "other"}', "not_a_plan"), (b"{}" + b" " * 300_000, "too_large")],
)
def test_a_file_that_is_no_plan_is_refused(raw, reason):
    with pytest.raises(PlanRefused) as error:
        plans.read_plan(raw)
    assert error.value.reason == reason


def test_a_plan_file_is_read_with_or_without_a_byte_order_mark(plan):
    data = plans.plan_bytes(plan)
    assert plans.read_plan(b"\xef\xbb\xbf" + data) == plans.read_plan(data) == plan


def test_a_workshop_without_groups_exports_prompts_for_everyone(ctx):
    workshop, _ = make_workshop()
    from workshop.services import agenda

    agenda.add_activity(workshop, {"kind": "scenario", "title": "S", "prompt_0": "Pour tous"})
    prompts = plans.plan_of(workshop)["activities"][1]["settings"]["prompts"]
    assert prompts == [{"group": None, "text": "Pour tous", "format": "headings", "columns": []}]


def test_a_plan_carries_the_outline_of_the_minutes(ctx):
    workshop, _secret = workshops.create_workshop({"title": "Maison"})
    layout = {
        "title": "Compte rendu maison",
        "parts": [{"key": "activities"}, {"key": "participants", "title": "Présents"}],
        "options": {"roles": True},
    }
    minutes.set_outline(workshop, layout)
    plan = plans.plan_of(workshop)
    assert plan["minutes"]["outline"]["parts"][1]["title"] == "Présents"
    copy, _secret = plans.create_from_plan(plan)
    outline = minutes.current_outline(copy)
    assert outline.title == "Compte rendu maison" and outline.roles
    assert outline.title_of("participants", "") == "Présents"
    assert plans.plan_of(copy)["minutes"] == plan["minutes"]


def test_a_plan_with_a_faulty_outline_is_refused_naming_the_field(ctx):
    workshop, _secret = workshops.create_workshop({"title": "Maison"})
    plan = plans.plan_of(workshop)
    plan["minutes"] = {"outline": {"parts": [{"key": "nope"}]}}
    with pytest.raises(plans.PlanRefused) as refused:
        plans.check(plan)
    assert refused.value.where == "minutes.outline.parts[0].key"
