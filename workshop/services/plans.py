"""Workshop plans as files: export one, create a workshop from one, duplicate a workshop.

A plan holds a workshop's settings, groups and agenda (with each activity's settings) and
the outline of its minutes, never its participants or answers (format:
docs/export-format.md). A plan is checked whole before anything is created: first its
structure (domain/plans.py), then every field by the same rules as the console's forms;
a bad plan creates nothing.
"""

import json
import logging
from collections.abc import Mapping
from pathlib import Path

from workshop.db import transaction
from workshop.domain import parallel
from workshop.domain.agenda import AgendaError
from workshop.domain.minutes_outline import check_outline
from workshop.domain.parallel import Slot
from workshop.domain.plans import FORMAT, FORMAT_VERSION, PlanError, check_plan
from workshop.kinds import KINDS, get_kind
from workshop.models import Activity, Workshop
from workshop.models.workshop import group_in
from workshop.services import agenda, groups, minutes, workshops
from workshop.services.refusals import Conflict, FormErrors, Invalid, NotFound, Reason, Refused

logger = logging.getLogger(__name__)
BUILTIN_FOLDER = Path(__file__).resolve().parent.parent / "plans"
PLAN_MAX_BYTES = 256 * 1024
WORKSHOP_FIELDS = (
    "title",
    "series_label",
    "theme",
    "context",
    "place",
    "organiser",
    "minutes_author",
    "language",
    "allow_anonymous",
    "names_in_minutes",
    "categories",
)
ACTIVITY_FIELDS = ("title", "instruction", "planned_minutes")


class PlanRefused(Invalid):
    """A plan that cannot be used: the message names the faulty field and says why (and
    that nothing was created, or, for a plan applied to a workshop, nothing changed)."""

    def __init__(self, error: PlanError, code: str = "plan_invalid"):
        super().__init__(code, field=error.path, reason=Reason(error.code, error.params))
        self.where, self.reason, self.error = error.path, error.code, error


# ---- exporting ----------------------------------------------------------------------------


def plan_of(workshop: Workshop) -> dict:
    """Return a workshop's plan: settings, groups, agenda; no people, no answers."""
    names = {group.id: group.name for group in workshop.groups}
    return {
        "format": FORMAT,
        "format_version": FORMAT_VERSION,
        "workshop": {
            **{name: getattr(workshop, name) for name in WORKSHOP_FIELDS},
            "categories": list(workshop.categories or ()),
        },
        "groups": [
            {"name": g.name, "colour": g.colour, "leaders": g.leaders} for g in workshop.groups
        ],
        "activities": [
            {
                "kind": activity.kind,
                **{name: getattr(activity, name) for name in ACTIVITY_FIELDS},
                "settings": get_kind(activity.kind).plan_settings(activity.settings, names.get),
                # Only when set: plans without groups in parallel stay as they were.
                **({"with_previous": True} if activity.with_previous else {}),
            }
            for activity in workshop.activities
        ],
        "minutes": {"outline": _outline_of(workshop)},
    }


def _outline_of(workshop: Workshop) -> dict:
    """The minutes' outline as the facilitator set it ({} for the default one)."""
    stored = minutes.minutes_record(workshop).outline or {}
    return check_outline(stored) if stored else {}


def plan_bytes(plan: dict) -> bytes:
    return json.dumps(plan, ensure_ascii=False, indent=2).encode("utf-8") + b"\n"


# ---- reading and checking -----------------------------------------------------------------


def read_plan(raw: bytes | str) -> dict:
    """Decode a plan file and check it whole; refuse it with the faulty field named."""
    if len(raw) > PLAN_MAX_BYTES:
        raise PlanRefused(PlanError("", "too_large", limit=PLAN_MAX_BYTES // 1024))
    try:
        text = raw.decode("utf-8-sig") if isinstance(raw, bytes) else raw
        plan = json.loads(text)
    except (UnicodeDecodeError, json.JSONDecodeError, RecursionError):
        raise PlanRefused(PlanError("", "not_json")) from None
    check(plan)
    return plan


def check(plan) -> None:
    """Check a decoded plan: its structure, then every field as the console's forms would."""
    try:
        check_plan(plan, KINDS)
        _read_as_forms(plan)
    except PlanError as error:
        raise PlanRefused(error) from None


def _workshop_form(fields: Mapping) -> dict:
    form = {name: value for name, value in fields.items() if name in WORKSHOP_FIELDS}
    form["allow_anonymous"] = "1" if fields.get("allow_anonymous") else ""
    form["categories"] = "\n".join(fields.get("categories") or ())
    return form


def _activity_form(activity: Mapping, group_key) -> dict:
    kind = get_kind(activity["kind"])
    return {
        **kind.plan_form(activity.get("settings") or {}, group_key),
        "kind": activity["kind"],
        "title": activity["title"],
        "instruction": activity.get("instruction") or "",
        "planned_minutes": str(activity.get("planned_minutes", 0)),
    }


def _form_error(prefix: str, error: FormErrors, settings: bool = False) -> PlanError:
    field, (code, params) = next(iter(error.fields.items()))
    inside = settings and field not in ACTIVITY_FIELDS
    return PlanError(
        f"{prefix}.settings.{field}" if inside else f"{prefix}.{field}", code, **params
    )


def _read_as_forms(plan: dict) -> None:
    """Read every field through the forms' own rules, with stand-in group ids."""
    try:
        workshops.read_workshop_fields(_workshop_form(plan["workshop"]))
    except FormErrors as error:
        raise _form_error("workshop", error) from None
    keys = {g["name"]: str(i) for i, g in enumerate(plan.get("groups", []), start=1)}
    slots = []
    for index, activity in enumerate(plan["activities"]):
        try:
            fields = agenda.read_activity_fields(
                _activity_form(activity, keys.get), activity["kind"]
            )
        except FormErrors as error:
            raise _form_error(f"activities[{index}]", error, settings=True) from None
        slots.append(Slot(index, group_in(fields["settings"])))
    _check_together(plan, slots)


def _check_together(plan: dict, slots: list[Slot]) -> None:
    """Refuse groups in parallel that cannot hold, as the agenda would mark them: in order,
    once every activity is in (so a plan never stops half applied)."""
    for index, activity in enumerate(plan["activities"]):
        if not activity.get("with_previous"):
            continue
        try:
            parallel.check_together(slots, index)
        except AgendaError as error:
            raise PlanError(f"activities[{index}].with_previous", error.code) from None
        slots[index] = Slot(index, slots[index].group_id, True)


# ---- creating -----------------------------------------------------------------------------


def create_from_plan(plan: dict) -> tuple[Workshop, str]:
    """Create a draft workshop from a checked plan; return it and its facilitator secret."""
    check(plan)
    workshop, secret = workshops.create_workshop(_workshop_form(plan["workshop"]))
    try:
        _fill(workshop, plan)
    except Refused:
        _discard(workshop)  # nothing half-made stays behind
        raise
    logger.info("workshop %s created from a plan", workshop.join_code)
    return workshop, secret


def _fill(workshop: Workshop, plan: dict) -> None:
    _add_groups(workshop, plan.get("groups", []), [])
    for welcome in list(workshop.activities):  # the plan brings its own agenda
        agenda.delete_activity(workshop, welcome.id)
    _add_agenda(workshop, plan, [])
    if outline := (plan.get("minutes") or {}).get("outline"):
        minutes.set_outline(workshop, outline)


def _add_groups(workshop: Workshop, planned: list[dict], created: list[int]) -> None:
    """Create the plan's groups, noting each one's id in `created` as it is made."""
    for group in planned:
        fields = {k: group.get(k) or "" for k in ("name", "colour", "leaders")}
        created.append(groups.add_group(workshop, fields).id)


def _add_agenda(workshop: Workshop, plan: dict, added: list[int]) -> None:
    """Append the plan's activities, noting each one's id in `added` as it is made (their
    groups by name, whatever the case), then mark those in parallel (checked already)."""
    keys = {group.name.casefold(): str(group.id) for group in workshop.groups}

    def group_key(name) -> str | None:
        return keys.get(str(name).casefold())

    for planned in plan["activities"]:
        added.append(agenda.add_activity(workshop, _activity_form(planned, group_key)).id)
    for activity_id, planned in zip(added, plan["activities"], strict=True):
        if planned.get("with_previous"):
            agenda.run_together(workshop, activity_id, True)


def _discard(workshop: Workshop) -> None:
    with transaction() as s:
        s.delete(workshop)


def duplicate_workshop(workshop: Workshop) -> tuple[Workshop, str]:
    """Create a new draft workshop with this one's settings, groups and agenda."""
    return create_from_plan(plan_of(workshop))


# ---- applying a plan to a workshop still empty ---------------------------------------------

WELCOME_TITLES = set(workshops.WELCOME_TITLE.values())


def _untouched_welcome(activity: Activity) -> bool:
    """The welcome a workshop is created with, never edited nor shown."""
    return (
        activity.kind == "welcome"
        and activity.title in WELCOME_TITLES
        and not activity.instruction
        and not activity.planned_minutes
        and activity.started_at is None
        and set(activity.settings or {}) <= {"timer"}
    )


def takes_a_plan(workshop: Workshop) -> bool:
    """Whether a plan can still be applied to this workshop: a draft whose agenda holds
    nothing but, at most, the welcome it was created with, untouched."""
    return workshop.is_draft and all(_untouched_welcome(a) for a in workshop.activities)


def apply_plan(workshop: Workshop, plan: dict) -> Workshop:
    """Give a draft workshop whose agenda is still empty a plan's agenda and groups (one
    action: the empty console's "start from a plan"). The workshop keeps its own title and
    settings; those left empty take the plan's, and so does a minutes outline never set. A
    group of the plan whose name is taken here is that group. The plan's agenda takes the
    place of the untouched welcome. Refused, and nothing changed: a plan that cannot be used
    (the faulty field named), a workshop started, or one whose agenda holds activities."""
    _check_applicable(workshop)
    try:
        check(plan)
    except PlanRefused as error:
        raise PlanRefused(error.error, "plan_not_applied") from None
    taken = {group.name.casefold() for group in workshop.groups}
    new_groups = [g for g in plan.get("groups", []) if g["name"].casefold() not in taken]
    if len(workshop.groups) + len(new_groups) > groups.MAX_GROUPS:
        raise Conflict("plan_too_many_groups", limit=groups.MAX_GROUPS)
    before = _settings_form(workshop)
    welcomes = [_activity_fields(a) for a in workshop.activities]
    added: list[int] = []
    created: list[int] = []
    try:
        workshops.update_workshop(workshop, _filled_settings(before, plan["workshop"]))
        for welcome in list(workshop.activities):  # the plan brings its own agenda
            agenda.delete_activity(workshop, welcome.id)
        _add_groups(workshop, new_groups, created)
        _add_agenda(workshop, plan, added)
        outline = (plan.get("minutes") or {}).get("outline")
        if outline and not minutes.minutes_record(workshop).outline:
            minutes.set_outline(workshop, outline)
    except Refused:
        _undo(workshop, before, welcomes, added, created)  # changed meanwhile: back as it was
        raise
    logger.info("workshop %s: a plan applied to its empty agenda", workshop.join_code)
    return workshop


def _check_applicable(workshop: Workshop) -> None:
    if not workshop.is_draft:
        raise Conflict("not_draft")
    if not takes_a_plan(workshop):
        raise Conflict("plan_needs_empty_agenda")


def _settings_form(workshop: Workshop) -> dict:
    """The workshop's settings as its settings form would send them back unchanged."""
    form = {name: getattr(workshop, name) or "" for name in WORKSHOP_FIELDS}
    form["allow_anonymous"] = "1" if workshop.allow_anonymous else ""
    form["categories"] = "\n".join(workshop.categories or ())
    form["date"] = workshop.date.isoformat() if workshop.date else ""
    for name in ("start_time", "end_time"):
        value = getattr(workshop, name)
        form[name] = value.strftime("%H:%M") if value else ""
    return form


def _filled_settings(form: dict, planned: Mapping) -> dict:
    """Return the settings form with each empty text taken from the plan."""
    filled = dict(form)
    for name in ("series_label", "theme", "context", "place", "organiser", "minutes_author"):
        if not str(filled.get(name) or "").strip() and planned.get(name):
            filled[name] = planned[name]
    return filled


def _activity_fields(activity: Activity) -> dict:
    names = ("kind", "title", "instruction", "planned_minutes", "settings", "position")
    return {name: getattr(activity, name) for name in names}


def _undo(workshop, before: dict, welcomes: list[dict], added: list[int], created: list[int]):
    """Take back what a plan applied before it was refused midway."""
    for activity_id in reversed(added):
        agenda.delete_activity(workshop, activity_id)
    for group_id in created:
        groups.delete_group(workshop, group_id)
    with transaction():
        for fields in welcomes if not workshop.activities else ():
            workshop.activities.append(Activity(**fields))
    workshops.update_workshop(workshop, before)


# ---- built-in plans -----------------------------------------------------------------------


def builtin_plans() -> dict[str, dict]:
    """Return the plans shipped with the app ({file stem: plan}), in name order."""
    found = {}
    for path in sorted(BUILTIN_FOLDER.glob("*.json")):
        found[path.stem] = json.loads(path.read_text(encoding="utf-8"))
    return found


def builtin_plan(name: str) -> dict:
    plans = builtin_plans()
    if name not in plans:
        raise NotFound("unknown_plan")
    return plans[name]
