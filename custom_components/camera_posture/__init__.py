"""Camera Posture: keeps watch over the security posture of IP cameras."""

from __future__ import annotations

import asyncio

from homeassistant.const import Platform
from homeassistant.core import HomeAssistant
from homeassistant.helpers import config_validation as cv
from homeassistant.helpers import issue_registry as ir
from homeassistant.helpers.typing import ConfigType

from .announce import issue_id, lock_issue_id
from .catalog_feed import FEED_KEY, CatalogFeed, async_forget
from .const import CONF_REQUIRED_CHECKS, DOMAIN
from .coordinator import (
    CameraPostureConfigEntry,
    CameraPostureCoordinator,
    store_for,
)
from .discovery import async_start_discovery
from .entity import async_follow_firmware
from .load import start_jitter_s
from .posture.checks import CHECKS
from .services import async_setup_services
from .validation import async_load_engine_data

PLATFORMS: list[Platform] = [
    Platform.BINARY_SENSOR,
    Platform.BUTTON,
    Platform.EVENT,
    Platform.SENSOR,
    Platform.UPDATE,
]

CONFIG_SCHEMA = cv.config_entry_only_config_schema(DOMAIN)


async def async_setup(hass: HomeAssistant, config: ConfigType) -> bool:
    """Register actions (once, for every camera), start WS-Discovery and the catalog feed."""
    async_setup_services(hass)
    await async_load_engine_data(hass)
    feed = hass.data[FEED_KEY] = CatalogFeed(hass)
    await feed.async_load()
    async_start_discovery(hass)
    feed.async_start()
    return True


async def async_setup_entry(hass: HomeAssistant, entry: CameraPostureConfigEntry) -> bool:
    """Audit the camera once, then set up its entities and announce held drifts."""
    coordinator = CameraPostureCoordinator(hass, entry)
    if delay := start_jitter_s(hass):
        await asyncio.sleep(delay)
    await coordinator.async_config_entry_first_refresh()
    entry.runtime_data = coordinator
    await hass.config_entries.async_forward_entry_setups(entry, PLATFORMS)
    entry.async_on_unload(
        coordinator.async_add_listener(lambda: async_follow_firmware(coordinator))
    )
    coordinator.async_release_held()
    return True


# Checks added in a minor version: an entry whose options were saved before it gets them
# as required, as a new entry would (its stored list named every check there was).
CHECKS_ADDED_IN = {
    2: ("password_strength", "anonymous_snapshot", "brute_force_protection", "tls_certificate"),
}


async def async_migrate_entry(hass: HomeAssistant, entry: CameraPostureConfigEntry) -> bool:
    """Bring an older entry's options up to the current minor version."""
    if entry.version > 1:
        return False  # a downgrade: we cannot read what a newer version stored
    for minor, added in sorted(CHECKS_ADDED_IN.items()):
        if entry.minor_version >= minor:
            continue
        options = dict(entry.options)
        required = options.get(CONF_REQUIRED_CHECKS)
        if required is not None:
            options[CONF_REQUIRED_CHECKS] = [*required, *(c for c in added if c not in required)]
        hass.config_entries.async_update_entry(entry, options=options, minor_version=minor)
    return True


async def async_unload_entry(hass: HomeAssistant, entry: CameraPostureConfigEntry) -> bool:
    """Unload a camera's entities."""
    return await hass.config_entries.async_unload_platforms(entry, PLATFORMS)


async def async_remove_entry(hass: HomeAssistant, entry: CameraPostureConfigEntry) -> None:
    """Forget the camera's repairs and stored state; the kept catalog with the last camera."""
    for check_id in CHECKS:
        ir.async_delete_issue(hass, DOMAIN, issue_id(entry.entry_id, check_id))
    ir.async_delete_issue(hass, DOMAIN, lock_issue_id(entry.entry_id))
    await store_for(hass, entry.entry_id).async_remove()
    if not hass.config_entries.async_entries(DOMAIN):
        await async_forget(hass)
