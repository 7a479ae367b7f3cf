"""Sub-groups of a workshop: each answers its own prompts."""

from sqlalchemy import ForeignKey, Integer, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from workshop.db import Base


class Group(Base):
    __tablename__ = "groups"
    __table_args__ = (UniqueConstraint("workshop_id", "name"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    workshop_id: Mapped[int] = mapped_column(
        ForeignKey("workshops.id", ondelete="CASCADE"), index=True
    )
    name: Mapped[str] = mapped_column(String(80))
    colour: Mapped[str] = mapped_column(String(7), default="")
    leaders: Mapped[str] = mapped_column(String(200), default="")
    position: Mapped[int] = mapped_column(Integer, default=0)
