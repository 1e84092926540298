"""UPnP on the camera itself: a unicast SSDP M-SEARCH to its UDP 1900.

Only fills `upnp` when the adapter could not read the camera's own UPnP switch.
A camera that answers M-SEARCH runs a UPnP stack, so the check fails with the
answering device type and server as evidence. Silence proves nothing (the
datagram or its answer may be filtered, or UPnP listens only to multicast), so
it leaves the fact unknown, with evidence saying what was tried.
"""

from __future__ import annotations

from ..discovery import ssdp_search
from ..models import Facts
from . import ProbeContext

SSDP_WAIT_S = 2.0


async def probe_upnp(ctx: ProbeContext, facts: Facts) -> None:
    """Fill upnp = True when the camera answers a unicast M-SEARCH; else record the try."""
    if facts.upnp is not None:
        return
    port = ctx.target.port_for("upnp")
    ctx.requests += 1
    # One host can answer: its first answer settles it, so do not wait out SSDP_WAIT_S.
    answers = await ssdp_search(
        "ssdp:all", wait_s=SSDP_WAIT_S, unicast_host=ctx.host, unicast_port=port, stop_at="answer"
    )
    if answers:
        first = answers[0]
        kind = first.kind or "unnamed device type"
        server = f", server {first.server}" if first.server else ""
        facts.note("upnp", True, f"SSDP M-SEARCH to UDP {port} answered: {kind}{server}")
        return
    facts.tried(
        "upnp",
        f"SSDP M-SEARCH to UDP {port}: no answer within {SSDP_WAIT_S:g} s "
        "(silence is not proof that UPnP is off)",
    )
