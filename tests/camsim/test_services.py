"""A camera opens exactly the TCP services its persona says are on."""

from __future__ import annotations

import aiohttp
import pytest

from camsim.camera import SimCamera
from camsim.services import DEFAULT_BANNERS
from custom_components.camera_posture.posture.discovery import ssdp_search

from .conftest import generic
from .helpers import onvif_call, read_banner, refuses


async def test_ports_list_every_enabled_service(start_camera) -> None:
    camera = await start_camera(generic())
    assert set(camera.ports) == {"http", "onvif", "rtsp", "telnet", "upnp"}
    assert camera.ports["onvif"] == camera.ports["http"] == camera.http_port
    assert len({camera.ports[name] for name in ("http", "rtsp", "telnet")}) == 3


async def test_upnp_on_answers_a_unicast_m_search(start_camera) -> None:
    camera = await start_camera(generic())
    found = await ssdp_search(
        "ssdp:all",
        5.0,
        unicast_host=camera.host,
        unicast_port=camera.ports["upnp"],
        stop_at="answer",
    )
    assert [(f.kind, f.server) for f in found] == [
        ("upnp:rootdevice", "Linux UPnP/1.0 Milesight Technology Co.,Ltd./MS-C8165-PE")
    ]
    # Another search target, or UPnP switched off: no answer.
    assert (
        await ssdp_search(
            "urn:x",
            0.3,
            unicast_host=camera.host,
            unicast_port=camera.ports["upnp"],
            stop_at="answer",
        )
        == []
    )
    camera.persona.upnp = False
    await camera.sync_services()
    assert "upnp" not in camera.ports


async def test_telnet_sends_its_banner(start_camera) -> None:
    camera = await start_camera(generic())
    banner = await read_banner(camera.host, camera.ports["telnet"])
    assert banner == DEFAULT_BANNERS["telnet"].encode()


async def test_switched_off_services_do_not_listen(start_camera) -> None:
    camera = await start_camera(generic(telnet=False, ssh=False, services={"rtsp": 554, "ssh": 22}))
    assert "telnet" not in camera.ports
    assert "ssh" not in camera.ports


async def test_ssh_and_vendor_ports_open_when_on(start_camera) -> None:
    camera = await start_camera(
        generic(ssh=True, services={"rtsp": 554, "ssh": 22, "sdk": 8000}, banners={"sdk": "HI"})
    )
    assert (await read_banner(camera.host, camera.ports["ssh"])).startswith(b"SSH-2.0-")
    assert await read_banner(camera.host, camera.ports["sdk"]) == b"HI"


async def test_https_only_serves_tls_and_redirects_plain_http(start_camera) -> None:
    camera = await start_camera(generic(https_only=True))
    https = camera.ports["https"]
    async with aiohttp.ClientSession() as session:
        async with session.post(
            f"https://{camera.host}:{https}/onvif/device_service",
            data='<s:Envelope xmlns:s="http://www.w3.org/2003/05/soap-envelope"><s:Body>'
            '<GetSystemDateAndTime xmlns="http://www.onvif.org/ver10/device/wsdl"/>'
            "</s:Body></s:Envelope>",
            ssl=False,
        ) as response:
            assert response.status == 200
            assert "UTCDateTime" in await response.text()
        async with session.get(
            f"http://{camera.host}:{camera.http_port}/onvif/device_service",
            allow_redirects=False,
        ) as response:
            assert response.status == 301
            assert response.headers["Location"].startswith(f"https://{camera.host}:{https}/")


async def test_plain_http_onvif_answers_without_https_only(start_camera) -> None:
    camera = await start_camera(generic())
    status, body = await onvif_call(camera.host, camera.ports["onvif"], "GetSystemDateAndTime")
    assert status == 200
    assert "UTCDateTime" in body


async def test_stop_closes_every_listener(start_camera) -> None:
    camera = await start_camera(generic())
    ports = dict(camera.ports)
    await camera.stop()
    for name in ("http", "rtsp", "telnet"):
        assert await refuses(camera.host, ports[name]), name


async def test_onvif_on_its_own_port_is_served_there(start_camera) -> None:
    camera = await start_camera(generic(services={"rtsp": 554, "onvif": 8000}))
    assert camera.ports["onvif"] != camera.ports["http"]
    status, _ = await onvif_call(camera.host, camera.ports["onvif"], "GetSystemDateAndTime")
    assert status == 200


async def test_onvif_listed_on_the_http_port_is_the_http_listener(start_camera) -> None:
    camera = await start_camera(generic(services={"http": 88, "onvif": 88}))
    assert camera.ports["onvif"] == camera.ports["http"]


def test_standard_and_offset_ports_follow_the_persona() -> None:
    persona = generic(services={"http": 88, "rtsp": 554, "sdk": 37777}, ssh=True)
    standard = SimCamera(persona, standard_ports=True)
    offset = SimCamera(persona, standard_ports=True, port_offset=10000)
    assert [standard._port_for(n) for n in ("http", "rtsp", "sdk", "ssh")] == [88, 554, 37777, 22]
    assert [offset._port_for(n) for n in ("http", "rtsp", "telnet")] == [10088, 10554, 10023]
    # Explicit ports win; random mode asks the OS.
    fixed = SimCamera(persona, http_port=8080, ports={"rtsp": 8554}, standard_ports=True)
    assert (fixed._port_for("http"), fixed._port_for("rtsp")) == (8080, 8554)
    assert SimCamera(persona)._port_for("rtsp") == 0


async def test_a_taken_port_fails_start_and_names_the_service(start_camera) -> None:
    first = await start_camera(generic())
    clash = SimCamera(generic(), ports={"rtsp": first.ports["rtsp"]})
    with pytest.raises(OSError, match=r"rtsp on 127\.0\.0\.1:\d+"):
        await clash.start()
    # Nothing of the failed camera is left listening.
    assert await refuses("127.0.0.1", clash.http_port)


async def test_slow_camera_still_sends_its_banner(start_camera) -> None:
    camera = await start_camera(generic())
    camera.faults.slow_s = 0.05
    banner = await read_banner(camera.host, camera.ports["telnet"])
    assert banner == DEFAULT_BANNERS["telnet"].encode()


async def test_leaving_https_only_closes_the_tls_port_and_keeps_http(start_camera) -> None:
    camera = await start_camera(generic(https_only=True))
    https = camera.ports["https"]
    camera.persona.https_only = False
    await camera.sync_services()
    assert await refuses(camera.host, https)
    status, body = await onvif_call(camera.host, camera.http_port, "GetSystemDateAndTime")
    assert status == 200
    assert "UTCDateTime" in body
