"""The bundled advisory catalog: schema, version parsers per vendor, lookup verdicts."""

from __future__ import annotations

import copy
import re

import pytest

from camsim.persona import PERSONAS
from custom_components.camera_posture.posture.advisories.lookup import (
    Catalog,
    CatalogError,
    FirmwareVerdict,
    bundled_files,
    lookup,
    validate_catalog,
    vendor_family,
)
from custom_components.camera_posture.posture.advisories.schema import validate
from custom_components.camera_posture.posture.advisories.versions import (
    FirmwareVersion,
    build_day,
    compare,
    parse,
    reolink_build_day,
)


def test_bundled_catalog_validates() -> None:
    data, schema = bundled_files()
    assert validate(data, schema) == []
    catalog = validate_catalog(data)
    assert catalog.version == data["catalog_version"]
    assert re.fullmatch(r"20\d{8}", str(catalog.version))
    assert catalog.as_of == data["as_of"]


def test_every_entry_validates_and_cites_a_source() -> None:
    data, schema = bundled_files()
    entry_schema = schema["properties"]["entries"]["items"]
    for entry in data["entries"]:
        assert validate(entry, entry_schema) == []
        for advisory in entry["advisories"]:
            assert advisory["source"].startswith("https://")
            for cve in advisory["cves"]:
                assert re.fullmatch(r"CVE-\d{4}-\d{4,}", cve)


@pytest.mark.parametrize(
    ("mutate", "problem"),
    [
        (lambda d: d.pop("catalog_version"), "missing catalog_version"),
        (lambda d: d["entries"][0].update(eol="yes"), "expected boolean"),
        (lambda d: d["entries"][0].update(surprise=1), "unexpected surprise"),
        (lambda d: d["entries"][0]["advisories"][0]["cves"].append("CVE-1"), "does not match"),
        (lambda d: d["entries"][0].update(models=["(unclosed"]), "regular expression"),
        (lambda d: d["entries"][0]["advisories"][0].update(affected=[{}]), "fewer than 1"),
        (lambda d: d.update(catalog_version="2026.11.1"), "expected integer"),
        (lambda d: d.update(catalog_version=20261128), "below 2000000000"),
        (lambda d: d["sources"]["kev"].pop("as_of"), "$.sources.kev: missing as_of"),
        (lambda d: d["entries"][0]["advisories"][0].pop("kev_date_added"), "kev_date_added"),
        (lambda d: d["sources"].pop(d["entries"][0]["vendor"]), "has no advisory index"),
        (lambda d: d["entries"][0].update(eol=True), "eol_source must be given"),
        (
            lambda d: d["entries"][0]["advisories"][0].update(kev_date_added=None),
            "kev_date_added must be set exactly when kev is true",
        ),
        (
            lambda d: d["entries"][0]["advisories"][0].update(
                affected=[{"built_from": "2019-01-01"}]
            ),
            "built_from needs built_before",
        ),
        (
            lambda d: d["entries"][0]["advisories"][0].update(
                affected=[{"introduced": "1.0", "later_unknown": True}]
            ),
            "later_unknown needs last_affected",
        ),
        (
            # A device reports one board: "IPC_A or IPC_B" is not one.
            lambda d: d["entries"][0]["latest"].append(
                {
                    "version": "1",
                    "date": None,
                    "source": "https://a.b",
                    "as_of": "2026-01-01",
                    "hardware": "IPC_A or IPC_B",
                }
            ),
            "hardware: does not match",
        ),
    ],
)
def test_schema_rejects_broken_catalogs(mutate: object, problem: str) -> None:
    data, schema = bundled_files()
    broken = copy.deepcopy(data)
    mutate(broken)  # type: ignore[operator]
    with pytest.raises(CatalogError, match=re.escape(problem)):
        Catalog(broken, schema)
    with pytest.raises(CatalogError, match=re.escape(problem)):
        validate_catalog(broken)


@pytest.mark.parametrize("document", [[], "catalog", None, {}])
def test_validate_catalog_rejects_non_catalogs(document: object) -> None:
    with pytest.raises(CatalogError):
        validate_catalog(document)


@pytest.mark.parametrize(
    "mutate",
    [
        lambda e: e["advisories"][0].update(affected=[{"fixed": "not a version"}]),
        lambda e: e.update(versions_from={"version": "not a version", "source": "https://a.b"}),
    ],
)
def test_unparseable_bound_is_rejected(mutate: object) -> None:
    data, schema = bundled_files()
    broken = copy.deepcopy(data)
    mutate(broken["entries"][0])  # type: ignore[operator]
    with pytest.raises(CatalogError, match="unparseable version"):
        Catalog(broken, schema)


@pytest.mark.parametrize(
    ("scheme", "text", "expected"),
    [
        ("hikvision", "V5.4.0 build 160530", FirmwareVersion("", (5, 4, 0), 20160530)),
        ("hikvision", "V5.5.800 build 210628", FirmwareVersion("", (5, 5, 800), 20210628)),
        ("hikvision", "V5.5.800", FirmwareVersion("", (5, 5, 800))),
        ("hikvision", "V5.4.0 build 161399", None),
        ("hikvision", "build 160530", None),
        (
            "dahua",
            "2.420.AC00.17.R,build:2019-07-12",
            FirmwareVersion("2.420.AC00", (17,), 20190712),
        ),
        (
            "dahua",
            "2.800.0000000.6.R,build:2020-06-05",
            FirmwareVersion("2.800.0000000", (6,), 20200605),
        ),
        ("dahua", "2.420.AC00.18.R.20200217", FirmwareVersion("2.420.AC00", (18,), 20200217)),
        ("dahua", "2.800.0000000.6.R.200314", FirmwareVersion("2.800.0000000", (6,), 20200314)),
        (
            "dahua",
            "4.001.0000005.0,build:2020-11-17",
            FirmwareVersion("4.1.0000005", (0,), 20201117),
        ),
        # ONVIF GetDeviceInformation answers: a DH-SD42212T-HN (tests/fixtures/real) and a
        # Lorex LNB8973B; the web page writes "Build Date:" (an Amcrest IP4M-1041W).
        (
            "dahua",
            "2.800.0000000.4.R, Build Date 2019-11-05",
            FirmwareVersion("2.800.0000000", (4,), 20191105),
        ),
        (
            "dahua",
            "2.460.0001.5.R, Build Date 2017-08-11",
            FirmwareVersion("2.460.0001", (5,), 20170811),
        ),
        (
            "dahua",
            "V2.800.00AC006.0.R, Build Date: 2023-10-27",
            FirmwareVersion("2.800.00AC006", (0,), 20231027),
        ),
        ("dahua", "2.800.0000000.4.R, Build Date 2019-13-05", None),
        ("dahua", "2.420", None),
        ("dahua", "2.420.AC00.18.R.20201399", None),  # a build date that is no date
        ("hikvision", "V5.4.0 build 2016-05", None),  # neither 6 nor 8 digits
        ("reolink", "v3.0.0.136_20121102", FirmwareVersion("", (3, 0, 0, 136), 20121102)),
        # An RLC-823A's GetDevInfo (xannor/py_reolinkrestapi user fixture): zoom module's
        # version appended.
        (
            "reolink",
            "v3.1.0.956_22041511_v1.0.0.30",
            FirmwareVersion("", (3, 1, 0, 956), 22041511),
        ),
        ("reolink", "v3.1.0.956_22041511_x", None),
        ("reolink", "v2.0.0.1389_19012800", FirmwareVersion("", (2, 0, 0, 1389), 19012800)),
        ("reolink", "latest", None),
        ("axis", "11.11.140", FirmwareVersion("", (11, 11, 140))),
        ("axis", "10.12.240.1", FirmwareVersion("", (10, 12, 240, 1))),
        ("axis", "11.x", None),
        ("hanwha", "1.16_171212", FirmwareVersion("", (1, 16), 20171212)),
        ("hanwha", "7.55", FirmwareVersion("", (7, 55))),
        # Hanwha's SUNAPI guide v2.6.3, 5.2: a PNM-C7083RVD camera and a PRN-4011 NVR.
        ("hanwha", "2.21.01_20220517_R276", FirmwareVersion("", (2, 21, 1), 20220517)),
        ("hanwha", "v2.10_180329015157", FirmwareVersion("", (2, 10), 20180329)),
        ("hanwha", "2.21.01_20220517_X276", None),
        ("hanwha", "1.16_179999", None),
        # A PNV-A9081R's answer, quoted in networkoptix/nx_open's Hanwha analytics plugin.
        ("hanwha", "1.41.01_20200318_R342", FirmwareVersion("", (1, 41, 1), 20200318)),
        ("generic", "6.3.40", FirmwareVersion("", (6, 3, 40))),
        # Milesight, forms from CVE-2026-28747's record and a camera's ONVIF answer.
        ("milesight", "61.8.0.3-r8", FirmwareVersion("61", (8, 0, 3), 8)),
        ("milesight", "T_45.8.0.3-r10", FirmwareVersion("T_45", (8, 0, 3), 10)),
        ("milesight", "45.8.0.2-AIoT-r5", FirmwareVersion("45-AIOT", (8, 0, 2), 5)),
        ("milesight", "63.8.0.5-r2-NX", FirmwareVersion("63-NX", (8, 0, 5), 2)),
        ("milesight", "3x.8.0.3-r11", None),  # a placeholder for a platform, no version
        ("milesight", "61.8.0.3", None),
        ("unknown-scheme", "1.0", None),
        ("axis", "", None),
        ("axis", "1." * 100, None),
    ],
)
def test_version_parsers(scheme: str, text: str, expected: FirmwareVersion | None) -> None:
    assert parse(scheme, text) == expected


@pytest.mark.parametrize(
    ("scheme", "older", "newer"),
    [
        ("hikvision", "V5.4.0 build 160530", "V5.4.4 build 161125"),
        ("hikvision", "V5.4.0 build 160401", "V5.4.0 build 160530"),
        ("hikvision", "V5.4.9 build 170101", "V5.10.0 build 160101"),  # numeric, not text
        ("dahua", "2.420.AC00.17.R,build:2019-07-12", "2.420.AC00.18.R.20200217"),
        ("dahua", "2.800.0000000.6.R.200314", "2.800.0000000.6.R,build:2020-06-05"),
        ("reolink", "v3.0.0.136_20121102", "v3.0.0.183_21012800"),
        ("axis", "9.80.3", "11.11.140"),
        ("axis", "11.11.140", "12.3.33"),
        ("hanwha", "1.10_170101", "1.16_171212"),
        ("hanwha", "1.41.01_20200318_R342", "2.21.01_20220517_R276"),
        ("milesight", "61.8.0.3-r8", "61.8.0.5-r2"),
        ("milesight", "51.7.0.77-r12", "51.7.0.77-r13"),
    ],
)
def test_versions_order(scheme: str, older: str, newer: str) -> None:
    old, new = parse(scheme, older), parse(scheme, newer)
    assert old is not None
    assert new is not None
    assert compare(old, new) == -1
    assert compare(new, old) == 1
    assert compare(old, old) == 0


def test_dahua_lines_do_not_compare() -> None:
    a = parse("dahua", "2.420.AC00.17.R,build:2019-07-12")
    b = parse("dahua", "2.800.0000000.6.R,build:2020-06-05")
    assert a is not None
    assert b is not None
    assert compare(a, b) is None


# Dahua's advisory 768 (CVE-2024-39944 to CVE-2024-39950): NVR4XXX, some also IPC-HX8XXX.
_ADVISORY_768 = [f"CVE-2024-399{n}" for n in range(44, 51)]


def _cves(vendor: str, model: str, firmware: str) -> list[str] | None:
    found = lookup(vendor, model, firmware).advisories
    return None if found is None else [a.cve for a in found]


def test_hikvision_cve_2017_7921_range() -> None:
    def has_7921(model: str, firmware: str) -> bool:
        return "CVE-2017-7921" in (_cves("hikvision", model, firmware) or [])

    assert has_7921("DS-2CD2142FWD-I", "V5.4.0 build 160530")
    assert has_7921("DS-2CD2142FWD-I", "V5.4.4 build 161125")
    assert not has_7921("DS-2CD2142FWD-I", "V5.4.5 build 170123")
    assert not has_7921("DS-2CD2142FWD-I", "V5.3.0 build 150101")
    # Same version, another series whose range ends earlier.
    assert has_7921("DS-2CD2032F-I", "V5.4.0 build 160530")
    assert not has_7921("DS-2CD2030F-I", "V5.4.0 build 160530")
    advisory = lookup("hikvision", "DS-2CD2142FWD-I", "V5.4.0 build 160530").advisories
    assert advisory is not None
    first = advisory[0]
    assert (first.cve, first.kev, first.kev_date_added) == ("CVE-2017-7921", True, "2026-03-05")
    assert "CVE-2017-7921" in first.source


def test_hikvision_cve_2021_36260_build_date() -> None:
    # A model HSRC-202109-01 names (NVD lists "DS-2CD2143G2-I(S)"): V5.4 on, built before 210628.
    assert _cves("hikvision", "DS-2CD2143G2-I", "V5.5.0 build 200725") == ["CVE-2021-36260"]
    assert _cves("hikvision", "DS-2CD2143G2-I", "V5.5.800 build 210628") == []
    assert _cves("hikvision", "DS-2CD2143G2-I", "V5.3.0 build 150101") == []
    # No build date: cannot be told, never "no vulnerabilities".
    assert _cves("hikvision", "DS-2CD2143G2-I", "V5.5.0") is None
    verdict = lookup("hikvision", "DS-2CD2143G2-I", "V5.5.0 build 200725")
    assert verdict.firmware_up_to_date is False
    assert "a newer release exists (built on or after 2021-06-28" in verdict.up_to_date_evidence


@pytest.mark.parametrize(
    "model",
    [
        "DS-2CD2143G2-IS",  # "I(S)": -I and -IS
        "DS-2CD3123G2-ISU",  # "I(S)U": -IU and -ISU
        "DS-2CD2026G2-IU/SL",
        "DS-2CD2026G2-IU-SL",  # "/" reported as "-" (the download centre writes both)
        "DS-2DF8225IX-AEL(T5)",  # a PTZ's "(T5)" is part of the name it reports
        "DS-2XE6242F-IS/316L(B)",
        "PTZ-N2204I-DE3",
        "DS-2TD1217B-3/PA",
    ],
)
def test_hikvision_cve_2021_36260_named_models(model: str) -> None:
    assert _cves("hikvision", model, "V5.5.113 build 210317") == ["CVE-2021-36260"]


@pytest.mark.parametrize(
    ("model", "firmware"),
    [
        # Not in Hikvision's table: the researcher names firmware types ("not all firmware
        # types are affected"), not models, and a camera does not report its type.
        ("DS-2CD2143G0-I", "V5.5.61 build 180718"),
        ("DS-2CD2342WD-I", "V5.5.82 build 190909"),
        ("DS-2DE4425IW-DE", "V5.6.18 build 210428"),  # NVD's list names no DS-2DE
        ("DS-2DF7286-A", "V5.5.0 build 170101"),  # past CVE-2017-7921's DS-2DFx range
        ("DS-2DF8225IX-AEL", "V5.5.113 build 210317"),  # the table writes "(T3)"/"(T5)"
    ],
)
def test_hikvision_cve_2021_36260_unnamed_models_are_not_told(model: str, firmware: str) -> None:
    verdict = lookup("hikvision", model, firmware)
    assert verdict.known_model
    assert verdict.advisories is None
    assert "without naming which" in verdict.vulnerabilities_evidence


def test_hikvision_cve_2021_36260_unnamed_models_outside_the_window() -> None:
    # Built on or after the fix date, or older than V5.4: the window's silence is its own.
    assert _cves("hikvision", "DS-2CD2143G0-I", "V5.5.800 build 210628") == []
    assert _cves("hikvision", "DS-2CD2143G0-I", "V5.3.0 build 150101") == []


def _has_36260(model: str, firmware: str) -> bool:
    found = _cves("hikvision", model, firmware)
    assert found is not None
    return "CVE-2021-36260" in found


@pytest.mark.parametrize(
    ("model", "start", "end"),
    [
        # NVD: "versionStartIncluding": "4.30.210", "versionEndIncluding": "4.31.000".
        ("DS-7616NI-Q2/16P", ("V4.30.209", "V4.30.210"), ("V4.31.000", "V4.31.001")),
        ("DS-7604NI-Q1", ("V4.30.209", "V4.30.210"), ("V4.31.000", "V4.31.001")),
        ("DS-7608NI-K1/8P/4G", ("V4.30.209", "V4.30.210"), ("V4.31.000", "V4.31.001")),
        ("DS-7616NI-K1", ("V4.30.209", "V4.30.210"), ("V4.31.000", "V4.31.001")),
        # NVD: "versionStartIncluding": "4.30.300", "versionEndIncluding": "4.31.100".
        ("DS-7104NI-Q1/4P/M", ("V4.30.299", "V4.30.300"), ("V4.31.100", "V4.31.101")),
        ("DS-7108NI-Q1-8P", ("V4.30.299", "V4.30.300"), ("V4.31.100", "V4.31.101")),
    ],
)
def test_hikvision_cve_2021_36260_recorders_both_bounds_inclusive(
    model: str, start: tuple[str, str], end: tuple[str, str]
) -> None:
    below, first = start
    last, above = end
    assert not _has_36260(model, f"{below} build 210101")
    assert _has_36260(model, f"{first} build 210101")
    # The build does not move a version bound NVD gives without one.
    assert _has_36260(model, f"{last} build 211231")
    assert not _has_36260(model, f"{above} build 210101")
    verdict = lookup("hikvision", model, f"{first} build 210101")
    assert verdict.advisories is not None
    named = next(a for a in verdict.advisories if a.cve == "CVE-2021-36260")
    assert (named.kev, named.kev_date_added, named.fixed_in) == (True, "2022-01-10", None)


def test_hikvision_cve_2021_36260_recorder_ranges_are_not_crossed() -> None:
    # V4.30.210 is in the DS-76xx range but below the DS-71xx one (from V4.30.300), and
    # V4.31.100 in the DS-71xx range but above the DS-76xx one (to V4.31.000).
    assert _has_36260("DS-7608NI-Q2", "V4.30.210 build 210101")
    assert not _has_36260("DS-7108NI-Q1", "V4.30.210 build 210101")
    assert _has_36260("DS-7108NI-Q1", "V4.31.100 build 210101")
    assert not _has_36260("DS-7608NI-Q2", "V4.31.100 build 210101")


@pytest.mark.parametrize(
    "model",
    [
        "DS-7604NI-Q1/4P(D)",  # a hardware revision NVD does not name
        "DS-7616NI-Q2/16P(E)",
        "DS-7616NI-K1/4K",  # NVD names DS-7616NI-K1 only
        "DS-7608NI-K1/8P",  # NVD gives it no version ("_firmware:-"): no range to source
        "DS-7604NI-K1",
        "DS-7616NI-Q3",
        "DS-7616NI-K2",
    ],
)
def test_hikvision_cve_2021_36260_unnamed_recorders(model: str) -> None:
    # Some of these match no family at all (advisories None): never this CVE either way.
    assert "CVE-2021-36260" not in (_cves("hikvision", model, "V4.30.210 build 210101") or [])


def test_hikvision_cve_2021_36260_real_q2_below_the_range() -> None:
    # tests/fixtures/real/hikvision/DS-7616NI-Q2: V4.30.097 (built 2024) is below V4.30.210.
    assert not _has_36260("DS-7616NI-Q2/16P", "V4.30.097 build 240401")


def test_an_unconfirmed_cve_does_not_hide_a_named_one() -> None:
    # CVE-2017-7921 names the DS-2CD2xx2FWD series on this build; CVE-2021-36260 may or may
    # not concern the model: the check fails on the named CVEs.
    assert _cves("hikvision", "DS-2CD2142FWD-I", "V5.4.0 build 160530") == [
        "CVE-2017-7921",
        "CVE-2017-7923",
    ]


def test_hikvision_cve_2017_7923_has_the_ranges_of_7921() -> None:
    # ICSA-17-124-01's second CVE: its record's description names the same series and ranges.
    assert _cves("hikvision", "DS-2CD2142FWD-I", "V5.4.4 build 161125") == [
        "CVE-2017-7921",
        "CVE-2017-7923",
    ]
    # Outside the DS-2CD2xx0F-I range (it ends at V5.4.0 build 160401); CVE-2021-36260 does
    # not name the model, so nothing is told.
    assert _cves("hikvision", "DS-2CD2030F-I", "V5.4.0 build 160530") is None
    assert _cves("hikvision", "DS-2CD6332FWD-I", "V5.3.5 build 160106") == [
        "CVE-2017-7921",
        "CVE-2017-7923",
    ]


def test_hikvision_cve_2017_7921_fix_is_a_newer_release() -> None:
    # Hikvision: "on March 13, 2017 Hikvision released the fixed firmware version 5.4.41/5.4.71".
    verdict = lookup("hikvision", "DS-2CD2532F-IWS", "V5.2.0 build 140721")
    assert verdict.firmware_up_to_date is False
    assert "fixed firmware 5.4.41/5.4.71" in verdict.up_to_date_evidence


def test_hikvision_cve_2018_6414_ptz_w_series() -> None:
    # "DS-2DE4xxxW,DS-2DE5xxxW,DS-2DE7xxxW", "V5.5.6 build180408 and previous versions".
    assert "CVE-2018-6414" in (_cves("hikvision", "DS-2DE4225W-DE", "V5.5.6 build 180408") or [])
    assert "CVE-2018-6414" in (_cves("hikvision", "DS-2DE5232W-AE", "V5.4.1 build 160525") or [])
    assert "CVE-2018-6414" not in (
        _cves("hikvision", "DS-2DE4225W-DE", "V5.5.6 build 180409") or []
    )
    assert "CVE-2018-6414" not in (_cves("hikvision", "DS-2DE4225W-DE", "V5.5.7") or [])
    # Not the series the record writes: an I before the W, or a DS-2DE2 model.
    assert "CVE-2018-6414" not in (
        _cves("hikvision", "DS-2DE4225IW-DE", "V5.5.6 build 180408") or []
    )
    assert "CVE-2018-6414" not in (
        _cves("hikvision", "DS-2DE2A204W-DE3", "V5.5.6 build 180408") or []
    )


def test_hikvision_nvr_records_of_2024() -> None:
    # CVE-2024-29947 and 29949 on the DS-7604NI-K1/4P(B): V4.30.096 build221220 and prior.
    k1b = ["CVE-2024-29947", "CVE-2024-29949"]
    assert _cves("hikvision", "DS-7604NI-K1/4P(B)", "V4.30.096 build 221220") == k1b
    assert _cves("hikvision", "DS-7604NI-K1-4P(B)", "V4.22.005 build 200101") == k1b
    assert _cves("hikvision", "DS-7604NI-K1/4P(B)", "V4.30.096 build 230101") == []
    # Another model of the series, not named: the other K1 variants.
    assert _cves("hikvision", "DS-7604NI-K1/4P/4K", "V4.30.096 build 221220") == []
    # CVE-2024-29948: DS-7604NXI-K1/4P, V4.76.005 build231012 and prior; not its (B) revision.
    assert _cves("hikvision", "DS-7604NXI-K1/4P", "V4.76.005 build 231012") == [
        "CVE-2024-29948",
        "CVE-2025-66177",
    ]
    assert "CVE-2024-29948" not in (
        _cves("hikvision", "DS-7604NXI-K1/4P", "V4.76.010 build 240101") or []
    )
    assert "CVE-2024-29948" not in (
        _cves("hikvision", "DS-7604NXI-K1/4P(B)", "V4.76.005 build 231012") or []
    )

    # The DS-7604NI-M1/4P has its own fix for CVE-2024-29949, V5.01.070.
    verdict = lookup("hikvision", "DS-7604NI-M1/4P", "V5.01.060 build 230601")
    assert verdict.firmware_up_to_date is False
    assert [a.fixed_in for a in verdict.advisories or () if a.cve == "CVE-2024-29949"] == [
        "V5.01.070"
    ]


_NVR_29949 = "CVE-2024-29949"  # V5.00.000 up to (not including) V5.02.006
_NVR_28811 = "CVE-2023-28811"  # V4.1.60 or later built before 230821, named revisions
_NVR_66177 = "CVE-2025-66177"  # build date before 250807, the series its record names


@pytest.mark.parametrize(
    ("cve", "model", "firmware", "expected"),
    [
        (_NVR_29949, "DS-7608NI-M2/8P", "V5.00.000 build 230301", True),
        (_NVR_29949, "DS-7732NI-M4", "V5.02.005 build 240101", True),
        (_NVR_29949, "DS-96128NI-M16/R", "V5.01.000 build 230601", True),
        (_NVR_29949, "DS-7616NXI-I2/16P/S(C)", "V5.01.000 build 230601", True),
        (_NVR_29949, "DS-8664NXI-I8/S", "V5.01.000 build 230601", True),
        (_NVR_29949, "DS-7732NI-M4", "V5.02.006 build 240601", False),
        (_NVR_29949, "DS-7732NI-M4", "V4.74.100 build 221101", False),
        # Two digits where the record writes three (DS-96xxxNI-Mxx): not named.
        (_NVR_29949, "DS-9632NI-M8", "V5.01.000 build 230601", False),
        (_NVR_29949, "DS-7604NI-M1/4P", "V5.01.060 build 230601", True),
        (_NVR_29949, "DS-7604NI-M1/4P", "V5.01.070 build 231001", False),
        (_NVR_28811, "DS-7604NI-Q1/4P(C)", "V4.61.010 build 230301", True),
        (_NVR_28811, "DS-7108NI-Q1/8P/M(D)", "V4.1.60 build 221001", True),
        (_NVR_28811, "DS-7716NI-I4/16P(B)", "V4.61.010 build 230301", True),
        (_NVR_28811, "NVR-104MH-C/4P(D)", "V4.61.010 build 230301", True),
        (_NVR_28811, "DS-7604NI-Q1/4P(C)", "V4.61.010 build 230821", False),
        (_NVR_28811, "DS-7604NI-Q1/4P(C)", "V4.1.50 build 230301", False),
        # Revisions the record does not name, and models without the revision.
        (_NVR_28811, "DS-7604NI-Q1/4P(D)", "V4.61.010 build 230301", False),
        (_NVR_28811, "DS-7716NI-I4/16P", "V4.61.010 build 230301", False),
        (_NVR_28811, "DS-7104HGHI-M1(C)", "V4.61.010 build 230301", False),
        # No build date: cannot be told.
        (_NVR_28811, "DS-7604NI-Q1/4P(C)", "V4.61.010", None),
        # CVE-2025-66177 names iDS recorders with their suffix ("iDS-72xxHUHI-Mx/XT",
        # "iDS-72xxHUHI-M1/E", "iDS-76xxNXI-Mx/X"), build date before 250807.
        (_NVR_66177, "iDS-7208HUHI-M2/XT", "V4.71.111 build 240101", True),
        (_NVR_66177, "iDS-7208HUHI-M1/E(C)", "V4.71.111 build 240101", True),
        (_NVR_66177, "iDS-7608NXI-M2/8P/X", "V4.71.111 build 240101", True),
        (_NVR_66177, "iDS-7608NXI-M2/X", "V4.71.111 build 250807", False),
        # Suffixes the record does not write for that series: not named.
        (_NVR_66177, "iDS-7208HUHI-M2/S", "V4.71.111 build 240101", False),
        (_NVR_66177, "iDS-7204HTHI-M1/S", "V4.71.111 build 240101", False),
        # (iDS-67xxNXI-Mx is named only as /X and /AI; the centre's /AF is no catalogued model.)
        (_NVR_66177, "iDS-6716NXI-M1/AF", "V4.71.111 build 240101", None),
        (_NVR_66177, "iDS-9632NXI-I8/S", "V4.71.111 build 240101", False),
        (_NVR_66177, "iDS-96128NXI-I16", "V4.71.111 build 240101", False),
    ],
)
def test_hikvision_nvr_ranges(cve: str, model: str, firmware: str, expected: bool | None) -> None:
    found = _cves("hikvision", model, firmware)
    assert (None if found is None else cve in found) is expected


def test_hikvision_nvr_and_latest_release_from_download_centre() -> None:
    assert _cves("hikvision", "DS-7608NI-Q1", "V4.30.085 build 200916") == ["CVE-2025-66177"]
    current = lookup("hikvision", "DS-7608NI-M2", "V5.04.087 build 260727")
    assert (current.firmware_up_to_date, current.latest_firmware) == (True, "5.04.087")
    assert current.advisories == ()
    assert "hikvision-fw-archive" in current.up_to_date_evidence
    assert "newer than any release listed" not in current.up_to_date_evidence
    older = lookup("hikvision", "DS-2CD2043G2-IU", "V5.5.800 build 210628")
    assert (older.firmware_up_to_date, older.latest_firmware) == (False, "5.7.23")
    # A camera ahead of its download page on the same line: "up to date" only as
    # "nothing newer known", and the evidence says the source lags.
    ahead = lookup("hikvision", "DS-2CD2043G2-IU", "V5.7.30 build 261001")
    assert (ahead.firmware_up_to_date, ahead.latest_firmware) == (True, "5.7.23")
    assert ahead.up_to_date_evidence.endswith("newer than any release listed there")
    # Ahead, but on another line (hikvision_next's DS-2CD2T46G2-ISU/SL on 5.7.18; the
    # centre lists only the G0 platform's 5.5.820 for it): the source does not describe
    # this hardware, so "up to date" stays unknown and the evidence says why.
    other = lookup("hikvision", "DS-2CD2T46G2-ISU/SL", "V5.7.18 build 240826")
    assert (other.firmware_up_to_date, other.latest_firmware) == (None, "5.5.820")
    assert "is of another release line" in other.up_to_date_evidence
    assert other.advisories == ()


def test_hikvision_door_stations_by_hardware_revision() -> None:
    """A door station's "(C)" names its hardware revision: each revision has its own release.

    The download centre lists V3.7.0 for DS-KV8213-WME1(C), V2.2.53 for its (B) and V2.1.35
    for the original DS-KV8213-WME1; a device reports its revision as written (the
    DS-KV8213-WME1-C capture).
    """
    revision_c = lookup("hikvision", "DS-KV8213-WME1(C)", "V2.2.77 build 240515")
    assert (revision_c.known_model, revision_c.firmware_up_to_date) == (True, False)
    # Three files list revision C, each on an unknown platform: 3.7.0 is a lower bound.
    assert "a newer release exists (3.7.0, " in revision_c.up_to_date_evidence
    assert revision_c.advisories == ()
    # The original hardware's newest listed release is only a bound: a record of revision C
    # named the plain model too, maybe as Hikvision's own listing (build.py).
    original = lookup("hikvision", "DS-KV8213-WME1", "V2.1.35 build 210420")
    assert (original.firmware_up_to_date, original.latest_firmware) == (None, None)
    assert lookup("hikvision", "DS-KV8213-WME1", "V2.1.30").firmware_up_to_date is False
    # Revision C's firmware on the plain name: the plain model's own source says nothing of it.
    assert lookup("hikvision", "DS-KV8213-WME1", "V3.7.0").firmware_up_to_date is None
    revision_b = lookup("hikvision", "DS-KV8213-WME1(B)", "V2.2.3 build 200805")
    assert revision_b.firmware_up_to_date is False
    assert "a newer release exists (2.2.53, " in revision_b.up_to_date_evidence
    # The "(C)" is not optional text: no name without its brackets is the revision.
    assert lookup("hikvision", "DS-KV8213-WME1C", "V2.2.77").known_model is False
    # A video doorbell; no indoor monitor (DS-KH), access-control terminal (DS-K1T) or
    # door-station keypad module (DS-KD-KP), though the archive lists all three.
    doorbell = lookup("hikvision", "DS-KB8113-IME1(B)", "V2.2.60 build 231204")
    assert (doorbell.firmware_up_to_date, doorbell.latest_firmware) == (True, "2.2.60")
    for model in ("DS-KH6320-WTE1", "DS-K1T341AMF", "DS-KD-KP"):
        assert lookup("hikvision", model, "V2.2.60").known_model is False


def test_amcrest_cve_2020_5735_first_fixed_per_line() -> None:
    # CVE-2020-5736 (same Tenable report) lists the same first fixed build per line.
    both = ["CVE-2020-5735", "CVE-2020-5736"]
    assert _cves("dahua", "IP2M-841B", "2.420.AC00.17.R,build:2019-07-12") == both
    assert _cves("amcrest", "IP2M-841B", "2.420.AC00.18.R,build:2020-02-17") == []
    assert _cves("dahua", "IP2M-841B", "2.800.0000000.6.R,build:2020-03-13") == both
    assert _cves("dahua", "IP2M-841B", "2.800.0000000.6.R,build:2020-06-05") == []
    # Amcrest's other camera names (letters before the number, four digits) are cameras too.
    assert _cves("amcrest", "IP5M-T1179EW", "2.800.0000000.6.R,build:2020-03-13") == both
    assert _cves("amcrest", "IP8M-2496EB", "2.800.0000000.6.R,build:2020-06-05") == []
    # Not an Amcrest camera name: not in the catalog at all.
    assert _cves("amcrest", "AD110", "2.800.0000000.6.R,build:2020-03-13") is None


def test_amcrest_revision_rebuilt_under_one_version_needs_its_build_date() -> None:
    # 2.420.AC00.18.R ran built 2019-07-29 on a real IP2M-841 (identities.tsv) and is, built
    # 2020-02-17, CVE-2020-5735's first fixed build: the revision alone is either of them.
    assert _cves("amcrest", "IP2M-841", "V2.420.AC00.18.R, Build Date: 2019-07-29") == [
        "CVE-2020-5735",
        "CVE-2020-5736",
    ]
    undated = lookup("amcrest", "IP2M-841", "V2.420.AC00.18.R")
    assert undated.advisories is None  # was "no catalogued advisory affects this firmware"
    assert undated.firmware_up_to_date is None
    assert "cannot be told" in undated.vulnerabilities_evidence
    # Lorex: the same for the records' fixed build 2.800.0000000.8.R of 2024-11-11.
    assert _cves("lorex", "W461ASC-E", "2.800.0000000.8.R") is None
    # A revision other than the bound's needs no date.
    assert _cves("amcrest", "IP2M-841", "V2.420.AC00.19.R") == []
    assert _cves("amcrest", "IP2M-841", "V2.420.AC00.17.R") == ["CVE-2020-5735", "CVE-2020-5736"]


@pytest.mark.parametrize(
    ("vendor", "model", "firmware"),
    [
        # CVE-2020-5735/5736: "Amcrest cameras and NVR are vulnerable", "before" the first fixed
        # build of six lines; real cameras on lines they do not list (identities.tsv).
        ("amcrest", "IP4M-1051", "V2.620.00AC000.3.R, Build Date: 2019-08-03"),
        ("amcrest", "IP2M-844E", "2.520.0000.0.R, build : 2016-08-15"),
        ("amcrest", "IP5M-1190EW", "V2.810.00AC004.0.R, Build Date: 2023-09-04"),
        # CVE-2024-52544..52548: every version before 2.800.0000000.8.R.20241111; the records'
        # line and the researched camera's 030000000 line are the two the catalog can order.
        ("lorex", "W461ASC", "2.800.020000000.5.R"),
    ],
)
def test_firmware_on_a_line_the_records_do_not_list_is_not_passed(
    vendor: str, model: str, firmware: str
) -> None:
    verdict = lookup(vendor, model, firmware)
    assert verdict.known_model is True
    assert (verdict.advisories, verdict.firmware_up_to_date) == (None, None)


def test_advisories_that_affect_stand_beside_ones_not_told() -> None:
    # A real IP2M-841 on CVE-2020-7222's build: that record affects it; CVE-2020-5735/5736
    # do not list its 2.520.AC00 line, so they are named as not told.
    verdict = lookup("amcrest", "IP2M-841", "2.520.AC00.18.R, Build Date: 2017-06-29")
    assert [a.cve for a in verdict.advisories or ()] == ["CVE-2020-7222"]
    assert verdict.untold == ("CVE-2020-5735", "CVE-2020-5736")
    evidence = verdict.vulnerabilities_evidence
    assert "not told for this firmware: CVE-2020-5735, CVE-2020-5736" in evidence
    # Nothing untold: the evidence names none.
    told = lookup("amcrest", "IP2M-841", "V2.420.AC00.18.R, Build Date: 2019-07-29")
    assert told.untold == ()
    assert "not told" not in told.vulnerabilities_evidence


def test_dahua_build_date_advisory_needs_a_build_date() -> None:
    # CVE-2021-33044: cameras built before June 2021; CVE-2021-33045: before May 2020.
    assert _cves("dahua", "IPC-HDW3441T-ZAS", "2.800.0000000.6.R,build:2021-01-05") == [
        "CVE-2021-33044"
    ]
    assert _cves("dahua", "IPC-HDW3441T-ZAS", "2.800.0000000.6.R,build:2020-03-05") == [
        "CVE-2021-33044",
        "CVE-2021-33045",
    ]
    assert _cves("dahua", "IPC-HDW3441T-ZAS", "2.800.0000000.9.R,build:2021-07-01") == []
    # No build date: cannot be told, so unknown (never "no vulnerabilities").
    assert _cves("dahua", "IPC-HDW3441T-ZAS", "2.800.0000000.6.R") is None


@pytest.mark.parametrize(
    ("firmware", "cves"),
    [
        # CVE-2022-30564 (Dahua PSIRT): NVR2XXX-I built 2018-04-29 to 2021-05-12, both days
        # included; CVE-2021-33045 names NVR2 recorders built before December 2019.
        ("4.001.0000000.1.R,build:2018-04-28", ["CVE-2021-33045"]),
        ("4.001.0000000.1.R,build:2018-04-29", ["CVE-2021-33045", "CVE-2022-30564"]),
        ("4.001.0000000.1.R,build:2021-05-12", ["CVE-2022-30564"]),
        ("4.001.0000000.1.R,build:2021-05-13", []),
        ("4.001.0000000.1.R", None),  # no build date: cannot be told
    ],
)
def test_dahua_build_time_window(firmware: str, cves: list[str] | None) -> None:
    assert _cves("dahua", "NVR2104HS-P-I", firmware) == cves
    verdict = lookup("dahua", "NVR2104HS-P-I", firmware)
    if cves and cves[-1] == "CVE-2022-30564":
        # Inside the window, the fix is the first build after it.
        assert verdict.firmware_up_to_date is False
        assert verdict.fixed_release is not None
        assert verdict.fixed_release.startswith("built on or after")


@pytest.mark.parametrize(
    ("model", "firmware", "cves"),
    [
        # CVE-2021-33046 gives these groups "Buildtime between 2017/7 ~ 2021/7" (HCVR: 2017/1):
        # both named months included.
        ("VTO2101E-P", "4.300.0000001.0.R,build:2017-06-30", []),
        ("VTO2101E-P", "4.300.0000001.0.R,build:2017-07-01", ["CVE-2021-33046"]),
        ("DHI-VTO3221E-P", "4.300.0000001.0.R,build:2021-07-31", ["CVE-2021-33046"]),
        ("DHI-VTO3221E-P", "4.300.0000001.0.R,build:2021-08-01", []),
        ("HCVR7108H-4M", "3.210.0000001.0.R,build:2017-01-01", ["CVE-2021-33046"]),
    ],
)
def test_dahua_password_reset_windows(model: str, firmware: str, cves: list[str]) -> None:
    assert _cves("dahua", model, firmware) == cves


@pytest.mark.parametrize(
    ("model", "firmware", "cves"),
    [
        # CVE-2019-3948 (Tenable) names single versions: exactly those are affected.
        # Without a build date, whether it is CVE-2020-7222's build (2.520.AC00.18.R of
        # 2017-06-29) cannot be told; CVE-2019-3948 names the version alone, so it stands.
        ("IP2M-841B", "V2.520.AC00.18.R", ["CVE-2019-3948"]),
        ("IP2M-841B", "2.520.AC00.18.R,build:2019-01-09", ["CVE-2019-3948"]),
        # 2.520.AC00 is a line CVE-2020-5735/5736 do not list: not told, never a pass.
        ("IP2M-841B", "2.520.AC00.19.R,build:2019-09-01", None),
        # SD6 PTZ are also under CVE-2017-9315's build window (2015/07 to 2017/03).
        ("DH-SD6C225I-HC", "2.623.0000000.1.R,build:2018-01-10", ["CVE-2019-3948"]),
        ("DH-SD6C225I-HC", "2.640.0000000.2.R,build:2018-05-02", ["CVE-2019-3948"]),
        ("DH-SD6C225I-HC", "2.640.0000000.3.R,build:2018-09-01", []),
        # No build date: CVE-2017-9315's window cannot be told, but CVE-2019-3948's version
        # alone affects the camera, so the fail stands on it.
        ("DH-SD6C225I-HC", "V2.640.0000000.2.R", ["CVE-2019-3948"]),
        ("DH-SD6C225I-HC", "V2.640.0000000.3.R", None),
        # NVR5xxx also has build-date ranges (CVE-2020-9499: before 2019-12-01).
        ("NVR5216-4KS2", "V3.216.0000006.0.R,build:2019-12-10", ["CVE-2019-3948"]),
        ("NVR5216-4KS2", "V3.216.0000006.0.R", ["CVE-2019-3948"]),
        ("NVR5216-4KS2", "V3.216.0000007.0.R", None),
    ],
)
def test_dahua_versions_named_by_cve_2019_3948(
    model: str, firmware: str, cves: list[str] | None
) -> None:
    assert _cves("dahua", model, firmware) == cves


_IPM_721S_2016 = ["CVE-2017-8226", "CVE-2017-8227", "CVE-2017-8229", "CVE-2017-8230"]


@pytest.mark.parametrize(
    ("model", "firmware", "cves"),
    [
        # CVE-2018-16546 and CVE-2020-7222 name the brand and one build each: Amcrest's IPxM
        # cameras on exactly that build are affected. The 2020 records list neither the
        # 2.420.AC01 nor the 2.520.AC00 line, so other builds there are not told, never passed.
        ("IP2M-841B", "2.420.AC01.3.R,build:2018-02-06", ["CVE-2018-16546"]),
        ("IP3M-941W", "V2.420.AC01.3.R.20180206", ["CVE-2018-16546"]),
        ("IP2M-841B", "2.420.AC01.3.R,build:2018-02-07", None),
        ("IP2M-841B", "2.420.AC01.4.R,build:2018-02-06", None),
        ("IP2M-841W", "2.520.AC00.18.R,build:2017-06-29", ["CVE-2020-7222"]),
        ("IP2M-841W", "2.520.AC00.18.R,build:2017-06-30", None),
        # The named revision without its build date may be another build of it.
        ("IP2M-853EW", "V2.420.AC01.3.R", None),
        ("IP3M-941B", "2.520.AC00.18.R", None),
        # Models outside Amcrest's IPxM naming (a camera, an Amcrest NVR) are not matched.
        ("IPM-721S", "2.420.AC01.3.R,build:2018-02-06", []),
        ("NV4108E-HS", "2.520.AC00.18.R,build:2017-06-29", None),
    ],
)
def test_amcrest_builds_named_by_brand_wide_records(
    model: str, firmware: str, cves: list[str] | None
) -> None:
    assert _cves("amcrest", model, firmware) == cves


@pytest.mark.parametrize(
    ("model", "firmware", "cves"),
    [
        # CVE-2017-8226/8227/8229/8230 name the IPM-721S on V2.420.AC00.16.R of 2016-09-09, as
        # the camera's one-line answer would say it; CVE-2017-13719 names V2.420.AC00.17.R of
        # 2017-03-22. Exactly those builds are affected.
        ("IPM-721S", "2.420.AC00.16.R,build:2016-09-09", _IPM_721S_2016),
        ("Amcrest IPM-721S", "V2.420.AC00.16.R.20160909", _IPM_721S_2016),
        ("IPM-721S", "2.420.AC00.16.R,build:2016-09-10", []),
        ("IPM-721S", "2.420.AC00.17.R,build:2017-03-22", ["CVE-2017-13719"]),
        ("IPM-721S", "2.420.AC00.17.R,build:2017-03-23", []),
        ("IPM-721S", "2.420.AC00.18.R,build:2017-03-22", []),
        # Without a build date the revision may be another build of it: not told.
        ("IPM-721S", "2.420.AC00.17.R", None),
        # Models the records do not name get none of them, even on the same build.
        ("IPM-721B", "2.420.AC00.16.R,build:2016-09-09", None),
    ],
)
def test_amcrest_ipm_721s_builds_named_by_the_synopsys_records(
    model: str, firmware: str, cves: list[str] | None
) -> None:
    assert _cves("amcrest", model, firmware) == cves
    # The records name no fixed build: no release to name, in the range or out of it.
    assert lookup("amcrest", model, firmware).fixed_release is None


@pytest.mark.parametrize(
    ("model", "firmware", "cves"),
    [
        # A real NVR's answers (tests/fixtures/real: NVR2X-4KS3, built 2020-11-17).
        # CVE-2025-31703 names the NVR2-4KS3 line built before 2026-03-03.
        ("NVR2X-4KS3", "4.001.0000005.0,build:2020-11-17", ["CVE-2025-31703"]),
        ("NVR2X-4KS3", "4.001.0000005.0,build:2019-06-03", ["CVE-2021-33045", "CVE-2025-31703"]),
        # Also inside CVE-2022-30564's XVR build window (2019-06-15 to 2021-10-24).
        (
            "DH-XVR5108C-X",
            "4.001.0000000.3.R,build:2019-10-10",
            ["CVE-2021-33045", "CVE-2022-30564"],
        ),
        ("NVR5216-16P-4KS2", "4.001.0000000.3.R,build:2020-01-10", []),
        # NVR4xxx is not named by CVE-2021-33045 but by CVE-2020-9499 and the records listing
        # the same products (CVE-2019-9682, CVE-2020-9500, CVE-2020-9502); DHI-: Dahua's prefix;
        # and by advisory 768's seven records (built before 2023-12-13 to 2024-02-02).
        (
            "DHI-NVR4108HS-8P-4KS2",
            "4.000.0000000.1.R,build:2019-09-01",
            ["CVE-2019-9682", "CVE-2020-9499", "CVE-2020-9500", "CVE-2020-9502", *_ADVISORY_768],
        ),
        ("DHI-NVR4108HS-8P-4KS2", "4.000.0000000.1.R,build:2020-09-01", _ADVISORY_768),
        # After CVE-2024-39950's fixed build (2024-01-22), before CVE-2024-39944's.
        ("DHI-NVR4108HS-8P-4KS2", "4.001.0000000.1,build:2024-01-25", ["CVE-2024-39944"]),
        ("DHI-NVR4108HS-8P-4KS2", "4.000.0000000.1.R,build:2024-03-01", []),
    ],
)
def test_dahua_recorders_from_the_dahua_records(model: str, firmware: str, cves: list[str]) -> None:
    assert _cves("dahua", model, firmware) == cves
    verdict = lookup("dahua", model, firmware)
    # A build-date range below the fix means a newer release exists; out of range, no claim.
    assert verdict.firmware_up_to_date is (False if cves else None)
    advisories = verdict.advisories or ()
    assert all(a.kev == (a.cve == "CVE-2021-33045") for a in advisories)


@pytest.mark.parametrize(
    ("serial", "model"),
    [
        # Recorders without a model in deviceType report their firmware series in
        # updateSerial ("NVR2X-4KS3", a real NVR2: tests/fixtures/real/dahua/NVR2X-4KS3).
        # Every family naming that series applies, not only CVE-2021-33045's: before, an
        # "NVR5X-I" inside CVE-2022-30564's window passed on 33045's window alone.
        ("NVR5X-I", "NVR5216-8P-I"),
        ("NVR2X-I", "NVR2104HS-P-I"),
        ("NVR4X-I", "NVR4216-16P-I"),
        ("NVR4X-4KS2", "NVR4108HS-8P-4KS2"),
        ("NVR5X-4KS2", "NVR5216-16P-4KS2"),
        ("NVR2X-4KS3", "NVR2104HS-P-4KS3"),
    ],
)
@pytest.mark.parametrize(
    "firmware",
    [
        "4.001.0000000.1.R,build:2019-06-01",
        "4.001.0000000.1.R,build:2020-06-01",
        "V3.216.0000006.0.R,build:2020-06-01",
        "4.001.0000000.1.R,build:2024-06-01",
    ],
)
def test_dahua_recorder_update_serial_is_judged_as_its_series(
    serial: str, model: str, firmware: str
) -> None:
    assert _cves("dahua", serial, firmware) == _cves("dahua", model, firmware)


@pytest.mark.parametrize(
    ("model", "firmware", "cves"),
    [
        # CVE-2017-9315 (password recovery): the named series "Build between 2015/07 and
        # 2017/03", both months included.
        ("IPC-HDBW1320E", "2.420.0000.10.R,build:2015-06-30", []),
        ("IPC-HDBW1320E", "2.420.0000.10.R,build:2015-07-01", ["CVE-2017-9315"]),
        ("DH-IPC-HFW4431R-Z", "2.620.0000000.1.R,build:2017-03-31", ["CVE-2017-9315"]),
        ("DH-IPC-HFW4431R-Z", "2.620.0000002.0.R,build:2017-08-30", []),
        # Also in the windows of CVE-2021-33044 (HX5, SD22) and CVE-2021-33045 (HX5).
        (
            "IPC-HF5231E",
            "2.420.0000.10.R,build:2016-05-01",
            ["CVE-2017-9315", "CVE-2021-33044", "CVE-2021-33045"],
        ),
        ("IPC-EBW81200", "2.460.0000000.2.R,build:2016-05-01", ["CVE-2017-9315"]),
        ("PSD81602-A360", "2.460.0000000.2.R,build:2016-05-01", ["CVE-2017-9315"]),
        (
            "DH-SD22204T-GN",
            "2.400.0000000.3.R,build:2016-05-01",
            ["CVE-2017-9315", "CVE-2021-33044"],
        ),
        ("IPC-HDBW1320E", "2.420.0000.10.R", None),  # no build date: cannot be told
        # IPC-HDW8XXX is not named (advisory 768 names the HX8XXX series).
        (
            "IPC-HDW8341X-3D",
            "2.460.0000000.2.R,build:2016-05-01",
            ["CVE-2024-39944", "CVE-2024-39950"],
        ),
    ],
)
def test_dahua_password_recovery_window_of_cve_2017_9315(
    model: str, firmware: str, cves: list[str] | None
) -> None:
    assert _cves("dahua", model, firmware) == cves
    if cves == ["CVE-2017-9315"]:
        verdict = lookup("dahua", model, firmware)
        assert verdict.firmware_up_to_date is False
        assert verdict.fixed_release == "built on or after 2017-04-01, fixing CVE-2017-9315"


@pytest.mark.parametrize(
    ("model", "firmware", "cves"),
    [
        # CVE-2025-31703 (serial-port shell): NVR2-4KS3, XVR4232AN-I/T and XVR1B16H-I/T,
        # "Versions which Build time prior to 3rd March 2026".
        ("DHI-NVR2108HS-8P-4KS3", "4.001.0000000.1,build:2026-03-02", ["CVE-2025-31703"]),
        ("DHI-NVR2108HS-8P-4KS3", "4.001.0000000.1,build:2026-03-03", []),
        ("NVR2104HS-P-4KS3", "4.001.0000000.1.R,build:2025-06-01", ["CVE-2025-31703"]),
        ("XVR4232AN-I/T", "4.001.0000000.1.R,build:2025-01-01", ["CVE-2025-31703"]),
        ("XVR4232AN-I/T", "4.001.0000000.1.R,build:2026-04-01", []),
        # Older builds are also in CVE-2021-33045's XVR4 range (before December 2019).
        (
            "DH-XVR4232AN-I/T",
            "4.000.0000000.1.R,build:2019-06-01",
            ["CVE-2021-33045", "CVE-2025-31703"],
        ),
        ("XVR1B16H-I/T", "4.001.0000000.1.R,build:2026-03-02", ["CVE-2025-31703"]),
        ("XVR1B16H-I-T", "4.001.0000000.1.R,build:2026-03-03", []),
        # No build date: cannot be told.
        ("XVR1B16H-I/T", "4.001.0000000.1.R", None),
        # Other NVR2 generations and XVR1B models are not named (NVR2 4KS2: only earlier records).
        ("NVR2104HS-P-4KS2", "4.001.0000000.1,build:2025-06-01", []),
        ("XVR1B08H-I", "4.001.0000000.1.R,build:2025-06-01", None),
    ],
)
def test_dahua_recorders_of_cve_2025_31703(
    model: str, firmware: str, cves: list[str] | None
) -> None:
    assert _cves("dahua", model, firmware) == cves
    verdict = lookup("dahua", model, firmware)
    assert verdict.firmware_up_to_date is (False if cves else None)
    if cves == ["CVE-2025-31703"]:
        assert verdict.fixed_release == "built on or after 2026-03-03, fixing CVE-2025-31703"


@pytest.mark.parametrize(
    ("model", "firmware", "cves"),
    [
        # CVE-2019-9676: IPC-HFW1XXX/HDW1XXX/HFW2XXX built before 2018/11.
        ("IPC-HFW1230S", "2.622.0000000.7.R,build:2018-06-01", ["CVE-2019-9676"]),
        ("DH-IPC-HDW1230T1", "2.622.0000000.7.R,build:2018-10-31", ["CVE-2019-9676"]),
        ("IPC-HFW1230S", "2.622.0000000.7.R,build:2018-11-01", []),
        # IPC-HDBW1XXX is not named by CVE-2019-9676 (only by CVE-2017-9315, built earlier).
        ("IPC-HDBW1230E", "2.622.0000000.7.R,build:2018-06-01", []),
        # CVE-2022-30560..30563 share products and build date (DHCC-SA-202206-001).
        (
            "IPC-HDBW2431E-S",
            "2.800.0000000.6.R,build:2022-03-01",
            ["CVE-2022-30560", "CVE-2022-30561", "CVE-2022-30562", "CVE-2022-30563"],
        ),
        ("IPC-HDBW2431E-S", "2.800.0000000.6.R,build:2022-04-01", []),
        # A model named alone by CVE-2020-9502 (before December 2019), and by CVE-2019-9682.
        ("IPC-HFW1431S", "2.622.0000000.7.R,build:2019-11-30", ["CVE-2020-9502"]),
        ("IPC-HDBW1320E-W", "2.622.0000000.7.R,build:2019-11-30", ["CVE-2019-9682"]),
        ("IPC-HFW1431S", "2.622.0000000.7.R,build:2019-12-01", []),
    ],
)
def test_dahua_cameras_from_the_dahua_records(
    model: str, firmware: str, cves: list[str] | None
) -> None:
    # None: the model is in no catalogued family, so neither verdict can be given.
    assert _cves("dahua", model, firmware) == cves
    assert lookup("dahua", model, firmware).firmware_up_to_date is (False if cves else None)


def test_lorex_w461asc_e_first_fixed_build() -> None:
    # CVE-2024-52544..52548 (Rapid7) and CVE-2025-3132, CVE-2025-8389 (ZDI-25-730, ZDI-25-732):
    # all fixed in 2.800.0000000.8.R.20241111.
    lorex = [f"CVE-2024-5254{n}" for n in range(4, 9)] + ["CVE-2025-3132", "CVE-2025-8389"]
    old = "2.800.0000000.7.R,build:2024-06-20"
    assert _cves("lorex", "W461ASC-E", old) == lorex
    # Reached over ONVIF: the manufacturer names the family.
    assert [
        a.cve for a in lookup("onvif", "W461ASC-E", old, manufacturer="Lorex").advisories or ()
    ] == lorex
    assert _cves("lorex", "W461ASC-E", "2.800.0000000.8.R,build:2024-11-11") == []
    verdict = lookup("lorex", "W461ASC-E", old)
    assert verdict.firmware_up_to_date is False
    # A Lorex model no record names stays unknown.
    assert lookup("lorex", "LNB8005", old).known_model is False


def test_lorex_w461asc_as_the_researched_camera_reports_itself() -> None:
    # Rapid7's discovery script shows the camera it researched answering DeviceType
    # "W461ASC", Version "2.800.030000000.3.R" (a line of its own for the dahua scheme):
    # the five Rapid7 records carry that build; the ZDI advisories name no tested build.
    rapid7 = [f"CVE-2024-5254{n}" for n in range(4, 9)]
    researched = "2.800.030000000.3.R"
    assert _cves("dahua", "W461ASC", researched) == rapid7
    verdict = lookup("dahua", "W461ASC", researched, manufacturer="Lorex")
    assert verdict.known_model is True
    assert verdict.firmware_up_to_date is False
    assert verdict.fixed_release is not None
    assert verdict.fixed_release.startswith("2.800.0000000.8.R.20241111")
    # A later revision of that line is named by nothing read: not known, never a pass.
    later = lookup("dahua", "W461ASC", "2.800.030000000.4.R", manufacturer="Lorex")
    assert later.advisories is None
    # Earlier revisions of that line are affected too; the fixed build passes.
    assert _cves("dahua", "W461ASC", "2.800.030000000.2.R") == rapid7
    assert _cves("dahua", "W461ASC", "2.800.0000000.8.R,build:2024-11-11") == []
    # Only the W461ASC name and its -E suffix variants, not a longer model number.
    assert lookup("dahua", "W461ASCX", researched).known_model is False


def test_hikvision_cve_2025_45851_names_one_build_of_one_model() -> None:
    # The MITRE record: "Hikvision DS-2CD1321-I V5.7.21 build 230819", no fix in the record.
    named = "V5.7.21 build 230819"
    assert "CVE-2025-45851" in _cves("hikvision", "DS-2CD1321-I", named)
    # Another build of that version, or another model of the series, is not what it names.
    assert "CVE-2025-45851" not in _cves("hikvision", "DS-2CD1321-I", "V5.7.21 build 230820")
    assert "CVE-2025-45851" not in _cves("hikvision", "DS-2CD1321-I", "V5.7.20 build 230101")
    assert "CVE-2025-45851" not in _cves("hikvision", "DS-2CD1341-I", named)
    assert "CVE-2025-45851" not in _cves("hikvision", "DS-2CD1321-IW", named)


DCS_932L_RECORDS = ["CVE-2025-5571", "CVE-2025-5572", "CVE-2025-5573"]


def _dlink_cves(model: str, firmware: str) -> list[str] | None:
    found = lookup("onvif", model, firmware, manufacturer="D-Link").advisories
    return None if found is None else [a.cve for a in found]


@pytest.mark.parametrize(
    ("model", "firmware", "cves"),
    [
        # VulDB records naming one firmware, no fix: exactly it fails; later firmware is
        # untold, and older firmware too (versions_from), since a camera reporting D-Link's
        # "version" field alone ("2.18") must not pass as older than the named 2.18.01.
        ("DCS-932L", "2.18.01", DCS_932L_RECORDS),
        ("DCS-932L", "2.18.02", None),
        ("DCS-932L", "2.18", None),
        ("DCS-932L", "2.17.01", None),
        ("DCS-6010L", "1.15.03", ["CVE-2025-8155"]),
        ("DCS-6010L", "1.15.04", None),
        ("DCS-6010L", "1.15.02", None),
        # "up to" records: every version to the named one fails, later ones are untold.
        ("DCS-933L", "1.14.11", ["CVE-2026-2218"]),
        ("DCS-933L", "1.13.05", ["CVE-2026-2218"]),
        ("DCS-933L", "1.14.12", None),
        ("DCS-935L", "1.13.01", ["CVE-2025-10779"]),
        ("DCS-935L", "1.13.02", None),
        ("DCS-935L", "1.10.01", ["CVE-2025-10779", "CVE-2026-12174", "CVE-2026-13545"]),
        ("DCS-935L", "1.11.02", ["CVE-2025-10779"]),
        # CVE-2025-6931 writes "up to 2.02.0"; the reports it cites tested v2.02.01.
        ("DCS-6517", "2.02.01", ["CVE-2025-6931"]),
        ("DCS-7517", "2.02.01", ["CVE-2025-6931"]),
        ("DCS-6517", "2.02.02", None),
        # DCS-930L: CVE-2025-14225 names 1.15.04 only. Below 2.12 the KEV record's fail
        # stands; from 2.12 on (passed before) the record says nothing either way.
        ("DCS-930L", "1.15.04", ["CVE-2016-11021", "CVE-2025-14225"]),
        ("DCS-930L", "1.15.05", ["CVE-2016-11021"]),
        ("DCS-930L", "2.12", None),
        ("DCS-930L", "2.16.01", None),
    ],
)
def test_dlink_dcs_firmware_named_by_the_vuldb_records(
    model: str, firmware: str, cves: list[str] | None
) -> None:
    assert _dlink_cves(model, firmware) == cves


def test_dlink_single_firmware_records_are_named_as_not_told_beside_a_fail() -> None:
    # DCS-935L 1.11.02: CVE-2025-10779 ("up to 1.13.01") affects it; the 1.10.01 records
    # name no fix, so they are not told, and the fail stands on CVE-2025-10779.
    verdict = lookup("onvif", "DCS-935L", "1.11.02", manufacturer="D-Link")
    assert [a.cve for a in verdict.advisories or ()] == ["CVE-2025-10779"]
    assert verdict.untold == ("CVE-2026-12174", "CVE-2026-13545")
    assert "; not told for this firmware: CVE-2026-12174, CVE-2026-13545" in (
        verdict.vulnerabilities_evidence
    )


def test_dlink_records_left_out_are_not_catalogued() -> None:
    # DCS-5020L "1.01_B2" is not a string the generic scheme reads; DCS-825L's records
    # need local access; the model is not catalogued for either.
    assert lookup("onvif", "DCS-5020L", "1.01", manufacturer="D-Link").known_model is False
    assert lookup("onvif", "DCS-825L", "1.08.01", manufacturer="D-Link").known_model is False
    # AVTECH DGM1104: its records name the build "FullImg-1015-1004-1006-1003" only.
    verdict = lookup("onvif", "DGM1104", "FullImg-1015-1004-1006-1003", manufacturer="AVTECH")
    assert verdict.known_model is False


REOLINK_DOORBELL_RECORDS = [f"CVE-2025-556{n}" for n in ("26", "27", "29", "30", "34", "37")]


def test_reolink_doorbell_wifi_w_build_named_by_the_mitre_records() -> None:
    # "Reolink Smart 2K+ Plug-in Wi-Fi Video Doorbell with Chime - firmware
    # v3.0.0.4662_2503122283": in Reolink's download centre that build is board
    # DB_566128M5MP_W_W's, the Video Doorbell WiFi-W (the other boards' builds of that
    # release end 2270, 2271, 2284).
    model, board = "Reolink Video Doorbell WiFi-W", "DB_566128M5MP_W_W"
    named = lookup("reolink", model, "v3.0.0.4662_2503122283", hardware=board)
    assert [a.cve for a in named.advisories or ()] == REOLINK_DOORBELL_RECORDS
    assert named.firmware_up_to_date is False  # the board's archive lists newer releases
    # Later builds: nothing read says whether they fix it, so neither affected nor passed.
    later = lookup("reolink", model, "v3.0.0.4662_2508071301", hardware=board)
    assert later.advisories is None
    # Older builds are not what the records name.
    assert _cves("reolink", model, "v3.0.0.3215_2401272069") == []
    # The black WiFi doorbell's build of the same release is not named.
    assert _cves("reolink", "Reolink Video Doorbell WiFi", "v3.0.0.4662_2503122270") == []
    # The disputed record (session limit, "intentional" per the supplier) is left out.
    assert "CVE-2025-55631" not in {a.cve for a in named.advisories or ()}


@pytest.mark.parametrize(
    ("model", "firmware", "cves", "up_to_date"),
    [
        ("XNV-9082R", "2.10.02", ["CVE-2023-31994"], None),
        ("XNV-9082R", "2.10.03", [], None),
        ("ANE-L7012R", "1.41.01", ["CVE-2023-31994", "CVE-2023-31995", "CVE-2023-31996"], None),
        ("PNV-A6081R", "2.21.02", ["CVE-2023-5747"], False),  # Hanwha released a patch
        ("PNV-A6081R", "2.21.10", [], None),
        # CVE-2025-52598/52599/52600 and CVE-2025-8075: fixed in 2.22.05.
        (
            "QNV-C8012",
            "2.21.01_20220517_R276",
            ["CVE-2025-52598", "CVE-2025-52599", "CVE-2025-52600", "CVE-2025-8075"],
            False,
        ),
        ("QNV-C8012", "2.22.05", [], None),
        ("QNV-C8012", "2.22.05_20251201_R100", [], None),  # the fixed release's own build
        # NVR and DVR records: "and prior versions"; Hanwha released patched firmware.
        ("XRN-420S", "5.01.52", ["CVE-2023-6116"], False),
        ("XRN-420S", "5.01.53", [], None),
        ("HRX-1620", "3.05.62", ["CVE-2023-6095", "CVE-2023-6096"], False),
        ("HRX-1620", "2.10", ["CVE-2023-6095", "CVE-2023-6096"], False),
        ("HRX-1620", "3.05.63", [], None),
        # CVE-2019-12223: SRN NVRs (NVD's list) with firmware built before 2019-05-03.
        ("SRN-472S", "1.07_190502", ["CVE-2019-12223"], False),  # the record's own version
        ("SRN-873S", "2.00_190503", [], None),
        ("srn-1673s", "v1.02_181112093045", ["CVE-2019-12223"], False),
    ],
)
def test_hanwha_wisenet_versions_named_by_the_cve_records(
    model: str, firmware: str, cves: list[str], up_to_date: bool | None
) -> None:
    verdict = lookup("hanwha", model, firmware, manufacturer="Hanwha Vision")
    assert [a.cve for a in verdict.advisories or ()] == cves
    assert verdict.firmware_up_to_date is up_to_date
    assert "Hanwha Vision (CNA) camera, NVR and DVR records" in verdict.vulnerabilities_evidence


def test_hanwha_srn_firmware_without_build_date_is_unknown() -> None:
    # The record's range is a build date: a version string without one cannot be judged.
    verdict = lookup("hanwha", "SRN-472S", "1.07")
    assert verdict.known_model is True
    assert verdict.advisories is None


# No AXIS OS track has a sourced "latest" release: 11.11.205, "the latest AXIS OS 11.11 LTS
# version" per the ACAP 4.15.2 notes (2026-06-05), was followed by 11.11.212 (ACAP 4.15.3,
# 2026-07-08) and a newer build in the ACAP 4.15.4 notes (2026-10-29); 11.11.212, 12.11.147
# and 10.12.257 are only releases known to exist on their tracks.
AXIS_11_SOURCE = "https://developer.axis.com/acap/4/release-notes/4.15.3/ as of 2026-07-08"
AXIS_11_BOUND = f"11.11.212 ({AXIS_11_SOURCE})"


@pytest.mark.parametrize(
    ("firmware", "affected", "up_to_date"),
    [
        ("11.11.135", True, False),
        ("11.11.140", False, False),  # fixed, yet later fixes (11.11.177) exist
        ("12.1.0", True, False),
        ("12.3.33", False, False),  # fixed, yet CVE-2025-9524's fix 12.7.11 exists
        # Before 11.8.0: outside the range Axis published for this record.
        ("10.12.240", False, False),
        # Above every catalogued fix, below 12.11.147, which exists on the 12 track's LTS.
        ("12.7.11", False, False),
        ("10.12.305", False, None),  # a known release is a lower bound, never "current"
        ("12.11.200", False, None),  # above the lower bound: unknown, not "current"
    ],
)
def test_axis_os_ranges_from_the_cve_record(
    firmware: str, affected: bool, up_to_date: bool | None
) -> None:
    verdict = lookup("axis", "AXIS P3265-LVE Dome Camera", firmware)
    assert ("CVE-2025-0324" in [a.cve for a in verdict.advisories or ()]) is affected
    assert verdict.firmware_up_to_date is up_to_date
    # No track has a sourced latest release: a newer known release (a lower bound or a
    # fix) can say "old", never "current".
    assert verdict.latest_firmware is None
    if up_to_date is False:
        assert "a newer release exists" in verdict.up_to_date_evidence


@pytest.mark.parametrize(
    ("firmware", "up_to_date", "evidence"),
    [
        # The ACAP 4.15.2 notes' "latest" 11.11 build: newer ones came after it.
        ("11.11.205", False, f"a newer release exists (11.11.212, {AXIS_11_SOURCE})"),
        (
            "11.11.212",
            None,
            f"the latest release is known only as a lower bound ({AXIS_11_BOUND});"
            " the installed firmware is at or above it, so whether a newer release exists is"
            " not known",
        ),
        (
            "11.11.230",
            None,
            f"the latest release is known only as a lower bound ({AXIS_11_BOUND});"
            " the installed firmware is at or above it, so whether a newer release exists is"
            " not known",
        ),
        # The AXIS OS 11 active track ended in the 11.11 LTS: 11.9 is behind it.
        ("11.9.60", False, "a newer release exists (11.11.177, fixing CVE-2025-9524)"),
    ],
)
def test_axis_os_11_is_never_called_current(
    firmware: str, up_to_date: bool | None, evidence: str
) -> None:
    verdict = lookup("axis", "P3265-V", firmware, manufacturer="AXIS")
    assert verdict.firmware_up_to_date is up_to_date
    assert verdict.up_to_date_evidence.endswith(evidence)


@pytest.mark.parametrize(
    ("firmware", "cves"),
    [
        # CVE-2023-21404 "AXIS OS 11.0.X - 11.3.x"; 21413 and 21415 "... to 11.5";
        # 21416, 21417 and 21418 "... to 11.6": their AXIS OS 11 parts, in words.
        (
            "11.3.70",
            [
                "CVE-2023-21404",
                "CVE-2023-21413",
                "CVE-2023-21415",
                "CVE-2023-21416",
                "CVE-2023-21417",
                "CVE-2023-21418",
            ],
        ),
        (
            "11.5.64",
            [
                "CVE-2023-21413",
                "CVE-2023-21415",
                "CVE-2023-21416",
                "CVE-2023-21417",
                "CVE-2023-21418",
            ],
        ),
        ("11.6.94", ["CVE-2023-21416", "CVE-2023-21417", "CVE-2023-21418"]),
        ("11.7.57", []),
        # The records' LTS-track parts name no patched version: not catalogued.
        ("10.12.240", []),
        ("9.80.55", []),
    ],
)
def test_axis_worded_records_count_only_their_exact_os_11_part(
    firmware: str, cves: list[str]
) -> None:
    verdict = lookup("axis", "M3106-L Mk II", firmware, manufacturer="AXIS")
    found = [a.cve for a in verdict.advisories or () if a.cve.startswith("CVE-2023-214")]
    assert found == cves


# CVE-2024-47260 is fixed in 9.80.89 on the 9.80 LTS track, CVE-2024-47262 in 9.80.90,
# CVE-2025-0325 in 9.80.100 and CVE-2025-9524 in 9.80.123 (their records); the evidence
# names the first catalogued fix above the installed firmware (9524's, listed first).
AXIS_2016 = "https://www.axis.com/press-center/press-release/4434"


@pytest.mark.parametrize(
    ("model", "firmware"),
    [
        # Real identities (home-assistant/core#112550, #43554) and a door station whose
        # own 1.x numbering is not AXIS OS (core#110794).
        ("M1054", "5.51.7.6"),
        ("Q7401", "5.51.6"),
        ("A8105-E", "1.65.12"),
    ],
)
def test_axis_firmware_older_than_its_records_is_not_passed(model: str, firmware: str) -> None:
    # Every catalogued Axis record starts at AXIS OS 6.50; Axis reported a critical flaw in
    # 5.20 to 6.20.X fixed in service releases it does not name, so no pass below 6.50.
    verdict = lookup("axis", model, firmware, manufacturer="AXIS")
    assert (verdict.known_model, verdict.firmware_up_to_date, verdict.advisories) == (
        True,
        None,
        None,
    )
    for evidence in (verdict.up_to_date_evidence, verdict.vulnerabilities_evidence):
        assert "describe firmware 6.50.0 and later: their silence neither clears" in evidence
        assert AXIS_2016 in evidence
    # From 6.50 on the records speak (core#46815's M3026 on 6.50.5.3).
    judged = lookup("axis", "M3026", "6.50.5.3", manufacturer="AXIS")
    assert judged.firmware_up_to_date is False
    assert "CVE-2025-9524" in [a.cve for a in judged.advisories or ()]


def _older_than_described(**entry: object) -> Catalog:
    """The bundled catalog plus an Axis model whose sources describe 6.50.0 and later."""
    data, schema = bundled_files()
    data = copy.deepcopy(data)
    data["entries"].append(
        {
            "vendor": "axis",
            "scheme": "axis",
            "models": ["OLDCAM"],
            "eol": False,
            "versions_from": {"version": "6.50.0", "source": "https://a.b/older"},
            "latest": [],
            "advisories": [],
            **entry,
        }
    )
    return Catalog(data, schema)


def test_described_from_blocks_passes_only() -> None:
    # A range that does reach older firmware still fails it, and its fix still says a
    # newer release exists: only the silence of later ranges is not taken as a pass.
    advisory = {
        "cves": ["CVE-2016-0001"], "kev": False, "kev_date_added": None, "summary": "s",
        "source": "https://a.b/adv", "fixed_in": "5.60.0",
        "affected": [{"introduced": "5.20.0", "fixed": "5.60.0"}],
    }  # fmt: skip
    catalog = _older_than_described(advisories=[advisory])
    old = catalog.lookup("axis", "OLDCAM", "5.51.7.6")
    assert [a.cve for a in old.advisories or ()] == ["CVE-2016-0001"]
    assert old.firmware_up_to_date is False
    assert "a newer release exists (5.60.0" in old.up_to_date_evidence
    # Below the described firmware and outside the range: neither check is told.
    older = catalog.lookup("axis", "OLDCAM", "5.10.1")
    assert (older.firmware_up_to_date, older.advisories) == (None, None)
    assert "https://a.b/older" in older.vulnerabilities_evidence


def test_end_of_life_fails_up_to_date_below_the_described_firmware() -> None:
    catalog = _older_than_described(eol=True, eol_source="https://a.b/eol")
    verdict = catalog.lookup("axis", "OLDCAM", "5.51.7.6")
    # No version is needed to say a camera will get no fix; the advisories are not told.
    assert (verdict.firmware_up_to_date, verdict.advisories) == (False, None)
    assert verdict.up_to_date_evidence.startswith("end of life: no fix will come")
    assert verdict.vulnerabilities_evidence.startswith("end of life: no fix will come — replace")
    assert "https://a.b/older" in verdict.vulnerabilities_evidence


NEWEST_9_80_FIX = "9.80.123, fixing CVE-2025-9524"


@pytest.mark.parametrize(
    ("firmware", "cves", "fix"),
    [
        (
            "9.80.88",
            ["CVE-2024-47260", "CVE-2024-47262", "CVE-2025-0325", "CVE-2025-9524"],
            NEWEST_9_80_FIX,
        ),
        ("9.80.89", ["CVE-2024-47262", "CVE-2025-0325", "CVE-2025-9524"], NEWEST_9_80_FIX),
        ("9.80.122", ["CVE-2025-9524"], NEWEST_9_80_FIX),
        ("9.80.123", [], None),
        # The records' 9.x ranges start at 9.0.0: releases before 9.80 are affected too.
        ("9.10.1", ["CVE-2024-47262", "CVE-2025-0325", "CVE-2025-9524"], NEWEST_9_80_FIX),
        ("8.40.88", ["CVE-2025-9524"], "8.40.89, fixing CVE-2025-9524"),
        ("8.40.89", [], None),
        # Both CVE-2025-0325 and CVE-2025-9524 are fixed in 6.50.5.21 (a four-part version).
        ("6.50.5.20", ["CVE-2025-0325", "CVE-2025-9524"], "6.50.5.21, fixing CVE-2025-9524"),
        ("6.50.5.21", [], None),
    ],
)
def test_axis_lts_tracks_from_the_cve_records(
    firmware: str, cves: list[str], fix: str | None
) -> None:
    verdict = lookup("axis", "M1065-LW", firmware, manufacturer="AXIS")
    assert [a.cve for a in verdict.advisories or ()] == cves
    if fix is not None:
        # A sourced fix on the installed track: a newer release exists, so not up to date.
        assert verdict.firmware_up_to_date is False
        assert verdict.up_to_date_evidence.endswith(f"a newer release exists ({fix})")
    else:
        # At or above every catalogued fix, and no latest release is known for the 9.80,
        # 8.40 and 6.50 tracks: unknown, not "pass".
        assert verdict.firmware_up_to_date is None
        assert verdict.vulnerabilities_evidence.startswith("no catalogued advisory affects")


# Every CVE the catalog holds for an RLC-410W on v3.0.0.136_20121102: CVE-2019-11001 (all
# versions) and the Cisco Talos records naming exactly that build (TALOS-2021-1420..1425,
# 1428, 1421's JSON-parser series CVE-2021-44354..44419, 1446..1448, 1451, TALOS-2022-1432).
RLC_410W_TALOS_BUILD_CVES = sorted(
    [
        "CVE-2019-11001",
        *(f"CVE-2021-{n}" for n in (*range(40404, 40417), 40419, 40423)),
        *(f"CVE-2021-{n}" for n in range(44354, 44420)),
        *(f"CVE-2022-{n}" for n in (21134, 21199, 21236, 21796)),
    ]
)


def test_end_of_life_fails_up_to_date() -> None:
    reolink = lookup("reolink", "RLC-410W", "v3.0.0.136_20121102")
    assert reolink.eol is True
    assert [a.cve for a in reolink.advisories or ()] == RLC_410W_TALOS_BUILD_CVES
    assert [a.cve for a in reolink.advisories or () if a.kev] == [
        "CVE-2019-11001",
        "CVE-2021-40407",
    ]
    # End of life: no fix will come, so never "up to date", whatever the version.
    assert reolink.firmware_up_to_date is False
    assert reolink.up_to_date_evidence.startswith(
        "end of life: no fix will come — replace the camera"
    )
    assert reolink.vulnerabilities_evidence.startswith("end of life")
    assert _cves("reolink", "RLC-511W", "v3.0.0.136_20121102") == ["CVE-2019-11001"]


@pytest.mark.parametrize(
    ("model", "firmware", "expected"),
    [
        # The records name RLC-410W on v3.0.0.136_20121102 only: that build gets them all.
        ("RLC-410W", "v3.0.0.136_20121102", RLC_410W_TALOS_BUILD_CVES),
        # Another build of the same model, older or newer, is not one the records name.
        ("RLC-410W", "v3.0.0.126_20110800", ["CVE-2019-11001"]),
        ("RLC-410W", "v3.0.0.148_21100909", ["CVE-2019-11001"]),
        # Other models on the same build: never the RLC-410W records.
        ("RLC-511W", "v3.0.0.136_20121102", ["CVE-2019-11001"]),
    ],
)
def test_reolink_talos_records_apply_to_the_named_build_only(
    model: str, firmware: str, expected: list[str]
) -> None:
    assert _cves("reolink", model, firmware) == expected


@pytest.mark.parametrize("model", ["RLC-410", "RLC-410-5MP", "RLC-510WA", "E1 Zoom"])
def test_reolink_talos_records_skip_models_they_do_not_name(model: str) -> None:
    # Catalogued Reolink models (latest releases from the download centre) on the very
    # build the RLC-410W records name: judged, and none of those records reaches them.
    verdict = lookup("reolink", model, "v3.0.0.136_20121102")
    assert verdict.known_model
    assert verdict.advisories == ()


def test_reolink_latest_release_from_download_centre() -> None:
    # RLC-810A ships on two hardware versions: the archive gives a lower bound only.
    old = lookup("reolink", "RLC-810A", "v3.0.0.136_20121102")
    assert (old.firmware_up_to_date, old.latest_firmware, old.advisories) == (False, None, ())
    assert "reolink-fw-archive" in old.up_to_date_evidence
    recent = lookup("reolink", "RLC-810A", "v3.1.0.956_24022103")
    assert recent.firmware_up_to_date is None
    # One hardware version: its newest release is the latest.
    single = lookup("reolink", "RLC-511WA", "v3.1.0.4381_2411301864")
    assert (single.firmware_up_to_date, single.latest_firmware) == (True, "v3.1.0.4381_2411301864")


E1_ZOOM_V31 = "IPC_566SD664M5MP"  # hardVer of tests/fixtures/real/reolink/E1-Zoom-v3.1


@pytest.mark.parametrize(
    ("hardware", "firmware", "up_to_date", "latest"),
    [
        # The board's own release decides: behind it, at it, above it on its line.
        (E1_ZOOM_V31, "v3.1.0.2649_23083101", False, "v3.1.0.4417_2412122178"),
        (f" {E1_ZOOM_V31.lower()} ", "v3.1.0.4417_2412122178", True, "v3.1.0.4417_2412122178"),
        (E1_ZOOM_V31, "v3.1.0.4500_2501010000", True, "v3.1.0.4417_2412122178"),
        # Another release line than the board's release: not told (as without a board).
        (E1_ZOOM_V31, "v3.2.0.4741_2503281992", None, "v3.1.0.4417_2412122178"),
        # The bound (v3.0.0.2356) would leave this unknown; the board's release passes it.
        ("IPC_515SD6", "v3.0.0.2356", True, "v3.0.0.2356"),
        # No board reported: only the model-wide bound speaks (old below it, else unknown).
        ("", "v3.1.0.2649_23083101", None, None),
        ("", "v3.0.0.1107_22070508", False, None),
        # A board the archive does not list: hardware no release describes, so not known.
        ("IPC_566SD664M5MP_V2", "v3.1.0.2649_23083101", None, None),
        ("IPC_OTHER", "v3.0.0.1107_22070508", None, None),
    ],
)
def test_reolink_release_listed_for_the_reported_board_decides(
    hardware: str, firmware: str, up_to_date: bool | None, latest: str | None
) -> None:
    verdict = lookup("reolink", "E1 Zoom", firmware, hardware=hardware)
    assert (verdict.firmware_up_to_date, verdict.latest_firmware) == (up_to_date, latest)
    listed = f"{latest} listed for hardware {hardware.strip().upper()} (" if latest else ""
    assert listed in verdict.up_to_date_evidence
    if not hardware:
        assert "listed for hardware" not in verdict.up_to_date_evidence
    elif latest is None:
        assert f"none for hardware {hardware}, so" in verdict.up_to_date_evidence


# RLC-810A board IPC_523128M8MP: the archive lists v3.1.0.956 of 2022 and its 2024
# rebuild; a camera on that board runs 1162 of 2022-07-28 (AT0myks/reolink-fw-archive#20).
RLC_810A_BOARD = "IPC_523128M8MP"


@pytest.mark.parametrize(
    ("firmware", "up_to_date"),
    [
        ("v3.1.0.956_24022103", True),
        ("v3.1.0.956_22041503", False),
        ("v3.1.0.1200_24050100", True),
        # Numbered above the listed release but built before it, or the other way round.
        ("v3.1.0.1162_22072805", None),
        ("v3.1.0.900_24060100", None),
    ],
)
def test_reolink_build_numbered_and_built_in_opposite_order_is_not_told(
    firmware: str, up_to_date: bool | None
) -> None:
    verdict = lookup("reolink", "RLC-810A", firmware, hardware=RLC_810A_BOARD)
    assert (verdict.firmware_up_to_date, verdict.latest_firmware) == (
        up_to_date,
        "v3.1.0.956_24022103",
    )
    opposite = "is numbered and built in opposite order to the installed firmware"
    assert (opposite in verdict.up_to_date_evidence) is (up_to_date is None)
    if up_to_date is None:
        assert "the release v3.1.0.956_24022103 (https://" in verdict.up_to_date_evidence


@pytest.mark.parametrize(
    ("firmware", "up_to_date"),
    [
        # No board reported: the model's releases give only a lower bound, v3.1.0.956 of
        # 2024. Numbered below it and built after it: not told, and the evidence says why.
        ("v3.1.0.900_24060100", None),
        ("v3.1.0.900_24010100", False),
        # A build without a day orders by its number alone.
        ("v3.1.0.900", False),
    ],
)
def test_reolink_opposite_order_against_a_lower_bound(
    firmware: str, up_to_date: bool | None
) -> None:
    verdict = lookup("reolink", "RLC-810A", firmware)
    assert (verdict.firmware_up_to_date, verdict.latest_firmware) == (up_to_date, None)
    opposite = "the release v3.1.0.956_24022103 (https://"
    assert (opposite in verdict.up_to_date_evidence) is (up_to_date is None)


@pytest.mark.parametrize(
    ("firmware", "day"),
    [
        ("v3.1.0.1162_22072805", 20220728),
        ("v3.1.0.4417_2412122178", 20241212),
        ("v3.1.0.956", None),
        ("v3.1.0.956_22133100", None),  # no such month
    ],
)
def test_reolink_build_day(firmware: str, day: int | None) -> None:
    version = parse("reolink", firmware)
    assert version is not None
    assert reolink_build_day(version) == day


def test_up_to_date_unknown_at_a_lower_bound_names_it() -> None:
    # AXIS OS 12's latest release is known only as at least 12.11.147.
    verdict = lookup("axis", "AXIS P1435-LE", "12.11.150")
    assert (verdict.firmware_up_to_date, verdict.latest_firmware) == (None, None)
    assert "the latest release is known only as a lower bound (12.11.147 (https://" in (
        verdict.up_to_date_evidence
    )


def test_up_to_date_unknown_when_a_fix_cannot_be_compared() -> None:
    # CVE-2021-33044's fix is a build date this version string lacks.
    verdict = lookup("dahua", "IPC-HDW3449H", "2.800.0000000.4.R")
    assert (verdict.firmware_up_to_date, verdict.advisories) == (None, None)
    assert "whether a catalogued fix is newer cannot be told: an advisory's range" in (
        verdict.up_to_date_evidence
    )


def test_up_to_date_unknown_says_nothing_newer_is_catalogued() -> None:
    # The 6.50 LTS track has no catalogued latest release; its last fix is installed.
    verdict = lookup("axis", "M3026", "6.50.5.21", manufacturer="AXIS")
    assert (verdict.firmware_up_to_date, verdict.advisories) == (None, ())
    assert verdict.up_to_date_evidence.endswith(
        "it names no latest release and no newer fix for this firmware, so whether a newer"
        " release exists is not known"
    )


def _with_axis_model(model: str, *latest: dict[str, str]) -> Catalog:
    """The bundled catalog plus one Axis model with these latest releases."""
    data, schema = bundled_files()
    data = copy.deepcopy(data)
    release = {"date": None, "source": "https://a.b/notes", "as_of": "2026-11-28"}
    entry = {"vendor": "axis", "scheme": "axis", "models": [model], "eol": False}
    data["entries"].append(
        {**entry, "latest": [{**r, **release} for r in latest], "advisories": []}
    )
    return Catalog(data, schema)


def test_board_releases_apply_only_to_their_board() -> None:
    catalog = _with_axis_model(
        "BOARDCAM",
        {"version": "10.12.1", "track_from": "10.0.0"},
        {"version": "10.12.9", "hardware": "ARTPEC-7"},
    )
    # The board's release decides over a model-wide one, even one of its track.
    board = catalog.lookup("axis", "BOARDCAM", "10.12.1", hardware="artpec-7")
    assert (board.firmware_up_to_date, board.latest_firmware) == (False, "10.12.9")
    # No board reported: the model-wide release.
    plain = catalog.lookup("axis", "BOARDCAM", "10.12.1")
    assert (plain.firmware_up_to_date, plain.latest_firmware) == (True, "10.12.1")
    assert "listed for hardware" not in plain.up_to_date_evidence
    # A board the entry does not list: none of its releases describes that hardware.
    for other in ("ARTPEC-8", "ARTPEC-7X"):
        verdict = catalog.lookup("axis", "BOARDCAM", "10.12.1", hardware=other)
        assert (verdict.firmware_up_to_date, verdict.latest_firmware) == (None, None)
        assert f"none for hardware {other}" in verdict.up_to_date_evidence


def test_board_release_gives_way_to_a_newer_exact_release_of_another_source() -> None:
    # An exact model-wide latest from another entry (e.g. curated from release notes) is
    # not set aside by the board's release: the newer of the two decides.
    data, schema = bundled_files()
    data = copy.deepcopy(data)
    release = {"date": None, "source": "https://a.b/notes", "as_of": "2026-11-28"}
    entry = {"vendor": "axis", "scheme": "axis", "models": ["BOARDCAM"], "eol": False}
    for latest in (
        [{"version": "10.12.5", "minimum": True}, {"version": "10.12.9", "hardware": "ARTPEC-7"}],
        [{"version": "10.12.20"}],
    ):
        data["entries"].append(
            {**entry, "latest": [{**r, **release} for r in latest], "advisories": []}
        )
    catalog = Catalog(data, schema)
    on_board = catalog.lookup("axis", "BOARDCAM", "10.12.9", hardware="ARTPEC-7")
    assert (on_board.firmware_up_to_date, on_board.latest_firmware) == (False, "10.12.20")


def test_hanwha_smartcam_ranges() -> None:
    smartcam = lookup("samsung", "SNH-V6410PN", "1.10_170101")
    assert [a.cve for a in smartcam.advisories or ()] == ["CVE-2018-6302", "CVE-2018-6303"]
    assert smartcam.firmware_up_to_date is False
    assert len(_cves("hanwha", "SNH-V6410PNW", "7.55") or []) == 8


def test_foscam_last_affected_per_firmware_line() -> None:
    assert _cves("foscam", "FI9821P V2", "2.21.2.31") == ["CVE-2018-6830"]
    assert _cves("foscam", "FI9821P V2", "2.21.2.32") == []
    # Another firmware line is not "earlier" than this one.
    assert _cves("foscam", "FI9821P V2", "2.11.1.120") == []
    old = lookup("foscam", "FI9821P V2", "2.21.2.31")
    assert old.firmware_up_to_date is False


def test_passing_firmware_names_the_catalog_it_is_bounded_by() -> None:
    verdict = lookup("dahua", "IPC-HFW2431S-S-S2", "2.800.0000000.9.R,build:2022-07-01")
    assert verdict.advisories == ()
    text = verdict.vulnerabilities_evidence
    assert text.startswith("no catalogued advisory affects this firmware")
    assert "Dahua PSIRT" in text
    assert "https://github.com/CVEProject/cvelistV5" in text
    assert "CISA Known Exploited Vulnerabilities catalog" in text


@pytest.mark.parametrize(
    ("vendor", "model", "firmware"),
    [
        ("foscam", "X5", "2.x.2.78"),
        ("onvif", "IPC-ONVIF-2000", "V2.4.1 build 230512"),
        ("hikvision", "DS-9999", "V5.4.0 build 160530"),
        ("reolink", "RLC-999X", "v3.1.0.956_22041503"),
        ("hanwha", "XNV-6080R", "2.21.02"),
        (None, "", ""),
    ],
)
def test_unknown_model_is_unknown_never_up_to_date(
    vendor: str | None, model: str, firmware: str
) -> None:
    verdict = lookup(vendor, model, firmware)
    assert verdict.known_model is False
    assert verdict.firmware_up_to_date is None
    assert verdict.advisories is None
    assert "not in advisory catalog" in verdict.evidence


@pytest.mark.parametrize(
    ("scheme", "firmware", "day"),
    [
        ("hikvision", "V5.4.0 build 160530", "2016-05-30"),
        ("dahua", "2.800.0000000.4.R, Build Date 2019-11-05", "2019-11-05"),
        ("hanwha", "v2.46_210315134145", "2021-03-15"),  # a real XRN-2010's NVR string
        ("hanwha", "2.21.01_20220517_R276", "2022-05-17"),
        ("reolink", "v3.1.0.956_22041503", "2022-04-15"),  # the build number starts with it
        ("hikvision", "V5.4.0", None),  # no build in the string
        ("dahua", "2.520.AC00.18.R", None),
        ("axis", "11.11.140", None),  # AXIS OS versions carry no build day
        ("milesight", "61.8.0.3-r8", None),  # r8 is a revision, not a day
        ("generic", "2.4.1", None),
        ("onvif", "V2.4.1 build 230512", None),  # no scheme, so no reading of the string
        ("hikvision", "not a version", None),
    ],
)
def test_build_day_is_read_only_where_the_scheme_says_it_is_a_day(
    scheme: str, firmware: str, day: str | None
) -> None:
    assert build_day(scheme, parse(scheme, firmware)) == day


def test_an_unknown_verdict_tells_how_old_the_installed_firmware_is() -> None:
    # Hanwha's XRN-2010 is in no catalogued advisory or download list: both checks stay
    # unknown, and the evidence still gives the build day the firmware string reports.
    verdict = lookup("hanwha", "XRN-2010", "v2.46_210315134145")
    assert verdict.known_model is False
    note = "; the installed firmware was built on 2021-03-15"
    assert verdict.up_to_date_evidence.endswith(note)
    assert verdict.vulnerabilities_evidence.endswith(note)
    # A known model whose "up to date" cannot be told says it after the reason.
    known = lookup("dahua", "DH-SD42212T-HN", "2.800.0000000.4.R, Build Date 2019-11-05")
    assert known.known_model is True
    assert known.firmware_up_to_date is None
    assert known.up_to_date_evidence.endswith(
        "so whether a newer release exists is not known"
        "; the installed firmware was built on 2019-11-05"
    )
    # A judged check needs no such note: its evidence names its source instead.
    assert known.advisories == ()
    assert "built on" not in known.vulnerabilities_evidence
    # Without a build day in the string, nothing is added.
    bare = lookup("hanwha", "XNV-6080R", "2.21.02")
    assert "built on" not in bare.up_to_date_evidence


def test_unreadable_version_still_judged_when_no_version_is_needed() -> None:
    # End of life and "all versions affected" hold whatever the version string says.
    verdict = lookup("onvif", "DS-2105 Pro", "3.1.0.71-11", manufacturer="Digiever")
    assert verdict.firmware_up_to_date is False
    assert [(a.cve, a.kev) for a in verdict.advisories or ()] == [("CVE-2023-52163", True)]
    assert verdict.up_to_date_evidence.startswith("end of life")


def test_avtech_avm1203_is_end_of_life_and_not_on_cisas_list() -> None:
    # Every version is affected and no fix will come; CISA's KEV does not list CVE-2024-7029.
    verdict = lookup("onvif", "AVM1203", "FullImg-1023-1007-1011-1009", manufacturer="AVTECH")
    assert (verdict.eol, verdict.firmware_up_to_date) == (True, False)
    assert verdict.up_to_date_evidence.startswith("end of life: no fix will come")
    assert [(a.cve, a.kev, a.kev_date_added) for a in verdict.advisories or ()] == [
        ("CVE-2024-7029", False, None)
    ]


def test_known_model_with_unparseable_firmware_is_unknown() -> None:
    verdict = lookup("axis", "P3265-LVE", "garbage")
    assert verdict.known_model is True
    assert (verdict.firmware_up_to_date, verdict.advisories) == (None, None)
    # Both unknowns say why: the string is not a version of the vendor's numbering.
    unread = "the installed firmware string is not one this vendor's version numbering reads"
    assert verdict.up_to_date_evidence.endswith(unread)
    assert verdict.vulnerabilities_evidence.endswith(unread)


def test_untold_advisories_say_why() -> None:
    # A Milesight -NX camera reporting its build without the tag its record writes.
    verdict = lookup("onvif", "MS-C2966-RFIPKG1", "63.8.0.4-r1", manufacturer="Milesight")
    assert verdict.advisories is None
    assert "an advisory's range cannot be told for this firmware" in (
        verdict.vulnerabilities_evidence
    )


def test_manufacturer_names_map_to_families() -> None:
    assert vendor_family("Amcrest") == "dahua"
    assert vendor_family("D-Link") == "dlink"
    assert vendor_family("Samsung Techwin") == "hanwha"
    assert vendor_family("Lorex") == "dahua"
    # ONVIF Manufacturer strings carry company suffixes; the brand (first word) decides.
    assert vendor_family("Hikvision Digital Technology Co., Ltd") == "hikvision"
    assert vendor_family("Dahua Technology Co., Ltd") == "dahua"
    assert vendor_family("Hanwha Vision Co., Ltd.") == "hanwha"
    assert vendor_family("Axis Communications AB.") == "axis"
    assert vendor_family("Lorex Technology Inc.") == "dahua"
    assert vendor_family("  ") == ""
    verdict = lookup("onvif", "DS-2CD2042WD-I", "V5.4.5 build 170124", manufacturer="Hikvision Co.")
    assert verdict.known_model
    verdict = lookup("onvif", "DCS-930L", "2.10", manufacturer="D-Link")
    assert [a.cve for a in verdict.advisories or ()] == ["CVE-2016-11021"]


# ICSA-26-113-03: its five CVE records name the same Milesight series and builds.
_ICSA_26_113_03 = [
    "CVE-2026-20766",
    "CVE-2026-27785",
    "CVE-2026-28747",
    "CVE-2026-32644",
    "CVE-2026-32649",
]

# What the catalog says about each simulator persona (by persona module name): every one
# is a model it knows, so both firmware checks are judged on all of them.
PERSONA_COVERAGE = {
    "hikvision": ["CVE-2017-7921", "CVE-2017-7923"],
    "dahua": ["CVE-2020-5735", "CVE-2020-5736"],
    "axis": ["CVE-2024-47261", "CVE-2025-0324", "CVE-2025-0325", "CVE-2025-9524"],
    "reolink": RLC_410W_TALOS_BUILD_CVES,
    "hanwha_smartcam": ["CVE-2018-6302", "CVE-2018-6303"],
    "foscam": ["CVE-2018-6830"],
    "onvif_generic": _ICSA_26_113_03,
}


@pytest.mark.parametrize("name", sorted(PERSONAS))
def test_catalog_judges_every_simulator_persona(name: str) -> None:
    persona = PERSONAS[name].persona()
    verdict = lookup(
        persona.vendor, persona.model, persona.firmware, manufacturer=persona.manufacturer
    )
    # A persona added without an expectation fails: every persona must be judged.
    assert name in PERSONA_COVERAGE
    assert verdict.known_model
    assert [a.cve for a in verdict.advisories or ()] == PERSONA_COVERAGE[name]
    # Judged: pass or fail, never unknown, and the evidence names the sources it used.
    assert verdict.firmware_up_to_date is not None
    assert verdict.advisories is not None
    assert "https://" in verdict.up_to_date_evidence
    assert "https://" in verdict.vulnerabilities_evidence


def test_generic_onvif_persona_is_judged_by_its_cve_record() -> None:
    persona = PERSONAS["onvif_generic"].persona()
    verdict = lookup(
        persona.vendor, persona.model, persona.firmware, manufacturer=persona.manufacturer
    )
    # ICSA-26-113-03's five records: MS-Cxx65-PE up to 61.8.0.5-r2 affected; their solution
    # names 61.8.0.5-r2.
    assert verdict.firmware_up_to_date is False
    assert "a newer release exists (61.8.0.5-r2" in verdict.up_to_date_evidence
    assert "Milesight records in the CVE list" in verdict.vulnerabilities_evidence

    # Another revision or platform line is judged on its own terms.
    def cves(firmware: str) -> list[str]:
        verdict = lookup("onvif", "MS-C8165-PE", firmware, manufacturer=persona.manufacturer)
        return [a.cve for a in verdict.advisories or ()]

    assert cves("61.8.0.5-r2") == _ICSA_26_113_03
    assert cves("61.8.0.5-r3") == []
    # Another platform's line: the range cannot order it, so the check is not told.
    assert (
        lookup("onvif", "MS-C8165-PE", "63.8.0.3-r8", manufacturer="Milesight").advisories is None
    )


# One model name of each series' form in ICSA-26-113-03's records (the "xx" digits and "x"
# letters filled in), a build in its affected range, the update the records' solution names,
# the first build past the range, and a build of another platform or series prefix, which
# these ranges do not order. For the -PE series the solution names the last affected build.
@pytest.mark.parametrize(
    ("model", "affected", "solution", "first_clear", "other"),
    [
        ("MS-C2963-PD", "51.7.0.77-r12", "51.7.0.77-r13", "51.7.0.77-r13", "61.8.0.5-r2"),
        ("MS-C5364-FPD", "51.7.0.77-r12", "51.7.0.77-r13", "51.7.0.77-r13", "61.8.0.5-r2"),
        ("MS-C2975-RFPD", "51.7.0.77-r3", "51.7.0.77-r13", "51.7.0.77-r13", "63.8.0.4-r3"),
        ("MS-C8183-RPD", "51.7.0.77-r12", "51.7.0.77-r13", "51.7.0.77-r13", "61.8.0.5-r2"),
        ("MS-C8477-HPG1", "63.8.0.4-r3", "63.8.0.4-r4", "63.8.0.4-r4", "48.8.0.4-r3"),
        ("MS-C8477-PC", "48.8.0.4-r3", "48.8.0.4-r4", "48.8.0.4-r4", "63.8.0.4-r3"),
        ("MS-C5321-FPE", "62.8.0.4-r5", "62.8.0.4-r6", "62.8.0.4-r6", "61.8.0.4-r5"),
        ("MS-C2972-FIPE", "61.8.0.5-r2", "61.8.0.5-r2", "61.8.0.5-r3", "63.8.0.5-r2"),
        ("MS-C2966-FGPE", "61.8.0.3-r8", "61.8.0.5-r2", "61.8.0.5-r3", "63.8.0.5-r2"),
        ("MS-C8176-PE", "61.8.0.5-r2", "61.8.0.5-r2", "61.8.0.5-r3", "62.8.0.4-r5"),
        ("MS-C5341-RPE", "61.8.0.5-r2", "61.8.0.5-r2", "61.8.0.5-r3", "63.8.0.5-r2"),
        ("MS-C2962-FIG1", "63.8.0.5-r3", "63.8.0.5-r4", "63.8.0.5-r4", "61.8.0.5-r2"),
        ("MS-CQ2972-FG1", "CQ_63.8.0.5-r1", "CQ_63.8.0.5-r2", "CQ_63.8.0.5-r2", "63.8.0.5-r1"),
        ("TS2866-X4TPC", "T_45.8.0.3-r9", "T_45.8.0.3-r10", "T_45.8.0.3-r10", "45.8.0.3-r9"),
        ("TS2841-X36TPC/W", "T_45.8.0.3-r9", "T_45.8.0.3-r10", "T_45.8.0.3-r10", "45.8.0.3-r9"),
        ("MS-C5366-X12LVPC", "T_45.8.0.3-r9", "T_45.8.0.3-r10", "T_45.8.0.3-r10", "45.8.0.3-r9"),
        (
            "MS-C2966-X23GOPC",
            "45.8.0.2-AIoT-r4",
            "45.8.0.2-AIoT-r5",
            "45.8.0.2-AIoT-r5",
            "T_45.8.0.3-r9",
        ),
        ("SC211", "C_21.1.0.8-r4", "C_21.1.0.8-r5", "C_21.1.0.8-r5", "21.1.0.8-r4"),
        ("SP111", "52.8.0.4-r5", "52.8.0.4-r6", "52.8.0.4-r6", "51.8.0.4-r5"),
        ("MS-C2966-RFIPKG1", "63.8.0.4-r1-NX", "63.8.0.5-r2-NX", "63.8.0.5-r2-NX", "63.8.0.4-r1"),
        ("MS-C8172-FIPKG1", "63.8.0.4-r1-NX", "63.8.0.5-r2-NX", "63.8.0.5-r2-NX", "63.8.0.4-r1"),
    ],
)
def test_milesight_series_of_icsa_26_113_03(
    model: str, affected: str, solution: str, first_clear: str, other: str
) -> None:
    def verdict(firmware: str) -> FirmwareVerdict:
        return lookup("onvif", model, firmware, manufacturer="Milesight Technology Co.,Ltd.")

    vulnerable = verdict(affected)
    assert vulnerable.known_model
    assert [a.cve for a in vulnerable.advisories or ()] == _ICSA_26_113_03
    if affected == solution:
        # The records name this build both affected and the one to update to: no newer
        # release is known, so "up to date" is not told.
        assert vulnerable.firmware_up_to_date is None
        assert "names no latest release and no newer fix" in vulnerable.up_to_date_evidence
    else:
        assert vulnerable.firmware_up_to_date is False
        assert f"a newer release exists ({solution} by the record's solution" in (
            vulnerable.up_to_date_evidence
        )
    for newer in (first_clear, _next_revision(first_clear)):
        assert verdict(newer).advisories == ()
    # Another platform's or prefix's build: these ranges cannot order it. The records write
    # tags and prefixes a camera may not report, so it is not told, never cleared.
    assert verdict(other).advisories is None


def _next_revision(build: str) -> str:
    """`61.8.0.5-r2` -> `61.8.0.5-r3`, `63.8.0.5-r2-NX` -> `63.8.0.5-r3-NX`."""
    head, _, tail = build.rpartition("-r")
    revision, dash, tag = tail.partition("-")
    return f"{head}-r{int(revision) + 1}{dash}{tag}"


def test_latest_release_is_chosen_per_firmware_track() -> None:
    catalog = _with_axis_model(
        "TRACKCAM",
        {"version": "11.11.140", "track_from": "11.11.0"},
        {"version": "12.3.33", "track_from": "12.0.0"},
    )
    assert catalog.lookup("axis", "TRACKCAM", "11.11.140").firmware_up_to_date is True
    behind = catalog.lookup("axis", "TRACKCAM", "12.1.0")
    assert (behind.firmware_up_to_date, behind.latest_firmware) == (False, "12.3.33")
    # Below every track start: no release of the catalog speaks for it.
    assert catalog.lookup("axis", "TRACKCAM", "10.12.1").firmware_up_to_date is None
