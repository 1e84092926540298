"""RTSP as a camera answers it: OPTIONS and DESCRIBE, digest auth unless anonymous.

Only what a posture probe needs: DESCRIBE without credentials gets a 401 digest
challenge, or, on a camera with anonymous RTSP, a 200 with an SDP body. Like real
cameras, an anonymous camera also answers 200 for a path that is no stream, but
with an SDP that has no media line. SETUP/PLAY are not implemented (no video).
"""

from __future__ import annotations

import asyncio
import contextlib
import secrets
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

from .auth import digest_matches, parse_digest
from .faults import GARBAGE

if TYPE_CHECKING:
    from .camera import SimCamera

# Requests larger than this are not RTSP a camera would accept.
MAX_HEADER_BYTES = 8192
# A client that says nothing for this long is dropped.
IDLE_TIMEOUT_S = 30.0
PUBLIC = "OPTIONS, DESCRIBE, SETUP, PLAY, TEARDOWN, GET_PARAMETER"


class RtspRequest:
    """One parsed RTSP request (request line and headers; bodies are skipped)."""

    def __init__(self, method: str, uri: str, headers: dict[str, str]) -> None:
        self.method = method
        self.uri = uri
        self.headers = headers


async def _read_request(reader: asyncio.StreamReader) -> RtspRequest | None:
    """Read one request; None on end of stream or a request that is not RTSP."""
    try:
        head = await asyncio.wait_for(reader.readuntil(b"\r\n\r\n"), IDLE_TIMEOUT_S)
    except asyncio.IncompleteReadError, asyncio.LimitOverrunError, TimeoutError:
        return None
    lines = head.decode("latin-1").split("\r\n")
    parts = lines[0].split(" ")
    if len(parts) != 3 or not parts[2].startswith("RTSP/"):
        return None
    headers: dict[str, str] = {}
    for line in lines[1:]:
        name, sep, value = line.partition(":")
        if sep:
            headers[name.strip().lower()] = value.strip()
    length = int(headers.get("content-length", "0") or 0)
    if length:
        await reader.readexactly(min(length, MAX_HEADER_BYTES))
    return RtspRequest(parts[0].upper(), parts[1], headers)


def _response(
    status: int, reason: str, cseq: str, headers: dict[str, str] | None = None, body: str = ""
) -> bytes:
    lines = [f"RTSP/1.0 {status} {reason}", f"CSeq: {cseq}", "Server: camsim"]
    lines += [f"{name}: {value}" for name, value in (headers or {}).items()]
    if body:
        lines.append(f"Content-Length: {len(body.encode())}")
    return ("\r\n".join(lines) + "\r\n\r\n" + body).encode()


def sdp(camera: SimCamera, *, media: bool) -> str:
    """The session description of the camera's stream (no media line for a non-stream)."""
    host = camera.host
    family = "IP6" if ":" in host else "IP4"  # RFC 8866 addrtype
    lines = [
        "v=0",
        f"o=- 0 0 IN {family} {host}",
        f"s={camera.persona.model}",
        f"c=IN {family} {host}",
        "t=0 0",
    ]
    if media:
        lines += [
            "m=video 0 RTP/AVP 96",
            "a=rtpmap:96 H264/90000",
            "a=control:trackID=1",
        ]
    return "\r\n".join(lines) + "\r\n"


class RtspServer:
    """The RTSP service of one camera (one asyncio server, many connections)."""

    def __init__(self, camera: SimCamera) -> None:
        self.camera = camera

    async def handle(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        """Serve one connection until the client closes it or sends garbage."""
        peer = writer.get_extra_info("peername")
        client = peer[0] if peer else "?"
        try:
            while (request := await _read_request(reader)) is not None:
                faults = self.camera.faults
                if faults.slow_s > 0:
                    await asyncio.sleep(faults.slow_s)
                if faults.malformed:
                    writer.write(GARBAGE + b"\r\n\r\n")
                else:
                    writer.write(self.answer(request, client))
                await writer.drain()
        except ConnectionError, asyncio.IncompleteReadError, ValueError:
            pass
        finally:
            writer.close()
            with contextlib.suppress(ConnectionError):
                await writer.wait_closed()

    def answer(self, request: RtspRequest, client: str) -> bytes:
        """The camera's reply to one request."""
        cseq = request.headers.get("cseq", "0")
        if request.method == "OPTIONS":
            return _response(200, "OK", cseq, {"Public": PUBLIC})
        if request.method != "DESCRIBE":
            return _response(501, "Not Implemented", cseq)
        persona = self.camera.persona
        if not persona.rtsp_anonymous and not self._authorised(request, client):
            challenge = (
                f'Digest realm="{persona.rtsp_realm}", nonce="{secrets.token_hex(16)}", '
                'algorithm="MD5"'
            )
            return _response(401, "Unauthorized", cseq, {"WWW-Authenticate": challenge})
        path = urlsplit(request.uri).path.strip("/")
        is_stream = not persona.rtsp_paths or path in {p.strip("/") for p in persona.rtsp_paths}
        if not is_stream and not persona.rtsp_anonymous:
            return _response(404, "Stream Not Found", cseq)
        headers = {"Content-Type": "application/sdp", "Content-Base": request.uri}
        return _response(200, "OK", cseq, headers, sdp(self.camera, media=is_stream))

    def _authorised(self, request: RtspRequest, client: str) -> bool:
        """Check digest credentials; a request without any is no login attempt."""
        header = request.headers.get("authorization", "")
        if not header.startswith("Digest "):
            return False
        fields = parse_digest(header)
        user = fields.get("username", "")
        password = self.camera.persona.users.get(user)
        ok = False
        if password is not None and fields.get("realm") == self.camera.persona.rtsp_realm:
            ok = digest_matches(fields, request.method, password)
        return self.camera.record_login(client, "rtsp", ok, user) == "ok"
