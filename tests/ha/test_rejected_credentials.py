"""Credentials the camera rejected are never sent again: not by audits, reloads or restarts.

The camera counts: every failed login lands in its login log (camsim's control API
serves the same log at /cameras/{id}/logins). Three rejections lead to
reauthentication; from then on nothing is sent until new credentials pass a test.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Any

import pytest
from freezegun.api import FrozenDateTimeFactory
from homeassistant.config_entries import ConfigEntryState
from homeassistant.const import CONF_PASSWORD, CONF_USERNAME
from homeassistant.core import HomeAssistant
from homeassistant.data_entry_flow import FlowResultType
from homeassistant.helpers import issue_registry as ir
from pytest_homeassistant_custom_component.common import MockConfigEntry

from camsim.camera import SimCamera
from camsim.control import apply_patch
from custom_components.camera_posture.announce import lock_issue_id
from custom_components.camera_posture.const import AUTH_FAILURES_BEFORE_REAUTH, DOMAIN
from tests.posture.helpers import serving

from .helpers import audit_cycle, entry_data, reauth_flows, setup_entry
from .test_login_lock import lock_with_old_password

# Every persona; Hikvision, Dahua and Reolink locked Home Assistant out when restarts
# resent a rejected password.
LOCKING = ("hikvision", "dahua", "reolink", "axis", "foscam", "hanwha_smartcam", "onvif_generic")
NEW_PASSWORD = "changed-on-the-camera"


@pytest.fixture(params=LOCKING)
async def camera(request: pytest.FixtureRequest) -> AsyncIterator[SimCamera]:
    """A camera whose lockout rule would lock Home Assistant's address."""
    async with serving(request.param) as sim:
        yield sim


@pytest.fixture
def entry(camera: SimCamera) -> MockConfigEntry:
    """An entry with the camera's right credentials (for now)."""
    return MockConfigEntry(
        domain=DOMAIN,
        title=f"{camera.persona.name} camera",
        unique_id=camera.persona.serial.lower(),
        data=entry_data(camera),
        options={"hysteresis": 2},
    )


def failed_logins(camera: SimCamera) -> int:
    """Failed logins the camera counted (a lock's refusals are "locked", not "failed")."""
    return [attempt.outcome for attempt in camera.logins].count("failed")


def _store(hass_storage: dict[str, Any], entry: MockConfigEntry) -> dict[str, Any]:
    data: dict[str, Any] = hass_storage[f"{DOMAIN}.{entry.entry_id}"]["data"]
    return data


async def _rejected_three_times(
    hass: HomeAssistant, frozen: FrozenDateTimeFactory, camera: SimCamera, entry: MockConfigEntry
) -> None:
    """Set the entry up, change the password on the camera, let three audits run."""
    await setup_entry(hass, entry)
    assert failed_logins(camera) == 0
    user = entry.data[CONF_USERNAME]
    await apply_patch(camera, {"password": {user: NEW_PASSWORD}})
    for _ in range(3):
        await audit_cycle(hass, frozen)


async def _reload(hass: HomeAssistant, entry: MockConfigEntry) -> None:
    await hass.config_entries.async_reload(entry.entry_id)
    await hass.async_block_till_done()


async def test_three_audits_then_three_reloads_cost_three_failed_logins(
    hass: HomeAssistant,
    hass_storage: dict[str, Any],
    frozen: FrozenDateTimeFactory,
    camera: SimCamera,
    entry: MockConfigEntry,
) -> None:
    await _rejected_three_times(hass, frozen, camera, entry)
    assert failed_logins(camera) == AUTH_FAILURES_BEFORE_REAUTH
    assert len(reauth_flows(hass)) == 1
    assert _store(hass_storage, entry)["auth_failures"] == AUTH_FAILURES_BEFORE_REAUTH

    logins_before = len(camera.logins)
    for _ in range(3):
        await _reload(hass, entry)
        # Straight to reauthentication: no login, no audit, one flow.
        assert entry.state is ConfigEntryState.SETUP_ERROR
        assert len(reauth_flows(hass)) == 1
    # Nothing at all reached the camera's login, and it never locked.
    assert len(camera.logins) == logins_before
    assert failed_logins(camera) <= 3
    assert camera.locked_until() == {}


async def test_restart_with_reauth_pending_sends_nothing(
    hass: HomeAssistant,
    hass_storage: dict[str, Any],
    camera: SimCamera,
    entry: MockConfigEntry,
) -> None:
    # As Home Assistant finds it after a restart: the count reached before it.
    hass_storage[f"{DOMAIN}.{entry.entry_id}"] = {
        "version": 1,
        "data": {"drift": {}, "guard": {}, "auth_failures": AUTH_FAILURES_BEFORE_REAUTH},
    }
    entry.add_to_hass(hass)
    assert not await hass.config_entries.async_setup(entry.entry_id)
    await hass.async_block_till_done()
    assert entry.state is ConfigEntryState.SETUP_ERROR
    assert len(reauth_flows(hass)) == 1
    assert camera.logins == []


@pytest.mark.parametrize("restarted", [True, False], ids=["after a restart", "still loaded"])
async def test_reauth_success_resets_the_count(
    hass: HomeAssistant,
    hass_storage: dict[str, Any],
    frozen: FrozenDateTimeFactory,
    camera: SimCamera,
    entry: MockConfigEntry,
    restarted: bool,
) -> None:
    await _rejected_three_times(hass, frozen, camera, entry)
    if restarted:
        await _reload(hass, entry)
        assert entry.state is ConfigEntryState.SETUP_ERROR
    else:
        # Reauth was started by a scheduled audit; the entry is loaded, its count at 3.
        assert entry.runtime_data.auth_failures == AUTH_FAILURES_BEFORE_REAUTH

    [flow] = reauth_flows(hass)
    result = await hass.config_entries.flow.async_configure(
        flow["flow_id"], {CONF_USERNAME: entry.data[CONF_USERNAME], CONF_PASSWORD: NEW_PASSWORD}
    )
    assert result["type"] is FlowResultType.ABORT
    assert result["reason"] == "reauth_successful"
    await hass.async_block_till_done()
    # The reload after reauth audits with the new credentials (no reauth loop).
    assert entry.state is ConfigEntryState.LOADED
    assert entry.runtime_data.auth_failures == 0
    assert entry.runtime_data.last_update_success
    assert _store(hass_storage, entry)["auth_failures"] == 0
    assert reauth_flows(hass) == []
    assert failed_logins(camera) == 3


async def test_manual_audit_with_reauth_pending_sends_nothing(
    hass: HomeAssistant,
    frozen: FrozenDateTimeFactory,
    camera: SimCamera,
    entry: MockConfigEntry,
) -> None:
    await _rejected_three_times(hass, frozen, camera, entry)
    logins_before = len(camera.logins)
    # The entry is still loaded (reauth pending): "audit now" must not resend.
    await entry.runtime_data.async_refresh()
    await audit_cycle(hass, frozen)
    assert len(camera.logins) == logins_before
    assert not entry.runtime_data.last_update_success


@pytest.mark.parametrize("camera", ["hikvision"], indirect=True)
async def test_lock_repair_follows_the_first_audit_after_a_restart(
    hass: HomeAssistant,
    frozen: FrozenDateTimeFactory,
    camera: SimCamera,
    entry: MockConfigEntry,
) -> None:
    issues = ir.async_get(hass)
    await setup_entry(hass, entry)
    await lock_with_old_password(camera, entry)
    # Restarted (reloaded) while the camera is locked: the first audit raises the repair.
    await _reload(hass, entry)
    assert entry.state is ConfigEntryState.SETUP_RETRY
    assert issues.async_get_issue(DOMAIN, lock_issue_id(entry.entry_id)) is not None
    assert reauth_flows(hass) == []
    # Unlocked before the next start: a fresh coordinator clears the repair it never raised.
    await apply_patch(camera, {"unlock": True})
    await _reload(hass, entry)
    assert entry.state is ConfigEntryState.LOADED
    assert issues.async_get_issue(DOMAIN, lock_issue_id(entry.entry_id)) is None
