"""The one path from entry or form data to the engine, shared by the flows and audits.

Like axis's `get_axis_api`: the config flow's connection test and the coordinator's
audits build the engine's Target here, and name an engine error by the same
translation key (a form's error and an exception's message share the key).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from homeassistant.const import CONF_HOST, CONF_PASSWORD, CONF_PORT, CONF_USERNAME
from homeassistant.core import HomeAssistant

from .const import CONF_SCHEME, CONF_SERVICES
from .posture.advisories.lookup import bundled_catalog
from .posture.errors import AuditTimeout, InvalidAuth, LoginLocked, PostureError
from .posture.hosts import HTTP, HTTPS
from .posture.models import Target
from .posture.vendors import adapters


async def async_load_engine_data(hass: HomeAssistant) -> None:
    """Read the advisory catalog and import the vendor adapters off the event loop.

    The engine loads both lazily and caches them; doing it here first keeps file reads
    and imports out of the loop (Home Assistant flags them as blocking calls).
    """
    await hass.async_add_executor_job(_load_engine_data)


def _load_engine_data() -> None:
    bundled_catalog()
    adapters()


def target_from_data(data: Mapping[str, Any]) -> Target:
    """Build the engine's Target from entry or form data (ports from `services`)."""
    return Target(
        host=data[CONF_HOST],
        port=int(data[CONF_PORT]),
        username=data[CONF_USERNAME],
        # A blank password is a real case (Reolink and Foscam ship with one).
        password=data.get(CONF_PASSWORD, ""),
        ports={str(k): int(v) for k, v in data.get(CONF_SERVICES, {}).items()},
        # Entries from before TLS-only support have none: plain first, TLS as fallback.
        scheme=HTTPS if data.get(CONF_SCHEME) == HTTPS else HTTP,
    )


def error_key(err: PostureError) -> str:
    """The translation key of an engine error, in forms (config.error) and exceptions."""
    if isinstance(err, LoginLocked):
        return "login_locked"
    if isinstance(err, InvalidAuth):
        return "invalid_auth"
    if isinstance(err, AuditTimeout):
        return "audit_timeout"
    return "cannot_connect"
