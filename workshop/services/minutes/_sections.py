"""Each kind's sections of the minutes: what an activity of that kind contributes.

A kind's builder registers itself here with `@builds("<kind>")` (boards in _boards.py,
votes in _votes.py); a new kind adds its own module to this package. An activity of a
kind with no builder and an instruction text becomes an introduction (its title and
paragraphs); without text it shows only in the agenda table.
"""

from collections.abc import Callable

from workshop.domain.minutes import IntroSection, Section
from workshop.domain.text import paragraphs

Builder = Callable[..., tuple[Section, ...]]
BUILDERS: dict[str, Builder] = {}


def builds(*kinds: str) -> Callable[[Builder], Builder]:
    """Register the decorated `(workshop, activity) -> sections` as the builder of `kinds`."""

    def register(builder: Builder) -> Builder:
        for kind in kinds:
            BUILDERS[kind] = builder
        return builder

    return register


def introduction(workshop, activity) -> tuple[Section, ...]:
    texts = paragraphs(activity.instruction or "")
    return (IntroSection(activity.title, texts),) if texts else ()


def sections_for(workshop, activity) -> tuple[Section, ...]:
    """Return the sections an activity gives the minutes (none leaves it out)."""
    return BUILDERS.get(activity.kind, introduction)(workshop, activity)
