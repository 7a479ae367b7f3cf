"""Fixed phrases of the minutes, in French and English.

The words come from the gettext catalogues (tests/test_translations.py checks that every one
has its French, with the same placeholders); these tests pin the phrases they compose.
"""

from __future__ import annotations

import datetime

import pytest
from flask_babel import force_locale

from workshop.domain import voting
from workshop.domain.minutes import (
    Action,
    AgendaRow,
    Header,
    NextWorkshop,
    ParticipantCounts,
    RankRow,
    Referent,
    VoteSection,
)
from workshop.exporters import categories, labels, votes
from workshop.exporters.words import words_for
from workshop.services.minutes._votes import RULES

FR, EN = words_for("fr"), words_for("en")
WORDS = {"fr": FR, "en": EN}


def _nobody_named(total: int) -> ParticipantCounts:
    return ParticipantCounts(total, 0, ())


@pytest.mark.parametrize(
    ("n", "expected"), [(0, "0 participant"), (1, "1 participant"), (2, "2 participants")]
)
def test_french_uses_the_singular_for_zero_and_one(n, expected):
    assert labels.participants_phrase(FR, _nobody_named(n)) == expected


@pytest.mark.parametrize(("n", "expected"), [(0, "0 voters"), (1, "1 voter"), (2, "2 voters")])
def test_english_uses_the_singular_for_one_only(n, expected):
    assert EN.ngettext("%(num)s voter", "%(num)s voters", n) == expected


COUNTS = ParticipantCounts(19, 11, (("association", 6), ("public_body", 3), ("company", 2)))


def test_participants_phrase_counts_everyone_by_category_whoever_is_named():
    assert labels.participants_phrase(FR, COUNTS) == (
        "19 participants, dont 6 associations, 3 organismes publics et 2 entreprises"
    )


def test_participants_phrase_in_english():
    assert labels.participants_phrase(EN, COUNTS) == (
        "19 participants, including 6 associations, 3 public bodies and 2 companies"
    )


def test_a_count_with_nobody_named_reads_as_organisers_write_it():
    counts = ParticipantCounts(120, 0, (("company", 30), ("association", 40), ("", 50)))
    assert labels.participants_phrase(FR, counts) == (
        "120 participants, dont 40 associations, 30 entreprises et 50 de catégorie non renseignée"
    )


def test_breakdown_is_left_out_when_nobody_has_a_category():
    counts = ParticipantCounts(7, 4, (("", 7),))
    assert labels.participants_phrase(EN, counts) == "7 participants"


def test_people_without_category_are_not_given_after_the_rest():
    counts = ParticipantCounts(6, 6, (("", 3), ("association", 1), ("company", 2)))
    assert labels.participants_phrase(FR, counts) == (
        "6 participants, dont 2 entreprises, 1 association et 3 de catégorie non renseignée"
    )
    assert categories.title(FR, "") == "Catégorie non renseignée"
    assert categories.counted(EN, "", 2) == "2 with no category given"


@pytest.mark.parametrize(
    ("lang", "singular", "plural"),
    [
        ("fr", "centre social", "centres sociaux"),
        ("fr", "organisme public", "organismes publics"),
        ("fr", "chef d'entreprise", "chefs d'entreprise"),
        ("fr", "bureau", "bureaux"),
        ("fr", "Élu de quartier", "Élus de quartier"),
        ("en", "public body", "public bodies"),
        ("en", "head of school", "heads of school"),
        ("en", "local business", "local businesses"),
        ("en", "day", "days"),
        ("fr", "membre d'une ONG", "membres d'une ONG"),
        ("fr", "ONG", "ONG"),
        ("en", "NGO", "NGO"),
    ],
)
def test_free_category_names_are_pluralised(lang, singular, plural):
    assert categories.pluralise(lang, singular) == plural
    assert categories.counted(WORDS[lang], singular, 2) == f"2 {plural}"


def test_category_titles_are_capitalised_plurals():
    assert categories.title(FR, "public_body") == "Organismes publics"
    assert categories.title(EN, "centre") == "Centres"


@pytest.mark.parametrize(
    ("lang", "day", "expected"),
    [
        ("fr", datetime.date(2026, 4, 1), "mercredi 1er avril 2026"),
        ("fr", datetime.date(2025, 12, 9), "mardi 9 décembre 2025"),
        ("en", datetime.date(2026, 4, 1), "Wednesday 1 April 2026"),
    ],
)
def test_dates_are_written_out(lang, day, expected):
    assert WORDS[lang].date(day) == expected


def test_times_follow_each_language_habit():
    assert FR.time(datetime.time(9, 5)) == "9h05"
    assert EN.time(datetime.time(17, 30)) == "17:30"


def test_time_span_copes_with_missing_ends():
    start, end = datetime.time(14, 30), datetime.time(17, 0)
    assert labels.time_span(FR, start, end) == "de 14h30 à 17h00"
    assert labels.time_span(EN, start, None) == "from 14:30"
    assert labels.time_span(FR, None, end) == ""


def test_meta_line_skips_unknown_parts():
    header = Header("t", organiser="Fédération", date=datetime.date(2025, 3, 3))
    assert labels.meta_line(FR, header) == "Fédération – lundi 3 mars 2025"
    assert labels.meta_line(FR, Header("t")) == ""


def test_percentages_use_a_non_breaking_space_in_french():
    assert FR.percent(0.284) == "28\u00a0%"
    assert EN.percent(0.5) == "50%"


def test_agenda_table_marks_activities_that_did_not_run():
    table = labels.agenda_table(FR, (AgendaRow("Accueil", 10, 12), AgendaRow("Clôture", 5)))
    assert table.header == ("Activité", "Prévu", "Réel")
    assert table.rows == (("Accueil", "10 min", "12 min"), ("Clôture", "5 min", "—"))


def test_ranking_table_shows_optional_columns_only_when_known():
    plain = VoteSection("v", rows=(RankRow(1, "a", 4, retained=True),))
    assert votes.ranking_table(FR, plain).header == ("Rang", "Orientation", "Points", "Retenue")
    ranked = VoteSection(
        "v", method="ranking", rows=(RankRow(1, "a", 9, first_choices=3, voters=5),)
    )
    table = votes.ranking_table(EN, ranked)
    assert table.header == ("Rank", "Orientation", "Points", "First choices", "Voters", "Retained")
    assert table.rows == (("1", "a", "9", "3", "5", ""),)


@pytest.mark.parametrize(
    ("method", "budget", "expected"),
    [
        (
            "dots",
            3,
            "Chaque participant disposait de 3 gommettes, une au plus par orientation.",
        ),
        (
            "dots",
            1,
            "Chaque participant disposait d'une gommette à placer sur une orientation.",
        ),
        (
            "ranking",
            5,
            "Chaque participant a classé jusqu'à 5 orientations par ordre de préférence : "
            "5 points pour la première place, 1 pour la dernière.",
        ),
        (
            "approval",
            4,
            "Chaque participant a choisi jusqu'à 4 orientations, une voix par orientation.",
        ),
    ],
)
def test_vote_method_is_described_in_one_sentence(method, budget, expected):
    assert votes.vote_method(FR, VoteSection("v", method=method, budget=budget)) == expected


def test_voters_phrase_mentions_proxies_only_when_there_are_some():
    assert votes.voters_phrase(FR, VoteSection("v", voters=12)) == "12 votants."
    with_proxy = VoteSection("v", voters=12, proxies=1)
    assert votes.voters_phrase(EN, with_proxy) == "12 voters, including 1 by proxy."
    assert votes.voters_phrase(FR, VoteSection("v")) == ""


def test_next_date_says_when_it_is_still_to_be_set():
    assert labels.next_date(FR, NextWorkshop()) == "Date à fixer"
    assert labels.next_date(EN, NextWorkshop(datetime.date(2026, 1, 6))) == (
        "Date: Tuesday 6 January 2026"
    )


def test_action_scope_names_the_group_or_says_transverse():
    assert labels.action_scope(FR, Action("a", group="Groupe 2")) == "Porté par : Groupe 2"
    shared = Action("a", shared_by=("G1", "G2", "G3"))
    assert labels.action_scope(EN, shared) == "Transverse action: G1, G2 and G3"
    assert labels.action_scope(FR, Action("a")) == "Action transversale"


def test_referents_phrase_lists_people_with_their_organisation():
    action = Action("a", referents=(Referent("Ana Ruiz", "Mairie"), Referent("Jo Petit")))
    assert labels.referents_phrase(FR, action) == "Référents : Ana Ruiz (Mairie), Jo Petit"
    assert labels.referents_phrase(FR, Action("a")) == ""


def _service_rule(lang: str, rule: str) -> str:
    """Return a voting rule as the export service writes it into the minutes of a workshop."""
    with force_locale(lang):
        return str(RULES[rule])


def test_voting_rule_keys_have_phrases_for_the_export_service(ctx):
    for lang in ("fr", "en"):
        for key in (voting.TIE_RULE, voting.CUTOFF_RULE):
            assert _service_rule(lang, key)
    assert _service_rule("fr", voting.CUTOFF_RULE) == (
        "Une égalité au seuil de sélection se départage par un second tour."
    )


def _tied_at_cut_off(**notes) -> VoteSection:
    rows = (
        RankRow(1, "a", 5, retained=True),
        RankRow(2, "b", 3, tied=True, retained=True),
        RankRow(2, "c", 3, tied=True),
    )
    return VoteSection("v", rows=rows, **notes)


def test_vote_notes_explain_ties_and_a_cut_off_tie_nobody_commented():
    assert votes.vote_notes(EN, _tied_at_cut_off()) == (
        "“2=”: rank shared by orientations with equal points.",
        "Tied orientations sit on both sides of the selection cut-off.",
    )


def test_vote_notes_keep_the_facilitators_own_words():
    vote = _tied_at_cut_off(tie_note="Départage au second tour.", cutoff_note="b est retenue.")
    assert votes.vote_notes(FR, vote)[1:] == ("Départage au second tour.", "b est retenue.")


def test_a_ranking_without_ties_has_no_notes():
    assert votes.vote_notes(FR, VoteSection("v", rows=(RankRow(1, "a", 2),))) == ()


def test_the_standard_tie_rule_and_the_3_equals_convention_make_one_note(ctx):
    rows = (
        RankRow(rank=1, label="A", score=2, tied=True),
        RankRow(rank=1, label="B", score=2, tied=True),
    )
    standard = _service_rule("fr", voting.TIE_RULE)
    vote = VoteSection("v", rows=rows, tie_note=standard)
    assert votes.vote_notes(FR, vote) == (
        "« 1= » : rang partagé par des orientations à égalité de points ; le rang suivant saute "
        "d'autant (1=, 1=).",
    )
    other = VoteSection("v", rows=rows, tie_note="Règle maison.")
    assert votes.vote_notes(FR, other) == (
        "« 1= » : rang partagé par des orientations à égalité de points.",
        "Règle maison.",
    )


def test_the_tie_note_is_built_from_the_ranks_really_tied():
    rows = tuple(
        RankRow(rank, label, score, tied=tied)
        for rank, label, score, tied in [
            (1, "a", 9, False),
            (2, "b", 8, False),
            (3, "c", 7, False),
            (4, "d", 6, False),
            (5, "e", 5, True),
            (5, "f", 5, True),
            (7, "g", 1, False),
            (8, "h", 0, False),
        ]
    )
    assert votes.tie_example(rows) == "…, 3, 4, 5=, 5=, 7"
    assert votes.vote_notes(EN, VoteSection("v", rows=rows))[0].startswith("“5=”: rank shared")
