"""Jinja helpers shared by pages and partials (pure: nothing reads the request)."""

from flask import Flask
from flask_babel import get_locale

from workshop.domain.codes import format_join_code
from workshop.exporters.rich_html import rich_html
from workshop.kinds import KINDS, get_kind
from workshop.netaddr import public_base_url
from workshop.web.messages import message


def clock(seconds: float) -> str:
    """Format seconds as m:ss, with a minus sign in overtime."""
    sign = "-" if seconds < 0 else ""
    whole = int(abs(seconds) + 0.999) if seconds > 0 else int(abs(seconds))
    return f"{sign}{whole // 60}:{whole % 60:02d}"


def init_app(app: Flask) -> None:
    app.jinja_env.filters["clock"] = clock
    app.jinja_env.filters["join_code"] = format_join_code
    # The facilitator's rich text (bold, italic, lists, links), as the minutes render it.
    app.jinja_env.filters["rich"] = rich_html
    app.jinja_env.globals.update(
        kinds=KINDS,
        get_kind=get_kind,
        message=message,
        public_base_url=public_base_url,
        current_locale=lambda: str(get_locale() or "fr"),
    )
