"""What only the minutes need: their status and free texts, the next workshop, the actions.

Everything else in the minutes is read from the session itself (cards, syntheses, votes).
"""

import datetime as dt
from datetime import datetime

from sqlalchemy import (
    JSON,
    Boolean,
    CheckConstraint,
    Date,
    DateTime,
    ForeignKey,
    Integer,
    String,
    Text,
)
from sqlalchemy.orm import Mapped, mapped_column

from workshop.db import Base, utcnow

MINUTES_STATUSES = ("draft", "final")


class MinutesRecord(Base):
    """One workshop's minutes settings: draft or final, free texts, the next workshop.

    `left_out` lists the activity ids whose section the facilitator keeps out of the
    document (a coffee break, a warm-up); they stay in the agenda table.
    `people_by_category` lists participants under their category instead of in one list.
    `outline` is the facilitator's outline of the document (domain/minutes_outline.py):
    its parts' order, titles and visibility, its title and options; {} is the default.
    The next workshop is a full `next_date`, else a `next_month` (its day ignored), else
    `next_when` in words ("à fixer").
    """

    __tablename__ = "minutes"
    __table_args__ = (CheckConstraint("status IN ('draft', 'final')", name="status"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    workshop_id: Mapped[int] = mapped_column(
        ForeignKey("workshops.id", ondelete="CASCADE"), unique=True
    )
    status: Mapped[str] = mapped_column(String(5), default="draft")
    introduction: Mapped[str] = mapped_column(Text, default="")
    closing: Mapped[str] = mapped_column(Text, default="")
    left_out: Mapped[list] = mapped_column(JSON, default=list)
    people_by_category: Mapped[bool] = mapped_column(Boolean, default=False)
    next_date: Mapped[dt.date | None] = mapped_column(Date)
    next_deepens: Mapped[str] = mapped_column(String(500), default="")
    next_objectives: Mapped[list] = mapped_column(JSON, default=list)
    next_month: Mapped[dt.date | None] = mapped_column(Date)
    next_when: Mapped[str] = mapped_column(String(100), default="", server_default="")
    outline: Mapped[dict] = mapped_column(JSON, default=dict, server_default="{}")
    updated_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow, onupdate=utcnow)


class MinutesAction(Base):
    """An action decided for after the workshop.

    It belongs to one group (`group_id`), or is transverse (`group_id` None) and shared by
    the groups in `shared_group_ids`. `referents` is [{"person", "organisation"}] as typed
    (either may be empty) or [{"participant_id"}] for someone picked from the roster, whose
    current name and organisation are printed; `needs` is a list of short texts or of
    {"text", "items"} (one level of sub-items); `orientation` names the retained
    orientation it came from.
    """

    __tablename__ = "minutes_actions"

    id: Mapped[int] = mapped_column(primary_key=True)
    workshop_id: Mapped[int] = mapped_column(
        ForeignKey("workshops.id", ondelete="CASCADE"), index=True
    )
    position: Mapped[int] = mapped_column(Integer, default=0)
    title: Mapped[str] = mapped_column(String(200))
    group_id: Mapped[int | None] = mapped_column(ForeignKey("groups.id", ondelete="SET NULL"))
    shared_group_ids: Mapped[list] = mapped_column(JSON, default=list)
    referents: Mapped[list] = mapped_column(JSON, default=list)
    contact: Mapped[str] = mapped_column(String(200), default="")
    description: Mapped[str] = mapped_column(Text, default="")
    needs: Mapped[list] = mapped_column(JSON, default=list)
    orientation: Mapped[str] = mapped_column(String(500), default="")
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
