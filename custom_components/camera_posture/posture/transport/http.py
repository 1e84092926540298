"""HTTP helpers: every request has a timeout and a size cap.

A camera is untrusted input: a slow or endless body must not hold an audit,
and a huge one must not fill memory.
"""

from __future__ import annotations

from dataclasses import dataclass

import aiohttp
from yarl import URL

from ..errors import CannotConnect, NoConnection
from ..hosts import device_url

DEFAULT_TIMEOUT = aiohttp.ClientTimeout(total=10, sock_connect=5)
MAX_BODY_BYTES = 256 * 1024
_CHUNK_BYTES = 64 * 1024
REDIRECTS = frozenset({301, 302, 303, 307, 308})


@dataclass(frozen=True, slots=True)
class Response:
    """A fully read, size-capped HTTP response."""

    status: int
    headers: dict[str, str]
    body: bytes


class HttpClient:
    """A shared aiohttp session plus a request counter for one audit run."""

    def __init__(
        self,
        session: aiohttp.ClientSession,
        timeout: aiohttp.ClientTimeout | None = None,
    ) -> None:
        self._session = session
        # Resolved here, not in the signature, so DEFAULT_TIMEOUT can be tuned at run time.
        self._timeout = timeout or DEFAULT_TIMEOUT
        self.requests = 0

    async def request(
        self,
        method: str,
        url: str,
        *,
        data: bytes | None = None,
        headers: dict[str, str] | None = None,
    ) -> Response:
        """Send one request and read at most MAX_BODY_BYTES of the answer."""
        self.requests += 1
        try:
            async with self._session.request(
                method,
                url,
                data=data,
                headers=headers,
                timeout=self._timeout,
                allow_redirects=False,
                # Cameras serve self-signed certificates; we read posture, and digest
                # auth never sends the password itself.
                ssl=False,
            ) as resp:
                body = await _read_capped(resp)
                return Response(resp.status, dict(resp.headers), body)
        except (aiohttp.ClientConnectorError, aiohttp.ConnectionTimeoutError) as err:
            if isinstance(err, aiohttp.ClientSSLError):
                raise CannotConnect(type(err).__name__) from None  # connected, TLS failed
            raise NoConnection(type(err).__name__) from None
        except (aiohttp.ClientError, TimeoutError, ValueError) as err:
            # Only the exception type: aiohttp messages can echo the URL.
            raise CannotConnect(type(err).__name__) from None

    async def peek(self, url: str, limit: int) -> Response:
        """GET `url` with no credentials and keep only the first `limit` bytes of the body.

        For answers that may be large or endless (a still image, an MJPEG stream): the
        connection is closed once `limit` bytes (or the end) arrived.
        """
        self.requests += 1
        try:
            async with self._session.get(
                url, timeout=self._timeout, allow_redirects=False, ssl=False
            ) as resp:
                body = b""
                while len(body) < limit:
                    chunk = await resp.content.read(limit - len(body))
                    if not chunk:
                        break
                    body += chunk
                resp.close()  # the rest of a stream is never read: drop the connection
                return Response(resp.status, dict(resp.headers), body)
        except (aiohttp.ClientError, TimeoutError, ValueError) as err:
            raise CannotConnect(type(err).__name__) from None


async def _read_capped(resp: aiohttp.ClientResponse) -> bytes:
    """The whole body up to EOF; CannotConnect once it grows beyond MAX_BODY_BYTES.

    Camera answers are small and usually arrive whole with the headers, so the
    loop asks at_eof() before each read instead of awaiting a final empty read.
    """
    content = resp.content
    chunks: list[bytes] = []
    size = 0
    while not content.at_eof():
        chunk = await content.read(_CHUNK_BYTES)
        if not chunk:
            break  # read() returns b"" only at EOF
        size += len(chunk)
        if size > MAX_BODY_BYTES:
            raise CannotConnect(f"response from {resp.url.host} exceeds size cap")
        chunks.append(chunk)
    return chunks[0] if len(chunks) == 1 else b"".join(chunks)


def redirect_location(status: int, headers: dict[str, str]) -> URL | None:
    """Where a redirect answer points; None when it is none or names no usable URL.

    The Location header is the camera's word: parsed defensively (see hosts.device_url).
    A path alone ("/doc/login.asp") is returned relative: it keeps the request's scheme.
    """
    if status not in REDIRECTS:
        return None
    location = next((v for k, v in headers.items() if k.lower() == "location"), "")
    # A path alone stays on the same server: the client keeps this scheme, host and port.
    return device_url(location, path_ok=True)
