"""Run-time faults the control API injects: offline, slow and malformed answers.

Every protocol server of a camera honours them: the HTTP application through
`fault_middleware`, the RTSP server by reading `camera.faults` itself. Offline is
handled by the camera closing its listeners (see SimCamera.sync_services).
"""

from __future__ import annotations

import asyncio
from dataclasses import dataclass
from typing import TYPE_CHECKING

from aiohttp import web
from aiohttp.typedefs import Handler
from yarl import URL

if TYPE_CHECKING:
    from .camera import SimCamera

# What a "malformed" camera sends instead of its real body: starts like XML/JSON so a
# client commits to parsing it, then breaks.
GARBAGE = b'<?xml version="1.0"?><s:Envelope><s:Body>\x00\xff{"broken": <<</s:Env'


@dataclass(slots=True)
class Faults:
    """Fault knobs of one camera (all off by default)."""

    online: bool = True
    slow_s: float = 0.0
    malformed: bool = False


@web.middleware
async def fault_middleware(request: web.Request, handler: Handler) -> web.StreamResponse:
    """Delay, garble or redirect HTTP answers as the camera's state says."""
    camera: SimCamera = request.app["camera"]
    faults = camera.faults
    if faults.slow_s > 0:
        await asyncio.sleep(faults.slow_s)
    if camera.persona.https_only and not request.secure:
        return _https_redirect(request, camera)
    try:
        response = await handler(request)
    except web.HTTPException as exc:
        if not faults.malformed:
            raise
        return _garbage(exc.status, exc.content_type)
    if faults.malformed:
        return _garbage(response.status, response.content_type)
    return response


def _garbage(status: int, content_type: str) -> web.Response:
    return web.Response(status=status, body=GARBAGE, content_type=content_type)


def _https_redirect(request: web.Request, camera: SimCamera) -> web.Response:
    """An HTTPS-only camera's plain HTTP port: a redirect, never the admin interface."""
    https_port = camera.ports.get("https")
    if https_port is None:
        # HTTPS-only but no TLS listener (should not happen): refuse outright.
        return web.Response(status=403, text="HTTPS required")
    location = str(
        URL.build(
            scheme="https",
            host=camera.host,
            port=https_port,
            path=request.rel_url.path,
            query_string=request.rel_url.query_string,
        )
    )
    return web.Response(status=301, headers={"Location": location}, text="Moved")
