"""Real devices' identities (tests/fixtures/real/identities.tsv) and how the catalog judges them.

`./scripts/run python -m tests.real.identities` prints, per adapter, how many of them the
bundled catalog judges (either firmware check passes or fails): a measure of its reach
on devices people own, beside the replays (tests/real/test_replays.py).
"""

from __future__ import annotations

import sys
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from custom_components.camera_posture.posture.advisories.lookup import bundled_catalog
from custom_components.camera_posture.posture.audit import judge_firmware
from custom_components.camera_posture.posture.checks import evaluate
from custom_components.camera_posture.posture.models import CheckResult, DeviceInfo, Facts

FIRMWARE_CHECKS = ("firmware_up_to_date", "firmware_vulnerabilities")
FILE = Path(__file__).parent.parent / "fixtures" / "real" / "identities.tsv"


@dataclass(frozen=True, slots=True)
class Identity:
    """One device's identity as it reported it, and where that was published."""

    adapter: str
    model: str
    firmware: str
    manufacturer: str
    hardware: str
    source: str

    @property
    def name(self) -> str:
        board = f" [{self.hardware}]" if self.hardware else ""
        return f"{self.adapter} {self.model} {self.firmware}{board}"

    def results(self) -> dict[str, CheckResult]:
        """The two firmware checks as an audit of this device reports them."""
        device = DeviceInfo(
            self.manufacturer, self.model, self.firmware, "", hardware_id=self.hardware
        )
        facts = Facts(vendor=self.adapter, device=device)
        judge_firmware(facts, device, bundled_catalog())
        results = evaluate(facts)
        return {check: results[check] for check in FIRMWARE_CHECKS}


def identities() -> list[Identity]:
    lines = FILE.read_text(encoding="utf-8").splitlines()
    return [Identity(*line.split("\t")) for line in lines if line and not line.startswith("#")]


def judged(results: dict[str, CheckResult]) -> bool:
    return any(result.status.value != "unknown" for result in results.values())


def main() -> None:
    rows = identities()
    total, judged_by = Counter[str](), Counter[str]()
    for row in rows:
        total[row.adapter] += 1
        judged_by[row.adapter] += judged(row.results())
    for adapter in sorted(total):
        sys.stdout.write(f"{adapter}: {judged_by[adapter]} of {total[adapter]} judged\n")
    sys.stdout.write(f"all: {sum(judged_by.values())} of {len(rows)} judged\n")


if __name__ == "__main__":
    main()
