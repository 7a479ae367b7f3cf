"""A person in the room: joined from a phone, or added by the facilitator."""

from datetime import datetime

from sqlalchemy import Boolean, DateTime, ForeignKey, Index, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from workshop.db import Base, utcnow


class Participant(Base):
    __tablename__ = "participants"
    __table_args__ = (
        Index("ix_participants_present", "workshop_id", "removed_at"),
        UniqueConstraint("workshop_id", "join_key"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    workshop_id: Mapped[int] = mapped_column(ForeignKey("workshops.id", ondelete="CASCADE"))
    first_name: Mapped[str] = mapped_column(String(80), default="")
    surname: Mapped[str] = mapped_column(String(80), default="")
    organisation: Mapped[str] = mapped_column(String(120), default="")
    category: Mapped[str] = mapped_column(String(40), default="")
    # What they are here as, beyond their category (elected official, speaker, referent):
    # the minutes print it where the facilitator chose to.
    role: Mapped[str] = mapped_column(String(80), default="")
    group_id: Mapped[int | None] = mapped_column(
        ForeignKey("groups.id", ondelete="SET NULL"), index=True
    )
    anonymous: Mapped[bool] = mapped_column(Boolean, default=False)
    has_phone: Mapped[bool] = mapped_column(Boolean, default=True)
    nameable: Mapped[bool] = mapped_column(Boolean, default=True)
    # sha256 of the personal rejoin secret; none for people without a phone.
    rejoin_hash: Mapped[str | None] = mapped_column(String(64), unique=True)
    locale: Mapped[str] = mapped_column(String(2), default="fr")
    # The join form's one-time key: a retried join finds this person instead of a twin.
    join_key: Mapped[str | None] = mapped_column(String(64))
    joined_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    removed_at: Mapped[datetime | None] = mapped_column(DateTime)
    # Two lines of the roster found to be one person: the other line is removed and
    # points here, so the cookie and rejoin link of either bring the phone to this one.
    merged_into_id: Mapped[int | None] = mapped_column(
        ForeignKey("participants.id", ondelete="SET NULL")
    )

    @property
    def present(self) -> bool:
        return self.removed_at is None

    @property
    def display_name(self) -> str:
        if self.anonymous:
            return ""
        return f"{self.first_name} {self.surname}".strip()
