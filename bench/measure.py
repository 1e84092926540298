"""Shared measuring helpers: wall, CPU and loop stall of one phase; bounded fan-out."""

from __future__ import annotations

import asyncio
import contextlib
import resource
import sys
import time
from collections import Counter
from collections.abc import AsyncIterator, Awaitable, Callable, Sequence
from dataclasses import dataclass, field

from .loopmon import LoopMonitor


@dataclass(slots=True)
class Phase:
    """What one measured phase cost this process."""

    name: str
    wall_s: float = 0.0
    cpu_s: float = 0.0
    max_stall_ms: float = 0.0
    max_stall_cpu_ms: float = 0.0
    errors: Counter[str] = field(default_factory=Counter)

    def cpu_ms_per(self, count: int) -> float:
        """CPU milliseconds per item (camera)."""
        return self.cpu_s * 1000 / max(count, 1)

    def best(self, other: Phase) -> Phase:
        """Best of two rounds: the lowest of each figure, the errors of both.

        The machine is shared, so noise only ever adds time; the lowest figure of a
        few rounds is the closest to what the code itself costs.
        """
        return Phase(
            self.name,
            min(self.wall_s, other.wall_s),
            min(self.cpu_s, other.cpu_s),
            min(self.max_stall_ms, other.max_stall_ms),
            min(self.max_stall_cpu_ms, other.max_stall_cpu_ms),
            self.errors + other.errors,
        )


@contextlib.asynccontextmanager
async def measured(name: str) -> AsyncIterator[Phase]:
    """Measure the body's wall time, this process's CPU time and the worst loop stall."""
    phase = Phase(name)
    async with LoopMonitor() as monitor:
        cpu_start = time.process_time()
        wall_start = time.perf_counter()
        yield phase
        phase.wall_s = time.perf_counter() - wall_start
        phase.cpu_s = time.process_time() - cpu_start
    phase.max_stall_ms = monitor.max_stall_ms
    phase.max_stall_cpu_ms = max(monitor.max_stall_cpu_ms, 0.0)


def log_phase(phase: Phase, count: int, suffix: str = "") -> None:
    """One human-readable line per measured phase, on stderr."""
    errors = f", errors {dict(phase.errors)}" if phase.errors else ""
    sys.stderr.write(
        f"{phase.name}{suffix}: {count} cameras, {phase.wall_s:.2f} s wall, "
        f"{phase.cpu_ms_per(count):.2f} ms CPU/camera, worst loop stall "
        f"{phase.max_stall_ms:.1f} ms ({phase.max_stall_cpu_ms:.1f} ms of it CPU){errors}\n"
    )


async def fan_out[T, R](
    items: Sequence[T],
    work: Callable[[T], Awaitable[R]],
    concurrency: int,
    errors: Counter[str],
) -> list[R | None]:
    """Run work(item) for every item, at most `concurrency` at once.

    A failure is counted by exception type in `errors` and gives None: one broken
    camera must not end the sweep (the integration isolates cameras the same way).
    """
    limit = asyncio.Semaphore(concurrency)

    async def one(item: T) -> R | None:
        async with limit:
            try:
                return await work(item)
            except Exception as err:  # counted and reported, by type
                errors[type(err).__name__] += 1
                return None

    return await asyncio.gather(*(one(item) for item in items))


def peak_rss_kib() -> int:
    """Peak resident set size of this process so far (Linux reports KiB)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss


def current_rss_kib() -> int:
    """Resident set size of this process now."""
    with open("/proc/self/statm", encoding="ascii") as statm:
        pages = int(statm.read().split()[1])
    return pages * resource.getpagesize() // 1024
