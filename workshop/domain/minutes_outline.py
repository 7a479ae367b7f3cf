"""The outline of the minutes: the facilitator's order, titles and choices of what shows.

The minutes are the organisers' document. Its parts (context, participants, the agenda as it
ran, the activities...) come in the order the outline gives, under the titles it gives (""
keeps the document's own words), and each can be hidden. Options say whether comments,
charts, people's roles, group leaders and a candidate's original wording are printed.

The outline is stored as JSON (on the minutes record, and in plan files so a federation
reuses its house layout):

    {"title": "", "parts": [{"key": "participants", "title": "Présents", "shown": true}, ...],
     "options": {"roles": true}}

Reading is lenient for stored data (`read_outline`: unknown keys are dropped, missing parts
come back in their default place) and strict for what a person or a plan file sends
(`check_outline` refuses at the first fault, naming it). `shown` may be left out: the part
then follows its default — every part shows, except the agenda table, which shows only when
some activity has a recorded duration (a session entered afterwards has none).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import replace

from workshop.domain.minutes import OUTLINE_OPTIONS as OPTIONS
from workshop.domain.minutes import OUTLINE_PARTS as PARTS
from workshop.domain.minutes import Outline, Part

TITLE_MAX = 200
# Parts whose default visibility depends on the session (None: decided when building).
AUTOMATIC = ("agenda",)


class OutlineError(ValueError):
    """An outline was refused: `path` says where ("parts[2].key"), `code` why."""

    def __init__(self, path: str, code: str, **params):
        super().__init__(f"{path or 'outline'}: {code}")
        self.path, self.code, self.params = path or "outline", code, params


def _text(value, path: str, limit: int = TITLE_MAX) -> str:
    if value is None:
        return ""
    if not isinstance(value, str):
        raise OutlineError(path, "not_text")
    if len(value) > limit:
        raise OutlineError(path, "too_long", limit=limit)
    return " ".join(value.split())


def _flag(value, path: str) -> bool | None:
    if value is not None and not isinstance(value, bool):
        raise OutlineError(path, "not_flag")
    return value


def check_outline(data) -> dict:
    """Return an outline's data cleaned (titles on one line), or refuse it (OutlineError).

    Every part may appear once; parts left out keep their default place and visibility.
    """
    if not isinstance(data, Mapping):
        raise OutlineError("", "not_object")
    parts, seen = [], set()
    raw_parts = data.get("parts", [])
    if not isinstance(raw_parts, list):
        raise OutlineError("parts", "not_list")
    for index, raw in enumerate(raw_parts):
        at = f"parts[{index}]"
        if not isinstance(raw, Mapping):
            raise OutlineError(at, "not_object")
        key = raw.get("key")
        if key not in PARTS:
            raise OutlineError(f"{at}.key", "invalid_choice")
        if key in seen:
            raise OutlineError(f"{at}.key", "duplicate")
        seen.add(key)
        part = {"key": key, "title": _text(raw.get("title"), f"{at}.title")}
        if (shown := _flag(raw.get("shown"), f"{at}.shown")) is not None:
            part["shown"] = shown
        parts.append(part)
    options = data.get("options", {})
    if not isinstance(options, Mapping):
        raise OutlineError("options", "not_object")
    for name, value in options.items():
        if name not in OPTIONS:
            raise OutlineError(f"options.{name}", "invalid_choice")
        _flag(value, f"options.{name}")
    cleaned_options = {k: v for k, v in options.items() if v is not None}
    return {"title": _text(data.get("title"), "title"), "parts": parts, "options": cleaned_options}


def read_outline(data, automatic: Mapping[str, bool] | None = None) -> Outline:
    """Return the outline stored as `data` (None: the default one), every part placed.

    `automatic` gives the default visibility of the parts that depend on the session
    ({"agenda": True} when some activity has a recorded duration). Faulty stored data
    falls back to defaults rather than break the minutes.
    """
    try:
        cleaned = check_outline(data or {})
    except OutlineError:
        cleaned = check_outline({})
    automatic = automatic or {}
    defaults = {key: automatic.get(key, True) for key in PARTS}
    stored = [
        Part(p["key"], p["title"], p.get("shown", defaults[p["key"]])) for p in cleaned["parts"]
    ]
    parts = _with_missing(stored, defaults)
    options = {name: cleaned["options"].get(name, default) for name, default in OPTIONS.items()}
    return Outline(cleaned["title"], tuple(parts), **options)


def _with_missing(stored: list[Part], defaults: Mapping[str, bool]) -> list[Part]:
    """Put back the parts an outline leaves out, after the part that precedes them by default."""
    parts = list(stored)
    for index, key in enumerate(PARTS):
        if any(part.key == key for part in parts):
            continue
        before = [k for k in PARTS[:index] if any(p.key == k for p in parts)]
        at = 1 + max((i for i, p in enumerate(parts) if before and p.key == before[-1]), default=-1)
        parts.insert(at, Part(key, "", defaults[key]))
    return parts


def outline_data(outline: Outline) -> dict:
    """Return an outline as stored JSON data (the inverse of `read_outline`)."""
    return {
        "title": outline.title,
        "parts": [{"key": p.key, "title": p.title, "shown": p.shown} for p in outline.parts],
        "options": {name: getattr(outline, name) for name in OPTIONS},
    }


def moved(outline: Outline, key: str, step: int) -> Outline:
    """Return the outline with part `key` moved `step` places (-1 up, +1 down), clamped."""
    parts = list(outline.parts)
    index = next(i for i, part in enumerate(parts) if part.key == key)
    target = min(max(index + step, 0), len(parts) - 1)
    parts.insert(target, parts.pop(index))
    return replace(outline, parts=tuple(parts))
