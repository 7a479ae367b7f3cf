"""Splitting the room into sub-groups: balanced, or mixed by category."""

from collections import defaultdict
from collections.abc import Sequence


def usable_group_count(people: int, wanted: int, allow_single: bool = False) -> int:
    """Return how many groups to fill: never a group of one unless asked.

    With fewer than two people per wanted group, fewer groups are filled.
    """
    if people <= 0 or wanted <= 0:
        return 0
    if allow_single:
        return min(wanted, people)
    return max(1, min(wanted, people // 2))


def balanced(people: Sequence[int], groups: int, allow_single: bool = False) -> list[list[int]]:
    """Deal people into groups in turn, so sizes differ by at most one."""
    count = usable_group_count(len(people), groups, allow_single)
    dealt: list[list[int]] = [[] for _ in range(count)]
    for index, person in enumerate(people):
        dealt[index % count].append(person)
    return dealt


def mixed_by_category(
    people: Sequence[tuple[int, str]], groups: int, allow_single: bool = False
) -> list[list[int]]:
    """Deal people so each group gets a share of every category.

    Categories are dealt one after the other (largest first), continuing the turn
    where the previous category stopped, so sizes still differ by at most one and
    each group mixes associations, companies and the rest as far as numbers allow.
    """
    by_category: dict[str, list[int]] = defaultdict(list)
    for person, category in people:
        by_category[category].append(person)
    ordered = sorted(by_category.values(), key=len, reverse=True)
    return balanced([p for members in ordered for p in members], groups, allow_single)
