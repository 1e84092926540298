"""One coordinator per camera: audits it, maps its errors, keeps its state (announce.py tells)."""

from __future__ import annotations

from datetime import timedelta
from typing import Any, override

from homeassistant.config_entries import ConfigEntry, ConfigEntryState
from homeassistant.const import CONF_HOST, CONF_PASSWORD
from homeassistant.core import HomeAssistant, callback
from homeassistant.exceptions import ConfigEntryAuthFailed
from homeassistant.helpers import device_registry as dr
from homeassistant.helpers.aiohttp_client import async_get_clientsession
from homeassistant.helpers.update_coordinator import DataUpdateCoordinator, UpdateFailed

from .announce import DriftAnnouncer
from .catalog_feed import FEED_KEY
from .const import (
    AUTH_FAILURES_BEFORE_REAUTH,
    CONF_ACTIVE_PROBING,
    CONF_AUDIT_INTERVAL,
    CONF_CAMERA_UPDATE_CHECK,
    CONF_HYSTERESIS,
    CONF_MAC,
    CONF_REQUIRED_CHECKS,
    CONF_ROUTER,
    CONF_SEVERITIES,
    DOMAIN,
    LOGGER,
    options_of,
)
from .load import audit_limit
from .login_ledger import SOURCE_AUDIT, record_failures
from .posture import deadline
from .posture.advisories.lookup import Catalog, bundled_catalog
from .posture.audit import audit
from .posture.checks import CHECKS
from .posture.errors import PostureError
from .posture.models import AuditResult, Status
from .posture.policy import DriftTracker, Policy, value_key
from .posture.vendors.base import DefaultLoginGuard
from .router import async_router_for
from .storage import PostureStore
from .validation import error_key, target_from_data

type CameraPostureConfigEntry = ConfigEntry[CameraPostureCoordinator]


def policy_from_options(options: Any) -> Policy:
    """The policy the user chose in the options flow (defaults: every check required)."""
    merged = options_of(options)
    return Policy.requiring(
        merged[CONF_REQUIRED_CHECKS],
        CHECKS,
        merged[CONF_SEVERITIES],
        int(merged[CONF_HYSTERESIS]),
    )


def store_for(hass: HomeAssistant, entry_id: str, camera: str = "") -> PostureStore:
    """Where a camera's drift history, guard attempts and failure count are kept."""
    return PostureStore(hass, entry_id, camera)


async def async_forget_auth_failures(hass: HomeAssistant, entry: ConfigEntry) -> None:
    """Credentials that just passed a test: the earlier rejections no longer count.

    Called by reauthentication and reconfiguration before the entry reloads, so the
    reload audits with the tested credentials instead of waiting for reauth again.
    """
    if entry.state is ConfigEntryState.LOADED:
        entry.runtime_data.auth_failures = 0
    store = store_for(hass, entry.entry_id, entry.title)
    guard = DefaultLoginGuard()
    restored = await store.async_restore(guard)
    if restored.auth_failures:
        await store.async_save_state(restored.tracker, guard, 0)


class CameraPostureCoordinator(DataUpdateCoordinator[AuditResult]):
    """Audits one camera on a schedule and turns verdict changes into drift."""

    config_entry: CameraPostureConfigEntry

    def __init__(self, hass: HomeAssistant, entry: CameraPostureConfigEntry) -> None:
        """Set up the coordinator for one camera entry."""
        options = options_of(entry.options)
        super().__init__(
            hass,
            logger=LOGGER,
            config_entry=entry,
            name=f"{DOMAIN} {entry.data[CONF_HOST]}",
            update_interval=timedelta(minutes=int(options[CONF_AUDIT_INTERVAL])),
        )
        self.target = target_from_data(entry.data)
        self.policy = policy_from_options(entry.options)
        self.guard = DefaultLoginGuard(active=bool(options[CONF_ACTIVE_PROBING]))
        self.router: str | None = options.get(CONF_ROUTER) or None
        self.update_check = bool(options[CONF_CAMERA_UPDATE_CHECK])
        # The advisory catalog the latest audit was judged with (bundled or feed).
        self.catalog: Catalog = bundled_catalog()
        self.tracker = DriftTracker()
        self.auth_failures = 0
        self.audits = 0
        self.failed_audits = 0
        self.announcer = DriftAnnouncer(self)
        self._session = async_get_clientsession(hass)
        self._store = store_for(hass, entry.entry_id, entry.title)

    @override
    async def _async_setup(self) -> None:
        # Never fails: a damaged file loses only its bad parts (see storage.py).
        restored = await self._store.async_restore(self.guard)
        self.tracker = restored.tracker
        self.auth_failures = restored.auth_failures

    async def _async_save(self) -> None:
        await self._store.async_save_state(self.tracker, self.guard, self.auth_failures)

    def _password_reused(self) -> bool | None:
        """Whether another configured camera holds this camera's password.

        Compared in memory, at each audit, from the config entries Home Assistant already
        holds; only the yes/no answer reaches the engine (nothing is stored or logged).
        None without a password (password_strength already fails it as empty).
        """
        own = self.target.password
        if not own:
            return None
        return any(
            other.entry_id != self.config_entry.entry_id and other.data.get(CONF_PASSWORD) == own
            for other in self.hass.config_entries.async_entries(DOMAIN)
        )

    @override
    async def _async_update_data(self) -> AuditResult:
        if self.auth_failures >= AUTH_FAILURES_BEFORE_REAUTH:
            # The camera rejected these exact credentials that many times (maybe before
            # a restart or reload): sending them again only brings a lockout closer.
            # Nothing is sent until reauthentication brings credentials that work.
            raise ConfigEntryAuthFailed(translation_domain=DOMAIN, translation_key="reauth_needed")
        self.audits += 1
        catalog = self.hass.data[FEED_KEY].catalog_for(self.config_entry)
        # The router from the options, else the one found for all cameras (shared lookup).
        router = await async_router_for(self.hass, self.router)
        try:
            async with audit_limit(self.hass):
                result = await audit(
                    self._session,
                    self.target,
                    guard=self.guard,
                    enabled=self.policy.enabled,
                    severities=self.policy.severities,
                    router=router,
                    catalog=catalog,
                    update_check=self.update_check,
                    password_reused=self._password_reused(),
                )
        except PostureError as err:
            raise await self._async_failed(err) from err
        self.announcer.report_lock(locked=False, host=self.target.host)
        self.auth_failures = 0
        # Guarded factory-password logins the camera rejected count at the camera too.
        record_failures(self.hass, self.target.host, SOURCE_AUDIT, result.login_failures)
        self.catalog = catalog
        drifts = self.tracker.observe(result.checks, self.policy.hysteresis, result.finished_at)
        for check_id, check in result.checks.items():
            # No longer required by the policy: its drift (so its repair) no longer applies.
            if check.status is Status.NOT_APPLICABLE:
                self.tracker.forget(check_id)
        await self._async_save()
        self._remember_mac(result)
        self.announcer.audited(drifts, result)
        return result

    async def _async_failed(self, err: PostureError) -> Exception:
        """Count a failed audit and name it by the key the config flow's forms use."""
        self.failed_audits += 1
        key = error_key(err)
        placeholders: dict[str, str] = {}
        if key == "login_locked":
            # Someone (old credentials, maybe an attacker) failed logins until the camera
            # locked. The lock refused us without judging our password, so it does not
            # count towards reauth; the user is told by a repair issue instead, and
            # nothing is retried (the engine reads the lock state before any login).
            self.announcer.report_lock(locked=True, host=self.target.host)
            return UpdateFailed(translation_domain=DOMAIN, translation_key=key)
        if key == "invalid_auth":
            # One rejected login at the camera: counted for the forms' lockout safety.
            record_failures(self.hass, self.target.host, SOURCE_AUDIT)
            self.announcer.report_lock(locked=False, host=self.target.host)
            self.auth_failures += 1
            if self.auth_failures >= AUTH_FAILURES_BEFORE_REAUTH:
                await self._async_save()
                return ConfigEntryAuthFailed(
                    translation_domain=DOMAIN, translation_key="reauth_needed"
                )
        elif key == "audit_timeout":
            placeholders = {"seconds": f"{deadline.AUDIT_DEADLINE_S:g}"}
        else:
            placeholders = {"error": str(err)}
        await self._async_save()
        return UpdateFailed(
            translation_domain=DOMAIN,
            translation_key=key,
            translation_placeholders=placeholders or None,
        )

    def _remember_mac(self, result: AuditResult) -> None:
        """Keep the camera's MAC so DHCP discovery can follow its address changes."""
        if not result.device.mac:
            return
        mac = dr.format_mac(result.device.mac)
        if self.config_entry.data.get(CONF_MAC) != mac:
            self.hass.config_entries.async_update_entry(
                self.config_entry, data={**self.config_entry.data, CONF_MAC: mac}
            )

    @property
    def locked(self) -> bool:
        """The camera reported a login lock on the last audit that could tell."""
        return self.announcer.locked

    @callback
    def async_release_held(self) -> None:
        """Entities exist now: announce drifts found by the first audit."""
        self.announcer.release_held()

    async def async_resolve(self, check_id: str) -> None:
        """The user fixed the camera and the latest audit saw the check pass."""
        drift = self.tracker.resolve(self.data.checks[check_id], self.data.finished_at)
        if drift is not None:
            await self._async_save()
            self.announcer.announce(self.announcer.payload(drift, self.data))

    def is_accepted(self, check_id: str) -> bool:
        """Whether the check fails now with a value the user accepted as its baseline."""
        check = self.data.checks[check_id]
        return check.status is Status.FAIL and value_key(check.observed) in {
            value_key(v) for v in self.tracker.baseline(check_id)
        }

    async def async_revoke(self, check_id: str, observed: Any) -> bool:
        """Take back an accepted value; True if the check fails with it (repair again)."""
        reopened = self.tracker.revoke(check_id, observed)
        await self._async_save()
        if reopened:
            self.announcer.restore_issues()
        self.async_update_listeners()
        return reopened

    async def async_accept(self, check_id: str, observed: Any = None) -> bool:
        """Accept the (given or current) observed value as baseline; True if a drift closed."""
        if observed is None and self.data is not None and check_id in self.data.checks:
            observed = self.data.checks[check_id].observed
        closed = self.tracker.accept(check_id, observed)
        await self._async_save()
        if not self.tracker.is_open(check_id):
            self.announcer.delete_issue(check_id)
        self.async_update_listeners()  # the sensors show the value as accepted at once
        return closed
