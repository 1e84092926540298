"""The hanwha_smartcam and foscam personas speak their families' protocols over loopback."""

from __future__ import annotations

import aiohttp
import pytest
from yarl import URL

from custom_components.camera_posture.posture.audit import audit
from custom_components.camera_posture.posture.vendors._keyvalue import parse_key_values
from custom_components.camera_posture.posture.vendors.foscam import parse_result

from .helpers import outcomes, running, target


def _base(host: str, port: int) -> URL:
    return URL.build(scheme="http", host=host, port=port)


async def test_pw_init_statuscheck_needs_no_credentials() -> None:
    async with running("hanwha_smartcam") as camera, aiohttp.ClientSession() as session:
        url = _base(camera.host, camera.http_port).with_path("/init-cgi/pw_init.cgi")
        query = {"msubmenu": "statuscheck", "action": "view"}
        async with session.get(url.with_query(query)) as resp:
            body = await resp.read()
    assert parse_key_values(body) == {"Initialized": "True"}
    assert camera.logins == []


async def test_setinitpassword_marks_the_camera_taken_over() -> None:
    async with running("hanwha_smartcam") as camera, aiohttp.ClientSession() as session:
        url = _base(camera.host, camera.http_port).with_path("/init-cgi/pw_init.cgi")
        query = {"msubmenu": "setinitpassword", "action": "set"}
        async with session.get(url.with_query(query)) as resp:
            assert resp.status == 200
    assert camera.takeovers == ["pw_init.cgi setinitpassword"]


async def test_sunapi_views_demand_digest_without_counting_the_challenge() -> None:
    async with running("hanwha_smartcam") as camera, aiohttp.ClientSession() as session:
        url = _base(camera.host, camera.http_port).with_path("/stw-cgi/system.cgi")
        query = {"msubmenu": "deviceinfo", "action": "view"}
        async with session.get(url.with_query(query)) as resp:
            challenge = resp.headers.get("WWW-Authenticate", "")
            assert resp.status == 401
    assert challenge.startswith("Digest ")
    assert camera.logins == []


async def test_foscam_wrong_credentials_are_failed_logins() -> None:
    async with running("foscam") as camera, aiohttp.ClientSession() as session:
        url = _base(camera.host, camera.http_port).with_path("/cgi-bin/CGIProxy.fcgi")
        async with session.get(url.with_query(cmd="getDevInfo", usr="admin", pwd="x")) as resp:
            wrong = parse_result(await resp.read())
        async with session.get(url.with_query(cmd="getDevInfo", usr="admin", pwd="")) as resp:
            right = parse_result(await resp.read())
        async with session.get(url.with_query(cmd="getDevInfo")) as resp:
            anonymous = parse_result(await resp.read())
    assert wrong == (-2, {})
    assert right is not None
    assert right[0] == 0
    assert right[1]["productName"] == camera.persona.model
    # No usr at all: malformed, and no login attempt.
    assert anonymous == (-1, {})
    assert [attempt.outcome for attempt in camera.logins] == ["failed", "ok"]


@pytest.mark.parametrize(
    ("persona", "vendor"), [("hanwha_smartcam", "hanwha"), ("foscam", "foscam")]
)
async def test_forced_vendor_skips_detection_and_reads_the_same(persona: str, vendor: str) -> None:
    async with running(persona) as camera, aiohttp.ClientSession() as session:
        auto = await audit(session, target(camera))
        forced = await audit(session, target(camera), vendor=vendor)
    assert forced.facts.vendor == auto.facts.vendor == vendor
    assert forced.device == auto.device
    assert forced.requests < auto.requests
    assert outcomes(camera).count("failed") == 0
