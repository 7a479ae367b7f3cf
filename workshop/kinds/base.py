"""What every activity kind provides."""

from dataclasses import dataclass

from flask_babel import LazyString

AUDIENCES = ("screen", "phone", "console")


@dataclass(frozen=True)
class ActivityKind:
    name: str
    label: LazyString
    description: LazyString
    default_minutes: int = 0
    shows_timer: bool = True
    uses_board: bool = False  # answered with cards (scenario, brainstorm)

    def template(self, audience: str) -> str:
        """Return the partial that shows an activity of this kind to `audience`."""
        return f"partials/kinds/{self.name}/{audience}.html"

    def read_settings(self, form) -> dict:
        """Read this kind's own settings from the agenda form (none by default)."""
        return {}
