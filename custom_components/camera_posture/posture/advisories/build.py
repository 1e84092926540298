"""Rebuild catalog.json from its inputs (scripts/update-catalog).

Inputs, each a file path or an https URL:
- CISA's Known Exploited Vulnerabilities JSON feed (which CVEs are exploited, and since when);
- CVE JSON 5 records from the public CVE list (descriptions, machine-readable version
  ranges, and CISA's "kev" enrichment, which may be newer than the feed given);
- the hand-maintained curated file in sources/ (vendor advisories' model families and
  ranges, latest releases, end of life, each with the URL it was read from);
- optionally an archive of Hikvision's firmware download centre (latest release per model).

The output is deterministic: the same inputs give the same bytes, so a test can prove
the committed catalog is what the committed inputs produce. Nothing here runs inside
Home Assistant; the integration only reads the catalog this writes.
"""

from __future__ import annotations

import argparse
import itertools
import json
import re
import ssl
import sys
import urllib.request
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

from .lookup import CatalogError, validate_catalog
from .versions import parse

HERE = Path(__file__).parent
SOURCES = HERE / "sources"
DEFAULT_CURATED = SOURCES / "curated.json"
DEFAULT_KEV = SOURCES / "kev-cameras.json"
DEFAULT_CVE_DIR = SOURCES / "cve"
DEFAULT_ARCHIVES = {
    "hikvision": SOURCES / "hikvision-firmware-archive.json",
    "reolink": SOURCES / "reolink-firmware-archive.json",
}
DEFAULT_OUTPUT = HERE / "catalog.json"
KEV_INDEX = "https://www.cisa.gov/known-exploited-vulnerabilities-catalog"
# An archive model like "DS-2CD1027G3-LIU(F)(/SL)" expands to at most this many names.
MAX_EXPANSIONS = 64
FETCH_TIMEOUT_S = 60


class BuildError(ValueError):
    """The inputs cannot make a valid, fully sourced catalog."""


def load_json(ref: str | Path, *, context: ssl.SSLContext | None = None) -> Any:
    """A JSON document from a file path or an https URL (certificate checked by default)."""
    text = str(ref)
    if text.startswith("https://"):
        opened = urllib.request.urlopen(text, timeout=FETCH_TIMEOUT_S, context=context)  # noqa: S310
        with opened as answer:
            return json.loads(answer.read().decode("utf-8"))
    if "://" in text:
        raise BuildError(f"only https URLs or files are accepted: {text}")
    return json.loads(Path(text).read_text(encoding="utf-8"))


def kev_dates(feed: dict[str, Any], records: Iterable[dict[str, Any]]) -> dict[str, str]:
    """CVE id -> date CISA added it to KEV, from the feed and the records' CISA enrichment.

    The feed wins where both speak: it is CISA's own list; a record's enrichment only
    fills in entries added after the feed given was published.
    """
    dates: dict[str, str] = {}
    for record in records:
        added = _record_kev_date(record)
        if added is not None:
            dates[_record_id(record)] = added
    for item in feed.get("vulnerabilities", []):
        dates[item["cveID"].upper()] = item["dateAdded"]
    return dates


def _record_id(record: dict[str, Any]) -> str:
    return str(record["cveMetadata"]["cveId"]).upper()


def _record_kev_date(record: dict[str, Any]) -> str | None:
    for container in record.get("containers", {}).get("adp", []):
        for metric in container.get("metrics", []):
            other = metric.get("other", {})
            if other.get("type") == "kev":
                return str(other["content"]["dateAdded"])
    return None


def _record_summary(record: dict[str, Any]) -> str:
    for description in record["containers"]["cna"].get("descriptions", []):
        if description.get("lang", "").startswith("en"):
            text = " ".join(description["value"].split())
            first = re.split(r"(?<=\.)\s", text, maxsplit=1)[0]
            return first[:300]
    raise BuildError(f"{_record_id(record)}: the CVE record has no English description")


def ranges_from_record(record: dict[str, Any], product: str) -> list[dict[str, Any]]:
    """Affected ranges of `product` (a regex on the record's product names) in a CVE record.

    Reads the JSON 5 version objects: `version` starts a range unless it is "0", and
    `lessThan` / `lessThanOrEqual` end it. A product with no bounds at all is all versions.
    """
    ranges: list[dict[str, Any]] = []
    for affected in record["containers"]["cna"].get("affected", []):
        if not re.fullmatch(product, affected.get("product", ""), re.IGNORECASE):
            continue
        for version in affected.get("versions", []):
            if version.get("status") != "affected":
                continue
            rng: dict[str, Any] = {}
            start = str(version.get("version", "")).strip()
            if start not in ("", "0", "*"):
                rng["introduced"] = start
            if "lessThan" in version:
                rng["fixed"] = str(version["lessThan"]).strip()
            elif "lessThanOrEqual" in version:
                rng["last_affected"] = str(version["lessThanOrEqual"]).strip()
            elif "introduced" in rng:
                rng["last_affected"] = rng["introduced"]
            ranges.append(rng or {"all": True})
    if not ranges:
        raise BuildError(f"{_record_id(record)}: no affected versions of product {product!r}")
    return ranges


def _advisory(
    spec: dict[str, Any], records: dict[str, dict[str, Any]], kev: dict[str, str]
) -> dict[str, Any]:
    cves = list(spec["cves"])
    record = next((records[cve] for cve in cves if cve in records), None)
    if "from_cve" in spec:
        source_cve = spec["from_cve"]["cve"]
        if source_cve not in records:
            raise BuildError(f"{cves[0]}: ranges come from CVE record {source_cve}, not given")
        affected = ranges_from_record(records[source_cve], spec["from_cve"]["product"])
        # Curated ranges next to the record's: a release line the record's own numbering
        # orders but the scheme files apart (its bounds say nothing about that line).
        affected += spec.get("affected", [])
    elif "affected" in spec:
        affected = spec["affected"]
    else:
        raise BuildError(f"{cves[0]}: neither affected ranges nor from_cve")
    if "summary" in spec:
        summary = spec["summary"]
    elif record is not None:
        summary = _record_summary(record)
    else:
        raise BuildError(f"{cves[0]}: no summary and no CVE record to take one from")
    listed = {kev.get(cve) for cve in cves}
    if len(listed) > 1:
        # Every CVE of an advisory is reported with the advisory's KEV flag and date, so one
        # exploited CVE beside others would call them exploited too (CVE-2021-40407 keeps an
        # advisory of its own beside the Talos records of the same report for this reason).
        raise BuildError(f"{cves[0]}: its CVEs differ in CISA KEV listing or date; split them")
    added = listed.pop()
    out: dict[str, Any] = {
        "cves": cves,
        "kev": added is not None,
        "kev_date_added": added,
        "summary": summary,
        "source": spec["source"],
    }
    if "source_name" in spec:
        out["source_name"] = spec["source_name"]
    out["affected"] = affected
    out["fixed_in"] = spec.get("fixed_in")
    if "update" in spec:
        out["update"] = spec["update"]
    if "unlisted_lines_unknown" in spec:
        out["unlisted_lines_unknown"] = spec["unlisted_lines_unknown"]
    return out


_ENTRY_KEYS = (
    "vendor",
    "family",
    "scheme",
    "models",
    "eol",
    "eol_source",
    "eol_note",
    "note",
    "versions_from",
)


def _entry(
    spec: dict[str, Any], records: dict[str, dict[str, Any]], kev: dict[str, str]
) -> dict[str, Any]:
    entry = {key: spec[key] for key in _ENTRY_KEYS if key in spec}
    entry["latest"] = spec.get("latest", [])
    entry["advisories"] = [_advisory(a, records, kev) for a in spec.get("advisories", [])]
    return entry


# A hardware revision after a door station's name, as Hikvision lists it and the device
# reports it ("DS-KV8213-WME1(C)"): another board with its own firmware, not an option.
_REVISION = re.compile(r"\([A-Z]\)")


def _expand(model: str, *, revisions: bool = False) -> list[str]:
    """Every model name an archive entry stands for: `A(B)C` -> `AC` and `ABC`.

    With `revisions`, a one-letter group is a hardware revision: it stays as written.
    """
    group = r"(\((?![A-Z]\))[^()]*\))" if revisions else r"(\([^()]*\))"
    parts = re.split(group, model)
    # re.split puts each group at an odd index.
    choices = [[p[1:-1], ""] if i % 2 else [p] for i, p in enumerate(parts)]
    names = {
        "".join(combo).strip()
        for combo in itertools.islice(itertools.product(*choices), MAX_EXPANSIONS)
    }
    return sorted(name for name in names if name)


def _version_key(scheme: str, text: str) -> tuple[int, ...] | None:
    version = parse(scheme, text)
    if version is None or version.line:
        return None
    return (*version.numbers, version.build or 0)


_FULL_WIDTH_NOTE = re.compile("\uff08[^\uff09]*\uff09")


def _archive_names(
    record: dict[str, Any],
    rule: dict[str, Any],
    keep: list[re.Pattern[str]],
    revised: list[re.Pattern[str]],
) -> tuple[list[str], set[str]]:
    """The model names one archive record's firmware is for, as the rule selects them.

    `fields.also` (optional) names a field listing more models the same file applies to
    (Hikvision's "Applied to" list); `keep` (the rule's optional `models`) keeps only names
    matching one of its patterns (cameras and recorders, not switches). Names matching
    `revised` (the rule's `revision_models`: door stations) are kept too, and read with
    their hardware revision ("(C)") as part of the name. Also returned: plain names left
    out because the record lists them only beside a revision (see below).
    """
    fields = rule["fields"]
    listed = [record[fields["model"]]]
    if "also" in fields:
        listed += record.get(fields["also"]) or []
    names: set[str] = set()
    # A note in full-width brackets (U+FF08, U+FF09: Reolink's "Reolink Video Doorbell
    # WiFi-W" + "(White WiFi)", Hikvision's "DS-KD8023-E6" + "(O-STD)") is the download
    # centre's description, not part of the name the device reports: it is left out.
    for text in (" ".join(_FULL_WIDTH_NOTE.sub("", str(text)).split()) for text in listed):
        names.update(_expand(text, revisions=any(p.fullmatch(text) for p in revised)))
    # The archive's scraper adds every listed name with its brackets removed (its
    # common.extract_models): for "DS-KV8213-WME1(C)" that is "DS-KV8213-WME1", the
    # original hardware, which revision C's firmware is not for. Such a name is dropped.
    # The archive cannot tell it from Hikvision listing both, so the plain model may have
    # lost a release of its own: the caller keeps its release a lower bound.
    dropped = {
        _REVISION.sub("", name)
        for name in names
        if _REVISION.search(name) and any(p.fullmatch(name) for p in revised)
    } & names
    names -= dropped
    kept = (name for name in names if any(p.fullmatch(name) for p in (*keep, *revised)))
    if rule.get("slash_as_dash"):
        # The vendor spells one model both ways (Hikvision lists "DS-2TD1228-2/QA" and
        # "DS-2TD1228-2-QA" with the same firmware; a DS-2SE4C425MWG-E/26 reports
        # "DS-2SE4C425MWG-E-26"): one name, and its pattern accepts either.
        kept = (name.replace("/", "-") for name in kept)
        dropped = {name.replace("/", "-") for name in dropped}
    return sorted(set(kept)), dropped


def _model_pattern(name: str, rule: dict[str, Any]) -> str:
    pattern = re.escape(name)
    return pattern.replace(r"\-", "[/-]") if rule.get("slash_as_dash") else pattern


# A version as a firmware file name carries it: "Firmware__V5.8.110_260605_S3000732871.zip".
_FILE_VERSION = re.compile(r"(?<![\d.])\d+\.\d+\.\d+(?![\d.])")


def _mislabelled(record: dict[str, Any], version: str, rule: dict[str, Any]) -> bool:
    """Whether the record's own file name names another version than the record does.

    A scrape can pair a model page with the wrong file or cut a version short ("5.8.11"
    for Firmware__V5.8.110): such a record is not evidence of anything, so it is skipped.
    """
    if "file" not in rule["fields"]:
        return False
    named = _FILE_VERSION.findall(str(record.get(rule["fields"]["file"]) or ""))
    return bool(named) and version not in named


def _archive_release(
    rule: dict[str, Any], version: str, released: str, *, minimum: bool = False, hardware: str = ""
) -> dict[str, Any]:
    release: dict[str, Any] = {
        "version": version,
        "date": released or None,
        "source": rule["source"],
        "as_of": rule["as_of"],
    }
    if minimum:
        release["minimum"] = True
    if hardware:
        release["hardware"] = hardware
    return release


# An archive release: (version key, version, date).
type _Release = tuple[tuple[int, ...], str, str]
# A board's release: (board, version, date, whether only a lower bound).
type _BoardRelease = tuple[str, str, str, bool]


def archive_entries(
    records: Iterable[dict[str, Any]], rule: dict[str, Any]
) -> list[dict[str, Any]]:
    """Latest release per model from an archive of a vendor's download centre.

    `rule` (from curated.json) names the vendor, version scheme, source and the record
    fields to read. A model listed on one hardware platform gets that platform's newest
    release as its latest. A model on several platforms gets the oldest of their newest
    releases as a lower bound (`minimum`): firmware below it is older than the latest
    release of every platform, so surely not up to date; at or above it, nobody knows.
    A record whose platform is the rule's `unknown_platform` may be for any platform, so
    it counts as a platform of its own.

    When the rule says `platform_reported` (devices report the archive's platform string
    as their hardware id: Reolink's GetDevInfo `hardVer`), such a model also gets one
    release per platform, marked with its `hardware`: a device reporting that board is
    judged against its own latest release instead of the bound.
    """
    fields, scheme = rule["fields"], rule["scheme"]
    unknown = rule.get("unknown_platform")
    keep = [re.compile(p, re.IGNORECASE) for p in rule.get("models", [".*"])]
    revised = [re.compile(p, re.IGNORECASE) for p in rule.get("revision_models", [])]
    newest: dict[tuple[str, str], _Release] = {}
    # Where devices report the platform (a board), each board's newest release too, from
    # every record that names the board: its own, and those for "N2MB02 or H3MB18" (one
    # file for two boards). A record of unknown platform may be for any board: when it is
    # newer than a board's own, that board's release is only a lower bound.
    per_board: dict[tuple[str, str], _Release] = {}
    any_board: dict[str, _Release] = {}
    uncertain: set[str] = set()
    for index, record in enumerate(records):
        version = str(record.get(fields["version"], ""))
        key = _version_key(scheme, version)
        if record.get("is_beta") or key is None or _mislabelled(record, version, rule):
            continue
        released = str(record.get(fields["date"]) or "")[:10]
        platform = str(record[fields["platform"]])
        unknown_platform = unknown is not None and platform == unknown
        if unknown_platform:
            platform = f"{unknown}#{index}"
        names, dropped = _archive_names(record, rule, keep, revised)
        uncertain |= dropped
        release = (key, version, released)
        for name in names:
            _keep_newest(newest, (name, platform), release)
            if not rule.get("platform_reported"):
                continue
            if unknown_platform:
                _keep_newest(any_board, name, release)
                continue
            for board in re.split(r"\s+or\s+", platform.strip()):
                if board and not re.search(r"\s", board):
                    _keep_newest(per_board, (name, board), release)
    per_model: dict[str, list[_Release]] = {}
    for (name, _), best in newest.items():
        per_model.setdefault(name, []).append(best)
    boards_of: dict[str, list[tuple[str, _Release]]] = {}
    for (name, board), best in sorted(per_board.items()):
        boards_of.setdefault(name, []).append((board, best))
    # Models with the same releases share one entry (the archive lists many names per file):
    # the model-wide (version, date, whether only a bound), then each board's (board,
    # version, date, whether only a bound). Every board is listed, a model's only one too:
    # a device reporting a board the archive does not list is then not judged by another
    # board's release.
    groups: dict[tuple[tuple[str, str, bool], tuple[_BoardRelease, ...]], list[str]] = {}
    for name, bests in per_model.items():
        _, version, released = min(bests)
        bound = len(bests) > 1 or name in uncertain
        anywhere = any_board.get(name)
        own = tuple(
            (board, best[1], best[2], anywhere is not None and anywhere > best)
            for board, best in boards_of.get(name, [])
        )
        groups.setdefault(((version, released, bound), own), []).append(name)
    entries = []
    for ((version, released, minimum), own), names in sorted(
        groups.items(), key=lambda g: min(g[1])
    ):
        names.sort()
        latest = [_archive_release(rule, version, released, minimum=minimum)]
        latest += [
            _archive_release(rule, v, d, minimum=bound, hardware=board)
            for board, v, d, bound in own
        ]
        entries.append(
            {
                "vendor": rule["vendor"],
                "family": f"{rule['family_prefix']} {names[0]}"
                + " and variants" * (len(names) > 1),
                "scheme": scheme,
                "models": [_model_pattern(name, rule) for name in names],
                "eol": False,
                "latest": latest,
                "advisories": [],
            }
        )
    return entries


def _keep_newest(slots: dict[Any, Any], slot: Any, release: tuple[Any, ...]) -> None:
    if slot not in slots or release > slots[slot]:
        slots[slot] = release


def _uncovered_kev(curated: dict[str, Any], feed: dict[str, Any], covered: set[str]) -> list[str]:
    """Camera, NVR and DVR entries of the KEV feed that the catalog does not carry."""
    patterns = [re.compile(p, re.IGNORECASE) for p in curated["kev_camera_products"]]
    skipped = curated.get("kev_not_catalogued", {})
    missing = []
    for item in feed.get("vulnerabilities", []):
        product = f"{item['vendorProject']} | {item['product']}"
        cve = item["cveID"].upper()
        if any(p.search(product) for p in patterns) and cve not in covered and cve not in skipped:
            missing.append(f"{cve} ({product})")
    return missing


def build(
    curated: dict[str, Any],
    kev_feed: dict[str, Any],
    records: Sequence[dict[str, Any]] = (),
    archives: dict[str, Any] | None = None,
) -> dict[str, Any]:
    """The catalog document the inputs make (validated; raises BuildError otherwise)."""
    by_id = {_record_id(record): record for record in records}
    kev = kev_dates(kev_feed, records)
    version, as_of = curated["catalog_version"], curated["as_of"]
    if not str(version).startswith(as_of.replace("-", "")):
        raise BuildError(f"catalog_version {version} does not start with as_of {as_of}")
    sources = dict(curated["sources"])
    sources["kev"] = {
        "name": "CISA Known Exploited Vulnerabilities catalog",
        "index": KEV_INDEX,
        "as_of": str(kev_feed["dateReleased"])[:10],
    }
    entries = [_entry(spec, by_id, kev) for spec in curated["families"]]
    for rule in curated.get("firmware_archives", []):
        if archives and rule["name"] in archives:
            archive = archives[rule["name"]]
            rows = archive.values() if isinstance(archive, dict) else archive
            entries += archive_entries(rows, rule)
    covered = {cve for entry in entries for a in entry["advisories"] for cve in a["cves"]}
    missing = _uncovered_kev(curated, kev_feed, covered)
    if missing:
        raise BuildError("camera KEV entries missing from the catalog: " + ", ".join(missing))
    catalog = {
        "catalog_version": version,
        "as_of": as_of,
        "sources": dict(sorted(sources.items())),
        "entries": entries,
    }
    try:
        validate_catalog(catalog)
    except CatalogError as err:
        raise BuildError(f"the built catalog is invalid: {err}") from err
    return catalog


def render(catalog: dict[str, Any]) -> str:
    """The catalog as the committed file spells it."""
    return json.dumps(catalog, indent=1, ensure_ascii=False) + "\n"


def _records(refs: Iterable[str], folders: Iterable[str]) -> list[dict[str, Any]]:
    paths: list[str | Path] = list(refs)
    for folder in folders:
        paths += sorted(Path(folder).glob("*.json"))
    return [load_json(path) for path in paths]


def _archives(pairs: list[str] | None) -> dict[str, Any]:
    if pairs is None:
        return {name: load_json(path) for name, path in DEFAULT_ARCHIVES.items()}
    chosen = dict(pair.split("=", 1) for pair in pairs)
    return {name: load_json(path) for name, path in chosen.items()}


def main(argv: Sequence[str] | None = None) -> int:
    """Command line of scripts/update-catalog; 0 on success, 1 on --check drift, 2 on error."""
    parser = argparse.ArgumentParser(prog="update-catalog", description=__doc__.split("\n")[0])
    parser.add_argument("--curated", default=str(DEFAULT_CURATED))
    parser.add_argument("--kev", default=str(DEFAULT_KEV), help="KEV JSON feed, file or URL")
    parser.add_argument("--cve", action="append", default=[], help="a CVE JSON 5 record")
    parser.add_argument("--cve-dir", action="append", default=None, help="folder of records")
    parser.add_argument(
        "--archive",
        action="append",
        default=None,
        metavar="NAME=FILE",
        help="a vendor download-centre archive named in curated.json (default: the committed ones)",
    )
    parser.add_argument("--no-archives", action="store_true")
    parser.add_argument("--output", default=str(DEFAULT_OUTPUT))
    parser.add_argument("--check", action="store_true", help="compare, do not write")
    args = parser.parse_args(argv)
    folders = [str(DEFAULT_CVE_DIR)] if args.cve_dir is None else args.cve_dir
    try:
        catalog = build(
            load_json(args.curated),
            load_json(args.kev),
            _records(args.cve, folders),
            {} if args.no_archives else _archives(args.archive),
        )
    except (BuildError, OSError, ValueError, KeyError) as err:
        sys.stderr.write(f"update-catalog: {err}\n")
        return 2
    text = render(catalog)
    output = Path(args.output)
    if args.check:
        same = output.exists() and output.read_text(encoding="utf-8") == text
        verdict = "is what its inputs make" if same else "differs from what its inputs make"
        sys.stdout.write(f"{output} {verdict}\n")
        return 0 if same else 1
    output.write_text(text, encoding="utf-8")
    count, version = len(catalog["entries"]), catalog["catalog_version"]
    sys.stdout.write(f"wrote {output}: {count} entries, version {version}\n")
    return 0


if __name__ == "__main__":  # pragma: no cover - exercised through scripts/update-catalog
    sys.exit(main())
