"""Small helpers shared by the Home Assistant tests."""

from __future__ import annotations

from typing import Any

from homeassistant.const import CONF_HOST, CONF_PASSWORD, CONF_PORT, CONF_USERNAME

from camsim.camera import SimCamera
from custom_components.camera_posture.const import CONF_SERVICES
from tests.posture.helpers import quiet_services


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
    # Services the simulated camera does not run get closed ports, so probes never
    # reach whatever the test machine itself listens on (22, 23, 554...).
    data[CONF_SERVICES] = quiet_services() | dict(camera.ports)
    return data
