"""Firmware version strings, one parser per vendor numbering scheme.

Vendors number firmware in incompatible ways, so a version is parsed into a
`FirmwareVersion` (release line, numeric parts, build number) and two versions are
only compared when they belong to the same line. Anything unparseable is None: the
caller must then report "unknown", never "up to date".
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from itertools import zip_longest

# Longer inputs are not version strings; refusing them early keeps regexes cheap.
MAX_VERSION_LENGTH = 80


@dataclass(frozen=True, slots=True)
class FirmwareVersion:
    """A parsed firmware version.

    `line` names a release line whose versions are mutually comparable (Dahua's
    "2.420.AC00"; empty for schemes with a single line). `build` is a build date as
    YYYYMMDD, or an opaque increasing build number; None when the string has none.
    """

    line: str
    numbers: tuple[int, ...]
    build: int | None = None


def compare(left: FirmwareVersion, right: FirmwareVersion) -> int | None:
    """-1, 0 or 1 like a classic cmp; None when the versions are on different lines.

    Numeric parts compare padded with zeros (5.4 == 5.4.0). The build decides only
    between equal numbers, and only when both versions carry one.
    """
    if left.line != right.line:
        return None
    for a, b in zip_longest(left.numbers, right.numbers, fillvalue=0):
        if a != b:
            return -1 if a < b else 1
    if left.build is not None and right.build is not None and left.build != right.build:
        return -1 if left.build < right.build else 1
    return 0


def _date_number(text: str) -> int | None:
    """YYYY-MM-DD, YYYYMMDD or YYMMDD -> YYYYMMDD as an int (None if not a real date)."""
    digits = text.replace("-", "")
    if len(digits) == 6:
        digits = "20" + digits
    if len(digits) != 8 or not digits.isdigit():
        return None
    try:
        date(int(digits[:4]), int(digits[4:6]), int(digits[6:]))
    except ValueError:
        return None
    return int(digits)


def _numbers(text: str) -> tuple[int, ...]:
    return tuple(int(part) for part in text.split("."))


_HIKVISION = re.compile(r"V?(\d{1,4}(?:\.\d{1,6}){1,3})(?:\s*build\s*(\d{6}))?", re.IGNORECASE)
# The build date follows in several real forms: "R,build:2019-07-12" (the CGI),
# "R.20200217" (advisories), "R, Build Date 2019-11-05" (ONVIF GetDeviceInformation of a
# DH-SD42212T-HN and a Lorex LNB8973B) and "R, Build Date: 2023-10-27" (the web page).
_DAHUA = re.compile(
    r"V?(\d{1,4})\.(\d{1,6})\.([0-9A-Z]{1,12})\.(\d{1,6})(?:\.([A-Z]))?"
    r"(?:\s*[.,]\s*(?:build(?:\s*date)?\s*:?\s*)?(\d{4}-\d{2}-\d{2}|\d{8}|\d{6}))?",
    re.IGNORECASE,
)
# Zoom and PTZ models append a second component's version: "v3.1.0.956_22041511_v1.0.0.30"
# (an RLC-823A's GetDevInfo in xannor/py_reolinkrestapi's user fixtures; also an RLC-423S's
# "v2.0.0.1055_17110905_v1.0.0.30"). reolink_aio compares only the leading version, as here.
_REOLINK = re.compile(
    r"v?(\d{1,4}(?:\.\d{1,6}){1,4})(?:_(\d{1,12}))?(?:_v\d{1,4}(?:\.\d{1,6}){1,4})?",
    re.IGNORECASE,
)
_AXIS = re.compile(r"(\d{1,4}(?:\.\d{1,6}){1,3})")
# Wisenet cameras add the build date and a release number ("2.21.01_20220517_R276"), NVRs a
# date and time ("v2.10_180329015157"): SUNAPI Application Programmer's Guide v2.6.3
# (Hanwha Vision, 2023-09-20), 5.2 Device Information. SmartCam: "1.16_171212".
_HANWHA = re.compile(
    r"v?(\d{1,4}(?:\.\d{1,6}){1,3})(?:_(\d{6}|\d{8}|\d{12}))?(?:_R\d{1,6})?", re.IGNORECASE
)
_GENERIC = re.compile(r"v?(\d{1,4}(?:\.\d{1,6}){0,4})", re.IGNORECASE)
# Milesight: optional series prefix ("T_", "CQ_"), platform number, dotted version, optional
# tags ("-AIoT", "-NX") and the revision "-rN" (forms named in CVE-2026-28747's record).
_MILESIGHT = re.compile(
    r"(?:([A-Z]{1,3})_)?(\d{1,4})\.(\d{1,6}(?:\.\d{1,6}){1,3})(-[A-Z]{1,8})?-r(\d{1,6})(-[A-Z]{1,8})?",
    re.IGNORECASE,
)


def _match(pattern: re.Pattern[str], text: str) -> re.Match[str] | None:
    if not isinstance(text, str) or len(text) > MAX_VERSION_LENGTH:
        return None
    return pattern.fullmatch(text.strip())


def _numbers_and_build_date(pattern: re.Pattern[str], text: str) -> FirmwareVersion | None:
    """Group 1: dotted numbers; optional group 2: a YYMMDD build date (invalid -> None)."""
    found = _match(pattern, text)
    if found is None:
        return None
    build = None
    if found.group(2) is not None:
        # YYMMDDhhmmss: the date is the first six digits.
        build = _date_number(found.group(2)[:6] if len(found.group(2)) == 12 else found.group(2))
        if build is None:
            return None
    return FirmwareVersion("", _numbers(found.group(1)), build)


def parse_hikvision(text: str) -> FirmwareVersion | None:
    """Hikvision `V5.4.0 build 160530` -> (5, 4, 0) built 2016-05-30."""
    return _numbers_and_build_date(_HIKVISION, text)


def parse_dahua(text: str) -> FirmwareVersion | None:
    """Dahua/Amcrest `2.420.AC00.17.R,build:2019-07-12` -> line 2.420.AC00, rev 17, date.

    Also reads the advisories' compact form `2.420.AC00.18.R.20200217` and `...R.200314`,
    and recorders' form without the letter (`4.001.0000005.0,build:2020-11-17`, a real
    NVR's getSoftwareVersion answer in tests/fixtures/real).
    The first three fields name the release line; only the revision and the build
    date within a line are ordered.
    """
    found = _match(_DAHUA, text)
    if found is None:
        return None
    build = None
    if found.group(6) is not None:
        build = _date_number(found.group(6))
        if build is None:
            return None
    line = f"{int(found.group(1))}.{int(found.group(2))}.{found.group(3).upper()}"
    return FirmwareVersion(line, (int(found.group(4)),), build)


def parse_reolink(text: str) -> FirmwareVersion | None:
    """Reolink `v3.0.0.136_20121102` -> (3, 0, 0, 136) with build number 20121102.

    A trailing component version (`_v1.0.0.30`) is read past, not compared.
    """
    found = _match(_REOLINK, text)
    if found is None:
        return None
    build = int(found.group(2)) if found.group(2) is not None else None
    return FirmwareVersion("", _numbers(found.group(1)), build)


def reolink_build_day(version: FirmwareVersion) -> int | None:
    """The YYYYMMDD day a Reolink build number starts with (`22072805`, `2412122178`)."""
    return None if version.build is None else _date_number(str(version.build)[:6])


def parse_axis(text: str) -> FirmwareVersion | None:
    """Axis OS `11.11.140` (dotted numbers)."""
    found = _match(_AXIS, text)
    return None if found is None else FirmwareVersion("", _numbers(found.group(1)))


def parse_hanwha(text: str) -> FirmwareVersion | None:
    """Hanwha/Samsung SmartCam `1.16_171212` -> (1, 16) built 2017-12-12; also `7.55`.

    Wisenet `2.21.01_20220517_R276` -> (2, 21, 1) built 2022-05-17 (the release number is
    not compared); NVR `v2.10_180329015157` -> (2, 10) built 2018-03-29.
    """
    return _numbers_and_build_date(_HANWHA, text)


def parse_generic(text: str) -> FirmwareVersion | None:
    """Plain dotted numbers (`6.3.40`, `2.12`), for vendors without an own scheme."""
    found = _match(_GENERIC, text)
    return None if found is None else FirmwareVersion("", _numbers(found.group(1)))


def parse_milesight(text: str) -> FirmwareVersion | None:
    """Milesight `61.8.0.3-r8` -> line 61, (8, 0, 3), revision 8 as the build number.

    The first number names the hardware platform (51 for -PD models, 61 for -PE, 63 for
    -G1 ...), so only versions of one platform, series prefix and tags are ordered.
    """
    found = _match(_MILESIGHT, text)
    if found is None:
        return None
    prefix, platform, numbers, tag, revision, suffix = found.groups()
    series = f"{prefix.upper()}_" if prefix else ""
    line = f"{series}{int(platform)}{(tag or '').upper()}{(suffix or '').upper()}"
    return FirmwareVersion(line, _numbers(numbers), int(revision))


PARSERS: dict[str, Callable[[str], FirmwareVersion | None]] = {
    "hikvision": parse_hikvision,
    "dahua": parse_dahua,
    "reolink": parse_reolink,
    "axis": parse_axis,
    "hanwha": parse_hanwha,
    "generic": parse_generic,
    "milesight": parse_milesight,
}


def parse(scheme: str, text: str) -> FirmwareVersion | None:
    """Parse `text` with the named scheme's parser; None when unknown or unparseable."""
    parser = PARSERS.get(scheme)
    return None if parser is None else parser(text)


# Schemes whose build field is the day the firmware was built (Reolink's build number only
# starts with it; Milesight's is a revision, Axis and generic strings carry none).
_BUILT_ON: dict[str, Callable[[FirmwareVersion], int | None]] = {
    "hikvision": lambda version: version.build,
    "dahua": lambda version: version.build,
    "hanwha": lambda version: version.build,
    "reolink": reolink_build_day,
}


def build_day(scheme: str, version: FirmwareVersion | None) -> str | None:
    """The YYYY-MM-DD day a parsed firmware says it was built, if its scheme tells one.

    It is a fact the device reports about itself, so an unknown verdict can still tell the
    user how old the installed firmware is (`V5.4.0 build 160530` -> 2016-05-30).
    """
    day_of = _BUILT_ON.get(scheme)
    day = None if version is None or day_of is None else day_of(version)
    return None if day is None else f"{day // 10000:04d}-{day // 100 % 100:02d}-{day % 100:02d}"
