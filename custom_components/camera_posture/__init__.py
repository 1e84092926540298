"""Camera Posture: keeps watch over the security posture of IP cameras."""

from __future__ import annotations

from homeassistant.const import Platform
from homeassistant.core import HomeAssistant

from .coordinator import CameraPostureConfigEntry, CameraPostureCoordinator

PLATFORMS: list[Platform] = [Platform.SENSOR]


async def async_setup_entry(hass: HomeAssistant, entry: CameraPostureConfigEntry) -> bool:
    """Audit the camera once, then set up its entities."""
    coordinator = CameraPostureCoordinator(hass, entry)
    await coordinator.async_config_entry_first_refresh()
    entry.runtime_data = coordinator
    await hass.config_entries.async_forward_entry_setups(entry, PLATFORMS)
    return True


async def async_unload_entry(hass: HomeAssistant, entry: CameraPostureConfigEntry) -> bool:
    """Unload a camera's entities."""
    return await hass.config_entries.async_unload_platforms(entry, PLATFORMS)
