"""Speed meetings: the plan of rounds, the rounds held, wishes and follow-ups.

What the database bounds, whatever the service does:
- one plan per activity (`speed_meetings`, keyed by the activity), a round held once
  (`speed_rounds`, keyed by activity and number, number >= 1);
- one line per person and speed meeting (`speed_people`: host, side, contact consent);
- a wish or a follow-up mark at most once per (activity, person, other), never about
  oneself: two parallel taps cannot write two marks, and a mark is never about its
  author. The note of a mark is at most 300 characters.
What the service checks (inside its write transaction): that the two met, that the
round asked for is the next one, that marks come from the phone's own participant.
"""

from datetime import datetime

from sqlalchemy import (
    JSON,
    Boolean,
    CheckConstraint,
    DateTime,
    Float,
    ForeignKey,
    Integer,
    String,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column

from workshop.db import Base, utcnow

NOTE_MAX = 300
CONTACT_MAX = 200
SIDES = ("", "a", "b", "out")


class SpeedMeeting(Base):
    """The plan of one speed-meeting activity, and where its rounds stand.

    `rounds` is the whole plan (held rounds included, as held); `settings` the planner's
    settings it was made with; `inputs` a digest of the roster, hosts, wishes and
    history it follows (another digest now: the plan is out of date). `version` grows
    at every change of the plan: phones refetch their place when it does. The current
    round's countdown is `round_elapsed` + the run since `round_running_since`, out of
    the round's seconds plus `round_extra_seconds`.
    """

    __tablename__ = "speed_meetings"
    __table_args__ = (
        CheckConstraint("current_round >= 0", name="current_round"),
        CheckConstraint("round_extra_seconds >= 0", name="extra"),
    )

    activity_id: Mapped[int] = mapped_column(
        ForeignKey("activities.id", ondelete="CASCADE"), primary_key=True
    )
    seed: Mapped[int] = mapped_column(Integer, default=0)
    settings: Mapped[dict] = mapped_column(JSON, default=dict)
    rounds: Mapped[list] = mapped_column(JSON, default=list)
    tables: Mapped[int] = mapped_column(Integer, default=0)
    tables_wanted: Mapped[int] = mapped_column(Integer, default=0)
    inputs: Mapped[str] = mapped_column(String(64), default="")
    # Why the plan could not follow the roster (a refusal's code and params), if so.
    problem: Mapped[dict | None] = mapped_column(JSON)
    version: Mapped[int] = mapped_column(Integer, default=0)
    planned_at: Mapped[datetime | None] = mapped_column(DateTime)
    current_round: Mapped[int] = mapped_column(Integer, default=0)
    round_elapsed: Mapped[float] = mapped_column(Float, default=0.0)
    round_running_since: Mapped[datetime | None] = mapped_column(DateTime)
    round_extra_seconds: Mapped[int] = mapped_column(Integer, default=0)
    finished_at: Mapped[datetime | None] = mapped_column(DateTime)
    sound: Mapped[bool] = mapped_column(Boolean, default=False)
    # An earlier speed meeting (here or in another workshop) whose meetings are the history.
    history_activity_id: Mapped[int | None] = mapped_column(
        ForeignKey("activities.id", ondelete="SET NULL")
    )


class SpeedRound(Base):
    """A round held: its tables as they were when it started, never changed after."""

    __tablename__ = "speed_rounds"
    __table_args__ = (CheckConstraint("number >= 1", name="number"),)

    activity_id: Mapped[int] = mapped_column(
        ForeignKey("speed_meetings.activity_id", ondelete="CASCADE"), primary_key=True
    )
    number: Mapped[int] = mapped_column(Integer, primary_key=True)
    tables: Mapped[list] = mapped_column(JSON, default=list)  # [[number, [side A], [side B]]]
    idle: Mapped[list] = mapped_column(JSON, default=list)
    started_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    ended_at: Mapped[datetime | None] = mapped_column(DateTime)


class SpeedPerson(Base):
    """One person's part in a speed meeting: host, side, and what they share on a match."""

    __tablename__ = "speed_people"
    __table_args__ = (CheckConstraint("side IN ('', 'a', 'b', 'out')", name="side"),)

    activity_id: Mapped[int] = mapped_column(
        ForeignKey("activities.id", ondelete="CASCADE"), primary_key=True
    )
    participant_id: Mapped[int] = mapped_column(
        ForeignKey("participants.id", ondelete="CASCADE"), primary_key=True
    )
    host: Mapped[bool] = mapped_column(Boolean, default=False)
    # "" follows the person's category; "a", "b" or "out" is the facilitator's choice.
    side: Mapped[str] = mapped_column(String(3), default="")
    shares_contact: Mapped[bool] = mapped_column(Boolean, default=False)
    contact: Mapped[str] = mapped_column(String(CONTACT_MAX), default="")


class SpeedWish(Base):
    """ "I'd like to meet ...", entered before the rounds by a phone or the facilitator."""

    __tablename__ = "speed_wishes"
    __table_args__ = (
        UniqueConstraint("activity_id", "person_id", "wanted_id"),
        CheckConstraint("person_id <> wanted_id", name="not_self"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    activity_id: Mapped[int] = mapped_column(
        ForeignKey("activities.id", ondelete="CASCADE"), index=True
    )
    person_id: Mapped[int] = mapped_column(ForeignKey("participants.id", ondelete="CASCADE"))
    wanted_id: Mapped[int] = mapped_column(ForeignKey("participants.id", ondelete="CASCADE"))
    by_facilitator: Mapped[bool] = mapped_column(Boolean, default=False)
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)


class SpeedFollowUp(Base):
    """ "I'd like to follow up": one person's mark about someone they met, with a note.

    Private to its author: the other person learns of it only when they marked back (a
    match), the facilitator only counts marks.
    """

    __tablename__ = "speed_follow_ups"
    __table_args__ = (
        UniqueConstraint("activity_id", "person_id", "other_id"),
        CheckConstraint("person_id <> other_id", name="not_self"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    activity_id: Mapped[int] = mapped_column(
        ForeignKey("activities.id", ondelete="CASCADE"), index=True
    )
    person_id: Mapped[int] = mapped_column(ForeignKey("participants.id", ondelete="CASCADE"))
    other_id: Mapped[int] = mapped_column(
        ForeignKey("participants.id", ondelete="CASCADE"), index=True
    )
    note: Mapped[str] = mapped_column(String(NOTE_MAX), default="")
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)


class SpeedGroup(Base):
    """A sub-group of the workshop formed from mutual follow-ups (a project group)."""

    __tablename__ = "speed_groups"

    group_id: Mapped[int] = mapped_column(
        ForeignKey("groups.id", ondelete="CASCADE"), primary_key=True
    )
    activity_id: Mapped[int] = mapped_column(
        ForeignKey("activities.id", ondelete="CASCADE"), index=True
    )
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
