"""The reolink persona itself: token rules and error answers over loopback."""

from __future__ import annotations

import json
from typing import Any

import aiohttp

from .helpers import running


async def _post(
    session: aiohttp.ClientSession, url: str, commands: list[dict[str, Any]]
) -> tuple[str, list[dict[str, Any]]]:
    async with session.post(url, data=json.dumps(commands)) as response:
        text = await response.text()
        assert response.content_type == "text/html"
        return text, json.loads(text)


async def test_commands_without_token_ask_for_login_and_are_not_login_attempts() -> None:
    async with running("reolink") as camera, aiohttp.ClientSession() as session:
        url = f"http://{camera.host}:{camera.http_port}/cgi-bin/api.cgi?cmd=GetDevInfo"
        text, answer = await _post(session, url, [{"cmd": "GetDevInfo"}])
        assert answer[0]["error"]["rspCode"] == -6
        # reolink_aio recognises errors by this exact spacing.
        assert '"detail" : "please login first"' in text
        assert camera.logins == []


async def test_unknown_commands_answer_not_supported_per_command() -> None:
    async with running("reolink") as camera, aiohttp.ClientSession() as session:
        base = f"http://{camera.host}:{camera.http_port}/cgi-bin/api.cgi"
        login = [{"cmd": "Login", "param": {"User": {"userName": "admin", "password": ""}}}]
        _, answer = await _post(session, f"{base}?cmd=Login&token=null", login)
        token = answer[0]["value"]["Token"]["name"]
        _, answer = await _post(
            session, f"{base}?token={token}", [{"cmd": "GetUpnp"}, {"cmd": "Reboot"}]
        )
        assert answer[0] == {"cmd": "GetUpnp", "code": 0, "value": {"Upnp": {"enable": 1}}}
        assert answer[1]["error"]["rspCode"] == -9
        _, answer = await _post(session, f"{base}?token={token}", [{"cmd": "GetOnline"}])
        assert [user["userName"] for user in answer[0]["value"]["User"]] == ["admin"]


async def test_malformed_body_is_a_parameter_error() -> None:
    async with running("reolink") as camera, aiohttp.ClientSession() as session:
        url = f"http://{camera.host}:{camera.http_port}/cgi-bin/api.cgi?cmd=Login"
        async with session.post(url, data=b"{not json") as response:
            answer = json.loads(await response.text())
        assert answer[0]["error"]["rspCode"] == -4
        assert camera.logins == []
