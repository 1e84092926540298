"""Config flow against a simulated camera over loopback (no mocked engine)."""

from __future__ import annotations

from typing import Any

from homeassistant.config_entries import SOURCE_USER
from homeassistant.const import CONF_HOST, CONF_PASSWORD, CONF_PORT, CONF_USERNAME
from homeassistant.core import HomeAssistant
from homeassistant.data_entry_flow import FlowResultType
from pytest_homeassistant_custom_component.common import MockConfigEntry

from camsim.camera import SimCamera
from custom_components.camera_posture.const import DOMAIN


def user_input(camera: SimCamera, **overrides: Any) -> dict[str, Any]:
    username, password = next(iter(camera.persona.users.items()))
    data = {
        CONF_HOST: camera.host,
        CONF_PORT: camera.http_port,
        CONF_USERNAME: username,
        CONF_PASSWORD: password,
    }
    return data | overrides


async def _start(hass: HomeAssistant) -> str:
    result = await hass.config_entries.flow.async_init(DOMAIN, context={"source": SOURCE_USER})
    assert result["type"] is FlowResultType.FORM
    assert result["step_id"] == "user"
    assert result["errors"] == {}
    return result["flow_id"]


async def test_user_flow_creates_entry(hass: HomeAssistant, onvif_camera: SimCamera) -> None:
    flow_id = await _start(hass)
    result = await hass.config_entries.flow.async_configure(flow_id, user_input(onvif_camera))
    assert result["type"] is FlowResultType.CREATE_ENTRY
    assert result["title"] == "Generic IPC-ONVIF-2000"
    assert result["data"] == user_input(onvif_camera)
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
