"""camsim's simulated IGD router: SSDP answers, the mapping table, control API forwards."""

from __future__ import annotations

import asyncio
import json
import signal
import sys
from collections.abc import AsyncIterator

import aiohttp
import pytest

from camsim.camera import SimCamera
from camsim.control import ControlServer
from camsim.router import IGD_TYPES, SimRouter, port_mappings
from custom_components.camera_posture.posture.discovery import ssdp_search
from custom_components.camera_posture.posture.models import Facts, PortMapping, Target
from custom_components.camera_posture.posture.probes import ProbeContext
from custom_components.camera_posture.posture.probes.upnp_igd import probe_router_exposure
from custom_components.camera_posture.posture.transport.http import HttpClient

from .conftest import generic


@pytest.fixture
async def routed() -> AsyncIterator[tuple[SimCamera, ControlServer, SimRouter]]:
    camera = SimCamera(generic())
    await camera.start()
    control = ControlServer([camera])
    await control.start()
    router = SimRouter(control.cameras)
    await router.start()
    yield camera, control, router
    await router.stop()
    await control.stop()
    await camera.stop()


async def _exposure(camera: SimCamera, router: SimRouter) -> Facts:
    async with aiohttp.ClientSession() as session:
        facts = Facts()
        ctx = ProbeContext(HttpClient(session), Target(camera.host), router=router.location)
        await probe_router_exposure(ctx, facts, session)
    return facts


async def test_control_api_forwards_appear_in_the_router_table(routed) -> None:
    camera, control, router = routed
    assert (await _exposure(camera, router)).router_exposure == ()
    async with aiohttp.ClientSession() as session:
        body = {"port_forwards": {"8080": "http", "8554": "rtsp"}}
        async with session.patch(control.url("1"), json=body) as response:
            assert response.status == 200
            truth = await response.json()
    assert truth["port_forwards"] == {"8080": "http", "8554": "rtsp"}
    facts = await _exposure(camera, router)
    assert facts.router_exposure == (
        PortMapping(8080, camera.ports["http"], "TCP", "onvif_generic http"),
        PortMapping(8554, camera.ports["rtsp"], "TCP", "onvif_generic rtsp"),
    )


@pytest.mark.parametrize(
    "forwards", [["8080"], {"0": "http"}, {"http": "8080"}, {"8080": 80}, {"70000": "http"}]
)
async def test_malformed_forwards_are_refused(routed, forwards: object) -> None:
    camera, control, _ = routed
    body = {"port_forwards": forwards}
    async with aiohttp.ClientSession() as session, session.patch(control.url("1"), json=body) as r:
        assert r.status == 400
        assert "port_forwards" in (await r.json())["error"]
    assert camera.port_forwards == {}


async def test_table_lists_served_services_once_per_external_port(routed) -> None:
    camera, _, _ = routed
    other = SimCamera(generic())
    await other.start()
    try:
        camera.port_forwards = {8080: "http", 2323: "not-a-service"}
        other.port_forwards = {8080: "http", 8081: "http"}
        assert port_mappings({"1": camera, "2": other}) == [
            ("TCP", 8080, camera.host, camera.ports["http"], "onvif_generic http"),
            ("TCP", 8081, other.host, other.ports["http"], "onvif_generic http"),
        ]
    finally:
        await other.stop()


async def test_ssdp_answers_igd_searches_only(routed) -> None:
    _, _, router = routed
    for target in (*IGD_TYPES, "ssdp:all"):
        found = await ssdp_search(
            target,
            wait_s=2,
            unicast_host="127.0.0.1",
            unicast_port=router.ssdp_port,
            stop_at="location",
        )
        assert [(f.location, f.kind) for f in found] == [(router.location, target)]
    media = "urn:schemas-upnp-org:device:MediaRenderer:1"
    assert await ssdp_search(media, 0.2, "127.0.0.1", router.ssdp_port) == []
    # Not an M-SEARCH at all: no answer either.
    answers: list[bytes] = []

    class Listen(asyncio.DatagramProtocol):
        def datagram_received(self, data: bytes, addr: object) -> None:
            answers.append(data)

    transport, _ = await asyncio.get_running_loop().create_datagram_endpoint(
        Listen, remote_addr=("127.0.0.1", router.ssdp_port)
    )
    transport.sendto(b"NOTIFY * HTTP/1.1\r\nST: ssdp:all\r\n\r\n")
    transport.sendto(b"M-SEARCH * HTTP/1.1\r\n\r\n")  # no ST
    await asyncio.sleep(0.2)
    transport.close()
    assert answers == []


async def test_control_refuses_other_actions_and_bad_arguments(routed) -> None:
    _, _, router = routed
    url = router.location.replace("/rootDesc.xml", "/ctl/IPConn")
    wanip = "urn:schemas-upnp-org:service:WANIPConnection:1"
    async with aiohttp.ClientSession() as session:
        action = {"SOAPAction": f'"{wanip}#AddPortMapping"'}
        async with session.post(url, data="<x/>", headers=action) as response:
            assert response.status == 500
            assert "<errorCode>401</errorCode>" in await response.text()
        action = {"SOAPAction": f'"{wanip}#GetGenericPortMappingEntry"'}
        async with session.post(url, data="<x/>", headers=action) as response:
            assert response.status == 500
            assert "<errorCode>402</errorCode>" in await response.text()
    assert router.calls == 0


async def test_camsim_fleet_option_runs_a_router_with_forwards() -> None:
    proc = await asyncio.create_subprocess_exec(
        sys.executable,
        "-m",
        "camsim.cli",
        "--persona",
        "onvif_generic",
        "--router",
        "--router-ssdp-port",
        "0",
        "--forward",
        "1:8080=http",
        "--forward",
        "9:8081=http",  # no camera 9: ignored
        stdout=asyncio.subprocess.PIPE,
    )
    try:
        assert proc.stdout is not None
        camera = json.loads(await asyncio.wait_for(proc.stdout.readline(), 30))
        router = json.loads(await asyncio.wait_for(proc.stdout.readline(), 30))
        assert router["router"].endswith("/rootDesc.xml")
        async with aiohttp.ClientSession() as session, session.get(camera["control"]) as answer:
            assert (await answer.json())["port_forwards"] == {"8080": "http"}
        host, _, port = router["ssdp"].rpartition(":")
        found = await ssdp_search(IGD_TYPES[0], 2, host, int(port), stop_at="location")
        assert [f.location for f in found] == [router["router"]]
    finally:
        proc.send_signal(signal.SIGTERM)
        assert await asyncio.wait_for(proc.wait(), 10) == 0


@pytest.mark.parametrize("forward", ["1:http", "1:0=http", ":8080=http", "1:8080="])
def test_malformed_forward_option_is_a_usage_error(forward: str) -> None:
    from camsim import cli  # noqa: PLC0415 - the parser only

    with pytest.raises(SystemExit):
        cli.main(["--persona", "onvif_generic", "--forward", forward])


async def test_busy_ssdp_port_stops_the_router_and_says_so(routed) -> None:
    _, control, router = routed
    second = SimRouter(control.cameras, ssdp_port=router.ssdp_port)
    with pytest.raises(OSError, match="in use"):
        await second.start()
    # Its HTTP side was closed again: nothing is left half-started.
    async with aiohttp.ClientSession() as session:
        with pytest.raises(aiohttp.ClientConnectionError):
            await session.get(second.location)
