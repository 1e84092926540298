"""Soak: many audit cycles with right, wrong and changed credentials harm no camera.

The loop plays the integration's part: cameras are audited concurrently each cycle,
and a camera whose audit raised InvalidAuth is not audited again until the user
re-authenticates (Home Assistant's reauth flow) - the engine itself never retries.
"""

from __future__ import annotations

import asyncio
import gc
import tracemalloc
from collections import Counter
from collections.abc import AsyncIterator
from dataclasses import dataclass

import aiohttp
import pytest

from camsim.camera import SimCamera
from camsim.lock import Lockout
from camsim.persona import PERSONAS
from custom_components.camera_posture.posture.audit import audit
from custom_components.camera_posture.posture.errors import InvalidAuth
from custom_components.camera_posture.posture.models import Target
from custom_components.camera_posture.posture.vendors.base import DefaultLoginGuard

from .conftest import HANG_GUARD_S

# Total audits across the fleet, spread over the cycles (sized to keep the suite fast).
AUDITS = 1000
# Memory allocated during the traced last quarter of the soak that may still be held
# at its end. With seven personas that is ~550 KiB, nearly all aiohttp keep-alive
# connection state on the client and simulator sides (bounded by the pools; seen with
# tracemalloc's top statistics). A leak of 4 KiB per audit over the ~250 traced
# audits exceeds the bound.
GROWTH_BOUND_BYTES = 1024 * 1024
SCENARIOS = ("right", "wrong", "changed")


@dataclass(slots=True)
class Managed:
    """One camera as the integration holds it: configured password and reauth state."""

    camera: SimCamera
    scenario: str
    username: str
    password: str
    needs_reauth: bool = False
    invalid_auth: int = 0
    audits_ok: int = 0
    failed_logins: int = 0

    def target(self) -> Target:
        """The camera's address (every service it listens on) with the configured credentials."""
        ports = dict(getattr(self.camera, "ports", {}))
        return Target(
            self.camera.host, self.camera.http_port, self.username, self.password, ports=ports
        )


@pytest.fixture
async def no_loop_debug() -> AsyncIterator[None]:
    """Run without asyncio debug mode (the test harness turns it on for every test).

    Debug mode records a traceback for every scheduled callback: it makes hundreds of
    audits many times slower and its tracebacks would dominate the memory figure.
    """
    loop = asyncio.get_running_loop()
    debug = loop.get_debug()
    loop.set_debug(False)
    yield
    loop.set_debug(debug)


@pytest.fixture
async def fleet() -> AsyncIterator[list[Managed]]:
    """One camera per (persona, scenario); cameras without lockout get a strict one."""
    managed = []
    for name in sorted(PERSONAS):
        for scenario in SCENARIOS:
            persona = PERSONAS[name].persona()
            # Without a lockout rule a camera could not show us harming it.
            persona.lockout = persona.lockout or Lockout(threshold=3, duration_s=3600)
            camera = SimCamera(persona)
            await camera.start()
            username, password = next(iter(persona.users.items()))
            if scenario == "wrong":
                password = "not-" + password
            managed.append(Managed(camera, scenario, username, password))
    yield managed
    for item in managed:
        await item.camera.stop()


async def _cycle(session: aiohttp.ClientSession, item: Managed, guard: DefaultLoginGuard) -> None:
    if item.needs_reauth:
        return
    try:
        result = await asyncio.wait_for(audit(session, item.target(), guard=guard), HANG_GUARD_S)
    except InvalidAuth:
        item.invalid_auth += 1
        item.needs_reauth = True
        return
    assert result.device.serial == item.camera.persona.serial
    item.audits_ok += 1


def _events(item: Managed, cycle: int, cycles: int) -> None:
    """Credential changes and reauths happen at fixed points of the soak."""
    persona = item.camera.persona
    if item.scenario == "changed" and cycle == cycles // 3:
        persona.users[item.username] = "Changed-" + persona.users[item.username]
    if item.needs_reauth and cycle in {cycles // 4, cycles // 2}:
        # The user types the camera's current password into the reauth flow.
        item.password = persona.users[item.username]
        item.needs_reauth = False


def _tally(item: Managed) -> None:
    outcomes = Counter(attempt.outcome for attempt in item.camera.logins)
    assert outcomes["locked"] == 0, f"{item.camera.persona.name} locked out"
    item.failed_logins += outcomes["failed"]
    item.camera.logins.clear()  # keep the simulator's log out of the memory figure
    assert item.camera.takeovers == []


async def test_soak_causes_no_lockout_takeover_or_leak(
    no_loop_debug: None, fleet: list[Managed]
) -> None:
    cycles = max(12, AUDITS // len(fleet))
    guard = DefaultLoginGuard()
    # Tracing slows every allocation several-fold, so only the steady last quarter is
    # traced: whatever it allocated and still holds at the end is growth.
    traced_from = cycles - cycles // 4
    try:
        async with aiohttp.ClientSession() as session:
            for cycle in range(cycles):
                if cycle == traced_from:
                    gc.collect()
                    tracemalloc.start()
                for item in fleet:
                    _events(item, cycle, cycles)
                await asyncio.gather(*(_cycle(session, item, guard) for item in fleet))
                for item in fleet:
                    _tally(item)
            gc.collect()
            growth, _ = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert growth < GROWTH_BOUND_BYTES
    for item in fleet:
        # Every rejected login the audits caused was reported, and each at most once.
        assert item.failed_logins <= item.invalid_auth + len(guard.attempts)
        assert not item.needs_reauth
        assert item.audits_ok > cycles // 3
        if item.scenario == "right":
            assert item.invalid_auth == 0
        else:
            assert item.invalid_auth == 1
