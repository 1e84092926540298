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


def parse_digest(header: str) -> dict[str, str]:
    """The parameters of a `Digest k=v, ...` Authorization header, keys lower-cased.

    Values are tokens or quoted strings (RFC 9110 section 5.6.4): a comma inside
    quotes belongs to the value (uri="/param.cgi?group=a,b") and a backslash
    escapes the next character. Malformed input yields what could be read.
    """
    text = header.strip()
    if text[:7].lower() == "digest ":
        text = text[7:]
    fields: dict[str, str] = {}
    index = 0
    while (equals := text.find("=", index)) >= 0:
        # A parameter without "=" before this one is skipped with its comma.
        key = text[index:equals].rsplit(",", 1)[-1].strip().lower()
        value, index = _value(text, equals + 1)
        if key:
            fields[key] = value
    return fields


def _value(text: str, index: int) -> tuple[str, int]:
    """One value starting at `index` and the index after its closing comma."""
    while index < len(text) and text[index] in " \t":
        index += 1
    if index < len(text) and text[index] == '"':
        chars: list[str] = []
        index += 1
        while index < len(text) and text[index] != '"':
            if text[index] == "\\" and index + 1 < len(text):
                index += 1  # quoted-pair: the next character is literal
            chars.append(text[index])
            index += 1
        value = "".join(chars)
    else:
        end = text.find(",", index)
        value = text[index : len(text) if end < 0 else end].strip()
    comma = text.find(",", index)
    return value, len(text) if comma < 0 else comma + 1


def digest_matches(fields: dict[str, str], method: str, password: str) -> bool:
    """Whether a parsed digest answer carries the right response for this password."""
    user, realm, nonce = (
        fields.get("username", ""),
        fields.get("realm", ""),
        fields.get("nonce", ""),
    )
    ha1 = _md5(f"{user}:{realm}:{password}")
    ha2 = _md5(f"{method}:{fields.get('uri', '')}")
    if fields.get("qop"):
        parts = (ha1, nonce, fields.get("nc", ""), fields.get("cnonce", ""))
        expected = _md5(":".join((*parts, fields["qop"], ha2)))
    else:
        expected = _md5(f"{ha1}:{nonce}:{ha2}")
    return hmac.compare_digest(expected, fields.get("response", ""))


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
    fields = parse_digest(request.headers.get("Authorization", ""))
    user = fields.get("username", "")
    password = camera.persona.users.get(user)
    if password is None or fields.get("realm") != realm:
        return user, False
    return user, digest_matches(fields, request.method, password)


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
