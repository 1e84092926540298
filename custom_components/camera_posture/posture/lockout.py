"""Login lockout safety for interactive logins (add, reauth and reconfigure forms).

A person typing passwords into a form can lock their own camera: Hikvision locks
the client address (Home Assistant) after 5 rejected logins for 30 minutes. Before
a form sends credentials the engine reads what the camera says about its lock
(`VendorAdapter.read_lock_state`) and the caller counts the rejected logins it
caused itself (`FailureLedger`); `refusal` then says whether one more rejected
login could lock the account, in which case nothing is sent.

Pure engine code (no Home Assistant): the HA layer keeps one ledger for all flows.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from enum import StrEnum

from .errors import PostureError
from .vendors.base import LockState, LoginLockout


class RefusalReason(StrEnum):
    """Why a login was not sent."""

    # The camera says one attempt is left: a typo now would lock it.
    LAST_ATTEMPT = "last_attempt"
    # Our own rejected logins within the family's lock window reached threshold - 1.
    OWN_FAILURES = "own_failures"


@dataclass(frozen=True, slots=True)
class LoginPreflight:
    """What is known right before the credentials would go out."""

    vendor: str
    lockout: LoginLockout
    lock: LockState | None


@dataclass(frozen=True, slots=True)
class Refusal:
    """A login the engine refused to send, and what the user can do about it."""

    reason: RefusalReason
    # Rejected logins of ours in the window, and the family's threshold.
    own_failures: int
    threshold: int
    # Seconds until the oldest of our counted failures leaves the window (None: unknown).
    wait_s: int | None


class LoginRefused(PostureError):
    """One more rejected login could lock the camera: nothing was sent."""

    def __init__(self, refusal: Refusal) -> None:
        """Carry the refusal (no credentials in it)."""
        super().__init__(f"login not sent: {refusal.reason}")
        self.refusal = refusal


# Called after detection and the lock-state read, before any credential is sent;
# raises LoginRefused (or LoginLocked) to stop the login.
type LoginGate = Callable[[LoginPreflight], Awaitable[None]]


def refusal(
    preflight: LoginPreflight, own_failures: int, wait_s: int | None = None
) -> Refusal | None:
    """Whether one more rejected login could lock the camera (None: safe to send once).

    The camera's own count wins where it reports one (it also sees other clients'
    failures); our own count stops us at threshold - 1 so that our next rejected
    login can never be the one that reaches the threshold.
    """
    threshold = preflight.lockout.threshold
    lock = preflight.lock
    if lock is not None and lock.attempts_left is not None and lock.attempts_left <= 1:
        return Refusal(RefusalReason.LAST_ATTEMPT, own_failures, threshold, lock.unlock_in_s)
    if own_failures + 1 >= threshold:
        return Refusal(RefusalReason.OWN_FAILURES, own_failures, threshold, wait_s)
    return None


@dataclass(slots=True)
class _Failure:
    at: float
    expires: float
    source: str


@dataclass(slots=True)
class FailureLedger:
    """Rejected logins we caused, per camera host, each kept for its family's lock window.

    The caller passes `now` (monotonic seconds) so the ledger stays deterministic.
    """

    _failures: dict[str, list[_Failure]] = field(default_factory=dict)

    def record(self, host: str, source: str, window_s: float, now: float) -> None:
        """Remember one rejected login at `host` (source: which form or the audit)."""
        self._failures.setdefault(host, []).append(_Failure(now, now + window_s, source))

    def _live(self, host: str, now: float) -> list[_Failure]:
        live = [f for f in self._failures.get(host, []) if f.expires > now]
        if live:
            self._failures[host] = live
        else:
            self._failures.pop(host, None)
        return live

    def count(self, host: str, now: float) -> int:
        """Rejected logins at `host` still inside their lock window."""
        return len(self._live(host, now))

    def by_source(self, host: str, now: float) -> dict[str, int]:
        """The live rejected logins at `host`, counted per source."""
        counts: dict[str, int] = {}
        for failure in self._live(host, now):
            counts[failure.source] = counts.get(failure.source, 0) + 1
        return counts

    def wait_s(self, host: str, now: float) -> int | None:
        """Seconds until the oldest live failure at `host` expires (None: none live)."""
        live = self._live(host, now)
        return None if not live else max(0, round(min(f.expires for f in live) - now))
