"""The small interface every vendor adapter implements, and the context it gets.

An adapter module per vendor family lives beside this file and defines one
subclass of VendorAdapter; `vendors/__init__.py` finds them, so adding a vendor
touches no other adapter.
"""

from __future__ import annotations

import math
import reprlib
import time
from abc import ABC, abstractmethod
from collections.abc import Mapping, MutableMapping
from dataclasses import dataclass, field
from typing import Any, ClassVar

from ..errors import CannotConnect, InvalidAuth, PostureError
from ..hosts import camera_url
from ..models import Facts, Target
from ..transport.digest import DigestClient
from ..transport.http import HttpClient, Response
from ..transport.onvif import OnvifClient, device_service

# At most one guarded default-credential login per account per camera per day.
DEFAULT_LOGIN_INTERVAL_S = 24 * 3600


@dataclass(frozen=True, slots=True)
class LockState:
    """What a camera says, before any credential, about its login lock for us.

    None in a field: the camera did not say (never read as "unlocked").
    """

    locked: bool | None
    unlock_in_s: int | None
    attempts_left: int | None


@dataclass(frozen=True, slots=True)
class LoginLockout:
    """A family's brute-force rule: `threshold` rejected logins lock logins for `window_s`.

    `source` says where the figures come from (shown to the user, kept in evidence).
    """

    threshold: int
    window_s: float
    source: str


# Families whose rule is not documented: the most common documented factory rule
# (Hikvision's and Dahua's, 5 rejected logins -> 30 minutes) is assumed, so the
# config flow's own count of rejected logins stops before it.
ASSUMED_LOCKOUT = LoginLockout(
    threshold=5,
    window_s=1800.0,
    source="not documented for this family; the common 5 failures / 30 minutes is assumed",
)


@dataclass(slots=True)
class DefaultLoginGuard:
    """Remembers when a default credential was last tried, per (host, account).

    The caller owns persistence (Home Assistant stores `attempts`; the CLI keeps
    it in memory). `active` is the user's "active probing" switch.
    """

    active: bool = True
    attempts: MutableMapping[str, float] = field(default_factory=dict)

    def may_try(self, host: str, account: str) -> bool:
        """Whether a guarded default login for this account is allowed now."""
        key = f"{host}/{account}"
        last = self.attempts.get(key)
        if last is not None and not _is_timestamp(last):
            # Not a time we can compare (a damaged store): count it as tried just now,
            # which can only delay the next guarded login, never add one.
            last = self.attempts[key] = time.time()
        return self.active and (last is None or time.time() - last >= DEFAULT_LOGIN_INTERVAL_S)

    def restore(self, stored: Any) -> list[str]:
        """Take attempts the caller kept; return what was unreadable, one note each.

        An unreadable or future time counts as "tried now" (the safe side: it delays
        the next guarded login, it never allows an extra one).
        """
        if not isinstance(stored, Mapping):
            return [f"default-login attempts (a {type(stored).__name__}, not a mapping)"]
        notes: list[str] = []
        now = time.time()
        for key, value in stored.items():
            name = reprlib.repr(key)
            if not _is_timestamp(value):
                notes.append(f"default-login time of {name} (not a number; counted as now)")
                self.attempts[str(key)] = now
                continue
            if value > now + DEFAULT_LOGIN_INTERVAL_S:
                notes.append(f"default-login time of {name} (in the future; counted as now)")
            # A little ahead is a clock set back since: also "now", without a fuss.
            self.attempts[str(key)] = min(float(value), now)
        return notes

    def record(self, host: str, account: str) -> None:
        """Remember an attempt (call before sending it, so a crash cannot repeat it)."""
        self.attempts[f"{host}/{account}"] = time.time()


def _is_timestamp(value: object) -> bool:
    """A finite number of seconds (bool is an int in Python, but never a time)."""
    return isinstance(value, int | float) and not isinstance(value, bool) and math.isfinite(value)


@dataclass(slots=True)
class AuditContext:
    """What an adapter may use: the shared HTTP client, the target, the guard."""

    http: HttpClient
    target: Target
    guard: DefaultLoginGuard
    # Unauthenticated GET / on the HTTP port, fetched once for every detector.
    root_page: Response | None = None
    # Failed logins this audit caused (a configured password the camera rejected,
    # or a default-credential attempt that failed). Reported, never retried.
    login_failures: int = 0
    # "https" once the given port turned out to speak only TLS, or the camera's plain
    # HTTP port only redirects to HTTPS; adapters then talk HTTPS without changing a line.
    web_scheme: str = "http"
    # The user allowed the camera's own update check. Off by default: the check makes
    # the camera contact its vendor's cloud (see VendorAdapter.update_check).
    update_check: bool = False
    # Unauthenticated GET answers by URL, so a read both a detector and its adapter need
    # (Hanwha's pw_init statuscheck) goes to the camera once per audit.
    open_reads: dict[str, Response] = field(default_factory=dict, repr=False)

    def __post_init__(self) -> None:
        # A target known to speak TLS on its port (https://, --https, or stored) needs
        # no negotiation: every URL is HTTPS from the first request.
        if self.target.scheme == "https":
            self.web_scheme = "https"

    async def open_get(self, path: str) -> Response:
        """GET `path` on the web interface without credentials, once per audit."""
        url = self.url(path)
        if url not in self.open_reads:
            self.open_reads[url] = await self.http.request("GET", url)
        return self.open_reads[url]

    def url(self, path: str, service: str | None = None) -> str:
        """URL of `path` (may carry a ?query) on the camera's web interface or a named service.

        Built from parts: the host came through hosts.parse_host, never pasted into a string.
        """
        web = service in (None, "http", "https")
        scheme = self.web_scheme if web else "http"
        port = self.target.port_for(scheme if web else str(service))
        return camera_url(scheme, self.target.host, port, path)


def note_plain_http(ctx: AuditContext, facts: Facts, evidence: str) -> None:
    """https_only is False when the admin API just answered over plain HTTP.

    Over TLS the same answer proves nothing about plain HTTP, so nothing is noted.
    """
    if ctx.web_scheme == "http":
        facts.note("https_only", False, evidence)


def onvif_client(ctx: AuditContext, *, credentials: bool = True) -> OnvifClient:
    """A device-service client for the target (over HTTPS when the camera is HTTPS-only)."""
    return device_service(ctx.http, ctx.target, ctx.web_scheme, credentials=credentials)


async def digest_request(
    ctx: AuditContext,
    client: DigestClient,
    method: str,
    url: str,
    *,
    data: bytes | None = None,
    headers: dict[str, str] | None = None,
) -> Response:
    """One request through a digest client; a login the camera rejects counts once.

    InvalidAuth passes through. ctx.login_failures grows only when this request was
    the one the camera rejected, not when the client refuses to send at all because
    an earlier request of the same client was rejected.
    """
    rejected_before = client.rejected
    try:
        return await client.request(method, url, data=data, headers=headers)
    except InvalidAuth:
        if not rejected_before:
            ctx.login_failures += 1
        raise


class FieldSession(ABC):
    """A vendor API session with the configured account, its answers read as fields.

    One contract for every vendor: `read` gives the key -> text fields of an answer,
    None when the camera has none for us (denied, unknown name, an error banner);
    `require` raises CannotConnect instead. A rejected login raises InvalidAuth,
    counted once and never resent.
    """

    api: ClassVar[str]

    def __init__(self, ctx: AuditContext) -> None:
        """A session of this audit (its HTTP client, target and login count)."""
        self._ctx = ctx

    async def read(self, what: str) -> dict[str, str] | None:
        """The answer's fields, or None when the camera has no answer for us."""
        return (await self._fetch(what))[1]

    async def require(self, what: str) -> dict[str, str]:
        """The answer's fields; CannotConnect when there is none (not this camera)."""
        status, fields = await self._fetch(what)
        if fields is None:
            raise CannotConnect(f"{self.api} {what}: unreadable answer (HTTP {status})")
        return fields

    @abstractmethod
    async def _fetch(self, what: str) -> tuple[int, dict[str, str] | None]:
        """One request: its HTTP status and fields (None when unreadable or refused)."""


async def note_onvif_clock(ctx: AuditContext, facts: Facts) -> None:
    """Note the camera's clock offset from ONVIF GetSystemDateAndTime (no credentials).

    For adapters whose own API has no UTC clock. Unanswered -> the fact stays unknown.
    """
    onvif = onvif_client(ctx, credentials=False)
    try:
        clock = await onvif.get_system_date_and_time()
    except PostureError:
        return
    if clock.utc is not None:
        facts.note("clock_offset_s", onvif.clock_offset_s, "ONVIF GetSystemDateAndTime")


class VendorAdapter(ABC):
    """Reads one vendor family's facts through its own API."""

    vendor: ClassVar[str]
    # Known factory accounts: username -> default password (for check step 1 and 3).
    default_credentials: ClassVar[dict[str, str]] = {}
    # Lower runs earlier in detection; cheap, specific detectors first.
    detect_order: ClassVar[int] = 50
    # The family's documented login lock rule (ASSUMED_LOCKOUT when undocumented).
    lockout: ClassVar[LoginLockout] = ASSUMED_LOCKOUT
    # The camera API's own firmware update check ("" = none), read-only: collect()
    # notes Facts.camera_update from it when ctx.update_check is on, and never calls
    # anything that downloads or installs firmware.
    update_check: ClassVar[str] = ""
    # Still-image (and MJPEG) paths on the web port, fetched WITHOUT credentials by the
    # anonymous-snapshot probe (probes/snapshot.py); each adapter cites its source.
    snapshot_paths: ClassVar[tuple[str, ...]] = ()

    @classmethod
    @abstractmethod
    async def detect(cls, ctx: AuditContext) -> bool:
        """Tell, without credentials, whether the camera is of this family."""

    @classmethod
    async def read_lock_state(cls, ctx: AuditContext) -> LockState | None:
        """Ask the camera, without credentials, about its login lock for this client.

        None: this family does not tell before a login (the default). Read-only.
        """
        return None

    @abstractmethod
    async def collect(self, ctx: AuditContext, facts: Facts) -> None:
        """Fill the facts this vendor's API can answer (with the configured credentials).

        Raise InvalidAuth once on a rejected login (never retry) and CannotConnect when
        the camera stops answering. Leave a fact None when it cannot be read.
        """

    def uses_factory_credentials(self, ctx: AuditContext) -> bool:
        """Whether the configured account and password are one of the factory pairs."""
        target = ctx.target
        return self.default_credentials.get(target.username) == target.password

    def note_factory_credentials(self, ctx: AuditContext, facts: Facts, detail: str = "") -> bool:
        """Settle default_password from the configured login alone, where that is enough.

        Call only after the camera accepted the configured login. A factory pair -> True
        (no request needed). The vendor's only factory account, accepted with another
        password -> False: no factory password is left anywhere. Otherwise nothing is
        noted. Returns whether the fact was noted; `detail` is appended to the evidence.
        """
        user = ctx.target.username
        if self.uses_factory_credentials(ctx):
            facts.note(
                "default_password", True, f"configured credentials are the factory ones{detail}"
            )
            return True
        if set(self.default_credentials) == {user}:
            facts.note(
                "default_password",
                False,
                f"factory account '{user}' uses a changed password{detail}",
            )
            return True
        return False
