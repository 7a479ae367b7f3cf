"""Who sees what: results per audience, plenary boards, boards open for phones."""

import pytest

from workshop.domain.agenda import WorkshopState
from workshop.domain.visibility import Audience, is_plenary, open_for_phones, results_visible


@pytest.mark.parametrize(("revealed", "live"), [(False, False), (False, True), (True, False)])
def test_the_console_always_sees_the_results(revealed, live):
    assert results_visible(Audience.CONSOLE, revealed=revealed, live_results=live)


def test_the_projector_sees_hidden_results_only_once_revealed():
    assert not results_visible(Audience.SCREEN, revealed=False, live_results=False)
    assert results_visible(Audience.SCREEN, revealed=True, live_results=False)


def test_the_projector_follows_live_results_before_any_reveal():
    assert results_visible(Audience.SCREEN, revealed=False, live_results=True)


def test_phones_never_see_live_results_before_the_reveal():
    assert not results_visible(Audience.PHONE, revealed=False, live_results=True)
    assert results_visible(Audience.PHONE, revealed=True, live_results=False)


def test_a_board_in_plenary_mode_is_one_pool_even_with_groups():
    assert is_plenary({"mode": "plenary"}, has_groups=True)


def test_a_board_of_a_workshop_without_groups_is_one_pool_whatever_its_mode():
    assert is_plenary({"mode": "groups"}, has_groups=False)
    assert is_plenary({}, has_groups=False)


def test_a_group_board_with_groups_is_one_board_per_group():
    assert not is_plenary({"mode": "groups"}, has_groups=True)
    assert not is_plenary({}, has_groups=True)


def test_phones_write_only_on_the_open_board_on_screen_of_a_live_workshop():
    assert open_for_phones(workshop_live=True, on_screen=True, closed=False)
    assert not open_for_phones(workshop_live=True, on_screen=True, closed=True)
    assert not open_for_phones(workshop_live=True, on_screen=False, closed=False)
    assert not open_for_phones(workshop_live=False, on_screen=True, closed=False)


def test_a_workshop_state_compares_equal_to_the_word_the_database_stores():
    assert WorkshopState.LIVE == "live" and WorkshopState("ended") is WorkshopState.ENDED
