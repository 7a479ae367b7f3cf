"""What the workshop model answers about its agenda, without asking a service."""

from workshop.domain.agenda import WorkshopState
from workshop.models import Activity, Group, Workshop


def _workshop(*activities: Activity, groups=(), current=None, state=WorkshopState.LIVE):
    for index, activity in enumerate(activities, start=1):
        activity.id = index
    workshop = Workshop(state=state, current_activity_id=current)
    workshop.activities.extend(activities)
    workshop.groups.extend(Group(id=g, name=f"G{g}") for g in groups)
    return workshop


def _vote(group_id=None, with_previous=False) -> Activity:
    settings = {"group_id": group_id} if group_id is not None else {}
    return Activity(kind="vote", title="v", settings=settings, with_previous=with_previous)


def test_an_activity_is_for_the_one_group_its_settings_name_or_for_everyone():
    assert _vote(7).group_id == 7
    assert _vote().group_id is None
    assert Activity(kind="vote", title="v", settings={"group_id": 0}).group_id is None


def test_an_activitys_group_is_the_workshops_group_of_that_id_while_it_exists():
    vote = _vote(2)
    workshop = _workshop(vote, groups=(1, 2))
    assert vote.group.name == "G2"
    workshop.groups.pop()
    assert vote.group is None and vote.group_id == 2


def test_only_the_activity_on_screen_is_live_when_none_is_marked_to_run_with_another():
    workshop = _workshop(_vote(1), _vote(2), groups=(1, 2), current=1)
    assert [a.id for a in workshop.live_activities] == [1]
    assert not workshop.runs_in_parallel


def test_a_workshop_not_live_has_no_live_activity():
    for state in (WorkshopState.DRAFT, WorkshopState.ENDED):
        workshop = _workshop(_vote(), current=1, state=state)
        assert workshop.live_activities == []
        assert workshop.activity_for_group(None) is None


def test_two_groups_votes_marked_together_are_live_together_each_for_its_group():
    workshop = _workshop(_vote(1), _vote(2, with_previous=True), groups=(1, 2), current=1)
    assert [a.id for a in workshop.live_activities] == [1, 2]
    assert workshop.runs_in_parallel
    assert workshop.activity_for_group(2).id == 2
    assert workshop.activity_for_group(None) is None  # the projector's overview


def test_a_mark_made_for_a_group_deleted_since_no_longer_joins_the_block():
    workshop = _workshop(_vote(1), _vote(2, with_previous=True), groups=(1,), current=1)
    assert [a.id for a in workshop.live_activities] == [1]
    assert workshop.current_index == 0
