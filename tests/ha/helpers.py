"""Small helpers shared by the Home Assistant tests."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from freezegun.api import FrozenDateTimeFactory
from homeassistant.config_entries import SOURCE_REAUTH, ConfigEntry
from homeassistant.const import CONF_HOST, CONF_PASSWORD, CONF_PORT, CONF_USERNAME
from homeassistant.core import HomeAssistant, State
from homeassistant.helpers import device_registry as dr
from homeassistant.helpers import entity_registry as er
from pytest_homeassistant_custom_component.common import MockConfigEntry, async_fire_time_changed

from camsim.camera import SimCamera
from custom_components.camera_posture.const import CONF_SERVICES, DOMAIN
from custom_components.camera_posture.coordinator import CameraPostureCoordinator
from tests.posture.helpers import quiet_services


def user_input(camera: SimCamera, **overrides: Any) -> dict[str, Any]:
    """The config flow input that reaches this simulated camera."""
    username, password = next(iter(camera.persona.users.items()))
    data = {
        CONF_HOST: camera.host,
        CONF_PORT: camera.http_port,
        CONF_USERNAME: username,
        CONF_PASSWORD: password,
    }
    return data | overrides


def entry_data(camera: SimCamera, **overrides: Any) -> dict[str, Any]:
    """Config entry data for this camera, with its service ports when the simulator has them.

    The simulator may serve RTSP/telnet/... on random loopback ports; the entry's hidden
    `services` mapping tells the audit where (it becomes Target.ports).
    """
    data = user_input(camera, **overrides)
    # Services the simulated camera does not run get closed ports, so probes never
    # reach whatever the test machine itself listens on (22, 23, 554...).
    data[CONF_SERVICES] = quiet_services() | dict(camera.ports)
    return data


def sim_entry(camera: SimCamera, title: str, options: dict[str, Any]) -> MockConfigEntry:
    """A config entry for a simulated camera (unique id: its serial), with these options."""
    return MockConfigEntry(
        domain=DOMAIN,
        title=title,
        unique_id=camera.persona.serial.lower(),
        data=entry_data(camera),
        options=options,
    )


async def setup_entry(hass: HomeAssistant, entry: MockConfigEntry) -> None:
    """Add and set up an entry, waiting for the first audit."""
    if entry.entry_id not in {e.entry_id for e in hass.config_entries.async_entries(DOMAIN)}:
        entry.add_to_hass(hass)
    assert await hass.config_entries.async_setup(entry.entry_id)
    await hass.async_block_till_done()


async def drift_out_of_sync(
    hass: HomeAssistant, freezer: FrozenDateTimeFactory, camera: SimCamera, entry: MockConfigEntry
) -> None:
    """Set the entry up with the camera's clock in sync, then let one audit find it out of sync."""
    synced(camera, True)
    await setup_entry(hass, entry)
    synced(camera, False)
    await audit_cycle(hass, freezer)


async def audit_cycle(hass: HomeAssistant, freezer: FrozenDateTimeFactory) -> None:
    """Let the 10-minute audit interval pass once."""
    freezer.tick(timedelta(minutes=10))
    async_fire_time_changed(hass)
    # Scheduled refreshes run as background tasks.
    await hass.async_block_till_done(wait_background_tasks=True)


def synced(camera: SimCamera, on: bool) -> None:
    """Turn the camera's NTP (and a right clock) on, or NTP off."""
    camera.persona.ntp = on
    camera.persona.clock_skew_s = 0


async def reload_entry(hass: HomeAssistant, entry: MockConfigEntry) -> None:
    """Reload a loaded entry (as a restart of the integration) and wait for it."""
    assert await hass.config_entries.async_reload(entry.entry_id)
    await hass.async_block_till_done()


def entity_id_for(registry: er.EntityRegistry, entry: ConfigEntry, domain: str, key: str) -> str:
    """The id of the entry's entity of this platform and key (unique id `<entry>_<key>`)."""
    found = registry.async_get_entity_id(domain, DOMAIN, f"{entry.unique_id}_{key}")
    assert found is not None
    return found


def device_id_for(registry: dr.DeviceRegistry, entry: MockConfigEntry) -> str:
    """The id of the entry's camera device."""
    assert entry.unique_id is not None
    device = registry.async_get_device_by_identifier((DOMAIN, entry.unique_id), entry.entry_id)
    assert device is not None
    return device.id


def reauth_flows(hass: HomeAssistant) -> list[object]:
    """The re-authentication flows in progress for the integration."""
    return [
        flow
        for flow in hass.config_entries.flow.async_progress_by_handler(DOMAIN)
        if flow["context"]["source"] == SOURCE_REAUTH
    ]


@dataclass
class Rig:
    """A simulated camera with its config entry in Home Assistant, under the frozen clock.

    What nearly every integration test does with one: set the entry up, let audits pass,
    read the entry's entities and device. The module functions above do the work; this
    only carries the four objects they need, so tests do not pass them again and again.
    """

    hass: HomeAssistant
    clock: FrozenDateTimeFactory
    camera: SimCamera
    entry: MockConfigEntry

    @property
    def coordinator(self) -> CameraPostureCoordinator:
        """The entry's coordinator (set up entries only)."""
        coordinator: CameraPostureCoordinator = self.entry.runtime_data
        return coordinator

    async def setup(self) -> None:
        """Add and set up the entry, waiting for the first audit."""
        await setup_entry(self.hass, self.entry)

    async def audits(self, count: int = 1) -> None:
        """Let the audit interval pass `count` times."""
        for _ in range(count):
            await audit_cycle(self.hass, self.clock)

    async def reload(self) -> None:
        """Reload the entry (as a restart of the integration)."""
        await reload_entry(self.hass, self.entry)

    async def drift_out_of_sync(self) -> None:
        """Set up with the camera's clock in sync, then let one audit find it out of sync."""
        await drift_out_of_sync(self.hass, self.clock, self.camera, self.entry)

    def entity_id(self, domain: str, key: str) -> str:
        """The id of the entry's entity of this platform and key."""
        return entity_id_for(er.async_get(self.hass), self.entry, domain, key)

    def state(self, domain: str, key: str) -> State:
        """The state of the entry's entity of this platform and key (it must have one)."""
        state = self.hass.states.get(self.entity_id(domain, key))
        assert state is not None
        return state

    def device_id(self) -> str:
        """The id of the entry's camera device."""
        return device_id_for(dr.async_get(self.hass), self.entry)
