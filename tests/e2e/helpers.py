"""Small helpers of the browser test: Home Assistant's API as the demo user, login, shots."""

from __future__ import annotations

import asyncio
import re
from collections.abc import Awaitable, Callable
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import TYPE_CHECKING, Any

import aiohttp

from demo.hass_api import DEMO_PASSWORD, DEMO_USERNAME, HassClient

if TYPE_CHECKING:
    from playwright.sync_api import Page

OUTPUT = Path(__file__).resolve().parents[2] / "test-output" / "e2e"


def call_hass[T](url: str, action: Callable[[HassClient], Awaitable[T]]) -> T:
    """Run `action` with a client logged in as the demo user (own loop, own thread)."""

    async def run() -> T:
        async with aiohttp.ClientSession() as session:
            client = HassClient(session, url)
            await client.login(DEMO_USERNAME, DEMO_PASSWORD)
            try:
                return await action(client)
            finally:
                await client.close()

    return in_thread(run)


def in_thread[T](coroutine_fn: Callable[[], Awaitable[T]]) -> T:
    """Run a coroutine on a fresh loop in a worker thread (Playwright's sync API owns the
    test thread's loop)."""

    async def wrapper() -> T:
        return await coroutine_fn()

    with ThreadPoolExecutor(1) as pool:
        return pool.submit(asyncio.run, wrapper()).result()


def ws(url: str, message: dict[str, Any]) -> Any:
    """One WebSocket command as the demo user."""
    return call_hass(url, lambda client: client.ws(message))


def shot(page: Page, name: str) -> None:
    """Full-page screenshot into test-output/e2e/."""
    OUTPUT.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(OUTPUT / f"{name}.png"), full_page=True)


def login(page: Page, url: str) -> None:
    """Log in through Home Assistant's login page."""
    page.goto(url)
    page.locator("input[name=username]").fill(DEMO_USERNAME)
    page.locator("input[name=password]").fill(DEMO_PASSWORD)
    page.locator("input[name=password]").press("Enter")
    page.wait_for_url(lambda u: "authorize" not in u and "auth_callback" not in u)
    page.get_by_text("Settings").first.wait_for()


def our_entries(url: str) -> list[dict[str, Any]]:
    """Camera Posture config entries."""
    result: list[dict[str, Any]] = ws(
        url, {"type": "config_entries/get", "domain": "camera_posture"}
    )
    return result


def device_of_entry(url: str, entry_id: str) -> dict[str, Any]:
    """The device a config entry created."""
    devices = ws(url, {"type": "config/device_registry/list"})
    return next(d for d in devices if entry_id in (d.get("config_entries") or []))


def visible_entities(url: str, device_id: str) -> list[dict[str, Any]]:
    """Enabled, visible entities of a device, as the entity registry lists them."""
    entities = ws(url, {"type": "config/entity_registry/list"})
    return [
        e
        for e in entities
        if e.get("device_id") == device_id and not e.get("disabled_by") and not e.get("hidden_by")
    ]


NAME_PLACEHOLDER = re.compile(r"\{(\w+)\}")


def fill_placeholders(text: str, values: dict[str, str] | None) -> str:
    """Substitute Home Assistant's {name} placeholders."""
    return NAME_PLACEHOLDER.sub(lambda m: (values or {}).get(m.group(1), m.group(0)), text)
