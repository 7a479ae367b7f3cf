"""Each kind's sections of the minutes: what an activity of that kind contributes.

A kind's builder registers itself here with `@builds("<kind>")` (boards in _boards.py,
votes in _votes.py); a new kind adds its own module to this package. An activity of a
kind with no builder and an instruction text becomes an introduction (its title and
paragraphs); without text it shows only in the agenda table.

Builders run in the workshop's language (`written_in`): the words they put in the document
(gettext, Babel lists) read as the minutes print them, whatever the request's language.
"""

import functools
from collections.abc import Callable, Iterator
from contextlib import contextmanager

from flask_babel import force_locale

from workshop.domain.minutes import LOCALES, IntroSection, Section
from workshop.domain.richtext import rich_paragraphs as paragraphs

Builder = Callable[..., tuple[Section, ...]]
BUILDERS: dict[str, Builder] = {}


@contextmanager
def written_in(workshop) -> Iterator[None]:
    """Resolve gettext and Babel in the workshop's language, the language of its minutes."""
    with force_locale(LOCALES[workshop.language]):
        yield


def builds(*kinds: str) -> Callable[[Builder], Builder]:
    """Register the decorated `(workshop, activity) -> sections` as the builder of `kinds`.

    The builder, as registered and as returned, runs in the workshop's language.
    """

    def register(builder: Builder) -> Builder:
        @functools.wraps(builder)
        def in_workshop_language(workshop, activity) -> tuple[Section, ...]:
            with written_in(workshop):
                return builder(workshop, activity)

        for kind in kinds:
            BUILDERS[kind] = in_workshop_language
        return in_workshop_language

    return register


def introduction(workshop, activity) -> tuple[Section, ...]:
    texts = paragraphs(activity.instruction or "")
    return (IntroSection(activity.title, texts),) if texts else ()


def sections_for(workshop, activity) -> tuple[Section, ...]:
    """Return the sections an activity gives the minutes (none leaves it out)."""
    return BUILDERS.get(activity.kind, introduction)(workshop, activity)
