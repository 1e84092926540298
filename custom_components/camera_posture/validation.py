"""The one path from entry or form data to the engine, shared by the flows and audits.

Like axis's `get_axis_api`: the config flow's connection test and the coordinator's
audits build the engine's Target here, and name an engine error by the same
translation key (a form's error and an exception's message share the key).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from homeassistant.config_entries import SOURCE_IGNORE, ConfigEntryState
from homeassistant.const import CONF_HOST, CONF_PASSWORD, CONF_PORT, CONF_USERNAME
from homeassistant.core import HomeAssistant
from homeassistant.helpers.aiohttp_client import async_get_clientsession

from .const import CONF_SCHEME, CONF_SERVICES, DEFAULT_PORT, DOMAIN, LOGGER
from .login_ledger import SOURCE_FORM, check_login_allowed, failures_by_source, record_failures
from .posture.advisories.lookup import bundled_catalog
from .posture.audit import read_device_info
from .posture.errors import AuditTimeout, InvalidAuth, LoginLocked, PostureError
from .posture.hosts import HTTP, HTTPS, HostError, parse_port, resolve_address
from .posture.lockout import LoginPreflight, LoginRefused, Refusal, RefusalReason
from .posture.models import DeviceInfo, Target
from .posture.vendors import adapters
from .posture.vendors.base import ASSUMED_LOCKOUT


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


def error_key(err: PostureError) -> str:
    """The translation key of an engine error, in forms (config.error) and exceptions."""
    if isinstance(err, LoginLocked):
        return "login_locked"
    if isinstance(err, InvalidAuth):
        return "invalid_auth"
    if isinstance(err, AuditTimeout):
        return "audit_timeout"
    return "cannot_connect"


# A form's outcome: the camera's identity (plain data), the form's errors and the
# placeholders those errors' sentences need (lock counts).
type Identified = tuple[dict[str, str] | None, dict[str, str], dict[str, str]]


async def async_identify(hass: HomeAssistant, data: dict[str, Any]) -> Identified:
    """Talk to the camera once (never retried) with form or entry data.

    `data` is normalised in place: host and port as parsed, and the scheme the
    camera answered with (https when its port speaks only TLS), ready to store.
    """
    try:
        data.update(connection_data(data))
    except HostError as err:
        # A refused address never reaches the network; the reason is the error key.
        return None, {"base": f"host_{err.reason}"}, {}
    return await _async_test(hass, data)


async def _async_test(hass: HomeAssistant, data: dict[str, Any]) -> Identified:
    """The connection test of parsed data (see async_identify).

    Lockout safety: the engine reads the camera's lock state before any credential
    and `check_login_allowed` refuses to send when one more rejected login could
    lock the camera (the camera's remaining attempts, or Home Assistant's own
    rejected logins at this host within the family's lock window). Every rejection
    is counted, so the next attempt, from any form, knows about it.
    """
    host = data[CONF_HOST]
    if _reported_locked(hass, host):
        # A login now would be refused by the lock (and may extend it): send nothing.
        return None, *_locked_error(hass, host)
    preflight: LoginPreflight | None = None

    async def gate(checked: LoginPreflight) -> None:
        nonlocal preflight
        preflight = checked
        check_login_allowed(hass, host, checked)

    await async_load_engine_data(hass)
    try:
        result = await read_device_info(async_get_clientsession(hass), target_from_data(data), gate)
    except LoginRefused as err:
        return None, *_refused_error(err.refusal)
    except PostureError as err:
        return None, *_failed(hass, host, preflight, err)
    data[CONF_SCHEME] = result.scheme
    return identity(result.device), {}, {}


type FormError = tuple[dict[str, str], dict[str, str]]


def _failed(
    hass: HomeAssistant, host: str, preflight: LoginPreflight | None, err: PostureError
) -> FormError:
    """The form error of a failed test (the key the coordinator's exceptions use)."""
    key = error_key(err)
    if key == "login_locked":
        # The camera said so before we sent a credential (Hikvision, Reolink).
        return _locked_error(hass, host)
    if key != "invalid_auth":
        # A camera too slow for the engine's deadline ended the test there
        # (audit_timeout): the Submit never hangs longer, and the form says why.
        LOGGER.debug("Cannot connect to %s: %s", host, type(err).__name__)
        return {"base": key}, {}
    lockout = preflight.lockout if preflight is not None else ASSUMED_LOCKOUT
    record_failures(hass, host, SOURCE_FORM, window_s=lockout.window_s)
    failures = sum(failures_by_source(hass, host).values())
    return {"base": key}, {
        "failures": str(failures),
        "threshold": str(lockout.threshold),
        "minutes": str(round(lockout.window_s / 60)),
        "left": str(max(0, lockout.threshold - 1 - failures)),
    }


def _refused_error(refusal: Refusal) -> FormError:
    """Nothing was sent because one more rejected login could lock the camera."""
    placeholders = {
        "failures": str(refusal.own_failures),
        "threshold": str(refusal.threshold),
        "wait_minutes": str(max(1, -(-(refusal.wait_s or 0) // 60))),
    }
    if refusal.reason is RefusalReason.LAST_ATTEMPT:
        return {"base": "lockout_last_attempt"}, placeholders
    return {"base": "lockout_own_failures"}, placeholders


def _locked_error(hass: HomeAssistant, host: str) -> FormError:
    """The lock error, saying truthfully how many failures were Camera Posture's own."""
    own = sum(failures_by_source(hass, host).values())
    return {"base": "login_locked_own" if own else "login_locked"}, {"failures": str(own)}


def _reported_locked(hass: HomeAssistant, host: str) -> bool:
    """Whether a loaded camera at this host reported a login lock on its last audit."""
    return any(
        entry.state is ConfigEntryState.LOADED and entry.runtime_data.locked
        for entry in hass.config_entries.async_entries(DOMAIN)
        if entry.source != SOURCE_IGNORE and entry.data.get(CONF_HOST) == host
    )
