"""Policy and drift: which checks matter, and when a change is worth telling about.

Pure engine code (no Home Assistant). The HA layer persists `DriftTracker.to_dict()`
so a drift fires exactly once, even across restarts.

Rules (one tracker per camera):
- A required check that fails is out of policy whether it failed when the camera was
  added or started failing later: the first confirmed failure of a check is announced
  like any later one (`started_failing`, with no previous status). A first pass is
  quietly the check's baseline. A check the first audit could not judge (unknown)
  starts from "unknown": if it later fails, that is a drift with previous status
  unknown (telnet switched on, seen only once its port answers).
- A drift is a judged verdict that differs from the last confirmed one and is not
  acceptable: the check moved to FAIL (`started_failing`), or it still fails with an
  observed value that was never accepted (`value_changed`). Only the user accepts a
  failing value (the baseline holds nothing else).
- `resolved` is reported when an open drift ends: the check passes again (or goes back
  to an accepted value).
- A change is confirmed only after `hysteresis` consecutive audits saw exactly it; a
  first failure too (a camera added today is announced after that many audits).
- The user saying "I fixed it" while an audit sees the check pass resolves the drift at
  once (`resolve`): the user vouches for the change, the audit confirms it.
- UNKNOWN and NOT_APPLICABLE verdicts carry no information: they never confirm, clear
  or count as a change, and leave a pending confirmation as it was.
- Accepting a drift adds that exact observed value to the baseline; any other failing
  value still drifts. Revoking it takes the value out again: a check that currently
  fails with it is an open drift again.
- A check the policy stops requiring is forgotten (the caller calls `forget`); when it
  is required again it starts afresh (a failure then is told like a first one).
- Histories stored before this rule (storage version 1) kept the first audit's failures
  in the baseline as if accepted; they cannot be told apart from values the user
  accepted, so `forget_unannounced_failures` drops them and the next audits announce
  the failure (a real acceptance is asked for once more; the log says so).
"""

from __future__ import annotations

import json
import reprlib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum
from typing import Any

from .models import CheckResult, Severity, Status

DEFAULT_HYSTERESIS = 2


class DriftKind(StrEnum):
    """What kind of change a drift is."""

    STARTED_FAILING = "started_failing"
    VALUE_CHANGED = "value_changed"
    RESOLVED = "resolved"


@dataclass(frozen=True, slots=True)
class Policy:
    """What the user requires of a camera: checks, their severity, and patience."""

    enabled: Mapping[str, bool] = field(default_factory=dict)
    severities: Mapping[str, Severity] = field(default_factory=dict)
    hysteresis: int = DEFAULT_HYSTERESIS

    @classmethod
    def requiring(
        cls,
        required: Iterable[str],
        all_checks: Iterable[str],
        severities: Mapping[str, str] | None = None,
        hysteresis: int = DEFAULT_HYSTERESIS,
    ) -> Policy:
        """Build a policy from the list of required check ids (the rest are off)."""
        wanted = set(required)
        return cls(
            enabled={check_id: check_id in wanted for check_id in all_checks},
            severities={k: Severity(v) for k, v in (severities or {}).items()},
            hysteresis=max(1, hysteresis),
        )

    def to_dict(self) -> dict[str, Any]:
        """JSON-safe form (for diagnostics)."""
        return {
            "enabled": dict(self.enabled),
            "severities": {k: str(v) for k, v in self.severities.items()},
            "hysteresis": self.hysteresis,
        }


@dataclass(frozen=True, slots=True)
class Drift:
    """A confirmed change of one check."""

    check_id: str
    kind: DriftKind
    previous_status: Status | None
    status: Status
    previous_observed: Any
    observed: Any
    # The latest audit that saw the previous verdict (None: no previous verdict, or a
    # history stored before this was recorded).
    previous_seen_at: datetime | None = None


def value_key(observed: Any) -> str:
    """Canonical text of an observed value, so equal values compare equal after JSON."""
    return json.dumps(observed, sort_keys=True, default=str)


@dataclass(slots=True)
class _CheckState:
    status: Status | None  # None: no verdict confirmed yet (a first failure pending)
    value: str  # value_key of the confirmed observed value
    baseline: set[str] = field(default_factory=set)  # values the user accepted
    open: bool = False
    pending: str | None = None  # "<status>|<value>" of the change being confirmed
    pending_count: int = 0
    seen_at: str | None = None  # ISO time of the latest audit that saw the confirmed verdict
    # What the open drift (or the last confirmed change) came from, to tell it again
    # after a restart exactly as it was first told.
    previous_status: Status | None = None
    previous_value: str | None = None
    previous_seen_at: str | None = None


def _iso(at: datetime | None) -> str | None:
    return None if at is None else at.isoformat()


def _when(text: str | None) -> datetime | None:
    if text is None:
        return None
    try:
        return datetime.fromisoformat(text)
    except ValueError:
        return None


class DriftTracker:
    """Turns successive audit verdicts into confirmed drifts."""

    def __init__(self) -> None:
        """Start with no history: the next judged verdicts become the baseline."""
        self._checks: dict[str, _CheckState] = {}

    def observe(
        self,
        results: Mapping[str, CheckResult],
        hysteresis: int = DEFAULT_HYSTERESIS,
        at: datetime | None = None,
    ) -> list[Drift]:
        """Feed one audit's verdicts (finished at `at`); return the drifts it confirmed."""
        drifts: list[Drift] = []
        for check_id, result in results.items():
            drift = self._observe_one(check_id, result, max(1, hysteresis), _iso(at))
            if drift is not None:
                drifts.append(drift)
        return drifts

    def _observe_one(
        self, check_id: str, result: CheckResult, needed: int, at: str | None
    ) -> Drift | None:
        state = self._checks.get(check_id)
        if result.status is Status.UNKNOWN and state is None:
            # Remember that this check started out unjudged (see the module docstring).
            self._checks[check_id] = _CheckState(Status.UNKNOWN, value_key(None), seen_at=at)
            return None
        if result.status not in (Status.PASS, Status.FAIL):
            return None  # unknown / not required: no information
        value = value_key(result.observed)
        if state is None or (state.status is None and result.status is Status.PASS):
            if result.status is Status.PASS:
                # A first pass is the baseline at once: there is nothing to announce.
                self._checks[check_id] = _CheckState(result.status, value, seen_at=at)
                return None
            # A first failure is out of policy: confirmed like any change, then told.
            state = self._checks[check_id] = _CheckState(None, value_key(None))
        if (result.status, value) == (state.status, state.value):
            state.pending, state.pending_count = None, 0
            state.seen_at = at
            return None
        signature = f"{result.status}|{value}"
        if state.pending == signature:
            state.pending_count += 1
        else:
            state.pending, state.pending_count = signature, 1
        if state.pending_count < needed:
            return None
        return self._confirm(check_id, state, result, value, at)

    def _confirm(
        self, check_id: str, state: _CheckState, result: CheckResult, value: str, at: str | None
    ) -> Drift | None:
        previous = (state.status, state.value, state.seen_at)
        state.status, state.value, state.seen_at = result.status, value, at
        state.pending, state.pending_count = None, 0
        acceptable = result.status is Status.PASS or value in state.baseline
        if acceptable:
            if not state.open:
                return None
            state.open = False
            kind = DriftKind.RESOLVED
        else:
            state.open = True
            failing_before = previous[0] is Status.FAIL
            kind = DriftKind.VALUE_CHANGED if failing_before else DriftKind.STARTED_FAILING
        state.previous_status, state.previous_value, state.previous_seen_at = previous
        return self._drift(check_id, state, kind, result.observed)

    @staticmethod
    def _drift(check_id: str, state: _CheckState, kind: DriftKind, observed: Any) -> Drift:
        assert state.status is not None  # a drift is always about a confirmed verdict
        return Drift(
            check_id=check_id,
            kind=kind,
            previous_status=state.previous_status,
            status=state.status,
            previous_observed=json.loads(state.previous_value or "null"),
            observed=observed,
            previous_seen_at=_when(state.previous_seen_at),
        )

    def open_drift(self, check_id: str) -> Drift | None:
        """The open drift of a check as it was announced (to raise its repair again)."""
        state = self._checks.get(check_id)
        if state is None or not state.open:
            return None
        kind = (
            DriftKind.VALUE_CHANGED
            if state.previous_status is Status.FAIL
            else DriftKind.STARTED_FAILING
        )
        return self._drift(check_id, state, kind, json.loads(state.value))

    def resolve(self, result: CheckResult, at: datetime | None = None) -> Drift | None:
        """The user fixed the camera and an audit saw the check pass: resolve at once.

        Returns the resolution of the open drift, or None when none was open (or the
        check does not pass: then nothing changes).
        """
        state = self._checks.get(result.check_id)
        if state is None or result.status is not Status.PASS:
            return None
        return self._confirm(result.check_id, state, result, value_key(result.observed), _iso(at))

    def accept(self, check_id: str, observed: Any) -> bool:
        """Accept this exact observed value as the baseline; True if that closed a drift."""
        state = self._checks.get(check_id)
        if state is None:
            return False
        value = value_key(observed)
        state.baseline.add(value)
        if state.open and state.value == value:
            state.open = False
            return True
        return False

    def forget(self, check_id: str) -> bool:
        """Drop a check's history (no longer required); True if a drift was open."""
        state = self._checks.pop(check_id, None)
        return state is not None and state.open

    def is_open(self, check_id: str) -> bool:
        """Whether a drift of this check is confirmed and not resolved or accepted."""
        state = self._checks.get(check_id)
        return state is not None and state.open

    def baseline(self, check_id: str) -> list[Any]:
        """Accepted observed values of a check (decoded)."""
        state = self._checks.get(check_id)
        return [] if state is None else [json.loads(v) for v in sorted(state.baseline)]

    def revoke(self, check_id: str, observed: Any) -> bool:
        """Take an accepted value back; True if the check fails with it now (drift reopens).

        The exception is gone, so the current verdict is judged again: a check whose
        confirmed verdict is a failure with exactly that value is an open drift again.
        """
        state = self._checks.get(check_id)
        value = value_key(observed)
        if state is None or value not in state.baseline:
            return False
        state.baseline.discard(value)
        if state.status is Status.FAIL and state.value == value and not state.open:
            state.open = True
            return True
        return False

    def to_dict(self) -> dict[str, Any]:
        """JSON-safe state for persistence."""
        return {
            check_id: {
                "status": None if s.status is None else str(s.status),
                "value": s.value,
                "baseline": sorted(s.baseline),
                "open": s.open,
                "pending": s.pending,
                "pending_count": s.pending_count,
                "seen_at": s.seen_at,
                "previous_status": None if s.previous_status is None else str(s.previous_status),
                "previous_value": s.previous_value,
                "previous_seen_at": s.previous_seen_at,
            }
            for check_id, s in self._checks.items()
        }

    @classmethod
    def from_dict(cls, data: Any, dropped: list[str] | None = None) -> DriftTracker:
        """Restore a tracker saved with to_dict, tolerating a damaged copy.

        Only what cannot be read is dropped, and each dropped part is described in
        `dropped` (when given) so the caller can say so: a check whose confirmed
        verdict is unreadable starts afresh (its next verdict is a new baseline); an
        unreadable accepted value, pending confirmation or open flag is left out or
        re-derived while the rest of that check's history is kept.
        """
        notes = dropped if dropped is not None else []
        tracker = cls()
        if not isinstance(data, Mapping):
            notes.append(f"drift history (a {type(data).__name__}, not a mapping)")
            return tracker
        for check_id, raw in data.items():
            state = _restore_state(str(check_id), raw, notes)
            if state is not None:
                tracker._checks[str(check_id)] = state
        return tracker


def _is_json(text: object) -> bool:
    if not isinstance(text, str):
        return False
    try:
        json.loads(text)
    except ValueError:
        return False
    return True


def _restore_state(check_id: str, raw: object, notes: list[str]) -> _CheckState | None:
    """One check's stored state, or None when its confirmed verdict is unreadable."""
    where = f"drift of {reprlib.repr(check_id)}"
    if not isinstance(raw, Mapping):
        notes.append(f"{where} (not a mapping)")
        return None
    try:
        status = _status(raw.get("status"))
    except ValueError:
        notes.append(f"{where} (unknown status)")
        return None
    value = raw.get("value")
    if not isinstance(value, str) or not _is_json(value):
        notes.append(f"{where} (observed value is not JSON)")
        return None
    stored_baseline = raw.get("baseline", [])
    if not isinstance(stored_baseline, list):
        notes.append(f"{where}: accepted values (not a list)")
        stored_baseline = []
    baseline = {v for v in stored_baseline if _is_json(v)}
    if any(not _is_json(v) for v in stored_baseline):
        notes.append(f"{where}: accepted values that are not JSON")
    # Open means "failing with a value never accepted" (see _confirm and accept).
    derived_open = status is Status.FAIL and value not in baseline
    is_open = raw.get("open", False)
    if not isinstance(is_open, bool):
        notes.append(f"{where}: open flag (not true/false; re-derived)")
        is_open = derived_open
    pending, count = raw.get("pending"), raw.get("pending_count", 0)
    readable = _pending_ok(pending) and type(count) is int and count >= 0
    if not readable and (pending, count) != (None, 0):
        # A change half-confirmed: losing it only means confirming it once more.
        notes.append(f"{where}: pending confirmation (unreadable)")
    if not readable:
        pending, count = None, 0
    state = _CheckState(status, value, baseline, is_open, pending, count)
    _restore_history(where, raw, state, notes)
    return state


def _status(raw: object) -> Status | None:
    """A stored status: a Status, or None (no verdict confirmed yet); ValueError if unreadable."""
    return None if raw is None else Status(str(raw))


def _restore_history(
    where: str, raw: Mapping[str, Any], state: _CheckState, notes: list[str]
) -> None:
    """When the verdict was seen and what the last change came from (only told in words).

    Unreadable parts are left out: the drift itself stands, its retelling says less.
    """
    times = {key: raw.get(key) for key in ("seen_at", "previous_seen_at")}
    for key, value in times.items():
        if value is not None and not isinstance(value, str):
            notes.append(f"{where}: {key} (not a time)")
            times[key] = None
    state.seen_at, state.previous_seen_at = times["seen_at"], times["previous_seen_at"]
    previous_value = raw.get("previous_value")
    try:
        state.previous_status = _status(raw.get("previous_status"))
        if previous_value is not None and not _is_json(previous_value):
            raise ValueError(previous_value)
    except ValueError:
        notes.append(f"{where}: previous verdict (unreadable)")
        state.previous_status, previous_value = None, None
    state.previous_value = previous_value


def _pending_ok(pending: object) -> bool:
    """A pending signature is "<status>|<value>" as _observe_one writes it."""
    if not isinstance(pending, str):
        return False
    status, sep, value = pending.partition("|")
    return bool(sep) and status in (Status.PASS, Status.FAIL) and _is_json(value)


def forget_unannounced_failures(drift: Any) -> tuple[Any, list[str]]:
    """A version-1 drift history without the failures it accepted silently.

    Version 1 put the first audit's failing values into the baseline as if the user had
    accepted them, and never announced them. A check stored as failing, not open, with
    its value in the baseline may be that or a real acceptance; its history is dropped
    so the next audits announce the failure (the user can accept it again). Returns
    the history (unchanged when it is not a mapping: from_dict reports that) and the
    ids of the checks whose history was dropped.
    """
    if not isinstance(drift, Mapping):
        return drift, []
    forgotten = [
        str(check_id)
        for check_id, raw in drift.items()
        if isinstance(raw, Mapping)
        and raw.get("status") == Status.FAIL
        and raw.get("open") is False
        and raw.get("value") in (raw.get("baseline") or ())
    ]
    kept = {check_id: raw for check_id, raw in drift.items() if str(check_id) not in forgotten}
    return kept, forgotten
