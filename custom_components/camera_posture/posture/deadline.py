"""One overall deadline for every conversation with cameras and the LAN.

Every request has its own timeout, but a hostile or broken camera can make each
vendor detector wait out its own (7 detectors x 10 s), and a drip of one byte
every half second keeps a per-read timeout happy for ever. So one audit, one
connection test of the config flow, one CLI run and one discovery also end at
this deadline: past it the camera is unavailable for this cycle (never "secure").
Generous for an honest camera, whose audit takes well under a second on a LAN.

Callers read `deadline.AUDIT_DEADLINE_S` at call time, so this one constant
bounds them all (and tests can shorten it in one place).
"""

from __future__ import annotations

import asyncio
import functools
import math
from collections.abc import Awaitable, Callable, Coroutine
from typing import Any

from .errors import AuditTimeout

AUDIT_DEADLINE_S = 60.0


def within_deadline[**P, R](
    func: Callable[P, Awaitable[R]],
) -> Callable[P, Coroutine[Any, Any, R]]:
    """Bound a coroutine function by AUDIT_DEADLINE_S; past it, raise AuditTimeout."""

    @functools.wraps(func)
    async def bounded(*args: P.args, **kwargs: P.kwargs) -> R:
        limit = AUDIT_DEADLINE_S
        try:
            async with asyncio.timeout(limit):
                return await func(*args, **kwargs)
        except TimeoutError as err:
            raise AuditTimeout(f"no complete answer within {limit:g} s") from err

    return bounded


def bounded_wait(wait_s: float) -> float:
    """A wait that is finite and within the deadline (NaN and infinities included)."""
    if math.isnan(wait_s):
        return AUDIT_DEADLINE_S
    return min(max(wait_s, 0.0), AUDIT_DEADLINE_S)
