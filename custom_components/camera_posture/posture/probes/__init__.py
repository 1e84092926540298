"""Vendor-neutral probes: each fills only the facts an adapter left None.

Every probe is a small async function taking a ProbeContext and the Facts; they
run concurrently after the vendor adapter and never send credentials.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..models import Target
from ..transport.http import HttpClient, Response


@dataclass(slots=True)
class ProbeContext:
    """What a probe may use: the audit's HTTP client, the target, what is known so far."""

    http: HttpClient
    target: Target
    vendor: str | None = None
    # Unauthenticated GET / on the HTTP port (None: no answer).
    root_page: Response | None = None
    # Router IGD description URL or host ("" = do not probe the router).
    router: str = ""
    # "https" when the camera's plain HTTP only redirects to HTTPS (see audit.py).
    web_scheme: str = "http"
    # The family's still-image paths (VendorAdapter.snapshot_paths).
    snapshot_paths: tuple[str, ...] = ()
    # Non-HTTP requests the probes sent (RTSP DESCRIBE, raw SOAP to the router).
    requests: int = 0

    @property
    def host(self) -> str:
        """The camera's address."""
        return self.target.host
