"""Workshop plans: the reusable shape of a workshop (settings, groups, agenda), as JSON data.

`check_plan` reads a plan decoded from JSON and refuses it at the first fault with a
PlanError naming where (a path such as "activities[2].planned_minutes") and why (a code).
It checks the structure and the limits of every field; the app checks the rest (the
settings each kind reads) before anything is created. Format in docs/export-format.md.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping
from dataclasses import dataclass

from workshop.domain.minutes_outline import OutlineError, check_outline
from workshop.domain.roster import NAMES_IN_MINUTES
from workshop.domain.rotation.values import HISTORY_POLICIES, MAX_ROUNDS, MODES, SURPLUS
from workshop.domain.text import INSTRUCTION_MAX, TITLE_MAX

FORMAT = "workshop-plan"
FORMAT_VERSION = 1
LANGUAGES = ("fr", "en")
MAX_GROUPS, MAX_ACTIVITIES, MAX_CATEGORIES = 30, 60, 20
CONTEXT_MAX, GROUP_NAME_MAX, LEADERS_MAX, CATEGORY_MAX = 20000, 80, 200, 40
BOARD_KINDS = ("scenario", "brainstorm")
FORMATS = ("headings", "board")
WORKSHOP_TEXTS = {
    "series_label": 80,
    "theme": TITLE_MAX,
    "context": CONTEXT_MAX,
    "place": TITLE_MAX,
    "organiser": TITLE_MAX,
    "minutes_author": TITLE_MAX,
}


class PlanError(ValueError):
    """A plan was refused: `path` says where, `code` why (`params` fill the message)."""

    def __init__(self, path: str, code: str, **params):
        super().__init__(f"{path or 'plan'}: {code}")
        self.path = path or "plan"
        self.code = code
        self.params = params


@dataclass(frozen=True)
class _At:
    """Where the checker stands in the plan, to name a faulty field."""

    path: str = ""

    def __truediv__(self, key: str | int) -> _At:
        if isinstance(key, int):
            return _At(f"{self.path}[{key}]")
        return _At(f"{self.path}.{key}" if self.path else key)

    def fail(self, code: str, **params):
        raise PlanError(self.path, code, **params)


def _object(value, at: _At) -> Mapping:
    if not isinstance(value, Mapping):
        at.fail("not_object")
    return value


def _list(value, at: _At, limit: int) -> list:
    if not isinstance(value, list):
        at.fail("not_list")
    if len(value) > limit:
        at.fail("too_many", limit=limit)
    return value


def _text(value, at: _At, limit: int, required: bool = False) -> str:
    if value is None:
        return at.fail("required") if required else ""
    if not isinstance(value, str):
        at.fail("not_text")
    if required and not value.strip():
        at.fail("required")
    if len(value) > limit:
        at.fail("too_long", limit=limit)
    return value


def _flag(value, at: _At) -> bool:
    if value is not None and not isinstance(value, bool):
        at.fail("not_flag")
    return bool(value)


def _number(value, at: _At, low: int, high: int) -> int:
    if not isinstance(value, int) or isinstance(value, bool):
        at.fail("not_number")
    if not low <= value <= high:
        at.fail("out_of_range")
    return value


def _choice(value, at: _At, choices: Collection[str]) -> str:
    if value not in choices:
        at.fail("invalid_choice")
    return value


def _check_workshop(data, at: _At) -> None:
    workshop = _object(data, at)
    _text(workshop.get("title"), at / "title", TITLE_MAX, required=True)
    for name, limit in WORKSHOP_TEXTS.items():
        _text(workshop.get(name), at / name, limit)
    _choice(workshop.get("language", "fr"), at / "language", LANGUAGES)
    _flag(workshop.get("allow_anonymous"), at / "allow_anonymous")
    _choice(workshop.get("names_in_minutes", "all"), at / "names_in_minutes", NAMES_IN_MINUTES)
    categories = _list(workshop.get("categories", []), at / "categories", MAX_CATEGORIES)
    for index, category in enumerate(categories):
        _text(category, at / "categories" / index, CATEGORY_MAX, required=True)


def _check_groups(data, at: _At) -> list[str]:
    names: list[str] = []
    for index, raw in enumerate(_list(data, at, MAX_GROUPS)):
        group, here = _object(raw, at / index), at / index
        name = _text(group.get("name"), here / "name", GROUP_NAME_MAX, required=True)
        if name.strip().casefold() in (n.casefold() for n in names):
            (here / "name").fail("duplicate")
        colour = _text(group.get("colour"), here / "colour", 7)
        if colour and not (colour.startswith("#") and len(colour) == 7):
            (here / "colour").fail("invalid")
        _text(group.get("leaders"), here / "leaders", LEADERS_MAX)
        names.append(name.strip())
    return names


def _group(value, at: _At, groups: list[str]) -> None:
    if value is not None and value not in groups:
        at.fail("unknown_group", name=str(value)[:GROUP_NAME_MAX])


def _check_prompts(data, at: _At, groups: list[str]) -> None:
    seen: set = set()
    for index, raw in enumerate(_list(data, at, MAX_GROUPS + 1)):
        prompt, here = _object(raw, at / index), at / index
        _group(prompt.get("group"), here / "group", groups)
        if prompt.get("group") in seen:
            (here / "group").fail("duplicate")
        seen.add(prompt.get("group"))
        _text(prompt.get("text"), here / "text", INSTRUCTION_MAX)
        _choice(prompt.get("format", "headings"), here / "format", FORMATS)
        for column, name in enumerate(_list(prompt.get("columns", []), here / "columns", 4)):
            # The agenda form separates column names with "/": one cannot hold it.
            if "/" in _text(name, here / "columns" / column, 60, required=True):
                (here / "columns" / column).fail("invalid")


def _check_settings(kind: str, data, at: _At, groups: list[str]) -> None:
    """Check what every kind shares: plain values; boards' prompts and votes' group."""
    settings = _object(data, at)
    for key, value in settings.items():
        if key == "prompts" and kind in BOARD_KINDS:
            _check_prompts(value, at / "prompts", groups)
        elif key == "group":
            _group(value, at / "group", groups)
        elif isinstance(value, list):
            for index, item in enumerate(_list(value, at / key, 100)):
                _text(item, at / key / index, INSTRUCTION_MAX)
        elif value is not None and not isinstance(value, str | int | float | bool):
            (at / key).fail("invalid")


SPEED_NUMBERS = {
    "rounds": (1, MAX_ROUNDS),
    "round_seconds": (1, 7200),
    "table_a": (1, 2),
    "table_b": (1, 2),
    "max_tables": (0, 999),
    "page_tables": (4, 40),
    "page_seconds": (3, 60),
}
SPEED_CHOICES = {"mode": MODES, "surplus": SURPLUS, "history": HISTORY_POLICIES}


def _check_speed(settings: Mapping, at: _At) -> None:
    """Check a speed meeting's settings: sides are category names; numbers and choices
    within the planner's bounds (runtime state, people and wishes never belong here)."""
    for side in ("side_a", "side_b"):
        names = _list(settings.get(side, []), at / side, MAX_CATEGORIES)
        for index, name in enumerate(names):
            _text(name, at / side / index, CATEGORY_MAX, required=True)
        _text(settings.get(f"{side}_label"), at / f"{side}_label", 60)
    for name, (low, high) in SPEED_NUMBERS.items():
        if name in settings:
            _number(settings[name], at / name, low, high)
    for name, choices in SPEED_CHOICES.items():
        if name in settings:
            _choice(settings[name], at / name, choices)


def _check_activities(data, at: _At, kinds: Collection[str], groups: list[str]) -> None:
    activities = _list(data, at, MAX_ACTIVITIES)
    if not activities:
        at.fail("required")
    for index, raw in enumerate(activities):
        activity, here = _object(raw, at / index), at / index
        kind = _text(activity.get("kind"), here / "kind", 20, required=True)
        if kind not in kinds:
            (here / "kind").fail("unknown_kind", name=kind[:20])
        _text(activity.get("title"), here / "title", TITLE_MAX, required=True)
        _text(activity.get("instruction"), here / "instruction", INSTRUCTION_MAX)
        _number(activity.get("planned_minutes", 0), here / "planned_minutes", 0, 600)
        _flag(activity.get("with_previous", False), here / "with_previous")
        _check_settings(kind, activity.get("settings", {}), here / "settings", groups)
        if kind == "speed_meeting":
            _check_speed(activity.get("settings", {}), here / "settings")


def _check_minutes(data, at: _At) -> None:
    """The minutes' outline, if the plan brings one (a federation's house layout)."""
    if data is None:
        return
    minutes = _object(data, at)
    if minutes.get("outline") is None:
        return
    try:
        check_outline(minutes["outline"])
    except OutlineError as error:
        where = at / "outline"
        raise PlanError(
            f"{where.path}.{error.path}" if error.path != "outline" else where.path,
            error.code,
            **error.params,
        ) from None


def check_plan(data, kinds: Collection[str]) -> None:
    """Refuse a plan at its first fault (PlanError); `kinds` are the activity kinds known."""
    at = _At()
    plan = _object(data, at)
    if plan.get("format") != FORMAT:
        (at / "format").fail("not_a_plan")
    if plan.get("format_version") != FORMAT_VERSION:
        (at / "format_version").fail("unsupported_version", version=FORMAT_VERSION)
    _check_workshop(plan.get("workshop"), at / "workshop")
    groups = _check_groups(plan.get("groups", []), at / "groups")
    _check_activities(plan.get("activities"), at / "activities", kinds, groups)
    _check_minutes(plan.get("minutes"), at / "minutes")
