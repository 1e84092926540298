"""One audit has an overall deadline: a hostile camera cannot hold the coordinator or a form."""

from __future__ import annotations

import dataclasses
from collections.abc import AsyncIterator
from typing import Any

import pytest
from homeassistant.config_entries import SOURCE_USER, ConfigEntryState
from homeassistant.const import STATE_UNAVAILABLE
from homeassistant.core import HomeAssistant
from homeassistant.data_entry_flow import FlowResultType
from homeassistant.helpers import entity_registry as er
from pytest_homeassistant_custom_component.common import MockConfigEntry

from camsim.camera import SimCamera
from camsim.hostile import Fault, HostileCamera
from custom_components.camera_posture.const import DOMAIN
from custom_components.camera_posture.posture import deadline

from .helpers import entity_id_for, setup_entry

# Far below the per-request timeouts (10 s), so only the overall deadline can end
# an audit of a camera that drips its answer forever.
SHORT_DEADLINE_S = 0.5


@pytest.fixture(autouse=True)
def short_deadline(monkeypatch: pytest.MonkeyPatch) -> None:
    """Audits in these tests give up after half a second."""
    monkeypatch.setattr(deadline, "AUDIT_DEADLINE_S", SHORT_DEADLINE_S)


@pytest.fixture
async def slowloris() -> AsyncIterator[HostileCamera]:
    """A camera that sends headers, then one body byte every 0.5 s, forever."""
    async with HostileCamera(Fault.SLOWLORIS, drip_interval_s=0.5) as camera:
        yield camera


def _login(slowloris: HostileCamera) -> dict[str, Any]:
    """What a user would type for the hostile camera (the password is never checked)."""
    return {"host": slowloris.host, "port": slowloris.port, "username": "admin", "password": "x"}


async def test_hostile_camera_at_setup_is_not_ready(
    hass: HomeAssistant, slowloris: HostileCamera
) -> None:
    entry = MockConfigEntry(
        domain=DOMAIN, title="Hostile", unique_id="hostile", data=_login(slowloris)
    )
    entry.add_to_hass(hass)
    assert not await hass.config_entries.async_setup(entry.entry_id)
    await hass.async_block_till_done()
    assert entry.state is ConfigEntryState.SETUP_RETRY
    assert entry.error_reason_translation_key == "audit_timeout"
    assert slowloris.requests  # the camera was asked, and kept dripping


async def test_camera_turning_hostile_goes_unavailable_never_secure(
    hass: HomeAssistant,
    onvif_camera: SimCamera,
    camera_entry: MockConfigEntry,
    entity_registry: er.EntityRegistry,
    slowloris: HostileCamera,
) -> None:
    await setup_entry(hass, camera_entry)
    coordinator = camera_entry.runtime_data
    entity_id = entity_id_for(entity_registry, camera_entry, "binary_sensor", "time_synced")
    assert hass.states.get(entity_id).state == "on"  # type: ignore[union-attr]
    # The same camera now answers from a hostile server (its every service drips).
    coordinator.target = dataclasses.replace(coordinator.target, port=slowloris.port, ports={})
    failed_before = coordinator.failed_audits
    # A real clock (not frozen): the deadline runs on the event loop's time.
    await coordinator.async_refresh()
    await hass.async_block_till_done()
    assert not coordinator.last_update_success
    assert coordinator.failed_audits == failed_before + 1
    assert hass.states.get(entity_id).state == STATE_UNAVAILABLE  # type: ignore[union-attr]
    assert slowloris.requests


async def test_config_flow_submit_ends_at_the_deadline(
    hass: HomeAssistant, slowloris: HostileCamera
) -> None:
    result = await hass.config_entries.flow.async_init(DOMAIN, context={"source": SOURCE_USER})
    result = await hass.config_entries.flow.async_configure(result["flow_id"], _login(slowloris))
    # The form comes back (the engine's deadline ended the test), saying why.
    assert result["type"] is FlowResultType.FORM
    assert result["errors"] == {"base": "audit_timeout"}
    assert slowloris.requests
    assert hass.config_entries.async_entries(DOMAIN) == []
