"""Catalog model patterns that are one exact name, and the folding they are looked up by.

A download-centre archive gives thousands of exact model names; trying each as a regular
expression would make loading and every lookup slow. Such patterns are recognised here
once, for the schema check (a plain name is surely a valid expression) and for the
catalog's name index.
"""

from __future__ import annotations

import re

# "[/-]" in a model pattern: the vendor writes this "-" as "/" too (see build.py).
SLASH_OR_DASH = "[/-]"
# Plain characters, escaped punctuation and "[/-]": nothing that can match two names.
_ONE_NAME = re.compile(r"(?:[^\\.^$*+?{}\[\]|()]|\\[^A-Za-z0-9]|\[/-\])*")
_ESCAPED = re.compile(r"\\(.)")
_MARK = "\0"


def folded(name: str) -> str:
    """A model name with case, and "/" against "-", folded."""
    return name.casefold().replace("/", "-")


def literal_name(pattern: str) -> tuple[str, bool] | None:
    """The one name a model pattern matches, and whether "/" and "-" are alike in it.

    None for a real pattern (a class, a repeat, an alternative...). The name comes
    case-folded, and "/"-folded when every "/" or "-" in the pattern is "[/-]"; a
    pattern mixing "[/-]" with a literal "/" or "-" counts as a real pattern.
    """
    if _ONE_NAME.fullmatch(pattern) is None:
        return None
    name = _ESCAPED.sub(r"\1", pattern.replace(SLASH_OR_DASH, _MARK))
    slash_or_dash = _MARK in name
    if slash_or_dash and ("/" in name or "-" in name):
        return None
    return name.replace(_MARK, "-").casefold(), slash_or_dash
