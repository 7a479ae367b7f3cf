"""What came of a speed meeting, in the minutes (DOCX, HTML, Markdown) and the raw data."""

import io
import json
import zipfile

import docx
import pytest

from tests.speed_factories import partner_of, planned_room
from workshop.services import roster, speed
from workshop.services.minutes import build_minutes, export

pytestmark = pytest.mark.usefixtures("ctx")


@pytest.fixture
def held():
    """Two rounds held between 2 associations and 2 companies; one mutual pair (both
    named), one pair where one side may not be named, and one one-way mark."""
    workshop, activity, side_a, side_b = planned_room(associations=2, companies=2, rounds="2")
    speed.next_round(workshop, activity, 0)
    first, second = side_a
    first_partner = roster.find_person(workshop, partner_of(activity, first))
    second_partner = roster.find_person(workshop, partner_of(activity, second))
    for a, b in ((first, first_partner), (first_partner, first)):
        speed.mark_follow_up(workshop, activity, a, b.id, {"note": "Note privée"})
    for a, b in ((second, second_partner), (second_partner, second)):
        speed.mark_follow_up(workshop, activity, a, b.id, {})
    speed.next_round(workshop, activity, 1)
    third = roster.find_person(workshop, partner_of(activity, first))
    speed.mark_follow_up(workshop, activity, first, third.id, {"note": "Sens unique"})
    speed.set_contact(workshop, activity, first, {"shares_contact": "1", "contact": "a@x.org"})
    roster.update_person(
        workshop,
        second.id,
        {"first_name": second.first_name, "surname": second.surname, "category": "Association"},
    )  # the facilitator unticks "may be named"
    speed.create_project_group(
        workshop,
        activity,
        {"name": "Jardin partagé", "member_ids": [str(first.id), str(first_partner.id)]},
    )
    speed.finish_meetings(workshop, activity)
    return workshop, activity, first, first_partner, second


def test_the_minutes_count_rounds_meetings_and_name_only_pairs_both_nameable(held):
    workshop, activity, first, partner, second = held
    section = next(s for s in build_minutes(workshop).sections if s.kind == "speed_meeting")
    assert (section.rounds_held, section.rounds_planned, section.meetings) == (2, 2, 4)
    assert (section.marks, section.mutual, section.people) == (5, 2, 4)
    assert len(section.named_pairs) == 1
    names = {section.named_pairs[0].first.surname, section.named_pairs[0].second.surname}
    assert names == {first.surname, partner.surname}
    assert section.groups[0].name == "Jardin partagé" and len(section.groups[0].members) == 2


def test_the_markdown_minutes_hold_the_section_in_french(held):
    workshop, *_rest = held
    text = export(workshop, "md")[0].decode()
    assert "## Rencontres éclair" in text
    assert "2 tours de 4 min ont eu lieu." in text
    assert "4 rencontres ont eu lieu entre 4 participants." in text
    assert "### Suites mutuelles" in text and "#### Jardin partagé" in text
    assert "Note privée" not in text and "Sens unique" not in text and "a@x.org" not in text
    assert held[4].surname.upper() not in text  # may not be named


def test_the_docx_minutes_hold_the_section(held):
    workshop, _activity, first, partner, second = held
    document = docx.Document(io.BytesIO(export(workshop, "docx")[0]))
    texts = [(p.style.name, p.text) for p in document.paragraphs]
    assert ("Heading 1", "Rencontres éclair") in texts
    assert ("Heading 2", "Suites mutuelles") in texts
    assert ("Heading 3", "Jardin partagé") in texts
    bullets = [t for style, t in texts if style == "List Bullet"]
    assert any(first.surname.upper() in t and partner.surname.upper() in t for t in bullets)
    assert not any(second.surname.upper() in t for _s, t in texts)


def test_the_html_minutes_hold_the_section(held):
    workshop, *_rest = held
    html = export(workshop, "html")[0].decode()
    assert '<section class="activity speed_meeting">' in html
    assert "Suites mutuelles" in html and "Jardin partagé" in html


def test_the_english_minutes_are_in_english(held):
    workshop, *_rest = held
    from workshop.db import transaction

    with transaction():
        workshop.language = "en"
    text = export(workshop, "md")[0].decode()
    assert "2 rounds of 4 min were held." in text and "### Mutual follow-ups" in text


def test_the_json_holds_the_meetings_and_mutual_pairs_under_pseudonyms_only(held):
    workshop, activity, first, partner, _second = held
    data = json.loads(export(workshop, "json")[0])
    entry = next(a for a in data["agenda"] if a["kind"] == "speed_meeting")["speed_meeting"]
    ids = {p["id"] for p in data["participants"]}
    assert entry["rounds_held"] == 2 and len(entry["rounds"]) == 2
    assert len(entry["meetings"]) == 4
    assert all(set(m["people"]) <= ids for m in entry["meetings"])
    assert entry["follow_ups"]["marks"] == 5 and len(entry["follow_ups"]["mutual"]) == 2
    assert entry["plan"]["settings"]["round_seconds"] == 240
    raw = json.dumps(data, ensure_ascii=False)
    assert "Note privée" not in raw and "Sens unique" not in raw and "a@x.org" not in raw


def test_the_csv_zip_has_the_meetings_and_the_mutual_follow_ups(held):
    workshop, *_rest = held
    files = zipfile.ZipFile(io.BytesIO(export(workshop, "csv")[0]))
    meetings = files.read("meetings.csv").decode("utf-8-sig").splitlines()
    follow_ups = files.read("follow_ups.csv").decode("utf-8-sig").splitlines()
    assert meetings[0] == "activity_id;activity;round;table;person_a;person_b"
    assert len(meetings) == 5 and len(follow_ups) == 3


def test_follow_ups_none_asked_or_none_mutual_are_said_in_words_not_zeros():
    workshop, activity, side_a, _side_b = planned_room(associations=2, companies=2, rounds="2")
    speed.next_round(workshop, activity, 0)
    speed.finish_meetings(workshop, activity)
    assert "Personne n'a demandé de suite." in export(workshop, "md")[0].decode()
    first = side_a[0]
    partner = roster.find_person(workshop, partner_of(activity, first))
    speed.mark_follow_up(workshop, activity, first, partner.id, {})
    text = export(workshop, "md")[0].decode()
    assert "1 souhait de suite a été exprimé. Aucun n'était réciproque." in text
    assert "0 binôme" not in text and "0 souhait" not in text


def test_a_speed_meeting_never_held_is_left_out_of_the_minutes():
    workshop, _activity, _a, _b = planned_room()
    assert not any(s.kind == "speed_meeting" for s in build_minutes(workshop).sections)
