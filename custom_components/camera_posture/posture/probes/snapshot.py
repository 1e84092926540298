"""Anonymous snapshots: the vendor's still-image endpoints fetched WITHOUT credentials.

Not a login attempt: no Authorization header is ever sent (HttpClient.peek sends none),
so no camera counts it towards a lockout. Only the first SNIFF_BYTES of an answer are
read, enough to see an image's magic bytes (or the first frame of an MJPEG stream).

- an image (JPEG/PNG, or an MJPEG part holding a JPEG) -> the fact is True (fails);
- 401/403 on every endpoint (404: that endpoint is absent) -> False (passes);
- anything else -> unknown, with the answers in the evidence.
"""

from __future__ import annotations

from ..errors import CannotConnect
from ..hosts import camera_url
from ..models import Facts
from . import ProbeContext

SNIFF_BYTES = 4096
_JPEG = b"\xff\xd8\xff"
_PNG = b"\x89PNG\r\n\x1a\n"
_REFUSED = (401, 403)
_FACT = "anonymous_snapshot"


def is_image(status: int, headers: dict[str, str], body: bytes) -> bool:
    """Whether an answer carries a picture (sniffed from bytes, not the content type)."""
    if status != 200:
        return False
    if body.startswith((_JPEG, _PNG)):
        return True
    # MJPEG: multipart parts, each with its own headers before the JPEG bytes.
    content_type = next((v for k, v in headers.items() if k.lower() == "content-type"), "")
    return content_type.lower().startswith("multipart/") and _JPEG in body


async def probe_anonymous_snapshot(ctx: ProbeContext, facts: Facts) -> None:
    """Fetch each still-image path of the family once, without credentials."""
    if not ctx.snapshot_paths:
        facts.evidence[_FACT] = "no still-image endpoint is known for this camera family"
        return
    port = ctx.target.port_for(ctx.web_scheme)
    answers: list[str] = []
    refused = absent = 0
    for path in ctx.snapshot_paths:
        route = path.partition("?")[0]
        try:
            resp = await ctx.http.peek(
                camera_url(ctx.web_scheme, ctx.host, port, path), SNIFF_BYTES
            )
        except CannotConnect:
            answers.append(f"{route}: no answer")
            continue
        if is_image(resp.status, resp.headers, resp.body):
            facts.note(_FACT, True, f"{route} served an image without credentials")
            return
        if resp.status in _REFUSED:
            refused += 1
        elif resp.status == 404:
            absent += 1
        answers.append(f"{route}: HTTP {resp.status}")
    evidence = "fetched without credentials: " + "; ".join(answers)
    if refused and refused + absent == len(ctx.snapshot_paths):
        facts.note(_FACT, False, evidence)
    else:
        facts.evidence[_FACT] = evidence
