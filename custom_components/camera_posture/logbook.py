"""Logbook: a drift is logged as what changed on which check, not just "Started failing"."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from homeassistant.components.logbook.const import (
    LOGBOOK_ENTRY_ENTITY_ID,
    LOGBOOK_ENTRY_MESSAGE,
    LOGBOOK_ENTRY_NAME,
)
from homeassistant.core import Event, HomeAssistant, callback
from homeassistant.helpers import entity_registry as er

from .const import DOMAIN, EVENT_DRIFT
from .wording import kind_text


@callback
def async_describe_events(
    hass: HomeAssistant,
    async_describe_event: Callable[[str, str, Callable[[Event], dict[str, Any]]], None],
) -> None:
    """Describe the drift event: "Garden started failing: Telnet: on (was off at ...)"."""

    @callback
    def describe(event: Event) -> dict[str, Any]:
        data = event.data
        entry: dict[str, Any] = {
            LOGBOOK_ENTRY_NAME: data["camera"],
            LOGBOOK_ENTRY_MESSAGE: f"{kind_text(hass, data['kind'])}: {data['message']}",
        }
        # Shown with the camera's drift event entity too.
        for entity in er.async_entries_for_device(er.async_get(hass), data["device_id"]):
            if entity.platform == DOMAIN and entity.domain == "event":
                entry[LOGBOOK_ENTRY_ENTITY_ID] = entity.entity_id
        return entry

    async_describe_event(DOMAIN, EVENT_DRIFT, describe)
