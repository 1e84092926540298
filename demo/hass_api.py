"""A small client of Home Assistant's HTTP and WebSocket APIs, as the frontend uses them.

Everything the demo sets up goes through these APIs (onboarding, login, config flows,
dashboards, automations): no hand-written .storage files.
"""

from __future__ import annotations

import asyncio
import contextlib
import itertools
from typing import Any

import aiohttp

from .onboarding import STAND_INS

DEMO_NAME = "Demo"
DEMO_USERNAME = "demo"
DEMO_PASSWORD = "demo-posture"  # noqa: S105 - the documented login of a loopback-only demo


class HassError(RuntimeError):
    """Home Assistant refused a request the demo needs."""


class HassClient:
    """Talks to one Home Assistant instance on behalf of the demo user."""

    def __init__(self, session: aiohttp.ClientSession, base_url: str) -> None:
        self.session = session
        self.base_url = base_url.rstrip("/")
        self.client_id = f"{self.base_url}/"
        self.redirect_uri = f"{self.base_url}/?auth_callback=1"
        self.token: str | None = None
        self._ws: aiohttp.ClientWebSocketResponse | None = None
        self._ids = itertools.count(1)

    # --- plumbing ------------------------------------------------------------------

    @property
    def _headers(self) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.token}"} if self.token else {}

    async def request(self, method: str, path: str, json: Any = None) -> Any:
        """Call the REST API; return the decoded JSON body (None when empty)."""
        async with self.session.request(
            method, f"{self.base_url}{path}", json=json, headers=self._headers
        ) as resp:
            if resp.status >= 400:
                raise HassError(f"{method} {path}: HTTP {resp.status}")
            if resp.content_type == "application/json":
                return await resp.json()
            return None

    async def wait_until_up(self, timeout_s: float = 300.0) -> None:
        """Wait until the HTTP server answers (the login providers list is public)."""
        loop = asyncio.get_running_loop()
        deadline = loop.time() + timeout_s
        while True:
            try:
                # Any answer will do: 400 before onboarding, 200 after.
                async with self.session.get(f"{self.base_url}/auth/providers") as resp:
                    if resp.status < 500:
                        return
            except aiohttp.ClientError:
                pass
            if loop.time() > deadline:
                raise HassError("Home Assistant did not start in time")
            await asyncio.sleep(1)

    async def wait_until_running(self, timeout_s: float = 300.0) -> None:
        """Wait until Home Assistant has finished starting (state RUNNING)."""
        loop = asyncio.get_running_loop()
        deadline = loop.time() + timeout_s
        while (await self.request("GET", "/api/config")).get("state") != "RUNNING":
            if loop.time() > deadline:
                raise HassError("Home Assistant did not finish starting in time")
            await asyncio.sleep(1)

    # --- onboarding and login ------------------------------------------------------

    async def _token_from_code(self, code: str) -> None:
        data = {"grant_type": "authorization_code", "code": code, "client_id": self.client_id}
        async with self.session.post(f"{self.base_url}/auth/token", data=data) as resp:
            if resp.status != 200:
                raise HassError(f"token exchange: HTTP {resp.status}")
            self.token = (await resp.json())["access_token"]

    async def onboard_or_login(self) -> bool:
        """Finish onboarding with the demo user, or log in; True when onboarding ran."""
        # Once onboarding is complete, Home Assistant no longer serves its API (404).
        async with self.session.get(f"{self.base_url}/api/onboarding") as resp:
            status = await resp.json() if resp.status == 200 else []
        steps = {s["step"]: s["done"] for s in status}
        onboarded = False
        if not steps.get("user", True):
            body = {
                "client_id": self.client_id,
                "name": DEMO_NAME,
                "username": DEMO_USERNAME,
                "password": DEMO_PASSWORD,
                "language": "en",
            }
            result = await self.request("POST", "/api/onboarding/users", body)
            await self._token_from_code(result["auth_code"])
            onboarded = True
        else:
            await self.login(DEMO_USERNAME, DEMO_PASSWORD)
        if not steps.get("core_config", True):
            await self.request("POST", "/api/onboarding/core_config")
        if not steps.get("analytics", True):
            await self.request("POST", "/api/onboarding/analytics")
        if not steps.get("integration", True):
            body = {"client_id": self.client_id, "redirect_uri": self.redirect_uri}
            await self.request("POST", "/api/onboarding/integration", body)
        return onboarded

    async def login(self, username: str, password: str) -> None:
        """Log in through the login flow the frontend uses."""
        flow = await self.request(
            "POST",
            "/auth/login_flow",
            {
                "client_id": self.client_id,
                "handler": ["homeassistant", None],
                "redirect_uri": self.redirect_uri,
            },
        )
        result = await self.request(
            "POST",
            f"/auth/login_flow/{flow['flow_id']}",
            {"username": username, "password": password, "client_id": self.client_id},
        )
        if result.get("type") != "create_entry":
            raise HassError("login refused (was .demo created with another password?)")
        await self._token_from_code(result["result"])

    async def settle_after_onboarding(self) -> None:
        """Confirm the HTTP settings and drop what onboarding set up that cannot work here.

        Home Assistant keeps HTTP settings migrated from YAML on trial (reverted after five
        minutes unless confirmed). Entries of the integrations onboarding starts by itself
        that did not load (state dirs from before the stand-ins, see demo/onboarding.py)
        would only show "failed to set up".
        """
        with contextlib.suppress(HassError):  # not on trial: nothing to confirm
            await self.ws({"type": "http/config/promote"})
        issues = (await self.ws({"type": "repairs/list_issues"}))["issues"]
        for issue in issues:
            if issue["domain"] == "http" and not issue.get("ignored"):
                await self.ws(
                    {
                        "type": "repairs/ignore_issue",
                        "domain": "http",
                        "issue_id": issue["issue_id"],
                        "ignore": True,
                    }
                )
        for entry in await self.ws({"type": "config_entries/get"}):
            if entry["domain"] in STAND_INS and entry["state"] != "loaded":
                await self.request(
                    "DELETE", f"/api/config/config_entries/entry/{entry['entry_id']}"
                )

    async def remove_entries(self, domain: str) -> int:
        """Delete every config entry of a domain; return how many."""
        entries = await self.ws({"type": "config_entries/get", "domain": domain})
        for entry in entries:
            await self.request("DELETE", f"/api/config/config_entries/entry/{entry['entry_id']}")
        return len(entries)

    async def audit_all(self, domain: str) -> int:
        """Run the integration's audit action on every device of its entries; how many."""
        entries = {
            e["entry_id"] for e in await self.ws({"type": "config_entries/get", "domain": domain})
        }
        devices = [
            d["id"]
            for d in await self.ws({"type": "config/device_registry/list"})
            if entries & set(d.get("config_entries") or [])
        ]
        if devices:
            await self.request("POST", f"/api/services/{domain}/audit", {"device_id": devices})
        return len(devices)

    # --- config flows --------------------------------------------------------------

    async def add_camera(self, host: str, port: int, username: str, password: str) -> str:
        """Run the integration's config flow; return "created", "already_configured"..."""
        flow = await self.request(
            "POST", "/api/config/config_entries/flow", {"handler": "camera_posture"}
        )
        result = await self.request(
            "POST",
            f"/api/config/config_entries/flow/{flow['flow_id']}",
            {"host": host, "port": port, "username": username, "password": password},
        )
        if result["type"] == "create_entry":
            return "created"
        if result["type"] == "abort":
            return str(result["reason"])
        # A form again means an error; close the flow so it does not linger.
        await self.request("DELETE", f"/api/config/config_entries/flow/{flow['flow_id']}")
        return str((result.get("errors") or {}).get("base", "form"))

    # --- WebSocket -----------------------------------------------------------------

    async def ws(self, message: dict[str, Any]) -> Any:
        """Send one WebSocket command and return its result."""
        if self._ws is None:
            ws_url = self.base_url.replace("http", "ws", 1) + "/api/websocket"
            self._ws = await self.session.ws_connect(ws_url, max_msg_size=0)
            await self._ws.receive_json()  # auth_required
            await self._ws.send_json({"type": "auth", "access_token": self.token})
            if (await self._ws.receive_json()).get("type") != "auth_ok":
                raise HassError("WebSocket authentication failed")
        msg_id = next(self._ids)
        await self._ws.send_json({"id": msg_id, **message})
        while True:
            reply = await self._ws.receive_json()
            if reply.get("id") == msg_id and reply.get("type") == "result":
                if not reply.get("success"):
                    raise HassError(f"{message['type']}: {reply.get('error', {}).get('code')}")
                return reply.get("result")

    async def close(self) -> None:
        """Close the WebSocket, if open."""
        if self._ws is not None:
            await self._ws.close()
            self._ws = None
