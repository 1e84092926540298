"""No router typed: the CLI finds the default gateway's IGD (camsim's router on loopback)."""

from __future__ import annotations

import asyncio
import json
from collections.abc import AsyncIterator
from pathlib import Path

import aiohttp
import pytest

from camsim.camera import SimCamera
from camsim.router import SimRouter
from custom_components.camera_posture.posture import cli
from custom_components.camera_posture.posture.models import Facts, Target
from custom_components.camera_posture.posture.probes import ProbeContext, upnp_igd
from custom_components.camera_posture.posture.probes.upnp_igd import (
    FoundRouter,
    find_router,
    probe_router_exposure,
)
from custom_components.camera_posture.posture.transport.http import HttpClient

from .test_cli import _args as cli_args
from .test_gateway import route_table


@pytest.fixture
def loopback_gateway(no_default_gateway: Path) -> None:
    """This test's routing table: the default gateway is 127.0.0.1."""
    no_default_gateway.write_text(route_table(("0.0.0.0", "127.0.0.1", "0003", 0, "0.0.0.0")))


@pytest.fixture
async def router(
    onvif_camera: SimCamera, loopback_gateway: None, monkeypatch: pytest.MonkeyPatch
) -> AsyncIterator[SimRouter]:
    """camsim's IGD on 127.0.0.1, the default gateway of this test's routing table."""
    onvif_camera.port_forwards = {8080: "http"}
    sim = SimRouter({"1": onvif_camera})
    await sim.start()
    monkeypatch.setattr(upnp_igd, "SSDP_PORT", sim.ssdp_port)
    yield sim
    await sim.stop()


async def test_gateway_igd_is_found(router: SimRouter) -> None:
    assert await find_router() == FoundRouter(router.location, "gateway")
    assert await find_router("127.0.0.1") == FoundRouter(router.location, "gateway")


async def test_camera_without_ipv4_address_is_unknown_and_says_so(router: SimRouter) -> None:
    async with aiohttp.ClientSession() as session:
        facts = Facts()
        ctx = ProbeContext(HttpClient(session), Target("::1"), router=router.location)
        await probe_router_exposure(ctx, facts, session)
    assert facts.router_exposure is None
    assert facts.evidence["router_exposure"] == "the camera's IPv4 address is unknown"
    assert router.calls == 0


async def test_no_gateway_no_router() -> None:
    # The autouse fixture's routing table does not exist: nothing is searched.
    assert await find_router() is None


def _args(camera: SimCamera, *extra: str) -> list[str]:
    password = next(iter(camera.persona.users.values()))
    return cli_args(camera, "--password", password, "--json", *extra)


async def test_cli_judges_router_exposure_without_router_option(
    router: SimRouter, onvif_camera: SimCamera, capsys: pytest.CaptureFixture[str]
) -> None:
    assert await asyncio.to_thread(cli.main, _args(onvif_camera)) == cli.EXIT_OK
    check = json.loads(capsys.readouterr().out)["checks"]["router_exposure"]
    assert check["status"] == "fail"
    assert check["observed"] == [f"TCP/8080->{onvif_camera.http_port}"]
    assert "1 mapping" in check["evidence"]
    assert router.calls == 2  # the one mapping, then the end of the table


async def test_cli_no_router_leaves_it_unknown_and_says_why(
    router: SimRouter, onvif_camera: SimCamera, capsys: pytest.CaptureFixture[str]
) -> None:
    assert await asyncio.to_thread(cli.main, _args(onvif_camera, "--no-router")) == cli.EXIT_OK
    check = json.loads(capsys.readouterr().out)["checks"]["router_exposure"]
    assert (check["status"], check["observed"]) == ("unknown", None)
    assert "no UPnP IGD router" in check["evidence"]
    assert router.calls == 0


def test_router_and_no_router_exclude_each_other(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit):
        cli.parse_args(["audit", "127.0.0.1", "--router", "192.0.2.1", "--no-router"])
    assert "not allowed with" in capsys.readouterr().err
