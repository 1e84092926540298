"""Firmware verdicts from the bundled advisory catalog.

Honest verdicts only: a model the catalog does not know gets None for every
firmware fact (unknown, never "up to date"); a known model whose firmware string
cannot be parsed gets None as well.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from functools import cache, lru_cache
from importlib import resources
from typing import Any

from ..models import Advisory
from .model_names import folded, literal_name
from .schema import validate
from .versions import FirmwareVersion, build_day, compare, parse, reolink_build_day

# Brand or manufacturer names -> the vendor family the catalog files them under.
VENDOR_ALIASES = {
    "amcrest": "dahua",
    "dahuatechnology": "dahua",
    "samsung": "hanwha",
    "samsungtechwin": "hanwha",
    "hanwhatechwin": "hanwha",
    "hanwhavision": "hanwha",
    "wisenet": "hanwha",
    "axiscommunications": "axis",
    "axiscommunicationsab": "axis",
    "hikvisiondigitaltechnology": "hikvision",
    # As Milesight cameras answer ONVIF GetDeviceInformation (tests/fixtures/real/milesight).
    "milesighttechnologycoltd": "milesight",
    # Lorex sells Dahua-made devices: its NVR answers Dahua's CGI with a DHI- model
    # (tests/fixtures/real/lorex) and its W461ASC-E camera runs Dahua's 2.800.0000000 firmware
    # line (CVE-2024-52544). A Lorex model no Dahua-family entry names stays unknown.
    "lorex": "dahua",
    "lorextechnology": "dahua",
}


class CatalogError(ValueError):
    """The catalog file does not match its schema or holds an unparseable version."""


END_OF_LIFE = "end of life: no fix will come — replace the camera"
_UNREADABLE = "the installed firmware string is not one this vendor's version numbering reads"


@dataclass(frozen=True, slots=True)
class FirmwareVerdict:
    """What the catalog says about one installed firmware.

    `basis` names the catalog (version, as-of date) and, for a known model, the
    vendor advisory indexes it was built from: a "pass" only ever means "no
    catalogued advisory affects this firmware", so the evidence must say which.
    """

    known_model: bool
    firmware_up_to_date: bool | None
    latest_firmware: str | None
    advisories: tuple[Advisory, ...] | None
    eol: bool | None
    catalog_version: int
    basis: str = ""
    fixed_release: str | None = None
    latest_source: str | None = None
    # The installed firmware is newer than the latest release the source lists: the source
    # lags (a download page not yet updated), so "up to date" means "nothing newer known".
    ahead_of_source: bool = False
    # The board the latest release is listed for, when it is that board's own release.
    latest_hardware: str | None = None
    # The reported board, when the catalog lists the model's releases per board but not
    # for this one (hardware it does not describe).
    unlisted_hardware: str | None = None
    # The release the installed firmware is numbered one way round and built the other
    # against ("v3.1.0.956_24022103 (source as of ...)": a board's 956 rebuilt in 2024
    # against an installed 1162 of 2022), when that leaves "up to date" unknown.
    out_of_order_release: str | None = None
    # (version, source): the oldest firmware the model's sources describe, when the
    # installed one is older. Their ranges and releases can still show it affected or
    # outdated, never clear or current.
    described_from: tuple[str, str] | None = None
    # The firmware string is not one the vendor's version scheme reads.
    unreadable: bool = False
    # "version (source as of ...)": a lower bound of the latest release that the installed
    # firmware is at or above, so it cannot tell whether a newer release exists.
    lower_bound: str | None = None
    # The YYYY-MM-DD day the installed firmware says it was built, if its string tells:
    # an unknown verdict still tells the user how old the firmware is.
    built: str | None = None
    # Advisories whose range cannot be told for this firmware while others do affect it:
    # the fail stands on those, and the evidence names these as not told.
    untold: tuple[str, ...] = ()

    @property
    def evidence(self) -> str:
        """One secret-free sentence naming the catalog version used."""
        if not self.known_model:
            return f"model not in advisory catalog {self.basis}{self._built_note}"
        return f"advisory catalog {self.basis}"

    @property
    def up_to_date_evidence(self) -> str:
        """Why `firmware_up_to_date` is what it is, naming the source of "latest"."""
        if self.eol:
            return f"{END_OF_LIFE} ({self.evidence})"
        if self.fixed_release is not None and self.firmware_up_to_date is False:
            return f"{self.evidence}: a newer release exists ({self.fixed_release})"
        if self.known_model and self.firmware_up_to_date is None:
            return f"{self.evidence}: {self._not_known_why}{self._built_note}"
        if self.latest_firmware is not None:
            ahead = "; the installed firmware is newer than any release listed there"
            return (
                f"{self.evidence}: latest known release {self._listed}"
                f"{ahead * self.ahead_of_source}"
            )
        return self.evidence

    @property
    def _not_known_why(self) -> str:
        """Why a known model's "up to date" could not be told: the first reason that holds."""
        unknown = "so whether a newer release exists is not known"
        reasons = (
            self._not_judged,
            self.out_of_order_release
            and f"the release {self.out_of_order_release} is numbered and built in opposite"
            " order to the installed firmware, so which is newer is not known",
            self.latest_firmware
            and f"the latest known release {self._listed} is of another release line than"
            f" the installed firmware, {unknown}",
            self.unlisted_hardware
            and "its latest releases are listed per hardware version, none for hardware"
            f" {self.unlisted_hardware}, {unknown}",
            self.lower_bound
            and f"the latest release is known only as a lower bound ({self.lower_bound});"
            f" the installed firmware is at or above it, {unknown}",
            self.advisories is None
            and f"whether a catalogued fix is newer cannot be told: {self._untold_why}",
        )
        fallback = f"it names no latest release and no newer fix for this firmware, {unknown}"
        return next((reason for reason in reasons if reason), fallback)

    @property
    def _listed(self) -> str:
        """The latest release with its source, and the board it is listed for if any."""
        board = (
            "" if self.latest_hardware is None else f" listed for hardware {self.latest_hardware}"
        )
        return f"{self.latest_firmware}{board} ({self.latest_source})"

    @property
    def _predates(self) -> str:
        assert self.described_from is not None
        version, source = self.described_from
        return (
            f"its sources for this model describe firmware {version} and later: their"
            " silence neither clears the older installed firmware nor calls it current"
            f" (on older firmware: {source})"
        )

    @property
    def vulnerabilities_evidence(self) -> str:
        """Why `firmware_vulnerabilities` is what it is; a pass is bounded by the catalog."""
        prefix = f"{END_OF_LIFE}; " if self.eol else ""
        if self.advisories == ():
            return f"{prefix}no catalogued advisory affects this firmware ({self.evidence})"
        if self.advisories is None and self.known_model:
            return f"{prefix}{self.evidence}: {self._untold_why}{self._built_note}"
        if self.untold:
            return (
                f"{prefix}{self.evidence}; not told for this firmware: {', '.join(self.untold)}"
                f" ({self._untold_why})"
            )
        return f"{prefix}{self.evidence}"

    @property
    def _built_note(self) -> str:
        """How old the installed firmware is, for the sentences of an unknown verdict."""
        return "" if self.built is None else f"; the installed firmware was built on {self.built}"

    @property
    def _untold_why(self) -> str:
        """Why a known model's advisories could not be told."""
        return self._not_judged or (
            "an advisory's range cannot be told for this firmware (it needs a build date the"
            " version lacks, or its bound is on another release line or past the builds"
            " its source shows, or its source shows such firmware affected on some of these"
            " models without naming which)"
        )

    @property
    def _not_judged(self) -> str | None:
        """Why the catalog's silence says nothing of the installed firmware, if so."""
        if self.unreadable:
            return _UNREADABLE
        return None if self.described_from is None else self._predates


def _key(name: str) -> str:
    return re.sub(r"[^a-z0-9]", "", name.lower())


def vendor_family(name: str | None) -> str:
    """Normalise a vendor or manufacturer name ("Amcrest", "D-Link") to a catalog family.

    ONVIF's Manufacturer is free text: "HIKVISION", but also a company name such as
    "Dahua Technology Co., Ltd" or "Hanwha Vision Co., Ltd.". A name that is not itself
    a known alias is filed under its first word, so a brand followed by any company
    suffix finds its family; an unknown brand stays a family the catalog has no entry of.
    """
    key = _key(name or "")
    if key in VENDOR_ALIASES:
        return VENDOR_ALIASES[key]
    words = (name or "").split()
    first = _key(words[0]) if words else ""
    return VENDOR_ALIASES.get(first, first)


class Catalog:
    """A loaded, validated advisory catalog."""

    def __init__(self, data: dict[str, Any], schema: dict[str, Any]) -> None:
        """Validate `data` against `schema`, the cross-field rules and every version bound."""
        errors = validate(data, schema)
        if errors:
            raise CatalogError("; ".join(errors[:5]))
        self.version: int = data["catalog_version"]
        self.as_of: str = data["as_of"]
        self.sources: dict[str, dict[str, str]] = data["sources"]
        self.entries: list[dict[str, Any]] = data["entries"]
        # Most model patterns are exact names (a download-centre archive lists thousands):
        # those are looked up by name, and only real patterns are compiled and tried.
        self._names: dict[tuple[str, bool], list[int]] = {}
        self._patterns: list[tuple[int, re.Pattern[str]]] = []
        for index, entry in enumerate(self.entries):
            for pattern in entry["models"]:
                literal = literal_name(pattern)
                if literal is None:
                    self._patterns.append((index, re.compile(pattern, re.IGNORECASE)))
                else:
                    self._names.setdefault(literal, []).append(index)
        for index, entry in enumerate(self.entries):
            problem = _entry_problem(entry, self.sources)
            if problem is not None:
                raise CatalogError(f"$.entries[{index}]: {problem}")
            for bound in _version_bounds(entry):
                if parse(entry["scheme"], bound) is None:
                    raise CatalogError(f"$.entries[{index}]: unparseable version {bound!r}")

    def basis(self, families: set[str] | None = None) -> str:
        """The catalog version, its as-of date and the indexes of `families`, in words."""
        names = sorted((families or set()) & self.sources.keys())
        built = "; ".join(
            f"{self.sources[name]['name']} {self.sources[name]['index']}"
            f" as of {self.sources[name]['as_of']}"
            for name in names
        )
        return f"{self.version} (as of {self.as_of}" + (f"; built from {built})" if built else ")")

    def entries_for(self, families: set[str], model: str) -> list[dict[str, Any]]:
        """Catalog entries of these vendor families whose model patterns match `model`."""
        model = model.strip()
        found = {
            *self._names.get((model.casefold(), False), ()),
            *self._names.get((folded(model), True), ()),
        }
        found.update(index for index, p in self._patterns if p.fullmatch(model))
        return [
            self.entries[index]
            for index in sorted(found)
            if self.entries[index]["vendor"] in families
        ]

    def lookup(
        self,
        vendor: str | None,
        model: str,
        firmware: str,
        *,
        manufacturer: str = "",
        hardware: str = "",
    ) -> FirmwareVerdict:
        """Judge `firmware` on `model` from vendor family `vendor` (or its manufacturer).

        `hardware` is the board or hardware id the device reports: a latest release listed
        for exactly that board is used instead of the model-wide ones.
        """
        families = {vendor_family(vendor), vendor_family(manufacturer)} - {""}
        entries = self.entries_for(families, model) if model and len(model) <= 120 else []
        if not entries:
            days = (build_day(family, parse(family, firmware)) for family in sorted(families))
            built = next(filter(None, days), None)
            return FirmwareVerdict(
                False, None, None, None, None, self.version, self.basis(), built=built
            )
        basis = self.basis({entry["vendor"] for entry in entries} | {"kev"})
        scheme = entries[0]["scheme"]
        installed = parse(scheme, firmware)
        eol = any(entry["eol"] for entry in entries)
        if installed is None:
            # The version cannot be read, but "all versions" and "end of life" need none.
            every = all(
                rng.get("all") for e in entries for a in e["advisories"] for rng in a["affected"]
            )
            advisories = _advisories(scheme, FirmwareVersion("", ()), entries)[0] if every else None
            return FirmwareVerdict(
                True, False if eol else None, None, advisories, eol, self.version, basis,
                unreadable=True,
            )  # fmt: skip
        order, latest = _latest_release(scheme, installed, entries, hardware)
        out_of_order = (
            order is not None
            and latest is not None
            and _built_the_other_way(scheme, installed, latest["version"], order)
        )
        up_to_date = None if order is None or out_of_order else order >= 0
        contradicted = _cited(latest) if out_of_order and latest is not None else None
        advisories, fixed, untold = _advisories(scheme, installed, entries)
        lower_bound = None
        if latest is not None and latest.get("minimum"):
            # Only a lower bound of the latest release (every hardware version of the
            # model has one at least this new): it can prove "old", never "current".
            if up_to_date is False and fixed is None:
                fixed = f"{latest['version']}, {latest['source']} as of {latest['as_of']}"
            if up_to_date:
                lower_bound = _cited(latest)
            up_to_date, latest = (False if up_to_date is False else None), None
        if fixed is not None:
            # A catalogued fix above the installed firmware: a newer release exists.
            up_to_date = False
        if eol:
            # No fix will come, whatever the installed version.
            up_to_date = False
        ahead = bool(up_to_date) and latest is not None and order == 1
        if ahead and latest is not None and _other_line(scheme, installed, latest["version"]):
            # Newer than the listed release, but on another release line (5.7.18 against
            # a 5.5.820 listed for the model's older hardware platform): the source does
            # not describe this hardware, so it cannot tell whether a newer release exists.
            up_to_date, ahead = None, False
        described = _described_from(scheme, installed, entries)
        if described is not None:
            # Firmware older than its sources describe: ranges and releases starting later
            # can still show it affected or outdated, but their silence clears nothing.
            advisories = advisories or None
            if up_to_date:
                up_to_date, latest, ahead = None, None, False
        return FirmwareVerdict(
            True,
            up_to_date,
            None if latest is None else latest["version"],
            advisories,
            eol,
            self.version,
            basis,
            fixed,
            None if latest is None else f"{latest['source']} as of {latest['as_of']}",
            ahead,
            None if latest is None else latest.get("hardware"),
            _unlisted_board(entries, hardware),
            contradicted if up_to_date is None else None,
            described,
            lower_bound=lower_bound if up_to_date is None else None,
            built=build_day(scheme, installed),
            untold=untold,
        )


def validate_catalog(data: Any) -> Catalog:
    """A catalog document (e.g. a downloaded feed) checked against the bundled schema.

    Raises CatalogError naming the first problems when it is not a valid catalog.
    """
    if not isinstance(data, dict):
        raise CatalogError("$: expected object")
    return Catalog(data, bundled_files()[1])


def _entry_problem(entry: dict[str, Any], sources: dict[str, Any]) -> str | None:
    """A cross-field rule the schema cannot express, broken by `entry` (None: fine)."""
    if entry["vendor"] not in sources:
        return f"vendor {entry['vendor']!r} has no advisory index in sources"
    if entry["eol"] != ("eol_source" in entry):
        return "eol_source must be given exactly when eol is true"
    for advisory in entry["advisories"]:
        if advisory["kev"] != (advisory["kev_date_added"] is not None):
            return f"{advisory['cves'][0]}: kev_date_added must be set exactly when kev is true"
        if any("built_from" in rng and "built_before" not in rng for rng in advisory["affected"]):
            return f"{advisory['cves'][0]}: built_from needs built_before (a build-time window)"
        if any(
            "later_unknown" in rng and "last_affected" not in rng for rng in advisory["affected"]
        ):
            return f"{advisory['cves'][0]}: later_unknown needs last_affected"
    return None


def bundled_files() -> tuple[dict[str, Any], dict[str, Any]]:
    """The raw catalog and schema shipped with the integration."""
    folder = resources.files(__package__)
    data = json.loads(folder.joinpath("catalog.json").read_text(encoding="utf-8"))
    schema = json.loads(folder.joinpath("schema.json").read_text(encoding="utf-8"))
    return data, schema


@cache
def bundled_catalog() -> Catalog:
    """The catalog shipped with the integration (loaded and validated once)."""
    return Catalog(*bundled_files())


def catalog_from_json(raw: bytes | str) -> Catalog:
    """A catalog from JSON text (e.g. the published feed); see validate_catalog.

    Raises CatalogError on anything that is not a valid catalog, bad JSON included.
    """
    try:
        data = json.loads(raw)
    except ValueError, RecursionError:
        raise CatalogError("not JSON") from None
    return validate_catalog(data)


def is_newer(candidate: Catalog, current: Catalog) -> bool:
    """Whether `candidate` is a strictly newer catalog release than `current`."""
    return candidate.version > current.version


def lookup(
    vendor: str | None, model: str, firmware: str, *, manufacturer: str = "", hardware: str = ""
) -> FirmwareVerdict:
    """Judge firmware against the bundled catalog (see Catalog.lookup)."""
    return bundled_catalog().lookup(
        vendor, model, firmware, manufacturer=manufacturer, hardware=hardware
    )


def _cited(release: dict[str, Any]) -> str:
    """A latest release as evidence names it: "v3.1.0.956_24022103 (source as of date)"."""
    return f"{release['version']} ({release['source']} as of {release['as_of']})"


def _version_bounds(entry: dict[str, Any]) -> list[str]:
    bounds = [release["version"] for release in entry["latest"]]
    bounds += [entry["versions_from"]["version"]] if "versions_from" in entry else []
    bounds += [release["track_from"] for release in entry["latest"] if "track_from" in release]
    for advisory in entry["advisories"]:
        bounds += [advisory["update"]] if "update" in advisory else []
        for rng in advisory["affected"]:
            bounds += [rng[key] for key in ("introduced", "fixed", "last_affected") if key in rng]
    return bounds


def _described_from(
    scheme: str, installed: FirmwareVersion, entries: list[dict[str, Any]]
) -> tuple[str, str] | None:
    """An entry's `versions_from` when `installed` is older than the firmware it describes."""
    for entry in entries:
        start = entry.get("versions_from")
        if start is not None and compare(installed, _parsed(scheme, start["version"])) == -1:
            return start["version"], start["source"]
    return None


@lru_cache(maxsize=8192)
def _parsed(scheme: str, text: str) -> FirmwareVersion:
    """A catalog bound or release, parsed once: lookups compare the same strings each audit."""
    version = parse(scheme, text)
    assert version is not None  # checked when the catalog was loaded
    return version


def _latest_release(
    scheme: str, installed: FirmwareVersion, entries: list[dict[str, Any]], hardware: str
) -> tuple[int | None, dict[str, Any] | None]:
    """The latest release of the installed firmware's track, and the firmware against it.

    The order is -1 (older), 0 (the same) or 1 (newer); None when it cannot be told or no
    release is known. Where several releases cover the track, the newest decides.
    """
    releases = [r for entry in entries for r in _releases_for(entry, hardware)]
    best: tuple[FirmwareVersion | None, dict[str, Any]] | None = None
    for release in releases:
        # The release of the installed track: the highest track start at or below it; a
        # release without a track covers every version of the model.
        start = _parsed(scheme, release["track_from"]) if "track_from" in release else None
        if start is not None and compare(start, installed) not in (-1, 0):
            continue
        if best is None or _better(scheme, (start, release), best):
            best = (start, release)
    if best is None:
        return None, None
    return compare(installed, _parsed(scheme, best[1]["version"])), best[1]


def _releases_for(entry: dict[str, Any], hardware: str) -> list[dict[str, Any]]:
    """The entry's latest releases that speak for a device reporting `hardware`.

    An entry listing boards (a download centre's per-board newest releases) speaks for a
    reported board only through that board's own release: the model-wide one is coarser,
    and a board it does not list is hardware it does not describe. Without a reported
    board, or from an entry listing none, the model-wide releases apply.
    """
    board = hardware.strip().casefold()
    boards = [r for r in entry["latest"] if "hardware" in r]
    if board and boards:
        return [r for r in boards if r["hardware"].casefold() == board]
    return [r for r in entry["latest"] if "hardware" not in r]


def _unlisted_board(entries: list[dict[str, Any]], hardware: str) -> str | None:
    """The reported board when the entries list boards and none of them is it."""
    board = hardware.strip()
    listed = {r["hardware"].casefold() for e in entries for r in e["latest"] if "hardware" in r}
    return board if board and listed and board.casefold() not in listed else None


def _better(
    scheme: str,
    candidate: tuple[FirmwareVersion | None, dict[str, Any]],
    best: tuple[FirmwareVersion | None, dict[str, Any]],
) -> bool:
    """Whether `candidate` is of a later track than `best`, or its track's newer release.

    A release naming its track start is more specific than one covering every version.
    """
    start, best_start = candidate[0], best[0]
    if start is not None and (best_start is None or compare(start, best_start) == 1):
        return True
    same = start is best_start is None or (
        start is not None and best_start is not None and compare(start, best_start) == 0
    )
    version, best_version = candidate[1]["version"], best[1]["version"]
    return same and compare(_parsed(scheme, version), _parsed(scheme, best_version)) == 1


def _built_the_other_way(scheme: str, installed: FirmwareVersion, listed: str, order: int) -> bool:
    """Whether the build days of `installed` and the `listed` release contradict `order`.

    Reolink rebuilds an older release for a board (v3.1.0.956_24022103, listed for
    IPC_523128M8MP beside the 956_22041503 of 2022) while devices run a higher-numbered
    build of 2022: neither the number nor the day then says which is newer.
    """
    if scheme != "reolink" or order == 0:
        return False
    day, listed_day = reolink_build_day(installed), reolink_build_day(_parsed(scheme, listed))
    if day is None or listed_day is None or day == listed_day:
        return False
    return (day > listed_day) != (order > 0)


def _other_line(scheme: str, installed: FirmwareVersion, listed: str) -> bool:
    """Whether `installed` and the `listed` release differ in their first two numbers.

    Vendors number a hardware platform's firmware line by them (Hikvision 5.5 and 5.7,
    Reolink v3.0 and v3.1): a release of one line says nothing about the other's latest.
    """
    release = _parsed(scheme, listed)
    return (
        len(installed.numbers) >= 2
        and len(release.numbers) >= 2
        and installed.numbers[:2] != release.numbers[:2]
    )


# Schemes whose vendors rebuild a revision under the same version: Amcrest's 2.420.AC00.18.R
# ran built 2019-07-29 on a real IP2M-841 (tests/fixtures/real/identities.tsv) and was rebuilt
# 2020-02-17 as CVE-2020-5735's first fixed build. A bound naming a build date then says
# nothing of that revision reported without one: neither "affected" nor "fixed".
_REBUILT_REVISIONS = frozenset({"dahua"})
_BOUNDS = (("introduced", (0, 1)), ("fixed", (-1,)), ("last_affected", (-1, 0)))

# Schemes whose release lines carry tags a source may write and a device may not report
# (Milesight's records name builds "T_45.8.0.3-r9", "63.8.0.4-r1-NX"): an installed build on
# another line than a range's bound may be that very build, so it is not told, never cleared.
_TAGGED_LINES = frozenset({"milesight"})


def _in_range(scheme: str, installed: FirmwareVersion, rng: dict[str, Any]) -> bool | None:
    """Whether `installed` lies in one affected range; None when it cannot be told."""
    if rng.get("all"):
        return True
    window = _in_build_window(installed, rng)
    if window is not True:
        return window
    if rng.get("later_unknown") and compare(installed, _parsed(scheme, rng["last_affected"])) == 1:
        # The source shows that build affected and says nothing of later ones on its line.
        return None
    bounds = [(_parsed(scheme, rng[key]), wanted) for key, wanted in _BOUNDS if key in rng]
    if scheme in _TAGGED_LINES and any(compare(installed, bound) is None for bound, _ in bounds):
        return None
    if (
        scheme in _REBUILT_REVISIONS
        and installed.build is None
        and any(bound.build is not None and compare(installed, bound) == 0 for bound, _ in bounds)
    ):
        return None
    # A bound on another release line says nothing about this one: not in this range.
    inside = all(compare(installed, bound) in wanted for bound, wanted in bounds)
    # The source shows such firmware affected on some models of the entry without saying
    # which (CVE-2021-36260's researcher names firmware types, not models): not told.
    return None if inside and rng.get("unconfirmed") else inside


def _in_build_window(installed: FirmwareVersion, rng: dict[str, Any]) -> bool | None:
    """Whether the build date lies in the range's build-time bounds (True without any)."""
    if "built_before" not in rng:
        return True
    if installed.build is None or installed.build < 19000101:
        return None
    if installed.build >= _date_bound(rng["built_before"]):
        return False
    # A record naming a build-time window (CVE-2022-30564: "Build time between ...").
    return "built_from" not in rng or installed.build >= _date_bound(rng["built_from"])


def _date_bound(text: str) -> int:
    """A range's YYYY-MM-DD bound as the YYYYMMDD number builds are compared with."""
    return int(text.replace("-", ""))


def _update_above(scheme: str, installed: FirmwareVersion, update: str | None) -> bool:
    """Whether the build an advisory says to update to is newer than `installed`.

    Without one named, the advisory's fix is taken as newer. A record may list its update
    build as affected too (ICSA-26-113-03: 61.8.0.5-r2 for the -PE series): installed,
    that build has no newer release the record knows of.
    """
    return update is None or compare(installed, _parsed(scheme, update)) == -1


def _fixed_above(scheme: str, installed: FirmwareVersion, rng: dict[str, Any]) -> str | None:
    """The range's first fixed release when it is newer than `installed` on its line."""
    if "fixed" in rng and compare(installed, _parsed(scheme, rng["fixed"])) == -1:
        return str(rng["fixed"])
    if "built_before" in rng:
        return f"built on or after {rng['built_before']}"
    return None


def _on_unlisted_line(scheme: str, installed: FirmwareVersion, advisory: dict[str, Any]) -> bool:
    """Whether `installed` is on a release line no range names, which the advisory leaves open.

    A record calling every build before each listed line's first fix affected (CVE-2020-5735:
    "Amcrest cameras and NVR", "before" six builds) says nothing of a line it does not list.
    """
    if not advisory.get("unlisted_lines_unknown"):
        return False
    orders = [
        compare(installed, _parsed(scheme, rng[key]))
        for rng in advisory["affected"]
        for key, _ in _BOUNDS
        if key in rng
    ]
    return bool(orders) and all(order is None for order in orders)


def _advisories(
    scheme: str, installed: FirmwareVersion, entries: list[dict[str, Any]]
) -> tuple[tuple[Advisory, ...] | None, str | None, tuple[str, ...]]:
    """The advisories affecting `installed`, one newer fix, and the CVEs not told.

    Advisories are None (cannot be told) when some cannot be told and none affects it; when
    one does, the fail stands on it and the others are named as not told.
    """
    found: dict[str, Advisory] = {}
    fixed: str | None = None
    # CVEs whose ranges cannot place this firmware (an unconfirmed range among them).
    untold: list[str] = []
    for entry in entries:
        for advisory in entry["advisories"]:
            placed = [(rng, _in_range(scheme, installed, rng)) for rng in advisory["affected"]]
            hits = [rng for rng, inside in placed if inside]
            if not hits:
                unplaced = any(inside is None for _, inside in placed)
                if unplaced or _on_unlisted_line(scheme, installed, advisory):
                    untold += [cve for cve in advisory["cves"] if cve not in untold]
                continue
            fixes = [f for f in (_fixed_above(scheme, installed, rng) for rng in hits) if f]
            update = advisory.get("update")
            if not fixes and advisory["fixed_in"] and _update_above(scheme, installed, update):
                # "... and earlier" advisories name no version, but say a fix was released.
                fixes = [advisory["fixed_in"]]
            if fixes and fixed is None:
                fixed = f"{fixes[0]}, fixing {advisory['cves'][0]}"
            for cve in advisory["cves"]:
                found[cve] = Advisory(
                    cve=cve,
                    kev=advisory["kev"],
                    summary=advisory["summary"],
                    source=advisory["source"],
                    fixed_in=advisory["fixed_in"],
                    kev_date_added=advisory["kev_date_added"],
                )
    if untold and not found:
        return None, None, ()
    told = tuple(cve for cve in sorted(untold) if cve not in found)
    return tuple(found[cve] for cve in sorted(found)), fixed, told
