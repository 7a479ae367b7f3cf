import pytest

from tests.factories import join, make_workshop
from workshop.services import agenda, boards, groups
from workshop.services.boards import FACILITATOR, Actor
from workshop.services.refusals import Forbidden, FormErrors, NotFound, Refused

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
    with pytest.raises(Refused, match="activity_closed"):
        boards.add_card(workshop, activity, Actor(people[0]), {"text": "late"})
    boards.set_board_state(workshop, activity, {"closed": "0"})
    agenda.go_to_activity(workshop, workshop.activities[0].id)
    with pytest.raises(Refused, match="activity_closed"):
        boards.add_card(workshop, activity, Actor(people[0]), {"text": "late"})
    boards.add_card(workshop, activity, FACILITATOR, {"text": "typed later"})


def test_the_cap_bounds_cards_per_participant(room):
    workshop, activity, people, _ = room
    activity.settings = {**activity.settings, "cap": 1}
    boards.add_card(workshop, activity, Actor(people[0]), {"text": "one"})
    with pytest.raises(Refused, match="card_cap"):
        boards.add_card(workshop, activity, Actor(people[0]), {"text": "two"})


def test_two_people_editing_one_card_never_silently_lose_an_edit(room):
    workshop, activity, people, _ = room
    card = boards.add_card(workshop, activity, Actor(people[0]), {"text": "v1"})
    seen = card.version
    boards.edit_card(workshop, activity, Actor(people[0]), card.id, {"text": "v2", "version": seen})
    with pytest.raises(Refused, match="changed_meanwhile"):
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
    with pytest.raises(Refused, match="undo_conflict"):
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
    with pytest.raises(Refused):
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
    from workshop.services.boards import group_boards

    (board,) = [x for x in group_boards(workshop, activity, moderation=False) if x.group == g1]
    assert [s.text for s in board.headings[0].subpoints] == ["b1"]


def test_a_plenary_brainstorm_shows_grouped_phones_the_shared_pool(room):
    workshop, _activity, people, (g1, _g2) = room
    from workshop.presenters.boards import board_context

    brainstorm = agenda.add_activity(
        workshop, {"kind": "brainstorm", "title": "Pistes", "mode": "plenary", "question": "?"}
    )
    agenda.go_to_activity(workshop, brainstorm.id)
    boards.add_card(workshop, brainstorm, Actor(people[0]), {"text": "Piste commune"})
    context = board_context(workshop, g1.id)
    assert [h.card.text for h in context["board"].headings] == ["Piste commune"]


# ---- paper answers: one transaction, one outline per column, blanks ---------------------


def test_a_refused_line_of_paper_answers_stores_none_of_the_entry(room):
    workshop, activity, _people, (g1, _g2) = room
    outline = "Titre A\n\ta1\nTitre B\n\t" + "x" * 501
    with pytest.raises(FormErrors) as refused:
        boards.quick_entry(workshop, activity, {"group_id": str(g1.id), "outline": outline})
    assert refused.value.fields["outline"] == ("too_long", {"limit": 500})
    assert boards.cards_of(activity) == [] and boards.moderation_log(activity) == []


def test_board_columns_typed_together_pair_by_order_with_dash_blanks(room):
    workshop, activity, _people, (_g1, g2) = room
    boards.add_card(workshop, activity, FACILITATOR, {"text": "Old", "group_id": g2.id})
    data = {
        "group_id": str(g2.id),
        "outline_0": "Coopération\n\tconvention\n—\nTransparence",
        "outline_1": "Concurrence\n-\nLocation de salles\n\tse croiser",
    }
    cards = boards.quick_entry(workshop, activity, data)
    rows = {(c.text, c.column, c.row) for c in cards if c.parent_id is None}
    assert rows == {
        ("Coopération", 0, 1),
        ("Transparence", 0, 3),
        ("Concurrence", 1, 1),
        ("Location de salles", 1, 3),
    }
    sub = next(c for c in cards if c.text == "se croiser")
    assert (sub.column, sub.row, sub.group_id) == (1, 3, g2.id)


def test_a_blank_cell_with_sub_points_is_refused(room):
    workshop, activity, _people, (_g1, g2) = room
    data = {"group_id": str(g2.id), "outline_0": "-\n\torphan", "outline_1": "R"}
    with pytest.raises(FormErrors) as refused:
        boards.quick_entry(workshop, activity, data)
    assert refused.value.fields == {"outline_0": ("blank_with_subpoints", {})}
    assert boards.cards_of(activity) == []


def test_typed_paper_answers_are_one_undoable_action(room):
    workshop, activity, _people, (g1, _g2) = room
    cards = boards.quick_entry(workshop, activity, {"group_id": g1.id, "outline": "A\n\ta1\nB"})
    (action,) = boards.moderation_log(activity)
    assert (action.kind, action.actor, action.summary) == ("quick_entry", "facilitator", "A / B")
    boards.undo_action(workshop, activity, action.id)
    assert all(c.deleted for c in cards)


# ---- reporters ---------------------------------------------------------------------------


def test_a_designated_reporter_types_their_groups_answers_as_author(room):
    from workshop.services import boards

    workshop, activity, people, (g1, _g2) = room
    boards.set_reporter(workshop, activity, {"group_id": g1.id, "participant_id": people[1].id})
    cards = boards.quick_entry(workshop, activity, {"outline": "Lieu\n\tle soir"}, Actor(people[1]))
    assert {(c.group_id, c.author_id, c.by_facilitator) for c in cards} == {
        (g1.id, people[1].id, False)
    }
    assert boards.moderation_log(activity)[0].actor == people[1].display_name


def test_only_the_reporter_of_the_group_types_and_only_while_open(room):
    from workshop.services import boards

    workshop, activity, people, (g1, g2) = room
    with pytest.raises(Refused, match="not_in_group"):
        boards.set_reporter(workshop, activity, {"group_id": g1.id, "participant_id": people[2].id})
    boards.set_reporter(workshop, activity, {"group_id": g1.id, "participant_id": people[0].id})
    with pytest.raises(Forbidden, match="not_reporter"):  # a member, not the reporter
        boards.quick_entry(workshop, activity, {"outline": "x"}, Actor(people[1]))
    with pytest.raises(Forbidden, match="not_reporter"):  # the reporter, for another group
        boards.quick_entry(
            workshop, activity, {"outline": "x", "group_id": g2.id}, Actor(people[0])
        )
    boards.set_board_state(workshop, activity, {"closed": "1"})
    with pytest.raises(Refused, match="activity_closed"):
        boards.quick_entry(workshop, activity, {"outline": "x"}, Actor(people[0]))
    assert boards.cards_of(activity) == []
    boards.set_reporter(workshop, activity, {"group_id": g1.id, "participant_id": ""})
    assert boards.reporters_of(activity) == {}


# ---- moving: up and down swap, rows re-pair only on purpose ------------------------------


def test_up_and_down_swap_a_heading_with_its_neighbour(room):
    workshop, activity, people, _ = room
    a, b, c = (boards.add_card(workshop, activity, Actor(people[0]), {"text": t}) for t in "ABC")
    a1 = boards.add_card(workshop, activity, Actor(people[0]), {"text": "a1", "parent_id": a.id})
    boards.move_card(workshop, activity, a.id, {"direction": "down"})
    assert [(x.text, x.row) for x in sorted([a, b, c], key=lambda x: x.row)] == [
        ("B", 0),
        ("A", 1),
        ("C", 2),
    ]
    assert a1.row == a.row
    # already first: nothing
    boards.move_card(workshop, activity, b.id, {"direction": "up"})
    assert (b.row, len(boards.moderation_log(activity))) == (0, 1)
    boards.undo_action(workshop, activity, boards.moderation_log(activity)[0].id)
    assert (a.row, b.row, a1.row) == (0, 1, 0)


def test_sub_points_swap_within_their_heading(room):
    workshop, activity, people, _ = room
    h = boards.add_card(workshop, activity, Actor(people[0]), {"text": "H"})
    s1, s2 = (
        boards.add_card(workshop, activity, Actor(people[0]), {"text": t, "parent_id": h.id})
        for t in ("s1", "s2")
    )
    boards.move_card(workshop, activity, s2.id, {"direction": "up"})
    assert (s2.position, s1.position) == (1, 2)


def test_in_a_board_up_and_down_keep_the_other_column_and_blanks_repair_rows(room):
    workshop, activity, people, _ = room
    d1, d2 = (
        boards.add_card(workshop, activity, Actor(people[2]), {"text": t, "column": "0"})
        for t in ("D1", "D2")
    )
    r1, r2 = (
        boards.add_card(workshop, activity, Actor(people[3]), {"text": t, "column": "1"})
        for t in ("R1", "R2")
    )
    boards.move_card(workshop, activity, d2.id, {"direction": "up"})
    assert (d2.row, d1.row, r1.row, r2.row) == (0, 1, 0, 1)
    boards.move_card(workshop, activity, r1.id, {"blank": "before"})
    assert (r1.row, r2.row) == (1, 2)
    boards.move_card(workshop, activity, r2.id, {"row": "1"})
    assert r2.row == 0
    with pytest.raises(FormErrors):
        boards.move_card(workshop, activity, r2.id, {"row": "0"})
    assert [a.kind for a in boards.moderation_log(activity)] == ["move", "move", "move"]


# ---- comments and syntheses are moderation actions ---------------------------------------


def test_comments_and_syntheses_are_logged_and_undoable(room):
    workshop, activity, people, (g1, _g2) = room
    a = boards.add_card(workshop, activity, Actor(people[0]), {"text": "A"})
    on_card = boards.add_comment(workshop, activity, {"card_id": a.id, "text": "Bien vu"})
    overall = boards.add_comment(workshop, activity, {"text": "Sur l'ensemble"})
    boards.delete_comment(workshop, activity, on_card.id)
    boards.save_synthesis(workshop, activity, g1.id, "Premier jet.")
    boards.save_synthesis(workshop, activity, g1.id, "Second jet.")
    log = boards.moderation_log(activity)
    assert [x.kind for x in log] == [
        "synthesis",
        "synthesis",
        "delete_comment",
        "comment",
        "comment",
    ]
    assert {x.actor for x in log} == {"facilitator"}
    boards.undo_action(workshop, activity, log[0].id)
    assert boards.syntheses_of(activity) == {g1.id: "Premier jet."}
    boards.undo_action(workshop, activity, log[2].id)
    boards.undo_action(workshop, activity, log[3].id)
    assert [c.text for c in boards.comments_of(activity)[a.id]] == ["Bien vu"]
    assert None not in boards.comments_of(activity) and overall.deleted
    with pytest.raises(NotFound):
        boards.delete_comment(workshop, activity, overall.id)


# ---- merged cards, participants without a group, limits ------------------------------------


def test_a_card_merged_away_refuses_edits_and_sub_points_naming_its_target(room):
    workshop, activity, people, _ = room
    a = boards.add_card(workshop, activity, Actor(people[0]), {"text": "Cible"})
    b = boards.add_card(workshop, activity, Actor(people[1]), {"text": "Doublon"})
    boards.merge_cards(workshop, activity, a.id, [b.id])
    with pytest.raises(Refused, match="merged_away") as refused:
        boards.edit_card(workshop, activity, Actor(people[1]), b.id, {"text": "x", "version": 1})
    assert refused.value.params == {"target": "Cible"}
    with pytest.raises(Refused, match="merged_away"):
        boards.add_card(workshop, activity, Actor(people[1]), {"text": "s", "parent_id": b.id})
    assert b.text == "Doublon" and len(boards.cards_of(activity)) == 2


def test_a_participant_in_no_group_waits_for_one_during_a_group_activity(room):
    workshop, activity, people, _ = room
    groups.assign_person(workshop, people[0].id, None)
    with pytest.raises(Refused, match="no_group"):
        boards.add_card(workshop, activity, Actor(people[0]), {"text": "Perdu"})
    assert boards.cards_of(activity) == []


def test_a_sub_point_holds_500_characters_and_no_more(room):
    workshop, activity, people, _ = room
    h = boards.add_card(workshop, activity, Actor(people[0]), {"text": "H"})
    ok = boards.add_card(
        workshop, activity, Actor(people[0]), {"text": "x" * 500, "parent_id": h.id}
    )
    with pytest.raises(FormErrors) as refused:
        boards.add_card(
            workshop, activity, Actor(people[0]), {"text": "y" * 501, "parent_id": h.id}
        )
    assert refused.value.fields["text"] == ("too_long", {"limit": 500})
    assert [c.id for c in boards.cards_of(activity)] == [h.id, ok.id]


def test_a_heading_of_another_activity_is_no_parent(room):
    workshop, activity, people, _ = room
    other = make_scenario(workshop)
    foreign = boards.add_card(workshop, other, FACILITATOR, {"text": "ailleurs"})
    with pytest.raises(NotFound):
        boards.add_card(
            workshop, activity, Actor(people[0]), {"text": "s", "parent_id": foreign.id}
        )
    assert boards.cards_of(activity) == []


def test_a_rename_from_an_old_form_is_refused(room):
    workshop, activity, people, _ = room
    a = boards.add_card(workshop, activity, Actor(people[0]), {"text": "A"})
    boards.edit_card(workshop, activity, Actor(people[0]), a.id, {"text": "B", "version": 1})
    with pytest.raises(Refused, match="changed_meanwhile"):
        boards.rename_card(workshop, activity, a.id, "C", version="1")
    assert a.text == "B"


def test_concurrent_edits_of_one_card_let_exactly_one_win(app, room):
    import threading

    from workshop.db import session
    from workshop.models import Card

    workshop, activity, people, _ = room
    card = boards.add_card(workshop, activity, Actor(people[0]), {"text": "v1"})
    ids = (workshop.id, activity.id, people[0].id, card.id)
    barrier, outcomes = threading.Barrier(2), []

    def edit(text):
        from workshop.models import Activity, Participant, Workshop

        with app.app_context():
            w, a = session().get(Workshop, ids[0]), session().get(Activity, ids[1])
            person = session().get(Participant, ids[2])
            barrier.wait()
            try:
                boards.edit_card(w, a, Actor(person), ids[3], {"text": text, "version": 1})
                outcomes.append(text)
            except Refused as error:
                outcomes.append(error.code)

    threads = [threading.Thread(target=edit, args=(t,)) for t in ("phone", "laptop")]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(30)
    assert sorted(outcomes)[0] == "changed_meanwhile" and len(outcomes) == 2
    winner = next(o for o in outcomes if o != "changed_meanwhile")
    session().expire_all()
    stored = session().get(Card, card.id)
    assert (stored.text, stored.version) == (winner, 2)
