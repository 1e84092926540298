"""A damaged store never stops a camera: it loads, audits, and says what it dropped.

Each case writes one kind of damage into the camera's store before setup (through
Home Assistant's storage mock, or as a real file where the damage is in the file
itself), then checks that the entry is set up, the camera was audited, a warning
names the camera and the dropped part, what was readable was kept, and the next
save leaves a clean store.
"""

from __future__ import annotations

import json
import logging
import time
from pathlib import Path
from typing import Any
from unittest.mock import patch

import pytest
from freezegun.api import FrozenDateTimeFactory
from homeassistant.config_entries import ConfigEntryState
from homeassistant.core import HomeAssistant
from homeassistant.helpers import storage
from pytest_homeassistant_custom_component.common import MockConfigEntry

from camsim.camera import SimCamera
from custom_components.camera_posture.const import DOMAIN
from custom_components.camera_posture.posture.policy import DriftTracker, value_key
from custom_components.camera_posture.posture.vendors.base import DefaultLoginGuard
from custom_components.camera_posture.storage import STORAGE_VERSION, PostureStore
from tests.posture.test_stored_state import OPEN

from .helpers import audit_cycle, setup_entry

# Home Assistant's own loader, taken before the `hass_storage` fixture replaces it:
# the file-level cases need the real JSON file on disk.
REAL_LOAD = storage.Store._async_load

# A drift history with one readable, open drift (telnet switched on, never accepted).
TELNET_OPEN = OPEN
GOOD = {"drift": {"telnet": TELNET_OPEN}, "guard": {}, "auth_failures": 0}


def _key(entry: MockConfigEntry) -> str:
    return f"{DOMAIN}.{entry.entry_id}"


def _with(**parts: Any) -> dict[str, Any]:
    """GOOD with some parts replaced."""
    return {**GOOD, **parts}


# kind -> (stored file content, text the warning must contain, telnet drift kept?)
DAMAGED: dict[str, tuple[dict[str, Any], str, bool]] = {
    "data is a list": ({"version": 1, "data": []}, "data is a list, not a mapping", False),
    "data is a string": ({"version": 1, "data": "{}"}, "data is a str, not a mapping", False),
    "data is a number": ({"version": 1, "data": 7}, "data is a int, not a mapping", False),
    "newer version": ({"version": 99, "data": GOOD}, "unknown storage version 99", False),
    "older version": ({"version": 0, "data": GOOD}, "unknown storage version 0", False),
    "version is text": ({"version": "1", "data": GOOD}, "unreadable file: TypeError", False),
    "drift is a list": ({"version": 1, "data": _with(drift=[])}, "drift history (a list", False),
    "drift entry not a mapping": (
        {"version": 1, "data": _with(drift={"telnet": TELNET_OPEN, "ssh": 5})},
        "drift of 'ssh' (not a mapping)",
        True,
    ),
    "drift status unknown": (
        {
            "version": 1,
            "data": _with(drift={"telnet": TELNET_OPEN, "ssh": {**TELNET_OPEN, "status": "x"}}),
        },
        "drift of 'ssh' (unknown status)",
        True,
    ),
    "drift value not JSON": (
        {
            "version": 1,
            "data": _with(drift={"telnet": TELNET_OPEN, "ssh": {**TELNET_OPEN, "value": "{no"}}),
        },
        "drift of 'ssh' (observed value is not JSON)",
        True,
    ),
    "drift baseline not a list": (
        {"version": 1, "data": _with(drift={"telnet": {**TELNET_OPEN, "baseline": "true"}})},
        "drift of 'telnet': accepted values (not a list)",
        True,
    ),
    "drift baseline item not JSON": (
        {"version": 1, "data": _with(drift={"telnet": {**TELNET_OPEN, "baseline": ["{", 3]}})},
        "drift of 'telnet': accepted values that are not JSON",
        True,
    ),
    "drift open flag not a bool": (
        {"version": 1, "data": _with(drift={"telnet": {**TELNET_OPEN, "open": "yes"}})},
        "drift of 'telnet': open flag (not true/false; re-derived)",
        True,
    ),
    "drift pending unreadable": (
        {
            "version": 1,
            "data": _with(
                drift={"telnet": {**TELNET_OPEN, "pending": "pass|{", "pending_count": "x"}}
            ),
        },
        "drift of 'telnet': pending confirmation (unreadable)",
        True,
    ),
    "guard is a list": (
        {"version": 1, "data": _with(guard=[1, 2])},
        "(a list, not a mapping)",
        True,
    ),
    "guard time is text": (
        {"version": 1, "data": _with(guard={"10.0.0.9/admin": "yesterday"})},
        "default-login time of '10.0.0.9/admin' (not a number; counted as now)",
        True,
    ),
    "guard time in the far future": (
        {"version": 1, "data": _with(guard={"10.0.0.9/admin": 1e12})},
        "default-login time of '10.0.0.9/admin' (in the future; counted as now)",
        True,
    ),
    "auth_failures is text": (
        {"version": 1, "data": _with(auth_failures="abc")},
        "failed-login count ('abc' is not a count; counted from 0)",
        True,
    ),
    "auth_failures negative": (
        {"version": 1, "data": _with(auth_failures=-2)},
        "failed-login count (-2 is not a count",
        True,
    ),
    "auth_failures is a bool": (
        {"version": 1, "data": _with(auth_failures=True)},
        "failed-login count (True is not a count",
        True,
    ),
    "unknown part": (
        {"version": 1, "data": _with(surprise={"a": 1})},
        "unknown part 'surprise'",
        True,
    ),
}


def _warnings(caplog: pytest.LogCaptureFixture) -> list[str]:
    return [
        r.getMessage()
        for r in caplog.records
        if r.levelno == logging.WARNING and r.name.startswith("custom_components.camera_posture")
    ]


@pytest.mark.parametrize("kind", list(DAMAGED))
async def test_damaged_store_loads_audits_and_warns(
    hass: HomeAssistant,
    hass_storage: dict[str, Any],
    caplog: pytest.LogCaptureFixture,
    frozen: FrozenDateTimeFactory,
    onvif_camera: SimCamera,
    camera_entry: MockConfigEntry,
    kind: str,
) -> None:
    stored, dropped, telnet_kept = DAMAGED[kind]
    hass_storage[_key(camera_entry)] = stored
    await setup_entry(hass, camera_entry)

    assert camera_entry.state is ConfigEntryState.LOADED
    coordinator = camera_entry.runtime_data
    assert coordinator.audits == 1
    assert coordinator.last_update_success
    [warning] = _warnings(caplog)
    assert camera_entry.title in warning
    assert dropped in warning
    # Only the bad part went: the readable drift survived where it was readable.
    assert coordinator.tracker.is_open("telnet") is telnet_kept
    assert coordinator.auth_failures == 0

    # The store was rewritten in the current shape; the next restart warns no more.
    saved = hass_storage[_key(camera_entry)]
    assert saved["version"] == STORAGE_VERSION
    assert set(saved["data"]) == {"drift", "guard", "auth_failures"}
    caplog.clear()
    await hass.config_entries.async_reload(camera_entry.entry_id)
    await hass.async_block_till_done()
    assert camera_entry.state is ConfigEntryState.LOADED
    assert _warnings(caplog) == []
    await audit_cycle(hass, frozen)
    assert camera_entry.runtime_data.last_update_success


@pytest.mark.parametrize("minor_version", [1, 5], ids=["current", "newer minor version"])
async def test_readable_store_is_kept_silently(
    hass: HomeAssistant,
    hass_storage: dict[str, Any],
    caplog: pytest.LogCaptureFixture,
    onvif_camera: SimCamera,
    camera_entry: MockConfigEntry,
    minor_version: int,
) -> None:
    # A newer minor version only adds: what this version knows is still read.
    tried_at = time.time() - 3600
    hass_storage[_key(camera_entry)] = {
        "version": STORAGE_VERSION,
        "minor_version": minor_version,
        "data": _with(guard={"10.0.0.9/admin": tried_at}, auth_failures=2.0),
    }
    await setup_entry(hass, camera_entry)
    coordinator = camera_entry.runtime_data
    assert _warnings(caplog) == []
    assert coordinator.tracker.is_open("telnet")
    assert coordinator.guard.attempts["10.0.0.9/admin"] == tried_at
    # 2 from the store, then the audit succeeded: back to 0.
    assert coordinator.auth_failures == 0


# A failure version 1 put into the baseline without telling anyone (or that the user
# accepted: version 1 cannot tell which).
SILENT = {**TELNET_OPEN, "baseline": ["true"], "open": False}


async def test_version_1_store_loads_and_its_silent_failures_are_announced_again(
    hass: HomeAssistant,
    hass_storage: dict[str, Any],
    caplog: pytest.LogCaptureFixture,
    onvif_camera: SimCamera,
    camera_entry: MockConfigEntry,
) -> None:
    passing = {**TELNET_OPEN, "status": "pass", "value": "false", "open": False}
    hass_storage[_key(camera_entry)] = {
        "version": 1,
        "data": _with(drift={"telnet": TELNET_OPEN, "upnp": SILENT, "ssh": passing}),
    }
    await setup_entry(hass, camera_entry)
    coordinator = camera_entry.runtime_data
    assert coordinator.last_update_success
    [warning] = _warnings(caplog)
    assert camera_entry.title in warning
    assert "announced again" in warning
    assert "upnp" in warning
    assert "telnet" not in warning
    # The open drift stays open; the silently accepted failure is no longer accepted.
    assert coordinator.tracker.is_open("telnet")
    assert coordinator.tracker.baseline("upnp") == []
    saved = hass_storage[_key(camera_entry)]
    assert saved["version"] == STORAGE_VERSION
    assert "true" not in saved["data"]["drift"].get("upnp", {}).get("baseline", [])


# --- damage in the file itself (Home Assistant's real loader) -----------------------


@pytest.fixture
def real_files(hass: HomeAssistant, tmp_path: Path) -> Path:
    """Stores are read from real files under tmp_path (not the storage mock)."""
    hass.config.config_dir = str(tmp_path)
    (tmp_path / storage.STORAGE_DIR).mkdir()
    return tmp_path / storage.STORAGE_DIR


FILES: dict[str, tuple[str | None, str | None]] = {
    "data is null": (json.dumps({"version": 1, "key": "x", "data": None}), "data is empty"),
    "no data key": (json.dumps({"version": 1, "key": "x"}), "unreadable file: KeyError"),
    "no version": (json.dumps({"data": GOOD}), "unreadable file: KeyError"),
    "top level a list": (json.dumps([1, 2]), "unreadable file: TypeError"),
    # Home Assistant moves a file that is not JSON aside and raises its own repair.
    "not JSON": ('{"version": 1, "data": {"drift": {', None),
    # A camera never audited before: nothing is damaged, nothing said.
    "no file": (None, None),
}


@pytest.mark.parametrize("kind", list(FILES))
async def test_damaged_file_loads_and_audits(
    hass: HomeAssistant,
    real_files: Path,
    caplog: pytest.LogCaptureFixture,
    onvif_camera: SimCamera,
    camera_entry: MockConfigEntry,
    kind: str,
) -> None:
    content, dropped = FILES[kind]
    if content is not None:
        (real_files / _key(camera_entry)).write_text(content)
    with patch.object(storage.Store, "_async_load", REAL_LOAD):
        await setup_entry(hass, camera_entry)
    assert camera_entry.state is ConfigEntryState.LOADED
    assert camera_entry.runtime_data.audits == 1
    assert camera_entry.runtime_data.last_update_success
    warnings = _warnings(caplog)
    if dropped is None:
        assert warnings == []
        corrupt = any("Unrecoverable error decoding storage" in r.message for r in caplog.records)
        assert corrupt is (content is not None)
    else:
        [warning] = warnings
        assert camera_entry.title in warning
        assert dropped in warning


async def test_store_round_trip(hass: HomeAssistant, hass_storage: dict[str, Any]) -> None:
    store = PostureStore(hass, "abc", "Porch camera")
    tracker = DriftTracker.from_dict({"telnet": TELNET_OPEN})
    guard = DefaultLoginGuard(attempts={"10.0.0.9/admin": 1000.0})
    await store.async_save_state(tracker, guard, 2)
    again = DefaultLoginGuard()
    restored = await PostureStore(hass, "abc").async_restore(again)
    assert restored.auth_failures == 2
    assert restored.tracker.to_dict() == tracker.to_dict()
    assert again.attempts == {"10.0.0.9/admin": 1000.0}
    assert value_key(True) == TELNET_OPEN["value"]


@pytest.mark.parametrize(
    ("stored", "dropped"),
    [
        ({"version": 1, "data": ["catalog"]}, "data is a list, not a mapping"),
        ({"version": 7, "data": {"catalog": None}}, "unknown storage version 7"),
        ({"version": None, "data": {}}, "unreadable file: TypeError"),
    ],
    ids=["data is a list", "unknown version", "version is null"],
)
async def test_damaged_catalog_feed_store_never_stops_the_cameras(
    hass: HomeAssistant,
    hass_storage: dict[str, Any],
    caplog: pytest.LogCaptureFixture,
    onvif_camera: SimCamera,
    camera_entry: MockConfigEntry,
    stored: dict[str, Any],
    dropped: str,
) -> None:
    # The integration-wide store of the advisory catalog feed: read as defensively.
    hass_storage[f"{DOMAIN}.catalog"] = stored
    await setup_entry(hass, camera_entry)
    assert camera_entry.state is ConfigEntryState.LOADED
    assert camera_entry.runtime_data.last_update_success
    [warning] = _warnings(caplog)
    assert "Stored advisory catalog feed state was damaged" in warning
    assert dropped in warning
