"""ONVIF protected call without credentials: whether the camera answers it anyway.

Only fills onvif_anonymous when the adapter (e.g. the generic ONVIF one) left it None.
"""

from __future__ import annotations

from ..errors import CannotConnect, InvalidAuth
from ..models import Facts
from ..transport.onvif import device_service
from . import ProbeContext


async def probe_onvif_anonymous(ctx: ProbeContext, facts: Facts) -> None:
    """GetDeviceInformation (READ_SYSTEM) without a security header."""
    if facts.onvif_anonymous is not None:
        return
    onvif = device_service(ctx.http, ctx.target, ctx.web_scheme, credentials=False)
    try:
        await onvif.call("GetDeviceInformation", auth=False)
    except InvalidAuth:
        facts.note(
            "onvif_anonymous", False, "ONVIF GetDeviceInformation refused without credentials"
        )
    except CannotConnect:
        # No ONVIF service, or an unreadable answer: unknown.
        facts.tried(
            "onvif_anonymous",
            f"ONVIF GetDeviceInformation without credentials ({ctx.web_scheme}, port "
            f"{ctx.target.port_for('onvif')}): no readable ONVIF answer",
        )
        return
    else:
        facts.note(
            "onvif_anonymous", True, "ONVIF GetDeviceInformation answered without credentials"
        )
