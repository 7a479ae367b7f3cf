"""Votes: the rules in force, the candidates, and ballots bounded by the database itself.

How the constraints bound a ballot, whatever the service does (a burst of parallel
requests, a bug, a script writing straight to the tables):

- `votes` holds the rules in force for one vote activity: method, budget (N dots, or
  K places) and max_per_candidate. Each ballot row copies the rule columns it is bound
  by and points at them with a composite foreign key ON UPDATE CASCADE, so a row's
  copy always equals the vote's own value. Changing a rule rewrites every row, and
  the CHECKs below are evaluated again: lowering a budget below what was spent, or
  changing the method once ballots exist, is refused by the database.
- Dots: a participant's dot takes a `slot` in 1..budget (CHECK) that is UNIQUE per
  (vote, participant), so one participant holds at most `budget` dots: the (N+1)th
  has no free slot. It also takes a `candidate_slot` in 1..max_per_candidate (CHECK),
  UNIQUE per (vote, participant, candidate): at most max_per_candidate dots on one
  candidate (max 1 is "pick N different ones").
- Ranking: `rank` in 1..K (CHECK), UNIQUE per (vote, participant): two candidates
  never share a place; (vote, participant, candidate) UNIQUE: one candidate, one place.
- Approval: (vote, participant, candidate) UNIQUE: one tick per candidate.
- Every ballot row names its candidate with (candidate_id, activity_id), a foreign key
  to the candidate's own (id, activity_id): no vote on another vote's candidate. Each
  table CHECKs its method, so a dot can never be written into a ranking vote.
What the database does not bound (the service does, inside the write transaction):
that the vote is open, that the voter belongs to the workshop (and group), and that
ranks stay contiguous 1..n.
"""

from datetime import datetime

from sqlalchemy import (
    JSON,
    Boolean,
    CheckConstraint,
    DateTime,
    ForeignKey,
    ForeignKeyConstraint,
    Integer,
    String,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column

from workshop.db import Base, utcnow

VOTE_STATES = ("open", "closed")


class Vote(Base):
    """The rules in force and the state of one vote activity (created when first opened)."""

    __tablename__ = "votes"
    __table_args__ = (
        CheckConstraint("method IN ('dots', 'ranking', 'approval')", name="method"),
        CheckConstraint("budget >= 0 AND budget <= 99", name="budget"),
        CheckConstraint("max_per_candidate >= 1 AND max_per_candidate <= 99", name="max"),
        CheckConstraint("state IN ('open', 'closed')", name="state"),
        # The targets of the ballot tables' composite foreign keys.
        UniqueConstraint("activity_id", "method", "budget", "max_per_candidate"),
        UniqueConstraint("activity_id", "method", "budget"),
        UniqueConstraint("activity_id", "method"),
    )

    activity_id: Mapped[int] = mapped_column(
        ForeignKey("activities.id", ondelete="CASCADE"), primary_key=True
    )
    method: Mapped[str] = mapped_column(String(10))
    budget: Mapped[int] = mapped_column(Integer)
    max_per_candidate: Mapped[int] = mapped_column(Integer, default=1)
    state: Mapped[str] = mapped_column(String(8), default="open")
    revealed: Mapped[bool] = mapped_column(Boolean, default=False)
    # The breakdown the projector shows under revealed results: "", "category" or "group".
    screen_breakdown: Mapped[str] = mapped_column(String(8), default="", server_default="")
    opened_at: Mapped[datetime | None] = mapped_column(DateTime)
    closed_at: Mapped[datetime | None] = mapped_column(DateTime)


class VoteCandidate(Base):
    """An orientation on the ballot: a heading, its sub-points and the group that proposed it.

    The group's name is kept as text too: it survives the group's deletion and travels
    into a follow-up workshop, which has groups of its own.
    """

    __tablename__ = "vote_candidates"
    __table_args__ = (UniqueConstraint("id", "activity_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    activity_id: Mapped[int] = mapped_column(
        ForeignKey("activities.id", ondelete="CASCADE"), index=True
    )
    label: Mapped[str] = mapped_column(String(200))
    subpoints: Mapped[list[str]] = mapped_column(JSON, default=list)
    origin_group_id: Mapped[int | None] = mapped_column(
        ForeignKey("groups.id", ondelete="SET NULL")
    )
    origin_group_name: Mapped[str] = mapped_column(String(80), default="")
    # Every group of origin (a heading merged across groups has several); empty when typed.
    origin_group_ids: Mapped[list[int]] = mapped_column(JSON, default=list, server_default="[]")
    source_card_id: Mapped[int | None] = mapped_column(ForeignKey("cards.id", ondelete="SET NULL"))
    # The wording before the facilitator reworded the candidate itself ("" if never): while
    # empty, renaming the source card renames the candidate too.
    reworded_from: Mapped[str] = mapped_column(String(200), default="", server_default="")
    position: Mapped[int] = mapped_column(Integer, default=0)
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)


def _ballot_keys(*rule_columns: str) -> tuple:
    """The foreign keys every ballot table shares: to its candidate and to the rules in force."""
    return (
        # No ON DELETE: a candidate someone voted for cannot be removed (deleting the
        # whole activity still goes through: its ballots go with its `votes` row).
        ForeignKeyConstraint(
            ["candidate_id", "activity_id"], ["vote_candidates.id", "vote_candidates.activity_id"]
        ),
        ForeignKeyConstraint(
            ["activity_id", *rule_columns],
            [f"votes.{c}" for c in ("activity_id", *rule_columns)],
            ondelete="CASCADE",
            onupdate="CASCADE",
        ),
    )


class _BallotRow:
    """Columns every ballot row has."""

    id: Mapped[int] = mapped_column(primary_key=True)
    activity_id: Mapped[int] = mapped_column(Integer)
    participant_id: Mapped[int] = mapped_column(
        ForeignKey("participants.id", ondelete="CASCADE"), index=True
    )
    candidate_id: Mapped[int] = mapped_column(Integer)
    is_proxy: Mapped[bool] = mapped_column(Boolean, default=False)  # entered by the facilitator
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)


class VoteDot(_BallotRow, Base):
    """One dot: slot 1..budget (unique per voter) and candidate_slot 1..max (per candidate)."""

    __tablename__ = "vote_dots"
    __table_args__ = (
        *_ballot_keys("method", "budget", "max_per_candidate"),
        UniqueConstraint("activity_id", "participant_id", "slot"),
        UniqueConstraint("activity_id", "participant_id", "candidate_id", "candidate_slot"),
        CheckConstraint("method = 'dots'", name="method"),
        CheckConstraint("slot >= 1 AND slot <= budget", name="slot_within_budget"),
        CheckConstraint(
            "candidate_slot >= 1 AND candidate_slot <= max_per_candidate",
            name="candidate_slot_within_max",
        ),
    )

    method: Mapped[str] = mapped_column(String(10), default="dots")
    budget: Mapped[int] = mapped_column(Integer)
    max_per_candidate: Mapped[int] = mapped_column(Integer)
    slot: Mapped[int] = mapped_column(Integer)
    candidate_slot: Mapped[int] = mapped_column(Integer)


class VoteRank(_BallotRow, Base):
    """One place of a top-K ranking: rank 1..K, unique per voter; a candidate ranked once."""

    __tablename__ = "vote_ranks"
    __table_args__ = (
        *_ballot_keys("method", "budget"),
        UniqueConstraint("activity_id", "participant_id", "rank"),
        UniqueConstraint("activity_id", "participant_id", "candidate_id"),
        CheckConstraint("method = 'ranking'", name="method"),
        CheckConstraint("rank >= 1 AND rank <= budget", name="rank_within_k"),
    )

    method: Mapped[str] = mapped_column(String(10), default="ranking")
    budget: Mapped[int] = mapped_column(Integer)
    rank: Mapped[int] = mapped_column(Integer)


class VoteApproval(_BallotRow, Base):
    """One tick of an approval vote: a candidate approved at most once per voter."""

    __tablename__ = "vote_approvals"
    __table_args__ = (
        *_ballot_keys("method"),
        UniqueConstraint("activity_id", "participant_id", "candidate_id"),
        CheckConstraint("method = 'approval'", name="method"),
    )

    method: Mapped[str] = mapped_column(String(10), default="approval")


class IdempotencyKey(Base):
    """A participant's action already applied: its key, what it asked, what it answered.

    The key is written in the same transaction as the action, so an action and its key
    are stored together or not at all. The same key again with the same request is
    answered without acting twice; with another request it is refused (409).
    """

    __tablename__ = "idempotency_keys"
    __table_args__ = (UniqueConstraint("participant_id", "key"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    participant_id: Mapped[int] = mapped_column(ForeignKey("participants.id", ondelete="CASCADE"))
    key: Mapped[str] = mapped_column(String(64))
    request_hash: Mapped[str] = mapped_column(String(64))
    status: Mapped[int] = mapped_column(Integer, default=200)
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)


class FollowUp(Base):
    """A workshop that carries on from an earlier one's retained orientations.

    Kept in its own table rather than a column of `workshops`: a link back is all it is,
    and adding a foreign key to `workshops` would rebuild that table on SQLite.
    """

    __tablename__ = "follow_ups"

    workshop_id: Mapped[int] = mapped_column(
        ForeignKey("workshops.id", ondelete="CASCADE"), primary_key=True
    )
    follows_workshop_id: Mapped[int | None] = mapped_column(
        ForeignKey("workshops.id", ondelete="SET NULL"), index=True
    )
    # The vote whose retained orientations were carried over.
    vote_activity_id: Mapped[int | None] = mapped_column(
        ForeignKey("activities.id", ondelete="SET NULL")
    )
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)


class VoteRunoff(Base):
    """A run-off vote and the vote whose cut-off tie it settles.

    Its own table, as FollowUp: the link is all it is, and a column on `activities`
    would rebuild that table on SQLite. The follow-up of a vote settled by a run-off
    combines both: the original's clear part and the run-off's retained.
    """

    __tablename__ = "vote_runoffs"

    activity_id: Mapped[int] = mapped_column(
        ForeignKey("activities.id", ondelete="CASCADE"), primary_key=True
    )
    runoff_of_id: Mapped[int] = mapped_column(
        ForeignKey("activities.id", ondelete="CASCADE"), index=True
    )
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
