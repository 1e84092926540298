"""The HTTP client's size cap reads whole bodies up to the cap and refuses beyond it."""

from __future__ import annotations

from collections.abc import AsyncIterator

import aiohttp
import pytest
from aiohttp import web

from custom_components.camera_posture.posture.errors import CannotConnect
from custom_components.camera_posture.posture.transport.http import MAX_BODY_BYTES, HttpClient
from tests.posture.helpers import web_app


async def _chunked(request: web.Request) -> web.StreamResponse:
    # No Content-Length: the client only learns the size by reading.
    size = int(request.query["size"])
    response = web.StreamResponse()
    response.enable_chunked_encoding()
    await response.prepare(request)
    chunk = b"y" * 8192
    sent = 0
    while sent < size:
        part = chunk[: size - sent]
        await response.write(part)
        sent += len(part)
    await response.write_eof()
    return response


async def _sized(request: web.Request) -> web.Response:
    return web.Response(body=b"z" * int(request.query["size"]))


@pytest.fixture
async def server() -> AsyncIterator[str]:
    async with web_app(get={"/chunked": _chunked, "/sized": _sized}) as port:
        yield f"http://127.0.0.1:{port}"


@pytest.mark.parametrize("path", ["chunked", "sized"])
async def test_body_under_the_cap_is_read_whole(server: str, path: str) -> None:
    # Several TCP segments: one read() call would return only the first ones.
    size = MAX_BODY_BYTES - 10
    async with aiohttp.ClientSession() as session:
        response = await HttpClient(session).request("GET", f"{server}/{path}?size={size}")
    assert response.status == 200
    assert len(response.body) == size


@pytest.mark.parametrize("path", ["chunked", "sized"])
async def test_body_over_the_cap_is_cannot_connect(server: str, path: str) -> None:
    async with aiohttp.ClientSession() as session:
        http = HttpClient(session)
        with pytest.raises(CannotConnect):
            await http.request("GET", f"{server}/{path}?size={MAX_BODY_BYTES + 1}")
    assert http.requests == 1
