"""Boards: the cards of scenario and brainstorm activities, and their moderation.

One function per user action. Participants (and the facilitator) write cards, comments
and syntheses; the facilitator moderates (rename, hide, pin, move, merge, undo) and types
a group's paper answers; a group's reporter types them from their own device. Reading
functions serve the presenters and the minutes. Everything else in this package is
private to it.
"""

from workshop.services.boards._actor import FACILITATOR, Actor
from workshop.services.boards._answers import GroupBoard, HeadingView, group_boards
from workshop.services.boards._authors import UNNAMED, author_names, is_named, nameable_name
from workshop.services.boards._cards import (
    COMMENT_MAX,
    HEADING_MAX,
    SUBPOINT_MAX,
    SYNTHESIS_MAX,
    add_card,
    add_comment,
    board_activity,
    cards_of,
    clean_card_text,
    comments_of,
    delete_card,
    delete_comment,
    edit_card,
    find_card,
    group_of,
    is_open,
    merged_cards,
    own_cards,
    save_synthesis,
    set_board_state,
    syntheses_of,
)
from workshop.services.boards._moderation import (
    merge_cards,
    moderation_log,
    move_card,
    rename_card,
    set_flag,
    undo_action,
)
from workshop.services.boards._quick_entry import (
    check_reporter,
    columns_of,
    is_reporter,
    quick_entry,
    reporters_of,
    set_reporter,
)

__all__ = [
    "COMMENT_MAX",
    "FACILITATOR",
    "HEADING_MAX",
    "SUBPOINT_MAX",
    "SYNTHESIS_MAX",
    "UNNAMED",
    "Actor",
    "GroupBoard",
    "HeadingView",
    "add_card",
    "add_comment",
    "author_names",
    "board_activity",
    "cards_of",
    "check_reporter",
    "clean_card_text",
    "columns_of",
    "comments_of",
    "delete_card",
    "delete_comment",
    "edit_card",
    "find_card",
    "group_boards",
    "group_of",
    "is_named",
    "is_open",
    "is_reporter",
    "merge_cards",
    "merged_cards",
    "moderation_log",
    "move_card",
    "nameable_name",
    "own_cards",
    "quick_entry",
    "rename_card",
    "reporters_of",
    "save_synthesis",
    "set_board_state",
    "set_flag",
    "set_reporter",
    "syntheses_of",
    "undo_action",
]
