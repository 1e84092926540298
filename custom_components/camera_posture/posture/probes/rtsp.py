"""RTSP DESCRIBE without credentials: whether a video stream is readable anonymously.

Cameras often answer 200 on a wrong path, so only a 200 whose body is an SDP
with at least one media (m=) line counts as an anonymous stream.
"""

from __future__ import annotations

import asyncio
import contextlib
from dataclasses import dataclass

from ..hosts import camera_url
from ..models import Facts
from . import ProbeContext

RTSP_TIMEOUT_S = 5.0
MAX_HEADER_BYTES = 16 * 1024
MAX_BODY_BYTES = 64 * 1024

# Main-stream paths per vendor family; tried first, then the generic ones.
VENDOR_PATHS = {
    "hikvision": "/Streaming/Channels/101",
    "dahua": "/cam/realmonitor?channel=1&subtype=0",
    "reolink": "/h264Preview_01_main",
    "axis": "/axis-media/media.amp",
    "hanwha": "/profile1/media.smp",
    "foscam": "/videoMain",
}
GENERIC_PATHS = ("/", "/live")


@dataclass(frozen=True, slots=True)
class RtspAnswer:
    """Status and (size-capped) body of one RTSP response."""

    status: int
    body: bytes


def is_media_sdp(body: bytes) -> bool:
    """Whether `body` is an SDP session description with at least one media line."""
    text = body.decode("utf-8", "replace")
    lines = [line.strip() for line in text.splitlines()]
    return bool(lines) and lines[0].startswith("v=") and any(x.startswith("m=") for x in lines)


def parse_response(head: bytes) -> tuple[int, int] | None:
    """Status code and Content-Length of an RTSP response head (None if it is not one)."""
    lines = head.decode("latin-1").split("\r\n")
    parts = lines[0].split(" ", 2)
    if len(parts) < 2 or not parts[0].startswith("RTSP/") or not parts[1].isdigit():
        return None
    length = 0
    for line in lines[1:]:
        name, _, value = line.partition(":")
        if name.strip().lower() == "content-length":
            if not value.strip().isdigit():
                return None
            length = int(value.strip())
    return int(parts[1]), length


async def describe(
    host: str, port: int, path: str, wait_s: float = RTSP_TIMEOUT_S
) -> RtspAnswer | None:
    """Send one DESCRIBE without credentials; None when nothing usable comes back."""
    request = (
        f"DESCRIBE {camera_url('rtsp', host, port, path)} RTSP/1.0\r\nCSeq: 1\r\n"
        "Accept: application/sdp\r\nUser-Agent: camera-posture\r\n\r\n"
    ).encode()
    writer = None
    try:
        async with asyncio.timeout(wait_s):
            reader, writer = await asyncio.open_connection(host, port, limit=MAX_HEADER_BYTES)
            writer.write(request)
            await writer.drain()
            head = await reader.readuntil(b"\r\n\r\n")
            parsed = parse_response(head)
            if parsed is None:
                return None
            status, length = parsed
            body = await reader.readexactly(min(length, MAX_BODY_BYTES)) if length else b""
            return RtspAnswer(status, body)
    except OSError, TimeoutError, EOFError, asyncio.LimitOverrunError, ValueError:
        return None
    finally:
        if writer is not None:
            writer.close()
            with contextlib.suppress(OSError):
                await writer.wait_closed()


def candidate_paths(vendor: str | None) -> list[str]:
    """Stream paths to try: the family's own first, then every other well-known one."""
    paths = [VENDOR_PATHS[vendor]] if vendor in VENDOR_PATHS else []
    paths += [path for path in (*VENDOR_PATHS.values(), *GENERIC_PATHS) if path not in paths]
    return paths


async def probe_rtsp(ctx: ProbeContext, facts: Facts) -> None:
    """Fill rtsp_anonymous: True on an SDP with media, False on 401, else leave None.

    A DESCRIBE without credentials is no login attempt, so trying a few well-known
    paths is harmless; the first 401 or media SDP settles it.
    """
    if facts.rtsp_anonymous is not None:
        return
    port = ctx.target.port_for("rtsp")
    tried = 0
    for path in candidate_paths(ctx.vendor):
        ctx.requests += 1
        answer = await describe(ctx.host, port, path)
        if answer is None:
            # No RTSP answer at all: another path will not fare better.
            facts.tried("rtsp_anonymous", f"RTSP DESCRIBE on TCP {port}: no RTSP answer")
            return
        tried += 1
        if answer.status == 200 and is_media_sdp(answer.body):
            facts.note("rtsp_anonymous", True, f"RTSP DESCRIBE {path} returned an SDP stream")
            return
        if answer.status == 401:
            facts.note("rtsp_anonymous", False, f"RTSP DESCRIBE {path} requires credentials")
            return
    facts.tried(
        "rtsp_anonymous",
        f"RTSP DESCRIBE on TCP {port}: {tried} path(s) answered without a stream or a challenge",
    )
