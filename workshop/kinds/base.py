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
    partials: str = ""  # folder of its partials, when kinds share them (default: its name)

    def template(self, audience: str) -> str:
        """Return the partial that shows an activity of this kind to `audience`.

        Audiences are screen, phone and settings (its fields in the agenda form).
        """
        return f"partials/kinds/{self.partials or self.name}/{audience}.html"

    def read_settings(self, form) -> dict:
        """Read this kind's own settings from the agenda form (none by default)."""
        return {}
