"""Actions and the audit button, against the simulated camera."""

from __future__ import annotations

import pytest
from freezegun.api import FrozenDateTimeFactory
from homeassistant.components.button import DOMAIN as BUTTON_DOMAIN
from homeassistant.components.button import SERVICE_PRESS
from homeassistant.const import ATTR_DEVICE_ID, ATTR_ENTITY_ID, CONF_USERNAME
from homeassistant.core import HomeAssistant
from homeassistant.exceptions import HomeAssistantError, ServiceValidationError
from homeassistant.helpers import device_registry as dr
from homeassistant.helpers import entity_registry as er
from homeassistant.helpers import issue_registry as ir
from pytest_homeassistant_custom_component.common import MockConfigEntry

from camsim.camera import SimCamera
from camsim.control import apply_patch
from custom_components.camera_posture.announce import issue_id
from custom_components.camera_posture.const import CONF_HYSTERESIS, DOMAIN
from custom_components.camera_posture.coordinator import store_for

from .helpers import (
    device_id_for,
    drift_out_of_sync,
    entity_id_for,
    setup_entry,
    sim_entry,
)
from .test_translations import STRINGS


async def test_audit_action_and_button_run_an_audit(
    hass: HomeAssistant,
    camera_entry: MockConfigEntry,
    device_registry: dr.DeviceRegistry,
    entity_registry: er.EntityRegistry,
) -> None:
    await setup_entry(hass, camera_entry)
    coordinator = camera_entry.runtime_data
    before = coordinator.audits
    await hass.services.async_call(
        DOMAIN,
        "audit",
        {ATTR_DEVICE_ID: device_id_for(device_registry, camera_entry)},
        blocking=True,
    )
    assert coordinator.audits == before + 1
    button = entity_id_for(entity_registry, camera_entry, "button", "audit")
    await hass.services.async_call(
        BUTTON_DOMAIN, SERVICE_PRESS, {ATTR_ENTITY_ID: button}, blocking=True
    )
    assert coordinator.audits == before + 2


async def _press_and_call(
    hass: HomeAssistant,
    entry: MockConfigEntry,
    device_registry: dr.DeviceRegistry,
    entity_registry: er.EntityRegistry,
) -> list[HomeAssistantError]:
    """Press the audit button, then call the audit action; the errors each raised."""
    errors: list[HomeAssistantError] = []
    button = entity_id_for(entity_registry, entry, "button", "audit")
    with pytest.raises(HomeAssistantError) as err:
        await hass.services.async_call(
            BUTTON_DOMAIN, SERVICE_PRESS, {ATTR_ENTITY_ID: button}, blocking=True
        )
    errors.append(err.value)
    with pytest.raises(HomeAssistantError) as err:
        await hass.services.async_call(
            DOMAIN, "audit", {ATTR_DEVICE_ID: device_id_for(device_registry, entry)}, blocking=True
        )
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
    hass: HomeAssistant,
    onvif_camera: SimCamera,
    camera_entry: MockConfigEntry,
    device_registry: dr.DeviceRegistry,
    entity_registry: er.EntityRegistry,
    failure: str,
    key: str,
) -> None:
    await setup_entry(hass, camera_entry)
    coordinator = camera_entry.runtime_data
    if failure == "offline":
        await onvif_camera.stop()
    else:
        # The owner changed the password on the camera; the entry still has the old one.
        user = camera_entry.data[CONF_USERNAME]
        await apply_patch(onvif_camera, {"password": {user: "changed-on-the-camera"}})
    errors = await _press_and_call(hass, camera_entry, device_registry, entity_registry)
    assert [_translated(e) for e in errors] == [key, key]
    assert all(not isinstance(e, ServiceValidationError) for e in errors)
    assert coordinator.failed_audits == 2
    if failure == "offline":
        # Back online: the same button succeeds again (it stayed available).
        await onvif_camera.start()
        button = entity_id_for(entity_registry, camera_entry, "button", "audit")
        await hass.services.async_call(
            BUTTON_DOMAIN, SERVICE_PRESS, {ATTR_ENTITY_ID: button}, blocking=True
        )
        assert coordinator.last_update_success


async def test_audit_action_audits_every_camera_before_raising(
    hass: HomeAssistant,
    onvif_camera: SimCamera,
    other_camera: SimCamera,
    camera_entry: MockConfigEntry,
    device_registry: dr.DeviceRegistry,
) -> None:
    other_entry = sim_entry(other_camera, "Other", {})
    await setup_entry(hass, camera_entry)
    await setup_entry(hass, other_entry)
    before = other_entry.runtime_data.audits
    await onvif_camera.stop()
    with pytest.raises(HomeAssistantError) as err:
        await hass.services.async_call(
            DOMAIN,
            "audit",
            {
                ATTR_DEVICE_ID: [
                    device_id_for(device_registry, camera_entry),
                    device_id_for(device_registry, other_entry),
                ]
            },
            blocking=True,
        )
    assert err.value.translation_key == "cannot_connect"
    assert other_entry.runtime_data.audits == before + 1
    assert other_entry.runtime_data.last_update_success


async def test_unexpected_audit_error_raises_the_generic_translated_error(
    hass: HomeAssistant,
    camera_entry: MockConfigEntry,
    device_registry: dr.DeviceRegistry,
    entity_registry: er.EntityRegistry,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    await setup_entry(hass, camera_entry)

    async def broken() -> None:
        raise RuntimeError("a bug, not a camera answer")

    # The coordinator logs unexpected errors itself; the user still hears of the failure.
    monkeypatch.setattr(camera_entry.runtime_data, "_async_update_data", broken)
    errors = await _press_and_call(hass, camera_entry, device_registry, entity_registry)
    assert [_translated(e) for e in errors] == ["audit_failed", "audit_failed"]
    assert errors[0].translation_placeholders == {"camera": camera_entry.title}


@pytest.mark.parametrize("options", [{CONF_HYSTERESIS: 1}])
async def test_accept_baseline_action_closes_repair(
    hass: HomeAssistant,
    frozen: FrozenDateTimeFactory,
    onvif_camera: SimCamera,
    camera_entry: MockConfigEntry,
    device_registry: dr.DeviceRegistry,
    issue_registry: ir.IssueRegistry,
) -> None:
    await drift_out_of_sync(hass, frozen, onvif_camera, camera_entry)
    key = (DOMAIN, issue_id(camera_entry.entry_id, "time_synced"))
    assert key in issue_registry.issues
    # Accepting some other value leaves the drift (and its repair) open.
    assert not await camera_entry.runtime_data.async_accept("time_synced", "other value")
    assert key in issue_registry.issues
    await hass.services.async_call(
        DOMAIN,
        "accept_baseline",
        {ATTR_DEVICE_ID: device_id_for(device_registry, camera_entry), "check_id": "time_synced"},
        blocking=True,
    )
    assert key not in issue_registry.issues
    assert sorted(map(str, camera_entry.runtime_data.tracker.baseline("time_synced"))) == [
        "False",
        "other value",
    ]


async def test_actions_refuse_unknown_or_unloaded_devices(
    hass: HomeAssistant,
    camera_entry: MockConfigEntry,
    device_registry: dr.DeviceRegistry,
) -> None:
    await setup_entry(hass, camera_entry)
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
    device_id = device_id_for(device_registry, camera_entry)
    assert await hass.config_entries.async_unload(camera_entry.entry_id)
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
    hass: HomeAssistant,
    frozen: FrozenDateTimeFactory,
    onvif_camera: SimCamera,
    camera_entry: MockConfigEntry,
    issue_registry: ir.IssueRegistry,
) -> None:
    await drift_out_of_sync(hass, frozen, onvif_camera, camera_entry)
    assert any(domain == DOMAIN for domain, _ in issue_registry.issues)
    assert await hass.config_entries.async_remove(camera_entry.entry_id)
    await hass.async_block_till_done()
    assert not any(domain == DOMAIN for domain, _ in issue_registry.issues)
    assert await store_for(hass, camera_entry.entry_id).async_load() is None
