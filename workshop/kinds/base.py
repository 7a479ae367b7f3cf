"""What every activity kind provides."""

from collections.abc import Callable
from dataclasses import dataclass

from flask_babel import LazyString

from workshop.kinds import plans


@dataclass(frozen=True)
class ActivityKind:
    name: str
    label: LazyString
    description: LazyString
    default_minutes: int = 0
    shows_timer: bool = True
    uses_board: bool = False  # answered with cards (scenario, brainstorm)
    shows_join_code_large: bool = False  # the projector shows the join code and QR large
    # Its form asks for the instruction itself, as optional details for phones under its
    # question (partials `lead.html`), instead of the agenda form's "instruction shown".
    instruction_as_details: bool = False
    partials: str = ""  # folder of its partials, when kinds share them (default: its name)

    def template(self, audience: str) -> str:
        """Return the partial that shows an activity of this kind to `audience`.

        Audiences are screen, phone, settings (its fields in the agenda form) and lead
        (its first fields, right under the title, for kinds with instruction_as_details).
        """
        return f"partials/kinds/{self.partials or self.name}/{audience}.html"

    def read_settings(self, form) -> dict:
        """Read this kind's own settings from the agenda form (none by default)."""
        return {}

    def plan_settings(self, settings: dict, group_name: Callable) -> dict:
        """Return settings as a plan file keeps them: no runtime state, groups by name."""
        return plans.to_plan(self.name, settings, group_name)

    def plan_form(self, settings: dict, group_key: Callable) -> dict:
        """Return the agenda-form fields that recreate settings read from a plan file."""
        return plans.to_form(self.name, settings, group_key)
