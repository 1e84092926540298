"""Config flow against a simulated camera over loopback (no mocked engine)."""

from __future__ import annotations

from collections.abc import AsyncIterator
from ipaddress import ip_address
from typing import Any

import pytest
from homeassistant.config_entries import (
    SOURCE_DHCP,
    SOURCE_SSDP,
    SOURCE_USER,
    SOURCE_ZEROCONF,
    ConfigEntryDisabler,
)
from homeassistant.const import CONF_HOST, CONF_PASSWORD, CONF_PORT, CONF_USERNAME
from homeassistant.core import HomeAssistant
from homeassistant.data_entry_flow import FlowResultType, InvalidData
from homeassistant.helpers.service_info.dhcp import DhcpServiceInfo
from homeassistant.helpers.service_info.ssdp import SsdpServiceInfo
from homeassistant.helpers.service_info.zeroconf import ZeroconfServiceInfo
from pytest_homeassistant_custom_component.common import MockConfigEntry

from camsim.camera import SimCamera
from custom_components.camera_posture.config_flow import CameraPostureConfigFlow
from custom_components.camera_posture.const import (
    CONF_ACTIVE_PROBING,
    CONF_AUDIT_INTERVAL,
    CONF_CAMERA_UPDATE_CHECK,
    CONF_CATALOG_FEED,
    CONF_HYSTERESIS,
    CONF_MAC,
    CONF_REQUIRED_CHECKS,
    CONF_ROUTER,
    CONF_SCHEME,
    CONF_SEVERITIES,
    DEFAULT_OPTIONS,
    DOMAIN,
)
from custom_components.camera_posture.posture.checks import CHECKS
from tests.posture.helpers import closed_port, serving

from .helpers import user_input


async def _start(hass: HomeAssistant) -> str:
    result = await hass.config_entries.flow.async_init(DOMAIN, context={"source": SOURCE_USER})
    assert result["type"] is FlowResultType.FORM
    assert result["step_id"] == "manual"
    assert result["errors"] == {}
    return result["flow_id"]


async def test_user_flow_creates_entry(hass: HomeAssistant, onvif_camera: SimCamera) -> None:
    flow_id = await _start(hass)
    result = await hass.config_entries.flow.async_configure(flow_id, user_input(onvif_camera))
    assert result["type"] is FlowResultType.CREATE_ENTRY
    assert result["title"] == "Milesight Technology Co.,Ltd. MS-C8165-PE"
    assert result["data"] == user_input(onvif_camera) | {CONF_SCHEME: "http"}
    assert result["result"].unique_id == onvif_camera.persona.serial.lower()


async def test_cannot_connect_then_recover(hass: HomeAssistant, onvif_camera: SimCamera) -> None:
    flow_id = await _start(hass)
    port = onvif_camera.http_port
    await onvif_camera.stop()
    result = await hass.config_entries.flow.async_configure(flow_id, user_input(onvif_camera))
    assert result["type"] is FlowResultType.FORM
    assert result["errors"] == {"base": "cannot_connect"}

    onvif_camera.http_port = port
    await onvif_camera.start()
    result = await hass.config_entries.flow.async_configure(flow_id, user_input(onvif_camera))
    assert result["type"] is FlowResultType.CREATE_ENTRY


async def test_invalid_auth_then_recover(hass: HomeAssistant, onvif_camera: SimCamera) -> None:
    flow_id = await _start(hass)
    result = await hass.config_entries.flow.async_configure(
        flow_id, user_input(onvif_camera, password="not-the-password")
    )
    assert result["type"] is FlowResultType.FORM
    assert result["errors"] == {"base": "invalid_auth"}
    # One rejected login, never retried by the flow on its own.
    assert [a.outcome for a in onvif_camera.logins] == ["failed"]

    result = await hass.config_entries.flow.async_configure(flow_id, user_input(onvif_camera))
    assert result["type"] is FlowResultType.CREATE_ENTRY


async def test_already_configured(hass: HomeAssistant, onvif_camera: SimCamera) -> None:
    MockConfigEntry(
        domain=DOMAIN, unique_id=onvif_camera.persona.serial.lower(), data={}
    ).add_to_hass(hass)
    flow_id = await _start(hass)
    result = await hass.config_entries.flow.async_configure(flow_id, user_input(onvif_camera))
    assert result["type"] is FlowResultType.ABORT
    assert result["reason"] == "already_configured"


async def test_mac_is_unique_id_without_serial(
    hass: HomeAssistant, onvif_camera: SimCamera
) -> None:
    onvif_camera.persona.serial = ""
    flow_id = await _start(hass)
    result = await hass.config_entries.flow.async_configure(flow_id, user_input(onvif_camera))
    assert result["type"] is FlowResultType.CREATE_ENTRY
    assert result["result"].unique_id == onvif_camera.persona.mac


async def test_camera_without_identity_aborts(hass: HomeAssistant, onvif_camera: SimCamera) -> None:
    onvif_camera.persona.serial = ""
    onvif_camera.persona.mac = ""
    flow_id = await _start(hass)
    result = await hass.config_entries.flow.async_configure(flow_id, user_input(onvif_camera))
    assert result["type"] is FlowResultType.ABORT
    assert result["reason"] == "no_unique_id"


# --- discovery -------------------------------------------------------------------------

DHCP_MAC = "bcad28aabbcc"  # a Hikvision prefix from the manifest's DHCP matchers


def _dhcp(ip: str, mac: str = DHCP_MAC) -> DhcpServiceInfo:
    return DhcpServiceInfo(ip=ip, hostname="camera", macaddress=mac)


async def test_dhcp_discovery_confirm_creates_entry(
    hass: HomeAssistant, onvif_camera: SimCamera
) -> None:
    result = await hass.config_entries.flow.async_init(
        DOMAIN, context={"source": SOURCE_DHCP}, data=_dhcp(onvif_camera.host)
    )
    assert result["type"] is FlowResultType.FORM
    assert result["step_id"] == "discovery_confirm"
    assert result["description_placeholders"] == {"host": onvif_camera.host}
    data = user_input(onvif_camera)
    creds = {k: data[k] for k in (CONF_PORT, CONF_USERNAME, CONF_PASSWORD)}
    bad = await hass.config_entries.flow.async_configure(
        result["flow_id"], creds | {CONF_PASSWORD: "wrong"}
    )
    assert bad["errors"] == {"base": "invalid_auth"}
    result = await hass.config_entries.flow.async_configure(result["flow_id"], creds)
    assert result["type"] is FlowResultType.CREATE_ENTRY
    assert result["data"] == data | {CONF_MAC: "bc:ad:28:aa:bb:cc", CONF_SCHEME: "http"}
    assert result["result"].unique_id == onvif_camera.persona.serial.lower()


async def test_dhcp_discovery_follows_a_moved_camera(
    hass: HomeAssistant, onvif_camera: SimCamera
) -> None:
    unrelated = MockConfigEntry(
        domain=DOMAIN,
        unique_id="other",
        data={CONF_HOST: "192.0.2.99"},
        disabled_by=ConfigEntryDisabler.USER,  # only there to be looked at
    )
    unrelated.add_to_hass(hass)
    entry = MockConfigEntry(
        domain=DOMAIN,
        unique_id="serial",
        data={**user_input(onvif_camera, host="192.0.2.10"), CONF_MAC: "bc:ad:28:aa:bb:cc"},
    )
    entry.add_to_hass(hass)
    result = await hass.config_entries.flow.async_init(
        DOMAIN, context={"source": SOURCE_DHCP}, data=_dhcp(onvif_camera.host)
    )
    assert result["type"] is FlowResultType.ABORT
    assert result["reason"] == "already_configured"
    assert entry.data[CONF_HOST] == onvif_camera.host
    assert unrelated.data[CONF_HOST] == "192.0.2.99"
    # Same address again: nothing to change.
    result = await hass.config_entries.flow.async_init(
        DOMAIN, context={"source": SOURCE_DHCP}, data=_dhcp(onvif_camera.host)
    )
    assert result["reason"] == "already_configured"


async def test_zeroconf_and_ssdp_discovery(hass: HomeAssistant, onvif_camera: SimCamera) -> None:
    zeroconf = ZeroconfServiceInfo(
        ip_address=ip_address(onvif_camera.host),
        ip_addresses=[ip_address(onvif_camera.host)],
        hostname="axis.local.",
        name="AXIS M1065._axis-video._tcp.local.",
        port=80,
        properties={"macaddress": "ACCC8E112233"},
        type="_axis-video._tcp.local.",
    )
    result = await hass.config_entries.flow.async_init(
        DOMAIN, context={"source": SOURCE_ZEROCONF}, data=zeroconf
    )
    assert result["step_id"] == "discovery_confirm"
    ssdp = SsdpServiceInfo(
        ssdp_usn="uuid:x",
        ssdp_st="urn:axis-com:service:BasicService:1",
        # Another address: a second flow for the same address is refused (see below).
        ssdp_location="http://192.0.2.20:80/",
        upnp={"serialNumber": "ACCC8E445566"},
    )
    result = await hass.config_entries.flow.async_init(
        DOMAIN, context={"source": SOURCE_SSDP}, data=ssdp
    )
    assert result["step_id"] == "discovery_confirm"
    # Same MAC twice: the second flow is refused while the first is in progress.
    again = await hass.config_entries.flow.async_init(
        DOMAIN, context={"source": SOURCE_SSDP}, data=ssdp
    )
    assert again["reason"] == "already_in_progress"
    # The zeroconf camera's address, announced again under another MAC: offered once.
    same_host = await hass.config_entries.flow.async_init(
        DOMAIN, context={"source": SOURCE_DHCP}, data=_dhcp(onvif_camera.host, "bcad28000001")
    )
    assert same_host["reason"] == "already_in_progress"


async def test_discovery_without_mac_aborts(hass: HomeAssistant) -> None:
    ssdp = SsdpServiceInfo(ssdp_usn="uuid:x", ssdp_st="upnp:rootdevice", upnp={})
    result = await hass.config_entries.flow.async_init(
        DOMAIN, context={"source": SOURCE_SSDP}, data=ssdp
    )
    assert result["type"] is FlowResultType.ABORT
    assert result["reason"] == "not_a_camera"


# --- reauth and reconfigure ------------------------------------------------------------


def _configured(hass: HomeAssistant, camera: SimCamera, **overrides: Any) -> MockConfigEntry:
    entry = MockConfigEntry(
        domain=DOMAIN,
        title="Milesight Technology Co.,Ltd. MS-C8165-PE",
        unique_id=camera.persona.serial.lower(),
        data=user_input(camera, **overrides),
        # As the flow creates it today: nothing left to migrate when it is set up later.
        minor_version=CameraPostureConfigFlow.MINOR_VERSION,
    )
    entry.add_to_hass(hass)
    return entry


async def test_reauth_replaces_credentials(hass: HomeAssistant, onvif_camera: SimCamera) -> None:
    entry = _configured(hass, onvif_camera, password="old-password")
    result = await entry.start_reauth_flow(hass)
    assert result["step_id"] == "reauth_confirm"
    result = await hass.config_entries.flow.async_configure(
        result["flow_id"], {CONF_USERNAME: "admin", CONF_PASSWORD: "still-wrong"}
    )
    assert result["errors"] == {"base": "invalid_auth"}
    password = onvif_camera.persona.users["admin"]
    result = await hass.config_entries.flow.async_configure(
        result["flow_id"], {CONF_USERNAME: "admin", CONF_PASSWORD: password}
    )
    assert result["type"] is FlowResultType.ABORT
    assert result["reason"] == "reauth_successful"
    assert entry.data[CONF_PASSWORD] == password


async def test_reconfigure_moves_host_and_refuses_other_camera(
    hass: HomeAssistant, onvif_camera: SimCamera, other_camera: SimCamera
) -> None:
    entry = _configured(hass, onvif_camera)
    result = await entry.start_reconfigure_flow(hass)
    assert result["step_id"] == "reconfigure"
    port = onvif_camera.http_port
    result = await hass.config_entries.flow.async_configure(
        result["flow_id"], {CONF_HOST: onvif_camera.host, CONF_PORT: 1}
    )
    assert result["errors"] == {"base": "cannot_connect"}
    result = await hass.config_entries.flow.async_configure(
        result["flow_id"], {CONF_HOST: other_camera.host, CONF_PORT: other_camera.http_port}
    )
    assert result["type"] is FlowResultType.ABORT
    assert result["reason"] == "wrong_camera"
    result = await entry.start_reconfigure_flow(hass)
    result = await hass.config_entries.flow.async_configure(
        result["flow_id"], {CONF_HOST: onvif_camera.host, CONF_PORT: port}
    )
    assert result["reason"] == "reconfigure_successful"
    assert entry.data[CONF_PORT] == port


# --- options ---------------------------------------------------------------------------


async def test_options_flow_stores_policy(hass: HomeAssistant, onvif_camera: SimCamera) -> None:
    entry = _configured(hass, onvif_camera)
    result = await hass.config_entries.options.async_init(entry.entry_id)
    assert result["step_id"] == "init"
    severities = {check_id: str(spec.severity) for check_id, spec in CHECKS.items()}
    result = await hass.config_entries.options.async_configure(
        result["flow_id"],
        {
            CONF_REQUIRED_CHECKS: ["telnet", "time_synced"],
            CONF_AUDIT_INTERVAL: 30.0,
            CONF_HYSTERESIS: 3.0,
            CONF_ACTIVE_PROBING: False,
            CONF_ROUTER: "192.0.2.1",
            CONF_CATALOG_FEED: False,
            CONF_CAMERA_UPDATE_CHECK: True,
            CONF_SEVERITIES: severities | {"telnet": "low"},
        },
    )
    assert result["type"] is FlowResultType.CREATE_ENTRY
    assert entry.options == {
        CONF_REQUIRED_CHECKS: ["telnet", "time_synced"],
        CONF_AUDIT_INTERVAL: 30,
        CONF_HYSTERESIS: 3,
        CONF_ACTIVE_PROBING: False,
        CONF_ROUTER: "192.0.2.1",
        CONF_CATALOG_FEED: False,
        CONF_CAMERA_UPDATE_CHECK: True,
        CONF_SEVERITIES: {"telnet": "low"},
    }


# --- adopting a camera another integration knows ----------------------------------------


async def test_adopt_onvif_camera_with_consent(
    hass: HomeAssistant, onvif_camera: SimCamera
) -> None:
    data = user_input(onvif_camera)
    onvif_entry = MockConfigEntry(domain="onvif", title="Porch", data=data)
    onvif_entry.add_to_hass(hass)
    result = await hass.config_entries.flow.async_init(DOMAIN, context={"source": SOURCE_USER})
    assert result["type"] is FlowResultType.MENU
    assert result["menu_options"] == ["manual", "adopt"]
    result = await hass.config_entries.flow.async_configure(
        result["flow_id"], {"next_step_id": "adopt"}
    )
    assert result["step_id"] == "adopt"
    result = await hass.config_entries.flow.async_configure(
        result["flow_id"], {"cameras": [onvif_entry.entry_id]}
    )
    # The consent step names the source; nothing was sent to the camera yet.
    assert result["step_id"] == "adopt_confirm"
    assert result["description_placeholders"]["cameras"] == (
        f"- Porch (onvif, {onvif_camera.host})"
    )
    assert onvif_camera.logins == []
    onvif_camera.persona.users["admin"] = "changed-on-camera"
    failed = await hass.config_entries.flow.async_configure(result["flow_id"], {})
    assert failed["errors"] == {"base": "invalid_auth"}
    onvif_camera.persona.users["admin"] = data[CONF_PASSWORD]
    result = await hass.config_entries.flow.async_configure(result["flow_id"], {})
    assert result["type"] is FlowResultType.CREATE_ENTRY
    assert result["data"] == data | {CONF_SCHEME: "http"}


async def test_menu_offers_manual_entry(hass: HomeAssistant, onvif_camera: SimCamera) -> None:
    MockConfigEntry(domain="onvif", data=user_input(onvif_camera)).add_to_hass(hass)
    result = await hass.config_entries.flow.async_init(DOMAIN, context={"source": SOURCE_USER})
    result = await hass.config_entries.flow.async_configure(
        result["flow_id"], {"next_step_id": "manual"}
    )
    assert result["type"] is FlowResultType.FORM
    assert result["step_id"] == "manual"


async def _adopt(hass: HomeAssistant, entries: list[MockConfigEntry]) -> dict[str, Any]:
    """Run the adopt path for these entries: menu, selection, consent."""
    result = await hass.config_entries.flow.async_init(DOMAIN, context={"source": SOURCE_USER})
    result = await hass.config_entries.flow.async_configure(
        result["flow_id"], {"next_step_id": "adopt"}
    )
    result = await hass.config_entries.flow.async_configure(
        result["flow_id"], {"cameras": [entry.entry_id for entry in entries]}
    )
    assert result["step_id"] == "adopt_confirm"
    return await hass.config_entries.flow.async_configure(result["flow_id"], {})


async def test_adopt_several_cameras_in_one_pass(
    hass: HomeAssistant, onvif_camera: SimCamera, other_camera: SimCamera
) -> None:
    porch = MockConfigEntry(domain="onvif", title="Porch", data=user_input(onvif_camera))
    garden = MockConfigEntry(domain="amcrest", title="Garden", data=user_input(other_camera))
    for entry in (porch, garden):
        entry.add_to_hass(hass)
    result = await _adopt(hass, [porch, garden])
    assert result["type"] is FlowResultType.ABORT
    assert result["reason"] == "adopted_all"
    assert result["description_placeholders"] == {"added": "2"}
    ours = hass.config_entries.async_entries(DOMAIN)
    assert {entry.unique_id for entry in ours} == {
        onvif_camera.persona.serial.lower(),
        other_camera.persona.serial.lower(),
    }
    assert {entry.data[CONF_PORT] for entry in ours} == {
        onvif_camera.http_port,
        other_camera.http_port,
    }
    # Nothing is left to adopt: the menu is gone.
    again = await hass.config_entries.flow.async_init(DOMAIN, context={"source": SOURCE_USER})
    assert again["type"] is FlowResultType.FORM


async def test_adopt_several_reports_the_ones_not_added(
    hass: HomeAssistant, onvif_camera: SimCamera, other_camera: SimCamera
) -> None:
    porch = MockConfigEntry(domain="onvif", title="Porch", data=user_input(onvif_camera))
    stale = MockConfigEntry(
        domain="hikvision",
        title="Garage",
        data=user_input(other_camera, **{CONF_PASSWORD: "changed-since"}),
    )
    gone = MockConfigEntry(
        domain="axis", title="Shed", data=user_input(other_camera, **{CONF_PORT: closed_port()})
    )
    for entry in (porch, stale, gone):
        entry.add_to_hass(hass)
    # The porch camera is also already ours under another address: not added twice.
    _configured(hass, onvif_camera, **{CONF_HOST: "192.0.2.7"})
    result = await _adopt(hass, [porch, stale, gone])
    assert result["reason"] == "adopted_some"
    assert result["description_placeholders"] == {
        "added": "0",
        "selected": "3",
        "not_added": "Porch, Garage, Shed",
    }
    assert len(hass.config_entries.async_entries(DOMAIN)) == 1
    # The stored password was tried once and not retried.
    assert [a.outcome for a in other_camera.logins] == ["failed"]


async def test_adopt_needs_at_least_one_camera(
    hass: HomeAssistant, onvif_camera: SimCamera
) -> None:
    MockConfigEntry(domain="onvif", data=user_input(onvif_camera)).add_to_hass(hass)
    result = await hass.config_entries.flow.async_init(DOMAIN, context={"source": SOURCE_USER})
    result = await hass.config_entries.flow.async_configure(
        result["flow_id"], {"next_step_id": "adopt"}
    )
    with pytest.raises(InvalidData):
        await hass.config_entries.flow.async_configure(result["flow_id"], {"cameras": []})


# --- blank passwords, known cameras at another address, factory passwords ---------------


@pytest.fixture
async def foscam() -> AsyncIterator[SimCamera]:
    """The foscam persona: admin with the blank factory password."""
    async with serving("foscam") as camera:
        yield camera


async def test_user_form_accepts_an_empty_password(hass: HomeAssistant, foscam: SimCamera) -> None:
    assert foscam.persona.users == {"admin": ""}
    flow_id = await _start(hass)
    # The frontend leaves an empty optional field out of the submitted data.
    data = {CONF_HOST: foscam.host, CONF_PORT: foscam.http_port, CONF_USERNAME: "admin"}
    result = await hass.config_entries.flow.async_configure(flow_id, data)
    assert result["type"] is FlowResultType.CREATE_ENTRY
    assert result["data"] == data | {
        CONF_PASSWORD: "",
        CONF_MAC: foscam.persona.mac,
        CONF_SCHEME: "http",
    }
    assert {a.outcome for a in foscam.logins} == {"ok"}  # Foscam: credentials per request


async def test_discovery_and_reauth_accept_an_empty_password(
    hass: HomeAssistant, foscam: SimCamera
) -> None:
    result = await hass.config_entries.flow.async_init(
        DOMAIN, context={"source": SOURCE_DHCP}, data=_dhcp(foscam.host)
    )
    result = await hass.config_entries.flow.async_configure(
        result["flow_id"], {CONF_PORT: foscam.http_port, CONF_USERNAME: "admin"}
    )
    assert result["type"] is FlowResultType.CREATE_ENTRY
    created = result["result"]
    assert created.data[CONF_PASSWORD] == ""
    # Stored with a stale password, the camera's password since removed: reauth blank.
    await hass.config_entries.async_remove(created.entry_id)
    entry = _configured(hass, foscam, password="stale")
    result = await entry.start_reauth_flow(hass)
    result = await hass.config_entries.flow.async_configure(
        result["flow_id"], {CONF_USERNAME: "admin"}
    )
    assert result["reason"] == "reauth_successful"
    assert entry.data[CONF_PASSWORD] == ""


async def test_reconfigure_keeps_the_password_unless_one_is_given(
    hass: HomeAssistant, onvif_camera: SimCamera
) -> None:
    entry = _configured(hass, onvif_camera)
    password = entry.data[CONF_PASSWORD]
    result = await entry.start_reconfigure_flow(hass)
    # The stored password is never sent to the browser as a suggestion.
    suggested = {
        str(key): key.description.get("suggested_value") if key.description else None
        for key in result["data_schema"].schema
    }
    assert suggested[CONF_PASSWORD] is None
    assert suggested[CONF_USERNAME] == "admin"
    result = await hass.config_entries.flow.async_configure(
        result["flow_id"],
        {CONF_HOST: onvif_camera.host, CONF_PORT: onvif_camera.http_port, CONF_USERNAME: "admin"},
    )
    assert result["reason"] == "reconfigure_successful"
    assert entry.data[CONF_PASSWORD] == password
    # A camera whose password was removed: an empty password can be set by reauth,
    # and reconfigure with an explicit password changes it.
    onvif_camera.persona.users["admin"] = "new-password"
    result = await entry.start_reconfigure_flow(hass)
    result = await hass.config_entries.flow.async_configure(
        result["flow_id"],
        {
            CONF_HOST: onvif_camera.host,
            CONF_PORT: onvif_camera.http_port,
            CONF_USERNAME: "admin",
            CONF_PASSWORD: "new-password",
        },
    )
    assert result["reason"] == "reconfigure_successful"
    assert entry.data[CONF_PASSWORD] == "new-password"


async def test_manual_add_of_a_known_camera_at_another_address_changes_nothing(
    hass: HomeAssistant, onvif_camera: SimCamera
) -> None:
    # The camera is configured at an old address; it now also answers at its real one.
    entry = _configured(hass, onvif_camera, **{CONF_HOST: "192.0.2.7", CONF_PORT: 8080})
    before = dict(entry.data)
    flow_id = await _start(hass)
    result = await hass.config_entries.flow.async_configure(flow_id, user_input(onvif_camera))
    assert result["type"] is FlowResultType.ABORT
    assert result["reason"] == "already_configured_elsewhere"
    assert result["description_placeholders"] == {
        "title": entry.title,
        "old": "192.0.2.7:8080",
        "new": f"{onvif_camera.host}:{onvif_camera.http_port}",
    }
    # Not moved behind the answer: host, port and credentials are as they were.
    assert entry.data == before
    assert len(hass.config_entries.async_entries(DOMAIN)) == 1


async def test_manual_add_of_a_known_camera_at_its_address(
    hass: HomeAssistant, onvif_camera: SimCamera
) -> None:
    entry = _configured(hass, onvif_camera, password="typed-differently")
    onvif_camera.persona.users["admin"] = "typed-differently"
    before = dict(entry.data)
    flow_id = await _start(hass)
    result = await hass.config_entries.flow.async_configure(
        flow_id, user_input(onvif_camera, password="typed-differently")
    )
    assert result["reason"] == "already_configured"
    assert entry.data == before


async def test_factory_password_logins_are_off_by_default(
    hass: HomeAssistant, onvif_camera: SimCamera
) -> None:
    assert DEFAULT_OPTIONS[CONF_ACTIVE_PROBING] is False
    entry = _configured(hass, onvif_camera)
    result = await hass.config_entries.options.async_init(entry.entry_id)
    defaults = {
        str(key): key.default() for key in result["data_schema"].schema if callable(key.default)
    }
    assert defaults[CONF_ACTIVE_PROBING] is False
