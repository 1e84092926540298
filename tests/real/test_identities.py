"""The bundled catalog's verdicts on real devices' identities (tests/fixtures/real/identities.tsv).

The snapshot holds every identity's two firmware verdicts: a catalog change that alters
one shows up there for review, not silently.
"""

from __future__ import annotations

import re

from syrupy.assertion import SnapshotAssertion

from custom_components.camera_posture.posture.advisories.lookup import bundled_catalog

from .identities import identities

# A stored device answer (repository@commit:path) or the issue/page its owner quoted it in.
_SOURCE = re.compile(r"[\w.-]+/[\w.-]+@[0-9a-f]{40}:\S+|https://\S+")


def test_every_identity_is_whole_and_cites_its_source() -> None:
    rows = identities()
    assert len(rows) == len({(r.adapter, r.model, r.firmware, r.hardware) for r in rows})
    for row in rows:
        assert row.adapter in {"hikvision", "dahua", "axis", "reolink", "hanwha", "onvif"}
        assert row.model, row
        assert row.firmware, row
        assert _SOURCE.fullmatch(row.source), row.source


def test_verdicts_on_real_identities(snapshot: SnapshotAssertion) -> None:
    verdicts = {
        row.name: ", ".join(f"{check}: {r.status.value}" for check, r in row.results().items())
        for row in identities()
    }
    assert verdicts == snapshot


def test_every_verdict_names_what_it_was_judged_by() -> None:
    catalog = bundled_catalog()
    for row in identities():
        results = row.results()
        verdict = catalog.lookup(
            row.adapter, row.model, row.firmware,
            manufacturer=row.manufacturer, hardware=row.hardware,
        )  # fmt: skip
        for result in results.values():
            # Every verdict names the catalog version it was judged with.
            assert f"advisory catalog {catalog.version}" in result.evidence, row.name
            if result.status.value != "unknown":
                # A pass or fail names a source, or bounds itself by the catalog.
                assert "https://" in result.evidence or "no catalogued advisory" in (
                    result.evidence
                ), (row.name, result.evidence)
            elif verdict.known_model:
                # An unknown verdict on a known model says why, beyond the catalog's basis.
                assert result.evidence.startswith(f"{verdict.evidence}: "), row.name
