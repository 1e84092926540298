"""ONVIF WS-Discovery: the integration probes, the simulator answers, a flow is offered."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import timedelta

import pytest
from homeassistant.config_entries import SOURCE_DHCP, SOURCE_IGNORE, SOURCE_INTEGRATION_DISCOVERY
from homeassistant.const import CONF_PASSWORD, CONF_PORT, CONF_USERNAME
from homeassistant.core import HomeAssistant
from homeassistant.data_entry_flow import FlowResultType
from homeassistant.helpers.service_info.dhcp import DhcpServiceInfo
from homeassistant.util.dt import utcnow
from pytest_homeassistant_custom_component.common import MockConfigEntry, async_fire_time_changed

from camsim.camera import SimCamera
from camsim.wsdiscovery import WsDiscoveryResponder, endpoint_uuid, start_responder
from custom_components.camera_posture import discovery
from custom_components.camera_posture.const import DEFAULT_PORT, DOMAIN
from custom_components.camera_posture.posture.discovery import Found
from tests.posture.helpers import udp_responder

from .helpers import setup_entry, user_input


@pytest.fixture
async def responder(
    onvif_camera: SimCamera, monkeypatch: pytest.MonkeyPatch
) -> AsyncIterator[WsDiscoveryResponder]:
    """The simulated camera answers WS-Discovery; the integration's Probe goes to it."""
    transport, answering = await start_responder(onvif_camera)
    monkeypatch.setattr(
        discovery, "PROBE_ADDRESS", ("127.0.0.1", transport.get_extra_info("sockname")[1])
    )
    monkeypatch.setattr(discovery, "PROBE_WAIT_S", 0.3)
    yield answering
    transport.close()


async def _probe(hass: HomeAssistant) -> int:
    """Send one Probe and wait for the flows it starts; the number of cameras that answered."""
    answered = await discovery.async_probe(hass)
    await hass.async_block_till_done(wait_background_tasks=True)
    return answered


def _discovery_flows(hass: HomeAssistant) -> list[dict[str, object]]:
    return [
        flow
        for flow in hass.config_entries.flow.async_progress_by_handler(DOMAIN)
        if flow["context"]["source"] == SOURCE_INTEGRATION_DISCOVERY
    ]


async def test_discovered_camera_is_offered_and_added(
    hass: HomeAssistant, onvif_camera: SimCamera, responder: WsDiscoveryResponder
) -> None:
    assert await _probe(hass) == 1
    (flow,) = _discovery_flows(hass)
    assert flow["step_id"] == "discovery_confirm"
    assert flow["context"]["unique_id"] == endpoint_uuid(onvif_camera)
    assert flow["context"]["title_placeholders"] == {"host": onvif_camera.host}
    # The port the camera announced is the one suggested.
    form = await hass.config_entries.flow.async_configure(flow["flow_id"])
    (port_key,) = [key for key in form["data_schema"].schema if key == CONF_PORT]
    assert port_key.description == {"suggested_value": onvif_camera.ports["onvif"]}
    data = user_input(onvif_camera)
    result = await hass.config_entries.flow.async_configure(
        flow["flow_id"], {k: data[k] for k in (CONF_PORT, CONF_USERNAME, CONF_PASSWORD)}
    )
    assert result["type"] is FlowResultType.CREATE_ENTRY
    assert result["result"].unique_id == onvif_camera.persona.serial.lower()
    # Probed again, the configured camera (same address) is not offered twice.
    assert await _probe(hass) == 1
    assert _discovery_flows(hass) == []


async def test_ignored_camera_stays_ignored(
    hass: HomeAssistant, onvif_camera: SimCamera, responder: WsDiscoveryResponder
) -> None:
    MockConfigEntry(
        domain=DOMAIN, source=SOURCE_IGNORE, unique_id=endpoint_uuid(onvif_camera)
    ).add_to_hass(hass)
    assert await _probe(hass) == 1
    assert _discovery_flows(hass) == []


async def test_camera_found_by_dhcp_is_offered_once(
    hass: HomeAssistant, onvif_camera: SimCamera, responder: WsDiscoveryResponder
) -> None:
    dhcp = await hass.config_entries.flow.async_init(
        DOMAIN,
        context={"source": SOURCE_DHCP},
        data=DhcpServiceInfo(ip=onvif_camera.host, hostname="cam", macaddress="bcad28aabbcc"),
    )
    assert dhcp["step_id"] == "discovery_confirm"
    await _probe(hass)
    assert _discovery_flows(hass) == []
    assert len(hass.config_entries.flow.async_progress_by_handler(DOMAIN)) == 1


async def test_offline_camera_is_not_offered(
    hass: HomeAssistant, onvif_camera: SimCamera, responder: WsDiscoveryResponder
) -> None:
    onvif_camera.faults.online = False
    assert await discovery.async_probe(hass) == 0
    assert responder.probes == 1


async def test_answer_without_identity_is_not_offered(
    hass: HomeAssistant, monkeypatch: pytest.MonkeyPatch
) -> None:
    # A ProbeMatch without EndpointReference: nothing stable to ignore it by.
    answer = (
        b'<s:Envelope xmlns:s="http://www.w3.org/2003/05/soap-envelope" '
        b'xmlns:d="http://schemas.xmlsoap.org/ws/2005/04/discovery"><s:Body>'
        b"<d:ProbeMatches><d:ProbeMatch><d:Types>dn:NetworkVideoTransmitter</d:Types>"
        b"<d:XAddrs>http://127.0.0.1:8080/onvif/device_service</d:XAddrs>"
        b"</d:ProbeMatch></d:ProbeMatches></s:Body></s:Envelope>"
    )
    async with udp_responder(answer) as (device, port):
        monkeypatch.setattr(discovery, "PROBE_ADDRESS", ("127.0.0.1", port))
        monkeypatch.setattr(discovery, "PROBE_WAIT_S", 0.3)
        assert await discovery.async_probe(hass) == 0
    assert len(device.queries) == 1
    assert _discovery_flows(hass) == []


async def test_setup_probes_now_and_every_hour(
    hass: HomeAssistant, camera_entry: MockConfigEntry, responder: WsDiscoveryResponder
) -> None:
    await setup_entry(hass, camera_entry)
    await hass.async_block_till_done(wait_background_tasks=True)
    assert responder.probes == 1
    # Real time, not a frozen clock: the Probe waits for answers with asyncio.sleep.
    async_fire_time_changed(hass, utcnow() + discovery.DISCOVERY_INTERVAL + timedelta(seconds=1))
    await hass.async_block_till_done(wait_background_tasks=True)
    assert responder.probes == 2


@pytest.mark.parametrize(
    ("found", "expected"),
    [
        (Found("ws-discovery", "192.0.2.5", "http://192.0.2.5/onvif/device_service"), None),
        (
            Found(
                "ws-discovery",
                "192.0.2.5",
                "http://192.0.2.5:8000/onvif/device_service",
                server="onvif://www.onvif.org/name/Acme onvif://www.onvif.org/hardware/X1",
                endpoint="urn:uuid:1",
            ),
            {"host": "192.0.2.5", "port": 8000, "scheme": "http", "endpoint": "urn:uuid:1"},
        ),
        (
            # An XAddr on another interface says nothing about this address's port.
            Found("ws-discovery", "192.0.2.5", "http://10.0.0.5:8000/onvif", endpoint="u:2"),
            {"host": "192.0.2.5", "port": DEFAULT_PORT, "scheme": "http", "endpoint": "u:2"},
        ),
        (
            # A TLS-only camera names an https XAddr: the flow tests it over TLS.
            Found("ws-discovery", "192.0.2.5", "https://192.0.2.5:8443/onvif", endpoint="u:3"),
            {"host": "192.0.2.5", "port": 8443, "scheme": "https", "endpoint": "u:3"},
        ),
        (
            # An XAddr no URL parser accepts is skipped; the camera is still offered.
            Found("ws-discovery", "192.0.2.5", "http://192.0.2.5:99999/onvif", endpoint="u:4"),
            {"host": "192.0.2.5", "port": DEFAULT_PORT, "scheme": "http", "endpoint": "u:4"},
        ),
    ],
)
def test_flow_data_from_an_answer(found: Found, expected: dict[str, object] | None) -> None:
    assert discovery.flow_data(found) == expected
