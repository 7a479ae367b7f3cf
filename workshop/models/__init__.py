"""Tables only: every model the app stores, imported here so metadata knows them all."""

from workshop.models.board import Card, Comment, ModerationAction, Synthesis
from workshop.models.group import Group
from workshop.models.minutes import MinutesAction, MinutesRecord
from workshop.models.participant import Participant
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

__all__ = [
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
    "Synthesis",
    "Vote",
    "VoteApproval",
    "VoteCandidate",
    "VoteDot",
    "VoteRank",
    "VoteRunoff",
    "Workshop",
]
