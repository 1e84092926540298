"""The one text-to-bool reader: each protocol's words, nothing else guessed."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from custom_components.camera_posture.posture.booleans import (
    ONE_ZERO,
    TRUE_FALSE,
    XS_BOOLEAN,
    YES_NO,
    text_bool,
)


@pytest.mark.parametrize(
    ("words", "text", "expected"),
    [
        # ISAPI, Dahua CGI, SUNAPI: true/false in any case; a 1 is not their word.
        (TRUE_FALSE, "TRUE", True),
        (TRUE_FALSE, " false\r\n", False),
        (TRUE_FALSE, "1", None),
        # ONVIF's xs:boolean also allows 1/0.
        (XS_BOOLEAN, "1", True),
        (XS_BOOLEAN, "false", False),
        (XS_BOOLEAN, "yes", None),
        # Foscam's CGI: 1/0 only.
        (ONE_ZERO, "0", False),
        (ONE_ZERO, "true", None),
        # Axis VAPIX: yes/no (and the other spellings).
        (YES_NO, "yes", True),
        (YES_NO, "no", False),
        (YES_NO, "maybe", None),
        (YES_NO, None, None),
    ],
)
def test_each_protocol_reads_its_own_words(
    words: dict[str, bool], text: str | None, expected: bool | None
) -> None:
    assert text_bool(text, words) is expected


@given(st.one_of(st.none(), st.text(max_size=300)))
def test_never_raises(value: str | None) -> None:
    assert text_bool(value, YES_NO) in (True, False, None)
