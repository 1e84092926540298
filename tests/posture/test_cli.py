"""`camera-posture audit` against a simulated camera."""

from __future__ import annotations

import asyncio
import json
import socket
from pathlib import Path

import pytest

from camsim.camera import SimCamera
from custom_components.camera_posture.posture import cli
from custom_components.camera_posture.posture.advisories.lookup import (
    bundled_catalog,
    bundled_files,
)
from custom_components.camera_posture.posture.checks import CHECKS
from custom_components.camera_posture.posture.models import Status

from .helpers import quiet_services


def _args(camera: SimCamera, *extra: str) -> list[str]:
    username = next(iter(camera.persona.users))
    services = [f"--service={name}={port}" for name, port in quiet_services().items()]
    return [
        "audit",
        camera.host,
        "--port",
        str(camera.http_port),
        "--username",
        username,
        *services,
        *extra,
    ]


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
    assert set(report) == {
        "host",
        "device",
        "checks",
        "score",
        "catalog",
        "requests",
        "login_failures",
        "duration_ms",
    }
    bundled = bundled_catalog()
    assert report["catalog"] == {
        "version": bundled.version,
        "as_of": bundled.as_of,
        "entries": len(bundled.entries),
    }
    assert set(report["device"]) == {"vendor", "model", "firmware", "serial", "mac"}
    assert report["device"]["serial"] == onvif_camera.persona.serial
    assert set(report["checks"]) == set(CHECKS)
    for check in report["checks"].values():
        assert set(check) == {"status", "observed", "severity", "summary", "evidence", "standards"}
        assert check["status"] in {s.value for s in Status}
    # Probed with every service port closed: a refused telnet port passes and names
    # the port; RTSP (nothing answered) stays unknown and says what was tried.
    telnet = report["checks"]["telnet"]
    assert telnet["status"] == "pass"
    assert telnet["evidence"].startswith("TCP ")
    assert "refused the connection" in telnet["evidence"]
    assert report["checks"]["rtsp_anonymous"]["status"] == "unknown"
    assert "no RTSP answer" in report["checks"]["rtsp_anonymous"]["evidence"]
    assert all(check["evidence"] for check in report["checks"].values())
    assert report["checks"]["time_synced"]["status"] == "fail"
    assert report["login_failures"] == 0
    assert report["requests"] >= 2  # at least the clock and the identity
    assert secret.read_text().strip() not in json.dumps(report)


async def test_audit_table(onvif_camera: SimCamera, capsys: pytest.CaptureFixture[str]) -> None:
    password = next(iter(onvif_camera.persona.users.values()))
    assert await _run(_args(onvif_camera, "--password", password)) == 0
    out = capsys.readouterr().out
    assert onvif_camera.persona.model in out
    assert password not in out
    catalog = bundled_catalog()
    assert f"advisory catalog {catalog.version} (as of {catalog.as_of}" in out


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


@pytest.mark.parametrize(
    "argv",
    [
        ["audit"],
        ["audit", "127.0.0.1", "--vendor", "acme"],
        ["audit", "127.0.0.1", "--service", "telnet"],
        ["audit", "127.0.0.1", "--service", "gopher=70"],
        ["audit", "127.0.0.1", "--service", "rtsp=70000"],
        ["audit", "127.0.0.1", "--port", "x"],
        ["audit", "127.0.0.1", "--password", "a", "--password-file", "f"],
        ["audit", "127.0.0.1", "--password-file", "/nonexistent/secret"],
        ["frobnicate"],
    ],
)
def test_usage_errors_exit_2(argv: list[str]) -> None:
    with pytest.raises(SystemExit) as exit_info:
        cli.main(argv)
    assert exit_info.value.code == cli.EXIT_USAGE


async def test_no_active_probing_still_audits(
    onvif_camera: SimCamera, capsys: pytest.CaptureFixture[str]
) -> None:
    password = next(iter(onvif_camera.persona.users.values()))
    argv = _args(onvif_camera, "--password", password, "--no-active-probing", "--json")
    assert await _run(argv) == cli.EXIT_OK
    report = json.loads(capsys.readouterr().out)
    assert report["device"]["model"] == onvif_camera.persona.model
    assert not onvif_camera.takeovers


def test_catalog_command(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    bundled = bundled_catalog()
    assert cli.main(["catalog", "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["version"] == bundled.version
    # A newer catalog file (e.g. a downloaded feed) is shown, and used by `audit --catalog`.
    data, _ = bundled_files()
    newer = tmp_path / "catalog.json"
    newer.write_text(json.dumps({**data, "catalog_version": bundled.version + 1}))
    assert cli.main(["catalog", "--catalog", str(newer)]) == 0
    assert f"advisory catalog {bundled.version + 1} (as of" in capsys.readouterr().out


@pytest.mark.parametrize("content", ["{not json", '{"catalog_version": 1}', "[]"])
def test_invalid_catalog_file_exit_2(
    tmp_path: Path, content: str, capsys: pytest.CaptureFixture[str]
) -> None:
    bad = tmp_path / "catalog.json"
    bad.write_text(content)
    with pytest.raises(SystemExit) as exc:
        cli.main(["catalog", "--catalog", str(bad)])
    assert exc.value.code == 2
    assert "unusable --catalog (CatalogError)" in capsys.readouterr().err
    with pytest.raises(SystemExit):
        cli.main(["catalog", "--catalog", str(tmp_path / "missing.json")])


async def test_audit_with_given_catalog(
    onvif_camera: SimCamera, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    data, _ = bundled_files()
    given = tmp_path / "catalog.json"
    given.write_text(json.dumps({**data, "catalog_version": bundled_catalog().version + 7}))
    password = next(iter(onvif_camera.persona.users.values()))
    argv = _args(onvif_camera, "--password", password, "--catalog", str(given), "--json")
    assert await _run(argv) == 0
    report = json.loads(capsys.readouterr().out)
    assert report["catalog"]["version"] == bundled_catalog().version + 7
    # The verdict's evidence names the catalog that judged it.
    evidence = report["checks"]["firmware_up_to_date"]["evidence"]
    assert f"advisory catalog {bundled_catalog().version + 7}" in evidence
