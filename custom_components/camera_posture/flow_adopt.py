"""Config flow steps that adopt cameras other integrations already hold credentials for."""

from __future__ import annotations

from typing import Any

import probatio
from homeassistant.config_entries import ConfigEntry, ConfigFlowResult
from homeassistant.const import CONF_HOST, CONF_PASSWORD, CONF_USERNAME
from homeassistant.data_entry_flow import FlowResultType
from homeassistant.helpers import config_validation as cv

from .const import ADOPTABLE_DOMAINS, DOMAIN
from .flow_helpers import CameraFlowBase, adopted_data

# Flow source of each camera of a multi-camera adoption (tested and consented already).
SOURCE_ADOPTED = "adopted"


class AdoptSteps(CameraFlowBase):
    """Pick cameras from other integrations, consent once, test each once."""

    def _adoptable(self) -> list[ConfigEntry]:
        """Cameras other integrations hold credentials for, not yet audited by us."""
        ours = {entry.data.get(CONF_HOST) for entry in self._async_current_entries()}
        return [
            entry
            for domain in ADOPTABLE_DOMAINS
            for entry in self.hass.config_entries.async_entries(domain)
            if CONF_USERNAME in entry.data
            and CONF_PASSWORD in entry.data
            and entry.data.get(CONF_HOST) not in ours
        ]

    async def async_step_adopt(self, user_input: dict[str, Any] | None = None) -> ConfigFlowResult:
        """Pick the cameras other integrations already know (any number at once)."""
        candidates = {entry.entry_id: entry for entry in self._adoptable()}
        if user_input is not None:
            self._adopt = [candidates[entry_id] for entry_id in user_input["cameras"]]
            return await self.async_step_adopt_confirm()
        choices = {
            entry_id: f"{entry.title} ({entry.domain}, {entry.data[CONF_HOST]})"
            for entry_id, entry in candidates.items()
        }
        return self.async_show_form(
            step_id="adopt",
            data_schema=probatio.Schema(
                {
                    probatio.Required("cameras", default=list(choices)): probatio.All(
                        cv.multi_select(choices), probatio.Length(min=1)
                    )
                }
            ),
        )

    async def async_step_adopt_confirm(
        self, user_input: dict[str, Any] | None = None
    ) -> ConfigFlowResult:
        """Ask consent once to reuse the other integrations' stored credentials, then test."""
        errors: dict[str, str] = {}
        if user_input is not None:
            if len(self._adopt) > 1:
                return await self._async_adopt_many()
            data = adopted_data(self._adopt[0])
            camera, errors = await self._async_identify(data)
            if camera is not None:
                return await self._async_create(data, camera)
        return self.async_show_form(
            step_id="adopt_confirm",
            description_placeholders=self._placeholders(
                {
                    "cameras": "\n".join(
                        f"- {source.title} ({source.domain}, {source.data[CONF_HOST]})"
                        for source in self._adopt
                    ),
                }
            ),
            errors=errors,
        )

    async def _async_adopt_many(self) -> ConfigFlowResult:
        """Test each chosen camera once; each that answers gets its own entry (own flow)."""
        not_added: list[str] = []
        for source in self._adopt:
            data = adopted_data(source)
            camera, _ = await self._async_identify(data)
            if camera is not None:
                result = await self.hass.config_entries.flow.async_init(
                    DOMAIN,
                    context={"source": SOURCE_ADOPTED},
                    data={"data": data, "camera": camera},
                )
                if result["type"] is FlowResultType.CREATE_ENTRY:
                    continue
            not_added.append(source.title)
        added = len(self._adopt) - len(not_added)
        if not not_added:
            return self.async_abort(
                reason="adopted_all", description_placeholders={"added": str(added)}
            )
        return self.async_abort(
            reason="adopted_some",
            description_placeholders={
                "added": str(added),
                "selected": str(len(self._adopt)),
                "not_added": ", ".join(not_added),
            },
        )

    async def async_step_adopted(self, discovery_info: dict[str, Any]) -> ConfigFlowResult:
        """One camera of a multi-camera adoption, already tested: create its entry."""
        return await self._async_create(discovery_info["data"], discovery_info["camera"])
