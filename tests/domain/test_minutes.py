"""The minutes document model: sorting, counting, ranking marks, emptiness, clean text."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from workshop.domain import minutes as model
from workshop.domain.minutes import (
    Action,
    Board,
    BrainstormSection,
    Context,
    GroupAnswer,
    Header,
    Heading,
    Headings,
    IntroSection,
    Minutes,
    NextSteps,
    NextWorkshop,
    Participants,
    Person,
    RankRow,
    ScenarioSection,
    VoteSection,
)


def _names(people) -> list[str]:
    return [f"{p.surname} {p.first_name}" for p in people]


# --- People -------------------------------------------------------------------------------


def test_people_sort_by_surname_then_first_name_ignoring_accents_and_case():
    people = [
        Person("Zola", "Émile"),
        Person("émery", "Lucie"),
        Person("Eluard", "Paul"),
        Person("EMERY", "André"),
        Person("Çelik", "Deniz"),
        Person("Dupont", "marie"),
        Person("dupont", "Luc"),
    ]
    assert _names(model.sort_people(people)) == [
        "Çelik Deniz",
        "dupont Luc",
        "Dupont marie",
        "Eluard Paul",
        "EMERY André",
        "émery Lucie",
        "Zola Émile",
    ]


def test_ligatures_sort_like_the_letters_they_stand_for():
    people = [Person("Oeuvray", "B"), Person("Œhler", "A"), Person("Odin", "C")]
    assert _names(model.sort_people(people)) == ["Odin C", "Œhler A", "Oeuvray B"]


def test_person_line_puts_the_surname_in_capitals_before_the_organisation():
    person = Person("Lefèvre", "Anaïs", "Maison des habitants")
    assert model.person_line(person) == "LEFÈVRE Anaïs – Maison des habitants"


def test_person_without_organisation_or_first_name_has_no_dangling_parts():
    assert model.person_line(Person("Nguyen")) == "NGUYEN"
    assert model.person_line(Person("Nguyen", "Lan")) == "NGUYEN Lan"


def test_counts_include_people_present_but_not_named():
    people = (Person("A", category="association"), Person("B", category="association"))
    counts = model.count_participants(Participants(people, present=9))
    assert (counts.total, counts.named) == (9, 2)
    # the seven not named are counted too, under "category not given"
    assert counts.by_category == (("association", 2), ("", 7))


def test_counts_by_category_cover_everyone_present_when_given():
    people = (Person("A", category="association"),)
    given = (("association", 40), ("company", 30), ("", 50))
    counts = model.count_participants(Participants(people, present=120, categories=given))
    assert (counts.total, counts.named) == (120, 1)
    assert counts.by_category == (("association", 40), ("company", 30), ("", 50))


def test_present_count_is_never_below_the_named_count():
    people = (Person("A"), Person("B"), Person("C"))
    assert model.count_participants(Participants(people, present=1)).total == 3
    assert model.count_participants(Participants(people)).total == 3


def test_categories_are_counted_largest_first_and_uncategorised_last():
    people = [Person(str(i), category=c) for i, c in enumerate("bbaac" + "cc")]
    people += [Person("x"), Person("y"), Person("z"), Person("w")]
    counts = model.count_participants(Participants(tuple(people)))
    assert counts.by_category == (("c", 3), ("a", 2), ("b", 2), ("", 4))


def test_grouping_orders_categories_by_label_and_puts_uncategorised_last():
    people = (Person("Z", category="b"), Person("Y"), Person("X", category="a"))
    labels = {"a": "Zèbres", "b": "Ânes"}
    grouped = model.group_by_category(people, lambda c: labels.get(c, ""))
    assert [(c, _names(p)) for c, p in grouped] == [("b", ["Z "]), ("a", ["X "]), ("", ["Y "])]


@given(st.lists(st.builds(Person, st.text(), st.text(), st.text(), st.text()), max_size=20))
def test_sorting_does_not_depend_on_the_input_order(people):
    assert model.sort_people(people) == model.sort_people(reversed(people))


@given(
    st.lists(st.builds(Person, st.text(), category=st.sampled_from("abc")), max_size=30),
    st.integers(min_value=0, max_value=100),
)
def test_category_counts_add_up_to_everyone_present(people, present):
    counts = model.count_participants(Participants(tuple(people), present=present))
    assert counts.named == len(people)
    assert sum(n for _, n in counts.by_category) == counts.total == max(present, len(people))


@given(st.text())
def test_folding_is_idempotent(text):
    assert model.fold(model.fold(text)) == model.fold(text)


# --- Ranking ------------------------------------------------------------------------------


def test_tied_rows_show_their_shared_rank_with_an_equals_sign():
    assert model.rank_label(RankRow(3, "x", 7, tied=True)) == "3="
    assert model.rank_label(RankRow(5, "y", 5)) == "5"


def _rows(*spec: tuple[int, bool, bool]) -> tuple[RankRow, ...]:
    return tuple(
        RankRow(rank, str(i), 0, tied, retained) for i, (rank, tied, retained) in enumerate(spec)
    )


def test_a_tie_across_the_retained_cut_off_is_detected():
    rows = _rows((1, False, True), (2, True, True), (2, True, False))
    assert model.cutoff_is_tied(rows)
    assert model.has_ties(rows)


def test_a_tie_entirely_inside_the_retained_rows_is_not_a_cut_off_tie():
    rows = _rows((1, True, True), (1, True, True), (3, False, False))
    assert not model.cutoff_is_tied(rows)


def test_without_ties_nothing_is_flagged():
    rows = _rows((1, False, True), (2, False, False))
    assert not model.has_ties(rows) and not model.cutoff_is_tied(rows)


def test_retained_labels_follow_the_ranking_order():
    vote = VoteSection(
        "v",
        rows=(
            RankRow(1, "a", 5, retained=True),
            RankRow(2, "b", 3),
            RankRow(3, "c", 1, retained=True),
        ),
    )
    assert vote.retained == ("a", "c")


def test_an_unknown_vote_method_is_refused():
    with pytest.raises(ValueError, match="method"):
        VoteSection("v", method="lottery")


# --- Structure ----------------------------------------------------------------------------


def test_board_rows_must_have_one_cell_per_column():
    with pytest.raises(ValueError, match="2 columns"):
        Board(columns=("Exigences", "Réfutations"), rows=((Heading("seul"),),))


def test_blank_board_cells_are_none():
    board = Board(("a", "b"), [[None, Heading("x")]])
    assert board.rows == ((None, Heading("x")),)


def test_lists_are_frozen_into_tuples_so_minutes_are_hashable():
    minutes = Minutes(
        header=Header("t"),
        context=Context("thème", ["un", "deux"]),
        sections=[IntroSection("intro", ["p"])],
    )
    assert minutes.context.stakes == ("un", "deux")
    assert isinstance(minutes.sections, tuple)
    assert hash(minutes) == hash(
        Minutes(
            header=Header("t"),
            context=Context("thème", ("un", "deux")),
            sections=(IntroSection("intro", ("p",)),),
        )
    )


@pytest.mark.parametrize(("field", "value"), [("lang", "de"), ("status", "published")])
def test_unknown_language_or_status_is_refused(field, value):
    with pytest.raises(ValueError):
        Minutes(header=Header("t"), **{field: value})


def test_an_action_without_a_group_is_transverse():
    assert Action("a", shared_by=("G1", "G2")).transverse
    assert not Action("a", group="G1").transverse


# --- Emptiness ----------------------------------------------------------------------------

EMPTY_PARTS = [
    None,
    Context(),
    Context(" ", ("", "  ")),
    Participants(),
    Participants(present=0),
    IntroSection("Titre seul"),
    ScenarioSection("Titre seul", answers=(GroupAnswer("G", Headings()),)),
    ScenarioSection("Titre seul", answers=(GroupAnswer("G", Board(("a", "b"))),)),
    BrainstormSection("Titre seul"),
    VoteSection("Titre seul"),
    NextSteps(),
    NextSteps(NextWorkshop()),
]


@pytest.mark.parametrize("part", EMPTY_PARTS)
def test_a_part_with_only_a_title_is_empty(part):
    assert model.is_empty(part)


FILLED_PARTS = [
    Context(stakes=("un enjeu",)),
    Participants(present=4),
    IntroSection("t", ("texte",)),
    ScenarioSection("t", answers=(GroupAnswer("G", synthesis=("une synthèse",)),)),
    BrainstormSection("t", question="Quelles pistes ?"),
    VoteSection("t", rows=(RankRow(1, "x", 0),)),
    NextSteps(NextWorkshop(objectives=("un objectif",))),
    NextSteps(actions=(Action("agir"),)),
]


@pytest.mark.parametrize("part", FILLED_PARTS)
def test_a_part_with_content_is_not_empty(part):
    assert not model.is_empty(part)


def test_visible_sections_skip_empty_ones_and_keep_the_order():
    first, second = IntroSection("a", ("x",)), VoteSection("b", rows=(RankRow(1, "x", 1),))
    minutes = Minutes(Header("t"), sections=(first, IntroSection("vide"), second))
    assert model.visible_sections(minutes) == (first, second)


def test_visible_answers_skip_groups_that_gave_nothing():
    kept = GroupAnswer("B", Headings((Heading("h"),)))
    section = ScenarioSection("s", answers=(GroupAnswer("A"), kept))
    assert model.visible_answers(section) == (kept,)


# --- Text ---------------------------------------------------------------------------------


def test_printable_drops_characters_xml_cannot_hold():
    assert model.printable("a\x00b\x0bc\td\ne\ufffef") == "abc\td\nef"


def test_map_text_rewrites_every_text_field_deeply():
    minutes = Minutes(
        Header("titre"),
        sections=(
            ScenarioSection(
                "s", answers=(GroupAnswer("g", Board(("a", "b"), ((Heading("h", ("p",)), None),))),)
            ),
        ),
    )
    shouted = model.map_text(minutes, str.upper)
    board = shouted.sections[0].answers[0].body
    assert shouted.header.title == "TITRE"
    assert board.columns == ("A", "B")
    assert board.rows == ((Heading("H", ("P",)), None),)


def test_a_header_subtitle_joins_series_and_theme_leaving_out_a_missing_one():
    assert Header("t", series="Atelier 2", theme="Mobilités").subtitle == "Atelier 2 – Mobilités"
    assert Header("t", theme="Mobilités").subtitle == "Mobilités"
    assert Header("t").subtitle == ""


def test_a_referent_reads_as_a_name_with_its_organisation_or_either_alone():
    assert model.Referent("Ana Ruiz", "Mairie").text == "Ana Ruiz (Mairie)"
    assert model.Referent("Ana Ruiz").text == "Ana Ruiz"
    assert model.Referent(organisation="Mairie").text == "Mairie"
