"""Parsers for Axis VAPIX answers: param.cgi key=value lists and the JSON APIs.

Camera answers are untrusted: every function returns None / skips lines it cannot
read instead of raising, so a malformed answer becomes an unknown fact.
"""

from __future__ import annotations

import json
from typing import Any


def parse_params(body: bytes) -> dict[str, str]:
    """`root.Group.Key=value` lines -> {"Group.Key": value}; error lines are skipped.

    An unknown group answers `# Error: ...` on its own line; other groups of the
    same request still come back, so one missing group never hides the rest.
    """
    params: dict[str, str] = {}
    for line in body.decode("utf-8", "replace").splitlines():
        key, sep, value = line.strip().partition("=")
        if not sep or key.startswith("#") or not key.startswith("root."):
            continue
        params[key.removeprefix("root.")] = value.strip()
    return params


def api_data(body: bytes) -> dict[str, Any] | None:
    """The `data` object of a VAPIX JSON API answer, or None on errors / garbage."""
    try:
        answer = json.loads(body)
    except ValueError, RecursionError:
        return None
    if not isinstance(answer, dict) or "error" in answer:
        return None
    data = answer.get("data")
    return data if isinstance(data, dict) else None


def property_list(body: bytes) -> dict[str, str] | None:
    """The propertyList of a basicdeviceinfo answer (string values only), or None."""
    data = api_data(body)
    props = data.get("propertyList") if data is not None else None
    if not isinstance(props, dict):
        return None
    return {str(k): v for k, v in props.items() if isinstance(v, str)}
