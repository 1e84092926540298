"""Plain HTTP vs HTTPS: whether the admin interface refuses plain HTTP."""

from __future__ import annotations

from ..errors import CannotConnect
from ..hosts import HTTP, HTTPS, camera_url
from ..models import Facts
from ..transport.http import REDIRECTS, Response, redirect_location
from . import ProbeContext
from .tcp import port_state


def redirects_to_https(status: int, headers: dict[str, str]) -> bool:
    """Whether an HTTP answer only sends the client on to an https:// URL."""
    location = redirect_location(status, headers)
    return location is not None and location.scheme == HTTPS


async def _plain_page(ctx: ProbeContext, port: int) -> Response | None:
    try:
        return await ctx.http.request("GET", camera_url(HTTP, ctx.host, port))
    except CannotConnect:
        return None


async def probe_https_only(ctx: ProbeContext, facts: Facts) -> None:
    """Fill https_only (only when the adapter did not decide it).

    True: plain HTTP is closed (and HTTPS answers) or only redirects to https.
    False: plain HTTP serves anything else. None: nothing conclusive.
    """
    if facts.https_only is not None:
        return
    http_port = ctx.target.port_for(HTTP)
    if ctx.target.scheme == HTTPS:
        # The given port speaks only TLS (root_page is its TLS answer); plain HTTP can
        # only be elsewhere. Connect first: a closed port needs no request at all.
        state = await port_state(ctx.host, http_port)
        if state is False:
            facts.note(
                "https_only",
                True,
                f"web interface answers only TLS on port {ctx.target.port}; "
                f"plain HTTP port {http_port} refuses connections",
            )
        if state is None:
            facts.evidence["https_only"] = f"plain HTTP port {http_port} did not answer"
        if not state:
            return  # closed (noted) or no answer at all (unknown)
        page = await _plain_page(ctx, http_port)
    else:
        page = ctx.root_page or await _plain_page(ctx, http_port)
    if page is not None:
        if page.status in REDIRECTS and redirect_location(page.status, page.headers) is None:
            # Where it sends the client cannot be read: neither proof nor disproof.
            facts.evidence["https_only"] = "plain HTTP redirects to an unusable Location"
        elif redirects_to_https(page.status, page.headers):
            facts.note("https_only", True, "plain HTTP only redirects to https")
        else:
            facts.note("https_only", False, f"plain HTTP answers (HTTP {page.status})")
        return
    https_port = ctx.target.port_for(HTTPS)
    if await port_state(ctx.host, http_port) is False and await port_state(ctx.host, https_port):
        facts.note("https_only", True, "plain HTTP port closed, HTTPS port open")
        return
    facts.tried(
        "https_only",
        f"GET / on TCP {http_port} unanswered and TCP {https_port} (HTTPS) not confirmed open",
    )
