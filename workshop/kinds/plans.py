"""Each kind's settings as a plan file keeps them, and back to the agenda form's fields.

A plan names groups, never database ids. Boards (scenario, brainstorm):
    {"mode", "anonymous", "private", "cap", "introduction", "question"?, "group"?,
     "prompts"?: [{"group": name or None (every group), "text", "format", "columns": [...]}]}
A vote keeps its settings, its "group_id" becoming "group" (a name, or None: everyone).
A speed meeting keeps its settings (sides are category names, not people).
Other kinds keep their settings as they are. Runtime state (closed, revealed,
screen_group, screen_view, screen_retained) is never part of a plan. Import goes through
the agenda form, so a plan is checked by the same rules as a facilitator typing it.
"""

from collections.abc import Callable

COMMON = ("mode", "anonymous", "private", "cap", "introduction", "close_at_zero")
RUNTIME = (
    "closed",
    "revealed",
    "screen_group",
    "screen_view",
    "screen_retained",
    "source_dismissed",
    "tie_decision",
)


def board_settings(settings: dict, group_name: Callable[[int], str | None]) -> dict:
    """Return a board's settings for a plan: every group given by name, in group order."""
    plan = {key: settings.get(key) for key in COMMON}
    if "question" in settings:
        plan["question"] = settings.get("question") or ""
    if "prompts" in settings:
        plan["prompts"] = _plan_prompts(settings["prompts"], group_name)
    if settings.get("group_id"):  # one group's board (left out when it is every group's)
        plan["group"] = group_name(settings["group_id"])
    return plan


def _plan_prompts(prompts: dict, group_name) -> list[dict]:
    """Return the prompts for every group first, then each group's in creation order."""
    found = []
    for key in sorted(prompts, key=int):
        name = None if key == "0" else group_name(int(key))
        if key != "0" and name is None:
            continue  # the prompt of a group deleted since
        fields = {k: prompts[key].get(k) for k in ("text", "format", "columns")}
        found.append({"group": name, **fields})
    return found


def board_form(plan: dict, group_key: Callable[[str], str]) -> dict:
    """Return the agenda-form fields that give back these settings when read."""
    form = {
        "mode": plan.get("mode") or "groups",
        "anonymous": "" if plan.get("anonymous") is False else "1",
        "private": "1" if plan.get("private") else "",
        "cap": str(plan.get("cap") or 0),
        "introduction": plan.get("introduction") or "",
    }
    if "question" in plan:
        form["question"] = plan["question"]
    if plan.get("group"):
        form["group_id"] = group_key(plan["group"])
    for prompt in plan.get("prompts") or ():
        key = "0" if prompt.get("group") is None else group_key(prompt["group"])
        form[f"prompt_{key}"] = prompt.get("text") or ""
        form[f"format_{key}"] = prompt.get("format") or "headings"
        form[f"columns_{key}"] = " / ".join(prompt.get("columns") or ())
    return form


def vote_settings(settings: dict, group_name: Callable[[int], str | None]) -> dict:
    plan = generic_settings(settings, group_name)
    group_id = plan.pop("group_id", None)
    plan["group"] = group_name(group_id) if group_id else None
    return plan


def vote_form(plan: dict, group_key: Callable[[str], str]) -> dict:
    form = generic_form({k: v for k, v in plan.items() if k != "group"}, group_key)
    form["group_id"] = group_key(plan["group"]) if plan.get("group") else ""
    return form


def generic_settings(settings: dict, _group_name=None) -> dict:
    """Keep a kind's settings as they are, runtime state left out."""
    return {key: value for key, value in settings.items() if key not in RUNTIME}


def generic_form(plan: dict, _group_key=None) -> dict:
    """Give settings back as form fields: flags as "1" or "", numbers and texts as text."""
    form = {}
    for key, value in plan.items():
        if isinstance(value, bool):
            form[key] = "1" if value else ""
        elif value is not None:
            form[key] = str(value)
    return form


def speed_form(plan: dict, _group_key=None) -> dict:
    """Give a speed meeting's settings back as form fields: the sides stay lists (ticked
    categories), the round's duration splits into minutes and seconds."""
    lists = {key: list(plan.get(key) or ()) for key in ("side_a", "side_b")}
    form = generic_form({k: v for k, v in plan.items() if k not in lists}, _group_key)
    seconds = form.pop("round_seconds", None)
    if seconds is not None and seconds.isdigit():
        form["round_minutes"], form["round_secs"] = str(int(seconds) // 60), str(int(seconds) % 60)
    elif seconds is not None:
        form["round_minutes"] = seconds  # refused by the form's own rule, naming the field
    return {**form, **lists}


CONVERTERS = {
    "scenario": (board_settings, board_form),
    "brainstorm": (board_settings, board_form),
    "vote": (vote_settings, vote_form),
    "speed_meeting": (generic_settings, speed_form),
}


def to_plan(kind: str, settings: dict, group_name: Callable[[int], str | None]) -> dict:
    """Return an activity's settings as a plan keeps them (with every kind's "timer":
    "on_screen", the default, or "manual")."""
    settings = dict(settings or {})
    convert = CONVERTERS.get(kind, (generic_settings, generic_form))[0]
    return {**convert(settings, group_name), "timer": settings.get("timer", "on_screen")}


def to_form(kind: str, plan: dict, group_key: Callable[[str], str]) -> dict:
    """Return the agenda-form fields that recreate an activity's settings from a plan."""
    plan = dict(plan or {})
    convert = CONVERTERS.get(kind, (generic_settings, generic_form))[1]
    return {**convert(plan, group_key), "timer": str(plan.get("timer") or "on_screen")}
