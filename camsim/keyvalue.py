"""The plain-text `key=value` answers of Dahua CGI and Hanwha SUNAPI."""

from __future__ import annotations

from collections.abc import Mapping

CRLF = "\r\n"


def key_value_text(pairs: Mapping[str, object]) -> str:
    """One `key=value` line per pair, each ending in CRLF as the cameras send them."""
    return "".join(f"{key}={value}{CRLF}" for key, value in pairs.items())
