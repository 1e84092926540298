"""Lockout safety of interactive logins: the refusal rule and the failure ledger."""

from __future__ import annotations

import aiohttp
import pytest

from custom_components.camera_posture.posture.audit import read_device_info
from custom_components.camera_posture.posture.errors import LoginLocked
from custom_components.camera_posture.posture.lockout import (
    FailureLedger,
    LoginPreflight,
    LoginRefused,
    Refusal,
    RefusalReason,
    refusal,
)
from custom_components.camera_posture.posture.vendors import adapters
from custom_components.camera_posture.posture.vendors.base import (
    ASSUMED_LOCKOUT,
    LockState,
    LoginLockout,
)
from custom_components.camera_posture.posture.vendors.hikvision import HikvisionAdapter
from tests.vendors.helpers import running, target

FIVE = LoginLockout(threshold=5, window_s=1800.0, source="test rule")


def _preflight(lock: LockState | None = None) -> LoginPreflight:
    return LoginPreflight("hikvision", FIVE, lock)


@pytest.mark.parametrize(("own", "refused"), [(0, False), (3, False), (4, True), (9, True)])
def test_own_failures_stop_one_before_the_threshold(own: int, refused: bool) -> None:
    result = refusal(_preflight(), own, wait_s=60)
    assert (result is not None) is refused
    if result is not None:
        assert result.reason is RefusalReason.OWN_FAILURES
        assert (result.own_failures, result.threshold, result.wait_s) == (own, 5, 60)


@pytest.mark.parametrize(("left", "refused"), [(None, False), (5, False), (2, False), (1, True)])
def test_the_cameras_remaining_attempts_win(left: int | None, refused: bool) -> None:
    lock = LockState(locked=False, unlock_in_s=0, attempts_left=left)
    result = refusal(_preflight(lock), 0)
    assert (result is not None) is refused
    if result is not None:
        assert result.reason is RefusalReason.LAST_ATTEMPT


def test_ledger_counts_per_host_and_source_until_the_window_ends() -> None:
    ledger = FailureLedger()
    ledger.record("192.0.2.1", "form", 1800.0, now=0.0)
    ledger.record("192.0.2.1", "audit", 600.0, now=100.0)
    ledger.record("192.0.2.2", "form", 1800.0, now=0.0)
    assert ledger.count("192.0.2.1", now=200.0) == 2
    assert ledger.by_source("192.0.2.1", now=200.0) == {"form": 1, "audit": 1}
    assert ledger.wait_s("192.0.2.1", now=200.0) == 500  # the audit's failure ends first
    assert ledger.by_source("192.0.2.1", now=800.0) == {"form": 1}
    assert ledger.count("192.0.2.1", now=1800.0) == 0
    assert ledger.wait_s("192.0.2.1", now=1800.0) is None
    assert ledger.count("192.0.2.2", now=1799.0) == 1


def test_every_family_has_a_lock_rule_with_a_source() -> None:
    rules = {cls.vendor: cls.lockout for cls in adapters()}
    assert rules["hikvision"].threshold == 5
    assert rules["dahua"].window_s == 1800.0
    for rule in rules.values():
        assert rule.threshold >= 2
        assert rule.source
    # Undocumented families fall back to the stated assumption, never to "no limit".
    assert rules["onvif"] is ASSUMED_LOCKOUT


async def test_the_gate_sees_the_lock_state_before_any_credential() -> None:
    seen: list[LoginPreflight] = []

    async def refuse(preflight: LoginPreflight) -> None:
        seen.append(preflight)
        raise LoginRefused(Refusal(RefusalReason.OWN_FAILURES, 4, 5, 60))

    async with running("hikvision") as camera, aiohttp.ClientSession() as session:
        with pytest.raises(LoginRefused):
            await read_device_info(session, target(camera, password="wrong"), refuse)
        # Refused at the gate: not one credential reached the camera.
        assert camera.logins == []
        # Locked by another client: the engine stops before the gate is even asked.
        for _ in range(5):
            camera.record_login("127.0.0.1", "http", ok=False, user="admin")
        with pytest.raises(LoginLocked):
            await read_device_info(session, target(camera), refuse)
    assert seen == [
        LoginPreflight(
            "hikvision",
            HikvisionAdapter.lockout,
            LockState(locked=False, unlock_in_s=0, attempts_left=5),
        )
    ]


async def test_families_that_do_not_tell_get_no_lock_state() -> None:
    seen: list[LoginPreflight] = []

    async def allow(preflight: LoginPreflight) -> None:
        seen.append(preflight)

    async with running("onvif_generic") as camera, aiohttp.ClientSession() as session:
        await read_device_info(session, target(camera), allow)
    assert [(p.vendor, p.lock, p.lockout) for p in seen] == [("onvif", None, ASSUMED_LOCKOUT)]
