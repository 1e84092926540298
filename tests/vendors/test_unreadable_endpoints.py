"""Vendor adapters when one admin endpoint answers an error or garbage.

A small loopback proxy sits in front of a simulated camera and replaces the answer
of the chosen endpoints; everything else passes through untouched. A fact whose
endpoint cannot be read must stay None (its check unknown), never pass.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

import aiohttp
import pytest
from aiohttp import web

from camsim.camera import SimCamera
from custom_components.camera_posture.posture.audit import audit
from custom_components.camera_posture.posture.checks import evaluate
from custom_components.camera_posture.posture.errors import CannotConnect
from custom_components.camera_posture.posture.models import AuditResult, Status, Target
from tests.posture.helpers import web_app

from .helpers import running

_CHECK_OF = {"ntp_enabled": "time_synced", "clock_offset_s": "time_synced"}
_DAHUA_OWNED = {"admin": "Own3d-Dahua-Pass", "888888": "888888"}
_PASS_HEADERS = ("Content-Type", "Server", "WWW-Authenticate", "Location")


@asynccontextmanager
async def broken_proxy(
    camera: SimCamera, marks: tuple[str, ...], status: int, body: bytes
) -> AsyncIterator[int]:
    """A proxy port: requests whose path+query contains a mark get (status, body)."""
    upstream = aiohttp.ClientSession()

    async def forward(request: web.Request) -> web.Response:
        if any(mark in request.path_qs for mark in marks):
            return web.Response(status=status, body=body, content_type="text/plain")
        headers = {k: v for k, v in request.headers.items() if k.lower() != "host"}
        url = f"http://{camera.host}:{camera.http_port}{request.path_qs}"
        async with upstream.request(
            request.method, url, headers=headers, data=await request.read(), allow_redirects=False
        ) as resp:
            out = {k: resp.headers[k] for k in _PASS_HEADERS if k in resp.headers}
            out.pop("Content-Type", None)
            return web.Response(
                status=resp.status,
                body=await resp.read(),
                headers=out,
                content_type=resp.content_type,
            )

    app = web.Application()
    app.router.add_route("*", "/{tail:.*}", forward)
    try:
        async with web_app(app) as port:
            yield port
    finally:
        await upstream.close()


CASES = [
    # persona, endpoint marks, status, body, facts that must stay unknown
    ("hikvision", ("/ISAPI/System/time",), 404, b"", ("ntp_enabled", "clock_offset_s")),
    (
        "hikvision",
        ("/ISAPI/System/time",),
        200,
        b"<Time><timeMode>odd</timeMode></Time>",
        ("ntp_enabled", "clock_offset_s"),
    ),
    (
        "hikvision",
        ("/ISAPI/System/time",),
        200,
        b"<Time><timeMode>NTP</timeMode><localTime>2026-01-01T08:00:00</localTime></Time>",
        ("clock_offset_s",),
    ),
    ("hikvision", ("/ISAPI/Security/adminAccesses",), 500, b"", ("https_only",)),
    (
        "hikvision",
        ("/ISAPI/System/Network/UPnP", "/ISAPI/System/Network/EZVIZ"),
        404,
        b"",
        ("upnp", "cloud_access"),
    ),
    ("hikvision", ("/ISAPI/System/Network/ssh",), 200, b"not xml <<<", ("ssh",)),
    ("hikvision", ("/ISAPI/Security/userCheck",), 404, b"", ("default_password",)),
    ("dahua", ("userManager.cgi",), 500, b"", ("default_password",)),
    ("dahua", ("name=General",), 500, b"", ("default_password",)),
    ("dahua", ("name=NTP",), 500, b"", ("ntp_enabled",)),
    ("dahua", ("name=UPnP",), 200, b"Error\r\nBad Request!\r\n", ("upnp",)),
    ("dahua", ("name=T2UServer", "name=VSP_PaaS"), 404, b"", ("cloud_access",)),
    (
        "foscam",
        ("getP2PEnable",),
        200,
        b"<CGI_Result><result>-3</result></CGI_Result>",
        ("cloud_access",),
    ),
    ("foscam", ("getUPnPConfig",), 500, b"", ("upnp",)),
    ("foscam", ("getSystemTime",), 200, b"garbage", ("ntp_enabled", "clock_offset_s")),
    ("hanwha_smartcam", ("msubmenu=cloud",), 500, b"", ("cloud_access",)),
    ("hanwha_smartcam", ("upnpdiscovery",), 200, b"NG\r\nError Code: 600\r\n", ("upnp",)),
    (
        "hanwha_smartcam",
        ("msubmenu=date",),
        200,
        b"SyncType=Weird\r\nUTCTime=never\r\n",
        ("ntp_enabled", "clock_offset_s"),
    ),
]


@pytest.mark.parametrize(("persona", "marks", "status", "body", "unknown"), CASES)
async def test_unreadable_endpoint_leaves_its_facts_unknown(
    persona: str, marks: tuple[str, ...], status: int, body: bytes, unknown: tuple[str, ...]
) -> None:
    async with running(persona) as camera, broken_proxy(camera, marks, status, body) as port:
        if persona == "dahua" and "default_password" in unknown:
            # A changed admin password plus a factory account that only a guarded login
            # could settle: with its endpoint unreadable the answer must stay open.
            camera.persona.users = dict(_DAHUA_OWNED)
        username, password = next(iter(camera.persona.users.items()))
        async with aiohttp.ClientSession() as session:
            result = await audit(
                session, Target(camera.host, port, username, password), probes=False
            )
    assert result.facts.vendor is not None
    for fact in unknown:
        assert getattr(result.facts, fact) is None, fact
    checks = evaluate(result.facts)
    for fact in unknown:
        check_id = _CHECK_OF.get(fact, fact)
        assert checks[check_id].status is Status.UNKNOWN, check_id
    # The endpoints that still answered were read: the device is known.
    assert result.device.model == camera.persona.model
    assert camera.takeovers == []
    # Nothing unreadable ever leads to a login attempt that fails.
    assert result.login_failures == 0


REFUSALS = [
    # A camera in factory state is never activated by us; the audit stops.
    (
        "hikvision",
        ("/SDK/activateStatus",),
        200,
        b"<ActivateStatus><Activated>false</Activated></ActivateStatus>",
    ),
    ("hikvision", ("/ISAPI/Security/userCheck",), 500, b"oops"),
    # A 401 without a digest challenge: nothing to answer, so no credentials are sent.
    ("hikvision", ("/ISAPI/Security/userCheck",), 401, b""),
    ("dahua", ("getSystemInfo",), 500, b""),
    ("hanwha_smartcam", ("deviceinfo",), 500, b""),
    # An adapter that got no identity at all: the audit cannot name the camera.
    ("hikvision", ("/ISAPI/System/deviceInfo",), 404, b""),
    ("foscam", ("getDevInfo",), 500, b""),
    # getDevInfo refused with "access denied" (-3) rather than bad credentials.
    ("foscam", ("getDevInfo",), 200, b"<CGI_Result><result>-3</result></CGI_Result>"),
    # A login that works, then a GetDevInfo answer with no device in it.
    ("reolink", ("cmd=GetDevInfo&token=",), 200, b"[]"),
]


@pytest.mark.parametrize(("persona", "marks", "status", "body"), REFUSALS)
async def test_unreadable_identity_is_cannot_connect(
    persona: str, marks: tuple[str, ...], status: int, body: bytes
) -> None:
    async with running(persona) as camera, broken_proxy(camera, marks, status, body) as port:
        username, password = next(iter(camera.persona.users.items()))
        async with aiohttp.ClientSession() as session:
            with pytest.raises(CannotConnect) as raised:
                await audit(
                    session,
                    Target(camera.host, port, username, password),
                    vendor=persona.split("_", maxsplit=1)[0],
                    probes=False,
                )
    assert not password or password not in str(raised.value)
    assert camera.takeovers == []
    assert not [a for a in camera.logins if a.outcome == "failed"]


async def test_dahua_paas_cloud_counts_when_p2p_is_off() -> None:
    # T2U (P2P) off on the camera, but the VSP_PaaS cloud service is on: cloud access.
    paas_on = b"table.VSP_PaaS.Enable=true\r\n"
    async with (
        running("dahua") as camera,
        broken_proxy(camera, ("name=VSP_PaaS",), 200, paas_on) as port,
    ):
        camera.persona.cloud = False
        username, password = next(iter(camera.persona.users.items()))
        async with aiohttp.ClientSession() as session:
            result = await audit(
                session, Target(camera.host, port, username, password), probes=False
            )
    assert result.facts.cloud_access is True
    assert "VSP_PaaS" in result.facts.evidence["cloud_access"]


async def test_foscam_mac_that_is_not_a_mac_is_left_empty() -> None:
    async with running("foscam") as camera:
        username, password = next(iter(camera.persona.users.items()))
        info = (
            "<CGI_Result><result>0</result><productName>FI9821P</productName>"
            "<serialNo>S1</serialNo><mac>not-a-mac!!</mac>"
            f"<firmwareVer>{camera.persona.firmware}</firmwareVer></CGI_Result>"
        ).encode()
        async with (
            broken_proxy(camera, ("getDevInfo",), 200, info) as port,
            aiohttp.ClientSession() as session,
        ):
            result = await audit(
                session, Target(camera.host, port, username, password), probes=False
            )
    assert result.device.model == "FI9821P"
    assert result.device.mac == ""


async def _axis_audit(marks: tuple[str, ...], body: bytes) -> AuditResult | CannotConnect:
    """Audit the axis persona (served over plain HTTP) behind a proxy; the result or error."""
    async with running("axis") as camera:
        camera.persona.https_only = False  # so that every request goes through the proxy
        username, password = next(iter(camera.persona.users.items()))
        async with (
            broken_proxy(camera, marks, 200, body) as port,
            aiohttp.ClientSession() as session,
        ):
            try:
                return await audit(
                    session,
                    Target(camera.host, port, username, password),
                    vendor="axis",
                    probes=False,
                )
            except CannotConnect as err:
                return err


async def test_axis_without_model_or_firmware_is_cannot_connect() -> None:
    outcome = await _axis_audit(("param.cgi", "basicdeviceinfo"), b"# Error: -1\n")
    assert isinstance(outcome, CannotConnect)
    assert "model or firmware" in str(outcome)


async def test_axis_https_switched_off_without_a_policy_is_not_https_only() -> None:
    params = (
        b"root.Brand.Brand=AXIS\nroot.Brand.ProdNbr=M3045-V\n"
        b"root.Properties.Firmware.Version=9.80.3\nroot.HTTPS.Enabled=no\n"
    )
    outcome = await _axis_audit(("param.cgi",), params)
    assert isinstance(outcome, AuditResult)
    assert outcome.facts.https_only is False
    assert outcome.facts.evidence["https_only"] == "VAPIX HTTPS.Enabled=no"
