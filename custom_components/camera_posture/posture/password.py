"""Judge the configured password offline: never by a login, never shown anywhere.

The password Home Assistant (or the CLI) already holds is compared with what makes a
camera password guessable. Each broken rule is a finding; a finding names the rule,
never the password.

- empty: no password at all (the other rules are then moot, so it is the only finding).
- vendor_default: it is a factory password of some camera family (the lists the guarded
  default-credential logins use, vendors/*.py `default_credentials`).
- short: fewer than MIN_LENGTH characters. NIST SP 800-63B section 5.1.1.1 asks for at
  least 8 characters for a memorized secret chosen by the user; ETSI EN 303 645 names no
  length, so NIST's figure is used.
- guessable: the zxcvbn estimator (Dropbox's, maintained as the `zxcvbn` package) scores
  it below GUESSABLE_BELOW, with the camera's identity as user inputs. zxcvbn's score 3
  means at least 10^8 guesses (zxcvbn time_estimates: 2 is still "somewhat guessable",
  modest protection from unthrottled online attacks only).
- derived_from_identity: it contains the camera's serial number, MAC address or model,
  or their last six characters (the UK PSTI regulations, Schedule 1 paragraph 1(3)(c):
  passwords must not be "based on or derived from unique product identifiers, such as
  serial numbers"), compared case-insensitively without separators.
- reused: the same password is configured for another camera (known only to the caller:
  Home Assistant compares its config entries in memory; None when not compared).
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from zxcvbn import zxcvbn

from .models import DeviceInfo

MIN_LENGTH = 8
GUESSABLE_BELOW = 3
# The tail of an identifier that is still "derived from" it (a MAC's last 3 octets).
TAIL = 6
# zxcvbn's cost grows with length; a camera password longer than this is long enough.
_ESTIMATE_CHARS = 64

EMPTY = "empty"
VENDOR_DEFAULT = "vendor_default"
SHORT = "short"
GUESSABLE = "guessable"
DERIVED = "derived_from_identity"
REUSED = "reused"
# Order in which findings are reported.
RULES = (EMPTY, VENDOR_DEFAULT, SHORT, GUESSABLE, DERIVED, REUSED)


def _plain(text: str) -> str:
    return re.sub(r"[^0-9a-z]", "", text.lower())


def identity_tokens(device: DeviceInfo | None) -> list[str]:
    """Serial, MAC and model (without separators) and the tails of serial and MAC."""
    if device is None:
        return []
    tokens: set[str] = set()
    for value, tail in ((device.serial, True), (device.mac, True), (device.model, False)):
        plain = _plain(value)
        if len(plain) < 4:
            continue  # too short to call a password "derived" from it
        tokens.add(plain)
        if tail and len(plain) > TAIL:
            tokens.add(plain[-TAIL:])
    return sorted(tokens)


def password_findings(
    password: str,
    *,
    factory_passwords: Iterable[str],
    device: DeviceInfo | None,
    reused: bool | None = None,
) -> tuple[str, ...]:
    """The rules `password` breaks (empty tuple: none). Pure; the password is not kept."""
    if not password:
        return (EMPTY,)
    found: set[str] = set()
    if password in set(factory_passwords):
        found.add(VENDOR_DEFAULT)
    if len(password) < MIN_LENGTH:
        found.add(SHORT)
    tokens = identity_tokens(device)
    plain = _plain(password)
    if any(token in plain for token in tokens):
        found.add(DERIVED)
    score = zxcvbn(password[:_ESTIMATE_CHARS], user_inputs=tokens)["score"]
    if score < GUESSABLE_BELOW:
        found.add(GUESSABLE)
    if reused:
        found.add(REUSED)
    return tuple(rule for rule in RULES if rule in found)


def evidence(findings: tuple[str, ...], reused: bool | None) -> str:
    """One secret-free sentence about the review."""
    compared = (
        "not compared with other cameras"
        if reused is None
        else "compared with the other configured cameras"
    )
    if not findings:
        return f"configured password judged offline: no rule broken; reuse {compared}"
    return f"configured password judged offline: breaks {', '.join(findings)}; reuse {compared}"
