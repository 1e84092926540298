"""How a camera's reported identity is normalised before it is stored or compared."""

from __future__ import annotations

import pytest

from custom_components.camera_posture.posture.models import mac_address


@pytest.mark.parametrize(
    ("reported", "mac"),
    [
        ("AC:CC:8E:1A:90:9D", "ac:cc:8e:1a:90:9d"),  # ONVIF HwAddress, Hikvision
        ("ac-cc-8e-1a-90-9d", "ac:cc:8e:1a:90:9d"),
        ("ACCC8E1A909D", "ac:cc:8e:1a:90:9d"),  # Foscam getDevInfo, an Axis serial
        ("Mac ", ""),  # masked in a published Reolink GetLocalLink
        ("00:00:00:00:00", ""),
        ("zz:cc:8e:1a:90:9d", ""),
        ("", ""),
    ],
)
def test_only_twelve_hex_digits_make_a_mac(reported: str, mac: str) -> None:
    assert mac_address(reported) == mac
