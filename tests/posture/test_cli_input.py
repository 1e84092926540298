"""The CLI under malformed input: every refusal is exit 2 without a traceback.

And when the input is accepted, every HTTP request goes to the port the user gave.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

import pytest
import pytest_socket
from aiohttp import web

from custom_components.camera_posture.posture import cli

from .helpers import quiet_services

MALFORMED_HOSTS = [
    "",
    " ",
    "[::1",
    "http://x",
    "http://127.0.0.1",
    "ftp://127.0.0.1",
    "host:80",
    "127.0.0.1:80",
    "[::1]:80",
    "x@host",
    "user:secret@127.0.0.1",
    "https://user:secret@127.0.0.1",
    "host/x",
    "host?",
    "host#",
    "https://127.0.0.1/admin",
    "host\r\nX: y",
    "host\x00",
    "a b",
    "999.1.1.1",
    "1.2.3",
    "-",
    "..",
    "x" * 300,
    "https://127.0.0.1:99999",
    "https://127.0.0.1:0",
    "https://[::1",
]


def _usage_error(argv: list[str], capsys: pytest.CaptureFixture[str]) -> str:
    with pytest.raises(SystemExit) as exit_info:
        cli.parse_args(argv)
    assert exit_info.value.code == cli.EXIT_USAGE
    err = capsys.readouterr().err
    assert "Traceback" not in err
    return err


@pytest.mark.parametrize("host", MALFORMED_HOSTS)
def test_malformed_host_is_exit_2(host: str, capsys: pytest.CaptureFixture[str]) -> None:
    err = _usage_error(["audit", host, "--port", "8080"], capsys)
    assert "invalid host" in err
    assert "secret" not in err  # a refused user:password@host is not echoed


@pytest.mark.parametrize("port", ["0", "99999", "abc", "-1", "", "8o", "١٢"])
def test_malformed_port_is_exit_2(port: str, capsys: pytest.CaptureFixture[str]) -> None:
    _usage_error(["audit", "127.0.0.1", "--port", port], capsys)


def test_port_in_url_and_apart_must_agree(capsys: pytest.CaptureFixture[str]) -> None:
    err = _usage_error(["audit", "https://127.0.0.1:8443", "--port", "9443"], capsys)
    assert "port" in err
    args = cli.parse_args(["audit", "https://127.0.0.1:8443", "--port", "8443"])
    assert (args.host, args.port, args.scheme) == ("127.0.0.1", 8443, "https")


@pytest.mark.parametrize(
    ("argv", "expected"),
    [
        (["127.0.0.1"], ("127.0.0.1", 80, "http")),
        (["127.0.0.1", "--https"], ("127.0.0.1", 443, "https")),
        (["[::1]", "--port", "8080"], ("::1", 8080, "http")),
        (["https://cam.local"], ("cam.local", 443, "https")),
        (["https://cam.local", "--port", "8443"], ("cam.local", 8443, "https")),
    ],
)
def test_accepted_addresses(argv: list[str], expected: tuple[str, int, str]) -> None:
    args = cli.parse_args(["audit", *argv])
    assert (args.host, args.port, args.scheme) == expected


@pytest.mark.parametrize("value", ["nan", "inf", "-inf", "-1", "0", "abc", "1e999"])
def test_discover_timeout_must_be_finite_and_positive(
    value: str, capsys: pytest.CaptureFixture[str]
) -> None:
    _usage_error(["discover", "--timeout", value], capsys)


def test_password_file_is_capped(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    big = tmp_path / "big"
    big.write_bytes(b"x" * (cli.MAX_PASSWORD_FILE_BYTES + 1))
    assert "larger" in _usage_error(["audit", "cam", "--password-file", str(big)], capsys)
    _usage_error(["audit", "cam", "--password-file", "/dev/zero"], capsys)
    fits = tmp_path / "fits"
    fits.write_bytes(b"s3cret\n")
    assert cli.parse_args(["audit", "cam", "--password-file", str(fits)]).password == "s3cret"


@pytest.mark.parametrize("content", [b"\xff\xfe not utf-8", None], ids=["not-text", "missing"])
def test_unreadable_password_file_is_exit_2(
    tmp_path: Path, content: bytes | None, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "secret"
    if content is not None:
        path.write_bytes(content)
    err = _usage_error(["audit", "cam", "--password-file", str(path)], capsys)
    assert "not utf-8" not in err
    _usage_error(["audit", "cam", "--password-file", str(tmp_path)], capsys)  # a folder


@pytest.mark.parametrize("router", ["http://[::1", "x@router", "ftp://router/igd.xml", "a b"])
def test_malformed_router_is_exit_2(router: str, capsys: pytest.CaptureFixture[str]) -> None:
    _usage_error(["audit", "127.0.0.1", "--router", router], capsys)


@asynccontextmanager
async def recorder(host: str = "127.0.0.1") -> AsyncIterator[tuple[int, list[str]]]:
    """A web server on `host` that records every request path (and answers 404)."""
    seen: list[str] = []

    async def record(request: web.Request) -> web.StreamResponse:
        seen.append(request.path_qs)
        return web.Response(status=404)

    app = web.Application()
    app.router.add_route("*", "/{tail:.*}", record)
    runner = web.AppRunner(app, access_log=None)
    await runner.setup()
    try:
        await web.TCPSite(runner, host, 0).start()
        yield runner.addresses[0][1], seen
    finally:
        await runner.cleanup()


async def _audit_nothing(host: str, port: int) -> int:
    services = [f"--service={name}={p}" for name, p in quiet_services().items()]
    return await asyncio.to_thread(cli.main, ["audit", host, "--port", str(port), *services])


@pytest.mark.parametrize("host", [" 127.0.0.1 ", "127.0.0.1."])
async def test_port_is_honoured_for_accepted_hosts(host: str) -> None:
    async with recorder() as (port, seen), recorder() as (_, elsewhere):
        code = await _audit_nothing(host, port)
    assert code == cli.EXIT_UNREACHABLE  # no camera there, but it was asked
    assert seen
    assert elsewhere == []


@pytest.fixture
def ipv6_loopback() -> None:
    """Let this test reach ::1 too (Home Assistant's test plugin allows 127.0.0.1 only)."""
    pytest_socket.socket_allow_hosts(["127.0.0.1", "::1"])


@pytest.mark.usefixtures("ipv6_loopback")
@pytest.mark.parametrize("host", ["::1", "[::1]", " [0:0::1] "])
async def test_ipv6_with_or_without_brackets(host: str) -> None:
    async with recorder("::1") as (port, seen):
        code = await _audit_nothing(host, port)
    assert code == cli.EXIT_UNREACHABLE
    assert "/" in seen  # the web root was asked for on [::1]:port


@pytest.mark.parametrize("path", ["/dev/zero", "/nonexistent/catalog.json", "/"])
def test_unusable_catalog_file_is_exit_2(path: str, capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_info:
        cli.main(["catalog", "--catalog", path])
    assert exit_info.value.code == cli.EXIT_USAGE
    assert "Traceback" not in capsys.readouterr().err


@pytest.mark.parametrize(
    ("router", "expected"),
    [
        (" http://192.0.2.1:5000/rootDesc.xml ", "http://192.0.2.1:5000/rootDesc.xml"),
        (" [::1] ", "::1"),
        ("", ""),
    ],
)
def test_router_is_parsed(router: str, expected: str) -> None:
    assert cli.parse_args(["audit", "127.0.0.1", "--router", router]).router == expected
