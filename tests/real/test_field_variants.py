"""Field variants seen in real captures: model, MAC and cloud fields as the devices send them."""

from __future__ import annotations

import pytest

from custom_components.camera_posture.posture.advisories.versions import parse
from custom_components.camera_posture.posture.models import Facts
from custom_components.camera_posture.posture.vendors._keyvalue import parse_key_values
from custom_components.camera_posture.posture.vendors.axis import _note_cloud, axis_mac
from custom_components.camera_posture.posture.vendors.dahua import (
    firmware_of,
    is_model_name,
    model_of,
)
from custom_components.camera_posture.posture.vendors.hanwha import _enabled, parse_view


@pytest.mark.parametrize(
    ("info", "device_type", "model"),
    [
        # Lorex NVR (rroller/dahua): deviceType=31, model in updateSerial.
        (
            {"deviceType": "31", "updateSerial": "DHI-NVR4108HS-8P-4KS2"},
            None,
            "DHI-NVR4108HS-8P-4KS2",
        ),
        # A generic class name (handled like "31" by rroller/dahua): updateSerial instead.
        ({"deviceType": "IP Camera", "updateSerial": "IPC-HDW5231R-ZE"}, None, "IPC-HDW5231R-ZE"),
        # XVR without deviceType (rroller/dahua#59).
        ({"updateSerial": "XVR5108C-X"}, {"type": "DH-XVR5108C-X "}, "XVR5108C-X"),
        # Only getDeviceType names it.
        ({"deviceType": "31"}, {"type": "DH-XVR5108C-X "}, "DH-XVR5108C-X"),
        # Amcrest: its own model in deviceType wins over Dahua's updateSerial.
        ({"deviceType": "IP4M-1041B", "updateSerial": "IPC-AW46WN-S2"}, None, "IP4M-1041B"),
        # Nothing better anywhere: keep what the camera said rather than invent.
        ({"deviceType": "31"}, None, "31"),
    ],
)
def test_dahua_model_falls_back_like_real_firmware(
    info: dict[str, str], device_type: dict[str, str] | None, model: str
) -> None:
    assert model_of(info, device_type) == model


@pytest.mark.parametrize(
    ("text", "expected"),
    [("31", False), ("IP Camera", False), ("NVR", False), ("", False), ("IPC-HFW2431S", True)],
)
def test_dahua_generic_device_types_are_no_model(text: str, expected: bool) -> None:
    assert is_model_name(text) is expected


@pytest.mark.parametrize(
    ("body", "firmware", "build"),
    [
        # An Amcrest IPM-721B's getSoftwareVersion answer, date on its own line, as its owner
        # printed it in tchellomello/python-amcrest#168.
        (
            b"version=2.420.AC00.15.R\r\nBuildDate=2016-09-08",
            "2.420.AC00.15.R,build:2016-09-08",
            20160908,
        ),
        # The one-line form of later builds (python-amcrest#71, rroller/dahua#9) stays as sent.
        (
            b"version=2.420.AC00.17.R,build:2017-03-22\r\n",
            "2.420.AC00.17.R,build:2017-03-22",
            20170322,
        ),
        (b"version=4.001.0000005.0,build:2020-11-17", "4.001.0000005.0,build:2020-11-17", 20201117),
        # No date anywhere: the version alone, with no build to judge date ranges by.
        (b"version=2.800.0000000.24.R\r\n", "2.800.0000000.24.R", None),
    ],
)
def test_dahua_firmware_keeps_the_build_date(body: bytes, firmware: str, build: int | None) -> None:
    read = firmware_of(parse_key_values(body))
    assert read == firmware
    parsed = parse("dahua", read)
    assert parsed is not None
    assert parsed.build == build


@pytest.mark.parametrize(
    ("eth0", "serial", "mac"),
    [
        ("AC:CC:12:34:56:78", "ACCC12345678", "ac:cc:12:34:56:78"),
        ("", "ACCC8E1A909D", "ac:cc:8e:1a:90:9d"),  # the serial is the MAC on Axis
        ("", "", ""),
        ("", "not-a-mac", ""),
        ("", "ACCC8E1A909Z", ""),
    ],
)
def test_axis_mac_from_eth0_else_serial(eth0: str, serial: str, mac: str) -> None:
    assert axis_mac(eth0, serial) == mac


@pytest.mark.parametrize(
    ("value", "cloud", "says"),
    [
        ("oneclick", False, "only after the control button is pressed"),
        ("yes", True, "RemoteService.Enabled=yes"),
        ("no", False, "RemoteService.Enabled=no"),
    ],
)
def test_axis_oneclick_waits_for_a_button_press(value: str, cloud: bool, says: str) -> None:
    facts = Facts()
    _note_cloud(facts, {"RemoteService.Enabled": value})
    assert facts.cloud_access is cloud
    assert says in facts.evidence["cloud_access"]


def test_axis_unknown_cloud_value_stays_unknown() -> None:
    facts = Facts()
    _note_cloud(facts, {"RemoteService.Enabled": "maybe"})
    assert facts.cloud_access is None


def test_sunapi_views_read_as_lines_braced_lines_or_json() -> None:
    # The three deviceinfo forms in Hanwha's SUNAPI Application Programmer's Guide:
    # key=value lines, key=value lines inside braces (NVR), and a flat JSON object (here
    # with a boolean, a list and a number added: lists are dropped, the rest read as text).
    lines = b"Model=XNF-9010RV\nSerialNumber=ZLNA70GKA0001JZ\n"
    braced = b"{\n Model=PRN-4011\n DeviceType=NVR\n}\n"
    as_json = b'{"Model": "PNM-C7083RVD", "Initialized": true, "Channels": [1], "Port": 80}'
    assert parse_view(lines)["SerialNumber"] == "ZLNA70GKA0001JZ"
    assert parse_view(braced) == {"Model": "PRN-4011", "DeviceType": "NVR"}
    assert parse_view(as_json) == {"Model": "PNM-C7083RVD", "Initialized": "True", "Port": "80"}


@pytest.mark.parametrize(
    ("body", "fields"),
    [
        # SUNAPI Network 2.6.3, 34.4.1: the p2p view as JSON nests its fields, as text not.
        (
            b'{"P2P": {"Enable": true, "Status": "Unknown"}}',
            {"P2P.Enable": "True", "P2P.Status": "Unknown"},
        ),
        (b"Enable=True\nStatus=Success\n", {"Enable": "True", "Status": "Success"}),
        # 6.4.1: upnpdiscovery's JSON form is a list of one entry per interface.
        (
            b'{"UpnpDiscovery": [{"InterfaceName": "1a5a", "Enable": true}]}',
            {"UpnpDiscovery.0.InterfaceName": "1a5a", "UpnpDiscovery.0.Enable": "True"},
        ),
        # Deeper nesting and lists of values are no view the adapter reads: left out.
        (b'{"A": {"B": {"C": 1}}, "L": [1], "N": 2}', {"N": "2"}),
    ],
)
def test_hanwha_view_reads_nested_json_as_dotted_keys(body: bytes, fields: dict[str, str]) -> None:
    assert parse_view(body) == fields


@pytest.mark.parametrize(
    ("body", "wrapper", "enabled"),
    [
        (b"InterfaceName=1a5a\nEnable=True\n", "UpnpDiscovery", True),
        (
            b'{"UpnpDiscovery": [{"InterfaceName": "1a5a", "Enable": false}]}',
            "UpnpDiscovery",
            False,
        ),
        (b'{"P2P": {"Enable": true, "Status": "Unknown"}}', "P2P", True),
        (b'{"Response": "Fail", "Error": {"Code": 608}}', "P2P", None),  # not supported
        (b"NG\nError Code: 600\nError Details:\nSubmenu Not Found\n", "P2P", None),
    ],
)
def test_hanwha_switch_read_in_both_forms(body: bytes, wrapper: str, enabled: bool | None) -> None:
    assert _enabled(parse_view(body), wrapper) is enabled
