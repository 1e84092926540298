"""Form schemas and data helpers of the config flow (kept apart to keep the flow readable)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import probatio
from homeassistant.config_entries import SOURCE_IGNORE, ConfigEntry, ConfigFlow, ConfigFlowResult
from homeassistant.const import CONF_HOST, CONF_PASSWORD, CONF_PORT, CONF_USERNAME
from homeassistant.helpers.device_registry import format_mac

from .const import CONF_MAC, CONF_SCHEME, DEFAULT_PORT, DOMAIN
from .posture.hosts import HTTP, HTTPS
from .validation import async_identify

PORT = probatio.All(probatio.Coerce(int), probatio.Range(min=1, max=65535))
# A blank password is a real case (Reolink and Foscam ship with one): the field is
# optional with an empty default, so the frontend submits the form without it.
CREDENTIALS = {
    probatio.Required(CONF_USERNAME): str,
    probatio.Optional(CONF_PASSWORD, default=""): str,
}
USER_SCHEMA = probatio.Schema(
    {
        probatio.Required(CONF_HOST): str,
        probatio.Required(CONF_PORT, default=DEFAULT_PORT): PORT,
        **CREDENTIALS,
    }
)
DISCOVERY_SCHEMA = probatio.Schema(
    {probatio.Required(CONF_PORT, default=DEFAULT_PORT): PORT, **CREDENTIALS}
)
REAUTH_SCHEMA = probatio.Schema(CREDENTIALS)


def reconfigure_schema(username: str) -> probatio.Schema:
    """Address and account; an empty (omitted) password keeps the stored one."""
    return probatio.Schema(
        {
            probatio.Required(CONF_HOST): str,
            probatio.Required(CONF_PORT): PORT,
            probatio.Required(CONF_USERNAME, default=username): str,
            probatio.Optional(CONF_PASSWORD): str,
        }
    )


def address(host: Any, port: Any) -> str:
    """host:port as the user typed them (IPv6 in brackets)."""
    host = str(host)
    return f"[{host}]:{port}" if ":" in host else f"{host}:{port}"


def adopted_data(source: ConfigEntry) -> dict[str, Any]:
    """Our entry data from another integration's entry for the same camera.

    Reolink stores `use_https` (bool), Axis `protocol` ("http"/"https"): a camera they
    reach over TLS is tested over TLS. Host and port are parsed like typed ones.
    """
    https = source.data.get("use_https") is True or source.data.get("protocol") == HTTPS
    return {
        CONF_HOST: source.data[CONF_HOST],
        CONF_PORT: source.data.get(CONF_PORT),
        CONF_SCHEME: HTTPS if https else HTTP,
        CONF_USERNAME: source.data[CONF_USERNAME],
        CONF_PASSWORD: source.data[CONF_PASSWORD],
    }


def unique_id_for(camera: Mapping[str, str]) -> str | None:
    """Identify a camera by its serial number, or by its MAC when it reports no serial."""
    if camera["serial"]:
        return camera["serial"].lower()
    if camera["mac"]:
        return format_mac(camera["mac"])
    return None


class CameraFlowBase(ConfigFlow):
    """What every way of adding a camera shares: one connection test, then one entry."""

    def __init__(self) -> None:
        """Start with nothing discovered or chosen."""
        self._host = ""
        self._port = DEFAULT_PORT
        self._scheme = HTTP
        self._mac = ""
        self._adopt: list[ConfigEntry] = []
        # Placeholders of the error the form shows (filled by _async_identify).
        self._errors_for: dict[str, str] = {}

    async def _async_identify(
        self, data: dict[str, Any]
    ) -> tuple[dict[str, str] | None, dict[str, str]]:
        """Talk to the camera once (never retried); its identity or the form's errors."""
        camera, errors, self._errors_for = await async_identify(self.hass, data)
        return camera, errors

    def _placeholders(self, extra: Mapping[str, str] | None = None) -> dict[str, str]:
        """The step's placeholders plus those of the error it shows (lock counts)."""
        return {**(extra or {}), **self._errors_for}

    async def _async_create(
        self, data: dict[str, Any], camera: Mapping[str, str]
    ) -> ConfigFlowResult:
        unique_id = unique_id_for(camera)
        if unique_id is None:
            return self.async_abort(reason="no_unique_id")
        await self.async_set_unique_id(unique_id, raise_on_progress=False)
        known = self.hass.config_entries.async_entry_for_domain_unique_id(DOMAIN, unique_id)
        if known is not None and known.source != SOURCE_IGNORE and CONF_HOST in known.data:
            # Never move an entry behind an "already set up" answer: the same camera may
            # answer at two addresses (a second interface, a port forward). The user is
            # told where it is audited and changes that with Reconfigure if they mean to.
            old = address(known.data[CONF_HOST], known.data.get(CONF_PORT, DEFAULT_PORT))
            new = address(data[CONF_HOST], data[CONF_PORT])
            if old != new:
                return self.async_abort(
                    reason="already_configured_elsewhere",
                    description_placeholders={"title": known.title, "old": old, "new": new},
                )
        self._abort_if_unique_id_configured()
        if self._mac or camera["mac"]:
            data[CONF_MAC] = format_mac(self._mac or camera["mac"])
        return self.async_create_entry(title=camera["title"] or data[CONF_HOST], data=data)
