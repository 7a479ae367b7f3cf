from collections import Counter

from workshop.demo import create_demo
from workshop.services import roster, speed, workshops


def test_the_demo_creates_a_complete_workshop_and_prints_its_links(client, ctx):
    lines = create_demo("http://203.0.113.5:5000")
    workshop = next(w for w in workshops.list_workshops() if w.state == "draft")
    kinds = [a.kind for a in workshop.activities]
    assert kinds == [
        "welcome",
        "speed_meeting",
        "scenario",
        "instruction",
        "brainstorm",
        "vote",
        "instruction",
    ]
    assert roster.present_count(workshop.id) == 5
    in_group = Counter(p.group_id for p in roster.roster(workshop))
    assert [in_group[g.id] for g in workshop.groups] == [2, 1]
    speed_meeting = workshop.activities[1]
    sides = speed.sides_of(workshop, speed_meeting)
    assert (len(sides.a), len(sides.b)) == (2, 3)
    speed.make_plan(workshop, speed_meeting)  # the demo's meetings can be planned at once
    assert workshop.group_choice_open
    console = next(line for line in lines if "/f/" in line).split()[-1]
    assert client.get(console.removeprefix("http://203.0.113.5:5000")).status_code == 302
    assert any(workshop.join_code in line for line in lines)


def test_the_demo_also_has_a_finished_workshop_whose_minutes_are_complete(client, ctx):
    from tests.exporters.readers import read_markdown
    from workshop.services.minutes import export

    lines = create_demo("http://203.0.113.5:5000")
    past = next(w for w in workshops.list_workshops() if w.state == "ended")
    upcoming = next(w for w in workshops.list_workshops() if w.state == "draft")
    assert any(f"/w/{past.join_code}/minutes" in line for line in lines)
    read = read_markdown(export(past, "md")[0].decode())
    assert read.titles(1) == [
        "Contexte et enjeux",
        "Participants",
        "Déroulé de la séance",
        "Nous sommes en 2030",
        "Les pistes pour donner leur place aux habitants",
        "Orientations prioritaires",
        "Pour la suite",
        "Suites",
    ]
    ranking = read.table("Rang")
    assert [row[0][0] for row in ranking[1:]] == ["1", "2", "3", "4=", "4=", "4="]
    board = read.table("Ce que nous demandons")
    assert board[-1][1] == ()  # a blank where one side has nothing
    assert "9 participants, dont 3 associations" in read.text  # counts over everyone present
    assert "MARTIN" not in read.text
    assert str(upcoming.date.day) in read.text
    for fmt in ("docx", "html", "json", "csv"):
        assert export(past, fmt)[0]
