"""Reading submitted fields into clean values, gathering every refusal at once."""

from collections.abc import Callable, Mapping
from datetime import date, time

from workshop.domain.text import TextError, clean_text
from workshop.services.refusals import FormErrors


class FieldReader:
    """Reads fields from a submitted mapping; `done()` raises all refusals together."""

    def __init__(self, data: Mapping):
        self.data = data
        self.errors: dict[str, tuple[str, dict]] = {}

    def text(self, name: str, limit: int, *, required=False, multiline=False) -> str:
        try:
            return clean_text(self.data.get(name), limit, required=required, multiline=multiline)
        except TextError as error:
            self.errors[name] = (error.code, {"limit": error.limit})
            return ""

    def number(self, name: str, low: int, high: int, default: int = 0) -> int:
        raw = str(self.data.get(name) or "").strip()
        if not raw:
            return default
        return self._parsed(name, raw, _bounded_int(low, high), default)

    def date(self, name: str) -> date | None:
        raw = str(self.data.get(name) or "").strip()
        return self._parsed(name, raw, date.fromisoformat, None) if raw else None

    def time(self, name: str) -> time | None:
        raw = str(self.data.get(name) or "").strip()
        return self._parsed(name, raw, _hour_minute, None) if raw else None

    def choice(self, name: str, choices, default):
        raw = self.data.get(name)
        if raw in (None, ""):
            return default
        if raw not in choices:
            self.errors[name] = ("invalid_choice", {})
            return default
        return raw

    def flag(self, name: str) -> bool:
        return str(self.data.get(name, "")).lower() in ("1", "on", "true", "yes")

    def _parsed(self, name: str, raw: str, parse: Callable, default):
        try:
            return parse(raw)
        except (ValueError, OverflowError) as error:
            self.errors[name] = (str(error) if str(error) == "out_of_range" else "invalid", {})
            return default

    def done(self) -> None:
        if self.errors:
            raise FormErrors(self.errors)


def _bounded_int(low: int, high: int) -> Callable[[str], int]:
    def parse(raw: str) -> int:
        if len(raw) > 9:
            raise ValueError("out_of_range")
        value = int(raw)
        if not low <= value <= high:
            raise ValueError("out_of_range")
        return value

    return parse


def _hour_minute(raw: str) -> time:
    return time.fromisoformat(raw[:5])
