"""Button that audits the camera now instead of waiting for the schedule."""

from __future__ import annotations

from typing import override

from homeassistant.components.button import ButtonEntity, ButtonEntityDescription
from homeassistant.const import EntityCategory
from homeassistant.core import HomeAssistant
from homeassistant.helpers.entity_platform import AddConfigEntryEntitiesCallback

from .coordinator import CameraPostureConfigEntry
from .entity import CameraPostureLinkEntity
from .services import async_audit_now

# One audit at a time per camera.
PARALLEL_UPDATES = 1

AUDIT_NOW = ButtonEntityDescription(
    key="audit", translation_key="audit", entity_category=EntityCategory.DIAGNOSTIC
)


async def async_setup_entry(
    hass: HomeAssistant,
    entry: CameraPostureConfigEntry,
    async_add_entities: AddConfigEntryEntitiesCallback,
) -> None:
    """Add the audit button of one camera."""
    async_add_entities([AuditNowButton(entry.runtime_data, AUDIT_NOW)])


class AuditNowButton(CameraPostureLinkEntity, ButtonEntity):
    """Runs an audit immediately.

    Available while audits fail, so the user can try again at once (camera back online,
    lock lifted) and read why it still fails, instead of waiting for the schedule.
    """

    @override
    async def async_press(self) -> None:
        await async_audit_now(self.coordinator)
