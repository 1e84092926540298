"""Vendor-neutral probes against real loopback servers."""

from __future__ import annotations

import asyncio
import socket
from collections.abc import Awaitable, Callable

import aiohttp
import pytest
from aiohttp import web

from custom_components.camera_posture.posture.models import Facts, Target
from custom_components.camera_posture.posture.probes import ProbeContext
from custom_components.camera_posture.posture.probes.http_exposure import (
    probe_https_only,
    redirects_to_https,
)
from custom_components.camera_posture.posture.probes.onvif_anonymous import (
    probe_onvif_anonymous,
)
from custom_components.camera_posture.posture.probes.rtsp import describe, probe_rtsp
from custom_components.camera_posture.posture.probes.tcp import port_state, probe_ports
from custom_components.camera_posture.posture.probes.upnp import probe_upnp
from custom_components.camera_posture.posture.transport.http import HttpClient

from .helpers import Handler, closed_port, quiet_services, serving, tcp_server, web_app

SDP = b"v=0\r\no=- 1 1 IN IP4 127.0.0.1\r\ns=live\r\nt=0 0\r\nm=video 0 RTP/AVP 96\r\n"


def rtsp_answer(status: str, body: bytes = b"", headers: str = "") -> Handler:
    async def handle(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        await reader.readuntil(b"\r\n\r\n")
        length = f"Content-Length: {len(body)}\r\n" if body else ""
        writer.write(f"RTSP/1.0 {status}\r\nCSeq: 1\r\n{headers}{length}\r\n".encode() + body)
        await writer.drain()
        writer.close()

    return handle


def _ctx(session: aiohttp.ClientSession, ports: dict[str, int], **kw: object) -> ProbeContext:
    target = Target(
        "127.0.0.1", ports.get("http", closed_port()), ports={**quiet_services(), **ports}
    )
    return ProbeContext(HttpClient(session), target, **kw)  # type: ignore[arg-type]


async def test_port_state_open_and_closed() -> None:
    async with tcp_server() as port:
        assert await port_state("127.0.0.1", port) is True
    assert await port_state("127.0.0.1", closed_port()) is False


async def test_port_state_without_an_answer_in_time_is_unknown() -> None:
    # No time to wait at all: the connect cannot finish, and unknown is not "closed".
    async with tcp_server() as port:
        assert await port_state("127.0.0.1", port, wait_s=0) is None
        assert await port_state("127.0.0.1", port) is True


@pytest.mark.parametrize(
    ("status", "location", "expected"),
    [
        (301, "https://cam.example/", True),
        (302, "http://cam.example/", False),
        (200, "https://cam.example/", False),
        (301, "https://[::1/", False),  # an unparseable Location is no redirect
    ],
)
def test_redirects_to_https(status: int, location: str, expected: bool) -> None:
    assert redirects_to_https(status, {"Location": location}) is expected


async def test_open_telnet_port_is_evidence() -> None:
    async with tcp_server() as telnet, aiohttp.ClientSession() as session:
        facts = Facts()
        await probe_ports(_ctx(session, {"telnet": telnet}), facts)
    assert facts.telnet is True
    assert facts.open_ports == frozenset({telnet})
    assert facts.evidence["telnet"] == f"TCP {telnet} (telnet) accepts connections"


async def test_refused_port_passes_and_names_it() -> None:
    closed = closed_port()
    async with aiohttp.ClientSession() as session:
        facts = Facts()
        await probe_ports(_ctx(session, {"ssh": closed, "telnet": closed}), facts)
    assert (facts.ssh, facts.telnet) == (False, False)
    assert facts.evidence["ssh"] == f"TCP {closed} (ssh) refused the connection"


async def test_filtered_port_stays_unknown_with_evidence() -> None:
    # A listener whose accept queue is full drops new SYNs: the connect is neither
    # accepted nor refused, exactly what a filtering firewall looks like.
    with socket.socket() as listener:
        listener.bind(("127.0.0.1", 0))
        listener.listen(0)
        port = listener.getsockname()[1]
        fillers = [socket.create_connection(("127.0.0.1", port), timeout=1)]
        try:
            async with aiohttp.ClientSession() as session:
                facts = Facts()
                await probe_ports(_ctx(session, {"telnet": port}), facts)
        finally:
            for filler in fillers:
                filler.close()
    assert facts.telnet is None
    assert f"TCP {port} (telnet): no answer" in facts.evidence["telnet"]


async def test_adapter_facts_win_over_ports() -> None:
    async with tcp_server() as ssh, aiohttp.ClientSession() as session:
        facts = Facts(ssh=False, telnet=True)
        await probe_ports(_ctx(session, {"ssh": ssh}), facts)
    assert (facts.ssh, facts.telnet) == (False, True)


@pytest.mark.parametrize(
    ("handler", "expected"),
    [
        (rtsp_answer("200 OK", SDP, "Content-Type: application/sdp\r\n"), True),
        (rtsp_answer("401 Unauthorized", headers='WWW-Authenticate: Digest realm="x"\r\n'), False),
        # 200 without a media line (wrong path answered): not proof of anything.
        (rtsp_answer("200 OK", b"v=0\r\ns=nothing\r\n"), None),
        (rtsp_answer("404 Not Found"), None),
        (rtsp_answer("200 OK", b"<html>hello</html>"), None),
        # An unreadable Content-Length: the answer cannot be framed, so it proves nothing.
        (rtsp_answer("200 OK", headers="Content-Length: lots\r\n"), None),
    ],
)
async def test_rtsp_describe_verdicts(handler: Handler, expected: bool | None) -> None:
    async with tcp_server(handler) as rtsp, aiohttp.ClientSession() as session:
        facts = Facts()
        ctx = _ctx(session, {"rtsp": rtsp})
        await probe_rtsp(ctx, facts)
    assert facts.rtsp_anonymous is expected
    assert ctx.requests >= 1
    if expected is None:
        # Not settled: the evidence says what the DESCRIBEs got.
        assert facts.evidence["rtsp_anonymous"].startswith(f"RTSP DESCRIBE on TCP {rtsp}: ")


Probe = Callable[[ProbeContext, Facts], Awaitable[None]]


@pytest.mark.parametrize(
    ("probe", "fact", "said"),
    [
        (probe_rtsp, "rtsp_anonymous", "no RTSP answer"),
        (probe_onvif_anonymous, "onvif_anonymous", "no readable ONVIF answer"),
        (probe_upnp, "upnp", "silence is not proof"),
    ],
)
async def test_no_answer_is_unknown_and_says_so(probe: Probe, fact: str, said: str) -> None:
    """Every service closed: the probe leaves its fact unknown, and its evidence says why."""
    async with aiohttp.ClientSession() as session:
        facts = Facts()
        await probe(_ctx(session, {}), facts)
    assert getattr(facts, fact) is None
    assert said in facts.evidence[fact]


async def test_rtsp_silent_server_times_out_to_unknown() -> None:
    async def silent(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        await reader.read()  # never answers; returns once the client hangs up
        writer.close()

    async with tcp_server(silent) as rtsp:
        assert await describe("127.0.0.1", rtsp, "/", wait_s=0.2) is None


async def test_rtsp_endless_headers_are_capped() -> None:
    async def endless(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        writer.write(b"RTSP/1.0 200 OK\r\n")
        for _ in range(100):
            writer.write(b"X-Junk: " + b"a" * 1000 + b"\r\n")
            await writer.drain()

    async with tcp_server(endless) as rtsp:
        assert await describe("127.0.0.1", rtsp, "/") is None


async def test_rtsp_not_rtsp_is_unknown() -> None:
    async with tcp_server(rtsp_answer("200 OK")) as port:
        assert await describe("127.0.0.1", port, "/") is not None
    assert await describe("127.0.0.1", closed_port(), "/") is None


async def _https_only(root: Callable[[web.Request], Awaitable[web.StreamResponse]]) -> Facts:
    async with web_app(get={"/": root}) as port, aiohttp.ClientSession() as session:
        facts = Facts()
        await probe_https_only(_ctx(session, {"http": port}), facts)
    return facts


async def test_https_only_when_http_only_redirects() -> None:
    async def redirect(_: web.Request) -> web.StreamResponse:
        raise web.HTTPFound("https://127.0.0.1/doc/login.asp")

    assert (await _https_only(redirect)).https_only is True


async def test_plain_http_answering_is_not_https_only() -> None:
    async def page(_: web.Request) -> web.StreamResponse:
        return web.Response(text="login")

    async def http_redirect(_: web.Request) -> web.StreamResponse:
        raise web.HTTPFound("/doc/login.asp")

    assert (await _https_only(page)).https_only is False
    assert (await _https_only(http_redirect)).https_only is False


async def test_https_only_when_http_closed_and_https_open() -> None:
    async with tcp_server() as https, aiohttp.ClientSession() as session:
        facts = Facts()
        await probe_https_only(_ctx(session, {"https": https}), facts)
        assert facts.https_only is True
        nothing = Facts()
        await probe_https_only(_ctx(session, {}), nothing)
        assert nothing.https_only is None
        assert "unanswered" in nothing.evidence["https_only"]
        decided = Facts(https_only=False)
        await probe_https_only(_ctx(session, {"https": https}), decided)
        assert decided.https_only is False


@pytest.mark.parametrize("anonymous", [True, False])
async def test_onvif_anonymous_probe(anonymous: bool) -> None:
    async with serving("onvif_generic") as camera, aiohttp.ClientSession() as session:
        camera.persona.onvif_anonymous = anonymous
        facts = Facts()
        await probe_onvif_anonymous(_ctx(session, {"http": camera.http_port}), facts)
        assert facts.onvif_anonymous is anonymous
        # Only fills facts still None (the ONVIF adapter may have decided).
        decided = Facts(onvif_anonymous=not anonymous)
        await probe_onvif_anonymous(_ctx(session, {"http": camera.http_port}), decided)
        assert decided.onvif_anonymous is (not anonymous)
    assert not camera.takeovers


async def test_rtsp_tries_known_paths_until_a_stream_answers() -> None:
    seen: list[str] = []

    async def only_reolink_path(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        head = await reader.readuntil(b"\r\n\r\n")
        uri = head.split(b" ")[1].decode()
        seen.append(uri)
        body = SDP if uri.endswith("/h264Preview_01_main") else b"v=0\r\ns=none\r\n"
        writer.write(f"RTSP/1.0 200 OK\r\nContent-Length: {len(body)}\r\n\r\n".encode() + body)
        await writer.drain()
        writer.close()

    async with tcp_server(only_reolink_path) as rtsp, aiohttp.ClientSession() as session:
        facts = Facts()
        ctx = _ctx(session, {"rtsp": rtsp}, vendor="hikvision")
        await probe_rtsp(ctx, facts)
    assert facts.rtsp_anonymous is True
    assert seen[0].endswith("/Streaming/Channels/101")  # the family's own path first
    assert ctx.requests == len(seen)


async def test_upnp_answer_fails_with_the_answering_device() -> None:
    # onvif_generic has UPnP on: it answers M-SEARCH.
    async with serving("onvif_generic") as camera, aiohttp.ClientSession() as session:
        facts = Facts()
        ctx = _ctx(session, {"upnp": camera.ports["upnp"]})
        await probe_upnp(ctx, facts)
        decided = Facts(upnp=False)
        await probe_upnp(ctx, decided)
    assert facts.upnp is True
    assert (
        "answered: upnp:rootdevice, server Linux UPnP/1.0 "
        "Milesight Technology Co.,Ltd./MS-C8165-PE" in facts.evidence["upnp"]
    )
    assert decided.upnp is False  # the adapter's reading of the switch wins
