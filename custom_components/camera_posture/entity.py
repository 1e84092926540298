"""Base entity: one device per camera, named from what the camera reports."""

from __future__ import annotations

from typing import override

from homeassistant.core import callback
from homeassistant.helpers import device_registry as dr
from homeassistant.helpers.device_registry import DeviceInfo
from homeassistant.helpers.entity import EntityDescription
from homeassistant.helpers.update_coordinator import CoordinatorEntity
from yarl import URL

from .const import CONF_MAC, DOMAIN
from .coordinator import CameraPostureCoordinator
from .posture.models import Facts, Target


def web_page(target: Target, facts: Facts) -> str:
    """The camera's web interface: HTTPS when it refuses plain HTTP, else plain HTTP."""
    scheme = "https" if facts.https_only else "http"
    return str(URL.build(scheme=scheme, host=target.host, port=target.port_for(scheme), path="/"))


@callback
def async_follow_firmware(coordinator: CameraPostureCoordinator) -> None:
    """Keep the device's firmware version in step with what the latest audit read.

    Device info reaches the registry only when the entities are added, so a camera whose
    firmware changed since (updated by its owner, or by someone else) would show its old
    version until a restart. A version the audit could not read leaves the last one.
    """
    if not coordinator.last_update_success or coordinator.data is None:
        return
    firmware = coordinator.data.device.firmware
    unique_id = coordinator.config_entry.unique_id
    registry = dr.async_get(coordinator.hass)
    device = registry.async_get_device(identifiers={(DOMAIN, str(unique_id))})
    if device is not None and firmware and device.sw_version != firmware:
        registry.async_update_device(device.id, sw_version=firmware)


class CameraPostureEntity(CoordinatorEntity[CameraPostureCoordinator]):
    """An entity of one audited camera."""

    _attr_has_entity_name = True

    def __init__(
        self, coordinator: CameraPostureCoordinator, description: EntityDescription
    ) -> None:
        """Attach the entity to the camera's device."""
        super().__init__(coordinator)
        self.entity_description = description
        entry = coordinator.config_entry
        unique_id = entry.unique_id
        assert unique_id is not None
        self._attr_unique_id = f"{unique_id}_{description.key}"
        device = coordinator.data.device
        mac = entry.data.get(CONF_MAC)
        self._attr_device_info = DeviceInfo(
            identifiers={(DOMAIN, unique_id)},
            connections={(dr.CONNECTION_NETWORK_MAC, mac)} if mac else set(),
            manufacturer=device.manufacturer or None,
            model=device.model or None,
            serial_number=device.serial or None,
            sw_version=device.firmware or None,
            hw_version=device.hardware_id or None,
            configuration_url=web_page(coordinator.target, coordinator.data.facts),
        )


class CameraPostureLinkEntity(CameraPostureEntity):
    """An entity about reaching the camera itself: available while the audits fail."""

    @property
    @override
    def available(self) -> bool:
        return True
