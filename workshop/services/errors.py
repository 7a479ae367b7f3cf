"""Refusals a service gives; the views turn codes into messages in the user's language."""


class ServiceError(Exception):
    """A refused action: nothing was changed. `status` is the HTTP status to answer with."""

    status = 400

    def __init__(self, code: str, status: int | None = None, **params):
        super().__init__(code)
        self.code = code
        self.params = params
        if status is not None:
            self.status = status


class NotFound(ServiceError):
    """The object does not exist or belongs to another workshop (the two look the same)."""

    status = 404

    def __init__(self, code: str = "not_found"):
        super().__init__(code)


class Forbidden(ServiceError):
    status = 403

    def __init__(self, code: str = "forbidden"):
        super().__init__(code)


class FormErrors(ServiceError):
    """Field-by-field refusals of a form: {field: (code, params)}."""

    status = 422

    def __init__(self, fields: dict[str, tuple[str, dict]]):
        super().__init__("invalid_form")
        self.fields = fields
