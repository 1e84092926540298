"""The control API reports ground truth and changes behaviour at run time."""

from __future__ import annotations

from collections.abc import AsyncIterator

import aiohttp
import pytest
from defusedxml import ElementTree

from camsim.camera import SimCamera
from camsim.control import ControlServer
from camsim.lock import Lockout
from camsim.services import DEFAULT_BANNERS
from custom_components.camera_posture.posture.errors import InvalidAuth
from custom_components.camera_posture.posture.transport.http import HttpClient
from custom_components.camera_posture.posture.transport.onvif import OnvifClient

from .conftest import generic
from .helpers import describe, onvif_call, read_banner, refuses, rtsp_exchange


@pytest.fixture
async def controlled() -> AsyncIterator[tuple[SimCamera, ControlServer]]:
    camera = SimCamera(generic())
    await camera.start()
    control = ControlServer([camera])
    await control.start()
    yield camera, control
    await control.stop()
    await camera.stop()


async def _patch(control: ControlServer, body: object) -> tuple[int, dict]:
    async with aiohttp.ClientSession() as session, session.patch(control.url("1"), json=body) as r:
        return r.status, await r.json()


async def _get(url: str) -> object:
    async with aiohttp.ClientSession() as session, session.get(url) as response:
        assert response.status == 200
        return await response.json()


async def test_list_and_ground_truth(controlled) -> None:
    camera, control = controlled
    listing = await _get(control.url())
    assert listing == [
        {
            "id": "1",
            "persona": "onvif_generic",
            "address": camera.host,
            "ports": camera.ports,
            "online": True,
            "control": control.url("1"),
        }
    ]
    truth = await _get(control.url("1"))
    assert truth["persona"]["model"] == camera.persona.model
    assert truth["persona"]["users"] == camera.persona.users
    assert truth["truth"] == camera.persona.truth()
    assert truth["faults"] == {"online": True, "slow_s": 0.0, "malformed": False}


async def test_unknown_camera_is_404(controlled) -> None:
    _, control = controlled
    async with aiohttp.ClientSession() as session, session.get(control.url("99")) as response:
        assert response.status == 404


async def test_takeovers_and_logins_are_reported(controlled) -> None:
    camera, control = controlled
    assert await _get(control.url("1") + "/takeovers") == {"takeovers": []}
    camera.mark_takeover("/SDK/activate")
    camera.record_login("192.0.2.5", "onvif", ok=False, user="admin")
    assert await _get(control.url("1") + "/takeovers") == {"takeovers": ["/SDK/activate"]}
    logins = await _get(control.url("1") + "/logins")
    assert [(a["client"], a["protocol"], a["outcome"], a["user"]) for a in logins["logins"]] == [
        ("192.0.2.5", "onvif", "failed", "admin")
    ]
    assert (await _get(control.url("1")))["takeovers"] == ["/SDK/activate"]
    status, _ = await _patch(control, {"clear_logins": True})
    assert status == 200
    assert (await _get(control.url("1") + "/logins"))["logins"] == []


async def test_unlock_forgets_a_lock(controlled) -> None:
    camera, control = controlled
    camera.persona.lockout = Lockout(threshold=1, duration_s=600)
    camera.record_login("192.0.2.5", "http", ok=False, user="admin")
    assert (await _get(control.url("1") + "/logins"))["locked_until"].keys() == {"192.0.2.5"}
    await _patch(control, {"unlock": True})
    assert not camera.is_locked("192.0.2.5")
    assert (await _get(control.url("1") + "/logins"))["locked_until"] == {}


async def test_patch_changes_ground_truth(controlled) -> None:
    camera, control = controlled
    status, truth = await _patch(
        control,
        {
            "firmware": "V9.9.9",
            "cloud": True,
            "upnp": True,
            "clock_skew_s": 0,
            "ntp": True,
            "password": {"admin": "admin"},
        },
    )
    assert status == 200
    assert truth["persona"]["firmware"] == camera.persona.firmware == "V9.9.9"
    assert truth["truth"]["cloud_access"] is True
    assert truth["truth"]["upnp"] is True
    assert truth["truth"]["time_synced"] is True
    assert truth["truth"]["default_password"] is True


async def test_patch_firmware_shows_in_onvif(controlled) -> None:
    camera, control = controlled
    await _patch(control, {"firmware": "V3.0.0 build 260101", "onvif_anonymous": True})
    status, body = await onvif_call(camera.host, camera.ports["onvif"], "GetDeviceInformation")
    assert status == 200
    assert "<tds:FirmwareVersion>V3.0.0 build 260101</tds:FirmwareVersion>" in body


@pytest.mark.parametrize(
    "body",
    [
        {"nonsense": 1},
        {"telnet": "yes"},
        {"slow_s": True},
        {"slow_s": -1.0},
        {"password": "x"},
        {"users": {"admin": 1}},
        [1],
    ],
)
async def test_patch_refuses_bad_bodies_without_changing_anything(controlled, body) -> None:
    camera, control = controlled
    before = (await _get(control.url("1")))["persona"]
    status, answer = await _patch(control, body)
    assert status == 400
    assert "error" in answer
    assert (await _get(control.url("1")))["persona"] == before
    assert camera.persona.telnet is True


async def test_patch_telnet_closes_and_opens_the_listener(controlled) -> None:
    camera, control = controlled
    port = camera.ports["telnet"]
    status, truth = await _patch(control, {"telnet": False})
    assert status == 200
    assert truth["truth"]["telnet"] is False
    assert "telnet" not in truth["ports"]
    assert await refuses(camera.host, port)
    await _patch(control, {"telnet": True})
    assert (
        await read_banner(camera.host, camera.ports["telnet"]) == DEFAULT_BANNERS["telnet"].encode()
    )


async def test_offline_camera_refuses_connections_until_back(controlled) -> None:
    camera, control = controlled
    ports = dict(camera.ports)
    await _patch(control, {"online": False})
    for name in ("http", "rtsp", "telnet"):
        assert await refuses(camera.host, ports[name]), name
    await _patch(control, {"online": True})
    # Back on the same ports.
    assert camera.ports == ports
    status, _ = await onvif_call(camera.host, ports["onvif"], "GetSystemDateAndTime")
    assert status == 200


async def test_malformed_camera_answers_unparseable_bodies(controlled) -> None:
    camera, control = controlled
    await _patch(control, {"malformed": True})
    _, body = await onvif_call(camera.host, camera.ports["onvif"], "GetSystemDateAndTime")
    with pytest.raises(ElementTree.ParseError):
        ElementTree.fromstring(body)
    url = f"rtsp://{camera.host}:{camera.ports['rtsp']}/stream1"
    with pytest.raises(ValueError, match="invalid literal"):
        await rtsp_exchange(camera.host, camera.ports["rtsp"], describe(url))
    await _patch(control, {"malformed": False})
    _, body = await onvif_call(camera.host, camera.ports["onvif"], "GetSystemDateAndTime")
    assert ElementTree.fromstring(body) is not None


async def test_slow_camera_misses_a_short_client_timeout(controlled) -> None:
    camera, control = controlled
    await _patch(control, {"slow_s": 3})
    with pytest.raises(TimeoutError):
        await onvif_call(camera.host, camera.ports["onvif"], "GetSystemDateAndTime", limit_s=0.3)
    await _patch(control, {"slow_s": 0})
    status, _ = await onvif_call(camera.host, camera.ports["onvif"], "GetSystemDateAndTime")
    assert status == 200


async def test_patch_refuses_a_body_that_is_not_json(controlled) -> None:
    camera, control = controlled
    async with (
        aiohttp.ClientSession() as session,
        session.patch(control.url("1"), data=b"telnet=false") as response,
    ):
        assert response.status == 400
        assert await response.json() == {"error": "body is not JSON"}
    assert camera.persona.telnet is True


async def test_patch_users_replaces_every_account(controlled) -> None:
    camera, control = controlled
    old_user = next(iter(camera.persona.users))
    status, truth = await _patch(control, {"users": {"installer": "Inst-2026!"}})
    assert status == 200
    assert truth["persona"]["users"] == {"installer": "Inst-2026!"}
    async with aiohttp.ClientSession() as session:
        http = HttpClient(session)
        fresh = OnvifClient(http, camera.host, camera.http_port, "installer", "Inst-2026!")
        await fresh.get_system_date_and_time()
        assert (await fresh.get_device_information()).model == camera.persona.model
        gone = OnvifClient(http, camera.host, camera.http_port, old_user, "anything")
        await gone.get_system_date_and_time()
        with pytest.raises(InvalidAuth):
            await gone.get_device_information()
    assert [(a.user, a.outcome) for a in camera.logins] == [
        ("installer", "ok"),
        (old_user, "failed"),
    ]
