"""A fleet of simulated cameras in one process, each on its own loopback address.

Linux routes all of 127.0.0.0/8 to the loopback interface, so every camera can
have an address of its own (127.0.0.2, 127.0.0.3, ...) and, as root, the real
ports of its family (80, 554, 23...). Without root, ports below 1024 cannot be
bound, so every standard port is shifted by UNPRIVILEGED_OFFSET (80 -> 10080).
"""

from __future__ import annotations

import asyncio
import ipaddress
import os
import resource
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Literal

from .camera import SimCamera
from .persona import PERSONAS, Persona

FIRST_ADDRESS = "127.0.0.2"
UNPRIVILEGED_OFFSET = 10000
# Cameras started at once: enough to be quick, few enough not to stall the loop.
START_BATCH = 50

PortMode = Literal["standard", "offset", "random"]


@dataclass(frozen=True, slots=True)
class FleetMember:
    """A camera of the fleet and its control id."""

    camera_id: str
    camera: SimCamera


def raise_open_file_limit() -> int:
    """Raise the soft RLIMIT_NOFILE to the hard limit; return the new soft limit."""
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    if hard == resource.RLIM_INFINITY or hard > soft:
        target = hard if hard != resource.RLIM_INFINITY else max(soft, 1 << 20)
        try:
            resource.setrlimit(resource.RLIMIT_NOFILE, (target, hard))
        except ValueError, OSError:
            return soft
        return target
    return soft


def default_port_mode() -> PortMode:
    """Standard ports as root, shifted ones otherwise."""
    return "standard" if os.geteuid() == 0 else "offset"


def addresses(first: str = FIRST_ADDRESS) -> Iterator[str]:
    """Loopback addresses from `first` upward, skipping .0 and .255 host parts."""
    address = ipaddress.IPv4Address(first)
    while True:
        if address not in ipaddress.IPv4Network("127.0.0.0/8"):
            raise ValueError("ran out of loopback addresses")
        if address.packed[-1] not in {0, 255}:
            yield str(address)
        address += 1


def persona_names(spec: str) -> list[str]:
    """Persona per camera: "demo" is every persona once, N cycles through them."""
    names = sorted(PERSONAS)
    if spec == "demo":
        return names
    count = int(spec)
    if count < 1:
        raise ValueError("a fleet needs at least one camera")
    return [names[i % len(names)] for i in range(count)]


def own_identity(persona: Persona, number: int) -> Persona:
    """Give fleet camera `number` its own MAC and serial (in place; returns the persona).

    Home Assistant tells cameras apart by serial (or MAC), so 50 copies of 7 personas
    must not share 7 identities. The MAC keeps the persona's vendor prefix (OUI: DHCP
    discovery matches on it) and takes the number as its last three octets; the serial
    keeps its vendor-looking prefix and ends in the number, or follows the MAC where
    the family's serial is the MAC (Axis).
    """
    if not 0 < number < 1 << 24:
        raise ValueError("fleet camera numbers run from 1 to 2**24 - 1")
    oui = persona.mac.split(":")[:3]
    mac = ":".join([*oui, *(f"{(number >> shift) & 0xFF:02x}" for shift in (16, 8, 0))])
    if persona.serial.upper() == persona.mac.replace(":", "").upper():
        persona.serial = mac.replace(":", "").upper()
    else:
        persona.serial = persona.serial[:-6] + str(number).zfill(6)
    persona.mac = mac
    return persona


def build(
    spec: str, *, first_address: str = FIRST_ADDRESS, port_mode: PortMode | None = None
) -> list[FleetMember]:
    """Create (not start) the cameras of a fleet, with ids "1", "2", ...

    "demo" runs each persona once with its own identity; in a numbered fleet every
    camera gets a serial and MAC of its own (see own_identity).
    """
    mode = port_mode or default_port_mode()
    members = []
    for number, (name, address) in enumerate(
        zip(persona_names(spec), addresses(first_address), strict=False), start=1
    ):
        persona = PERSONAS[name].persona()
        camera = SimCamera(
            persona if spec == "demo" else own_identity(persona, number),
            host=address,
            standard_ports=mode != "random",
            port_offset=UNPRIVILEGED_OFFSET if mode == "offset" else 0,
        )
        members.append(FleetMember(str(number), camera))
    return members


async def start(members: list[FleetMember]) -> None:
    """Start every camera (in batches); on any failure stop those started and raise."""
    try:
        for first in range(0, len(members), START_BATCH):
            batch = members[first : first + START_BATCH]
            results = await asyncio.gather(
                *(member.camera.start() for member in batch), return_exceptions=True
            )
            for result in results:
                if isinstance(result, BaseException):
                    raise result
    except BaseException:
        await stop(members)
        raise


async def stop(members: list[FleetMember]) -> None:
    """Stop every camera of the fleet."""
    await asyncio.gather(*(member.camera.stop() for member in members), return_exceptions=True)
