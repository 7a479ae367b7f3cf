"""Each kind's sections of the minutes: what an activity of that kind contributes.

Boards (scenario, brainstorm) and votes read their data through services, which import
the kinds: those builders are imported when first used, never at import time.
An activity of any other kind with an instruction text becomes an introduction (its
title and paragraphs); without text it shows only in the agenda table.
"""

from workshop.domain.minutes import IntroSection, Section
from workshop.domain.text import paragraphs


def introduction(workshop, activity) -> tuple[Section, ...]:
    texts = paragraphs(activity.instruction or "")
    return (IntroSection(activity.title, texts),) if texts else ()


def scenario(workshop, activity) -> tuple[Section, ...]:
    from workshop.services.board_minutes import scenario_sections

    return scenario_sections(workshop, activity)


def brainstorm(workshop, activity) -> tuple[Section, ...]:
    from workshop.services.board_minutes import brainstorm_sections

    return brainstorm_sections(workshop, activity)


def vote(workshop, activity) -> tuple[Section, ...]:
    from workshop.services.vote_minutes import vote_sections

    return vote_sections(workshop, activity)


BUILDERS = {"scenario": scenario, "brainstorm": brainstorm, "vote": vote}


def sections_for(kind: str, workshop, activity) -> tuple[Section, ...]:
    """Return the sections an activity of `kind` gives the minutes (none leaves it out)."""
    return BUILDERS.get(kind, introduction)(workshop, activity)
