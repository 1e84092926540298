"""The CLI's exit codes for a locked and a dripping camera, and the one overall deadline."""

from __future__ import annotations

import asyncio
import math
from collections.abc import AsyncIterator

import aiohttp
import pytest

from camsim.camera import SimCamera
from camsim.hostile import Fault, HostileCamera
from custom_components.camera_posture.posture import cli, deadline
from custom_components.camera_posture.posture.audit import audit
from custom_components.camera_posture.posture.discovery import ssdp_search, ws_discovery
from custom_components.camera_posture.posture.errors import AuditTimeout, InvalidAuth
from custom_components.camera_posture.posture.models import Target
from custom_components.camera_posture.posture.vendors.base import DefaultLoginGuard

from .helpers import closed_udp_port, quiet_services
from .test_cli import _args, _run


@pytest.fixture
async def drip() -> AsyncIterator[HostileCamera]:
    """A camera that answers one byte every half second, for ever."""
    async with HostileCamera(Fault.SLOWLORIS, drip_interval_s=0.5) as camera:
        yield camera


@pytest.fixture
def short_deadline(monkeypatch: pytest.MonkeyPatch) -> float:
    """Far below the per-request timeouts (10 s): only the overall deadline can end a run."""
    monkeypatch.setattr(deadline, "AUDIT_DEADLINE_S", 0.5)
    return 0.5


async def test_locked_camera_exits_locked_and_sends_nothing(
    hikvision: SimCamera, capsys: pytest.CaptureFixture[str]
) -> None:
    old = Target(hikvision.host, hikvision.http_port, "admin", "old-password")
    async with aiohttp.ClientSession() as session:
        for _ in range(5):
            with pytest.raises(InvalidAuth):
                await audit(session, old, guard=DefaultLoginGuard(active=False), probes=False)
    assert hikvision.is_locked("127.0.0.1")
    logins_before = len(hikvision.logins)
    password = hikvision.persona.users["admin"]
    assert await _run(_args(hikvision, "--password", password)) == cli.EXIT_LOCKED
    err = capsys.readouterr().err
    assert "locked" in err
    assert "rejected the credentials" not in err
    assert password not in err
    # The lock state was read first: not one credential reached the locked camera.
    assert len(hikvision.logins) == logins_before


@pytest.mark.parametrize("argv", [["--help"], ["audit", "--help"]])
def test_help_lists_every_exit_code(argv: list[str], capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_info:
        cli.main(argv)
    assert exit_info.value.code == cli.EXIT_OK
    out = capsys.readouterr().out
    assert "exit codes:" in out
    for code in (cli.EXIT_OK, cli.EXIT_USAGE, cli.EXIT_UNREACHABLE, cli.EXIT_AUTH):
        assert f"\n  {code}  " in out
    assert f"\n  {cli.EXIT_LOCKED}  the camera reports a login lock" in out


async def test_dripping_camera_ends_at_the_deadline(
    drip: HostileCamera, short_deadline: float, capsys: pytest.CaptureFixture[str]
) -> None:
    services = [f"--service={name}={port}" for name, port in quiet_services().items()]
    argv = ["audit", drip.host, "--port", str(drip.port), "--password", "x", *services]
    assert await _run(argv) == cli.EXIT_UNREACHABLE
    err = capsys.readouterr().err
    assert f"answered too slowly: no complete answer within {short_deadline:g} s" in err
    assert drip.requests


async def test_audit_raises_audit_timeout(drip: HostileCamera, short_deadline: float) -> None:
    target = Target(drip.host, drip.port, "admin", "x")
    async with aiohttp.ClientSession() as session:
        with pytest.raises(AuditTimeout):
            await audit(session, target, services=quiet_services())


@pytest.mark.parametrize(
    ("wait", "expected"),
    [(3.0, 3.0), (-1.0, 0.0), (1e9, 60.0), (math.inf, 60.0), (-math.inf, 0.0), (math.nan, 60.0)],
)
def test_waits_are_finite_and_within_the_deadline(wait: float, expected: float) -> None:
    assert deadline.bounded_wait(wait) == expected


async def test_discovery_wait_ends_at_the_deadline(short_deadline: float) -> None:
    # An endless wait asked for: the deadline ends it (the test's own timeout would not).
    port = closed_udp_port()
    async with asyncio.timeout(30):
        assert await ws_discovery(math.inf, ("127.0.0.1", port)) == []
        assert await ssdp_search("ssdp:all", math.nan, "127.0.0.1", port) == []
