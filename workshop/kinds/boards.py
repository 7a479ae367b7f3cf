"""Scenario and brainstorm: groups (or the plenary) answer with headings and sub-points.

Settings (in Activity.settings):
- mode: "groups" (each group its own answers) or "plenary" (one shared pool);
- group_id: None (every group answers) or the one sub-group that answers (its board
  can then run at the same time as another group's activity);
- anonymous: contributions shown without names (the default: minutes credit groups, not
  people; a missing key means anonymous); private: each person sees only their
  own cards until the facilitator reveals; cap: cards per participant (0: no cap);
- close_at_zero: writing closes when the activity's countdown reaches zero;
- introduction: a paragraph shown on screen and carried into the minutes (a scenario's form
  asks for it no more: it shows it only while a stored one is not empty);
- scenario only: prompts {group id or "0" for every group: {text, format, columns}},
  format "headings" or "board" (named columns whose rows pair across). Its form asks for
  the question (prompt "0": the projector and every group's phones), the details (the
  activity's instruction: phones only) and each group's own prompt (replacing the question
  for that group);
- brainstorm only: question.
Runtime flags kept beside them: closed, revealed, screen_group (None: side by side).
"""

from flask_babel import lazy_gettext as _l

from workshop.domain.text import INSTRUCTION_MAX
from workshop.kinds.base import ActivityKind

FORMATS = ("headings", "board")
MAX_COLUMNS = 4


def is_anonymous(settings: dict) -> bool:
    """Whether an activity's contributions are anonymous (the default: no key means so)."""
    return bool(settings.get("anonymous", True))


def _common(form) -> dict:
    group_id = form.number("group_id", 0, 10**9, 0) or None
    mode = form.choice("mode", ("groups", "plenary"), "groups")
    return {
        # One group's board is a group board, whatever the mode says.
        "mode": "groups" if group_id else mode,
        "group_id": group_id,
        "anonymous": form.flag("anonymous"),
        "private": form.flag("private"),
        "close_at_zero": form.flag("close_at_zero"),
        "cap": form.number("cap", 0, 200, 0),
        "introduction": form.text("introduction", INSTRUCTION_MAX, multiline=True),
    }


def _columns(form, key: str) -> list[str]:
    raw = form.text(key, 400)
    names = [" ".join(n.split())[:60] for n in raw.split("/") if n.strip()]
    return names[:MAX_COLUMNS]


def _prompts(form) -> dict:
    prompts = {}
    for key in sorted(k for k in form.data if str(k).startswith("prompt_")):
        group = key.removeprefix("prompt_")
        if not group.isdigit() or len(group) > 9:
            continue
        text = form.text(key, INSTRUCTION_MAX, multiline=True)
        answer_format = form.choice(f"format_{group}", FORMATS, "headings")
        columns = _columns(form, f"columns_{group}") if answer_format == "board" else []
        if answer_format == "board" and len(columns) < 2:
            columns = [str(_l("Demands")), str(_l("Rejections"))]
        if text or group == "0":
            prompts[group] = {"text": text, "format": answer_format, "columns": columns}
    return prompts


class ScenarioKind(ActivityKind):
    def read_settings(self, form) -> dict:
        return {**_common(form), "prompts": _prompts(form)}


class BrainstormKind(ActivityKind):
    def read_settings(self, form) -> dict:
        return {**_common(form), "question": form.text("question", INSTRUCTION_MAX, multiline=True)}


SCENARIO = ScenarioKind(
    name="scenario",
    label=_l("Scenario for sub-groups"),
    description=_l(
        "Each group answers its own prompt with headings and sub-points, or in columns "
        "(for example demands and rejections)."
    ),
    default_minutes=20,
    uses_board=True,
    instruction_as_details=True,
    partials="board",
)

BRAINSTORM = BrainstormKind(
    name="brainstorm",
    label=_l("Brainstorm of orientations"),
    description=_l("Groups or the whole room propose orientations, each with sub-points."),
    default_minutes=30,
    uses_board=True,
    partials="board",
)


def prompt_for(activity, group_id: int | None) -> dict:
    """Return the prompt a group answers (its own, else the one for every group)."""
    settings = activity.settings or {}
    if activity.kind == "brainstorm":
        return {"text": settings.get("question", ""), "format": "headings", "columns": []}
    prompts = settings.get("prompts", {})
    default = {"text": "", "format": "headings", "columns": []}
    return prompts.get(str(group_id or 0)) or prompts.get("0") or default
