"""The advisory catalog feed: a newer published catalog between releases.

At most once a day, in the background, the integration downloads the project's
published catalog (CATALOG_URL) with a plain GET: no query, no cookies, no header
beyond the shared session's defaults, so nothing about the user's cameras leaves.
The answer is validated by the engine exactly like the bundled catalog and taken
only when its catalog_version is newer; it is then kept in `.storage` so a restart
without network still uses it. Any failure (network, HTTP status, oversized body,
bad JSON, schema violation, older or equal version) keeps the catalog in use, which
is the bundled one unless a newer one was kept earlier.

Each camera's "catalog_feed" option decides whether that camera is judged with the
fetched catalog; the feed is requested only while at least one camera allows it.
"""

from __future__ import annotations

import asyncio
from dataclasses import dataclass
from datetime import datetime

import aiohttp
from homeassistant.config_entries import ConfigEntry
from homeassistant.core import HomeAssistant, callback
from homeassistant.helpers.aiohttp_client import async_get_clientsession
from homeassistant.helpers.event import async_track_time_interval
from homeassistant.util import dt as dt_util
from homeassistant.util.hass_dict import HassKey

from .const import (
    CATALOG_REFRESH,
    CATALOG_STORAGE_VERSION,
    CATALOG_URL,
    CONF_CATALOG_FEED,
    DOMAIN,
    LOGGER,
    options_of,
)
from .posture.advisories.lookup import (
    Catalog,
    CatalogError,
    bundled_catalog,
    catalog_from_json,
    is_newer,
)
from .storage import SafeStore

FEED_KEY: HassKey[CatalogFeed] = HassKey(f"{DOMAIN}_catalog_feed")
# How often to look whether a fetch is due; the fetch itself happens once a day.
TICK = CATALOG_REFRESH / 24
# The bundled catalog is under a megabyte; anything far larger is not our catalog.
MAX_FEED_BYTES = 4 * 1024 * 1024
FEED_TIMEOUT_S = 30.0


@dataclass(slots=True)
class FeedStatus:
    """What the last feed request did (for diagnostics)."""

    checked_at: float | None = None
    outcome: str = "never checked"


class CatalogFeed:
    """Holds the catalog in use and refreshes it from the published feed."""

    def __init__(self, hass: HomeAssistant) -> None:
        """Nothing is read yet: call async_load first."""
        self.hass = hass
        self.fetched: Catalog | None = None
        # The fetched catalog's JSON text, as kept in .storage.
        self._kept_raw: str | None = None
        self.status = FeedStatus()
        self._store = _store(hass)
        self._running: asyncio.Task[str] | None = None

    async def async_load(self) -> None:
        """Take a kept catalog back, if it is still valid and newer than the bundled one."""
        # Never fails: a damaged copy is dropped with a warning (see storage.py).
        stored = await self._store.async_load_mapping() or {}
        self._store.warn()
        checked_at = stored.get("checked_at")
        if isinstance(checked_at, (int, float)):
            self.status = FeedStatus(float(checked_at), str(stored.get("outcome", "")))
        raw = stored.get("catalog")
        if not isinstance(raw, str):
            return
        try:
            catalog = await self.hass.async_add_executor_job(catalog_from_json, raw)
        except CatalogError as err:
            # An integration update may have tightened the schema: drop the old copy.
            LOGGER.info("Kept advisory catalog no longer valid, using the bundled one: %s", err)
            return
        if is_newer(catalog, bundled_catalog()):
            self.fetched, self._kept_raw = catalog, raw

    def catalog_for(self, entry: ConfigEntry) -> Catalog:
        """The catalog one camera is judged with (its option may refuse the feed)."""
        if self.fetched is not None and _feed_allowed(entry):
            return self.fetched
        return bundled_catalog()

    @property
    def active(self) -> Catalog:
        """The newest catalog at hand: the fetched one, else the bundled one."""
        return self.fetched or bundled_catalog()

    def wanted(self) -> bool:
        """Whether any camera allows the feed (none configured: no request at all)."""
        entries = self.hass.config_entries.async_entries(DOMAIN, include_disabled=False)
        return any(_feed_allowed(entry) for entry in entries)

    def due(self) -> bool:
        """Whether the last request is a day old (or there was none)."""
        last = self.status.checked_at
        now = dt_util.utcnow().timestamp()
        return last is None or now - last >= CATALOG_REFRESH.total_seconds()

    @callback
    def async_start(self) -> None:
        """Check now (in the background, setup is not held) and then every hour."""
        self.async_tick()
        async_track_time_interval(self.hass, self.async_tick, TICK, cancel_on_shutdown=True)

    @callback
    def async_tick(self, _now: datetime | None = None) -> None:
        """Start a feed request if one is wanted, due and not already running."""
        if self._running is not None and not self._running.done():
            return
        if not self.wanted() or not self.due():
            return
        self._running = self.hass.async_create_background_task(
            self.async_refresh(), "camera_posture catalog feed"
        )

    async def async_refresh(self) -> str:
        """Fetch the feed once; keep a newer valid catalog. Returns the outcome."""
        outcome = await self._fetch()
        self.status = FeedStatus(dt_util.utcnow().timestamp(), outcome)
        LOGGER.debug("Advisory catalog feed: %s", outcome)
        await self._store.async_save(
            {
                "checked_at": self.status.checked_at,
                "outcome": outcome,
                "catalog": self._kept_raw,
            }
        )
        return outcome

    async def _fetch(self) -> str:
        try:
            text = await self._download()
            catalog = await self.hass.async_add_executor_job(catalog_from_json, text)
        except _Rejected as err:
            return f"kept current catalog: {err}"
        except CatalogError as err:
            return f"kept current catalog: feed is not a valid catalog ({str(err)[:200]})"
        if not is_newer(catalog, self.active):
            return f"kept current catalog: feed version {catalog.version} is not newer"
        self.fetched, self._kept_raw = catalog, text
        return f"using feed catalog {catalog.version}"

    async def _download(self) -> str:
        """The feed's body as text; _Rejected when there is no usable answer."""
        session = async_get_clientsession(self.hass)
        try:
            async with asyncio.timeout(FEED_TIMEOUT_S):
                async with session.get(CATALOG_URL) as response:
                    if response.status != 200:
                        raise _Rejected(f"feed answered HTTP {response.status}")
                    body = bytearray()
                    async for chunk in response.content.iter_chunked(64 * 1024):
                        body += chunk
                        if len(body) > MAX_FEED_BYTES:
                            raise _Rejected("feed larger than any catalog")
        except (aiohttp.ClientError, TimeoutError) as err:
            raise _Rejected(f"feed unreachable ({type(err).__name__})") from None
        try:
            return body.decode("utf-8")
        except UnicodeDecodeError:
            raise _Rejected("feed is not UTF-8 text") from None


class _Rejected(Exception):
    """A feed answer that is not taken; the message says why."""


async def async_forget(hass: HomeAssistant) -> None:
    """Drop the kept catalog and its record: the last camera was removed."""
    if (feed := hass.data.get(FEED_KEY)) is not None:
        feed.fetched, feed._kept_raw, feed.status = None, None, FeedStatus()
    await _store(hass).async_remove()


def _store(hass: HomeAssistant) -> SafeStore:
    return SafeStore(
        hass, f"{DOMAIN}.catalog", "advisory catalog feed state", CATALOG_STORAGE_VERSION
    )


def _feed_allowed(entry: ConfigEntry) -> bool:
    return bool(options_of(entry.options)[CONF_CATALOG_FEED])
