"""Small helpers shared by the Home Assistant tests."""

from __future__ import annotations

from typing import Any

from homeassistant.const import CONF_HOST, CONF_PASSWORD, CONF_PORT, CONF_USERNAME

from camsim.camera import SimCamera
from custom_components.camera_posture.const import CONF_SERVICES


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
    ports = getattr(camera, "ports", None)
    if ports:
        data[CONF_SERVICES] = dict(ports)
    return data
