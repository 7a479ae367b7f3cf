"""Who sees what during a session: results per audience, plenary or group boards, and
whether phones may write on a board.

Each rule is written once here and read by the services (checks inside a write), the
presenters (what a page or a push shows) and the minutes.
"""

from enum import StrEnum


class Audience(StrEnum):
    """The three kinds of screens in the room."""

    SCREEN = "screen"  # the projector
    CONSOLE = "console"  # the facilitator's laptop
    PHONE = "phone"  # a participant's phone


PLENARY = "plenary"


def results_visible(audience: str, *, revealed: bool, live_results: bool) -> bool:
    """Tell whether `audience` sees a vote's results.

    The console always does (the facilitator prepares the reveal); the projector once
    revealed, or all along when the vote's results are live; phones only once revealed
    (a live projector must not let the last voters copy the room from their phone).
    """
    if audience == Audience.CONSOLE:
        return True
    if audience == Audience.SCREEN:
        return revealed or live_results
    return revealed


def is_plenary(settings: dict, has_groups: bool) -> bool:
    """Tell whether a board is one shared pool rather than one board per group.

    It is when the facilitator chose "plenary", and also in a workshop without groups
    (whatever the setting says: there is no group to answer for)."""
    return settings.get("mode") == PLENARY or not has_groups


def open_for_phones(*, workshop_live: bool, on_screen: bool, closed: bool) -> bool:
    """Tell whether participants may write on a board: only on the activity on screen of
    a live workshop, until the facilitator closes writing. (A group's reporter is bound
    by it too; the facilitator is not.)"""
    return workshop_live and on_screen and not closed
