"""Scenario and brainstorm answers: cards (headings and sub-points), comments, syntheses,
and the moderation log that makes every change undoable.

Prompts live in the activity's settings (see workshop/kinds/boards.py)."""

from datetime import datetime

from sqlalchemy import (
    JSON,
    Boolean,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column

from workshop.db import Base, utcnow


class Card(Base):
    """A heading (parent_id None) or a sub-point under a heading.

    In a board, a heading sits in `column` and `row`; headings sharing a row face
    each other across the columns. `version` grows with every edit, so two people
    editing at once cannot silently overwrite each other.
    """

    __tablename__ = "cards"
    __table_args__ = (Index("ix_cards_activity_group", "activity_id", "group_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    activity_id: Mapped[int] = mapped_column(ForeignKey("activities.id", ondelete="CASCADE"))
    group_id: Mapped[int | None] = mapped_column(ForeignKey("groups.id", ondelete="SET NULL"))
    parent_id: Mapped[int | None] = mapped_column(
        ForeignKey("cards.id", ondelete="CASCADE"), index=True
    )
    column: Mapped[int] = mapped_column(Integer, default=0)
    row: Mapped[int] = mapped_column(Integer, default=0)
    position: Mapped[int] = mapped_column(Integer, default=0)
    text: Mapped[str] = mapped_column(String(500))
    author_id: Mapped[int | None] = mapped_column(
        ForeignKey("participants.id", ondelete="SET NULL")
    )
    by_facilitator: Mapped[bool] = mapped_column(Boolean, default=False)
    version: Mapped[int] = mapped_column(Integer, default=1)
    hidden: Mapped[bool] = mapped_column(Boolean, default=False)
    pinned: Mapped[bool] = mapped_column(Boolean, default=False)
    candidate: Mapped[bool] = mapped_column(Boolean, default=False)
    merged_into_id: Mapped[int | None] = mapped_column(ForeignKey("cards.id", ondelete="SET NULL"))
    # Where a merged card came from: [{"group": name, "authors": [names]}].
    origins: Mapped[list] = mapped_column(JSON, default=list)
    deleted: Mapped[bool] = mapped_column(Boolean, default=False)
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)

    @property
    def visible(self) -> bool:
        return not (self.deleted or self.merged_into_id)


class Comment(Base):
    """A facilitator's comment on one card, or on the whole activity (card_id None)."""

    __tablename__ = "comments"

    id: Mapped[int] = mapped_column(primary_key=True)
    activity_id: Mapped[int] = mapped_column(ForeignKey("activities.id", ondelete="CASCADE"))
    card_id: Mapped[int | None] = mapped_column(ForeignKey("cards.id", ondelete="CASCADE"))
    text: Mapped[str] = mapped_column(Text)
    deleted: Mapped[bool] = mapped_column(Boolean, default=False)
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)


class Synthesis(Base):
    """The facilitator's synthesis of one group's answer (paragraphs for the minutes)."""

    __tablename__ = "syntheses"
    __table_args__ = (UniqueConstraint("activity_id", "group_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    activity_id: Mapped[int] = mapped_column(ForeignKey("activities.id", ondelete="CASCADE"))
    group_id: Mapped[int | None] = mapped_column(ForeignKey("groups.id", ondelete="CASCADE"))
    text: Mapped[str] = mapped_column(Text, default="")


class ModerationAction(Base):
    """One recorded moderation change: who, when, what, and how to undo it.

    `changes` maps card ids to {field: [before, after]} (see domain/moderation.py).
    """

    __tablename__ = "moderation_actions"

    id: Mapped[int] = mapped_column(primary_key=True)
    activity_id: Mapped[int] = mapped_column(
        ForeignKey("activities.id", ondelete="CASCADE"), index=True
    )
    kind: Mapped[str] = mapped_column(String(20))
    summary: Mapped[str] = mapped_column(String(300), default="")
    actor: Mapped[str] = mapped_column(String(40), default="facilitator")
    changes: Mapped[dict] = mapped_column(JSON, default=dict)
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    undone_at: Mapped[datetime | None] = mapped_column(DateTime)
