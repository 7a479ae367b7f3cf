"""The outline of the minutes: the facilitator's order, titles and choices."""

from dataclasses import replace

import pytest

from tests.exporters import sample
from workshop.domain.minutes import OUTLINE_PARTS, Outline, Part, Person, shaped
from workshop.domain.minutes_outline import (
    OutlineError,
    check_outline,
    moved,
    outline_data,
    read_outline,
)


def test_the_default_outline_keeps_the_documents_own_order():
    assert [part.key for part in Outline().parts] == list(OUTLINE_PARTS)
    assert read_outline(None, {"agenda": True}) == Outline()


def test_the_agenda_table_is_left_out_by_default_when_no_duration_was_recorded():
    assert not read_outline(None, {"agenda": False}).shows("agenda")
    stored = {"parts": [{"key": "agenda", "shown": True}]}
    assert read_outline(stored, {"agenda": False}).shows("agenda")  # the facilitator's choice


def test_participants_can_go_last_and_be_renamed():
    stored = {
        "parts": [
            {"key": "context"},
            {"key": "activities"},
            {"key": "participants", "title": "Présents"},
        ]
    }
    outline = read_outline(stored)
    keys = [part.key for part in outline.parts]
    assert keys.index("participants") > keys.index("activities")
    assert outline.title_of("participants", "Participants") == "Présents"
    assert outline.title_of("closing", "Conclusion") == "Conclusion"
    assert sorted(keys) == sorted(OUTLINE_PARTS)  # parts left out come back, once each


def test_stored_data_round_trips():
    outline = replace(
        moved(Outline(), "participants", 10), title="Compte rendu", roles=True, charts=False
    )
    assert read_outline(outline_data(outline)) == outline


def test_moving_a_part_is_clamped_at_both_ends():
    assert moved(Outline(), "context", -1).parts[0].key == "context"
    assert moved(Outline(), "next_steps", 1).parts[-1].key == "next_steps"
    assert moved(Outline(), "participants", -1).parts[0].key == "participants"


@pytest.mark.parametrize(
    ("data", "path", "code"),
    [
        ([], "outline", "not_object"),
        ({"parts": [{"key": "nope"}]}, "parts[0].key", "invalid_choice"),
        ({"parts": [{"key": "context"}, {"key": "context"}]}, "parts[1].key", "duplicate"),
        ({"parts": [{"key": "context", "shown": "yes"}]}, "parts[0].shown", "not_flag"),
        ({"title": "x" * 201}, "title", "too_long"),
        ({"options": {"colour": True}}, "options.colour", "invalid_choice"),
    ],
)
def test_a_faulty_outline_is_refused_where_it_is_wrong(data, path, code):
    with pytest.raises(OutlineError) as error:
        check_outline(data)
    assert (error.value.path, error.value.code) == (path, code)


def test_faulty_stored_data_falls_back_to_the_default_outline():
    assert read_outline({"parts": "nope"}) == Outline()


def test_options_leave_out_comments_roles_and_leaders():
    people = (Person("Vasseur", "Odile", "Maison", "association", role="élue"),)
    minutes = sample.sample_minutes(
        participants=replace(sample.PARTICIPANTS, people=people),
        outline=Outline(comments=False),
    )
    kept = shaped(minutes)
    assert all(not o.comments for o in kept.sections[1].orientations)
    assert kept.participants.people[0].role == ""  # roles are off by default
    with_roles = shaped(replace(minutes, outline=Outline(roles=True)))
    assert with_roles.participants.people[0].role == "élue"
    assert Part("context") in Outline().parts
