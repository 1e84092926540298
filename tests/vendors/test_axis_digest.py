"""The Axis digest client over loopback: challenge reuse, stale nonces, rejections."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

import aiohttp
import pytest
from aiohttp import web

from custom_components.camera_posture.posture.errors import InvalidAuth
from custom_components.camera_posture.posture.transport.http import HttpClient
from custom_components.camera_posture.posture.vendors.axis_digest import (
    DigestClient,
    parse_challenge,
)


class _Nonces:
    """The server's nonce state: the current one and those it calls stale."""

    def __init__(self) -> None:
        self.current = "n1"
        self.stale: set[str] = set()


@asynccontextmanager
async def _server(nonces: _Nonces, seen: list[str]) -> AsyncIterator[str]:
    """Accepts the current nonce (hashes unchecked: this tests the client's flow)."""

    async def handler(request: web.Request) -> web.Response:
        header = request.headers.get("Authorization", "")
        seen.append(header)
        fields = parse_challenge({"WWW-Authenticate": header}) or {}
        if fields.get("nonce") == nonces.current:
            return web.Response(text="ok")
        stale = "true" if fields.get("nonce") in nonces.stale else "false"
        challenge = f'Digest realm="r", qop="auth", nonce="{nonces.current}", stale={stale}'
        return web.Response(status=401, headers={"WWW-Authenticate": challenge})

    app = web.Application()
    app.router.add_get("/x", handler)
    runner = web.AppRunner(app, access_log=None)
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    port = runner.addresses[0][1]
    try:
        yield f"http://127.0.0.1:{port}/x"
    finally:
        await runner.cleanup()


async def test_nonce_is_reused_then_renewed_once_when_stale() -> None:
    seen: list[str] = []
    nonces = _Nonces()
    async with _server(nonces, seen) as url, aiohttp.ClientSession() as session:
        client = DigestClient(HttpClient(session), "root", "pw")
        assert (await client.request("GET", url)).status == 200
        assert (await client.request("GET", url)).status == 200
        # One unauthenticated challenge, then two signed requests on the same nonce.
        assert [h.startswith("Digest ") for h in seen] == [False, True, True]
        assert "nc=00000002" in seen[-1]
        nonces.current, nonces.stale = "n2", {"n1"}
        seen.clear()
        assert (await client.request("GET", url)).status == 200
        assert len(seen) == 2
        assert 'nonce="n2"' in seen[-1]


async def test_rejection_without_stale_is_invalid_auth_and_not_retried() -> None:
    seen: list[str] = []
    async with _server(_Nonces(), seen) as url, aiohttp.ClientSession() as session:
        client = DigestClient(HttpClient(session), "root", "pw")
        await client.request("GET", url)
        seen.clear()
        client._challenge = {"realm": "r", "qop": "auth", "nonce": "wrong"}
        with pytest.raises(InvalidAuth):
            await client.request("GET", url)
        assert len(seen) == 1
