"""Still images and MJPEG as cameras serve them: behind the login, or anonymous.

A persona's `anonymous_snapshot` says whether its still-image paths answer without
credentials (as an "anonymous viewer" setting does). Otherwise they demand the same
HTTP authentication as the rest of the vendor API; a request without credentials gets
the challenge and is no login attempt (camsim/auth.py).
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import TYPE_CHECKING

from aiohttp import web

from .auth import require_http_auth

if TYPE_CHECKING:
    from .camera import SimCamera

# A minimal JFIF image: SOI, an APP0 segment, EOI (enough for a client sniffing magic).
JPEG = bytes.fromhex("ffd8ffe000104a46494600010100000100010000ffd9")
_BOUNDARY = "camsimframe"

Handler = Callable[[web.Request], Awaitable[web.StreamResponse]]


def _authorise(request: web.Request, realm: Callable[[SimCamera], str]) -> None:
    camera: SimCamera = request.app["camera"]
    if not camera.persona.anonymous_snapshot:
        require_http_auth(request, camera, realm=realm(camera), allow_basic=True)


def still_image(realm: Callable[[SimCamera], str]) -> Handler:
    """A handler that answers one JPEG (after the login unless the persona is anonymous)."""

    async def handler(request: web.Request) -> web.StreamResponse:
        _authorise(request, realm)
        return web.Response(body=JPEG, content_type="image/jpeg")

    return handler


def mjpeg(realm: Callable[[SimCamera], str]) -> Handler:
    """A handler that answers a one-frame MJPEG stream (multipart/x-mixed-replace)."""

    async def handler(request: web.Request) -> web.StreamResponse:
        _authorise(request, realm)
        part = f"--{_BOUNDARY}\r\nContent-Type: image/jpeg\r\n\r\n".encode() + JPEG + b"\r\n"
        return web.Response(
            body=part,
            headers={"Content-Type": f"multipart/x-mixed-replace; boundary={_BOUNDARY}"},
        )

    return handler
