"""RTSP over a real socket: 401 digest challenge, or 200 + SDP when anonymous."""

from __future__ import annotations

import asyncio

import pytest

from .conftest import generic
from .helpers import describe, digest_authorization, rtsp_exchange


async def test_anonymous_describe_returns_sdp_with_media(start_camera) -> None:
    camera = await start_camera(generic(rtsp_anonymous=True))
    url = f"rtsp://{camera.host}:{camera.ports['rtsp']}/stream1"
    status, headers, body = await rtsp_exchange(camera.host, camera.ports["rtsp"], describe(url))
    assert status == 200
    assert headers["content-type"] == "application/sdp"
    assert headers["cseq"] == "1"
    assert "\r\nm=video " in body


async def test_anonymous_camera_answers_wrong_path_without_media(start_camera) -> None:
    camera = await start_camera(generic(rtsp_anonymous=True, rtsp_paths=("stream1",)))
    url = f"rtsp://{camera.host}:{camera.ports['rtsp']}/nothing-here"
    status, _, body = await rtsp_exchange(camera.host, camera.ports["rtsp"], describe(url))
    assert status == 200
    assert body.startswith("v=0")
    assert "m=" not in body


async def test_describe_needs_digest_unless_anonymous(start_camera) -> None:
    camera = await start_camera(generic(rtsp_anonymous=False))
    port = camera.ports["rtsp"]
    url = f"rtsp://{camera.host}:{port}/stream1"
    status, headers, body = await rtsp_exchange(camera.host, port, describe(url))
    assert status == 401
    assert headers["www-authenticate"].startswith("Digest ")
    assert body == ""
    # A request without credentials is no login attempt.
    assert camera.logins == []

    user, password = next(iter(camera.persona.users.items()))
    auth = digest_authorization(headers["www-authenticate"], user, password, url)
    status, headers, body = await rtsp_exchange(camera.host, port, describe(url, 2, auth))
    assert status == 200
    assert "m=video" in body
    assert [(a.protocol, a.outcome, a.user) for a in camera.logins] == [("rtsp", "ok", user)]


async def test_wrong_rtsp_password_is_a_failed_login(start_camera) -> None:
    camera = await start_camera(generic(rtsp_anonymous=False))
    port = camera.ports["rtsp"]
    url = f"rtsp://{camera.host}:{port}/stream1"
    _, headers, _ = await rtsp_exchange(camera.host, port, describe(url))
    auth = digest_authorization(headers["www-authenticate"], "admin", "wrong", url)
    status, _, _ = await rtsp_exchange(camera.host, port, describe(url, 2, auth))
    assert status == 401
    assert [a.outcome for a in camera.logins] == ["failed"]


async def test_options_lists_methods(start_camera) -> None:
    camera = await start_camera(generic())
    url = f"rtsp://{camera.host}:{camera.ports['rtsp']}/"
    status, headers, _ = await rtsp_exchange(
        camera.host, camera.ports["rtsp"], f"OPTIONS {url} RTSP/1.0\r\nCSeq: 7\r\n\r\n"
    )
    assert status == 200
    assert headers["cseq"] == "7"
    assert "DESCRIBE" in headers["public"]


async def test_other_methods_are_not_implemented(start_camera) -> None:
    camera = await start_camera(generic(rtsp_anonymous=True))
    port = camera.ports["rtsp"]
    request = f"SETUP rtsp://{camera.host}:{port}/stream1/trackID=1 RTSP/1.0\r\nCSeq: 3\r\n\r\n"
    status, headers, _ = await rtsp_exchange(camera.host, port, request)
    assert (status, headers["cseq"]) == (501, "3")


async def test_unknown_path_on_a_protected_camera_is_not_found(start_camera) -> None:
    camera = await start_camera(generic(rtsp_anonymous=False, rtsp_paths=("stream1",)))
    port = camera.ports["rtsp"]
    url = f"rtsp://{camera.host}:{port}/nothing-here"
    _, headers, _ = await rtsp_exchange(camera.host, port, describe(url))
    user, password = next(iter(camera.persona.users.items()))
    auth = digest_authorization(headers["www-authenticate"], user, password, url)
    status, _, body = await rtsp_exchange(camera.host, port, describe(url, 2, auth))
    assert (status, body) == (404, "")
    assert [a.outcome for a in camera.logins] == ["ok"]


async def test_request_body_is_read_and_the_connection_kept(start_camera) -> None:
    # A request with a body (Content-Length), then another on the same connection.
    camera = await start_camera(generic(rtsp_anonymous=True))
    port = camera.ports["rtsp"]
    url = f"rtsp://{camera.host}:{port}/stream1"
    reader, writer = await asyncio.open_connection(camera.host, port)
    try:
        writer.write(
            f"SET_PARAMETER {url} RTSP/1.0\r\nCSeq: 1\r\nContent-Length: 10\r\n\r\n"
            "x: 123456\n".encode()
        )
        writer.write(describe(url, 2).encode())
        first = await asyncio.wait_for(reader.readuntil(b"\r\n\r\n"), 5)
        second = await asyncio.wait_for(reader.readuntil(b"\r\n\r\n"), 5)
    finally:
        writer.close()
    assert first.startswith(b"RTSP/1.0 501 ")
    assert second.startswith(b"RTSP/1.0 200 ")
    assert b"CSeq: 2" in second


@pytest.mark.parametrize(
    "request_text",
    [
        "GET / HTTP/1.1\r\nHost: x\r\n\r\n",
        "DESCRIBE rtsp://x/ RTSP/1.0\r\nCSeq: 1\r\nContent-Length: lots\r\n\r\n",
    ],
    ids=["http-not-rtsp", "bad-content-length"],
)
async def test_garbage_closes_the_connection_without_an_answer(
    start_camera, request_text: str
) -> None:
    camera = await start_camera(generic(rtsp_anonymous=True))
    reader, writer = await asyncio.open_connection(camera.host, camera.ports["rtsp"])
    try:
        writer.write(request_text.encode())
        answer = await asyncio.wait_for(reader.read(), 5)
    finally:
        writer.close()
    assert answer == b""


async def test_slow_camera_still_answers_rtsp(start_camera) -> None:
    camera = await start_camera(generic(rtsp_anonymous=True))
    camera.faults.slow_s = 0.05
    url = f"rtsp://{camera.host}:{camera.ports['rtsp']}/stream1"
    status, _, body = await rtsp_exchange(camera.host, camera.ports["rtsp"], describe(url))
    assert status == 200
    assert "m=video" in body
