"""Fleets: `camsim --fleet 500` in a subprocess, and how fleets are laid out."""

from __future__ import annotations

import resource

import aiohttp

from camsim import fleet
from camsim.persona import PERSONAS

from .helpers import camsim_fleet, onvif_clock, rtsp_exchange

FLEET_SIZE = 500


async def test_fleet_of_500_starts_and_answers(loopback_subnet) -> None:
    async with camsim_fleet(FLEET_SIZE) as cameras:
        addresses = {camera["address"] for camera in cameras}
        assert len(addresses) == FLEET_SIZE
        assert all(address.startswith("127.0.") for address in addresses)
        assert {camera["persona"] for camera in cameras} == set(PERSONAS)
        # The first cameras cover every persona; the last one proves the far end serves.
        for camera in [*cameras[: len(PERSONAS)], cameras[-1]]:
            if "onvif" in camera["ports"]:
                status, body = await onvif_clock(camera)
                assert status == 200, camera["persona"]
                assert "UTCDateTime" in body
            if "rtsp" in camera["ports"]:
                request = f"OPTIONS rtsp://{camera['address']}/ RTSP/1.0\r\nCSeq: 1\r\n\r\n"
                status, _, _ = await rtsp_exchange(
                    camera["address"], camera["ports"]["rtsp"], request
                )
                assert status == 200
        async with (
            aiohttp.ClientSession() as session,
            session.get(cameras[-1]["control"]) as response,
        ):
            truth = await response.json()
        assert truth["address"] == cameras[-1]["address"]
        assert truth["persona"]["name"] == cameras[-1]["persona"]


def test_demo_fleet_is_every_persona_once_on_distinct_addresses() -> None:
    members = fleet.build("demo", port_mode="random")
    assert sorted(m.camera.persona.name for m in members) == sorted(PERSONAS)
    hosts = [m.camera.host for m in members]
    assert hosts[0] == fleet.FIRST_ADDRESS
    assert len(set(hosts)) == len(hosts)
    assert [m.camera_id for m in members] == [str(n) for n in range(1, len(members) + 1)]


def test_addresses_skip_network_and_broadcast_host_parts() -> None:
    gen = fleet.addresses("127.0.0.254")
    assert [next(gen) for _ in range(3)] == ["127.0.0.254", "127.0.1.1", "127.0.1.2"]


def test_numbered_fleet_cycles_through_personas() -> None:
    names = fleet.persona_names(str(len(PERSONAS) * 2 + 1))
    assert names[: len(PERSONAS)] == names[len(PERSONAS) : 2 * len(PERSONAS)]
    assert set(names) == set(PERSONAS)


async def test_fleet_cameras_start_and_stop_on_their_addresses(loopback_subnet) -> None:
    members = fleet.build("3", first_address="127.0.0.9", port_mode="random")
    await fleet.start(members)
    try:
        for member in members:
            camera = member.camera
            status, _ = await onvif_clock({"address": camera.host, "ports": camera.ports})
            assert status == 200
    finally:
        await fleet.stop(members)


def test_open_file_limit_is_raised_to_the_hard_limit() -> None:
    soft = fleet.raise_open_file_limit()
    assert resource.getrlimit(resource.RLIMIT_NOFILE)[0] == soft
    hard = resource.getrlimit(resource.RLIMIT_NOFILE)[1]
    assert soft == hard or hard == resource.RLIM_INFINITY
