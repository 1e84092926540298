"""`camera-posture audit` against a simulated camera."""

from __future__ import annotations

import asyncio
import json
import socket
from pathlib import Path

import pytest

from camsim.camera import SimCamera
from custom_components.camera_posture.posture import cli


def _args(camera: SimCamera, *extra: str) -> list[str]:
    username = next(iter(camera.persona.users))
    return ["audit", camera.host, "--port", str(camera.http_port), "--username", username, *extra]


async def _run(argv: list[str]) -> int:
    # main() owns its event loop, so run it in a thread beside the camera's loop.
    return await asyncio.to_thread(cli.main, argv)


async def test_audit_json(
    onvif_camera: SimCamera, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    secret = tmp_path / "password"
    secret.write_text(next(iter(onvif_camera.persona.users.values())) + "\n")
    assert await _run(_args(onvif_camera, "--password-file", str(secret), "--json")) == 0
    report = json.loads(capsys.readouterr().out)
    assert report["device"]["serial"] == onvif_camera.persona.serial
    assert report["requests"] >= 2  # at least the clock and the identity
    assert secret.read_text().strip() not in json.dumps(report)


async def test_audit_table(onvif_camera: SimCamera, capsys: pytest.CaptureFixture[str]) -> None:
    password = next(iter(onvif_camera.persona.users.values()))
    assert await _run(_args(onvif_camera, "--password", password)) == 0
    out = capsys.readouterr().out
    assert onvif_camera.persona.model in out
    assert password not in out


async def test_rejected_credentials_exit_4(
    onvif_camera: SimCamera, capsys: pytest.CaptureFixture[str]
) -> None:
    assert await _run(_args(onvif_camera, "--password", "wrong")) == cli.EXIT_AUTH
    assert "wrong" not in capsys.readouterr().err


async def test_unreachable_exit_3() -> None:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    assert await _run(["audit", "127.0.0.1", "--port", str(port)]) == cli.EXIT_UNREACHABLE
