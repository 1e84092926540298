"""The camera's own update check, Hikvision (ISAPI onlineUpgrade): opt-in, GETs only.

The hikvision persona serves capabilities, the upgrade server's connectStatus and the
version answer (camsim/personas/hikvision.py) and counts any online-upgrade write
(upgrade, downloadPackage, task, ...) as a takeover; a real camera's captured
"notSupport" answer is replayed from tests/fixtures/real/hikvision/DS-2CD2387G3-LIS2UY.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable

import aiohttp
import pytest
from aiohttp import web

from custom_components.camera_posture.posture.audit import audit
from custom_components.camera_posture.posture.models import (
    AuditResult,
    CameraUpdate,
    Status,
    Target,
)
from custom_components.camera_posture.posture.transport.digest import DigestClient
from custom_components.camera_posture.posture.transport.http import HttpClient
from custom_components.camera_posture.posture.vendors.base import AuditContext, DefaultLoginGuard
from custom_components.camera_posture.posture.vendors.hikvision import check_online_upgrade
from tests.posture.helpers import web_app
from tests.real.replay import PASSWORD, USER, Replay, serving

from .helpers import outcomes, running, target

SOURCE = "Hikvision ISAPI onlineUpgrade"
NEWER = "V5.4.5 build 170124"  # the test's own offered release (any newer string will do)
# GETs of the check after the opt-in: capabilities, server, version?check=true.
CHECK_REQUESTS = 3


async def _audits(**persona: object) -> tuple[AuditResult, AuditResult, list[str]]:
    """One audit without and one with the update check; the takeovers the camera saw."""
    async with running("hikvision", **persona) as camera, aiohttp.ClientSession() as session:
        quiet = await audit(session, target(camera), vendor="hikvision", probes=False)
        asked = await audit(
            session, target(camera), vendor="hikvision", probes=False, update_check=True
        )
        # Every digest-answered request counts as a login there: none was rejected.
        assert set(outcomes(camera)) == {"ok"}
        return quiet, asked, camera.takeovers


async def test_offered_release_fails_firmware_and_never_upgrades() -> None:
    quiet, asked, takeovers = await _audits(offered_firmware=NEWER)
    # Off by default: no request of the check is sent, the camera contacts nobody.
    assert quiet.facts.camera_update is None
    assert asked.requests == quiet.requests + CHECK_REQUESTS
    assert asked.facts.camera_update == CameraUpdate(SOURCE, True, NEWER)
    check = asked.checks["firmware_up_to_date"]
    assert check.status is Status.FAIL
    assert f"{SOURCE}: the camera reports newer firmware ({NEWER})" in check.evidence
    assert asked.facts.latest_firmware == NEWER
    assert takeovers == []  # nothing that downloads or installs firmware was sent


async def test_nothing_offered_is_recorded_never_a_pass() -> None:
    quiet, asked, takeovers = await _audits()
    assert asked.facts.camera_update == CameraUpdate(SOURCE, False)
    check = asked.checks["firmware_up_to_date"]
    assert check.status is quiet.checks["firmware_up_to_date"].status
    assert f"{SOURCE}: camera found no newer firmware (not proof)" in check.evidence
    assert takeovers == []


async def test_firmware_without_online_upgrade_cannot_tell() -> None:
    quiet, asked, takeovers = await _audits(online_upgrade=False)
    assert asked.facts.camera_update == CameraUpdate(SOURCE, None)
    assert asked.checks["firmware_up_to_date"] == quiet.checks["firmware_up_to_date"]
    assert takeovers == []


async def test_real_not_supported_answer_is_unknown() -> None:
    # A DS-2CD2387G3-LIS2UY/SL on V5.8.10: OnlineUpgradeCap, then notSupport for version.
    replay = Replay.load("hikvision", "DS-2CD2387G3-LIS2UY")
    async with serving(replay) as port, aiohttp.ClientSession() as session:
        ctx = AuditContext(
            HttpClient(session), Target("127.0.0.1", port, USER, PASSWORD), DefaultLoginGuard()
        )
        client = DigestClient(ctx.http, USER, PASSWORD)
        assert await check_online_upgrade(ctx, client, "V5.8.10") == CameraUpdate(SOURCE, None)
    asked = {line for line in replay.seen if line.startswith("GET ")}
    assert "GET /ISAPI/System/onlineUpgrade/version?check=true" in asked
    assert all(line.startswith("GET ") for line in replay.seen)
    assert ctx.login_failures == 0


Handler = Callable[[web.Request], Awaitable[web.StreamResponse]]
_NS = 'xmlns="http://www.hikvision.com/ver20/XMLSchema" version="2.0"'
_CAP = f"<OnlineUpgradeCap {_NS}><firmwareNum max='1'/></OnlineUpgradeCap>"
_CONNECTED = f"<OnlineUpgradeServer {_NS}><connectStatus>true</connectStatus></OnlineUpgradeServer>"
_NOT_SUPPORTED = (
    f"<ResponseStatus {_NS}><statusCode>4</statusCode><subStatusCode>notSupport"
    "</subStatusCode></ResponseStatus>"
)


def _answer(body: str, status: int = 200) -> Handler:
    async def handler(request: web.Request) -> web.Response:
        return web.Response(status=status, text=body, content_type="application/xml")

    return handler


async def _check(
    routes: dict[str, Handler], running_firmware: str = "V5.7.1 build 220101"
) -> tuple[CameraUpdate, list[str]]:
    """The check against a loopback server of these GET routes; what was asked, in order."""
    seen: list[str] = []

    @web.middleware
    async def record(request: web.Request, handler: Handler) -> web.StreamResponse:
        seen.append(f"{request.method} {request.path_qs}")
        return await handler(request)

    app = web.Application(middlewares=[record])
    async with web_app(app, get=routes) as port, aiohttp.ClientSession() as session:
        ctx = AuditContext(HttpClient(session), Target("127.0.0.1", port), DefaultLoginGuard())
        update = await check_online_upgrade(ctx, DigestClient(ctx.http, "", ""), running_firmware)
    return update, seen


_BASE = "/ISAPI/System/onlineUpgrade"
_VERSION = f"GET {_BASE}/version?check=true"


def _version(inner: str, root: str = "OnlineUpgradeVersion") -> str:
    return f"<{root} {_NS}>{inner}</{root}>"


@pytest.mark.parametrize(
    ("body", "status", "expected"),
    [
        (
            _version("<newVersion>V5.7.3 build 230101</newVersion>"),
            200,
            (True, "V5.7.3 build 230101"),
        ),
        # The version information nested as OnlineUpgradeCap's <Version> object shows it.
        (
            _version(
                "<Version><newVersion>V5.7.3</newVersion><changeLog>x</changeLog></Version>", "Any"
            ),
            200,
            (True, "V5.7.3"),
        ),
        (_version("<newVersion></newVersion><changeLog></changeLog>"), 200, (False, None)),
        # The release already running (with or without its build) is nothing newer.
        (_version("<newVersion>V5.7.1</newVersion>"), 200, (False, None)),
        (_version("<newVersion>V5.7.1 build 220101</newVersion>"), 200, (False, None)),
        # The SDK's availability flag in ISAPI form may veto an offer, never make one.
        (
            _version(
                "<newVersionAvailable>false</newVersionAvailable><newVersion>V5.7.3</newVersion>"
            ),
            200,
            (False, None),
        ),
        (_version("<newVersionAvailable>true</newVersionAvailable>"), 200, (None, None)),
        # No newVersion at all, not supported (200 or 403), unreadable: cannot tell.
        (_version("<status>ok</status>"), 200, (None, None)),
        (_NOT_SUPPORTED, 200, (None, None)),
        (_NOT_SUPPORTED, 403, (None, None)),
        ("not xml", 200, (None, None)),
        (_version("<newVersion>V5.7.3</newVersion>"), 500, (None, None)),
    ],
)
async def test_version_answers(
    body: str, status: int, expected: tuple[bool | None, str | None]
) -> None:
    update, seen = await _check(
        {
            f"{_BASE}/capabilities": _answer(_CAP),
            f"{_BASE}/server": _answer(_CONNECTED),
            f"{_BASE}/version": _answer(body, status),
        }
    )
    assert update == CameraUpdate(SOURCE, *expected)
    assert seen == [f"GET {_BASE}/capabilities", f"GET {_BASE}/server", _VERSION]


async def test_no_capability_asks_nothing_more() -> None:
    # 404 (older firmware), or a capabilities document of something else.
    for cap in (_answer("Not Found", 404), _answer(_version("<x/>", "DeviceCap"))):
        update, seen = await _check({f"{_BASE}/capabilities": cap})
        assert update == CameraUpdate(SOURCE, None)
        assert seen == [f"GET {_BASE}/capabilities"]


async def test_camera_cut_off_from_its_server_is_not_asked() -> None:
    disconnected = _CONNECTED.replace("true", "false")
    update, seen = await _check(
        {f"{_BASE}/capabilities": _answer(_CAP), f"{_BASE}/server": _answer(disconnected)}
    )
    assert update == CameraUpdate(SOURCE, None)
    assert _VERSION not in seen


async def test_missing_server_status_still_asks() -> None:
    # The guide's connectStatus gate stops only on an explicit false; a camera without the
    # /server document (the captured DS-2CD2387G3 has none on record) is still asked.
    update, seen = await _check(
        {
            f"{_BASE}/capabilities": _answer(_CAP),
            f"{_BASE}/version": _answer(_version("<newVersion>V5.7.3</newVersion>")),
        }
    )
    assert update == CameraUpdate(SOURCE, True, "V5.7.3")
    assert seen[-1] == _VERSION


async def test_rejected_request_ends_the_check_without_a_retry() -> None:
    async def refuse(request: web.Request) -> web.Response:
        return web.Response(status=401, headers={"WWW-Authenticate": 'Digest realm="r", nonce="n"'})

    update, seen = await _check({f"{_BASE}/capabilities": refuse})
    assert update == CameraUpdate(SOURCE, None)
    # The challenge, one answer to it, and nothing after the camera refused that answer.
    assert seen == [f"GET {_BASE}/capabilities"] * 2
