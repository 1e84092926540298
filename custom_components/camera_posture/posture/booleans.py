"""A switch's text as a bool: the one reader every protocol uses, with its own words.

Cameras spell on/off differently per protocol; each caller names its vocabulary, so a
word that protocol never uses stays unknown instead of being guessed.
"""

from __future__ import annotations

from collections.abc import Mapping

# Hikvision ISAPI, Dahua CGI, Hanwha SUNAPI.
TRUE_FALSE: Mapping[str, bool] = {"true": True, "false": False}
# ONVIF: XML Schema's boolean allows 1 and 0 as well.
XS_BOOLEAN: Mapping[str, bool] = {**TRUE_FALSE, "1": True, "0": False}
# Foscam CGI.
ONE_ZERO: Mapping[str, bool] = {"1": True, "0": False}
# Axis VAPIX parameters (yes/no, and the other spellings its firmware used).
YES_NO: Mapping[str, bool] = {**XS_BOOLEAN, "yes": True, "no": False, "on": True, "off": False}


def text_bool(text: str | None, words: Mapping[str, bool] = TRUE_FALSE) -> bool | None:
    """The text as a bool in any case and spacing; a word not in `words` is unknown."""
    return words.get((text or "").strip().lower())
