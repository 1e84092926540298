"""Lockout is persona data; the camera records every attempt per client."""

from __future__ import annotations

import aiohttp
import pytest

from camsim.camera import MAX_LOGINS
from camsim.lock import Lockout
from custom_components.camera_posture.posture.errors import InvalidAuth
from custom_components.camera_posture.posture.transport.http import HttpClient
from custom_components.camera_posture.posture.transport.onvif import OnvifClient

from .conftest import generic
from .helpers import describe, digest_authorization, rtsp_exchange

OTHER_CLIENT = "127.0.0.3"


async def _rtsp_login(camera, password: str, source: str | None = None) -> int:
    port = camera.ports["rtsp"]
    url = f"rtsp://{camera.host}:{port}/stream1"
    _, headers, _ = await rtsp_exchange(camera.host, port, describe(url), source=source)
    auth = digest_authorization(headers["www-authenticate"], "admin", password, url)
    status, _, _ = await rtsp_exchange(camera.host, port, describe(url, 2, auth), source=source)
    return status


async def test_lockout_after_threshold_is_per_client(start_camera) -> None:
    persona = generic(rtsp_anonymous=False, lockout=Lockout(threshold=3, duration_s=600))
    camera = await start_camera(persona)
    password = persona.users["admin"]
    for _ in range(3):
        assert await _rtsp_login(camera, "wrong") == 401
    # Locked: even the right password is refused, and recorded as "locked".
    assert await _rtsp_login(camera, password) == 401
    assert [a.outcome for a in camera.logins] == ["failed"] * 3 + ["locked"]
    assert camera.is_locked("127.0.0.1")
    # Another client address is not locked by this one's failures.
    assert await _rtsp_login(camera, password, source=OTHER_CLIENT) == 200
    assert (camera.logins[-1].client, camera.logins[-1].outcome) == (OTHER_CLIENT, "ok")
    assert not camera.is_locked(OTHER_CLIENT)


async def test_attempt_during_lock_restarts_the_timer(start_camera) -> None:
    rule = Lockout(threshold=2, duration_s=600, restart_on_attempt=True)
    camera = await start_camera(generic(rtsp_anonymous=False, lockout=rule))
    for _ in range(2):
        camera.record_login("192.0.2.7", "http", ok=False, user="admin")
    first_end = camera.locked_until()["192.0.2.7"]
    assert camera.record_login("192.0.2.7", "http", ok=True, user="admin") == "locked"
    assert camera.locked_until()["192.0.2.7"] > first_end


async def test_attempt_during_lock_keeps_timer_without_restart(start_camera) -> None:
    rule = Lockout(threshold=2, duration_s=600, restart_on_attempt=False)
    camera = await start_camera(generic(lockout=rule))
    for _ in range(2):
        camera.record_login("192.0.2.7", "http", ok=False, user="admin")
    first_end = camera.locked_until()["192.0.2.7"]
    assert camera.record_login("192.0.2.7", "http", ok=True, user="admin") == "locked"
    assert camera.locked_until()["192.0.2.7"] == first_end


async def test_account_scope_locks_the_user_from_every_client(start_camera) -> None:
    rule = Lockout(threshold=2, duration_s=600, scope="account")
    camera = await start_camera(generic(lockout=rule))
    camera.record_login("192.0.2.1", "http", ok=False, user="admin")
    camera.record_login("192.0.2.2", "http", ok=False, user="admin")
    assert camera.record_login("192.0.2.3", "http", ok=True, user="admin") == "locked"
    assert camera.record_login("192.0.2.3", "http", ok=True, user="operator") == "ok"


async def test_no_lockout_rule_never_locks(start_camera) -> None:
    camera = await start_camera(generic(lockout=None))
    outcomes = {camera.record_login("192.0.2.9", "http", ok=False) for _ in range(50)}
    assert outcomes == {"failed"}
    assert camera.record_login("192.0.2.9", "http", ok=True) == "ok"


async def test_wrong_onvif_passwords_lock_the_account_they_name(start_camera) -> None:
    # An account-scoped lockout counts failed WS-Security logins against the account
    # the token names, as it does for HTTP and RTSP digest logins.
    rule = Lockout(threshold=3, duration_s=600, scope="account")
    camera = await start_camera(generic(lockout=rule))
    async with aiohttp.ClientSession() as session:
        http = HttpClient(session)
        wrong = OnvifClient(http, camera.host, camera.http_port, "admin", "wrong")
        await wrong.get_system_date_and_time()
        for _ in range(3):
            with pytest.raises(InvalidAuth):
                await wrong.get_device_information()
        right = OnvifClient(
            http, camera.host, camera.http_port, "admin", camera.persona.users["admin"]
        )
        await right.get_system_date_and_time()
        with pytest.raises(InvalidAuth):
            await right.get_device_information()
    assert camera.is_locked("127.0.0.1", "admin")
    assert [(a.user, a.outcome) for a in camera.logins] == [("admin", "failed")] * 3 + [
        ("admin", "locked")
    ]


async def test_login_log_keeps_the_newest_half_when_full(start_camera) -> None:
    camera = await start_camera(generic())
    for number in range(MAX_LOGINS + 1):
        camera.record_login("192.0.2.7", "http", ok=True, user=f"user{number}")
    assert len(camera.logins) == MAX_LOGINS - MAX_LOGINS // 2 + 1
    assert camera.logins[-1].user == f"user{MAX_LOGINS}"
    assert camera.logins[0].user == f"user{MAX_LOGINS // 2}"
