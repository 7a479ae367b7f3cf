"""Welcome / context: the theme and stakes on screen, the join code large."""

from flask_babel import lazy_gettext as _l

from workshop.kinds.base import ActivityKind

WELCOME = ActivityKind(
    name="welcome",
    label=_l("Welcome and context"),
    description=_l("Shows the theme, the stakes and a large join code."),
    default_minutes=10,
    shows_timer=False,
    shows_join_code_large=True,
)
