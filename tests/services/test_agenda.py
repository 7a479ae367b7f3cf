from datetime import timedelta

import pytest

from tests.factories import add_instruction, make_workshop
from workshop import db
from workshop.services import agenda
from workshop.services.refusals import FormErrors, NotFound, Refused

pytestmark = pytest.mark.usefixtures("ctx")


@pytest.fixture
def workshop():
    workshop, _ = make_workshop()
    add_instruction(workshop, "Deux")
    add_instruction(workshop, "Trois")
    return workshop


def titles(workshop):
    return [a.title for a in workshop.activities]


def test_activities_are_added_at_the_end(workshop):
    assert titles(workshop) == ["Accueil", "Deux", "Trois"]


def test_an_unknown_kind_is_refused():
    workshop, _ = make_workshop()
    with pytest.raises(Refused, match="unknown_kind"):
        agenda.add_activity(workshop, {"kind": "poll", "title": "x"})


def test_activity_fields_are_checked(workshop):
    with pytest.raises(FormErrors) as error:
        agenda.add_activity(
            workshop,
            {
                "kind": "instruction",
                "title": " ",
                "planned_minutes": "-3",
                "instruction": "x" * 5001,
            },
        )
    assert set(error.value.fields) == {"title", "planned_minutes", "instruction"}
    assert len(workshop.activities) == 3


def test_moving_reorders_the_agenda(workshop):
    agenda.move_activity(workshop, workshop.activities[2].id, -1)
    assert titles(workshop) == ["Accueil", "Trois", "Deux"]


def test_another_workshops_activity_looks_absent(workshop):
    other, _ = make_workshop()
    with pytest.raises(NotFound):
        agenda.update_activity(workshop, other.activities[0].id, {"title": "pirate"})
    assert other.activities[0].title == "Accueil"


def test_the_workshop_runs_from_start_to_end(workshop):
    agenda.start_workshop(workshop)
    assert workshop.state == "live" and workshop.current_activity.title == "Accueil"
    agenda.step_agenda(workshop, 1)
    agenda.step_agenda(workshop, 1)
    assert workshop.current_activity.title == "Trois"
    agenda.step_agenda(workshop, -1)
    assert workshop.current_activity.title == "Deux"
    agenda.end_workshop(workshop)
    assert workshop.state == "ended" and workshop.ended_at is not None


def test_a_double_click_on_next_moves_only_once(workshop):
    agenda.start_workshop(workshop)
    seen = workshop.current_activity_id
    agenda.step_agenda(workshop, 1, seen)
    with pytest.raises(Refused, match="agenda_moved"):
        agenda.step_agenda(workshop, 1, seen)
    assert workshop.current_activity.title == "Deux"


def test_actual_times_are_recorded_and_visits_add_up(workshop, monkeypatch):
    clock = [db.utcnow()]
    monkeypatch.setattr(agenda, "utcnow", lambda: clock[0])
    agenda.start_workshop(workshop)
    clock[0] += timedelta(minutes=4)
    agenda.step_agenda(workshop, 1)
    clock[0] += timedelta(minutes=10)
    agenda.step_agenda(workshop, -1)
    clock[0] += timedelta(minutes=1)
    agenda.end_workshop(workshop)
    welcome, second, _ = workshop.activities
    assert welcome.active_seconds == 5 * 60
    assert second.active_seconds == 10 * 60
    assert second.started_at is not None and second.ended_at is not None


def test_the_activity_on_screen_cannot_be_deleted(workshop):
    agenda.start_workshop(workshop)
    with pytest.raises(Refused, match="activity_is_current"):
        agenda.delete_activity(workshop, workshop.current_activity_id)
    agenda.delete_activity(workshop, workshop.activities[2].id)
    assert titles(workshop) == ["Accueil", "Deux"]


def test_a_draft_cannot_be_advanced_and_an_empty_agenda_cannot_start():
    workshop, _ = make_workshop()
    with pytest.raises(Refused, match="not_live"):
        agenda.step_agenda(workshop, 1)
    agenda.delete_activity(workshop, workshop.activities[0].id)
    with pytest.raises(Refused, match="empty_agenda"):
        agenda.start_workshop(workshop)


def test_the_timer_starts_pauses_and_resets(workshop):
    agenda.start_workshop(workshop)
    agenda.step_agenda(workshop, 1)
    timer = agenda.control_timer(workshop, "start")
    assert timer.running
    timer = agenda.control_timer(workshop, "pause")
    assert not timer.running
    assert agenda.control_timer(workshop, "reset").elapsed == 0
    with pytest.raises(Refused, match="unknown_action"):
        agenda.control_timer(workshop, "explode")


def test_the_timer_needs_a_live_workshop(workshop):
    with pytest.raises(Refused, match="not_live"):
        agenda.control_timer(workshop, "start")
