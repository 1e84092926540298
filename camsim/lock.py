"""The one lockout oracle of a simulated camera: failures, locks, and what is left.

A leaf module (imports nothing from camsim): the camera applies the rule on every
login attempt, and a persona that reports its lock state (Hikvision's userCheck
answer) reads the same counters instead of replaying the login log.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

# Attempts left reported when the persona has no lockout at all.
NO_LOCKOUT_ATTEMPTS = 1_000_000


@dataclass(slots=True)
class Lockout:
    """A camera's brute-force protection."""

    threshold: int = 5
    duration_s: float = 1800.0
    # Hikvision restarts the lock timer on any attempt made during the lock.
    restart_on_attempt: bool = False
    # "client": per client address (Hikvision); "account": per user name.
    scope: str = "client"


@dataclass(frozen=True, slots=True, kw_only=True)
class LockState:
    """One client's (or account's) lock as the camera would report it."""

    locked: bool
    # Seconds until the lock ends (0 when not locked).
    unlock_in: int
    # Failed logins left before the lock (0 while locked).
    attempts_left: int


class LockOracle:
    """Applies the persona's current rule (it may change at run time) per lock key."""

    def __init__(self, rule: Callable[[], Lockout | None]) -> None:
        """Follow the rule the callable returns (the persona's, read on every use)."""
        self._rule = rule
        self._failures: dict[str, int] = {}
        self._locked_until: dict[str, float] = {}

    def key(self, client: str, user: str) -> str:
        """The lock's key: the account for account-scoped rules, else the client address."""
        rule = self._rule()
        return user if rule is not None and rule.scope == "account" else client

    def is_locked(self, key: str, now: float) -> bool:
        """Whether a lock is in force for this key."""
        return self._locked_until.get(key, 0.0) > now

    def locked_until(self, now: float) -> dict[str, float]:
        """Lock key -> end of its lock, for locks in force."""
        return {key: until for key, until in self._locked_until.items() if until > now}

    def clear(self) -> None:
        """Forget failures and locks."""
        self._failures.clear()
        self._locked_until.clear()

    def attempt(self, key: str, ok: bool, now: float) -> str:
        """Apply the rule to one login attempt: "ok", "failed" or "locked".

        "locked" is refused without checking the password (a Hikvision attempt during
        the lock also restarts it).
        """
        rule = self._rule()
        if rule is not None and self.is_locked(key, now):
            if rule.restart_on_attempt:
                self._locked_until[key] = now + rule.duration_s
            return "locked"
        if ok:
            self._failures[key] = 0
            return "ok"
        self._failures[key] = self._failures.get(key, 0) + 1
        if rule is not None and self._failures[key] >= rule.threshold:
            self._locked_until[key] = now + rule.duration_s
            self._failures[key] = 0
        return "failed"

    def state(self, key: str, now: float) -> LockState:
        """The lock state of one key, from the same counters the rule uses."""
        rule = self._rule()
        if self.is_locked(key, now):
            return LockState(
                locked=True,
                unlock_in=max(0, round(self._locked_until[key] - now)),
                attempts_left=0,
            )
        threshold = rule.threshold if rule is not None else NO_LOCKOUT_ATTEMPTS
        return LockState(
            locked=False,
            unlock_in=0,
            attempts_left=max(0, threshold - self._failures.get(key, 0)),
        )
