"""Start the simulated camera fleet and read back each camera's address and login.

Prefers `camsim --fleet demo` (one process, every persona, a control API); where the
simulator does not offer it yet, starts one `camsim --persona NAME` per persona, each on
its own loopback address.
"""

from __future__ import annotations

import asyncio
import contextlib
import ipaddress
import json
import os
import signal
from dataclasses import dataclass
from typing import Any

from camsim.persona import PERSONAS

FIRST_ADDRESS = "127.0.0.2"  # and upward, as the simulator's own fleet does
READY_TIMEOUT_S = 60.0
ADDRESS_ATTEMPTS = 8


class CamsimExited(RuntimeError):
    """camsim stopped before announcing its cameras (usually: address in use)."""


@dataclass(frozen=True, slots=True)
class FleetCamera:
    """One simulated camera as the simulator announced it."""

    persona: str
    address: str
    port: int
    username: str
    password: str
    control: str | None  # URL of the camera in the control API, when there is one

    @classmethod
    def from_announcement(cls, line: dict[str, Any]) -> FleetCamera:
        """Build from the JSON line camsim prints per camera."""
        ports = line.get("ports") or {}
        return cls(
            persona=str(line["persona"]),
            address=str(line["address"]),
            port=int(ports.get("http") or ports["onvif"]),
            username=str(line["username"]),
            password=str(line["password"]),
            control=line.get("control"),
        )

    def as_json(self) -> dict[str, Any]:
        """JSON-ready form (written to .demo/fleet.json for the README's commands)."""
        return {
            "persona": self.persona,
            "address": self.address,
            "port": self.port,
            "username": self.username,
            "password": self.password,
            "control": self.control,
        }


async def fleet_supported() -> bool:
    """Whether this camsim offers `--fleet` (the simulator's demo fleet)."""
    proc = await asyncio.create_subprocess_exec(
        "camsim", "--help", stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.DEVNULL
    )
    out, _ = await proc.communicate()
    return b"--fleet" in out


class Fleet:
    """The camsim processes of the demo and the cameras they serve."""

    def __init__(self) -> None:
        self.processes: list[asyncio.subprocess.Process] = []
        self.cameras: list[FleetCamera] = []

    async def start(
        self,
        *,
        first_address: str = FIRST_ADDRESS,
        random_ports: bool = False,
        control_port: int = 0,
        log_path: str | None = None,
    ) -> None:
        """Start every persona on its own loopback address; return when all announced.

        Cameras get their family's real ports (80...) as root, unless `random_ports`
        (tests, so they never collide with a running demo); unprivileged, any free port.
        """
        standard = os.geteuid() == 0 and not random_ports
        fleet = await fleet_supported()
        stderr = open(log_path, "ab") if log_path else None  # noqa: SIM115, ASYNC230
        try:
            # Another fleet (a benchmark, a second demo) may hold these addresses' ports:
            # then move the whole fleet up by 256 addresses and try again.
            for attempt in range(ADDRESS_ATTEMPTS):
                first = ipaddress.IPv4Address(first_address) + 256 * attempt
                try:
                    await self._start_at(first, fleet, standard, control_port, stderr)
                except CamsimExited:
                    await self.stop()
                    self.cameras.clear()
                    continue
                return
            raise RuntimeError("camsim could not start: addresses in use (see camsim.log)")
        finally:
            if stderr is not None:
                stderr.close()

    async def _start_at(
        self,
        first: ipaddress.IPv4Address,
        fleet: bool,
        standard: bool,
        control_port: int,
        stderr: Any,
    ) -> None:
        if fleet:
            args = ["--fleet", "demo", "--bind", str(first)]
            args += ["--control-port", str(control_port)]
            args += ["--ports", "standard" if standard else "random"]
            await self._spawn(args, expect=len(PERSONAS), stderr=stderr)
            return
        for offset, name in enumerate(sorted(PERSONAS)):
            args = ["--persona", name, "--bind", str(first + offset)]
            args += ["--port", "80" if standard else "0"]
            await self._spawn(args, expect=1, stderr=stderr)

    async def _spawn(self, args: list[str], *, expect: int, stderr: Any) -> None:
        proc = await asyncio.create_subprocess_exec(
            "camsim", *args, stdout=asyncio.subprocess.PIPE, stderr=stderr
        )
        self.processes.append(proc)
        assert proc.stdout is not None
        for _ in range(expect):
            raw = await asyncio.wait_for(proc.stdout.readline(), READY_TIMEOUT_S)
            if not raw:
                raise CamsimExited(" ".join(args))
            self.cameras.append(FleetCamera.from_announcement(json.loads(raw)))

    async def stop(self) -> None:
        """Stop every camsim process (SIGTERM, then SIGKILL after a few seconds)."""
        for proc in self.processes:
            if proc.returncode is None:
                with contextlib.suppress(ProcessLookupError):
                    proc.send_signal(signal.SIGTERM)
        for proc in self.processes:
            try:
                await asyncio.wait_for(proc.wait(), 5)
            except TimeoutError:
                with contextlib.suppress(ProcessLookupError):
                    proc.kill()
                await proc.wait()
        self.processes.clear()
