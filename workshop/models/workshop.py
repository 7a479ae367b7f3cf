"""A workshop and its agenda of activities."""

import datetime as dt
from collections.abc import Mapping
from datetime import datetime

from sqlalchemy import (
    JSON,
    Boolean,
    CheckConstraint,
    Date,
    DateTime,
    Float,
    ForeignKey,
    Integer,
    String,
    Text,
    Time,
    false,
    true,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from workshop.db import Base, utcnow
from workshop.domain import parallel
from workshop.domain.agenda import WorkshopState

WORKSHOP_STATES = ("draft", "live", "ended")


def group_in(settings: Mapping) -> int | None:
    """Return the one sub-group an activity's settings give it (None: everyone). A board
    and a vote may be for one group (their `group_id`); no other kind names one."""
    return settings.get("group_id") or None


class Workshop(Base):
    __tablename__ = "workshops"
    __table_args__ = (
        CheckConstraint("state IN ('draft', 'live', 'ended')", name="state"),
        CheckConstraint("language IN ('fr', 'en')", name="language"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    join_code: Mapped[str] = mapped_column(String(12), unique=True)
    facilitator_token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    screen_key: Mapped[str] = mapped_column(String(64), unique=True)
    # What a browser's cookie holds besides the workshop: the grant it was given at. Logging
    # out or replacing a link moves the workshop on, and every earlier cookie stops working.
    facilitator_grant: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    screen_grant: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    title: Mapped[str] = mapped_column(String(200))
    series_label: Mapped[str] = mapped_column(String(80), default="")
    theme: Mapped[str] = mapped_column(String(200), default="")
    context: Mapped[str] = mapped_column(Text, default="")
    date: Mapped[dt.date | None] = mapped_column(Date, nullable=True)
    start_time: Mapped[dt.time | None] = mapped_column(Time)
    end_time: Mapped[dt.time | None] = mapped_column(Time)
    place: Mapped[str] = mapped_column(String(200), default="")
    organiser: Mapped[str] = mapped_column(String(200), default="")
    minutes_author: Mapped[str] = mapped_column(String(200), default="")
    language: Mapped[str] = mapped_column(String(2), default="fr")
    allow_anonymous: Mapped[bool] = mapped_column(Boolean, default=False)
    # Who the minutes name: "all" present (unless the facilitator says not), only those who
    # "agreed" when joining, or "none" (counts only).
    names_in_minutes: Mapped[str] = mapped_column(String(8), default="all")
    # Phones may pick their own sub-group while this is on.
    group_choice_open: Mapped[bool] = mapped_column(Boolean, default=False)
    # New phones may join while this is on ("room full": the facilitator turns it off;
    # people already in, and their personal links, are never affected).
    joining_open: Mapped[bool] = mapped_column(Boolean, default=True, server_default=true())
    categories: Mapped[list[str]] = mapped_column(JSON, default=list)
    state: Mapped[str] = mapped_column(String(8), default=WorkshopState.DRAFT.value)
    # No foreign key: an activity of the agenda, kept consistent by services/agenda.py.
    current_activity_id: Mapped[int | None] = mapped_column(Integer)
    current_since: Mapped[datetime | None] = mapped_column(DateTime)
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    started_at: Mapped[datetime | None] = mapped_column(DateTime)
    ended_at: Mapped[datetime | None] = mapped_column(DateTime)

    activities: Mapped[list["Activity"]] = relationship(
        back_populates="workshop",
        order_by="(Activity.position, Activity.id)",
        cascade="all, delete-orphan",
    )

    groups: Mapped[list["Group"]] = relationship(  # noqa: F821
        order_by="(Group.position, Group.id)", cascade="all, delete-orphan"
    )

    @property
    def is_draft(self) -> bool:
        return self.state == WorkshopState.DRAFT

    @property
    def is_live(self) -> bool:
        return self.state == WorkshopState.LIVE

    @property
    def is_ended(self) -> bool:
        return self.state == WorkshopState.ENDED

    @property
    def current_activity(self) -> "Activity | None":
        return next((a for a in self.activities if a.id == self.current_activity_id), None)

    @property
    def current_index(self) -> int | None:
        """The place of the activity on screen in the agenda (None before the start)."""
        ids = [a.id for a in self.activities]
        return ids.index(self.current_activity_id) if self.current_activity_id in ids else None

    @property
    def slots(self) -> list[parallel.Slot]:
        """The agenda as the parallel rules see it: each activity's one group, if it still
        exists (a mark made for a group deleted since simply no longer holds)."""
        groups = {group.id for group in self.groups}
        return [
            parallel.Slot(a.id, a.group_id if a.group_id in groups else None, bool(a.with_previous))
            for a in self.activities
        ]

    @property
    def live_activities(self) -> list["Activity"]:
        """The activities live now: the one on screen and those running with it."""
        if not self.is_live:
            return []
        if not any(a.with_previous for a in self.activities):
            # No entry marked to run with the one before it: no block holds two (a mark is
            # what joins one), so a push reads neither the groups nor the settings.
            current = self.current_activity
            return [current] if current is not None else []
        ids = parallel.live_ids(self.slots, self.current_index)
        return [a for a in self.activities if a.id in ids]

    @property
    def runs_in_parallel(self) -> bool:
        """Whether several groups' activities are live at once."""
        return len(self.live_activities) > 1

    def is_live_activity(self, activity: "Activity") -> bool:
        return any(a.id == activity.id for a in self.live_activities)

    def activity_for_group(self, group_id: int | None) -> "Activity | None":
        """Return the live activity a member of `group_id` (None: no group) takes part in:
        the one on screen, or their own group's while groups run in parallel (None for the
        others then: they follow the projector's overview)."""
        live = [a.id for a in self.live_activities]
        if not live:
            return None
        seen = parallel.seen_by(self.slots, live, group_id)
        return next((a for a in self.activities if a.id == seen), None)


class Activity(Base):
    __tablename__ = "activities"
    __table_args__ = (
        CheckConstraint("planned_minutes >= 0 AND planned_minutes <= 1440", name="planned"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    workshop_id: Mapped[int] = mapped_column(
        ForeignKey("workshops.id", ondelete="CASCADE"), index=True
    )
    position: Mapped[int] = mapped_column(Integer, default=0)
    kind: Mapped[str] = mapped_column(String(20))
    title: Mapped[str] = mapped_column(String(200))
    instruction: Mapped[str] = mapped_column(Text, default="")
    planned_minutes: Mapped[int] = mapped_column(Integer, default=0)
    settings: Mapped[dict] = mapped_column(JSON, default=dict)
    started_at: Mapped[datetime | None] = mapped_column(DateTime)
    ended_at: Mapped[datetime | None] = mapped_column(DateTime)
    active_seconds: Mapped[float] = mapped_column(Float, default=0.0)
    timer_running_since: Mapped[datetime | None] = mapped_column(DateTime)
    timer_elapsed_seconds: Mapped[float] = mapped_column(Float, default=0.0)
    # Runs at the same time as the activity before it (each for its own sub-group): see
    # workshop/domain/parallel.py for when the mark holds.
    with_previous: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())

    workshop: Mapped[Workshop] = relationship(back_populates="activities")

    @property
    def group_id(self) -> int | None:
        """The one sub-group this activity is for (None: everyone)."""
        return group_in(self.settings or {})

    @property
    def group(self) -> "Group | None":  # noqa: F821
        """That sub-group, while it exists."""
        return next((g for g in self.workshop.groups if g.id == self.group_id), None)
