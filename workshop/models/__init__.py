"""Tables only: every model the app stores, imported here so metadata knows them all."""

from workshop.models.board import Card, Comment, ModerationAction, Synthesis
from workshop.models.group import Group
from workshop.models.participant import Participant
from workshop.models.workshop import Activity, Workshop

__all__ = [
    "Activity",
    "Card",
    "Comment",
    "Group",
    "ModerationAction",
    "Participant",
    "Synthesis",
    "Workshop",
]
