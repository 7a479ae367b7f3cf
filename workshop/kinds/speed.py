"""Speed meeting: timed rounds at small tables between two sides of the room.

Settings (in Activity.settings, edited with the agenda form; plain values, so a plan
file carries them as they are):
- mode: "two_sides" (side A meets side B) or "everyone" (everyone with everyone);
- side_a, side_b: the roster categories forming each side (lists of names), and
  side_a_label, side_b_label: how the room calls each side (empty: the categories);
- rounds (1..99), round_seconds (> 0: a round's duration);
- table_a, table_b: the most people of each side at a table (1 or 2: 1+1 up to 2+2);
- surplus: "pause" (extra people sit out in turn) or "trio" (a one-seat side takes two);
- max_tables: how many tables the room has (0: as many as needed);
- history: "avoid", "favour" or "ignore" the pairs who met in an earlier session;
- page_tables, page_seconds: the projector shows that many tables a page, turning pages.
Who sits where, the rounds held, wishes and follow-ups live in their own tables
(workshop/models/speed.py): runtime state is never part of the settings.
"""

from flask_babel import lazy_gettext as _l

from workshop.domain.rotation import (
    AVOID,
    PAUSE,
    TWO_SIDES,
    RotationRefused,
    RotationSettings,
)
from workshop.domain.rotation.values import HISTORY_POLICIES, MAX_ROUNDS, MODES, SURPLUS
from workshop.domain.text import TextError, clean_text
from workshop.kinds.base import ActivityKind

SIDE_CATEGORIES_MAX, CATEGORY_MAX, SIDE_LABEL_MAX = 20, 40, 60
ROUND_MINUTES_MAX = 120
MAX_TABLES = 999
DEFAULTS = {
    "mode": TWO_SIDES,
    "side_a": [],
    "side_b": [],
    "side_a_label": "",
    "side_b_label": "",
    "rounds": 6,
    "round_seconds": 300,
    "table_a": 1,
    "table_b": 1,
    "surplus": PAUSE,
    "max_tables": 0,
    "history": AVOID,
    "page_tables": 12,
    "page_seconds": 10,
}
# Where a refusal of the planner's settings is shown in the agenda form.
FIELD_OF = {
    "bad_mode": "mode",
    "bad_table_size": "table_a",
    "bad_surplus": "surplus",
    "no_rounds": "rounds",
    "zero_duration": "round_minutes",
    "bad_max_tables": "max_tables",
}


def setting(settings: dict, name: str):
    """Return one setting of a speed meeting, its default when missing."""
    value = (settings or {}).get(name)
    return DEFAULTS[name] if value is None else value


def rotation_settings(settings: dict) -> RotationSettings:
    """Return the planner's settings an activity's settings describe (RotationRefused)."""
    max_tables = setting(settings, "max_tables")
    return RotationSettings(
        rounds=setting(settings, "rounds"),
        round_seconds=setting(settings, "round_seconds"),
        table=(setting(settings, "table_a"), setting(settings, "table_b")),
        surplus=setting(settings, "surplus"),
        max_tables=max_tables or None,
        mode=setting(settings, "mode"),
    )


def _listed(data, name: str) -> list:
    """Return the values of a repeated field (checkboxes), from a form or a plain dict."""
    if hasattr(data, "getlist"):
        return data.getlist(name)
    raw = data.get(name)
    if raw in (None, ""):
        return []
    return [raw] if isinstance(raw, str | int) else list(raw)


def _categories(form, name: str) -> list[str]:
    found: list[str] = []
    for raw in _listed(form.data, name):
        try:
            category = clean_text(raw, CATEGORY_MAX)
        except TextError as error:
            form.errors[name] = (error.code, {"limit": error.limit})
            return []
        if category and category not in found:
            found.append(category)
    if len(found) > SIDE_CATEGORIES_MAX:
        form.errors[name] = ("too_many", {"limit": SIDE_CATEGORIES_MAX})
    return found[:SIDE_CATEGORIES_MAX]


def _round_seconds(form) -> int:
    minutes = form.number("round_minutes", 0, ROUND_MINUTES_MAX, 5)
    seconds = minutes * 60 + form.number("round_secs", 0, 59, 0)
    if seconds > ROUND_MINUTES_MAX * 60:
        form.errors["round_minutes"] = ("out_of_range", {})
    return seconds


class SpeedMeetingKind(ActivityKind):
    def read_settings(self, form) -> dict:
        settings = {
            "mode": form.choice("mode", MODES, TWO_SIDES),
            "side_a": _categories(form, "side_a"),
            "side_b": _categories(form, "side_b"),
            "side_a_label": form.text("side_a_label", SIDE_LABEL_MAX),
            "side_b_label": form.text("side_b_label", SIDE_LABEL_MAX),
            "rounds": form.number("rounds", 1, MAX_ROUNDS, DEFAULTS["rounds"]),
            "round_seconds": _round_seconds(form),
            "table_a": form.number("table_a", 1, 2, 1),
            "table_b": form.number("table_b", 1, 2, 1),
            "surplus": form.choice("surplus", SURPLUS, PAUSE),
            "max_tables": form.number("max_tables", 0, MAX_TABLES, 0),
            "history": form.choice("history", HISTORY_POLICIES, AVOID),
            "page_tables": form.number("page_tables", 4, 40, DEFAULTS["page_tables"]),
            "page_seconds": form.number("page_seconds", 3, 60, DEFAULTS["page_seconds"]),
        }
        both = [c for c in settings["side_a"] if c in settings["side_b"]]
        if settings["mode"] == TWO_SIDES and both:
            form.errors["side_b"] = ("category_on_both_sides", {"category": both[0]})
        try:
            rotation_settings(settings)
        except RotationRefused as refused:
            field = FIELD_OF.get(refused.code, "rounds")
            form.errors.setdefault(field, (refused.code, refused.params))
        return settings


SPEED_MEETING = SpeedMeetingKind(
    name="speed_meeting",
    label=_l("Speed meeting"),
    description=_l(
        "Timed rounds at small tables between two sides of the room (or everyone with "
        "everyone); each phone says where to sit and with whom, then who to follow up with."
    ),
    default_minutes=45,
    shows_timer=False,  # each round has its own countdown
)
