"""Config flow: add a camera after proving we can talk to it."""

from __future__ import annotations

from typing import Any

import probatio
from homeassistant.config_entries import ConfigFlow, ConfigFlowResult
from homeassistant.const import CONF_HOST, CONF_PASSWORD, CONF_PORT, CONF_USERNAME
from homeassistant.helpers.aiohttp_client import async_get_clientsession
from homeassistant.helpers.device_registry import format_mac

from .const import DEFAULT_PORT, DOMAIN, LOGGER
from .posture.audit import read_device_info
from .posture.errors import CannotConnect, InvalidAuth
from .posture.models import DeviceInfo, Target

USER_SCHEMA = probatio.Schema(
    {
        probatio.Required(CONF_HOST): str,
        probatio.Required(CONF_PORT, default=DEFAULT_PORT): probatio.All(
            probatio.Coerce(int), probatio.Range(min=1, max=65535)
        ),
        probatio.Required(CONF_USERNAME): str,
        probatio.Required(CONF_PASSWORD): str,
    }
)


def unique_id_for(device: DeviceInfo) -> str | None:
    """Identify a camera by its serial number, or by its MAC when it reports no serial."""
    if device.serial:
        return device.serial.lower()
    if device.mac:
        return format_mac(device.mac)
    return None


class CameraPostureConfigFlow(ConfigFlow, domain=DOMAIN):
    """Add one camera."""

    VERSION = 1

    async def async_step_user(self, user_input: dict[str, Any] | None = None) -> ConfigFlowResult:
        """Ask for the camera's address and credentials, then test them."""
        errors: dict[str, str] = {}
        if user_input is not None:
            target = Target(
                host=user_input[CONF_HOST],
                port=user_input[CONF_PORT],
                username=user_input[CONF_USERNAME],
                password=user_input[CONF_PASSWORD],
            )
            try:
                device = await read_device_info(async_get_clientsession(self.hass), target)
            except InvalidAuth:
                errors["base"] = "invalid_auth"
            except CannotConnect as err:
                LOGGER.debug("Cannot connect to %s: %s", target.host, err)
                errors["base"] = "cannot_connect"
            else:
                unique_id = unique_id_for(device)
                if unique_id is None:
                    return self.async_abort(reason="no_unique_id")
                await self.async_set_unique_id(unique_id)
                self._abort_if_unique_id_configured()
                title = " ".join(p for p in (device.manufacturer, device.model) if p)
                return self.async_create_entry(title=title or target.host, data=user_input)
        return self.async_show_form(
            step_id="user",
            data_schema=self.add_suggested_values_to_schema(USER_SCHEMA, user_input),
            errors=errors,
        )
