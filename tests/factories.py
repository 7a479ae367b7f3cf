"""Plain functions that make test data through the services, as users would."""

from workshop.services import agenda, roster, voting, workshops
from workshop.services.refusals import NotFound


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
    data = {"kind": "vote", "title": title, "method": "dots", "budget": "3"}
    data.update({k: str(v) for k, v in settings.items()})
    activity = agenda.add_activity(workshop, data)
    if candidates:
        voting.add_typed_candidates(workshop, activity, "\n".join(candidates))
    return activity


# ---- taps, as a phone makes them (through the one tap entry point) ----------------------


def tap(workshop, activity, person, action: str, candidate_id, key=None) -> bool:
    """Tap a person's ballot as their phone would; return True if it was a replay."""
    if activity.workshop_id != workshop.id:
        raise NotFound()
    snap = voting.snapshot_of(activity)
    return voting.tap(snap, voting.Voter.of(person), action, candidate_id, key).replayed


def cast_dot(workshop, activity, person, candidate_id, key=None) -> bool:
    return tap(workshop, activity, person, "dot", candidate_id, key)


def remove_dot(workshop, activity, person, candidate_id, key=None) -> bool:
    return tap(workshop, activity, person, "undot", candidate_id, key)


def rank_candidate(workshop, activity, person, candidate_id, key=None) -> bool:
    return tap(workshop, activity, person, "rank", candidate_id, key)


def move_rank(workshop, activity, person, candidate_id, direction: str, key=None) -> bool:
    return tap(workshop, activity, person, f"move-{direction}", candidate_id, key)


def unrank_candidate(workshop, activity, person, candidate_id, key=None) -> bool:
    return tap(workshop, activity, person, "unrank", candidate_id, key)


def approve(workshop, activity, person, candidate_id, key=None) -> bool:
    return tap(workshop, activity, person, "approve", candidate_id, key)


def unapprove(workshop, activity, person, candidate_id, key=None) -> bool:
    return tap(workshop, activity, person, "unapprove", candidate_id, key)
