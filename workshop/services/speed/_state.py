"""Where a speed meeting stands, read once for a page or a push."""

from dataclasses import dataclass

from workshop.db import utcnow
from workshop.domain.rotation import Plan
from workshop.domain.timer import Timer
from workshop.models import Activity, SpeedMeeting
from workshop.services.speed import _store as store


@dataclass(frozen=True)
class SpeedState:
    """A speed meeting's plan and progress: `current` is the round under way (0: none yet;
    after `finished`, the last round held)."""

    activity: Activity
    row: SpeedMeeting | None
    plan: Plan | None
    current: int
    finished: bool
    timer: Timer | None
    remaining: float | None

    @property
    def rounds(self) -> int:
        return len(self.plan.rounds) if self.plan else 0

    @property
    def started(self) -> bool:
        return self.current > 0

    @property
    def running(self) -> bool:
        return bool(self.timer and self.timer.running)

    @property
    def version(self) -> int:
        return self.row.version if self.row else 0

    @property
    def slot_key(self) -> str:
        """Name what a phone's own part depends on: the plan, the round, the end."""
        done = "f" if self.finished else "l"
        return f"{self.activity.id}-{self.version}-{self.current}-{done}"


def state_of(activity: Activity) -> SpeedState:
    """Read a speed meeting's plan, round and countdown."""
    row = store.meeting_of(activity)
    plan = store.plan_of(row)
    current = row.current_round if row else 0
    finished = bool(row and row.finished_at)
    timer = store.round_timer(row) if row and current else None
    remaining = timer.remaining_at(utcnow()) if timer else None
    return SpeedState(activity, row, plan, current, finished, timer, remaining)
