"""A camera that reports a login lock: told to the user, never hammered, no reauth."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import aiohttp
import pytest
from freezegun.api import FrozenDateTimeFactory
from homeassistant.components.button import DOMAIN as BUTTON_DOMAIN
from homeassistant.components.button import SERVICE_PRESS
from homeassistant.config_entries import SOURCE_USER, ConfigEntryState
from homeassistant.const import ATTR_ENTITY_ID, CONF_PASSWORD, CONF_USERNAME, STATE_UNAVAILABLE
from homeassistant.core import HomeAssistant
from homeassistant.data_entry_flow import FlowResultType
from homeassistant.exceptions import HomeAssistantError
from homeassistant.helpers import issue_registry as ir
from pytest_homeassistant_custom_component.common import MockConfigEntry

from camsim.camera import SimCamera
from camsim.control import apply_patch
from custom_components.camera_posture.announce import lock_issue_id
from custom_components.camera_posture.const import DOMAIN
from custom_components.camera_posture.posture.audit import audit
from custom_components.camera_posture.posture.errors import InvalidAuth
from custom_components.camera_posture.posture.vendors.base import DefaultLoginGuard
from custom_components.camera_posture.validation import target_from_data

from .helpers import Rig, reauth_flows, sim_entry, user_input


@pytest.fixture
def hikvision_entry(hikvision: SimCamera) -> MockConfigEntry:
    """A config entry with the camera's right credentials."""
    return sim_entry(hikvision, "Hikvision DS-2CD2142FWD-I", {"hysteresis": 2})


@pytest.fixture
def hik(
    hass: HomeAssistant,
    frozen: FrozenDateTimeFactory,
    hikvision: SimCamera,
    hikvision_entry: MockConfigEntry,
) -> Rig:
    """The Hikvision camera's entry (not set up yet)."""
    return Rig(hass, frozen, hikvision, hikvision_entry)


async def lock_with_old_password(camera: SimCamera, entry: MockConfigEntry) -> None:
    """Another client on this address (an old app, a guesser) fails 5 logins: locked."""
    old = target_from_data({**entry.data, CONF_PASSWORD: "old-password"})
    async with aiohttp.ClientSession() as session:
        for _ in range(5):
            with pytest.raises(InvalidAuth):
                await audit(session, old, guard=DefaultLoginGuard(active=False))
    assert camera.is_locked("127.0.0.1")


async def _set_up_then_locked(hik: Rig) -> None:
    """Set up, then locked by another client, then one audit meets the lock."""
    await hik.setup()
    await lock_with_old_password(hik.camera, hik.entry)
    await hik.audits()


def _lock_issue(hik: Rig) -> ir.IssueEntry | None:
    return ir.async_get(hik.hass).async_get_issue(DOMAIN, lock_issue_id(hik.entry.entry_id))


async def test_lock_raises_a_repair_sends_nothing_and_never_asks_reauth(
    hass: HomeAssistant, hik: Rig
) -> None:
    await hik.setup()
    coordinator = hik.coordinator
    assert _lock_issue(hik) is None

    await lock_with_old_password(hik.camera, hik.entry)
    logins_before = len(hik.camera.logins)
    # More audits than the reauth rule's three credential failures, all within the lock.
    for _ in range(2):
        await hik.audits()
        assert hik.state("sensor", "score").state == STATE_UNAVAILABLE
    issue = _lock_issue(hik)
    assert issue is not None
    assert issue.translation_key == "login_locked"
    assert issue.severity is ir.IssueSeverity.ERROR
    assert issue.translation_placeholders == {"camera": hik.entry.title}
    assert coordinator.locked
    assert coordinator.auth_failures == 0
    # Asking for an audit now says why it cannot run, rather than reporting success.
    with pytest.raises(HomeAssistantError) as err:
        await hass.services.async_call(
            BUTTON_DOMAIN,
            SERVICE_PRESS,
            {ATTR_ENTITY_ID: hik.entity_id("button", "audit")},
            blocking=True,
        )
    assert err.value.translation_key == "login_locked"
    assert reauth_flows(hass) == []
    # Not one credential was sent to the locked camera (the lock was not extended).
    assert len(hik.camera.logins) == logins_before
    assert hik.camera.takeovers == []

    # The lock is gone (unlocked on the camera): the repair goes, the camera is back.
    await apply_patch(hik.camera, {"unlock": True})
    await hik.audits()
    assert _lock_issue(hik) is None
    assert not coordinator.locked
    assert hik.state("sensor", "score").state != STATE_UNAVAILABLE
    assert hik.entry.state is ConfigEntryState.LOADED


async def test_wrong_password_after_the_lock_counts_again(hass: HomeAssistant, hik: Rig) -> None:
    await _set_up_then_locked(hik)
    assert _lock_issue(hik) is not None
    # Unlocked, but the password really changed on the camera: now it is a credential failure.
    await apply_patch(hik.camera, {"unlock": True})
    hik.camera.persona.users["admin"] = "changed-on-the-camera"
    await hik.audits(3)
    assert _lock_issue(hik) is None
    assert len(reauth_flows(hass)) == 1


async def test_config_flow_shows_camera_locked_and_sends_nothing(
    hass: HomeAssistant, hik: Rig
) -> None:
    await _set_up_then_locked(hik)
    logins_before = len(hik.camera.logins)
    result = await hik.entry.start_reconfigure_flow(hass)
    result = await hass.config_entries.flow.async_configure(
        result["flow_id"], {"host": hik.camera.host, "port": hik.camera.http_port}
    )
    assert result["type"] is FlowResultType.FORM
    assert result["errors"] == {"base": "login_locked"}
    assert len(hik.camera.logins) == logins_before


async def test_new_camera_that_reports_a_lock_shows_camera_locked(
    hass: HomeAssistant, hikvision: SimCamera, hikvision_entry: MockConfigEntry
) -> None:
    # Not configured yet: the engine reads the lock state before any credential.
    await lock_with_old_password(hikvision, hikvision_entry)
    logins_before = len(hikvision.logins)
    result = await hass.config_entries.flow.async_init(DOMAIN, context={"source": SOURCE_USER})
    result = await hass.config_entries.flow.async_configure(
        result["flow_id"], user_input(hikvision)
    )
    assert result["type"] is FlowResultType.FORM
    assert result["errors"] == {"base": "login_locked"}
    assert len(hikvision.logins) == logins_before
    assert hikvision.takeovers == []


# --- the forms never lock the camera themselves -----------------------------------------


async def _add(hass: HomeAssistant, camera: SimCamera, password: str) -> dict[str, Any]:
    result = await hass.config_entries.flow.async_init(DOMAIN, context={"source": SOURCE_USER})
    return await hass.config_entries.flow.async_configure(
        result["flow_id"], user_input(camera, password=password)
    )


def _failed(camera: SimCamera) -> int:
    return sum(1 for attempt in camera.logins if attempt.outcome == "failed")


async def test_five_wrong_passwords_in_the_add_form_do_not_lock_hikvision(
    hass: HomeAssistant, hikvision: SimCamera
) -> None:
    errors = []
    for attempt in range(5):
        result = await _add(hass, hikvision, f"wrong-{attempt}")
        assert result["type"] is FlowResultType.FORM
        errors.append(result["errors"]["base"])
        if result["errors"]["base"] == "invalid_auth":
            # The form tells how many rejected logins it counted and how many remain.
            placeholders = result["description_placeholders"]
            assert placeholders["failures"] == str(attempt + 1)
            assert placeholders["threshold"] == "5"
            assert placeholders["minutes"] == "30"
            assert placeholders["left"] == str(3 - attempt)
    # Four tries reach the camera; the fifth is not sent: the camera says one is left.
    assert errors == ["invalid_auth"] * 4 + ["lockout_last_attempt"]
    assert _failed(hikvision) == 4
    assert not hikvision.is_locked("127.0.0.1")
    # Even the right password is not risked while one attempt is left.
    result = await _add(hass, hikvision, hikvision.persona.users["admin"])
    assert result["errors"] == {"base": "lockout_last_attempt"}
    assert _failed(hikvision) == 4
    assert not hikvision.is_locked("127.0.0.1")


async def test_the_cameras_own_count_stops_the_form_after_other_clients_failed(
    hass: HomeAssistant, hikvision: SimCamera
) -> None:
    # Another client on this address failed three times: two attempts are left.
    for _ in range(3):
        hikvision.record_login("127.0.0.1", "http", ok=False, user="admin")
    result = await _add(hass, hikvision, "wrong")
    assert result["errors"] == {"base": "invalid_auth"}
    result = await _add(hass, hikvision, "wrong-again")
    assert result["errors"] == {"base": "lockout_last_attempt"}
    assert result["description_placeholders"]["failures"] == "1"
    assert not hikvision.is_locked("127.0.0.1")


async def test_own_failures_are_counted_across_flows_and_expire(
    hass: HomeAssistant, frozen: FrozenDateTimeFactory, onvif_camera: SimCamera
) -> None:
    # This camera reports no lock state: only Home Assistant's own count protects it.
    entry = MockConfigEntry(
        domain=DOMAIN,
        title="Milesight Technology Co.,Ltd. MS-C8165-PE",
        unique_id=onvif_camera.persona.serial.lower(),
        data=user_input(onvif_camera, password="old"),
    )
    entry.add_to_hass(hass)
    for attempt in range(2):
        assert (await _add(hass, onvif_camera, f"wrong-{attempt}"))["errors"] == {
            "base": "invalid_auth"
        }
    reauth = await entry.start_reauth_flow(hass)
    for attempt in range(2):
        reauth = await hass.config_entries.flow.async_configure(
            reauth["flow_id"], {CONF_USERNAME: "admin", CONF_PASSWORD: f"bad-{attempt}"}
        )
        assert reauth["errors"] == {"base": "invalid_auth"}
    # Four rejected logins from two flows: the assumed rule (5 lock) stops the fifth.
    refused = await hass.config_entries.flow.async_configure(
        reauth["flow_id"], {CONF_USERNAME: "admin", CONF_PASSWORD: "bad-again"}
    )
    assert refused["errors"] == {"base": "lockout_own_failures"}
    assert refused["description_placeholders"]["failures"] == "4"
    assert refused["description_placeholders"]["threshold"] == "5"
    assert refused["description_placeholders"]["wait_minutes"] == "30"
    assert _failed(onvif_camera) == 4
    # Past the lock window the failures are forgotten and the form sends again.
    frozen.tick(timedelta(minutes=31))
    password = onvif_camera.persona.users["admin"]
    done = await hass.config_entries.flow.async_configure(
        reauth["flow_id"], {CONF_USERNAME: "admin", CONF_PASSWORD: password}
    )
    assert done["reason"] == "reauth_successful"


async def test_lock_repair_counts_the_forms_own_failures(hass: HomeAssistant, hik: Rig) -> None:
    hikvision = hik.camera
    await hik.setup()
    for attempt in range(2):
        assert (await _add(hass, hikvision, f"wrong-{attempt}"))["errors"] == {
            "base": "invalid_auth"
        }
    # Another client then fails until the camera locks this address.
    while not hikvision.is_locked("127.0.0.1"):
        hikvision.record_login("127.0.0.1", "http", ok=False, user="admin")
    await hik.audits()
    issue = _lock_issue(hik)
    assert issue is not None
    # Not "another client or someone guessing": two of the failures were the form's.
    assert issue.translation_key == "login_locked_own"
    assert issue.translation_placeholders == {
        "camera": hik.entry.title,
        "own": "2",
        "form": "2",
        "audit": "0",
    }
    # The add form says the same.
    result = await _add(hass, hikvision, hikvision.persona.users["admin"])
    assert result["errors"] == {"base": "login_locked_own"}
    assert result["description_placeholders"]["failures"] == "2"


async def test_audit_failures_count_towards_the_forms_budget(hass: HomeAssistant, hik: Rig) -> None:
    await hik.setup()
    hik.camera.persona.users["admin"] = "changed-on-the-camera"
    await hik.audits(3)
    assert len(reauth_flows(hass)) == 1
    # Three audits were rejected: the reauth form may try once more, then stops.
    result = await hik.entry.start_reauth_flow(hass)
    result = await hass.config_entries.flow.async_configure(
        result["flow_id"], {CONF_USERNAME: "admin", CONF_PASSWORD: "still-wrong"}
    )
    assert result["errors"] == {"base": "invalid_auth"}
    assert result["description_placeholders"]["left"] == "0"
    result = await hass.config_entries.flow.async_configure(
        result["flow_id"], {CONF_USERNAME: "admin", CONF_PASSWORD: "changed-on-the-camera"}
    )
    assert result["errors"]["base"] in ("lockout_last_attempt", "lockout_own_failures")
    assert _failed(hik.camera) == 4
    assert not hik.camera.is_locked("127.0.0.1")
