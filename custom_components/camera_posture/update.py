"""Firmware update entity: installed vs latest known release (read-only, never installs).

It puts camera firmware into Settings -> Updates the way Home Assistant's own vendor
integrations do, but only reports: it has no INSTALL feature, since the integration
never writes to a camera. The summary and release notes list the CVEs affecting the
installed firmware, known-exploited ones (CISA KEV) first.
"""

from __future__ import annotations

from typing import override

from homeassistant.components.update import (
    UpdateDeviceClass,
    UpdateEntity,
    UpdateEntityDescription,
    UpdateEntityFeature,
)
from homeassistant.core import HomeAssistant
from homeassistant.helpers.entity_platform import AddConfigEntryEntitiesCallback

from .coordinator import CameraPostureConfigEntry
from .entity import CameraPostureEntity
from .posture.models import Advisory, Facts

# The coordinator serialises audits; entities only read its data.
PARALLEL_UPDATES = 0
# The frontend shows at most 255 characters of the release summary.
SUMMARY_MAX = 255
# "Latest version" of an outdated camera whose next release has no known number.
END_OF_LIFE = "end of life"
NEWER_UNNAMED = "newer release"

FIRMWARE = UpdateEntityDescription(
    key="firmware", translation_key="firmware", device_class=UpdateDeviceClass.FIRMWARE
)


async def async_setup_entry(
    hass: HomeAssistant,
    entry: CameraPostureConfigEntry,
    async_add_entities: AddConfigEntryEntitiesCallback,
) -> None:
    """Add the firmware entity of one camera."""
    async_add_entities([FirmwareUpdate(entry.runtime_data, FIRMWARE)])


def ranked(advisories: tuple[Advisory, ...] | None) -> list[Advisory]:
    """Advisories with known-exploited (KEV) ones first, each group in CVE order."""
    return sorted(advisories or (), key=lambda a: (not a.kev, a.cve))


def release_summary(facts: Facts) -> str | None:
    """One short paragraph: end of life, exploited CVEs, other CVEs, the camera's check."""
    parts: list[str] = []
    if facts.firmware_eol:
        parts.append("End of life: no fix will come, replace the camera.")
    advisories = ranked(facts.advisories)
    exploited = [a.cve for a in advisories if a.kev]
    other = [a.cve for a in advisories if not a.kev]
    if exploited:
        parts.append(f"Known exploited: {', '.join(exploited)}.")
    if other:
        parts.append(f"Vulnerable to: {', '.join(other)}.")
    update = facts.camera_update
    if update is not None and update.available:
        parts.append("The camera's own update check reports newer firmware.")
    text = " ".join(parts)
    if len(text) > SUMMARY_MAX:
        text = text[: SUMMARY_MAX - 1] + "…"
    return text or None


def release_notes(facts: Facts) -> str | None:
    """Markdown: each CVE with its summary, fix and source, known-exploited first."""
    lines: list[str] = []
    if facts.firmware_eol:
        lines.append("**End of life**: the vendor ships no more fixes for this model.\n")
    for advisory in ranked(facts.advisories):
        flag = " **(known exploited, CISA KEV)**" if advisory.kev else ""
        fixed = f" Fixed in {advisory.fixed_in}." if advisory.fixed_in else ""
        lines.append(
            f"- [{advisory.cve}]({advisory.source}){flag}: {advisory.summary.rstrip('.')}.{fixed}"
        )
    evidence = facts.evidence.get("firmware_up_to_date")
    if evidence:
        lines.append(f"\nSource: {evidence}.")
    return "\n".join(lines) if lines else None


class FirmwareUpdate(CameraPostureEntity, UpdateEntity):
    """Firmware currency from the advisory catalog. No install: we never write to cameras."""

    # RELEASE_NOTES only: no INSTALL, no PROGRESS, no BACKUP.
    _attr_supported_features = UpdateEntityFeature.RELEASE_NOTES

    @property
    @override
    def installed_version(self) -> str | None:
        return self.coordinator.data.device.firmware or None

    @property
    @override
    def latest_version(self) -> str | None:
        facts = self.coordinator.data.facts
        if facts.latest_firmware:
            return facts.latest_firmware
        # Known to be current without a version string: latest is what runs.
        if facts.firmware_up_to_date is True:
            return self.installed_version
        if facts.firmware_up_to_date is False:
            # Known to be outdated, but no release to name (end of life, a catalogued
            # fix, the camera's own check): still listed in Settings -> Updates, with
            # the summary saying why, rather than "unknown" with an empty dialog.
            return END_OF_LIFE if facts.firmware_eol else NEWER_UNNAMED
        return None

    @override
    def version_is_newer(self, latest_version: str, installed_version: str) -> bool:
        # The engine compared them with the vendor's own version scheme; AwesomeVersion
        # does not know "V5.4.0 build 160530" or "2.420.AC00.17.R,build:2019-07-12".
        return self.coordinator.data.facts.firmware_up_to_date is False

    @property
    @override
    def release_summary(self) -> str | None:
        return release_summary(self.coordinator.data.facts)

    @property
    @override
    def release_url(self) -> str | None:
        # The most pressing advisory: a known-exploited one when there is one.
        for advisory in ranked(self.coordinator.data.facts.advisories):
            if advisory.source.startswith("https://"):
                return advisory.source
        return None

    @override
    async def async_release_notes(self) -> str | None:
        return release_notes(self.coordinator.data.facts)
