"""router_exposure with no router typed: found once for all cameras, judged, joined.

The router is camsim's simulated IGD on 127.0.0.1. Home Assistant's SSDP discovery
cannot run here (multicast), so its cache answers through the ssdp integration's own
lookup function; the unicast path asks the default gateway of a test routing table.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Awaitable, Callable, Iterator
from pathlib import Path
from typing import Any
from unittest.mock import AsyncMock, patch

import pytest
from homeassistant.core import HomeAssistant
from homeassistant.helpers import entity_registry as er
from homeassistant.helpers.service_info.ssdp import SsdpServiceInfo
from pytest_homeassistant_custom_component.common import MockConfigEntry
from pytest_homeassistant_custom_component.components.diagnostics import (
    get_diagnostics_for_config_entry,
)
from pytest_homeassistant_custom_component.typing import ClientSessionGenerator

from camsim.camera import SimCamera
from camsim.router import SimRouter
from custom_components.camera_posture.const import CONF_ROUTER
from custom_components.camera_posture.posture.models import CheckResult, Status
from custom_components.camera_posture.posture.probes import upnp_igd
from custom_components.camera_posture.router import (
    IGD_SEARCH_TARGETS,
    REFRESH_S,
    RETRY_S,
    ROUTER_KEY,
)
from tests.posture.test_gateway import route_table

from .helpers import Rig, entity_id_for, setup_entry, sim_entry


@pytest.fixture
async def router(onvif_camera: SimCamera) -> AsyncIterator[SimRouter]:
    """camsim's IGD, forwarding external port 8080 to the camera's web interface."""
    onvif_camera.port_forwards = {8080: "http"}
    sim = SimRouter({"1": onvif_camera})
    await sim.start()
    yield sim
    await sim.stop()


@pytest.fixture
def ssdp_cache(hass: HomeAssistant, router: SimRouter) -> Iterator[AsyncMock]:
    """Home Assistant's SSDP discovery has seen the router (an IGD:1 answer)."""

    async def by_st(_hass: HomeAssistant, st: str) -> list[SsdpServiceInfo]:
        if st != IGD_SEARCH_TARGETS[0]:
            return []
        return [
            SsdpServiceInfo(
                ssdp_usn=f"uuid:camsim-igd-1::{st}",
                ssdp_st=st,
                ssdp_location=router.location,
                upnp={},
            )
        ]

    hass.config.components.add("ssdp")
    lookup = AsyncMock(side_effect=by_st)
    with patch("homeassistant.components.ssdp.async_get_discovery_info_by_st", lookup):
        yield lookup


@pytest.fixture
def loopback_gateway(
    no_default_gateway: Path, router: SimRouter, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The routing table's default gateway is 127.0.0.1, where the router answers SSDP."""
    no_default_gateway.write_text(route_table(("0.0.0.0", "127.0.0.1", "0003", 0, "0.0.0.0")))
    monkeypatch.setattr(upnp_igd, "SSDP_PORT", router.ssdp_port)


def _state(hass: HomeAssistant, entry: MockConfigEntry, domain: str, key: str) -> Any:
    state = hass.states.get(entity_id_for(er.async_get(hass), entry, domain, key))
    assert state is not None
    return state


RouterFound = Callable[[], Awaitable[Any]]


@pytest.fixture
def found(hass: HomeAssistant, hass_client: ClientSessionGenerator, rig: Rig) -> RouterFound:
    """Reads the router part of the rig entry's diagnostics: was a router found, and how."""

    async def read() -> Any:
        return (await get_diagnostics_for_config_entry(hass, hass_client, rig.entry))["router"]

    return read


def _exposure_check(rig: Rig) -> CheckResult:
    return rig.coordinator.data.checks["router_exposure"]


async def _judged(rig: Rig) -> CheckResult:
    """Set the entry up; its first router_exposure verdict."""
    await rig.setup()
    return _exposure_check(rig)


@pytest.mark.usefixtures("ssdp_cache")
async def test_router_from_ssdp_judges_exposure_and_names_the_service(
    rig: Rig, router: SimRouter, found: RouterFound
) -> None:
    check = await _judged(rig)
    assert check.status is Status.FAIL
    assert check.observed == [f"TCP/8080->{rig.camera.http_port}"]
    assert rig.state("binary_sensor", "router_exposure").state == "on"

    exposure = rig.state("sensor", "internet_exposure")
    assert exposure.state == "router_port_forward"
    assert exposure.attributes["paths"] == [
        {
            "via": "router_port_forward",
            "protocol": "TCP",
            "external_port": 8080,
            "internal_port": rig.camera.http_port,
            "services": ["http", "onvif"],
        }
    ]
    assert exposure.attributes["unread"] == ["vendor_cloud"]  # generic ONVIF: no cloud fact
    assert await found() == {"found": True, "source": "ssdp"}
    assert router.calls == 2  # one mapping, then the end of the table


async def test_one_lookup_serves_every_camera_and_is_refreshed_hourly(
    hass: HomeAssistant,
    rig: Rig,
    smartcam: SimCamera,
    router: SimRouter,
    ssdp_cache: AsyncMock,
) -> None:
    await rig.setup()
    await setup_entry(hass, sim_entry(smartcam, "SmartCam", {}))
    # Two cameras audited, one lookup (both IGD versions asked once).
    assert [call.args[1] for call in ssdp_cache.await_args_list] == list(IGD_SEARCH_TARGETS)
    # An hour later the next audit looks again (a replaced router, UPnP switched on).
    finder = hass.data[ROUTER_KEY]
    assert finder._checked_at is not None
    finder._checked_at -= REFRESH_S
    await rig.coordinator.async_refresh()
    assert ssdp_cache.await_count == 2 * len(IGD_SEARCH_TARGETS)


async def test_no_router_found_is_looked_for_again_sooner(
    hass: HomeAssistant, rig: Rig, router: SimRouter
) -> None:
    # At start-up Home Assistant's discovery has not heard the router yet.
    hass.config.components.add("ssdp")
    lookup = AsyncMock(return_value=[])
    with patch("homeassistant.components.ssdp.async_get_discovery_info_by_st", lookup):
        await rig.setup()
        assert _exposure_check(rig).status is Status.UNKNOWN
        finder = hass.data[ROUTER_KEY]
        assert finder._checked_at is not None
        finder._checked_at -= RETRY_S
        lookup.return_value = [
            SsdpServiceInfo(
                ssdp_usn="uuid:camsim-igd-1",
                ssdp_st=IGD_SEARCH_TARGETS[0],
                ssdp_location=router.location,
                upnp={},
            )
        ]
        await rig.coordinator.async_refresh()
    assert _exposure_check(rig).status is Status.FAIL


@pytest.mark.usefixtures("loopback_gateway")
async def test_router_found_at_the_default_gateway(rig: Rig, found: RouterFound) -> None:
    # No SSDP integration loaded: one unicast M-SEARCH to the gateway finds the router.
    check = await _judged(rig)
    assert check.observed == [f"TCP/8080->{rig.camera.http_port}"]
    assert await found() == {"found": True, "source": "gateway"}


@pytest.mark.usefixtures("loopback_gateway")
async def test_ssdp_without_an_igd_falls_back_to_the_gateway(
    hass: HomeAssistant, rig: Rig, found: RouterFound
) -> None:
    hass.config.components.add("ssdp")
    with patch("homeassistant.components.ssdp.async_get_discovery_info_by_st", return_value=[]):
        await rig.setup()
    assert await found() == {"found": True, "source": "gateway"}


async def test_the_gateways_igd_is_preferred_among_several(
    hass: HomeAssistant,
    rig: Rig,
    router: SimRouter,
    loopback_gateway: None,
) -> None:
    # A mesh node's IGD elsewhere, an unusable LOCATION, then the gateway's own router.
    seen = [
        SsdpServiceInfo(ssdp_usn="uuid:mesh", ssdp_st=st, ssdp_location=location, upnp={})
        for st, location in (
            (IGD_SEARCH_TARGETS[0], "http://192.0.2.50:1900/igd.xml"),
            (IGD_SEARCH_TARGETS[0], "ftp://127.0.0.1/igd.xml"),
            (IGD_SEARCH_TARGETS[1], router.location),
        )
    ]

    async def by_st(_hass: HomeAssistant, st: str) -> list[SsdpServiceInfo]:
        return [info for info in seen if info.ssdp_st == st]

    hass.config.components.add("ssdp")
    with patch("homeassistant.components.ssdp.async_get_discovery_info_by_st", by_st):
        await rig.setup()
    finder = hass.data[ROUTER_KEY]
    assert finder.found is not None
    assert (finder.found.location, finder.found.source) == (router.location, "ssdp")
    check = _exposure_check(rig)
    assert check.observed == [f"TCP/8080->{rig.camera.http_port}"]


@pytest.mark.parametrize("options", [{CONF_ROUTER: "http://127.0.0.1:9/none.xml"}])
async def test_router_in_the_options_wins(
    hass: HomeAssistant,
    rig: Rig,
    ssdp_cache: AsyncMock,
    found: RouterFound,
) -> None:
    check = await _judged(rig)
    ssdp_cache.assert_not_awaited()
    assert check.status is Status.UNKNOWN  # nothing answers at the typed URL
    assert "unreadable" in check.evidence
    assert await found() == {"found": True, "source": "options"}


async def test_no_router_anywhere_is_unknown_and_says_so(
    hass: HomeAssistant, rig: Rig, found: RouterFound
) -> None:
    check = await _judged(rig)
    assert check.status is Status.UNKNOWN
    assert "no UPnP IGD router" in check.evidence
    # Neither the router nor the vendor cloud could be read: the exposure is unknown.
    exposure = rig.state("sensor", "internet_exposure")
    assert exposure.state == "unknown"
    assert exposure.attributes["unread"] == ["router_port_forwards", "vendor_cloud"]
    assert await found() == {"found": False, "source": None}


async def test_cloud_camera_without_forward_is_exposed_via_the_cloud(
    hass: HomeAssistant, smartcam: SimCamera, router: SimRouter, ssdp_cache: AsyncMock
) -> None:
    # The router forwards to the ONVIF camera's port only; the SmartCam's P2P is on.
    router.cameras = {}
    entry = sim_entry(smartcam, "SmartCam", {})
    await setup_entry(hass, entry)
    exposure = _state(hass, entry, "sensor", "internet_exposure")
    assert exposure.state == "vendor_cloud"
    assert exposure.attributes["paths"] == [{"via": "vendor_cloud"}]
    assert exposure.attributes["camera_upnp"] is True
    assert exposure.attributes["unread"] == []
    # The path is named, never how to use it: no account, serial or MAC in the attributes.
    persona = smartcam.persona
    text = repr(exposure.attributes)
    for secret in (*persona.users.values(), persona.serial, persona.mac):
        assert secret not in text
