"""The camera's own update check (Reolink CheckFirmware): opt-in, read-only, one more source.

The reolink persona answers CheckFirmware as the Reolink API guide v7 (3.1.17) shows,
and counts any firmware-writing command (UpgradeOnline, UpgradePrepare, Upgrade) as a
takeover, so these tests prove the audit never starts an upgrade.
"""

from __future__ import annotations

import asyncio
import json

import aiohttp
import pytest
from aiohttp import web

from custom_components.camera_posture.posture import cli
from custom_components.camera_posture.posture.audit import _weigh_camera_update, audit
from custom_components.camera_posture.posture.models import CameraUpdate, Facts, Status, Target
from custom_components.camera_posture.posture.transport.http import HttpClient
from custom_components.camera_posture.posture.vendors.base import AuditContext, DefaultLoginGuard
from custom_components.camera_posture.posture.vendors.reolink import _check_firmware
from tests.posture.helpers import closed_port, quiet_services, web_app

from .helpers import outcomes, running, target

SOURCE = "Reolink CheckFirmware"


async def test_opt_in_check_reports_newer_firmware_and_never_upgrades() -> None:
    async with running("reolink") as camera, aiohttp.ClientSession() as session:
        quiet = await audit(session, target(camera), vendor="reolink", probes=False)
        asked = await audit(
            session, target(camera), vendor="reolink", probes=False, update_check=True
        )
    # Off by default: the camera is not made to contact its vendor's cloud.
    assert quiet.facts.camera_update is None
    assert asked.requests == quiet.requests + 1
    assert asked.facts.camera_update == CameraUpdate(SOURCE, True)
    check = asked.checks["firmware_up_to_date"]
    assert check.status is Status.FAIL
    assert f"{SOURCE}: the camera reports newer firmware" in check.evidence
    # One login per audit, and nothing that downloads or installs firmware was sent.
    assert outcomes(camera) == ["ok", "ok"]
    assert camera.takeovers == []


def _answer(payload: object) -> web.Response:
    return web.Response(text=json.dumps(payload), content_type="text/html")


@pytest.mark.parametrize(
    ("payload", "expected"),
    [
        ([{"cmd": "CheckFirmware", "code": 0, "value": {"newFirmware": 0}}], False),
        ([{"cmd": "CheckFirmware", "code": 0, "value": {"newFirmware": 1}}], True),
        # Values reolink_aio passes on as a status text, odd types, errors: cannot tell.
        ([{"cmd": "CheckFirmware", "code": 0, "value": {"newFirmware": 2}}], None),
        ([{"cmd": "CheckFirmware", "code": 0, "value": {"newFirmware": "1"}}], None),
        ([{"cmd": "CheckFirmware", "code": 1, "error": {"rspCode": -9}}], None),
        ({"not": "a list"}, None),
    ],
)
async def test_check_firmware_answers(payload: object, expected: bool | None) -> None:
    seen: list[bytes] = []

    async def api(request: web.Request) -> web.Response:
        seen.append(await request.read())
        return _answer(payload)

    async with web_app(post={"/cgi-bin/api.cgi": api}) as port, aiohttp.ClientSession() as s:
        ctx = AuditContext(HttpClient(s), Target("127.0.0.1", port), DefaultLoginGuard())
        assert await _check_firmware(ctx, "tok") == CameraUpdate(SOURCE, expected)
    # Exactly the check, sent alone: never an upgrade command.
    assert [json.loads(body) for body in seen] == [[{"cmd": "CheckFirmware"}]]


async def test_unreachable_camera_cannot_tell() -> None:
    async with aiohttp.ClientSession() as session:
        ctx = AuditContext(
            HttpClient(session), Target("127.0.0.1", closed_port()), DefaultLoginGuard()
        )
        assert await _check_firmware(ctx, "tok") == CameraUpdate(SOURCE, None)


def test_camera_answer_is_weighed_against_the_catalog() -> None:
    # "Newer offered" fails whatever the catalog said and fills a missing latest version.
    facts = Facts(firmware_up_to_date=True, evidence={"firmware_up_to_date": "catalog 3"})
    facts.camera_update = CameraUpdate("Vendor check", True, "V5.7.1 build 220101")
    _weigh_camera_update(facts)
    assert facts.firmware_up_to_date is False
    assert facts.latest_firmware == "V5.7.1 build 220101"
    # The camera's word first, the catalog's kept after it.
    assert facts.evidence["firmware_up_to_date"] == (
        "Vendor check: the camera reports newer firmware (V5.7.1 build 220101); catalog 3"
    )
    # "Nothing newer found" never turns an unknown into a pass: it is only recorded.
    facts = Facts(evidence={"firmware_up_to_date": "model not in catalog"})
    facts.camera_update = CameraUpdate(SOURCE, False)
    _weigh_camera_update(facts)
    assert facts.firmware_up_to_date is None
    assert facts.evidence["firmware_up_to_date"] == (
        f"model not in catalog; {SOURCE}: camera found no newer firmware (not proof)"
    )
    # A camera that could not tell changes nothing.
    facts = Facts(firmware_up_to_date=False)
    facts.camera_update = CameraUpdate(SOURCE, None)
    _weigh_camera_update(facts)
    assert facts.firmware_up_to_date is False
    assert facts.evidence == {}


async def test_cli_flag_runs_the_check(capsys: pytest.CaptureFixture[str]) -> None:
    async with running("reolink") as camera:
        argv = ["audit", camera.host, "--port", str(camera.http_port), "--username", "admin"]
        argv += [f"--service={name}={port}" for name, port in quiet_services().items()]
        assert await asyncio.to_thread(cli.main, [*argv, "--camera-update-check", "--json"]) == 0
        asked = json.loads(capsys.readouterr().out)
        assert await asyncio.to_thread(cli.main, [*argv, "--json"]) == 0
        quiet = json.loads(capsys.readouterr().out)
    assert SOURCE in asked["checks"]["firmware_up_to_date"]["evidence"]
    assert SOURCE not in quiet["checks"]["firmware_up_to_date"]["evidence"]
    assert camera.takeovers == []
