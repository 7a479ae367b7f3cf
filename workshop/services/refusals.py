"""Refusals a service gives: nothing was changed, and `code` names why.

Services know no HTTP: they raise one of these typed refusals, and the web package
(workshop/web/errors.py) maps each type to a status and words the code in the user's
language (workshop/web/messages.py). `params` fill the message's blanks; a `Reason`
among them is worded too.
"""

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Reason:
    """A reason inside a refusal's message (why a plan's field is refused, say)."""

    code: str
    params: dict = field(default_factory=dict)


class Refused(Exception):
    """A refused action: nothing was changed."""

    def __init__(self, code: str, **params):
        super().__init__(code)
        self.code = code
        self.params = params


class Malformed(Refused):
    """A request no page of the app sends: an unknown action, a malformed key or id."""

    def __init__(self, code: str = "bad_request", **params):
        super().__init__(code, **params)


class Invalid(Refused):
    """A value typed or chosen that cannot be used (out of range, unknown, too many lines)."""


class NotFound(Refused):
    """The object does not exist or belongs to another workshop (the two look the same)."""

    def __init__(self, code: str = "not_found", **params):
        super().__init__(code, **params)


class Forbidden(Refused):
    """This person may not do this (here, or at all)."""

    def __init__(self, code: str = "forbidden", **params):
        super().__init__(code, **params)


class Conflict(Refused):
    """The state does not allow it now: closed, changed meanwhile, a limit reached."""


class Unavailable(Refused):
    """A part this action needs is missing on this machine (a browser to print a PDF)."""


class FormErrors(Invalid):
    """Field-by-field refusals of a form: {field: (code, params)}."""

    def __init__(self, fields: dict[str, tuple[str, dict]]):
        super().__init__("invalid_form")
        self.fields = fields
