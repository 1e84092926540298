"""Replay server: serves a real device's captured answers on loopback.

Each device folder under tests/fixtures/real/<vendor>/<device>/ holds the captured
answers (files, as published; see its SOURCE.md) and a `replay.json` that maps
requests to them and says how the vendor authenticates:

- "digest": every request without a valid HTTP digest answer gets a 401 challenge
  (realm as configured), except the `open` routes (unauthenticated on the real device);
- "reolink-token": `POST /cgi-bin/api.cgi` with a JSON command list; Login hands out a
  token, later commands need it (Reolink's session scheme);
- "onvif": `POST /onvif/device_service` SOAP, answered per operation; every operation
  but the `open` ones (ONVIF's pre-authentication calls) needs a WS-Security
  UsernameToken digest of the replay's account, else the NotAuthorized fault.

What is not captured is not invented: an authenticated request for anything else
gets 404 (Reolink: the per-command "not support" error the devices answer), so the
audit must report those facts unknown.
"""

from __future__ import annotations

import json
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from aiohttp import web
from defusedxml import ElementTree

from camsim.auth import challenge, digest_matches, parse_digest
from camsim.onvif import DEVICE_SERVICE, WSSE, S, digest_proves, fault

FIXTURES = Path(__file__).parent.parent / "fixtures" / "real"
# The replay's own account (a real camera's password is never in a capture).
USER = "admin"
PASSWORD = "Replay-Passw0rd!"


@dataclass(slots=True)
class Replay:
    """One device's captured answers and the vendor's authentication behaviour."""

    folder: Path
    config: dict[str, Any]
    # Requests the replay saw, as "METHOD path?query", for assertions on what was asked.
    seen: list[str] = field(default_factory=list)
    tokens: set[str] = field(default_factory=set)

    @classmethod
    def load(cls, vendor: str, device: str) -> Replay:
        """The replay of tests/fixtures/real/<vendor>/<device>/."""
        folder = FIXTURES / vendor / device
        return cls(folder, json.loads((folder / "replay.json").read_text()))

    def body(self, name: str) -> bytes:
        """A captured answer file's bytes."""
        return (self.folder / name).read_bytes()

    def _answer(self, name: str) -> web.Response:
        content_type = self.config.get("content_types", {}).get(Path(name).suffix, "text/plain")
        return web.Response(
            body=self.body(name), content_type=content_type, headers=self._headers()
        )

    def _headers(self) -> dict[str, str]:
        return dict(self.config.get("headers", {}))

    def _authorised(self, request: web.Request) -> bool:
        fields = parse_digest(request.headers.get("Authorization", ""))
        return (
            fields.get("username") == USER
            and fields.get("realm") == self.config["realm"]
            and digest_matches(fields, request.method, PASSWORD)
        )

    async def handle(self, request: web.Request) -> web.StreamResponse:
        """Answer one request as the captured device would."""
        key = f"{request.method} {request.path_qs}"
        self.seen.append(key)
        if self.config["auth"] == "reolink-token":
            return await self._reolink(request)
        if self.config["auth"] == "onvif":
            return await self._onvif(request)
        if key in self.config.get("open", {}):
            return self._answer(self.config["open"][key])
        if not self._authorised(request):
            error = challenge(self.config["realm"])
            error.headers.update(self._headers())
            raise error
        if request.method == "POST" and request.path in self.config.get("param_lists", {}):
            return await self._param_list(request)
        if key in self.config.get("routes", {}):
            return self._answer(self.config["routes"][key])
        return web.Response(status=404, text="Not Found", headers=self._headers())

    async def _param_list(self, request: web.Request) -> web.Response:
        """Axis param.cgi list: the captured lines of the groups asked for."""
        form = await request.post()
        groups = [g.strip() for g in str(form.get("group", "")).split(",") if g.strip()]
        lines = self.body(self.config["param_lists"][request.path]).decode().splitlines()
        wanted = [line for line in lines if any(line.startswith(f"{group}.") for group in groups)]
        return web.Response(text="\n".join(wanted) + "\n", headers=self._headers())

    async def _reolink(self, request: web.Request) -> web.Response:
        if request.path != "/cgi-bin/api.cgi" or request.method != "POST":
            return web.Response(status=404, text="Not Found")
        commands = [c for c in json.loads(await request.read()) if isinstance(c, dict)]
        token = request.query.get("token", "")
        reolink = self.config["reolink"]
        answers: list[Any] = []
        for command in commands:
            cmd = str(command.get("cmd", ""))
            if cmd == "Login":
                user = command.get("param", {}).get("User", {})
                if (user.get("userName"), user.get("password")) != (USER, PASSWORD):
                    answers.append(_reolink_error(cmd, -7, "login failed"))
                    continue
                answer = json.loads(self.body(reolink["Login"]))
                self.tokens.add(answer["value"]["Token"]["name"])
                answers.append(answer)
            elif token not in self.tokens:
                answers.append(_reolink_error(cmd, -6, "please login first"))
            elif cmd == "Logout":
                answers.append({"cmd": "Logout", "code": 0, "value": {"rspCode": 200}})
            elif cmd in reolink["commands"]:
                answers.append(json.loads(self.body(reolink["commands"][cmd])))
            else:
                # As captured: the devices answer an unsupported command this way.
                answers.append(json.loads(self.body(reolink["unsupported"])))
        return web.json_response(answers, content_type="text/html")

    async def _onvif(self, request: web.Request) -> web.Response:
        if request.path != DEVICE_SERVICE or request.method != "POST":
            return web.Response(status=404, text="Not Found")
        root = ElementTree.fromstring(await request.read())
        body = root.find(f"{{{S}}}Body")
        operation = body[0].tag.rsplit("}", 1)[-1] if body is not None and len(body) else ""
        onvif = self.config["onvif"]
        answers = {**onvif.get("open", {}), **onvif.get("operations", {})}
        if operation not in answers:
            return web.Response(status=404, text="Not Found")
        if operation not in onvif.get("open", {}):
            token = root.find(f"{{{S}}}Header/{{{WSSE}}}Security/{{{WSSE}}}UsernameToken")
            if (
                token is None
                or token.findtext(f"{{{WSSE}}}Username") != USER
                or not digest_proves(token, PASSWORD)
            ):
                # camsim's fault, as ONVIF's Core spec words it (not captured).
                return fault("NotAuthorized", "Sender not Authorized")
        return web.Response(body=self.body(answers[operation]), content_type=_SOAP)


_SOAP = "application/soap+xml"


def _reolink_error(cmd: str, code: int, detail: str) -> dict[str, Any]:
    return {"cmd": cmd, "code": 1, "error": {"detail": detail, "rspCode": code}}


@asynccontextmanager
async def serving(replay: Replay) -> AsyncIterator[int]:
    """Serve the replay on 127.0.0.1 (yields its port) for the block."""
    app = web.Application()
    app.router.add_route("*", "/{tail:.*}", replay.handle)
    runner = web.AppRunner(app, access_log=None)
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    try:
        yield site._server.sockets[0].getsockname()[1]  # type: ignore[union-attr]
    finally:
        await runner.cleanup()
