"""scripts/update-catalog: the catalog is rebuilt from KEV, CVE records and the curated file."""

from __future__ import annotations

import copy
import http.server
import json
import ssl
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from camsim.tls import server_context
from custom_components.camera_posture.posture.advisories import build
from custom_components.camera_posture.posture.advisories.build import (
    BuildError,
    archive_entries,
    kev_dates,
    load_json,
    main,
    ranges_from_record,
    render,
)
from custom_components.camera_posture.posture.advisories.lookup import (
    Catalog,
    bundled_files,
    validate_catalog,
)
from custom_components.camera_posture.posture.advisories.versions import parse

FIXTURES = Path(__file__).parent.parent / "fixtures" / "advisories"
REQUIRED_KEV = [
    "CVE-2017-7921",
    "CVE-2021-36260",
    "CVE-2021-33044",
    "CVE-2021-33045",
    "CVE-2019-11001",
    "CVE-2021-40407",
    "CVE-2020-25078",
    "CVE-2025-1316",
]


def _fixture(name: str) -> Any:
    return load_json(FIXTURES / name)


def _curated(**changes: Any) -> dict[str, Any]:
    """A small curated file in the real format, over the sample KEV feed and records."""
    cve = "https://www.cve.org/CVERecord?id="
    index = {"name": "CVE list", "index": "https://github.com/CVEProject/cvelistV5"}
    curated: dict[str, Any] = {
        "catalog_version": 2026112801,
        "as_of": "2026-11-28",
        "sources": {v: {**index, "as_of": "2026-11-28"} for v in ("axis", "dahua", "hikvision")},
        "kev_camera_products": [r"^(Hikvision|Amcrest|PTZOptics|Dahua) \|"],
        "kev_not_catalogued": {"CVE-2024-8956": "out of this sample's scope"},
        "firmware_archives": [
            {
                "name": "hikvision",
                "vendor": "hikvision",
                "scheme": "hikvision",
                "family_prefix": "Hikvision",
                "source": "https://a.b/archive.json",
                "as_of": "2026-08-22",
                "fields": {
                    "model": "model",
                    "platform": "hardware_version",
                    "version": "version",
                    "date": "date",
                },
            }
        ],
        "families": [
            {
                "vendor": "axis",
                "family": "AXIS OS",
                "scheme": "axis",
                "models": [r"(AXIS )?[A-Z]{1,2}\d{4}.*"],
                "eol": False,
                "advisories": [
                    {
                        "cves": ["CVE-2025-0324"],
                        "from_cve": {"cve": "CVE-2025-0324", "product": "AXIS OS"},
                        "source": cve + "CVE-2025-0324",
                        "fixed_in": "11.11.140 / 12.3.33",
                    }
                ],
            },
            {
                "vendor": "dahua",
                "scheme": "dahua",
                "models": [r"IPC-H[A-Z]{1,4}3\d{3}.*"],
                "eol": False,
                "advisories": [
                    {
                        "cves": ["CVE-2021-33044"],
                        "source": cve + "CVE-2021-33044",
                        "affected": [{"built_before": "2021-06-01"}],
                    },
                    {
                        "cves": ["CVE-2020-5735"],
                        "summary": "Stack-based buffer overflow on TCP port 37777",
                        "source": cve + "CVE-2020-5735",
                        "source_name": "CVE record",
                        "affected": [{"fixed": "2.420.AC00.18.R.20200217"}],
                        "fixed_in": "2.420.AC00.18.R.20200217",
                    },
                ],
            },
            {
                "vendor": "hikvision",
                "scheme": "hikvision",
                "models": [r"DS-2CD\d.*"],
                "eol": False,
                "advisories": [
                    {
                        "cves": ["CVE-2021-36260"],
                        "summary": "Command injection in the web server",
                        "source": cve + "CVE-2021-36260",
                        "affected": [{"introduced": "V5.4.0", "built_before": "2021-06-28"}],
                    }
                ],
            },
        ],
    }
    curated.update(changes)
    return curated


def _records() -> list[dict[str, Any]]:
    return [_fixture("cve/CVE-2025-0324.json"), _fixture("cve/CVE-2021-33044.json")]


def _sample_build(curated: dict[str, Any] | None = None) -> dict[str, Any]:
    return build.build(curated or _curated(), _fixture("kev-sample.json"), _records())


def test_committed_inputs_reproduce_the_committed_catalog_byte_for_byte() -> None:
    rebuilt = build.build(
        load_json(build.DEFAULT_CURATED),
        load_json(build.DEFAULT_KEV),
        [load_json(path) for path in sorted(build.DEFAULT_CVE_DIR.glob("*.json"))],
        {name: load_json(path) for name, path in build.DEFAULT_ARCHIVES.items()},
    )
    assert render(rebuilt) == build.DEFAULT_OUTPUT.read_text(encoding="utf-8")
    assert main(["--check"]) == 0


def test_catalog_carries_every_camera_kev_entry_of_its_feed() -> None:
    data, _ = bundled_files()
    feed = load_json(build.DEFAULT_KEV)
    advisories = {
        cve: advisory
        for entry in data["entries"]
        for advisory in entry["advisories"]
        for cve in advisory["cves"]
    }
    for item in feed["vulnerabilities"]:
        advisory = advisories[item["cveID"]]
        assert advisory["kev"] is True
        assert advisory["kev_date_added"] == item["dateAdded"]
    # The converse: a CVE is flagged only with the date CISA gives it, in the feed or (for
    # one added after the feed) in its record's CISA enrichment.
    listed = kev_dates(
        feed, [load_json(path) for path in sorted(build.DEFAULT_CVE_DIR.glob("*.json"))]
    )
    for cve, advisory in advisories.items():
        assert advisory["kev_date_added"] == listed.get(cve), cve
    for cve in REQUIRED_KEV:
        assert advisories[cve]["kev"] is True, cve
        assert advisories[cve]["kev_date_added"], cve
    # AVTECH's CVE-2024-7029 is catalogued, but CISA's feed of 2026-08-21 does not list it.
    assert advisories["CVE-2024-7029"]["kev"] is False
    assert data["sources"]["kev"]["as_of"] == feed["dateReleased"][:10]


def test_every_vendor_states_its_index_and_every_eol_its_source() -> None:
    data, _ = bundled_files()
    for entry in data["entries"]:
        source = data["sources"][entry["vendor"]]
        assert source["index"].startswith("https://")
        assert source["as_of"]
        if entry["eol"]:
            assert entry["eol_source"].startswith("https://")
        for release in entry["latest"]:
            assert release["source"].startswith("https://")
            assert release["as_of"]


def test_sample_build_marks_kev_from_the_feed_and_from_record_enrichment() -> None:
    catalog = _sample_build()
    advisories = {a["cves"][0]: a for entry in catalog["entries"] for a in entry["advisories"]}
    # In the feed sample.
    assert advisories["CVE-2021-36260"]["kev_date_added"] == "2022-01-10"
    assert advisories["CVE-2020-5735"]["kev_date_added"] == "2021-11-03"
    # Not in the feed sample: CISA's "kev" enrichment of the CVE record says so.
    assert advisories["CVE-2021-33044"]["kev_date_added"] == "2024-08-21"
    assert advisories["CVE-2025-0324"]["kev"] is False
    # The summary comes from the record when the curated file gives none.
    assert advisories["CVE-2021-33044"]["summary"].startswith("The identity authentication")
    assert advisories["CVE-2020-5735"]["source_name"] == "CVE record"
    assert catalog["sources"]["kev"]["as_of"] == "2026-07-23"
    assert isinstance(validate_catalog(catalog), Catalog)


def test_sample_build_takes_axis_ranges_from_the_cve_record() -> None:
    catalog = _sample_build()
    axis = catalog["entries"][0]["advisories"][0]
    assert axis["affected"] == [
        {"introduced": "11.8.0", "fixed": "11.11.140"},
        {"introduced": "12.0.0", "fixed": "12.3.33"},
    ]
    verdict = validate_catalog(catalog).lookup("axis", "M3106-L Mk II", "11.9.60")
    assert [a.cve for a in verdict.advisories or ()] == ["CVE-2025-0324"]


def test_curated_ranges_join_the_ranges_of_the_cve_record() -> None:
    # A release line the record's bounds cannot order (Lorex W461ASC's 2.800.030000000
    # build next to the records' 2.800.0000000 fix): the curated range is added, not
    # put in place of the record's.
    curated = _curated()
    curated["families"][0]["advisories"][0]["affected"] = [{"last_affected": "10.12.200"}]
    catalog = _sample_build(curated)
    assert catalog["entries"][0]["advisories"][0]["affected"] == [
        {"introduced": "11.8.0", "fixed": "11.11.140"},
        {"introduced": "12.0.0", "fixed": "12.3.33"},
        {"last_affected": "10.12.200"},
    ]
    lookup_ = validate_catalog(catalog).lookup
    assert [a.cve for a in lookup_("axis", "M3106-L Mk II", "10.12.200").advisories or ()] == [
        "CVE-2025-0324"
    ]
    assert lookup_("axis", "M3106-L Mk II", "10.12.201").advisories == ()


def test_an_advisory_mixing_kev_and_other_cves_is_refused() -> None:
    # Each CVE of an advisory is reported with its KEV flag: CVE-2021-36260 is in the feed
    # sample, CVE-2021-99999 is not, so together they would call the second exploited.
    curated = _curated()
    curated["families"][2]["advisories"][0]["cves"].append("CVE-2021-99999")
    with pytest.raises(BuildError, match="CVE-2021-36260: its CVEs differ in CISA KEV listing"):
        _sample_build(curated)


def test_feed_wins_over_record_enrichment() -> None:
    feed = {"vulnerabilities": [{"cveID": "cve-2021-33044", "dateAdded": "2024-08-20"}]}
    assert kev_dates(feed, _records()) == {"CVE-2021-33044": "2024-08-20"}


@pytest.mark.parametrize(
    ("change", "problem"),
    [
        ({"kev_not_catalogued": {}}, "CVE-2024-8956 (PTZOptics | PT30X-SDI/NDI Cameras)"),
        ({"catalog_version": 2026112701}, "does not start with as_of"),
        ({"sources": {}}, "has no advisory index"),
    ],
)
def test_sample_build_refuses_incomplete_inputs(change: dict[str, Any], problem: str) -> None:
    with pytest.raises(BuildError, match=problem.replace("(", r"\(").replace(")", r"\)")):
        _sample_build(_curated(**change))


@pytest.mark.parametrize(
    ("path", "value", "problem"),
    [
        (("advisories", 0, "from_cve", "cve"), "CVE-2099-0001", "not given"),
        (("advisories", 0, "from_cve", "product"), "AXIS Camera Station", "no affected versions"),
    ],
)
def test_from_cve_needs_the_record_and_the_product(
    path: tuple[Any, ...], value: str, problem: str
) -> None:
    curated = _curated()
    target: Any = curated["families"][0]
    for key in path[:-1]:
        target = target[key]
    target[path[-1]] = value
    with pytest.raises(BuildError, match=problem):
        _sample_build(curated)


def test_advisory_without_ranges_or_summary_is_refused() -> None:
    curated = _curated()
    del curated["families"][0]["advisories"][0]["from_cve"]
    with pytest.raises(BuildError, match="neither affected ranges nor from_cve"):
        _sample_build(curated)
    curated = _curated()
    del curated["families"][2]["advisories"][0]["summary"]
    with pytest.raises(BuildError, match="no summary and no CVE record"):
        _sample_build(curated)


def test_record_without_english_description_is_refused() -> None:
    record = copy.deepcopy(_fixture("cve/CVE-2021-33044.json"))
    record["containers"]["cna"]["descriptions"] = [{"lang": "de", "value": "x"}]
    with pytest.raises(BuildError, match="no English description"):
        build.build(_curated(), _fixture("kev-sample.json"), [_records()[0], record])


def test_ranges_from_record_reads_every_bound_form() -> None:
    record = {
        "cveMetadata": {"cveId": "CVE-2000-0001"},
        "containers": {
            "cna": {
                "affected": [
                    {
                        "product": "Cam",
                        "versions": [
                            {"status": "affected", "version": "1.0", "lessThanOrEqual": "1.9"},
                            {"status": "affected", "version": "2.5"},
                            {"status": "affected", "version": "0"},
                            {"status": "unaffected", "version": "3.0"},
                        ],
                    },
                    {"product": "Other", "versions": [{"status": "affected", "version": "9"}]},
                ]
            }
        },
    }
    assert ranges_from_record(record, "cam") == [
        {"introduced": "1.0", "last_affected": "1.9"},
        {"introduced": "2.5", "last_affected": "2.5"},
        {"all": True},
    ]


def test_axis_records_give_one_range_per_lts_track() -> None:
    # Axis CNA records list AXIS OS per track with semver `version`/`lessThan`.
    port_cgi = load_json(build.DEFAULT_CVE_DIR / "CVE-2025-9524.json")
    ranges = ranges_from_record(port_cgi, "AXIS OS")
    assert [(r["introduced"], r["fixed"]) for r in ranges] == [
        ("6.50.0", "6.50.5.21"),
        ("7.0.0", "8.40.89"),
        ("9.0.0", "9.80.123"),
        ("10.0.0", "10.12.305"),
        ("11.0.0", "11.11.177"),
        ("12.0.0", "12.7.11"),
    ]
    assert all(parse("axis", r[key]) is not None for r in ranges for key in r)
    # CVE-2024-8160 marks its 11 track "unaffected": that range is not an affected one.
    ftptest = load_json(build.DEFAULT_CVE_DIR / "CVE-2024-8160.json")
    assert ranges_from_record(ftptest, "AXIS OS") == [
        {"introduced": "10.9.0", "fixed": "10.12.257"},
        {"introduced": "12.0.0", "fixed": "12.1.21"},
    ]


def _row(model: str, platform: str, version: str, date: str, beta: bool = False) -> dict[str, Any]:
    return {
        "model": model,
        "hardware_version": platform,
        "version": version,
        "date": date,
        "is_beta": beta,
    }


def test_archive_gives_the_newest_release_per_model_and_a_bound_across_platforms() -> None:
    rule = _curated()["firmware_archives"][0]
    rows = [
        _row("DS-2CD2043G2-I(U)", "IPC_G0", "5.7.23", "2026-03-20"),
        _row("DS-2CD2043G2-IU", "IPC_G0", "5.7.3", "2024-01-01"),
        _row("DS-2CD2043G2-IU", "IPC_G0", "5.8.0", "2026-07-01", beta=True),
        _row("DS-2CD2423G0-I(W)", "IPC_G1", "5.6.821", "2023-08-31"),
        _row("DS-2CD2423G0-I", "IPC_G0", "5.5.83", "2019-02-21"),
        _row("DS-1", "IPC_G0", "latest", ""),
        # A note in full-width brackets is no part of the name the device reports.
        _row("Video Doorbell WiFi-W\uff08White WiFi\uff09", "DB_W_W", "3.0.0.6460", "2026-05-21"),
    ]
    entries = archive_entries(rows, rule)
    src = {"source": rule["source"], "as_of": "2026-08-22"}
    assert [(e["models"], e["latest"][0]) for e in entries[-1:]] == [
        (
            ["Video\\ Doorbell\\ WiFi\\-W"],
            {"version": "3.0.0.6460", "date": "2026-05-21", **src},
        ),
    ]
    assert [(e["models"], e["latest"][0]) for e in entries[:-1]] == [
        (
            ["DS\\-2CD2043G2\\-I", "DS\\-2CD2043G2\\-IU"],
            {"version": "5.7.23", "date": "2026-03-20", **src},
        ),
        # Two platforms: the older of their newest releases, as a lower bound only.
        (
            ["DS\\-2CD2423G0\\-I"],
            {"version": "5.5.83", "date": "2019-02-21", **src, "minimum": True},
        ),
        (
            ["DS\\-2CD2423G0\\-IW"],
            {"version": "5.6.821", "date": "2023-08-31", **src},
        ),
    ]  # fmt: skip


def test_archive_reads_applied_to_lists_and_skips_what_it_cannot_trust() -> None:
    """The rule options the Hikvision archive needs, each on a record shaped like its own."""
    rule = {
        **_curated()["firmware_archives"][0],
        "fields": {**_curated()["firmware_archives"][0]["fields"], "also": "supported_models",
                   "file": "filename"},
        "models": ["I?DS-[2789].*"],
        "unknown_platform": "UNKNOWN",
        "slash_as_dash": True,
    }  # fmt: skip

    def row(model: str, platform: str, version: str, also: list[str], file: str) -> dict[str, Any]:
        return {**_row(model, platform, version, "2026-03-20"), "supported_models": also,
                "filename": file}  # fmt: skip

    rows = [
        # "Applied to" names get the file's release; a door station in the list does not.
        row("DS-2CD1183G0-I", "IPC_G0", "5.7.23", ["DS-2CD2146G2-I(SU)", "DS-KD8003-IME1"],
            "Firmware__V5.7.23_251220_S3000720146.zip"),
        # The scrape paired this page with another model's file: not evidence, skipped.
        row("DS-2CD3147G3-LISU", "IPC_G0", "5.8.50", ["DS-7608NI-M2"],
            "Firmware__V5.04.087_260727_S3000743397.zip"),
        # Platform unknown: each such record may be another platform, so only a bound.
        row("DS-2SE4C425MWG-E/14", "UNKNOWN", "5.8.2", [], "Firmware__V5.8.2_x.zip"),
        row("DS-2SE4C425MWG-E/14", "UNKNOWN", "5.10.0", [], "Firmware__V5.10.0_x.zip"),
    ]  # fmt: skip
    entries = archive_entries(rows, rule)
    latest = {m: (e["latest"][0]["version"], "minimum" in e["latest"][0])
              for e in entries for m in e["models"]}  # fmt: skip
    assert latest == {
        "DS[/-]2CD1183G0[/-]I": ("5.7.23", False),
        "DS[/-]2CD2146G2[/-]I": ("5.7.23", False),
        "DS[/-]2CD2146G2[/-]ISU": ("5.7.23", False),
        "DS[/-]2SE4C425MWG[/-]E[/-]14": ("5.8.2", True),
    }
    catalog = build.build(
        {**_curated(), "firmware_archives": [rule]}, _fixture("kev-sample.json"), _records(),
        {"hikvision": rows},
    )  # fmt: skip
    loaded = validate_catalog(catalog)
    # The vendor writes "/" where a device may report "-", and the reverse.
    for model in ("DS-2SE4C425MWG-E-14", "ds-2se4c425mwg-e/14"):
        assert loaded.lookup("hikvision", model, "V5.8.1 build 240929").firmware_up_to_date is False
    assert loaded.lookup("hikvision", "DS-2SE4C425MWG-E14", "V5.8.1").known_model is False
    current = loaded.lookup("hikvision", "DS-2CD2146G2-ISU", "V5.7.23 build 251220")
    assert (current.firmware_up_to_date, current.latest_firmware) == (True, "5.7.23")
    assert loaded.lookup("hikvision", "DS-7608NI-M2", "V5.04.087").known_model is False


def test_archive_lower_bound_proves_old_never_current() -> None:
    catalog = build.build(
        _curated(),
        _fixture("kev-sample.json"),
        _records(),
        {"hikvision": {"a": _row("DS-2CD2423G0-I", "IPC_G1", "5.6.821", "2023-08-31"),
                       "b": _row("DS-2CD2423G0-I", "IPC_G0", "5.5.83", "2019-02-21")}},
    )  # fmt: skip
    loaded = validate_catalog(catalog)
    old = loaded.lookup("hikvision", "DS-2CD2423G0-I", "V5.5.0 build 210701")
    assert (old.firmware_up_to_date, old.latest_firmware) == (False, None)
    assert "a newer release exists (5.5.83, https://a.b/archive.json" in old.up_to_date_evidence
    newer = loaded.lookup("hikvision", "DS-2CD2423G0-I", "V5.5.83 build 210701")
    assert (newer.firmware_up_to_date, newer.latest_firmware) == (None, None)


def test_archive_gives_each_reported_board_its_own_release_beside_the_bound() -> None:
    rule = {**_curated()["firmware_archives"][0], "unknown_platform": "UNKNOWN"}
    rows = [
        _row("CAM-1", "IPC_A", "5.5.83", "2019-02-21"),
        _row("CAM-1", "IPC_A", "5.5.90", "2020-01-01"),
        _row("CAM-1", "IPC_B", "5.7.23", "2026-03-20"),
        # May be either board: counts for the bound; older than each board's own.
        _row("CAM-1", "UNKNOWN", "5.6.0", "2021-01-01"),
        # One file for two boards: a release of each (IPC_A's newest).
        _row("CAM-1", "IPC_A or IPC_C", "5.6.1", "2021-02-01"),
        # One board: its newest release is the model's latest, and that board's.
        _row("CAM-2", "IPC_A", "5.7.23", "2026-03-20"),
        # A record of unknown platform newer than the board's own: only a bound for it.
        _row("CAM-3", "IPC_A", "5.5.90", "2020-01-01"),
        _row("CAM-3", "UNKNOWN", "5.6.0", "2021-01-01"),
    ]
    src = {"source": rule["source"], "as_of": "2026-08-22"}
    old = {"version": "5.5.90", "date": "2020-01-01", **src}
    assert [(e["models"], e["latest"]) for e in archive_entries(rows, rule)] == [
        (["CAM\\-1", "CAM\\-3"], [{**old, "minimum": True}]),
        (["CAM\\-2"], [{"version": "5.7.23", "date": "2026-03-20", **src}]),
    ]
    # Only where devices report the archive's platform string.
    entries = archive_entries(rows, {**rule, "platform_reported": True})
    two_boards = {"version": "5.6.1", "date": "2021-02-01", **src}
    newest = {"version": "5.7.23", "date": "2026-03-20", **src}
    assert [(e["models"], e["latest"]) for e in entries] == [
        (
            ["CAM\\-1"],
            [
                {**old, "minimum": True},
                {**two_boards, "hardware": "IPC_A"},
                {**newest, "hardware": "IPC_B"},
                {**two_boards, "hardware": "IPC_C"},
            ],
        ),
        (["CAM\\-2"], [newest, {**newest, "hardware": "IPC_A"}]),
        (["CAM\\-3"], [{**old, "minimum": True}, {**old, "minimum": True, "hardware": "IPC_A"}]),
    ]
    # The same inputs in another order give the same entries.
    assert archive_entries(rows[::-1], {**rule, "platform_reported": True}) == entries
    catalog = build.build(
        {**_curated(), "firmware_archives": [{**rule, "platform_reported": True}]},
        _fixture("kev-sample.json"), _records(), {"hikvision": rows},
    )  # fmt: skip
    loaded = validate_catalog(catalog)
    on_b = loaded.lookup("hikvision", "CAM-1", "V5.7.3 build 240101", hardware="IPC_B")
    assert (on_b.firmware_up_to_date, on_b.latest_firmware) == (False, "5.7.23")
    assert "5.7.23 listed for hardware IPC_B (https://a.b/archive.json" in (
        on_b.up_to_date_evidence
    )
    # IPC_A's newest is the two-board file's 5.6.1, not its own 5.5.90.
    on_a = loaded.lookup("hikvision", "CAM-1", "V5.5.90 build 200101", hardware="IPC_A")
    assert (on_a.firmware_up_to_date, on_a.latest_firmware) == (False, "5.6.1")
    # A board the archive does not list: no release speaks for it.
    unlisted = loaded.lookup("hikvision", "CAM-2", "V5.7.23 build 260320", hardware="IPC_Z")
    assert (unlisted.firmware_up_to_date, unlisted.latest_firmware) == (None, None)
    assert "none for hardware IPC_Z" in unlisted.up_to_date_evidence
    # At a bound: not known to be current.
    at_bound = loaded.lookup("hikvision", "CAM-3", "V5.5.90 build 200101", hardware="IPC_A")
    assert at_bound.firmware_up_to_date is None


def test_cli_writes_checks_and_reports_errors(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    curated = tmp_path / "curated.json"
    curated.write_text(json.dumps(_curated()), encoding="utf-8")
    output = tmp_path / "catalog.json"
    args = [
        "--curated", str(curated),
        "--kev", str(FIXTURES / "kev-sample.json"),
        "--cve-dir", str(FIXTURES / "cve"),
        "--no-archives",
        "--output", str(output),
    ]  # fmt: skip
    assert main(args) == 0
    assert render(_sample_build()) == output.read_text(encoding="utf-8")
    assert main([*args, "--check"]) == 0
    output.write_text("{}", encoding="utf-8")
    assert main([*args, "--check"]) == 1
    assert main([*args[:2], "--kev", "http://127.0.0.1/feed.json", *args[4:]]) == 2
    assert "only https URLs or files" in capsys.readouterr().err
    archive = tmp_path / "hik.json"
    archive.write_text(json.dumps([_row("DS-2CD2043G2-IU", "IPC_G0", "5.7.23", "")]), "utf-8")
    with_archive = [*args[:-3], "--archive", f"hikvision={archive}", *args[-2:]]
    assert main(with_archive) == 0
    assert "DS\\\\-2CD2043G2\\\\-IU" in output.read_text(encoding="utf-8")


@pytest.fixture
def https_feed() -> Iterator[str]:
    """CISA's feed sample served over HTTPS on loopback (self-signed, like a test server)."""
    body = (FIXTURES / "kev-sample.json").read_bytes()

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args: object) -> None:
            pass

    server = http.server.HTTPServer(("127.0.0.1", 0), Handler)
    server.socket = server_context().wrap_socket(server.socket, server_side=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"https://127.0.0.1:{server.server_address[1]}/known_exploited_vulnerabilities.json"
    server.shutdown()
    server.server_close()


def test_feed_is_read_from_an_https_url(https_feed: str) -> None:
    trusting = ssl.create_default_context()
    trusting.check_hostname = False
    trusting.verify_mode = ssl.CERT_NONE
    feed = load_json(https_feed, context=trusting)
    assert feed["catalogVersion"] == "2026.07.23"
    # By default the certificate is checked: a self-signed one is refused.
    with pytest.raises(OSError, match="CERTIFICATE_VERIFY_FAILED"):
        load_json(https_feed)


def test_exact_model_names_match_like_the_patterns_they_are() -> None:
    """Names are looked up without regex, patterns with it: both must agree on a match."""
    family = {
        "vendor": "hikvision",
        "scheme": "hikvision",
        "models": ["DS\\-2CD2043G2\\-IU", "DS[/-]7608NI[/-]M2", "A[/-]B-C", "DS-2DE\\d{4}.*"],
        "eol": False,
        "advisories": [],
        "latest": [
            {"version": "5.7.23", "date": None, "source": "https://a.b/x", "as_of": "2026-08-22"}
        ],
    }
    loaded = validate_catalog(
        build.build(
            {**_curated(), "kev_camera_products": [], "families": [family]},
            _fixture("kev-sample.json"),
            _records(),
        )
    )
    matches = {
        "ds-2cd2043g2-iu": True,
        "DS-2CD2043G2/IU": False,  # no "[/-]": a "-" is a "-"
        "DS-7608NI/M2": True,
        "DS/7608NI-M2": True,
        "A/B-C": True,
        "A-B/C": False,  # a literal "-" stays literal next to a "[/-]"
        "DS-2DE4425IW-DE": True,
        "DS-2CD2043G2-IUX": False,
    }
    assert {m: loaded.lookup("hikvision", m, "V5.7.0").known_model for m in matches} == matches


def test_door_station_revisions_are_names_of_their_own() -> None:
    """A door station's "(C)" is a hardware revision: kept, never merged with the plain model.

    Rows shaped like the archive's (model, "Applied to" list with the scraper's
    bracket-stripped names added), versions as it lists them for the DS-KV8213-WME1 family.
    """
    base = _curated()["firmware_archives"][0]
    rule = {
        **base,
        "fields": {**base["fields"], "also": "supported_models"},
        "models": ["I?DS-[2789].*"],
        "revision_models": ["DS-K[BV]\\d.*"],
        "slash_as_dash": True,
    }

    def row(model: str, version: str, also: list[str]) -> dict[str, Any]:
        return {**_row(model, "IPC_G0", version, "2025-09-29"), "supported_models": also}

    rows = [
        # Revision C only; "DS-KV8213-WME1" is the scraper's stripped copy of it.
        row("DS-KIS600", "3.7.0", ["DS-KV8213-WME1(C)", "DS-KV8213-WME1(C)/FLUSH",
                                    "DS-KV8213-WME1", "DS-KV8213-WME1/FLUSH"]),
        row("DS-KV8213-WME1(B)", "2.2.53", ["DS-KV8213-WME1(B)", "DS-KV8213-WME1"]),
        # The original hardware, listed by Hikvision without a revision.
        row("DS-KV8113-WME1", "2.1.35", ["DS-KV8213-WME1"]),
        # Camera names still read a bracket as optional text, "(C)" included.
        row("DS-2CD2043G2-I(C)", "5.7.23", ["DS-2CD2146G2-I(SU)"]),
    ]  # fmt: skip
    entries = archive_entries(rows, rule)
    latest = {m: e["latest"][0]["version"] for e in entries for m in e["models"]}
    assert latest == {
        "DS[/-]KV8213[/-]WME1\\(C\\)": "3.7.0",
        "DS[/-]KV8213[/-]WME1\\(C\\)[/-]FLUSH": "3.7.0",
        "DS[/-]KV8213[/-]WME1\\(B\\)": "2.2.53",
        "DS[/-]KV8113[/-]WME1": "2.1.35",
        "DS[/-]KV8213[/-]WME1": "2.1.35",
        "DS[/-]2CD2043G2[/-]I": "5.7.23",
        "DS[/-]2CD2043G2[/-]IC": "5.7.23",
        "DS[/-]2CD2146G2[/-]I": "5.7.23",
        "DS[/-]2CD2146G2[/-]ISU": "5.7.23",
    }
    catalog = build.build(
        {**_curated(), "firmware_archives": [rule]}, _fixture("kev-sample.json"), _records(),
        {"hikvision": rows},
    )  # fmt: skip
    loaded = validate_catalog(catalog)
    # The device reports its revision literally (tests/fixtures/real/hikvision/DS-KV8213-WME1-C).
    revision_c = loaded.lookup("hikvision", "DS-KV8213-WME1(C)", "V2.2.77 build 240515")
    assert (revision_c.firmware_up_to_date, revision_c.latest_firmware) == (False, "3.7.0")
    # The plain name lost revision C's record (Hikvision may have listed it there too), so
    # its own newest release is only a bound: it proves older firmware old, never current.
    plain = loaded.lookup("hikvision", "DS-KV8213-WME1", "V2.1.35 build 210420")
    assert (plain.firmware_up_to_date, plain.latest_firmware) == (None, None)
    assert loaded.lookup("hikvision", "DS-KV8213-WME1", "V2.1.30").firmware_up_to_date is False
    assert loaded.lookup("hikvision", "DS-KV8213-WME1C", "V2.2.77").known_model is False
