"""The simulator's ONVIF device service: pre-auth calls, faults and WS-Security tokens."""

from __future__ import annotations

import base64
import os
import time
from collections.abc import Awaitable, Callable
from urllib.parse import quote

import aiohttp
import pytest
from defusedxml import ElementTree

from camsim.camera import SimCamera
from camsim.persona import Persona
from custom_components.camera_posture.posture.errors import InvalidAuth
from custom_components.camera_posture.posture.transport.http import HttpClient
from custom_components.camera_posture.posture.transport.onvif import (
    NS,
    OnvifClient,
    envelope,
    password_digest,
)

from .conftest import generic
from .helpers import onvif_call

StartCamera = Callable[[Persona], Awaitable[SimCamera]]


def _fault_subcode(body: str) -> str:
    root = ElementTree.fromstring(body)
    value = root.find("s:Body/s:Fault/s:Code/s:Subcode/s:Value", NS)
    assert value is not None
    return value.text or ""


async def _post(camera: SimCamera, payload: bytes) -> tuple[int, str]:
    url = f"http://{camera.host}:{camera.http_port}/onvif/device_service"
    async with aiohttp.ClientSession() as session, session.post(url, data=payload) as response:
        return response.status, await response.text()


def _token(
    username: str,
    password: str,
    *,
    created: str | None = None,
    nonce_b64: str | None = None,
) -> str:
    """A UsernameToken header whose parts a test may spoil one at a time."""
    nonce = os.urandom(16)
    when = created or time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime())
    digest = password_digest(nonce, when, password)
    return (
        f'<wsse:Security xmlns:wsse="{NS["wsse"]}" xmlns:wsu="{NS["wsu"]}"><wsse:UsernameToken>'
        f"<wsse:Username>{username}</wsse:Username><wsse:Password>{digest}</wsse:Password>"
        f"<wsse:Nonce>{nonce_b64 or base64.b64encode(nonce).decode()}</wsse:Nonce>"
        f"<wsu:Created>{when}</wsu:Created></wsse:UsernameToken></wsse:Security>"
    )


async def test_pre_auth_calls_answer_without_credentials(start_camera: StartCamera) -> None:
    camera = await start_camera(generic())
    xaddr = f"http://{camera.host}:{camera.http_port}/onvif/device_service"
    for operation, path in (
        ("GetServices", "s:Body/tds:GetServicesResponse/tds:Service/tds:XAddr"),
        (
            "GetCapabilities",
            "s:Body/tds:GetCapabilitiesResponse/tds:Capabilities/tt:Device/tt:XAddr",
        ),
    ):
        status, body = await onvif_call(camera.host, camera.http_port, operation)
        assert status == 200
        assert ElementTree.fromstring(body).findtext(path, namespaces=NS) == xaddr
    status, body = await onvif_call(camera.host, camera.http_port, "GetHostname")
    name = ElementTree.fromstring(body).findtext(
        "s:Body/tds:GetHostnameResponse/tds:HostnameInformation/tt:Name", namespaces=NS
    )
    assert (status, name) == (200, camera.persona.model.lower())
    # None of these is a login attempt.
    assert camera.logins == []


async def test_scopes_and_discovery_mode_need_a_token(start_camera: StartCamera) -> None:
    camera = await start_camera(generic(manufacturer="Acme & Co", model="X 1"))
    user, password = next(iter(camera.persona.users.items()))
    async with aiohttp.ClientSession() as session:
        client = OnvifClient(HttpClient(session), camera.host, camera.http_port, user, password)
        await client.get_system_date_and_time()
        scopes = await client.call("GetScopes")
        mode = await client.call("GetDiscoveryMode")
        anonymous = OnvifClient(HttpClient(session), camera.host, camera.http_port)
        with pytest.raises(InvalidAuth):
            await anonymous.call("GetScopes")
    items = [el.text for el in scopes.iterfind("tds:Scopes/tt:ScopeItem", NS)]
    assert f"onvif://www.onvif.org/name/{quote('Acme & Co')}" in items
    assert f"onvif://www.onvif.org/hardware/{quote('X 1')}" in items
    assert mode.findtext("tds:DiscoveryMode", namespaces=NS) == "Discoverable"
    assert [attempt.outcome for attempt in camera.logins] == ["ok", "ok"]


async def test_only_the_first_and_factory_accounts_administer(start_camera: StartCamera) -> None:
    camera = await start_camera(
        generic(users={"owner": "pw-1", "viewer": "pw-2"}, factory_users={"admin": "admin"})
    )
    async with aiohttp.ClientSession() as session:
        client = OnvifClient(HttpClient(session), camera.host, camera.http_port, "owner", "pw-1")
        await client.get_system_date_and_time()
        users = await client.get_users()
    assert {user.username: user.level for user in users} == {
        "owner": "Administrator",
        "viewer": "User",
    }


@pytest.mark.parametrize(
    ("payload", "subcode"),
    [
        (b"<not xml", "ter:WellFormed"),
        (b'<!DOCTYPE x [<!ENTITY a "b">]><x>&a;</x>', "ter:WellFormed"),
        (envelope(""), "ter:WellFormed"),
        (envelope("<tds:SystemReboot/>"), "ter:ActionNotSupported"),
    ],
    ids=["malformed", "entity", "empty-body", "unsupported"],
)
async def test_bad_requests_get_a_sender_fault(
    start_camera: StartCamera, payload: bytes, subcode: str
) -> None:
    camera = await start_camera(generic())
    status, body = await _post(camera, payload)
    assert status == 400
    assert _fault_subcode(body) == subcode
    assert camera.logins == []


def _spoiled_tokens(camera: SimCamera) -> dict[str, str]:
    user, password = next(iter(camera.persona.users.items()))
    skewed = time.gmtime(camera.clock() + 3600)
    return {
        "no-username-token": f'<wsse:Security xmlns:wsse="{NS["wsse"]}"/>',
        "unknown-user": _token("nobody", password),
        "nonce-not-base64": _token(user, password, nonce_b64="***"),
        "created-not-a-date": _token(user, password, created="yesterday"),
        "created-an-hour-off": _token(
            user, password, created=time.strftime("%Y-%m-%dT%H:%M:%SZ", skewed)
        ),
        "wrong-password": _token(user, password + "x"),
    }


@pytest.mark.parametrize(
    "spoiled",
    [
        "no-username-token",
        "unknown-user",
        "nonce-not-base64",
        "created-not-a-date",
        "created-an-hour-off",
        "wrong-password",
    ],
)
async def test_a_bad_token_is_a_failed_login(start_camera: StartCamera, spoiled: str) -> None:
    camera = await start_camera(generic(clock_skew_s=0.0))
    header = _spoiled_tokens(camera)[spoiled]
    status, body = await _post(camera, envelope("<tds:GetUsers/>", header))
    assert status == 400
    assert _fault_subcode(body) == "ter:NotAuthorized"
    assert [attempt.outcome for attempt in camera.logins] == ["failed"]


async def test_a_good_hand_made_token_is_accepted(start_camera: StartCamera) -> None:
    # The control case of the spoiled tokens above: the same builder, nothing spoiled.
    camera = await start_camera(generic(clock_skew_s=0.0))
    user, password = next(iter(camera.persona.users.items()))
    status, body = await _post(camera, envelope("<tds:GetUsers/>", _token(user, password)))
    assert status == 200
    assert "GetUsersResponse" in body
    assert [attempt.outcome for attempt in camera.logins] == ["ok"]
