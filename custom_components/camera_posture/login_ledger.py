"""Home Assistant's own rejected logins per camera, shared by every flow and audit.

A lock counts failures per camera (Hikvision: per client address, i.e. this Home
Assistant), not per dialog, so one ledger serves the add, reauth and reconfigure
forms and the audits. It lives in hass.data: a restart forgets it, which is why the
texts built from it say "recorded by Camera Posture" and never claim more.
"""

from __future__ import annotations

from homeassistant.core import HomeAssistant, callback
from homeassistant.util import dt as dt_util
from homeassistant.util.hass_dict import HassKey

from .const import DOMAIN
from .posture.lockout import FailureLedger, LoginPreflight, LoginRefused, refusal
from .posture.vendors.base import ASSUMED_LOCKOUT

LEDGER: HassKey[FailureLedger] = HassKey(f"{DOMAIN}_login_failures")

# Sources of a rejected login, as counted in the lock texts.
SOURCE_FORM = "form"
SOURCE_AUDIT = "audit"


@callback
def login_ledger(hass: HomeAssistant) -> FailureLedger:
    """The shared ledger (created on first use)."""
    return hass.data.setdefault(LEDGER, FailureLedger())


def _now() -> float:
    # Home Assistant's clock (tests move it with the freezer), not the event loop's.
    return dt_util.utcnow().timestamp()


@callback
def record_failures(
    hass: HomeAssistant, host: str, source: str, count: int = 1, window_s: float | None = None
) -> None:
    """Remember `count` rejected logins at `host` for the family's lock window."""
    window = ASSUMED_LOCKOUT.window_s if window_s is None else window_s
    ledger = login_ledger(hass)
    for _ in range(count):
        ledger.record(host, source, window, _now())


@callback
def failures_by_source(hass: HomeAssistant, host: str) -> dict[str, int]:
    """Rejected logins at `host` still inside their lock window, per source."""
    return login_ledger(hass).by_source(host, _now())


@callback
def check_login_allowed(hass: HomeAssistant, host: str, preflight: LoginPreflight) -> None:
    """Raise LoginRefused when one more rejected login could lock the camera."""
    ledger = login_ledger(hass)
    now = _now()
    refused = refusal(preflight, ledger.count(host, now), ledger.wait_s(host, now))
    if refused is not None:
        raise LoginRefused(refused)
