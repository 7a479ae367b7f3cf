"""Plain functions that make test data through the services, as users would."""

from workshop.services import agenda, roster, workshops


def make_workshop(**overrides):
    """Create a workshop; return it and its facilitator secret."""
    data = {"title": "Atelier de test", "theme": "Vivre ensemble", "language": "fr"}
    data.update(overrides)
    return workshops.create_workshop(data)


def add_instruction(workshop, title="Consigne", minutes=5, instruction="Discutez par deux."):
    return agenda.add_activity(
        workshop,
        {
            "kind": "instruction",
            "title": title,
            "planned_minutes": str(minutes),
            "instruction": instruction,
        },
    )


def join(workshop, first_name="Marie", surname="Durand", **extra):
    data = {"first_name": first_name, "surname": surname, **extra}
    return roster.join_workshop(workshop, data, extra.get("locale", "fr"))


def add_vote(
    workshop, title="Priorisation", candidates=("Piste A", "Piste B", "Piste C"), **settings
):
    """Add a vote activity (dots, 3 each by default) with typed candidates; return it."""
    from workshop.services import vote_candidates

    data = {"kind": "vote", "title": title, "method": "dots", "budget": "3"}
    data.update({k: str(v) for k, v in settings.items()})
    activity = agenda.add_activity(workshop, data)
    if candidates:
        vote_candidates.add_typed_candidates(workshop, activity, "\n".join(candidates))
    return activity
