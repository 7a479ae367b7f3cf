"""Rules that guard a write are read inside the transaction that writes: what another
process changed a moment ago (unseen by this one's caches and loaded objects) holds."""

import pytest
from sqlalchemy import update

from tests.factories import add_vote, cast_dot, join, make_workshop
from workshop.db import session, transaction, utcnow
from workshop.models import Activity, Participant, VoteDot
from workshop.services import agenda, boards, voting
from workshop.services.refusals import Conflict, Forbidden

pytestmark = pytest.mark.usefixtures("ctx")


def behind_our_back(statement) -> None:
    """A change made by another process: no event, nothing cached here is told."""
    with transaction() as s:
        s.execute(statement.execution_options(synchronize_session=False))


def test_a_participant_removed_by_another_process_cannot_tap_even_from_a_warm_cache():
    workshop, _ = make_workshop()
    activity = add_vote(workshop)
    agenda.start_workshop(workshop)
    agenda.go_to_activity(workshop, activity.id)
    voting.open_vote(workshop, activity)
    person, _secret = join(workshop)
    first, second, *_ = [c.id for c in voting.candidates_of(activity)]
    cast_dot(workshop, activity, person, first)  # the voter is now in this process's cache

    behind_our_back(
        update(Participant).where(Participant.id == person.id).values(removed_at=utcnow())
    )

    with pytest.raises(Forbidden):
        cast_dot(workshop, activity, person, second)
    assert session().query(VoteDot).filter_by(participant_id=person.id).count() == 1


def test_a_card_posted_on_a_board_another_process_closed_is_refused():
    workshop, _ = make_workshop()
    activity = agenda.add_activity(
        workshop, {"kind": "brainstorm", "title": "Idées", "mode": "plenary"}
    )
    agenda.start_workshop(workshop)
    agenda.go_to_activity(workshop, activity.id)
    person, _secret = join(workshop)
    boards.add_card(workshop, activity, boards.Actor(person), {"text": "Avant"})

    closed = {**activity.settings, "closed": True}
    behind_our_back(update(Activity).where(Activity.id == activity.id).values(settings=closed))

    with pytest.raises(Conflict) as refused:
        boards.add_card(workshop, activity, boards.Actor(person), {"text": "Après"})
    assert refused.value.code == "activity_closed"
    assert [c.text for c in boards.cards_of(activity)] == ["Avant"]
