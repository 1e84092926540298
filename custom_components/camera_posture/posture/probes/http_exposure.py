"""Plain HTTP vs HTTPS: whether the admin interface refuses plain HTTP."""

from __future__ import annotations

from yarl import URL

from ..errors import CannotConnect
from ..models import Facts
from . import ProbeContext
from .tcp import port_state

_REDIRECTS = (301, 302, 303, 307, 308)


def redirects_to_https(status: int, headers: dict[str, str]) -> bool:
    """Whether an HTTP answer only sends the client on to an https:// URL."""
    location = next((v for k, v in headers.items() if k.lower() == "location"), "")
    try:
        return status in _REDIRECTS and URL(location).scheme == "https"
    except ValueError:
        return False


async def probe_https_only(ctx: ProbeContext, facts: Facts) -> None:
    """Fill https_only (only when the adapter did not decide it).

    True: plain HTTP is closed (and HTTPS answers) or only redirects to https.
    False: plain HTTP serves anything else. None: nothing conclusive.
    """
    if facts.https_only is not None:
        return
    page = ctx.root_page
    http_port = ctx.target.port_for("http")
    if page is None:
        try:
            host = f"[{ctx.host}]" if ":" in ctx.host else ctx.host
            page = await ctx.http.request("GET", f"http://{host}:{http_port}/")
        except CannotConnect:
            page = None
    if page is not None:
        if redirects_to_https(page.status, page.headers):
            facts.note("https_only", True, "plain HTTP only redirects to https")
        else:
            facts.note("https_only", False, f"plain HTTP answers (HTTP {page.status})")
        return
    https_port = ctx.target.port_for("https")
    if await port_state(ctx.host, http_port) is False and await port_state(ctx.host, https_port):
        facts.note("https_only", True, "plain HTTP port closed, HTTPS port open")
