"""Firmware in Settings -> Updates and the KEV subset of "Known vulnerabilities"."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest
from homeassistant.components.update import UpdateEntityFeature
from homeassistant.const import ATTR_SUPPORTED_FEATURES, STATE_OFF, STATE_ON
from homeassistant.core import HomeAssistant, State
from homeassistant.helpers import device_registry as dr
from pytest_homeassistant_custom_component.common import MockConfigEntry
from pytest_homeassistant_custom_component.typing import WebSocketGenerator

from camsim.camera import SimCamera
from camsim.control import apply_patch
from camsim.persona import PERSONAS
from custom_components.camera_posture.posture.models import Advisory, CameraUpdate, Facts
from custom_components.camera_posture.update import SUMMARY_MAX, release_notes, release_summary

from .helpers import Rig, setup_entry, sim_entry


@pytest.fixture
async def persona_entry(
    hass: HomeAssistant, request: pytest.FixtureRequest
) -> AsyncIterator[MockConfigEntry]:
    """A set-up entry for the persona named by the test's parameter (name or name:model:fw)."""
    name, _, identity = str(request.param).partition(":")
    camera = SimCamera(PERSONAS[name].persona())
    if identity:
        camera.persona.model, camera.persona.firmware = identity.split(":")
    await camera.start()
    entry = sim_entry(camera, name, {})
    await setup_entry(hass, entry)
    yield entry
    await camera.stop()


def _state(hass: HomeAssistant, domain: str, suffix: str) -> State:
    entity_id = next(e for e in hass.states.async_entity_ids(domain) if e.endswith(suffix))
    state = hass.states.get(entity_id)
    assert state is not None
    return state


@pytest.mark.parametrize("persona_entry", ["reolink"], indirect=True)
async def test_end_of_life_camera_with_exploited_cves(
    hass: HomeAssistant, persona_entry: MockConfigEntry, hass_ws_client: WebSocketGenerator
) -> None:
    state = _state(hass, "update", "_firmware")
    # Listed as an update (not "unknown"), but the integration can never install it.
    assert state.state == STATE_ON
    assert state.attributes["installed_version"] == "v3.0.0.136_20121102"
    assert state.attributes["latest_version"] == "end of life"
    assert state.attributes[ATTR_SUPPORTED_FEATURES] == UpdateEntityFeature.RELEASE_NOTES
    assert not state.attributes[ATTR_SUPPORTED_FEATURES] & UpdateEntityFeature.INSTALL
    summary = state.attributes["release_summary"]
    assert summary.startswith("End of life: no fix will come, replace the camera.")
    assert "Known exploited: CVE-2019-11001, CVE-2021-40407." in summary
    assert state.attributes["release_url"].startswith("https://")

    client = await hass_ws_client(hass)
    await client.send_json_auto_id({"type": "update/release_notes", "entity_id": state.entity_id})
    notes = (await client.receive_json())["result"]
    assert notes.startswith("**End of life**")
    assert "CVE-2021-40407" in notes
    assert "(known exploited, CISA KEV)" in notes

    sensor = _state(hass, "sensor", "_known_vulnerabilities")
    # Every record on this build counts (CVE-2019-11001 and the 85 Talos RLC-410W records of
    # docs/advisory-catalog.md), but only CISA's two are "exploited".
    assert sensor.state == "86"
    assert sensor.attributes["known_exploited"] == ["CVE-2019-11001", "CVE-2021-40407"]


# A Hikvision model whose latest release the catalog names (5.7.25), running it.
CURRENT_HIKVISION = "hikvision:DS-2CD1023G0-IUF:V5.7.25 build 260401"


@pytest.mark.parametrize("persona_entry", [CURRENT_HIKVISION], indirect=True)
async def test_current_camera_is_up_to_date(
    hass: HomeAssistant, persona_entry: MockConfigEntry
) -> None:
    state = _state(hass, "update", "_firmware")
    # "5.7.25" and "V5.7.25 build 260401" differ as text: the engine's comparison decides.
    assert state.attributes["installed_version"] == "V5.7.25 build 260401"
    assert state.attributes["latest_version"] == "5.7.25"
    assert state.state == STATE_OFF
    assert state.attributes["release_summary"] is None
    sensor = _state(hass, "sensor", "_known_vulnerabilities")
    assert sensor.state == "0"
    assert sensor.attributes["known_exploited"] == []


# A real camera's ONVIF identity that no advisory or release list covers (EYEPLUS_DEV
# 5.6.1.1127, home-assistant/core#63399), on the generic persona.
@pytest.mark.parametrize("persona_entry", ["onvif_generic:EYEPLUS_DEV:5.6.1.1127"], indirect=True)
async def test_unknown_model_stays_unknown(
    hass: HomeAssistant, persona_entry: MockConfigEntry
) -> None:
    state = _state(hass, "update", "_firmware")
    assert state.state == "unknown"
    sensor = _state(hass, "sensor", "_known_vulnerabilities")
    assert "known_exploited" not in sensor.attributes


def _advisory(cve: str, kev: bool) -> Advisory:
    return Advisory(cve, kev, f"Flaw {cve}.", f"https://example.org/{cve}", "V2")


def test_summary_puts_exploited_first_and_fits_the_frontend() -> None:
    facts = Facts(
        advisories=(_advisory("CVE-2018-0001", False), _advisory("CVE-2021-0002", True)),
        camera_update=CameraUpdate("Reolink CheckFirmware", True),
    )
    assert release_summary(facts) == (
        "Known exploited: CVE-2021-0002. Vulnerable to: CVE-2018-0001. "
        "The camera's own update check reports newer firmware."
    )
    notes = release_notes(facts)
    assert notes is not None
    lines = notes.splitlines()
    assert lines[0].startswith("- [CVE-2021-0002](https://example.org/CVE-2021-0002) **(known")
    assert (
        lines[1]
        == "- [CVE-2018-0001](https://example.org/CVE-2018-0001): Flaw CVE-2018-0001. Fixed in V2."
    )
    many = Facts(advisories=tuple(_advisory(f"CVE-2020-{n:05d}", True) for n in range(40)))
    summary = release_summary(many)
    assert summary is not None
    assert len(summary) == SUMMARY_MAX
    assert summary.endswith("…")
    assert release_summary(Facts()) is None
    assert release_notes(Facts()) is None


@pytest.mark.parametrize("persona_entry", ["dahua"], indirect=True)
async def test_outdated_camera_without_a_named_release(
    hass: HomeAssistant, persona_entry: MockConfigEntry
) -> None:
    # The catalog knows a fixed release exists but names no latest version: still listed.
    state = _state(hass, "update", "_firmware")
    assert state.state == STATE_ON
    assert state.attributes["latest_version"] == "newer release"
    assert state.attributes["release_summary"].startswith("Known exploited: CVE-2020-5735.")


async def test_device_firmware_follows_a_firmware_update(
    rig: Rig, device_registry: dr.DeviceRegistry
) -> None:
    await rig.setup()
    device_id = rig.device_id()
    before = rig.camera.persona.firmware
    assert device_registry.async_get(device_id).sw_version == before  # type: ignore[union-attr]
    # Someone updates the camera (through the simulator's control API, as a test would).
    await apply_patch(rig.camera, {"firmware": "V9.9.9 build 261128"})
    await rig.audits()
    assert device_registry.async_get(device_id).sw_version == "V9.9.9 build 261128"  # type: ignore[union-attr]
    # An audit that cannot reach the camera keeps the last version read.
    await rig.camera.stop()
    await rig.audits()
    assert device_registry.async_get(device_id).sw_version == "V9.9.9 build 261128"  # type: ignore[union-attr]
