"""build_minutes reads the whole session into the minutes document, and the facilitator's edits."""

import datetime

import pytest

from tests import minutes_session as sample
from tests.factories import make_workshop
from workshop.domain.minutes import (
    Board,
    BrainstormSection,
    Headings,
    IntroSection,
    Need,
    ScenarioSection,
    VoteSection,
    count_participants,
    person_line,
    rank_label,
    sort_people,
)
from workshop.services import agenda, minutes
from workshop.services.refusals import FormErrors, Refused


@pytest.fixture(scope="module")
def finished(tmp_path_factory):
    """One finished session shared by the tests that only read it."""
    with sample.finished_session(tmp_path_factory.mktemp("finished")) as made:
        yield made


@pytest.fixture
def small(ctx):
    """A small workshop of one's own, for a test that changes it: two instructions."""
    workshop, _ = make_workshop()
    for title in ("Tour de table", "Le mot de la fin"):
        agenda.add_activity(
            workshop, {"kind": "instruction", "title": title, "instruction": "Texte."}
        )
    return workshop


def test_the_header_and_context_come_from_the_workshop(finished):
    built = minutes.build_minutes(finished.workshop)
    # The document's title by default says what it is, with the workshop's title and day.
    assert built.header.title == f"Compte rendu de l'atelier « {sample.TITLE} » du 12 mars 2026"
    assert built.header.series == "Atelier 2"
    assert built.header.date == datetime.date(2026, 3, 12)
    assert (built.header.start, built.header.end) == (datetime.time(14), datetime.time(17))
    assert built.header.written_by == "Hélène Marchal"
    assert built.context.stakes == (
        "Le diagnostic a montré un poids trop faible.",
        "Il faut peser ensemble.",
    )
    assert (built.lang, built.status) == ("fr", "draft")


def test_only_nameable_people_are_named_but_everyone_present_counts(finished):
    people = minutes.build_minutes(finished.workshop).participants
    lines = [person_line(p) for p in sort_people(people.people)]
    assert lines == sample.SORTED_LINES
    counts = count_participants(people)
    assert (counts.total, counts.named) == (sample.PRESENT, sample.NAMED)
    # Everyone present is counted by category, named or not (three gave none).
    assert dict(counts.by_category) == {
        "association": 3,
        "public_body": 2,
        "company": 1,
        "": 3,
    }


@pytest.mark.parametrize(
    ("typed", "key"),
    [("Organisme public", "public_body"), ("Public body", "public_body"), ("Autre", "other")]
    + [("Élus", "élus"), ("CCAS de la ville", "CCAS de la ville"), ("", "")],
)
def test_categories_read_as_the_labels_know_them(typed, key):
    assert minutes.category_key(typed) == key


def test_the_agenda_shows_planned_and_actual_minutes(finished):
    rows = minutes.build_minutes(finished.workshop).agenda
    assert [(r.title, r.planned_minutes, r.actual_minutes) for r in rows] == [
        ("Accueil", None, 12),
        (sample.SCENARIO_TITLE, 40, 47),
        (sample.PAUSE_TITLE, 10, 9),
        (sample.BRAINSTORM_TITLE, 45, 38),
        (sample.VOTE_TITLE, None, 14),
    ]


def test_an_activity_that_never_ran_has_no_actual_duration(ctx):
    workshop, _ = make_workshop()
    agenda.add_activity(workshop, {"kind": "instruction", "title": "Plus tard"})
    assert [r.actual_minutes for r in minutes.build_minutes(workshop).agenda] == [None, None]


def test_sections_follow_the_agenda_and_skip_activities_without_text(finished):
    sections = minutes.build_minutes(finished.workshop).sections
    assert [(type(s), s.title) for s in sections] == [
        (ScenarioSection, sample.SCENARIO_TITLE),
        (BrainstormSection, sample.BRAINSTORM_TITLE),
        (VoteSection, sample.VOTE_TITLE),
    ]


def test_each_group_answers_in_its_format_with_blanks_on_the_board(finished):
    scenario = minutes.build_minutes(finished.workshop).sections[0]
    assert [p.groups for p in scenario.prompts] == [("Groupe 1",), ("Groupe 2",)]
    first, second = scenario.answers
    assert isinstance(first.body, Headings)
    assert [(h.text, h.subpoints) for h in first.body.items][1] == (
        "Un relais entre habitants et institutions",
        (
            "invité aux instances de la ville",
            "sollicité avant chaque projet",
            "porte la parole des associations",
        ),
    )
    assert first.synthesis == (
        "Le groupe voit la maison de quartier comme un repère.",
        "Elle fédère.",
    )
    assert isinstance(second.body, Board)
    assert second.body.columns == ("Exigences", "Réfutations")
    cells = [tuple(c.text if c else None for c in row) for row in second.body.rows]
    assert cells == sample.BOARD_ROWS
    assert second.body.rows[0][0].subpoints == (
        "convention sur trois ans",
        "actions complémentaires",
    )


def test_orientations_leave_out_hidden_merged_and_deleted_cards(finished):
    brainstorm = minutes.build_minutes(finished.workshop).sections[1]
    headings = [o.heading for o in brainstorm.orientations]
    assert sorted(headings) == sorted(h for h, _subs, _g in sample.ORIENTATIONS)
    first = next(o for o in brainstorm.orientations if o.heading == sample.ORIENTATIONS[0][0])
    assert first.origins == ("Groupe 1", "Groupe 2")
    commented = next(o for o in brainstorm.orientations if o.heading == sample.ORIENTATIONS[5][0])
    assert commented.comments == (sample.ORIENTATION_COMMENT,)
    assert commented.subpoints == ("ville, département, CAF",)
    assert brainstorm.comments == (sample.ACTIVITY_COMMENT,)
    assert brainstorm.question == "Quelles pistes pour peser davantage ?"


def test_the_vote_ranks_the_orientations_with_ties_sharing_a_rank(finished):
    vote = minutes.build_minutes(finished.workshop).sections[2]
    assert (vote.method, vote.budget, vote.voters, vote.proxies) == ("dots", 3, 8, 6)
    expected = [(r, sample.ORIENTATIONS[i][0], n) for r, i, n in sample.RANKING]
    assert [(rank_label(row), row.label, row.score) for row in vote.rows] == expected
    assert vote.retained == tuple(sample.ORIENTATIONS[i][0] for i in (0, 1, 3))
    assert vote.tie_note and not vote.cutoff_note


def test_a_vote_never_opened_is_left_out(ctx):
    from tests.factories import add_vote

    workshop, _ = make_workshop()
    add_vote(workshop)
    assert minutes.build_minutes(workshop).sections == ()


def test_next_steps_carry_the_next_workshop_and_the_actions(finished):
    steps = minutes.build_minutes(finished.workshop).next_steps
    assert steps.next_workshop.date == sample.NEXT_DATE
    assert steps.next_workshop.objectives == (
        "choisir des actions concrètes",
        "repérer les compétences utiles",
    )
    carried, shared = steps.actions
    assert (carried.group, carried.referents[0].person, carried.needs) == (
        "Groupe 1",
        "Odile Vasseur",
        (Need("un tableur commun"), Need("deux bénévoles")),
    )
    assert shared.transverse and shared.shared_by == ("Groupe 1", "Groupe 2")


def test_free_texts_open_and_close_the_sections(small):
    minutes.save_texts(small, {"introduction": "Bienvenue.\n\nMerci.", "closing": "À bientôt."})
    built = minutes.build_minutes(small)
    assert built.introduction == ("Bienvenue.", "Merci.")
    assert [s.title for s in built.sections] == ["Tour de table", "Le mot de la fin"]
    assert built.closing == ("À bientôt.",)
    parts = [p.key for p in built.outline.parts]
    assert parts.index("introduction") < parts.index("activities") < parts.index("closing")


def test_the_facilitator_leaves_a_section_out_but_the_agenda_keeps_it(small):
    minutes.choose_sections(small, [small.activities[2].id])
    built = minutes.build_minutes(small)
    assert [s.title for s in built.sections] == ["Le mot de la fin"]
    assert len(built.agenda) == 3


def test_an_instruction_with_text_becomes_an_introduction(ctx):
    workshop, _ = make_workshop()
    agenda.add_activity(
        workshop,
        {"kind": "instruction", "title": "Tour de table", "instruction": "Un mot.\n\nDeux."},
    )
    assert minutes.build_minutes(workshop).sections == (
        IntroSection("Tour de table", ("Un mot.", "Deux.")),
    )


def test_status_is_draft_or_final_and_nothing_else(small):
    minutes.set_status(small, "final")
    assert minutes.build_minutes(small).status == "final"
    with pytest.raises(Refused):
        minutes.set_status(small, "published")


def test_a_bad_next_date_is_refused_and_nothing_changes(finished):
    with pytest.raises(FormErrors) as error:
        minutes.save_next_workshop(finished.workshop, {"next_date": "2 avril"})
    assert "next_date" in error.value.fields
    assert (
        minutes.build_minutes(finished.workshop).next_steps.next_workshop.date == sample.NEXT_DATE
    )


def test_an_empty_workshop_builds_empty_but_valid_minutes(ctx):
    workshop, _ = make_workshop()
    built = minutes.build_minutes(workshop)
    assert built.sections == () and built.next_steps.actions == ()
    assert count_participants(built.participants).total == 0
