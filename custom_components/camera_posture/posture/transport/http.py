"""HTTP helpers: every request has a timeout and a size cap.

A camera is untrusted input: a slow or endless body must not hold an audit,
and a huge one must not fill memory.
"""

from __future__ import annotations

from dataclasses import dataclass

import aiohttp

from ..errors import CannotConnect

DEFAULT_TIMEOUT = aiohttp.ClientTimeout(total=10, sock_connect=5)
MAX_BODY_BYTES = 256 * 1024


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
                chunks: list[bytes] = []
                size = 0
                async for chunk in resp.content.iter_chunked(64 * 1024):
                    size += len(chunk)
                    if size > MAX_BODY_BYTES:
                        raise CannotConnect(f"response from {resp.url.host} exceeds size cap")
                    chunks.append(chunk)
                return Response(resp.status, dict(resp.headers), b"".join(chunks))
        except (aiohttp.ClientError, TimeoutError, ValueError) as err:
            # Only the exception type: aiohttp messages can echo the URL.
            raise CannotConnect(type(err).__name__) from None
