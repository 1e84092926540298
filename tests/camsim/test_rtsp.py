"""RTSP over a real socket: 401 digest challenge, or 200 + SDP when anonymous."""

from __future__ import annotations

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
