"""Addresses in the config flow: one parser for every step, and TLS-only cameras.

Malformed hosts are refused with a form error before anything reaches the network;
a camera that only speaks TLS is added bare (TLS found on its port) or as
https://HOST[:PORT], and its scheme is stored so the coordinator audits over TLS.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import UTC, datetime
from typing import Any

import pytest
from homeassistant.config_entries import SOURCE_INTEGRATION_DISCOVERY, SOURCE_SSDP, SOURCE_USER
from homeassistant.const import CONF_HOST, CONF_PASSWORD, CONF_PORT, CONF_USERNAME
from homeassistant.core import HomeAssistant
from homeassistant.data_entry_flow import FlowResultType
from homeassistant.helpers.service_info.ssdp import SsdpServiceInfo
from pytest_homeassistant_custom_component.common import MockConfigEntry
from pytest_homeassistant_custom_component.components.diagnostics import (
    get_diagnostics_for_config_entry,
)
from pytest_homeassistant_custom_component.typing import ClientSessionGenerator

from camsim.camera import SimCamera
from camsim.persona import PERSONAS
from camsim.wsdiscovery import start_responder
from custom_components.camera_posture import discovery
from custom_components.camera_posture.const import CONF_SCHEME, CONF_SERVICES, DOMAIN
from custom_components.camera_posture.discovery import CONF_ENDPOINT
from custom_components.camera_posture.posture.models import Status
from custom_components.camera_posture.validation import connection_data
from tests.posture.helpers import closed_port, quiet_services

from .helpers import setup_entry, user_input


@pytest.fixture
async def tls_camera() -> AsyncIterator[SimCamera]:
    """A Reolink with plain HTTP switched off (GetNetPort httpEnable=0, httpsEnable=1)."""
    persona = PERSONAS["reolink"].persona()
    persona.http_enabled = False
    camera = SimCamera(persona)
    await camera.start()
    yield camera
    await camera.stop()


def _credentials(camera: SimCamera) -> dict[str, str]:
    username, password = next(iter(camera.persona.users.items()))
    return {CONF_USERNAME: username, CONF_PASSWORD: password}


async def _user_step(hass: HomeAssistant, data: dict[str, Any]) -> dict[str, Any]:
    result = await hass.config_entries.flow.async_init(DOMAIN, context={"source": SOURCE_USER})
    return dict(await hass.config_entries.flow.async_configure(result["flow_id"], data))


@pytest.mark.parametrize(
    ("host", "error"),
    [
        ("", "host_empty"),
        ("   ", "host_empty"),
        ("cam\r\nX-Injected: 1", "host_control"),
        ("cam\x00", "host_control"),
        ("cam era", "host_control"),
        ("http://192.0.2.1", "host_scheme"),
        ("rtsp://192.0.2.1", "host_scheme"),
        ("x@192.0.2.1", "host_userinfo"),
        ("https://user:pw@192.0.2.1", "host_userinfo"),
        ("192.0.2.1/x", "host_path"),
        ("192.0.2.1?", "host_path"),
        ("192.0.2.1#", "host_path"),
        ("https://192.0.2.1/admin", "host_path"),
        ("192.0.2.1:80", "host_port"),
        ("[::1]:80", "host_port"),
        ("https://192.0.2.1:99999", "host_port"),
        ("https://192.0.2.1:0", "host_port"),
        ("[::1", "host_invalid"),
        ("999.1.1.1", "host_invalid"),
        ("-cam", "host_invalid"),
        ("fe80::1%eth0", "host_invalid"),
        ("https://192.0.2.1:8443", "host_port_conflict"),  # with port 8000 given apart
    ],
)
async def test_malformed_host_is_a_form_error(
    hass: HomeAssistant, onvif_camera: SimCamera, host: str, error: str
) -> None:
    port = 8000 if error == "host_port_conflict" else onvif_camera.http_port
    result = await _user_step(hass, user_input(onvif_camera, host=host, port=port))
    assert result["type"] is FlowResultType.FORM
    assert result["errors"] == {"base": error}
    assert onvif_camera.logins == []


@pytest.mark.parametrize("host", ["  127.0.0.1  ", "127.0.0.1."])
async def test_whitespace_is_trimmed(
    hass: HomeAssistant, onvif_camera: SimCamera, host: str
) -> None:
    result = await _user_step(hass, user_input(onvif_camera, host=host))
    assert result["type"] is FlowResultType.CREATE_ENTRY
    assert result["data"][CONF_HOST] == "127.0.0.1"


async def test_tls_only_camera_added_bare_stores_https(
    hass: HomeAssistant, tls_camera: SimCamera
) -> None:
    port = tls_camera.ports["https"]
    data = {CONF_HOST: tls_camera.host, CONF_PORT: port, **_credentials(tls_camera)}
    result = await _user_step(hass, data)
    assert result["type"] is FlowResultType.CREATE_ENTRY
    assert result["data"].items() >= (data | {CONF_SCHEME: "https"}).items()


@pytest.mark.parametrize("with_port_field", [False, True])
async def test_tls_only_camera_added_as_https_url(
    hass: HomeAssistant, tls_camera: SimCamera, with_port_field: bool
) -> None:
    port = tls_camera.ports["https"]
    # The port in the URL; the Port field untouched (80) or equal to it.
    data = {
        CONF_HOST: f"https://{tls_camera.host}:{port}/",
        CONF_PORT: port if with_port_field else 80,
        **_credentials(tls_camera),
    }
    result = await _user_step(hass, data)
    assert result["type"] is FlowResultType.CREATE_ENTRY
    assert result["data"][CONF_HOST] == tls_camera.host
    assert result["data"][CONF_PORT] == port
    assert result["data"][CONF_SCHEME] == "https"
    # Only TLS was spoken, and no login failed.
    assert tls_camera.logins
    assert {attempt.outcome for attempt in tls_camera.logins} == {"ok"}


async def test_coordinator_audits_a_stored_https_entry_over_tls(
    hass: HomeAssistant, hass_client: ClientSessionGenerator, tls_camera: SimCamera
) -> None:
    services = quiet_services() | dict(tls_camera.ports) | {"http": closed_port()}
    entry = MockConfigEntry(
        domain=DOMAIN,
        unique_id=tls_camera.persona.serial.lower(),
        data={
            CONF_HOST: tls_camera.host,
            CONF_PORT: tls_camera.ports["https"],
            CONF_SCHEME: "https",
            CONF_SERVICES: services,
            **_credentials(tls_camera),
        },
    )
    await setup_entry(hass, entry)
    result = entry.runtime_data.data
    assert result.scheme == "https"
    assert result.device.serial == tls_camera.persona.serial
    assert result.checks["https_only"].status is Status.PASS
    assert result.facts.tls_self_signed is True
    # The certificate facts reach the diagnostics (public: any client sees them).
    facts = (await get_diagnostics_for_config_entry(hass, hass_client, entry))["facts"]
    assert facts["tls_self_signed"] is True
    assert facts["tls_key"] == "EC secp256r1"
    assert datetime.fromisoformat(facts["tls_not_after"]) > datetime.now(UTC)


async def test_reconfigure_refuses_a_bad_host_then_takes_an_https_url(
    hass: HomeAssistant, tls_camera: SimCamera
) -> None:
    port = tls_camera.ports["https"]
    entry = MockConfigEntry(
        domain=DOMAIN,
        unique_id=tls_camera.persona.serial.lower(),
        data={CONF_HOST: "192.0.2.1", CONF_PORT: 80, CONF_SCHEME: "http"}
        | _credentials(tls_camera),
    )
    entry.add_to_hass(hass)
    result = await entry.start_reconfigure_flow(hass)
    result = await hass.config_entries.flow.async_configure(
        result["flow_id"], {CONF_HOST: "x@cam/admin", CONF_PORT: 80}
    )
    assert result["errors"] == {"base": "host_userinfo"}
    result = await hass.config_entries.flow.async_configure(
        result["flow_id"], {CONF_HOST: f"https://{tls_camera.host}:{port}", CONF_PORT: 80}
    )
    assert result["reason"] == "reconfigure_successful"
    assert entry.data[CONF_HOST] == tls_camera.host
    assert entry.data[CONF_PORT] == port
    assert entry.data[CONF_SCHEME] == "https"


async def test_discovery_with_a_bad_address_is_no_camera(hass: HomeAssistant) -> None:
    result = await hass.config_entries.flow.async_init(
        DOMAIN,
        context={"source": SOURCE_INTEGRATION_DISCOVERY},
        data={CONF_HOST: "x@192.0.2.1", CONF_PORT: 80, CONF_ENDPOINT: "urn:uuid:bad"},
    )
    assert result["type"] is FlowResultType.ABORT
    assert result["reason"] == "not_a_camera"
    result = await hass.config_entries.flow.async_init(
        DOMAIN,
        context={"source": SOURCE_SSDP},
        data=SsdpServiceInfo(
            ssdp_usn="uuid:x",
            ssdp_st="upnp:rootdevice",
            ssdp_location="http://[::1",
            upnp={"serialNumber": "00408C123456"},
        ),
    )
    assert result["type"] is FlowResultType.ABORT
    assert result["reason"] == "not_a_camera"


async def test_adopting_a_reolink_entry_that_uses_https(
    hass: HomeAssistant, tls_camera: SimCamera
) -> None:
    # Home Assistant's Reolink integration stores `use_https` beside host and port.
    MockConfigEntry(
        domain="reolink",
        title="Driveway",
        data={
            CONF_HOST: tls_camera.host,
            CONF_PORT: tls_camera.ports["https"],
            "use_https": True,
            **_credentials(tls_camera),
        },
    ).add_to_hass(hass)
    result = await hass.config_entries.flow.async_init(DOMAIN, context={"source": SOURCE_USER})
    result = await hass.config_entries.flow.async_configure(
        result["flow_id"], {"next_step_id": "adopt"}
    )
    result = await hass.config_entries.flow.async_configure(result["flow_id"], {})
    result = await hass.config_entries.flow.async_configure(result["flow_id"], {})
    assert result["type"] is FlowResultType.CREATE_ENTRY
    assert result["data"][CONF_SCHEME] == "https"
    assert result["data"][CONF_PORT] == tls_camera.ports["https"]


async def test_ws_discovery_of_a_tls_only_camera_is_added_over_tls(
    hass: HomeAssistant, tls_camera: SimCamera, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Its XAddr names https and the HTTPS port: the flow tests it over TLS and stores it.
    transport, _ = await start_responder(tls_camera)
    monkeypatch.setattr(
        discovery, "PROBE_ADDRESS", ("127.0.0.1", transport.get_extra_info("sockname")[1])
    )
    monkeypatch.setattr(discovery, "PROBE_WAIT_S", 0.3)
    try:
        assert await discovery.async_probe(hass) == 1
    finally:
        transport.close()
    await hass.async_block_till_done(wait_background_tasks=True)
    (flow,) = hass.config_entries.flow.async_progress_by_handler(DOMAIN)
    port = tls_camera.ports["https"]
    result = await hass.config_entries.flow.async_configure(
        flow["flow_id"], {CONF_PORT: port, **_credentials(tls_camera)}
    )
    assert result["type"] is FlowResultType.CREATE_ENTRY
    assert result["data"][CONF_SCHEME] == "https"
    assert result["data"][CONF_PORT] == port


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        ({CONF_HOST: "https://cam", CONF_PORT: 80}, ("cam", 443, "https")),
        ({CONF_HOST: "https://cam", CONF_PORT: 8443}, ("cam", 8443, "https")),
        ({CONF_HOST: "https://cam:8443", CONF_PORT: 80}, ("cam", 8443, "https")),
        ({CONF_HOST: " cam ", CONF_PORT: 80}, ("cam", 80, "http")),
        ({CONF_HOST: "cam", CONF_PORT: 443, CONF_SCHEME: "https"}, ("cam", 443, "https")),
        ({CONF_HOST: "[::1]"}, ("::1", 80, "http")),  # adopted without a port
    ],
)
def test_connection_data(data: dict[str, Any], expected: tuple[str, int, str]) -> None:
    parsed = connection_data(data)
    assert (parsed[CONF_HOST], parsed[CONF_PORT], parsed[CONF_SCHEME]) == expected
