"""Config flow: add a camera (by hand, by discovery, or adopted) after talking to it."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Self, override

import probatio
from homeassistant.config_entries import (
    ConfigEntry,
    ConfigFlowResult,
)
from homeassistant.const import CONF_HOST, CONF_PORT, CONF_USERNAME
from homeassistant.core import callback
from homeassistant.helpers.device_registry import format_mac
from homeassistant.helpers.service_info.dhcp import DhcpServiceInfo
from homeassistant.helpers.service_info.ssdp import SsdpServiceInfo
from homeassistant.helpers.service_info.zeroconf import ZeroconfServiceInfo
from homeassistant.helpers.typing import DiscoveryInfoType

from .const import CONF_MAC, CONF_SCHEME, DEFAULT_PORT, DOMAIN
from .coordinator import (
    CameraPostureConfigEntry,
    async_forget_auth_failures,
)
from .discovery import CONF_ENDPOINT
from .flow_adopt import AdoptSteps
from .flow_helpers import (
    DISCOVERY_SCHEMA,
    REAUTH_SCHEMA,
    USER_SCHEMA,
    reconfigure_schema,
    unique_id_for,
)
from .options_flow import CameraPostureOptionsFlow
from .posture.hosts import HTTP, HTTPS, HostError, device_url, parse_host

# Flow source of each camera of a multi-camera adoption (tested and consented already).


class CameraPostureConfigFlow(AdoptSteps, domain=DOMAIN):
    """Add one camera."""

    VERSION = 1
    # 2: the four checks of issue 14 join the stored "required checks" (see __init__.py).
    MINOR_VERSION = 2

    @staticmethod
    @callback
    @override
    def async_get_options_flow(
        config_entry: CameraPostureConfigEntry,
    ) -> CameraPostureOptionsFlow:
        return CameraPostureOptionsFlow()

    async def async_step_user(self, user_input: dict[str, Any] | None = None) -> ConfigFlowResult:
        """Offer adopting cameras other integrations know, else enter one by hand."""
        if user_input is None and self._adoptable():
            return self.async_show_menu(step_id="user", menu_options=["manual", "adopt"])
        return await self.async_step_manual(user_input)

    async def async_step_manual(self, user_input: dict[str, Any] | None = None) -> ConfigFlowResult:
        """Ask for the camera's address and credentials, then test them."""
        errors: dict[str, str] = {}
        if user_input is not None:
            data = dict(user_input)
            camera, errors = await self._async_identify(data)
            if camera is not None:
                return await self._async_create(data, camera)
        return self.async_show_form(
            step_id="manual",
            data_schema=self.add_suggested_values_to_schema(USER_SCHEMA, user_input),
            description_placeholders=self._placeholders(),
            errors=errors,
        )

    async def async_step_dhcp(self, discovery_info: DhcpServiceInfo) -> ConfigFlowResult:
        """A camera vendor's MAC prefix asked for an address."""
        return await self._async_discovered(discovery_info.ip, discovery_info.macaddress)

    async def async_step_zeroconf(self, discovery_info: ZeroconfServiceInfo) -> ConfigFlowResult:
        """An Axis camera announced itself over mDNS (MAC in the TXT record)."""
        mac = str(discovery_info.properties.get("macaddress", ""))
        return await self._async_discovered(discovery_info.host, mac)

    async def async_step_ssdp(self, discovery_info: SsdpServiceInfo) -> ConfigFlowResult:
        """An Axis camera answered SSDP (its serial number is its MAC)."""
        location = device_url(discovery_info.ssdp_location or "")
        host = location.host if location is not None and location.host else ""
        mac = str(discovery_info.upnp.get("serialNumber", ""))
        return await self._async_discovered(host, mac)

    async def _async_discovered(self, host: str, mac: str) -> ConfigFlowResult:
        try:
            host = parse_host(host).host
        except HostError:
            return self.async_abort(reason="not_a_camera")
        if len(mac.replace(":", "").replace("-", "")) != 12:
            return self.async_abort(reason="not_a_camera")
        mac = format_mac(mac)
        # A known camera that moved: follow it (discovery-update-info).
        for entry in self._async_current_entries(include_ignore=False):
            if mac in (entry.data.get(CONF_MAC), entry.unique_id):
                if entry.data.get(CONF_HOST) != host:
                    self.hass.config_entries.async_update_entry(
                        entry, data={**entry.data, CONF_HOST: host}
                    )
                    self.hass.config_entries.async_schedule_reload(entry.entry_id)
                return self.async_abort(reason="already_configured")
        await self.async_set_unique_id(mac)
        self._abort_if_unique_id_configured()
        self._mac = mac
        return await self._async_confirm_discovered(host, DEFAULT_PORT)

    async def async_step_integration_discovery(
        self, discovery_info: DiscoveryInfoType
    ) -> ConfigFlowResult:
        """An ONVIF camera answered our WS-Discovery Probe (see discovery.py)."""
        try:
            host = parse_host(discovery_info[CONF_HOST]).host
        except HostError:
            return self.async_abort(reason="not_a_camera")
        self._scheme = HTTPS if discovery_info.get(CONF_SCHEME) == HTTPS else HTTP
        # The endpoint UUID is the only identity before login: it lets "ignore" stick.
        await self.async_set_unique_id(str(discovery_info[CONF_ENDPOINT]))
        self._abort_if_unique_id_configured()
        # No MAC or serial yet, so a configured camera is recognised by its address.
        self._async_abort_entries_match({CONF_HOST: host})
        return await self._async_confirm_discovered(host, int(discovery_info[CONF_PORT]))

    async def _async_confirm_discovered(self, host: str, port: int) -> ConfigFlowResult:
        self._host, self._port = host, port
        # One camera found by two protocols (DHCP and WS-Discovery) is offered once.
        if self.hass.config_entries.flow.async_has_matching_flow(self):
            return self.async_abort(reason="already_in_progress")
        self.context["title_placeholders"] = {"host": host}
        return await self.async_step_discovery_confirm()

    @override
    def is_matching(self, other_flow: Self) -> bool:
        """Another discovery flow for the same address is the same camera."""
        return bool(self._host) and other_flow._host == self._host

    async def async_step_discovery_confirm(
        self, user_input: dict[str, Any] | None = None
    ) -> ConfigFlowResult:
        """Confirm a discovered camera and give its credentials."""
        errors: dict[str, str] = {}
        if user_input is not None:
            data = {CONF_HOST: self._host, CONF_SCHEME: self._scheme, **user_input}
            camera, errors = await self._async_identify(data)
            if camera is not None:
                return await self._async_create(data, camera)
        return self.async_show_form(
            step_id="discovery_confirm",
            data_schema=self.add_suggested_values_to_schema(
                DISCOVERY_SCHEMA, user_input or {CONF_PORT: self._port}
            ),
            description_placeholders=self._placeholders({"host": self._host}),
            errors=errors,
        )

    async def async_step_reauth(self, entry_data: Mapping[str, Any]) -> ConfigFlowResult:
        """The camera kept rejecting the stored credentials."""
        return await self.async_step_reauth_confirm()

    async def async_step_reauth_confirm(
        self, user_input: dict[str, Any] | None = None
    ) -> ConfigFlowResult:
        """Ask for the new credentials and test them once."""
        entry = self._get_reauth_entry()
        return await self._async_change_entry(
            entry,
            user_input,
            step_id="reauth_confirm",
            schema=REAUTH_SCHEMA,
            suggested={CONF_USERNAME: entry.data[CONF_USERNAME]},
            placeholders={"name": entry.title},
        )

    async def async_step_reconfigure(
        self, user_input: dict[str, Any] | None = None
    ) -> ConfigFlowResult:
        """Change the camera's address or port."""
        entry = self._get_reconfigure_entry()
        return await self._async_change_entry(
            entry,
            user_input,
            step_id="reconfigure",
            schema=reconfigure_schema(entry.data[CONF_USERNAME]),
            # Never the stored password: it stays on the server (empty keeps it).
            suggested={
                key: (user_input or entry.data)[key]
                for key in (CONF_HOST, CONF_PORT, CONF_USERNAME)
            },
        )

    async def _async_change_entry(
        self,
        entry: ConfigEntry,
        user_input: dict[str, Any] | None,
        *,
        step_id: str,
        schema: probatio.Schema,
        suggested: Mapping[str, Any],
        placeholders: dict[str, str] | None = None,
    ) -> ConfigFlowResult:
        """Reauth and reconfigure: test the changed data once, then update the entry."""
        errors: dict[str, str] = {}
        if user_input is not None:
            data = {**entry.data, **user_input}
            if CONF_HOST in user_input:
                # A new address: its scheme is what the user wrote and the camera answers.
                data.pop(CONF_SCHEME, None)
            camera, errors = await self._async_identify(data)
            if camera is not None:
                changes = {key: data[key] for key in (*user_input, CONF_SCHEME)}
                return await self._async_update(entry, camera, changes)
        return self.async_show_form(
            step_id=step_id,
            data_schema=self.add_suggested_values_to_schema(schema, suggested),
            description_placeholders=self._placeholders(placeholders),
            errors=errors,
        )

    async def _async_update(
        self, entry: ConfigEntry, camera: Mapping[str, str], changes: dict[str, Any]
    ) -> ConfigFlowResult:
        await self.async_set_unique_id(unique_id_for(camera))
        self._abort_if_unique_id_mismatch(reason="wrong_camera")
        # The camera just accepted these credentials: the reload must audit with them,
        # not wait for reauthentication because of the old ones' rejections.
        await async_forget_auth_failures(self.hass, entry)
        return self.async_update_reload_and_abort(entry, data_updates=changes)
