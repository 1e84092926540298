"""What Camera Posture keeps per camera across restarts, read defensively.

One file per camera (`.storage/camera_posture.<entry_id>`): the drift history, the
times guarded default-credential logins were tried, and how many audits in a row the
camera rejected the configured credentials. The file is ours, but a crash, a manual
edit or a downgrade can damage it, and a damaged file must never stop a camera from
being audited (nor crash every audit). So on load:

- an unreadable file, a `data` that is not a mapping, or a storage version we do not
  know (newer or older) starts afresh;
- inside a readable file only the bad parts are dropped (a drift entry, a guard time,
  the failure count), each named;
- whatever was dropped is logged once, as a warning naming the camera.

The advisory catalog feed's own store (`camera_posture.catalog`) is read the same way
(SafeStore): a damaged copy never stops the integration from setting up.
"""

from __future__ import annotations

import math
import os
import reprlib
import sys
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, override

from homeassistant.core import HomeAssistant
from homeassistant.exceptions import HomeAssistantError
from homeassistant.helpers.storage import Store

from .const import DOMAIN, LOGGER, STORAGE_VERSION
from .posture.policy import DriftTracker, forget_unannounced_failures
from .posture.vendors.base import DefaultLoginGuard

_PARTS = ("drift", "guard", "auth_failures")


@dataclass(slots=True)
class Restored:
    """The readable part of a camera's stored state."""

    tracker: DriftTracker
    auth_failures: int


class SafeStore(Store[dict[str, Any]]):
    """A store of ours: versioned, and its loading never fails.

    An unknown storage version or a file Home Assistant's Store cannot read starts
    afresh (an empty mapping), each named in `dropped`; the caller validates the rest
    and calls `warn` once.
    """

    def __init__(self, hass: HomeAssistant, key: str, what: str, version: int) -> None:
        """Store `key`; `what` names it in the warning ("state of camera Porch")."""
        # Every version reaches _async_migrate_func instead of raising, so an unknown
        # one starts afresh rather than failing a setup.
        super().__init__(hass, version, key, max_readable_version=sys.maxsize)
        self.what = what
        self.dropped: list[str] = []

    @override
    async def _async_migrate_func(
        self, old_major_version: int, old_minor_version: int, old_data: Any
    ) -> Any:
        if old_major_version == self.version:
            # A newer minor version only adds: read what this version knows.
            return old_data
        if old_major_version in self.migrations:
            return self.migrations[old_major_version](old_data)
        self.dropped.append(f"everything (unknown storage version {old_major_version!r})")
        return {}

    @property
    def migrations(self) -> dict[int, Callable[[Any], Any]]:
        """Older versions this store can read -> how their data becomes today's."""
        return {}

    async def async_load_mapping(self) -> dict[str, Any] | None:
        """The stored mapping, {} when it was unreadable, None when nothing is stored."""
        self.dropped = []
        try:
            raw: Any = await self.async_load()
        except (HomeAssistantError, KeyError, TypeError, ValueError) as err:
            # A file Home Assistant's Store itself cannot make sense of (top level not
            # an object, no version, a version that is not a number...).
            self.dropped.append(f"everything (unreadable file: {type(err).__name__})")
            return {}
        if raw is None:
            # Store reads a missing file and a `data` of null alike; only the latter is
            # damage (we always write a mapping). A corrupt JSON file was moved aside
            # and reported by Home Assistant itself, so it no longer exists here.
            if await self.hass.async_add_executor_job(os.path.exists, self.path):
                self.dropped.append("everything (data is empty)")
                return {}
            return None
        if not isinstance(raw, dict):
            self.dropped.append(f"everything (data is a {type(raw).__name__}, not a mapping)")
            return {}
        return raw

    def warn(self) -> None:
        """Say once what was dropped (nothing to say: no log line)."""
        if self.dropped:
            LOGGER.warning(
                "Stored %s was damaged; dropped %s. The rest was kept and what was "
                "dropped is rebuilt afresh",
                self.what,
                "; ".join(self.dropped),
            )


class PostureStore(SafeStore):
    """A camera's store: drift history, guard times and the failure count."""

    def __init__(self, hass: HomeAssistant, entry_id: str, camera: str = "") -> None:
        """Store of one config entry; `camera` names it in warnings."""
        super().__init__(
            hass, f"{DOMAIN}.{entry_id}", f"state of camera {camera or entry_id}", STORAGE_VERSION
        )
        self.migrated: list[str] = []

    @property
    @override
    def migrations(self) -> dict[int, Callable[[Any], Any]]:
        return {1: self._from_version_1}

    def _from_version_1(self, old_data: Any) -> Any:
        if not isinstance(old_data, dict):
            return old_data  # damage: async_load_mapping says what and starts afresh
        # Version 1 kept the first audit's failures in the baseline as if accepted, and
        # never announced them; they cannot be told apart from values the user accepted.
        # Truth first: forget those histories so the next audits announce the failures
        # (an exception the user did accept is asked for once more).
        drift, self.migrated = forget_unannounced_failures(old_data.get("drift", {}))
        return {**old_data, "drift": drift}

    async def async_restore(self, guard: DefaultLoginGuard) -> Restored:
        """Load, keep what is readable (guard times go into `guard`), warn about the rest."""
        self.migrated = []
        raw = await self.async_load_mapping() or {}
        if self.migrated:
            LOGGER.warning(
                "Stored %s was written by an older version that silently accepted the "
                "failures its first audit found (%s); they will be announced again. "
                "Accept them again if they are intended",
                self.what,
                ", ".join(self.migrated),
            )
        notes = self.dropped
        notes.extend(f"unknown part {reprlib.repr(key)}" for key in raw if key not in _PARTS)
        tracker = DriftTracker.from_dict(raw.get("drift", {}), notes)
        notes.extend(guard.restore(raw.get("guard", {})))
        restored = Restored(tracker, _failure_count(raw.get("auth_failures", 0), notes))
        self.warn()
        return restored

    async def async_save_state(
        self, tracker: DriftTracker, guard: DefaultLoginGuard, auth_failures: int
    ) -> None:
        """Write the current state (replaces whatever was there, damaged or not)."""
        await self.async_save(
            {
                "drift": tracker.to_dict(),
                "guard": dict(guard.attempts),
                "auth_failures": auth_failures,
            }
        )


def _failure_count(value: Any, notes: list[str]) -> int:
    """A count of rejected logins: a whole number >= 0 (JSON may write it as 2.0)."""
    if (
        isinstance(value, int | float)
        and not isinstance(value, bool)
        and math.isfinite(value)
        and value >= 0
        and value == int(value)
    ):
        return int(value)
    # Starting from 0 allows at most AUTH_FAILURES_BEFORE_REAUTH failed logins before
    # reauthentication: what a new camera gets too, and below every lockout we know.
    notes.append(f"failed-login count ({reprlib.repr(value)} is not a count; counted from 0)")
    return 0
