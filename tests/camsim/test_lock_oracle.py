"""camsim's one lock oracle: the rule the camera applies is the state it reports."""

from __future__ import annotations

from camsim.lock import NO_LOCKOUT_ATTEMPTS, LockOracle, Lockout, LockState

RULE = Lockout(threshold=3, duration_s=600, restart_on_attempt=True, scope="client")


def test_failures_count_down_lock_and_the_lock_restarts_on_attempts() -> None:
    oracle = LockOracle(lambda: RULE)
    key = oracle.key("10.0.0.9", "admin")
    assert key == "10.0.0.9"
    assert oracle.attempt(key, False, now=100.0) == "failed"
    assert oracle.state(key, now=100.0) == LockState(locked=False, unlock_in=0, attempts_left=2)
    assert oracle.attempt(key, False, now=101.0) == "failed"
    assert oracle.attempt(key, False, now=102.0) == "failed"
    assert oracle.state(key, now=102.0) == LockState(locked=True, unlock_in=600, attempts_left=0)
    # An attempt during the lock is refused unchecked, and restarts the lock.
    assert oracle.attempt(key, True, now=402.0) == "locked"
    assert oracle.state(key, now=402.0).unlock_in == 600
    assert oracle.locked_until(now=402.0) == {key: 1002.0}
    # After the lock the counters start afresh.
    assert oracle.attempt(key, True, now=1003.0) == "ok"
    assert oracle.state(key, now=1003.0) == LockState(locked=False, unlock_in=0, attempts_left=3)


def test_account_scope_keys_by_user_and_no_rule_never_locks() -> None:
    rule: Lockout | None = Lockout(threshold=1, scope="account")
    oracle = LockOracle(lambda: rule)
    assert oracle.key("10.0.0.9", "admin") == "admin"
    assert oracle.attempt("admin", False, now=0.0) == "failed"
    assert oracle.is_locked("admin", now=1.0)
    oracle.clear()
    rule = None
    assert oracle.key("10.0.0.9", "admin") == "10.0.0.9"
    for _ in range(10):
        assert oracle.attempt("x", False, now=5.0) == "failed"
    assert oracle.state("x", now=5.0).attempts_left == NO_LOCKOUT_ATTEMPTS - 10
