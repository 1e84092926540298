"""Options: the policy (required checks, severities, patience) and audit behaviour."""

from __future__ import annotations

import json
from typing import Any

import probatio
from homeassistant.config_entries import (
    ConfigEntryState,
    ConfigFlowResult,
    OptionsFlowWithReload,
)
from homeassistant.data_entry_flow import section
from homeassistant.helpers import config_validation as cv
from homeassistant.helpers.selector import (
    BooleanSelector,
    NumberSelector,
    NumberSelectorConfig,
    NumberSelectorMode,
    SelectSelector,
    SelectSelectorConfig,
    SelectSelectorMode,
    TextSelector,
)

from .const import (
    CONF_ACTIVE_PROBING,
    CONF_AUDIT_INTERVAL,
    CONF_CAMERA_UPDATE_CHECK,
    CONF_CATALOG_FEED,
    CONF_HYSTERESIS,
    CONF_REQUIRED_CHECKS,
    CONF_ROUTER,
    CONF_SEVERITIES,
    options_of,
)
from .coordinator import CameraPostureConfigEntry, CameraPostureCoordinator
from .posture.checks import CHECKS
from .posture.models import Severity
from .posture.policy import value_key

# Form-only field (not stored as an option): accepted exceptions to take back.
CONF_REVOKE = "revoke_accepted"


def accepted_exceptions(entry: CameraPostureConfigEntry) -> dict[str, str]:
    """Accepted values of a loaded camera: "<check>|<value as JSON>" -> readable label."""
    if entry.state is not ConfigEntryState.LOADED:
        return {}
    tracker = entry.runtime_data.tracker
    return {
        f"{check_id}|{value_key(value)}": f"{spec.fail_summary}: {value_key(value)}"
        for check_id, spec in CHECKS.items()
        for value in tracker.baseline(check_id)
    }


def _number(low: int, high: int) -> NumberSelector:
    return NumberSelector(
        NumberSelectorConfig(min=low, max=high, step=1, mode=NumberSelectorMode.BOX)
    )


def options_schema(
    options: dict[str, Any], accepted: dict[str, str] | None = None
) -> probatio.Schema:
    """The options form, filled with the current values (and accepted values to revoke)."""
    severity = SelectSelector(
        SelectSelectorConfig(
            options=[str(s) for s in Severity],
            translation_key="severity",
            mode=SelectSelectorMode.DROPDOWN,
        )
    )
    severities = options[CONF_SEVERITIES]
    return probatio.Schema(
        {
            probatio.Required(
                CONF_REQUIRED_CHECKS, default=options[CONF_REQUIRED_CHECKS]
            ): SelectSelector(
                SelectSelectorConfig(
                    options=list(CHECKS),
                    multiple=True,
                    translation_key="check_id",
                    mode=SelectSelectorMode.LIST,
                )
            ),
            probatio.Required(CONF_AUDIT_INTERVAL, default=options[CONF_AUDIT_INTERVAL]): _number(
                1, 1440
            ),
            probatio.Required(CONF_HYSTERESIS, default=options[CONF_HYSTERESIS]): _number(1, 10),
            probatio.Required(
                CONF_ACTIVE_PROBING, default=options[CONF_ACTIVE_PROBING]
            ): BooleanSelector(),
            probatio.Optional(
                CONF_ROUTER, description={"suggested_value": options.get(CONF_ROUTER)}
            ): TextSelector(),
            **(
                {probatio.Optional(CONF_REVOKE, default=[]): cv.multi_select(accepted)}
                if accepted
                else {}
            ),
            probatio.Required(
                CONF_CATALOG_FEED, default=options[CONF_CATALOG_FEED]
            ): BooleanSelector(),
            probatio.Required(
                CONF_CAMERA_UPDATE_CHECK, default=options[CONF_CAMERA_UPDATE_CHECK]
            ): BooleanSelector(),
            probatio.Required(CONF_SEVERITIES): section(
                probatio.Schema(
                    {
                        probatio.Required(
                            check_id, default=str(severities.get(check_id, spec.severity))
                        ): severity
                        for check_id, spec in CHECKS.items()
                    }
                ),
                {"collapsed": True},
            ),
        }
    )


class CameraPostureOptionsFlow(OptionsFlowWithReload):
    """One form; saving it reloads the camera with the new policy."""

    async def async_step_init(self, user_input: dict[str, Any] | None = None) -> ConfigFlowResult:
        """Show or save the options."""
        accepted = accepted_exceptions(self.config_entry)
        if user_input is not None:
            data = dict(user_input)
            for key in data.pop(CONF_REVOKE, []):
                # Revoked: the check's current verdict is judged again (repair if failing).
                check_id, _, value = key.partition("|")
                # Only offered while the camera is loaded (see accepted_exceptions).
                coordinator: CameraPostureCoordinator = self.config_entry.runtime_data
                await coordinator.async_revoke(check_id, json.loads(value))
            data[CONF_AUDIT_INTERVAL] = int(data[CONF_AUDIT_INTERVAL])
            data[CONF_HYSTERESIS] = int(data[CONF_HYSTERESIS])
            # Keep only severities that differ from the check's default.
            data[CONF_SEVERITIES] = {
                k: v for k, v in data[CONF_SEVERITIES].items() if v != CHECKS[k].severity
            }
            return self.async_create_entry(data=data)
        current = options_of(self.config_entry.options)
        return self.async_show_form(
            step_id="init",
            data_schema=options_schema(current, accepted),
            description_placeholders={
                "accepted": "\n".join(f"- {label}" for label in accepted.values()) or "-"
            },
        )
