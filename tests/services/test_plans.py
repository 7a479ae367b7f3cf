"""Workshop plans: exported, imported, duplicated; a bad plan is refused and creates nothing."""

import copy
import json

import pytest

from tests import minutes_session as sample
from tests.factories import add_instruction, make_workshop
from workshop.services import agenda, groups, minutes, plans, workshops
from workshop.services.plans import PlanRefused
from workshop.services.refusals import Refused
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


# ---- a plan applied to the empty agenda of a workshop (the empty console) -------------------


def _state(workshop) -> tuple:
    """What applying a plan may change: the agenda, the groups, the settings."""
    return (
        [(a.kind, a.title) for a in workshop.activities],
        [g.name for g in workshop.groups],
        {name: getattr(workshop, name) for name in plans.WORKSHOP_FIELDS},
    )


def test_a_plan_gives_an_empty_workshop_its_agenda_and_groups_keeping_its_settings(ctx):
    workshop, _secret = make_workshop(title="Notre atelier", theme="", place="Metz")
    assert plans.takes_a_plan(workshop)  # only the welcome it was created with
    builtin = plans.builtin_plan("prospective-fr")
    plans.apply_plan(workshop, builtin)
    assert [a.kind for a in workshop.activities] == [a["kind"] for a in builtin["activities"]]
    assert [a.title for a in workshop.activities][0] == builtin["activities"][0]["title"]
    assert [g.name for g in workshop.groups] == [g["name"] for g in builtin["groups"]]
    assert (workshop.title, workshop.place) == ("Notre atelier", "Metz")  # kept
    assert workshop.theme == builtin["workshop"]["theme"]  # empty: the plan's
    assert workshop.language == "fr"
    # Each group's prompt found its group by name.
    scenario = next(a for a in workshop.activities if a.kind == "scenario")
    assert set(scenario.settings["prompts"]) == {str(g.id) for g in workshop.groups}
    assert not plans.takes_a_plan(workshop)


def test_a_group_of_the_plan_already_here_is_that_group(ctx):
    workshop, _secret = make_workshop()
    mine = groups.add_group(workshop, {"name": "groupe 1"})
    plans.apply_plan(workshop, plans.builtin_plan("prospective-fr"))
    assert [g.name for g in workshop.groups] == ["groupe 1", "Groupe 2"]
    scenario = next(a for a in workshop.activities if a.kind == "scenario")
    assert str(mine.id) in scenario.settings["prompts"]


def test_a_workshop_with_activities_is_refused_and_unchanged(ctx):
    workshop, _secret = make_workshop()
    add_instruction(workshop)
    before = _state(workshop)
    assert not plans.takes_a_plan(workshop)
    with pytest.raises(Refused, match="plan_needs_empty_agenda"):
        plans.apply_plan(workshop, plans.builtin_plan("classic-fr"))
    assert _state(workshop) == before


def test_an_edited_welcome_is_content_and_a_started_workshop_is_refused(ctx):
    workshop, _secret = make_workshop()
    welcome = workshop.activities[0]
    agenda.update_activity(workshop, welcome.id, {"title": "Accueil", "instruction": "Bonjour"})
    with pytest.raises(Refused, match="plan_needs_empty_agenda"):
        plans.apply_plan(workshop, plans.builtin_plan("classic-fr"))
    started, _secret = make_workshop()
    agenda.start_workshop(started)
    with pytest.raises(Refused, match="not_draft"):
        plans.apply_plan(started, plans.builtin_plan("classic-fr"))
    assert [a.kind for a in started.activities] == ["welcome"]


def test_a_bad_plan_changes_nothing_and_says_so(plan):
    workshop, _secret = make_workshop(theme="")
    before = _state(workshop)
    with pytest.raises(PlanRefused) as refused:
        plans.apply_plan(workshop, broken(plan, ("activities", 2, "planned_minutes"), 900))
    assert refused.value.code == "plan_not_applied"
    assert "Rien n'a été modifié" in message(refused.value.code, **refused.value.params)
    assert _state(workshop) == before


def test_too_many_groups_with_the_plans_are_refused(ctx):
    workshop, _secret = make_workshop()
    groups.add_groups(workshop, {"group_count": "29"})  # "Groupe 1"... "Groupe 29"
    before = _state(workshop)
    with pytest.raises(Refused, match="plan_too_many_groups"):  # "Group 1" and "Group 2"
        plans.apply_plan(workshop, plans.builtin_plan("prospective-en"))
    assert _state(workshop) == before


def test_groups_in_parallel_that_cannot_hold_are_refused_before_anything_is_made(plan):
    plan["activities"][2]["with_previous"] = True  # an instruction for everyone
    error = refused(plan)
    assert (error.where, error.reason) == ("activities[2].with_previous", "together_needs_groups")
    workshop, _secret = make_workshop()
    before = _state(workshop)
    with pytest.raises(PlanRefused):
        plans.apply_plan(workshop, plan)
    assert _state(workshop) == before


def test_a_failure_midway_puts_the_workshop_back(ctx, monkeypatch):
    workshop, _secret = make_workshop(theme="")
    before = _state(workshop)
    calls = []
    real = agenda.add_activity

    def failing(w, data):
        calls.append(data)
        if len(calls) == 3:
            raise Refused("too_many_activities", limit=60)
        return real(w, data)

    monkeypatch.setattr(agenda, "add_activity", failing)
    with pytest.raises(Refused, match="too_many_activities"):
        plans.apply_plan(workshop, plans.builtin_plan("prospective-fr"))
    assert _state(workshop) == before
    assert plans.takes_a_plan(workshop)
