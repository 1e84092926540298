"""Spreading the load of many cameras: one audit limit for all, jittered first audits."""

from __future__ import annotations

import asyncio
import random

from homeassistant.config_entries import SOURCE_IGNORE, ConfigEntryState
from homeassistant.core import HomeAssistant
from homeassistant.util.hass_dict import HassKey

from .const import DOMAIN, MAX_CONCURRENT_AUDITS, MAX_START_JITTER_S, START_JITTER_PER_CAMERA_S

# One limit for every camera's audits: 50 cameras starting together must not all talk
# (and parse) at once on Home Assistant's event loop.
AUDIT_LIMIT: HassKey[asyncio.Semaphore] = HassKey(f"{DOMAIN}_audit_limit")


def audit_limit(hass: HomeAssistant) -> asyncio.Semaphore:
    """The semaphore every camera's audit holds while it runs (shared by all entries)."""
    return hass.data.setdefault(AUDIT_LIMIT, asyncio.Semaphore(MAX_CONCURRENT_AUDITS))


def start_jitter_s(hass: HomeAssistant) -> float:
    """A random delay for a camera's first audit, spread by how many start with it.

    At Home Assistant's start every camera is set up at once; with more of them than
    the audit limit, their first audits (and then their entities) would land on the
    event loop in waves. Up to the limit they all start at once (16 cameras stall the
    loop about 40 ms, see tests/ha/test_fleet_load.py), as does one camera added or
    reloaded on its own.
    """
    starting = sum(
        1
        for entry in hass.config_entries.async_entries(DOMAIN)
        if entry.disabled_by is None
        and entry.source != SOURCE_IGNORE
        and entry.state in (ConfigEntryState.NOT_LOADED, ConfigEntryState.SETUP_IN_PROGRESS)
    )
    if starting <= MAX_CONCURRENT_AUDITS:
        return 0.0
    window = min(MAX_START_JITTER_S, START_JITTER_PER_CAMERA_S * starting)
    return random.uniform(0, window)  # noqa: S311 - load spreading, not security
