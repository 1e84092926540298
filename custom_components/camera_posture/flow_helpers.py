"""Form schemas and data helpers of the config flow (kept apart to keep the flow readable)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import probatio
from homeassistant.config_entries import ConfigEntry
from homeassistant.const import CONF_HOST, CONF_PASSWORD, CONF_PORT, CONF_USERNAME
from homeassistant.helpers.device_registry import format_mac

from .const import CONF_SCHEME, DEFAULT_PORT
from .posture.hosts import HTTP, HTTPS, parse_port, resolve_address
from .posture.models import DeviceInfo

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


def connection_data(data: Mapping[str, Any]) -> dict[str, Any]:
    """Host, port and scheme of entry or form data, parsed (HostError when refused).

    The one host parser of the engine decides; the form's port field is used unless an
    https:// host names its own port (then the field's untouched default, 80, is no
    conflict: it cannot be meant for TLS). A missing port is the scheme's default.
    """
    host = data[CONF_HOST]
    port = data.get(CONF_PORT)
    if port is not None:
        port = parse_port(port)
        if port == DEFAULT_PORT and isinstance(host, str) and "://" in host:
            port = None
    address = resolve_address(host, port, https=data.get(CONF_SCHEME) == HTTPS)
    return {CONF_HOST: address.host, CONF_PORT: address.port, CONF_SCHEME: address.scheme}


def identity(device: DeviceInfo) -> dict[str, str]:
    """What a flow keeps of a tested camera, as plain data (also passed to child flows)."""
    title = " ".join(p for p in (device.manufacturer, device.model) if p)
    return {"serial": device.serial or "", "mac": device.mac or "", "title": title}


def unique_id_for(camera: Mapping[str, str]) -> str | None:
    """Identify a camera by its serial number, or by its MAC when it reports no serial."""
    if camera["serial"]:
        return camera["serial"].lower()
    if camera["mac"]:
        return format_mac(camera["mac"])
    return None
