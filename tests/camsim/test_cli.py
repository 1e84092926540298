"""`camsim` as a user runs it: a separate process announcing its cameras as JSON."""

from __future__ import annotations

import asyncio
import json
import signal
import socket
import sys
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

import aiohttp

from custom_components.camera_posture.posture.audit import audit
from custom_components.camera_posture.posture.models import Target

from .helpers import onvif_clock


@asynccontextmanager
async def _serving(
    *args: str, stop: signal.Signals = signal.SIGINT
) -> AsyncIterator[dict[str, Any]]:
    """Start `camsim` with these arguments; yield the cameras it announces (JSON).

    On the way out, stop it with the signal `stop` and check that it exits cleanly.
    """
    proc = await asyncio.create_subprocess_exec(
        sys.executable, "-m", "camsim.cli", *args, stdout=asyncio.subprocess.PIPE
    )
    try:
        assert proc.stdout is not None
        yield json.loads(await asyncio.wait_for(proc.stdout.readline(), 30))
    finally:
        proc.send_signal(stop)
        assert await asyncio.wait_for(proc.wait(), 10) == 0


async def test_camsim_persona_serves_onvif_until_stopped() -> None:
    async with _serving("--persona", "onvif_generic") as announced:
        assert announced["persona"] == "onvif_generic"
        target = Target(
            announced["address"],
            announced["ports"]["onvif"],
            announced["username"],
            announced["password"],
        )
        async with aiohttp.ClientSession() as session:
            result = await audit(session, target)
        assert result.device.model == "MS-C8165-PE"


async def test_camsim_announces_its_control_api() -> None:
    async with _serving("--persona", "onvif_generic", stop=signal.SIGTERM) as announced:
        assert set(announced["ports"]) >= {"http", "onvif", "rtsp", "telnet"}
        async with aiohttp.ClientSession() as session:
            async with session.patch(announced["control"], json={"telnet": False}) as response:
                assert response.status == 200
            async with session.get(announced["control"]) as response:
                truth = await response.json()
        assert truth["persona"]["telnet"] is False
        assert truth["persona"]["users"] == {announced["username"]: announced["password"]}
        assert "telnet" not in truth["ports"]


async def _camsim(*args: str) -> tuple[int, str]:
    """Run `camsim` to its end; return its exit code and stderr."""
    proc = await asyncio.create_subprocess_exec(
        sys.executable, "-m", "camsim.cli", *args, stderr=asyncio.subprocess.PIPE
    )
    _, stderr = await asyncio.wait_for(proc.communicate(), 30)
    return await proc.wait(), stderr.decode()


async def test_camsim_rejects_a_fleet_that_is_not_a_number() -> None:
    code, stderr = await _camsim("--fleet", "many")
    assert code == 2
    assert "--fleet takes 'demo' or a number of cameras" in stderr


async def test_camsim_reports_a_busy_port_and_exits() -> None:
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        code, stderr = await _camsim(
            "--persona", "onvif_generic", "--port", str(busy.getsockname()[1])
        )
    assert code == 2
    assert stderr.startswith("camsim: cannot serve:")
    assert "Traceback" not in stderr


async def test_camsim_persona_on_offset_ports(loopback_subnet: None) -> None:
    # One camera with the fleet's unprivileged port plan: every standard port + 10000.
    async with _serving(
        "--persona", "onvif_generic", "--bind", "127.0.78.1", "--ports", "offset"
    ) as announced:
        assert announced["address"] == "127.0.78.1"
        assert announced["ports"]["http"] == 10080
        assert announced["ports"]["rtsp"] == 10554
        status, body = await onvif_clock(announced)
        assert status == 200
        assert "UTCDateTime" in body
