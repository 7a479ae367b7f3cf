import pytest

from tests.factories import join, make_workshop
from workshop.services import agenda, boards, groups
from workshop.services.boards import FACILITATOR, Actor
from workshop.services.errors import Forbidden, FormErrors, NotFound, ServiceError

pytestmark = pytest.mark.usefixtures("ctx")


def make_scenario(workshop, **settings):
    data = {"kind": "scenario", "title": "En 2030", "prompt_0": "Que dites-vous au préfet ?"}
    data.update(settings)
    return agenda.add_activity(workshop, data)


@pytest.fixture
def room():
    """A live workshop on a scenario, two groups of two."""
    workshop, _ = make_workshop()
    g1 = groups.add_group(workshop, {"name": "Groupe 1"})
    g2 = groups.add_group(workshop, {"name": "Groupe 2"})
    activity = make_scenario(
        workshop,
        **{
            f"prompt_{g2.id}": "Vous êtes maire.",
            f"format_{g2.id}": "board",
            f"columns_{g2.id}": "Exigences / Réfutations",
        },
    )
    people = [join(workshop, first_name=f"P{i}", surname=f"N{i}")[0] for i in range(4)]
    for person, group in zip(people, [g1, g1, g2, g2], strict=True):
        groups.assign_person(workshop, person.id, group.id)
    agenda.start_workshop(workshop)
    agenda.go_to_activity(workshop, activity.id)
    return workshop, activity, people, (g1, g2)


def test_each_group_answers_its_own_prompt_in_its_own_format(room):
    workshop, activity, people, (g1, g2) = room
    from workshop.kinds.boards import prompt_for

    assert prompt_for(activity, g1.id)["text"] == "Que dites-vous au préfet ?"
    assert prompt_for(activity, g2.id) == {
        "text": "Vous êtes maire.",
        "format": "board",
        "columns": ["Exigences", "Réfutations"],
    }


def test_a_member_adds_headings_and_sub_points_for_their_group(room):
    workshop, activity, people, (g1, _g2) = room
    heading = boards.add_card(workshop, activity, Actor(people[0]), {"text": " Lieu ouvert "})
    sub = boards.add_card(
        workshop, activity, Actor(people[1]), {"text": "accueil du soir", "parent_id": heading.id}
    )
    assert (heading.group_id, heading.text, heading.parent_id) == (g1.id, "Lieu ouvert", None)
    assert (sub.group_id, sub.parent_id) == (g1.id, heading.id)


def test_nobody_writes_under_another_groups_heading(room):
    workshop, activity, people, _ = room
    heading = boards.add_card(workshop, activity, Actor(people[0]), {"text": "A"})
    with pytest.raises(Forbidden):
        boards.add_card(
            workshop, activity, Actor(people[2]), {"text": "x", "parent_id": heading.id}
        )


def test_board_cards_go_in_a_column_and_pair_by_row(room):
    workshop, activity, people, _ = room
    demand = boards.add_card(workshop, activity, Actor(people[2]), {"text": "D1", "column": "0"})
    rejection = boards.add_card(workshop, activity, Actor(people[3]), {"text": "R1", "column": "1"})
    second = boards.add_card(workshop, activity, Actor(people[2]), {"text": "D2", "column": "0"})
    assert (demand.row, rejection.row, second.row) == (0, 0, 1)
    with pytest.raises(FormErrors):
        boards.add_card(workshop, activity, Actor(people[2]), {"text": "x", "column": "7"})


def test_empty_or_too_long_text_is_refused_and_nothing_is_stored(room):
    workshop, activity, people, _ = room
    for text in ("", "   ", "x" * 201):
        with pytest.raises(FormErrors):
            boards.add_card(workshop, activity, Actor(people[0]), {"text": text})
    assert boards.cards_of(activity) == []


def test_writing_stops_when_the_activity_is_closed_or_not_on_screen(room):
    workshop, activity, people, _ = room
    boards.set_board_state(workshop, activity, {"closed": "1"})
    with pytest.raises(ServiceError, match="activity_closed"):
        boards.add_card(workshop, activity, Actor(people[0]), {"text": "late"})
    boards.set_board_state(workshop, activity, {"closed": "0"})
    agenda.go_to_activity(workshop, workshop.activities[0].id)
    with pytest.raises(ServiceError, match="activity_closed"):
        boards.add_card(workshop, activity, Actor(people[0]), {"text": "late"})
    boards.add_card(workshop, activity, FACILITATOR, {"text": "typed later"})


def test_the_cap_bounds_cards_per_participant(room):
    workshop, activity, people, _ = room
    activity.settings = {**activity.settings, "cap": 1}
    boards.add_card(workshop, activity, Actor(people[0]), {"text": "one"})
    with pytest.raises(ServiceError, match="card_cap"):
        boards.add_card(workshop, activity, Actor(people[0]), {"text": "two"})


def test_two_people_editing_one_card_never_silently_lose_an_edit(room):
    workshop, activity, people, _ = room
    card = boards.add_card(workshop, activity, Actor(people[0]), {"text": "v1"})
    seen = card.version
    boards.edit_card(workshop, activity, Actor(people[0]), card.id, {"text": "v2", "version": seen})
    with pytest.raises(ServiceError, match="changed_meanwhile"):
        boards.edit_card(workshop, activity, FACILITATOR, card.id, {"text": "v3", "version": seen})
    assert card.text == "v2"


def test_only_the_author_or_the_facilitator_edits_a_card(room):
    workshop, activity, people, _ = room
    card = boards.add_card(workshop, activity, Actor(people[0]), {"text": "mine"})
    with pytest.raises(Forbidden):
        boards.edit_card(workshop, activity, Actor(people[1]), card.id, {"text": "x", "version": 1})
    with pytest.raises(Forbidden):
        boards.delete_card(workshop, activity, Actor(people[1]), card.id)


def test_another_activitys_card_looks_absent(room):
    workshop, activity, people, _ = room
    other = make_scenario(workshop)
    card = boards.add_card(workshop, other, FACILITATOR, {"text": "elsewhere"})
    with pytest.raises(NotFound):
        boards.rename_card(workshop, activity, card.id, "pirate")


def test_paper_answers_are_typed_as_an_outline(room):
    workshop, activity, _people, (g1, _g2) = room
    cards = boards.quick_entry(
        workshop, activity, {"group_id": str(g1.id), "outline": "Titre A\n\t- a1\n  a2\nTitre B"}
    )
    assert [(c.text, c.parent_id is None) for c in cards] == [
        ("Titre A", True),
        ("a1", False),
        ("a2", False),
        ("Titre B", True),
    ]
    assert {c.group_id for c in cards} == {g1.id}


def test_merge_rename_and_undo_in_any_sensible_order(room):
    workshop, activity, people, (g1, g2) = room
    a = boards.add_card(workshop, activity, Actor(people[0]), {"text": "Être reconnus"})
    boards.add_card(workshop, activity, Actor(people[0]), {"text": "a1", "parent_id": a.id})
    b = boards.add_card(workshop, activity, Actor(people[2]), {"text": "Reconnaissance"})
    b1 = boards.add_card(workshop, activity, Actor(people[2]), {"text": "b1", "parent_id": b.id})
    boards.merge_cards(workshop, activity, a.id, [b.id])
    assert b1.parent_id == a.id and b.merged_into_id == a.id
    assert [o["group"] for o in a.origins] == ["Groupe 1", "Groupe 2"]
    boards.rename_card(workshop, activity, a.id, "Faire reconnaître")
    merge, rename = reversed(boards.moderation_log(activity)[:2])
    boards.undo_action(workshop, activity, rename.id)
    boards.undo_action(workshop, activity, merge.id)
    assert (a.text, b.merged_into_id, b1.parent_id) == ("Être reconnus", None, b.id)
    with pytest.raises(NotFound):
        boards.undo_action(workshop, activity, merge.id)


def test_an_undo_that_no_longer_makes_sense_is_refused(room):
    workshop, activity, people, _ = room
    a = boards.add_card(workshop, activity, Actor(people[0]), {"text": "A"})
    boards.rename_card(workshop, activity, a.id, "B")
    boards.rename_card(workshop, activity, a.id, "C")
    first = boards.moderation_log(activity)[-1]
    with pytest.raises(ServiceError, match="undo_conflict"):
        boards.undo_action(workshop, activity, first.id)
    assert a.text == "C"


def test_hiding_pinning_moving_and_comments(room):
    workshop, activity, people, (g1, g2) = room
    a = boards.add_card(workshop, activity, Actor(people[0]), {"text": "A"})
    boards.set_flag(workshop, activity, a.id, "hidden", True)
    boards.set_flag(workshop, activity, a.id, "pinned", True)
    boards.move_card(workshop, activity, a.id, {"group_id": str(g2.id), "column": "1"})
    boards.add_comment(workshop, activity, {"card_id": a.id, "text": "Bien vu"})
    boards.add_comment(workshop, activity, {"text": "Sur l'ensemble"})
    assert (a.hidden, a.pinned, a.group_id, a.column) == (True, True, g2.id, 1)
    comments = boards.comments_of(activity)
    assert [c.text for c in comments[a.id]] == ["Bien vu"]
    assert [c.text for c in comments[None]] == ["Sur l'ensemble"]
    with pytest.raises(ServiceError):
        boards.set_flag(workshop, activity, a.id, "exploded", True)


def test_a_synthesis_per_group_is_saved_and_replaced(room):
    workshop, activity, _people, (g1, _g2) = room
    boards.save_synthesis(workshop, activity, str(g1.id), "Premier jet.")
    boards.save_synthesis(workshop, activity, str(g1.id), "Un.\n\nDeux.")
    assert boards.syntheses_of(activity) == {g1.id: "Un.\n\nDeux."}


def test_plenary_cards_belong_to_no_group(room):
    workshop, activity, people, _ = room
    brainstorm = agenda.add_activity(
        workshop, {"kind": "brainstorm", "title": "Pistes", "mode": "plenary", "question": "?"}
    )
    agenda.go_to_activity(workshop, brainstorm.id)
    card = boards.add_card(workshop, brainstorm, Actor(people[0]), {"text": "Piste"})
    assert card.group_id is None


def test_merging_across_groups_brings_the_sub_points_into_the_targets_group(room):
    workshop, activity, people, (g1, _g2) = room
    a = boards.add_card(workshop, activity, Actor(people[0]), {"text": "A"})
    b = boards.add_card(workshop, activity, Actor(people[2]), {"text": "B", "column": "0"})
    b1 = boards.add_card(workshop, activity, Actor(people[2]), {"text": "b1", "parent_id": b.id})
    boards.merge_cards(workshop, activity, a.id, [b.id])
    assert (b1.parent_id, b1.group_id) == (a.id, g1.id)
    from workshop.services.answers import group_boards

    (board,) = [x for x in group_boards(workshop, activity, moderation=False) if x.group == g1]
    assert [s.text for s in board.headings[0].subpoints] == ["b1"]


def test_a_plenary_brainstorm_shows_grouped_phones_the_shared_pool(room):
    workshop, _activity, people, (g1, _g2) = room
    from workshop.views.board_context import board_context

    brainstorm = agenda.add_activity(
        workshop, {"kind": "brainstorm", "title": "Pistes", "mode": "plenary", "question": "?"}
    )
    agenda.go_to_activity(workshop, brainstorm.id)
    boards.add_card(workshop, brainstorm, Actor(people[0]), {"text": "Piste commune"})
    context = board_context(workshop, g1.id)
    assert [h.card.text for h in context["board"].headings] == ["Piste commune"]
