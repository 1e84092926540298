"""One coordinator per camera: runs an audit and hands out its result."""

from __future__ import annotations

from typing import override

from homeassistant.config_entries import ConfigEntry
from homeassistant.const import CONF_HOST, CONF_PASSWORD, CONF_PORT, CONF_USERNAME
from homeassistant.core import HomeAssistant
from homeassistant.helpers.aiohttp_client import async_get_clientsession
from homeassistant.helpers.update_coordinator import DataUpdateCoordinator, UpdateFailed

from .const import AUDIT_INTERVAL, DOMAIN, LOGGER
from .posture.audit import audit
from .posture.errors import CannotConnect, InvalidAuth
from .posture.models import AuditResult, Target

type CameraPostureConfigEntry = ConfigEntry[CameraPostureCoordinator]


def target_from_entry(entry: ConfigEntry) -> Target:
    """Build the engine's Target from a config entry's data."""
    return Target(
        host=entry.data[CONF_HOST],
        port=entry.data[CONF_PORT],
        username=entry.data[CONF_USERNAME],
        password=entry.data[CONF_PASSWORD],
    )


class CameraPostureCoordinator(DataUpdateCoordinator[AuditResult]):
    """Audits one camera on a schedule."""

    config_entry: CameraPostureConfigEntry

    def __init__(self, hass: HomeAssistant, entry: CameraPostureConfigEntry) -> None:
        """Set up the coordinator for one camera entry."""
        super().__init__(
            hass,
            logger=LOGGER,
            config_entry=entry,
            name=f"{DOMAIN} {entry.data[CONF_HOST]}",
            update_interval=AUDIT_INTERVAL,
        )
        self._target = target_from_entry(entry)
        self._session = async_get_clientsession(hass)

    @override
    async def _async_update_data(self) -> AuditResult:
        try:
            return await audit(self._session, self._target)
        except InvalidAuth as err:
            raise UpdateFailed(translation_domain=DOMAIN, translation_key="invalid_auth") from err
        except CannotConnect as err:
            raise UpdateFailed(
                translation_domain=DOMAIN,
                translation_key="cannot_connect",
                translation_placeholders={"error": str(err)},
            ) from err
