"""Telling the user about a camera: drift events, the event entity's signal, repairs.

The coordinator audits and stores; what an audit found is announced from here: the
`camera_posture_drift` bus event, a dispatcher signal the drift event entity listens to,
and the repair lifecycle (a drift's repair, the login-lock repair).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from homeassistant.core import HomeAssistant, callback
from homeassistant.helpers import device_registry as dr
from homeassistant.helpers import issue_registry as ir
from homeassistant.helpers.dispatcher import async_dispatcher_send

from .const import DOMAIN, EVENT_DRIFT, LOGGER
from .login_ledger import SOURCE_AUDIT, SOURCE_FORM, failures_by_source
from .posture.models import AuditResult, Severity, Status
from .posture.policy import Drift, DriftKind, value_key
from .wording import check_name, finding, previous_text, value_text

if TYPE_CHECKING:
    from .coordinator import CameraPostureCoordinator


def issue_id(entry_id: str, check_id: str) -> str:
    """Repair issue id of one check's drift on one camera."""
    return f"drift_{entry_id}_{check_id}"


def lock_issue_id(entry_id: str) -> str:
    """Repair issue id of a camera that reports a login lock."""
    return f"login_locked_{entry_id}"


def drift_signal(entry_id: str) -> str:
    """Dispatcher signal a camera's drift event entity listens to (payload as argument)."""
    return f"{DOMAIN}_drift_{entry_id}"


class DriftAnnouncer:
    """Announces one camera's drifts and keeps its repairs in step with its audits."""

    def __init__(self, coordinator: CameraPostureCoordinator) -> None:
        """Announce for this camera's coordinator (its entry, tracker and latest data)."""
        self._coordinator = coordinator
        self.hass: HomeAssistant = coordinator.hass
        # Drifts of audits that ran before the entities existed (first refresh).
        self._held: list[dict[str, Any]] = []
        self._ready = False
        # The camera reported a login lock on the last audit that could tell.
        self.locked = False
        # Whether an audit of this coordinator told yet (the repair may stem from
        # before a restart or a setup retry, and must then follow the first answer).
        self._lock_known = False

    @property
    def _entry_id(self) -> str:
        return self._coordinator.config_entry.entry_id

    def audited(self, drifts: list[Drift], result: AuditResult) -> None:
        """An audit succeeded: announce its drifts, then bring the repairs in line."""
        for drift in drifts:
            self.announce(self.payload(drift, result))
        if self._ready:
            self.restore_issues(result)

    def report_lock(self, *, locked: bool, host: str) -> None:
        """Raise the lock repair when the camera reports a lock; remove it once it is gone."""
        if self._lock_known and locked == self.locked:
            return
        was_locked = self._lock_known and self.locked
        self._lock_known, self.locked = True, locked
        entry = self._coordinator.config_entry
        if not locked:
            if was_locked:
                LOGGER.info("%s no longer reports a login lock", entry.title)
            # Also a repair raised before a restart or setup retry, by another coordinator.
            ir.async_delete_issue(self.hass, DOMAIN, lock_issue_id(entry.entry_id))
            return
        # Say truthfully where the failures came from: Camera Posture's own rejected
        # logins at this host (forms and audits) are recorded in the login ledger.
        own = failures_by_source(self.hass, host)
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

    def device_id(self) -> str:
        """Device registry id of this camera (created if the entities are not there yet)."""
        entry = self._coordinator.config_entry
        assert entry.unique_id is not None
        device = dr.async_get(self.hass).async_get_or_create(
            config_entry_id=entry.entry_id, identifiers={(DOMAIN, entry.unique_id)}
        )
        return device.id

    def payload(self, drift: Drift, result: AuditResult) -> dict[str, Any]:
        """The drift event's data (also what the event entity and the repair show)."""
        check = result.checks[drift.check_id]
        return {
            "device_id": self.device_id(),
            "camera": self._coordinator.config_entry.title,
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
    def release_held(self) -> None:
        """Entities exist now: announce drifts found by the first audit."""
        self._ready = True
        self.restore_issues()
        held, self._held = self._held, []
        for payload in held:
            self.announce(payload)

    def announce(self, payload: dict[str, Any]) -> None:
        """Fire the drift event, signal the event entity, raise or remove the repair."""
        if not self._ready:
            self._held.append(payload)
            return
        self.hass.bus.async_fire(EVENT_DRIFT, payload)
        async_dispatcher_send(self.hass, drift_signal(self._entry_id), payload)
        if payload["kind"] == DriftKind.RESOLVED:
            self.delete_issue(payload["check_id"])
            return
        self._create_issue(payload)

    def delete_issue(self, check_id: str) -> None:
        """Remove the repair of one check's drift (if there is one)."""
        ir.async_delete_issue(self.hass, DOMAIN, issue_id(self._entry_id, check_id))

    def _create_issue(self, payload: dict[str, Any]) -> None:
        check_id, severity = payload["check_id"], payload["severity"]
        ir.async_create_issue(
            self.hass,
            DOMAIN,
            issue_id(self._entry_id, check_id),
            is_fixable=True,
            is_persistent=False,
            severity=(
                ir.IssueSeverity.ERROR
                if Severity(severity) in (Severity.HIGH, Severity.CRITICAL)
                else ir.IssueSeverity.WARNING
            ),
            # The check's own texts (strings.json, translated); the placeholders are data
            # only: the camera's name, the value seen now and before, how it was seen.
            translation_key=f"drift_{check_id}",
            translation_placeholders={
                "camera": payload["camera"],
                "observed": value_text(self.hass, check_id, payload["observed"]),
                "previous": previous_text(
                    self.hass,
                    check_id,
                    payload["previous_status"],
                    payload["previous_observed"],
                    payload["previous_seen_at"],
                ),
                "evidence": payload["evidence"] or "-",
            },
            # The exact value the user would accept, as canonical JSON.
            data={
                "entry_id": self._entry_id,
                "check_id": check_id,
                "observed": value_key(payload["observed"]),
            },
        )

    @callback
    def restore_issues(self, result: AuditResult | None = None) -> None:
        """A drift's repair exists exactly while the drift is open and the check fails.

        Repairs are not kept across restarts, and a reload keeps the old ones: after
        each audit, those of open drifts that fail now are raised (again) and the others
        removed. An open drift whose check passes (its resolution still being confirmed)
        or cannot be judged has no repair, so none ever comes back for a passing check.
        """
        result = result or self._coordinator.data
        tracker = self._coordinator.tracker
        issues = ir.async_get(self.hass)
        for check_id, check in result.checks.items():
            drift = tracker.open_drift(check_id)
            if drift is None or check.status is not Status.FAIL:
                self.delete_issue(check_id)
            elif issues.async_get_issue(DOMAIN, issue_id(self._entry_id, check_id)) is None:
                self._create_issue(self.payload(drift, result))
