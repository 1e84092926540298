"""50 cameras set up at once: audits share one limit, and the event loop stays responsive.

The longest event-loop stall is measured (bench/loopmon.py) and printed, never asserted:
wall-clock figures depend on the machine. What is asserted is the mechanism: never more
audits at once than the shared limit, and every camera set up and audited.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import AsyncIterator
from typing import Any

import pytest
import pytest_socket
from homeassistant.config_entries import SOURCE_IGNORE, ConfigEntryDisabler, ConfigEntryState
from homeassistant.const import CONF_HOST, CONF_PASSWORD, CONF_PORT, CONF_USERNAME
from homeassistant.core import HomeAssistant
from homeassistant.setup import async_setup_component
from pytest_homeassistant_custom_component.common import MockConfigEntry

from bench.loopmon import LoopMonitor
from custom_components.camera_posture import coordinator as coordinator_module
from custom_components.camera_posture import load as load_module
from custom_components.camera_posture.const import (
    CONF_SERVICES,
    DOMAIN,
    MAX_CONCURRENT_AUDITS,
    MAX_START_JITTER_S,
    START_JITTER_PER_CAMERA_S,
)
from tests.camsim.helpers import camsim_fleet
from tests.posture.helpers import quiet_services

FLEET_SIZE = 50
_LOGGER = logging.getLogger(__name__)


@pytest.fixture
async def cameras(loopback_subnet: None) -> AsyncIterator[list[dict[str, Any]]]:
    """50 simulated cameras in their own process (their work is not on our loop).

    Each on its own loopback address, with its own serial and MAC (`camsim --fleet`).
    """
    async with camsim_fleet(FLEET_SIZE, "--bind", "127.0.3.1") as announced:
        yield announced


@pytest.fixture
def loopback_subnet() -> None:
    """Allow connecting to all of 127.0.0.0/8 (fleet cameras live on 127.0.x.y)."""
    pytest_socket.socket_allow_hosts(["127.0.0.0/8"], allow_unix_socket=True)


def _entry(camera: dict[str, Any], number: int) -> MockConfigEntry:
    ports = camera["ports"]
    # Services the camera does not run get closed ports (nothing of the host is probed).
    services = quiet_services() | {k: v for k, v in ports.items() if k != "http"}
    return MockConfigEntry(
        domain=DOMAIN,
        title=f"{camera['persona']} {number}",
        unique_id=f"fleet-{number}",
        data={
            CONF_HOST: camera["address"],
            CONF_PORT: ports["http"],
            CONF_USERNAME: camera["username"],
            CONF_PASSWORD: camera["password"],
            CONF_SERVICES: services,
        },
    )


class Concurrency:
    """Counts the audits running at once (wraps the engine's audit, sends nothing itself)."""

    def __init__(self, audit: Any) -> None:
        self._audit = audit
        self.running = 0
        self.peak = 0
        self.calls = 0

    async def __call__(self, *args: Any, **kwargs: Any) -> Any:
        self.calls += 1
        self.running += 1
        self.peak = max(self.peak, self.running)
        try:
            return await self._audit(*args, **kwargs)
        finally:
            self.running -= 1


async def _start_fleet(
    hass: HomeAssistant, cameras: list[dict[str, Any]], counter: Concurrency
) -> LoopMonitor:
    """Set up one entry per camera as Home Assistant's start does: all together."""
    entries = [_entry(camera, n) for n, camera in enumerate(cameras, start=1)]
    for entry in entries:
        entry.add_to_hass(hass)
    # Home Assistant runs its loop without asyncio's debug mode (the test harness turns
    # it on, which records a traceback per callback and triples every stall).
    loop = asyncio.get_running_loop()
    debug = loop.get_debug()
    loop.set_debug(False)
    try:
        async with LoopMonitor() as monitor:
            assert await async_setup_component(hass, DOMAIN, {})
            await hass.async_block_till_done()
    finally:
        loop.set_debug(debug)
    assert [e.state for e in entries] == [ConfigEntryState.LOADED] * FLEET_SIZE
    # 50 devices, not 7 personas' worth: every camera reported a serial of its own.
    assert len({e.runtime_data.data.device.serial for e in entries}) == FLEET_SIZE
    assert counter.calls == FLEET_SIZE
    assert 0 < counter.peak <= MAX_CONCURRENT_AUDITS
    assert counter.running == 0
    return monitor


def _report(what: str, counter: Concurrency, monitor: LoopMonitor) -> None:
    message = (
        f"{FLEET_SIZE} cameras, {what}: peak {counter.peak} audits at once (limit "
        f"{MAX_CONCURRENT_AUDITS}); longest loop stall {monitor.max_stall_ms:.1f} ms "
        f"({monitor.max_stall_cpu_ms:.1f} ms of it loop CPU)"
    )
    _LOGGER.warning(message)
    print(message)  # noqa: T201 - the measurement is this test's report


@pytest.fixture
def counter(monkeypatch: pytest.MonkeyPatch) -> Concurrency:
    """Counts the coordinators' audits running at once."""
    counting = Concurrency(coordinator_module.audit)
    monkeypatch.setattr(coordinator_module, "audit", counting)
    return counting


async def test_fifty_cameras_at_once_share_the_audit_limit(
    hass: HomeAssistant,
    cameras: list[dict[str, Any]],
    counter: Concurrency,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # No start jitter: all 50 first audits compete at once, and only the limit holds.
    monkeypatch.setattr(load_module, "START_JITTER_PER_CAMERA_S", 0.0)
    monitor = await _start_fleet(hass, cameras, counter)
    # More cameras than the limit, all wanting to start: the limit was reached, not passed.
    assert counter.peak == MAX_CONCURRENT_AUDITS
    assert not load_module.audit_limit(hass).locked()
    _report("no start jitter", counter, monitor)


async def test_fifty_cameras_start_spread_out(
    hass: HomeAssistant, cameras: list[dict[str, Any]], counter: Concurrency
) -> None:
    # As shipped: the first audits spread over a few seconds, within the same limit.
    monitor = await _start_fleet(hass, cameras, counter)
    _report("with start jitter", counter, monitor)


async def test_start_jitter_grows_with_the_cameras_starting_together(
    hass: HomeAssistant, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The delay is uniform(0, window): take the window's end to see the window.
    monkeypatch.setattr(load_module.random, "uniform", lambda low, high: high)
    jitter = load_module.start_jitter_s

    def add(count: int, **kwargs: Any) -> None:
        for _ in range(count):
            MockConfigEntry(domain=DOMAIN, **kwargs).add_to_hass(hass)

    add(1)
    assert jitter(hass) == 0  # one camera set up on its own starts at once
    add(MAX_CONCURRENT_AUDITS - 1)
    assert jitter(hass) == 0  # up to the audit limit, all start at once
    add(3, state=ConfigEntryState.LOADED)
    add(2, disabled_by=ConfigEntryDisabler.USER)
    add(1, state=ConfigEntryState.SETUP_RETRY)
    add(4, source=SOURCE_IGNORE)
    assert jitter(hass) == 0  # running, disabled, retrying or ignored ones do not start
    add(34, state=ConfigEntryState.SETUP_IN_PROGRESS)
    assert jitter(hass) == pytest.approx(50 * START_JITTER_PER_CAMERA_S)
    add(1000)
    assert jitter(hass) == MAX_START_JITTER_S
