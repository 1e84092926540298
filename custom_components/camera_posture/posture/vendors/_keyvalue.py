"""Plain-text `key=value` CGI answers, shared by vendors (their booleans: booleans.py).

Dahua/Amcrest: `version=2.420.AC00.17.R,build:2019-07-12` (magicBox) and
`table.Telnet.Enable=true` (configManager getConfig); errors come back as text
such as "Error" + CRLF + "Authority:check failure." with HTTP 400/403.
Hanwha SUNAPI: `Model=SNH-V6410PN` lines, "NG" on its own line for an error.
"""

from __future__ import annotations

# A camera answer with more lines than this is not a config table we asked for.
MAX_LINES = 5000


def parse_key_values(body: bytes) -> dict[str, str]:
    """Every `key=value` line as a dict (first `=` splits; `table.` prefix dropped).

    Lines without `=` (such as an "Error" banner) are ignored; bytes that are not
    UTF-8 are replaced, so any body parses without raising.
    """
    result: dict[str, str] = {}
    for line in body.decode("utf-8", "replace").splitlines()[:MAX_LINES]:
        key, sep, value = line.partition("=")
        key = key.strip().removeprefix("table.").strip()
        if sep and key:
            result[key] = value.strip()
    return result


def is_error(body: bytes) -> bool:
    """Whether a CGI answer is Dahua's plain-text error banner."""
    return body.lstrip().lower().startswith(b"error")
