from hypothesis import given
from hypothesis import strategies as st

from workshop.domain.grouping import balanced, mixed_by_category, usable_group_count


def test_people_are_dealt_so_sizes_differ_by_at_most_one():
    groups = balanced(list(range(11)), 3)
    assert sorted(len(g) for g in groups) == [3, 4, 4]


def test_no_group_of_one_unless_asked():
    assert usable_group_count(5, 4) == 2
    assert [len(g) for g in balanced([1, 2, 3], 3)] == [3]
    assert [len(g) for g in balanced([1, 2, 3], 3, allow_single=True)] == [1, 1, 1]


def test_mixing_by_category_gives_each_group_associations_and_companies():
    people = [(i, "association") for i in range(6)] + [(10 + i, "company") for i in range(4)]
    groups = mixed_by_category(people, 2)
    for group in groups:
        categories = {dict(people)[p] for p in group}
        assert categories == {"association", "company"}


@given(st.lists(st.sampled_from("ABC"), min_size=0, max_size=60), st.integers(1, 8))
def test_everyone_is_placed_once_and_no_group_is_a_singleton(categories, wanted):
    people = list(enumerate(categories))
    groups = mixed_by_category(people, wanted)
    placed = [p for g in groups for p in g]
    assert sorted(placed) == [p for p, _ in people]
    if len(people) >= 2:
        assert all(len(g) >= 2 for g in groups)
    if groups:
        assert max(map(len, groups)) - min(map(len, groups)) <= 1
