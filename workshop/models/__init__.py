"""Tables only: every model the app stores, imported here so metadata knows them all."""

from workshop.db import Base
from workshop.models.board import Card, Comment, ModerationAction, Synthesis
from workshop.models.group import Group
from workshop.models.minutes import MinutesAction, MinutesRecord
from workshop.models.participant import Participant
from workshop.models.speed import (
    SpeedFollowUp,
    SpeedGroup,
    SpeedMeeting,
    SpeedPerson,
    SpeedRound,
    SpeedWish,
)
from workshop.models.vote import (
    FollowUp,
    IdempotencyKey,
    Vote,
    VoteApproval,
    VoteCandidate,
    VoteDot,
    VoteRank,
    VoteRunoff,
)
from workshop.models.workshop import Activity, Workshop


def create_all(app) -> None:
    """Create every table directly (tests); real instances use `db.upgrade` (Alembic)."""
    Base.metadata.create_all(app.extensions["db"]["engine"])


__all__ = [
    "create_all",
    "Activity",
    "Card",
    "Comment",
    "FollowUp",
    "Group",
    "IdempotencyKey",
    "MinutesAction",
    "MinutesRecord",
    "ModerationAction",
    "Participant",
    "SpeedFollowUp",
    "SpeedGroup",
    "SpeedMeeting",
    "SpeedPerson",
    "SpeedRound",
    "SpeedWish",
    "Synthesis",
    "Vote",
    "VoteApproval",
    "VoteCandidate",
    "VoteDot",
    "VoteRank",
    "VoteRunoff",
    "Workshop",
]
