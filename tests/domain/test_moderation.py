import pytest

from workshop.domain.moderation import CardView, can_undo, diff, merge_updates, undo_updates


def board():
    """Two headings with their sub-points, as plain rows."""
    return {
        1: {"text": "Être reconnus", "parent_id": None, "merged_into_id": None, "origins": []},
        2: {"text": "Montrer nos missions", "parent_id": 1, "merged_into_id": None, "origins": []},
        3: {
            "text": "Se faire reconnaître",
            "parent_id": None,
            "merged_into_id": None,
            "origins": [],
        },
        4: {"text": "Publier un bilan", "parent_id": 3, "merged_into_id": None, "origins": []},
        5: {"text": "Inviter les élus", "parent_id": 3, "merged_into_id": None, "origins": []},
    }


def view(rows, card_id, group, authors=()):
    row = rows[card_id]
    children = tuple(i for i, r in rows.items() if r["parent_id"] == card_id)
    return CardView(
        card_id,
        row["text"],
        row["parent_id"],
        group,
        tuple(authors),
        tuple(row["origins"]),
        row["merged_into_id"],
        children,
    )


def apply(rows, updates):
    change = diff(rows, updates)
    for card_id, fields in updates.items():
        rows[card_id].update(fields)
    return change


def undo(rows, change):
    assert can_undo(change, rows)
    for card_id, fields in undo_updates(change).items():
        rows[card_id].update(fields)


def test_a_merged_card_keeps_every_sub_point_and_records_its_origins():
    rows = board()
    apply(rows, merge_updates(view(rows, 1, "Groupe 1", ["Léa"]), [view(rows, 3, "Groupe 2")]))
    assert [i for i, r in rows.items() if r["parent_id"] == 1] == [2, 4, 5]
    assert rows[3]["merged_into_id"] == 1
    assert rows[1]["origins"] == [
        {"group": "Groupe 1", "authors": ["Léa"]},
        {"group": "Groupe 2", "authors": []},
    ]


def test_after_merge_edit_undo_undo_the_original_cards_are_back_with_their_sub_points():
    rows, original = board(), board()
    merge = apply(rows, merge_updates(view(rows, 1, "G1"), [view(rows, 3, "G2")]))
    edit = apply(rows, {1: {"text": "Faire reconnaître les missions"}})
    undo(rows, edit)
    undo(rows, merge)
    assert rows == original


def test_a_merge_can_be_undone_before_a_later_edit_of_another_field():
    rows = board()
    merge = apply(rows, merge_updates(view(rows, 1, "G1"), [view(rows, 3, "G2")]))
    apply(rows, {1: {"text": "Renamed"}})
    undo(rows, merge)
    assert rows[3]["merged_into_id"] is None and rows[4]["parent_id"] == 3
    assert rows[1]["text"] == "Renamed"


def test_an_undo_is_refused_while_a_later_change_holds_the_same_field():
    rows = board()
    first = apply(rows, {1: {"text": "A"}})
    apply(rows, {1: {"text": "B"}})
    assert not can_undo(first, rows)


def test_a_change_records_only_what_moved():
    rows = board()
    assert diff(rows, {1: {"text": "Être reconnus"}, 2: {"text": "x"}}) == {
        2: {"text": ("Montrer nos missions", "x")}
    }


def test_only_distinct_headings_merge():
    rows = board()
    with pytest.raises(ValueError):
        merge_updates(view(rows, 1, "G"), [view(rows, 1, "G")])
    with pytest.raises(ValueError):
        merge_updates(view(rows, 1, "G"), [view(rows, 2, "G")])
    with pytest.raises(ValueError):
        merge_updates(view(rows, 1, "G"), [])


def test_merging_an_already_merged_card_keeps_all_origins_once():
    rows = board()
    rows[6] = {"text": "Reconnaissance", "parent_id": None, "merged_into_id": None, "origins": []}
    apply(rows, merge_updates(view(rows, 3, "G2"), [view(rows, 6, "G3")]))
    apply(rows, merge_updates(view(rows, 1, "G1"), [view(rows, 3, "G2")]))
    assert [o["group"] for o in rows[1]["origins"]] == ["G1", "G2", "G3"]
