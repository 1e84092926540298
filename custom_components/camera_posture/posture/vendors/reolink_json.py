"""Parsers for Reolink JSON API answers (`[{"cmd", "code", "value" | "error"}, ...]`).

Camera answers are untrusted: malformed JSON, wrong shapes and odd types become
"nothing read" (None / empty), never an exception.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

# rspCodes the adapter acts on.
MAX_SESSION = -5
LOGIN_FIRST = -6
LOGIN_FAILED = -7
LOCKED = -506
# Error details that also mean "wrong credentials" on firmware that words it differently.
_BAD_CREDENTIAL_DETAILS = frozenset({"login failed", "invalid user", "password wrong"})


@dataclass(frozen=True, slots=True)
class CommandResult:
    """One command's answer: its value on success, else its rspCode and detail."""

    cmd: str
    ok: bool
    value: dict[str, Any]
    rsp_code: int | None = None
    detail: str = ""

    @property
    def bad_credentials(self) -> bool:
        """The camera rejected the user name or password."""
        return self.rsp_code == LOGIN_FAILED or self.detail.lower() in _BAD_CREDENTIAL_DETAILS

    @property
    def locked(self) -> bool:
        """The camera refuses logins for a while (too many failures)."""
        return self.rsp_code == LOCKED or "locked" in self.detail.lower()


def parse_reply(body: bytes) -> dict[str, CommandResult]:
    """Answers keyed by command name (the first answer wins for a repeated name)."""
    try:
        items = json.loads(body)
    except ValueError, RecursionError:
        return {}
    if not isinstance(items, list):
        return {}
    results: dict[str, CommandResult] = {}
    for item in items:
        result = _command(item)
        if result is not None:
            results.setdefault(result.cmd, result)
    return results


def _command(item: Any) -> CommandResult | None:
    if not isinstance(item, dict) or not isinstance(item.get("cmd"), str):
        return None
    value = item.get("value")
    if item.get("code") == 0 and isinstance(value, dict):
        return CommandResult(item["cmd"], True, value)
    error = item.get("error")
    error = error if isinstance(error, dict) else {}
    code = error.get("rspCode")
    detail = error.get("detail")
    return CommandResult(
        item["cmd"],
        False,
        {},
        code if isinstance(code, int) and not isinstance(code, bool) else None,
        detail if isinstance(detail, str) else "",
    )


def section(result: CommandResult | None, name: str) -> dict[str, Any]:
    """`value[name]` of a successful answer as a dict (empty when absent)."""
    if result is None or not result.ok:
        return {}
    inner = result.value.get(name)
    return inner if isinstance(inner, dict) else {}


def enabled(values: dict[str, Any], key: str) -> bool | None:
    """A 0/1 (or bool) switch as a bool; anything else is unknown."""
    value = values.get(key)
    if isinstance(value, bool):
        return value
    if value in (0, 1):
        return bool(value)
    return None


def text(values: dict[str, Any], key: str) -> str:
    """A string field, or "" when absent or of another type."""
    value = values.get(key)
    return value if isinstance(value, str) else ""
