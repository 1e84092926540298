"""WS-Discovery and SSDP discovery against loopback UDP responders (no multicast)."""

from __future__ import annotations

import asyncio
import json

import pytest

from custom_components.camera_posture.posture import cli, discovery
from custom_components.camera_posture.posture.probes.upnp_igd import description_url

from .helpers import closed_udp_port
from .helpers import udp_responder as responder

SSDP_ANSWER = (
    b"HTTP/1.1 200 OK\r\nCACHE-CONTROL: max-age=120\r\nST: "
    + discovery.IGD_SEARCH_TARGET.encode()
    + b"\r\nUSN: uuid:igd-1::upnp:rootdevice\r\nLOCATION: http://127.0.0.1:5000/desc.xml\r\n"
    b"SERVER: Linux UPnP/1.0 router/1.0\r\n\r\n"
)
PROBE_MATCH = (
    b'<?xml version="1.0"?><s:Envelope xmlns:s="http://www.w3.org/2003/05/soap-envelope" '
    b'xmlns:d="http://schemas.xmlsoap.org/ws/2005/04/discovery" '
    b'xmlns:dn="http://www.onvif.org/ver10/network/wsdl"><s:Body><d:ProbeMatches><d:ProbeMatch>'
    b"<d:Types>dn:NetworkVideoTransmitter</d:Types>"
    b"<d:Scopes>onvif://www.onvif.org/hardware/IPC-2000 onvif://www.onvif.org/name/Generic</d:Scopes>"
    b"<d:XAddrs>http://127.0.0.1:8080/onvif/device_service http://[fe80::1]/onvif</d:XAddrs>"
    b"</d:ProbeMatch></d:ProbeMatches></s:Body></s:Envelope>"
)


async def test_unicast_ssdp_finds_the_router_description() -> None:
    async with responder(SSDP_ANSWER) as (router, port):
        found = await discovery.ssdp_search(
            discovery.IGD_SEARCH_TARGET, wait_s=0.3, unicast_host="127.0.0.1", unicast_port=port
        )
    assert [item.location for item in found] == ["http://127.0.0.1:5000/desc.xml"]
    assert found[0].kind == discovery.IGD_SEARCH_TARGET
    assert router.queries[0].startswith(b"M-SEARCH * HTTP/1.1\r\n")


async def test_description_url_is_taken_as_given() -> None:
    assert await description_url("http://192.0.2.1:5000/rootDesc.xml") == (
        "http://192.0.2.1:5000/rootDesc.xml"
    )


async def test_ws_discovery_reads_probe_matches(monkeypatch: pytest.MonkeyPatch) -> None:
    async with responder(PROBE_MATCH) as (camera, port):
        monkeypatch.setattr(discovery, "WSD_ADDR", ("127.0.0.1", port))
        found = await discovery.ws_discovery(wait_s=0.3)
    assert len(found) == 1
    assert found[0].location == "http://127.0.0.1:8080/onvif/device_service"
    assert "NetworkVideoTransmitter" in found[0].kind
    assert b"NetworkVideoTransmitter" in camera.queries[0]


async def test_cli_discover_lists_both_protocols(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    async with responder(PROBE_MATCH) as (_, wsd), responder(SSDP_ANSWER) as (_, ssdp):
        monkeypatch.setattr(discovery, "WSD_ADDR", ("127.0.0.1", wsd))
        monkeypatch.setattr(discovery, "SSDP_ADDR", ("127.0.0.1", ssdp))
        code = await asyncio.to_thread(cli.main, ["discover", "--timeout", "0.3", "--json"])
    assert code == cli.EXIT_OK
    found = json.loads(capsys.readouterr().out)
    assert sorted(item["protocol"] for item in found) == ["ssdp", "ws-discovery"]


async def test_cli_discover_table(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    async with responder(PROBE_MATCH) as (_, wsd):
        monkeypatch.setattr(discovery, "WSD_ADDR", ("127.0.0.1", wsd))
        monkeypatch.setattr(discovery, "SSDP_ADDR", ("127.0.0.1", closed_udp_port()))
        assert await cli.run(["discover", "--timeout", "0.3"]) == cli.EXIT_OK
    out = capsys.readouterr().out
    assert "ws-discovery" in out
    assert "http://127.0.0.1:8080/onvif/device_service" in out


@pytest.mark.parametrize("data", [b"<a/>", b"not xml", b"<!DOCTYPE x [<!ENTITY a 'b'>]><x>&a;</x>"])
def test_anything_but_a_probe_match_is_dropped(data: bytes) -> None:
    assert discovery.parse_probe_match(data, "192.0.2.1") is None
