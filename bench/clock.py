"""A global deadline for the whole run, and a probe of the generator's own event-loop lag."""

import asyncio
import time


class Deadline:
    """Every wait of the run is bounded by this moment (monotonic seconds)."""

    def __init__(self, seconds: float):
        self.at = time.monotonic() + seconds

    def left(self, cap: float | None = None) -> float:
        remaining = max(0.0, self.at - time.monotonic())
        return remaining if cap is None else min(cap, remaining)

    def passed(self) -> bool:
        return time.monotonic() >= self.at

    def check(self, what: str) -> None:
        if self.passed():
            raise TimeoutError(f"global deadline passed during {what}")


class LoopLag:
    """How late the generator's event loop wakes up: high lag means the client is the bottleneck."""

    def __init__(self, period: float = 0.02):
        self.period, self.samples = period, []
        self._task: asyncio.Task | None = None

    async def _run(self):
        while True:
            before = time.perf_counter()
            await asyncio.sleep(self.period)
            self.samples.append((time.perf_counter() - before - self.period) * 1000)

    def start(self):
        self.samples = []
        self._task = asyncio.get_running_loop().create_task(self._run())

    async def stop(self) -> list[float]:
        if self._task is not None:
            self._task.cancel()
            try:
                await self._task
            except asyncio.CancelledError:
                pass
        return self.samples
