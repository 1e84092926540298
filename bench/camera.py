"""One fleet camera as the bench sees it: an address, ports and credentials."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any

from custom_components.camera_posture.posture.models import Target


@dataclass(frozen=True, slots=True)
class FleetCamera:
    """A camera announced by the fleet process."""

    persona: str
    address: str
    ports: dict[str, int]
    username: str
    password: str = field(repr=False)

    @classmethod
    def from_line(cls, line: str) -> FleetCamera:
        """Parse one JSON line of `python -m bench.fleet`."""
        data: dict[str, Any] = json.loads(line)
        return cls(
            persona=str(data["persona"]),
            address=str(data["address"]),
            ports={str(k): int(v) for k, v in data["ports"].items()},
            username=str(data["username"]),
            password=str(data["password"]),
        )

    def target(self) -> Target:
        """The engine's Target for this camera, with every port the simulator reported."""
        return Target(
            self.address, self.ports["http"], self.username, self.password, ports=self.ports
        )
