"""HTTP digest authentication (RFC 7616: MD5, qop=auth) for the Axis adapter.

TO BE UNIFIED with posture/transport/digest.py by the lead: this is a minimal,
Axis-private client written in parallel with the shared one.

Safety: the first request goes without credentials to learn the challenge (that
is not a login attempt). A 401 to a request that carried credentials is a failed
login: it raises InvalidAuth and is never retried, except once when the camera
marks the nonce as stale (the credentials were fine, the nonce expired).
"""

from __future__ import annotations

import hashlib
import os
import re

from yarl import URL

from ..errors import InvalidAuth
from ..transport.http import HttpClient, Response

_FIELD = re.compile(r'(\w+)\s*=\s*(?:"([^"]*)"|([^,\s]+))')


def _md5(text: str) -> str:
    return hashlib.md5(text.encode(), usedforsecurity=False).hexdigest()


def parse_challenge(headers: dict[str, str]) -> dict[str, str] | None:
    """The fields of a `WWW-Authenticate: Digest ...` header, or None."""
    for name, value in headers.items():
        if name.lower() == "www-authenticate" and value.strip().lower().startswith("digest "):
            return {
                m.group(1).lower(): m.group(2) if m.group(2) is not None else m.group(3)
                for m in _FIELD.finditer(value.strip()[7:])
            }
    return None


class DigestClient:
    """Sends requests with digest credentials, reusing the nonce (nc counts up)."""

    def __init__(self, http: HttpClient, username: str, password: str) -> None:
        self._http = http
        self._username = username
        self._password = password
        self._challenge: dict[str, str] | None = None
        self._nc = 0

    def authorization(
        self, method: str, url: str, challenge: dict[str, str], cnonce: str | None = None
    ) -> str:
        """The Authorization header value for one request (`cnonce` fixed only in tests)."""
        realm = challenge.get("realm", "")
        nonce = challenge.get("nonce", "")
        parsed = URL(url)
        uri = parsed.raw_path_qs
        ha1 = _md5(f"{self._username}:{realm}:{self._password}")
        ha2 = _md5(f"{method}:{uri}")
        parts = [
            f'username="{self._username}"',
            f'realm="{realm}"',
            f'nonce="{nonce}"',
            f'uri="{uri}"',
            "algorithm=MD5",
        ]
        if "auth" in [q.strip() for q in challenge.get("qop", "").split(",")]:
            self._nc += 1
            nc = f"{self._nc:08x}"
            cnonce = cnonce or os.urandom(8).hex()
            response = _md5(f"{ha1}:{nonce}:{nc}:{cnonce}:auth:{ha2}")
            parts += [f'response="{response}"', "qop=auth", f"nc={nc}", f'cnonce="{cnonce}"']
        else:
            parts.append(f'response="{_md5(f"{ha1}:{nonce}:{ha2}")}"')
        if "opaque" in challenge:
            parts.append(f'opaque="{challenge["opaque"]}"')
        return "Digest " + ", ".join(parts)

    async def request(
        self,
        method: str,
        url: str,
        *,
        data: bytes | None = None,
        headers: dict[str, str] | None = None,
    ) -> Response:
        """Send with credentials; InvalidAuth when the camera rejects them."""
        if self._challenge is None:
            response = await self._http.request(method, url, data=data, headers=headers)
            challenge = parse_challenge(response.headers) if response.status == 401 else None
            if challenge is None:
                return response  # answered without credentials, or not digest
            self._set(challenge)
        response = await self._send(method, url, data, headers)
        if response.status == 401:
            fresh = parse_challenge(response.headers)
            if fresh is None or fresh.get("stale", "").lower() != "true":
                raise InvalidAuth("camera rejected the credentials")
            self._set(fresh)
            response = await self._send(method, url, data, headers)
            if response.status == 401:
                raise InvalidAuth("camera rejected the credentials")
        return response

    def _set(self, challenge: dict[str, str]) -> None:
        self._challenge = challenge
        self._nc = 0

    async def _send(
        self, method: str, url: str, data: bytes | None, headers: dict[str, str] | None
    ) -> Response:
        assert self._challenge is not None
        signed = dict(headers or {})
        signed["Authorization"] = self.authorization(method, url, self._challenge)
        return await self._http.request(method, url, data=data, headers=signed)
