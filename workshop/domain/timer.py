"""An activity's countdown: start, pause, reset, and what remains at any instant."""

from dataclasses import dataclass, replace
from datetime import datetime


@dataclass(frozen=True)
class Timer:
    duration: float  # seconds planned
    elapsed: float = 0.0  # seconds run before the current run
    running_since: datetime | None = None

    @property
    def running(self) -> bool:
        return self.running_since is not None

    def elapsed_at(self, now: datetime) -> float:
        """Return the seconds run so far, counting the current run."""
        if self.running_since is None:
            return self.elapsed
        return self.elapsed + max(0.0, (now - self.running_since).total_seconds())

    def remaining_at(self, now: datetime) -> float:
        """Return the seconds left; negative once the time is over (shown as overtime)."""
        return self.duration - self.elapsed_at(now)

    def start(self, now: datetime) -> "Timer":
        """Start or resume; starting a running timer changes nothing."""
        return self if self.running else replace(self, running_since=now)

    def pause(self, now: datetime) -> "Timer":
        """Pause, keeping the time run; pausing a paused timer changes nothing."""
        if not self.running:
            return self
        return replace(self, elapsed=self.elapsed_at(now), running_since=None)

    def extend(self, seconds: float) -> "Timer":
        """Give `seconds` more, running or not; the planned duration stays as planned.

        The extra time is counted as time not yet run, so a timer already over
        (negative remaining) comes back by exactly `seconds`.
        """
        return replace(self, elapsed=self.elapsed - seconds)

    def reset(self) -> "Timer":
        """Stop and go back to the full duration."""
        return replace(self, elapsed=0.0, running_since=None)
