"""Fleet cameras are distinct devices (own serial and MAC); a camera can serve IPv6."""

from __future__ import annotations

import aiohttp
import pytest
import pytest_socket

from camsim import cli, fleet
from camsim.camera import SimCamera
from camsim.persona import PERSONAS
from camsim.rtsp import sdp
from camsim.wsdiscovery import probe_match
from custom_components.camera_posture.posture.audit import audit
from custom_components.camera_posture.posture.models import Target
from tests.posture.helpers import quiet_services

from .helpers import rtsp_exchange


def test_numbered_fleet_has_one_identity_per_camera() -> None:
    members = fleet.build("50", port_mode="random")
    personas = [m.camera.persona for m in members]
    assert len({p.serial for p in personas}) == 50
    assert len({p.mac for p in personas}) == 50
    for number, persona in enumerate(personas, start=1):
        real = PERSONAS[persona.name].persona()
        # The vendor prefix stays (DHCP discovery matches on it); the number follows.
        assert persona.mac[:8] == real.mac[:8]
        assert int(persona.mac[9:].replace(":", ""), 16) == number
        assert persona.serial != real.serial


def test_identity_follows_the_family_serial_scheme() -> None:
    axis = fleet.own_identity(PERSONAS["axis"].persona(), 258)
    # Axis' serial is its MAC.
    assert axis.mac == "ac:cc:8e:00:01:02"
    assert axis.serial == "ACCC8E000102"
    hikvision = fleet.own_identity(PERSONAS["hikvision"].persona(), 7)
    assert hikvision.serial == "DS-2CD2142FWD-I20160715AAWR612000007"
    big = fleet.own_identity(PERSONAS["hikvision"].persona(), 1_234_567)
    assert big.serial.endswith("1234567")
    for number in (0, 1 << 24):
        with pytest.raises(ValueError, match="fleet camera numbers"):
            fleet.own_identity(PERSONAS["axis"].persona(), number)


def test_demo_fleet_keeps_the_personas_identities() -> None:
    for member in fleet.build("demo", port_mode="random"):
        real = PERSONAS[member.camera.persona.name].persona()
        assert (member.camera.persona.serial, member.camera.persona.mac) == (real.serial, real.mac)


def test_fleet_refuses_an_ipv6_bind(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_info:
        cli.main(["--fleet", "3", "--bind", "::1"])
    assert exit_info.value.code == 2
    assert "IPv4" in capsys.readouterr().err


@pytest.fixture
def ipv6_loopback() -> None:
    """Allow connections to ::1 (phacc allows only 127.0.0.1 by default)."""
    pytest_socket.socket_allow_hosts(["127.0.0.1", "::1"], allow_unix_socket=True)


async def test_camera_serves_ipv6_loopback(ipv6_loopback: None) -> None:
    camera = SimCamera(PERSONAS["onvif_generic"].persona(), host="::1")
    await camera.start()
    try:
        user, password = next(iter(camera.persona.users.items()))
        target = Target("::1", camera.http_port, user, password, ports=quiet_services())
        async with aiohttp.ClientSession() as session:
            result = await audit(session, target, services={"rtsp": camera.ports["rtsp"]})
        assert result.device.serial == camera.persona.serial
        assert result.login_failures == 0
        request = "OPTIONS rtsp://[::1]/ RTSP/1.0\r\nCSeq: 1\r\n\r\n"
        status, _, _ = await rtsp_exchange("::1", camera.ports["rtsp"], request)
        assert status == 200
        # Addresses it hands out are IPv6 too: bracketed in URLs, IP6 in SDP.
        assert f"http://[::1]:{camera.ports['onvif']}/onvif/" in probe_match(camera, "x").decode()
        assert "c=IN IP6 ::1" in sdp(camera, media=True)
    finally:
        await camera.stop()
