"""Small helpers shared by the Home Assistant tests."""

from __future__ import annotations

from typing import Any

from homeassistant.const import CONF_HOST, CONF_PASSWORD, CONF_PORT, CONF_USERNAME

from camsim.camera import SimCamera


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
