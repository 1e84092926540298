"""TCP connect probe on the camera's service ports (connect only, nothing sent)."""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import Iterable

from ..models import Facts
from . import ProbeContext

CONNECT_TIMEOUT_S = 2.0
MAX_CONCURRENT_CONNECTS = 8

# Services probed on every camera (their default ports come from models.DEFAULT_PORTS).
SERVICES = ("telnet", "ssh", "ftp", "http", "https", "rtsp")
# Each family's private SDK/media port, probed as the "vendor" service.
VENDOR_PORTS = {"hikvision": 8000, "dahua": 37777, "reolink": 9000, "foscam": 88}


async def port_state(host: str, port: int, wait_s: float = CONNECT_TIMEOUT_S) -> bool | None:
    """True when a TCP connect succeeds, False when refused, None when nothing answers."""
    try:
        async with asyncio.timeout(wait_s):
            _, writer = await asyncio.open_connection(host, port)
    except ConnectionRefusedError:
        return False
    except OSError, TimeoutError:
        # Timeout, unreachable network, or a filtering firewall: cannot tell.
        return None
    writer.close()
    with contextlib.suppress(OSError):
        await writer.wait_closed()
    return True


async def scan(
    host: str, ports: Iterable[int], wait_s: float = CONNECT_TIMEOUT_S
) -> dict[int, bool | None]:
    """Connect to every port concurrently (at most MAX_CONCURRENT_CONNECTS at a time)."""
    limit = asyncio.Semaphore(MAX_CONCURRENT_CONNECTS)

    async def one(port: int) -> tuple[int, bool | None]:
        async with limit:
            return port, await port_state(host, port, wait_s)

    return dict(await asyncio.gather(*(one(port) for port in sorted(set(ports)))))


def service_ports(ctx: ProbeContext) -> dict[str, int]:
    """Service name -> port to probe, honouring the target's overrides."""
    ports = {service: ctx.target.port_for(service) for service in SERVICES}
    vendor_default = VENDOR_PORTS.get(ctx.vendor or "")
    if "vendor" in ctx.target.ports or vendor_default is not None:
        ports["vendor"] = ctx.target.port_for("vendor", vendor_default)
    return ports


async def probe_ports(ctx: ProbeContext, facts: Facts) -> None:
    """Fill open_ports, and telnet/ssh from their port's state (adapter facts win).

    Open -> the service is on (fails); refused -> nothing listens there (passes, the
    evidence names the port); no answer -> a filter hides it (stays unknown).
    """
    ports = service_ports(ctx)
    states = await scan(ctx.host, ports.values())
    if facts.open_ports is None and any(state is not None for state in states.values()):
        open_ports = frozenset(port for port, state in states.items() if state)
        facts.note("open_ports", open_ports, f"TCP connect to {len(states)} service ports")
    for service in ("telnet", "ssh"):
        if getattr(facts, service) is not None:
            continue
        port = ports[service]
        state = states[port]
        if state is True:
            facts.note(service, True, f"TCP {port} ({service}) accepts connections")
        elif state is False:
            facts.note(service, False, f"TCP {port} ({service}) refused the connection")
        else:
            facts.tried(
                service,
                f"TCP {port} ({service}): no answer within {CONNECT_TIMEOUT_S:g} s "
                "(filtered or unreachable), cannot tell",
            )
