"""HTTP digest authentication for the client side (aiohttp has none).

RFC 7616 with MD5 / SHA-256 (and their -sess variants), qop=auth, plus the
RFC 2069 form without qop that old cameras still send.

Camera safety is built in: a credentialed request the camera answers with 401
marks the client as rejected and raises InvalidAuth; every later request
through the same client raises InvalidAuth without sending anything, so a
wrong password can cost at most one failed login per client.
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Mapping
from dataclasses import dataclass

from yarl import URL

from ..errors import CannotConnect, InvalidAuth
from .http import HttpClient, Response

_HASHES = {"MD5": "md5", "SHA-256": "sha256"}


def header_value(headers: Mapping[str, str], name: str) -> str:
    """A response header by case-insensitive name ("" when absent)."""
    wanted = name.lower()
    return next((value for key, value in headers.items() if key.lower() == wanted), "")


def parse_challenge(header: str) -> dict[str, str] | None:
    """The parameters of a `Digest ...` WWW-Authenticate value, or None if not digest.

    Keys are lower-cased; quoted values may contain commas (qop="auth,auth-int").
    """
    scheme, _, rest = header.strip().partition(" ")
    if scheme.lower() != "digest":
        return None
    params: dict[str, str] = {}
    index = 0
    while index < len(rest):
        key_end = rest.find("=", index)
        if key_end < 0:
            break
        key = rest[index:key_end].strip(" ,").lower()
        index = key_end + 1
        if index < len(rest) and rest[index] == '"':
            value_end = rest.find('"', index + 1)
            value_end = len(rest) if value_end < 0 else value_end
            value = rest[index + 1 : value_end]
            index = value_end + 1
        else:
            value_end = rest.find(",", index)
            value_end = len(rest) if value_end < 0 else value_end
            value = rest[index:value_end].strip()
            index = value_end
        params[key] = value
        index = rest.find(",", index)
        index = len(rest) if index < 0 else index + 1
    return params


@dataclass(slots=True)
class DigestAuth:
    """One account's digest state against one camera: the last challenge and nonce count."""

    username: str
    password: str
    challenge: dict[str, str] | None = None
    nonce_count: int = 0

    def __repr__(self) -> str:
        # Never let the password reach a log through repr().
        return f"DigestAuth(username={self.username!r}, challenged={self.challenge is not None})"

    def prime(self, response: Response) -> bool:
        """Learn the challenge of a 401 answer; False when it offers no usable digest."""
        params = parse_challenge(header_value(response.headers, "WWW-Authenticate"))
        algorithm = (params or {}).get("algorithm", "MD5").upper().removesuffix("-SESS")
        if params is None or "nonce" not in params or algorithm not in _HASHES:
            return False
        qops = {q.strip() for q in params.get("qop", "").split(",") if q.strip()}
        if qops and "auth" not in qops:
            return False  # auth-int only: we never need it, cameras do not require it
        self.challenge = params
        self.nonce_count = 0
        return True

    def authorization(self, method: str, url: str, cnonce: str | None = None) -> str:
        """The Authorization header for one request (call prime() first).

        `cnonce` is random unless given (tests pass RFC 7616's example value).
        """
        if self.challenge is None:
            raise CannotConnect("digest: no challenge")
        params = self.challenge
        algorithm = params.get("algorithm", "MD5")
        hash_name = _HASHES[algorithm.upper().removesuffix("-SESS")]

        def h(text: str) -> str:
            return hashlib.new(hash_name, text.encode(), usedforsecurity=False).hexdigest()

        realm, nonce = params.get("realm", ""), params["nonce"]
        uri = URL(url).raw_path_qs
        cnonce = cnonce or os.urandom(8).hex()
        ha1 = h(f"{self.username}:{realm}:{self.password}")
        if algorithm.upper().endswith("-SESS"):
            ha1 = h(f"{ha1}:{nonce}:{cnonce}")
        ha2 = h(f"{method}:{uri}")
        fields = {
            "username": self.username,
            "realm": realm,
            "nonce": nonce,
            "uri": uri,
            "algorithm": algorithm,
        }
        if "qop" in params:
            self.nonce_count += 1
            nc = f"{self.nonce_count:08x}"
            fields |= {"qop": "auth", "nc": nc, "cnonce": cnonce}
            fields["response"] = h(f"{ha1}:{nonce}:{nc}:{cnonce}:auth:{ha2}")
        else:
            fields["response"] = h(f"{ha1}:{nonce}:{ha2}")
        if "opaque" in params:
            fields["opaque"] = params["opaque"]
        unquoted = {"algorithm", "qop", "nc"}
        parts = (f"{k}={v}" if k in unquoted else f'{k}="{v}"' for k, v in fields.items())
        return "Digest " + ", ".join(parts)


class DigestClient:
    """Requests through the audit's HttpClient with digest credentials, never retried.

    The first request goes out without credentials unless prime() already learned a
    challenge (e.g. from a lock-state read); the 401 it gets supplies the challenge.
    A 401 to a credentialed request is a rejected login: `rejected` is set,
    `rejection` keeps that answer (some cameras report lock state in it) and
    InvalidAuth is raised, now and for every later call. The one exception is a
    challenge marked stale=true: the camera did not judge the password, only the
    nonce's age, so one resend with the new nonce is allowed.
    """

    def __init__(self, http: HttpClient, username: str, password: str) -> None:
        self._http = http
        self._auth = DigestAuth(username, password)
        self.rejected = False
        self.rejection: Response | None = None

    def prime(self, response: Response) -> bool:
        """Learn the challenge from a 401 already received without credentials."""
        return self._auth.prime(response)

    async def request(
        self,
        method: str,
        url: str,
        *,
        data: bytes | None = None,
        headers: dict[str, str] | None = None,
    ) -> Response:
        """Send one request with digest credentials; see the class docstring for 401s."""
        if self.rejected:
            raise InvalidAuth("credentials already rejected")
        if self._auth.challenge is None:
            first = await self._http.request(method, url, data=data, headers=headers)
            if first.status != 401:
                return first  # the resource needs no credentials
            if not self._auth.prime(first):
                raise CannotConnect("camera offers no usable digest challenge")
        resp = await self._send(method, url, data, headers)
        if resp.status == 401 and self._is_stale(resp):
            resp = await self._send(method, url, data, headers)
        if resp.status == 401:
            self.rejected = True
            self.rejection = resp
            raise InvalidAuth("camera rejected the credentials")
        return resp

    async def _send(
        self, method: str, url: str, data: bytes | None, headers: dict[str, str] | None
    ) -> Response:
        sent = dict(headers or {})
        sent["Authorization"] = self._auth.authorization(method, url)
        return await self._http.request(method, url, data=data, headers=sent)

    def _is_stale(self, resp: Response) -> bool:
        params = parse_challenge(header_value(resp.headers, "WWW-Authenticate"))
        if params is None or params.get("stale", "").lower() != "true":
            return False
        old_nonce = (self._auth.challenge or {}).get("nonce")
        # Only once per nonce: a camera repeating stale with the same nonce is refused.
        return params.get("nonce") != old_nonce and self._auth.prime(resp)
