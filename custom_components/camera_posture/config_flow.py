"""Config flow: add a camera (by hand, by discovery, or adopted) after talking to it."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Self, override

import probatio
from homeassistant.config_entries import (
    SOURCE_IGNORE,
    ConfigEntry,
    ConfigEntryState,
    ConfigFlow,
    ConfigFlowResult,
)
from homeassistant.const import CONF_HOST, CONF_PASSWORD, CONF_PORT, CONF_USERNAME
from homeassistant.core import callback
from homeassistant.data_entry_flow import FlowResultType
from homeassistant.helpers import config_validation as cv
from homeassistant.helpers.aiohttp_client import async_get_clientsession
from homeassistant.helpers.device_registry import format_mac
from homeassistant.helpers.service_info.dhcp import DhcpServiceInfo
from homeassistant.helpers.service_info.ssdp import SsdpServiceInfo
from homeassistant.helpers.service_info.zeroconf import ZeroconfServiceInfo
from homeassistant.helpers.typing import DiscoveryInfoType

from .const import ADOPTABLE_DOMAINS, CONF_MAC, CONF_SCHEME, DEFAULT_PORT, DOMAIN, LOGGER
from .coordinator import (
    CameraPostureConfigEntry,
    async_forget_auth_failures,
)
from .discovery import CONF_ENDPOINT
from .flow_helpers import (
    DISCOVERY_SCHEMA,
    REAUTH_SCHEMA,
    USER_SCHEMA,
    address,
    adopted_data,
    connection_data,
    identity,
    reconfigure_schema,
    unique_id_for,
)
from .login_ledger import SOURCE_FORM, check_login_allowed, failures_by_source, record_failures
from .options_flow import CameraPostureOptionsFlow
from .posture.audit import read_device_info
from .posture.errors import PostureError
from .posture.hosts import HTTP, HTTPS, HostError, device_url, parse_host
from .posture.lockout import LoginPreflight, LoginRefused, Refusal, RefusalReason
from .posture.vendors.base import ASSUMED_LOCKOUT
from .validation import async_load_engine_data, error_key, target_from_data

# Flow source of each camera of a multi-camera adoption (tested and consented already).
SOURCE_ADOPTED = "adopted"


class CameraPostureConfigFlow(ConfigFlow, domain=DOMAIN):
    """Add one camera."""

    VERSION = 1
    # 2: the four checks of issue 14 join the stored "required checks" (see __init__.py).
    MINOR_VERSION = 2

    def __init__(self) -> None:
        """Start with nothing discovered or chosen."""
        self._host = ""
        self._port = DEFAULT_PORT
        self._scheme = HTTP
        self._mac = ""
        self._adopt: list[ConfigEntry] = []
        # Placeholders of the error the form shows (filled by _async_identify).
        self._errors_for: dict[str, str] = {}

    @staticmethod
    @callback
    @override
    def async_get_options_flow(
        config_entry: CameraPostureConfigEntry,
    ) -> CameraPostureOptionsFlow:
        return CameraPostureOptionsFlow()

    async def _async_identify(
        self, data: dict[str, Any]
    ) -> tuple[dict[str, str] | None, dict[str, str]]:
        """Talk to the camera once (never retried); return its identity or form errors.

        `data` is normalised in place: host and port as parsed, and the scheme the
        camera answered with (https when its port speaks only TLS), ready to store.
        """
        self._errors_for = {}
        try:
            data.update(connection_data(data))
        except HostError as err:
            # A refused address never reaches the network; the reason is the error key.
            return None, {"base": f"host_{err.reason}"}
        return await self._async_test(data)

    async def _async_test(
        self, data: dict[str, Any]
    ) -> tuple[dict[str, str] | None, dict[str, str]]:
        """The connection test of parsed data (see _async_identify).

        Lockout safety: the engine reads the camera's lock state before any credential
        and `check_login_allowed` refuses to send when one more rejected login could
        lock the camera (the camera's remaining attempts, or Home Assistant's own
        rejected logins at this host within the family's lock window). Every rejection
        is counted, so the next attempt, from any form, knows about it.
        """
        host = data[CONF_HOST]
        if self._reported_locked(host):
            # A login now would be refused by the lock (and may extend it): send nothing.
            return None, self._locked_error(host)
        target = target_from_data(data)
        preflight: LoginPreflight | None = None

        async def gate(checked: LoginPreflight) -> None:
            nonlocal preflight
            preflight = checked
            check_login_allowed(self.hass, host, checked)

        await async_load_engine_data(self.hass)
        try:
            result = await read_device_info(async_get_clientsession(self.hass), target, gate)
        except LoginRefused as err:
            return None, self._refused_error(err.refusal)
        except PostureError as err:
            return None, self._failed(host, preflight, err)
        data[CONF_SCHEME] = result.scheme
        return identity(result.device), {}

    def _failed(
        self, host: str, preflight: LoginPreflight | None, err: PostureError
    ) -> dict[str, str]:
        """The form error of a failed test (the key the coordinator's exceptions use)."""
        key = error_key(err)
        if key == "login_locked":
            # The camera said so before we sent a credential (Hikvision, Reolink).
            return self._locked_error(host)
        if key == "invalid_auth":
            lockout = preflight.lockout if preflight is not None else ASSUMED_LOCKOUT
            record_failures(self.hass, host, SOURCE_FORM, window_s=lockout.window_s)
            failures = sum(failures_by_source(self.hass, host).values())
            self._errors_for = {
                "failures": str(failures),
                "threshold": str(lockout.threshold),
                "minutes": str(round(lockout.window_s / 60)),
                "left": str(max(0, lockout.threshold - 1 - failures)),
            }
        else:
            # A camera too slow for the engine's deadline ended the test there
            # (audit_timeout): the Submit never hangs longer, and the form says why.
            LOGGER.debug("Cannot connect to %s: %s", host, type(err).__name__)
        return {"base": key}

    def _refused_error(self, refusal: Refusal) -> dict[str, str]:
        """Nothing was sent because one more rejected login could lock the camera."""
        self._errors_for = {
            "failures": str(refusal.own_failures),
            "threshold": str(refusal.threshold),
            "wait_minutes": str(max(1, -(-(refusal.wait_s or 0) // 60))),
        }
        if refusal.reason is RefusalReason.LAST_ATTEMPT:
            return {"base": "lockout_last_attempt"}
        return {"base": "lockout_own_failures"}

    def _locked_error(self, host: str) -> dict[str, str]:
        """The lock error, saying truthfully how many failures were Camera Posture's own."""
        own = sum(failures_by_source(self.hass, host).values())
        self._errors_for = {"failures": str(own)}
        return {"base": "login_locked_own" if own else "login_locked"}

    def _placeholders(self, extra: Mapping[str, str] | None = None) -> dict[str, str]:
        """The step's placeholders plus those of the error it shows (lock counts)."""
        return {**(extra or {}), **self._errors_for}

    def _reported_locked(self, host: str) -> bool:
        """Whether a loaded camera at this host reported a login lock on its last audit."""
        return any(
            entry.state is ConfigEntryState.LOADED and entry.runtime_data.locked
            for entry in self._async_current_entries(include_ignore=False)
            if entry.data.get(CONF_HOST) == host
        )

    async def _async_create(
        self, data: dict[str, Any], camera: Mapping[str, str]
    ) -> ConfigFlowResult:
        unique_id = unique_id_for(camera)
        if unique_id is None:
            return self.async_abort(reason="no_unique_id")
        await self.async_set_unique_id(unique_id, raise_on_progress=False)
        known = self.hass.config_entries.async_entry_for_domain_unique_id(DOMAIN, unique_id)
        if known is not None and known.source != SOURCE_IGNORE and CONF_HOST in known.data:
            # Never move an entry behind an "already set up" answer: the same camera may
            # answer at two addresses (a second interface, a port forward). The user is
            # told where it is audited and changes that with Reconfigure if they mean to.
            old = address(known.data[CONF_HOST], known.data.get(CONF_PORT, DEFAULT_PORT))
            new = address(data[CONF_HOST], data[CONF_PORT])
            if old != new:
                return self.async_abort(
                    reason="already_configured_elsewhere",
                    description_placeholders={"title": known.title, "old": old, "new": new},
                )
        self._abort_if_unique_id_configured()
        if self._mac or camera["mac"]:
            data[CONF_MAC] = format_mac(self._mac or camera["mac"])
        return self.async_create_entry(title=camera["title"] or data[CONF_HOST], data=data)

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
