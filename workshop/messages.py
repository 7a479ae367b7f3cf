"""What each refusal code says to a person, in their language."""

from flask_babel import lazy_gettext as _l

MESSAGES = {
    "not_found": _l("This item does not exist (any more)."),
    "unknown_code": _l("No open workshop has this code. Check the code on the screen."),
    "unknown_link": _l("This link is not valid. Ask the facilitator for a new one."),
    "forbidden": _l("You are not allowed to do this."),
    "not_facilitator": _l("Open this workshop with your facilitator link first."),
    "wrong_password": _l("Wrong instance password."),
    "invalid_form": _l("Some fields need correcting."),
    "required": _l("This field is required."),
    "too_long": _l("Too long: %(limit)s characters at most."),
    "too_many": _l("Too many: %(limit)s at most."),
    "too_many_lines": _l("Too many lines: %(limit)s at most."),
    "invalid": _l("This value is not valid."),
    "invalid_choice": _l("Choose one of the proposed values."),
    "out_of_range": _l("This number is out of range."),
    "unknown_kind": _l("Unknown kind of activity."),
    "unknown_action": _l("Unknown action."),
    "too_many_activities": _l("An agenda holds %(limit)s activities at most."),
    "activity_is_current": _l("This activity is on screen: move to another one first."),
    "not_draft": _l("The workshop has already started."),
    "empty_agenda": _l("Add at least one activity before starting."),
    "not_live": _l("The workshop is not running."),
    "no_such_activity": _l("There is no activity there."),
    "agenda_moved": _l("The agenda moved meanwhile: here is where it stands now."),
    "empty_sheet": _l("No line of the sheet could be read."),
    "rate_limited": _l("Too many tries. Wait a minute, then try again."),
    "csrf": _l("The page was open too long or the form was sent twice. Reload and try again."),
    "too_large": _l("What you sent is too large."),
    "bad_request": _l("This request is not valid."),
    "server_error": _l("Something went wrong on the server. Nothing was changed; try again."),
}


def message(code: str, **params) -> str:
    """Return the message for a refusal code, in the current language."""
    text = MESSAGES.get(code, MESSAGES["bad_request"])
    return str(text) % params if params else str(text)
