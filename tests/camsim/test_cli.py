"""`camsim` as a user runs it: a separate process announcing its cameras as JSON."""

from __future__ import annotations

import asyncio
import json
import signal
import sys

import aiohttp

from custom_components.camera_posture.posture.audit import audit
from custom_components.camera_posture.posture.models import Target


async def test_camsim_persona_serves_onvif_until_stopped() -> None:
    proc = await asyncio.create_subprocess_exec(
        sys.executable,
        "-m",
        "camsim.cli",
        "--persona",
        "onvif_generic",
        stdout=asyncio.subprocess.PIPE,
    )
    try:
        assert proc.stdout is not None
        announced = json.loads(await asyncio.wait_for(proc.stdout.readline(), 30))
        assert announced["persona"] == "onvif_generic"
        target = Target(
            announced["address"],
            announced["ports"]["onvif"],
            announced["username"],
            announced["password"],
        )
        async with aiohttp.ClientSession() as session:
            result = await audit(session, target)
        assert result.device.model == "IPC-ONVIF-2000"
    finally:
        proc.send_signal(signal.SIGINT)
        assert await asyncio.wait_for(proc.wait(), 10) == 0


async def test_camsim_announces_its_control_api() -> None:
    proc = await asyncio.create_subprocess_exec(
        sys.executable,
        "-m",
        "camsim.cli",
        "--persona",
        "onvif_generic",
        stdout=asyncio.subprocess.PIPE,
    )
    try:
        assert proc.stdout is not None
        announced = json.loads(await asyncio.wait_for(proc.stdout.readline(), 30))
        assert set(announced["ports"]) >= {"http", "onvif", "rtsp", "telnet"}
        async with aiohttp.ClientSession() as session:
            async with session.patch(announced["control"], json={"telnet": False}) as response:
                assert response.status == 200
            async with session.get(announced["control"]) as response:
                truth = await response.json()
        assert truth["persona"]["telnet"] is False
        assert truth["persona"]["users"] == {announced["username"]: announced["password"]}
        assert "telnet" not in truth["ports"]
    finally:
        proc.send_signal(signal.SIGTERM)
        assert await asyncio.wait_for(proc.wait(), 10) == 0
