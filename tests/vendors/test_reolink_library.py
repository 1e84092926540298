"""The real `reolink_aio` client library (used by Home Assistant) talks to the persona."""

from __future__ import annotations

import socket

from reolink_aio.api import Host
from reolink_aio.enums import ConnectionEnum

from .helpers import outcomes, running


def _closed_port() -> int:
    # reolink_aio also tries the Baichuan port; point it at a port nobody listens on.
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


async def test_reolink_aio_reads_model_and_firmware() -> None:
    async with running("reolink") as camera:
        username, password = next(iter(camera.persona.users.items()))
        host = Host(
            camera.host,
            username,
            password,
            port=camera.http_port,
            use_https=False,
            bc_port=_closed_port(),
            # A wired camera: Baichuan over TCP only (the simulator does not serve it).
            bc_connection=ConnectionEnum.tcp,
        )
        try:
            await host.get_host_data()
            assert host.model == camera.persona.model
            assert host.sw_version == camera.persona.firmware
            assert host.serial() == camera.persona.serial
        finally:
            await host.logout()
    assert outcomes(camera) == ["ok"]
    assert camera.takeovers == []
