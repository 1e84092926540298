"""Drift history and guard times restored from a damaged copy: only the bad parts go."""

from __future__ import annotations

import math
import time
from typing import Any

import pytest

from custom_components.camera_posture.posture.models import Status
from custom_components.camera_posture.posture.policy import (
    DriftKind,
    DriftTracker,
    forget_unannounced_failures,
)
from custom_components.camera_posture.posture.vendors.base import (
    DEFAULT_LOGIN_INTERVAL_S,
    DefaultLoginGuard,
)

from .test_policy import verdict

OPEN = {
    "status": "fail",
    "value": "true",
    "baseline": [],
    "open": True,
    "pending": None,
    "pending_count": 0,
}


@pytest.mark.parametrize("data", [[], "x", 3, None, True])
def test_history_that_is_not_a_mapping_is_dropped_and_named(data: Any) -> None:
    dropped: list[str] = []
    tracker = DriftTracker.from_dict(data, dropped)
    assert tracker.to_dict() == {}
    assert dropped == [f"drift history (a {type(data).__name__}, not a mapping)"]


@pytest.mark.parametrize(
    ("entry", "note"),
    [
        (5, "drift of 'ssh' (not a mapping)"),
        ({**OPEN, "status": "bogus"}, "drift of 'ssh' (unknown status)"),
        ({**OPEN, "status": ["fail"]}, "drift of 'ssh' (unknown status)"),
        ({**OPEN, "value": "{not json"}, "drift of 'ssh' (observed value is not JSON)"),
        ({**OPEN, "value": 1}, "drift of 'ssh' (observed value is not JSON)"),
        ({k: v for k, v in OPEN.items() if k != "value"}, "(observed value is not JSON)"),
    ],
)
def test_unreadable_check_is_dropped_others_kept(entry: Any, note: str) -> None:
    dropped: list[str] = []
    tracker = DriftTracker.from_dict({"telnet": OPEN, "ssh": entry}, dropped)
    assert tracker.is_open("telnet")
    assert "ssh" not in tracker.to_dict()
    assert len(dropped) == 1
    assert note in dropped[0]
    # The dropped check starts afresh: a pass is quietly its baseline.
    assert tracker.observe(verdict(Status.PASS, False, "ssh"), 1) == []
    assert tracker.to_dict()["ssh"]["status"] == "pass"


def test_value_that_is_not_json_never_opens_a_silent_drift() -> None:
    # Before: the unreadable value was kept, the next change crashed decoding it after
    # the drift had been marked open (no event, no repair). Now the check starts afresh
    # and its failure is told like a first one.
    tracker = DriftTracker.from_dict({"telnet": {**OPEN, "value": "{", "open": False}})
    [drift] = tracker.observe(verdict(Status.FAIL, True), 1)
    assert (drift.kind, drift.previous_status, drift.observed) == (
        DriftKind.STARTED_FAILING,
        None,
        True,
    )
    assert tracker.is_open("telnet")
    drifts = tracker.observe(verdict(Status.FAIL, "another"), 1)
    assert [d.kind for d in drifts] == [DriftKind.VALUE_CHANGED]
    assert drifts[0].previous_observed is True


def test_bad_accepted_values_go_the_good_stay() -> None:
    dropped: list[str] = []
    entry = {**OPEN, "status": "fail", "value": '"b"', "baseline": ['"a"', "{", 7], "open": False}
    tracker = DriftTracker.from_dict({"telnet": entry}, dropped)
    assert tracker.baseline("telnet") == ["a"]
    assert dropped == ["drift of 'telnet': accepted values that are not JSON"]
    dropped.clear()
    tracker = DriftTracker.from_dict({"telnet": {**entry, "baseline": '"a"'}}, dropped)
    assert tracker.baseline("telnet") == []
    assert dropped == ["drift of 'telnet': accepted values (not a list)"]


@pytest.mark.parametrize(
    ("baseline", "expected_open"), [([], True), (["true"], False)], ids=["unaccepted", "accepted"]
)
def test_unreadable_open_flag_is_re_derived(baseline: list[str], expected_open: bool) -> None:
    dropped: list[str] = []
    entry = {**OPEN, "baseline": baseline, "open": "yes"}
    tracker = DriftTracker.from_dict({"telnet": entry}, dropped)
    assert tracker.is_open("telnet") is expected_open
    assert dropped == ["drift of 'telnet': open flag (not true/false; re-derived)"]


@pytest.mark.parametrize(
    ("pending", "count"),
    [
        ("fail|{", 1),
        ("maybe|true", 1),
        ("no separator", 1),
        (5, 1),
        ("fail|true", "x"),
        ("fail|true", -1),
        ("fail|true", True),
        (None, 3),
    ],
)
def test_unreadable_pending_confirmation_is_dropped(pending: Any, count: Any) -> None:
    dropped: list[str] = []
    entry = {**OPEN, "status": "pass", "value": "false", "pending": pending, "pending_count": count}
    tracker = DriftTracker.from_dict({"telnet": entry}, dropped)
    assert dropped == ["drift of 'telnet': pending confirmation (unreadable)"]
    state = tracker.to_dict()["telnet"]
    assert (state["pending"], state["pending_count"]) == (None, 0)
    assert state["status"] == "pass"


def test_readable_history_round_trips_without_notes() -> None:
    dropped: list[str] = []
    entry = {**OPEN, "status": "pass", "value": "false", "pending": "fail|true", "pending_count": 1}
    tracker = DriftTracker.from_dict({"telnet": entry, "ssh": OPEN}, dropped)
    assert dropped == []
    saved = tracker.to_dict()
    assert {key: saved["telnet"][key] for key in entry} == entry
    assert {key: saved["ssh"][key] for key in OPEN} == OPEN
    # The pending confirmation still counts: one more failing audit confirms it.
    assert [d.kind for d in tracker.observe(verdict(Status.FAIL, True), 2)] == [
        DriftKind.STARTED_FAILING
    ]


# --- the default-login guard --------------------------------------------------------


@pytest.mark.parametrize("value", ["yesterday", None, [], {}, True, math.nan, math.inf])
def test_unreadable_guard_time_counts_as_tried_now(value: Any) -> None:
    guard = DefaultLoginGuard()
    notes = guard.restore({"10.0.0.9/admin": value, "10.0.0.9/root": 1000.0})
    assert notes == ["default-login time of '10.0.0.9/admin' (not a number; counted as now)"]
    # The safe side: no guarded login for a day, never an extra one.
    assert not guard.may_try("10.0.0.9", "admin")
    assert guard.may_try("10.0.0.9", "root")


def test_guard_time_far_in_the_future_counts_as_now() -> None:
    guard = DefaultLoginGuard()
    soon = time.time() + 60
    notes = guard.restore({"a/admin": 1e12, "b/admin": soon})
    # A clock set back a little is no damage; year 33658 is.
    assert notes == ["default-login time of 'a/admin' (in the future; counted as now)"]
    assert guard.attempts["a/admin"] <= time.time()
    assert guard.attempts["b/admin"] <= time.time()
    assert not guard.may_try("a", "admin")


@pytest.mark.parametrize("stored", [[1, 2], "x", None, 5])
def test_guard_attempts_that_are_not_a_mapping(stored: Any) -> None:
    guard = DefaultLoginGuard()
    assert guard.restore(stored) == [
        f"default-login attempts (a {type(stored).__name__}, not a mapping)"
    ]
    assert guard.attempts == {}


def test_guard_tolerates_a_bad_time_put_there_directly() -> None:
    # A caller that fills `attempts` itself (not through restore) gets no TypeError.
    guard = DefaultLoginGuard(attempts={"h/admin": "2026-11-27"})  # type: ignore[dict-item]
    assert not guard.may_try("h", "admin")
    assert isinstance(guard.attempts["h/admin"], float)
    guard.attempts["h/admin"] -= DEFAULT_LOGIN_INTERVAL_S
    assert guard.may_try("h", "admin")


def test_no_confirmed_verdict_yet_is_readable() -> None:
    # A first failure still being confirmed: no status yet, and no note.
    dropped: list[str] = []
    entry = {**OPEN, "status": None, "value": "null", "open": False, "pending": "fail|true"}
    tracker = DriftTracker.from_dict({"telnet": {**entry, "pending_count": 1}}, dropped)
    assert dropped == []
    assert tracker.to_dict()["telnet"]["status"] is None


@pytest.mark.parametrize(
    ("history", "note"),
    [
        ({"seen_at": 5}, "drift of 'telnet': seen_at (not a time)"),
        ({"previous_seen_at": ["x"]}, "drift of 'telnet': previous_seen_at (not a time)"),
        ({"previous_status": "maybe"}, "drift of 'telnet': previous verdict (unreadable)"),
        ({"previous_value": "{"}, "drift of 'telnet': previous verdict (unreadable)"),
        ({"previous_value": 3}, "drift of 'telnet': previous verdict (unreadable)"),
    ],
)
def test_unreadable_history_is_left_out_the_drift_stands(
    history: dict[str, Any], note: str
) -> None:
    dropped: list[str] = []
    good = {"seen_at": "2026-11-27T12:00:00+00:00", "previous_status": "pass"}
    entry = {**OPEN, **good, "previous_value": "false", **history}
    tracker = DriftTracker.from_dict({"telnet": entry}, dropped)
    assert dropped == [note]
    assert tracker.is_open("telnet")
    state = tracker.to_dict()["telnet"]
    for key in history:
        assert state[key] is None


def test_version_1_silent_failures_are_forgotten_the_rest_kept() -> None:
    silent = {**OPEN, "baseline": ["true"], "open": False}
    passing = {**OPEN, "status": "pass", "value": "false", "open": False}
    history = {"telnet": OPEN, "upnp": silent, "ssh": passing, "odd": 3}
    kept, forgotten = forget_unannounced_failures(history)
    assert forgotten == ["upnp"]
    assert kept == {"telnet": OPEN, "ssh": passing, "odd": 3}
    # Not a mapping: left for from_dict to report.
    assert forget_unannounced_failures([1]) == ([1], [])
