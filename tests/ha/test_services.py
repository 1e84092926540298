"""Actions and the audit button, against the simulated camera."""

from __future__ import annotations

import pytest
from homeassistant.components.button import DOMAIN as BUTTON_DOMAIN
from homeassistant.components.button import SERVICE_PRESS
from homeassistant.const import ATTR_DEVICE_ID, ATTR_ENTITY_ID, CONF_USERNAME
from homeassistant.core import HomeAssistant
from homeassistant.exceptions import HomeAssistantError, ServiceValidationError
from homeassistant.helpers import device_registry as dr
from homeassistant.helpers import issue_registry as ir
from pytest_homeassistant_custom_component.common import MockConfigEntry

from camsim.camera import SimCamera
from camsim.control import apply_patch
from custom_components.camera_posture.announce import issue_id
from custom_components.camera_posture.const import CONF_HYSTERESIS, DOMAIN
from custom_components.camera_posture.coordinator import store_for

from .helpers import Rig, sim_entry
from .test_translations import STRINGS


async def _press(hass: HomeAssistant, rig: Rig) -> None:
    """Press the camera's audit button."""
    button = rig.entity_id("button", "audit")
    await hass.services.async_call(
        BUTTON_DOMAIN, SERVICE_PRESS, {ATTR_ENTITY_ID: button}, blocking=True
    )


async def _audit(hass: HomeAssistant, device_id: str | list[str]) -> None:
    """Call the audit action for this device (or these)."""
    await hass.services.async_call(DOMAIN, "audit", {ATTR_DEVICE_ID: device_id}, blocking=True)


async def test_audit_action_and_button_run_an_audit(hass: HomeAssistant, rig: Rig) -> None:
    await rig.setup()
    coordinator = rig.coordinator
    before = coordinator.audits
    await _audit(hass, rig.device_id())
    assert coordinator.audits == before + 1
    await _press(hass, rig)
    assert coordinator.audits == before + 2


async def _press_and_call(hass: HomeAssistant, rig: Rig) -> list[HomeAssistantError]:
    """Press the audit button, then call the audit action; the errors each raised."""
    errors: list[HomeAssistantError] = []
    with pytest.raises(HomeAssistantError) as err:
        await _press(hass, rig)
    errors.append(err.value)
    with pytest.raises(HomeAssistantError) as err:
        await _audit(hass, rig.device_id())
    errors.append(err.value)
    return errors


def _translated(err: HomeAssistantError) -> str:
    assert err.translation_domain == DOMAIN
    assert err.translation_key is not None
    assert STRINGS["exceptions"][err.translation_key]["message"]
    return err.translation_key


@pytest.mark.parametrize(
    ("failure", "key"), [("offline", "cannot_connect"), ("password_changed", "invalid_auth")]
)
async def test_failed_audit_raises_a_translated_error(
    hass: HomeAssistant, rig: Rig, failure: str, key: str
) -> None:
    await rig.setup()
    coordinator = rig.coordinator
    if failure == "offline":
        await rig.camera.stop()
    else:
        # The owner changed the password on the camera; the entry still has the old one.
        user = rig.entry.data[CONF_USERNAME]
        await apply_patch(rig.camera, {"password": {user: "changed-on-the-camera"}})
    errors = await _press_and_call(hass, rig)
    assert [_translated(e) for e in errors] == [key, key]
    assert all(not isinstance(e, ServiceValidationError) for e in errors)
    assert coordinator.failed_audits == 2
    if failure == "offline":
        # Back online: the same button succeeds again (it stayed available).
        await rig.camera.start()
        await _press(hass, rig)
        assert coordinator.last_update_success


async def test_audit_action_audits_every_camera_before_raising(
    hass: HomeAssistant, rig: Rig, other_camera: SimCamera
) -> None:
    other = Rig(hass, rig.clock, other_camera, sim_entry(other_camera, "Other", {}))
    await rig.setup()
    await other.setup()
    before = other.coordinator.audits
    await rig.camera.stop()
    with pytest.raises(HomeAssistantError) as err:
        await _audit(hass, [rig.device_id(), other.device_id()])
    assert err.value.translation_key == "cannot_connect"
    assert other.coordinator.audits == before + 1
    assert other.coordinator.last_update_success


async def test_unexpected_audit_error_raises_the_generic_translated_error(
    hass: HomeAssistant, rig: Rig, monkeypatch: pytest.MonkeyPatch
) -> None:
    await rig.setup()

    async def broken() -> None:
        raise RuntimeError("a bug, not a camera answer")

    # The coordinator logs unexpected errors itself; the user still hears of the failure.
    monkeypatch.setattr(rig.coordinator, "_async_update_data", broken)
    errors = await _press_and_call(hass, rig)
    assert [_translated(e) for e in errors] == ["audit_failed", "audit_failed"]
    assert errors[0].translation_placeholders == {"camera": rig.entry.title}


@pytest.mark.parametrize("options", [{CONF_HYSTERESIS: 1}])
async def test_accept_baseline_action_closes_repair(
    hass: HomeAssistant, rig: Rig, issue_registry: ir.IssueRegistry
) -> None:
    await rig.drift_out_of_sync()
    key = (DOMAIN, issue_id(rig.entry.entry_id, "time_synced"))
    assert key in issue_registry.issues
    # Accepting some other value leaves the drift (and its repair) open.
    assert not await rig.coordinator.async_accept("time_synced", "other value")
    assert key in issue_registry.issues
    await hass.services.async_call(
        DOMAIN,
        "accept_baseline",
        {ATTR_DEVICE_ID: rig.device_id(), "check_id": "time_synced"},
        blocking=True,
    )
    assert key not in issue_registry.issues
    assert sorted(map(str, rig.coordinator.tracker.baseline("time_synced"))) == [
        "False",
        "other value",
    ]


async def test_actions_refuse_unknown_or_unloaded_devices(
    hass: HomeAssistant, rig: Rig, device_registry: dr.DeviceRegistry
) -> None:
    await rig.setup()
    with pytest.raises(ServiceValidationError) as err:
        await hass.services.async_call(
            DOMAIN, "audit", {ATTR_DEVICE_ID: "no-such-device"}, blocking=True
        )
    assert err.value.translation_key == "unknown_device"
    other = MockConfigEntry(domain="onvif")
    other.add_to_hass(hass)
    foreign = device_registry.async_get_or_create(
        config_entry_id=other.entry_id, identifiers={("onvif", "x")}
    )
    with pytest.raises(ServiceValidationError):
        await hass.services.async_call(DOMAIN, "audit", {ATTR_DEVICE_ID: foreign.id}, blocking=True)
    device_id = rig.device_id()
    assert await hass.config_entries.async_unload(rig.entry.entry_id)
    with pytest.raises(ServiceValidationError) as err:
        await hass.services.async_call(
            DOMAIN,
            "accept_baseline",
            {ATTR_DEVICE_ID: device_id, "check_id": "telnet"},
            blocking=True,
        )
    assert err.value.translation_key == "camera_not_loaded"


@pytest.mark.parametrize("options", [{CONF_HYSTERESIS: 1}])
async def test_removing_the_camera_removes_its_repairs(
    hass: HomeAssistant, rig: Rig, issue_registry: ir.IssueRegistry
) -> None:
    await rig.drift_out_of_sync()
    assert any(domain == DOMAIN for domain, _ in issue_registry.issues)
    assert await hass.config_entries.async_remove(rig.entry.entry_id)
    await hass.async_block_till_done()
    assert not any(domain == DOMAIN for domain, _ in issue_registry.issues)
    assert await store_for(hass, rig.entry.entry_id).async_load() is None
