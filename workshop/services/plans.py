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
from workshop.domain.minutes_outline import check_outline
from workshop.domain.plans import FORMAT, FORMAT_VERSION, PlanError, check_plan
from workshop.kinds import KINDS, get_kind
from workshop.models import Workshop
from workshop.services import agenda, groups, minutes, workshops
from workshop.services.refusals import FormErrors, Invalid, NotFound, Reason, Refused

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
    """A plan that cannot be used: the message names the faulty field and says why."""

    def __init__(self, error: PlanError):
        super().__init__("plan_invalid", field=error.path, reason=Reason(error.code, error.params))
        self.where, self.reason = error.path, error.code


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
    for index, activity in enumerate(plan["activities"]):
        try:
            agenda.read_activity_fields(_activity_form(activity, keys.get), activity["kind"])
        except FormErrors as error:
            raise _form_error(f"activities[{index}]", error, settings=True) from None


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
    for group in plan.get("groups", []):
        groups.add_group(workshop, {k: group.get(k) or "" for k in ("name", "colour", "leaders")})
    keys = {group.name: str(group.id) for group in workshop.groups}
    for welcome in list(workshop.activities):  # the plan brings its own agenda
        agenda.delete_activity(workshop, welcome.id)
    added = [agenda.add_activity(workshop, _activity_form(a, keys.get)) for a in plan["activities"]]
    for index, (activity, planned) in enumerate(zip(added, plan["activities"], strict=True)):
        if not planned.get("with_previous"):
            continue
        try:  # groups in parallel: refused, naming the field, when it cannot hold
            agenda.run_together(workshop, activity.id, True)
        except Refused as error:
            where = f"activities[{index}].with_previous"
            raise PlanRefused(PlanError(where, error.code)) from None
    if outline := (plan.get("minutes") or {}).get("outline"):
        minutes.set_outline(workshop, outline)


def _discard(workshop: Workshop) -> None:
    with transaction() as s:
        s.delete(workshop)


def duplicate_workshop(workshop: Workshop) -> tuple[Workshop, str]:
    """Create a new draft workshop with this one's settings, groups and agenda."""
    return create_from_plan(plan_of(workshop))


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
