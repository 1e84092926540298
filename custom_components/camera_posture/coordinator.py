"""One coordinator per camera: audits it, tracks drift, and announces what changed."""

from __future__ import annotations

import asyncio
import random
from collections.abc import Callable
from datetime import timedelta
from typing import Any, override

from homeassistant.config_entries import SOURCE_IGNORE, ConfigEntry, ConfigEntryState
from homeassistant.const import CONF_HOST, CONF_PASSWORD, CONF_PORT, CONF_USERNAME
from homeassistant.core import HomeAssistant, callback
from homeassistant.exceptions import ConfigEntryAuthFailed
from homeassistant.helpers import device_registry as dr
from homeassistant.helpers import issue_registry as ir
from homeassistant.helpers.aiohttp_client import async_get_clientsession
from homeassistant.helpers.update_coordinator import DataUpdateCoordinator, UpdateFailed
from homeassistant.util.hass_dict import HassKey

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
    CONF_SCHEME,
    CONF_SERVICES,
    CONF_SEVERITIES,
    DEFAULT_OPTIONS,
    DOMAIN,
    EVENT_DRIFT,
    LOGGER,
    MAX_CONCURRENT_AUDITS,
    MAX_START_JITTER_S,
    START_JITTER_PER_CAMERA_S,
)
from .login_ledger import SOURCE_AUDIT, SOURCE_FORM, failures_by_source, record_failures
from .posture import deadline
from .posture.advisories.lookup import Catalog, bundled_catalog
from .posture.audit import audit
from .posture.checks import CHECKS
from .posture.errors import AuditTimeout, CannotConnect, InvalidAuth, LoginLocked
from .posture.hosts import HTTP, HTTPS
from .posture.models import AuditResult, Severity, Status, Target
from .posture.policy import Drift, DriftKind, DriftTracker, Policy, value_key
from .posture.vendors import adapters
from .posture.vendors.base import DefaultLoginGuard
from .router import async_router_for
from .storage import PostureStore
from .wording import check_name, finding, value_text

# One limit for every camera's audits: 50 cameras starting together must not all talk
# (and parse) at once on Home Assistant's event loop.
AUDIT_LIMIT: HassKey[asyncio.Semaphore] = HassKey(f"{DOMAIN}_audit_limit")


async def async_load_engine_data(hass: HomeAssistant) -> None:
    """Read the advisory catalog and import the vendor adapters off the event loop.

    The engine loads both lazily and caches them; doing it here first keeps file reads
    and imports out of the loop (Home Assistant flags them as blocking calls).
    """
    await hass.async_add_executor_job(_load_engine_data)


def _load_engine_data() -> None:
    bundled_catalog()
    adapters()


type CameraPostureConfigEntry = ConfigEntry[CameraPostureCoordinator]
type DriftListener = Callable[[dict[str, Any]], None]


def target_from_data(data: Any) -> Target:
    """Build the engine's Target from config entry data (ports from `services`)."""
    return Target(
        host=data[CONF_HOST],
        port=int(data[CONF_PORT]),
        username=data[CONF_USERNAME],
        password=data[CONF_PASSWORD],
        ports={str(k): int(v) for k, v in data.get(CONF_SERVICES, {}).items()},
        # Entries from before TLS-only support have none: plain first, TLS as fallback.
        scheme=HTTPS if data.get(CONF_SCHEME) == HTTPS else HTTP,
    )


def policy_from_options(options: Any) -> Policy:
    """The policy the user chose in the options flow (defaults: every check required)."""
    merged = {**DEFAULT_OPTIONS, **options}
    return Policy.requiring(
        merged[CONF_REQUIRED_CHECKS],
        CHECKS,
        merged[CONF_SEVERITIES],
        int(merged[CONF_HYSTERESIS]),
    )


def store_for(hass: HomeAssistant, entry_id: str, camera: str = "") -> PostureStore:
    """Where a camera's drift history, guard attempts and failure count are kept."""
    return PostureStore(hass, entry_id, camera)


def audit_limit(hass: HomeAssistant) -> asyncio.Semaphore:
    """The semaphore every camera's audit holds while it runs (shared by all entries)."""
    return hass.data.setdefault(AUDIT_LIMIT, asyncio.Semaphore(MAX_CONCURRENT_AUDITS))


def start_jitter_s(hass: HomeAssistant) -> float:
    """A random delay for a camera's first audit, spread by how many start with it.

    At Home Assistant's start every camera is set up at once; with more of them than
    the audit limit, their first audits (and then their entities) would land on the
    event loop in waves. Up to the limit they all start at once (16 cameras stall the
    loop about 40 ms, see tests/ha/test_fleet_load.py), as does one camera added or
    reloaded on its own.
    """
    starting = sum(
        1
        for entry in hass.config_entries.async_entries(DOMAIN)
        if entry.disabled_by is None
        and entry.source != SOURCE_IGNORE
        and entry.state in (ConfigEntryState.NOT_LOADED, ConfigEntryState.SETUP_IN_PROGRESS)
    )
    if starting <= MAX_CONCURRENT_AUDITS:
        return 0.0
    window = min(MAX_START_JITTER_S, START_JITTER_PER_CAMERA_S * starting)
    return random.uniform(0, window)  # noqa: S311 - load spreading, not security


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


def issue_id(entry_id: str, check_id: str) -> str:
    """Repair issue id of one check's drift on one camera."""
    return f"drift_{entry_id}_{check_id}"


def lock_issue_id(entry_id: str) -> str:
    """Repair issue id of a camera that reports a login lock."""
    return f"login_locked_{entry_id}"


class CameraPostureCoordinator(DataUpdateCoordinator[AuditResult]):
    """Audits one camera on a schedule and turns verdict changes into drift."""

    config_entry: CameraPostureConfigEntry

    def __init__(self, hass: HomeAssistant, entry: CameraPostureConfigEntry) -> None:
        """Set up the coordinator for one camera entry."""
        options = {**DEFAULT_OPTIONS, **entry.options}
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
        # The camera reported a login lock on the last audit that could tell.
        self.locked = False
        # Whether an audit of this coordinator told yet (the repair may stem from
        # before a restart or a setup retry, and must then follow the first answer).
        self._lock_known = False
        self.audits = 0
        self.failed_audits = 0
        self.drift_listeners: list[DriftListener] = []
        # Drifts of audits that ran before the entities existed (first refresh).
        self._held: list[dict[str, Any]] = []
        self._ready = False
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
        except LoginLocked as err:
            # Someone (old credentials, maybe an attacker) failed logins until the camera
            # locked. The lock refused us without judging our password, so it does not
            # count towards reauth; the user is told by a repair issue instead, and
            # nothing is retried (the engine reads the lock state before any login).
            self.failed_audits += 1
            self._report_lock(locked=True)
            raise UpdateFailed(translation_domain=DOMAIN, translation_key="login_locked") from err
        except InvalidAuth as err:
            # One rejected login at the camera: counted for the forms' lockout safety.
            record_failures(self.hass, self.target.host, SOURCE_AUDIT)
            self._report_lock(locked=False)
            self.failed_audits += 1
            self.auth_failures += 1
            await self._async_save()
            if self.auth_failures >= AUTH_FAILURES_BEFORE_REAUTH:
                raise ConfigEntryAuthFailed(
                    translation_domain=DOMAIN, translation_key="reauth_needed"
                ) from err
            raise UpdateFailed(translation_domain=DOMAIN, translation_key="invalid_auth") from err
        except AuditTimeout as err:
            self.failed_audits += 1
            await self._async_save()
            raise UpdateFailed(
                translation_domain=DOMAIN,
                translation_key="audit_timeout",
                translation_placeholders={"seconds": f"{deadline.AUDIT_DEADLINE_S:g}"},
            ) from err
        except CannotConnect as err:
            self.failed_audits += 1
            await self._async_save()
            raise UpdateFailed(
                translation_domain=DOMAIN,
                translation_key="cannot_connect",
                translation_placeholders={"error": str(err)},
            ) from err
        self._report_lock(locked=False)
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
        for drift in drifts:
            self._announce(self._payload(drift, result))
        if self._ready:
            self.async_restore_issues(result)
        return result

    def _report_lock(self, *, locked: bool) -> None:
        """Raise the lock repair when the camera reports a lock; remove it once it is gone."""
        if self._lock_known and locked == self.locked:
            return
        was_locked = self._lock_known and self.locked
        self._lock_known, self.locked = True, locked
        entry = self.config_entry
        if not locked:
            if was_locked:
                LOGGER.info("%s no longer reports a login lock", entry.title)
            # Also a repair raised before a restart or setup retry, by another coordinator.
            ir.async_delete_issue(self.hass, DOMAIN, lock_issue_id(entry.entry_id))
            return
        # Say truthfully where the failures came from: Camera Posture's own rejected
        # logins at this host (forms and audits) are recorded in the login ledger.
        own = failures_by_source(self.hass, self.target.host)
        placeholders = {"camera": entry.title}
        if own:
            placeholders |= {
                "own": str(sum(own.values())),
                "form": str(own.get(SOURCE_FORM, 0)),
                "audit": str(own.get(SOURCE_AUDIT, 0)),
            }
        ir.async_create_issue(
            self.hass,
            DOMAIN,
            lock_issue_id(entry.entry_id),
            is_fixable=False,
            is_persistent=False,
            severity=ir.IssueSeverity.ERROR,
            translation_key="login_locked_own" if own else "login_locked",
            translation_placeholders=placeholders,
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

    def device_id(self) -> str:
        """Device registry id of this camera (created if the entities are not there yet)."""
        entry = self.config_entry
        assert entry.unique_id is not None
        device = dr.async_get(self.hass).async_get_or_create(
            config_entry_id=entry.entry_id, identifiers={(DOMAIN, entry.unique_id)}
        )
        return device.id

    def _payload(self, drift: Drift, result: AuditResult) -> dict[str, Any]:
        check = result.checks[drift.check_id]
        return {
            "device_id": self.device_id(),
            "camera": self.config_entry.title,
            "check_id": drift.check_id,
            "check_name": check_name(self.hass, drift.check_id),
            "kind": str(drift.kind),
            "previous_status": None
            if drift.previous_status is None
            else str(drift.previous_status),
            "status": str(drift.status),
            "previous_observed": drift.previous_observed,
            "observed": drift.observed,
            "previous_seen_at": None
            if drift.previous_seen_at is None
            else drift.previous_seen_at.isoformat(),
            "severity": str(check.severity),
            # The sentence the repair and the logbook show ("Cloud access: on (was off
            # at ...)"), then the engine's summary, evidence and advice.
            "message": finding(self.hass, drift),
            "summary": check.summary,
            "evidence": check.evidence,
            "remediation": check.remediation,
        }

    @callback
    def async_release_held(self) -> None:
        """Entities exist now: announce drifts found by the first audit."""
        self._ready = True
        self.async_restore_issues()
        held, self._held = self._held, []
        for payload in held:
            self._announce(payload)

    def _announce(self, payload: dict[str, Any]) -> None:
        if not self._ready:
            self._held.append(payload)
            return
        self.hass.bus.async_fire(EVENT_DRIFT, payload)
        for listener in list(self.drift_listeners):
            listener(payload)
        check_id = payload["check_id"]
        if payload["kind"] == DriftKind.RESOLVED:
            ir.async_delete_issue(self.hass, DOMAIN, issue_id(self.config_entry.entry_id, check_id))
            return
        self._create_issue(payload)

    def _create_issue(self, payload: dict[str, Any]) -> None:
        check_id, severity = payload["check_id"], payload["severity"]
        ir.async_create_issue(
            self.hass,
            DOMAIN,
            issue_id(self.config_entry.entry_id, check_id),
            is_fixable=True,
            is_persistent=False,
            severity=(
                ir.IssueSeverity.ERROR
                if Severity(severity) in (Severity.HIGH, Severity.CRITICAL)
                else ir.IssueSeverity.WARNING
            ),
            translation_key="policy_drift",
            translation_placeholders={
                "camera": self.config_entry.title,
                "summary": payload["summary"],
                "finding": payload["message"],
                "observed": value_text(self.hass, check_id, payload["observed"]),
                "evidence": payload["evidence"] or "-",
                "remediation": payload["remediation"],
            },
            # The exact value the user would accept, as canonical JSON.
            data={
                "entry_id": self.config_entry.entry_id,
                "check_id": check_id,
                "observed": value_key(payload["observed"]),
            },
        )

    @callback
    def async_restore_issues(self, result: AuditResult | None = None) -> None:
        """A drift's repair exists exactly while the drift is open and the check fails.

        Repairs are not kept across restarts, and a reload keeps the old ones: after
        each audit, those of open drifts that fail now are raised (again) and the others
        removed. An open drift whose check passes (its resolution still being confirmed)
        or cannot be judged has no repair, so none ever comes back for a passing check.
        """
        result = result or self.data
        issues = ir.async_get(self.hass)
        entry_id = self.config_entry.entry_id
        for check_id, check in result.checks.items():
            drift = self.tracker.open_drift(check_id)
            if drift is None or check.status is not Status.FAIL:
                ir.async_delete_issue(self.hass, DOMAIN, issue_id(entry_id, check_id))
            elif issues.async_get_issue(DOMAIN, issue_id(entry_id, check_id)) is None:
                self._create_issue(self._payload(drift, result))

    async def async_resolve(self, check_id: str) -> None:
        """The user fixed the camera and the latest audit saw the check pass."""
        drift = self.tracker.resolve(self.data.checks[check_id], self.data.finished_at)
        if drift is not None:
            await self._async_save()
            self._announce(self._payload(drift, self.data))

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
            self.async_restore_issues()
        self.async_update_listeners()
        return reopened

    async def async_accept(self, check_id: str, observed: Any = None) -> bool:
        """Accept the (given or current) observed value as baseline; True if a drift closed."""
        if observed is None and self.data is not None and check_id in self.data.checks:
            observed = self.data.checks[check_id].observed
        closed = self.tracker.accept(check_id, observed)
        await self._async_save()
        if not self.tracker.is_open(check_id):
            ir.async_delete_issue(self.hass, DOMAIN, issue_id(self.config_entry.entry_id, check_id))
        self.async_update_listeners()  # the sensors show the value as accepted at once
        return closed
