"""Event-loop stall monitor: how late a 5 ms sleep wakes up while the work runs.

Home Assistant runs every integration on one event loop; any callback that holds
the loop delays all of them. The worst lateness of a short periodic sleep is the
longest stall anything caused during the measured window.

On a shared machine the process can also be descheduled, which looks like a stall
but is not our code's doing; so the monitor also records the main thread's CPU
time within the worst interval (the part of a stall the loop itself spent).
"""

from __future__ import annotations

import asyncio
import contextlib
import time
from types import TracebackType

TICK_S = 0.005


class LoopMonitor:
    """Async context manager that records the worst event-loop stall inside it."""

    def __init__(self, tick_s: float = TICK_S) -> None:
        self.tick_s = tick_s
        self.max_stall_s = 0.0
        self.max_stall_cpu_s = 0.0
        self._task: asyncio.Task[None] | None = None

    async def _watch(self) -> None:
        while True:
            before = time.perf_counter()
            cpu_before = time.thread_time()
            await asyncio.sleep(self.tick_s)
            late = time.perf_counter() - before - self.tick_s
            self.max_stall_s = max(self.max_stall_s, late)
            busy = time.thread_time() - cpu_before - self.tick_s
            self.max_stall_cpu_s = max(self.max_stall_cpu_s, busy)

    async def __aenter__(self) -> LoopMonitor:
        """Start watching."""
        self._task = asyncio.create_task(self._watch())
        await asyncio.sleep(0)  # let the watcher take its first timestamp
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        """Stop watching."""
        if self._task is not None:
            self._task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._task

    @property
    def max_stall_ms(self) -> float:
        """The worst lateness seen, in milliseconds."""
        return self.max_stall_s * 1000

    @property
    def max_stall_cpu_ms(self) -> float:
        """The most loop CPU time beyond one tick within a single tick, in milliseconds."""
        return self.max_stall_cpu_s * 1000
