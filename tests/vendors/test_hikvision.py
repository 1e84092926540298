"""Hikvision: the engine's ISAPI adapter against the simulated DS-2CD2142FWD-I."""

from __future__ import annotations

import re
from typing import Any

import aiohttp
import pytest
from aiohttp import web
from hypothesis import given
from hypothesis import strategies as st

from camsim.auth import challenge
from camsim.lock import Lockout
from camsim.persona import PERSONAS
from custom_components.camera_posture.posture.audit import audit
from custom_components.camera_posture.posture.errors import InvalidAuth
from custom_components.camera_posture.posture.models import Target
from custom_components.camera_posture.posture.transport.digest import DigestClient
from custom_components.camera_posture.posture.transport.http import HttpClient
from custom_components.camera_posture.posture.vendors import _isapi_xml as xml
from custom_components.camera_posture.posture.vendors.base import DefaultLoginGuard
from custom_components.camera_posture.posture.vendors.hikvision import (
    LockState,
    parse_device_info,
    parse_https_only,
    parse_lock_state,
    parse_time,
)
from tests.posture.helpers import web_app

from .helpers import assert_clean_truthful_audit, outcomes, run_audit, running

# Every fact the Hikvision adapter reads, in persona.truth() vocabulary.
REPORTED = {
    "default_password",
    "cloud_access",
    "upnp",
    "telnet",
    "ssh",
    "https_only",
    "time_synced",
}


@pytest.mark.parametrize(
    "changes",
    [
        {},
        {"cloud": False, "upnp": False, "ssh": False, "telnet": True, "https_only": True},
        {"ntp": False},
        {"clock_skew_s": 900.0},
    ],
    ids=["as-shipped", "hardened", "manual-clock", "clock-off"],
)
async def test_audit_reports_persona_truth(changes: dict[str, Any]) -> None:
    async with running("hikvision", **changes) as camera:
        result = await run_audit(camera)
    assert_clean_truthful_audit(result, camera, "hikvision", REPORTED)


async def test_evidence_holds_no_secret() -> None:
    async with running("hikvision") as camera:
        result = await run_audit(camera)
    password = camera.persona.users["admin"]
    assert result.facts.evidence
    assert all(password not in text for text in result.facts.evidence.values())


async def test_configured_factory_password_is_reported_without_guessing() -> None:
    async with running("hikvision", users={"admin": "12345"}) as camera:
        result = await run_audit(camera)
    assert result.facts.default_password is True
    assert camera.persona.truth()["default_password"] is True
    assert {attempt.user for attempt in camera.logins} == {"admin"}


async def test_guarded_admin_login_finds_factory_password() -> None:
    users = {"admin": "12345", "viewer": "Hik-View-2017!"}
    async with running("hikvision", users=users) as camera:
        result = await run_audit(camera, user="viewer")
    assert result.facts.default_password is True
    assert result.login_failures == 0
    assert [a.user for a in camera.logins if a.user == "admin"] == ["admin"]


async def test_guarded_admin_login_runs_once_per_day() -> None:
    guard = DefaultLoginGuard()
    async with running("hikvision") as camera:
        first = await run_audit(camera, user="viewer", guard=guard)
        second = await run_audit(camera, user="viewer", guard=guard)
    assert first.facts.default_password is False
    assert first.login_failures == 1
    # The guard refuses a second try today: unknown, never a pass.
    assert second.facts.default_password is None
    assert second.login_failures == 0
    admin_attempts = [a.outcome for a in camera.logins if a.user == "admin"]
    assert admin_attempts == ["failed"]


async def test_no_guarded_login_when_active_probing_is_off() -> None:
    async with running("hikvision") as camera:
        result = await run_audit(camera, user="viewer", guard=DefaultLoginGuard(active=False))
    assert result.facts.default_password is None
    assert {a.user for a in camera.logins} == {"viewer"}


async def test_user_check_reports_lock_state_without_credentials() -> None:
    async with running("hikvision") as camera, aiohttp.ClientSession() as session:
        url = f"http://{camera.host}:{camera.http_port}/ISAPI/Security/userCheck"
        async with session.get(url) as resp:
            before = parse_lock_state(await resp.read())
            assert resp.headers["Server"].startswith("App-webs")
        for _ in range(5):
            with pytest.raises(InvalidAuth):
                await run_audit(camera, password="wrong")
        async with session.get(url) as resp:
            assert resp.status == 401
            after = parse_lock_state(await resp.read())
    assert before == LockState(locked=False, unlock_in_s=0, attempts_left=5)
    assert after.locked is True
    assert after.attempts_left == 0
    assert after.unlock_in_s is not None
    assert 0 < after.unlock_in_s <= 1800


async def test_activation_endpoint_marks_takeover() -> None:
    # The endpoint must exist for the never-called proof to mean anything.
    async with running("hikvision") as camera, aiohttp.ClientSession() as session:
        url = f"http://{camera.host}:{camera.http_port}/ISAPI/System/activate"
        async with session.put(url, data=b"<ActivateInfo/>") as resp:
            assert resp.status == 200
    assert camera.takeovers == ["hikvision /ISAPI/System/activate"]


@given(st.binary(max_size=2048))
def test_parsers_never_raise_on_garbage(body: bytes) -> None:
    state = parse_lock_state(body)
    assert state.locked in (True, False, None)
    root = xml.parse(body)
    assert parse_device_info(root) is None or root is not None
    assert parse_https_only(root) in (True, False, None)
    ntp, offset = parse_time(root)
    assert ntp in (True, False, None)
    assert offset is None or isinstance(offset, float)


def test_parsers_refuse_entity_expansion() -> None:
    bomb = (
        b'<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "aaaaaaaaaa">'
        b'<!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;">]><userCheck><lockStatus>&b;</lockStatus>'
        b"</userCheck>"
    )
    assert xml.parse(bomb) is None
    assert parse_lock_state(bomb).locked is None


def test_parse_device_info_joins_version_and_build() -> None:
    body = (
        b'<DeviceInfo xmlns="http://www.hikvision.com/ver20/XMLSchema"><model>DS-2CD2032-I'
        b"</model><serialNumber>S1</serialNumber><firmwareVersion>V5.5.800</firmwareVersion>"
        b"<firmwareReleasedDate>build 210628</firmwareReleasedDate>"
        b"<macAddress>44:19:B6:00:00:01</macAddress></DeviceInfo>"
    )
    device = parse_device_info(xml.parse(body))
    assert device is not None
    assert (device.model, device.firmware, device.mac) == (
        "DS-2CD2032-I",
        "V5.5.800 build 210628",
        "44:19:b6:00:00:01",
    )


def test_persona_firmware_is_inside_the_cve_2017_7921_range() -> None:
    # advisories.md: DS-2CD2xx2FWD V5.3.1 build 150410 .. V5.4.4 build 161125.
    persona = PERSONAS["hikvision"].persona()
    match = re.fullmatch(r"V(\d+)\.(\d+)\.(\d+) build (\d{6})", persona.firmware)
    assert match is not None
    version = tuple(int(part) for part in match.groups())
    assert (5, 3, 1, 150410) <= version <= (5, 4, 4, 161125)
    assert re.fullmatch(r"DS-2CD2\d\d2FWD-.*", persona.model)
    assert persona.factory_users == {"admin": "12345"}
    assert not persona.default_password


async def test_rejection_inside_a_200_user_check_is_invalid_auth() -> None:
    # Some firmware answers a bad login with HTTP 200 and <statusValue>401: still a rejection.
    credentialed: list[str] = []

    async def activate_status(request: web.Request) -> web.Response:
        return web.Response(text="<ActivateStatus><Activated>true</Activated></ActivateStatus>")

    async def user_check(request: web.Request) -> web.Response:
        if "Authorization" not in request.headers:
            raise challenge("IP Camera(00001)")
        credentialed.append(request.path)
        return web.Response(text="<userCheck><statusValue>401</statusValue></userCheck>")

    routes = {"/SDK/activateStatus": activate_status, "/ISAPI/Security/userCheck": user_check}
    async with web_app(get=routes) as port, aiohttp.ClientSession() as session:
        with pytest.raises(InvalidAuth):
            await audit(session, Target("127.0.0.1", port, "admin", "wrong"))
    assert credentialed == ["/ISAPI/Security/userCheck"]


def test_malformed_lock_state_is_unknown_not_unlocked() -> None:
    body = (
        b"<userCheck><lockStatus>maybe</lockStatus><unlockTime>soon</unlockTime>"
        b"<retryLoginTime>-</retryLoginTime></userCheck>"
    )
    assert parse_lock_state(body) == LockState(locked=None, unlock_in_s=None, attempts_left=None)


def test_local_time_without_offset_gives_no_clock_offset() -> None:
    root = xml.parse(
        b"<Time><timeMode>NTP</timeMode><localTime>2026-01-01T08:00:00</localTime></Time>"
    )
    assert parse_time(root) == (True, None)


async def test_lock_state_counts_only_this_clients_failures() -> None:
    async with running("hikvision") as camera, aiohttp.ClientSession() as session:
        for _ in range(5):
            camera.record_login("192.0.2.7", "http", ok=False, user="admin")
        url = f"http://{camera.host}:{camera.http_port}/ISAPI/Security/userCheck"
        async with session.get(url) as resp:
            mine = parse_lock_state(await resp.read())
        assert camera.is_locked("192.0.2.7")
    # Another address is locked out; this client still has every attempt left.
    assert mine == LockState(locked=False, unlock_in_s=0, attempts_left=5)


async def test_an_attempt_during_the_lock_keeps_it_locked() -> None:
    async with running("hikvision") as camera, aiohttp.ClientSession() as session:
        for _ in range(5):
            camera.record_login("127.0.0.1", "http", ok=False, user="admin")
        # Hikvision restarts the lock timer on an attempt made while locked.
        assert camera.record_login("127.0.0.1", "http", ok=True, user="admin") == "locked"
        url = f"http://{camera.host}:{camera.http_port}/ISAPI/Security/userCheck"
        async with session.get(url) as resp:
            state = parse_lock_state(await resp.read())
    assert state.locked is True
    assert state.attempts_left == 0
    assert state.unlock_in_s is not None
    assert 0 < state.unlock_in_s <= 1800


async def test_configured_account_flagged_default_by_the_camera() -> None:
    # An operator account still on its factory password: the camera's own flag decides.
    users = {"operator": "op-factory-1", "admin": "Hik-Sim-Pass-2017!"}
    factory = {"admin": "12345", "operator": "op-factory-1"}
    async with running("hikvision", users=users, factory_users=factory) as camera:
        result = await run_audit(camera, user="operator")
    assert result.facts.default_password is True
    assert "isDefaultPassword=True" in result.facts.evidence["default_password"]
    # Settled by the flag: no guarded admin login was needed.
    assert {attempt.user for attempt in camera.logins} == {"operator"}


async def test_no_guarded_login_when_one_failure_would_lock() -> None:
    strict = Lockout(threshold=1, duration_s=1800, scope="client")
    async with running("hikvision", lockout=strict) as camera:
        result = await run_audit(camera, user="viewer")
    assert result.facts.default_password is None
    assert "lock state not safe" in result.facts.evidence["default_password"]
    assert {attempt.user for attempt in camera.logins} == {"viewer"}
    assert outcomes(camera) == ["ok"] * len(camera.logins)


async def test_user_list_and_login_lock_settings_need_a_login() -> None:
    async with running("hikvision") as camera, aiohttp.ClientSession() as session:
        base = f"http://{camera.host}:{camera.http_port}"
        client = DigestClient(HttpClient(session), "admin", camera.persona.users["admin"])
        users = xml.parse((await client.request("GET", f"{base}/ISAPI/Security/users")).body)
        lock = xml.parse(
            (await client.request("GET", f"{base}/ISAPI/Security/illegalLoginLock")).body
        )
        camera.persona.lockout = None
        unlocked = xml.parse(
            (await client.request("GET", f"{base}/ISAPI/Security/illegalLoginLock")).body
        )
        async with session.get(f"{base}/ISAPI/Security/users") as anonymous:
            refused = (anonymous.status, xml.parse(await anonymous.read()))
    levels = {
        xml.child_text(user, "userName"): xml.child_text(user, "userLevel")
        for user in xml.children(users, "User")
    }
    assert levels == {"admin": "Administrator", "viewer": "Operator"}
    assert xml.child_text(lock, "enabled") == "true"
    assert xml.child_text(lock, "maxIllegalLoginTimes") == "5"
    assert xml.child_text(lock, "maxIllegalLoginLockTime") == "1800"
    assert xml.child_text(unlocked, "enabled") == "false"
    assert refused[0] == 401
    assert xml.child_text(refused[1], "subStatusCode") == "unAuthorized"
