"""The helpers every adapter shares (vendors/base.py), on their own and over loopback."""

from __future__ import annotations

import aiohttp
import pytest

from custom_components.camera_posture.posture.errors import InvalidAuth
from custom_components.camera_posture.posture.models import Facts, Target
from custom_components.camera_posture.posture.transport.digest import DigestClient
from custom_components.camera_posture.posture.transport.http import HttpClient
from custom_components.camera_posture.posture.vendors.axis import AxisAdapter
from custom_components.camera_posture.posture.vendors.base import (
    AuditContext,
    DefaultLoginGuard,
    digest_request,
)
from custom_components.camera_posture.posture.vendors.dahua import DahuaAdapter
from custom_components.camera_posture.posture.vendors.hanwha import STATUS_PATH, HanwhaAdapter

from .helpers import outcomes, running


def _context(user: str, password: str) -> AuditContext:
    # No request is made: these helpers only read the configured target.
    return AuditContext(None, Target("192.0.2.1", 80, user, password), DefaultLoginGuard())  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("adapter", "user", "password", "expected"),
    [
        (AxisAdapter(), "root", "pass", True),  # the factory pair itself
        (AxisAdapter(), "root", "Changed-1", False),  # the only factory account, changed
        (AxisAdapter(), "operator", "pass", None),  # not a factory account: unknown
        (DahuaAdapter(), "admin", "admin", True),
        # Dahua has other factory accounts: a changed admin password settles nothing.
        (DahuaAdapter(), "admin", "Changed-1", None),
    ],
)
def test_factory_credentials_settle_only_what_the_login_proves(
    adapter: AxisAdapter | DahuaAdapter, user: str, password: str, expected: bool | None
) -> None:
    facts = Facts()
    noted = adapter.note_factory_credentials(_context(user, password), facts)
    assert facts.default_password is expected
    assert noted is (expected is not None)
    assert password not in facts.evidence.get("default_password", "")


async def test_rejected_login_is_counted_once_and_never_resent() -> None:
    async with running("hanwha_smartcam") as camera, aiohttp.ClientSession() as session:
        http = HttpClient(session)
        ctx = AuditContext(
            http, Target(camera.host, camera.http_port, "admin", "x"), DefaultLoginGuard()
        )
        client = DigestClient(http, "admin", "x")
        url = ctx.url("/stw-cgi/system.cgi?msubmenu=deviceinfo&action=view")
        for _ in range(2):
            with pytest.raises(InvalidAuth):
                await digest_request(ctx, client, "GET", url)
    assert ctx.login_failures == 1
    assert outcomes(camera).count("failed") == len(camera.logins) == 1
    # The challenge round trip and the one rejected login; nothing after.
    assert http.requests == 2


async def test_unauthenticated_read_shared_by_detection_and_collection_goes_out_once() -> None:
    # Hanwha detection and collection both read pw_init statuscheck (no credentials).
    async with running("hanwha_smartcam") as camera, aiohttp.ClientSession() as session:
        http = HttpClient(session)
        ctx = AuditContext(
            http, Target(camera.host, camera.http_port, "admin", "x"), DefaultLoginGuard()
        )
        assert await HanwhaAdapter.detect(ctx)
        # Collection asks again (the maker's name): the kept answer, no second request.
        again = await ctx.open_get(STATUS_PATH)
    assert again.status == 200
    assert b"Initialized" in again.body
    assert http.requests == 1
