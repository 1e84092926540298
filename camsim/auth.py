"""HTTP authentication as cameras do it: digest (RFC 7616, MD5, qop=auth) and basic.

A request without credentials gets a challenge and is not a login attempt; a
request with wrong credentials is a failed attempt and counts towards lockout.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import secrets
from typing import TYPE_CHECKING

from aiohttp import web

if TYPE_CHECKING:
    from .camera import SimCamera


def _md5(text: str) -> str:
    return hashlib.md5(text.encode(), usedforsecurity=False).hexdigest()


def _parse_digest(header: str) -> dict[str, str]:
    fields: dict[str, str] = {}
    for part in header.split(",") if header else []:
        key, sep, value = part.strip().partition("=")
        if sep:
            fields[key.strip().lower()] = value.strip().strip('"')
    return fields


def challenge(realm: str, *, basic: bool = False) -> web.HTTPUnauthorized:
    """A 401 with a fresh digest (or basic) challenge."""
    if basic:
        value = f'Basic realm="{realm}"'
    else:
        value = (
            f'Digest realm="{realm}", qop="auth", nonce="{secrets.token_hex(16)}", algorithm=MD5'
        )
    return web.HTTPUnauthorized(headers={"WWW-Authenticate": value}, text="Unauthorized")


def _digest_user(request: web.Request, camera: SimCamera, realm: str) -> tuple[str, bool]:
    fields = _parse_digest(request.headers.get("Authorization", "").removeprefix("Digest "))
    user = fields.get("username", "")
    password = camera.persona.users.get(user)
    if password is None or fields.get("realm") != realm:
        return user, False
    ha1 = _md5(f"{user}:{realm}:{password}")
    ha2 = _md5(f"{request.method}:{fields.get('uri', '')}")
    if fields.get("qop"):
        parts = (ha1, fields.get("nonce", ""), fields.get("nc", ""), fields.get("cnonce", ""))
        expected = _md5(":".join((*parts, fields["qop"], ha2)))
    else:
        expected = _md5(f"{ha1}:{fields.get('nonce', '')}:{ha2}")
    return user, hmac.compare_digest(expected, fields.get("response", ""))


def _basic_user(request: web.Request, camera: SimCamera) -> tuple[str, bool]:
    try:
        raw = base64.b64decode(request.headers["Authorization"][6:]).decode()
    except ValueError, UnicodeDecodeError:
        return "", False
    user, _, password = raw.partition(":")
    expected = camera.persona.users.get(user)
    return user, expected is not None and hmac.compare_digest(expected, password)


def require_http_auth(
    request: web.Request,
    camera: SimCamera,
    *,
    realm: str,
    allow_basic: bool = False,
    protocol: str = "http",
) -> str:
    """Return the authenticated user name, or raise the 401 the camera would send.

    Raises HTTPUnauthorized (challenge) when no or wrong credentials are given, and
    when the camera is locked (the attempt is still recorded as "locked").
    """
    header = request.headers.get("Authorization", "")
    if header.startswith("Digest "):
        user, ok = _digest_user(request, camera, realm)
    elif header.startswith("Basic ") and allow_basic:
        user, ok = _basic_user(request, camera)
    else:
        raise challenge(realm)
    if camera.record_login(request.remote or "?", protocol, ok, user) != "ok":
        raise challenge(realm)
    return user
