"""Dahua/Amcrest: the engine's CGI adapter against the simulated Amcrest IP2M-841B."""

from __future__ import annotations

import asyncio
import re
from typing import Any

import aiohttp
import amcrest
import pytest
from hypothesis import given
from hypothesis import strategies as st

from camsim.camera import SimCamera
from camsim.persona import PERSONAS
from custom_components.camera_posture.posture.transport.digest import DigestClient
from custom_components.camera_posture.posture.transport.http import HttpClient
from custom_components.camera_posture.posture.vendors._keyvalue import is_error, parse_key_values
from custom_components.camera_posture.posture.vendors.base import DefaultLoginGuard

from .helpers import assert_clean_truthful_audit, outcomes, run_audit, running

# Facts the Dahua adapter reads (ssh has no verified CGI source: it stays unknown).
REPORTED = {"default_password", "cloud_access", "upnp", "telnet", "https_only", "time_synced"}
CHANGED = "Amc-Changed-2020!"


@pytest.mark.parametrize(
    "changes",
    [
        {},
        {"cloud": False, "upnp": True, "telnet": False, "ntp": False, "users": {"admin": CHANGED}},
        {"clock_skew_s": -700.0},
    ],
    ids=["as-shipped", "reconfigured", "clock-off"],
)
async def test_audit_reports_persona_truth(changes: dict[str, Any]) -> None:
    async with running("dahua", **changes) as camera:
        result = await run_audit(camera)
    assert_clean_truthful_audit(result, camera, "dahua", REPORTED)


async def test_guarded_login_finds_a_factory_account() -> None:
    users = {"admin": CHANGED, "888888": "888888"}
    async with running("dahua", users=users) as camera:
        result = await run_audit(camera)
    assert result.facts.default_password is True
    assert camera.persona.truth()["default_password"] is True
    assert result.login_failures == 0
    assert [a.outcome for a in camera.logins if a.user == "888888"] == ["ok"]


async def test_guarded_login_runs_once_per_day() -> None:
    guard = DefaultLoginGuard()
    users = {"admin": CHANGED, "888888": "Changed-too-88!"}
    async with running("dahua", users=users) as camera:
        first = await run_audit(camera, guard=guard)
        second = await run_audit(camera, guard=guard)
        quiet = await run_audit(camera, guard=DefaultLoginGuard(active=False))
    assert first.facts.default_password is False
    assert first.login_failures == 1
    assert second.facts.default_password is None
    assert quiet.facts.default_password is None
    assert [a.outcome for a in camera.logins if a.user == "888888"] == ["failed"]
    assert not camera.is_locked("127.0.0.1")


async def test_configured_factory_credentials_need_no_extra_login() -> None:
    async with running("dahua", users={"admin": "admin", "666666": "666666"}) as camera:
        result = await run_audit(camera)
    assert result.facts.default_password is True
    assert {a.user for a in camera.logins} == {"admin"}


async def test_amcrest_library_reads_model_and_firmware() -> None:
    async with running("dahua") as camera:
        version, build = await asyncio.to_thread(_amcrest_identity, camera)
    # The persona's firmware string is exactly what getSoftwareVersion carries.
    assert f"{version},build:{build}" == camera.persona.firmware
    assert camera.takeovers == []
    assert set(outcomes(camera)) == {"ok"}


def _amcrest_identity(camera: SimCamera) -> tuple[str, str]:
    user, password = next(iter(camera.persona.users.items()))
    api = amcrest.AmcrestCamera(
        camera.host, camera.http_port, user, password, retries_connection=0
    ).camera
    assert api.device_type == camera.persona.model
    assert api.vendor_information == camera.persona.manufacturer
    assert api.serial_number == camera.persona.serial
    version, build = api.software_information
    return version, build.strip()  # the library keeps the line end of the answer


async def test_unknown_config_name_is_an_authority_failure() -> None:
    async with running("dahua") as camera, aiohttp.ClientSession() as session:
        client = DigestClient(HttpClient(session), "admin", "admin")
        base = f"http://{camera.host}:{camera.http_port}/cgi-bin/configManager.cgi"
        resp = await client.request("GET", f"{base}?action=getConfig&name=NoSuchThing")
        known = await client.request("GET", f"{base}?action=getConfig&name=Telnet")
    assert resp.status == 403
    assert resp.body == b"Error\r\nAuthority:check failure.\r\n"
    assert parse_key_values(known.body) == {"Telnet.Enable": "true"}


async def test_initialisation_endpoint_marks_takeover() -> None:
    async with running("dahua") as camera, aiohttp.ClientSession() as session:
        url = f"http://{camera.host}:{camera.http_port}/RPC2"
        async with session.post(url, json={"method": "DevInit.account", "id": 1}) as resp:
            assert resp.status == 200
    assert camera.takeovers == ["dahua RPC2 DevInit.account"]


def test_key_values_parse_tables_and_errors() -> None:
    body = b"table.UPnP.Enable=true\r\ntable.UPnP.MapTable[0].Protocol=TCP\r\nversion=a=b\r\n"
    assert parse_key_values(body) == {
        "UPnP.Enable": "true",
        "UPnP.MapTable[0].Protocol": "TCP",
        "version": "a=b",
    }
    assert is_error(b"Error\r\nAuthority:check failure.")
    assert parse_key_values(b"Error\r\nAuthority:check failure.") == {}


@given(st.binary(max_size=4096))
def test_key_values_never_raise(body: bytes) -> None:
    parsed = parse_key_values(body)
    assert all(isinstance(k, str) and isinstance(v, str) for k, v in parsed.items())
    assert all(k and not k.startswith("table.") for k in parsed)


def test_persona_build_is_hit_by_cve_2020_5735() -> None:
    # advisories.md: the 2.420.AC00 line is fixed from 2.420.AC00.18.R.20200217.
    persona = PERSONAS["dahua"].persona()
    match = re.fullmatch(r"2\.420\.AC00\.(\d+)\.R,build:(\d{4})-(\d\d)-(\d\d)", persona.firmware)
    assert match is not None
    release, *date = (int(part) for part in match.groups())
    assert (release, *date) < (18, 2020, 2, 17)
    assert persona.factory_users["admin"] == "admin"
    assert persona.default_password
