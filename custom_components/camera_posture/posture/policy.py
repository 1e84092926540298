"""Policy and drift: which checks matter, and when a change is worth telling about.

Pure engine code (no Home Assistant). The HA layer persists `DriftTracker.to_dict()`
so a drift fires exactly once, even across restarts.

Rules (one tracker per camera):
- What the first audit of a camera saw is its baseline: a camera that already fails a
  check when it is added shows the problem, but that is not a *drift*. A check the first
  audit could not judge (unknown) starts from "unknown": if it later fails, that is a
  drift (telnet switched on, seen only once its port answers), if it passes, that is
  quietly its baseline.
- A drift is a judged verdict that differs from the last confirmed one and is not
  acceptable: the check moved to FAIL (`started_failing`), or it still fails with an
  observed value that was never accepted (`value_changed`).
- `resolved` is reported when an open drift ends: the check passes again (or goes back
  to an accepted value).
- A change is confirmed only after `hysteresis` consecutive audits saw exactly it.
- UNKNOWN and NOT_APPLICABLE verdicts carry no information: they never confirm, clear
  or count as a change, and leave a pending confirmation as it was.
- Accepting a drift adds that exact observed value to the baseline; any other failing
  value still drifts. Revoking it takes the value out again: a check that currently
  fails with it is an open drift again.
- A check the policy stops requiring is forgotten (the caller calls `forget`); when it
  is required again its next verdict is a fresh baseline.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
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


def value_key(observed: Any) -> str:
    """Canonical text of an observed value, so equal values compare equal after JSON."""
    return json.dumps(observed, sort_keys=True, default=str)


@dataclass(slots=True)
class _CheckState:
    status: Status
    value: str  # value_key of the confirmed observed value
    baseline: set[str] = field(default_factory=set)
    open: bool = False
    pending: str | None = None  # "<status>|<value>" of the change being confirmed
    pending_count: int = 0


class DriftTracker:
    """Turns successive audit verdicts into confirmed drifts."""

    def __init__(self) -> None:
        """Start with no history: the next judged verdicts become the baseline."""
        self._checks: dict[str, _CheckState] = {}

    def observe(
        self, results: Mapping[str, CheckResult], hysteresis: int = DEFAULT_HYSTERESIS
    ) -> list[Drift]:
        """Feed one audit's verdicts; return the drifts it confirmed."""
        drifts: list[Drift] = []
        for check_id, result in results.items():
            drift = self._observe_one(check_id, result, max(1, hysteresis))
            if drift is not None:
                drifts.append(drift)
        return drifts

    def _observe_one(self, check_id: str, result: CheckResult, needed: int) -> Drift | None:
        state = self._checks.get(check_id)
        if result.status is Status.UNKNOWN and state is None:
            # Remember that this check started out unjudged (see the module docstring).
            self._checks[check_id] = _CheckState(Status.UNKNOWN, value_key(None))
            return None
        if result.status not in (Status.PASS, Status.FAIL):
            return None  # unknown / not required: no information
        value = value_key(result.observed)
        if state is None:
            baseline = {value} if result.status is Status.FAIL else set()
            self._checks[check_id] = _CheckState(result.status, value, baseline)
            return None
        if (result.status, value) == (state.status, state.value):
            state.pending, state.pending_count = None, 0
            return None
        signature = f"{result.status}|{value}"
        if state.pending == signature:
            state.pending_count += 1
        else:
            state.pending, state.pending_count = signature, 1
        if state.pending_count < needed:
            return None
        return self._confirm(check_id, state, result, value)

    def _confirm(
        self, check_id: str, state: _CheckState, result: CheckResult, value: str
    ) -> Drift | None:
        previous_status, previous_value = state.status, state.value
        state.status, state.value = result.status, value
        state.pending, state.pending_count = None, 0
        acceptable = result.status is Status.PASS or value in state.baseline
        if acceptable:
            if not state.open:
                return None
            state.open = False
            kind = DriftKind.RESOLVED
        else:
            state.open = True
            failing_before = previous_status is Status.FAIL
            kind = DriftKind.VALUE_CHANGED if failing_before else DriftKind.STARTED_FAILING
        return Drift(
            check_id=check_id,
            kind=kind,
            previous_status=previous_status,
            status=result.status,
            previous_observed=json.loads(previous_value),
            observed=result.observed,
        )

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
                "status": str(s.status),
                "value": s.value,
                "baseline": sorted(s.baseline),
                "open": s.open,
                "pending": s.pending,
                "pending_count": s.pending_count,
            }
            for check_id, s in self._checks.items()
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> DriftTracker:
        """Restore a tracker saved with to_dict (unreadable entries are dropped)."""
        tracker = cls()
        for check_id, raw in data.items():
            try:
                tracker._checks[check_id] = _CheckState(
                    status=Status(raw["status"]),
                    value=str(raw["value"]),
                    baseline={str(v) for v in raw.get("baseline", [])},
                    open=bool(raw.get("open", False)),
                    pending=raw.get("pending"),
                    pending_count=int(raw.get("pending_count", 0)),
                )
            except KeyError, TypeError, ValueError:
                continue
        return tracker
