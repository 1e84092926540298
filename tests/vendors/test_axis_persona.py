"""The axis persona itself: factory-init recording and VAPIX answers over loopback."""

from __future__ import annotations

import aiohttp

from .helpers import outcomes, running


async def test_pwdgrp_add_in_setup_state_is_recorded_as_takeover() -> None:
    async with (
        running("axis") as camera,
        aiohttp.ClientSession(connector=aiohttp.TCPConnector(ssl=False)) as session,
    ):
        camera.persona.users.clear()
        url = f"https://{camera.host}:{camera.ports['https']}/axis-cgi/pwdgrp.cgi"
        params = {"action": "add", "user": "root", "pwd": "mine", "grp": "root"}
        async with session.get(url, params=params) as response:
            assert response.status == 200
        assert camera.takeovers == ["/axis-cgi/pwdgrp.cgi?action=add"]
        assert camera.persona.users == {"root": "mine"}


async def test_pwdgrp_get_needs_credentials() -> None:
    async with (
        running("axis") as camera,
        aiohttp.ClientSession(connector=aiohttp.TCPConnector(ssl=False)) as session,
    ):
        url = f"https://{camera.host}:{camera.ports['https']}/axis-cgi/pwdgrp.cgi?action=get"
        async with session.get(url) as response:
            assert response.status == 401
            assert response.headers["WWW-Authenticate"].startswith("Digest ")
        username, password = next(iter(camera.persona.users.items()))
        digest = aiohttp.DigestAuthMiddleware(username, password)
        async with session.get(url, middlewares=(digest,)) as response:
            assert response.status == 200
            assert 'admin="root"' in await response.text()
        assert outcomes(camera) == ["ok"]
        assert camera.takeovers == []


async def test_param_list_reports_unknown_groups_inline() -> None:
    async with (
        running("axis") as camera,
        aiohttp.ClientSession(connector=aiohttp.TCPConnector(ssl=False)) as session,
    ):
        username, password = next(iter(camera.persona.users.items()))
        digest = aiohttp.DigestAuthMiddleware(username, password)
        url = f"https://{camera.host}:{camera.ports['https']}/axis-cgi/param.cgi"
        data = {"action": "list", "group": "root.Nope,root.Network.SSH"}
        async with session.post(url, data=data, middlewares=(digest,)) as response:
            text = await response.text()
        assert "# Error: Error -1 getting param in group 'root.Nope'" in text
        assert "root.Network.SSH.Enabled=no" in text
