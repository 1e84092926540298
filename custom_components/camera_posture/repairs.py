"""Fix flows for policy drift: accept the exact observed value, or audit again."""

from __future__ import annotations

import json
from typing import Any

from homeassistant.components.repairs import RepairsFlow, RepairsFlowResult
from homeassistant.config_entries import ConfigEntryState
from homeassistant.core import HomeAssistant

from .const import DOMAIN, LOGGER
from .coordinator import CameraPostureCoordinator
from .posture.checks import CHECKS
from .posture.models import Severity, Status


class DriftRepairFlow(RepairsFlow):
    """Menu: accept as the new baseline, or re-check now."""

    def __init__(self, coordinator: CameraPostureCoordinator, check_id: str, observed: Any):
        """Remember which check and which exact value the issue is about."""
        self._coordinator = coordinator
        self._check_id = check_id
        self._observed = observed

    async def async_step_init(self, _: dict[str, str] | None = None) -> RepairsFlowResult:
        """Offer the two ways out."""
        return self.async_show_menu(step_id="init", menu_options=["accept", "recheck"])

    async def async_step_accept(
        self, user_input: dict[str, str] | None = None
    ) -> RepairsFlowResult:
        """Accept the value the drift was raised for (only that exact value).

        A high or critical finding is not accepted with one click: a confirmation step
        says what accepting means (no repair or drift for that value until revoked).
        """
        check = self._coordinator.data.checks[self._check_id]
        serious = check.severity in (Severity.HIGH, Severity.CRITICAL)
        if user_input is None and serious:
            return self.async_show_form(
                step_id="accept",
                description_placeholders={"severity": str(check.severity)},
            )
        await self._coordinator.async_accept(self._check_id, self._observed)
        return self.async_create_entry(data={})

    async def async_step_recheck(
        self, user_input: dict[str, str] | None = None
    ) -> RepairsFlowResult:
        """Audit now; the issue goes away only if the check passes."""
        await self._coordinator.async_refresh()
        check = self._coordinator.data.checks[self._check_id]
        if not self._coordinator.last_update_success or check.status is not Status.PASS:
            return self.async_abort(reason="still_failing")
        # The user vouches for the fix and the audit confirms it: no more confirming
        # audits needed, the drift is resolved now (told, and not raised again).
        await self._coordinator.async_resolve(self._check_id)
        return self.async_create_entry(data={})


class CameraUnavailableFlow(RepairsFlow):
    """The issue's camera cannot be acted on now (removed, disabled, not loaded).

    It says so and keeps the issue: the camera's next audit raises or removes it, while
    confirming it here would drop a finding nobody fixed.
    """

    async def async_step_init(self, _: dict[str, str] | None = None) -> RepairsFlowResult:
        """Tell the user why nothing can be done from here right now."""
        return self.async_abort(reason="camera_not_loaded")


async def async_create_fix_flow(
    hass: HomeAssistant, issue_id: str, data: dict[str, str | int | float | None] | None
) -> RepairsFlow:
    """Build the fix flow of one drift issue (or one that explains why it cannot run)."""
    data = data or {}
    entry = hass.config_entries.async_get_entry(str(data.get("entry_id")))
    if (
        entry is None
        or entry.domain != DOMAIN
        or entry.state is not ConfigEntryState.LOADED
        or data.get("check_id") not in CHECKS
        or "observed" not in data
    ):
        LOGGER.debug("Repair %s has no loaded camera or check to act on", issue_id)
        return CameraUnavailableFlow()
    return DriftRepairFlow(
        entry.runtime_data, str(data["check_id"]), json.loads(str(data["observed"]))
    )
