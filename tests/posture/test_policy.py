"""Drift rules: hysteresis, unknown handling, baselines, persistence (pure engine)."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from custom_components.camera_posture.posture.checks import CHECKS
from custom_components.camera_posture.posture.models import CheckResult, Severity, Status
from custom_components.camera_posture.posture.policy import (
    Drift,
    DriftKind,
    DriftTracker,
    Policy,
)

PASS, FAIL, UNKNOWN = Status.PASS, Status.FAIL, Status.UNKNOWN


def verdict(status: Status, observed: Any, check_id: str = "telnet") -> dict[str, CheckResult]:
    return {
        check_id: CheckResult(
            check_id=check_id,
            status=status,
            observed=observed,
            severity=Severity.HIGH,
            summary="",
            remediation="",
        )
    }


def feed(tracker: DriftTracker, *steps: tuple[Status, Any], n: int = 1) -> list[list[Drift]]:
    return [tracker.observe(verdict(status, value), n) for status, value in steps]


def test_first_pass_is_the_baseline_first_failure_is_announced() -> None:
    assert feed(DriftTracker(), (PASS, False)) == [[]]
    tracker = DriftTracker()
    (drift,) = feed(tracker, (FAIL, True))[0]
    assert (drift.kind, drift.previous_status, drift.status) == (
        DriftKind.STARTED_FAILING,
        None,
        FAIL,
    )
    assert (drift.previous_observed, drift.observed, drift.previous_seen_at) == (None, True, None)
    assert tracker.is_open("telnet")
    assert tracker.baseline("telnet") == []  # nothing was accepted on the user's behalf


def test_first_failure_waits_for_hysteresis_and_survives_a_restart() -> None:
    tracker = DriftTracker()
    assert feed(tracker, (FAIL, True), n=3) == [[]]
    restored = DriftTracker.from_dict(tracker.to_dict())
    assert feed(restored, (FAIL, True), n=3) == [[]]
    (drift,) = feed(restored, (FAIL, True), n=3)[0]
    assert (drift.kind, drift.previous_status) == (DriftKind.STARTED_FAILING, None)
    again = DriftTracker.from_dict(restored.to_dict())
    assert again.is_open("telnet")
    assert feed(again, (FAIL, True), n=3) == [[]]  # told once, never again


def test_first_failure_that_passes_before_confirmation_is_quiet() -> None:
    tracker = DriftTracker()
    assert feed(tracker, (FAIL, True), (PASS, False), (PASS, False), n=2) == [[], [], []]
    assert not tracker.is_open("telnet")


def test_previous_verdict_time_is_kept_for_the_message() -> None:
    first, second = (
        datetime(2026, 11, 27, 9, 12, tzinfo=UTC),
        datetime(2026, 11, 27, 9, 22, tzinfo=UTC),
    )
    tracker = DriftTracker()
    assert tracker.observe(verdict(PASS, False), 1, at=first) == []
    (drift,) = tracker.observe(verdict(FAIL, True), 1, at=second)
    assert drift.previous_seen_at == first
    restored = DriftTracker.from_dict(tracker.to_dict())
    assert restored.open_drift("telnet") == drift
    assert restored.open_drift("ssh") is None


def test_resolve_closes_the_drift_at_once_when_the_check_passes() -> None:
    tracker = DriftTracker()
    feed(tracker, (PASS, False), (FAIL, True), n=1)
    passing = verdict(PASS, False)["telnet"]
    # Hysteresis 3: one passing audit alone would only start the confirmation.
    assert tracker.observe({"telnet": passing}, 3) == []
    assert tracker.is_open("telnet")
    assert tracker.resolve(verdict(FAIL, True)["telnet"]) is None
    drift = tracker.resolve(passing)
    assert drift is not None
    assert drift.kind is DriftKind.RESOLVED
    assert not tracker.is_open("telnet")
    assert tracker.resolve(passing) is None
    assert DriftTracker().resolve(passing) is None


def test_check_unknown_at_first_that_starts_failing_is_a_drift() -> None:
    # Telnet off cannot be proven (a closed port says nothing): unknown at the first
    # audit. Switching it on later is exactly the drift a user wants to hear about.
    tracker = DriftTracker()
    out = feed(tracker, (UNKNOWN, None), (FAIL, True), (FAIL, True), n=2)
    assert [len(x) for x in out] == [0, 0, 1]
    drift = out[2][0]
    assert (drift.kind, drift.previous_status, drift.previous_observed) == (
        DriftKind.STARTED_FAILING,
        UNKNOWN,
        None,
    )
    # Restored from storage, the "started unknown" state is kept.
    restored = DriftTracker.from_dict(DriftTracker().to_dict() | tracker.to_dict())
    assert restored.is_open("telnet")


def test_check_unknown_at_first_that_passes_is_quietly_its_baseline() -> None:
    tracker = DriftTracker()
    out = feed(tracker, (UNKNOWN, None), (PASS, False), (PASS, False), (FAIL, True), n=1)
    assert [len(x) for x in out] == [0, 0, 0, 1]


def test_moving_to_fail_is_confirmed_after_n_audits_and_fires_once() -> None:
    tracker = DriftTracker()
    out = feed(tracker, (PASS, False), (FAIL, True), (FAIL, True), (FAIL, True), n=2)
    assert [len(x) for x in out] == [0, 0, 1, 0]
    drift = out[2][0]
    assert (drift.kind, drift.previous_status, drift.status) == (
        DriftKind.STARTED_FAILING,
        PASS,
        FAIL,
    )
    assert (drift.previous_observed, drift.observed) == (False, True)
    assert tracker.is_open("telnet")


def test_a_single_glitch_does_not_count() -> None:
    tracker = DriftTracker()
    out = feed(tracker, (PASS, False), (FAIL, True), (PASS, False), (FAIL, True), n=2)
    assert all(x == [] for x in out)
    assert not tracker.is_open("telnet")


def test_unknown_neither_confirms_clears_nor_changes() -> None:
    tracker = DriftTracker()
    out = feed(tracker, (PASS, False), (FAIL, True), (UNKNOWN, None), (FAIL, True), n=2)
    # The unknown audit leaves the pending confirmation as it was.
    assert [len(x) for x in out] == [0, 0, 0, 1]
    out = feed(tracker, (UNKNOWN, None), (UNKNOWN, None), n=1)
    assert out == [[], []]
    assert tracker.is_open("telnet")  # unknown never clears a failure


def test_passing_again_resolves() -> None:
    tracker = DriftTracker()
    out = feed(tracker, (PASS, False), (FAIL, True), (PASS, False))
    assert out[2][0].kind is DriftKind.RESOLVED
    assert not tracker.is_open("telnet")


def test_value_change_while_failing_is_drift_and_accept_is_exact() -> None:
    tracker = DriftTracker()
    assert feed(tracker, (FAIL, ["tcp/80->80"]))[0][0].kind is DriftKind.STARTED_FAILING
    assert tracker.accept("telnet", ["tcp/80->80"])
    out = feed(tracker, (FAIL, ["tcp/80->80", "tcp/554->554"]))
    assert out[0][0].kind is DriftKind.VALUE_CHANGED
    assert tracker.accept("telnet", ["tcp/80->80", "tcp/554->554"])
    assert not tracker.is_open("telnet")
    # Back to the original accepted value: acceptable, nothing to report.
    assert feed(tracker, (FAIL, ["tcp/80->80"])) == [[]]
    # A value never accepted drifts again.
    out = feed(tracker, (FAIL, ["tcp/23->23"]))
    assert out[0][0].kind is DriftKind.VALUE_CHANGED


def test_accepting_another_value_keeps_the_drift_open() -> None:
    tracker = DriftTracker()
    feed(tracker, (PASS, False), (FAIL, True))
    assert not tracker.accept("telnet", "something else")
    assert tracker.is_open("telnet")
    assert not tracker.accept("unknown_check", True)


def test_accepted_failure_that_returns_after_passing_is_not_drift() -> None:
    tracker = DriftTracker()
    feed(tracker, (PASS, False), (FAIL, True))
    tracker.accept("telnet", True)
    out = feed(tracker, (PASS, False), (FAIL, True))
    assert out == [[], []]
    assert tracker.baseline("telnet") == [True]
    assert DriftTracker().baseline("telnet") == []


def test_persistence_round_trip_keeps_pending_and_open_state() -> None:
    tracker = DriftTracker()
    feed(tracker, (PASS, False), (FAIL, True), n=2)
    restored = DriftTracker.from_dict(tracker.to_dict())
    # The pending confirmation survived: the next audit confirms it, exactly once.
    assert len(restored.observe(verdict(FAIL, True), 2)) == 1
    again = DriftTracker.from_dict(restored.to_dict())
    assert again.is_open("telnet")
    assert again.observe(verdict(FAIL, True), 2) == []


def test_from_dict_drops_unreadable_entries() -> None:
    tracker = DriftTracker.from_dict({"telnet": {"status": "bogus"}, "ssh": {}})
    assert tracker.to_dict() == {}


def test_policy_requiring() -> None:
    policy = Policy.requiring(["telnet"], CHECKS, {"telnet": "low"}, hysteresis=0)
    assert policy.enabled["telnet"] is True
    assert policy.enabled["ssh"] is False
    assert policy.severities == {"telnet": Severity.LOW}
    assert policy.hysteresis == 1
    assert policy.to_dict()["severities"] == {"telnet": "low"}


def test_forget_drops_history_and_reports_open_drift() -> None:
    tracker = DriftTracker()
    feed(tracker, (PASS, False), (FAIL, True))
    assert tracker.forget("telnet") is True
    assert tracker.forget("telnet") is False
    # Required again: the next verdict starts afresh (a failure is told as a first one).
    assert [(d.kind, d.previous_status) for d in feed(tracker, (FAIL, True))[0]] == [
        (DriftKind.STARTED_FAILING, None)
    ]


def test_revoking_an_accepted_value_reopens_the_drift_it_closed() -> None:
    tracker = DriftTracker()
    feed(tracker, (PASS, False), (FAIL, True))
    assert tracker.accept("telnet", True)
    assert not tracker.is_open("telnet")
    assert tracker.revoke("telnet", True)
    assert tracker.is_open("telnet")
    assert tracker.baseline("telnet") == []
    # Nothing (left) to revoke: no change.
    assert not tracker.revoke("telnet", True)
    assert not tracker.revoke("unknown_check", True)


def test_revoking_a_value_the_check_does_not_fail_with_only_forgets_it() -> None:
    tracker = DriftTracker()
    feed(tracker, (PASS, False), (FAIL, True))
    tracker.accept("telnet", True)
    feed(tracker, (PASS, False))
    assert not tracker.revoke("telnet", True)
    assert not tracker.is_open("telnet")
    # The camera fails with it again later: now that is a drift.
    out = feed(tracker, (FAIL, True))
    assert out[0][0].kind is DriftKind.STARTED_FAILING


def test_unreadable_times_are_forgotten_not_fatal() -> None:
    tracker = DriftTracker()
    feed(tracker, (PASS, False), (FAIL, True))
    stored = tracker.to_dict()
    stored["telnet"]["previous_seen_at"] = "not a time"
    drift = DriftTracker.from_dict(stored).open_drift("telnet")
    assert drift is not None
    assert drift.previous_seen_at is None
