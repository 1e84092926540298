"""Generic ONVIF adapter: the fallback when no vendor API answers (detected last).

Everything here goes through the ONVIF device service: the clock (no credentials),
identity, time source and network protocols. Whether protected calls answer
without credentials is the audit's onvif_anonymous probe, common to every vendor.
"""

from __future__ import annotations

from contextlib import suppress
from dataclasses import replace
from typing import ClassVar

from ..errors import CannotConnect, InvalidAuth, UnusableAnswer
from ..models import Facts, mac_address
from ..transport.onvif import OnvifClient, SystemDateAndTime
from .base import AuditContext, VendorAdapter, onvif_client

# Factory accounts per manufacturer, matched on the lower-cased Manufacturer that
# GetDeviceInformation reports (sources: camera-apis.md). Only used to recognise the
# configured credentials as a default: never sent as a guess.
WELL_KNOWN_DEFAULTS: dict[str, dict[str, str]] = {
    "hikvision": {"admin": "12345"},
    "dahua": {"admin": "admin"},
    "amcrest": {"admin": "admin"},
    "axis": {"root": "pass"},
    "hanwha": {"admin": "4321"},
    "samsung": {"admin": "4321"},
    "wisenet": {"admin": "4321"},
    "foscam": {"admin": ""},
    "reolink": {"admin": ""},
}


def known_defaults(manufacturer: str) -> dict[str, str]:
    """Factory accounts of the manufacturer named (empty when it is not known)."""
    name = manufacturer.lower()
    return next((accounts for key, accounts in WELL_KNOWN_DEFAULTS.items() if key in name), {})


class OnvifAdapter(VendorAdapter):
    """Any camera whose ONVIF device service answers; used when no vendor API matched."""

    vendor: ClassVar[str] = "onvif"
    detect_order: ClassVar[int] = 99

    @classmethod
    async def detect(cls, ctx: AuditContext) -> bool:
        """Yes when the device service answers GetSystemDateAndTime (no credentials)."""
        try:
            await onvif_client(ctx, credentials=False).get_system_date_and_time()
        except InvalidAuth:
            return False
        return True

    async def collect(self, ctx: AuditContext, facts: Facts) -> None:
        """Clock, identity, time source, plain-HTTP access, defaults (anonymity: a probe)."""
        onvif = onvif_client(ctx)
        # The clock first: its offset shifts every WS-Security token that follows.
        clock = await _clock(onvif, facts)
        if clock.utc is not None:
            facts.note("clock_offset_s", onvif.clock_offset_s, "ONVIF GetSystemDateAndTime")
        try:
            device = await onvif.get_device_information()
        except InvalidAuth:
            ctx.login_failures += 1
            raise
        if not device.serial:
            # Without a serial the MAC is the only stable identity the camera offers.
            # Optional: a camera without GetNetworkInterfaces keeps an empty MAC.
            with suppress(InvalidAuth, CannotConnect):
                device = replace(device, mac=mac_address(await onvif.get_mac()))
        facts.device = device
        await _time_source(onvif, clock.ntp, facts)
        await _plain_http(onvif, facts)
        _note_defaults(ctx, facts, device.manufacturer)
        # ONVIF has no cloud/P2P setting: without a vendor API this stays unknown.
        facts.tried("cloud_access", "ONVIF has no cloud/P2P setting and no vendor API answered")


async def _clock(onvif: OnvifClient, facts: Facts) -> SystemDateAndTime:
    """The camera's clock, or none when the camera answered but not with its clock.

    Identity does not depend on it: without the camera's time the tokens carry ours, and
    the time facts stay unknown instead of the whole audit failing. Only an answer counts:
    a camera that does not answer at all gets no credentials (the audit ends here, as it
    did before), and a rejected token still ends the audit with no retry.
    """
    try:
        return await onvif.get_system_date_and_time()
    except UnusableAnswer as err:
        for fact in ("clock_offset_s", "ntp_enabled"):
            facts.tried(fact, f"ONVIF {err}")
        return SystemDateAndTime(None, None)


def _note_defaults(ctx: AuditContext, facts: Facts, manufacturer: str) -> None:
    """Only the configured pair can be judged: ONVIF shows no other account's password."""
    defaults = known_defaults(manufacturer)
    user = ctx.target.username
    if user in defaults and defaults[user] == ctx.target.password:
        facts.note(
            "default_password",
            True,
            f"the configured account is the {manufacturer} factory default",
        )
        return
    known = "is not the factory pair" if defaults else "has no known factory pair"
    facts.tried(
        "default_password",
        f"configured account {known} for {manufacturer or 'this manufacturer'}; "
        "ONVIF cannot check other accounts without guessing passwords",
    )


async def _time_source(onvif: OnvifClient, ntp: bool | None, facts: Facts) -> None:
    # DateTimeType says how the clock is set; GetNTP only adds where servers come from.
    if ntp is None:
        return
    evidence = "ONVIF GetSystemDateAndTime DateTimeType"
    try:
        info = await onvif.get_ntp()
    except CannotConnect, InvalidAuth:
        pass
    else:
        source = "DHCP" if info.from_dhcp else "manual"
        evidence += f"; GetNTP: {source} servers ({info.manual_servers + info.dhcp_servers} set)"
    facts.note("ntp_enabled", ntp, evidence)


async def _plain_http(onvif: OnvifClient, facts: Facts) -> None:
    # Only a camera that says HTTP is enabled proves the point; the reverse claim is not
    # trusted (we may be talking to it over plain HTTP right now).
    try:
        protocols = await onvif.get_network_protocols()
    except CannotConnect, InvalidAuth:
        return
    if any(p.name.upper() == "HTTP" and p.enabled for p in protocols):
        facts.note("https_only", False, "ONVIF GetNetworkProtocols: HTTP enabled")
