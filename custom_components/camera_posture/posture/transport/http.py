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
        """Send one request and read at most MAX_BODY_BYTES of the answer.

        Raises CannotConnect on any transport failure, timeout (the total timeout also
        bounds a body that drips forever) or an answer over the size cap.
        """
        self.requests += 1
        try:
            async with self._session.request(
                method,
                url,
                data=data,
                headers=headers,
                timeout=self._timeout,
                allow_redirects=False,
            ) as resp:
                if (resp.content_length or 0) > MAX_BODY_BYTES:
                    # Announced too big: refuse before reading a byte of it.
                    raise CannotConnect("response exceeds size cap")
                body = await _read_capped(resp.content)
                return Response(resp.status, dict(resp.headers), body)
        except (aiohttp.ClientError, TimeoutError, OSError, ValueError) as err:
            # Only the exception type: aiohttp messages can echo the URL.
            raise CannotConnect(type(err).__name__) from None


async def _read_capped(stream: aiohttp.StreamReader) -> bytes:
    """Read the whole body, but never more than MAX_BODY_BYTES (chunked or lying answers).

    StreamReader.read(n) returns what has arrived so far, not n bytes, so one call
    would silently truncate any body that spans several TCP segments.
    """
    chunks: list[bytes] = []
    size = 0
    while chunk := await stream.read(MAX_BODY_BYTES + 1 - size):
        size += len(chunk)
        if size > MAX_BODY_BYTES:
            raise CannotConnect("response exceeds size cap")
        chunks.append(chunk)
    return b"".join(chunks)
