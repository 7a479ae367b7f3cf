"""What the minutes page and its regions are rendered from."""

from flask import current_app
from flask_babel import get_locale

from workshop.db import utcnow
from workshop.domain.minutes import Outline
from workshop.exporters import labels
from workshop.exporters.pdf import find_browser
from workshop.exporters.words import words_for
from workshop.kinds import get_kind
from workshop.models import Workshop
from workshop.services import minutes, plans


def builtin_choices() -> list[dict]:
    """Return the built-in plans: file name, name, description and activity kinds; those
    in the interface's language first (the first one is the one preselected)."""
    language = str(get_locale() or "fr").split("_")[0]
    choices = [
        {
            "key": key,
            "name": plan.get("name", key),
            "description": plan.get("description", ""),
            "kinds": [get_kind(a["kind"]).label for a in plan["activities"]],
            "language": plan["workshop"].get("language", "fr"),
        }
        for key, plan in plans.builtin_plans().items()
    ]
    return sorted(choices, key=lambda choice: choice["language"] != language)


def referents_text(referents) -> str:
    """Write typed referents back as the action form shows them, one a line."""
    return "\n".join(line for r in referents or () if (line := minutes.referent_line(r)))


def picked_referents(referents) -> list[str]:
    """Return the ids (as text) of the referents picked from the roster."""
    return [str(r["participant_id"]) for r in referents or () if "participant_id" in r]


def part_titles(workshop: Workshop) -> dict[str, str]:
    """Each part's own title in the minutes' language (what an empty title keeps)."""
    return labels.default_titles(words_for(workshop.language))


def minutes_context(
    workshop: Workshop, errors=None, form=None, editing=None, plan_error=None, saved=False
) -> dict:
    """Everything the minutes page shows; `form` and `errors` belong to a refused form,
    `saved` says that the panel answered was just saved (it says so under its button)."""
    record = minutes.minutes_record(workshop)
    left_out = set(record.left_out or ())
    return {
        "outline": minutes.current_outline(workshop),
        "part_titles": part_titles(workshop),
        "default_title": minutes.document_title(workshop, Outline()),
        "needs_text": minutes.needs_text,
        "people": sorted(
            minutes.referable_people(workshop).values(),
            key=lambda p: (p.surname.casefold(), p.first_name.casefold()),
        ),
        "workshop": workshop,
        "record": record,
        "activities": [(a, a.id not in left_out) for a in workshop.activities],
        "actions": minutes.actions_of(workshop),
        "referents_text": referents_text,
        "picked_referents": picked_referents,
        "retained": minutes.retained_orientations(workshop),
        "editing": editing,
        "errors": errors or {},
        "form": form,
        "formats": minutes.FORMATS,
        "pdf_available": find_browser(current_app.config.get("CHROMIUM_PATH")) is not None,
        "stamp": preview_stamp(),
        "builtins": builtin_choices(),
        "plan_error": plan_error,
        "saved": saved,
    }


def preview_stamp() -> str:
    """A fresh query-string value, so the preview's iframe loads the print view again."""
    return utcnow().strftime("%H%M%S%f")


def status_context(workshop: Workshop) -> dict:
    """Context of the minutes' status panel (draft or final).

    `pushed`: no CSRF token in the form (a push is rendered once for a whole room; htmx
    sends the page's own token in a header)."""
    return {"workshop": workshop, "record": minutes.minutes_record(workshop), "pushed": True}


def preview_context(workshop: Workshop) -> dict:
    return {"workshop": workshop, "stamp": preview_stamp()}
