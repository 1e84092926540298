"""The advisory catalog feed, served from loopback: newer only, kept, fallbacks, once a day."""

from __future__ import annotations

import asyncio
import json
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager
from datetime import timedelta
from importlib import resources
from typing import Any

import pytest
from aiohttp import web
from freezegun.api import FrozenDateTimeFactory
from homeassistant.core import HomeAssistant
from homeassistant.setup import async_setup_component
from pytest_homeassistant_custom_component.common import MockConfigEntry, async_fire_time_changed
from pytest_homeassistant_custom_component.components.diagnostics import (
    get_diagnostics_for_config_entry,
)
from pytest_homeassistant_custom_component.typing import ClientSessionGenerator

from custom_components.camera_posture import catalog_feed
from custom_components.camera_posture.catalog_feed import FEED_KEY, MAX_FEED_BYTES
from custom_components.camera_posture.const import (
    CONF_CAMERA_UPDATE_CHECK,
    CONF_CATALOG_FEED,
    DOMAIN,
)
from custom_components.camera_posture.posture.advisories import lookup as lookup_module
from custom_components.camera_posture.posture.advisories.lookup import (
    bundled_catalog,
    bundled_files,
)
from tests.posture.helpers import serving, web_app

from .helpers import Rig, entry_data, setup_entry, sim_entry

STORE_KEY = f"{DOMAIN}.catalog"


def published(version_step: int = 1, **changes: Any) -> str:
    """The bundled catalog as the feed would publish it, `version_step` releases later."""
    data, _ = bundled_files()
    return json.dumps(
        {**data, "catalog_version": bundled_catalog().version + version_step, **changes}
    )


Answer = Callable[[], web.Response | Awaitable[web.Response]]


@asynccontextmanager
async def feed(monkeypatch: pytest.MonkeyPatch, answer: Answer) -> AsyncIterator[list[web.Request]]:
    """Serve the feed on loopback and point the integration at it; yields the requests."""
    seen: list[web.Request] = []

    async def handler(request: web.Request) -> web.Response:
        seen.append(request)
        response = answer()
        return response if isinstance(response, web.Response) else await response

    async with web_app(get={"/catalog.json": handler}) as port:
        monkeypatch.setattr(catalog_feed, "CATALOG_URL", f"http://127.0.0.1:{port}/catalog.json")
        yield seen


def _ok(text: str | bytes) -> Callable[[], web.Response]:
    return lambda: web.Response(body=text.encode() if isinstance(text, str) else text)


def _held(release: asyncio.Event) -> Answer:
    """A feed that answers a newer catalog only once `release` is set."""

    async def answer() -> web.Response:
        await release.wait()
        return web.Response(text=published())

    return answer


async def _settle(hass: HomeAssistant) -> None:
    await hass.async_block_till_done(wait_background_tasks=True)


async def _set_up(rig: Rig) -> None:
    """Set the entry up and let the feed request it started finish."""
    await rig.setup()
    await _settle(rig.hass)


async def test_newer_feed_is_validated_kept_and_used(
    hass: HomeAssistant,
    rig: Rig,
    hass_storage: dict[str, Any],
    hass_client: ClientSessionGenerator,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    newer = bundled_catalog().version + 1
    async with feed(monkeypatch, _ok(published())) as seen:
        await _set_up(rig)
        # One plain GET: no query string, no cookie, nothing about the cameras.
        assert len(seen) == 1
        request = seen[0]
        assert request.method == "GET"
        assert request.query_string == ""
        assert "Cookie" not in request.headers
        sent = " ".join([request.path_qs, *request.headers.values()]).lower()
        identity = (rig.entry.data["username"], rig.entry.data["password"])
        for value in (*identity, rig.entry.unique_id, rig.entry.title):
            assert str(value).lower() not in sent

        status = hass.data[FEED_KEY].status
        assert status.outcome == f"using feed catalog {newer}"
        assert hass_storage[STORE_KEY]["data"]["outcome"] == status.outcome
        assert json.loads(hass_storage[STORE_KEY]["data"]["catalog"])["catalog_version"] == newer
        # The next audit is judged with the fetched catalog, and says so.
        coordinator = rig.coordinator
        await coordinator.async_refresh()
        assert coordinator.catalog.version == newer
        evidence = coordinator.data.checks["firmware_up_to_date"].evidence
        assert f"advisory catalog {newer}" in evidence
        diagnostics = await get_diagnostics_for_config_entry(hass, hass_client, rig.entry)
        assert diagnostics["catalog"]["version"] == newer
        assert diagnostics["catalog"]["origin"] == "feed"
        assert diagnostics["catalog"]["bundled_version"] == bundled_catalog().version


async def test_removing_the_last_camera_drops_the_kept_catalog(
    hass: HomeAssistant,
    rig: Rig,
    hass_storage: dict[str, Any],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    other = MockConfigEntry(
        domain=DOMAIN, title="other", unique_id="other", data=entry_data(rig.camera)
    )
    other.add_to_hass(hass)
    async with feed(monkeypatch, _ok(published())):
        await _set_up(rig)
    assert hass_storage[STORE_KEY]["data"]["catalog"] is not None
    # Another camera is still configured: the catalog stays.
    await hass.config_entries.async_remove(rig.entry.entry_id)
    assert STORE_KEY in hass_storage
    assert hass.data[FEED_KEY].fetched is not None
    await hass.config_entries.async_remove(other.entry_id)
    assert STORE_KEY not in hass_storage
    assert hass.data[FEED_KEY].fetched is None
    assert hass.data[FEED_KEY].status.outcome == "never checked"


@pytest.mark.parametrize(
    ("answer", "outcome"),
    [
        (lambda: web.Response(status=404), "feed answered HTTP 404"),
        (_ok("{not json"), "feed is not a valid catalog (not JSON)"),
        (_ok("[1, 2]"), "feed is not a valid catalog ($: expected object)"),
        (_ok(published(entries=[])), "feed is not a valid catalog ($.entries: fewer than 1"),
        (_ok(published(version_step=0)), "is not newer"),
        (_ok(published(version_step=-1)), "is not newer"),
        (_ok(b"\xff\xfe" + published().encode("utf-16-le")), "feed is not UTF-8 text"),
        (_ok(b" " * (MAX_FEED_BYTES + 1)), "feed larger than any catalog"),
    ],
)
async def test_every_bad_answer_falls_back_to_the_bundled_catalog(
    hass: HomeAssistant,
    rig: Rig,
    hass_storage: dict[str, Any],
    monkeypatch: pytest.MonkeyPatch,
    answer: Callable[[], web.Response],
    outcome: str,
) -> None:
    async with feed(monkeypatch, answer) as seen:
        await _set_up(rig)
    assert len(seen) == 1
    status = hass.data[FEED_KEY].status
    assert status.outcome.startswith("kept current catalog: ")
    assert outcome in status.outcome
    assert hass_storage[STORE_KEY]["data"]["catalog"] is None
    coordinator = rig.coordinator
    await coordinator.async_refresh()
    assert coordinator.catalog is bundled_catalog()


async def test_unreachable_feed_falls_back(hass: HomeAssistant, rig: Rig) -> None:
    # conftest points the feed at a closed loopback port.
    await _set_up(rig)
    outcome = hass.data[FEED_KEY].status.outcome
    assert outcome.startswith("kept current catalog: feed unreachable (")
    assert rig.coordinator.catalog is bundled_catalog()


async def test_kept_catalog_survives_a_restart_without_network(
    hass: HomeAssistant,
    rig: Rig,
    hass_storage: dict[str, Any],
) -> None:
    # Fetched an hour ago: not due again, and the network is down anyway (closed port).
    checked = rig.clock().timestamp() - 3600
    hass_storage[STORE_KEY] = {
        "version": 1,
        "key": STORE_KEY,
        "data": {"checked_at": checked, "outcome": "earlier", "catalog": published(3)},
    }
    await _set_up(rig)
    assert rig.coordinator.catalog.version == bundled_catalog().version + 3
    assert hass.data[FEED_KEY].status.outcome == "earlier"


@pytest.mark.parametrize("kept", [published(version_step=0), "{broken", published(entries=[])])
async def test_kept_catalog_that_is_not_newer_or_not_valid_is_ignored(
    hass: HomeAssistant,
    rig: Rig,
    hass_storage: dict[str, Any],
    kept: str,
) -> None:
    checked = rig.clock().timestamp()
    hass_storage[STORE_KEY] = {
        "version": 1,
        "key": STORE_KEY,
        "data": {"checked_at": checked, "outcome": "earlier", "catalog": kept},
    }
    await _set_up(rig)
    assert rig.coordinator.catalog is bundled_catalog()


async def test_at_most_one_request_a_day(
    hass: HomeAssistant,
    rig: Rig,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    async with feed(monkeypatch, _ok(published(version_step=0))) as seen:
        await _set_up(rig)
        assert len(seen) == 1
        # Hourly ticks within the day ask nothing.
        for _ in range(23):
            rig.clock.tick(timedelta(hours=1))
            async_fire_time_changed(hass)
            await _settle(hass)
        assert len(seen) == 1
        # A day after the last request, the next tick asks again.
        rig.clock.tick(timedelta(hours=1))
        async_fire_time_changed(hass)
        await _settle(hass)
        assert len(seen) == 2


async def test_requests_never_overlap(
    hass: HomeAssistant,
    rig: Rig,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    release = asyncio.Event()
    async with feed(monkeypatch, _held(release)) as seen:
        await rig.setup()
        for _ in range(1000):  # the background request reaches the server
            if seen:
                break
            await asyncio.sleep(0)
        assert seen
        # A tick while the first request is still open does not start another.
        hass.data[FEED_KEY].async_tick()
        await hass.async_block_till_done()
        release.set()
        await _settle(hass)
        assert len(seen) == 1
    assert hass.data[FEED_KEY].status.outcome.startswith("using feed catalog")


async def test_a_feed_that_never_answers_times_out(
    hass: HomeAssistant,
    rig: Rig,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    release = asyncio.Event()
    async with feed(monkeypatch, _held(release)):
        await rig.setup()
        rig.clock.tick(timedelta(seconds=catalog_feed.FEED_TIMEOUT_S + 1))
        async_fire_time_changed(hass)
        await _settle(hass)
        release.set()
    status = hass.data[FEED_KEY].status
    assert status.outcome == "kept current catalog: feed unreachable (TimeoutError)"
    assert rig.coordinator.catalog is bundled_catalog()


@pytest.mark.parametrize("options", [{CONF_CATALOG_FEED: False}])
async def test_option_off_means_no_request_and_the_bundled_catalog(
    hass: HomeAssistant,
    rig: Rig,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    async with feed(monkeypatch, _ok(published())) as seen:
        await _set_up(rig)
        rig.clock.tick(timedelta(days=2))
        async_fire_time_changed(hass)
        await _settle(hass)
    assert seen == []
    assert hass.data[FEED_KEY].status.outcome == "never checked"
    # Even with a fetched catalog at hand, a camera whose option is off keeps the bundled one.
    hass.data[FEED_KEY].fetched = hass.data[FEED_KEY].active
    assert hass.data[FEED_KEY].catalog_for(rig.entry) is bundled_catalog()


async def test_no_camera_no_request(
    hass: HomeAssistant, frozen: FrozenDateTimeFactory, monkeypatch: pytest.MonkeyPatch
) -> None:
    async with feed(monkeypatch, _ok(published())) as seen:
        assert await async_setup_component(hass, DOMAIN, {})
        await _settle(hass)
    assert seen == []


async def test_camera_update_check_option_reaches_the_audit(
    hass: HomeAssistant,
    frozen: FrozenDateTimeFactory,
    hass_client: ClientSessionGenerator,
) -> None:
    async with serving("reolink") as camera:
        entry = sim_entry(camera, "Reolink", {CONF_CAMERA_UPDATE_CHECK: True})
        await setup_entry(hass, entry)
        diagnostics = await get_diagnostics_for_config_entry(hass, hass_client, entry)
    assert diagnostics["options"][CONF_CAMERA_UPDATE_CHECK] is True
    assert diagnostics["facts"]["camera_update"] == {
        "source": "Reolink CheckFirmware",
        "available": True,
        "version": None,
    }
    assert diagnostics["checks"]["firmware_up_to_date"]["status"] == "fail"
    assert camera.takeovers == []


def test_the_published_catalog_fits_the_feed_cap_with_room_to_grow() -> None:
    # The feed is this project's catalog.json: if it outgrew the cap, every refresh would
    # be refused as "larger than any catalog". Half the cap leaves room for growth.
    published = resources.files(lookup_module.__package__).joinpath("catalog.json")
    assert len(published.read_bytes()) < MAX_FEED_BYTES // 2
