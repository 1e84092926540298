"""Vendor detection against small loopback servers that answer the way odd firmware does."""

from __future__ import annotations

from collections.abc import AsyncIterator, Mapping
from contextlib import asynccontextmanager

import aiohttp
from aiohttp import web

from camsim.auth import challenge
from custom_components.camera_posture.posture.models import Target
from custom_components.camera_posture.posture.transport.http import HttpClient
from custom_components.camera_posture.posture.vendors.base import AuditContext, DefaultLoginGuard
from custom_components.camera_posture.posture.vendors.dahua import DahuaAdapter
from custom_components.camera_posture.posture.vendors.hikvision import HikvisionAdapter
from custom_components.camera_posture.posture.vendors.onvif import OnvifAdapter
from tests.posture.helpers import Route, web_app


@asynccontextmanager
async def _context(
    *, get: Mapping[str, Route] | None = None, post: Mapping[str, Route] | None = None
) -> AsyncIterator[AuditContext]:
    """An audit context (no root page read) for a loopback server with these routes."""
    async with web_app(get=get, post=post) as port, aiohttp.ClientSession() as session:
        target = Target("127.0.0.1", port, "admin", "pw")
        yield AuditContext(HttpClient(session), target, DefaultLoginGuard())


async def test_dahua_with_a_basic_challenge_is_still_dahua() -> None:
    # Older Dahua firmware challenges with Basic; the realm still says "Login to <serial>".
    async def magic_box(request: web.Request) -> web.Response:
        raise challenge("Login to 4B01234PAZ00001", basic=True)

    async with _context(get={"/cgi-bin/magicBox.cgi": magic_box}) as ctx:
        assert await DahuaAdapter.detect(ctx)


async def test_basic_challenge_of_another_realm_is_not_dahua() -> None:
    async def magic_box(request: web.Request) -> web.Response:
        raise challenge("Router Admin", basic=True)

    async with _context(get={"/cgi-bin/magicBox.cgi": magic_box}) as ctx:
        assert not await DahuaAdapter.detect(ctx)


async def test_hikvision_known_by_its_server_header_on_activate_status() -> None:
    # Some firmware has no /SDK/activateStatus (404) but still names its web server.
    async def missing(request: web.Request) -> web.Response:
        return web.Response(status=404, headers={"Server": "DNVRS-Webs"})

    async with _context(get={"/SDK/activateStatus": missing}) as ctx:
        assert await HikvisionAdapter.detect(ctx)


async def test_device_service_that_wants_credentials_for_the_clock_is_not_plain_onvif() -> None:
    calls: list[str] = []

    async def device_service(request: web.Request) -> web.Response:
        calls.append(request.headers.get("Authorization", "-"))
        raise challenge("ONVIF")

    async with _context(post={"/onvif/device_service": device_service}) as ctx:
        assert not await OnvifAdapter.detect(ctx)
        assert ctx.login_failures == 0
    # Detection never sends credentials.
    assert calls == ["-"]
