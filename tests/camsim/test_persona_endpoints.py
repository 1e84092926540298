"""Vendor endpoints of the personas that the engine does not read, and their refusals.

Clients (scripts, vendor libraries, the benchmark) see these answers too: a camera
must answer odd requests the way the real firmware does (an error in the vendor's
own format), never with a crash or a success.
"""

from __future__ import annotations

import json
from collections.abc import AsyncIterator, Awaitable, Callable
from typing import Any

import aiohttp
import pytest
from defusedxml import ElementTree

from camsim.camera import SimCamera
from camsim.persona import PERSONAS, Persona

StartCamera = Callable[[Persona], Awaitable[SimCamera]]


@pytest.fixture
async def session() -> AsyncIterator[aiohttp.ClientSession]:
    """A client session that accepts the cameras' self-signed certificates."""
    async with aiohttp.ClientSession(connector=aiohttp.TCPConnector(ssl=False)) as client:
        yield client


async def _camera(start_camera: StartCamera, name: str) -> tuple[SimCamera, str]:
    camera = await start_camera(PERSONAS[name].persona())
    if camera.persona.https_only:
        return camera, f"https://{camera.host}:{camera.ports['https']}"
    return camera, f"http://{camera.host}:{camera.http_port}"


def _digest(camera: SimCamera) -> tuple[aiohttp.DigestAuthMiddleware]:
    username, password = next(iter(camera.persona.users.items()))
    return (aiohttp.DigestAuthMiddleware(username, password),)


async def _post_json(
    session: aiohttp.ClientSession, url: str, payload: Any, camera: SimCamera | None = None
) -> dict[str, Any]:
    middlewares = _digest(camera) if camera is not None else ()
    data = payload if isinstance(payload, bytes) else json.dumps(payload).encode()
    async with session.post(url, data=data, middlewares=middlewares) as response:
        assert response.status == 200
        answer: dict[str, Any] = await response.json(content_type=None)
        return answer


# --- Axis (VAPIX) -------------------------------------------------------------------


async def test_axis_json_apis_answer_versions_and_refuse_unknown_methods(
    start_camera: StartCamera, session: aiohttp.ClientSession
) -> None:
    camera, base = await _camera(start_camera, "axis")
    info = f"{base}/axis-cgi/basicdeviceinfo.cgi"
    versions = await _post_json(session, info, {"method": "getSupportedVersions", "context": "c1"})
    assert versions["data"] == {"apiVersions": ["1.1"]}
    assert versions["context"] == "c1"
    unknown = await _post_json(session, info, {"apiVersion": "1.1", "method": "reboot"})
    assert unknown["error"] == {"code": 2004, "message": "Method not supported"}
    assert unknown["apiVersion"] == "1.1"
    # A body that is not a JSON object reads as an empty request: no method.
    for garbage in (b"{not json", b"[1, 2]"):
        assert (await _post_json(session, info, garbage))["error"]["code"] == 2004
    ready = await _post_json(session, f"{base}/axis-cgi/systemready.cgi", {"method": "reboot"})
    assert ready["error"]["code"] == 2004
    discovery = f"{base}/axis-cgi/apidiscovery.cgi"
    listed = await _post_json(session, discovery, {"method": "getSupportedVersions"}, camera)
    assert listed["data"] == {"apiVersions": ["1.0"]}
    refused = await _post_json(session, discovery, {"method": "setApiList"}, camera)
    assert refused["error"]["code"] == 2004
    assert {attempt.outcome for attempt in camera.logins} == {"ok"}


async def test_axis_cgis_refuse_unsupported_actions(
    start_camera: StartCamera, session: aiohttp.ClientSession
) -> None:
    camera, base = await _camera(start_camera, "axis")
    digest = _digest(camera)
    async with session.get(
        f"{base}/axis-cgi/param.cgi", params={"action": "update"}, middlewares=digest
    ) as response:
        assert "# Request failed: unsupported action" in await response.text()
    async with session.get(
        f"{base}/axis-cgi/pwdgrp.cgi", params={"action": "remove"}, middlewares=digest
    ) as response:
        assert await response.text() == "Error: unsupported action\n"
    before = dict(camera.persona.users)
    # Adding an account to a camera that has one needs a login, and is no takeover.
    add = {"action": "add", "user": "guest", "pwd": "Guest-Pass-1", "grp": "users"}
    async with session.post(f"{base}/axis-cgi/pwdgrp.cgi", data=add) as response:
        assert response.status == 401
    assert camera.persona.users == before
    async with session.post(
        f"{base}/axis-cgi/pwdgrp.cgi", data=add, middlewares=digest
    ) as response:
        assert await response.text() == "Created account guest.\n"
    assert camera.persona.users == {**before, "guest": "Guest-Pass-1"}
    assert camera.takeovers == []


# --- Dahua (CGI and RPC2) -----------------------------------------------------------


@pytest.mark.parametrize(
    "path",
    [
        "/cgi-bin/configManager.cgi?action=setConfig&name=NTP",
        "/cgi-bin/userManager.cgi?action=deleteUser",
        "/cgi-bin/magicBox.cgi?action=reboot",
    ],
)
async def test_dahua_cgis_refuse_unsupported_actions(
    start_camera: StartCamera, session: aiohttp.ClientSession, path: str
) -> None:
    camera, base = await _camera(start_camera, "dahua")
    async with session.get(base + path, middlewares=_digest(camera)) as response:
        assert response.status == 400
        assert await response.text() == "Error\r\nBad Request!\r\n"
    assert [attempt.outcome for attempt in camera.logins] == ["ok"]


@pytest.mark.parametrize(
    ("payload", "code"),
    [(b"{broken", 268959743), (b"[]", 268959743), (b'{"method": "magicBox.reboot"}', 268894209)],
    ids=["not-json", "not-an-object", "other-method"],
)
async def test_dahua_rpc2_refuses_all_but_initialisation(
    start_camera: StartCamera, session: aiohttp.ClientSession, payload: bytes, code: int
) -> None:
    camera, base = await _camera(start_camera, "dahua")
    answer = await _post_json(session, f"{base}/RPC2", payload)
    assert answer == {"result": False, "error": {"code": code}}
    assert camera.takeovers == []


# --- Foscam, Hanwha, Reolink --------------------------------------------------------


async def test_foscam_port_and_ip_info(
    start_camera: StartCamera, session: aiohttp.ClientSession
) -> None:
    camera, base = await _camera(start_camera, "foscam")
    username, password = next(iter(camera.persona.users.items()))
    fields = {}
    for cmd in ("getPortInfo", "getIPInfo"):
        params = {"cmd": cmd, "usr": username, "pwd": password}
        async with session.get(f"{base}/cgi-bin/CGIProxy.fcgi", params=params) as response:
            root = ElementTree.fromstring(await response.read())
        assert root.findtext("result") == "0"
        fields |= {child.tag: child.text for child in root}
    assert fields["webPort"] == str(camera.http_port)
    assert fields["onvifPort"] == str(camera.http_port)
    assert fields["ip"] == camera.host


async def test_hanwha_users_ports_and_http_views(
    start_camera: StartCamera, session: aiohttp.ClientSession
) -> None:
    camera, base = await _camera(start_camera, "hanwha_smartcam")
    views = {}
    for cgi, submenu in (("security", "users"), ("network", "portconf"), ("network", "http")):
        async with session.get(
            f"{base}/stw-cgi/{cgi}.cgi",
            params={"msubmenu": submenu, "action": "view"},
            middlewares=_digest(camera),
        ) as response:
            text = await response.text()
        views |= dict(line.split("=", 1) for line in text.splitlines() if "=" in line)
    assert [views[f"Users.{i}.UserID"] for i in range(len(camera.persona.users))] == list(
        camera.persona.users
    )
    assert views["HTTPPort"] == views["Port"] == str(camera.http_port)
    assert views["HTTPSEnable"] == str("https" in camera.persona.services)


async def test_hanwha_pw_init_answers_ng_to_other_submenus(
    start_camera: StartCamera, session: aiohttp.ClientSession
) -> None:
    camera, base = await _camera(start_camera, "hanwha_smartcam")
    params = {"msubmenu": "factoryreset", "action": "set"}
    async with session.get(f"{base}/init-cgi/pw_init.cgi", params=params) as response:
        assert await response.text() == "NG\r\nError Code: 600\r\n"
    assert camera.takeovers == []


@pytest.mark.parametrize("payload", [b"{}", b"[]", b'"GetDevInfo"'])
async def test_reolink_api_refuses_a_body_that_is_not_a_command_list(
    start_camera: StartCamera, session: aiohttp.ClientSession, payload: bytes
) -> None:
    camera, base = await _camera(start_camera, "reolink")
    async with session.post(f"{base}/cgi-bin/api.cgi?cmd=GetDevInfo", data=payload) as response:
        answer = await response.json(content_type=None)
    assert answer[0]["cmd"] == "GetDevInfo"
    assert answer[0]["code"] == 1
    assert answer[0]["error"]["rspCode"] == -4
    assert camera.logins == []
